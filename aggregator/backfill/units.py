"""The task of a backfill: one unit in, one shard out. The same function runs in a local
process pool and on a Dask cluster; it reads nothing but its arguments and writes nothing
(the outlets' templates it learns live in memory for the unit's life), so where it ran
cannot change what it returns."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from .pages import TaskContext, UnitTemplates, page_line
from .plan import Unit
from .warc import HTML_TYPES, ArchivedPage, InputError, html_pages, open_archive
from .web import fetch_all


@dataclass
class UnitResult:
    index: int
    shard: bytes = b""  # JSON Lines, one article a line, in the order the unit read them
    counts: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)  # pages or records skipped, one line each
    failed: str | None = None  # the unit's input could not be read at all

    def summary(self) -> dict[str, Any]:
        return {"counts": self.counts, "errors": self.errors}


def run_unit(unit: Unit, context: TaskContext) -> UnitResult:
    """Read the unit's pages, keep the articles that pass the topic and date filters."""
    result = UnitResult(unit.index)
    counts: Counter[str] = Counter()
    lines: list[str] = []
    templates = UnitTemplates()
    try:
        for page in _pages(unit, context, counts, result.errors):
            counts["pages"] += 1
            line = page_line(
                page.url, page.body, page.charset, page.captured, context, counts, templates
            )
            if line is not None:
                lines.append(json.dumps(line, ensure_ascii=False) + "\n")
    except InputError as exc:
        result.failed = str(exc)
    result.counts = dict(counts)
    result.shard = "".join(lines).encode("utf-8")
    return result


def _pages(
    unit: Unit, context: TaskContext, counts: Counter[str], errors: list[str]
) -> Iterator[ArchivedPage]:
    if unit.kind == "warc":
        (location,) = unit.inputs
        with open_archive(location, context.settings, context.fetchers) as stream:
            yield from html_pages(stream, location, errors)
    else:
        yield from _fetched_pages(unit.inputs, context, counts, errors)


def _fetched_pages(
    urls: tuple[str, ...], context: TaskContext, counts: Counter[str], errors: list[str]
) -> Iterator[ArchivedPage]:
    """A sitemap batch's pages, fetched politely; a page that failed is one error line."""
    for result in fetch_all(urls, context.settings, fetchers=context.fetchers):
        mime, _, params = result.headers.get("content-type", "text/html").partition(";")
        if not result.ok:
            counts["not fetched"] += 1
            errors.append(result.error or f"{result.url}: {result.outcome}")
        elif mime.strip().lower() not in HTML_TYPES:
            counts["not HTML"] += 1
        else:
            charset = params.partition("charset=")[2].strip().strip("\"'") or None
            yield ArchivedPage(result.url, result.body, charset, None)
