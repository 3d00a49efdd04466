"""One bad item costs only itself: hostile items among good ones, end to end.

Broken CMSs write emoji as references to UTF-16 halves, cut them in half, leave NULs in
links and escape sequences in titles; JSON Feeds carry dates before year 1 in UTC and
nesting no parser survives. Each of these used to fail its whole feed on every pass (or
lose its item at insert) with a traceback, while `status` called the feed healthy."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

from click.testing import Result

from tests.conftest import rows, run_cli, write_config
from tests.fakeweb import ARTICLES, FakeServer, install_outlet, render_article_page

BROKEN_HEADLINE = "Tesla \\ud83d Model Y Standard reaches Europe"  # JSON text: a lone surrogate


def hostile_rss(server: FakeServer) -> dict:
    """motor-ledger's real feed, with hostile items appended to its good ones."""
    site = install_outlet(server, "motor-ledger")
    good = server._routes[site["feed_url"].removeprefix(server.base)].body.decode()
    # an article page whose JSON-LD headline holds a lone surrogate
    other = ARTICLES["ev-dispatch"][0]  # an outlet not installed here
    page = render_article_page(other, server.base)
    page = re.sub(r'"headline": "[^"]*"', lambda _: f'"headline": "{BROKEN_HEADLINE}"', page)
    server.add("/2026/11/model-y-standard-europe", page)
    hostile = "".join(
        f"<item><title>{title}</title><link>{link}</link>"
        f'<guid isPermaLink="false">{guid}</guid></item>'
        for title, link, guid in [
            ("Rocket &#55357;&#56960; launch", server.url("/rocket"), "h1"),
            ("Half an emoji &#55357; here", server.url("/half"), "h2"),
            ("NUL in the link", server.url("/nul") + "&#0;", "h3"),
            ("\x1b]0;pwned\x07Terminal \x1b[2Jtitle", server.url("/escape"), "h4"),
            ("JSON-LD headline", server.url("/2026/11/model-y-standard-europe"), "h5"),
            ("Not a link at all", "http://[oops/", "h6"),
        ]
    )
    server.add("/feed", good.replace("</channel>", hostile + "</channel>"))
    return site


def hostile_json(server: FakeServer) -> dict:
    """china-ev-daily's real JSON Feed plus an item dated 0001-01-01T00:00:00+01:00 (before
    year 1 once in UTC) and one with a lone surrogate and a NUL."""
    site = install_outlet(server, "china-ev-daily", prefix="/cn")
    path = site["feed_url"].removeprefix(server.base)
    feed = json.loads(server._routes[path].body)
    feed["items"] += [
        {
            "id": "old",
            "url": server.url("/cn/old"),
            "title": "From year one",
            "date_published": "0001-01-01T00:00:00+01:00",
        },
        {"id": "half", "url": server.url("/cn/half\u0000"), "title": "Half \ud83d emoji"},
    ]
    server.add(path, json.dumps(feed), content_type="application/feed+json")
    return site


def test_hostile_items_cost_only_themselves_and_status_tells(tmp_path: Path) -> None:
    with FakeServer() as server:
        rss = hostile_rss(server)
        cn = hostile_json(server)
        server.add(
            "/deep.json",
            b'{"items": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
            content_type="application/feed+json",
        )
        config = write_config(
            tmp_path / "s.yaml",
            {
                "Ledger": [rss["feed_url"]],
                "China EV": [cn["feed_url"]],
                "Deep": [server.url("/deep.json")],
            },
        )
        first = run_cli("fetch", "--config", str(config), "--json")
        second = run_cli("fetch", "--config", str(config), "--json")
        status = run_cli("status", "--config", str(config))
        health = {
            s["name"]: s
            for s in json.loads(run_cli("status", "--config", str(config), "--json").stdout)[
                "sources"
            ]
        }
    db = tmp_path / "test.db"
    for result in (first, second, status):
        assert "Traceback" not in result.stdout + result.stderr
    assert first.exit_code == second.exit_code == 0
    stored = {row["url"]: row["title"] for row in rows(db, "SELECT url, title FROM articles")}
    for url in rss["article_urls"] + cn["article_urls"]:
        assert url in stored, url  # the good items are all there
    assert stored[server.url("/rocket")] == "Rocket \U0001f680 launch"
    assert stored[server.url("/half")] == "Half an emoji \ufffd here"
    assert stored[server.url("/nul")] == "NUL in the link"
    assert stored[server.url("/escape")] == "Terminal title"
    assert (
        stored[server.url("/2026/11/model-y-standard-europe")]
        == "Tesla \ufffd Model Y Standard reaches Europe"
    )
    assert stored[server.url("/cn/half")] == "Half \ufffd emoji"
    assert (
        rows(db, "SELECT published_at FROM articles WHERE url = ?", (server.url("/cn/old"),))[0][0]
        is None
    )
    # the second pass finds everything stored: nothing failed again, nothing new
    summary = {s["name"]: s for s in json.loads(second.stdout)["sources"]}
    assert summary["Ledger"]["failed"] == summary["China EV"]["failed"] == 0
    assert summary["Ledger"]["new"] == summary["China EV"]["new"] == 0
    assert (
        health["Ledger"]["warnings"]
        == "item 'Not a link at all' has no usable http(s) link; skipped"
    )
    assert health["China EV"]["warnings"] == (
        "item 'From year one': date '0001-01-01T00:00:00+01:00' is unreadable or out of range; kept undated"
    )
    assert (
        health["Deep"]["last_error"]
        == f"{server.url('/deep.json')}: malformed JSON Feed: nested too deeply"
    )
    assert health["Deep"]["failure_streak"] == 2
    assert status.stdout.count("warning:") == 2  # Ledger's and China EV's rows


def fetch_with_trigger(tmp_path: Path, trigger: str) -> tuple[dict, Result, Result, dict]:
    """One outlet fetched with a SQLite trigger in place that makes the database refuse one
    write, as a bug would: the outlet, the fetch's result, `status` and `status --json`."""
    with FakeServer() as server:
        site = install_outlet(server, "motor-ledger")
        config = write_config(tmp_path / "s.yaml", {"Ledger": [site["feed_url"]]})
        run_cli("status", "--config", str(config))  # creates the database
        with sqlite3.connect(tmp_path / "test.db") as db:
            db.execute(trigger)
        result = run_cli("fetch", "--config", str(config), "--json")
        status = run_cli("status", "--config", str(config))
        health = json.loads(run_cli("status", "--config", str(config), "--json").stdout)
    return site, result, status, health


def test_an_item_lost_to_an_internal_error_is_a_warning_in_status(tmp_path: Path) -> None:
    """A bug met on one item (here: the database refusing its row) loses only that item, and
    the feed's health says so instead of looking clean."""
    site, result, status, health = fetch_with_trigger(
        tmp_path,
        "CREATE TRIGGER refuse BEFORE INSERT ON articles WHEN NEW.url LIKE '%byd%' "
        "BEGIN SELECT RAISE(ABORT, 'row refused by a test trigger'); END",
    )
    (summary,) = json.loads(result.stdout)["sources"]
    assert summary["failed"] == 1 and summary["new"] == len(site["articles"]) - 1
    (lost,) = [url for url in site["article_urls"] if "byd" in url]
    expected = f"{lost}: internal error: IntegrityError: row refused by a test trigger"
    assert summary["errors"] == [expected]
    assert health["sources"][0]["warnings"] == expected
    assert "warning:" in status.stdout


def test_a_feed_lost_to_an_internal_error_is_a_failure_in_status(tmp_path: Path) -> None:
    """A bug met on a feed itself (here: the database refusing its health row) is a failed
    feed in `status`, not a healthy one."""
    site, result, _, health = fetch_with_trigger(
        tmp_path,
        "CREATE TRIGGER refuse BEFORE UPDATE OF title ON feeds "
        "BEGIN SELECT RAISE(ABORT, 'feed refused by a test trigger'); END",
    )
    (summary,) = json.loads(result.stdout)["sources"]
    expected = f"{site['feed_url']}: internal error: IntegrityError: feed refused by a test trigger"
    assert summary["errors"] == [expected]
    (source,) = health["sources"]
    assert source["last_error"] == expected and source["failure_streak"] == 1
