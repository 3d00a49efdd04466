"""Feed bytes + response headers → feed entries (RSS 0.9x/1.0/2.0, Atom, JSON Feed).

feedparser is given the raw bytes and the response headers, never a decoded string: it needs
the HTTP charset and Content-Location to decode windows-1252 feeds and resolve relative links.
A `bozo` flag is only a warning when entries came out anyway; real feeds are often sloppy.
"""

from __future__ import annotations

import calendar
import json
import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

import feedparser
import lxml.html
from lxml.etree import ParserError

from .dates import to_utc_iso
from .sanitize import clean_link, clean_text, repair_references
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
    """Parse a feed; `error` is set (one line) when nothing usable came out. Each item is read
    on its own: one that cannot be read is a problem line, and the others are kept."""
    content_type = headers.get("content-type", "").lower()
    stripped = body.lstrip()
    if not stripped:
        return ParsedFeed("", [], error=f"{url}: empty response where a feed was expected")
    if "json" in content_type or stripped[:1] == b"{":
        return _parse_json_feed(body, url)
    try:
        parsed = feedparser.parse(
            repair_references(body),
            response_headers={
                "content-type": headers.get("content-type", "application/xml"),
                "content-location": url,
            },
        )
    except Exception as exc:  # its fallback parser raises on markup nobody foresaw
        return ParsedFeed("", [], error=f"{url}: unreadable feed: {_describe(exc)}")
    entries, problems = _collect(_each_item(parsed.get("entries", []), _rss_item, url))
    title = _plain(parsed.feed.get("title", "")) if parsed.get("feed") else ""
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
        reason = _plain(str(parsed.get("bozo_exception", "")).partition("\n")[0]) or "unparseable"
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


def _collect(candidates: Iterable[FeedEntry | str]) -> tuple[list[FeedEntry], list[str]]:
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


ItemReader = Callable[[Any, str], Iterator[FeedEntry | str]]


def _each_item(
    raw_items: Iterable[Any], read: ItemReader, feed_url: str
) -> Iterator[FeedEntry | str]:
    """Read items one by one, so that one the readers did not foresee costs only itself."""
    for position, raw in enumerate(raw_items, start=1):
        try:
            yield from list(read(raw, feed_url))  # all of an item or nothing of it
        except Exception as exc:  # a surprise in one item must not cost the feed the others
            yield f"item {position} could not be read ({_describe(exc)}); skipped"


def _rss_item(raw: feedparser.FeedParserDict, feed_url: str) -> Iterator[FeedEntry | str]:
    """An RSS/Atom item as feedparser saw it: the entry, and a problem line for what was off."""
    guid = clean_text(raw.get("id") or "").strip()
    title = _text(raw.get("title", ""))
    link = _absolute(raw.get("link"), feed_url)
    if not link and guid and raw.get("guidislink", False):
        link = _absolute(guid, feed_url)
    if not link:
        yield f"item {title or guid or '(untitled)'!r} has no usable http(s) link; skipped"
        return
    published = _struct_to_iso(raw.get("published_parsed") or _own(raw, "updated_parsed"))
    written = raw.get("published") or raw.get("updated")
    if written and published is None:
        yield _date_problem(title or link, written)
    content = raw.get("content") or []
    yield FeedEntry(
        guid=guid or link,
        url=link,
        title=title,
        summary=_text(raw.get("summary", ""))[:SUMMARY_CHARS],
        published=published,
        author=_plain(raw.get("author") or "") or None,
        content_text=_text(content[0].get("value", "") if content else ""),
    )


def _own(raw: feedparser.FeedParserDict, key: str) -> Any:
    """A key the item really has: asked for a missing `updated*`, feedparser falls back to
    `published*` with a DeprecationWarning."""
    return raw[key] if key in raw else None  # noqa: SIM401 - .get() is what warns


def _parse_json_feed(body: bytes, url: str) -> ParsedFeed:
    problems: list[str] = []
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError as exc:  # one mangled title must not cost the whole feed
        text = body.decode("utf-8-sig", errors="replace")
        problems.append(f"not valid UTF-8 at byte {exc.start}; undecodable bytes replaced")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return ParsedFeed("", [], error=f"{url}: malformed JSON Feed: {exc}")
    except RecursionError:
        return ParsedFeed("", [], error=f"{url}: malformed JSON Feed: nested too deeply")
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        return ParsedFeed("", [], error=f"{url}: JSON is not a JSON Feed (no 'items' list)")
    entries, item_problems = _collect(_each_item(data["items"], _json_item, url))
    return ParsedFeed(_plain(_str(data.get("title"))), entries, problems + item_problems)


def _json_item(raw: Any, feed_url: str) -> Iterator[FeedEntry | str]:
    """A JSON Feed item: the entry, and a problem line for what was off."""
    if not isinstance(raw, dict):
        yield "JSON Feed item is not an object; skipped"
        return
    link = _absolute(_str(raw.get("url")) or _str(raw.get("external_url")), feed_url)
    title = _text(_str(raw.get("title")))
    if not link:
        yield f"item {title or '(untitled)'!r} has no usable http(s) link; skipped"
        return
    written = _str(raw.get("date_published")) or _str(raw.get("date_modified"))
    published = to_utc_iso(written)
    if written and published is None:
        yield _date_problem(title or link, written)
    author = _json_authors(raw)
    content = clean_text(_str(raw.get("content_text"))) or _text(_str(raw.get("content_html")))
    yield FeedEntry(
        guid=clean_text(_str(raw.get("id"))) or link,
        url=link,
        title=title,
        summary=(_text(_str(raw.get("summary"))) or content)[:SUMMARY_CHARS],
        published=published,
        author=author or None,
        content_text=content,
    )


def _json_authors(raw: dict[str, Any]) -> str:
    """JSON Feed 1.1 `authors` (a list), or 1.0's single `author` object."""
    authors = raw.get("authors")
    if not authors or not isinstance(authors, list):
        authors = [raw.get("author")]
    names = (_plain(_str(a.get("name"))) for a in authors if isinstance(a, dict))
    return ", ".join(name for name in names if name)


def _date_problem(item: str, written: str) -> str:
    return f"item {item!r}: date {_plain(written)!r} is unreadable or out of range; kept undated"


def _describe(error: Exception) -> str:
    return f"{type(error).__name__}: {_plain(str(error))}"


def _str(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _absolute(link: str | None, base: str) -> str | None:
    if not link or not isinstance(link, str):
        return None
    try:
        absolute = urljoin(base, clean_link(link))
    except ValueError:  # "http://[oops/": not a URL at all
        return None
    return absolute if is_fetchable(absolute) else None


def _plain(text: str) -> str:
    """Clean text on one line: titles, names, problem lines."""
    return " ".join(clean_text(text).split())


def _text(html: str) -> str:
    """Markup or plain text → clean text on one line. Cleaned before lxml sees it: lxml cuts
    text short at a lone surrogate and refuses control characters."""
    html = repair_references(clean_text(html or ""))
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
