"""What goes into a digest: plain data, no HTML, no SMTP.

One entry per story, not per article: the analyst wants "BYD cut prices again — 5 outlets",
not five links. And each story once: a story filed under several topics appears under the one
it is most about (its best article's score for the topic), with "also in" naming the others.
Stories already mailed in an earlier digest that gained articles come back marked as updates,
so nothing repeats as new and nothing new is missed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

import sqlite_utils

from .. import store
from .leads import lead

ALL_STORIES = "All stories"  # the one section when no topics are configured
OTHER_STORIES = "Other stories"
VOLUME_DAYS = 14


@dataclass
class Outlet:
    name: str
    url: str


@dataclass
class StoryItem:
    story_id: int
    headline: str
    url: str
    lead: str
    outlets: list[Outlet]
    first_seen: str  # formatted in the configured time zone
    source_count: int
    new_articles: int
    is_update: bool
    last_seen: str = ""  # UTC ISO, for ordering
    relevance: float = 0.0  # its best article's score for the section's topic, to a tenth
    also_in: list[str] = field(default_factory=list)  # the digest's other topics it is filed under


@dataclass
class Volume:
    """Articles on a topic per 24 hours, the last window ending when the digest does: a
    morning digest's "today" is then a whole day, comparable with the days before it."""

    counts: list[int]  # oldest first

    @property
    def today(self) -> int:
        return self.counts[-1]

    @property
    def average(self) -> float:
        """The daily average over the days before today."""
        before = self.counts[:-1]
        return sum(before) / len(before) if before else 0.0


@dataclass
class TopicSection:
    name: str
    stories: list[StoryItem]
    more: int = 0  # stories left out by the per-topic limit
    volume: Volume | None = None

    @property
    def total(self) -> int:
        return len(self.stories) + self.more


@dataclass
class DigestContent:
    since: str
    until: str
    timezone: str
    until_id: int = 0
    sections: list[TopicSection] = field(default_factory=list)
    story_count: int = 0  # new stories (updates not counted)
    update_count: int = 0
    article_count: int = 0
    outlet_count: int = 0

    @property
    def empty(self) -> bool:
        return not any(section.stories for section in self.sections)

    def story_topics(self) -> list[tuple[int, str]]:
        return [(item.story_id, s.name) for s in self.sections for item in s.stories]


@dataclass
class _Candidate:
    """A story with new articles on the digest's topics, before it is placed in a section."""

    scores: dict[str, float] = field(default_factory=dict)  # topic → its best article's score
    new_ids: set[int] = field(default_factory=set)

    def home(self, topics: Sequence[str]) -> str:
        """The topic it is most about; on a tie, the one listed first."""
        return max(
            (t for t in topics if t in self.scores),
            key=lambda t: (self.scores[t], -topics.index(t)),
        )


@dataclass
class _Window:
    """Which articles are new: ids in (after_id, until_id], or stored after `since`."""

    after_id: int | None
    since: str
    until_id: int

    def articles(self, db: sqlite_utils.Database, topic: str | None) -> list[dict]:
        return store.new_articles(
            db, after_id=self.after_id, since=self.since, until_id=self.until_id, topic=topic
        )


def build_digest(
    db: sqlite_utils.Database,
    *,
    since: str,
    until: str,
    after_id: int | None,
    until_id: int,
    topics: list[str],
    timezone: str,
    per_topic_limit: int,
    lead_sentences: int,
    other_min_sources: int | None = None,
) -> DigestContent:
    """Sections per topic (or one "All stories" section when no topics are configured), each
    story in one of them; then "Other stories" (no topic, at least `other_min_sources`
    outlets) when that is set.

    Articles with ids in (after_id, until_id] are new; without `after_id`, those stored after
    `since`. `since`/`until` are also what the digest says it covers."""
    content = DigestContent(since=since, until=until, timezone=timezone, until_id=until_id)
    window = _Window(after_id, since, until_id)
    names = list(topics) or [ALL_STORIES]
    candidates: dict[int, _Candidate] = {}
    outlets: set[int] = set()
    for topic in topics or [None]:
        for row in window.articles(db, topic):
            candidate = candidates.setdefault(row["story_id"], _Candidate())
            candidate.scores[topic or ALL_STORIES] = row["relevance"] or 0.0
            candidate.new_ids.add(row["id"])
            outlets.add(row["source_id"])
    items = _Items(db, until_id, ZoneInfo(timezone), lead_sentences)
    placed: dict[str, list[StoryItem]] = {name: [] for name in names}
    for story_id, candidate in candidates.items():
        home = candidate.home(names)
        item = items.make(story_id, len(candidate.new_ids), candidate.scores[home])
        item.also_in = [name for name in names if name in candidate.scores and name != home]
        placed[home].append(item)
    for name in names:
        topic = None if name == ALL_STORIES else name
        volume = Volume(store.topic_daily_counts(db, topic, until=until, days=VOLUME_DAYS))
        content.sections.append(_section(name, placed[name], per_topic_limit, volume))
    if other_min_sources is not None and topics:
        others = _other_stories(db, window, set(candidates), items, other_min_sources, outlets)
        placed[OTHER_STORIES] = others
        content.sections.append(_section(OTHER_STORIES, others, per_topic_limit))
    every = [item for stories in placed.values() for item in stories]
    content.story_count = sum(not item.is_update for item in every)
    content.update_count = sum(item.is_update for item in every)
    content.article_count = sum(item.new_articles for item in every)
    content.outlet_count = len(outlets)
    return content


def reading_order(item: StoryItem) -> tuple:
    """New stories before updates; then the story most about the topic (scores a tenth
    apart, so near-equal scores leave the choice to the next keys), the most outlets, the
    latest article, the newest story."""
    latest = datetime.fromisoformat(item.last_seen).timestamp() if item.last_seen else 0.0
    return (item.is_update, -item.relevance, -item.source_count, -latest, -item.story_id)


def _section(
    name: str, items: list[StoryItem], limit: int, volume: Volume | None = None
) -> TopicSection:
    ordered = sorted(items, key=reading_order)
    return TopicSection(name, ordered[:limit], more=max(0, len(ordered) - limit), volume=volume)


def _other_stories(
    db: sqlite_utils.Database,
    window: _Window,
    placed: set[int],
    items: _Items,
    min_sources: int,
    outlets: set[int],
) -> list[StoryItem]:
    """Stories none of whose new articles is filed under any topic, covered by at least
    `min_sources` outlets: the big news nobody wrote a topic for."""
    new_ids: dict[int, set[int]] = {}
    tagged: set[int] = set()
    sources: dict[int, set[int]] = {}
    for row in window.articles(db, None):
        new_ids.setdefault(row["story_id"], set()).add(row["id"])
        sources.setdefault(row["story_id"], set()).add(row["source_id"])
        if row["tagged"]:
            tagged.add(row["story_id"])
    untagged = [story_id for story_id in new_ids if story_id not in tagged | placed]
    counts = store.story_outlet_counts(db, untagged, window.until_id)
    chosen = [story_id for story_id in untagged if counts.get(story_id, 0) >= min_sources]
    for story_id in chosen:
        outlets.update(sources[story_id])
    return [items.make(story_id, len(new_ids[story_id]), 0.0) for story_id in chosen]


class _Items:
    """Turns a story id into the entry the reader sees, knowing what earlier digests sent."""

    def __init__(
        self, db: sqlite_utils.Database, until_id: int, zone: ZoneInfo, sentences: int
    ) -> None:
        self.db, self.until_id, self.zone, self.sentences = db, until_id, zone, sentences

    def make(self, story_id: int, new_articles: int, relevance: float) -> StoryItem:
        story = store.story_for_digest(self.db, story_id, self.until_id)
        is_update = bool(store.stories_in_earlier_digests(self.db, [story_id]))
        articles = story["articles"]
        first = articles[0]
        by_source: dict[str, str] = {}
        for article in articles:
            by_source.setdefault(article["source"], article["url"])
        source = next((a for a in articles if a["text"] and not a["copy_of"]), first)
        first_seen = datetime.fromisoformat(story["first_seen"]).astimezone(self.zone)
        return StoryItem(
            story_id=story_id,
            headline=story["headline"],
            url=first["url"],
            lead=lead(
                source["text"] or source["summary"] or "",
                self.sentences,
                source["title"],
                source["language"],
            ),
            outlets=[Outlet(name, url) for name, url in by_source.items()],
            first_seen=first_seen.strftime("%a %d %b, %H:%M %Z"),
            source_count=len(by_source),
            new_articles=new_articles,
            is_update=is_update,
            last_seen=story["last_seen"],
            relevance=round(relevance, 1),
        )
