"""The `aggregator` command: parse arguments, call one function, format its result.

Results go to stdout (a table, or JSON with --json); progress, logs and errors go to stderr,
one line each. Exit codes: 0 success, 1 nothing worked (all sources failed), 2 usage or
configuration error. One module per command group; `app` and `output` hold what they share.
"""

from __future__ import annotations

from pathlib import Path

import click

from . import (
    backfill,
    demo,
    digest,
    fetch,
    importing,
    search,
    serve,
    service,
    sources,
    stories,
    topics,
    trends,
)
from .app import AppContext, global_options


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@global_options
@click.version_option(package_name="aggregator")
@click.pass_context
def main(ctx: click.Context, config_path: Path | None, db_path: str | None, verbose: int) -> None:
    """News aggregator for competitive intelligence.

    \b
    Examples:
      aggregator fetch                  # one pass over every source in ./sources.yaml
      aggregator fetch --source Teslarati --json
      aggregator import backfill.jsonl
      aggregator backfill warc crawl/*.warc.gz --topic Tesla --since 90d
    """
    ctx.obj = AppContext(config_path, db_path, verbose)


for command in (
    fetch.fetch,
    backfill.backfill_group,
    importing.import_command,
    stories.stories_command,
    stories.show_command,
    topics.topics_group,
    trends.trends_command,
    search.search_command,
    digest.digest_command,
    service.run_command,
    service.status_command,
    serve.serve_command,
    sources.sources_group,
    demo.demo_command,
):
    main.add_command(command)

__all__ = ["main"]
