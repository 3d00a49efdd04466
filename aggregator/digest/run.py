"""One digest from start to finish: choose the window, build, render, send, record.

Shared by `aggregator digest` and the service, so a digest sent by hand and one sent at
07:30 by `aggregator run` behave the same: both start where the last *sent* digest ended.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage

import sqlite_utils

from .. import store
from ..config import Config
from ..dates import to_iso
from .build import DigestContent, build_digest
from .render import compose, render, subject_line
from .send import send

FIRST_DIGEST_WINDOW = timedelta(hours=24)


@dataclass
class PreparedDigest:
    content: DigestContent
    subject: str
    text: str
    html: str
    message: EmailMessage
    recipients: list[str]


def prepare_digest(
    db: sqlite_utils.Database,
    config: Config,
    *,
    since: str | None = None,
    topics: list[str] | None = None,
    recipients: list[str] | None = None,
    now: datetime | None = None,
) -> PreparedDigest:
    """`since=None` means "since the last digest that was sent" (24 h for the first one)."""
    now = now or datetime.now(UTC)
    settings = config.settings.digest
    until = to_iso(now)
    after_id = None
    if since is None:
        last = store.last_digest(db)
        if last is None:
            since = to_iso(now - FIRST_DIGEST_WINDOW)
        else:
            since, after_id = last
    chosen = topics or settings.topics or [t.name for t in config.topics]
    content = build_digest(
        db,
        since=since,
        until=until,
        after_id=after_id,
        until_id=store.max_article_id(db),
        topics=chosen,
        timezone=config.settings.timezone,
        per_topic_limit=settings.per_topic_limit,
        lead_sentences=settings.lead_sentences,
    )
    subject = subject_line(settings.subject, content, now)
    text, html = render(content, subject)
    to = recipients or settings.to
    message = compose(
        sender=settings.sender, recipients=to, subject=subject, text=text, html=html, now=now
    )
    return PreparedDigest(content, subject, text, html, message, list(to))


def send_prepared(
    db: sqlite_utils.Database, config: Config, prepared: PreparedDigest, now: datetime | None = None
) -> int:
    """Send, then record (only then) so the next digest starts where this one ended.
    Raises send.SendError when delivery fails; nothing is recorded then."""
    send(prepared.message, config.settings.smtp)
    return record_sent(db, prepared, now)


def record_sent(
    db: sqlite_utils.Database, prepared: PreparedDigest, now: datetime | None = None
) -> int:
    return store.record_digest(
        db,
        sent_at=to_iso(now or datetime.now(UTC)),
        covered_from=prepared.content.since,
        covered_until=prepared.content.until,
        recipients=prepared.recipients,
        message_id=prepared.message["Message-ID"],
        subject=prepared.subject,
        story_count=prepared.content.story_count,
        article_count=prepared.content.article_count,
        last_article_id=prepared.content.until_id,
        stories_by_topic=prepared.content.story_topics(),
    )
