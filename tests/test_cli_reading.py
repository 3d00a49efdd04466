"""What a person reads in the terminal: local times, durations in words, rounded rates."""

from __future__ import annotations

import json
import os
import pty
import shutil
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from aggregator.cli.output import in_words
from tests.conftest import run_cli, write_config

ROOT = Path(__file__).resolve().parent.parent


def _article(n: int, published: str) -> str:
    return json.dumps(
        {
            "url": f"https://www.example-news.com/ev/story-{n}",
            "title": f"Xiaomi YU7 deliveries, weekly report number {n}",
            "text": f"Xiaomi delivered YU7 cars in week {n}, report {n * 31}. " * 12,
            "published": published,
            "source": "Example News",
        }
    )


@pytest.fixture
def berlin(tmp_path: Path) -> Path:
    """A configuration in Europe/Berlin with ten articles imported from Example News."""
    config = write_config(
        tmp_path / "sources.yaml",
        {"Example News": ["http://127.0.0.1:9/"]},
        extra_settings="timezone: Europe/Berlin",
    )
    lines = tmp_path / "ten.jsonl"
    lines.write_text("".join(_article(n, "2026-11-01T09:00:00Z") + "\n" for n in range(10)))
    assert run_cli("import", str(lines), "--config", str(config)).exit_code == 0
    return config


def test_times_are_shown_in_the_configured_timezone(berlin: Path) -> None:
    config = str(berlin)
    found = run_cli("search", "yu7", "--no-collapse", "--limit", "1", "--config", config)
    assert "2026-11-01 10:00 CET" in found.output and "09:00:00+00:00" not in found.output
    article = json.loads(run_cli("search", "yu7", "--json", "--config", config).output)[0]
    assert article["published_at"] == "2026-11-01T09:00:00+00:00"  # JSON stays exact UTC
    shown = run_cli("show", str(article["id"]), "--config", config).output
    assert "published  2026-11-01 10:00 CET" in shown
    story = run_cli("show", f"story:{article['story_id']}", "--config", config).output
    assert "first seen 20" in story and ("CET" in story or "CEST" in story)


def test_status_says_when_in_words_and_rounds_rates(berlin: Path) -> None:
    config = str(berlin)
    soon = datetime.now(UTC) + timedelta(hours=5, minutes=58, seconds=30)
    with sqlite3.connect(berlin.parent / "test.db") as db:
        db.execute(
            "UPDATE sources SET next_poll_at = ? WHERE name = 'Example News'",
            [soon.isoformat(timespec="seconds")],
        )
    shown = run_cli("status", "--config", config).output
    assert "in 5 h 58 min" in shown
    health = json.loads(run_cli("status", "--json", "--config", config).output)["sources"]
    assert health[0]["articles_per_day"] == 1.4  # ten in seven days, not 1.4285714285714286


@pytest.mark.parametrize(
    ("seconds", "words"),
    [(45, "45 s"), (600, "10 min"), (5 * 3600 + 58 * 60 + 59, "5 h 58 min"), (7200, "2 h")],
)
def test_durations_in_words(seconds: float, words: str) -> None:
    assert in_words(seconds) == words


def test_piped_tables_stay_whole_and_tsv_is_one_line_per_row(berlin: Path) -> None:
    config = str(berlin)
    with sqlite3.connect(berlin.parent / "test.db") as db:
        db.execute(
            "INSERT INTO feeds (source_id, url, last_error, last_error_at) SELECT id, "
            "'http://127.0.0.1:9/', ?, '2026-11-30T08:00:00+00:00' FROM sources",
            ["http://127.0.0.1:9/: connection refused by the outlet's server, tried three times"],
        )
    table = run_cli("status", "--config", config).output
    row = next(line for line in table.splitlines() if "Example News" in line)
    assert "tried three times" in row  # one line, not wrapped into an 80-column box
    tsv = run_cli("status", "--tsv", "--config", config).output.splitlines()
    assert tsv[0].split("\t")[:3] == ["source", "last success", "failures"]
    assert tsv[1].startswith("Example News\t") and len(tsv) == 2


def test_show_lists_story_and_topics_and_pages_on_a_terminal(tmp_path: Path) -> None:
    """On a terminal `show` goes through $PAGER (here `tee FILE`, so we can read what it
    got); it names the article's story and its topics with their scores."""
    config = tmp_path / "sources.yaml"
    shutil.copy(ROOT / "sources.yaml", config)
    lines = tmp_path / "one.jsonl"
    one = json.loads(_article(1, "2026-11-01T09:00:00Z"))
    lines.write_text(json.dumps({**one, "title": "Xiaomi YU7 deliveries pass 40,000"}) + "\n")
    db = tmp_path / "t.db"
    assert run_cli("import", str(lines), "--config", str(config), "--db", str(db)).exit_code == 0
    paged = tmp_path / "paged.txt"
    primary, secondary = pty.openpty()
    process = subprocess.run(
        [sys.executable, "-m", "aggregator", "show", "1", "--config", str(config), "--db", str(db)],
        stdin=secondary,
        stdout=secondary,
        stderr=subprocess.PIPE,
        env={**os.environ, "PAGER": f"tee {paged}"},
        timeout=60,
        check=False,
    )
    os.close(secondary)
    os.close(primary)
    assert process.returncode == 0, process.stderr
    shown = paged.read_text()
    assert "article 1: Xiaomi YU7 deliveries pass 40,000" in shown
    assert "  story      story:1 Xiaomi YU7 deliveries pass 40,000 (1 articles, 1 outlets)" in shown
    assert "  topics     Xiaomi EV (" in shown
    piped = run_cli("show", "1", "--config", str(config), "--db", str(db)).output
    assert "topics     Xiaomi EV (" in piped  # piped: straight to stdout, no pager


def test_shell_completion_as_the_readme_documents() -> None:
    """The README's completion line works: the shell gets the script, then the commands."""
    command = str(Path(sys.executable).with_name("aggregator"))
    script = subprocess.run(
        [command],
        env={**os.environ, "_AGGREGATOR_COMPLETE": "bash_source"},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    assert "_aggregator_completion()" in script
    completed = subprocess.run(
        [command],
        env={
            **os.environ,
            "_AGGREGATOR_COMPLETE": "bash_complete",
            "COMP_WORDS": "aggregator so",
            "COMP_CWORD": "1",
        },
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    assert completed.split() == ["plain,sources"]
    readme = (ROOT / "README.md").read_text()
    assert 'eval "$(_AGGREGATOR_COMPLETE=bash_source aggregator)"' in readme
