"""The `aggregator` command: parse arguments, call one function, format its result.

Results go to stdout (a table, or JSON with --json); progress, logs and errors go to stderr,
one line each. Exit codes: 0 success, 1 nothing worked (all sources failed), 2 usage or
configuration error.
"""

from __future__ import annotations

import asyncio
import contextlib
import csv
import difflib
import functools
import json
import sys
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.live import Live
from rich.table import Table

from . import logs, store, topics
from .config import DEFAULT_DB, Config, ConfigError, load_config
from .dates import resolve_since
from .digest.run import prepare_digest, send_prepared
from .digest.send import SendError, send
from .importer import import_jsonl
from .lock import InstanceLock, LockHeld
from .pipeline import PassSummary, SourceSummary, make_executor, run_pass
from .scheduler import Service, ServiceOptions, next_digest_time
from .search import SearchRequest, search, strip_marks
from .serve import serve
from .urls import canonicalize, is_fetchable

EXIT_FAILED = 1
EXIT_USAGE = 2

stdout = Console()
stderr = Console(stderr=True)


class AppContext:
    """What every command needs: the config (loaded lazily) and the database path."""

    def __init__(self, config_path: Path, db_path: str | None, verbose: int) -> None:
        self.config_path = config_path
        self.db_option = db_path
        self.verbose = verbose
        self._config: Config | None = None

    def config(self, required: bool = True) -> Config | None:
        if self._config is None:
            if not required and not self.config_path.exists():
                return None
            try:
                self._config = load_config(self.config_path)
            except ConfigError as exc:
                fail(str(exc), EXIT_USAGE)
        return self._config

    def db_path(self, config: Config | None) -> str:
        if self.db_option:
            return self.db_option
        return config.settings.database if config else DEFAULT_DB

    def open_db(self, config: Config | None):
        try:
            return store.open_db(self.db_path(config))
        except Exception as exc:  # unreadable file, not a database, permissions
            fail(f"{self.db_path(config)}: cannot open database: {exc}", EXIT_USAGE)


def fail(message: str, code: int = EXIT_FAILED) -> None:
    stderr.print(f"[red]error:[/red] {message}", highlight=False, markup=True, soft_wrap=True)
    sys.exit(code)


def common_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """--config / --db / -v on every command, so they can follow the command name."""

    @click.option(
        "--config",
        "config_path",
        type=click.Path(path_type=Path),
        default=None,
        help="Configuration file (default ./sources.yaml).",
    )
    @click.option("--db", "db_path", default=None, help="SQLite database (default from config).")
    @click.option("-v", "--verbose", count=True, help="More detail on stderr (-vv for debug).")
    @click.pass_context
    @functools.wraps(func)
    def wrapper(
        ctx: click.Context, config_path: Path | None, db_path: str | None, verbose: int, **kwargs
    ):
        parent: AppContext = ctx.obj
        app = AppContext(
            config_path or parent.config_path,
            db_path or parent.db_option,
            verbose or parent.verbose,
        )
        logs.configure(app.verbose)
        return func(app, **kwargs)

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path),
    default=Path("sources.yaml"),
    show_default=True,
    help="Configuration file.",
)
@click.option("--db", "db_path", default=None, help="SQLite database (default from config).")
@click.option("-v", "--verbose", count=True, help="More detail on stderr.")
@click.version_option(package_name="aggregator")
@click.pass_context
def main(ctx: click.Context, config_path: Path, db_path: str | None, verbose: int) -> None:
    """News aggregator for competitive intelligence.

    \b
    Examples:
      aggregator fetch                  # one pass over every source in ./sources.yaml
      aggregator fetch --source Teslarati --json
      aggregator import backfill.jsonl
    """
    ctx.obj = AppContext(config_path, db_path, verbose)


@main.command()
@common_options
@click.option("--source", "sources", multiple=True, help="Only this source (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option(
    "--include-disabled", is_flag=True, help="Also poll feeds disabled after an HTTP 410."
)
def fetch(app: AppContext, sources: tuple[str, ...], as_json: bool, include_disabled: bool) -> None:
    """Poll every feed once, fetch and extract new articles, store them.

    \b
    Examples:
      aggregator fetch
      aggregator fetch --source "Business Insider" --source Teslarati
      aggregator fetch --json | jq '.sources[] | {name, new}'
    """
    config = app.config()
    assert config is not None
    unknown = [name for name in sources if name not in {s.name for s in config.sources}]
    if unknown:
        fail(f"{app.config_path}: no source named {unknown[0]!r}", EXIT_USAGE)
    db = app.open_db(config)
    executor = make_executor(config.settings.extraction_workers)
    try:
        summary = _run_with_progress(config, db, executor, list(sources), include_disabled)
    finally:
        executor.shutdown(cancel_futures=True)
        db.close()
    for source in summary.sources:
        for error in source.errors:
            stderr.print(
                f"[yellow]{source.name}:[/yellow] {error}", highlight=False, soft_wrap=True
            )
    if as_json:
        click.echo(
            json.dumps(
                {
                    "started_at": summary.started_at,
                    "finished_at": summary.finished_at,
                    "new": summary.new,
                    "sources": [s.as_dict() for s in summary.sources],
                },
                indent=2,
            )
        )
    else:
        stdout.print(_summary_table(summary))
    if not summary.any_succeeded:
        fail("every source failed; no network? (run with -v for details)", EXIT_FAILED)


def _run_with_progress(
    config: Config, db, executor, sources: list[str], include_disabled: bool
) -> PassSummary:
    rows: dict[str, SourceSummary] = {}
    live = Live(_progress_table(rows), console=stderr, transient=True, refresh_per_second=8)

    def update(summary: SourceSummary) -> None:
        rows[summary.name] = summary
        if stderr.is_terminal:
            live.update(_progress_table(rows))
        elif summary.finished:  # logs and pipes get one line per source as it completes
            click.echo(
                f"{summary.name}: {summary.new} new, {summary.unchanged} unchanged, "
                f"{summary.failed} failed",
                err=True,
            )

    with live if stderr.is_terminal else contextlib.nullcontext():
        return asyncio.run(
            run_pass(
                config,
                db,
                executor,
                only_sources=sources or None,
                include_disabled=include_disabled,
                progress=update,
            )
        )


def _progress_table(rows: dict[str, SourceSummary]) -> Table:
    table = Table(title="fetching…", title_justify="left", box=None)
    for column in ("source", "new", "unchanged", "failed"):
        table.add_column(column, justify="left" if column == "source" else "right")
    for summary in rows.values():
        table.add_row(summary.name, str(summary.new), str(summary.unchanged), str(summary.failed))
    return table


def _summary_table(summary: PassSummary) -> Table:
    table = Table(title=f"{summary.new} new articles", title_justify="left")
    table.add_column("source")
    for column in ("new", "unchanged", "updated", "failed", "robots", "flagged"):
        table.add_column(column, justify="right")
    table.add_column("feeds")
    for s in summary.sources:
        feeds = "ok" if not s.feeds_failed else f"{s.feeds_failed} failed"
        if s.feeds_failed and s.feeds_ok:
            feeds = f"{s.feeds_ok} ok, {s.feeds_failed} failed"
        table.add_row(
            s.name,
            str(s.new),
            str(s.unchanged),
            str(s.updated),
            str(s.failed),
            str(s.robots),
            str(s.flagged),
            feeds if s.feeds_ok or s.feeds_failed else "-",
        )
    return table


@main.command(name="import")
@common_options
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
def import_command(app: AppContext, file: Path, as_json: bool) -> None:
    """Import articles from a JSON Lines file, one object per line.

    Each line needs url, title, text, source and usually published (ISO-8601); author,
    language, summary and id are optional. Bad lines are reported and skipped.

    \b
    Example:
      aggregator import archive.jsonl
      echo '{"url": "https://example.com/a", "title": "T", "text": "…", "source": "X",
             "published": "2026-11-25T08:00:00Z"}' > one.jsonl && aggregator import one.jsonl
    """
    config = app.config(required=False)
    db = app.open_db(config)
    with file.open("rb") as handle:
        lines = sum(1 for _ in handle)
    with click.progressbar(length=lines, label="importing", file=sys.stderr) as bar:
        summary = import_jsonl(
            db,
            file,
            story_window=config.settings.story_window if config else 72 * 3600.0,
            topics=topics.rules(config.topics) if config else (),
            on_article=lambda _id: bar.update(1),
        )
    db.close()
    for error in summary.errors:
        stderr.print(error, highlight=False, markup=False, soft_wrap=True)
    result = {
        "imported": summary.imported,
        "duplicates": summary.duplicates,
        "revised": summary.revised,
        "errors": len(summary.errors),
    }
    if as_json:
        click.echo(json.dumps(result))
    else:
        click.echo(
            f"imported {summary.imported}, already stored {summary.duplicates}, "
            f"revised {summary.revised}, bad lines {len(summary.errors)}"
        )
    if summary.errors and not summary.imported and not summary.duplicates:
        sys.exit(EXIT_FAILED)


def _since_option(default: str) -> Callable[..., Any]:
    return click.option(
        "--since",
        default=default,
        show_default=True,
        help="How far back: a duration (24h, 7d) or a date (2026-11-20).",
    )


def _resolve_since(value: str) -> str:
    try:
        return resolve_since(value)
    except ValueError as exc:
        fail(str(exc), EXIT_USAGE)
        raise  # unreachable: fail() exits


@main.command(name="stories")
@common_options
@_since_option("24h")
@click.option("--topic", default=None, help="Only stories with an article tagged with TOPIC.")
@click.option("--min-sources", default=1, show_default=True, help="At least N outlets.")
@click.option("--limit", default=50, show_default=True, help="At most N stories.")
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
        db, since=_resolve_since(since), min_sources=min_sources, topic=topic, limit=limit
    )
    db.close()
    if as_json:
        click.echo(json.dumps(found, indent=2, ensure_ascii=False))
        return
    if not found:
        click.echo(f"no stories since {since}")
        return
    for story in found:
        outlets = ", ".join(story["outlets"])
        click.secho(f"[story:{story['id']}] {story['headline']}", bold=True)
        click.echo(
            f"  {story['source_count']} outlet(s): {outlets} · first seen {story['first_seen']}"
        )
        for article in story["articles"]:
            copy = " (copy)" if article["copy_of"] else ""
            click.echo(f"  - {article['source']}{copy}: {article['title']}")
            click.echo(f"    {article['url']}")


@main.command(name="show")
@common_options
@click.argument("target")
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
        click.echo(json.dumps(detail, indent=2, ensure_ascii=False))
    elif kind == "story":
        _print_story(detail)
    else:
        _print_article(detail, diff)


def _int_id(text: str) -> int:
    if not text.isdigit():
        fail(f"expected an article id, a URL or story:ID, got {text!r}", EXIT_USAGE)
    return int(text)


def _print_story(story: dict[str, Any]) -> None:
    click.secho(f"story {story['id']}: {story['headline']}", bold=True)
    click.echo(
        f"{story['article_count']} article(s) from {story['source_count']} outlet(s), "
        f"{story['first_seen']} – {story['last_seen']}"
    )
    for article in story["articles"]:
        copy = f" (copy of {article['copy_of']})" if article["copy_of"] else ""
        click.echo(f"  [{article['id']}] {article['source']}{copy}: {article['title']}")
        click.echo(f"      {article['url']}")


def _print_article(article: dict[str, Any], diff: bool) -> None:
    click.secho(f"article {article['id']}: {article['title']}", bold=True)
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
            click.echo(f"  {label:10} {article[key]}")
    if article["copy_of"]:
        click.echo(
            f"  copy of    article {article['copy_of']} ({_share(article['copy_similarity'])})"
        )
    for copy in article["copies"]:
        click.echo(
            f"  copied by  [{copy['id']}] {copy['source']} ({_share(copy['copy_similarity'])}): "
            f"{copy['url']}"
        )
    for alias in article["aliases"]:
        click.echo(f"  alias      {alias['url']} ({alias['kind']}, {alias['source'] or '-'})")
    for revision in article["revisions"]:
        click.echo(f"  revision   replaced {revision['replaced_at']}: {revision['title']}")
    if diff:
        _print_diff(article)
    elif article["text"]:
        click.echo("")
        click.echo(article["text"])


def _share(value: float | None) -> str:
    return "similarity unknown" if value is None else f"{value:.0%}"


def _print_diff(article: dict[str, Any]) -> None:
    """Each revision row holds the version that was replaced at `replaced_at`."""
    versions = [(rev["title"], rev["text"]) for rev in article["revisions"]]
    versions.append((article["title"], article["text"]))
    if len(versions) == 1:
        click.echo("  no revisions: the article has not changed since it was stored")
        return
    changes = list(zip(versions, versions[1:], strict=False))
    for revision, (old, new) in zip(article["revisions"], changes, strict=True):
        click.secho(f"\n--- changed at {revision['replaced_at']}", bold=True)
        lines = difflib.unified_diff(
            [old[0], "", *old[1].splitlines()],
            [new[0], "", *new[1].splitlines()],
            fromfile="before",
            tofile="after",
            lineterm="",
        )
        for line in lines:
            color = "green" if line.startswith("+") else "red" if line.startswith("-") else None
            click.secho(line, fg=color)


@main.group(name="topics", invoke_without_command=True)
@click.pass_context
def topics_group(ctx: click.Context) -> None:
    """Topics from sources.yaml: counts, re-tagging, trying a query.

    \b
    Examples:
      aggregator topics                       # each topic with article/story counts
      aggregator topics retag                 # re-apply every topic after editing sources.yaml
      aggregator topics test '"model y" NOT "model year"'
    """
    if ctx.invoked_subcommand is None:
        ctx.invoke(topics_list)


@topics_group.command(name="list")
@common_options
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
def topics_list(app: AppContext, as_json: bool = False) -> None:
    """Each topic with its article and story counts for 24 h, 7 days and all time.

    \b
    Example:
      aggregator topics list --json
    """
    config = app.config()
    assert config is not None
    db = app.open_db(config)
    periods = {"24h": resolve_since("24h"), "7d": resolve_since("7d"), "all": None}
    rows = []
    for topic in config.topics:
        counts = {
            name: store.topic_counts(db, topic.name, since) for name, since in periods.items()
        }
        rows.append(
            {
                "topic": topic.name,
                "query": topic.query,
                **{f"articles_{p}": c[0] for p, c in counts.items()},
                **{f"stories_{p}": c[1] for p, c in counts.items()},
            }
        )
    db.close()
    if as_json:
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    table = Table(title=f"{len(rows)} topics", title_justify="left")
    table.add_column("topic")
    for period in periods:
        table.add_column(f"articles {period}", justify="right")
        table.add_column(f"stories {period}", justify="right")
    for row in rows:
        cells = [str(row[f"{kind}_{p}"]) for p in periods for kind in ("articles", "stories")]
        table.add_row(row["topic"], *cells)
    stdout.print(table)


@topics_group.command(name="retag")
@common_options
@click.option("--topic", "only", multiple=True, help="Only this topic (repeatable).")
def topics_retag(app: AppContext, only: tuple[str, ...]) -> None:
    """Re-apply topic queries to every stored article (after editing sources.yaml).

    Idempotent: running it twice gives the same tags. Tags of topics removed from the
    config are dropped.

    \b
    Example:
      aggregator topics retag --topic "Xiaomi EV"
    """
    config = app.config()
    assert config is not None
    names = {t.name for t in config.topics}
    for name in only:
        if name not in names:
            fail(f"{app.config_path}: no topic named {name!r}", EXIT_USAGE)
    db = app.open_db(config)
    chosen = [rule for rule in topics.rules(config.topics) if not only or rule.name in only]
    if not only:
        store.drop_topic_tags(db, sorted(names))
    with click.progressbar(chosen, label="retagging", file=sys.stderr) as bar:
        counts = {rule.name: store.retag_topic(db, rule) for rule in bar}
    db.close()
    for name, count in counts.items():
        click.echo(f"{name}: {count} articles")


@topics_group.command(name="test")
@common_options
@click.argument("query")
@click.option("--limit", default=20, show_default=True, help="Show at most N matches.")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
def topics_test(app: AppContext, query: str, limit: int, as_json: bool) -> None:
    """Show what QUERY would match among stored articles, with the matched words.

    \b
    Query syntax (SQLite FTS5): AND, OR, NOT, "exact phrase", prefix*, NEAR(a b, 5),
    title:word or title:"a phrase", parentheses. Quote words containing - or :.
    Examples:
      aggregator topics test '(xiaomi OR 小米*) AND (su7 OR yu7 OR ev OR car*)'
      aggregator topics test '"model y" NOT "model year"'
    """
    try:
        topics.check_query(query)
    except topics.QueryError as exc:
        fail(str(exc), EXIT_USAGE)
    db = app.open_db(app.config(required=False))
    total, rows = store.query_matches(db, query, limit)
    db.close()
    for row in rows:
        row["matched"] = topics.matched_terms(row["title_marked"] + " " + row["snippet_marked"])
    if as_json:
        click.echo(
            json.dumps(
                {
                    "query": query,
                    "total": total,
                    "matches": [
                        {
                            "id": r["id"],
                            "title": strip_marks(r["title_marked"]),
                            "source": r["source"],
                            "published_at": r["published_at"],
                            "url": r["url"],
                            "matched": r["matched"],
                        }
                        for r in rows
                    ],
                },
                indent=2,
                ensure_ascii=False,
            )
        )
        return
    click.echo(f"{total} stored article(s) match; newest {len(rows)}:")
    for row in rows:
        click.echo(f"[{row['id']}] {_marked(row['title_marked'])}")
        click.echo(
            f"    {row['source']} · {row['published_at']} · matched: {', '.join(row['matched'])}"
        )


def _marked(text: str) -> str:
    """Matched words in bold yellow on a terminal, plain when piped."""
    if not sys.stdout.isatty():
        return strip_marks(text)
    return text.replace("\x02", "\x1b[1;33m").replace("\x03", "\x1b[0m")


@main.command(name="search")
@common_options
@click.argument("query")
@click.option("--topic", default=None, help="Only articles tagged with TOPIC.")
@click.option("--source", "sources", multiple=True, help="Only this source (repeatable).")
@click.option("--since", default=None, help="From: a duration back (7d) or a date.")
@click.option("--until", default=None, help="Before this date (2026-11-20).")
@click.option("--limit", default=20, show_default=True, help="At most N results.")
@click.option("--newest", is_flag=True, help="Newest first instead of best match first.")
@click.option("--no-collapse", is_flag=True, help="One row per article, not per story.")
@click.option("--json", "as_json", is_flag=True, help="Print results as JSON.")
@click.option("--csv", "as_csv", is_flag=True, help="Print results as CSV.")
def search_command(
    app: AppContext,
    query: str,
    topic: str | None,
    sources: tuple[str, ...],
    since: str | None,
    until: str | None,
    limit: int,
    newest: bool,
    no_collapse: bool,
    as_json: bool,
    as_csv: bool,
) -> None:
    """Full-text search: best matches (headline counts most), one row per story.

    \b
    Query syntax (SQLite FTS5, the same as topic queries): AND, OR, NOT, "exact phrase",
    prefix*, NEAR(a b, 5), title:word, parentheses. Quote words containing - or :.
    Examples:
      aggregator search '"model y" AND (recall OR delivery)' --since 7d
      aggregator search 'title:xiaomi' --source CnEVPost --json
      aggregator search 'byd NOT "price war"' --until 2026-11-01 --csv > byd.csv
    """
    request = SearchRequest(
        query=query,
        topic=topic,
        sources=list(sources),
        since=_resolve_since(since) if since else None,
        until=_resolve_since(until) if until else None,
        limit=limit,
        collapse=not no_collapse,
        newest_first=newest,
    )
    db = app.open_db(app.config(required=False))
    try:
        hits = search(db, request)
    except topics.QueryError as exc:
        fail(str(exc), EXIT_USAGE)
    finally:
        db.close()
    if as_json:
        click.echo(json.dumps([hit.as_dict() for hit in hits], indent=2, ensure_ascii=False))
    elif as_csv:
        rows = [hit.as_dict() for hit in hits]
        writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]) if rows else ["id"])
        writer.writeheader()
        for row in rows:
            writer.writerow({**row, "other_outlets": "; ".join(row["other_outlets"])})
    else:
        if not hits:
            click.echo("no matches")
        for hit in hits:
            more = f" · +{len(hit.other_outlets)} other outlet(s)" if hit.other_outlets else ""
            click.echo(f"{_marked(hit.title_marked)}")
            click.echo(f"  {hit.source} · {hit.published_at or 'undated'}{more}")
            click.echo(f"  {_marked(hit.snippet_marked)}")
            click.echo(f"  {hit.url}")


@main.command(name="digest")
@common_options
@click.option(
    "--since",
    default=None,
    help="Cover this far back (24h, 2026-11-25) instead of since the last digest.",
)
@click.option("--since-last", is_flag=True, help="Since the last digest sent (the default).")
@click.option("--topic", "topic_names", multiple=True, help="Only this topic (repeatable).")
@click.option(
    "--to", "recipients", multiple=True, help="Recipient (repeatable); default settings.digest.to."
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
    known = {t.name for t in config.topics}
    for name in topic_names:
        if name not in known:
            fail(f"{app.config_path}: no topic named {name!r}", EXIT_USAGE)
    if not (dry_run or output) and not (recipients or config.settings.digest.to):
        fail("no recipients: set settings.digest.to in sources.yaml or pass --to", EXIT_USAGE)
    db = app.open_db(config)
    prepared = prepare_digest(
        db,
        config,
        since=_resolve_since(since) if since else None,
        topics=list(topic_names) or None,
        recipients=list(recipients) or None,
    )
    try:
        if dry_run:
            click.echo(prepared.text)
        elif output:
            body = {
                ".html": prepared.html,
                ".txt": prepared.text,
                ".eml": prepared.message.as_string(),
            }[output.suffix.lower()]
            output.write_text(body, encoding="utf-8")
            click.echo(f"wrote {output} ({prepared.subject})")
        elif prepared.content.empty and config.settings.digest.when_empty == "skip":
            click.echo(f"nothing new since {prepared.content.since}; no digest sent")
        else:
            # Only the regular digest moves the "since the last digest" mark: an ad-hoc one
            # (other window, topics or recipients) must not make the team's next one skip.
            regular = not (since or topic_names or recipients)
            try:
                if regular:
                    send_prepared(db, config, prepared)
                else:
                    send(prepared.message, config.settings.smtp)
            except SendError as exc:
                fail(f"digest not sent: {exc}", EXIT_FAILED)
            note = "" if regular else " (ad hoc: the next regular digest is unaffected)"
            click.echo(f"sent to {', '.join(prepared.recipients)}: {prepared.subject}{note}")
    finally:
        db.close()


@main.command(name="run")
@common_options
@click.option(
    "--log-format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="json: one object per line, for systemd/journald or a container.",
)
@click.option("--passes", type=int, default=None, help="Stop after N polling ticks (testing).")
def run_command(app: AppContext, log_format: str, passes: int | None) -> None:
    """Run as a service: poll each source on its own rhythm, send the digest daily.

    One instance per database (a second one says who holds the lock and exits). Ctrl-C or
    SIGTERM stops it within seconds without losing a write. Logs go to stderr, one line per
    poll per source. See README ("Running it as a service") for systemd and cron.

    \b
    Examples:
      aggregator run
      aggregator run --log-format json
    """
    config = app.config()
    assert config is not None
    logs.configure(app.verbose, log_format, service=True)
    db_path = app.db_path(config)
    lock = InstanceLock(db_path)
    try:
        lock.acquire()
    except LockHeld as exc:
        fail(str(exc), EXIT_FAILED)
    executor = make_executor(config.settings.extraction_workers)
    db = app.open_db(config)
    try:
        asyncio.run(Service(config, db, executor, options=ServiceOptions(passes=passes)).run())
    finally:
        executor.shutdown(cancel_futures=True)
        db.close()
        lock.release()


@main.command(name="status")
@common_options
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
def status_command(app: AppContext, as_json: bool) -> None:
    """Health of each source and of the digest, from the database.

    \b
    Example:
      aggregator status
      aggregator status --json | jq '.sources[] | select(.failure_streak > 0)'
    """
    config = app.config(required=False)
    db = app.open_db(config)
    health = store.source_health(db)
    last = store.last_digest(db)
    db.close()
    now = datetime.now(UTC)
    digest = {
        "last_sent": last[0] if last else None,
        "next": next_digest_time(config, now).isoformat()
        if config and config.settings.digest.to
        else None,
    }
    if as_json:
        click.echo(json.dumps({"sources": health, "digest": digest}, indent=2, ensure_ascii=False))
        return
    table = Table(title="sources", title_justify="left")
    for column in ("source", "last success", "failures", "last error", "next poll", "24h"):
        table.add_column(column, justify="right" if column in ("failures", "24h") else "left")
    for row in health:
        problems = [
            f"DISABLED {row['disabled_feeds']}" if row["disabled_feeds"] else "",
            f"{row['last_error_at']}: {row['last_error']}" if row["last_error"] else "",
            # items skipped or lost in a feed that was fetched
            f"warning: {row['warnings']}" if row["warnings"] else "",
        ]
        error = "; ".join(filter(None, problems)) or "-"
        table.add_row(
            row["name"],
            row["last_success_at"] or "never",
            str(row["failure_streak"]),
            error,
            row["next_poll_at"] or "at start",
            str(row["articles_24h"]),
        )
    stdout.print(table)
    click.echo(
        f"digest: last sent {digest['last_sent'] or 'never'}; next {digest['next'] or 'not scheduled (no recipients)'}"
    )


@main.command(name="serve")
@common_options
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8001, show_default=True, help="Port to listen on.")
@click.option("--open", "open_browser", is_flag=True, help="Open a browser on the archive.")
def serve_command(app: AppContext, host: str, port: int, open_browser: bool) -> None:
    """Browse the archive in Datasette (read-only), while ingest keeps running.

    \b
    Examples:
      aggregator serve --open
      aggregator serve --port 8080
    Then: /aggregator/article_index?_search=xiaomi (facets: source, topics, language, day),
    /aggregator/top_stories_week, /aggregator/topic_feed.atom?topic=Tesla
    """
    config = app.config(required=False)
    db = app.open_db(config)  # creates or migrates the schema before Datasette reads it
    db.close()
    with tempfile.TemporaryDirectory(prefix="aggregator-serve-") as tmp:
        code = serve(Path(app.db_path(config)), Path(tmp), host, port, open_browser)
    sys.exit(code)
