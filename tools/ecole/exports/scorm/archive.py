"""Zip files that are the same bytes for the same content.

Entries are sorted, dated from the content (never the clock) and get fixed
permissions, so rebuilding a commit yields identical packages and an LMS, a
mirror or a checksum sees no change where there is none.

An archive whose entries all match a cached one is taken from the build cache
whole (:mod:`..cache`). Otherwise each member is compressed (:func:`deflate`)
only if the cache does not hold it yet: after a small change of content, only
the few pages and files that changed are compressed again, instead of the whole
site in the offline copy. Members are keyed by their bytes alone (the name is
in the headers, not in the compressed data), so that a file found in several
archives (the assets of both offline copies, of every SCORM package) is
compressed once.

:mod:`zipfile` cannot take data it did not compress itself, except through its
internals: :func:`_write_members` writes the ZIP structure with :mod:`struct`,
field for field as :mod:`zipfile` writes it for these entries (checked by the
tests against :func:`_write_with_zipfile`, which writes the few archives too
large for that plain layout).
"""

from __future__ import annotations

import hashlib
import struct
import zipfile
import zlib
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from .. import cache

#: ZIP cannot store dates before 1980; a build without a date uses this one.
_EARLIEST = (1980, 1, 1, 0, 0, 0)
_UNIX = 3  # "made by" system: Unix, so that the permissions below are read
_FILE_MODE = 0o100644  # regular file, rw-r--r--
_LEVEL = 9
#: "version needed to extract" and "made by" version of a deflated entry (2.0), as zipfile writes them.
_VERSION = 20
_UTF8_NAME = 0x800  # general purpose flag: the name is UTF-8 (zipfile sets it for non-ASCII names only)
#: zipfile switches to ZIP64 records past these; such archives are left to it (see _write_zip).
_ZIP64_LIMIT = zipfile.ZIP64_LIMIT
_COUNT_LIMIT = (1 << 16) - 1
_LOCAL = struct.Struct("<4s2B4HL2L2H")
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_END = struct.Struct("<4s4H2LH")


def zip_time(timestamp: int) -> tuple[int, int, int, int, int, int]:
    moment = datetime.fromtimestamp(timestamp, UTC)
    stamp = (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)
    return max(stamp, _EARLIEST)


def deflate(data: bytes) -> bytes:
    """``data`` compressed exactly as ``zipfile`` does with ``compresslevel=9``: raw
    deflate, one ``compress`` call, then ``flush``."""
    compressor = zlib.compressobj(_LEVEL, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


def write_zip(target: Path, entries: dict[str, bytes], timestamp: int) -> None:
    """Write ``entries`` (path inside the archive -> bytes) to ``target``, or take the
    same archive from the build cache (:mod:`..cache`)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    digests = {name: hashlib.sha256(data).hexdigest() for name, data in entries.items()}
    key = cache.key_of(
        "zip",
        cache.code_fingerprint(__file__),
        zlib.ZLIB_RUNTIME_VERSION,
        str(timestamp),
        *(f"{name}\0{digests[name]}" for name in sorted(entries)),
    )
    with cache.current() as store:
        name = cache.relative_name(target)
        store.produce(
            key, target, name, lambda: _write_zip(target, entries, timestamp, _compressed(store, name, digests))
        )


def _member_key(digest: str) -> str:
    """The cache key of a member's compressed bytes: the SHA-256 of its bytes, and how they are compressed."""
    return cache.key_of("deflate", cache.code_fingerprint(__file__), zlib.ZLIB_RUNTIME_VERSION, digest)


def _compressed(store: cache.ExportCache, archive: str, digests: dict[str, str]) -> Callable[[str, bytes], bytes]:
    """A member's compressed bytes, from the cache or compressed now and kept."""

    def compressed(name: str, data: bytes) -> bytes:
        # "::" rather than "#", which names the chapters of the learners' booklets in the cache
        part = f"{archive}::{name}"
        return store.part(_member_key(digests[name]), part, lambda: deflate(data))

    return compressed


def compress_ahead(path: Path) -> None:
    """Compress the file at ``path`` for the archives that will hold it, in the build's cache
    (unless it holds it already), so that they find its bytes compressed.

    For a booklet just put together, by the worker process that made it: both offline
    copies hold it, and they are packed side by side at the end of the build, each
    compressing the booklets an edit changed (0.16 s of each after an edit to one module,
    for the same bytes)."""
    store = cache.active()
    if store.folder is None:
        return  # nothing is kept: the archives would compress it again
    data = path.read_bytes()
    key = _member_key(hashlib.sha256(data).hexdigest())
    if not store.holds(key):
        store.keep_part(key, deflate(data), f"{cache.relative_name(path)} (compressé d'avance)")


def _write_zip(
    target: Path, entries: dict[str, bytes], timestamp: int, compressed: Callable[[str, bytes], bytes]
) -> None:
    # beyond these limits zipfile writes ZIP64 records, which _write_members does not:
    # zipfile writes (and compresses) the whole archive then, as it did before members were reused
    if len(entries) > _COUNT_LIMIT or sum(len(data) for data in entries.values()) * 1.05 > _ZIP64_LIMIT:
        _write_with_zipfile(target, entries, timestamp)
    else:
        _write_members(target, entries, timestamp, compressed)


def _write_members(
    target: Path, entries: dict[str, bytes], timestamp: int, compressed: Callable[[str, bytes], bytes]
) -> None:
    """The bytes :func:`_write_with_zipfile` writes, with each member's compressed data
    from ``compressed(name, data)``."""
    year, month, day, hour, minute, second = zip_time(timestamp)
    dosdate = (year - 1980) << 9 | month << 5 | day
    dostime = hour << 11 | minute << 5 | second // 2
    body: list[bytes] = []
    directory: list[bytes] = []
    offset = 0
    for name in sorted(entries):
        # what zipfile.ZipInfo would change in a name (a NUL ends it; a final "/" makes a folder)
        if "\0" in name or name.endswith("/"):
            raise ValueError(f"nom d'entrée impossible dans une archive : {name!r}")
        data = entries[name]
        packed = compressed(name, data)
        try:
            encoded, flags = name.encode("ascii"), 0
        except UnicodeEncodeError:
            encoded, flags = name.encode("utf-8"), _UTF8_NAME
        crc = zlib.crc32(data)
        fields = (flags, zipfile.ZIP_DEFLATED, dostime, dosdate, crc, len(packed), len(data), len(encoded))
        body += [_LOCAL.pack(b"PK\003\004", _VERSION, 0, *fields, 0), encoded, packed]
        directory += [
            _CENTRAL.pack(b"PK\001\002", _VERSION, _UNIX, _VERSION, 0, *fields, 0, 0, 0, 0, _FILE_MODE << 16, offset),
            encoded,
        ]
        offset += _LOCAL.size + len(encoded) + len(packed)
    size = sum(len(part) for part in directory)
    end = _END.pack(b"PK\005\006", 0, 0, len(entries), len(entries), size, offset, 0)
    with target.open("wb") as out:
        out.writelines([*body, *directory, end])


def _write_with_zipfile(target: Path, entries: dict[str, bytes], timestamp: int) -> None:
    date = zip_time(timestamp)
    with zipfile.ZipFile(target, "w") as archive:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=date)
            info.create_system = _UNIX
            info.external_attr = _FILE_MODE << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, entries[name], compresslevel=_LEVEL)
