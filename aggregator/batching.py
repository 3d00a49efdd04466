"""Writes that coroutines hand over one by one, written together: one transaction per batch.

A fetch pass decides and stores its articles on the event loop as their extraction ends. A
commit per article cost as much as deciding one (the write-out of pages and search-index
segments), yet a write transaction must never be held across an await: every coroutine
waiting on the network would hold the database's write lock with it. So each article waits
here, in the order it arrived, until `size` are waiting, or `delay` seconds have passed since
the first, or no other item is being prepared (fetched, extracted) to join them; then all
of them are written at once, with no await in between.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")


@dataclass
class _Waiting(Generic[T, R]):
    item: T
    done: asyncio.Future[R]


class WriteBatches(Generic[T, R]):
    """`write_batch(items)` writes items in one transaction and returns each one's result,
    in order; it raises (its transaction rolled back) when any item fails. One failing item
    must not cost the others their write: after `rolled_back()` (whatever the caller keeps in
    memory about uncommitted writes is stale), each item of the failed batch is written again
    as a batch of its own, in the same order, and only the failing one gets its exception. An
    exception for which `fatal` is true (a failing database) goes to every waiting item:
    each would fail alike."""

    def __init__(
        self,
        write_batch: Callable[[Sequence[T]], list[R]],
        *,
        size: int,
        delay: float,
        rolled_back: Callable[[], None],
        fatal: Callable[[BaseException], object],
    ) -> None:
        self.write_batch, self.size, self.delay = write_batch, size, delay
        self.rolled_back, self.fatal = rolled_back, fatal
        self.waiting: list[_Waiting[T, R]] = []
        self.timer: asyncio.TimerHandle | None = None
        self.preparing = 0

    @contextmanager
    def preparer(self) -> Iterator[None]:
        """Around the preparing of an item that may be queued: once nothing is being
        prepared any more, what waits is written at once (no item could join it soon)."""
        self.preparing += 1
        try:
            yield
        finally:
            self.preparing -= 1
            if not self.preparing and self.waiting:
                self.flush()

    def queue(self, item: T) -> asyncio.Future[R]:
        """Queue the item's write; the future is done once its batch is committed."""
        loop = asyncio.get_running_loop()
        waiting = _Waiting(item, loop.create_future())
        self.waiting.append(waiting)
        if len(self.waiting) >= self.size:
            self.flush()
        elif self.timer is None:
            self.timer = loop.call_later(self.delay, self.flush)
        return waiting.done

    def flush(self) -> None:
        """Write what is waiting now. An item whose coroutine was cancelled meanwhile (the
        pass deadline) is left out: its feed comes back at the next pass."""
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
        batch = [w for w in self.waiting if not w.done.cancelled()]
        self.waiting = []
        if not batch:
            return
        try:
            results = self.write_batch([w.item for w in batch])
        except Exception as exc:
            if self.fatal(exc):
                _fail(batch, exc)
                return
            self.rolled_back()
            self._write_one_by_one(batch)
            return
        for waiting, result in zip(batch, results, strict=True):
            waiting.done.set_result(result)

    def _write_one_by_one(self, batch: list[_Waiting[T, R]]) -> None:
        for number, waiting in enumerate(batch):
            try:
                (result,) = self.write_batch([waiting.item])
            except Exception as exc:
                if self.fatal(exc):
                    _fail(batch[number:], exc)
                    return
                self.rolled_back()
                waiting.done.set_exception(exc)
                continue
            waiting.done.set_result(result)


def _fail(batch: list[_Waiting[T, R]], exc: BaseException) -> None:
    for waiting in batch:
        waiting.done.set_exception(exc)
