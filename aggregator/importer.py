"""Bulk import of already-extracted articles from JSON Lines (backfills, archives, evaluations).

Imported articles take the same canonicalise → dedup → store path as fetched ones, so an
evaluation set or an archive behaves exactly like a day of fetching, without the network.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import sqlite_utils
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from . import assign, dedup, store
from .cjk import count_words
from .dates import clamp_future, parse_utc, to_iso, utc_now_iso
from .sanitize import one_line
from .topics import TopicRule
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

    @field_validator("title")
    @classmethod
    def _one_line(cls, value: str) -> str:
        title = one_line(value)
        if not title:
            raise ValueError("expected a headline, got only spaces or control characters")
        return title

    @field_validator("published")
    @classmethod
    def _iso_date(cls, value: str | None) -> str | None:
        if value is None or value == "":
            return None
        return to_iso(parse_utc(value))  # its ValueError says why: not a date, out of range


@dataclass
class ImportSummary:
    imported: int = 0
    duplicates: int = 0
    revised: int = 0
    # started or joined by this import: candidates for merging (a late article can bridge two)
    touched_stories: set[int] = field(default_factory=set)
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
    story_window: float = 72 * 3600.0,
    topics: Sequence[TopicRule] = (),
    on_article: Callable[[int], None] | None = None,
    clock: Callable[[], str] = utc_now_iso,
) -> ImportSummary:
    summary = ImportSummary()
    source_ids: dict[str, int] = {}
    store.retag_changed(db, topics)
    for _number, item in read_jsonl(path):
        if isinstance(item, str):
            summary.errors.append(item)
            continue
        now = clock()
        if item.source not in source_ids:
            source_ids[item.source] = store.ensure_source(db, item.source, now)
        context = _Context(source_ids[item.source], item.source, now, story_window, topics)
        article_id = _import_one(db, item, context, summary)
        if on_article and article_id is not None:
            on_article(article_id)
    assign.consolidate(db, summary.touched_stories, timedelta(seconds=story_window))
    return summary


@dataclass
class _Context:
    source_id: int
    source_name: str
    now: str
    story_window: float
    topics: Sequence[TopicRule]


def _import_one(
    db: sqlite_utils.Database, item: ImportedArticle, context: _Context, summary: ImportSummary
) -> int | None:
    source_id, now = context.source_id, context.now
    canonical = canonicalize(item.url)
    aliases = list(dict.fromkeys([(canonical, "canonical"), (item.url, "import")]))
    title = item.title
    text = item.text.strip()
    fingerprint = dedup.fingerprint(text)
    known = store.find_article(db, [url for url, _ in aliases])
    if known is not None:
        if _revise_if_changed(db, known, title, text, item.summary, fingerprint, context):
            summary.revised += 1
        else:
            summary.duplicates += 1
        return None
    published, clamped = clamp_future(item.published, now)
    decision = assign.decide(
        db,
        title=title,
        text=text,
        fingerprint=fingerprint,
        story_time=published or now,
        window=timedelta(seconds=context.story_window),
        source_id=source_id,
        headline=title,
    )
    if decision.duplicate_of is not None:
        store.add_aliases(db, decision.duplicate_of, aliases, now, source_id)
        summary.duplicates += 1
        return None
    record = store.ArticleRecord(
        url=item.url,
        canonical_url=canonical,
        guid=str(item.id) if item.id is not None else None,
        source_id=source_id,
        feed_id=None,
        title=title,
        author=item.author,
        published_at=published,
        fetched_at=now,
        language=item.language,
        sitename=item.source,
        text=text,
        summary=item.summary,
        description=None,
        image=None,
        word_count=count_words(text),
        extraction_status="ok" if text else "empty",
        extraction_note="imported" + ("; publication date was in the future" if clamped else ""),
        content_hash=fingerprint.content_hash,
        copy_of=decision.copy_of,
        copy_similarity=decision.copy_similarity,
        entry_title=title,
    )
    assert decision.placement is not None
    article_id = store.insert_article(
        db,
        record,
        aliases,
        decision.placement,
        topics=context.topics,
        source_name=context.source_name,
    )
    summary.imported += 1
    summary.article_ids.append(article_id)
    summary.touched_stories.add(decision.placement.story_id or store.story_of(db, article_id))
    return article_id


def _revise_if_changed(
    db: sqlite_utils.Database,
    article_id: int,
    title: str,
    text: str,
    summary_text: str | None,
    fingerprint: dedup.Fingerprint,
    context: _Context,
) -> bool:
    """The same URL with a new headline or body is a revision of the stored article."""
    stored = store.article_brief(db, article_id)
    if stored["title"] == title and stored["text"] == text:
        return False
    store.revise_article(
        db,
        article_id,
        title=title,
        text=text,
        summary=summary_text or stored["summary"],
        content_hash=fingerprint.content_hash,
        entry_title=title,
        signature=fingerprint.signature,
        bands=fingerprint.bands,
        now=context.now,
        topics=context.topics,
    )
    return True
