"""Outlets' sitemaps: the article URLs a source lists, within the date bounds.

Sitemaps are found as crawlers find them: the `Sitemap:` lines of robots.txt, else
`/sitemap.xml`. An index is followed to its sitemaps (gzipped or not); a news sitemap's
`news:publication_date` bounds an entry exactly, a `lastmod` only from below (a page
modified before --since was published before it too). Everything is fetched through the
polite client. ultimate-sitemap-parser was not used: it fetches with its own `requests`
session, outside the client's robots rules, per-host delay and SSRF guard.

A sitemap that cannot be fetched or parsed is one error naming its URL; the others go on.
"""

from __future__ import annotations

import asyncio
import gzip
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urljoin, urlsplit

from lxml import etree
from protego import Protego

from ..config import Settings, Source
from ..dates import parse_utc
from ..http import FetchResult, PoliteClient
from ..urls import is_fetchable
from .pages import Bounds
from .web import polite_client

MAX_SITEMAPS = 2_000  # per scan: indexes of indexes must end somewhere
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


@dataclass
class SitemapScan:
    urls: list[str] = field(default_factory=list)
    sitemaps: int = 0
    errors: list[str] = field(default_factory=list)


def scan_sources(sources: list[Source], bounds: Bounds, settings: Settings) -> SitemapScan:
    """The article URLs of these sources' sitemaps, in the order the sitemaps list them,
    fetched by one client so its per-host delay holds across every request."""
    return asyncio.run(_scan(sources, bounds, settings))


async def _scan(sources: list[Source], bounds: Bounds, settings: Settings) -> SitemapScan:
    scan = SitemapScan()
    async with polite_client(settings) as client:
        for source in sources:
            queue = await _discover(client, source, scan)
            seen = set(queue)
            while queue and scan.sitemaps < MAX_SITEMAPS:
                batch, queue = queue[:16], queue[16:]
                for result in await asyncio.gather(*(client.get(url) for url in batch)):
                    scan.sitemaps += 1
                    for child in _read_sitemap(result, bounds, settings, scan):
                        if child not in seen:
                            seen.add(child)
                            queue.append(child)
    scan.urls = list(dict.fromkeys(scan.urls))
    return scan


async def _discover(client: PoliteClient, source: Source, scan: SitemapScan) -> list[str]:
    """Sitemaps named in robots.txt of each site the source's feeds are on, else /sitemap.xml."""
    found: list[str] = []
    for origin in dict.fromkeys(_origin(feed) for feed in source.feeds):
        robots = await client.get(f"{origin}/robots.txt")
        listed = []
        if robots.ok and robots.status == 200:
            rules = Protego.parse(robots.body.decode("utf-8", "replace"))
            listed = [urljoin(origin, url) for url in rules.sitemaps]
        found.extend([url for url in listed if is_fetchable(url)] or [f"{origin}/sitemap.xml"])
    return list(dict.fromkeys(found))


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _read_sitemap(
    result: FetchResult, bounds: Bounds, settings: Settings, scan: SitemapScan
) -> Iterator[str]:
    """Add the sitemap's article URLs to `scan`; yield the sitemaps an index points to."""
    if not result.ok:
        scan.errors.append(result.error or f"{result.url}: {result.outcome}")
        return
    try:
        root = etree.fromstring(_inflate(result.body, settings.limits.max_response_bytes), _PARSER)
    except (etree.XMLSyntaxError, OSError, EOFError, ValueError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        scan.errors.append(f"{result.url}: not a readable sitemap ({reason})")
        return
    kind = etree.QName(root).localname
    if kind == "sitemapindex":
        for entry in root.iterfind("{*}sitemap"):
            loc, _published, modified = _fields(entry)
            if loc and _may_hold(None, modified, bounds):
                yield urljoin(result.url, loc)
    elif kind == "urlset":
        for entry in root.iterfind("{*}url"):
            loc, published, modified = _fields(entry)
            url = urljoin(result.url, loc) if loc else None
            if url and is_fetchable(url) and _may_hold(published, modified, bounds):
                scan.urls.append(url)
    else:
        scan.errors.append(f"{result.url}: not a sitemap (root element <{kind}>)")


def _inflate(body: bytes, cap: int) -> bytes:
    """A gzipped sitemap (`.xml.gz`, served as is), inflated up to the response cap."""
    if body[:2] != b"\x1f\x8b":
        return body
    with gzip.GzipFile(fileobj=io.BytesIO(body)) as handle:
        data = handle.read(cap + 1)
    if len(data) > cap:
        raise ValueError(f"inflates beyond the {cap}-byte cap")
    return data


def _fields(entry: etree._Element) -> tuple[str | None, datetime | None, datetime | None]:
    """loc, news:publication_date and lastmod of a <url> or <sitemap> entry."""
    loc = entry.findtext("{*}loc")
    published = entry.findtext("{*}news/{*}publication_date")
    modified = entry.findtext("{*}lastmod")
    return (loc.strip() if loc else None), _date(published), _date(modified)


def _date(value: str | None) -> datetime | None:
    if not value or not value.strip():
        return None
    try:
        return parse_utc(value.strip())
    except ValueError:
        return None


def _may_hold(published: datetime | None, modified: datetime | None, bounds: Bounds) -> bool:
    """Could this entry be an article published within the bounds? Undated: maybe."""
    if published is not None:
        return bounds.admit(published)
    if modified is not None and bounds.since is not None:
        return modified >= bounds.since
    return True
