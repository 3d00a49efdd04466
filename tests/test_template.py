"""Each outlet's template is learned from its pages and leaves its later articles."""

from __future__ import annotations

import html
import json
import sqlite3
from pathlib import Path

from aggregator import store
from aggregator.store import open_db
from aggregator.template import (
    BOILERPLATE_PAGES,
    MEMORY_PER_SOURCE,
    PageBlocks,
    block_key,
    clean,
    file_templates,
)
from tests.conftest import plain_config, rows, run_cli, write_config
from tests.fakeweb import FakeServer
from tests.template_fixtures import NEWSLETTER, TemplatedPage, templated_outlet
from tests.warc_fixtures import Record, write_warc

BOX = "Sign up for our newsletter and get the best stories every morning."


def article(number: int, box: str = BOX) -> str:
    own = [
        f"Paragraph {i} of article {number} says something only article {number} says." * 3
        for i in range(4)
    ]
    return "\n".join([own[0], box, *own[1:]])


def learned(pages: list[str]) -> dict[str, int]:
    """The memory after these pages, counted as the store counts them."""
    memory: dict[str, int] = {}
    for text in pages:
        seen = clean(text, memory).seen
        assert seen is not None
        for key in seen.blocks:
            memory[key] = memory.get(key, 0) + 1
    return memory


def test_a_block_seen_on_enough_pages_leaves_the_next_one() -> None:
    memory = learned([article(n) for n in range(BOILERPLATE_PAGES)])
    result = clean(article(99), memory)
    assert BOX not in result.text and result.removed == 1
    assert result.text.splitlines() == [line for line in article(99).splitlines() if line != BOX]


def test_fewer_pages_teach_but_remove_nothing() -> None:
    memory = learned([article(n) for n in range(BOILERPLATE_PAGES - 1)])
    result = clean(article(99), memory)
    assert result.text == article(99) and result.removed == 0
    assert result.seen is not None and block_key(BOX) in result.seen.blocks


def test_a_paragraph_that_quotes_the_box_is_kept() -> None:
    memory = learned([article(n) for n in range(BOILERPLATE_PAGES)])
    quoting = f"The editor wrote: {BOX} Readers answered in thousands."
    text = article(99).replace("Paragraph 2", quoting, 1)
    assert quoting in clean(text, memory).text


def test_a_page_that_would_lose_most_of_its_text_is_kept_whole() -> None:
    """A series that repeats its intro is not stripped to its last line."""
    shared = [
        f"Shared intro paragraph {i} of the series, long enough to count." * 3 for i in range(4)
    ]
    memory = learned(["\n".join([*shared, f"Own ending {n}." * 20]) for n in range(3)])
    page = "\n".join([*shared, "Own ending 99. " * 5])
    assert clean(page, memory).text == page


def test_short_pages_only_teach() -> None:
    memory = learned([article(n) for n in range(BOILERPLATE_PAGES)])
    short = f"A brief of twenty words about a recall, nothing more to say about it today.\n{BOX}"
    result = clean(short, memory)
    assert result.text == short and result.seen is not None


def test_case_and_spacing_do_not_hide_a_block() -> None:
    assert block_key(BOX) == block_key("  " + BOX.upper().replace(" ", "  "))
    assert block_key("Shares rose 3%") != block_key("Shares rose 4%")


def seen(page: str, *blocks: str) -> PageBlocks:
    return PageBlocks(page=page, blocks=blocks)


def test_the_store_counts_distinct_pages_and_forgets_the_least_recent(tmp_path: Path) -> None:
    db = open_db(tmp_path / "t.db")
    source = store.ensure_source(db, "Outlet", "2026-11-01T00:00:00+00:00")
    store.remember_blocks(db, source, seen("p1", "box", "a"), "2026-11-01T00:00:00+00:00")
    store.remember_blocks(db, source, seen("p1", "box", "a"), "2026-11-01T01:00:00+00:00")
    store.remember_blocks(db, source, seen("p2", "box", "b"), "2026-11-02T00:00:00+00:00")
    assert store.template_memory(db, source) == {"box": 2, "a": 1, "b": 1}
    assert store.template_memory(db, source, min_pages=2) == {"box": 2}
    fresh = [f"new{i}" for i in range(MEMORY_PER_SOURCE - 1)]
    store.remember_blocks(db, source, seen("p3", "box", *fresh), "2026-11-03T00:00:00+00:00")
    memory = store.template_memory(db, source)
    assert len(memory) == MEMORY_PER_SOURCE and memory["box"] == 3
    assert "a" not in memory and "b" not in memory
    other = store.ensure_source(db, "Other", "2026-11-01T00:00:00+00:00")
    assert store.template_memory(db, other) == {}


def serve(srv: FakeServer, pages: list[TemplatedPage]) -> None:
    for page in pages:
        srv.add(page.path, page.html)
    items = "".join(
        f"<item><title>{html.escape(page.title)}</title><link>{srv.base}{page.path}</link>"
        f"<guid>{page.path}</guid></item>"
        for page in pages
    )
    srv.add(
        "/feed",
        f"<rss version='2.0'><channel><title>C</title>{items}</channel></rss>",
        content_type="application/rss+xml",
    )


def stored_texts(db: Path, base: str) -> dict[str, str]:
    return {
        r["url"].removeprefix(base): r["text"] for r in rows(db, "SELECT url, text FROM articles")
    }


def test_fetch_learns_the_outlets_newsletter_box(tmp_path: Path) -> None:
    """The first pages teach the box; the next pass stores articles without it, with every
    paragraph of their own, including one that quotes the box's words."""
    pages = templated_outlet(6)
    first, later = pages[:BOILERPLATE_PAGES], pages[BOILERPLATE_PAGES:]
    with FakeServer() as srv:
        config = write_config(tmp_path / "s.yaml", {"Charge Report": [srv.url("/feed")]})
        serve(srv, first)
        assert run_cli("fetch", "--config", str(config)).exit_code == 0
        serve(srv, pages)
        assert run_cli("fetch", "--config", str(config)).exit_code == 0
        texts = stored_texts(tmp_path / "test.db", srv.base)
    assert len(texts) == len(pages)
    for page in first:
        assert NEWSLETTER in texts[page.path]
    for page in later:
        assert NEWSLETTER not in texts[page.path]
        assert all(paragraph in texts[page.path] for paragraph in page.gold.splitlines())
    assert "get the Morning Charge newsletter for the figures" in texts[later[-1].path]


def test_a_backfill_learns_the_template_from_the_archives_own_pages(tmp_path: Path) -> None:
    """Pages read from a WARC teach the unit's memory in order, and the box leaves the
    pages after the first three of the outlet; the merge then reads the shard whole
    (`importer._file_templates`), so it leaves the first three too."""
    pages = templated_outlet(6)
    site = "https://charge.example"
    archive = write_warc(
        tmp_path / "charge.warc.gz",
        [Record(site + page.path, page.html.encode()) for page in pages],
    )
    config = write_config(tmp_path / "s.yaml", {"Charge Report": [site + "/feed"]})
    result = run_cli("backfill", "warc", str(archive), "--config", str(config), "--json")
    assert result.exit_code == 0, result.output
    texts = stored_texts(tmp_path / "test.db", site)
    assert len(texts) == len(pages)
    for page in pages:
        assert NEWSLETTER not in texts[page.path]
        assert all(paragraph in texts[page.path] for paragraph in page.gold.splitlines())


def test_a_files_pages_teach_each_outlet_its_own_template_whatever_their_order() -> None:
    follow = "Follow Outlet B on every network."
    pages = [("Outlet A", article(n)) for n in range(BOILERPLATE_PAGES)]
    pages += [("Outlet B", article(n, box=follow)) for n in range(BOILERPLATE_PAGES - 1)]
    pages += [("Outlet B", article(1, box=follow))]  # the same page twice counts once
    templates = file_templates(pages)
    assert templates == {"Outlet A": {block_key(BOX): BOILERPLATE_PAGES}}
    first = clean(pages[0][1], templates["Outlet A"])  # the file's first article is cleaned too
    assert BOX not in first.text and first.removed == 1


STORIES_DEV = Path(__file__).resolve().parent.parent / "benchmarks" / "data" / "stories_dev.jsonl"
CONSENT = (
    "We use cookies and data to deliver and maintain our services, measure audience "
    "engagement and site statistics, and personalise the content and advertising you see, "
    "depending on your settings. Select Accept all to agree, or More options to see details "
    "about your choices, including how to reject them, at any time."
)


def _imported(lines: list[dict], folder: Path) -> tuple[dict[str, str], set[frozenset[str]]]:
    """The stored texts by URL, and the stories as sets of URLs, of these lines imported."""
    folder.mkdir()
    data = folder / "lines.jsonl"
    data.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    db, config = folder / "test.db", plain_config(folder)
    assert run_cli("import", str(data), "--db", str(db), "--config", str(config)).exit_code == 0
    with sqlite3.connect(db) as conn:
        stored = conn.execute("SELECT url, text, story_id FROM articles").fetchall()
    stories: dict[int, set[str]] = {}
    for url, _text, story_id in stored:
        stories.setdefault(story_id, set()).add(url)
    return {url: text for url, text, _ in stored}, {frozenset(urls) for urls in stories.values()}


def test_an_import_leaves_out_what_every_article_of_an_outlet_repeats(tmp_path: Path) -> None:
    """A consent notice extracted with every article of one outlet: left in, it opened the
    lead of reports of fourteen different events, and they became one story. Without it the
    import stores and groups them as it does the articles that never had it."""
    lines = [json.loads(line) for line in STORIES_DEV.read_text(encoding="utf-8").splitlines()]
    reuters = [line for line in lines if line["source"] == "Reuters"]
    noticed = [{**line, "text": f"{CONSENT}\n\n{line['text']}"} for line in reuters]
    texts, stories = _imported(noticed, tmp_path / "noticed")
    _, clean_stories = _imported(reuters, tmp_path / "clean")
    assert len(texts) == len(reuters) and not any(CONSENT in text for text in texts.values())
    assert stories == clean_stories and len(stories) > 10
