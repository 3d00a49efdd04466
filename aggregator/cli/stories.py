"""`aggregator stories` and `aggregator show`: stories, articles, their copies and revisions."""

from __future__ import annotations

import difflib
import getpass
from collections.abc import Callable
from dataclasses import asdict
from typing import Any, TypeVar

import click
import sqlite_utils

from .. import store
from ..dates import utc_now_iso
from ..explain import MemberExplanation, explain_story
from ..stories import CLOSE_HOURS, CLOSE_THRESHOLD, MATCH_THRESHOLD
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
    stored_topic_name,
)
from .output import ReaderClock, echo, echo_json, paged

T = TypeVar("T")

SQLITE_MAX_INT = 2**63 - 1  # no row id can be larger
TIME_KEYS = ("published_at", "fetched_at")  # an article's stored times (UTC), shown local


@click.group(name="stories", invoke_without_command=True)
@common_options
@since_option("24h")
@click.option(
    "--topic", type=TEXT, default=None, help="Only stories with an article tagged with TOPIC."
)
@click.option("--min-sources", type=COUNT, default=1, show_default=True, help="At least N outlets.")
@click.option("--limit", type=COUNT, default=50, show_default=True, help="At most N stories.")
@click.option("--articles", "with_articles", is_flag=True, help="List each story's articles.")
@click.option("--json", "as_json", is_flag=True, help="Print the stories as JSON.")
def stories_command(
    app: AppContext,
    since: str,
    topic: str | None,
    min_sources: int,
    limit: int,
    with_articles: bool,
    as_json: bool,
) -> None:
    """List recent stories, one line each: headline, outlets, when first published, topics;
    correct them (merge, split) and list the corrections.

    A story is recent when its newest article is dated within --since: the outlets'
    publication time (the time we fetched it when an article has no date).

    \b
    Examples:
      aggregator stories --since 24h --min-sources 2
      aggregator stories --articles               # each story's articles too
      aggregator stories --topic "Xiaomi EV" --since 7d --json
      aggregator stories merge 7 9              # story 9 is the same event as story 7
      aggregator stories split 42               # article 42 is another event
      aggregator stories corrections
      aggregator stories undo 3                 # correction 3 was a mistake
    """
    context = click.get_current_context()
    if context.invoked_subcommand is not None:
        context.obj = app  # `stories --db X merge ...` means that database too
        return
    config = app.config(required=False)
    db = app.open_db(config)
    if topic:
        topic = stored_topic_name(db, config, topic)
    window = {"since": resolve_since_arg(since), "min_sources": min_sources, "topic": topic}
    found = store.list_stories(db, **window, limit=limit)
    total = store.count_stories(db, **window) if len(found) == limit else len(found)
    db.close()
    if as_json:
        echo_json(found, indent=2)
        return
    if not found:
        echo(f"no stories since {since}")
        return
    clock = app.clock()
    for story in found:
        _print_story_line(story, clock)
        if with_articles:
            for article in story["articles"]:
                copy = " (copy)" if article["copy_of"] else ""
                echo(f"    [{article['id']}] {article['source']}{copy}: {article['title']}")
                echo(f"        {article['url']}")
    if total > len(found):
        echo(f"showing {len(found)} of {total} stories — use --limit {total} to see them all")


def _print_story_line(story: dict[str, Any], clock: ReaderClock) -> None:
    """One line: what happened, how widely covered, since when, filed under what."""
    outlets = story["source_count"]
    parts = [
        f"[story:{story['id']}] {story['headline']}",
        f"{outlets} outlet{'s' if outlets != 1 else ''}",
        f"first published {clock.at(story['first_seen'])}",
    ]
    if story["topics"]:
        parts.append(", ".join(story["topics"]))
    echo(" · ".join(parts))


def _correct(
    db: sqlite_utils.Database,
    change: Callable[..., T],
    by: str | None,
    *args: Any,
    **kwargs: Any,
) -> T:
    """An analyst's correction, recorded as `by` (default: who runs the command) now; one
    the archive refuses (unknown story, article already alone…) exits 2 in one line."""
    try:
        return change(db, *args, by=by or _analyst(), at=utc_now_iso(), **kwargs)
    except store.CorrectionError as exc:
        db.close()
        fail(str(exc), EXIT_USAGE)
        raise AssertionError("unreachable: fail() exits") from exc


def _analyst() -> str:
    """Who made a correction, when --by is not given: the login name."""
    try:
        return getpass.getuser()
    except OSError:  # no user name in the environment nor the password database
        return "unknown"


_by_option = click.option(
    "--by", type=TEXT, default=None, help="Who makes the correction (default: your login name)."
)
_note_option = click.option("--note", type=TEXT, default=None, help="Why, for the record.")


@stories_command.command(name="merge")
@common_options
@click.argument("keep", metavar="A", type=TEXT)
@click.argument("drop", metavar="B", type=TEXT)
@_by_option
@_note_option
@click.option("--json", "as_json", is_flag=True, help="Print the merged story as JSON.")
def merge_command(
    app: AppContext, keep: str, drop: str, by: str | None, note: str | None, as_json: bool
) -> None:
    """Merge story B into story A: one event the matcher showed as two.

    Recorded (see `aggregator stories corrections`); no later pass splits a story.

    \b
    Example:
      aggregator stories merge 7 9 --note "same recall, NHTSA filing and Tesla statement"
    """
    keep_id, drop_id = (_int_id(value.removeprefix("story:")) for value in (keep, drop))
    db = app.open_db(app.config(required=False))
    correction = _correct(
        db, store.merge_stories_by_analyst, by, keep=keep_id, drop=drop_id, note=note
    )
    _report_correction(app, db, correction, keep_id, as_json)


@stories_command.command(name="split")
@common_options
@click.argument("article", type=TEXT)
@click.option(
    "--with",
    "others",
    type=TEXT,
    multiple=True,
    metavar="ARTICLE",
    help="Another article of the same story to move along (repeatable).",
)
@_by_option
@_note_option
@click.option("--json", "as_json", is_flag=True, help="Print the new story as JSON.")
def split_command(
    app: AppContext,
    article: str,
    others: tuple[str, ...],
    by: str | None,
    note: str | None,
    as_json: bool,
) -> None:
    """Take ARTICLE (an id or a URL) and its copies out of its story into a new story.

    Recorded (see `aggregator stories corrections`), and respected: no later pass merges
    the two stories again or puts the article back with the articles it was taken from.

    \b
    Examples:
      aggregator stories split 42
      aggregator stories split https://insideevs.com/news/781655/tesla-model-y-backup-camera/
      aggregator stories split 42 --with 43 --with 47 --note "Q3 earnings, not the price cut"
    """
    db = app.open_db(app.config(required=False))
    ids = []
    for target in (article, *others):
        article_id = _article_id(db, target)
        if article_id is None:
            db.close()
            fail(f"no article {target!r} in the database", EXIT_USAGE)
        ids.append(article_id)
    correction, new_story = _correct(
        db, store.split_articles_by_analyst, by, list(dict.fromkeys(ids)), note=note
    )
    _report_correction(app, db, correction, new_story, as_json)


def _report_correction(
    app: AppContext, db: Any, correction: int, story_id: int, as_json: bool
) -> None:
    story = store.story_detail(db, story_id)
    db.close()
    assert story is not None  # written in the transaction that just committed
    if as_json:
        echo_json({"correction": correction, "story": story}, indent=2)
        return
    echo(f"correction {correction}: done")
    _print_story(story, app.clock())


@stories_command.command(name="undo")
@common_options
@click.argument("correction", type=TEXT)
@_by_option
@click.option("--json", "as_json", is_flag=True, help="Print the story as JSON.")
def undo_command(app: AppContext, correction: str, by: str | None, as_json: bool) -> None:
    """Undo CORRECTION (its number in `aggregator stories corrections`): a split's stories
    are merged again, a merge's articles taken out again; it stays listed, marked undone,
    and is no longer obeyed.

    \b
    Example:
      aggregator stories undo 3
    """
    correction_id = _int_id(correction)
    db = app.open_db(app.config(required=False))
    story_id = _correct(db, store.undo_correction, by, correction_id)
    _report_correction(app, db, correction_id, story_id, as_json)


@stories_command.command(name="corrections")
@common_options
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
def corrections_command(app: AppContext, as_json: bool) -> None:
    """Every merge and split an analyst made, newest first: who, when, which articles.

    \b
    Example:
      aggregator stories corrections --json
    """
    db = app.open_db(app.config(required=False))
    corrections = store.list_corrections(db)
    db.close()
    if as_json:
        echo_json(corrections, indent=2)
        return
    if not corrections:
        echo("no corrections")
    clock = app.clock()
    for c in corrections:
        if c["action"] == "merge":
            what = f"merged story {c['other_story_id']} into story {c['story_id']}"
            moves = f"articles {_ids(c['moved'])} joined {_ids(c['stayed'])}"
        else:
            what = f"split story {c['story_id']}: new story {c['other_story_id']}"
            moves = f"articles {_ids(c['moved'])} taken apart from {_ids(c['stayed'])}"
        undone = (
            f" (undone {clock.at(c['undone_at'])} by {c['undone_by']})" if c["undone_at"] else ""
        )
        echo(f"[{c['id']}] {clock.at(c['made_at'])} {c['made_by']}: {what}{undone}", bold=True)
        echo(f"    {moves}")
        if c["note"]:
            echo(f"    note: {c['note']}")


def _ids(ids: list[int]) -> str:
    return ", ".join(f"[{a}]" for a in ids) or "-"


@click.command(name="show")
@common_options
@click.argument("target", type=TEXT)
@click.option("--diff", is_flag=True, help="Show how the article changed between revisions.")
@click.option(
    "--why", is_flag=True, help="For a story: why each article is in it (scores, shared terms)."
)
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
def show_command(app: AppContext, target: str, diff: bool, why: bool, as_json: bool) -> None:
    """Show one article (by id or URL) or one story (story:ID).

    \b
    Examples:
      aggregator show 42               # article 42 with its copies, aliases and revisions
      aggregator show 42 --diff        # what changed in each revision
      aggregator show story:7          # a story and all its articles
      aggregator show story:7 --why    # each article's score and the terms it shares
      aggregator show https://www.teslarati.com/some-article/
    """
    if why and not target.startswith("story:"):
        fail("--why explains a story: give story:ID", EXIT_USAGE)
    db = app.open_db(app.config(required=False))
    if target.startswith("story:"):
        story_id = _int_id(target.removeprefix("story:"))
        detail = store.story_detail(db, story_id)
        if detail is not None and why:
            detail["threshold"] = MATCH_THRESHOLD
            detail["close_threshold"], detail["close_hours"] = CLOSE_THRESHOLD, CLOSE_HOURS
            detail["why"] = [asdict(member) for member in explain_story(db, story_id)]
        kind = "story"
    else:
        article_id = _article_id(db, target)
        detail = store.article_detail(db, article_id) if article_id is not None else None
        kind = "article"
    db.close()
    if detail is None:
        fail(f"no {kind} {target!r} in the database", EXIT_FAILED)
    if as_json:
        echo_json(detail, indent=2)
    elif kind == "story":
        _print_story(detail, app.clock())
        if why:
            _print_why(detail)
    else:
        with paged():
            _print_article(detail, diff, app.clock())


def _article_id(db: Any, target: str) -> int | None:
    """An article given by id or by any of its URLs (None: no such URL stored)."""
    if is_fetchable(target):
        return store.find_article(db, [target, canonicalize(target)])
    return _int_id(target)


def _int_id(text: str) -> int:
    if not (text.isascii() and text.isdigit()):  # "²".isdigit() too, but int() refuses it
        fail(f"expected an article id, a URL or story:ID, got {text!r}", EXIT_USAGE)
    if len(text) > len(str(SQLITE_MAX_INT)) or int(text) > SQLITE_MAX_INT:
        fail(f"{text}: ids are whole numbers up to {SQLITE_MAX_INT}", EXIT_USAGE)
    return int(text)


def _print_story(story: dict[str, Any], clock: ReaderClock) -> None:
    echo(f"story {story['id']}: {story['headline']}", bold=True)
    echo(
        f"{story['article_count']} article(s) from {story['source_count']} outlet(s), "
        f"first seen {clock.at(story['first_seen'])}, last {clock.at(story['last_seen'])}"
    )
    for article in story["articles"]:
        copy = f" (copy of {article['copy_of']})" if article["copy_of"] else ""
        echo(f"  [{article['id']}] {article['source']}{copy}: {article['title']}")
        echo(f"      {article['url']}")


def _print_why(story: dict[str, Any]) -> None:
    echo("")
    echo(
        "Why (scored as the matcher would score each article arriving today against the "
        f"story's other originals; joining takes {story['threshold']:.2f}, or "
        f"{story['close_threshold']:.2f} within {story['close_hours']} h of a member whose "
        "headline names something its own does):",
        bold=True,
    )
    for member in story["why"]:
        for line in _why_lines(MemberExplanation(**member)):
            echo(line)


def _why_lines(member: MemberExplanation) -> list[str]:
    lines = [f"  [{member.article_id}] {member.source}: {member.title}"]
    if member.copy_of is not None:
        similarity = member.copy_similarity
        shown = "unknown" if similarity is None else f"{similarity:.0%}"
        lines.append(f"      copy of [{member.copy_of}] (similarity {shown})")
    if member.declared_original:
        lines.append(f"      names its original (rel=canonical): {member.declared_original}")
    if member.moved_by:
        lines.append(f"      moved by an analyst: correction {_ids(member.moved_by)}")
    if member.score is None:
        lines.append("      no other original to compare with")
        return lines
    adjustment = member.anchor_adjustment
    anchors = f", anchors and figures {adjustment:+.2f}" if adjustment else ""
    lines.append(
        f"      score {member.score:.2f}; closest [{member.closest}] "
        f"{member.closest_score:.2f}{anchors}"
    )
    for label, values in (
        ("shared terms", member.shared_terms),
        ("key terms", member.key_terms),
        ("shared figures", member.shared_figures),
        ("shared anchors (any language)", member.shared_anchors),
        ("figures clash with", [f"[{a}]" for a in member.against]),
    ):
        if values:
            lines.append(f"      {label}: {', '.join(values)}")
    return lines


def _print_article(article: dict[str, Any], diff: bool, clock: ReaderClock) -> None:
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
    ):
        if article.get(key) is not None:
            value = clock.at(article[key]) if key in TIME_KEYS else article[key]
            echo(f"  {label:10} {value}")
    if article["story"]:
        story = article["story"]
        echo(
            f"  story      story:{story['id']} {story['headline']} "
            f"({story['article_count']} articles, {story['source_count']} outlets)"
        )
    if article["topics"]:
        topics = ", ".join(f"{t['topic']} ({t['score']:.2f})" for t in article["topics"])
        echo(f"  topics     {topics}")
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
        echo(f"  revision   replaced {clock.at(revision['replaced_at'])}: {revision['title']}")
    if diff:
        _print_diff(article, clock)
    elif article["text"]:
        echo("")
        echo(article["text"])


def _share(value: float | None) -> str:
    return "similarity unknown" if value is None else f"{value:.0%}"


def _print_diff(article: dict[str, Any], clock: ReaderClock) -> None:
    """Each revision row holds the version that was replaced at `replaced_at`."""
    versions = [(rev["title"], rev["text"]) for rev in article["revisions"]]
    versions.append((article["title"], article["text"]))
    if len(versions) == 1:
        echo("  no revisions: the article has not changed since it was stored")
        return
    changes = list(zip(versions, versions[1:], strict=False))
    for revision, (old, new) in zip(article["revisions"], changes, strict=True):
        echo(f"\n--- changed at {clock.at(revision['replaced_at'])}", bold=True)
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
