"""`aggregator stories` and `aggregator show`: stories, articles, their copies and revisions."""

from __future__ import annotations

import difflib
from typing import Any

import click

from .. import store
from ..urls import canonicalize, is_fetchable
from .app import (
    COUNT,
    EXIT_FAILED,
    EXIT_USAGE,
    TEXT,
    AppContext,
    common_options,
    fail,
    resolve_since_arg,
    since_option,
)
from .output import echo, echo_json

SQLITE_MAX_INT = 2**63 - 1  # no row id can be larger


@click.command(name="stories")
@common_options
@since_option("24h")
@click.option(
    "--topic", type=TEXT, default=None, help="Only stories with an article tagged with TOPIC."
)
@click.option("--min-sources", type=COUNT, default=1, show_default=True, help="At least N outlets.")
@click.option("--limit", type=COUNT, default=50, show_default=True, help="At most N stories.")
@click.option("--json", "as_json", is_flag=True, help="Print the stories as JSON.")
def stories_command(
    app: AppContext, since: str, topic: str | None, min_sources: int, limit: int, as_json: bool
) -> None:
    """List recent stories: one row per event, with every outlet that covered it.

    \b
    Examples:
      aggregator stories --since 24h --min-sources 2
      aggregator stories --topic "Xiaomi EV" --since 7d --json
    """
    config = app.config(required=False)
    if topic and config and topic not in {t.name for t in config.topics}:
        fail(f"{app.config_path}: no topic named {topic!r}", EXIT_USAGE)
    db = app.open_db(config)
    found = store.list_stories(
        db, since=resolve_since_arg(since), min_sources=min_sources, topic=topic, limit=limit
    )
    db.close()
    if as_json:
        echo_json(found, indent=2)
        return
    if not found:
        echo(f"no stories since {since}")
        return
    for story in found:
        outlets = ", ".join(story["outlets"])
        echo(f"[story:{story['id']}] {story['headline']}", bold=True)
        echo(f"  {story['source_count']} outlet(s): {outlets} · first seen {story['first_seen']}")
        for article in story["articles"]:
            copy = " (copy)" if article["copy_of"] else ""
            echo(f"  - {article['source']}{copy}: {article['title']}")
            echo(f"    {article['url']}")


@click.command(name="show")
@common_options
@click.argument("target", type=TEXT)
@click.option("--diff", is_flag=True, help="Show how the article changed between revisions.")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
def show_command(app: AppContext, target: str, diff: bool, as_json: bool) -> None:
    """Show one article (by id or URL) or one story (story:ID).

    \b
    Examples:
      aggregator show 42               # article 42 with its copies, aliases and revisions
      aggregator show 42 --diff        # what changed in each revision
      aggregator show story:7          # a story and all its articles
      aggregator show https://www.teslarati.com/some-article/
    """
    db = app.open_db(app.config(required=False))
    if target.startswith("story:"):
        detail = store.story_detail(db, _int_id(target.removeprefix("story:")))
        kind = "story"
    else:
        article_id = (
            store.find_article(db, [target, canonicalize(target)])
            if is_fetchable(target)
            else _int_id(target)
        )
        detail = store.article_detail(db, article_id) if article_id is not None else None
        kind = "article"
    db.close()
    if detail is None:
        fail(f"no {kind} {target!r} in the database", EXIT_FAILED)
    if as_json:
        echo_json(detail, indent=2)
    elif kind == "story":
        _print_story(detail)
    else:
        _print_article(detail, diff)


def _int_id(text: str) -> int:
    if not (text.isascii() and text.isdigit()):  # "²".isdigit() too, but int() refuses it
        fail(f"expected an article id, a URL or story:ID, got {text!r}", EXIT_USAGE)
    if len(text) > len(str(SQLITE_MAX_INT)) or int(text) > SQLITE_MAX_INT:
        fail(f"{text}: ids are whole numbers up to {SQLITE_MAX_INT}", EXIT_USAGE)
    return int(text)


def _print_story(story: dict[str, Any]) -> None:
    echo(f"story {story['id']}: {story['headline']}", bold=True)
    echo(
        f"{story['article_count']} article(s) from {story['source_count']} outlet(s), "
        f"{story['first_seen']} – {story['last_seen']}"
    )
    for article in story["articles"]:
        copy = f" (copy of {article['copy_of']})" if article["copy_of"] else ""
        echo(f"  [{article['id']}] {article['source']}{copy}: {article['title']}")
        echo(f"      {article['url']}")


def _print_article(article: dict[str, Any], diff: bool) -> None:
    echo(f"article {article['id']}: {article['title']}", bold=True)
    for label, key in (
        ("source", "source"),
        ("url", "url"),
        ("canonical", "canonical_url"),
        ("author", "author"),
        ("published", "published_at"),
        ("fetched", "fetched_at"),
        ("language", "language"),
        ("status", "extraction_status"),
        ("note", "extraction_note"),
        ("story", "story_id"),
    ):
        if article.get(key) is not None:
            echo(f"  {label:10} {article[key]}")
    if article["copy_of"]:
        echo(f"  copy of    article {article['copy_of']} ({_share(article['copy_similarity'])})")
    for copy in article["copies"]:
        echo(
            f"  copied by  [{copy['id']}] {copy['source']} ({_share(copy['copy_similarity'])}): "
            f"{copy['url']}"
        )
    for alias in article["aliases"]:
        echo(f"  alias      {alias['url']} ({alias['kind']}, {alias['source'] or '-'})")
    for revision in article["revisions"]:
        echo(f"  revision   replaced {revision['replaced_at']}: {revision['title']}")
    if diff:
        _print_diff(article)
    elif article["text"]:
        echo("")
        echo(article["text"])


def _share(value: float | None) -> str:
    return "similarity unknown" if value is None else f"{value:.0%}"


def _print_diff(article: dict[str, Any]) -> None:
    """Each revision row holds the version that was replaced at `replaced_at`."""
    versions = [(rev["title"], rev["text"]) for rev in article["revisions"]]
    versions.append((article["title"], article["text"]))
    if len(versions) == 1:
        echo("  no revisions: the article has not changed since it was stored")
        return
    changes = list(zip(versions, versions[1:], strict=False))
    for revision, (old, new) in zip(article["revisions"], changes, strict=True):
        echo(f"\n--- changed at {revision['replaced_at']}", bold=True)
        lines = difflib.unified_diff(
            [old[0], "", *old[1].splitlines()],
            [new[0], "", *new[1].splitlines()],
            fromfile="before",
            tofile="after",
            lineterm="",
        )
        for line in lines:
            color = "green" if line.startswith("+") else "red" if line.startswith("-") else None
            echo(line, fg=color)
