"""The queries behind the pages `aggregator serve` points to stop early on a large archive.

Their speed is measured by benchmarks/datasette.py (200,000 articles); these tests pin the
query plans that make it: newest first from a date index, never a sort of every match or
every article of a topic, counts from an index."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from aggregator import store
from aggregator.serve import QUERIES
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
