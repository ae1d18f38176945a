"""The build cache of the exports: a file is rebuilt only when what it is made of changed.

Each export file is stored under a *key*, the SHA-256 of exactly the inputs of the
step that makes it:

- a PDF (booklet, programme sheet, canvas): the HTML document WeasyPrint prints,
  its stylesheets, the bytes of every local file the document or its CSS points to
  (``file://`` addresses: images, the edition's logo), its name (the PDF's
  identifier), the fonts installed on the machine, and the versions of WeasyPrint,
  of its libraries, of the tool and of the code that prints (:mod:`.pdf`);
- a ZIP archive (SCORM package, offline copy): the name and bytes of each entry,
  the date of the content and the code that zips (:mod:`.scorm.archive`);
- a text file (question banks, catalogue): its bytes.

Parts of a file are kept too, not counted in the report (:meth:`ExportCache.load_part`):
the compressed bytes of each member of a ZIP archive, keyed by the member's bytes, and
each page of the offline copy as converted for ``file://`` (:mod:`.offline`), so that
an archive rebuilt after a small change compresses and converts only what changed.

The HTML of a booklet is made from the curriculum by the current code at each
build, which is cheap; only the printing, the expensive part, is skipped when the
key is found. A change of content, template, stylesheet, edition setting or code
changes the document, hence the key, of exactly the files it shows up in.

Entries live in ``.ecole/cache/exports/`` (safe to delete, never committed), each
file beside a small JSON record of its SHA-256 and size: an entry that does not
match its record (truncated, corrupted) is deleted and rebuilt, never published.
Entries are written to a temporary name and renamed, so that builds running at
the same time (``ecole build-editions``) share the cache safely. Entries unused
for :data:`MAX_AGE_DAYS` days are removed, and beyond a size (:data:`KEPT_BUILDS`) those
used least recently.

The writers do not take the cache as an argument: :func:`write_exports` makes it
*active* for the duration of the exports (:func:`activate`), and the few places
that write files (:func:`ecole.exports.pdf.render_all`,
:func:`ecole.exports.scorm.archive.write_zip`, the text writers) ask
:func:`active`. With no active cache, they build everything, as before.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import hashlib
import json
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..model.digests import key_of
from ..model.french import count

#: Bump to invalidate every entry (a change of the entry format).
FORMAT = "1"
#: Entries not used for this long are removed at the end of a build.
MAX_AGE_DAYS = 30
#: Beyond this many times what a build used, and at least MIN_KEPT_BYTES, the entries
#: used least recently are removed at its end, those of the last RECENT_SECONDS excepted
#: (the builds of ``ecole build-editions`` run side by side): each edit leaves the former
#: versions of the files it changed, some 25 MB for a sentence of the reference.
KEPT_BUILDS = 4
MIN_KEPT_BYTES = 512 * 1024 * 1024
RECENT_SECONDS = 600
#: Folders where fontconfig finds the fonts WeasyPrint uses (Debian's, and a user's own),
#: and its settings (which font stands in for which).
FONT_FOLDERS = (
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    "~/.local/share/fonts",
    "~/.fonts",
    "/etc/fonts",
    "~/.config/fontconfig",
)
#: The system libraries WeasyPrint lays text out and embeds fonts with, each with the
#: function that says its version (None: only whether it is installed). Without
#: HarfBuzz-Subset, WeasyPrint subsets fonts with fontTools instead: other bytes.
TEXT_LIBRARIES = (
    ("libpango-1.0.so.0", "pango_version", ctypes.c_int),
    ("libharfbuzz.so.0", "hb_version_string", ctypes.c_char_p),
    ("libharfbuzz-subset.so.0", None, None),
)
#: Libraries whose version changes how a PDF is printed.
PDF_LIBRARIES = ("weasyprint", "pydyf", "fonttools", "tinycss2", "cssselect2", "tinyhtml5", "pillow")
_FILE_URL = re.compile(r"file://[^\s\"'()<>]+")


def tool_version() -> str:
    try:
        return version("ecole-innovation-publique")
    except PackageNotFoundError:  # running from a checkout that was never installed
        return "dev"


@functools.cache
def code_fingerprint(*sources: str) -> str:
    """Hash of the tool's version and of the given source files (the code of one step)."""
    digest = hashlib.sha256(f"ecole {tool_version()} cache {FORMAT}".encode())
    for source in sources:
        digest.update(Path(source).read_bytes())
    return digest.hexdigest()


@functools.cache
def library_versions(names: tuple[str, ...] = PDF_LIBRARIES) -> str:
    out = []
    for name in names:
        try:
            out.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            out.append(f"{name} absent")
    return "; ".join(out)


@functools.cache
def text_libraries() -> str:
    """The versions of :data:`TEXT_LIBRARIES` installed (read without importing WeasyPrint, which is slow to import)."""
    out = []
    for name, function, result in TEXT_LIBRARIES:
        try:
            library = ctypes.CDLL(name)
        except OSError:
            out.append(f"{name} absent")
            continue
        if function is None:
            out.append(f"{name} installée")
            continue
        call = getattr(library, function)
        call.restype = result
        out.append(f"{name} {call()!r}")
    return "; ".join(out)


@functools.cache
def fonts_fingerprint() -> str:
    """The fonts installed on the machine (each file's path, size and date), fontconfig's
    settings, and the libraries that draw and embed them (:func:`text_libraries`).

    Installing, removing or updating a font, or HarfBuzz-Subset, changes the key of every
    PDF (a PDF embeds subsets of the fonts it uses)."""
    digest = hashlib.sha256(text_libraries().encode())
    for folder in FONT_FOLDERS:
        root = Path(folder).expanduser()
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*")):
            if path.is_file():
                stat = path.stat()
                digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def linked_files(*texts: str) -> list[Path]:
    """Local files named by ``file://`` addresses in ``texts`` (HTML or CSS), sorted."""
    found = set()
    for text in texts:
        for url in _FILE_URL.findall(text):
            found.add(Path(unquote(urlsplit(url).path)))
    return sorted(found)


def file_digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "absent"


@dataclass
class KindReport:
    """What one export did: the files it rebuilt, those it took from the cache."""

    rebuilt: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    repaired: list[str] = field(default_factory=list)  # entries found corrupted, hence rebuilt


@dataclass
class CacheReport:
    """Per export (its ``name``), in the order they ran."""

    kinds: dict[str, KindReport] = field(default_factory=dict)

    def kind(self, name: str) -> KindReport:
        return self.kinds.setdefault(name, KindReport())

    def rebuilt(self) -> dict[str, list[str]]:
        return {name: sorted(kind.rebuilt) for name, kind in self.kinds.items() if kind.rebuilt}

    def reused(self) -> dict[str, list[str]]:
        return {name: sorted(kind.reused) for name, kind in self.kinds.items() if kind.reused}


#: Called as (export name, files done, files to build) while an export builds its files.
Progress = Callable[[str, int, int], None]


class ExportCache:
    """One build's view of the cache folder; ``folder`` None: nothing is kept or reused."""

    def __init__(self, folder: Path | None, *, workers: int | None = None, progress: Progress | None = None):
        self.folder = folder
        self.workers = workers or len(os.sched_getaffinity(0))
        self.progress = progress
        self.report = CacheReport()
        self.current = "exports"
        #: entries used or written since (their record's time) are this build's (:meth:`prune`);
        #: a second early, since a file system dates a file by a clock coarser than this one
        self.started = time.time() - 1
        self._pool = None
        #: the PDFs being printed ahead (:func:`.pdf.print_ahead`): by key, their target and future
        self.ahead: dict[str, tuple[Path, Future]] = {}

    # --- entries ----------------------------------------------------------------------

    def _paths(self, key: str) -> tuple[Path, Path]:
        assert self.folder is not None
        folder = self.folder / key[:2]
        return folder / f"{key}.bin", folder / f"{key}.json"

    def fetch(self, key: str, target: Path, name: str) -> dict | None:
        """Write the entry ``key`` to ``target`` and return its record, or None if absent or damaged."""
        found = self._read(key, name)
        if found is None:
            return None
        record, data = found
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        self.report.kind(self.current).reused.append(name)
        return record

    def holds(self, key: str) -> bool:
        """Whether an entry is kept under ``key`` (without reading it: it may be damaged)."""
        return self.folder is not None and self._paths(key)[1].exists()

    def fetch_record(self, key: str, name: str) -> dict | None:
        """The record of the entry ``key`` that keeps no file (:meth:`store_record`), or None."""
        found = self._read(key, name)
        if found is None:
            return None
        self.report.kind(self.current).reused.append(name)
        return found[0]

    def _read(self, key: str, name: str) -> tuple[dict, bytes] | None:
        """The record and bytes of the entry ``key``, or None if absent or damaged (then removed)."""
        if self.folder is None:
            return None
        data_path, record_path = self._paths(key)
        try:
            text = record_path.read_text(encoding="utf-8")
        except FileNotFoundError:
            # absent, or being kept by another process of the build (the data is written
            # first): not damaged, and its data is left to it (or to prune)
            return None
        try:
            record = json.loads(text)
            data = data_path.read_bytes()
        except (OSError, ValueError):
            self._discard(key, name)
            return None
        if (
            not isinstance(record, dict)
            or record.get("size") != len(data)
            or record.get("sha256") != hashlib.sha256(data).hexdigest()
        ):
            self._discard(key, name)
            return None
        with contextlib.suppress(OSError):
            os.utime(record_path)  # used: kept for another MAX_AGE_DAYS
        return record, data

    def _discard(self, key: str, name: str) -> None:
        with contextlib.suppress(OSError):
            _remove_entry(self._paths(key)[1])
        self.report.kind(self.current).repaired.append(name)

    def store(self, key: str, target: Path, name: str, **extra: object) -> None:
        """Keep the freshly built ``target`` under ``key``; count it as rebuilt."""
        self.report.kind(self.current).rebuilt.append(name)
        if self.folder is not None:
            self.keep_part(key, target.read_bytes(), name, **extra)

    def store_record(self, key: str, name: str, **record: object) -> None:
        """Keep ``record`` under ``key``, with no file (what was learnt by laying a document
        out without printing it); count it as rebuilt."""
        self.report.kind(self.current).rebuilt.append(name)
        self.keep_part(key, b"", name, **record)

    def produce(self, key: str, target: Path, name: str, make: Callable[[], None]) -> None:
        """``target`` from the cache, or made by ``make()`` and kept."""
        if self.fetch(key, target, name) is None:
            make()
            self.store(key, target, name)

    def write_bytes(self, target: Path, data: bytes, name: str) -> None:
        """A small file whose bytes are its own key: written, and counted as reused if unchanged."""
        target.parent.mkdir(parents=True, exist_ok=True)
        key = key_of("file", data)
        if self.fetch(key, target, name) is not None:
            return
        target.write_bytes(data)
        self.store(key, target, name)

    # --- parts of a file -----------------------------------------------------------------
    # Bytes that go into an export file without being one (the compressed members of a
    # ZIP archive): kept and checked like files, but not counted as reused or rebuilt,
    # since the report counts the files a reader gets (a damaged one is counted as repaired).

    def load_part(self, key: str, name: str) -> bytes | None:
        """The bytes kept under ``key``, or None if absent or damaged (then removed)."""
        found = self._read(key, name)
        return found[1] if found is not None else None

    def part(self, key: str, name: str, make: Callable[[], bytes]) -> bytes:
        """The bytes kept under ``key``, or ``make()``'s, kept under it for the next build."""
        data = self.load_part(key, name)
        if data is None:
            data = make()
            self.keep_part(key, data, name)
        return data

    def keep_part(self, key: str, data: bytes, name: str, **extra: object) -> None:
        """Keep ``data`` under ``key`` (``name`` says in the record where it was first used;
        ``extra`` goes into the record too)."""
        if self.folder is None:
            return
        record = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data), "file": name, **extra}
        data_path, record_path = self._paths(key)
        data_path.parent.mkdir(parents=True, exist_ok=True)
        _write_atomically(data_path, data)  # the data first: a record never names missing data
        _write_atomically(record_path, json.dumps(record, ensure_ascii=False).encode("utf-8"))

    # --- the build's worker processes ---------------------------------------------------

    def pool(self):
        """Worker processes for the PDFs, started once per build on first need.

        Forked once WeasyPrint is imported, so that no worker pays for the import (the
        process that prints the booklets also imports what puts them together first, and
        forks them before it has anything to print: :func:`.pdf.prepare_printing`)."""
        if self._pool is None:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            from . import weasyprint_import

            weasyprint_import.imported()  # before the fork: workers inherit it

            self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=multiprocessing.get_context("fork"))
        return self._pool

    def start_workers(self) -> None:
        """Fork the worker processes now, rather than for the first PDF."""
        self.pool().submit(os.getpid).result()

    def close(self) -> None:
        self.ahead.clear()
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def prune(self, now: float | None = None) -> None:
        """Remove entries unused for MAX_AGE_DAYS days, what a killed build left (its
        temporary files, and data kept without its record), then the entries used least
        recently while the cache holds more than KEPT_BUILDS times what this build used."""
        if self.folder is None or not self.folder.is_dir():
            return
        now = now or time.time()
        limit = now - MAX_AGE_DAYS * 86400
        an_hour_ago = now - 3600
        kept: list[tuple[float, int, Path]] = []  # (last use, bytes, record) of each entry left
        # one listing per folder, each file's size and date from it: with a glob and a stat
        # of each entry's data beside its record, this took 0.09 s per build (7,300 files)
        for folder in _folders(self.folder):
            found = _listed(folder)
            for name, info in found.items():
                record = folder / name
                with contextlib.suppress(OSError):
                    if name.startswith("."):  # a temporary file, left by a killed build after an hour
                        if info.st_mtime < an_hour_ago:
                            record.unlink()
                    elif name.endswith(".json") and info.st_mtime < limit:
                        _remove_entry(record)
                    elif name.endswith(".json"):
                        data = found.get(name.removesuffix(".json") + ".bin")
                        kept.append((info.st_mtime, info.st_size + (data.st_size if data else 0), record))
                    elif (
                        name.endswith(".bin")
                        and info.st_mtime < an_hour_ago
                        and name.removesuffix(".bin") + ".json" not in found
                    ):
                        record.unlink()
        used = sum(size for last_use, size, _ in kept if last_use >= self.started)
        room = max(KEPT_BUILDS * used, MIN_KEPT_BYTES)
        total = sum(size for _, size, _ in kept)
        for last_use, size, record in sorted(kept):
            if total <= room or last_use >= min(self.started, now - RECENT_SECONDS):
                break
            with contextlib.suppress(OSError):
                _remove_entry(record)
                total -= size

    # --- progress -----------------------------------------------------------------------

    def advance(self, done: int, total: int, kind: str | None = None) -> None:
        """``done`` of ``total`` files of ``kind`` (the export being written, by default) made."""
        if self.progress is not None and total:
            self.progress(kind or self.current, done, total)


def _folders(folder: Path) -> list[Path]:
    """The folders of the entries (one per first two digits of their keys); none if the
    cache's folder went meanwhile (deleted by hand, as it may be)."""
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        return [Path(entry.path) for entry in entries if entry.is_dir(follow_symlinks=False)]
    return []


def _listed(folder: Path) -> dict[str, os.stat_result]:
    """Each file of ``folder`` and its state; a file removed meanwhile (another build's
    temporary file, renamed) is left out."""
    found: dict[str, os.stat_result] = {}
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            with contextlib.suppress(OSError):
                found[entry.name] = entry.stat(follow_symlinks=False)
    return found


def _remove_entry(record: Path) -> None:
    """An entry, its record first: another build reading it meanwhile finds it absent, not damaged."""
    record.unlink(missing_ok=True)
    record.with_suffix(".bin").unlink(missing_ok=True)


def _write_atomically(path: Path, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


_ACTIVE: list[ExportCache] = []


def active() -> ExportCache:
    """The cache of the running build, or one that keeps nothing."""
    return _ACTIVE[-1] if _ACTIVE else ExportCache(None)


def active_build() -> ExportCache | None:
    """The cache of the running build, None outside a build."""
    return _ACTIVE[-1] if _ACTIVE else None


@contextlib.contextmanager
def current() -> Iterator[ExportCache]:
    """The active cache, or one that keeps nothing, for the time of one export step."""
    if _ACTIVE:
        yield _ACTIVE[-1]
        return
    temporary = ExportCache(None)
    try:
        yield temporary
    finally:
        temporary.close()


@contextlib.contextmanager
def activate(cache: ExportCache) -> Iterator[ExportCache]:
    _ACTIVE.append(cache)
    try:
        yield cache
    finally:
        _ACTIVE.remove(cache)


@contextlib.contextmanager
def running(cache: ExportCache, name: str) -> Iterator[None]:
    """Files made inside count for the export ``name``."""
    previous, cache.current = cache.current, name
    try:
        yield
    finally:
        cache.current = previous


def relative_name(target: Path) -> str:
    """``target``'s path under ``exports/`` (for the report), or its name."""
    parts = target.parts
    if "exports" in parts:
        index = len(parts) - 1 - parts[::-1].index("exports")
        return "/".join(parts[index + 1 :])
    return target.name


def stderr_progress(titles: dict[str, str], units: dict[str, tuple[str, str]] | None = None) -> Progress:
    """A progress line on the terminal, rewritten in place; one line when the work starts
    when stderr is not a terminal (a log). ``units`` names what an export makes, singular
    and plural, when not files: ``("chapitre", "chapitres")``. An export that makes its
    files in several rounds (the parts of the booklets) counts on from the rounds before,
    as the build's report counts them all."""
    before: dict[str, int] = {}  # by export: the files of its finished rounds
    current: dict[str, int] = {}  # by export: the files of its round under way

    def show(name: str, done: int, total: int) -> None:
        stream = sys.stderr
        singular, plural = (units or {}).get(name, ("fichier", "fichiers"))
        if done == 0:
            before[name] = before.get(name, 0) + current.get(name, 0)
        current[name] = total
        title = titles.get(name, name)
        if not stream.isatty():  # a log: one line when the work starts
            if done == 0:
                # a later round: the tables of contents again, with the page numbers now counted
                what = count(total, singular, plural)
                line = (
                    f"{what} à refaire, maintenant que les pages sont comptées" if before[name] else f"{what} à refaire"
                )
                print(f"{title}\u00a0: {line}…", file=stream, flush=True)
            return
        done, total = before.get(name, 0) + done, before.get(name, 0) + total
        made = "refait" if total <= 1 else "refaits"
        end = "\n" if done == total else ""
        word = singular if total <= 1 else plural
        stream.write(f"\r\033[K{title}\u00a0: {done}/{total} {word} {made}{end}")
        stream.flush()

    return show
