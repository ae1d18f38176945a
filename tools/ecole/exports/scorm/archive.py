"""Zip files that are the same bytes for the same content.

Entries are sorted, dated from the content (never the clock) and get fixed
permissions, so rebuilding a commit yields identical packages and an LMS, a
mirror or a checksum sees no change where there is none.
"""

from __future__ import annotations

import zipfile
from datetime import UTC, datetime
from pathlib import Path

#: ZIP cannot store dates before 1980; a build without a date uses this one.
_EARLIEST = (1980, 1, 1, 0, 0, 0)
_UNIX = 3  # "made by" system: Unix, so that the permissions below are read
_FILE_MODE = 0o100644  # regular file, rw-r--r--


def zip_time(timestamp: int) -> tuple[int, int, int, int, int, int]:
    moment = datetime.fromtimestamp(timestamp, UTC)
    stamp = (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)
    return max(stamp, _EARLIEST)


def write_zip(target: Path, entries: dict[str, bytes], timestamp: int) -> None:
    """Write ``entries`` (path inside the archive -> bytes) to ``target``."""
    target.parent.mkdir(parents=True, exist_ok=True)
    date = zip_time(timestamp)
    with zipfile.ZipFile(target, "w") as archive:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=date)
            info.create_system = _UNIX
            info.external_attr = _FILE_MODE << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, entries[name], compresslevel=9)
