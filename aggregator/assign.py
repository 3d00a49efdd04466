"""What a new article is: an exact duplicate, a copy of a stored article, or a story member.

Both ways in — `fetch` and `import` — ask this module before writing, so an archive import
and a day of fetching produce the same dedup links and the same stories. It only reads; the
decision is written together with the article, in its batch's one transaction, by
`store.ArticleBatch`.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import sqlite_utils

from . import dedup, store, stored_features, stories, term_vectors
from .dates import to_iso
from .urls import canonicalize

MEMBERS_REMEMBERED = 3_000  # stories whose documents a batched writer keeps
REPLACE_GROWTH = 2.0  # a lone article is placed again once the archive is this much larger
PAIRS_REMEMBERED = 500_000  # pair scores one consolidation keeps (~60 MB at most)


@dataclass
class Decision:
    duplicate_of: int | None = None  # the same text is stored: record an alias only
    copy_of: int | None = None
    copy_similarity: float | None = None
    placement: store.Placement | None = None


def decide(
    db: sqlite_utils.Database,
    *,
    title: str,
    text: str,
    fingerprint: dedup.Fingerprint,
    story_time: str,
    window: timedelta,
    urls: list[str] | None = None,
    declared_original: str | None = None,
    source_id: int | None = None,
    headline: str | None = None,
    distinct_from: Collection[int] = (),
    frequencies: store.DocumentFrequencies | None = None,
    members: StoryMembers | None = None,
) -> Decision:
    """`declared_original` is a cross-site rel=canonical: the page's own claim of where the
    original lives, preferred over "earliest seen" when that article is stored.

    The same text makes a duplicate, except when it is boilerplate the outlet (`source_id`)
    serves for items with other headlines (`headline`, the item's own), and except for the
    articles in `distinct_from`, which the caller knows to be other items. A batched writer
    passes the `frequencies` and story `members` it keeps in memory."""
    boilerplate = (
        source_id is not None
        and bool(headline and fingerprint.content_hash)
        and boilerplate_for_outlet(
            db, source_id, fingerprint.content_hash or "", headline or "", text
        )
        is not None
    )
    if fingerprint.content_hash and not boilerplate:
        duplicate = store.find_by_content_hash(db, fingerprint.content_hash)
        if duplicate is not None and duplicate not in distinct_from:
            return Decision(duplicate_of=duplicate)
    copy_of, similarity = (
        (None, None)
        if boilerplate  # a notice shared by many pages is not an original of anything
        else _find_original(db, text, fingerprint, urls or [], declared_original)
    )
    supersedes = None
    if copy_of is not None and declared_original is None:
        original = store.article_brief(db, copy_of)
        if story_time < original["at"] and not original["original_url"]:
            # "earliest" means earliest published: this one is the original after all
            supersedes, copy_of = copy_of, None
    doc = stories.features(title, text[: store.MEMBER_TEXT_CHARS])  # as members are read
    vocabulary, idf, key_terms = weigh(doc, frequencies or store.DocumentFrequencies(db))
    bridges: list[int] = []
    pulled: list[int] = []
    if copy_of is not None or supersedes is not None:
        story_id = store.article_brief(db, copy_of or supersedes)["story_id"]
    else:
        story_id, bridges, pulled = _match_story(
            db, doc, idf, key_terms, story_time, window, members
        )
    return Decision(
        copy_of=copy_of,
        copy_similarity=similarity if copy_of else None,
        placement=store.Placement(
            story_id=story_id,
            supersedes=supersedes,
            supersede_similarity=similarity if supersedes else None,
            story_time=story_time,
            key_terms=key_terms,
            vocabulary=vocabulary,
            signature=fingerprint.signature,
            bands=fingerprint.bands,
            adopt=_declared_copies(db, text, urls or []),
            bridges=bridges,
            pulled=pulled,
            story_doc=doc,
        ),
    )


def weigh(
    doc: stories.StoryDoc, frequencies: store.DocumentFrequencies
) -> tuple[list[str], dict[str, float], list[str]]:
    """An arriving article's vocabulary, its terms' weights in the archive as it is, and the
    key terms that index it: what placing it asks (`decide`, `replace_lone`)."""
    vocabulary = stories.vocabulary(doc)
    found, total = frequencies.lookup(vocabulary)
    idf = stories.idf_weights(vocabulary, found, total)
    return vocabulary, idf, stories.choose_key_terms(doc, idf)


def boilerplate_for_outlet(
    db: sqlite_utils.Database,
    source_id: int,
    content_hash: str,
    headline: str,
    text: str,
    itself: int | None = None,
) -> list[dict[str, Any]] | None:
    """None when this text may well be the article headlined `headline`; otherwise the
    outlet's stored articles that show the same text instead of their own (to be put right).

    A text is the outlet's boilerplate (a geo-block, consent or login wall it serves on many
    URLs) when it was recognised as such before, or when the outlet already stored it for
    another item with another headline and the text carries neither headline's words. True
    duplicates keep their alias: the same text under the same headline, or a text that does
    carry the headline (a syndicated copy, an article reached by two URLs). `itself`: the
    item's own stored article (a re-headlined item is not another item)."""
    known = store.is_outlet_boilerplate(db, source_id, content_hash)
    others = [
        held
        for held in store.outlet_articles_with_hash(db, source_id, content_hash)
        if held["id"] != itself
        and not dedup.same_headline(headline, held["entry_title"])
        and not dedup.same_headline(headline, held["title"])
        and dedup.headline_coverage(held["entry_title"] or held["title"], text)
        < dedup.HEADLINE_COVERAGE
    ]
    if known or (others and dedup.headline_coverage(headline, text) < dedup.HEADLINE_COVERAGE):
        return others
    return None


def _declared_copies(
    db: sqlite_utils.Database, text: str, urls: list[str]
) -> list[tuple[int, float]]:
    """Stored articles that named this one as their original and really are copies of it."""
    adopt = []
    own: set[str] | None = None
    for copy in store.declared_copies(db, urls):
        own = own if own is not None else dedup.shingles(text)
        measured = dedup.similarity(own, copy["text"])
        if measured.is_copy:
            adopt.append((copy["id"], round(measured.score, 3)))
    return adopt


def _find_original(
    db: sqlite_utils.Database,
    text: str,
    fingerprint: dedup.Fingerprint,
    urls: list[str],
    declared_original: str | None,
) -> tuple[int | None, float | None]:
    copies: list[tuple[str, int, float]] = []
    candidates = store.copy_candidates(db, fingerprint.bands)
    signatures = store.signatures(db, candidates)
    own = dedup.shingles(text) if candidates else set()
    for candidate in candidates:
        signature = signatures.get(candidate)
        if (
            fingerprint.signature is not None
            and signature is not None
            and dedup.estimated_jaccard(fingerprint.signature, signature) < dedup.ESTIMATE_FLOOR
        ):
            continue
        brief = store.article_brief(db, candidate)
        if brief["original_url"] in urls:
            continue  # that article names this one as its original: it will be adopted
        measured = dedup.similarity(own, brief["text"])
        if measured.is_copy:
            root = brief["copy_of"] or candidate  # link to the original, not to a copy of it
            copies.append((brief["at"], root, round(measured.score, 3)))
    if declared_original:
        declared = store.find_article(db, [declared_original, canonicalize(declared_original)])
        if declared is not None:
            brief = store.article_brief(db, declared)
            measured = dedup.similarity(own or dedup.shingles(text), brief["text"])
            if measured.is_copy:  # a page's claim is believed only when the texts agree
                return brief["copy_of"] or declared, round(measured.score, 3)
    if not copies:
        return None, None
    _, original, score = min(copies)
    return original, score


def _match_story(
    db: sqlite_utils.Database,
    doc: stories.StoryDoc,
    idf: dict[str, float],
    key_terms: list[str],
    story_time: str,
    window: timedelta,
    members: StoryMembers | None,
    exclude: int | None = None,
) -> tuple[int | None, list[int], list[int]]:
    """The story the article joins (None: a new one), the other stories it would have
    joined as well (it bridges them, and `consolidate` checks whether they are one), and the
    stories it did not join that hold a member it matches on its own (`rehome` checks
    whether that member belongs with it rather than where it is).

    Stories active within `window` of the article join at MATCH_THRESHOLD (at CLOSE_THRESHOLD
    within CLOSE_HOURS when the headlines name something in common: `_near`,
    `_headlines_meet`); older ones, up to FOLLOW_UP_HOURS back, only as a follow-up: at
    FOLLOW_UP_THRESHOLD, a closer match. Story `exclude` is not a candidate (the article's
    own, when it is placed again: `replace_lone`)."""
    at = datetime.fromisoformat(story_time)
    follow_up = timedelta(hours=stories.FOLLOW_UP_HOURS)
    recent, older = store.candidate_stories_in_windows(
        db,
        key_terms,
        to_iso(at - window),
        to_iso(at - follow_up),
        to_iso(at + window),
        older=stories.FOLLOW_UP_CANDIDATES if follow_up > window else 0,
    )
    needed = {c.story: stories.MATCH_THRESHOLD for c in recent}
    close = _near(at, at, {c.story: (c.first_seen, c.last_seen) for c in recent})
    for c in older:
        needed.setdefault(c.story, stories.FOLLOW_UP_THRESHOLD)
    needed.pop(exclude, None)
    groups = _comparable(db, sorted(needed), members)
    vectors = members.vectors if members is not None else term_vectors.TermVectors()
    pair_scores = _article_scores(doc, idf, groups, vectors)
    ranked = stories.rank_scored(pair_scores)
    passing = [
        story
        for i, score in ranked
        if _passes(
            score,
            needed[story := groups[i][0]],
            story in close,
            lambda docs=groups[i][1]: _headlines_meet(doc, docs),
        )
    ]
    pulled = sorted(
        {
            groups[i][0]
            for i, scores in pair_scores.items()
            if scores and max(scores) >= stories.MATCH_THRESHOLD
        }
        - set(passing)
    )
    if not passing:
        return None, [], pulled
    return passing[0], sorted(set(passing) - {passing[0]}), pulled


def _passes(score: float, needed: float, near: bool, headlines_meet: Callable[[], bool]) -> bool:
    """The join rule: the story's threshold, or CLOSE_THRESHOLD for a story `near` in time
    whose headlines meet (asked last: the other tests settle most pairs)."""
    return score >= needed or (near and score >= stories.CLOSE_THRESHOLD and headlines_meet())


def _article_scores(
    doc: stories.StoryDoc,
    idf: dict[str, float],
    groups: list[tuple[int, list[stories.StoryDoc]]],
    vectors: term_vectors.TermVectors,
) -> dict[int, list[float]]:
    """The article's match score with each member of each group (by its index), the
    cosines of all members in one pass (`term_vectors`)."""
    words = iter(vectors.article_cosines(doc, idf, [m for _, docs in groups for m in docs]))
    return {
        i: [stories.from_words(doc, member, idf, next(words)) for member in docs]
        for i, (_, docs) in enumerate(groups)
    }


def _near(first: datetime, last: datetime, spans: dict[int, tuple[str, str]]) -> set[int]:
    """The stories (`spans`: story → first and last seen) with an article within CLOSE_HOURS
    of the time from `first` to `last` (an article's: both the same; a story's when merging
    it, `_merge_with_closest`): they take it at CLOSE_THRESHOLD rather than
    MATCH_THRESHOLD. Reports of one event written the same day share fewer words than the
    threshold asks (angle pieces, columns), and other news of the same company seldom comes
    that close in time (cross-validated on the shared set; the self-written hard negatives
    stay apart in every arrival order tried)."""
    close = timedelta(hours=stories.CLOSE_HOURS)
    since, until = to_iso(first - close), to_iso(last + close)
    return {
        story for story, (seen, last_seen) in spans.items() if since <= last_seen and seen <= until
    }


def _headlines_meet(doc: stories.StoryDoc, members: list[stories.StoryDoc]) -> bool:
    """The close-in-time threshold also asks that a member's headline name something the
    article's names (a company, a model, a place, a figure): two reports of one day that
    share an outlet's stock sentences, or "sales rise in November" for two brands, are not
    one event."""
    return any(doc.headline & member.headline for member in members)


@dataclass
class Arrivals:
    """What an import or a fetch pass placed, for the corrections arrival order needs at its
    end (`settle`): the stories articles bridged, the members they pulled, the articles."""

    bridged: set[int] = field(default_factory=set)
    pulls: list[tuple[int, list[int]]] = field(default_factory=list)
    placed: list[int] = field(default_factory=list)

    def note(self, article_id: int, placement: store.Placement) -> None:
        self.bridged |= bridged(placement)
        self.placed.append(article_id)
        if placement.pulled:
            self.pulls.append((article_id, placement.pulled))

    def settle(
        self,
        db: sqlite_utils.Database,
        window: timedelta,
        frequencies: store.DocumentFrequencies,
        members: StoryMembers | None = None,
    ) -> None:
        """Place again lone articles weighed by a much smaller archive (`replace_lone`),
        re-place pulled members, merge bridged stories, split what holds two events.

        The last three share one table of term weights, and so each other's pair scores:
        settling stores no article, so no weight changes while it runs, and the steps look
        at the same stories (each step weighing and scoring them again was a third of
        settling).

        All of it is one transaction: each move, merge and split committed on its own, and
        those seventy commits of a 3,000-article import cost what its fifteen batches' did.
        A crash undoes the whole settling, which corrects stories but stores no article."""
        weights = _Weights(frequencies)
        with store.transaction(db):
            replace_lone(db, self.placed, window, frequencies, members)
            if rehome(db, self.pulls, weights=weights) and members is not None:
                members.clear()  # members moved between stories
            consolidate(db, self.bridged, window, members=members, weights=weights)
            placed = store.stories_of(db, sorted(set(self.placed)))
            split_apart(db, placed, window, members=members, weights=weights)


def replace_lone(
    db: sqlite_utils.Database,
    placed: list[int],
    window: timedelta,
    frequencies: store.DocumentFrequencies,
    members: StoryMembers | None = None,
) -> int:
    """Place again, with the weights of the archive as it is now, each of `placed` that is
    still alone in its story and was placed when the archive was less than 1/REPLACE_GROWTH
    of its size now; it joins the story it would join today (`_match_story`, its own story
    aside) and its story merges there. Returns the number that joined.

    An article's term weights are what the archive knew when it arrived: the first articles
    of a new archive (its first import or fetch pass) were weighed by a handful of
    documents, where common words weigh like rare ones, and a report of the same event
    scored a third below what it scores once the archive is twice the size (shared set,
    English: a delivery-event report 0.13 against its event's story at arrival, 0.25 at the
    end of the import). An archive that has grown less than that re-places nothing: in a
    running archive an import or a fetch pass adds a small share, and this costs a
    comparison of ids per article. Stories of several articles are consolidation's
    (`consolidate`), and an analyst's corrections are never undone."""
    size = store.max_article_id(db)
    joined = 0
    for article_id in dict.fromkeys(placed):
        if article_id * REPLACE_GROWTH > size:  # ids grow with the archive: its size then
            continue
        story = store.story_of(db, article_id)
        brief = store.story_brief(db, story) if story is not None else None
        if brief is None or brief["article_count"] != 1:
            continue
        if store.corrections_moving(db, [article_id]):
            continue
        doc = _doc(store.story_members(db, brief["id"], 1)[0])
        _, idf, key_terms = weigh(doc, frequencies)
        at = store.article_times(db, [article_id])[article_id]
        best, _, _ = _match_story(db, doc, idf, key_terms, at, window, members, exclude=brief["id"])
        if best is None:
            continue
        keep, drop = sorted((brief["id"], best))
        store.merge_stories(db, keep=keep, drop=drop)
        if members is not None:
            members.changed(keep, drop)
        joined += 1
    return joined


def bridged(placement: store.Placement) -> set[int]:
    """The stories an article matched besides the one it joined, with that one: what
    `consolidate` must look at after the batch (nothing when it matched one story or none,
    as most do: consolidating every story touched doubled an import's matching work and
    merged one story in a thousand)."""
    if not placement.bridges or placement.story_id is None:
        return set()
    return {placement.story_id, *placement.bridges}


def consolidate(
    db: sqlite_utils.Database,
    story_ids: set[int],
    window: timedelta,
    frequencies: store.DocumentFrequencies | None = None,
    members: StoryMembers | None = None,
    weights: _Weights | None = None,
) -> int:
    """Merge stories that arrival order split: a late report can bridge two stories that
    each hold part of one event (it matched both; `bridged`). Each such story is compared
    with the other stories in its window by the same rule a new article is (half the
    closest pair, half the average of the closest; CLOSE_THRESHOLD for a story of the same
    day whose headlines name something in common, `_near`), and merged into the
    older one when it passes. Returns the number of merges. A batched writer passes its
    `frequencies` and `members`, or the `weights` of its settling."""
    merges = 0
    pending = set(story_ids)
    weights = weights or _Weights(frequencies or store.DocumentFrequencies(db))
    while pending:  # until no new story merges any more (each merge removes a story)
        story_id = min(pending)
        pending.discard(story_id)
        merged = _merge_with_closest(db, story_id, window, weights, members)
        if merged is not None:
            merges += 1
            pending.discard(max(story_id, merged))
            pending.add(min(story_id, merged))
    return merges


def rehome(
    db: sqlite_utils.Database,
    pulls: list[tuple[int, list[int]]],
    frequencies: store.DocumentFrequencies | None = None,
    weights: _Weights | None = None,
) -> int:
    """Move members that arrival order put in the wrong story: an article may join a story
    (or start one) that an earlier report of its own event would have fitted better, had it
    existed then; that report sits in a neighbouring story it joined on weaker evidence
    (an English launch story took the first Chinese report of a crash test the launch
    articles' figures recur in). `pulls`: (article id, stories holding a member it matched
    on its own, `Placement.pulled`). A member moves when it fits the article's story at
    MATCH_THRESHOLD and by REHOME_MARGIN better than its own (the same story rule, over
    the other members); an analyst's corrections are never undone, and a story is never
    emptied (moving all of it is a merge, `consolidate`'s call). Returns members moved.

    Articles of one event pull across the same two stories: a pair of stories is looked at
    again only once a move changed some story (one in six looks repeated one before it)."""
    moved = 0
    weights = weights or _Weights(frequencies or store.DocumentFrequencies(db))
    settled: set[tuple[int, int]] = set()  # (home, other) that moved nothing, since a move
    for article_id, pulled in pulls:
        home = store.story_of(db, article_id)
        for other in pulled:
            if home is None or other == home or (home, other) in settled:
                continue
            taken = 0
            if store.story_brief(db, other) is not None:
                taken = _take_closer_members(db, home, other, weights)
            if taken:
                settled.clear()  # both stories changed, and with them what may move
                moved += taken
            else:
                settled.add((home, other))
    return moved


def _take_closer_members(
    db: sqlite_utils.Database, home: int, other: int, weights: _Weights
) -> int:
    if other in store.stories_kept_apart(db, home) or store.merged_parts(db, [home, other], 1):
        return 0
    home_members = store.story_members(db, home, stories.MAX_MEMBERS)
    other_members = store.story_members(db, other, stories.MAX_MEMBERS)
    if len(other_members) < 2:
        return 0
    corrected = store.corrections_moving(db, [member.id for member in other_members])
    home_docs = _docs(home_members)
    other_docs = {member.id: _doc(member) for member in other_members}
    everyone = [*home_docs, *other_docs.values()]
    scorer = weights.cover(everyone)
    leaving = []
    for member, doc in other_docs.items():
        if member in corrected:
            continue
        kin = [scorer.score(doc, x) for x in home_docs if not stories.other_languages(doc, x)]
        if not kin:
            continue  # across languages only anchors speak, and launch facts recur in
            # every later report of a model: words of its own language must place it
        here = stories.story_score(kin)
        there = stories.story_score(
            [scorer.score(doc, x) for key, x in other_docs.items() if key != member]
        )
        if here >= stories.MATCH_THRESHOLD and here > there + stories.REHOME_MARGIN:
            leaving.append(member)
    if not leaving or len(leaving) == len(other_members):
        return 0
    key_terms = sorted(
        {
            term
            for member in leaving
            for term in stories.choose_key_terms(other_docs[member], scorer.idf)
        }
    )
    last_seen = store.story_brief(db, other)["last_seen"]
    store.move_articles(
        db, leaving, source=other, target=home, key_terms=key_terms, last_seen=last_seen
    )
    return len(leaving)


def split_apart(
    db: sqlite_utils.Database,
    story_ids: set[int],
    window: timedelta,
    frequencies: store.DocumentFrequencies | None = None,
    members: StoryMembers | None = None,
    weights: _Weights | None = None,
) -> int:
    """Split stories that hold what is not one event, as arrival order can leave them:
    - a member that no longer fits its story (below the threshold it would join at today by
      OUTLIER_MARGIN, `_threshold_to_stay`: it joined when the archive was small and common
      words weighed like rare ones) leaves it, and joins the story it fits now, if any
      (`consolidate`);
    - a story whose members fall into two groups (average linkage) of two or more that
      would not join each other by the story rule, each closer within than across by
      SPLIT_MARGIN, is cut in two: a report that mentions a neighbouring event (a launch
      review naming the maker's battery-swap milestone) took that event's reports with it.
    The rule is `consolidate`'s, so the parts never flip back and forth. The group holding
    the story's oldest member keeps the story. Stories an analyst corrected, and stories of
    more than SPLIT_MEMBERS originals, are left as they are. Returns the number of splits."""
    weights = weights or _Weights(frequencies or store.DocumentFrequencies(db))
    new_stories: set[int] = set()
    for story_id in sorted(story_ids):
        if store.story_brief(db, story_id) is not None:
            new_stories.update(_split(db, story_id, weights))
    if new_stories and members is not None:
        members.clear()  # the split stories' members changed
    consolidate(db, new_stories, window, members=members, weights=weights)
    return len(new_stories)


def _split(db: sqlite_utils.Database, story_id: int, weights: _Weights) -> list[int]:
    """The stories split off `story_id` (see `split_apart`)."""
    members = store.story_members(db, story_id, stories.SPLIT_MEMBERS + 1)
    if not 3 <= len(members) <= stories.SPLIT_MEMBERS:
        return []
    ids = [member.id for member in members]
    if (
        store.merged_parts(db, [story_id], 1)
        or store.stories_kept_apart(db, story_id)
        or store.corrections_moving(db, ids)
    ):
        return []
    docs = {member.id: _doc(member) for member in members}
    scorer = weights.cover(docs.values())
    pair = {(a, b): scorer.score(docs[a], docs[b]) for a in ids for b in ids if a < b}

    def between(a: int, b: int) -> float:
        return pair[(min(a, b), max(a, b))]

    def linkage(left: set[int], right: set[int], kin: bool = False) -> float:
        scores = [
            between(a, b)
            for a in left
            for b in right
            if (left is not right or a < b)
            and not (kin and stories.other_languages(docs[a], docs[b]))
        ]
        return stories.story_score(scores) if scores else 0.0

    everyone = set(ids)
    times = {i: datetime.fromisoformat(at) for i, at in store.article_times(db, ids).items()}
    outliers = [  # not a report alone in its language: across languages only anchors meet,
        # and their weights fall as the archive learns how common a name is
        member
        for member in ids
        if any(not stories.other_languages(docs[member], docs[x]) for x in everyone - {member})
        and linkage({member}, everyone - {member})
        < _threshold_to_stay(member, docs, times) - stories.OUTLIER_MARGIN
    ]
    if outliers and len(outliers) < len(ids) - 1:
        return [store.split_off(db, story_id, [member]) for member in sorted(outliers)]
    if len(ids) < 4:
        return []
    groups = stories.two_groups(ids, between)
    if min(len(group) for group in groups) < 2:
        return []
    cross = linkage(groups[0], groups[1])
    if cross >= stories.MATCH_THRESHOLD or any(
        linkage(group, group, kin=True) < cross + stories.SPLIT_MARGIN for group in groups
    ):
        return []  # one event in loosely related reports, or held together only by
        # anchors across languages (a model's launch facts recur in its later news)
    leaving = next(group for group in groups if min(ids) not in group)
    return [store.split_off(db, story_id, sorted(leaving))]


def _threshold_to_stay(
    member: int, docs: dict[int, stories.StoryDoc], times: dict[int, datetime]
) -> float:
    """The threshold a member is held to as it would be to join its story today: a report
    written within CLOSE_HOURS of another member whose headline names something its own
    does joins at CLOSE_THRESHOLD (`_match_story`), so an angle piece of the same day is
    not thrown out by the stricter rule it never had to pass."""
    close = timedelta(hours=stories.CLOSE_HOURS)
    at = times.get(member)
    same_day = [
        docs[other]
        for other in docs
        if other != member and at and other in times and abs(times[other] - at) <= close
    ]
    if _headlines_meet(docs[member], same_day):
        return stories.CLOSE_THRESHOLD
    return stories.MATCH_THRESHOLD


class _Weights:
    """Term weights for one settling (or one of its steps). Merging, splitting and moving
    stories changes no article, so document frequencies stay put while it runs, and
    neighbouring stories share most of their vocabulary: each term is looked up once per
    settling instead of once per story compared."""

    def __init__(self, frequencies: store.DocumentFrequencies) -> None:
        self.frequencies = frequencies
        self.idf: dict[str, float] = {}
        self.scorer = _RememberingScorer(self.idf)
        # documents whose every term has a weight (the scorer's norms keep them alive, so
        # their ids are not reused): gathering the same members' vocabulary again for each
        # story compared was a fifth of a consolidation
        self.covered: set[int] = set()

    def cover(self, docs: Iterable[stories.StoryDoc]) -> stories.Scorer:
        """The scorer, with a weight for every term and anchor of `docs`."""
        new = [doc for doc in docs if id(doc) not in self.covered]
        vocabulary = set().union(*(doc.terms.keys() | doc.anchors for doc in new))
        missing = sorted(vocabulary.difference(self.idf))  # not `- keys()`: that walks idf
        if missing:
            found, total = self.frequencies.lookup(missing)
            self.idf.update(stories.idf_weights(missing, found, total))
        for doc in new:
            self.scorer.norm(doc)  # keeps the document, and so its id, for the scorer's life
            self.covered.add(id(doc))
        return self.scorer


class _RememberingScorer(stories.Scorer):
    """`stories.Scorer` that remembers each (ordered) pair's score: `rehome` looks at the
    same two stories once for every article that matched across them, and scored the same
    pairs two to three times over. Exact, since a covered document's weights never change
    (`_Weights.cover`); bounded by PAIRS_REMEMBERED."""

    def __init__(self, idf: dict[str, float]) -> None:
        super().__init__(idf)
        self.pairs: dict[tuple[int, int], float] = {}

    def score(self, a: stories.StoryDoc, b: stories.StoryDoc) -> float:
        key = (id(a), id(b))
        found = self.pairs.get(key)
        if found is None:
            found = super().score(a, b)  # its norms keep both documents: their ids hold
            if len(self.pairs) >= PAIRS_REMEMBERED:
                self.pairs.clear()
            self.pairs[key] = found
        return found


def _merge_with_closest(
    db: sqlite_utils.Database,
    story_id: int,
    window: timedelta,
    weights: _Weights,
    members: StoryMembers | None,
) -> int | None:
    """Merge `story_id` with its closest story in the window if they pass the join rule;
    returns the other story's id when merged.

    The story is compared through its most recent members, and so other stories are looked
    up by those members' key terms, not by all it was ever keyed under: a story of months
    holds thousands (17,000 for the benchmark archive's largest, 90 ms a lookup)."""
    story = store.story_brief(db, story_id)
    if story is None:  # already merged into another one
        return None
    recent = store.story_members(db, story_id, stories.MAX_MEMBERS)
    if not recent:
        return None
    oldest = min(store.article_times(db, [member.id for member in recent]).values())
    terms = store.story_key_terms(db, story_id, since=oldest)
    since = datetime.fromisoformat(story["first_seen"]) - window
    until = datetime.fromisoformat(story["last_seen"]) + window
    apart = store.stories_kept_apart(db, story_id)  # an analyst split them: never again
    others = [
        other
        for other in store.candidate_stories(db, terms, since=to_iso(since), until=to_iso(until))
        if other != story_id and other not in apart
    ]
    if not others:
        return None
    own = _docs(recent)
    groups = _comparable(db, others, members)
    everyone = [*own, *(doc for _, docs in groups for doc in docs)]
    scorer = weights.cover(everyone)
    ranked = stories.ranked_stories(own, dict(enumerate(docs for _, docs in groups)), scorer)
    close = _near(
        datetime.fromisoformat(story["first_seen"]),
        datetime.fromisoformat(story["last_seen"]),
        store.story_spans(db, sorted({other for other, _ in groups})),
    )
    best = next(
        (
            groups[i][0]
            for i, score in ranked
            if _passes(
                score,
                stories.MATCH_THRESHOLD,
                groups[i][0] in close,
                lambda docs=groups[i][1]: any(_headlines_meet(doc, docs) for doc in own),
            )
        ),
        None,
    )
    if best is None:
        return None
    keep, drop = sorted((story_id, best))
    store.merge_stories(db, keep=keep, drop=drop)
    if members is not None:
        members.changed(keep, drop)
    return best


def _docs(members: list[store.Member]) -> list[stories.StoryDoc]:
    return [_doc(member) for member in members]


def _doc(member: store.Member) -> stories.StoryDoc:
    """A member's features: as stored with it, or computed where none are (an article of
    an older database or feature code)."""
    if member.features is not None:
        return stored_features.decode(member.features)
    return stories.features(member.title, member.lead)


def _comparable(
    db: sqlite_utils.Database, story_ids: list[int], members: StoryMembers | None = None
) -> list[tuple[int, list[stories.StoryDoc]]]:
    """(story id, documents) to score against, in story id order (ties go to the older story).

    A story an analyst merged is compared part by part, each part on its own: the analyst
    said they are one event where the matcher could not see it, so a newcomer that matches
    any part joins, and the merge holds as coverage goes on."""
    if members is None:
        return [
            (story_id, docs) for story_id, parts in _read_parts(db, story_ids) for docs in parts
        ]
    members.keep(_read_parts(db, members.missing(story_ids)))
    return [(story_id, docs) for story_id in sorted(story_ids) for docs in members.parts[story_id]]


def _read_parts(
    db: sqlite_utils.Database, story_ids: list[int]
) -> list[tuple[int, list[list[stories.StoryDoc]]]]:
    """Each story's documents, as parts (one part unless an analyst merged it)."""
    merged = store.merged_parts(db, story_ids, stories.MAX_MEMBERS)
    plain = store.members_of_stories(
        db, [story_id for story_id in story_ids if story_id not in merged], stories.MAX_MEMBERS
    )
    return [
        (
            story_id,
            [_docs(part) for part in merged[story_id]]
            if story_id in merged
            else [_docs(plain[story_id])],
        )
        for story_id in sorted(story_ids)
    ]


class StoryMembers:
    """The documents each story is compared through (`_comparable`), kept over a run of
    batches: reading a story's members again for every article that might join it was a
    tenth of placing one. The writer names the stories its writes changed (`changed`);
    a commit by another connection (an analyst's correction, a fetch) empties it, and so
    does holding more than MEMBERS_REMEMBERED stories (a window's worth), which bounds it."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db
        self.parts: dict[int, list[list[stories.StoryDoc]]] = {}
        self.version = store.data_version(db)
        self.vectors = term_vectors.TermVectors()  # the members' (and articles') terms

    def missing(self, story_ids: list[int]) -> list[int]:
        version = store.data_version(self.db)
        if version != self.version or len(self.parts) > MEMBERS_REMEMBERED:
            self.parts.clear()
            self.version = version
        return [story_id for story_id in story_ids if story_id not in self.parts]

    def keep(self, read: list[tuple[int, list[list[stories.StoryDoc]]]]) -> None:
        self.parts.update(read)

    def changed(self, *story_ids: int) -> None:
        """These stories' members changed."""
        for story_id in story_ids:
            self.parts.pop(story_id, None)

    def placed(self, decision: Decision) -> None:
        """An article was written: the story it joined has a new member (or an original
        turned into its copy), and the stories its adopted copies left changed too. A copy
        joins no story's members (they are originals): nothing changed."""
        placement = decision.placement
        if placement is None or (decision.copy_of is not None and not placement.adopt):
            return
        if placement.adopt:
            self.clear()
        elif placement.story_id is not None:
            self.changed(placement.story_id)

    def clear(self) -> None:
        self.parts.clear()
