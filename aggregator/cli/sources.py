"""`aggregator sources`: the outlets of sources.yaml — list with health, add, remove, OPML."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import click
from rich.table import Table

from .. import store
from ..config import Config, ConfigError
from ..http import PoliteClient
from ..sources_file import (
    FeedCandidate,
    SourcesFile,
    candidates_on,
    feed_in,
    read_opml,
    unique_name,
    write_opml,
)
from ..urls import is_fetchable
from .app import (
    EXIT_FAILED,
    EXIT_USAGE,
    TEXT,
    AppContext,
    common_options,
    fail,
    known_name,
    tsv_option,
)
from .output import cells, echo, echo_json, print_table


@click.group(name="sources")
def sources_group() -> None:
    """The outlets in sources.yaml: their health, adding one from its homepage, removing one,
    OPML from and for other feed readers. Edits keep the file's comments and layout.

    \b
    Examples:
      aggregator sources list
      aggregator sources add https://electrek.co/              # finds the feed, checks it
      aggregator sources add https://example.com/feed.xml --name "Example News"
      aggregator sources remove "Example News"
      aggregator sources import feedly.opml
      aggregator sources export > aggregator.opml
    """


@sources_group.command(name="list")
@common_options
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@tsv_option
def sources_list(app: AppContext, as_json: bool, tsv: bool) -> None:
    """Each source with its feeds and health: last success, failure streak, last error,
    articles in the last 24 h and per day over 7 days."""
    config = _config(app)
    db = app.open_db(config)
    health = {row["name"]: row for row in store.source_health(db)}
    db.close()
    rows = []
    for source in config.sources:
        known = health.get(source.name, {})
        rows.append(
            {
                "name": source.name,
                "feeds": [str(feed) for feed in source.feeds],
                "last_success_at": known.get("last_success_at"),
                "failure_streak": known.get("failure_streak", 0),
                "last_error": known.get("last_error"),
                "articles_24h": known.get("articles_24h", 0),
                "articles_per_day": round(known.get("articles_per_day") or 0.0, 1),
            }
        )
    if as_json:
        echo_json(rows, indent=2)
        return
    clock = app.clock()
    table = Table(title=f"{len(rows)} sources", title_justify="left")
    for column in ("source", "feeds", "last success", "failures", "last error", "24h", "per day"):
        table.add_column(column)
    for row in rows:
        table.add_row(
            *cells(
                row["name"],
                " ".join(row["feeds"]),
                clock.at(row["last_success_at"], missing="never"),
                row["failure_streak"],
                row["last_error"] or "-",
                row["articles_24h"],
                f"{row['articles_per_day']:.1f}",
            )
        )
    print_table(table, tsv)


@sources_group.command(name="add")
@common_options
@click.argument("url", type=TEXT)
@click.option("--name", type=TEXT, default=None, help="Name (default: the feed's title).")
def sources_add(app: AppContext, url: str, name: str | None) -> None:
    """Add the outlet at URL: a feed, or a homepage whose feed is found (the feeds it
    advertises with <link rel=alternate>, then /feed, /rss, /atom.xml…). The feed is
    fetched once through the polite client and must have items before it is written.

    \b
    Examples:
      aggregator sources add https://electrek.co/
      aggregator sources add https://www.teslarati.com/feed/ --name Teslarati
    """
    config = _config(app)
    if not is_fetchable(url):
        fail(f"expected an http:// or https:// URL, got {url!r}", EXIT_USAGE)
    owner = _owner_of(config, url)
    if owner:
        fail(f"{url}: already in {app.config_path} (source {owner!r})", EXIT_USAGE)
    taken = {source.name for source in config.sources}
    if name and name.casefold() in {t.casefold() for t in taken}:
        fail(f"{app.config_path}: a source named {name!r} exists already", EXIT_USAGE)
    found, tried = asyncio.run(_find_feed(config, url))
    if found is None:
        fail(f"{url}: no feed with items found (tried {', '.join(tried)})", EXIT_FAILED)
    owner = _owner_of(config, found.url)
    if owner:
        fail(f"{found.url}: already in {app.config_path} (source {owner!r})", EXIT_USAGE)
    chosen = name or unique_name(found.title or urlsplit(found.url).hostname or url, taken)
    _edit(app, lambda file: file.add(chosen, [found.url]))
    echo(f"added {chosen}: {found.url}")


@sources_group.command(name="remove")
@common_options
@click.argument("name", type=TEXT)
def sources_remove(app: AppContext, name: str) -> None:
    """Remove the source NAME from sources.yaml (its stored articles stay in the database).

    \b
    Example:
      aggregator sources remove "Example News"
    """
    config = _config(app)
    chosen = known_name(name, [s.name for s in config.sources], "source", app.config_path)
    _edit(app, lambda file: file.remove(chosen))
    echo(f"removed {chosen}")


@sources_group.command(name="import")
@common_options
@click.argument("opml", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def sources_import(app: AppContext, opml: Path) -> None:
    """Add every feed of an OPML subscription list (Feedly, Inoreader, Miniflux export);
    feeds already in sources.yaml are skipped. Not fetched: `aggregator fetch` reports a
    feed that does not answer.

    \b
    Example:
      aggregator sources import feedly.opml
    """
    config = _config(app)
    try:
        feeds = read_opml(opml)
    except ConfigError as exc:
        fail(str(exc), EXIT_USAGE)
    taken = {source.name for source in config.sources}
    known_feeds = {str(feed) for source in config.sources for feed in source.feeds}
    added: list[tuple[str, str]] = []
    for feed in feeds:
        if feed.url in known_feeds or not is_fetchable(feed.url):
            why = "already there" if feed.url in known_feeds else "not an http(s) URL"
            echo(f"skipped {feed.url}: {why}")
            continue
        chosen = unique_name(feed.title or urlsplit(feed.url).hostname or feed.url, taken)
        taken.add(chosen)
        known_feeds.add(feed.url)
        added.append((chosen, feed.url))
    if added:
        _edit(app, lambda file: file.add_all(added))
    for chosen, feed_url in added:
        echo(f"added {chosen}: {feed_url}")
    echo(f"{len(added)} added, {len(feeds) - len(added)} skipped")


@sources_group.command(name="export")
@common_options
def sources_export(app: AppContext) -> None:
    """Every feed as OPML 2.0 on stdout, for another feed reader.

    \b
    Example:
      aggregator sources export > aggregator.opml
    """
    click.echo(write_opml(_config(app)), nl=False)


def _config(app: AppContext) -> Config:
    config = app.config()
    assert config is not None  # required: a missing file exits 2
    return config


def _owner_of(config: Config, feed_url: str) -> str | None:
    """The source that already has this feed URL, if any."""
    return next((s.name for s in config.sources if feed_url in {str(f) for f in s.feeds}), None)


def _edit(app: AppContext, change: Callable[[SourcesFile], None]) -> None:
    """Apply `change` to sources.yaml, keeping its comments; a result that would not load
    is refused and the file left untouched."""
    try:
        file = SourcesFile(app.config_path)
        change(file)
        file.save()
    except ConfigError as exc:
        fail(str(exc), EXIT_USAGE)


async def _find_feed(config: Config, url: str) -> tuple[FeedCandidate | None, list[str]]:
    """(the feed at or behind `url`, the URLs tried): the URL itself, then the candidates
    its page gives (see `candidates_on`), each fetched once."""
    settings = config.settings
    tried = [url]
    async with PoliteClient(
        settings.limits,
        settings.contact_url,
        allow_private=settings.private_networks(),
        respect_robots=settings.respect_robots,
    ) as client:
        page = await client.get(url, trusted=True)
        found = feed_in(page)
        if found is not None or page.outcome in ("network", "dns", "timeout"):
            return found, tried
        for candidate in candidates_on(page):
            tried.append(candidate)
            found = feed_in(await client.get(candidate, trusted=True))
            if found is not None:
                return found, tried
    return None, tried
