"""Opening the database and the transaction every write goes through.

SQLite is the system of record. WAL mode lets Datasette and searches read while ingest
writes; a busy timeout absorbs short lock waits; each write is one `BEGIN IMMEDIATE`
transaction (immediate, so two writers queue on the busy timeout instead of failing with
"database is locked" when a read turns into a write).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlite_utils

from .schema import migrations

BUSY_TIMEOUT_MS = 30_000
MMAP_BYTES = 1 << 31  # memory-mapped reads of the database file, up to SQLite's own cap


def open_db(path: str | Path) -> sqlite_utils.Database:
    """Open (creating and migrating if needed) the database at `path`."""
    path = Path(path)
    if path.parent and not path.parent.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000)
    db = sqlite_utils.Database(conn)
    db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    db.execute("PRAGMA foreign_keys=ON")
    if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        db.enable_wal()
    db.execute("PRAGMA synchronous=NORMAL")
    # 64 MB page cache: story matching and dedup touch term_stats, story_terms and the LSH
    # bands all over a large archive; the 2 MB default made those lookups disk-bound
    db.execute("PRAGMA cache_size=-65536")
    # and reads straight from the file's pages (SQLite caps the map, 2 GB on Debian):
    # copying each page into that cache was a third of those lookups' CPU in a 100k archive
    db.execute(f"PRAGMA mmap_size={MMAP_BYTES}")
    migrations.apply(db)
    return db


# SQLite result codes that mean the database itself failed, not one statement: locked by
# another writer past the busy timeout, read-only, I/O error, corrupt, disk full, unopenable,
# not a database. Every later write would fail the same way, so nobody should go on trying.
_DATABASE_FAULTS = {
    5: "busy",
    6: "locked",
    8: "readonly",
    10: "ioerr",
    11: "corrupt",
    13: "full",
    14: "cantopen",
    26: "notadb",
}


def database_fault(exc: BaseException) -> str | None:
    """The kind of database-wide failure `exc` is ("busy", "full", ...), else None."""
    code = getattr(exc, "sqlite_errorcode", None)
    if not isinstance(exc, sqlite3.DatabaseError) or code is None:
        return None
    return _DATABASE_FAULTS.get(code & 0xFF)


def database_file(db: sqlite_utils.Database) -> str:
    """The file behind `db`, for messages that must say which database failed."""
    return db.execute("PRAGMA database_list").fetchone()[2]


_NESTING: dict[int, int] = {}  # id(connection) → how deep `transaction` is open on it


@contextmanager
def transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """All of the block's writes or none. Nested inside another `transaction` on the same
    connection it is a savepoint: a batch of articles commits once (a commit per article
    was a third of an import's time) while a failed article still undoes only its own
    writes."""
    key = id(db.conn)
    depth = _NESTING.get(key, 0)
    if depth:
        yield from _savepoint(db, key, depth)
        return
    db.conn.execute("BEGIN IMMEDIATE")
    _NESTING[key] = 1
    try:
        yield db
        db.conn.execute("COMMIT")
    except BaseException:
        if db.conn.in_transaction:  # also when COMMIT itself failed (disk full, I/O error)
            db.conn.rollback()
        raise
    finally:
        _NESTING.pop(key, None)


def _savepoint(db: sqlite_utils.Database, key: int, depth: int) -> Iterator[sqlite_utils.Database]:
    name = f"nested_{depth}"
    db.conn.execute(f"SAVEPOINT {name}")
    _NESTING[key] = depth + 1
    try:
        yield db
        db.conn.execute(f"RELEASE {name}")
    except BaseException:
        if db.conn.in_transaction:  # SQLite may have rolled the whole transaction back
            db.conn.execute(f"ROLLBACK TO {name}")
            db.conn.execute(f"RELEASE {name}")
        raise
    finally:
        _NESTING[key] = depth


def _dicts(cursor: sqlite3.Cursor) -> list[dict[str, Any]]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
