"""End to end: realistic outlets on local servers → `aggregator fetch` → SQLite."""

from __future__ import annotations

import json
from collections.abc import Iterator
from email.message import Message
from pathlib import Path

import pytest

from aggregator import pipeline
from tests.conftest import rows, run_cli, slow_pages, write_config
from tests.fakeweb import (
    OUTLETS,
    FakeServer,
    install_outlet,
    render_feed,
    render_listing_page,
    render_paywall_teaser,
    render_video_page,
)

COOKIE_WORDS = "partners use cookies"


@pytest.fixture
def outlets() -> Iterator[dict[str, dict]]:
    """Every fake outlet on its own server (its own host), feeds with ETag/Last-Modified."""
    servers = {key: FakeServer() for key in OUTLETS}
    sites = {}
    for key, srv in servers.items():
        site = install_outlet(srv, key)
        body, ctype = render_feed(key, site["articles"], site["base"])
        srv.add(
            site["feed_url"].removeprefix(srv.base),
            body,
            content_type=ctype,
            etag=f'"{key}-v1"',
            last_modified="Wed, 25 Nov 2026 12:00:00 GMT",
        )
        sites[key] = {**site, "server": srv, "name": OUTLETS[key]["name"]}
    yield sites
    for srv in servers.values():
        srv.close()


def config_for(tmp_path: Path, sites: dict[str, dict], **extra: str) -> Path:
    return write_config(
        tmp_path / "sources.yaml",
        {site["name"]: [site["feed_url"]] for site in sites.values()},
        extra.get("settings", ""),
    )


def fetch_json(config: Path, *args: str) -> tuple[int, dict, str]:
    result = run_cli("fetch", "--config", str(config), "--json", *args)
    stdout = result.stdout
    return result.exit_code, json.loads(stdout) if stdout.strip() else {}, result.stderr


def test_first_pass_stores_every_article_with_metadata(tmp_path: Path, outlets) -> None:
    config = config_for(tmp_path, outlets)
    code, summary, _ = fetch_json(config)
    assert code == 0
    expected = sum(len(site["articles"]) for site in outlets.values())
    assert summary["new"] == expected
    db = tmp_path / "test.db"
    stored = {r["canonical_url"]: r for r in rows(db, "SELECT * FROM articles")}
    assert len(stored) == expected
    for site in outlets.values():
        for article, url in zip(site["articles"], site["article_urls"], strict=True):
            row = stored[url]
            assert row["title"] == article.title
            assert row["author"] == article.author
            assert row["published_at"] == article.published.isoformat(timespec="seconds")
            assert row["extraction_status"] == "ok", row["extraction_note"]
            assert row["language"] == "en"
            assert row["image"] and row["image"].endswith(article.image)
            assert article.paragraphs[0][:80] in row["text"]
            assert article.paragraphs[-1][:80] in row["text"]
            assert COOKIE_WORDS not in row["text"]
            assert row["summary"]
    # the search index is current
    hits = rows(db, "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?", ('"Xiaomi"',))
    assert hits and len(hits) == len(
        [r for r in stored.values() if "xiaomi" in (r["title"] + r["text"]).lower()]
    )
    health = rows(db, "SELECT * FROM feeds")
    assert all(f["consecutive_failures"] == 0 and f["etag"] for f in health)
    log = rows(db, "SELECT COUNT(*) AS n FROM fetch_log")[0]["n"]
    assert log >= expected + 2 * len(outlets)  # pages + feeds + robots.txt


def test_windows_1252_outlet_is_decoded(tmp_path: Path, outlets) -> None:
    site = outlets["auto-gazette"]
    config = config_for(tmp_path, {"auto-gazette": site})
    assert fetch_json(config)[0] == 0
    stored = rows(tmp_path / "test.db", "SELECT title, text FROM articles")
    titles = {r["title"] for r in stored}
    assert titles == {a.title for a in site["articles"]}
    assert any(ch in "".join(titles) + "".join(r["text"] for r in stored) for ch in "éüö€—")
    assert not any("\ufffd" in r["text"] or "Ã" in r["text"] for r in stored)


def test_second_pass_gets_304_and_fetches_no_page(tmp_path: Path, outlets) -> None:
    config = config_for(tmp_path, outlets)
    assert fetch_json(config)[0] == 0
    for site in outlets.values():
        site["server"].reset_stats()
    code, summary, _ = fetch_json(config)
    assert code == 0 and summary["new"] == 0
    for site in outlets.values():
        paths = [r.path for r in site["server"].requests if r.path != "/robots.txt"]
        feed_path = site["feed_url"].removeprefix(site["server"].base)
        assert paths == [feed_path]
        feed_request = site["server"].requests_for(feed_path)[0]
        assert feed_request.headers["if-none-match"]
    statuses = rows(tmp_path / "test.db", "SELECT last_status FROM feeds")
    assert {r["last_status"] for r in statuses} == {304}


def test_changed_feed_with_known_items_fetches_only_new_pages(tmp_path: Path, outlets) -> None:
    site = outlets["motor-ledger"]
    srv = site["server"]
    first, rest = site["articles"][:2], site["articles"][2:]
    body, ctype = render_feed("motor-ledger", first, site["base"], link_suffix="?utm_source=rss")
    srv.add("/feed", body, content_type=ctype)
    config = config_for(tmp_path, {"motor-ledger": site})
    assert fetch_json(config)[1]["new"] == 2
    srv.reset_stats()
    body, ctype = render_feed(
        "motor-ledger", first + rest, site["base"], link_suffix="?utm_medium=x"
    )
    srv.add("/feed", body, content_type=ctype)
    code, summary, _ = fetch_json(config)
    assert summary["sources"][0]["new"] == len(rest)
    assert summary["sources"][0]["unchanged"] == 2
    fetched_pages = {r.path.split("?")[0] for r in srv.requests} - {"/feed", "/robots.txt"}
    assert len(fetched_pages) == len(rest)
    # tracking parameters are not part of the stored identity, but are remembered as aliases
    db = tmp_path / "test.db"
    assert not rows(db, "SELECT 1 FROM articles WHERE canonical_url LIKE '%utm_%'")
    assert rows(db, "SELECT 1 FROM article_urls WHERE url LIKE '%utm_source=rss'")


def test_robots_disallow_is_honoured(tmp_path: Path) -> None:
    with FakeServer() as srv:
        site = install_outlet(srv, "ev-dispatch", robots="User-agent: *\nDisallow: /2026/11/2\n")
        blocked = [u for u in site["article_urls"] if "/2026/11/2" in u]
        assert blocked, "fixture should have articles under the disallowed prefix"
        config = write_config(tmp_path / "s.yaml", {"EV Dispatch": [site["feed_url"]]})
        code, summary, _ = fetch_json(config)
        assert code == 0
        for url in blocked:
            assert srv.hits(url.removeprefix(srv.base)) == 0
        assert summary["sources"][0]["robots"] == len(blocked)
        stored = rows(
            tmp_path / "test.db", "SELECT * FROM articles WHERE extraction_status = 'robots'"
        )
        assert {r["canonical_url"] for r in stored} == set(blocked)
        assert all(r["title"] and r["summary"] for r in stored)  # kept from the feed


def test_per_host_concurrency_limit_holds_in_a_pass(tmp_path: Path) -> None:
    with FakeServer() as srv:
        site = install_outlet(srv, "motor-ledger")
        slow_pages(srv, site["article_urls"], 0.3)
        config = write_config(
            tmp_path / "s.yaml",
            {"Motor Ledger": [site["feed_url"]]},
            limits={"per_host_concurrency": 2, "total_concurrency": 16},
        )
        assert fetch_json(config)[0] == 0
        assert srv.max_concurrency == 2


def test_one_broken_source_does_not_stop_the_others(tmp_path: Path, outlets) -> None:
    broken = outlets["ev-dispatch"]
    broken["server"].add("/atom.xml", "oops", status=500)
    config = config_for(tmp_path, outlets)
    code, summary, stderr = fetch_json(config)
    assert code == 0
    by_name = {s["name"]: s for s in summary["sources"]}
    assert by_name["EV Dispatch"]["succeeded"] is False
    assert by_name["EV Dispatch"]["errors"] == [
        f"{broken['feed_url']}: HTTP 500 Internal Server Error"
    ]
    assert f"EV Dispatch: {broken['feed_url']}: HTTP 500 Internal Server Error" in stderr
    others = [s for name, s in by_name.items() if name != "EV Dispatch"]
    assert all(s["succeeded"] and s["new"] > 0 for s in others)
    feed = rows(tmp_path / "test.db", "SELECT * FROM feeds WHERE url = ?", (broken["feed_url"],))[0]
    assert feed["consecutive_failures"] == 1 and "500" in feed["last_error"]


def test_all_sources_failing_exits_1(tmp_path: Path) -> None:
    with FakeServer() as srv:
        srv.add("/feed", "down", status=503)
        config = write_config(tmp_path / "s.yaml", {"Down": [srv.url("/feed")]})
        result = run_cli("fetch", "--config", str(config))
    assert result.exit_code == 1
    assert "every source failed; no network?" in result.stderr
    assert "Traceback" not in result.output


def test_weak_pages_are_kept_with_feed_data_and_flagged(tmp_path: Path) -> None:
    with FakeServer() as srv:
        site = install_outlet(srv, "motor-ledger")
        specials = {
            "/premium/teaser": render_paywall_teaser(srv.base),
            "/video/launch": render_video_page(srv.base),
            "/sections/ev": render_listing_page(srv.base),
        }
        for path, html in specials.items():
            srv.add(path, html)
        srv.add("/files/report.pdf", b"%PDF-1.4", content_type="application/pdf")
        items = "".join(
            f"<item><title>Feed title {i}</title><link>{srv.base}{path}</link><guid>s{i}</guid>"
            f"<description>Feed summary {i}</description></item>"
            for i, path in enumerate([*specials, "/files/report.pdf", "/gone"])
        )
        srv.add(
            "/feed",
            f'<rss version="2.0"><channel><title>X</title>{items}</channel></rss>',
            content_type="application/rss+xml",
        )
        config = write_config(tmp_path / "s.yaml", {"Motor Ledger": [site["feed_url"]]})
        code, summary, _ = fetch_json(config)
    assert code == 0 and summary["sources"][0]["flagged"] == 5
    stored = {
        r["url"].removeprefix(srv.base): r
        for r in rows(tmp_path / "test.db", "SELECT * FROM articles")
    }
    assert stored["/premium/teaser"]["extraction_status"] == "teaser"
    assert stored["/video/launch"]["extraction_status"] == "not_article"
    assert stored["/sections/ev"]["extraction_status"] == "not_article"
    assert stored["/files/report.pdf"]["extraction_status"] == "not_html"
    assert stored["/gone"]["extraction_status"] == "fetch_failed"
    assert "404" in stored["/gone"]["extraction_note"]
    for row in stored.values():
        assert row["title"].startswith("Feed title") and row["summary"].startswith("Feed summary")


def test_transient_page_failure_is_retried_on_next_pass_despite_304(tmp_path: Path) -> None:
    with FakeServer() as srv:
        site = install_outlet(srv, "china-ev-daily")
        body, ctype = render_feed("china-ev-daily", site["articles"], site["base"])
        srv.add("/feed.json", body, content_type=ctype, etag='"j1"')
        flaky = site["article_urls"][0].removeprefix(srv.base)
        good = srv._routes[flaky]
        srv.add(flaky, "busy", status=503)
        config = write_config(tmp_path / "s.yaml", {"China EV Daily": [site["feed_url"]]})
        code, summary, stderr = fetch_json(config)
        assert summary["sources"][0]["failed"] == 1
        assert "will retry next pass" in stderr
        db = tmp_path / "test.db"
        assert len(rows(db, "SELECT * FROM pending_entries")) == 1
        srv.add(flaky, good.body, content_type=good.content_type)
        code, summary, _ = fetch_json(config)
        assert summary["sources"][0]["new"] == 1
        assert rows(db, "SELECT last_status FROM feeds")[0]["last_status"] == 304
        assert rows(db, "SELECT * FROM pending_entries") == []
        assert len(rows(db, "SELECT * FROM articles")) == len(site["articles"])


def test_gone_feed_is_disabled_with_a_message(tmp_path: Path) -> None:
    with FakeServer() as srv:
        srv.add("/feed", "gone", status=410)
        config = write_config(tmp_path / "s.yaml", {"Old": [srv.url("/feed")]})
        assert fetch_json(config)[0] == 1
        code, summary, stderr = fetch_json(config)
        assert srv.hits("/feed") == 1  # not asked again
        assert "disabled (HTTP 410 Gone" in stderr and "--include-disabled" in stderr


def test_html_page_instead_of_feed_suggests_feeds(tmp_path: Path, outlets) -> None:
    site = outlets["motor-ledger"]
    config = write_config(tmp_path / "s.yaml", {"Motor Ledger": [site["homepage_url"]]})
    code, summary, stderr = fetch_json(config)
    assert code == 1
    assert (
        f"{site['homepage_url']}: got an HTML page, not a feed; feeds found on that page: "
        in stderr
    )
    assert site["feed_url"] in stderr


def test_gzip_outlet_and_progress_lines(tmp_path: Path) -> None:
    with FakeServer() as srv:
        site = install_outlet(srv, "ev-dispatch", gzip=True)
        config = write_config(tmp_path / "s.yaml", {"EV Dispatch": [site["feed_url"]]})
        result = run_cli("fetch", "--config", str(config))
    assert result.exit_code == 0
    assert f"EV Dispatch: {len(site['articles'])} new, 0 unchanged, 0 failed" in result.stderr
    assert f"{len(site['articles'])} new articles" in result.stdout
    stored = rows(tmp_path / "test.db", "SELECT extraction_status FROM articles")
    assert [r["extraction_status"] for r in stored] == ["ok"] * len(site["articles"])


def test_a_content_type_is_parsed_once_for_all_the_pages_that_send_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An outlet's pages all send one Content-Type; the email package's parse of it took
    ~0.1 ms of the event loop per page."""
    parsed: list[str] = []

    class Counted(Message):
        def __setitem__(self, name: str, value: str) -> None:
            parsed.append(value)
            super().__setitem__(name, value)

    monkeypatch.setattr(pipeline, "Message", Counted)
    pipeline._charset_of.cache_clear()
    kind = "text/html; charset=Windows-1252"
    charsets = [pipeline._charset({"content-type": kind}) for _ in range(3)]
    assert charsets == ["windows-1252"] * 3 and parsed == [kind]
    assert pipeline._charset({}) is None
