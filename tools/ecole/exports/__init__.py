"""Exports for republishers, written into the built site under ``exports/``.

Each export reads the same :class:`~ecole.model.structure.Curriculum` as the site, and
declares the files it writes (see :mod:`.plan`), which the download page lists.
"""

from __future__ import annotations

import time
from pathlib import Path

from ..errors import BuildFailed
from ..model.structure import Curriculum
from . import booklets, canvases, catalogue, offline, programmes, quiz_banks, scorm
from .plan import Export, ExportFile

#: Every export, in the order of the download page; a new export adds its ``EXPORT`` here.
#: The offline copy packs the files of the others: it stays last.
EXPORTS: tuple[Export, ...] = (
    catalogue.EXPORT, scorm.EXPORT, quiz_banks.EXPORT, booklets.EXPORT, programmes.EXPORT, canvases.EXPORT, offline.EXPORT,
)  # fmt: skip


def planned_files(curriculum: Curriculum) -> list[tuple[Export, list[ExportFile]]]:
    """Each export with the files it will write under ``exports/``, before any is written."""
    return [(export, export.files(curriculum)) for export in EXPORTS]


def write_exports(curriculum: Curriculum, site: Path) -> dict[str, float]:
    """Write every export into ``site/exports``; return seconds per export.

    Raise :class:`BuildFailed` naming the export that failed."""
    timings: dict[str, float] = {}
    for export in EXPORTS:
        started = time.perf_counter()
        try:
            export.write(curriculum, site / "exports")
        except BuildFailed:
            raise
        except Exception as exc:  # a writer's bug, a full disk, a missing system library
            raise BuildFailed(f"un export a échoué ({export.title.lower()}) : {exc}") from exc
        timings[export.name] = time.perf_counter() - started
    return timings
