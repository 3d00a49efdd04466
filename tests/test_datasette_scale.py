"""The queries behind the pages `aggregator serve` points to stop early on a large archive.

Their speed is measured by benchmarks/datasette.py (200,000 articles); these tests pin the
query plans that make it: newest first from a date index, never a sort of every match or
every article of a topic, counts from an index."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import sqlite_utils

from aggregator import datasette_pages, store
from aggregator.serve import QUERIES
from aggregator.store.trends import ONE_TOPIC, SINCE, daily_sql, outlets_sql
from aggregator.topics import fts_query


@pytest.fixture
def conn(tmp_path: Path) -> sqlite3.Connection:
    store.open_db(tmp_path / "a.db").close()
    connection = sqlite3.connect(tmp_path / "a.db")
    connection.create_function("fts_query", 1, fts_query, deterministic=True)
    return connection


def plan(conn: sqlite3.Connection, sql: str, parameters: dict[str, str]) -> list[str]:
    return [row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}", parameters)]


@pytest.mark.parametrize(
    ("query", "parameters"),
    [
        ("latest_by_topic", {"topic": "Tesla"}),
        ("topic_feed", {"topic": "Tesla"}),
    ],
)
def test_topic_queries_walk_the_date_index_newest_first(
    conn: sqlite3.Connection, query: str, parameters: dict[str, str]
) -> None:
    steps = plan(conn, QUERIES[query]["sql"], parameters)
    assert steps[0] == "SCAN a USING INDEX articles_when", steps
    assert not any("TEMP B-TREE" in step for step in steps), steps


def test_a_search_of_the_article_index_stops_at_the_page(conn: sqlite3.Connection) -> None:
    """The SQL Datasette writes for `article_index?_search=` (an `id in (matches)` filter,
    the table's sort): without the date index it fetched and sorted every match."""
    sql = (
        "select * from article_index where id in (select rowid from articles_fts "
        "where articles_fts match :search) order by published_at desc limit 51"
    )
    steps = plan(conn, sql, {"search": "tesla"})
    assert steps[0] == "SCAN a USING INDEX articles_published", steps
    assert not any("TEMP B-TREE" in step for step in steps), steps


def test_source_health_counts_recent_articles_from_an_index(conn: sqlite3.Connection) -> None:
    steps = plan(conn, "select * from source_health", {})
    counts = [step for step in steps if step.startswith("SEARCH a ")]
    assert counts and all("articles_source_fetched" in step for step in counts), steps


def test_the_week_is_read_from_the_date_index(conn: sqlite3.Connection) -> None:
    steps = plan(conn, "select source, count(*) from recent_articles group by source", {})
    reads = [step for step in steps if step.startswith(("SCAN a ", "SEARCH a "))]
    assert reads and all("published_at>?" in step for step in reads), steps


def statements(
    conn: sqlite3.Connection, read: Callable[[sqlite_utils.Database], object]
) -> list[str]:
    """The queries a store function runs, with its values in place."""
    seen: list[str] = []
    conn.set_trace_callback(seen.append)
    read(sqlite_utils.Database(conn))
    conn.set_trace_callback(None)
    return [sql for sql in seen if sql.lstrip().upper().startswith(("SELECT", "WITH"))]


def test_home_page_topic_counts_read_the_week_from_the_date_index(
    conn: sqlite3.Connection,
) -> None:
    """From the tags, SQLite read every tag of the archive to count a week."""
    week = "2026-01-01T00:00:00+00:00"
    [sql] = statements(conn, lambda db: store.recent_topic_counts(db, today=week, week=week))
    steps = plan(conn, sql, {})
    assert steps[0].startswith("SEARCH a USING COVERING INDEX articles_when"), steps
    assert not any(step.startswith("SCAN") for step in steps), steps


def test_home_page_stories_walk_the_last_seen_index_and_stop(conn: sqlite3.Connection) -> None:
    [sql] = statements(conn, lambda db: store.latest_stories(db, min_sources=2, limit=12))
    steps = plan(conn, sql, {})
    assert steps[0] == "SCAN s USING INDEX stories_last_seen", steps
    assert not any("TEMP B-TREE FOR ORDER BY" in step for step in steps), steps


def test_topic_names_skip_along_the_topic_index(conn: sqlite3.Connection) -> None:
    """A DISTINCT over article_topics reads every tag; each step here is one index seek."""
    [sql] = statements(conn, store.topic_names)
    reads = [step for step in plan(conn, sql, {}) if "article_topics" in step]
    assert reads and all(step.startswith("SEARCH") for step in reads), reads


def test_home_page_counts_a_topic_today_and_in_the_week(conn: sqlite3.Connection) -> None:
    """Published times decide (a backfill stored today is not today's news); an article
    with no publication time counts from when it was stored."""
    conn.execute(
        "INSERT INTO sources (id, name, poll_interval, created_at) VALUES (1, 'Wire', 60, 'x')"
    )
    for number, published, fetched, topics in [
        (1, "2026-01-08T09:00:00+00:00", "2026-01-08T09:05:00+00:00", ["Tesla", "Model Y"]),
        (2, "2026-01-05T09:00:00+00:00", "2026-01-08T09:05:00+00:00", ["Tesla"]),
        (3, None, "2026-01-07T23:30:00+00:00", ["Tesla"]),
        (4, "2025-12-20T09:00:00+00:00", "2026-01-08T09:05:00+00:00", ["Model Y"]),
    ]:
        conn.execute(
            "INSERT INTO articles (id, url, canonical_url, source_id, title, published_at, "
            "fetched_at, extraction_status) VALUES (?, ?, ?, 1, 't', ?, ?, 'ok')",
            [number, f"https://w/{number}", f"https://w/{number}", published, fetched],
        )
        conn.executemany(
            "INSERT INTO article_topics (article_id, topic) VALUES (?, ?)",
            [(number, topic) for topic in topics],
        )
    counts = store.recent_topic_counts(
        sqlite_utils.Database(conn),
        today="2026-01-07T23:00:00+00:00",
        week="2026-01-01T09:30:00+00:00",
    )
    assert counts == {"Tesla": (2, 3), "Model Y": (1, 1)}
    assert store.topic_names(sqlite_utils.Database(conn)) == ["Model Y", "Tesla"]
    # 10:00 in Berlin: today began at 23:00 UTC (article 3 is today's), the week on the 1st
    berlin = datetime(2026, 1, 8, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    topics = datasette_pages.home(sqlite_utils.Database(conn), berlin)["topics"]
    assert topics == [
        {"name": "Model Y", "today": 1, "week": 1},
        {"name": "Tesla", "today": 2, "week": 3},
    ]


@pytest.mark.parametrize("query", ["topic_daily", "topic_outlets"])
def test_trend_queries_read_the_window_from_the_date_index_alone(
    conn: sqlite3.Connection, query: str
) -> None:
    """The window's articles come from the date index without a lookup of their rows
    (m020): on a cold cache those lookups cost ~1 s for 30 days at 200,000 articles."""
    steps = plan(conn, QUERIES[query]["sql"], {"days": "30"})
    assert "SEARCH a USING COVERING INDEX articles_when (<expr>>?)" in steps, steps


@pytest.mark.parametrize("sql", [daily_sql(SINCE, ONE_TOPIC), outlets_sql(SINCE, ONE_TOPIC)])
def test_a_topics_charts_read_the_window_from_the_date_index_and_its_tags_by_key(
    conn: sqlite3.Connection, sql: str
) -> None:
    """The chart page's statements: the window from the date index, then only the chosen
    topic's tag of each article (one key lookup), never the other topics' tags."""
    steps = plan(conn, sql, {"since": "2026-01-01T00:00:00+00:00", "topic": "Tesla"})
    assert "SEARCH a USING COVERING INDEX articles_when (<expr>>?)" in steps, steps
    tags = [step for step in steps if step.startswith(("SCAN t ", "SEARCH t "))]
    assert tags and all("(article_id=? AND topic=?)" in step for step in tags), steps
