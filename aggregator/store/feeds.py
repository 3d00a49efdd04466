"""Sources, feeds and their health: validators, failure streaks, pending items, the request log
and the service's polling state.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from ..config import Config
from ..http import RequestLog
from .connection import _dicts, transaction

PRUNE_BATCH = 1000  # rows deleted per transaction when old records are pruned


@dataclass
class FeedState:
    id: int
    source_id: int
    url: str
    etag: str | None
    last_modified: str | None
    consecutive_failures: int
    disabled_reason: str | None


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


def source_names(db: sqlite_utils.Database) -> list[str]:
    return [row[0] for row in db.execute("SELECT name FROM sources ORDER BY name")]


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
    warning: str | None = None,
) -> None:
    """Feed health: a success resets the failure streak, a failure lengthens it."""
    with transaction(db):
        if error is None:
            db.execute(
                "UPDATE feeds SET last_status = ?, last_outcome = ?, last_checked_at = ?, "
                "last_success_at = ?, consecutive_failures = 0, disabled_reason = NULL, "
                "etag = COALESCE(?, etag), last_modified = COALESCE(?, last_modified), "
                "title = COALESCE(?, title), "
                "last_warning = CASE WHEN ? = 'not_modified' THEN last_warning ELSE ? END "
                "WHERE id = ?",
                [status, outcome, now, now, etag, last_modified, title, outcome, warning, feed_id],
            )
        else:
            db.execute(
                "UPDATE feeds SET last_status = ?, last_outcome = ?, last_checked_at = ?, "
                "last_error = ?, last_error_at = ?, "
                "consecutive_failures = consecutive_failures + 1, "
                "disabled_reason = COALESCE(?, disabled_reason) WHERE id = ?",
                [status, outcome, now, error, now, disabled_reason, feed_id],
            )


def set_feed_warning(db: sqlite_utils.Database, feed_id: int, warning: str | None) -> None:
    """Item-level trouble found after the feed itself was recorded as fetched."""
    with transaction(db):
        db.execute("UPDATE feeds SET last_warning = ? WHERE id = ?", [warning, feed_id])


def save_validators(
    db: sqlite_utils.Database, feed_id: int, etag: str | None, last_modified: str | None
) -> None:
    """Remember a feed version only once all its items are stored or queued."""
    with transaction(db):
        db.execute(
            "UPDATE feeds SET etag = COALESCE(?, etag), "
            "last_modified = COALESCE(?, last_modified) WHERE id = ?",
            [etag, last_modified, feed_id],
        )


def save_pending(
    db: sqlite_utils.Database,
    feed_id: int,
    entry: dict[str, Any],
    error: str,
    now: str,
    article_id: int | None = None,
) -> int:
    """Queue an item's page for the next passes; returns how many attempts it has had.
    `article_id`: the item is stored already (from its feed) and only its page is awaited."""
    with transaction(db):
        _queue(db, feed_id, entry, error, now, article_id)
        row = db.execute(
            "SELECT attempts FROM pending_entries WHERE feed_id = ? AND guid = ?",
            [feed_id, entry["guid"]],
        ).fetchone()
    return int(row[0])


def _queue(
    db: sqlite_utils.Database,
    feed_id: int,
    entry: dict[str, Any],
    error: str,
    now: str,
    article_id: int | None,
) -> None:
    db.execute(
        "INSERT INTO pending_entries (feed_id, guid, url, title, summary, published, author, "
        "content_text, attempts, last_error, first_seen_at, article_id) "
        "VALUES (:feed_id, :guid, :url, :title, :summary, :published, :author, "
        ":content_text, 1, :error, :now, :article_id) "
        "ON CONFLICT(feed_id, guid) DO UPDATE SET attempts = attempts + 1, "
        "last_error = excluded.last_error, article_id = excluded.article_id",
        {**entry, "feed_id": feed_id, "error": error, "now": now, "article_id": article_id},
    )


def pending_for_feed(db: sqlite_utils.Database, feed_id: int) -> list[dict[str, Any]]:
    return _dicts(
        db.execute(
            "SELECT id, guid, url, title, summary, published, author, content_text, attempts, "
            "article_id FROM pending_entries WHERE feed_id = ? ORDER BY id",
            [feed_id],
        )
    )


def delete_pending(db: sqlite_utils.Database, pending_id: int) -> None:
    with transaction(db):
        db.execute("DELETE FROM pending_entries WHERE id = ?", [pending_id])


def log_requests(db: sqlite_utils.Database, entries: list[RequestLog]) -> None:
    if not entries:
        return
    with transaction(db):
        db.conn.executemany(
            "INSERT INTO fetch_log (url, status, bytes, duration, error, at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [(e.url, e.status, e.bytes, e.duration, e.error, e.at) for e in entries],
        )


def prune_fetch_log(db: sqlite_utils.Database, before: str, batch: int = PRUNE_BATCH) -> int:
    """Forget requests logged before `before`, `batch` rows per transaction: Datasette,
    searches and the next write never wait long on the write lock. When nothing is that old
    this costs one index lookup and no transaction, so every pass can call it."""
    removed = 0
    while db.execute("SELECT 1 FROM fetch_log WHERE at < ? LIMIT 1", [before]).fetchone():
        with transaction(db):
            removed += db.execute(
                "DELETE FROM fetch_log WHERE id IN "
                "(SELECT id FROM fetch_log WHERE at < ? ORDER BY at LIMIT ?)",
                [before, batch],
            ).rowcount
    return removed


def due_sources(db: sqlite_utils.Database, names: Sequence[str], now: str) -> list[str]:
    """Configured sources whose next poll time has come (never polled: due at once)."""
    marks = ", ".join("?" for _ in names)
    rows = db.execute(
        f"SELECT name FROM sources WHERE name IN ({marks}) "
        "AND (next_poll_at IS NULL OR next_poll_at <= ?) ORDER BY next_poll_at, name",
        [*names, now],
    ).fetchall()
    return [r[0] for r in rows]


def articles_since(db: sqlite_utils.Database, source: str, since: str) -> int:
    return int(
        db.execute(
            "SELECT COUNT(*) FROM articles a JOIN sources s ON s.id = a.source_id "
            "WHERE s.name = ? AND a.fetched_at >= ?",
            [source, since],
        ).fetchone()[0]
    )


def failure_streak(db: sqlite_utils.Database, source: str) -> int:
    row = db.execute("SELECT failure_streak FROM sources WHERE name = ?", [source]).fetchone()
    return int(row[0]) if row else 0


def record_poll(
    db: sqlite_utils.Database,
    source: str,
    *,
    polled_at: str,
    succeeded: bool,
    interval: float,
    next_poll_at: str,
) -> None:
    with transaction(db):
        db.execute(
            "UPDATE sources SET last_poll_at = ?, next_poll_at = ?, current_interval = ?, "
            "failure_streak = CASE WHEN ? THEN 0 ELSE failure_streak + 1 END WHERE name = ?",
            [polled_at, next_poll_at, interval, succeeded, source],
        )


def source_health(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    return _dicts(db.execute("SELECT * FROM source_health ORDER BY name"))
