"""One ingest pass: the only place that knows the order of the stages.

config → fetch feed → parse → (known? skip) → fetch page → extract (process pool) →
canonicalise → store. Network work overlaps on the event loop while extraction runs in worker
processes, so a pass is limited by the slower of the two, not their sum. Extracted articles
are decided and stored in batches, one transaction each, in the order their extraction ended
(`batching.WriteBatches`): each is decided seeing all before it, as if each were committed
alone. Every article that a feed announced ends up stored (with full text, or flagged with the
feed's own title and summary) or queued in `pending_entries` for the next pass: nothing is
silently dropped.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import sqlite3
from collections.abc import Awaitable, Callable, Iterable, Sequence
from concurrent.futures import Executor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timedelta
from email.message import Message
from functools import lru_cache, partial
from typing import Any, TypeVar

import sqlite_utils

from . import assign, dedup, store, stories, topics
from .batching import WriteBatches
from .cjk import count_words
from .config import Config, Source
from .dates import clamp_future, to_iso, utc_now_iso
from .extract import ExtractedPage, interstitial_reason
from .feeds import FEED_ACCEPT, FeedEntry, parse_feed
from .http import FetchResult, PoliteClient, RequestLog, RobotsCache
from .sanitize import clean_text, one_line
from .template import BOILERPLATE_PAGES
from .urls import canonicalize, choose_canonical, is_fetchable, same_site
from .workers import WriterForms, extract_for_writer, worker_count

log = logging.getLogger(__name__)
T = TypeVar("T")

HTML_TYPES = ("text/html", "application/xhtml+xml")
# pages whose text is one of the outlet's articles teach its template; a listing, a notice
# shown instead of the article or an empty page would teach it what is not its template
_TEMPLATE_TEACHERS = ("ok", "teaser")
LOG_BATCH = 50  # fetch_log rows written per transaction (one per request would double commits)
WRITE_BATCH = 50  # extracted articles decided and stored per transaction...
WRITE_DELAY = 0.2  # ...or fewer, once the first has waited this many seconds


@dataclass
class SourceSummary:
    name: str
    new: int = 0
    unchanged: int = 0
    updated: int = 0
    failed: int = 0
    robots: int = 0
    flagged: int = 0
    feeds_ok: int = 0
    feeds_failed: int = 0
    finished: bool = False
    errors: list[str] = field(default_factory=list)

    @property
    def succeeded(self) -> bool:
        return self.feeds_ok > 0

    def as_dict(self) -> dict[str, object]:
        data = asdict(self)
        del data["finished"]
        return {**data, "succeeded": self.succeeded}


@dataclass
class PassSummary:
    started_at: str
    finished_at: str
    sources: list[SourceSummary]

    @property
    def any_succeeded(self) -> bool:
        return any(s.succeeded for s in self.sources)

    @property
    def new(self) -> int:
        return sum(s.new for s in self.sources)


ProgressCallback = Callable[[SourceSummary], None]


async def run_pass(
    config: Config,
    db: sqlite_utils.Database,
    executor: Executor,
    *,
    only_sources: list[str] | None = None,
    include_disabled: bool = False,
    progress: ProgressCallback | None = None,
    clock: Callable[[], str] = utc_now_iso,
    robots: RobotsCache | None = None,
) -> PassSummary:
    """Poll every (selected) source once and store what is new.

    `robots`: robots.txt answers kept by a caller that outlives the pass (the service), so
    each host's file is read once per its lifetime rather than once per pass."""
    ingest = _Ingest(config, db, executor, include_disabled, progress, clock, robots)
    return await ingest.run(only_sources)


class _Ingest:
    def __init__(
        self,
        config: Config,
        db: sqlite_utils.Database,
        executor: Executor,
        include_disabled: bool,
        progress: ProgressCallback | None,
        clock: Callable[[], str],
        robots: RobotsCache | None,
    ) -> None:
        self.config = config
        self.db = db
        self.executor = executor
        self.include_disabled = include_disabled
        self.progress = progress or (lambda summary: None)
        self.clock = clock
        self.robots = robots
        self.limits = config.settings.limits
        self.requests: list[RequestLog] = []
        # Pages handed to the workers hold their bodies in memory: bound how many. But a
        # batch's worth: while the loop decides and writes a batch, nothing new is handed
        # over, and the workers extract a batch about as fast as the loop writes one (with
        # two pages each they sat idle through most of every write).
        workers = worker_count(config.settings.extraction_workers)
        self.extracting = asyncio.Semaphore(max(WRITE_BATCH, 2 * workers))
        self.summaries: dict[str, SourceSummary] = {}
        self.source_ids: dict[str, int] = {}
        self.topic_rules = topics.rules(config.topics)
        self.arrivals = assign.Arrivals()  # what the pass placed, settled at its end
        self.item_errors: dict[int, list[str]] = {}  # feed id → items lost to internal errors
        # items whose batch was written before the pass deadline cancelled their task: counted
        self.written_when_cancelled: set[asyncio.Task[Any]] = set()
        # document frequencies read once per pass, as the importer's batches do
        self.frequencies = store.DocumentFrequencies(db)
        # the documents candidate stories are compared through, kept between articles as
        # the importer keeps them; emptied by every write that changes a member's text
        self.members = assign.StoryMembers(db)
        self.writes: WriteBatches[_Extracted, _Stored] = WriteBatches(
            self.store_batch,
            size=WRITE_BATCH,
            delay=WRITE_DELAY,
            rolled_back=self.forget_uncommitted,
            fatal=store.database_fault,
        )

    async def run(self, only_sources: list[str] | None) -> PassSummary:
        started = self.clock()
        store.sync_sources(self.db, self.config, started)
        store.retag_changed(self.db, self.topic_rules)
        sources = [s for s in self.config.sources if not only_sources or s.name in only_sources]
        settings = self.config.settings
        async with PoliteClient(
            self.limits,
            settings.contact_url,
            allow_private=settings.private_networks(),
            respect_robots=settings.respect_robots,
            robots=self.robots,
            on_request=self.requests.append,
        ) as self.client:
            summaries = await self.poll_until_deadline(sources)
        self.writes.flush()  # nothing waits by now but what the deadline cancelled: dropped
        self.flush_log()
        kept = timedelta(seconds=settings.retention.fetch_log)
        store.prune_fetch_log(self.db, to_iso(datetime.fromisoformat(self.clock()) - kept))
        window = timedelta(seconds=self.config.settings.story_window)
        self.arrivals.settle(self.db, window, self.frequencies)
        return PassSummary(started, self.clock(), summaries)

    async def poll_until_deadline(self, sources: list[Source]) -> list[SourceSummary]:
        """Sources are polled side by side for at most `pass_timeout`, so one that stalls
        cannot hold up the next pass (or the service's other work). What is unfinished then
        is cancelled at its next await, between two writes (each batch its own transaction;
        a page waiting for its batch is dropped), and nothing is lost: a feed's validators
        are saved only once all its items are handled, so the next pass gets the feed again
        and takes up the items left."""
        tasks = [asyncio.create_task(self.poll_source(source)) for source in sources]
        try:
            async with asyncio.timeout(self.limits.pass_timeout):
                await _together(tasks)  # on timeout, cancels them and awaits the ends
        except TimeoutError:
            for source, task in zip(sources, tasks, strict=True):
                if task.cancelled():
                    summary = self._summary_for(source)
                    summary.errors.append(
                        f"pass deadline reached after {self.limits.pass_timeout:g}s "
                        "(pass_timeout): the rest is left for the next pass"
                    )
                    summary.finished = True
                    self.progress(summary)
        return [self._summary_for(source) for source in sources]

    def flush_log(self) -> None:
        pending, self.requests[:] = list(self.requests), []
        store.log_requests(self.db, pending)

    async def poll_source(self, source: Source) -> SourceSummary:
        summary = self._summary_for(source)
        self.progress(summary)
        for url in source.feeds:
            try:
                await self.poll_feed(source, url, summary)
            except Exception as exc:  # a bug or a surprise in one feed must not stop the others
                if store.database_fault(exc):
                    raise  # disk full, locked, I/O error: every other feed would fail alike
                log.exception("unexpected error while polling %s", url)
                summary.feeds_failed += 1
                summary.errors.append(_internal_error(url, exc))
                self.record_internal_error(url, summary.errors[-1])
            self.progress(summary)
        summary.finished = True
        self.progress(summary)
        return summary

    async def poll_feed(self, source: Source, url: str, summary: SourceSummary) -> None:
        state = store.feed_state(self.db, url)
        if state.disabled_reason and not self.include_disabled:
            summary.feeds_failed += 1
            summary.errors.append(
                f"{url}: disabled ({state.disabled_reason}); fix sources.yaml or "
                "run with --include-disabled"
            )
            return
        try:
            result = await self.client.get(
                url,
                trusted=True,
                etag=state.etag,
                last_modified=state.last_modified,
                accept=FEED_ACCEPT,
            )
        except asyncio.CancelledError:  # the pass ended before the feed answered
            summary.feeds_failed += 1
            raise
        entries: list[FeedEntry] = []
        problems: list[str] = []
        if result.outcome == "not_modified":
            self.feed_ok(state.id, result, summary)
        elif not result.ok:
            gone = result.status == 410
            reason = f"HTTP 410 Gone at {self.clock()}" if gone else None
            self.feed_failed(state.id, result, result.error or "fetch failed", summary, reason)
        else:
            parsed = await asyncio.get_running_loop().run_in_executor(
                self.executor, parse_feed, result.body, result.headers, result.final_url
            )
            if parsed.error:
                self.feed_failed(state.id, result, parsed.error, summary)
            else:
                problems = parsed.problems
                warning = _summarise_problems(problems)
                # validators are saved only once every item is handled (below): a pass that
                # dies halfway must not leave a 304 hiding the items it never reached
                self.feed_ok(state.id, result, summary, title=parsed.title, warning=warning)
                entries = newest_first(parsed.entries)[: self.limits.max_articles_per_feed]
                if warning:
                    log.info("%s: %s", url, warning)
        self.flush_log()
        pending = store.pending_for_feed(self.db, state.id)
        pending_guids = {p["guid"] for p in pending}
        # A feed's items queue on their own slots (a feed is one host): a slow host keeps
        # only its own items waiting, and fetched pages waiting for a worker stay few.
        slots = asyncio.Semaphore(self.limits.per_host_concurrency + 1)
        jobs = [
            self.handle_entry(source, state.id, _entry_from_pending(p), p, slots) for p in pending
        ]
        jobs += [
            self.handle_entry(source, state.id, entry, None, slots)
            for entry in entries
            if entry.guid not in pending_guids
        ]

        async def reported(job: Awaitable[bool]) -> bool:
            handled = await job
            self.progress(summary)
            return handled

        tasks = [asyncio.ensure_future(reported(job)) for job in jobs]
        try:
            lost = not all(await _together(tasks))
        except asyncio.CancelledError:  # the pass deadline: left for the next pass
            summary.failed += sum(
                task.cancelled() and task not in self.written_when_cancelled for task in tasks
            )
            raise
        if lost:  # the feed was fetched, but status must not call it healthy
            failures = self.item_errors.pop(state.id, [])
            store.set_feed_warning(self.db, state.id, _summarise_problems(problems + failures))
        if result.ok and entries and not lost:
            store.save_validators(
                self.db, state.id, result.headers.get("etag"), result.headers.get("last-modified")
            )

    def feed_ok(
        self,
        feed_id: int,
        result: FetchResult,
        summary: SourceSummary,
        title: str | None = None,
        warning: str | None = None,
    ) -> None:
        summary.feeds_ok += 1
        store.record_feed_result(
            self.db,
            feed_id,
            now=self.clock(),
            status=result.status,
            outcome=result.outcome,
            error=None,
            title=title,
            warning=warning,
        )

    def record_internal_error(self, url: str, error: str) -> None:
        """A feed that crashed the pass is a failed feed in `status`, not a healthy one."""
        with contextlib.suppress(sqlite3.Error, KeyError):  # the database may be what failed
            feed_id = store.feed_state(self.db, url).id
            store.record_feed_result(
                self.db,
                feed_id,
                now=self.clock(),
                status=None,
                outcome="internal_error",
                error=error,
            )

    def feed_failed(
        self,
        feed_id: int,
        result: FetchResult,
        error: str,
        summary: SourceSummary,
        disabled_reason: str | None = None,
    ) -> None:
        summary.feeds_failed += 1
        summary.errors.append(error)
        if result.outcome == "robots":
            summary.robots += 1
        store.record_feed_result(
            self.db,
            feed_id,
            now=self.clock(),
            status=result.status,
            outcome=result.outcome if result.outcome != "ok" else "parse_error",
            error=error,
            disabled_reason=disabled_reason,
        )

    async def handle_entry(
        self,
        source: Source,
        feed_id: int,
        entry: FeedEntry,
        pending: dict | None,
        slots: asyncio.Semaphore,
    ) -> bool:
        """Handle one feed item; False when it was neither stored nor queued for a retry
        (an internal error), so the feed's validators are not saved and it comes back."""
        summary = self._summary_for(source)
        try:
            with self.writes.preparer():
                async with slots:
                    outcome = await self._ingest_entry(source, feed_id, entry, pending)
                # the feed's slot is free while the page waits for its batch
                written = self.writes.queue(outcome) if isinstance(outcome, _Extracted) else None
            if written is not None:
                outcome = self._report((await self._written(written, summary)).outcome, outcome)
        except Exception as exc:  # one bad page never stops the pass
            if store.database_fault(exc):
                raise  # ...but a failing database does: every other page would fail alike
            log.exception("unexpected error on %s", entry.url)
            outcome = "lost"
            summary.errors.append(_internal_error(entry.url, exc))
            self.item_errors.setdefault(feed_id, []).append(summary.errors[-1])
        self._count(summary, outcome)
        if len(self.requests) >= LOG_BATCH:
            self.flush_log()
        return outcome != "lost"

    async def _written(self, written: asyncio.Future[_Stored], summary: SourceSummary) -> _Stored:
        """The batch's answer for one item. The pass deadline may cancel the item's task
        after its batch was committed and before the task resumes: the item is stored, and
        the summary counts it so, not among the items left for the next pass."""
        try:
            return await written
        except asyncio.CancelledError:
            if written.done() and not written.cancelled() and written.exception() is None:
                self._count(summary, written.result().outcome)
                task = asyncio.current_task()
                if task is not None:
                    self.written_when_cancelled.add(task)
            raise

    @staticmethod
    def _count(summary: SourceSummary, outcome: str) -> None:
        if outcome == "new":
            summary.new += 1
        elif outcome == "flagged":
            summary.new += 1
            summary.flagged += 1
        elif outcome == "robots":
            summary.new += 1
            summary.robots += 1
        elif outcome == "unchanged":
            summary.unchanged += 1
        elif outcome == "updated":
            summary.updated += 1
        else:
            summary.failed += 1

    def _summary_for(self, source: Source) -> SourceSummary:
        return self.summaries.setdefault(source.name, SourceSummary(source.name))

    async def _ingest_entry(
        self, source: Source, feed_id: int, entry: FeedEntry, pending: dict | None
    ) -> str | _Extracted:
        """The item's outcome when it is settled here, else its extracted page, which waits
        to be decided and stored in a batch (`store_batch`)."""
        if pending and pending["article_id"] is not None:
            return await self._retry_page(source, feed_id, entry, pending)
        known, rival = self._recognise(source, feed_id, entry)
        if known is not None:
            if pending:
                store.delete_pending(self.db, pending["id"])
            return await self._check_revision(source, feed_id, known, entry)
        result = await self.client.get(entry.url)
        now = self.clock()
        if not result.ok and result.transient:
            attempts = store.save_pending(
                self.db, feed_id, _pending_row(entry), result.error or "failed", now
            )
            if attempts < self.limits.max_pending_attempts:
                self._summary_for(source).errors.append(f"{result.error} (will retry next pass)")
                return "failed"
            pending = pending or {"id": _pending_id(self.db, feed_id, entry.guid)}
        page, fingerprint, forms = await self._extract(source, result, entry)
        return _Extracted(
            source=source,
            feed_id=feed_id,
            entry=entry,
            result=replace(result, body=b""),  # the page is read: its bytes need not wait
            page=page,
            fingerprint=fingerprint,
            forms=forms,
            pending_id=pending["id"] if pending else None,
            now=now,
            rival=rival,
        )

    def store_batch(self, batch: Sequence[_Extracted]) -> list[_Stored]:
        """Decide and store extracted items in one transaction, in the order they came,
        each seeing the ones before it as if each had been committed on its own. Topic tags
        and story recounts, which no decision reads, are made once for the batch."""
        try:
            with store.transaction(self.db):
                writes = store.ArticleBatch(self.db)
                stored = [self._store_one(writes, item) for item in batch]
                writes.finish()
                new = [s.article_id for s in stored if s.article_id is not None]
                store.tag_articles(self.db, new, self.topic_rules)
                self.frequencies.flush()
        except sqlite3.IntegrityError as exc:
            if len(batch) > 1 or "articles.canonical_url" not in str(exc):
                raise  # a batch is then written again item by item (`WriteBatches`)
            return [_Stored("unchanged")]  # the same canonical URL arrived twice in this pass
        for done in stored:
            if done.article_id is not None and done.placement is not None:
                self.arrivals.note(done.article_id, done.placement)
        return stored

    def forget_uncommitted(self) -> None:
        """A failed batch was rolled back: the document frequencies it counted in memory,
        and the story members it read, went with it, so they are read afresh."""
        self.frequencies = store.DocumentFrequencies(self.db)
        self.members = assign.StoryMembers(self.db)

    def _store_one(self, writes: store.ArticleBatch, item: _Extracted) -> _Stored:
        entry, feed_id, result, now = item.entry, item.feed_id, item.result, item.now
        # judged on a copy: a batch that fails is written again from what the worker gave
        page = replace(item.page, notes=list(item.page.notes)) if item.page else None
        fingerprint = item.fingerprint
        source_id = self._source_id(item.source)
        self._judge_page(source_id, entry, page, fingerprint, now)
        record, aliases = _build_record(source_id, feed_id, entry, result, page, now, item.forms)
        index_forms = _prepared_forms(item.forms, record)
        if page is None or page.status != "ok":  # stored text is the feed's: hash that
            fingerprint = dedup.fingerprint(record.text)
        record.content_hash = fingerprint.content_hash
        record.original_url = _declared_original(result.final_url, page)
        rival = item.rival
        existing = store.find_article(self.db, [url for url, _ in aliases])
        if existing is not None:
            existing, rival = self._identify(existing, feed_id, entry, [u for u, _ in aliases])
        if rival is not None:
            aliases = self._own_identity(record, aliases, entry)
        if existing is None:
            decision = assign.decide(
                self.db,
                title=record.title,
                text=record.text,
                fingerprint=fingerprint,
                story_time=record.published_at or now,
                window=timedelta(seconds=self.config.settings.story_window),
                urls=[url for url, _ in aliases],
                declared_original=record.original_url,
                source_id=source_id,
                headline=entry.title,
                distinct_from=[rival] if rival is not None else [],
                frequencies=self.frequencies,
                members=self.members,
            )
            existing = decision.duplicate_of
        if existing is not None:
            writes.add_aliases(existing, aliases, now, source_id, (feed_id, entry.guid))
            if item.pending_id is not None:
                store.delete_pending(self.db, item.pending_id)
            return _Stored("unchanged")
        record.copy_of, record.copy_similarity = decision.copy_of, decision.copy_similarity
        assert decision.placement is not None
        article_id = writes.insert(record, aliases, decision.placement, index_forms=index_forms)
        self.frequencies.count(decision.placement.vocabulary)
        self.members.placed(decision)
        if item.pending_id is not None:
            store.delete_pending(self.db, item.pending_id)
        if record.extraction_status == "interstitial":  # stored from the feed; page again later
            store.save_pending(
                self.db, feed_id, _pending_row(entry), record.extraction_note or "", now, article_id
            )
        if record.extraction_status == "robots":
            return _Stored("robots", article_id, decision.placement)
        outcome = "new" if record.extraction_status == "ok" else "flagged"
        return _Stored(outcome, article_id, decision.placement)

    def _report(self, outcome: str, item: _Extracted) -> str:
        """An item stored from its feed because its page failed says so in the summary."""
        if outcome in ("new", "flagged") and not item.result.ok:
            self._summary_for(item.source).errors.append(
                f"{item.result.error} (stored from the feed)"
            )
        return outcome

    async def _extract(
        self, source: Source, result: FetchResult, entry: FeedEntry
    ) -> tuple[ExtractedPage | None, dedup.Fingerprint | None, WriterForms | None]:
        """Extract in a worker with the outlet's learned template, then teach the template
        what this page showed (see `template`)."""
        if not (result.ok and _is_html(result.headers)):
            return None, None, None
        source_id = self._source_id(source)
        arguments = (
            result.body,
            result.final_url,
            source.extraction,
            _charset(result.headers),
            entry.published is None,
        )
        extract = partial(
            extract_for_writer,
            template=store.template_memory(self.db, source_id, BOILERPLATE_PAGES),
            time_limit=self.limits.extraction_timeout,
        )
        async with self.extracting:
            try:
                page, fingerprint, forms = await asyncio.get_running_loop().run_in_executor(
                    self.executor, extract, *arguments
                )
            except BrokenProcessPool:
                # a worker died (out of memory, a crash in lxml): finish this pass here, with
                # no time limit (an alarm would interrupt the event loop instead)
                log.warning("extraction worker died; extracting %s in the main process", entry.url)
                page, fingerprint, forms = extract(*arguments, time_limit=None)
        if page.template_blocks is not None and page.status in _TEMPLATE_TEACHERS:
            store.remember_blocks(self.db, source_id, page.template_blocks, self.clock())
        return page, fingerprint, forms

    def _recognise(
        self, source: Source, feed_id: int, entry: FeedEntry
    ) -> tuple[int | None, int | None]:
        """(the stored article this item is, a stored article it only shares a URL with).

        An item is known by its GUID in its feed. Its URL alone is not enough: a feed's
        items may all link to one page, or a CMS may give them all one rel=canonical. A URL
        match is accepted when nothing says it is another item (see `_same_item`), and then
        remembered under the item's GUID, with the item's link among the article's addresses
        (a tracking variant of a stored URL is one more place the article was seen)."""
        known = store.find_entry(self.db, feed_id, entry.guid)
        if known is not None:
            return known, None
        urls = [entry.url, canonicalize(entry.url)]
        by_url = store.find_article(self.db, urls)
        if by_url is None:
            return None, None
        known, rival = self._identify(by_url, feed_id, entry, urls)
        if known is not None:
            self.writes.flush()  # written in the order they came: what waits goes first
            store.add_aliases(
                self.db,
                known,
                [(url, "feed") for url in dict.fromkeys(urls)],
                self.clock(),
                self._source_id(source),
                (feed_id, entry.guid),
            )
        return known, rival

    def _identify(
        self, found: int, feed_id: int, entry: FeedEntry, urls: list[str]
    ) -> tuple[int | None, int | None]:
        """(the article this item is, None) or (None, the other item's article `found` is).
        When the article holding the URL is another item's, this feed's other articles at
        that address may still be this item (one of several items sharing one page)."""
        if self._same_item(found, feed_id, entry):
            return found, None
        for sibling in store.feed_articles_at(self.db, feed_id, urls):
            if sibling != found and self._same_item(sibling, feed_id, entry):
                return sibling, None
        return None, found

    def _same_item(self, article_id: int, feed_id: int, entry: FeedEntry) -> bool:
        """False when the stored article came from another item of this very feed: another
        GUID and another headline (its feed headline and its title both differ). GUIDs of
        different feeds say nothing about each other, so across feeds a URL still decides."""
        stored = store.article_brief(self.db, article_id)
        if stored["feed_id"] != feed_id or not stored["guid"] or stored["guid"] == entry.guid:
            return True
        return dedup.same_headline(entry.title, stored["entry_title"]) or dedup.same_headline(
            entry.title, stored["title"]
        )

    def _own_identity(
        self, record: store.ArticleRecord, aliases: list[tuple[str, str]], entry: FeedEntry
    ) -> list[tuple[str, str]]:
        """A distinct item whose URL another stored item holds gets a canonical URL of its own:
        the page's or the feed link's when still free, else the feed link with the item's
        GUID hashed into a fragment (the page still opens). Held URLs stay with their owner."""
        held = store.url_owners(self.db, [url for url, _ in aliases])
        free = [url for url in (record.canonical_url, canonicalize(entry.url)) if url not in held]
        digest = hashlib.sha1(entry.guid.encode("utf-8", "surrogatepass")).hexdigest()[:12]
        record.canonical_url = free[0] if free else f"{canonicalize(entry.url)}#item-{digest}"
        own = [(url, kind) for url, kind in aliases if url not in held]
        return list(dict.fromkeys([(record.canonical_url, "canonical"), *own]))

    def _judge_page(
        self,
        source_id: int,
        entry: FeedEntry,
        page: ExtractedPage | None,
        fingerprint: dedup.Fingerprint | None,
        now: str,
        itself: int | None = None,
    ) -> None:
        """Flag a page that shows a notice instead of the item's article (`interstitial`):
        its text is dropped, so the item is stored from its feed and never merged with the
        other items that showed the same notice. Articles stored earlier from that notice go
        back to their own feed headline and summary, and every page concerned is retried."""
        if page is None or page.status != "ok":
            return
        content_hash = fingerprint.content_hash if fingerprint else None
        misled = (
            assign.boilerplate_for_outlet(
                self.db, source_id, content_hash, entry.title, page.text, itself
            )
            if content_hash
            else None
        )
        reason = interstitial_reason(page, entry.title)
        if reason is None and misled is not None:
            reason = "the outlet shows this same text for other items: not this article"
        if reason is None:
            return
        if content_hash:
            store.remember_boilerplate(self.db, source_id, content_hash, now)
        page.status, page.text = "interstitial", ""
        page.notes.append(reason)
        for article in misled or []:
            store.demote_to_feed(self.db, article, note=reason, now=now, topics=self.topic_rules)
            self.members.clear()

    async def _retry_page(
        self, source: Source, feed_id: int, entry: FeedEntry, pending: dict
    ) -> str:
        """Fetch again the page of an item stored from its feed because the page showed a
        notice. The article gets its full text once the page shows it; after
        `max_pending_attempts` the item stays as stored and is not retried any more."""
        result = await self.client.get(entry.url)
        page, fingerprint, forms = await self._extract(source, result, entry)
        self.writes.flush()  # pages extracted before this one are written before it
        source_id, now = self._source_id(source), self.clock()
        self._judge_page(source_id, entry, page, fingerprint, now, pending["article_id"])
        if page is None or page.status != "ok" or fingerprint is None:
            reason = "; ".join(page.notes) if page else result.error or "fetch failed"
            attempts = store.save_pending(
                self.db, feed_id, _pending_row(entry), reason, now, pending["article_id"]
            )
            if attempts >= self.limits.max_pending_attempts:
                store.delete_pending(self.db, pending["id"])
            return "unchanged"
        record, aliases = _build_record(source_id, feed_id, entry, result, page, now, forms)
        record.content_hash = fingerprint.content_hash
        store.complete_article(
            self.db,
            pending["article_id"],
            record,
            aliases,
            signature=fingerprint.signature,
            bands=fingerprint.bands,
            now=now,
            pending_id=pending["id"],
            topics=self.topic_rules,
        )
        self.members.clear()
        return "updated"

    def _source_id(self, source: Source) -> int:
        if source.name not in self.source_ids:
            self.source_ids[source.name] = store.source_id_for(self.db, source.name)
        return self.source_ids[source.name]

    async def _check_revision(
        self, source: Source, feed_id: int, article_id: int, entry: FeedEntry
    ) -> str:
        """A feed that re-headlines a stored item is announcing an update: fetch the page
        again and keep the old version as a revision when the article really changed."""
        stored = store.article_brief(self.db, article_id)
        if not entry.title or stored["entry_title"] == entry.title:
            return "unchanged"
        if stored["feed_id"] != feed_id or stored["guid"] != entry.guid:
            return "unchanged"  # known through another item (or feed): not its headline
        if stored["entry_title"] is None:
            store.note_entry_title(self.db, article_id, entry.title)
            return "unchanged"
        result = await self.client.get(entry.url)
        page, fingerprint, _forms = await self._extract(source, result, entry)
        self.writes.flush()  # pages extracted before this one are written before it
        source_id = self._source_id(source)
        self._judge_page(source_id, entry, page, fingerprint, self.clock(), article_id)
        if page is None or page.status != "ok":
            store.note_entry_title(self.db, article_id, entry.title)
            return "unchanged"  # the feed changed but the page cannot tell us more
        title = one_line(page.title or entry.title)  # as _build_record stores it
        if title == stored["title"] and page.text == stored["text"]:
            store.note_entry_title(self.db, article_id, entry.title)
            return "unchanged"
        store.revise_article(
            self.db,
            article_id,
            title=title,
            text=page.text,
            summary=entry.summary or stored["summary"],
            content_hash=fingerprint.content_hash if fingerprint else None,
            entry_title=entry.title,
            signature=fingerprint.signature if fingerprint else None,
            bands=fingerprint.bands if fingerprint else [],
            now=self.clock(),
            topics=self.topic_rules,
        )
        self.members.clear()
        return "updated"


@dataclass
class _Extracted:
    """An item whose page is fetched and extracted, waiting to be decided and stored."""

    source: Source
    feed_id: int
    entry: FeedEntry
    result: FetchResult
    page: ExtractedPage | None
    fingerprint: dedup.Fingerprint | None
    forms: WriterForms | None
    pending_id: int | None  # its row in pending_entries, deleted once it is stored
    now: str
    rival: int | None  # a stored article that holds its URL but is another item


@dataclass
class _Stored:
    outcome: str  # new | flagged | robots | unchanged
    article_id: int | None = None
    placement: store.Placement | None = None


async def _together(jobs: Iterable[Awaitable[T]]) -> list[T]:
    """Run jobs concurrently, like gather; but when one fails (a failing database) or the
    pass is cancelled, the others are cancelled and awaited: none writes on alone."""
    tasks = [asyncio.ensure_future(job) for job in jobs]
    try:
        return await asyncio.gather(*tasks)
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


def _declared_original(final_url: str, page: ExtractedPage | None) -> str | None:
    """A rel=canonical pointing to another site names the original of a syndicated copy."""
    if page is None or not page.canonical_url or not is_fetchable(page.canonical_url):
        return None
    if same_site(page.canonical_url, final_url):
        return None
    return canonicalize(page.canonical_url)


def _build_record(
    source_id: int,
    feed_id: int | None,
    entry: FeedEntry,
    result: FetchResult,
    page: ExtractedPage | None,
    now: str,
    forms: WriterForms | None = None,
) -> tuple[store.ArticleRecord, list[tuple[str, str]]]:
    """`forms`: what the extraction worker computed from the page (`WriterForms`)."""
    final_url = result.final_url or entry.url
    full = page is not None and page.status == "ok"
    # Only a real article page may name the article: removed or geo-blocked articles are
    # often redirected to one homepage or interstitial, which would merge them all.
    if not full:
        canonical = canonicalize(entry.url)
    elif forms is not None:
        canonical = forms.canonical_url
    else:
        canonical = choose_canonical(final_url, page.canonical_url, page.og_url)
    status, note = _status_and_note(result, page)
    text = page.text if page is not None else ""
    if not full and len(entry.content_text) > len(text):
        text = entry.content_text
    published, clamped = clamp_future(entry.published or (page.published_at if page else None), now)
    if clamped:
        note = "; ".join(filter(None, [note, "publication date was in the future"]))
    title = (page.title if full and page and page.title else None) or entry.title
    title = title or (page.title if page else None) or canonical
    title = one_line(title) or canonical  # escape sequences from the web are not a headline
    record = store.ArticleRecord(
        url=final_url,
        canonical_url=canonical,
        guid=entry.guid,
        source_id=source_id,
        feed_id=feed_id,
        title=title,
        author=(page.author if page and page.author else None) or entry.author,
        published_at=published,
        fetched_at=now,
        language=page.language if page else None,
        sitename=page.sitename if page else None,
        text=text,
        summary=entry.summary or (page.description if page else None),
        description=page.description if page else None,
        image=page.image if page else None,
        word_count=forms.word_count
        if forms is not None and forms.text == text
        else count_words(text),
        extraction_status=status,
        extraction_note=note,
        entry_title=entry.title or None,
    )
    aliases = [(canonical, "canonical"), (entry.url, "feed"), (canonicalize(entry.url), "feed")]
    if full and final_url != entry.url:
        aliases.append((final_url, "redirect"))
    if full and page.amp_url:
        aliases.append((canonicalize(page.amp_url), "amp"))
    return record, list(dict.fromkeys(aliases))


def _prepared_forms(
    forms: WriterForms | None, record: store.ArticleRecord
) -> dict[str, object] | None:
    """The search columns the worker computed, and its story features handed to story
    matching, when the article is stored as the worker saw it (None: computed here)."""
    if forms is None or not forms.fit(record.title, record.text, record.language):
        return None
    stories.remember_features(record.title, record.text[: store.MEMBER_TEXT_CHARS], forms.story_doc)
    return forms.index_forms


def _status_and_note(result: FetchResult, page: ExtractedPage | None) -> tuple[str, str | None]:
    if page is not None:
        return page.status, "; ".join(page.notes) or None
    if result.outcome in ("robots", "refused"):
        return result.outcome, result.error
    if result.ok:
        kind = result.headers.get("content-type", "unknown")
        return "not_html", f"{result.final_url}: not an HTML page ({kind})"
    return "fetch_failed", result.error


def _is_html(headers: dict[str, str]) -> bool:
    kind = headers.get("content-type", "text/html").lower()
    return any(t in kind for t in HTML_TYPES) or not kind.strip()


def _charset(headers: dict[str, str]) -> str | None:
    return _charset_of(headers.get("content-type", ""))


@lru_cache(maxsize=256)
def _charset_of(content_type: str) -> str | None:
    """Parsed by the email package (~0.1 ms on the event loop), once per distinct header:
    an outlet's pages all send the same one."""
    message = Message()
    message["content-type"] = content_type
    return message.get_content_charset()


def newest_first(entries: list[FeedEntry]) -> list[FeedEntry]:
    """Feeds list newest first by custom, not by rule; the per-feed cap must keep the newest.
    Undated items keep their place after the dated ones."""
    dated = sorted((e for e in entries if e.published), key=lambda e: e.published, reverse=True)
    return dated + [e for e in entries if not e.published]


def _summarise_problems(problems: list[str]) -> str | None:
    """One line for the feed's health: the first problems and how many more."""
    if not problems:
        return None
    shown = "; ".join(problems[:3])
    return shown + (f"; and {len(problems) - 3} more" if len(problems) > 3 else "")


def _internal_error(subject: str, exc: Exception) -> str:
    """A bug met on a feed or an item, as one clean line: its message may quote the input."""
    return " ".join(clean_text(f"{subject}: internal error: {type(exc).__name__}: {exc}").split())


def _pending_row(entry: FeedEntry) -> dict[str, object]:
    return {
        "guid": entry.guid,
        "url": entry.url,
        "title": entry.title,
        "summary": entry.summary,
        "published": entry.published,
        "author": entry.author,
        "content_text": entry.content_text,
    }


def _entry_from_pending(row: dict) -> FeedEntry:
    return FeedEntry(
        guid=row["guid"],
        url=row["url"],
        title=row["title"] or "",
        summary=row["summary"] or "",
        published=row["published"],
        author=row["author"],
        content_text=row["content_text"] or "",
    )


def _pending_id(db: sqlite_utils.Database, feed_id: int, guid: str) -> int:
    row = db.execute(
        "SELECT id FROM pending_entries WHERE feed_id = ? AND guid = ?", [feed_id, guid]
    ).fetchone()
    return int(row[0])
