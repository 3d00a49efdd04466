"""Why a story holds its articles: each member scored against the rest of the story.

An analyst who doubts a story needs the matcher's own reasons, not a second opinion: every
figure here comes from the functions that place articles (`stories.features`, the IDF table
from `store.term_frequencies`, `stories.Scorer` and `stories.best_story_for_story`), read
with today's document frequencies. So a member's score is what it would get if it arrived
now against the story's other originals, and the explanation follows any change to the
matcher. Placing an article weighs the terms of the arriving article (`assign.decide`: the
IDF table covers its vocabulary; the story's other terms weigh 1), and so is each member
weighed here: scored with one table for the whole story's vocabulary, a member that joined
at 0.29 read 0.14, under the threshold it had passed. Copies are there by their copy link,
not by a score; their link is shown.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import sqlite_utils

from . import store, stories

SHOWN_TERMS = 10
_DECIMAL_MARK = re.compile(r"(?<=\d)_(?=\d)")  # `stories.tokens` writes 2.03 as 2_03


@dataclass
class MemberExplanation:
    article_id: int
    source: str
    title: str
    score: float | None  # against the story's other originals, by the joining rule
    closest: int | None  # the original it scores highest with
    closest_score: float | None
    anchor_adjustment: float | None  # what figures (and other anchors) add to that pair's cosine
    shared_terms: list[str]  # its terms other originals use too, by their part in the scores
    key_terms: list[str]  # those among them that index the story (`story_terms`)
    shared_figures: list[str]
    shared_anchors: list[str]  # language-independent: figures (#) and names (@), rarest first
    against: list[int]  # originals whose anchors count against it (a clash of figures)
    copy_of: int | None
    copy_similarity: float | None
    declared_original: str | None  # the URL its cross-site rel=canonical names
    moved_by: list[int]  # the analyst's corrections that moved it (`stories corrections`)


def explain_story(db: sqlite_utils.Database, story_id: int) -> list[MemberExplanation]:
    """One explanation per article of the story, oldest first."""
    members = store.story_leads(db, story_id)
    docs = {m["id"]: stories.features(m["title"], m["text"]) for m in members}
    vocabularies = {article: stories.vocabulary(doc) for article, doc in docs.items()}
    frequencies, total = store.term_frequencies(db, sorted(set().union(*vocabularies.values())))
    originals = [m["id"] for m in members if m["copy_of"] is None]
    index_terms = set(store.story_key_terms(db, story_id))
    moved = store.corrections_moving(db, list(docs))
    explained = []
    for member in members:
        rest = [a for a in originals if a not in (member["id"], member["copy_of"])]
        doc = docs[member["id"]]
        scorer = stories.Scorer(stories.idf_weights(vocabularies[member["id"]], frequencies, total))
        link = _explain(member, doc, {a: docs[a] for a in rest}, scorer, index_terms)
        link.moved_by = moved.get(member["id"], [])
        explained.append(link)
    return explained


def _explain(
    member: dict,
    doc: stories.StoryDoc,
    rest: dict[int, stories.StoryDoc],
    scorer: stories.Scorer,
    index_terms: set[str],
) -> MemberExplanation:
    link = MemberExplanation(
        article_id=member["id"],
        source=member["source"],
        title=member["title"],
        score=None,
        closest=None,
        closest_score=None,
        anchor_adjustment=None,
        shared_terms=[],
        key_terms=[],
        shared_figures=[],
        shared_anchors=[],
        against=[],
        copy_of=member["copy_of"],
        copy_similarity=member["copy_similarity"],
        declared_original=member["original_url"],
        moved_by=[],
    )
    if not rest:
        return link
    _, score = stories.best_story_for_story([doc], {0: list(rest.values())}, scorer, 0.0)
    pairs = {other: scorer.score(doc, other_doc) for other, other_doc in rest.items()}
    adjustments = {
        other: pairs[other]
        - stories.cosine(doc, rest[other], scorer.idf, (scorer.norm(doc), scorer.norm(rest[other])))
        for other in rest
    }
    closest = max(pairs, key=lambda other: (pairs[other], -other))
    weight = Counter[str]()  # each shared term's part of the dot products with the rest
    for other in rest.values():
        for term in doc.terms.keys() & other.terms.keys():
            weight[term] += doc.terms[term] * other.terms[term] * scorer.idf.get(term, 1.0) ** 2
    shared = sorted(weight, key=lambda term: (-weight[term], term))
    link.score = round(score, 3)
    link.closest, link.closest_score = closest, round(pairs[closest], 3)
    link.anchor_adjustment = round(adjustments[closest], 3)
    link.shared_terms = [_shown(term) for term in shared[:SHOWN_TERMS]]
    link.key_terms = [_shown(term) for term in shared if term in index_terms][:SHOWN_TERMS]
    figures = doc.numbers & set().union(*(other.numbers for other in rest.values()))
    link.shared_figures = sorted(_shown(figure) for figure in figures)
    anchors = set().union(*(doc.anchors & other.anchors for other in rest.values()))
    rarest = sorted(anchors, key=lambda anchor: (-scorer.idf.get(anchor, 1.0), anchor))
    link.shared_anchors = rarest[:SHOWN_TERMS]
    link.against = sorted(other for other, value in adjustments.items() if value < -1e-9)
    return link


def _shown(term: str) -> str:
    return _DECIMAL_MARK.sub(".", term)
