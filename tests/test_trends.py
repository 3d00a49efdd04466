"""Trends: articles and new stories per topic and day, in the terminal and as canned queries."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from aggregator.serve import QUERIES
from tests.conftest import run_cli, write_config

TODAY = datetime.now(UTC).date()

# (days ago, outlet, story, on the topic): stories are set by the test, not by clustering.
# Story "c" had an article on the topic 10 days ago, so in a 5-day window it is not new.
ARTICLES = [
    (0, "Alpha", "a", True),
    (0, "Beta", "a", True),
    (1, "Alpha", "b", True),
    (3, "Alpha", "b", True),
    (10, "Alpha", "c", True),
    (0, "Beta", "c", True),
    (0, "Beta", "d", False),
]


def _day(ago: int) -> date:
    return TODAY - timedelta(days=ago)


def _line(n: int, ago: int, outlet: str, on_topic: bool) -> str:
    subject = "Xiaomi YU7" if on_topic else "Solar farm"
    return json.dumps(
        {
            "url": f"https://www.{outlet.lower()}.example/ev/{n}",
            "title": f"{subject} report {n}: quarry{n} lantern{n * 7}",
            "text": f"{subject} note {n} about walrus{n} and pebble{n * 3}. " * 10,
            "published": f"{_day(ago)}T00:00:01Z",
            "source": outlet,
        }
    )


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """The articles above imported, tagged with Xiaomi EV when on the topic, and grouped
    into the stories listed."""
    config = write_config(
        tmp_path / "sources.yaml",
        {"Alpha": ["http://127.0.0.1:9/a"], "Beta": ["http://127.0.0.1:9/b"]},
    )
    with config.open("a") as file:
        file.write("topics:\n  - name: Xiaomi EV\n    terms: [yu7]\n")
    lines = tmp_path / "a.jsonl"
    lines.write_text("".join(_line(n, *a[:2], a[3]) + "\n" for n, a in enumerate(ARTICLES)))
    assert run_cli("import", str(lines), "--config", str(config)).exit_code == 0
    with sqlite3.connect(tmp_path / "test.db") as db:
        ids = [row[0] for row in db.execute("SELECT id FROM articles ORDER BY id")]
        stories = [row[0] for row in db.execute("SELECT id FROM stories ORDER BY id")]
        assert len(ids) == len(ARTICLES)
        for _ in range(4 - len(stories)):  # clustering joined some of these look-alikes
            stories.append(
                db.execute(
                    "INSERT INTO stories (headline, first_seen, last_seen, article_count, "
                    "source_count) VALUES ('', '', '', 0, 0)"
                ).lastrowid
            )
        story_of = dict(zip("abcd", stories, strict=False))
        for article_id, (_, _, story, _) in zip(ids, ARTICLES, strict=True):
            db.execute(
                "UPDATE articles SET story_id = ? WHERE id = ?", [story_of[story], article_id]
            )
        db.execute(  # as the store keeps it: a story's first_seen is its earliest article
            "UPDATE stories SET first_seen = (SELECT MIN(COALESCE(published_at, fetched_at)) "
            "FROM articles WHERE story_id = stories.id)"
        )
        tagged = db.execute("SELECT COUNT(*) FROM article_topics WHERE topic = 'Xiaomi EV'")
        assert tagged.fetchone()[0] == 6
    return config


def test_trends_json_counts_articles_and_new_stories_per_day(archive: Path) -> None:
    result = run_cli(
        "trends", "--topic", "xiaomi ev", "--since", "5d", "--json", "--config", str(archive)
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["days"] == [str(_day(ago)) for ago in range(5, -1, -1)]
    assert data["topics"] == {
        "Xiaomi EV": {"articles": [0, 0, 1, 0, 1, 3], "stories": [0, 0, 1, 0, 0, 1]}
    }


def test_trends_prints_sparklines_with_total_today_and_average(archive: Path) -> None:
    result = run_cli("trends", "--since", "5d", "--config", str(archive))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Xiaomi EV"
    # five days before today hold 2 articles (0.4 a day) and 1 new story (0.2)
    assert lines[1] == "  articles ▁▁▄▁▄█  total 5 · today 3 · 0.4/day before"
    assert lines[2] == "  stories  ▁▁█▁▁█  total 2 · today 1 · 0.2/day before"


def test_trends_unknown_topic_is_a_usage_error(archive: Path) -> None:
    result = run_cli("trends", "--topic", "Xiaomi", "--config", str(archive))
    assert result.exit_code == 2
    assert "no topic named 'Xiaomi'; did you mean 'Xiaomi EV'?" in result.output


def test_trends_since_a_future_date_is_a_usage_error(archive: Path) -> None:
    result = run_cli("trends", "--since", str(_day(-2)), "--config", str(archive))
    assert result.exit_code == 2
    assert f"--since {_day(-2)} is after today ({TODAY}): no day to show" in result.output


def _canned(db_path: Path, name: str, days: str) -> list[tuple]:
    with sqlite3.connect(db_path) as db:
        return db.execute(QUERIES[name]["sql"], {"days": days}).fetchall()


def test_topic_daily_query_gives_the_numbers_trends_prints(archive: Path) -> None:
    rows = _canned(archive.parent / "test.db", "topic_daily", "5")
    assert rows == [
        (str(_day(3)), "Xiaomi EV", 1, 1),
        (str(_day(1)), "Xiaomi EV", 1, 0),
        (str(_day(0)), "Xiaomi EV", 3, 1),
    ]


def test_topic_outlets_query_gives_each_outlets_share_over_30_days_by_default(
    archive: Path,
) -> None:
    rows = _canned(archive.parent / "test.db", "topic_outlets", "")
    assert rows == [("Xiaomi EV", "Alpha", 4, 66.7), ("Xiaomi EV", "Beta", 2, 33.3)]
