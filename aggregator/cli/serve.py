"""`aggregator serve`: the archive in Datasette, read-only."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import click

from ..serve import serve
from .app import AppContext, common_options


@click.command(name="serve")
@common_options
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8001,
    show_default=True,
    help="Port to listen on.",
)
@click.option("--open", "open_browser", is_flag=True, help="Open a browser on the archive.")
def serve_command(app: AppContext, host: str, port: int, open_browser: bool) -> None:
    """Browse the archive in Datasette (read-only), while ingest keeps running.

    \b
    Examples:
      aggregator serve --open
      aggregator serve --port 8080
    Then: / (topics today and this week, recent stories, source health), and
    (the archive is /aggregator, whatever the file is called)
    /aggregator/article_index?_search=xiaomi, /aggregator/recent_articles (facets:
    source, topics, language, day), /aggregator/top_stories_week,
    /aggregator/topic_feed.atom?topic=Tesla, /-/charts?topic=Tesla (per day and
    per outlet)
    """
    config = app.config(required=False)
    db = app.open_db(config)  # creates or migrates the schema before Datasette reads it
    db.close()
    with tempfile.TemporaryDirectory(prefix="aggregator-serve-") as tmp:
        timezone = config.settings.timezone if config else "UTC"
        code = serve(Path(app.db_path(config)), Path(tmp), host, port, open_browser, timezone)
    sys.exit(code)
