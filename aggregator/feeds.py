"""Feed bytes + response headers → feed entries (RSS 0.9x/1.0/2.0, Atom, JSON Feed).

feedparser is given the raw bytes and the response headers, never a decoded string: it needs
the HTTP charset and Content-Location to decode windows-1252 feeds and resolve relative links.
A `bozo` flag is only a warning when entries came out anyway; real feeds are often sloppy.
"""

from __future__ import annotations

import calendar
import json
import warnings
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urljoin

import feedparser
import lxml.html
from lxml.etree import ParserError

from .dates import to_utc_iso
from .urls import is_fetchable

_FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/feed+json",
    "application/json",
    "application/rdf+xml",
    "text/xml",
    "application/xml",
)
SUMMARY_CHARS = 2000


@dataclass
class FeedEntry:
    guid: str
    url: str
    title: str
    summary: str
    published: str | None
    author: str | None
    content_text: str = ""


@dataclass
class ParsedFeed:
    title: str
    entries: list[FeedEntry]
    problems: list[str] = field(default_factory=list)
    error: str | None = None


def parse_feed(body: bytes, headers: dict[str, str], url: str) -> ParsedFeed:
    """Parse a feed; `error` is set (one line) when nothing usable came out."""
    content_type = headers.get("content-type", "").lower()
    stripped = body.lstrip()
    if not stripped:
        return ParsedFeed("", [], error=f"{url}: empty response where a feed was expected")
    if "json" in content_type or stripped[:1] == b"{":
        return _parse_json_feed(body, url)
    parsed = feedparser.parse(
        body,
        response_headers={
            "content-type": headers.get("content-type", "application/xml"),
            "content-location": url,
        },
    )
    entries, problems = _collect(_rss_entries(parsed, url))
    title = parsed.feed.get("title", "") if parsed.get("feed") else ""
    if entries:
        return ParsedFeed(title, entries, problems)
    if _looks_like_html(stripped, content_type, parsed):
        found = discover_feeds(body.decode("utf-8", errors="replace"), url)
        hint = f"; feeds found on that page: {', '.join(found)}" if found else ""
        return ParsedFeed(
            title,
            [],
            problems,
            f"{url}: got an HTML page, not a feed{hint}",
        )
    if parsed.get("bozo"):
        reason = str(parsed.get("bozo_exception", "unparseable")).splitlines()[0]
        return ParsedFeed(title, [], problems, f"{url}: malformed feed: {reason}")
    return ParsedFeed(title, [], problems)


def discover_feeds(html: str, base_url: str) -> list[str]:
    """Feed URLs a page advertises with <link rel=alternate>, for a helpful error message."""
    from bs4 import BeautifulSoup, XMLParsedAsHTMLWarning  # rare error path: lazy import

    with warnings.catch_warnings():  # an XML-ish page parsed as HTML is exactly the point
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        soup = BeautifulSoup(html, "lxml")
    found: list[str] = []
    for link in soup.find_all("link", href=True):
        rel = " ".join(link.get("rel") or []).lower()
        kind = (link.get("type") or "").lower()
        if "alternate" in rel and any(t in kind for t in ("rss", "atom", "feed+json")):
            href = urljoin(base_url, link["href"])
            if href not in found:
                found.append(href)
    return found


def _looks_like_html(stripped: bytes, content_type: str, parsed: feedparser.FeedParserDict) -> bool:
    head = stripped[:512].lower()
    return (
        "html" in content_type
        or head.startswith(b"<!doctype html")
        or b"<html" in head
        or (not parsed.get("version") and b"<head" in head)
    )


def _collect(candidates: list[FeedEntry | str]) -> tuple[list[FeedEntry], list[str]]:
    """Keep the first entry per GUID; turn rejected items into problem lines."""
    entries: list[FeedEntry] = []
    problems: list[str] = []
    seen: set[str] = set()
    for item in candidates:
        if isinstance(item, str):
            problems.append(item)
        elif item.guid in seen:
            problems.append(f"duplicate GUID {item.guid!r} ignored")
        else:
            seen.add(item.guid)
            entries.append(item)
    return entries, problems


def _rss_entries(parsed: feedparser.FeedParserDict, feed_url: str) -> list[FeedEntry | str]:
    out: list[FeedEntry | str] = []
    for raw in parsed.get("entries", []):
        link = _absolute(raw.get("link"), feed_url)
        guid = (raw.get("id") or "").strip()
        if not link and guid and raw.get("guidislink", False):
            link = _absolute(guid, feed_url)
        title = _text(raw.get("title", ""))
        if not link:
            out.append(
                f"item {title or guid or '(untitled)'!r} has no usable http(s) link; skipped"
            )
            continue
        content = raw.get("content") or []
        content_html = content[0].get("value", "") if content else ""
        out.append(
            FeedEntry(
                guid=guid or link,
                url=link,
                title=title,
                summary=_text(raw.get("summary", ""))[:SUMMARY_CHARS],
                published=_struct_to_iso(raw.get("published_parsed") or raw.get("updated_parsed")),
                author=(raw.get("author") or None),
                content_text=_text(content_html),
            )
        )
    return out


def _parse_json_feed(body: bytes, url: str) -> ParsedFeed:
    try:
        data = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return ParsedFeed("", [], error=f"{url}: malformed JSON Feed: {exc}")
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        return ParsedFeed("", [], error=f"{url}: JSON is not a JSON Feed (no 'items' list)")
    candidates: list[FeedEntry | str] = []
    for raw in data["items"]:
        if not isinstance(raw, dict):
            candidates.append("JSON Feed item is not an object; skipped")
            continue
        link = _absolute(_str(raw.get("url")) or _str(raw.get("external_url")), url)
        title = _text(_str(raw.get("title")))
        if not link:
            candidates.append(f"item {title or '(untitled)'!r} has no usable http(s) link; skipped")
            continue
        authors = raw.get("authors") or (
            [raw["author"]] if isinstance(raw.get("author"), dict) else []
        )
        author = ", ".join(
            _str(a.get("name")) for a in authors if isinstance(a, dict) and a.get("name")
        )
        content = _str(raw.get("content_text")) or _text(_str(raw.get("content_html")))
        candidates.append(
            FeedEntry(
                guid=_str(raw.get("id")) or link,
                url=link,
                title=title,
                summary=(_text(_str(raw.get("summary"))) or content)[:SUMMARY_CHARS],
                published=to_utc_iso(
                    _str(raw.get("date_published")) or _str(raw.get("date_modified"))
                ),
                author=author or None,
                content_text=content,
            )
        )
    entries, problems = _collect(candidates)
    return ParsedFeed(_str(data.get("title")), entries, problems)


def _str(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _absolute(link: str | None, base: str) -> str | None:
    if not link or not isinstance(link, str):
        return None
    absolute = urljoin(base, link.strip())
    return absolute if is_fetchable(absolute) else None


def _text(html: str) -> str:
    if not html:
        return ""
    if "<" not in html and "&" not in html:
        return " ".join(html.split())
    try:
        fragment = lxml.html.fragment_fromstring(html, create_parent="div")
    except (ParserError, ValueError):
        return " ".join(html.split())
    for block in fragment.iter("p", "br", "li", "div", "h1", "h2", "h3"):
        block.tail = " " + (block.tail or "")  # keep words in adjacent blocks apart
    return " ".join(fragment.text_content().split())


def _struct_to_iso(value: object) -> str | None:
    if not value:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(value), UTC).isoformat(timespec="seconds")  # type: ignore[arg-type]
    except (OverflowError, ValueError, TypeError):
        return None


FEED_ACCEPT = ", ".join(_FEED_TYPES) + ", */*;q=0.5"
