"""Bulk import of already-extracted articles from JSON Lines (backfills, archives, evaluations).

Imported articles take the same canonicalise → dedup → store path as fetched ones, so an
evaluation set or an archive behaves exactly like a day of fetching, without the network.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from . import store
from .dates import clamp_future, to_utc_iso, utc_now_iso
from .urls import canonicalize, is_fetchable


class ImportedArticle(BaseModel):
    """One JSONL line. Unknown keys (an evaluation's `event` label, say) are ignored."""

    model_config = ConfigDict(extra="ignore")

    url: str
    title: str = Field(min_length=1)
    text: str
    published: str | None = None
    source: str = Field(min_length=1)
    id: str | int | None = None
    author: str | None = None
    language: str | None = None
    summary: str | None = None

    @field_validator("url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not is_fetchable(value):
            raise ValueError(f"expected an http(s) URL, got {value!r}")
        return value

    @field_validator("published")
    @classmethod
    def _iso_date(cls, value: str | None) -> str | None:
        if value is None or value == "":
            return None
        converted = to_utc_iso(value)
        if converted is None:
            raise ValueError(f"expected an ISO-8601 date, got {value!r}")
        return converted


@dataclass
class ImportSummary:
    imported: int = 0
    duplicates: int = 0
    errors: list[str] = field(default_factory=list)
    article_ids: list[int] = field(default_factory=list)


def read_jsonl(path: Path) -> Iterator[tuple[int, ImportedArticle | str]]:
    """Yield (line number, article or one-line error) for each non-blank line."""
    with path.open(encoding="utf-8", errors="replace") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except json.JSONDecodeError as exc:
                yield number, f"{path}:{number}: not valid JSON ({exc.msg})"
                continue
            if not isinstance(data, dict):
                yield number, f"{path}:{number}: expected a JSON object"
                continue
            try:
                yield number, ImportedArticle.model_validate(data)
            except ValidationError as exc:
                first = exc.errors()[0]
                key = ".".join(str(p) for p in first["loc"]) or "(line)"
                message = first["msg"].removeprefix("Value error, ")
                if first["type"] == "missing":
                    message = "required field is missing"
                yield number, f"{path}:{number}: {key}: {message}"


def import_jsonl(
    db: sqlite_utils.Database,
    path: Path,
    *,
    on_article: Callable[[int], None] | None = None,
    clock: Callable[[], str] = utc_now_iso,
) -> ImportSummary:
    summary = ImportSummary()
    source_ids: dict[str, int] = {}
    for _number, item in read_jsonl(path):
        if isinstance(item, str):
            summary.errors.append(item)
            continue
        now = clock()
        canonical = canonicalize(item.url)
        aliases = list(dict.fromkeys([(canonical, "canonical"), (item.url, "import")]))
        if store.find_article(db, [url for url, _ in aliases]) is not None:
            summary.duplicates += 1
            continue
        if item.source not in source_ids:
            source_ids[item.source] = store.ensure_source(db, item.source, now)
        published, clamped = clamp_future(item.published, now)
        text = item.text.strip()
        record = store.ArticleRecord(
            url=item.url,
            canonical_url=canonical,
            guid=str(item.id) if item.id is not None else None,
            source_id=source_ids[item.source],
            feed_id=None,
            title=" ".join(item.title.split()),
            author=item.author,
            published_at=published,
            fetched_at=now,
            language=item.language,
            sitename=item.source,
            text=text,
            summary=item.summary,
            description=None,
            image=None,
            word_count=len(text.split()),
            extraction_status="ok" if text else "empty",
            extraction_note="imported"
            + ("; publication date was in the future" if clamped else ""),
        )
        article_id = store.insert_article(db, record, aliases)
        summary.imported += 1
        summary.article_ids.append(article_id)
        if on_article:
            on_article(article_id)
    return summary
