"""Exports for republishers, written into the built site under ``exports/``.

Each export reads the same :class:`~ecole.structure.Curriculum` as the site.
"""

from __future__ import annotations

import time
from pathlib import Path

from ..structure import Curriculum
from .catalogue import write_catalogue


def write_exports(curriculum: Curriculum, site: Path) -> dict[str, float]:
    """Write every export into ``site/exports``; return seconds per export."""
    timings: dict[str, float] = {}
    for name, writer in (("catalogue", write_catalogue),):
        started = time.perf_counter()
        writer(curriculum, site / "exports")
        timings[name] = time.perf_counter() - started
    return timings
