"""`aggregator import`: articles from a JSON Lines file."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .. import topics
from ..importer import import_jsonl
from .app import EXIT_FAILED, AppContext, common_options
from .output import echo, echo_json


@click.command(name="import")
@common_options
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
def import_command(app: AppContext, file: Path, as_json: bool) -> None:
    """Import articles from a JSON Lines file, one object per line.

    Each line needs url, title, text, source and usually published (ISO-8601; without it,
    the day the address names, as in /2024/03/07/); author, language, summary and id are
    optional. Bad lines are reported and skipped.

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
        echo(error, err=True)
    result = {
        "imported": summary.imported,
        "duplicates": summary.duplicates,
        "revised": summary.revised,
        "undated": summary.undated,
        "errors": len(summary.errors),
    }
    if as_json:
        echo_json(result)
    else:
        echo(
            f"imported {summary.imported}, already stored {summary.duplicates}, "
            f"revised {summary.revised}, bad lines {len(summary.errors)}"
        )
    if summary.undated:
        echo(
            f"{summary.undated} stored without a date (no `published`, none in the address): "
            "placed in stories as of now, so they may miss their event's story",
            err=True,
        )
    if summary.errors and not summary.imported and not summary.duplicates:
        sys.exit(EXIT_FAILED)
