"""The database: schema, migrations and every SQL statement that writes or reads articles.

SQLite is the system of record. WAL mode lets Datasette and searches read while ingest
writes; a busy timeout absorbs short lock waits; each article goes in with its aliases and
search-index row in one `BEGIN IMMEDIATE` transaction (immediate, so two writers queue on the
busy timeout instead of failing with "database is locked" when a read turns into a write).
The FTS5 index is kept current by triggers, so no code path can forget it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import sqlite_utils
from sqlite_utils import Migrations

from .config import Config
from .http import RequestLog

BUSY_TIMEOUT_MS = 30_000
migrations = Migrations("aggregator")


@migrations()
def m001_initial(db: sqlite_utils.Database) -> None:
    db.executescript(
        """
        CREATE TABLE sources (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            poll_interval REAL NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE TABLE feeds (
            id INTEGER PRIMARY KEY,
            source_id INTEGER NOT NULL REFERENCES sources(id),
            url TEXT NOT NULL UNIQUE,
            title TEXT,
            etag TEXT,
            last_modified TEXT,
            last_status INTEGER,
            last_outcome TEXT,
            last_error TEXT,
            last_error_at TEXT,
            consecutive_failures INTEGER NOT NULL DEFAULT 0,
            last_checked_at TEXT,
            last_success_at TEXT,
            disabled_reason TEXT
        );
        CREATE TABLE articles (
            id INTEGER PRIMARY KEY,
            url TEXT NOT NULL,
            canonical_url TEXT NOT NULL UNIQUE,
            guid TEXT,
            source_id INTEGER NOT NULL REFERENCES sources(id),
            feed_id INTEGER REFERENCES feeds(id),
            title TEXT NOT NULL,
            author TEXT,
            published_at TEXT,
            fetched_at TEXT NOT NULL,
            language TEXT,
            sitename TEXT,
            text TEXT NOT NULL DEFAULT '',
            summary TEXT,
            description TEXT,
            image TEXT,
            word_count INTEGER NOT NULL DEFAULT 0,
            extraction_status TEXT NOT NULL,
            extraction_note TEXT
        );
        CREATE INDEX articles_feed_guid ON articles(feed_id, guid);
        CREATE INDEX articles_published ON articles(published_at);
        CREATE INDEX articles_source_published ON articles(source_id, published_at);
        CREATE TABLE article_urls (
            url TEXT PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id),
            kind TEXT NOT NULL,
            seen_at TEXT NOT NULL
        );
        CREATE INDEX article_urls_article ON article_urls(article_id);
        CREATE TABLE pending_entries (
            id INTEGER PRIMARY KEY,
            feed_id INTEGER NOT NULL REFERENCES feeds(id),
            guid TEXT NOT NULL,
            url TEXT NOT NULL,
            title TEXT,
            summary TEXT,
            published TEXT,
            author TEXT,
            content_text TEXT,
            attempts INTEGER NOT NULL DEFAULT 0,
            last_error TEXT,
            first_seen_at TEXT NOT NULL,
            UNIQUE(feed_id, guid)
        );
        CREATE TABLE fetch_log (
            id INTEGER PRIMARY KEY,
            url TEXT NOT NULL,
            status INTEGER,
            bytes INTEGER NOT NULL,
            duration REAL NOT NULL,
            error TEXT,
            at TEXT NOT NULL
        );
        CREATE INDEX fetch_log_at ON fetch_log(at);
        """
    )
    db["articles"].enable_fts(
        ["title", "text"], create_triggers=True, tokenize="unicode61 remove_diacritics 2"
    )


@dataclass
class ArticleRecord:
    """A complete article row (sqlite-utils 4 upserts with partial rows null columns)."""

    url: str
    canonical_url: str
    guid: str | None
    source_id: int
    feed_id: int | None
    title: str
    author: str | None
    published_at: str | None
    fetched_at: str
    language: str | None
    sitename: str | None
    text: str
    summary: str | None
    description: str | None
    image: str | None
    word_count: int
    extraction_status: str
    extraction_note: str | None


@dataclass
class FeedState:
    id: int
    source_id: int
    url: str
    etag: str | None
    last_modified: str | None
    consecutive_failures: int
    disabled_reason: str | None


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
    migrations.apply(db)
    return db


@contextmanager
def transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.conn.rollback()
        raise
    db.conn.execute("COMMIT")


# -- sources and feeds ---------------------------------------------------------------------


def sync_sources(db: sqlite_utils.Database, config: Config, now: str) -> None:
    """Make the `sources` and `feeds` tables match the config (never deleting history)."""
    with transaction(db):
        for source in config.sources:
            db.execute(
                "INSERT INTO sources (name, poll_interval, created_at) VALUES (?, ?, ?) "
                "ON CONFLICT(name) DO UPDATE SET poll_interval = excluded.poll_interval",
                [source.name, source.poll_interval, now],
            )
            source_id = source_id_for(db, source.name)
            for url in source.feeds:
                db.execute(
                    "INSERT INTO feeds (source_id, url) VALUES (?, ?) "
                    "ON CONFLICT(url) DO UPDATE SET source_id = excluded.source_id",
                    [source_id, url],
                )


def source_id_for(db: sqlite_utils.Database, name: str) -> int:
    row = db.execute("SELECT id FROM sources WHERE name = ?", [name]).fetchone()
    if row is None:
        raise KeyError(name)
    return int(row[0])


def ensure_source(db: sqlite_utils.Database, name: str, now: str) -> int:
    """Sources named in an import but not in the config still need a row."""
    with transaction(db):
        db.execute(
            "INSERT INTO sources (name, poll_interval, created_at) VALUES (?, 1800, ?) "
            "ON CONFLICT(name) DO NOTHING",
            [name, now],
        )
    return source_id_for(db, name)


def feed_state(db: sqlite_utils.Database, url: str) -> FeedState:
    row = db.execute(
        "SELECT id, source_id, url, etag, last_modified, consecutive_failures, disabled_reason "
        "FROM feeds WHERE url = ?",
        [url],
    ).fetchone()
    if row is None:
        raise KeyError(url)
    return FeedState(*row)


def record_feed_result(
    db: sqlite_utils.Database,
    feed_id: int,
    *,
    now: str,
    status: int | None,
    outcome: str,
    error: str | None,
    etag: str | None = None,
    last_modified: str | None = None,
    title: str | None = None,
    disabled_reason: str | None = None,
) -> None:
    """Feed health: a success resets the failure streak, a failure lengthens it."""
    with transaction(db):
        if error is None:
            db.execute(
                "UPDATE feeds SET last_status = ?, last_outcome = ?, last_checked_at = ?, "
                "last_success_at = ?, consecutive_failures = 0, disabled_reason = NULL, "
                "etag = COALESCE(?, etag), last_modified = COALESCE(?, last_modified), "
                "title = COALESCE(?, title) WHERE id = ?",
                [status, outcome, now, now, etag, last_modified, title, feed_id],
            )
        else:
            db.execute(
                "UPDATE feeds SET last_status = ?, last_outcome = ?, last_checked_at = ?, "
                "last_error = ?, last_error_at = ?, "
                "consecutive_failures = consecutive_failures + 1, "
                "disabled_reason = COALESCE(?, disabled_reason) WHERE id = ?",
                [status, outcome, now, error, now, disabled_reason, feed_id],
            )


# -- articles ------------------------------------------------------------------------------


def find_article(
    db: sqlite_utils.Database,
    urls: Iterable[str],
    feed_id: int | None = None,
    guid: str | None = None,
) -> int | None:
    """The stored article known by any of these URLs, or by this GUID within its feed."""
    if feed_id is not None and guid:
        row = db.execute(
            "SELECT id FROM articles WHERE feed_id = ? AND guid = ?", [feed_id, guid]
        ).fetchone()
        if row:
            return int(row[0])
    for url in urls:
        row = db.execute("SELECT article_id FROM article_urls WHERE url = ?", [url]).fetchone()
        if row:
            return int(row[0])
    return None


def insert_article(
    db: sqlite_utils.Database,
    record: ArticleRecord,
    aliases: Iterable[tuple[str, str]],
    *,
    pending_id: int | None = None,
) -> int:
    """Store one article with its URL aliases atomically; clears its pending entry if any."""
    row = asdict(record)
    columns = ", ".join(row)
    placeholders = ", ".join("?" for _ in row)
    with transaction(db):
        cursor = db.execute(
            f"INSERT INTO articles ({columns}) VALUES ({placeholders})", list(row.values())
        )
        article_id = int(cursor.lastrowid)
        _add_aliases(db, article_id, aliases, record.fetched_at)
        if pending_id is not None:
            db.execute("DELETE FROM pending_entries WHERE id = ?", [pending_id])
    return article_id


def add_aliases(
    db: sqlite_utils.Database, article_id: int, aliases: Iterable[tuple[str, str]], now: str
) -> None:
    with transaction(db):
        _add_aliases(db, article_id, aliases, now)


def _add_aliases(
    db: sqlite_utils.Database, article_id: int, aliases: Iterable[tuple[str, str]], now: str
) -> None:
    for url, kind in aliases:
        db.execute(
            "INSERT INTO article_urls (url, article_id, kind, seen_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(url) DO NOTHING",
            [url, article_id, kind, now],
        )


# -- pending entries: article pages that failed transiently, retried on later passes --------


def save_pending(
    db: sqlite_utils.Database, feed_id: int, entry: dict[str, Any], error: str, now: str
) -> int:
    with transaction(db):
        db.execute(
            "INSERT INTO pending_entries (feed_id, guid, url, title, summary, published, author, "
            "content_text, attempts, last_error, first_seen_at) "
            "VALUES (:feed_id, :guid, :url, :title, :summary, :published, :author, "
            ":content_text, 1, :error, :now) "
            "ON CONFLICT(feed_id, guid) DO UPDATE SET attempts = attempts + 1, "
            "last_error = excluded.last_error",
            {**entry, "feed_id": feed_id, "error": error, "now": now},
        )
        row = db.execute(
            "SELECT attempts FROM pending_entries WHERE feed_id = ? AND guid = ?",
            [feed_id, entry["guid"]],
        ).fetchone()
    return int(row[0])


def pending_for_feed(db: sqlite_utils.Database, feed_id: int) -> list[dict[str, Any]]:
    cursor = db.execute(
        "SELECT id, guid, url, title, summary, published, author, content_text, attempts "
        "FROM pending_entries WHERE feed_id = ? ORDER BY id",
        [feed_id],
    )
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def delete_pending(db: sqlite_utils.Database, pending_id: int) -> None:
    with transaction(db):
        db.execute("DELETE FROM pending_entries WHERE id = ?", [pending_id])


# -- fetch log -----------------------------------------------------------------------------


def log_requests(db: sqlite_utils.Database, entries: list[RequestLog]) -> None:
    if not entries:
        return
    with transaction(db):
        db.conn.executemany(
            "INSERT INTO fetch_log (url, status, bytes, duration, error, at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [(e.url, e.status, e.bytes, e.duration, e.error, e.at) for e in entries],
        )


def count(db: sqlite_utils.Database, sql: str, params: list[Any] | None = None) -> int:
    return int(db.execute(sql, params or []).fetchone()[0])
