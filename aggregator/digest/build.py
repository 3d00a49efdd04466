"""What goes into a digest: plain data, no HTML, no SMTP.

One entry per story, not per article: the analyst wants "BYD cut prices again — 5 outlets",
not five links. Stories already mailed in an earlier digest that gained articles come back
marked as updates, so nothing repeats as new and nothing new is missed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

import sqlite_utils

from .. import store
from ..stories import without_headline

_SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s+")
LEAD_CHARS = 360


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
    relevance: float = 0.0  # best topic score of its new articles, to a tenth (for ordering)


@dataclass
class TopicSection:
    name: str
    stories: list[StoryItem]
    more: int = 0  # stories left out by the per-topic limit


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
) -> DigestContent:
    """Sections per topic (or one "All stories" section when no topics are configured).

    Articles with ids in (after_id, until_id] are new; without `after_id`, those stored after
    `since`. `since`/`until` are also what the digest says it covers."""
    content = DigestContent(since=since, until=until, timezone=timezone, until_id=until_id)
    zone = ZoneInfo(timezone)
    sections = topics or [None]
    new_ids: set[int] = set()
    outlets: set[int] = set()
    new_stories: set[int] = set()
    updated: set[int] = set()
    for topic in sections:
        rows = store.new_articles(
            db, after_id=after_id, since=since, until_id=until_id, topic=topic
        )
        per_story: dict[int, int] = {}
        relevance: dict[int, float] = {}
        for row in rows:
            per_story[row["story_id"]] = per_story.get(row["story_id"], 0) + 1
            best = max(relevance.get(row["story_id"], 0.0), row["relevance"] or 0.0)
            relevance[row["story_id"]] = best
            new_ids.add(row["id"])
            outlets.add(row["source_id"])
        earlier = store.stories_in_earlier_digests(db, list(per_story))
        items = [
            _story_item(
                store.story_for_digest(db, story_id, until_id),
                count,
                story_id in earlier,
                zone,
                lead_sentences,
                relevance[story_id],
            )
            for story_id, count in per_story.items()
        ]
        items.sort(key=lambda i: (i.last_seen, i.story_id), reverse=True)  # newest first…
        # …within: new, most about the topic (scores a tenth apart), most outlets
        items.sort(key=lambda i: (i.is_update, -i.relevance, -i.source_count))
        for item in items:
            (updated if item.is_update else new_stories).add(item.story_id)
        shown = items[:per_topic_limit]
        content.sections.append(
            TopicSection(topic or "All stories", shown, more=len(items) - len(shown))
        )
    content.story_count = len(new_stories)
    content.update_count = len(updated - new_stories)
    content.article_count = len(new_ids)
    content.outlet_count = len(outlets)
    return content


def _story_item(
    story: dict,
    new_articles: int,
    is_update: bool,
    zone: ZoneInfo,
    sentences: int,
    relevance: float,
) -> StoryItem:
    articles = story["articles"]
    first = articles[0]
    by_source: dict[str, str] = {}
    for article in articles:
        by_source.setdefault(article["source"], article["url"])
    lead_source = next((a for a in articles if a["text"] and not a["copy_of"]), first)
    first_seen = datetime.fromisoformat(story["first_seen"]).astimezone(zone)
    return StoryItem(
        story_id=story["id"],
        headline=story["headline"],
        url=first["url"],
        lead=lead(
            lead_source["text"] or lead_source["summary"] or "", sentences, lead_source["title"]
        ),
        outlets=[Outlet(name, url) for name, url in by_source.items()],
        first_seen=first_seen.strftime("%a %d %b, %H:%M %Z"),
        source_count=len(by_source),
        new_articles=new_articles,
        is_update=is_update,
        last_seen=story["last_seen"],
        relevance=round(relevance, 1),
    )


def lead(text: str, sentences: int, title: str = "") -> str:
    """The first few sentences of the article, cut at a word near LEAD_CHARS, without the
    headline the reader has just read."""
    parts = _SENTENCE_END.split(without_headline(text, title))
    chosen = " ".join(parts[:sentences])
    if len(chosen) > LEAD_CHARS:
        chosen = chosen[:LEAD_CHARS].rsplit(" ", 1)[0] + "…"
    return chosen
