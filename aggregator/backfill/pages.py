"""One archived or fetched page → one shard line, in the worker: filter, extract, date-bound.

This is the only per-page logic of a backfill, shared by the WARC and sitemap units: the
prefilter, the extraction (`workers.extract_and_fingerprint`, which `fetch` runs too)
and the date bounds. A shard line is in the format `aggregator import` reads, so a shard
can also be imported by hand.
"""

from __future__ import annotations

import base64
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from .. import store
from ..config import Config, ExtractionHints, Settings, Source
from ..dates import parse_utc, to_utc_iso, utc_now_iso
from ..dedup import Fingerprint
from ..extract import ExtractedPage
from ..template import BOILERPLATE_PAGES
from ..topics import rules
from ..urls import registered_domain
from ..workers import extract_and_fingerprint
from .prefilter import Prefilter

ARTICLE_STATUSES = ("ok", "teaser")  # pages kept; a listing or an empty page has no article


class UnitTemplates:
    """Each source's template as learned from one unit's own pages, by the rules and store
    functions `fetch` uses, in a private in-memory database: units run in parallel worker
    processes or on a cluster, so none reads or writes another's (or the live) memory."""

    def __init__(self) -> None:
        self.db = store.open_db(":memory:")
        self.sources: dict[str, int] = {}

    def memory(self, source: str) -> dict[str, int]:
        return store.template_memory(self.db, self._id(source), BOILERPLATE_PAGES)

    def teach(self, source: str, page: ExtractedPage) -> None:
        if page.template_blocks is not None and page.status in ARTICLE_STATUSES:
            store.remember_blocks(self.db, self._id(source), page.template_blocks, utc_now_iso())

    def _id(self, source: str) -> int:
        if source not in self.sources:
            self.sources[source] = store.ensure_source(self.db, source, utc_now_iso())
        return self.sources[source]


@dataclass(frozen=True)
class Site:
    """A configured source, known by the sites its feeds are on."""

    domains: frozenset[str]
    name: str
    hints: ExtractionHints


@dataclass(frozen=True)
class Bounds:
    since: datetime | None = None
    until: datetime | None = None

    @classmethod
    def of(cls, since: str | None, until: str | None) -> Bounds:
        """From ISO texts (either may be missing)."""
        return cls(parse_utc(since) if since else None, parse_utc(until) if until else None)

    def admit(self, when: datetime) -> bool:
        return (self.since is None or when >= self.since) and (
            self.until is None or when <= self.until
        )


@dataclass
class TaskContext:
    """Everything a unit needs in its worker: plain, picklable data, no open handles."""

    sites: tuple[Site, ...]
    prefilter: Prefilter | None
    bounds: Bounds
    settings: Settings
    fetchers: int = 1  # workers fetching at once: each waits that many times the host delay

    def site_for(self, url: str) -> tuple[str, ExtractionHints]:
        """The source whose feeds are on the page's site, else the page's host."""
        domain = registered_domain(url)
        for site in self.sites:
            if domain in site.domains:
                return site.name, site.hints
        return urlsplit(url).hostname or domain, ExtractionHints()


def task_context(
    config: Config | None,
    topic_names: tuple[str, ...],
    since: str | None,
    until: str | None,
    fetchers: int = 1,
) -> TaskContext:
    """The worker's view of the configuration: sources by site, the chosen topics' terms."""
    topics = [
        t for t in (config.topics if config else []) if t.name in topic_names or not topic_names
    ]
    return TaskContext(
        sites=tuple(_site(source) for source in (config.sources if config else [])),
        prefilter=Prefilter.for_topics(rules(topics)),
        bounds=Bounds.of(since, until),
        settings=config.settings if config else Settings(),
        fetchers=fetchers,
    )


def _site(source: Source) -> Site:
    return Site(
        frozenset(registered_domain(feed) for feed in source.feeds), source.name, source.extraction
    )


def page_line(
    url: str,
    body: bytes,
    charset: str | None,
    seen_at: str | None,
    context: TaskContext,
    counts: Counter[str],
    templates: UnitTemplates,
) -> dict[str, Any] | None:
    """The shard line for a page, or None (and why, in `counts`) when it is not kept.
    `seen_at` is when the archive captured the page: a page captured before --since was
    published before it too, and is skipped without extraction."""
    seen_at = to_utc_iso(seen_at)  # None when the archive's date is not one
    captured = parse_utc(seen_at) if seen_at else None
    if captured and context.bounds.since and captured < context.bounds.since:
        counts["outside dates"] += 1
        return None
    if context.prefilter and not context.prefilter.matches(body, charset):
        counts["no topic term"] += 1
        return None
    source, hints = context.site_for(url)
    page, fingerprint = extract_and_fingerprint(
        body,
        url,
        hints,
        charset,
        True,
        context.settings.limits.extraction_timeout,
        template=templates.memory(source),
    )
    templates.teach(source, page)
    if page.status not in ARTICLE_STATUSES or not page.title or not page.text:
        counts["not an article"] += 1
        return None
    published = page.published_at or seen_at
    if published and not context.bounds.admit(parse_utc(published)):
        counts["outside dates"] += 1
        return None
    counts["articles"] += 1
    return _line(url, page, published, source, fingerprint)


def _line(
    url: str, page: ExtractedPage, published: str | None, source: str, fingerprint: Fingerprint
) -> dict[str, Any]:
    """The importer's fields, and the fingerprint the worker already paid for (`content_hash`,
    `minhash` in base64), which the writer may use instead of computing it again."""
    line = {
        "url": url,
        "title": page.title,
        "text": page.text,
        "published": published,
        "source": source,
        "language": page.language,
        "author": page.author,
        "summary": page.description,
        "content_hash": fingerprint.content_hash,
        "minhash": base64.b64encode(fingerprint.signature).decode()
        if fingerprint.signature
        else None,
    }
    return {key: value for key, value in line.items() if value is not None}
