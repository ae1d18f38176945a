"""Where the build cache of the pages keeps its entries: one SQLite database per view.

An entry is a key, the page it was made for, the SHA-256 of its data, and the data
(:class:`ecole.adapter.page_cache.PageCache` says what is kept and under which key).

One database rather than a file per entry: making files is what a cold build paid for
here. At 300 modules, a view keeps 1,338 entries (60 MB); on this project's measuring
machine (ext4), writing them took 0.73 s of processor time as files, and 0.07 s as
rows of one database written 200 at a time. SQLite comes with Python.

The database is a cache, written for speed rather than to outlive a crash of the
machine (``synchronous=OFF``): an entry whose data does not match its SHA-256 is
removed and its page made again, and a database SQLite finds damaged is deleted and
started anew. Builds of the same view at the same time wait for each other's writes
(:data:`WAIT_SECONDS`), each writing the same bytes under the same key.
"""

from __future__ import annotations

import contextlib
import hashlib
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

try:
    import sqlite3
except ImportError:  # a Python built without SQLite (pyenv without libsqlite3-dev): no page cache
    sqlite3 = None  # type: ignore[assignment]

_T = TypeVar("_T")

DATABASE = "pages.sqlite"
#: Entries written per transaction: fewer, and each commit costs; more, and a build killed
#: loses more of them.
BATCH = 200
#: How long a build waits for another build's transaction on the same view.
WAIT_SECONDS = 60
#: SQLite's result codes for a damaged file and for a file that is no database
_SQLITE_CORRUPT, _SQLITE_NOTADB = 11, 26
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS entries"
    " (key TEXT PRIMARY KEY, page TEXT NOT NULL, sha256 TEXT NOT NULL, data BLOB NOT NULL)"
)


class Entries:
    """The entries of one view, in ``folder``/:data:`DATABASE`, opened at first use.

    What :meth:`load` finds damaged is listed in :attr:`repaired` (by page). Entries
    the build did not use are removed by :meth:`close`, so that the database holds one
    site's worth. Should the database fail otherwise (locked longer than
    :data:`WAIT_SECONDS` by another build, disk full), or Python have no SQLite, the build
    goes on without it."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.repaired: list[str] = []  # the pages whose entries were found damaged
        self._db: sqlite3.Connection | None = None
        self._found: set[str] | None = None  # the keys the database held when first opened
        self._used: set[str] = set()
        self._unsaved = 0  # changes since the last commit
        self._off = sqlite3 is None  # the database failed: nothing more is read or written

    def has(self, key: str) -> bool:
        return key in self._keys()

    def load(self, key: str, page: str) -> bytes | None:
        """The data kept under ``key``, or None if absent or damaged (then removed)."""
        if key not in self._keys():
            return None
        row = self._run(lambda db: db.execute("SELECT sha256, data FROM entries WHERE key = ?", (key,)).fetchone())
        if row is not None and row[0] == _sha256(row[1]):
            self._used.add(key)
            return bytes(row[1])
        if not self._off:
            self.repaired.append(page)
            self._keys().discard(key)
            self._write("DELETE FROM entries WHERE key = ?", [(key,)])
        return None

    def keep(self, key: str, data: bytes, page: str) -> None:
        self._used.add(key)
        # another build of the same view may have kept it meanwhile: the same bytes
        self._write("INSERT OR REPLACE INTO entries VALUES (?, ?, ?, ?)", [(key, page, _sha256(data), data)])

    def close(self) -> None:
        """After a build: the entries it did not use go, what it wrote is saved.

        SQLite keeps the room of deleted entries for later ones: after a build that made
        every page again (a new version of the tool), half the file is room. The file is
        then written again without it (``VACUUM``: 0.04 s for 8 MB), so that it holds one
        site's worth, as the folder of a file per entry did."""
        if self._db is None:
            return
        stale = sorted(self._keys() - self._used)
        if stale:
            self._write("DELETE FROM entries WHERE key = ?", [(key,) for key in stale])
        self._run(lambda db: db.commit())
        self._run(_compact)
        self._close()

    def _keys(self) -> set[str]:
        if self._found is None:
            self._connection()
        return self._found or set()

    def _connection(self) -> sqlite3.Connection | None:
        if self._db is None and not self._off:
            if self._found is None and self.folder.is_dir():
                # the entries of the cache's earlier form, a file each in folders named by their key
                for path in self.folder.iterdir():
                    if path.is_dir():
                        shutil.rmtree(path, ignore_errors=True)
            self.folder.mkdir(parents=True, exist_ok=True)
            try:
                try:
                    self._db, keys = _connect(self.folder / DATABASE)
                except sqlite3.DatabaseError as error:
                    if not _damaged(error):
                        raise
                    self._delete()
                    self._db, keys = _connect(self.folder / DATABASE)
            except sqlite3.Error:
                self._off, keys = True, set()
            if self._found is None:
                self._found = keys
        return self._db

    def _run(self, step: Callable[[sqlite3.Connection], _T]) -> _T | None:
        """``step(connection)``, or None if the database failed: damaged, it is deleted and
        made again at the next change (the keys it held stay known, so that loading them
        reports them damaged); failed otherwise, it is left for the next build."""
        db = self._connection()
        if db is None:
            return None
        try:
            return step(db)
        except sqlite3.Error as error:
            self._close()
            if isinstance(error, sqlite3.DatabaseError) and _damaged(error):
                self._delete()
            else:
                self._off = True
            return None

    def _write(self, statement: str, rows: list[tuple]) -> None:
        """A change in the current transaction, committed every :data:`BATCH` changes."""

        def write(db: sqlite3.Connection) -> None:
            db.executemany(statement, rows)
            self._unsaved += 1
            if self._unsaved >= BATCH:
                db.commit()
                self._unsaved = 0

        self._run(write)

    def _close(self) -> None:
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
        self._db, self._unsaved = None, 0

    def _delete(self) -> None:
        for path in self.folder.glob(f"{DATABASE}*"):  # with its journal
            path.unlink(missing_ok=True)


def _connect(path: Path) -> tuple[sqlite3.Connection, set[str]]:
    """The database at ``path``, made if need be, and the keys it holds."""
    db = sqlite3.connect(path, timeout=WAIT_SECONDS)
    try:
        db.execute("PRAGMA synchronous = OFF")
        db.execute(_SCHEMA)
        db.commit()
        keys = {key for (key,) in db.execute("SELECT key FROM entries")}
    except sqlite3.Error:
        db.close()
        raise
    return db, keys


def _compact(db: sqlite3.Connection) -> None:
    """``VACUUM`` when half the file or more is room left by deleted entries."""
    (room,) = db.execute("PRAGMA freelist_count").fetchone()
    (pages,) = db.execute("PRAGMA page_count").fetchone()
    if room and room * 2 >= pages:
        db.execute("VACUUM")


def _damaged(error: sqlite3.DatabaseError) -> bool:
    """SQLite found the file damaged, or not a database at all."""
    return (getattr(error, "sqlite_errorcode", 0) & 0xFF) in (_SQLITE_CORRUPT, _SQLITE_NOTADB)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
