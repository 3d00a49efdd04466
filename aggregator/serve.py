"""`aggregator serve`: browse, facet and share queries over the archive in Datasette.

Datasette reads the live database in its normal mode — read-only connections (`mode=ro`),
never `--immutable`, which would assume the file does not change while ingest is writing it.
WAL mode lets those readers and the ingest writer work at the same time without "database is
locked". No canned query writes, so the web UI cannot change the archive.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from . import __version__
from .search import FIRST_WINDOW, TEXT_WEIGHT, TITLE_WEIGHT
from .store.trends import LAST_DAYS, daily_sql, outlets_sql

TEMPLATES = Path(__file__).parent / "datasette_templates"  # article and story pages

# Newest articles of a topic: walk the date index newest first and keep an article when it has
# the topic, stopping at the LIMIT. A join from article_topics reads and sorts every article of
# the topic instead (48,000 for Tesla in the 200k benchmark: seconds, "SQL Interrupted").
ON_TOPIC_NEWEST_FIRST = """from articles a
join sources s on s.id = a.source_id
where exists (select 1 from article_topics t where t.article_id = a.id and t.topic = :topic)
order by coalesce(a.published_at, a.fetched_at) desc"""

ARTICLE_COLUMNS = {
    "url": "The address the article was fetched from",
    "canonical_url": "The article's one canonical address (tracking, AMP and mobile variants folded)",
    "guid": "The feed item's GUID",
    "source_id": "The outlet",
    "feed_id": "The feed that announced it",
    "title": "Headline",
    "author": "Byline",
    "published_at": "Publication time (UTC)",
    "fetched_at": "When the aggregator stored it (UTC)",
    "language": "Language code",
    "text": "Main text extracted from the page",
    "summary": "The feed's summary",
    "extraction_status": "ok, or why there is no full text: teaser, not_article, empty, "
    "interstitial, fetch_failed, robots, refused, not_html",
    "extraction_note": "Details of the extraction status",
    "copy_of": "The original this article copies (syndication, wire copy)",
    "copy_similarity": "Shingle similarity with the original (0–1)",
    "story_id": "The story (event) this article belongs to",
    "original_url": "Where the page says its original lives (cross-site rel=canonical)",
    "title_cjk": "For search: the title with Chinese, Japanese and Korean runs split into "
    "overlapping two-character words (empty without such text)",
    "text_cjk": "For search: the text split like title_cjk",
    "title_stem": "For search: the title's words as stems in the article's language, "
    "tagged with it (enǂdeliveri), so a plain search finds other forms of a word",
    "text_stem": "For search: the text's words as stems, like title_stem",
}

SEARCH_ROWS = 200
# `aggregator search --no-collapse` in one statement. As there, ranking reads the newest
# FIRST_WINDOW articles, and windows eight times larger while they hold fewer than
# SEARCH_ROWS matching articles (a broad word over the whole archive took seconds, past
# Datasette's time limit). In the window: each word's matches (search_terms: one FTS5
# expression per word) and, for several words, its matches in the headline (in_headline),
# counted and scored per article (BM25 sums over the words, so the sum is the whole query's
# score), ranked, then each story in the place of its best article.
# `materialized`: bm25() cannot run inside the aggregate.
SEARCH_SQL = f"""
with recursive
newest(id) as (select coalesce(max(id), 0) from articles),
windows(size) as (
  select {FIRST_WINDOW} union all
  select size * 8 from windows where size < (select id from newest)
),
lowest(id) as (
  select coalesce(max(0, (select id from newest) - (
    select size from windows
    where size >= (select id from newest) or (
      select count(distinct articles_fts.rowid)
      from json_each(search_terms(:query)) as term
      join articles_fts on articles_fts match term.value
      where articles_fts.rowid > (select id from newest) - size
    ) >= {SEARCH_ROWS}
    order by size limit 1)), 0)
),
matches as materialized (
  select articles_fts.rowid as id, 1 as word, 0 as headline,
    bm25(articles_fts, {TITLE_WEIGHT}, {TEXT_WEIGHT}, {TITLE_WEIGHT}, {TEXT_WEIGHT},
      {TITLE_WEIGHT}, {TEXT_WEIGHT}) as score
  from json_each(search_terms(:query)) as term
  join articles_fts on articles_fts match term.value
  where articles_fts.rowid > (select id from lowest)
  union all
  select articles_fts.rowid, 0, 1, 0
  from json_each(search_terms(:query)) as term
  join articles_fts on articles_fts match in_headline(term.value)
  where json_array_length(search_terms(:query)) > 1
    and articles_fts.rowid > (select id from lowest)
),
hits as (
  select id, sum(word) as words, sum(headline) as headline, sum(score) as score
  from matches group by id
),
ranked as (
  select h.id, h.words, a.story_id,
    row_number() over (order by h.words desc, h.headline desc, h.score, h.id desc) as place
  from hits h join articles a on a.id = h.id
)
select a.id, a.published_at, s.name as source, a.title, a.url, a.story_id, r.words
from ranked r
join articles a on a.id = r.id
join sources s on s.id = a.source_id
order by min(r.place) over (partition by coalesce(r.story_id, -r.id)), r.place
limit {SEARCH_ROWS}"""

QUERIES: dict[str, dict[str, Any]] = {
    "search": {
        "title": "Search as aggregator search does",
        "description": "Type words as you would say them (Xiaomi recall SU7, covid-19, Model Y): "
        "articles with all the words first, then those with most, each word in any of its "
        "forms (delivery finds deliveries), the articles of one story together. Quotes, NOT, "
        "NEAR and title: keep their exact meaning; Chinese and Japanese words are found "
        "inside longer runs of characters. `words`: how many of the words an article has. "
        "Like aggregator search, it ranks the newest articles first (5,000, then windows "
        "eight times larger while they hold fewer than 200 matches). "
        "Needs aggregator serve (it provides search_terms() and in_headline()).",
        "sql": SEARCH_SQL,
    },
    "latest_by_topic": {
        "title": "Latest articles on a topic",
        "description": "Newest first, with each article's relevance score for the topic "
        "(0–1). Pick the topic from the list: those in sources.yaml and any with articles.",
        "sql": """
select a.id, a.published_at, s.name as source, a.title, a.url, a.story_id,
  (select t.score from article_topics t where t.article_id = a.id and t.topic = :topic) as score
"""
        + ON_TOPIC_NEWEST_FIRST
        + """
limit 200""",
    },
    "topic_daily": {
        "title": "Articles and new stories per topic and day",
        "description": "Over the last `days` days (30 when empty), per UTC day: the topic's "
        "articles, and its stories whose first article on the topic appeared that day "
        "(as aggregator trends). To chart it, see README, Trends.",
        "sql": daily_sql(LAST_DAYS),
    },
    "topic_outlets": {
        "title": "Each outlet's share of a topic",
        "description": "Over the last `days` days (30 when empty): per topic, the articles "
        "of each outlet and their percentage of the topic's articles.",
        "sql": outlets_sql(LAST_DAYS),
    },
    "top_stories_week": {
        "title": "Top stories of the week",
        "description": "Stories seen in the last 7 days, by number of outlets.",
        "sql": """
select s.id as story_id, s.headline, s.source_count, s.article_count, s.first_seen, s.last_seen,
  (select group_concat(name, ', ') from (select distinct so.name from articles a
     join sources so on so.id = a.source_id where a.story_id = s.id)) as outlets
from stories s
where s.last_seen >= strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now', '-7 days')
order by s.source_count desc, s.article_count desc, s.last_seen desc
limit 100""",
    },
    "story": {
        "title": "One story with all its articles",
        "sql": """
select a.id, a.published_at, s.name as source, a.title, a.url, a.copy_of, a.copy_similarity,
  a.extraction_status
from articles a join sources s on s.id = a.source_id
where a.story_id = :story_id
order by coalesce(a.published_at, a.fetched_at), a.id""",
    },
    "article_history": {
        "title": "An article with its duplicates, aliases and revisions",
        "sql": """
select 'article' as kind, a.id as ref, a.title as title, a.url as url, a.fetched_at as at,
  null as similarity
from articles a where a.id = :article_id
union all
select 'original', o.id, o.title, o.url, o.fetched_at, a.copy_similarity
from articles a join articles o on o.id = a.copy_of where a.id = :article_id
union all
select 'copy', c.id, c.title, c.url, c.fetched_at, c.copy_similarity
from articles c where c.copy_of = :article_id
union all
select 'alias (' || u.kind || ')', null, null, u.url, u.seen_at, null
from article_urls u where u.article_id = :article_id
union all
select 'revision', r.id, r.title, null, r.replaced_at, null
from article_revisions r where r.article_id = :article_id
order by at""",
    },
    "topic_feed": {
        "title": "Atom feed of a topic",
        "description": "Follow a topic in any feed reader: add .atom to this page's URL, "
        "e.g. /aggregator/topic_feed.atom?topic=Tesla",
        "sql": """
select 'urn:aggregator:article:' || a.id as atom_id,
  a.title as atom_title,
  coalesce(a.published_at, a.fetched_at) as atom_updated,
  a.url as atom_link,
  s.name || ': ' || coalesce(nullif(a.summary, ''), substr(a.text, 1, 600)) as atom_content,
  a.author as atom_author_name
"""
        + ON_TOPIC_NEWEST_FIRST
        + """
limit 50""",
    },
}


# Bookkeeping of ingest (dedup signatures, story terms, migrations): no analyst reads them,
# and each listed would be counted on the database page.
INTERNAL_TABLES = (
    "_sqlite_migrations",
    "minhash_signatures",
    "minhash_bands",
    "story_terms",
    "term_stats",
    "pending_entries",
    "entry_articles",
    "outlet_boilerplate",
    "digest_stories",
)


def metadata(db_name: str, timezone: str = "UTC") -> dict[str, Any]:
    """Datasette metadata for the archive: descriptions, search, facets, queries, and the
    zone the article and story pages show times in."""
    return {
        "title": "News archive",
        "plugins": {"aggregator-pages": {"timezone": timezone}},
        "description": "Articles, stories and topics collected by aggregator "
        f"{__version__}. Search boxes take words as you type them (covid-19, Model Y, "
        "Tesla's): every word, in any of its forms. The topic query syntax (FTS5) works too: "
        'AND, OR, NOT, "phrases", prefix*, NEAR(a b, 5), title:word, and Chinese and '
        "Japanese words as typed (小米汽车). The search query ranks as aggregator search.",
        "databases": {
            db_name: {
                "tables": {
                    "articles": {
                        "description": "One row per article, stored once however many URLs "
                        "it had. Search: words as typed, or FTS5 syntax.",
                        "fts_table": "articles_fts",
                        "sort_desc": "published_at",
                        "label_column": "title",
                        "columns": ARTICLE_COLUMNS,
                    },
                    "article_index": {
                        "description": "Articles with outlet name, day and topics, for "
                        "browsing and faceting. Search: words as typed, or FTS5 syntax.",
                        "fts_table": "articles_fts",
                        "fts_pk": "id",
                        "sort_desc": "published_at",
                    },
                    "recent_articles": {
                        "description": "Articles published in the last seven days, faceted "
                        "by outlet, topic, language and day (over the whole article_index, "
                        "facets take seconds: ask for one once a search has narrowed it).",
                        "fts_table": "articles_fts",
                        "fts_pk": "id",
                        "sort_desc": "published_at",
                        "facets": ["source", {"array": "topics"}, "language", "day"],
                    },
                    "stories": {
                        "description": "Articles by different outlets about one event.",
                        "sort_desc": "last_seen",
                        "facets": ["source_count"],
                        "label_column": "headline",
                    },
                    "sources": {"description": "The outlets you watch.", "label_column": "name"},
                    "feeds": {"description": "Feed URLs with their health.", "label_column": "url"},
                    "source_health": {
                        "description": "Per source: last success, last error, failure "
                        "streak, next poll, articles in the last 24 h and per day."
                    },
                    "article_topics": {
                        "description": "Which article is filed under which topic, with its "
                        "relevance score (0–1: how much the article is about the topic).",
                        "sort_desc": "score",
                    },
                    "topic_definitions": {
                        "description": "Each topic's definition (a hash) as last applied, "
                        "and when: a retag redoes only topics whose definition changed."
                    },
                    "article_urls": {"description": "Every URL seen for an article."},
                    **{table: {"hidden": True} for table in INTERNAL_TABLES},
                    "article_revisions": {"description": "Earlier versions of updated articles."},
                    "fetch_log": {
                        "description": "One row per HTTP request.",
                        "sort_desc": "id",
                    },
                    "digests": {"description": "Digests sent."},
                    "story_corrections": {
                        "description": "An analyst's merges and splits of stories "
                        "(aggregator stories merge / split / undo): who, when, why.",
                        "sort_desc": "id",
                    },
                    "story_correction_articles": {
                        "description": "Which articles each correction moved, which stayed."
                    },
                },
                "queries": QUERIES,
            }
        },
    }


def datasette_arguments(
    database: Path, metadata_path: Path, host: str, port: int, open_browser: bool
) -> list[str]:
    arguments = [
        "serve",
        str(database),
        "--metadata",
        str(metadata_path),
        "--host",
        host,
        "--port",
        str(port),
        "--template-dir",
        str(TEMPLATES),
        "--setting",
        "truncate_cells_html",
        "300",
        "--setting",
        "default_page_size",
        "50",
        # each suggestion is a GROUP BY over the whole table or search result: seconds at
        # 200,000 articles, on every page
        "--setting",
        "suggest_facets",
        "off",
    ]
    if open_browser:
        arguments.append("--open")
    return arguments


def write_metadata(database: Path, directory: Path, timezone: str) -> Path:
    path = directory / "datasette-metadata.json"
    path.write_text(json.dumps(metadata(database.stem, timezone), indent=2), encoding="utf-8")
    return path


def serve(
    database: Path, metadata_dir: Path, host: str, port: int, open_browser: bool, timezone: str
) -> int:
    """Run Datasette in this process until interrupted (so a SIGTERM to `aggregator serve`
    stops the web server too — a child process would outlive it); returns an exit code."""
    from datasette.cli import cli as datasette_cli  # heavy import, only for this command
    from datasette.plugins import pm

    from . import datasette_charts, datasette_pages, datasette_plugin

    for name, plugin in (
        ("aggregator", datasette_plugin),
        ("aggregator-pages", datasette_pages),
        ("aggregator-charts", datasette_charts),
    ):
        if not pm.is_registered(plugin):
            pm.register(plugin, name=name)

    arguments = datasette_arguments(
        database, write_metadata(database, metadata_dir, timezone), host, port, open_browser
    )
    try:
        datasette_cli.main(args=arguments, prog_name="datasette", standalone_mode=False)
    except KeyboardInterrupt:
        return 0
    return 0
