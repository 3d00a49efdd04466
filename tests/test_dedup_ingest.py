"""Same article and same story across outlets, through the real ingest path (local servers)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from tests.conftest import rows as query
from tests.conftest import run_cli, write_config
from tests.fakeweb import ARTICLES, FakeServer, install_outlet, render_article_page, render_feed

WIRE = ARTICLES["motor-ledger"][0]  # the Tesla rearview-camera recall


def variant(article, outlet: str, *, title: str, edit=None, minutes: int = 30):
    paragraphs = list(article.paragraphs)
    if edit:
        paragraphs = edit(paragraphs)
    return dataclasses.replace(
        article,
        outlet=outlet,
        title=title,
        paragraphs=paragraphs,
        published=article.published + timedelta(minutes=minutes),
    )


@pytest.fixture
def servers() -> Iterator[list[FakeServer]]:
    made = [FakeServer() for _ in range(3)]
    yield made
    for server in made:
        server.close()


def fetch(config: Path) -> None:
    result = run_cli("fetch", "--config", str(config))
    assert result.exit_code == 0, result.output


def test_wire_story_on_three_outlets_links_copies_to_the_first(tmp_path: Path, servers) -> None:
    reuters_style = variant(
        WIRE,
        "ev-dispatch",
        title="Tesla recalls 239,000 vehicles over backup camera fault",
        edit=lambda ps: ["(Reuters) - " + ps[0], *ps[1:-1], "Read more: Tesla's recall history."],
        minutes=40,
    )
    trimmed = variant(
        WIRE,
        "china-ev-daily",
        title="Tesla to recall nearly 240K cars in the US over rearview camera issue",
        edit=lambda ps: ps[:-2],
        minutes=90,
    )
    sites = {
        "Motor Ledger": install_outlet(servers[0], "motor-ledger", articles=[WIRE]),
        "EV Dispatch": install_outlet(servers[1], "ev-dispatch", articles=[reuters_style]),
        "China EV Daily": install_outlet(servers[2], "china-ev-daily", articles=[trimmed]),
    }
    config = write_config(tmp_path / "s.yaml", {n: [s["feed_url"]] for n, s in sites.items()})
    fetch(config)
    db = tmp_path / "test.db"
    rows = query(
        db,
        "SELECT a.id, s.name, a.copy_of, a.copy_similarity, a.story_id FROM articles a "
        "JOIN sources s ON s.id = a.source_id ORDER BY a.published_at",
    )
    assert [r["name"] for r in rows] == ["Motor Ledger", "EV Dispatch", "China EV Daily"]
    original = rows[0]["id"]
    assert rows[0]["copy_of"] is None
    assert [r["copy_of"] for r in rows[1:]] == [original, original]
    assert all(0.6 <= r["copy_similarity"] <= 1.0 for r in rows[1:])
    assert len({r["story_id"] for r in rows}) == 1
    story = query(db, "SELECT * FROM stories")[0]
    assert story["article_count"] == 3 and story["source_count"] == 3
    shown = run_cli("show", str(original), "--db", str(db), "--config", str(config))
    assert shown.output.count("copied by") == 2


def test_syndicated_copy_naming_its_original_is_linked_either_way(tmp_path: Path, servers) -> None:
    original_site = install_outlet(servers[0], "motor-ledger", articles=[WIRE])
    original_url = original_site["article_urls"][0]
    # published earlier! and, like a syndicated copy, with the carrier's own first and last lines
    # (an identical text would be the same article: an alias, not a copy)
    copy = variant(
        WIRE,
        "ev-dispatch",
        title=WIRE.title,
        minutes=-600,
        edit=lambda ps: [f"Via Business Insider. {ps[0]}", *ps[1:], "More on AOL Autos."],
    )
    copy_site = install_outlet(servers[1], "ev-dispatch", articles=[copy])
    page = render_article_page(copy, copy_site["base"], canonical_url=original_url)
    servers[1].add(copy_site["article_urls"][0].removeprefix(servers[1].base), page)
    # the copy is fetched first, before its original is known
    first = write_config(tmp_path / "a.yaml", {"AOL": [copy_site["feed_url"]]})
    fetch(first)
    mailed = run_cli("digest", "--config", str(first), "--output", str(tmp_path / "d.txt"))
    assert mailed.exit_code == 0
    from aggregator import store

    db = store.open_db(tmp_path / "test.db")  # record it as sent, as a delivered digest would be
    story = db.execute("SELECT story_id FROM articles").fetchone()[0]
    store.record_digest(
        db,
        sent_at="2026-11-26T07:30:00+00:00",
        covered_from=None,
        covered_until="2026-11-26T07:30:00+00:00",
        recipients=["a@example.com"],
        message_id="<x@example.com>",
        subject="s",
        story_count=1,
        article_count=1,
        last_article_id=1,
        stories_by_topic=[(story, "All stories")],
    )
    db.close()
    both = write_config(
        tmp_path / "a.yaml",
        {"AOL": [copy_site["feed_url"]], "Business Insider": [original_site["feed_url"]]},
    )
    fetch(both)
    db = tmp_path / "test.db"
    rows = {
        r["name"]: r
        for r in query(
            db,
            "SELECT a.id, s.name, a.copy_of, a.story_id, a.original_url FROM articles a "
            "JOIN sources s ON s.id = a.source_id",
        )
    }
    assert rows["Business Insider"]["copy_of"] is None
    assert rows["AOL"]["copy_of"] == rows["Business Insider"]["id"]
    assert rows["AOL"]["original_url"] == original_url.replace("127.0.0.1", "127.0.0.1")
    assert rows["AOL"]["story_id"] == rows["Business Insider"]["story_id"]
    assert query(db, "SELECT COUNT(*) AS n FROM stories")[0]["n"] == 1
    # the copy's story had been mailed before its original arrived: the history moved over
    mailed = query(db, "SELECT story_id FROM digest_stories")
    assert [r["story_id"] for r in mailed] == [rows["AOL"]["story_id"]]


def test_tracking_and_amp_urls_are_one_article(tmp_path: Path, servers) -> None:
    article = ARTICLES["ev-dispatch"][0]
    site = install_outlet(
        servers[0], "ev-dispatch", articles=[article], link_suffix="?utm_source=rss"
    )
    url = site["article_urls"][0]
    path = url.removeprefix(servers[0].base)
    amp_path = path + "amp/"
    servers[0].add(amp_path, render_article_page(article, site["base"], canonical_url=url))
    amp_feed, ctype = render_feed("ev-dispatch", [article], site["base"])
    servers[0].add(
        "/amp-feed", amp_feed.replace(path.encode(), amp_path.encode()), content_type=ctype
    )
    config = write_config(
        tmp_path / "s.yaml",
        {"EV Dispatch": [site["feed_url"]], "EV Dispatch AMP": [servers[0].url("/amp-feed")]},
    )
    fetch(config)
    db = tmp_path / "test.db"
    assert query(db, "SELECT canonical_url FROM articles")[0]["canonical_url"] == url
    assert len(query(db, "SELECT * FROM articles")) == 1
    aliases = {r["url"] for r in query(db, "SELECT url FROM article_urls")}
    assert url + "?utm_source=rss" in aliases and servers[0].url(amp_path) in aliases


def test_a_tracking_link_to_a_stored_article_is_one_of_its_addresses(
    tmp_path: Path, servers
) -> None:
    """The order that lost it: the article is stored first from another feed (its AMP page,
    canonical to the plain URL); the outlet's own feed then links it with a tracking query.
    The item is recognised by its canonical URL without a fetch, and its link is recorded."""
    article = ARTICLES["ev-dispatch"][0]
    site = install_outlet(servers[0], "ev-dispatch", articles=[article])
    url = site["article_urls"][0]
    path = url.removeprefix(servers[0].base)
    servers[0].add(path + "amp/", render_article_page(article, site["base"], canonical_url=url))
    amp_feed, ctype = render_feed("ev-dispatch", [article], site["base"])
    servers[0].add(
        "/amp-feed", amp_feed.replace(path.encode(), (path + "amp/").encode()), content_type=ctype
    )
    fetch(write_config(tmp_path / "amp.yaml", {"EV Dispatch AMP": [servers[0].url("/amp-feed")]}))
    tracked, ctype = render_feed("ev-dispatch", [article], site["base"])
    servers[0].add(
        "/tracked-feed",
        tracked.replace(path.encode(), (path + "?utm_source=rss").encode()),
        content_type=ctype,
    )
    pages = servers[0].hits(path)
    fetch(write_config(tmp_path / "own.yaml", {"EV Dispatch": [servers[0].url("/tracked-feed")]}))
    db = tmp_path / "test.db"
    assert len(query(db, "SELECT * FROM articles")) == 1
    assert servers[0].hits(path) == pages  # recognised, not fetched again
    aliases = {r["url"] for r in query(db, "SELECT url FROM article_urls")}
    assert url + "?utm_source=rss" in aliases


def test_reheadlined_update_becomes_a_revision(tmp_path: Path, servers) -> None:
    article = ARTICLES["china-ev-daily"][0]
    site = install_outlet(servers[0], "china-ev-daily", articles=[article])
    config = write_config(tmp_path / "s.yaml", {"China EV Daily": [site["feed_url"]]})
    fetch(config)
    updated = dataclasses.replace(
        article,
        title="UPDATE: " + article.title,
        paragraphs=[
            *article.paragraphs,
            "Update: NIO confirmed the figure in a filing on Wednesday.",
        ],
    )
    install_outlet(servers[0], "china-ev-daily", articles=[updated])
    result = run_cli("fetch", "--config", str(config), "--json")
    assert '"updated": 1' in result.stdout
    db = tmp_path / "test.db"
    current = query(db, "SELECT id, title, text FROM articles")
    assert len(current) == 1 and current[0]["title"] == updated.title
    revisions = query(db, "SELECT * FROM article_revisions")
    assert len(revisions) == 1 and revisions[0]["title"] == article.title
    assert (
        query(db, "SELECT COUNT(*) AS n FROM articles_fts WHERE articles_fts MATCH 'filing'")[0][
            "n"
        ]
        == 1
    )
    diff = run_cli("show", str(current[0]["id"]), "--diff", "--config", str(config))
    assert f"-{article.title}" in diff.output and f"+{updated.title}" in diff.output
    assert "+Update: NIO confirmed" in diff.output
    again = run_cli("fetch", "--config", str(config), "--json")
    assert '"updated": 0' in again.stdout  # nothing changed since
