"""Downloads of a backfill, through the project's one polite client (robots.txt, per-host
delay, SSRF guard, retries).

Each worker process has its own client, so `fetchers` workers reaching one host at once
would each keep the host's delay and together hit it `fetchers` times as often: every client
waits `fetchers` times the configured delay instead, which keeps the host's total rate.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from ..config import Settings
from ..http import FetchResult, PoliteClient

ARCHIVE_BYTES = 4 * 2**30  # a CC-NEWS WARC file is ~1 GB, far above a page's cap
ARCHIVE_SECONDS = 3600.0


def fetch_all(
    urls: Sequence[str], settings: Settings, *, fetchers: int = 1, archive: bool = False
) -> list[FetchResult]:
    """Fetch `urls` politely (concurrently where the per-host limits allow), in order.
    `archive`: the URLs are archive files the user named, not pages: larger caps and
    deadlines, and trusted as the user's own choice."""

    async def fetch() -> list[FetchResult]:
        async with polite_client(settings, fetchers=fetchers, archive=archive) as client:
            return list(await asyncio.gather(*(client.get(u, trusted=archive) for u in urls)))

    return asyncio.run(fetch())


def polite_client(settings: Settings, *, fetchers: int = 1, archive: bool = False) -> PoliteClient:
    """The configured client, its per-host delay scaled by `fetchers` (see above)."""
    limits = settings.limits.model_copy(
        update={"per_host_delay": settings.limits.per_host_delay * max(fetchers, 1)}
    )
    if archive:
        limits = limits.model_copy(
            update={
                "max_response_bytes": ARCHIVE_BYTES,
                "total_timeout": ARCHIVE_SECONDS,
                "item_timeout": ARCHIVE_SECONDS,
                "read_timeout": max(limits.read_timeout, 120.0),
            }
        )
    return PoliteClient(
        limits,
        settings.contact_url,
        allow_private=settings.private_networks(),
        respect_robots=settings.respect_robots,
    )
