"""Zip files that are the same bytes for the same content.

Entries are sorted, dated from the content (never the clock) and get fixed
permissions, so rebuilding a commit yields identical packages and an LMS, a
mirror or a checksum sees no change where there is none.
"""

from __future__ import annotations

import hashlib
import zipfile
import zlib
from datetime import UTC, datetime
from pathlib import Path

from .. import cache

#: ZIP cannot store dates before 1980; a build without a date uses this one.
_EARLIEST = (1980, 1, 1, 0, 0, 0)
_UNIX = 3  # "made by" system: Unix, so that the permissions below are read
_FILE_MODE = 0o100644  # regular file, rw-r--r--


def zip_time(timestamp: int) -> tuple[int, int, int, int, int, int]:
    moment = datetime.fromtimestamp(timestamp, UTC)
    stamp = (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)
    return max(stamp, _EARLIEST)


def write_zip(target: Path, entries: dict[str, bytes], timestamp: int) -> None:
    """Write ``entries`` (path inside the archive -> bytes) to ``target``, or take the
    same archive from the build cache (:mod:`..cache`)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    key = cache.key_of(
        "zip",
        cache.code_fingerprint(__file__),
        zlib.ZLIB_RUNTIME_VERSION,
        str(timestamp),
        *(f"{name}\0{hashlib.sha256(entries[name]).hexdigest()}" for name in sorted(entries)),
    )
    with cache.current() as store:
        store.produce(key, target, cache.relative_name(target), lambda: _write_zip(target, entries, timestamp))


def _write_zip(target: Path, entries: dict[str, bytes], timestamp: int) -> None:
    date = zip_time(timestamp)
    with zipfile.ZipFile(target, "w") as archive:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=date)
            info.create_system = _UNIX
            info.external_attr = _FILE_MODE << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, entries[name], compresslevel=9)
