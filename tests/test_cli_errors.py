"""Odd arguments and a failing database give one-line errors, never a traceback: usage
errors exit 2, a database another process holds or a full disk exit 1 and name the file."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from aggregator import store
from tests.conftest import assert_consistent, run_cli, write_config
from tests.fakeweb import FakeServer, generate_bulk_articles, install_outlet

HUGE = str(2**70)


def article_line(number: int, published: str = "2026-11-24T09:00:00Z") -> str:
    return json.dumps(
        {
            "url": f"https://www.example-news.com/ev/story-{number}",
            "title": f"Xiaomi YU7 deliveries, report {number}",
            "text": f"Xiaomi delivered YU7 cars in week {number}. " * 12,
            "published": published,
            "source": "Example News",
        }
    )


@pytest.fixture
def archive(tmp_path: Path) -> tuple[Path, Path]:
    """(config, database) with three imported articles."""
    config = write_config(tmp_path / "sources.yaml", {"Example News": ["http://127.0.0.1:9/"]})
    lines = tmp_path / "three.jsonl"
    lines.write_text("\n".join(article_line(n) for n in range(3)) + "\n", encoding="utf-8")
    assert run_cli("import", str(lines), "--config", str(config)).exit_code == 0
    return config, tmp_path / "test.db"


def assert_one_line_error(result, code: int, *needles: str) -> None:
    assert result.exit_code == code, (result.exception, result.output)
    assert "Traceback" not in result.output
    errors = [line for line in result.stderr.splitlines() if line.lower().startswith("error")]
    assert len(errors) == 1, result.stderr
    for needle in needles:
        assert needle in result.stderr, (needle, result.stderr)


def test_argument_that_is_not_utf8_is_a_usage_error(archive: tuple[Path, Path]) -> None:
    """What a shell passes for `search $'\\xff'`: real bytes in argv, not a Python string."""
    config, _ = archive
    for args in ([b"search", b"\xff"], [b"topics", b"test", b"\xffxiaomi"], [b"show", b"\xff"]):
        process = subprocess.run(
            [sys.executable.encode(), b"-m", b"aggregator", *args, b"--config", bytes(config)],
            capture_output=True,
        )
        assert process.returncode == 2, process.stderr
        assert b"Traceback" not in process.stderr
        assert b"is not valid UTF-8" in process.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["search", "xiaomi", "--limit", HUGE],
        ["search", "xiaomi", "--limit", "0"],
        ["stories", "--limit", HUGE],
        ["stories", "--min-sources", HUGE],
        ["topics", "test", "xiaomi", "--limit", HUGE],
        ["topics", "test", "xiaomi", "--limit", "-1"],
    ],
    ids=" ".join,
)
def test_counts_out_of_range_are_usage_errors(archive: tuple[Path, Path], args) -> None:
    config, _ = archive
    result = run_cli(*args, "--config", str(config))
    assert_one_line_error(result, 2, "is not in the range 1<=x<=1000000")


@pytest.mark.parametrize("target", [HUGE, f"story:{HUGE}", "9" * 5000, "²"])
def test_show_of_an_impossible_id_is_a_usage_error(archive: tuple[Path, Path], target) -> None:
    config, _ = archive
    result = run_cli("show", target, "--config", str(config))
    assert_one_line_error(result, 2, target.removeprefix("story:"))


def test_since_further_back_than_any_date_means_everything(archive: tuple[Path, Path]) -> None:
    config, _ = archive
    result = run_cli(
        "search",
        "xiaomi",
        "--since",
        "99999999999d",
        "--no-collapse",
        "--json",
        "--config",
        str(config),
    )
    assert result.exit_code == 0, (result.exception, result.output)
    assert len(json.loads(result.stdout)) == 3
    result = run_cli("stories", "--since", "9" * 40 + "d", "--json", "--config", str(config))
    assert result.exit_code == 0, (result.exception, result.output)
    assert sum(len(story["articles"]) for story in json.loads(result.stdout)) == 3
    result = run_cli("search", "xiaomi", "--until", "99999999999d", "--config", str(config))
    assert result.exit_code == 0 and "no matches" in result.stdout


def test_import_reports_out_of_range_dates_and_goes_on(tmp_path: Path) -> None:
    bad = [
        "0001-01-01T00:00:00+01:00",  # year 0 once in UTC
        "9999-12-31T23:59:59-01:00",  # year 10000 once in UTC
        "0001-01-01T00:00:00Z",  # a CMS's "no date"; a story window around it overflows
        "0000-01-01T00:00:00Z",
        "99999-01-01T00:00:00Z",
    ]
    lines = [article_line(0)]
    lines += [article_line(n, published) for n, published in enumerate(bad, start=1)]
    lines += [article_line(9)]
    path = tmp_path / "dates.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_cli("import", str(path), "--db", str(tmp_path / "d.db"), "--json")
    assert result.exit_code == 0, (result.exception, result.output)
    assert json.loads(result.stdout) == {
        "imported": 2,
        "duplicates": 0,
        "revised": 0,
        "undated": 0,
        "errors": 5,
    }
    for number in (2, 3):
        assert f"{path}:{number}: published: date out of range: '" in result.stderr
    assert f"{path}:4: published: date out of range (before year 1000)" in result.stderr
    for number in (5, 6):
        assert f"{path}:{number}: published: expected an ISO-8601 date" in result.stderr
    with sqlite3.connect(tmp_path / "d.db") as db:
        titles = [row[0] for row in db.execute("SELECT title FROM articles ORDER BY id")]
    assert titles == ["Xiaomi YU7 deliveries, report 0", "Xiaomi YU7 deliveries, report 9"]


@pytest.mark.parametrize(
    "address", ["desk@example.com\r\nBcc: spy@example.net", "desk@example.com\n", "not-an-address"]
)
def test_recipient_must_be_one_address_on_one_line(archive: tuple[Path, Path], address) -> None:
    config, _ = archive
    result = run_cli("digest", "--dry-run", "--to", address, "--config", str(config))
    assert result.exit_code == 2, (result.exception, result.output)
    assert "expected one email address such as me@example.com" in result.output
    assert "Traceback" not in result.output


def test_database_locked_by_another_writer(archive: tuple[Path, Path], monkeypatch) -> None:
    config, db = archive
    monkeypatch.setattr(store.connection, "BUSY_TIMEOUT_MS", 200)  # instead of 30 s
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process in the middle of a write
    try:
        lines = db.parent / "more.jsonl"
        lines.write_text(article_line(7) + "\n", encoding="utf-8")
        result = run_cli("import", str(lines), "--config", str(config))
        assert_one_line_error(
            result,
            1,
            f"{db}: database is locked: another process holds the write lock (waited 0.2 s)",
        )
        assert run_cli("search", "xiaomi", "--config", str(config)).exit_code == 0  # reads go on
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert run_cli("import", str(lines), "--config", str(config)).exit_code == 0


# `aggregator` in its own process, its database file "full" after a few more pages: SQLite's
# max_page_count gives the same SQLITE_FULL as a full disk, on the real write path. A process
# of its own, so that whatever it prints on the way out (abandoned tasks) is seen too. Fetched
# articles are written 5 to a transaction, so that some batches fit before the file is full.
NEARLY_FULL = """
import sys
from aggregator import pipeline, store
from aggregator.cli import main
pipeline.WRITE_BATCH = 5
real_open = store.open_db
def nearly_full(path):
    db = real_open(path)
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.execute(f"PRAGMA max_page_count = {pages + int(sys.argv[1])}")
    return db
store.open_db = nearly_full
main(sys.argv[2:])
"""


def test_full_disk_stops_the_pass_in_one_line_and_loses_nothing(tmp_path: Path) -> None:
    articles = [a for a in generate_bulk_articles(160, seed=3) if a.outlet == "motor-ledger"]
    with FakeServer() as server:
        site = install_outlet(server, "motor-ledger", articles=articles[:30])
        config = write_config(tmp_path / "sources.yaml", {"Motor Ledger": [site["feed_url"]]})
        command = [sys.executable, "-c", NEARLY_FULL, "60", "fetch", "--config", str(config)]
        process = subprocess.run(command, capture_output=True, text=True)
        assert process.returncode == 1, process.stderr
        assert process.stderr.strip().splitlines()[-1] == (
            f"error: {tmp_path / 'test.db'}: database or disk is full; everything stored so far "
            "is complete (articles are written whole, in batches): free some space and run again"
        )
        assert "Traceback" not in process.stderr and "ERROR" not in process.stderr
        with sqlite3.connect(tmp_path / "test.db") as db:
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert_consistent(db)
            stored = db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        assert 0 < stored < 30
        assert run_cli("fetch", "--config", str(config)).exit_code == 0  # space again
    with sqlite3.connect(tmp_path / "test.db") as db:
        assert db.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 30
        assert_consistent(db)


def test_service_on_a_full_disk_logs_one_line_a_tick(tmp_path: Path) -> None:
    articles = [a for a in generate_bulk_articles(160, seed=3) if a.outlet == "motor-ledger"]
    with FakeServer() as server:
        site = install_outlet(server, "motor-ledger", articles=articles[:30])
        config = write_config(
            tmp_path / "sources.yaml",
            {"Motor Ledger": [site["feed_url"]]},
            "scheduler: {tick: 0.3, min_interval: 0.5, max_interval: 1, jitter: 0}",
        )
        command = [sys.executable, "-c", NEARLY_FULL, "60", "run", "--passes", "3"]
        process = subprocess.run(
            [*command, "--config", str(config)], capture_output=True, text=True, timeout=60
        )
    assert process.returncode == 0, process.stderr  # it stops after its passes, as asked
    assert "Traceback" not in process.stderr
    failures = [line for line in process.stderr.splitlines() if " ERROR " in line]
    assert failures and all(
        line.endswith(
            f"{tmp_path / 'test.db'}: database or disk is full; pass stopped, the next tick "
            "tries again"
        )
        for line in failures
    ), process.stderr


def test_names_are_read_in_any_case_and_an_unknown_one_suggests(archive) -> None:
    config, db = archive
    typo = run_cli("fetch", "--source", "Exampel News", "--config", str(config))
    assert typo.exit_code == 2
    assert "no source named 'Exampel News'; did you mean 'Example News'?" in typo.output
    bad = run_cli("stories", "--topic", "Xiaomi", "--config", str(config), "--db", str(db))
    assert bad.exit_code == 2 and "no topic named 'Xiaomi'; there are none yet" in bad.output


COMMANDS = [
    ["fetch"],
    ["import", "{file}"],
    ["stories"],
    ["stories", "corrections"],
    ["show", "1"],
    ["topics", "list"],
    ["topics", "test", "tesla"],
    ["search", "tesla"],
    ["digest", "--dry-run"],
    ["status"],
    ["run"],
    ["serve"],
]
# the global options before the command, or the command's own after it
ARGUMENTS = [["{options}", *c] for c in [*COMMANDS, ["topics"]]] + [
    [*c, "{options}"] for c in COMMANDS
]


@pytest.mark.parametrize("arguments", ARGUMENTS, ids=" ".join)
def test_a_config_path_that_does_not_exist_is_a_usage_error(
    tmp_path: Path, arguments: list[str]
) -> None:
    lines = tmp_path / "one.jsonl"
    lines.write_text(article_line(1) + "\n", encoding="utf-8")
    missing = str(tmp_path / "nowhere.yaml")
    fill = {
        "{options}": ["--config", missing, "--db", str(tmp_path / "t.db")],
        "{file}": [str(lines)],
    }
    args = [part for arg in arguments for part in fill.get(arg, [arg])]
    result = run_cli(*args)
    assert result.exit_code == 2, result.output
    assert f"{missing}: file not found" in result.output


def test_digest_reads_topic_names_in_any_case(tmp_path: Path) -> None:
    config = tmp_path / "s.yaml"
    config.write_text(
        "sources:\n  - name: Unused\n    feeds: [http://127.0.0.1:9/]\n"
        "topics:\n  - name: Xiaomi EV\n    terms: [su7]\n",
        encoding="utf-8",
    )
    common = ["--config", str(config), "--db", str(tmp_path / "t.db"), "--dry-run"]
    ok = run_cli("digest", "--topic", "xiaomi ev", *common)
    assert ok.exit_code == 0, ok.output
    typo = run_cli("digest", "--topic", "Xiaomi", *common)
    assert typo.exit_code == 2
    assert "no topic named 'Xiaomi'; did you mean 'Xiaomi EV'?" in typo.output
