"""Story documents as numbered term vectors, for scoring one article against many at once.

Placing an article scores it against every member of a dozen candidate stories (~60
documents). Pair by pair in Python, each score intersected two ~150-term dictionaries and
walked the shared terms: a sixth of the writer's CPU. Here each document's terms
are numbered once (ids and counts as arrays, kept while the document is), the article's
weights are spread over a dense array indexed by term number, and all members' dot products
and norm corrections are one gather and one grouped sum.

The figures are `stories.Scorer(idf).score(article, member)`'s up to rounding: the sums run
in another order. The pairwise scorer's own order is that of a set of strings, which
changes with Python's hash seed from one process to the next, so its last bits were never
fixed either.
"""

from __future__ import annotations

import itertools
import math

import numpy as np

from . import stories

# bounds, as the document frequencies' memory has (starting over only costs numbering again)
TERMS_NUMBERED = 500_000  # distinct terms one writer numbers (~60 MB with their strings)
DOCUMENTS_KEPT = 20_000  # documents whose vectors are kept (~50 MB; a window's members)


class TermVectors:
    """One writer's numbering of terms and each document's vector under it."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}
        # id(document) → (document, term numbers, counts): the document is kept so that
        # its id is not reused while its vector is
        self.vectors: dict[int, tuple[stories.StoryDoc, np.ndarray, np.ndarray]] = {}
        self.dot_weight = np.zeros(1024)  # the article's count × weight² by term number
        self.norm_weight = np.zeros(1024)  # the article's weight² − 1 by term number

    def of(self, doc: stories.StoryDoc) -> tuple[np.ndarray, np.ndarray]:
        """The document's (term numbers, counts)."""
        found = self.vectors.get(id(doc))
        if found is None:
            numbers = self.numbers
            ids = [numbers.setdefault(term, len(numbers)) for term in doc.terms]
            counts = np.fromiter(doc.terms.values(), dtype=np.float64, count=len(ids))
            found = (doc, np.array(ids, dtype=np.int64), counts)
            self.vectors[id(doc)] = found
        return found[1], found[2]

    def _make_room(self, documents: int) -> None:
        """Start over when `documents` more would overflow the memory: before a call's
        first document, so that all of its documents share one numbering."""
        full = len(self.vectors) + documents > DOCUMENTS_KEPT
        if full or len(self.numbers) >= TERMS_NUMBERED:
            self.numbers.clear()
            self.vectors.clear()
            self.dot_weight = np.zeros(1024)
            self.norm_weight = np.zeros(1024)

    def article_cosines(
        self, article: stories.StoryDoc, idf: dict[str, float], members: list[stories.StoryDoc]
    ) -> list[float]:
        """`stories.cosine(article, member, idf)` of each member, where `idf` weighs the
        article's terms (a member's other terms weigh 1: its norm differs from the plain
        one only on the terms it shares with the article, the very terms the dot product
        walks)."""
        if not members:
            return []
        self._make_room(len(members) + 1)
        article_ids, article_counts = self.of(article)
        member_vectors = [self.of(member) for member in members]
        squares = np.fromiter(  # weight ** 2 as Python computes it, looked up in C
            map(pow, map(idf.get, article.terms, itertools.repeat(1.0)), itertools.repeat(2)),
            dtype=np.float64,
            count=len(article_ids),
        )
        norm = stories.weighted_norm(article, idf)
        if not norm:
            return [0.0] * len(members)
        self._grow(len(self.numbers))
        self.dot_weight[article_ids] = article_counts * squares
        self.norm_weight[article_ids] = squares - 1.0
        try:
            ids = np.concatenate([vector[0] for vector in member_vectors])
            counts = np.concatenate([vector[1] for vector in member_vectors])
            dots = _sums(counts * self.dot_weight[ids], member_vectors)
            extras = _sums(counts * counts * self.norm_weight[ids], member_vectors)
        finally:
            self.dot_weight[article_ids] = 0.0
            self.norm_weight[article_ids] = 0.0
        return [
            _cosine(dot, norm, member.square_sum + extra)
            for dot, extra, member in zip(dots.tolist(), extras.tolist(), members, strict=True)
        ]

    def _grow(self, size: int) -> None:
        if size > len(self.dot_weight):
            capacity = max(size, 2 * len(self.dot_weight))
            self.dot_weight = np.zeros(capacity)
            self.norm_weight = np.zeros(capacity)


def _sums(values: np.ndarray, vectors: list[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
    """The sum of `values` over each vector's stretch of them (a vector without terms: 0)."""
    lengths = np.array([len(vector[0]) for vector in vectors])
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    sums = np.add.reduceat(np.append(values, 0.0), starts)
    sums[lengths == 0] = 0.0  # reduceat gives an empty stretch its next value
    return sums


def _cosine(dot: float, norm: float, member_square: float) -> float:
    """No shared term (a zero dot product: every weight is positive) is no similarity."""
    if not dot:
        return 0.0
    member_norm = math.sqrt(max(member_square, 0.0))
    return dot / (norm * member_norm) if member_norm else 0.0
