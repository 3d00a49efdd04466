"""Offline test fixtures: a real local HTTP server and realistic fake news outlets.

Quick start::

    from tests.fakeweb import FakeServer, install_outlet

    with FakeServer() as srv:
        site = install_outlet(srv, "motor-ledger")
        feed_url, article_urls = site["feed_url"], site["article_urls"]

Outlets (``OUTLETS``): ``motor-ledger`` (RSS 2.0 at /feed), ``ev-dispatch`` (Atom at
/atom.xml), ``china-ev-daily`` (JSON Feed at /feed.json) and ``auto-gazette`` (windows-1252
RSS at /rss.xml, pages served as windows-1252 too).
"""

from .outlets import (
    ARTICLES,
    JPEG_BYTES,
    OUTLETS,
    FakeArticle,
    article_path,
    encode_page,
    generate_bulk_articles,
    install_outlet,
    render_article_page,
    render_feed,
    render_homepage,
    render_listing_page,
    render_paywall_teaser,
    render_video_page,
    with_registration_table,
)
from .server import FakeServer, RequestRecord

__all__ = [
    "ARTICLES",
    "JPEG_BYTES",
    "OUTLETS",
    "FakeArticle",
    "FakeServer",
    "RequestRecord",
    "article_path",
    "encode_page",
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
