"""Exports for republishers, written into the built site under ``exports/``.

Each export reads the same :class:`~ecole.model.structure.Curriculum` as the site, and
declares the files it writes (see :mod:`.plan`), which the download page lists.
"""

from __future__ import annotations

import time
from pathlib import Path

from ..errors import BuildFailed
from ..model.structure import Curriculum
from . import booklets, canvases, catalogue, offline, programmes, quiz_banks, scorm, session_kit
from .cache import ExportCache, activate, running
from .plan import Export, ExportFile

#: Every export, in the order of the download page; a new export adds its ``EXPORT`` here.
#: The offline copy packs the files of the others: it stays last.
EXPORTS: tuple[Export, ...] = (
    catalogue.EXPORT, scorm.EXPORT, quiz_banks.EXPORT, booklets.EXPORT, booklets.GUIDE_EXPORT, programmes.EXPORT,
    canvases.EXPORT, session_kit.EXPORT, offline.EXPORT,
)  # fmt: skip


def exports_apart(*, prints: bool | None = None) -> tuple[Export, ...]:
    """The exports that do not read the built pages: written while the pages are built;
    ``prints`` True or False: only those that print PDFs, or only the others."""
    return tuple(
        export for export in EXPORTS if export is not offline.EXPORT and (prints is None or export.prints == prints)
    )


def planned_files(curriculum: Curriculum) -> list[tuple[Export, list[ExportFile]]]:
    """Each export with the files it will write under ``exports/``, before any is written."""
    return [(export, export.files(curriculum)) for export in EXPORTS]


def write_exports(
    curriculum: Curriculum,
    site: Path,
    store: ExportCache | None = None,
    exports: tuple[Export, ...] | None = None,
) -> dict[str, float]:
    """Write ``exports`` (None: every export) into ``site/exports``; return seconds per export.

    With ``store``, a file whose inputs have not changed since it was last built is
    taken from the build cache (:mod:`.cache`), and ``store.report`` says, per
    export, which files were rebuilt and which reused. PDFs are printed by worker
    processes shared by all exports (``store.workers`` of them).

    Raise :class:`BuildFailed` naming the export that failed."""
    store = store or ExportCache(None)
    timings: dict[str, float] = {}
    with activate(store):
        try:
            for export in EXPORTS if exports is None else exports:
                started = time.perf_counter()
                try:
                    with running(store, export.name):
                        export.write(curriculum, site / "exports")
                except BuildFailed:
                    raise
                except Exception as exc:  # a writer's bug, a full disk, a missing system library
                    raise BuildFailed(f"un export a échoué ({export.title.lower()}) : {exc}") from exc
                timings[export.name] = time.perf_counter() - started
        finally:
            store.close()
    return timings


def write_export(export: Export, curriculum: Curriculum, exports: Path, store: ExportCache, name: str) -> None:
    """One export on its own (the trainer view's offline copy), counted as ``name`` in ``store.report``."""
    with activate(store), running(store, name):
        try:
            export.write(curriculum, exports)
        finally:
            store.close()
