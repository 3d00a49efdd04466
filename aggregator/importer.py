"""Bulk import of already-extracted articles from JSON Lines (backfills, archives, evaluations).

Imported articles take the same canonicalise → dedup → store path as fetched ones, so an
evaluation set or an archive behaves exactly like a day of fetching, without the network.
"""

from __future__ import annotations

import base64
import binascii
import itertools
import json
import pickle
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import sqlite_utils
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    field_validator,
    model_validator,
)

from . import assign, dedup, store, stored_features, stories, template, workers
from .cjk import count_words
from .dates import clamp_future, parse_utc, to_iso, url_date, utc_now_iso
from .sanitize import one_line
from .topics import TopicRule
from .urls import canonicalize, is_fetchable

IMPORT_BATCH = 200  # articles per transaction: a crash loses at most this batch's work
PREPARE_WORKERS = None  # processes preparing batches of a large import: one per core
PREPARE_AHEAD = 4  # batches prepared ahead of the writer (bounds memory)
T = TypeVar("T")


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
    # the fingerprint a backfill worker computed (`backfill.pages`), not computed again
    content_hash: str | None = None
    minhash: bytes | None = None  # base64 in the file
    _dated_by_url: bool = PrivateAttr(default=False)  # `published` read from the address

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

    @field_validator("minhash", mode="before")
    @classmethod
    def _signature(cls, value: object) -> bytes | None:
        if value is None:
            return None
        try:
            signature = base64.b64decode(str(value), validate=True)
        except binascii.Error:
            raise ValueError("expected base64") from None
        if len(signature) != dedup.NUM_PERM * 4:
            raise ValueError(f"expected a MinHash signature of {dedup.NUM_PERM} values")
        return signature

    @field_validator("published")
    @classmethod
    def _iso_date(cls, value: str | None) -> str | None:
        if value is None or value == "":
            return None
        return to_iso(parse_utc(value))  # its ValueError says why: not a date, out of range

    @model_validator(mode="after")
    def _date_from_address(self) -> ImportedArticle:
        """Without `published`, the day the address names (`dates.url_date`), if any."""
        if self.published is None:
            self.published = url_date(self.url)
            self._dated_by_url = self.published is not None
        return self

    @property
    def dated_by_url(self) -> bool:
        return self._dated_by_url


@dataclass
class ImportSummary:
    imported: int = 0
    duplicates: int = 0
    revised: int = 0
    undated: int = 0  # stored without a date, so placed as of the import
    # what the import placed, settled at its end (`assign.Arrivals.settle`)
    arrivals: assign.Arrivals = field(default_factory=assign.Arrivals)
    errors: list[str] = field(default_factory=list)
    article_ids: list[int] = field(default_factory=list)


def read_jsonl(path: Path) -> Iterator[tuple[int, ImportedArticle | str]]:
    """Yield (line number, article or one-line error) for each non-blank line."""
    for line in _lines(path):
        yield line.number, parse_line(line)


@dataclass(frozen=True)
class Line:
    """A non-blank line of an import file, as read (parsed by `parse_line`)."""

    path: Path
    number: int
    text: str


def _lines(path: Path) -> Iterator[Line]:
    with path.open(encoding="utf-8", errors="replace") as handle:
        for number, text in enumerate(handle, start=1):
            if text.strip():
                yield Line(path, number, text)


def parse_line(line: Line) -> ImportedArticle | str:
    """The article on `line`, or a one-line error naming its file and line number."""
    where = f"{line.path}:{line.number}"
    try:
        data = json.loads(line.text)
    except json.JSONDecodeError as exc:
        return f"{where}: not valid JSON ({exc.msg})"
    if not isinstance(data, dict):
        return f"{where}: expected a JSON object"
    try:
        return ImportedArticle.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        key = ".".join(str(p) for p in first["loc"]) or "(line)"
        message = first["msg"].removeprefix("Value error, ")
        if first["type"] == "missing":
            message = "required field is missing"
        return f"{where}: {key}: {message}"


def import_jsonl(
    db: sqlite_utils.Database,
    path: Path,
    *,
    story_window: float = 72 * 3600.0,
    topics: Sequence[TopicRule] = (),
    on_article: Callable[[int], None] | None = None,
    clock: Callable[[], str] = utc_now_iso,
) -> ImportSummary:
    (summary,) = import_files(
        db, [path], story_window=story_window, topics=topics, on_article=on_article, clock=clock
    )
    return summary


def import_files(
    db: sqlite_utils.Database,
    paths: Sequence[Path],
    *,
    story_window: float = 72 * 3600.0,
    topics: Sequence[TopicRule] = (),
    on_article: Callable[[int], None] | None = None,
    clock: Callable[[], str] = utc_now_iso,
) -> Iterator[ImportSummary]:
    """Import files one after the other through one writer (a backfill merge's shards), each
    as `import_jsonl` would alone: batched from its own first line, settled at its end, its
    summary yielded once it is committed. What they share is what does not change a
    decision: one pool of preparing workers, which prepares the next file while this one is
    written (a pool per file prepared each file's first batch in the writer's process), and
    the writer's memory of document frequencies and story members."""
    store.retag_changed(db, topics)
    writer = _Writer(db, story_window, topics, on_article, clock)
    batches = (
        (number, batch, templates)
        for number, path in enumerate(paths)
        for templates in [_file_templates(path)]
        for batch in _batches(_lines(path), IMPORT_BATCH)
    )
    done, summary = 0, ImportSummary()
    for number, batch in _prepared_batches(batches):
        for _ in range(done, number):  # the files before this batch's are all written
            yield writer.settle(summary)
            done, summary = done + 1, ImportSummary()
        writer.write(batch, summary)
    for _ in range(done, len(paths)):
        yield writer.settle(summary)
        summary = ImportSummary()


class _Writer:
    """What one writer keeps over the batches of an import (or of a merge's files)."""

    def __init__(
        self,
        db: sqlite_utils.Database,
        story_window: float,
        topics: Sequence[TopicRule],
        on_article: Callable[[int], None] | None,
        clock: Callable[[], str],
    ) -> None:
        self.db, self.story_window, self.topics = db, story_window, topics
        self.on_article, self.clock = on_article, clock
        self.source_ids: dict[str, int] = {}
        self.frequencies = store.DocumentFrequencies(db)
        self.members = assign.StoryMembers(db)

    def write(self, batch: list[Prepared | str], summary: ImportSummary) -> None:
        """One transaction per batch, no savepoint per article (`store.ArticleBatch`): a
        line that would fail was rejected while reading and preparing it, and a crash or a
        failing write rolls the whole batch back."""
        db = self.db
        with store.transaction(db):
            writes = store.ArticleBatch(db)
            stored: list[int] = []
            for item in batch:
                if isinstance(item, str):
                    summary.errors.append(item)
                    continue
                article_id = _import_one(writes, item, self._context(item), summary)
                if article_id is not None:
                    stored.append(article_id)
                    if self.on_article:
                        self.on_article(article_id)
            writes.finish()
            store.tag_articles(db, stored, self.topics)  # the batch's rows are in by now
            self.frequencies.flush()

    def settle(self, summary: ImportSummary) -> ImportSummary:
        window = timedelta(seconds=self.story_window)
        summary.arrivals.settle(self.db, window, self.frequencies, self.members)
        return summary

    def _context(self, item: Prepared) -> _Context:
        now = self.clock()
        source = item.article.source
        if source not in self.source_ids:
            self.source_ids[source] = store.ensure_source(self.db, source, now)
        return _Context(
            self.source_ids[source],
            now,
            self.story_window,
            self.topics,
            self.frequencies,
            self.members,
        )


@dataclass
class Prepared:
    """What an article needs before the writer sees it, computed from the line alone (in a
    worker process for a large import): the writer's own work is what depends on the
    database."""

    article: ImportedArticle
    canonical: str
    text: str
    fingerprint: dedup.Fingerprint
    story_doc: stories.StoryDoc
    index_forms: dict[str, Any]  # the search index's shadow columns (CJK bigrams, stems)
    features: bytes | None  # `story_doc` as stored (`stored_features.encode`)
    word_count: int


def prepare(article: ImportedArticle, handed_over: bool = False) -> Prepared:
    """`handed_over`: prepared in a worker process, for the writer to receive through pickle."""
    text = article.text.strip()
    lead = text[: store.MEMBER_TEXT_CHARS]  # what story matching reads, as members are read
    doc = stories.compute_features(article.title, lead)
    return Prepared(
        article,
        canonicalize(article.url),
        text,
        _fingerprint(article, text),
        doc,
        store.index_forms_of(article.title, text, article.language),
        stored_features.encode(_as_received(doc) if handed_over else doc),
        count_words(text),
    )


def _as_received(doc: stories.StoryDoc) -> stories.StoryDoc:
    """`doc` as the writer will hold it once the pool hands it over: its sets rebuilt, item
    by item, from their order here. Their order in that copy (which a rebuilt set need not
    share with the original) is the order the writer itself encoded them in, and so the
    order members are read back in: encoding the copy keeps the stored bytes, and every
    score summed over a member's anchors, what they were."""
    return pickle.loads(pickle.dumps(doc))


def _fingerprint(article: ImportedArticle, text: str) -> dedup.Fingerprint:
    """The fingerprint a backfill shard carries (half of what preparing an article costs),
    or the text's own."""
    if article.content_hash and article.minhash:
        values = np.frombuffer(article.minhash, dtype=np.uint32)
        return dedup.Fingerprint(article.content_hash, article.minhash, dedup.band_keys(values))
    return dedup.fingerprint(text)


def _prepare_batch(
    batch: list[Line], templates: Templates, handed_over: bool = False
) -> list[Prepared | str]:
    """The batch's lines parsed, without their outlets' templates, and prepared (or their
    errors): in a worker process for a large import, so the writer neither parses the lines
    nor sends articles to the pool, only the lines' text."""
    parsed = [parse_line(line) for line in batch]
    return [
        item if isinstance(item, str) else prepare(_without_template(item, templates), handed_over)
        for item in parsed
    ]


Templates = dict[str, dict[str, int]]  # source → its template's blocks (`template.clean`)


def _file_templates(path: Path) -> Templates:
    """What each outlet's articles in the file repeat word for word (`template`): a
    newsletter box, a cookie notice, a "trending" block extracted with every article. Left
    in, one outlet's articles about different events share a paragraph in their leads and
    merge into one story; a fetch removes it with the template it learns, an import with
    what the whole file shows. Read here, before the file's first batch is written."""

    def pages() -> Iterator[tuple[str, str]]:
        for line in _lines(path):
            try:
                data = json.loads(line.text)
            except json.JSONDecodeError:
                continue  # parse_line reports it
            if isinstance(data, dict):
                source, text = data.get("source"), data.get("text")
                if isinstance(source, str) and isinstance(text, str):
                    yield source, text

    return template.file_templates(pages())


def _without_template(article: ImportedArticle, templates: Templates) -> ImportedArticle:
    """The article without its outlet's template blocks; a backfill shard's fingerprint is
    of the text before, so it is computed again. Most outlets have none: their articles'
    lines are not read again."""
    memory = templates.get(article.source)
    if not memory:
        return article
    cleaned = template.clean(article.text, memory)
    if not cleaned.removed:
        return article
    return article.model_copy(update={"text": cleaned.text, "content_hash": None, "minhash": None})


def _prepared_batches(
    batches: Iterator[tuple[int, list[Line], Templates]],
) -> Iterator[tuple[int, list[Prepared | str]]]:
    """(file number, batch) prepared, in order. A small import (one batch) is prepared here
    and never starts a pool; a larger one has worker processes prepare every batch, the
    first too, ahead of the writer. Preparing the first batch here, with the word
    dictionary the workers were to share, took ~2 s of the writer's own time, the serial
    part of an import (a 3,000-article import's writer spent a twentieth of its CPU on it);
    each worker now loads the dictionary on its own, while the writer waits for the
    first batch either way."""
    first = next(batches, None)
    if first is None:
        return
    second = next(batches, None)
    if second is None:
        yield first[0], _prepare_batch(first[1], first[2])
        return
    executor = workers.make_executor(PREPARE_WORKERS)
    try:
        ahead: deque[tuple[int, Future[list[Prepared | str]]]] = deque()
        for number, batch, templates in itertools.chain([first, second], batches):
            ahead.append((number, executor.submit(_prepare_batch, batch, templates, True)))
            if len(ahead) > PREPARE_AHEAD:
                number, prepared = ahead.popleft()
                yield number, prepared.result()
        while ahead:
            number, prepared = ahead.popleft()
            yield number, prepared.result()
    finally:
        executor.shutdown(cancel_futures=True)


def _batches(items: Iterator[T], size: int) -> Iterator[list[T]]:
    while batch := list(itertools.islice(items, size)):
        yield batch


@dataclass
class _Context:
    source_id: int
    now: str
    story_window: float
    topics: Sequence[TopicRule]
    frequencies: store.DocumentFrequencies
    members: assign.StoryMembers  # kept up to date with every write below


def _import_one(
    writes: store.ArticleBatch, prepared: Prepared, context: _Context, summary: ImportSummary
) -> int | None:
    db = writes.db
    item, canonical, text = prepared.article, prepared.canonical, prepared.text
    source_id, now = context.source_id, context.now
    aliases = list(dict.fromkeys([(canonical, "canonical"), (item.url, "import")]))
    title = item.title
    fingerprint = prepared.fingerprint
    stories.remember_features(title, text[: store.MEMBER_TEXT_CHARS], prepared.story_doc)
    known = store.find_article(db, [url for url, _ in aliases])
    if known is not None:
        if _revise_if_changed(db, known, title, text, item.summary, fingerprint, context):
            context.members.clear()  # a member's headline or lead may have changed
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
        frequencies=context.frequencies,
        members=context.members,
    )
    if decision.duplicate_of is not None:
        writes.add_aliases(decision.duplicate_of, aliases, now, source_id)
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
        word_count=prepared.word_count,
        extraction_status="ok" if text else "empty",
        extraction_note="imported" + _date_note(item, clamped),
        content_hash=fingerprint.content_hash,
        copy_of=decision.copy_of,
        copy_similarity=decision.copy_similarity,
        entry_title=title,
    )
    assert decision.placement is not None
    article_id = writes.insert(
        record,
        aliases,
        decision.placement,
        index_forms=prepared.index_forms,
        features=prepared.features,
    )
    context.frequencies.count(decision.placement.vocabulary)
    context.members.placed(decision)
    summary.imported += 1
    summary.undated += published is None
    summary.article_ids.append(article_id)
    summary.arrivals.note(article_id, decision.placement)
    return article_id


def _date_note(item: ImportedArticle, clamped: bool) -> str:
    if clamped:
        return "; publication date was in the future"
    return "; publication date from its address" if item.dated_by_url else ""


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
