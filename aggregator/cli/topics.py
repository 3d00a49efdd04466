"""`aggregator topics`: counts per topic, re-tagging, trying a query."""

from __future__ import annotations

import sys

import click
from rich.table import Table

from .. import store, topics
from ..dates import resolve_since
from ..search import strip_marks
from .app import COUNT, EXIT_USAGE, TEXT, AppContext, common_options, fail
from .output import cells, echo, echo_json, stdout


@click.group(name="topics", invoke_without_command=True)
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
        echo_json(rows, indent=2)
        return
    table = Table(title=f"{len(rows)} topics", title_justify="left")
    table.add_column("topic")
    for period in periods:
        table.add_column(f"articles {period}", justify="right")
        table.add_column(f"stories {period}", justify="right")
    for row in rows:
        counts = [row[f"{kind}_{p}"] for p in periods for kind in ("articles", "stories")]
        table.add_row(*cells(row["topic"], *counts))
    stdout.print(table)


@topics_group.command(name="retag")
@common_options
@click.option("--topic", "only", type=TEXT, multiple=True, help="Only this topic (repeatable).")
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
        echo(f"{name}: {count} articles")


@topics_group.command(name="test")
@common_options
@click.argument("query", type=TEXT)
@click.option("--limit", type=COUNT, default=20, show_default=True, help="Show at most N matches.")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
def topics_test(app: AppContext, query: str, limit: int, as_json: bool) -> None:
    """Show what QUERY would match among stored articles, with the matched words.

    \b
    Query syntax (SQLite FTS5): AND, OR, NOT, "exact phrase", prefix*, NEAR(a b, 5),
    title:word or title:"a phrase", parentheses. Quote words containing - or :.
    Examples:
      aggregator topics test '(xiaomi OR 小米) AND (su7 OR yu7 OR ev OR car* OR 汽车)'
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
        echo_json(
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
        )
        return
    echo(f"{total} stored article(s) match; newest {len(rows)}:")
    for row in rows:
        echo(f"[{row['id']}] {row['title_marked']}", marks=True)
        echo(f"    {row['source']} · {row['published_at']} · matched: {', '.join(row['matched'])}")
