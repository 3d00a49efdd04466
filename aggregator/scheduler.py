"""`aggregator run`: when passes and digests happen.

The decisions are plain functions of a clock value so they can be tested without waiting:
how long until a source is polled again (its interval, adapted to how often it publishes,
stretched by failures, with jitter) and whether the digest is due. The service around them is
an APScheduler 3 loop with two jobs: a frequent tick that polls the sources that are due, and
the digest at the configured local time. All state lives in the database, so a restart
continues where the last run stopped; a digest missed by a restart inside the grace period is
sent once on start, and never twice.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import random
import signal
import sqlite3
import threading
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass
from datetime import datetime, timedelta
from datetime import time as clock_time
from typing import Any
from zoneinfo import ZoneInfo

import sqlite_utils
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from . import store
from .config import Config, Scheduler, Source
from .dates import to_iso
from .digest.run import PreparedDigest, deliver, prepare_digest, settle_interrupted
from .digest.send import DeliveryUncertain, SendError
from .http import RobotsCache
from .pipeline import run_pass

log = logging.getLogger("aggregator.run")

WEEK = timedelta(days=7)
MIN_HISTORY = 3  # articles in a week before the publishing rate is trusted


# -- decisions (pure) ---------------------------------------------------------------------------


def poll_interval(
    source: Source, settings: Scheduler, weekly_articles: int, failures: int
) -> float:
    """Seconds until the next poll, before jitter.

    Like Miniflux's entry-frequency mode: an outlet that published N articles last week is
    polled every week/N, within [min_interval, max_interval]; with little history its own
    poll_interval is used. Each consecutive failure doubles the wait up to max_backoff; the
    first success resets it. A source is never switched off for good."""
    base = source.poll_interval
    if settings.adaptive and weekly_articles >= MIN_HISTORY:
        base = WEEK.total_seconds() / weekly_articles
    base = min(max(base, settings.min_interval), settings.max_interval)
    if failures:
        return min(base * 2**failures, max(settings.max_backoff, base))
    return base


def with_jitter(seconds: float, jitter: float, rng: random.Random) -> float:
    """Spread polls so sources configured alike do not hit the network in one burst."""
    return seconds * (1 + rng.uniform(-jitter, jitter))


def last_scheduled_digest(now: datetime, at: str, timezone: str) -> datetime:
    """The most recent moment (≤ now) at which the digest was scheduled, as an aware time."""
    zone = ZoneInfo(timezone)
    hour, minute = (int(part) for part in at.split(":"))
    local = now.astimezone(zone)
    scheduled = datetime.combine(local.date(), clock_time(hour, minute), tzinfo=zone)
    if scheduled > local:
        scheduled -= timedelta(days=1)
    return scheduled


def digest_due(
    now: datetime, at: str, timezone: str, last_sent: datetime | None, grace: float
) -> bool:
    """Due when the last scheduled time has passed within the grace period and no digest
    was sent since it: a restart at 07:40 still sends the 07:30 digest, a second call does
    not send it again, and a machine that was off all day does not send yesterday's late."""
    scheduled = last_scheduled_digest(now, at, timezone)
    if (now - scheduled).total_seconds() > grace:
        return False
    return last_sent is None or last_sent < scheduled


# -- the service ----------------------------------------------------------------------------------


@dataclass
class ServiceOptions:
    passes: int | None = None  # stop after this many polling ticks (tests, cron-like use)


class Service:
    def __init__(
        self,
        config: Config,
        db: sqlite_utils.Database,
        executor: Executor,
        *,
        options: ServiceOptions | None = None,
        now: Callable[[], datetime] | None = None,
        rng: random.Random | None = None,
    ) -> None:
        self.config = config
        self.db = db
        self.executor = executor
        self.options = options or ServiceOptions()
        self.now = now or (lambda: datetime.now(ZoneInfo("UTC")))
        self.rng = rng or random.Random()
        self.settings = config.settings.scheduler
        self.stopping = asyncio.Event()
        self.ticks = 0
        # Digests wait for each other, never for a pass: both write between awaits on this one
        # thread, each write its own transaction, and a digest covers articles up to an id
        # (a pass in progress only adds later ones). Passes never overlap (max_instances=1).
        self.sending = asyncio.Lock()
        self.current: asyncio.Task | None = None
        self.delivery: asyncio.Task | None = None  # the digest's SMTP exchange, if one is on
        self.smtp_stop = threading.Event()  # no new SMTP attempt once stopping
        self.robots = RobotsCache()  # robots.txt is read once per its lifetime, not per pass

    async def run(self) -> None:
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, self.stop, signum)
        store.sync_sources(self.db, self.config, to_iso(self.now()))
        settle_interrupted(self.db)
        scheduler = AsyncIOScheduler(timezone=ZoneInfo(self.config.settings.timezone))
        scheduler.add_job(
            self.tick,
            IntervalTrigger(seconds=self.settings.tick),
            id="poll",
            next_run_time=datetime.now(ZoneInfo("UTC")),
            coalesce=True,
            max_instances=1,
            misfire_grace_time=max(1, int(self.settings.tick * 2)),
        )
        hour, minute = self.config.settings.digest.time.split(":")
        scheduler.add_job(
            self.digest,
            CronTrigger(hour=int(hour), minute=int(minute), timezone=self.config.settings.timezone),
            id="digest",
            coalesce=True,
            max_instances=1,
            misfire_grace_time=int(self.settings.digest_grace),
        )
        scheduler.start()
        log.info(
            "service started: %d sources, digest at %s %s",
            len(self.config.sources),
            self.config.settings.digest.time,
            self.config.settings.timezone,
        )
        await self.digest()  # a digest missed by a restart within the grace period
        await self.stopping.wait()
        scheduler.shutdown(wait=False)
        await self.finish_delivery()
        if self.current is not None and not self.current.done():
            self.current.cancel()  # between two writes: every write is its own transaction
            await asyncio.gather(self.current, return_exceptions=True)
        log.info("service stopped")

    def stop(self, signum: int | None = None) -> None:
        if signum is not None:
            log.info(
                "received %s: finishing the current write and stopping", signal.Signals(signum).name
            )
        if self.delivery is not None and not self.delivery.done():
            log.info("finishing the digest's SMTP exchange before stopping")
        self.smtp_stop.set()
        self.stopping.set()

    async def tick(self) -> None:
        if self.stopping.is_set():
            return
        self.current = asyncio.create_task(self.poll_due())
        try:
            await self.current
        except asyncio.CancelledError:
            return
        except sqlite3.DatabaseError as exc:
            if not store.database_fault(exc):
                raise
            # disk full, locked by another writer: one line a tick, not a traceback
            where = store.database_file(self.db)
            log.error("%s: %s; pass stopped, the next tick tries again", where, exc)
        finally:
            self.current = None
        self.ticks += 1
        if self.options.passes is not None and self.ticks >= self.options.passes:
            self.stop()

    async def poll_due(self) -> None:
        now = self.now()
        names = [source.name for source in self.config.sources]
        due = store.due_sources(self.db, names, to_iso(now))
        if not due:
            return
        summary = await run_pass(
            self.config, self.db, self.executor, only_sources=due, robots=self.robots
        )
        finished = self.now()
        for result in summary.sources:
            source = self.config.source(result.name)
            failures = 0 if result.succeeded else store.failure_streak(self.db, source.name) + 1
            weekly = store.articles_since(self.db, source.name, to_iso(finished - WEEK))
            interval = with_jitter(
                poll_interval(source, self.settings, weekly, failures),
                self.settings.jitter,
                self.rng,
            )
            next_at = finished + timedelta(seconds=interval)
            store.record_poll(
                self.db,
                source.name,
                polled_at=to_iso(finished),
                succeeded=result.succeeded,
                interval=interval,
                next_poll_at=to_iso(next_at),
            )
            log.info(
                "poll source=%r new=%d unchanged=%d updated=%d failed=%d duration=%.1fs "
                "next_in=%.0fs%s",
                result.name,
                result.new,
                result.unchanged,
                result.updated,
                result.failed,
                (finished - now).total_seconds(),
                interval,
                ""
                if result.succeeded
                else f" error={result.errors[0] if result.errors else '?'!r}",
                extra={
                    "source": result.name,
                    "new": result.new,
                    "unchanged": result.unchanged,
                    "failed": result.failed,
                    "succeeded": result.succeeded,
                    "next_in": round(interval),
                },
            )

    async def digest(self) -> None:
        settings = self.config.settings.digest
        if not settings.to or self.stopping.is_set():
            return
        now = self.now()
        last = store.last_digest(self.db)
        last_sent = datetime.fromisoformat(last.covered_until) if last else None
        if not digest_due(
            now, settings.time, self.config.settings.timezone, last_sent, self.settings.digest_grace
        ):
            return
        async with self.sending:
            prepared = prepare_digest(self.db, self.config, now=now)
            if prepared.content.empty and settings.when_empty == "skip":
                log.info("digest: nothing new, skipped")
                return
            self.delivery = asyncio.create_task(self.send_digest(prepared, now))
            try:  # a stop cancels this job; the exchange goes on, and `run` waits for it
                await asyncio.shield(self.delivery)
            except asyncio.CancelledError:
                return

    async def send_digest(self, prepared: PreparedDigest, now: datetime) -> None:
        """SMTP blocks, so it runs in a thread; its database steps come back to this one."""
        loop = asyncio.get_running_loop()
        try:
            await loop.run_in_executor(
                None,
                functools.partial(
                    deliver,
                    self.db,
                    self.config,
                    prepared,
                    now=now,
                    on_db=functools.partial(_on_loop, loop),
                    stop=self.smtp_stop,
                ),
            )
        except DeliveryUncertain as exc:
            log.warning("digest unconfirmed: %s", exc)
        except SendError as exc:
            log.error("digest not sent: %s", exc)
        else:
            log.info("digest sent: %s", prepared.subject)

    async def finish_delivery(self) -> None:
        """On stop, an SMTP exchange in progress is finished, not cut between the server's
        answer and its record; no new attempt starts. Bounded by the SMTP timeout: if the
        server is slower, what happened is settled on the next start."""
        if self.delivery is None or self.delivery.done():
            return
        timeout = self.config.settings.smtp.timeout
        try:
            await asyncio.wait_for(asyncio.shield(self.delivery), timeout)
        except TimeoutError:
            log.warning("digest: the SMTP server did not answer within %.0fs; stopping", timeout)


def _on_loop(loop: asyncio.AbstractEventLoop, step: Callable[[], Any]) -> Any:
    """Run a database step on the event loop's thread, which owns the connection, and wait."""

    async def call() -> Any:
        return step()

    return asyncio.run_coroutine_threadsafe(call(), loop).result()


def next_digest_time(config: Config, now: datetime) -> datetime:
    return last_scheduled_digest(now, config.settings.digest.time, config.settings.timezone) + (
        timedelta(days=1)
    )
