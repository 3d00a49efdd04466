"""Chinese pages extract as Latin ones do: the article kept, the portal's template dropped."""

from __future__ import annotations

from pathlib import Path

import pytest

from aggregator.extract import extract_page
from aggregator.template import BOILERPLATE_PAGES
from tests.cjk_template_fixtures import (
    ARTICLES,
    COMMENTS,
    NAV,
    RELATED,
    TEMPLATE_LINES,
    ChineseArticle,
    page,
)
from tests.conftest import rows, run_cli, write_config
from tests.fakeweb import FakeServer

PORTAL = [NAV[-1], RELATED[0], "广告", COMMENTS[0], "版权所有", "正文"]


@pytest.mark.parametrize("article", ARTICLES, ids=lambda a: a.slug)
def test_a_chinese_page_keeps_its_article_without_the_portal(article: ChineseArticle) -> None:
    result = extract_page(page(article).encode(), f"https://ev.example/{article.slug}.html")
    assert result.status == "ok"
    assert all(paragraph in result.text for paragraph in article.paragraphs)
    assert not [part for part in PORTAL if part in result.text]


def test_a_chinese_outlets_template_inside_the_body_is_learned(tmp_path: Path) -> None:
    """The follow box, the editor's line and the disclaimer sit in the article body, where
    no single-page extractor can tell them from the text; after three pages they are gone
    from the fourth, every paragraph of its own kept (its words counted as Chinese words,
    not as one "word" per paragraph, which would make it too short to clean)."""
    first, later = ARTICLES[:BOILERPLATE_PAGES], ARTICLES[BOILERPLATE_PAGES:]
    with FakeServer() as srv:
        config = write_config(tmp_path / "s.yaml", {"电车观察网": [srv.url("/feed")]})
        for articles in (first, ARTICLES):
            items = "".join(
                f"<item><title>{a.title}</title><link>{srv.base}/{a.slug}.html</link>"
                f"<guid>{a.slug}</guid></item>"
                for a in articles
            )
            srv.add(
                "/feed",
                f"<rss version='2.0'><channel><title>电车</title>{items}</channel></rss>",
                content_type="application/rss+xml",
            )
            for article in articles:
                srv.add(f"/{article.slug}.html", page(article))
            assert run_cli("fetch", "--config", str(config)).exit_code == 0
        stored = {
            r["url"].removeprefix(srv.base): r["text"]
            for r in rows(tmp_path / "test.db", "SELECT url, text FROM articles")
        }
    for article in first:
        assert all(line in stored[f"/{article.slug}.html"] for line in TEMPLATE_LINES)
    for article in later:
        text = stored[f"/{article.slug}.html"]
        assert not [line for line in TEMPLATE_LINES if line in text]
        assert all(paragraph in text for paragraph in article.paragraphs)
