"""Realistic fake news outlets served by :class:`~tests.fakeweb.server.FakeServer`.

Public API (see the package README in ``__init__``):

* ``FakeArticle``, ``OUTLETS``, ``ARTICLES``
* ``article_path``, ``render_article_page``, ``render_feed``, ``install_outlet``
* ``render_paywall_teaser``, ``render_video_page``, ``render_listing_page``
* ``generate_bulk_articles``
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

from .articles import ARTICLES, FakeArticle
from .bulk import generate_bulk_articles
from .feeds import render_feed
from .server import FakeServer
from .sites import OUTLETS, article_id, article_path, feed_path, text_encoding
from .special import (
    render_listing_page,
    render_paywall_teaser,
    render_video_page,
    with_registration_table,
)
from .templates import render_article_page, render_homepage

__all__ = [
    "ARTICLES",
    "OUTLETS",
    "FakeArticle",
    "JPEG_BYTES",
    "article_id",
    "article_path",
    "encode_page",
    "feed_path",
    "generate_bulk_articles",
    "install_outlet",
    "render_article_page",
    "render_feed",
    "render_homepage",
    "render_listing_page",
    "render_paywall_teaser",
    "render_video_page",
    "with_registration_table",
]

DEFAULT_ROBOTS = "User-agent: *\nAllow: /\n"

# A tiny valid 1x1 JPEG served for every /img/... path.
JPEG_BYTES = base64.b64decode(
    "/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////"
    "////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQAB"
    "PxA="
)


def encode_page(outlet_key: str, html: str) -> tuple[bytes, str]:
    """Encode a page the way the outlet serves it; returns (body, content_type)."""
    enc = text_encoding(outlet_key)
    return html.encode(enc, errors="xmlcharrefreplace"), f"text/html; charset={enc}"


def install_outlet(
    server: FakeServer,
    outlet_key: str,
    *,
    robots: str | None = None,
    articles: list[FakeArticle] | None = None,
    link_suffix: str = "",
    prefix: str = "",
    gzip: bool = False,
    path_of: Callable[[FakeArticle], str] = article_path,
) -> dict[str, Any]:
    """Serve an outlet's feed, article pages, homepage, images and robots.txt on ``server``.

    ``articles`` overrides the outlet's fixture articles (e.g. bulk ones; their ``outlet``
    should be ``outlet_key``). ``link_suffix`` is appended to item links in the feed (e.g.
    ``"?utm_source=rss"``; the pages still resolve because routing falls back to the bare
    path). ``prefix`` mounts the outlet under a path prefix so several outlets can share one
    server (robots.txt always goes to the server root). ``gzip`` gzip-encodes pages and feed.
    ``path_of`` gives each article's path (and query string: ``/news.php?story=5``) instead of
    the outlet's URL style; the page's rel=canonical follows it.

    Returns ``{"feed_url", "article_urls", "articles", "homepage_url", "base"}``.
    """
    if outlet_key not in OUTLETS:
        raise KeyError(f"unknown outlet {outlet_key!r}; known: {sorted(OUTLETS)}")
    arts = list(ARTICLES[outlet_key] if articles is None else articles)
    prefix = prefix.rstrip("/")
    site = server.base + prefix

    body, ctype = render_feed(outlet_key, arts, site, link_suffix=link_suffix, path_of=path_of)
    fpath = prefix + feed_path(outlet_key)
    server.add(fpath, body, content_type=ctype, gzip=gzip)

    urls: list[str] = []
    for a in arts:
        html = render_article_page(a, site, canonical_url=site + path_of(a))
        page, page_type = encode_page(a.outlet, html)
        server.add(prefix + path_of(a), page, content_type=page_type, gzip=gzip)
        server.add(prefix + a.image, JPEG_BYTES, content_type="image/jpeg")
        urls.append(site + path_of(a))

    home, home_type = encode_page(outlet_key, render_homepage(outlet_key, arts, site))
    server.add(prefix + "/", home, content_type=home_type, gzip=gzip)
    server.add(
        "/robots.txt",
        DEFAULT_ROBOTS if robots is None else robots,
        content_type="text/plain; charset=utf-8",
    )
    return {
        "feed_url": server.base + fpath,
        "article_urls": urls,
        "articles": arts,
        "homepage_url": site + "/",
        "base": site,
    }
