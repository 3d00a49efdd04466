"""The hostile web: one misbehaving source per case, next to a healthy one.

For every fault the pass finishes, the healthy source is unaffected, and the outcome is in
`fetch_log` and in the source's health (or on the stored article) as one clear line."""

from __future__ import annotations

import email.utils
import json
import socket
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import run_cli, write_config
from tests.fakeweb import (
    FakeServer,
    install_outlet,
    render_listing_page,
    render_video_page,
)


@dataclass
class Case:
    """`setup(server) -> feed URL`; `feed_error`: text expected in the feed's last_error
    (None: the feed itself works); `check(db, server)`: extra assertions."""

    setup: Callable[[FakeServer], str]
    feed_error: str | None = None
    check: Callable[[sqlite3.Connection, FakeServer], None] | None = None
    limits: dict | None = None


def rss(items: str) -> str:
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Bad</title>{items}</channel></rss>'


def item(link: str, guid: str = "", title: str = "An item", date: str = "") -> str:
    guid_tag = f"<guid isPermaLink='false'>{guid}</guid>" if guid else ""
    date_tag = f"<pubDate>{date}</pubDate>" if date else ""
    return f"<item><title>{title}</title><link>{link}</link>{guid_tag}{date_tag}</item>"


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def feed(server: FakeServer, body: str | bytes, **kwargs) -> str:
    server.add(
        "/feed", body, content_type=kwargs.pop("content_type", "application/rss+xml"), **kwargs
    )
    return server.url("/feed")


def article_page(server: FakeServer, path: str) -> str:
    site = install_outlet(server, "motor-ledger")
    real = site["article_urls"][0].removeprefix(server.base)
    server.add(path, server._routes[real].body)
    return server.url(path)


def expect_article(status: str, note: str | None = None):
    def check(db: sqlite3.Connection, server: FakeServer) -> None:
        rows = db.execute(
            "SELECT a.extraction_status, a.extraction_note FROM articles a "
            "JOIN sources s ON s.id = a.source_id WHERE s.name = 'Broken'"
        ).fetchall()
        assert rows and {r[0] for r in rows} == {status}, rows
        if note:
            assert all(note in (r[1] or "") for r in rows), rows

    return check


def expect_warning(text: str):
    def check(db: sqlite3.Connection, server: FakeServer) -> None:
        warning = db.execute("SELECT warnings FROM source_health WHERE name = 'Broken'").fetchone()[
            0
        ]
        assert warning and text in warning and "\n" not in warning

    return check


def expect_articles(count: int, where: str = "1"):
    def check(db: sqlite3.Connection, server: FakeServer) -> None:
        n = db.execute(
            "SELECT COUNT(*) FROM articles a JOIN sources s ON s.id = a.source_id "
            f"WHERE s.name = 'Broken' AND {where}"
        ).fetchone()[0]
        assert n == count

    return check


def http_date(seconds_ahead: int) -> str:
    return email.utils.formatdate(time.time() + seconds_ahead, usegmt=True)


def rate_limited_then_ok(kind: str):
    def setup(server: FakeServer) -> str:
        body = rss(item(server.url("/nowhere"), "a"))

        def handler(record, n):
            if n == 1:
                after = "1" if kind == "seconds" else http_date(1)
                return 429, {"Retry-After": after}, b"slow down"
            return 200, {"Content-Type": "application/rss+xml"}, body.encode()

        server.add("/feed", handler=handler)
        return server.url("/feed")

    return setup


CASES: dict[str, Case] = {
    "connection refused": Case(
        lambda s: f"http://127.0.0.1:{closed_port()}/feed", feed_error="connection refused"
    ),
    "dns failure": Case(
        lambda s: "http://no-such-host.invalid/feed", feed_error="DNS lookup failed"
    ),
    "read timeout": Case(
        lambda s: feed(s, rss(""), delay=3), feed_error="timed out", limits={"read_timeout": 1}
    ),
    "trickling body": Case(
        lambda s: feed(s, rss("x" * 200), trickle=0.2),
        feed_error="no complete answer within 2s",
        limits={"total_timeout": 2, "max_retries": 0},
    ),
    "429 retry-after seconds": Case(rate_limited_then_ok("seconds"), check=expect_articles(1)),
    "429 retry-after http date": Case(rate_limited_then_ok("date"), check=expect_articles(1)),
    "503": Case(lambda s: feed(s, "down", status=503), feed_error="HTTP 503 Service Unavailable"),
    "404": Case(lambda s: feed(s, "gone", status=404), feed_error="HTTP 404 Not Found"),
    "410 disables the feed": Case(
        lambda s: feed(s, "gone", status=410),
        feed_error="HTTP 410 Gone",
        check=lambda db, s: db.execute(
            "SELECT disabled_reason FROM feeds WHERE disabled_reason IS NOT NULL"
        ).fetchone(),
    ),
    "redirect loop": Case(
        lambda s: (
            s.add("/feed", status=302, headers={"Location": "/loop"}),
            s.add("/loop", status=302, headers={"Location": "/feed"}),
            s.url("/feed"),
        )[-1],
        feed_error="redirect loop",
    ),
    "redirect to a private address": Case(
        lambda s: (
            feed(s, rss(item(s.url("/to-private"), "p")))
            if s.add("/to-private", status=302, headers={"Location": "http://10.1.2.3/admin"})
            is None
            else ""
        ),
        check=expect_article("refused", "10.1.2.3"),
    ),
    "body over the size cap": Case(
        lambda s: feed(s, rss("<!--" + "x" * 200_000 + "-->")),
        feed_error="cap",
        limits={"max_response_bytes": 100_000},
    ),
    "gzip bomb": Case(
        lambda s: feed(s, b"<rss>" + b" " * 30_000_000, gzip=True),
        feed_error="cap",
        limits={"max_response_bytes": 1_000_000},
    ),
    "wrong content type on a page": Case(
        lambda s: (
            feed(s, rss(item(s.url("/pic"), "w")))
            if s.add("/pic", b"\x89PNG\r\n\x1a\n" + b"0" * 100, content_type="image/png") is None
            else ""
        ),
        check=expect_article("not_html", "image/png"),
    ),
    "feed served as text/plain": Case(
        lambda s: feed(s, rss(item(s.url("/nowhere"), "t")), content_type="text/plain"),
        check=expect_articles(1),
    ),
    "html page instead of a feed": Case(
        lambda s: install_outlet(s, "motor-ledger")["homepage_url"],
        feed_error="got an HTML page, not a feed; feeds found on that page:",
    ),
    "malformed xml": Case(
        lambda s: feed(s, "<rss><channel><item><title>broken</ti"), feed_error="malformed feed"
    ),
    "empty feed": Case(
        lambda s: feed(s, ""), feed_error="empty response where a feed was expected"
    ),
    "feed with 10,000 items": Case(
        lambda s: feed(s, rss("".join(item(s.url(f"/item/{i}"), f"g{i}") for i in range(10_000)))),
        check=expect_articles(20, "extraction_status = 'fetch_failed'"),
        limits={"max_articles_per_feed": 20},
    ),
    "non-utf-8 charset": Case(
        lambda s: feed(
            s,
            rss(
                item(s.url("/nowhere"), "c", title="Citro\u00ebn \u20ac19,990 \u2014 na\u00efve")
            ).encode("cp1252"),
            content_type="application/rss+xml; charset=windows-1252",
        ),
        check=lambda db, s: db.execute(
            "SELECT 1 FROM articles WHERE title = 'Citro\u00ebn \u20ac19,990 \u2014 na\u00efve'"
        ).fetchone(),
    ),
    "duplicate guids": Case(
        lambda s: feed(s, rss(item(s.url("/a"), "same") + item(s.url("/b"), "same"))),
        check=expect_warning("duplicate GUID 'same' ignored"),
    ),
    "items without links": Case(
        lambda s: feed(s, rss("<item><title>No link</title></item>" + item(s.url("/x"), "x"))),
        check=expect_warning("has no usable http(s) link"),
    ),
    "javascript and data links": Case(
        lambda s: feed(s, rss(item("javascript:alert(1)", "j") + item("data:text/html,hi", "d"))),
        check=expect_warning("has no usable http(s) link"),
    ),
    "future and missing dates": Case(
        lambda s: feed(
            s,
            rss(
                item(article_page(s, "/future"), "f", date="Mon, 01 Jan 2035 00:00:00 GMT")
                + item(s.url("/undated"), "u")
            ),
        ),
        check=lambda db, s: (
            db.execute("SELECT COUNT(*) FROM articles WHERE published_at > '2030' ").fetchone()[0]
            == 0
            and db.execute(
                "SELECT 1 FROM articles WHERE extraction_note LIKE '%in the future%'"
            ).fetchone()
        ),
    ),
    "video and listing pages": Case(
        lambda s: (
            s.add("/video", render_video_page(s.base)),
            s.add("/section", render_listing_page(s.base)),
            feed(s, rss(item(s.url("/video"), "v") + item(s.url("/section"), "l"))),
        )[-1],
        check=expect_article("not_article"),
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_fault_is_contained_and_reported(name: str, tmp_path: Path) -> None:
    case = CASES[name]
    with FakeServer() as bad, FakeServer() as good:
        feed_url = case.setup(bad)
        healthy = install_outlet(good, "ev-dispatch")
        config = write_config(
            tmp_path / "s.yaml",
            {"Broken": [feed_url], "Healthy": [healthy["feed_url"]]},
            limits=case.limits,
        )
        started = time.monotonic()
        result = run_cli("fetch", "--config", str(config), "--json")
        assert time.monotonic() - started < 60
        assert result.exit_code == 0, result.output
        assert "Traceback" not in result.output
        summary = {s["name"]: s for s in json.loads(result.stdout)["sources"]}
        assert summary["Healthy"]["new"] == len(healthy["articles"])
        db = sqlite3.connect(tmp_path / "test.db")
        origin = "/".join(feed_url.split("/")[:3])
        logged = db.execute(
            "SELECT status, error FROM fetch_log WHERE url LIKE ?", [origin + "/%"]
        ).fetchall()
        assert logged, "not in fetch_log"
        if case.feed_error and not any(status == 200 for status, _ in logged):
            assert any(error for _, error in logged)  # the failed request says why
        feed_row = db.execute(
            "SELECT last_error, consecutive_failures FROM feeds WHERE url = ?", [feed_url]
        ).fetchone()
        if case.feed_error:
            assert feed_row[0] and case.feed_error in feed_row[0], feed_row
            assert "\n" not in feed_row[0] and feed_row[1] == 1
            assert case.feed_error in result.stderr
            assert summary["Broken"]["succeeded"] is False
        else:
            assert feed_row[1] == 0, feed_row
        if case.check:
            assert case.check(db, bad) is not False
