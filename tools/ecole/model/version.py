"""The date a build stands for: the day of ``SOURCE_DATE_EPOCH`` or of the last git commit,
never the clock, so that two builds of the same commit are identical.

A day, not a second: pages, booklets and packages show the day, and the second of the
commit changed with every commit, even one that changes no content. Every page, every
PDF with its dates in its metadata and every archive with dated members were then made
again (an empty commit: a build of 12.8 s for the reference, its 238 pages, 109 export
files and 54 parts of booklets redone, against 1 s once nothing changes). With the day,
only a commit of another day dates the outputs again, as it should.
"""

from __future__ import annotations

import os
import subprocess
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

DAY = 24 * 60 * 60


@cache
def content_timestamp(root: Path) -> int:
    """The start of the day (UTC) of the content's date, as a POSIX timestamp."""
    return _start_of_day(_moment(root))


def _start_of_day(timestamp: int) -> int:
    return timestamp - timestamp % DAY


def _moment(root: Path) -> int:
    if "SOURCE_DATE_EPOCH" in os.environ:
        return int(os.environ["SOURCE_DATE_EPOCH"])
    try:
        out = subprocess.run(
            ["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True, text=True, check=True
        ).stdout.strip()
        return int(out)
    except (OSError, subprocess.CalledProcessError, ValueError):
        return 0  # not a git checkout and no SOURCE_DATE_EPOCH: a fixed, honest "unknown"


def content_date(root: Path) -> str:
    return iso_day(content_timestamp(root))


def iso_day(timestamp: int) -> str:
    """The day (UTC) of a POSIX timestamp, as an ISO date (``2026-12-02``)."""
    return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d")


def day_start(day: str) -> int:
    """The start (UTC) of the ISO date ``day``, as a POSIX timestamp: :func:`iso_day` undone."""
    return int(datetime.fromisoformat(day).replace(tzinfo=UTC).timestamp())
