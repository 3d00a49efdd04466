"""Extraction workers: the process pool and what runs inside it.

Extraction is CPU-bound (trafilatura, ~15 ms a real page), so it runs in worker processes
while the event loop downloads; a worker gets a page's bytes and hands back plain data (the
page and its fingerprint). Everything that must hold inside a worker lives here: it exits
with its parent, and a page that takes too long is interrupted without killing the worker.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import threading
from collections.abc import Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from types import FrameType
from typing import Any

from . import dedup, store, stories
from .cjk import count_words
from .config import ExtractionHints
from .extract import ExtractedPage, extract_page
from .sanitize import one_line
from .urls import choose_canonical

PR_SET_PDEATHSIG = 1  # prctl(2)
ALARM_REPEAT = 0.1  # seconds between repeated alarms once an extraction is over its limit


def make_executor(workers: int | None = None) -> ProcessPoolExecutor:
    """Extraction workers, started at once so they are ready when the first page arrives.

    They are forked from this process, which has already imported trafilatura: a worker is
    ready in milliseconds, where forkserver or spawn re-import it (~0.5 s, a twentieth of a
    1,000-page pass). Call this before starting threads or the event loop: the workers are
    all forked inside the first submit, and a fork must not copy a lock another thread holds.
    """
    context = multiprocessing.get_context("fork")
    count = worker_count(workers)
    executor = ProcessPoolExecutor(
        max_workers=count, mp_context=context, initializer=_exit_with_parent
    )
    for _ in range(count):
        executor.submit(os.getpid)
    return executor


def worker_count(requested: int | None) -> int:
    """Extraction processes: as configured, else one per core."""
    return requested or os.cpu_count() or 2


def _exit_with_parent() -> None:
    """A worker must not outlive a killed `aggregator fetch` (SIGKILL skips every cleanup):
    ask Linux to send it SIGTERM when its parent dies. Elsewhere this is a no-op."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        return
    if os.getppid() == 1:  # the parent died before the request took effect
        os._exit(0)


def extract_and_fingerprint(
    body: bytes,
    url: str,
    hints: ExtractionHints,
    charset: str | None,
    need_date: bool,
    time_limit: float | None = None,
    template: Mapping[str, int] | None = None,
) -> tuple[ExtractedPage, dedup.Fingerprint]:
    """The CPU-bound part of an article, run in a worker process: text, then its MinHash.
    Hostile markup must not take the item down with it: any failure, or a page that takes
    longer than `time_limit` seconds (a 5 MB page once took 47 s), is an empty page, stored
    from the feed. `template` is the outlet's learned memory (`extract.extract_page`)."""
    try:
        with _time_limit(time_limit):
            page = extract_page(body, url, hints, charset, need_date, template)
    except ExtractionTimeout:
        page = ExtractedPage("empty", notes=[f"extraction stopped after {time_limit:g}s"])
    except Exception as exc:  # lxml, trafilatura and json raise many unrelated types
        page = ExtractedPage("empty", notes=[f"extraction failed: {type(exc).__name__}"])
    return page, dedup.fingerprint(page.text)


@dataclass(frozen=True)
class WriterForms:
    """What the writer computes from an article before storing it, computed in the worker
    for an extracted page's own headline, text and language (what the article is stored
    with when the page shows it): its story-matching features, its search columns, its
    word count and the address it is known by (rel=canonical, og:url or where the page
    was read, canonicalised). On the event loop they were a fifth of a light page's time
    there."""

    title: str
    text: str
    language: str | None
    story_doc: stories.StoryDoc
    index_forms: dict[str, Any]
    canonical_url: str
    word_count: int

    def fit(self, title: str, text: str, language: str | None) -> bool:
        """Whether they were computed for this article (a notice's page is stored with its
        feed's headline and summary instead)."""
        return (self.title, self.text, self.language) == (title, text, language)


def extract_for_writer(
    body: bytes,
    url: str,
    hints: ExtractionHints,
    charset: str | None,
    need_date: bool,
    time_limit: float | None = None,
    template: Mapping[str, int] | None = None,
) -> tuple[ExtractedPage, dedup.Fingerprint, WriterForms | None]:
    """`extract_and_fingerprint`, and the writer's forms of an article page."""
    page, fingerprint = extract_and_fingerprint(
        body, url, hints, charset, need_date, time_limit, template
    )
    return page, fingerprint, writer_forms(page, url)


def writer_forms(page: ExtractedPage, url: str) -> WriterForms | None:
    """`url`: where the page was read (after redirects)."""
    title = one_line(page.title or "")
    if page.status != "ok" or not title:
        return None
    lead = page.text[: store.MEMBER_TEXT_CHARS]  # what story matching reads, as members are read
    return WriterForms(
        title,
        page.text,
        page.language,
        stories.compute_features(title, lead),
        store.index_forms_of(title, page.text, page.language),
        choose_canonical(url, page.canonical_url, page.og_url),
        count_words(page.text),
    )


class ExtractionTimeout(BaseException):
    """Raised by the alarm in an extraction worker. Not an Exception, so that the
    libraries' own `except Exception` blocks cannot swallow it."""


@contextmanager
def _time_limit(seconds: float | None) -> Iterator[None]:
    """Interrupt the block after `seconds`. A call running in a worker cannot be cancelled
    from outside without killing the worker, and the whole pool with it; an interval timer
    in the worker interrupts it at its next Python instruction instead, leaving the worker
    ready for the next page. The alarm repeats in case a bare `except:` swallows it.
    Python handles signals on the main thread only: elsewhere the block runs unlimited."""
    if seconds is None or threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGALRM, _raise_extraction_timeout)
    signal.setitimer(signal.ITIMER_REAL, seconds, ALARM_REPEAT)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _raise_extraction_timeout(signum: int, frame: FrameType | None) -> None:
    raise ExtractionTimeout
