"""Dates as the database keeps them: ISO-8601 text in UTC, never naive, never in the future.

Feeds and pages give dates in every format and zone, and some without a zone at all; a naive
date taken as local time shows articles "from the future" (Miniflux #1906). We take a zoneless
date as UTC and let the caller clamp anything later than the moment it was fetched.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

FUTURE_TOLERANCE = timedelta(minutes=15)
# Earlier dates are placeholders (0001-01-01 is .NET's and Go's "no date") or garbage, and a
# story window around them would leave datetime's range.
EARLIEST = datetime(1000, 1, 1, tzinfo=UTC)


def utc_now_iso() -> str:
    return to_iso(datetime.now(UTC))


def to_iso(when: datetime) -> str:
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).isoformat(timespec="seconds")


def to_utc_iso(value: str | None) -> str | None:
    """Any ISO-8601 date or datetime string → UTC ISO text; None when it is not a date."""
    if not value or not isinstance(value, str):
        return None
    try:
        return to_iso(parse_utc(value))
    except ValueError:
        return None


def parse_utc(value: str) -> datetime:
    """An ISO-8601 date or datetime as an aware UTC datetime; ValueError saying why not."""
    text = value.strip().replace("Z", "+00:00").replace("z", "+00:00")
    try:
        when = datetime.fromisoformat(text)
        when = (when if when.tzinfo else when.replace(tzinfo=UTC)).astimezone(UTC)
    except ValueError:
        raise ValueError(f"expected an ISO-8601 date, got {value!r}") from None
    except OverflowError:  # 0001-01-01T00:00:00+01:00 is in year 0 in UTC
        raise ValueError(f"date out of range: {value!r}") from None
    if when < EARLIEST:
        raise ValueError(f"date out of range (before year {EARLIEST.year}): {value!r}")
    return when


# htmldate's own earliest date: news addresses from before it hold none
_URL_DATES_FROM = datetime(1995, 1, 1)


def url_date(url: str) -> str | None:
    """The day a news address names (`/2024/03/07/`, `-2023-11-30/`), as UTC midnight; None
    when it names none, or only a month. An imported article without a date is otherwise
    placed as of the import, beside every other undated one, and story matching reads time:
    such articles join none of their event's stories and may join each other's."""
    from htmldate.extractors import extract_url_date
    from htmldate.utils import Extractor

    latest = datetime.now(UTC).replace(tzinfo=None) + timedelta(days=1)
    found = extract_url_date(url, Extractor(False, latest, _URL_DATES_FROM, False, "%Y-%m-%d"))
    return to_utc_iso(found)


def clamp_future(published: str | None, fetched_at: str) -> tuple[str | None, bool]:
    """A publication date after the fetch time is a publisher's clock or zone error."""
    if published is None:
        return None, False
    if datetime.fromisoformat(published) > datetime.fromisoformat(fetched_at) + FUTURE_TOLERANCE:
        return fetched_at, True
    return published, False


def resolve_since(value: str, now: datetime | None = None) -> str:
    """`24h`, `7d`, `90m` (ago) or an ISO date/datetime → UTC ISO text; ValueError otherwise."""
    # durations are spelled as in sources.yaml, but any length is fine: 99999999999d is "all"
    from .config import duration_seconds

    now = now or datetime.now(UTC)
    try:
        seconds = duration_seconds(value)
    except ValueError:
        pass
    else:
        try:
            return to_iso(max(now - timedelta(seconds=seconds), EARLIEST))
        except OverflowError:  # 99999999999d: further back than any date
            return to_iso(EARLIEST)
    resolved = to_utc_iso(value)
    if resolved is None:
        raise ValueError(
            f"expected a duration such as 24h or 7d, or a date such as 2026-11-20, got {value!r}"
        )
    return resolved
