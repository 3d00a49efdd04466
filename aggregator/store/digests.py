"""Digests: what is new since the last one sent, and the record of what each one contained."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

import sqlite_utils

from .connection import _dicts, transaction


class LastDigest(NamedTuple):
    covered_until: str
    last_article_id: int
    id: int


def last_digest(db: sqlite_utils.Database) -> LastDigest | None:
    """Where the last digest sent ended (one whose delivery is unconfirmed or in progress
    counts as sent: the next one starts after it)."""
    row = db.execute(
        "SELECT covered_until, last_article_id, id FROM digests ORDER BY id DESC LIMIT 1"
    ).fetchone()
    return LastDigest(row[0], int(row[1]), int(row[2])) if row else None


def new_articles(
    db: sqlite_utils.Database,
    *,
    after_id: int | None,
    since: str,
    until_id: int,
    topic: str | None,
) -> list[dict[str, Any]]:
    """Articles stored after the last digest (ids only grow, so a second-resolution clock
    cannot make an article fall between two digests), or since a time when asked.

    The window is on storage, not publication: an article published last week but first seen
    today is news to the reader today. With a topic, only the articles filed under it, and
    `relevance` is their story's score for the topic: that of its best article so far.
    Without one, every new article, and `tagged` says whether it is filed under any topic."""
    join = "JOIN article_topics t ON t.article_id = a.id AND t.topic = :topic" if topic else ""
    relevance = (
        "(SELECT MAX(bt.score) FROM articles b JOIN article_topics bt "
        "ON bt.article_id = b.id AND bt.topic = :topic "
        "WHERE b.story_id = a.story_id AND b.id <= :until)"
        if topic
        else "NULL"
    )
    window = "a.id > :after" if after_id is not None else "a.fetched_at > :since"
    return _dicts(
        db.execute(
            f"SELECT a.id, a.story_id, a.source_id, s.name AS source, {relevance} AS relevance, "
            "EXISTS (SELECT 1 FROM article_topics x WHERE x.article_id = a.id) AS tagged "
            "FROM articles a "
            f"JOIN sources s ON s.id = a.source_id {join} "
            f"WHERE {window} AND a.id <= :until AND a.story_id IS NOT NULL ORDER BY a.id",
            {"after": after_id, "since": since, "until": until_id, "topic": topic},
        )
    )


def story_outlet_counts(
    db: sqlite_utils.Database, story_ids: Sequence[int], until_id: int
) -> dict[int, int]:
    """How many outlets covered each story (articles stored up to `until_id`)."""
    counts: dict[int, int] = {}
    for chunk in _chunks(story_ids):
        marks = ", ".join("?" for _ in chunk)
        counts.update(
            db.execute(
                "SELECT story_id, COUNT(DISTINCT source_id) FROM articles "
                f"WHERE story_id IN ({marks}) AND id <= ? GROUP BY story_id",
                [*chunk, until_id],
            ).fetchall()
        )
    return counts


def topic_daily_counts(
    db: sqlite_utils.Database, topic: str | None, *, until: str, days: int
) -> list[int]:
    """Articles on `topic` (every article for None) in each of the `days` 24-hour windows
    ending at `until`, oldest first, by publication time (storage time when it has none):
    a backfill stored today is last month's volume, not today's."""
    column = "COALESCE(a.published_at, a.fetched_at)"
    join = "JOIN article_topics t ON t.article_id = a.id AND t.topic = :topic" if topic else ""
    rows = db.execute(
        f"SELECT CAST(julianday(:until) - julianday({column}) AS INTEGER) AS ago, COUNT(*) "
        f"FROM articles a {join} "
        f"WHERE {column} > strftime('%Y-%m-%dT%H:%M:%S+00:00', :until, :span) "
        f"AND {column} <= :until GROUP BY ago",
        {"topic": topic, "until": until, "span": f"-{days} days"},
    )
    counts = [0] * days
    for ago, count in rows:
        if 0 <= ago < days:
            counts[days - 1 - ago] = count
    return counts


def _chunks(ids: Sequence[int], size: int = 500) -> list[Sequence[int]]:
    return [ids[start : start + size] for start in range(0, len(ids), size)]


def story_for_digest(db: sqlite_utils.Database, story_id: int, until_id: int) -> dict[str, Any]:
    """A story as a digest shows it: its articles stored up to `until_id`, first one first."""
    story = _dicts(db.execute("SELECT * FROM stories WHERE id = ?", [story_id]))[0]
    story["articles"] = _dicts(
        db.execute(
            "SELECT a.id, a.title, a.url, a.text, a.summary, a.published_at, a.fetched_at, "
            "a.copy_of, a.language, s.name AS source FROM articles a JOIN sources s ON s.id = a.source_id "
            "WHERE a.story_id = ? AND a.id <= ? "
            "ORDER BY COALESCE(a.published_at, a.fetched_at), a.id",
            [story_id, until_id],
        )
    )
    return story


def stories_in_earlier_digests(db: sqlite_utils.Database, story_ids: Sequence[int]) -> set[int]:
    if not story_ids:
        return set()
    marks = ", ".join("?" for _ in story_ids)
    rows = db.execute(
        f"SELECT DISTINCT story_id FROM digest_stories WHERE story_id IN ({marks})",
        list(story_ids),
    )
    return {int(r[0]) for r in rows}


def record_digest(
    db: sqlite_utils.Database,
    *,
    sent_at: str,
    covered_from: str | None,
    covered_until: str,
    recipients: Sequence[str],
    message_id: str,
    subject: str,
    story_count: int,
    article_count: int,
    last_article_id: int,
    stories_by_topic: Sequence[tuple[int, str]],
    status: str = "sent",
    key: str | None = None,
) -> int | None:
    """Record a digest with its stories; None when one with this key is already recorded."""
    with transaction(db):
        cursor = db.execute(
            "INSERT INTO digests (sent_at, covered_from, covered_until, recipients, "
            "message_id, subject, story_count, article_count, last_article_id, status, "
            "idempotency_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(idempotency_key) DO NOTHING",
            [
                sent_at,
                covered_from,
                covered_until,
                ", ".join(recipients),
                message_id,
                subject,
                story_count,
                article_count,
                last_article_id,
                status,
                key,
            ],
        )
        if not cursor.rowcount:
            return None
        digest_id = int(cursor.lastrowid)
        db.conn.executemany(
            "INSERT OR IGNORE INTO digest_stories (digest_id, story_id, topic) VALUES (?, ?, ?)",
            [(digest_id, story_id, topic) for story_id, topic in stories_by_topic],
        )
    return digest_id


def set_digest_status(db: sqlite_utils.Database, digest_id: int, status: str) -> None:
    with transaction(db):
        db.execute("UPDATE digests SET status = ? WHERE id = ?", [status, digest_id])


def forget_digest(db: sqlite_utils.Database, digest_id: int) -> None:
    """A digest recorded as 'sending' that the server then refused: it was not sent."""
    with transaction(db):
        db.execute("DELETE FROM digest_stories WHERE digest_id = ?", [digest_id])
        db.execute("DELETE FROM digests WHERE id = ?", [digest_id])


def settle_interrupted_digests(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """Digests a process left in 'sending' (killed during the SMTP exchange) become
    'unconfirmed'; returned so the caller can say so once."""
    with transaction(db):
        rows = _dicts(
            db.execute(
                "SELECT id, sent_at, covered_from, covered_until, message_id, subject "
                "FROM digests WHERE status = 'sending' ORDER BY id"
            )
        )
        db.execute("UPDATE digests SET status = 'unconfirmed' WHERE status = 'sending'")
    return rows
