"""`aggregator digest`: build the digest and send it, print it or write it to a file."""

from __future__ import annotations

from pathlib import Path

import click

from ..digest.run import prepare_digest, send_prepared
from ..digest.send import DeliveryUncertain, SendError, send
from .app import (
    ADDRESS,
    EXIT_FAILED,
    EXIT_USAGE,
    TEXT,
    AppContext,
    common_options,
    configured_names,
    fail,
    resolve_since_arg,
)
from .output import echo


@click.command(name="digest")
@common_options
@click.option(
    "--since",
    type=TEXT,
    default=None,
    help="Cover this far back (24h, 2026-11-25) instead of since the last digest.",
)
@click.option("--since-last", is_flag=True, help="Since the last digest sent (the default).")
@click.option(
    "--topic", "topic_names", type=TEXT, multiple=True, help="Only this topic (repeatable)."
)
@click.option(
    "--to",
    "recipients",
    type=ADDRESS,
    multiple=True,
    help="Recipient (repeatable); default settings.digest.to.",
)
@click.option(
    "--dry-run", is_flag=True, help="Print the plain-text digest; send and record nothing."
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the digest to FILE.html, FILE.eml or FILE.txt instead of sending it.",
)
def digest_command(
    app: AppContext,
    since: str | None,
    since_last: bool,
    topic_names: tuple[str, ...],
    recipients: tuple[str, ...],
    dry_run: bool,
    output: Path | None,
) -> None:
    """Build and email the digest: new stories per topic since the last digest sent.

    \b
    Examples:
      aggregator digest                         # since the last digest, to settings.digest.to
      aggregator digest --dry-run               # see it on stdout first
      aggregator digest --since 24h --topic "Xiaomi EV" --to me@example.com
      aggregator digest --output today.html     # write it to a file instead of sending
    """
    config = app.config()
    assert config is not None
    if since and since_last:
        fail("--since and --since-last exclude each other", EXIT_USAGE)
    if output and output.suffix.lower() not in (".html", ".eml", ".txt"):
        fail(f"{output}: --output must end in .html, .eml or .txt", EXIT_USAGE)
    topic_names = configured_names(app, topic_names, (t.name for t in config.topics), "topic")
    if not (dry_run or output) and not (recipients or config.settings.digest.to):
        fail("no recipients: set settings.digest.to in sources.yaml or pass --to", EXIT_USAGE)
    db = app.open_db(config)
    prepared = prepare_digest(
        db,
        config,
        since=resolve_since_arg(since) if since else None,
        topics=list(topic_names) or None,
        recipients=list(recipients) or None,
    )
    try:
        if dry_run:
            echo(prepared.text)
        elif output:
            body = {
                ".html": prepared.html,
                ".txt": prepared.text,
                ".eml": prepared.message.as_string(),
            }[output.suffix.lower()]
            output.write_text(body, encoding="utf-8")
            echo(f"wrote {output} ({prepared.subject})")
        elif prepared.content.empty and config.settings.digest.when_empty == "skip":
            echo(f"nothing new since {prepared.content.since}; no digest sent")
        else:
            # Only the regular digest moves the "since the last digest" mark: an ad-hoc one
            # (other window, topics or recipients) must not make the team's next one skip.
            regular = not (since or topic_names or recipients)
            try:
                if regular:
                    send_prepared(db, config, prepared)
                else:
                    send(prepared.message, config.settings.smtp, retry_unreachable=False)
            except DeliveryUncertain as exc:  # handed over, never confirmed: counted as sent
                fail(f"digest delivery unconfirmed: {exc}", EXIT_FAILED)
            except SendError as exc:
                fail(f"digest not sent: {exc}", EXIT_FAILED)
            note = "" if regular else " (ad hoc: the next regular digest is unaffected)"
            echo(f"sent to {', '.join(prepared.recipients)}: {prepared.subject}{note}")
    finally:
        db.close()
