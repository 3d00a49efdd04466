"""Same article, different address: exact text hashes and MinHash near-duplicates.

An AOL or Yahoo copy of a Business Insider piece, or one wire story on three sites, arrives
with each site's own boilerplate and small edits. Word-shingle MinHash finds such copies in
time that does not grow with the archive: each signature is cut into LSH bands stored in an
indexed SQLite table, so a lookup touches only the articles sharing a band. Candidates are then
confirmed with the exact Jaccard and containment of their shingle sets before any link is made.

Pure functions here; the SQL lives in `store`.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from dataclasses import dataclass

import numpy as np

from . import cjk

SHINGLE_WORDS = 5
NUM_PERM = 128
BANDS = 32  # 32 bands × 4 rows: candidates from Jaccard ≈ 0.4 up, below the 0.5 we confirm
ROWS = NUM_PERM // BANDS
SEED = 1
# Recorded with every signature: datasketch 2.x changed its default hashing scheme, and
# signatures made under another scheme are not comparable. Not changed when `words` began to
# cut Chinese and Japanese into bigrams: Latin signatures are unchanged, and a new SCHEME would
# hide all of them from `store.signatures`. The few Han/kana texts fingerprinted before (those
# with 50 punctuation-separated runs) keep stale bands and hashes until re-fingerprinted.
SCHEME = f"datasketch-2.0.0/affine32/sha1_32/perm{NUM_PERM}/seed{SEED}/word{SHINGLE_WORDS}"
MIN_WORDS = 50  # shorter texts (teasers, captions) collide by accident; CJK: `cjk.count_words`
REMEMBERED_TEXT_CHARS = 20_000  # longer stored texts are re-shingled for each check

COPY_JACCARD = 0.5  # lightly edited copies of the same text
ESTIMATE_FLOOR = 0.2  # below this MinHash estimate a candidate is not checked exactly
COPY_CONTAINMENT = 0.8  # one text mostly inside the other (a copy with the ending cut)
HEADLINE_COVERAGE = 0.5  # a text with fewer of its headline's words is not that article

_WORD = re.compile(r"\w+", re.UNICODE)
_SHA1 = hashlib.sha1()  # copied per shingle: see `_sha1`


@dataclass
class Fingerprint:
    content_hash: str | None
    signature: bytes | None
    bands: list[tuple[int, int]]


def words(text: str) -> list[str]:
    """Normalised words. Chinese and Japanese, written without spaces, would come out as one
    "word" per run between punctuation marks; their runs become overlapping character bigrams
    instead, so shingles and hashes work there too. Text without Han or kana is split exactly
    as before, which keeps the stored hashes and signatures of Latin articles valid."""
    normalised = unicodedata.normalize("NFKC", text).casefold()
    found = _WORD.findall(normalised)
    if not cjk.has_unspaced(normalised):
        return found
    return [token for word in found for token in cjk.unspaced_bigrams(word)]


def same_headline(a: str | None, b: str | None) -> bool:
    """Equal once case, punctuation and spacing are set aside; a missing headline equals none."""
    return bool(a and b) and words(a) == words(b)


def headline_coverage(headline: str, text: str) -> float:
    """The share of a headline's words (of three letters or more: "a", "is", "of" say nothing;
    any Chinese or Japanese bigram) that the text contains. An article's text repeats most of
    its headline's words; a notice shown instead of it (geo-block, consent wall, paywall)
    shares almost none of them."""
    wanted = {word for word in words(headline) if len(word) >= 3 or cjk.has_unspaced(word)}
    if not wanted:
        return 1.0  # nothing to check against: no evidence either way
    return len(wanted & set(words(text))) / len(wanted)


def _word_count(text: str, tokens: list[str]) -> int:
    """Words on the English scale: a Chinese text has about one bigram per character, 1.8
    times its words, so its words are counted as `cjk.count_words` counts them."""
    return cjk.count_words(text) if cjk.has_unspaced(text) else len(tokens)


def _hash_of(text: str, tokens: list[str]) -> str | None:
    """Hash of the normalised words: immune to whitespace, case and punctuation changes."""
    if _word_count(text, tokens) < MIN_WORDS:
        return None
    return hashlib.sha1(" ".join(tokens).encode()).hexdigest()


def shingles(text: str) -> set[str]:
    return _shingles_of(words(text))


def _shingles_of(tokens: list[str]) -> set[str]:
    """Every run of SHINGLE_WORDS words. Joined from shifted copies of the list (zip and
    map run in C): slicing a window per shingle was a fifth of fingerprinting a text."""
    if len(tokens) < SHINGLE_WORDS:
        return {" ".join(tokens)} if tokens else set()
    shifted = (tokens[i:] for i in range(SHINGLE_WORDS))
    return set(map(" ".join, zip(*shifted, strict=False)))  # the shortest copy ends it


def fingerprint(text: str) -> Fingerprint:
    """Content hash, MinHash signature and LSH band keys of an article text."""
    tokens = words(text)  # normalised once for both
    digest = _hash_of(text, tokens)
    if digest is None:
        return Fingerprint(None, None, [])
    values = minhash(_shingles_of(tokens))
    return Fingerprint(digest, values.tobytes(), band_keys(values))


def minhash(items: set[str]) -> np.ndarray:
    """datasketch 2.0's `MinHash(num_perm=NUM_PERM, seed=SEED, scheme="affine32")` after
    `update_batch`, computed here with numpy: importing datasketch pulls in scipy (~0.55 s of
    CPU in every process that fingerprints: each extraction worker and the main process).
    `tests/test_dedup.py` checks the values are identical to datasketch's."""
    if not items:
        return np.full(NUM_PERM, np.uint32(0xFFFFFFFF), dtype=np.uint32)
    # sha1_hash32: the first four bytes of SHA-1, little-endian: every fifth 32-bit word of
    # the joined 20-byte digests (no slice per item)
    digests = b"".join(map(_sha1, map(str.encode, items)))
    hashed = np.frombuffer(digests, dtype="<u4")[::5].astype(np.uint32)
    # the MurmurHash3 finalizer datasketch applies before its affine permutations
    hashed ^= hashed >> np.uint32(16)
    hashed *= np.uint32(0x85EBCA6B)
    hashed ^= hashed >> np.uint32(13)
    hashed *= np.uint32(0xC2B2AE35)
    hashed ^= hashed >> np.uint32(16)
    # one row per permutation: the minimum runs along contiguous memory (a column-wise
    # minimum over items × permutations took a third longer than the hashing)
    multipliers, offsets = _PERMUTATIONS
    permuted = multipliers * hashed
    permuted += offsets
    return permuted.min(axis=1)


def _sha1(data: bytes) -> bytes:
    """SHA-1 of `data` from a copy of an empty hash: OpenSSL 3 looks the algorithm up anew
    for each `hashlib.sha1()`, which cost twice the hashing of a text's ~400 shingles."""
    digest = _SHA1.copy()
    digest.update(data)
    return digest.digest()


def _permutations(count: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """datasketch's affine32 parameters: odd multipliers, any offsets, from RandomState(seed)."""
    generator = np.random.RandomState(seed)
    multipliers = generator.randint(0, 1 << 31, count, dtype=np.uint32) * np.uint32(2) + 1
    offsets = generator.randint(0, 1 << 32, count, dtype=np.uint32)
    return multipliers[:, None], offsets[:, None]  # columns: broadcast against the items


_PERMUTATIONS = _permutations(NUM_PERM, SEED)


def band_keys(values: np.ndarray) -> list[tuple[int, int]]:
    """(band number, bucket) pairs; the bucket is a 63-bit hash of the band's rows."""
    keys = []
    for band in range(BANDS):
        rows = values[band * ROWS : (band + 1) * ROWS].tobytes()
        bucket = int.from_bytes(hashlib.blake2b(rows, digest_size=8).digest(), "big") >> 1
        keys.append((band, bucket))
    return keys


@dataclass
class Similarity:
    jaccard: float
    containment: float

    @property
    def is_copy(self) -> bool:
        return self.jaccard >= COPY_JACCARD or self.containment >= COPY_CONTAINMENT

    @property
    def score(self) -> float:
        return max(self.jaccard, self.containment)


def estimated_jaccard(a: bytes, b: bytes) -> float:
    """The share of equal MinHash values: an unbiased Jaccard estimate, in microseconds.
    Used to skip the exact check for LSH candidates that are clearly not copies."""
    left = np.frombuffer(a, dtype=np.uint32)
    right = np.frombuffer(b, dtype=np.uint32)
    if left.shape != right.shape:
        return 1.0  # not comparable (another scheme): let the exact check decide
    return float(np.mean(left == right))


def similarity(a: str | set[str], b: str) -> Similarity:
    """Exact Jaccard and containment (of the smaller in the larger) of two texts' shingles.
    `a` may be given as its shingle set, when one text is compared with several; `b` is a
    stored text, whose shingles are remembered for the next article that meets it."""
    sa = a if isinstance(a, set) else shingles(a)
    sb = _stored_shingles(b) if len(b) <= REMEMBERED_TEXT_CHARS else shingles(b)
    if not sa or not sb:
        return Similarity(0.0, 0.0)
    shared = len(sa & sb)
    return Similarity(shared / (len(sa) + len(sb) - shared), shared / min(len(sa), len(sb)))


@functools.lru_cache(maxsize=64)
def _stored_shingles(text: str) -> frozenset[str]:
    """A wire story's copies, arriving one after another, are each checked against the same
    stored texts; their shingles are rebuilt for every check without this. Bounded: 64
    texts of at most REMEMBERED_TEXT_CHARS (~130 bytes held per word) stay under ~30 MB."""
    return frozenset(shingles(text))
