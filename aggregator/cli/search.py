"""`aggregator search`: full-text search, as text, JSON or CSV."""

from __future__ import annotations

import click

from .. import topics
from ..search import RESULT_FIELDS, SearchRequest, search
from .app import (
    COUNT,
    EXIT_USAGE,
    MAX_COUNT,
    TEXT,
    AppContext,
    common_options,
    fail,
    resolve_since_arg,
    stored_source_name,
    stored_topic_name,
)
from .output import echo, echo_csv, echo_json


@click.command(name="search")
@common_options
@click.argument("query", type=TEXT)
@click.option("--topic", type=TEXT, default=None, help="Only articles tagged with TOPIC.")
@click.option(
    "--source", "sources", type=TEXT, multiple=True, help="Only this source (repeatable)."
)
@click.option("--since", type=TEXT, default=None, help="From: a duration back (7d) or a date.")
@click.option("--until", type=TEXT, default=None, help="Before this date (2026-11-20).")
@click.option("--limit", type=COUNT, default=20, show_default=True, help="At most N results.")
@click.option(
    "--offset",
    type=click.IntRange(0, MAX_COUNT),
    default=0,
    show_default=True,
    help="Skip the first N results (the next page: --offset 20).",
)
@click.option(
    "--all-time",
    is_flag=True,
    help="Rank the whole archive (default: the newest 5,000 articles first, older ones "
    "only while results are too few).",
)
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
    offset: int,
    all_time: bool,
    newest: bool,
    no_collapse: bool,
    as_json: bool,
    as_csv: bool,
) -> None:
    """Full-text search: best matches (headline counts most), one row per story.

    Plain words (Xiaomi recall SU7, covid-19, Model Y, Tesla's) find the articles with
    all of them first, then with most, each word in any of its forms (delivery: deliveries).
    Ranking starts with the newest 5,000 articles and reaches further back only while it
    finds too few results; --all-time ranks the whole archive.

    \b
    Query syntax (SQLite FTS5, the same as topic queries): AND, OR, NOT, "exact phrase",
    prefix*, NEAR(a b, 5), title:word, parentheses; such a query runs exactly as
    written. Quote words containing - or : there.
    Examples:
      aggregator search Xiaomi recall SU7 assisted driving
      aggregator search '"model y" AND (recall OR delivery)' --since 7d
      aggregator search 'title:xiaomi' --source CnEVPost --json
      aggregator search 'byd NOT "price war"' --until 2026-11-01 --csv > byd.csv
      aggregator search tesla --limit 20 --offset 20     # the second page
      aggregator search 'title:recall' --all-time
    """
    if as_json and as_csv:
        raise click.UsageError("--json and --csv cannot be combined: choose one")
    config = app.config(required=False)
    db = app.open_db(config)
    request = SearchRequest(
        query=query,
        topic=stored_topic_name(db, config, topic) if topic else None,
        sources=[stored_source_name(db, config, name) for name in sources],
        since=resolve_since_arg(since) if since else None,
        until=resolve_since_arg(until) if until else None,
        limit=limit,
        offset=offset,
        collapse=not no_collapse,
        newest_first=newest,
        all_time=all_time,
    )
    try:
        hits = search(db, request)
    except topics.QueryError as exc:
        fail(str(exc), EXIT_USAGE)
    finally:
        db.close()
    if as_json:
        echo_json([hit.as_dict() for hit in hits], indent=2)
    elif as_csv:
        rows = [hit.as_dict() for hit in hits]
        echo_csv(
            [{**row, "other_outlets": "; ".join(row["other_outlets"])} for row in rows],
            fieldnames=list(RESULT_FIELDS),
        )
    else:
        clock = app.clock()
        if not hits:
            echo("no matches")
        for hit in hits:
            more = f" · +{len(hit.other_outlets)} other outlet(s)" if hit.other_outlets else ""
            echo(hit.title_marked, marks=True)
            story = f" story:{hit.story_id}" if hit.story_id is not None else ""
            published = clock.at(hit.published_at, missing="undated")
            echo(f"  [{hit.id}]{story} · {hit.source} · {published}{more}")
            echo(f"  {' '.join(hit.snippet_marked.split())}", marks=True)  # one line
            echo(f"  {hit.url}")
