"""`aggregator topics`: counts per topic, re-tagging, trying a query."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from rich.table import Table

from .. import relevance, store, topic_eval, topics
from ..config import Config
from ..dates import resolve_since
from ..search import strip_marks
from .app import (
    COUNT,
    EXIT_USAGE,
    TEXT,
    AppContext,
    common_options,
    configured_names,
    fail,
    tsv_option,
)
from .output import cells, echo, echo_json, print_table


@click.group(name="topics", invoke_without_command=True)
@click.pass_context
def topics_group(ctx: click.Context) -> None:
    """Topics from sources.yaml: counts, re-tagging, trying a topic or a query, evaluating.

    \b
    Examples:
      aggregator topics                       # each topic with article/story counts
      aggregator topics retag                 # re-apply the topics edited in sources.yaml
      aggregator topics test "Xiaomi EV"      # what it would tag, with scores and why
      aggregator topics test '"model y" NOT "model year"'
      aggregator topics eval labelled.jsonl   # precision and recall on hand labels
    """
    if ctx.invoked_subcommand is None:
        ctx.invoke(topics_list)


@topics_group.command(name="list")
@common_options
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@tsv_option
def topics_list(app: AppContext, as_json: bool = False, tsv: bool = False) -> None:
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
                "terms": topic.terms,
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
    print_table(table, tsv)


@topics_group.command(name="retag")
@common_options
@click.option("--topic", "only", type=TEXT, multiple=True, help="Only this topic (repeatable).")
@click.option("--all", "everything", is_flag=True, help="Every topic, changed or not.")
def topics_retag(app: AppContext, only: tuple[str, ...], everything: bool) -> None:
    """Re-apply the topics whose definition changed in sources.yaml to every stored article.

    Each topic's definition is remembered (a hash) when it is applied, so only topics that
    were added or edited since are retagged, in one pass (an article several of them may tag
    is read once) and one transaction: the digest, search and Datasette see the old tags
    until the new ones are complete. Tags of topics removed from the config are dropped.
    `--topic` and `--all` retag even unchanged topics.

    \b
    Examples:
      aggregator topics retag                     # only what changed
      aggregator topics retag --topic "Xiaomi EV"
      aggregator topics retag --all
    """
    config = app.config()
    assert config is not None
    only = configured_names(app, only, (t.name for t in config.topics), "topic")
    db = app.open_db(config)
    rules = topics.rules(config.topics)
    if only:
        chosen = [rule for rule in rules if rule.name in only]
    else:
        store.drop_topic_tags(db, sorted(t.name for t in config.topics))
        chosen = rules if everything else store.changed_topics(db, rules)
    if chosen:
        echo(f"retagging {len(chosen)} topic(s)…", err=True)
    counts = store.retag_topics(db, chosen) if chosen else {}
    db.close()
    for rule in rules:
        if rule.name in counts:
            echo(f"{rule.name}: {counts[rule.name]} articles")
        elif not only:
            echo(f"{rule.name}: unchanged")


@topics_group.command(name="test")
@common_options
@click.argument("query", type=TEXT)
@click.option("--limit", type=COUNT, default=20, show_default=True, help="Show at most N articles.")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
def topics_test(app: AppContext, query: str, limit: int, as_json: bool) -> None:
    """Show what a topic of sources.yaml, or a QUERY, would tag among stored articles.

    A topic name shows each candidate (an article naming any of its terms), newest first:
    whether it would be tagged, its score, its mentions in headline, lead and text, the words
    found, and why it is left out. A query shows what it matches, with the matched words.

    \b
    Query syntax (SQLite FTS5): AND, OR, NOT, "exact phrase", prefix*, NEAR(a b, 5),
    title:word or title:"a phrase", parentheses. Quote words containing - or :.
    Examples:
      aggregator topics test "Xiaomi EV"
      aggregator topics test "Xiaomi EV" --json --limit 100
      aggregator topics test '(xiaomi OR 小米) AND (su7 OR yu7 OR ev OR car* OR 汽车)'
      aggregator topics test '"model y" NOT "model year"'
    """
    config = app.config(required=False)
    rule = next((r for r in topics.rules(config.topics if config else []) if r.name == query), None)
    if rule is not None and rule.focus is not None:
        _test_topic(app, config, rule, limit, as_json)
        return
    if rule is not None:
        query = rule.query
    try:
        topics.check_query(query)
    except topics.QueryError as exc:
        fail(str(exc), EXIT_USAGE)
    db = app.open_db(config)
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


def _test_topic(
    app: AppContext, config: Config | None, rule: topics.TopicRule, limit: int, as_json: bool
) -> None:
    assert rule.focus is not None
    db = app.open_db(config)
    shown: list[dict[str, Any]] = []
    candidates = tagged = 0
    for article, evidence in store.topic_evidence(db, rule):
        why_not = evidence.verdict(rule.focus)
        candidates += 1
        tagged += why_not is None
        if len(shown) < limit:
            shown.append(_evidence_row(article, evidence, why_not))
    db.close()
    if as_json:
        echo_json(
            {"topic": rule.name, "candidates": candidates, "tagged": tagged, "articles": shown},
            indent=2,
        )
        return
    echo(
        f"{rule.name}: {tagged} of {candidates} candidate article(s) would be tagged "
        f"(threshold {rule.focus.threshold:g}); newest {len(shown)}:"
    )
    for row in shown:
        mark = "tagged" if row["tagged"] else "left out"
        echo(f"[{row['id']}] {mark} {row['score']:.2f}  {row['title']}")
        echo(
            f"    {row['source']} · {row['published_at']} · headline {row['title_mentions']}, "
            f"lead {row['lead_mentions']}, text {row['text_mentions']} · "
            f"found: {', '.join(row['matched']) or '-'}"
            + (f" · {row['why_not']}" if row["why_not"] else "")
        )


def _evidence_row(
    article: dict[str, Any], evidence: relevance.Evidence, why_not: str | None
) -> dict[str, Any]:
    return {
        "id": article["id"],
        "title": article["title"],
        "source": article["source"],
        "published_at": article["published_at"],
        "url": article["url"],
        "tagged": why_not is None,
        "score": evidence.score,
        "title_mentions": evidence.title,
        "lead_mentions": evidence.lead,
        "text_mentions": evidence.text,
        "matched": list(evidence.matched),
        "why_not": why_not,
    }


@topics_group.command(name="eval")
@common_options
@click.argument("sample", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--topic", "only", type=TEXT, multiple=True, help="Only this topic (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
def topics_eval(app: AppContext, sample: Path, only: tuple[str, ...], as_json: bool) -> None:
    """Precision and recall of the topics on SAMPLE, articles labelled by hand.

    SAMPLE is JSONL: one article per line with `title`, `text` and `topics` (the names of the
    topics it is substantially about; [] for none), optionally `language` (or `lang`) and
    `source`. The articles are tagged in a scratch database by the same code as stored ones;
    the archive is not touched. Lines that cannot be read are reported and skipped.

    \b
    Examples:
      aggregator topics eval labelled.jsonl
      aggregator topics eval labelled.jsonl --topic "Xiaomi EV" --json
    """
    config = app.config()
    assert config is not None
    only = configured_names(app, only, (t.name for t in config.topics), "topic")
    if not sample.exists():
        fail(f"{sample}: file not found", EXIT_USAGE)
    articles = []
    for item in topic_eval.read_sample(sample):
        if isinstance(item, str):
            echo(item, err=True)
        else:
            articles.append(item)
    if not articles:
        fail(f"{sample}: no labelled article to evaluate", EXIT_USAGE)
    chosen = [r for r in topics.rules(config.topics) if not only or r.name in only]
    results = topic_eval.score_sample(articles, chosen)
    if as_json:
        echo_json({"articles": len(articles), "topics": [r.as_dict() for r in results]}, indent=2)
        return
    echo(f"{len(articles)} labelled article(s)")
    for result in results:
        echo(
            f"{result.topic}: precision {result.precision:.3f}, recall {result.recall:.3f} "
            f"(tagged {result.tagged}, labelled {result.labelled}, correct {result.correct})"
        )
        for title in result.false_positives:
            echo(f"    tagged, not labelled: {title}")
        for title in result.missed:
            echo(f"    labelled, missed: {title}")
