"""`aggregator demo`: two mornings of news from a bundled local site, then Datasette.

The demo is a script of the real commands (fetch, stories, digest --dry-run, show, serve) run
against its own configuration and database under --data-dir, so what it prints is exactly
what those commands print on a real archive.
"""

from __future__ import annotations

import os
from pathlib import Path
from unittest import mock

import click

from ..demo import DATABASE, DemoSite, write_config
from . import digest, fetch, serve, stories
from .app import AppContext
from .output import echo

DEMO_DIR = Path("data/demo")
WINDOW = "2d"  # the sample is dated within the last 24 hours; 2d keeps every story in view


@click.command(name="demo")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8001,
    show_default=True,
    help="Port for Datasette at the end.",
)
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=DEMO_DIR,
    show_default=True,
    help="Where the demo writes its sources.yaml and database (replaced on each run).",
)
@click.option("--no-serve", is_flag=True, help="Stop after the two mornings; do not serve.")
@click.pass_context
def demo_command(ctx: click.Context, port: int, data_dir: Path, no_serve: bool) -> None:
    """See the whole product without network: a bundled site of ten outlets, two mornings.

    Starts a local news site (sample articles written for the project), fetches it, prints
    the stories and the digest, fetches the second morning (new articles, an edited one),
    prints what changed, then serves the archive in Datasette until Ctrl-C. It needs no
    sources.yaml and never touches your database: everything is under --data-dir.

    \b
    Examples:
      aggregator demo
      aggregator demo --port 8080 --data-dir /tmp/demo
    """
    _start_fresh(data_dir)
    with DemoSite() as site:
        config = write_config(data_dir, site)
        ctx.obj = AppContext(config, None, ctx.obj.verbose)
        _first_morning(ctx)
        site.next_morning()
        _second_morning(ctx, site)
    if not no_serve:
        _heading(f"Datasette on {data_dir / DATABASE}: http://127.0.0.1:{port}/aggregator")
        echo(f"  recent articles: http://127.0.0.1:{port}/aggregator/recent_articles")
        echo(f"  charts per topic: http://127.0.0.1:{port}/-/charts")
        echo("  Ctrl-C stops it.")
        ctx.invoke(serve.serve_command, port=port)


def _start_fresh(data_dir: Path) -> None:
    """Each run tells the same two mornings, so it starts from an empty archive."""
    for suffix in ("", "-wal", "-shm"):
        (data_dir / (DATABASE + suffix)).unlink(missing_ok=True)


def _first_morning(ctx: click.Context) -> None:
    _heading("Morning 1: fetching ten outlets from the bundled site")
    ctx.invoke(fetch.fetch)
    _heading("Stories covered by more than one outlet")
    ctx.invoke(stories.stories_command, since=WINDOW, min_sources=2, with_articles=True)
    _heading("The digest (as `aggregator digest --dry-run` prints it)")
    ctx.invoke(digest.digest_command, dry_run=True)


def _second_morning(ctx: click.Context, site: DemoSite) -> None:
    _heading("Morning 2: new articles, and one article edited since yesterday")
    ctx.invoke(fetch.fetch)
    _heading("Stories with articles from the last hour")
    ctx.invoke(stories.stories_command, since="1h", with_articles=True)
    _heading("The edited article, before and after")
    # show pages through $PAGER on a terminal: the demo must not stop to wait for a key
    with mock.patch.dict(os.environ, PAGER="cat"):
        ctx.invoke(stories.show_command, target=site.article_url(site.edited_article()), diff=True)


def _heading(text: str) -> None:
    echo("")
    echo(f"== {text}", bold=True)
