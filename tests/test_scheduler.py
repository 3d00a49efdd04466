"""`aggregator run`: scheduling decisions on a controlled clock, and the real service."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from aggregator.config import Scheduler, Source
from aggregator.lock import InstanceLock
from aggregator.scheduler import digest_due, last_scheduled_digest, poll_interval, with_jitter
from tests.conftest import assert_consistent, slow_pages, start_service, write_config
from tests.fakeweb import FakeServer, install_outlet

SETTINGS = Scheduler(min_interval=600, max_interval=6 * 3600, max_backoff=24 * 3600)
SOURCE = Source(name="S", feeds=["https://s.example/feed"], poll_interval=1800)
BERLIN = ZoneInfo("Europe/Berlin")


def test_interval_without_history_is_the_configured_one() -> None:
    assert poll_interval(SOURCE, SETTINGS, weekly_articles=0, failures=0) == 1800
    assert poll_interval(SOURCE, SETTINGS, weekly_articles=2, failures=0) == 1800


def test_interval_adapts_to_publishing_rate_within_bounds() -> None:
    assert poll_interval(SOURCE, SETTINGS, weekly_articles=168, failures=0) == 3600  # hourly
    assert poll_interval(SOURCE, SETTINGS, weekly_articles=5000, failures=0) == 600  # busy: min
    assert poll_interval(SOURCE, SETTINGS, weekly_articles=3, failures=0) == 6 * 3600  # quiet: max
    fixed = Scheduler(adaptive=False)
    assert poll_interval(SOURCE, fixed, weekly_articles=5000, failures=0) == 1800


def test_failures_back_off_exponentially_and_recover() -> None:
    waits = [poll_interval(SOURCE, SETTINGS, 0, failures) for failures in range(8)]
    assert waits[:5] == [1800, 3600, 7200, 14400, 28800]
    assert waits[-1] == 24 * 3600  # capped, never disabled
    assert poll_interval(SOURCE, SETTINGS, 0, failures=0) == 1800  # first success resets


def test_jitter_stays_within_bounds() -> None:
    rng = random.Random(7)
    values = [with_jitter(1000, 0.1, rng) for _ in range(200)]
    assert min(values) >= 900 and max(values) <= 1100 and len(set(values)) > 100


def at(day: int, hour: int, minute: int) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=BERLIN)


def test_digest_timing_misfire_and_never_twice() -> None:
    grace = 3 * 3600
    assert last_scheduled_digest(at(26, 7, 40), "07:30", "Europe/Berlin") == at(26, 7, 30)
    assert last_scheduled_digest(at(26, 7, 20), "07:30", "Europe/Berlin") == at(25, 7, 30)
    yesterday = at(25, 7, 31)
    assert digest_due(at(26, 7, 30), "07:30", "Europe/Berlin", yesterday, grace)
    assert digest_due(at(26, 7, 45), "07:30", "Europe/Berlin", yesterday, grace)  # restart
    assert not digest_due(at(26, 7, 45), "07:30", "Europe/Berlin", at(26, 7, 31), grace)
    assert not digest_due(at(26, 11, 0), "07:30", "Europe/Berlin", yesterday, grace)  # too late
    assert not digest_due(at(26, 7, 29), "07:30", "Europe/Berlin", yesterday, grace)
    assert digest_due(at(26, 7, 30), "07:30", "Europe/Berlin", None, grace)  # first ever
    # several missed days coalesce into one digest: only the latest schedule counts
    assert digest_due(at(26, 7, 35), "07:30", "Europe/Berlin", at(20, 7, 30), grace)


def service_config(tmp_path: Path, feed_url: str, extra: str = "") -> Path:
    return write_config(
        tmp_path / "sources.yaml",
        {"Motor Ledger": [feed_url]},
        "scheduler: {tick: 0.3, min_interval: 0.5, max_interval: 1, jitter: 0}\n" + extra,
    )


def test_run_polls_in_cycles_and_logs_json(tmp_path: Path) -> None:
    with FakeServer() as srv:
        site = install_outlet(srv, "motor-ledger")
        config = service_config(tmp_path, site["feed_url"])
        process = start_service(config, "--passes", "12", "--log-format", "json")
        _, stderr = process.communicate(timeout=60)
        feed_hits = srv.hits("/feed")
    assert process.returncode == 0, stderr
    records = [json.loads(line) for line in stderr.splitlines() if line.strip()]
    polls = [r for r in records if r["message"].startswith("poll source=")]
    assert len(polls) >= 2 and polls[0]["source"] == "Motor Ledger"
    assert polls[0]["new"] == len(site["articles"]) and polls[-1]["new"] == 0
    assert feed_hits >= 2
    db = sqlite3.connect(tmp_path / "test.db")
    next_poll, streak = db.execute("SELECT next_poll_at, failure_streak FROM sources").fetchone()
    assert next_poll and streak == 0
    assert db.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == len(site["articles"])


def test_failing_source_backs_off_and_recovers(tmp_path: Path) -> None:
    with FakeServer() as srv:
        srv.add("/feed", "down", status=500)
        config = service_config(tmp_path, srv.url("/feed"))
        process = start_service(config, "--passes", "3")
        _, stderr = process.communicate(timeout=60)
        db = sqlite3.connect(tmp_path / "test.db")
        streak, interval = db.execute(
            "SELECT failure_streak, current_interval FROM sources"
        ).fetchone()
        assert process.returncode == 0 and streak >= 1 and interval >= 1.0
        assert "HTTP 500" in stderr
        install_outlet(srv, "motor-ledger")
        db.execute("UPDATE sources SET next_poll_at = NULL")
        db.commit()
        process = start_service(config, "--passes", "1")
        process.communicate(timeout=60)
        assert db.execute("SELECT failure_streak FROM sources").fetchone()[0] == 0


def test_second_instance_names_the_holder(tmp_path: Path) -> None:
    config = service_config(tmp_path, "https://unused.example/feed")
    with InstanceLock(tmp_path / "test.db"):
        process = start_service(config, "--passes", "1")
        _, stderr = process.communicate(timeout=30)
    assert process.returncode == 1
    assert f"already locked by pid {os.getpid()}" in stderr


def test_sigterm_mid_pass_loses_nothing(tmp_path: Path) -> None:
    with FakeServer() as srv:
        site = install_outlet(srv, "motor-ledger")
        slow_pages(srv, site["article_urls"], 0.7)
        config = write_config(
            tmp_path / "sources.yaml",
            {"Motor Ledger": [site["feed_url"]]},
            "scheduler: {tick: 0.3}",
            limits={"per_host_concurrency": 1},
        )
        process = start_service(config)
        db_path = tmp_path / "test.db"
        deadline = time.monotonic() + 30
        stored = 0
        while time.monotonic() < deadline and stored == 0:
            time.sleep(0.2)
            if db_path.exists():
                try:
                    stored = (
                        sqlite3.connect(db_path)
                        .execute("SELECT COUNT(*) FROM articles")
                        .fetchone()[0]
                    )
                except sqlite3.OperationalError:
                    stored = 0
        assert 0 < stored < len(site["articles"]), "SIGTERM should land mid-pass"
        sent = time.monotonic()
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=15)
        assert process.returncode == 0, stderr
        assert time.monotonic() - sent < 5
        assert "received SIGTERM" in stderr
        db = sqlite3.connect(db_path)
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert_consistent(db)
        rerun = subprocess.run(
            [sys.executable, "-m", "aggregator", "fetch", "--config", str(config)],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert rerun.returncode == 0, rerun.stderr
        urls = [r[0] for r in db.execute("SELECT canonical_url FROM articles")]
        assert sorted(urls) == sorted(site["article_urls"])  # each exactly once
        assert_consistent(db)


def test_missed_digest_is_sent_once_after_restart(tmp_path: Path, smtp) -> None:
    inbox, port = smtp
    ten_minutes_ago = (datetime.now(UTC) - timedelta(minutes=10)).astimezone(BERLIN)
    with FakeServer() as srv:
        site = install_outlet(srv, "motor-ledger")
        config = service_config(
            tmp_path,
            site["feed_url"],
            f"smtp: {{host: 127.0.0.1, port: {port}, security: none}}\n"
            f'digest: {{to: [a@example.com], time: "{ten_minutes_ago:%H:%M}"}}\n'
            "timezone: Europe/Berlin",
        )
        for _ in range(2):
            process = start_service(config, "--passes", "1")
            _, stderr = process.communicate(timeout=60)
            assert process.returncode == 0, stderr
    assert len(inbox.messages) == 1
    assert "digest sent" in stderr or len(inbox.messages) == 1
