"""Trends: articles and new stories per topic and day, and each outlet's share of a topic.

The same statements serve `aggregator trends` (window start given as :since) and the Datasette
canned queries (window start computed from :days), so the numbers on the terminal and in the
browser cannot drift apart. Both read only the window's articles through the date index
`articles_when`, then their tags (CROSS JOIN keeps that order, as in `recent_topic_counts`):
from the tags SQLite would read every tag of the archive.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import sqlite_utils

from .connection import _dicts

SINCE = ":since"
# the last :days days (30 when left empty), in the form times are stored in
LAST_DAYS = (
    "strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now', '-' || coalesce(nullif(:days, ''), 30) || ' days')"
)

# A story counts on the first day one of the topic's articles appeared, and not at all when
# the topic had an article of it before the window (a running story is not new). An article
# without a story counts as a story of its own. A story's `first_seen` (its earliest article)
# spares the look at the articles of every story that began in the window.
_DAILY = """
with recent as materialized (
  select a.id, coalesce(a.story_id, -a.id) as story,
    substr(coalesce(a.published_at, a.fetched_at), 1, 10) as day
  from articles a where coalesce(a.published_at, a.fetched_at) >= {start}
),
tagged as (
  select t.topic, r.day, r.story from recent r cross join article_topics t on t.article_id = r.id
    {only}
),
first_days as (
  select f.topic, f.day, count(*) as stories
  from (select topic, story, min(day) as day from tagged group by topic, story) f
  where not exists (
    select 1 from stories s
    where s.id = f.story and s.first_seen < {start} and exists (
      select 1 from articles b join article_topics bt on bt.article_id = b.id
      where b.story_id = s.id and bt.topic = f.topic
        and coalesce(b.published_at, b.fetched_at) < {start}))
  group by f.topic, f.day
)
select d.day, d.topic, d.articles, coalesce(f.stories, 0) as stories
from (select topic, day, count(*) as articles from tagged group by topic, day) d
left join first_days f on f.topic = d.topic and f.day = d.day
order by d.topic, d.day"""

_OUTLETS = """
select t.topic, s.name as outlet, count(*) as articles,
  round(100.0 * count(*) / sum(count(*)) over (partition by t.topic), 1) as percent
from articles a cross join article_topics t on t.article_id = a.id
join sources s on s.id = a.source_id
where coalesce(a.published_at, a.fetched_at) >= {start} {only}
group by t.topic, s.name
order by t.topic, articles desc, outlet"""


# `only` of the statements: the rows of the topic :topic alone. A chart shows one topic, and
# the tags of the window's other topics are then never read.
ONE_TOPIC = "and t.topic = :topic"


def daily_sql(start: str, only: str = "") -> str:
    """(day, topic, articles, stories) per UTC day from `start` (SINCE or LAST_DAYS)."""
    return _DAILY.format(start=start, only=only)


def outlets_sql(start: str, only: str = "") -> str:
    """(topic, outlet, articles, percent of the topic's articles) from `start`."""
    return _OUTLETS.format(start=start, only=only)


def topic_daily(
    db: sqlite_utils.Database, since: str, topic: str | None = None
) -> list[dict[str, Any]]:
    """Days with articles since the ISO time `since`, per topic or for `topic` alone (days
    without any are absent: the caller knows the window)."""
    if topic is None:
        return _dicts(db.execute(daily_sql(SINCE), {"since": since}))
    return _dicts(db.execute(daily_sql(SINCE, ONE_TOPIC), {"since": since, "topic": topic}))


def topic_outlets(db: sqlite_utils.Database, since: str, topic: str) -> list[dict[str, Any]]:
    """Each outlet's articles on `topic` since the ISO time `since` and their percentage
    of the topic's, the largest first."""
    return _dicts(db.execute(outlets_sql(SINCE, ONE_TOPIC), {"since": since, "topic": topic}))


def window_days(first: date, last: date) -> list[str]:
    """Every UTC day of the window, so that a day without articles still takes its place."""
    return [(first + timedelta(days=n)).isoformat() for n in range((last - first).days + 1)]


def daily_series(rows: list[dict[str, Any]], topic: str, days: list[str]) -> dict[str, list[int]]:
    """`topic_daily`'s rows of `topic` as two lists over `days`, 0 for a day it lacks."""
    by_day = {row["day"]: row for row in rows if row["topic"] == topic}
    return {
        label: [by_day[day][label] if day in by_day else 0 for day in days]
        for label in ("articles", "stories")
    }
