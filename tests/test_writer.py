"""The writer's batches: one commit per batch of articles, prepared by worker processes,
with the same result as one article at a time."""

from __future__ import annotations

import base64
import contextlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest

from aggregator import (
    assign,
    config,
    dedup,
    importer,
    store,
    stored_features,
    stories,
    term_vectors,
    topics,
)
from tests.conftest import assert_consistent
from tests.test_stories_ingest import fetch_as_one_outlet

STORIES_DEV = Path(__file__).resolve().parent.parent / "benchmarks" / "data" / "stories_dev.jsonl"


def test_a_failed_article_undoes_only_its_own_writes_in_a_batch(tmp_path: Path) -> None:
    db = store.open_db(tmp_path / "t.db")
    with store.transaction(db):
        store.ensure_source(db, "kept", "now")
        with pytest.raises(RuntimeError), store.transaction(db):  # a savepoint
            store.ensure_source(db, "undone", "now")
            raise RuntimeError("this article failed")
        with store.transaction(db):
            store.ensure_source(db, "also kept", "now")
    names = [row[0] for row in db.execute("SELECT name FROM sources ORDER BY name")]
    assert names == ["also kept", "kept"]


def test_a_failed_batch_leaves_nothing(tmp_path: Path) -> None:
    db = store.open_db(tmp_path / "t.db")
    with pytest.raises(RuntimeError), store.transaction(db):
        with store.transaction(db):
            store.ensure_source(db, "written", "now")
        raise RuntimeError("the process dies before the batch commits")
    assert db.execute("SELECT COUNT(*) FROM sources").fetchone()[0] == 0
    with store.transaction(db):  # and the connection is usable again
        store.ensure_source(db, "next", "now")


def _stories(path: Path) -> list[tuple[str, int, int | None]]:
    """Each article's URL with its story's rank and its original's rank (ids differ only
    by numbering, so compare the groupings)."""
    conn = sqlite3.connect(path)
    rows = conn.execute("SELECT url, story_id, copy_of, id FROM articles ORDER BY url").fetchall()
    conn.close()
    story_rank = {s: i for i, s in enumerate(sorted({r[1] for r in rows}))}
    url_of = {r[3]: r[0] for r in rows}
    return [
        (url, story_rank[story], copy_of and url_of[copy_of]) for url, story, copy_of, _ in rows
    ]


def test_workers_prepare_batches_with_the_same_result_as_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = STORIES_DEV.read_text(encoding="utf-8").splitlines()
    assert len(lines) > 40
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    clock = lambda: "2030-01-01T00:00:00+00:00"  # noqa: E731
    monkeypatch.setattr(importer, "IMPORT_BATCH", len(lines) + 1)  # one batch: no pool
    one = importer.import_jsonl(store.open_db(tmp_path / "one.db"), source, clock=clock)
    started: list[int] = []
    make_executor = importer.workers.make_executor
    monkeypatch.setattr(
        importer.workers, "make_executor", lambda n=None: started.append(1) or make_executor(2)
    )
    monkeypatch.setattr(importer, "IMPORT_BATCH", 7)  # many batches: workers prepare them
    many = importer.import_jsonl(store.open_db(tmp_path / "many.db"), source, clock=clock)
    assert started, "the pool was never started"
    assert (one.imported, one.duplicates) == (many.imported, many.duplicates)
    assert _stories(tmp_path / "one.db") == _stories(tmp_path / "many.db")
    assert len({story for _, story, _ in _stories(tmp_path / "many.db")}) < len(lines)


def test_a_large_import_prepares_no_batch_in_the_writers_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The writer is the serial part of an import: it prepared the first batch itself
    (and loaded the word dictionary for the workers), a twentieth of its time, and parsed
    every line. A one-batch import still starts no pool."""
    prepared_here: list[str] = []  # a worker's appends stay in its own process
    prepare = importer.prepare

    def spy(article: importer.ImportedArticle, handed_over: bool = False) -> importer.Prepared:
        prepared_here.append(article.url)
        return prepare(article, handed_over)

    validate = importer.ImportedArticle.model_validate

    def validate_spy(data: object) -> importer.ImportedArticle:
        prepared_here.append("validated")
        return validate(data)

    monkeypatch.setattr(importer, "prepare", spy)
    monkeypatch.setattr(importer.ImportedArticle, "model_validate", validate_spy)
    monkeypatch.setattr(importer, "IMPORT_BATCH", 20)
    many = importer.import_jsonl(store.open_db(tmp_path / "many.db"), STORIES_DEV)
    assert many.imported > 40 and prepared_here == []  # nor a line read into an article
    monkeypatch.setattr(importer, "IMPORT_BATCH", 1000)
    one = importer.import_jsonl(store.open_db(tmp_path / "one.db"), STORIES_DEV)
    assert len(prepared_here) == 2 * (one.imported + one.duplicates)


def test_workers_encode_story_features_to_the_bytes_the_writer_would_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Encoding an article's story features was a twentieth of the writer's time; the
    workers do it, to the very bytes the writer would have written for the document it
    receives (set orders included: members are read back in that order)."""
    encoded_here: list[int] = []
    encode = stored_features.encode

    def spy(doc: stories.StoryDoc) -> bytes | None:
        encoded_here.append(1)
        return encode(doc)

    articles = list(importer._lines(STORIES_DEV))
    batches = ((0, batch, {}) for batch in importer._batches(iter(articles), 20))
    monkeypatch.setattr(stored_features, "encode", spy)
    prepared = [item for _, batch in importer._prepared_batches(batches) for item in batch]
    monkeypatch.setattr(stored_features, "encode", encode)
    assert encoded_here == []  # none in this process
    assert len(prepared) == len(articles)
    for item in prepared:
        assert isinstance(item, importer.Prepared)
        assert item.features is not None and item.features == encode(item.story_doc)
    monkeypatch.setattr(stored_features, "encode", spy)
    monkeypatch.setattr(importer, "IMPORT_BATCH", 20)
    summary = importer.import_jsonl(store.open_db(tmp_path / "t.db"), STORIES_DEV)
    assert summary.imported > 40 and encoded_here == []


def test_bad_lines_in_any_batch_are_reported_and_the_rest_stored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importer, "IMPORT_BATCH", 3)
    good = [
        {
            "url": f"https://example.com/a/{i}",
            "title": f"Headline {i}",
            "text": f"Body {i}.",
            "source": "Example",
        }
        for i in range(8)
    ]
    raw = [json.dumps(line) for line in good]
    raw.insert(4, "{not json")
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(raw) + "\n", encoding="utf-8")
    summary = importer.import_jsonl(store.open_db(tmp_path / "t.db"), source)
    assert summary.imported == 8
    assert summary.errors == [
        f"{source}:5: not valid JSON (Expecting property name enclosed in double quotes)"
    ]


ROOT = Path(__file__).resolve().parent.parent


def _topic_rules() -> list[topics.TopicRule]:
    """The shipped topics (scored by relevance), and search-query topics with an exclusion
    and a source filter: every kind of rule tagging applies."""
    return [
        *topics.rules(config.load_config(ROOT / "sources.yaml").topics),
        topics.TopicRule("Deliveries", "deliveries OR delivered", "tesla", ()),
        topics.TopicRule("Reuters autos", "vehicles OR cars", None, ("Reuters",)),
    ]


def _tags(db: store.sqlite_utils.Database) -> list[tuple[str, str, float]]:
    return db.execute(
        "SELECT a.url, t.topic, round(t.score, 6) FROM article_topics t "
        "JOIN articles a ON a.id = t.article_id ORDER BY 1, 2"
    ).fetchall()


def test_a_batch_is_tagged_with_a_few_search_queries_per_topic_and_the_same_tags(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tagging each new article on its own ran up to three search-index queries per topic
    per article; a batch needs at most three per topic, and tags exactly as a retag of the
    whole archive does."""
    monkeypatch.setattr(importer, "IMPORT_BATCH", 40)
    rules = _topic_rules()
    db = store.open_db(tmp_path / "t.db")
    store.retag_changed(db, rules)  # the import's own retag (of an empty archive) done before
    searches: list[str] = []
    db.conn.set_trace_callback(lambda sql: "articles_fts MATCH" in sql and searches.append(sql))
    summary = importer.import_jsonl(db, STORIES_DEV, topics=rules)
    db.conn.set_trace_callback(None)
    batches = -(-summary.imported // importer.IMPORT_BATCH)
    assert len(searches) <= 3 * len(rules) * batches
    imported = _tags(db)
    assert {topic for _, topic, _ in imported} == {rule.name for rule in rules}
    for rule in rules:
        store.retag_topic(db, rule)
    assert _tags(db) == imported


def test_document_frequencies_are_read_once_per_import_and_stored_exactly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importer, "IMPORT_BATCH", 20)
    requested = _spy_on_frequency_reads(monkeypatch)
    db = store.open_db(tmp_path / "t.db")
    importer.import_jsonl(db, STORIES_DEV)
    _assert_read_once_and_counted_exactly(db, requested)


def _spy_on_frequency_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The terms whose document frequencies are read from the database, as they are read."""
    requested: list[str] = []
    stored_frequencies = store.stories._stored_frequencies

    def spy(db: store.sqlite_utils.Database, terms: list[str]) -> dict[str, int]:
        requested.extend(terms)
        return stored_frequencies(db, terms)

    monkeypatch.setattr(store.stories, "_stored_frequencies", spy)
    return requested


def _assert_read_once_and_counted_exactly(
    db: store.sqlite_utils.Database, requested: list[str]
) -> None:
    """No term's document frequency was read twice, and each stored one is the number of
    stored articles whose vocabulary holds the term."""
    again = sorted({term for term, count in Counter(requested).items() if count > 1})
    assert not again, f"read again: {again[:5]}"
    counted: Counter[str] = Counter()
    for title, text in db.execute("SELECT title, text FROM articles"):
        counted.update(stories.vocabulary(stories.features(title, text[:1200])))
    assert dict(db.execute("SELECT term, df FROM term_stats").fetchall()) == counted


def test_document_frequencies_see_another_connections_commit(tmp_path: Path) -> None:
    db = store.open_db(tmp_path / "t.db")
    frequencies = store.DocumentFrequencies(db)
    with store.transaction(db):
        frequencies.count(["tesla", "recall"])
        frequencies.flush()
    assert frequencies.lookup(["tesla", "byd"])[0] == {"tesla": 1}
    other = sqlite3.connect(tmp_path / "t.db")
    other.execute("UPDATE term_stats SET df = df + 5 WHERE term = 'tesla'")
    other.commit()
    other.close()
    assert frequencies.lookup(["tesla", "byd"])[0] == {"tesla": 6}


def test_document_frequencies_count_terms_not_read_yet_from_the_table(tmp_path: Path) -> None:
    """Counting adds to the terms in memory in one step; a term not read yet (not looked
    up before it was counted) is still read from the table, the count added to it."""
    db = store.open_db(tmp_path / "t.db")
    with store.transaction(db):
        store.stories.count_documents(db, {"tesla": 3, "byd": 2})
    frequencies = store.DocumentFrequencies(db)
    assert frequencies.lookup(["tesla"])[0] == {"tesla": 3}
    with store.transaction(db):
        frequencies.count(["tesla", "byd", "nio"])
        assert frequencies.lookup(["tesla", "byd", "nio"])[0] == {"tesla": 4, "byd": 3, "nio": 1}
        frequencies.count(["tesla", "nio"])
        assert frequencies.lookup(["tesla", "byd", "nio"])[0] == {"tesla": 5, "byd": 3, "nio": 2}
        frequencies.flush()
    stored = dict(db.execute("SELECT term, df FROM term_stats").fetchall())
    assert stored == {"tesla": 5, "byd": 3, "nio": 2}


def test_document_frequency_reads_of_any_size_are_one_statement(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A statement text per number of terms was compiled again for nearly every article and
    crowded the other statements of placing one out of sqlite3's statement cache."""
    db = store.open_db(tmp_path / "t.db")
    odd = ['say "no"', "it's", "小米汽车", "déjà", "a\\b", "🚗"]
    stored = {term: n + 1 for n, term in enumerate(odd + [f"w{n}" for n in range(700)])}
    with store.transaction(db):
        store.stories.count_documents(db, stored)
    statements: list[str] = []
    execute = db.execute

    def spy(sql: str, parameters: object = None) -> object:
        statements.append(sql)
        return execute(sql, parameters)

    monkeypatch.setattr(db, "execute", spy)
    frequencies = [
        store.term_frequencies(db, [*terms, "never-stored"])[0]
        for terms in (odd, list(stored)[:3], list(stored))
    ]
    assert frequencies[0] == {term: stored[term] for term in odd}
    assert frequencies[2] == stored  # more terms than SQLite takes as parameters
    reads = {sql for sql in statements if "term_stats" in sql}
    assert len(reads) == 1, reads


def test_a_backfill_shards_fingerprint_is_used_not_computed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = json.loads(STORIES_DEV.read_text(encoding="utf-8").splitlines()[0])
    fingerprint = dedup.fingerprint(first["text"])
    assert fingerprint.signature is not None
    carried = {
        **first,
        "content_hash": fingerprint.content_hash,
        "minhash": base64.b64encode(fingerprint.signature).decode(),
    }
    broken = {**first, "url": "https://example.com/other", "minhash": "not base64!"}
    source = tmp_path / "shard.jsonl"
    source.write_text(f"{json.dumps(carried)}\n{json.dumps(broken)}\n", encoding="utf-8")

    def fingerprint_again(text: str) -> dedup.Fingerprint:
        raise AssertionError("the shard's fingerprint was computed again")

    monkeypatch.setattr(importer.dedup, "fingerprint", fingerprint_again)
    db = store.open_db(tmp_path / "t.db")
    summary = importer.import_jsonl(db, source)
    assert summary.imported == 1
    assert summary.errors == [f"{source}:2: minhash: expected base64"]
    stored = db.execute("SELECT band, bucket FROM minhash_bands ORDER BY band").fetchall()
    assert stored == fingerprint.bands
    assert db.execute("SELECT content_hash FROM articles").fetchone()[0] == fingerprint.content_hash


def test_a_storys_members_are_read_again_only_after_it_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each article used to read the members of every candidate story from the database;
    the writer keeps them and rereads a story only after a write changed it."""
    monkeypatch.setattr(importer, "IMPORT_BATCH", 20)
    reads: Counter[int] = Counter()
    members_of_stories = store.members_of_stories

    def spy(db: store.sqlite_utils.Database, story_ids: list[int], limit: int) -> dict:
        reads.update(story_ids)
        return members_of_stories(db, story_ids, limit)

    monkeypatch.setattr(store, "members_of_stories", spy)
    monkeypatch.setattr(store.stories, "members_of_stories", spy)
    db = store.open_db(tmp_path / "t.db")
    summary = importer.import_jsonl(db, STORIES_DEV)
    stories_joined = db.execute(
        "SELECT COUNT(*) FROM articles a WHERE a.id > (SELECT MIN(id) FROM articles b "
        "WHERE b.story_id = a.story_id)"
    ).fetchone()[0]
    # at most once before its first joiner and once after each, plus consolidation's own read
    assert sum(reads.values()) <= summary.imported + stories_joined + len(reads)


def test_kept_story_members_are_dropped_when_another_connection_commits(tmp_path: Path) -> None:
    db = store.open_db(tmp_path / "t.db")
    importer.import_jsonl(db, STORIES_DEV)
    story = db.execute("SELECT MIN(story_id) FROM articles").fetchone()[0]
    members = assign.StoryMembers(db)
    assert members.missing([story]) == [story]
    members.keep([(story, [[]])])
    assert members.missing([story]) == []
    other = sqlite3.connect(tmp_path / "t.db")
    other.execute("UPDATE articles SET title = 'Corrected' WHERE story_id = ?", [story])
    other.commit()
    other.close()
    assert members.missing([story]) == [story]


def test_a_fetch_pass_reads_document_frequencies_once_and_stores_them_exactly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = [json.loads(line) for line in STORIES_DEV.read_text(encoding="utf-8").splitlines()]
    rows = [row for row in rows if row["source"] == "Reuters"]
    requested = _spy_on_frequency_reads(monkeypatch)
    fetch_as_one_outlet(tmp_path, "Reuters", rows)
    db = store.open_db(tmp_path / "test.db")
    assert db.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == len(rows)
    _assert_read_once_and_counted_exactly(db, requested)


def test_candidates_of_both_windows_from_one_query_are_those_of_two(tmp_path: Path) -> None:
    db = store.open_db(tmp_path / "t.db")
    importer.import_jsonl(db, STORIES_DEV)
    terms = [row[0] for row in db.execute("SELECT DISTINCT term FROM story_terms LIMIT 40")]
    excluded = 0
    for since, wider in [("2026-11-01", "2026-10-01"), ("2026-11-20", "2026-11-05")]:
        everything = store.candidate_stories(db, terms, since=since, until="2026-12-31")
        starts = sorted({_dates(db, story)[0] for story in everything})
        # a story started after `until` is no candidate, even among those sharing most terms
        for until in ["2026-12-31", *starts[-2:-1]]:
            both = store.candidate_stories_in_windows(db, terms, since, wider, until, 4)
            recent = store.candidate_stories(db, terms, since=since, until=until)
            older = store.candidate_stories(db, terms, since=wider, until=until, limit=4)
            assert recent and older != recent
            assert [[c.story for c in found] for found in both] == [recent, older]
            dates = {c.story: (c.first_seen, c.last_seen) for found in both for c in found}
            assert dates == {story: _dates(db, story) for story in dates}
            excluded += recent != everything
    assert excluded


def test_candidates_come_with_their_dates_in_one_statement(tmp_path: Path) -> None:
    """Placing an article reads its candidate stories and when each started and was last
    seen in one round trip: the dates read by a second statement were a seventh of it."""
    db = store.open_db(tmp_path / "t.db")
    importer.import_jsonl(db, STORIES_DEV)
    terms = [row[0] for row in db.execute("SELECT DISTINCT term FROM story_terms LIMIT 40")]
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    recent, older = store.candidate_stories_in_windows(
        db, terms, "2026-11-01", "2026-10-01", "2026-12-31", 4
    )
    db.conn.set_trace_callback(None)
    assert recent and older
    assert len(statements) == 1, statements


def _dates(db: store.sqlite_utils.Database, story: int) -> tuple[str, str]:
    brief = store.story_brief(db, story)
    assert brief is not None
    return brief["first_seen"], brief["last_seen"]


def test_settling_an_import_scores_each_pair_of_documents_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Re-placing members (`rehome`) looks at the same two stories for every article that
    matched across them, and consolidating and splitting look at those stories again:
    each ordered pair of documents is scored once in all of settling."""
    scored: dict[str, list[tuple[int, int]]] = {}
    step = ["placing"]
    score = stories.Scorer.score  # what settling's remembering scorer computes on a miss

    def spy(self, a: stories.StoryDoc, b: stories.StoryDoc):  # type: ignore[no-untyped-def]
        scored.setdefault(step[0], []).append((id(a), id(b)))
        return score(self, a, b)

    def during(name: str):  # type: ignore[no-untyped-def]
        original = getattr(assign, name)

        def run(*args, **kwargs):  # type: ignore[no-untyped-def]
            step[0] = f"{name} {len(scored)}"
            try:
                return original(*args, **kwargs)
            finally:
                step[0] = "placing"

        return run

    monkeypatch.setattr(stories.Scorer, "score", spy)
    for name in ("rehome", "consolidate", "split_apart"):
        monkeypatch.setattr(assign, name, during(name))
    importer.import_jsonl(store.open_db(tmp_path / "t.db"), STORIES_DEV)
    settling = [pair for name, pairs in scored.items() if name != "placing" for pair in pairs]
    assert len(settling) > 100  # it did score
    again = [pair for pair, count in Counter(settling).items() if count > 1]
    assert not again, f"{len(again)} pairs scored more than once"


def test_candidate_stories_are_read_from_the_term_index_alone(tmp_path: Path) -> None:
    """Each story a term is shared with comes from the index, not from a row fetched from
    the table (one random read per row on a large archive's cold cache)."""
    db = store.open_db(tmp_path / "t.db")
    importer.import_jsonl(db, STORIES_DEV)
    terms = [row[0] for row in db.execute("SELECT DISTINCT term FROM story_terms LIMIT 40")]
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    store.candidate_stories(db, terms, since="2026-11-01", until="2026-12-31")
    store.candidate_stories_in_windows(db, terms, "2026-11-01", "2026-10-01", "2026-12-31", 4)
    db.conn.set_trace_callback(None)
    term_reads = [sql for sql in statements if "story_terms" in sql]
    assert len(term_reads) == 2
    for sql in term_reads:
        steps = [row[3] for row in db.execute(f"EXPLAIN QUERY PLAN {sql}")]
        term_steps = [step for step in steps if step.startswith("SEARCH t ")]
        assert term_steps == [
            "SEARCH t USING COVERING INDEX story_terms_recent (term=? AND last_seen>?)"
        ], steps


def _dev_docs() -> list[stories.StoryDoc]:
    lines = [json.loads(line) for line in STORIES_DEV.read_text(encoding="utf-8").splitlines()]
    return [
        stories.features(item["title"], item["text"][: store.MEMBER_TEXT_CHARS]) for item in lines
    ]


def test_an_articles_scores_against_members_are_those_of_the_pairwise_scorer() -> None:
    """Placing an article scores it under its own vocabulary's weights, whatever the
    members' own terms: the vectors' cosines, all members at once, must give the plain
    scorer's figures (one numbering of terms over many articles, as a writer keeps it)."""
    docs = _dev_docs()
    assert len(docs) > 20
    vectors = term_vectors.TermVectors()
    seen: list[float] = []
    for article in docs[:12]:
        vocabulary = stories.vocabulary(article)
        idf = stories.idf_weights(vocabulary, {term: len(term) % 5 for term in vocabulary}, 50)
        plain = stories.Scorer(idf)
        empty = stories.StoryDoc(Counter(), frozenset())  # no terms: a stretch of none
        groups = [(1, docs[:7]), (2, []), (3, [empty, *docs[7:], empty])]
        scores = assign._article_scores(article, idf, groups, vectors)
        expected = [plain.score(article, member) for member in [empty, *docs[7:], empty]]
        assert scores[0] == pytest.approx([plain.score(article, m) for m in docs[:7]], abs=1e-12)
        assert scores[2] == pytest.approx(expected, abs=1e-12)
        assert scores[1] == [] and scores[2][0] == scores[2][-1] == 0.0
        seen += expected
    assert 0.0 in seen and sum(score >= stories.MATCH_THRESHOLD for score in seen) > 12


def test_term_vectors_start_over_when_full_and_score_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A writer's numbering of terms is bounded: once it holds DOCUMENTS_KEPT documents it
    starts over, numbering terms afresh, and the scores stay what they were."""
    docs = _dev_docs()
    article = docs[0]
    vocabulary = stories.vocabulary(article)
    idf = stories.idf_weights(vocabulary, {term: len(term) % 5 for term in vocabulary}, 50)
    members = docs[1:25]
    expected = term_vectors.TermVectors().article_cosines(article, idf, members)
    monkeypatch.setattr(term_vectors, "DOCUMENTS_KEPT", 12)
    vectors = term_vectors.TermVectors()
    kept = []
    for start in range(0, len(members), 4):  # every other call meets a full memory
        assert vectors.article_cosines(article, idf, members[start : start + 4]) == pytest.approx(
            expected[start : start + 4], abs=1e-12
        )
        kept.append(len(vectors.vectors))
    assert kept == [5, 9, 5, 9, 5, 9]  # the article and 4 members, then 4 more


def test_the_settling_scorer_gives_match_scores_as_its_table_learns_terms() -> None:
    """Settling's scorer keeps each term's squared weight; a term its table does not know
    yet weighs 1 and must not stay at 1 once a consolidation learns its weight
    (`assign._Weights.cover`): every score equals `match_score` under the table of the
    moment, to the last bit."""
    docs = _dev_docs()
    vocabulary = sorted({term for doc in docs for term in stories.vocabulary(doc)})
    weights = stories.idf_weights(vocabulary, {term: len(term) % 5 for term in vocabulary}, 50)
    idf = {term: weights[term] for term in vocabulary[::2]}  # half the terms known at first
    scorer = stories.Scorer(idf)

    def plain(a: stories.StoryDoc, b: stories.StoryDoc) -> float:
        norms = (stories.weighted_norm(a, idf), stories.weighted_norm(b, idf))
        return stories.match_score(a, b, idf, norms)

    early = [(a, b) for a in docs[:10] for b in docs[10:20]]
    assert [scorer.score(a, b) for a, b in early] == [plain(a, b) for a, b in early]
    idf.update(weights)  # the table learns the other half, as `cover` adds new documents'
    late = [(a, b) for a in docs[20:30] for b in docs[30:]]  # documents not scored before
    assert [scorer.score(a, b) for a, b in late] == [plain(a, b) for a, b in late]
    assert any(scorer.score(a, b) >= stories.MATCH_THRESHOLD for a, b in late)


def test_placing_an_article_weighs_no_members_norm_on_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A member's norm under the article's weights differs from its plain one only on the
    terms the two share, which the dot product walks anyway: placing computes one weighted
    norm per article (its own), not one per member compared."""
    db = store.open_db(tmp_path / "t.db")
    importer.import_jsonl(db, STORIES_DEV)
    norms = []
    weighted_norm = stories.weighted_norm

    def spy(doc: stories.StoryDoc, idf: dict[str, float]) -> float:
        norms.append(id(doc))
        return weighted_norm(doc, idf)

    monkeypatch.setattr(stories, "weighted_norm", spy)
    item = json.loads(STORIES_DEV.read_text(encoding="utf-8").splitlines()[3])
    decision = assign.decide(
        db,
        title=item["title"] + " update",
        text=item["text"] + " More details followed later.",
        fingerprint=dedup.Fingerprint(None, None, []),
        story_time=item["published"],
        window=timedelta(hours=72),
    )
    assert decision.placement is not None and decision.placement.story_id is not None
    assert len(norms) == 1


def _story_rows(db: store.sqlite_utils.Database) -> list[tuple]:
    return db.execute(
        "SELECT id, headline, headline_article_id, first_seen, last_seen, article_count, "
        "source_count FROM stories ORDER BY id"
    ).fetchall()


def test_an_import_batch_is_one_transaction_without_a_savepoint_per_article(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A savepoint per article made FTS5 write its pending index out as a new segment for
    every article: a batch is one transaction, and only a source's first row (written
    once per import) opens a savepoint."""
    lines = STORIES_DEV.read_text(encoding="utf-8").splitlines()
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setattr(importer, "IMPORT_BATCH", len(lines) // 2 + 1)  # two batches
    monkeypatch.setattr(assign.Arrivals, "settle", lambda *args: None)  # its own writes
    db = store.open_db(tmp_path / "t.db")
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    summary = importer.import_jsonl(db, source, clock=lambda: "2030-01-01T00:00:00+00:00")
    db.conn.set_trace_callback(None)
    assert summary.imported > 40
    outlets = {json.loads(line)["source"] for line in lines}
    assert sum(s.startswith("BEGIN") for s in statements) == 2
    assert sum(s.startswith("SAVEPOINT") for s in statements) == len(outlets)


def test_a_batch_counts_each_story_once_and_as_a_recount_would(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A story's counts and headline are made once per batch, not once per article that
    joins it; its first and last dates at once (placing the next article reads them).
    What is stored is what recounting every story from its articles gives, a duplicate
    from another outlet included."""
    lines = STORIES_DEV.read_text(encoding="utf-8").splitlines()
    first = json.loads(lines[0])
    again = first | {"url": "https://elsewhere.example/copy", "source": "Elsewhere"}
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join([*lines, json.dumps(again)]) + "\n", encoding="utf-8")
    monkeypatch.setattr(importer, "IMPORT_BATCH", len(lines) + 2)  # one batch
    monkeypatch.setattr(assign.Arrivals, "settle", lambda *args: None)  # its own recounts
    db = store.open_db(tmp_path / "t.db")
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    summary = importer.import_jsonl(db, source, clock=lambda: "2030-01-01T00:00:00+00:00")
    db.conn.set_trace_callback(None)
    assert summary.duplicates == 1
    stored = _story_rows(db)
    assert sum(s.startswith("UPDATE stories SET headline") for s in statements) == len(stored)
    assert len(stored) < summary.imported  # stories with several articles were counted once
    with store.transaction(db):
        for story_id, *_ in stored:
            store.stories._refresh_story(db, story_id)
    assert _story_rows(db) == stored
    story = db.execute(
        "SELECT s.source_count FROM stories s JOIN articles a ON a.story_id = s.id WHERE a.url = ?",
        [first["url"]],
    ).fetchone()
    assert story[0] >= 2  # the duplicate's outlet counts for its story


def test_a_failure_in_a_batch_leaves_none_of_its_articles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without a savepoint per article a failing write spoils its whole batch: the batches
    before it are stored whole, nothing of it is (no row, alias, band, key term, story or
    search-index entry), and the database reads as consistent."""
    lines = STORIES_DEV.read_text(encoding="utf-8").splitlines()[:30]
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setattr(importer, "IMPORT_BATCH", 10)
    insert = store.ArticleBatch.insert
    calls: list[int] = []

    def failing(self: store.ArticleBatch, *args: object, **kwargs: object) -> int:
        calls.append(1)
        if len(calls) == 15:
            raise sqlite3.OperationalError("disk I/O error")
        return insert(self, *args, **kwargs)

    monkeypatch.setattr(store.ArticleBatch, "insert", failing)
    db = store.open_db(tmp_path / "t.db")
    with pytest.raises(sqlite3.OperationalError):
        importer.import_jsonl(db, source, clock=lambda: "2030-01-01T00:00:00+00:00")
    urls = {row[0] for row in db.execute("SELECT url FROM articles")}
    assert urls == {json.loads(line)["url"] for line in lines[:10]}
    assert not db.execute(
        "SELECT 1 FROM article_urls WHERE article_id NOT IN (SELECT id FROM articles)"
    ).fetchone()
    assert not db.execute(
        "SELECT 1 FROM story_terms WHERE story_id NOT IN (SELECT story_id FROM articles)"
    ).fetchone()
    assert not db.execute(
        "SELECT 1 FROM minhash_bands WHERE article_id NOT IN (SELECT id FROM articles)"
    ).fetchone()
    db.execute("INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')")  # raises
    conn = sqlite3.connect(tmp_path / "t.db")
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert_consistent(conn)


def test_files_imported_through_one_writer_share_one_pool_and_decide_as_one_by_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A backfill merge imports its shards one after the other: one pool of preparing
    workers for all of them (a pool per shard prepared each shard's first batch in the
    writer's process), each shard batched and settled as if imported alone."""
    lines = STORIES_DEV.read_text(encoding="utf-8").splitlines()
    paths = []
    for number, start in enumerate(range(0, len(lines), 27)):
        path = tmp_path / f"shard-{number}.jsonl"
        path.write_text("\n".join(lines[start : start + 27]) + "\n", encoding="utf-8")
        paths.append(path)
    paths.append(tmp_path / "empty.jsonl")
    paths[-1].write_text("", encoding="utf-8")
    monkeypatch.setattr(importer, "IMPORT_BATCH", 10)
    pools: list[int] = []
    make_executor = importer.workers.make_executor
    monkeypatch.setattr(
        importer.workers, "make_executor", lambda n=None: pools.append(1) or make_executor(2)
    )
    clock = lambda: "2030-01-01T00:00:00+00:00"  # noqa: E731
    alone = [
        importer.import_jsonl(store.open_db(tmp_path / "alone.db"), path, clock=clock)
        for path in paths
    ]
    assert len(pools) == 3  # one per shard of more than one batch
    pools.clear()
    together = list(importer.import_files(store.open_db(tmp_path / "one.db"), paths, clock=clock))
    assert len(pools) == 1
    assert [(s.imported, s.duplicates, s.errors) for s in together] == [
        (s.imported, s.duplicates, s.errors) for s in alone
    ]
    assert _stories(tmp_path / "alone.db") == _stories(tmp_path / "one.db")


def test_a_fetched_articles_story_features_and_search_columns_come_from_its_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The event loop stores what the extraction worker computed for an article page (its
    story features and search columns) instead of computing them again, and stores the
    same search columns it would have computed."""
    rows = [json.loads(line) for line in STORIES_DEV.read_text(encoding="utf-8").splitlines()]
    rows = [row for row in rows if row["source"] == "Reuters"]
    here = os.getpid()
    computed: list[str] = []
    for module, name in [(stories, "compute_features"), (store.articles, "index_forms_of")]:
        original = getattr(module, name)

        def spy(*args: object, _original=original, _name=name) -> object:
            if os.getpid() == here:  # the workers' own calls stay in their memory
                computed.append(_name)
            return _original(*args)

        monkeypatch.setattr(module, name, spy)
    fetch_as_one_outlet(tmp_path, "Reuters", rows)
    assert computed == []
    db = store.open_db(tmp_path / "test.db")
    columns = ", ".join(store.index_forms_of("a", "b", None))
    stored = db.execute(f"SELECT title, text, language, {columns} FROM articles").fetchall()
    assert len(stored) == len(rows)
    for title, text, language, *forms in stored:
        assert tuple(forms) == tuple(store.index_forms_of(title, text, language).values())


def test_an_import_killed_mid_batch_leaves_whole_batches_and_a_rerun_completes_it(
    tmp_path: Path,
) -> None:
    """SIGKILL while `aggregator import` writes: every batch is in whole or not at all (no
    article without its search row, story or counts; no orphan alias, band or key term),
    and importing the file again stores the rest."""
    lines = STORIES_DEV.read_text(encoding="utf-8").splitlines()
    copies = []
    for copy in range(2):
        for line in lines:
            row = json.loads(line)
            row["url"] = f"{row['url'].rstrip('/')}/copy-{copy}"
            row["text"] = f"{row['text']}\n\nEdition {copy}."
            copies.append(json.dumps(row))
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(copies) + "\n", encoding="utf-8")
    db_path = tmp_path / "t.db"
    command = [
        sys.executable,
        "-c",
        "import aggregator.importer as i; i.IMPORT_BATCH = 10; "
        "from aggregator.cli import main; main()",
        "import",
        str(source),
        "--db",
        str(db_path),
    ]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    stored = 0
    while not stored and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
        with contextlib.suppress(sqlite3.Error):
            conn = sqlite3.connect(db_path)
            stored = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
            conn.close()
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    conn = sqlite3.connect(db_path)
    killed_at = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    assert 0 < killed_at < len(copies), "the kill came before the first or after the last batch"
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert_consistent(conn)
    for orphans in [
        "SELECT 1 FROM article_urls WHERE article_id NOT IN (SELECT id FROM articles)",
        "SELECT 1 FROM minhash_bands WHERE article_id NOT IN (SELECT id FROM articles)",
        "SELECT 1 FROM story_terms WHERE story_id NOT IN (SELECT story_id FROM articles)",
    ]:
        assert conn.execute(orphans).fetchone() is None, orphans
    conn.execute("INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')")
    conn.close()
    summary = importer.import_jsonl(store.open_db(db_path), source)
    conn = sqlite3.connect(db_path)
    assert summary.imported + summary.duplicates == len(copies)
    assert conn.execute("SELECT COUNT(*) FROM article_urls").fetchone()[0] >= len(copies)
    assert_consistent(conn)


def test_the_writer_reads_the_archive_through_a_memory_map(tmp_path: Path) -> None:
    """Placing an article looks terms, stories and bands up all over a large archive: read
    from the mapped file, not copied page by page into SQLite's cache."""
    db = store.open_db(tmp_path / "t.db")
    assert db.execute("PRAGMA mmap_size").fetchone()[0] >= 1 << 30


def test_rehoming_looks_at_two_stories_again_only_after_a_move(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every article of an event pulls across the same two stories: once a pair of stories
    moved nothing, looking again finds the same, until some member moves."""
    looked: list[tuple[int, int, int]] = []
    take = assign._take_closer_members

    def spy(db, home, other, weights):  # type: ignore[no-untyped-def]
        moved = take(db, home, other, weights)
        looked.append((home, other, moved))
        return moved

    monkeypatch.setattr(assign, "_take_closer_members", spy)
    importer.import_jsonl(store.open_db(tmp_path / "t.db"), STORIES_DEV)
    assert looked  # it did look
    since_move: set[tuple[int, int]] = set()
    for home, other, moved in looked:
        assert (home, other) not in since_move, "the same two stories looked at again"
        since_move = set() if moved else since_move | {(home, other)}


def test_remembered_members_are_dropped_for_a_new_member_and_kept_for_a_copy(
    tmp_path: Path,
) -> None:
    """A written original changes its story's members, so the writer reads them again; a
    copy joins no story's members (they are originals), so what is remembered stays."""
    db = store.open_db(tmp_path / "m.db")
    members = assign.StoryMembers(db)
    placement = store.Placement(story_id=5, story_time="2026-11-20", key_terms=[], vocabulary=[])
    members.keep([(5, [[]])])
    members.placed(assign.Decision(copy_of=3, placement=placement))
    assert members.missing([5]) == []
    members.placed(assign.Decision(placement=placement))
    assert members.missing([5]) == [5]
