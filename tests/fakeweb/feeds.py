"""Feed rendering: RSS 2.0, Atom 1.0, JSON Feed 1.1 and a windows-1252 RSS 2.0 variant."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from email.utils import format_datetime
from xml.sax.saxutils import escape as xml_escape

from .articles import FakeArticle
from .sites import OUTLETS, article_id, article_path, feed_path

__all__ = ["render_feed"]


def _x(s: str) -> str:
    return xml_escape(s, {'"': "&quot;"})


def _rfc822(d: datetime) -> str:
    return format_datetime(d, usegmt=True)


def _newest_first(articles: list[FakeArticle]) -> list[FakeArticle]:
    return sorted(articles, key=lambda a: a.published, reverse=True)


def _guid(a: FakeArticle) -> str:
    """Port-independent item id, stable across test runs."""
    return f"{a.outlet.replace('-', '')}-{article_id(a)}"


PathOf = Callable[[FakeArticle], str]


def _rss(
    key: str, arts: list[FakeArticle], site: str, suffix: str, encoding: str, path_of: PathOf
) -> bytes:
    o = OUTLETS[key]
    legacy = encoding != "utf-8"
    items = []
    for a in arts:
        link = _x(site + path_of(a) + suffix)
        # old CMSes tend to put HTML in CDATA
        desc = f"<![CDATA[<p>{a.summary}</p>]]>" if legacy else _x(a.summary)
        items.append(
            f"""  <item>
   <title>{_x(a.title)}</title>
   <link>{link}</link>
   <guid isPermaLink="false">{_guid(a)}</guid>
   <dc:creator>{_x(a.author)}</dc:creator>
   <pubDate>{_rfc822(a.published)}</pubDate>
   <category>{_x(a.section)}</category>
   <description>{desc}</description>
   <media:content url="{_x(site + a.image)}" medium="image" type="image/jpeg" width="1200" height="675"/>
  </item>"""
        )
    last = _rfc822(arts[0].published) if arts else "Mon, 16 Nov 2026 00:00:00 GMT"
    enc = "windows-1252" if legacy else "UTF-8"
    doc = f"""<?xml version="1.0" encoding="{enc}"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/">
 <channel>
  <title>{_x(o["name"])}</title>
  <link>{site}/</link>
  <description>{_x(o["tagline"])}</description>
  <language>{"en-gb" if legacy else "en-us"}</language>
  <lastBuildDate>{last}</lastBuildDate>
  <ttl>15</ttl>
  <atom:link href="{site}{feed_path(key)}" rel="self" type="application/rss+xml"/>
{chr(10).join(items)}
 </channel>
</rss>
"""
    return doc.encode(encoding, errors="xmlcharrefreplace")


def _atom(key: str, arts: list[FakeArticle], site: str, suffix: str, path_of: PathOf) -> bytes:
    o = OUTLETS[key]
    entries = []
    for a in arts:
        entries.append(
            f"""  <entry>
    <title type="html">{_x(a.title)}</title>
    <link rel="alternate" type="text/html" href="{_x(site + path_of(a) + suffix)}"/>
    <id>tag:{key.replace("-", "")}.example,{a.published:%Y}:post-{article_id(a)}</id>
    <published>{a.published.isoformat()}</published>
    <updated>{a.published.isoformat()}</updated>
    <author><name>{_x(a.author)}</name><uri>{site}/author/{a.author.lower().replace(" ", "-")}/</uri></author>
    <category scheme="{site}" term="{_x(a.section)}"/>
    <summary type="html">{_x(a.summary)}</summary>
  </entry>"""
        )
    updated = arts[0].published.isoformat() if arts else "2026-11-16T00:00:00+00:00"
    doc = f"""<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en-US">
  <title type="text">{_x(o["name"])}</title>
  <subtitle type="text">{_x(o["tagline"])}</subtitle>
  <updated>{updated}</updated>
  <link rel="alternate" type="text/html" href="{site}/"/>
  <id>{site}{feed_path(key)}</id>
  <link rel="self" type="application/atom+xml" href="{site}{feed_path(key)}"/>
  <generator uri="https://wordpress.org/" version="6.8">WordPress</generator>
{chr(10).join(entries)}
</feed>
"""
    return doc.encode("utf-8")


def _json_feed(key: str, arts: list[FakeArticle], site: str, suffix: str, path_of: PathOf) -> bytes:
    o = OUTLETS[key]
    doc = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": o["name"],
        "home_page_url": site + "/",
        "feed_url": site + feed_path(key),
        "description": o["tagline"],
        "language": "en",
        "icon": site + "/static/icon-512.png",
        "items": [
            {
                "id": _guid(a),
                "url": site + path_of(a) + suffix,
                "title": a.title,
                "summary": a.summary,
                "content_html": f"<p>{a.summary}</p>",
                "image": site + a.image,
                "date_published": a.published.isoformat(),
                "authors": [{"name": a.author}],
                "tags": [a.section, "China"],
            }
            for a in arts
        ],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2).encode("utf-8")


def render_feed(
    outlet_key: str,
    articles: list[FakeArticle],
    base_url: str,
    *,
    link_suffix: str = "",
    path_of: PathOf = article_path,
) -> tuple[bytes, str]:
    """Render the outlet's feed (in its own format) for ``articles``; returns (body, mime).
    ``path_of`` gives each item's link path (default: the outlet's URL style)."""
    fmt = OUTLETS[outlet_key]["feed_format"]
    site = base_url.rstrip("/")
    arts = _newest_first(articles)
    if fmt == "rss":
        body = _rss(outlet_key, arts, site, link_suffix, "utf-8", path_of)
        return body, "application/rss+xml; charset=utf-8"
    if fmt == "rss-cp1252":
        body = _rss(outlet_key, arts, site, link_suffix, "windows-1252", path_of)
        return body, "application/rss+xml; charset=windows-1252"
    if fmt == "atom":
        body = _atom(outlet_key, arts, site, link_suffix, path_of)
        return body, "application/atom+xml; charset=utf-8"
    if fmt == "json":
        return _json_feed(outlet_key, arts, site, link_suffix, path_of), "application/feed+json"
    raise ValueError(f"unknown feed format {fmt!r}")
