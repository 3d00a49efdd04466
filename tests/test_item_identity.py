"""One feed item, one article: nothing merged by a shared URL or a shared notice (issue 18).

Real local servers: an outlet whose article ids live in the query string, a CMS that gives
every page one rel=canonical, a feed whose items all link to one page, and an outlet that
answers every article URL with the same geo-block or edition notice.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import assert_consistent, rows, run_cli, write_config
from tests.fakeweb import (
    ARTICLES,
    FakeArticle,
    FakeServer,
    install_outlet,
    render_article_page,
    render_feed,
    render_listing_page,
)
from tests.fakeweb.special import (
    EDITION_TITLE,
    GEO_BLOCK_TITLE,
    render_edition_notice,
    render_geo_block_page,
)

# Seven items on three scripts: the old allow-list kept none of these parameters (3 articles).
QUERY_PATHS = [
    "/news.php?story=5",
    "/news.php?story=6",
    "/news.php?story=7",
    "/watch?v=abc",
    "/watch?v=def",
    "/article.pl?sid=7",
    "/article.pl?sid=8",
]
STORIES = [dataclasses.replace(a, outlet="auto-gazette") for lst in ARTICLES.values() for a in lst][
    :7
]


@pytest.fixture
def srv() -> Iterator[FakeServer]:
    with FakeServer() as server:
        yield server


def fetch(config: Path) -> dict:
    result = run_cli("fetch", "--config", str(config), "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["sources"][0]


def articles(tmp_path: Path) -> list:
    return rows(tmp_path / "test.db", "SELECT * FROM articles ORDER BY id")


def count(tmp_path: Path, table: str) -> int:
    return rows(tmp_path / "test.db", f"SELECT COUNT(*) AS n FROM {table}")[0]["n"]


def page_requests(server: FakeServer, feed_path: str) -> list[str]:
    return [r.path for r in server.requests if r.path not in (feed_path, "/robots.txt")]


def test_ids_in_the_query_string_make_seven_articles_and_a_second_pass_adds_nothing(
    tmp_path: Path, srv: FakeServer
) -> None:
    paths = dict(zip((a.slug for a in STORIES), QUERY_PATHS, strict=True))
    site = install_outlet(srv, "auto-gazette", articles=STORIES, path_of=lambda a: paths[a.slug])
    config = write_config(tmp_path / "s.yaml", {"Auto Gazette": [site["feed_url"]]})
    assert fetch(config)["new"] == 7
    stored = articles(tmp_path)
    assert sorted(r["canonical_url"] for r in stored) == sorted(site["article_urls"])
    by_url = {r["canonical_url"]: r for r in stored}
    for story, url in zip(STORIES, site["article_urls"], strict=True):
        assert by_url[url]["title"] == story.title
        assert story.paragraphs[0][:60] in by_url[url]["text"]
    srv.reset_stats()
    again = fetch(config)
    assert (again["new"], again["updated"], again["unchanged"]) == (0, 0, 7)
    assert page_requests(srv, "/rss.xml") == []  # every item known by its GUID
    assert count(tmp_path, "article_revisions") == 0
    assert count(tmp_path, "articles") == 7


def test_a_cms_giving_every_page_one_rel_canonical_merges_nothing(
    tmp_path: Path, srv: FakeServer
) -> None:
    """news.php?story=N pages all declaring rel=canonical news.php: the URL is shared by
    three items with their own GUIDs and headlines, so it cannot be what identifies them."""
    stories = STORIES[:3]
    paths = {a.slug: path for a, path in zip(stories, QUERY_PATHS, strict=False)}
    site = install_outlet(srv, "auto-gazette", articles=stories, path_of=lambda a: paths[a.slug])
    for story in stories:
        page = render_article_page(story, site["base"], canonical_url=srv.url("/news.php"))
        srv.add(paths[story.slug], page.encode("windows-1252", errors="xmlcharrefreplace"))
    config = write_config(tmp_path / "s.yaml", {"Auto Gazette": [site["feed_url"]]})
    assert fetch(config)["new"] == 3
    stored = articles(tmp_path)
    assert sorted(r["title"] for r in stored) == sorted(a.title for a in stories)
    assert all(r["extraction_status"] == "ok" for r in stored)
    assert len({r["content_hash"] for r in stored}) == 3
    # the first keeps the page's word for its address; the others get their own feed link
    assert srv.url("/news.php") in {r["canonical_url"] for r in stored}
    assert {srv.url(paths[a.slug]) for a in stories} & {r["canonical_url"] for r in stored}
    srv.reset_stats()
    again = fetch(config)
    assert (again["new"], again["updated"]) == (0, 0)
    assert page_requests(srv, "/rss.xml") == []
    assert count(tmp_path, "article_revisions") == 0


def test_items_all_linking_to_one_page_stay_distinct_items(tmp_path: Path, srv: FakeServer) -> None:
    """A press-release feed whose every item links to the newsroom page: before, the first
    item was stored and the others became "revisions" of it, pass after pass."""
    site = install_outlet(srv, "motor-ledger", articles=ARTICLES["motor-ledger"][:1])
    srv.add("/newsroom", render_listing_page(srv.base))
    releases = [
        dataclasses.replace(ARTICLES["motor-ledger"][0], title=title, slug=f"release-{n}")
        for n, title in enumerate(
            [
                "Motor Ledger names a new Detroit bureau chief",
                "Motor Ledger launches a weekly battery-supply newsletter",
                "Motor Ledger wins two Loeb awards for its recall coverage",
            ]
        )
    ]
    feed, ctype = render_feed("motor-ledger", releases, srv.base, path_of=lambda a: "/newsroom")
    # the same release twice, under a second GUID but its own headline: still one item
    repeated = feed.replace(b"</channel>", _item_like_the_first(feed) + b"</channel>")
    srv.add("/feed", repeated, content_type=ctype)
    config = write_config(tmp_path / "s.yaml", {"Motor Ledger": [site["feed_url"]]})
    first = fetch(config)
    assert (first["new"], first["unchanged"]) == (3, 1)
    stored = articles(tmp_path)
    assert sorted(r["title"] for r in stored) == sorted(a.title for a in releases)
    assert len({r["canonical_url"] for r in stored}) == 3
    assert all(r["canonical_url"].startswith(srv.url("/newsroom")) for r in stored)
    srv.reset_stats()
    for _ in range(2):
        again = fetch(config)
        assert (again["new"], again["updated"], again["unchanged"]) == (0, 0, 4)
    assert page_requests(srv, "/feed") == []
    assert count(tmp_path, "article_revisions") == 0


def _item_like_the_first(feed: bytes) -> bytes:
    start = feed.index(b"<item>")
    item = feed[start : feed.index(b"</item>", start) + len(b"</item>")]
    guid_start = item.index(b">", item.index(b"<guid")) + 1
    guid_end = item.index(b"</guid>")
    return item[:guid_start] + b"republished-" + item[guid_start:guid_end] + item[guid_end:]


def _notice_outlet(srv: FakeServer, notice: str) -> tuple[dict, list[FakeArticle]]:
    """Motor Ledger's three newest articles, every one of them answered with `notice`."""
    stories = ARTICLES["motor-ledger"][:3]
    site = install_outlet(srv, "motor-ledger", articles=stories)
    for url in site["article_urls"]:
        srv.add(url.removeprefix(srv.base), notice)
    return site, stories


@pytest.mark.parametrize(
    ("render", "notice_title"),
    [(render_geo_block_page, GEO_BLOCK_TITLE), (render_edition_notice, EDITION_TITLE)],
    ids=["geo-block", "notice worded in no known way"],
)
def test_one_notice_on_every_page_makes_one_flagged_article_per_item(
    tmp_path: Path, srv: FakeServer, render, notice_title: str
) -> None:
    site, stories = _notice_outlet(srv, render(srv.base))
    config = write_config(tmp_path / "s.yaml", {"Motor Ledger": [site["feed_url"]]})
    assert fetch(config)["new"] == 3
    stored = articles(tmp_path)
    assert sorted(r["title"] for r in stored) == sorted(a.title for a in stories)
    for row in stored:
        assert row["extraction_status"] == "interstitial"
        assert "notice" in row["extraction_note"] or "same text" in row["extraction_note"]
        assert row["summary"] and row["text"] == "" and row["content_hash"] is None
    assert not rows(
        tmp_path / "test.db", "SELECT 1 FROM articles_fts WHERE title = ?", (notice_title,)
    )
    assert count(tmp_path, "article_urls WHERE kind = 'canonical'") == 3
    pending = rows(tmp_path / "test.db", "SELECT * FROM pending_entries")
    assert sorted(p["article_id"] for p in pending) == sorted(r["id"] for r in stored)
    assert_consistent_db(tmp_path)


def test_notice_pages_are_retried_and_the_retries_end(tmp_path: Path, srv: FakeServer) -> None:
    site, stories = _notice_outlet(srv, render_geo_block_page(srv.base))
    config = write_config(
        tmp_path / "s.yaml",
        {"Motor Ledger": [site["feed_url"]]},
        limits={"max_pending_attempts": 3},
    )
    fetch(config)
    hits = [srv.hits(url.removeprefix(srv.base)) for url in site["article_urls"]]
    for _ in range(4):
        again = fetch(config)
        assert (again["new"], again["updated"]) == (0, 0)
    retried = [
        srv.hits(url.removeprefix(srv.base)) - n
        for url, n in zip(site["article_urls"], hits, strict=True)
    ]
    assert retried == [2, 2, 2]  # attempts 2 and 3, then no more
    assert count(tmp_path, "pending_entries") == 0
    assert {r["extraction_status"] for r in articles(tmp_path)} == {"interstitial"}
    assert count(tmp_path, "article_revisions") == 0


def test_a_notice_that_lifts_gives_each_item_its_article(tmp_path: Path, srv: FakeServer) -> None:
    site, stories = _notice_outlet(srv, render_edition_notice(srv.base))
    config = write_config(tmp_path / "s.yaml", {"Motor Ledger": [site["feed_url"]]})
    fetch(config)
    install_outlet(srv, "motor-ledger", articles=stories)  # the real pages are back
    summary = fetch(config)
    assert (summary["new"], summary["updated"]) == (0, 3)
    stored = {r["title"]: r for r in articles(tmp_path)}
    for story in stories:
        row = stored[story.title]
        assert row["extraction_status"] == "ok" and story.paragraphs[-1][:60] in row["text"]
        assert row["content_hash"] and row["author"] == story.author
    assert count(tmp_path, "pending_entries") == 0
    assert count(tmp_path, "article_revisions") == 0
    hits = rows(
        tmp_path / "test.db",
        "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?",
        ('"rearview"',),
    )
    assert hits  # the search index follows the completed text
    assert_consistent_db(tmp_path)


def assert_consistent_db(tmp_path: Path) -> None:
    import sqlite3

    db = sqlite3.connect(tmp_path / "test.db")
    try:
        assert_consistent(db)
    finally:
        db.close()


def test_an_article_not_repeating_its_headline_is_not_taken_for_a_notice(
    tmp_path: Path, srv: FakeServer
) -> None:
    """One real page in twenty does not carry half its headline's words. When its feed
    re-headlines it and the page is unchanged, it is still itself, not a notice it shares
    with another item."""
    story = dataclasses.replace(
        ARTICLES["motor-ledger"][0], title="Weekend reading: what we are watching"
    )
    site = install_outlet(srv, "motor-ledger", articles=[story])
    config = write_config(tmp_path / "s.yaml", {"Motor Ledger": [site["feed_url"]]})
    assert fetch(config)["new"] == 1
    feed, ctype = render_feed(
        "motor-ledger", [dataclasses.replace(story, title="Sunday notes")], site["base"]
    )
    srv.add("/feed", feed, content_type=ctype)
    assert fetch(config)["unchanged"] == 1
    (row,) = articles(tmp_path)
    assert (row["title"], row["extraction_status"]) == (story.title, "ok")
    assert row["entry_title"] == "Sunday notes" and row["content_hash"]
    assert count(tmp_path, "pending_entries") == 0
