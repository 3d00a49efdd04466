"""The MinHash signatures stored with every article are datasketch's affine32 scheme.

`dedup.minhash` computes them with numpy to keep scipy (imported by datasketch) out of the
extraction workers; signatures already in a database were made by datasketch itself, so the
two must agree bit for bit or near-duplicate lookups would silently stop matching."""

from __future__ import annotations

import random

import numpy as np
import pytest

from aggregator import dedup
from tests.conftest import calls_to

datasketch = pytest.importorskip("datasketch", reason="datasketch is the reference (dev extra)")


def _reference(items: set[str]) -> np.ndarray:
    reference = datasketch.MinHash(num_perm=dedup.NUM_PERM, seed=dedup.SEED, scheme="affine32")
    reference.update_batch([item.encode() for item in items])
    return np.asarray(reference.hashvalues, dtype=np.uint32)


@pytest.mark.parametrize("words", [0, 1, 5, 6, 60, 900, 4000])
def test_signature_equals_datasketch_affine32(words: int) -> None:
    rng = random.Random(words)
    vocabulary = ["Xiaomi", "SU7", "Tesla", "Model", "Y", "recall", "小米汽车", "déjà", "2026"]
    vocabulary += [f"w{n}" for n in range(300)]
    text = " ".join(rng.choice(vocabulary) for _ in range(words))
    items = dedup.shingles(text)
    ours = dedup.minhash(items)
    assert ours.dtype == np.uint32 and ours.shape == (dedup.NUM_PERM,)
    assert np.array_equal(ours, _reference(items))


def test_signature_makes_no_new_hash_object_per_shingle(monkeypatch: pytest.MonkeyPatch) -> None:
    """OpenSSL 3 looks SHA-1 up again for every `hashlib.sha1()`: a text's ~400 shingles
    are hashed from copies of one prepared hash instead (the values are datasketch's: above)."""
    items = dedup.shingles(" ".join(f"w{n}" for n in range(60)))
    made = calls_to(monkeypatch, dedup.hashlib, "sha1")
    signature = dedup.minhash(items)
    assert not made
    assert np.array_equal(signature, _reference(items))


def test_scheme_names_the_reference_version() -> None:
    assert dedup.SCHEME.startswith(f"datasketch-{datasketch.__version__}/affine32/")


def test_fingerprint_of_a_light_edit_shares_bands() -> None:
    base = " ".join(f"word{n}" for n in range(300))
    edited = base.replace("word150", "changed")
    a, b = dedup.fingerprint(base), dedup.fingerprint(edited)
    assert a.content_hash != b.content_hash
    assert set(a.bands) & set(b.bands)
    assert dedup.estimated_jaccard(a.signature, b.signature) > 0.8
