"""The demo's sample news (articles.yaml) as what each outlet publishes on a given morning.

Dates are relative to the moment the demo starts, so the articles always fall inside the
digest's window however long after this file was written the demo runs.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from email.utils import format_datetime
from functools import cache
from importlib import resources
from typing import Any

import yaml

SECOND_MORNING = 2
FACTS_PER_ARTICLE = 4


@dataclass(frozen=True)
class Outlet:
    key: str
    name: str
    tagline: str
    author: str


@dataclass(frozen=True)
class Article:
    outlet: str
    slug: str
    title: str
    author: str
    paragraphs: tuple[str, ...]
    published: datetime

    @property
    def summary(self) -> str:
        return self.paragraphs[0]

    @property
    def published_iso(self) -> str:
        return self.published.isoformat(timespec="seconds")

    @property
    def published_rfc822(self) -> str:
        return format_datetime(self.published)

    @property
    def published_human(self) -> str:
        return self.published.strftime("%d %B %Y, %H:%M UTC")


@cache
def _sample() -> dict[str, Any]:
    text = resources.files(__package__).joinpath("articles.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def outlets() -> list[Outlet]:
    return [Outlet(**row) for row in _sample()["outlets"]]


def _slug(title: str) -> str:
    words = "".join(c if c.isalnum() else " " for c in title.lower()).split()
    return "-".join(words[:9])


def _event_article(
    event: dict[str, Any], index: int, row: dict[str, Any], now: datetime
) -> Article:
    """Its own lead and close around four of the event's facts, starting at a different fact
    for each outlet: outlets tell one event in different words, as real coverage does. Once
    the starts wrap around the facts they shift by one, or the fifth outlet would repeat the
    first one's four facts: two thirds of the same text is a copy, not coverage."""
    facts = event["facts"]
    start = (index * 2 + index * 2 // len(facts)) % len(facts)
    chosen = [facts[(start + i) % len(facts)] for i in range(FACTS_PER_ARTICLE)]
    return _article(row, [row["lead"], *chosen, row["close"]], now)


def _article(row: dict[str, Any], paragraphs: list[str], now: datetime) -> Article:
    return Article(
        outlet=row["outlet"],
        slug=_slug(row["title"]),
        title=row["title"],
        author=_outlet(row["outlet"]).author,
        paragraphs=tuple(paragraphs),
        published=now - timedelta(hours=row["hours"], minutes=_minutes_past(row["title"])),
    )


def _minutes_past(title: str) -> int:
    """A few minutes more than the hour given, the same on every run: outlets do not all
    publish on the hour, and the demo's two mornings must agree on each article's date."""
    return 7 * len(title) % 50


def _first_morning(now: datetime) -> list[Article]:
    sample = _sample()
    by_key = {
        f"{row['outlet']}/{event['key']}": _event_article(event, index, row, now)
        for event in sample["events"]
        for index, row in enumerate(event["articles"])
    }
    articles = [*by_key.values(), *(_article(row, row["text"], now) for row in sample["singles"])]
    for copy in sample["copies"]:
        original = by_key[copy["of"]]
        credit = f"This article first appeared on {_outlet(original.outlet).name}."
        articles.append(
            replace(
                original,
                outlet=copy["outlet"],
                author=_outlet(copy["outlet"]).author,
                paragraphs=(*original.paragraphs, credit),
                published=now - timedelta(hours=copy["hours"]),
            )
        )
    return articles


def _outlet(key: str) -> Outlet:
    return next(o for o in outlets() if o.key == key)


def articles_on(morning: int, now: datetime) -> list[Article]:
    """Everything the outlets publish on `morning` (1 or 2): the second adds new articles and
    replaces one article's headline and ending, under the same URL."""
    articles = _first_morning(now)
    if morning < SECOND_MORNING:
        return articles
    sample = _sample()["second_morning"]
    events = {event["key"]: event for event in _sample()["events"]}
    for index, row in enumerate(sample["new"]):
        event = events[row["event"]]
        articles.append(_event_article(event, len(event["articles"]) + index, row, now))
    articles += [_article(row, row["text"], now) for row in sample["singles"]]
    return [_edited(article, sample["edited"]) for article in articles]


def _edited(article: Article, edit: dict[str, Any]) -> Article:
    outlet, event_key = edit["of"].split("/")
    event = next(e for e in _sample()["events"] if e["key"] == event_key)
    original = next(r for r in event["articles"] if r["outlet"] == outlet)
    if article.outlet != outlet or article.title != original["title"]:
        return article
    return replace(
        article, title=edit["title"], paragraphs=(*article.paragraphs[:-1], edit["close"])
    )


def edited_article(now: datetime) -> Article:
    """The second morning's edited article, as it reads after the edit."""
    title = _sample()["second_morning"]["edited"]["title"]
    return next(a for a in articles_on(SECOND_MORNING, now) if a.title == title)
