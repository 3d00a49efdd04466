"""Canonical URLs: tracking tails, fragments, AMP and mobile variants collapse to one address."""

from __future__ import annotations

import pytest

from aggregator.urls import canonicalize, choose_canonical, is_fetchable, same_site


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
