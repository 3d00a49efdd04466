"""One digest from start to finish: choose the window, build, render, send, record.

Shared by `aggregator digest` and the service, so a digest sent by hand and one sent at
07:30 by `aggregator run` behave the same: both start where the last *sent* digest ended.

Never twice. The digest is recorded ('sending') just before the SMTP server may get it and
from then on counts as sent; the server's answer makes it 'sent'. When that answer never
comes — the process was killed, the reply was lost — it stays counted as sent ('unconfirmed',
logged with its Message-ID): we cannot know whether it arrived, and a second copy of the same
stories is what the analyst must never get; `aggregator digest --since …` resends that window
by hand. A failure before the hand-over records nothing, so the next attempt sends it.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from typing import Any

import sqlite_utils

from .. import store
from ..config import Config
from ..dates import to_iso
from .build import DigestContent, build_digest
from .render import compose, render, subject_line
from .send import DeliveryUncertain, SendError, send

log = logging.getLogger("aggregator.digest")

FIRST_DIGEST_WINDOW = timedelta(hours=24)

DatabaseCall = Callable[[Callable[[], Any]], Any]  # runs a database step where the connection lives


@dataclass
class PreparedDigest:
    content: DigestContent
    subject: str
    text: str
    html: str
    message: EmailMessage
    recipients: list[str]
    key: str  # which regular digest this is; also in the Message-ID


def digest_key(previous_id: int | None, recipients: Sequence[str]) -> str:
    """The same regular digest gets the same key however often it is prepared: the one that
    follows digest `previous_id`, to these recipients. The database records one digest per
    key, so two senders racing for it cannot both send it."""
    who = ",".join(sorted(address.lower() for address in recipients))
    return hashlib.sha256(f"after:{previous_id or 0}|to:{who}".encode()).hexdigest()[:20]


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
    last = store.last_digest(db)
    if since is None:
        if last is None:
            since = to_iso(now - FIRST_DIGEST_WINDOW)
        else:
            since, after_id = last.covered_until, last.last_article_id
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
        other_min_sources=settings.other_stories.threshold,
    )
    subject = subject_line(settings.subject, content, now)
    text, html = render(content, subject)
    to = list(recipients or settings.to)
    key = digest_key(last.id if last else None, to)
    message = compose(
        sender=settings.sender,
        recipients=to,
        subject=subject,
        text=text,
        html=html,
        now=now,
        key=key,
    )
    return PreparedDigest(content, subject, text, html, message, to, key)


def send_prepared(
    db: sqlite_utils.Database, config: Config, prepared: PreparedDigest, now: datetime | None = None
) -> int:
    """`aggregator digest`: settle what an earlier process left half-sent, then deliver; a
    server that cannot be reached is reported at once (the person at the terminal can fix the
    setting or try again), not after minutes of retries."""
    settle_interrupted(db)
    return deliver(db, config, prepared, now=now, retry_unreachable=False)


def deliver(
    db: sqlite_utils.Database,
    config: Config,
    prepared: PreparedDigest,
    *,
    now: datetime | None = None,
    on_db: DatabaseCall = lambda step: step(),
    stop: threading.Event | None = None,
    retry_unreachable: bool = True,
) -> int:
    """Send the digest and record it; returns its id. Raises SendError when it was not sent
    (nothing recorded: the next attempt sends it) and DeliveryUncertain when the server may
    have it unconfirmed (recorded as sent, 'unconfirmed').

    `on_db` runs each database step on the connection's thread when this runs in another
    (the service sends from a worker thread); `stop` ends retries early."""
    sent_at = to_iso(now or datetime.now(UTC))
    claimed: list[int] = []

    def claim() -> None:  # just before the hand-over: from here on it counts as sent
        if claimed:
            return  # a retry after the server refused the message outright
        digest_id = on_db(lambda: _record_sending(db, prepared, sent_at))
        if digest_id is None:
            raise SendError(
                f"digest {prepared.key} is already recorded (sent by another process?); "
                "not sending it again"
            )
        claimed.append(digest_id)

    try:
        refused = send(
            prepared.message,
            config.settings.smtp,
            before_data=claim,
            stop=stop,
            retry_unreachable=retry_unreachable,
        )
    except DeliveryUncertain as exc:
        on_db(lambda: store.set_digest_status(db, claimed[0], "unconfirmed"))
        raise DeliveryUncertain(
            f"{exc}; counted as sent so it cannot arrive twice: check that "
            f"{prepared.message['Message-ID']} arrived"
        ) from exc
    except SendError:
        if claimed:
            on_db(lambda: store.forget_digest(db, claimed[0]))
        raise
    on_db(lambda: store.set_digest_status(db, claimed[0], "sent"))
    if refused:
        log.warning("digest sent, but refused for %s", ", ".join(sorted(refused)))
    return claimed[0]


def _record_sending(
    db: sqlite_utils.Database, prepared: PreparedDigest, sent_at: str
) -> int | None:
    return store.record_digest(
        db,
        sent_at=sent_at,
        covered_from=prepared.content.since,
        covered_until=prepared.content.until,
        recipients=prepared.recipients,
        message_id=prepared.message["Message-ID"],
        subject=prepared.subject,
        story_count=prepared.content.story_count,
        article_count=prepared.content.article_count,
        last_article_id=prepared.content.until_id,
        stories_by_topic=prepared.content.story_topics(),
        status="sending",
        key=prepared.key,
    )


def settle_interrupted(db: sqlite_utils.Database) -> None:
    """A digest left 'sending' by a killed process counts as sent: say so, once."""
    for row in store.settle_interrupted_digests(db):
        log.warning(
            "digest %s (%s, %s) was interrupted during the SMTP exchange: counted as sent so "
            "it cannot arrive twice; if it did not arrive, resend it with "
            "`aggregator digest --since %s`",
            row["message_id"],
            row["subject"],
            row["sent_at"],
            row["covered_from"],
        )
