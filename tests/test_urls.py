"""Canonical URLs: tracking tails, fragments, AMP and mobile variants collapse to one address."""

from __future__ import annotations

import courlan
import pytest

from aggregator import urls
from aggregator.urls import canonicalize, choose_canonical, is_fetchable, same_site
from tests.conftest import calls_to


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        (
            "https://www.Teslarati.com/tesla-model-y-l/?utm_source=rss&utm_medium=feed#comments",
            "https://teslarati.com/tesla-model-y-l/",
        ),
        ("https://amp.example.com/2026/11/25/story/amp/", "https://example.com/2026/11/25/story/"),
        (
            "https://m.example.co.uk/news/a.amp.html?amp=1&id=2",
            "https://example.co.uk/news/a.html?id=2",
        ),
        ("https://example.com/story?outputType=amp", "https://example.com/story"),
        ("http://example.com:80/a?fbclid=abc&gclid=x", "http://example.com/a"),
        ("https://example.com", "https://example.com/"),
    ],
)
def test_canonicalize(url: str, canonical: str) -> None:
    assert canonicalize(url) == canonical
    assert canonicalize(canonical) == canonical  # idempotent


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("http://example.com/news.php?story=5", "http://example.com/news.php?story=6"),
        ("https://www.example.com/watch?v=abc", "https://www.example.com/watch?v=def"),
        ("http://example.com/article.pl?sid=7", "http://example.com/article.pl?sid=8"),
        ("http://example.com/view.asp?ArticleID=311", "http://example.com/view.asp?ArticleID=312"),
        ("http://example.com/show?newsid=1", "http://example.com/show?newsid=2"),
        ("http://example.com/doc?docid=1", "http://example.com/doc?docid=2"),
        (
            "http://example.com/index.php?option=com_content&id=7",
            "http://example.com/index.php?option=com_content&id=8",
        ),
        # names that contain a tracker's letters are not trackers
        ("http://example.com/a?cid=1", "http://example.com/a?cid=2"),
        ("http://example.com/a?gallery=1", "http://example.com/a?gallery=2"),
        ("http://example.com/a?source_id=1", "http://example.com/a?source_id=2"),
    ],
)
def test_query_parameters_that_name_the_article_are_kept(first: str, second: str) -> None:
    assert canonicalize(first) != canonicalize(second)
    assert canonicalize(first + "&utm_source=rss") == canonicalize(first)


def test_only_known_trackers_are_removed_and_the_rest_is_sorted() -> None:
    tracked = (
        "https://example.com/a?z=1&utm_source=rss&utm_campaign=x&fbclid=1&gclid=2&dclid=3"
        "&msclkid=4&mc_cid=5&mc_eid=6&_ga=7&igshid=8&yclid=9&ref_src=twsrc&xtor=RSS-1&a=2"
    )
    assert canonicalize(tracked) == "https://example.com/a?a=2&z=1"
    # the order of repeated values is the page's business, not ours
    assert canonicalize("https://example.com/a?t=2&s=1&t=1") == "https://example.com/a?s=1&t=2&t=1"
    # only "output=amp" marks AMP; another output is another rendering we keep
    assert (
        canonicalize("https://example.com/a?output=print") == "https://example.com/a?output=print"
    )
    # undecodable bytes stay distinct instead of becoming one replacement character
    assert canonicalize("https://example.com/a?q=%FF") != canonicalize(
        "https://example.com/a?q=%FE"
    )
    for url in (tracked, "https://example.com/a?q=%FF&amp=1", "https://example.com/a?q=小米"):
        once = canonicalize(url)
        assert canonicalize(once) == once


def test_only_http_links_are_fetchable() -> None:
    assert is_fetchable("https://example.com/a")
    for bad in (
        "javascript:alert(1)",
        "data:text/html,<b>x</b>",
        "mailto:a@b.c",
        "/relative",
        "",
        None,
    ):
        assert not is_fetchable(bad)


def test_rel_canonical_trusted_only_on_same_site() -> None:
    page = "https://www.aol.com/news/xiaomi-yu7-123.html?utm_source=feed"
    assert choose_canonical(page, "https://aol.com/news/xiaomi-yu7-123.html", None) == (
        "https://aol.com/news/xiaomi-yu7-123.html"
    )
    # a syndicated copy pointing at the original site keeps its own address
    assert choose_canonical(page, "https://www.businessinsider.com/xiaomi-yu7", None) == (
        "https://aol.com/news/xiaomi-yu7-123.html"
    )
    assert (
        choose_canonical(page, None, "https://www.aol.com/news/x.html")
        == "https://aol.com/news/x.html"
    )


def test_ports_distinguish_sites_on_ip_addresses() -> None:
    assert same_site("http://127.0.0.1:8000/a", "http://127.0.0.1:8000/b")
    assert not same_site("http://127.0.0.1:8000/a", "http://127.0.0.1:9000/b")
    assert same_site("https://www.example.com/a", "https://example.com/b")


def test_an_address_is_canonicalised_once_however_often_it_is_asked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The event loop asks for a fetched item's canonical address three times or more."""
    normalized = calls_to(monkeypatch, courlan, "normalize_url")
    urls.canonicalize.cache_clear()
    address = "https://www.example.com/news/1?utm_source=rss&story=5"
    answers = {urls.canonicalize(address) for _ in range(3)}
    assert answers == {"https://example.com/news/1?story=5"} and len(normalized) == 1
