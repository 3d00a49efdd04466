"""Nothing grows without bound in a long run: robots.txt kept for its lifetime across passes,
the request log pruned after `settings.retention.fetch_log`."""

from __future__ import annotations

import asyncio
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from aggregator import store
from aggregator.config import ConfigError, Limits, parse_config
from aggregator.http import (
    ROBOTS_LIFETIME,
    ROBOTS_MIN_LIFETIME,
    ROBOTS_RETRY_AFTER,
    PoliteClient,
    RobotsCache,
    robots_lifetime,
)
from tests.conftest import run_cli, write_config
from tests.fakeweb import FakeServer, install_outlet

FAST = Limits(per_host_delay=0, backoff_base=0.01, read_timeout=2, total_timeout=3, max_retries=1)
HOUR = 3600.0


def test_robots_lifetime_follows_caching_headers_within_rfc_9309_bounds() -> None:
    date = "Thu, 26 Nov 2026 07:00:00 GMT"
    assert robots_lifetime({}) == ROBOTS_LIFETIME == 24 * HOUR
    assert robots_lifetime({"cache-control": "public, max-age=7200"}) == 2 * HOUR
    assert robots_lifetime({"cache-control": "max-age=31536000"}) == 24 * HOUR  # capped
    assert robots_lifetime({"cache-control": "no-cache"}) == ROBOTS_MIN_LIFETIME
    assert robots_lifetime({"date": date, "expires": "Thu, 26 Nov 2026 10:00:00 GMT"}) == 3 * HOUR
    assert robots_lifetime({"date": date, "expires": "0"}) == ROBOTS_MIN_LIFETIME
    # max-age wins over Expires, as in HTTP caching
    both = {
        "cache-control": "max-age=5400",
        "date": date,
        "expires": "Fri, 27 Nov 2026 07:00:00 GMT",
    }
    assert robots_lifetime(both) == 1.5 * HOUR


def poll(server: FakeServer, cache: RobotsCache, path: str) -> str:
    """One request by a client made for this call alone, as each pass makes its own."""

    async def go() -> str:
        async with PoliteClient(
            FAST, "https://example.org/c", allow_private=True, robots=cache
        ) as c:
            return (await c.get(server.url(path))).outcome

    return asyncio.run(go())


def test_robots_answer_is_kept_across_clients_until_it_expires(server: FakeServer) -> None:
    now = [0.0]
    cache = RobotsCache(clock=lambda: now[0])
    server.add(
        "/robots.txt",
        "User-agent: *\nDisallow: /private/\n",
        content_type="text/plain",
        headers={"Cache-Control": "max-age=7200"},
    )
    server.add("/news/1", "<p>1</p>")
    server.add("/private/x", "<p>no</p>")
    assert poll(server, cache, "/news/1") == "ok"
    now[0] = 2 * HOUR - 1  # a later pass, a new client: the rules are still fresh
    assert poll(server, cache, "/private/x") == "robots" and poll(server, cache, "/news/1") == "ok"
    assert server.hits("/robots.txt") == 1
    server.add("/robots.txt", "User-agent: *\nDisallow: /\n", content_type="text/plain")
    now[0] = 2 * HOUR + 1  # expired: read again, and the new rules apply
    assert poll(server, cache, "/news/1") == "robots"
    assert server.hits("/robots.txt") == 2 and server.hits("/private/x") == 0


def test_unreachable_robots_is_asked_again_soon_and_a_held_copy_survives_it(
    server: FakeServer,
) -> None:
    now = [0.0]
    cache = RobotsCache(clock=lambda: now[0])
    server.add("/robots.txt", "down", status=503)
    server.add("/news/1", "<p>1</p>")
    assert poll(server, cache, "/news/1") == "network"  # RFC 9309: don't crawl yet
    asked = server.hits("/robots.txt")  # the first try and its retry
    now[0] = ROBOTS_RETRY_AFTER - 1
    assert poll(server, cache, "/news/1") == "network" and server.hits("/robots.txt") == asked
    server.add("/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    now[0] = ROBOTS_RETRY_AFTER + 1
    assert poll(server, cache, "/news/1") == "ok" and server.hits("/robots.txt") == asked + 1
    # a day later the refresh fails: the copy held is used meanwhile (RFC 9309 §2.4)
    server.add("/robots.txt", "down", status=503)
    server.add("/private/x", "<p>no</p>")
    now[0] += ROBOTS_LIFETIME + 1
    assert poll(server, cache, "/news/1") == "ok" and poll(server, cache, "/private/x") == "robots"
    assert server.hits("/private/x") == 0


def test_robots_cache_forgets_the_oldest_hosts_beyond_its_bound(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("aggregator.http.ROBOTS_ORIGINS", 3)
    cache = RobotsCache(clock=lambda: 0.0)
    for n in range(5):
        cache.put(f"https://h{n}.example", None, HOUR)
    assert [cache.get(f"https://h{n}.example") is not None for n in range(5)] == [
        False,
        False,
        True,
        True,
        True,
    ]


def seed_fetch_log(db_path: Path, ages_in_days: list[float]) -> None:
    db = store.open_db(db_path)
    now = datetime.now(UTC)
    db.conn.executemany(
        "INSERT INTO fetch_log (url, status, bytes, duration, error, at) VALUES (?, 200, 1, 0.1, NULL, ?)",
        [
            (
                f"https://old.example/{age}",
                (now - timedelta(days=age)).isoformat(timespec="seconds"),
            )
            for age in ages_in_days
        ],
    )
    db.conn.commit()
    db.close()


def logged_urls(db_path: Path) -> list[str]:
    with sqlite3.connect(db_path) as db:
        return [row[0] for row in db.execute("SELECT url FROM fetch_log ORDER BY id")]


def test_service_reads_robots_once_and_prunes_the_request_log(tmp_path: Path) -> None:
    with FakeServer() as srv:
        site = install_outlet(srv, "motor-ledger")
        config = write_config(
            tmp_path / "sources.yaml",
            {"Motor Ledger": [site["feed_url"]]},
            "scheduler: {tick: 0.3, min_interval: 0.3, max_interval: 0.5, jitter: 0}\n"
            "retention: {fetch_log: 30d}",
        )
        seed_fetch_log(tmp_path / "test.db", [45, 31, 29, 1])
        process = subprocess.run(
            [sys.executable, "-m", "aggregator", "run", "--config", str(config), "--passes", "5"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        feed_polls = srv.hits("/feed")
        robots_reads = srv.hits("/robots.txt")
    assert process.returncode == 0, process.stderr
    assert feed_polls >= 3, process.stderr  # several passes, each polling the feed
    assert robots_reads == 1
    urls = logged_urls(tmp_path / "test.db")
    assert "https://old.example/45" not in urls and "https://old.example/31" not in urls
    assert urls[:2] == ["https://old.example/29", "https://old.example/1"]
    assert urls.count(site["feed_url"]) == feed_polls  # this run's requests are all kept


def test_fetch_prunes_old_requests_in_batches(tmp_path: Path, server: FakeServer) -> None:
    site = install_outlet(server, "motor-ledger")
    config = write_config(
        tmp_path / "sources.yaml",
        {"Motor Ledger": [site["feed_url"]]},
        "retention: {fetch_log: 7d}",
    )
    seed_fetch_log(tmp_path / "test.db", [8, 9, 10, 6])
    db = store.open_db(tmp_path / "test.db")
    before = (datetime.now(UTC) - timedelta(days=7)).isoformat(timespec="seconds")
    assert store.prune_fetch_log(db, before, batch=2) == 3  # two transactions
    assert store.prune_fetch_log(db, before) == 0  # nothing left: no transaction at all
    db.close()
    seed_fetch_log(tmp_path / "test.db", [8])
    assert run_cli("fetch", "--config", str(config)).exit_code == 0
    urls = logged_urls(tmp_path / "test.db")
    assert urls[0] == "https://old.example/6" and "https://old.example/8" not in urls
    assert site["feed_url"] in urls


@pytest.mark.parametrize("value", ["0", "soon", "-3d"])
def test_retention_is_validated_like_other_durations(value: str) -> None:
    text = f"settings:\n  retention:\n    fetch_log: {value}\nsources:\n  - name: A\n    feeds: https://a.example/f\n"
    with pytest.raises(ConfigError, match=r"cfg.yaml:3: settings.retention.fetch_log: expected a"):
        parse_config(text, "cfg.yaml")
