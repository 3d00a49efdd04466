"""Story features as stored with each article (table `story_features`, migration m025).

Placing an article compares it with the recent members of every candidate story; a new
process recomputed each member's features from its text (~1.5 ms each, half of it finding
anchors), which was half of placing an article in a 100k archive. Stored, a member costs a
read and a decode (~0.1 ms here).

The encoding is generic over `stories.StoryDoc`'s fields, so a field added there is stored
without a change here (a field of a type not handled below fails at import): every field is
kept, derived ones included, and a decoded document equals the computed one, its terms in
the same order. Layout: zlib of a length-prefixed UTF-8 text (the fields' strings, joined
by control characters no token holds) followed by the terms' counts as little-endian
unsigned 16-bit integers: ~1.1 KB per article (a Chinese one up to ~3 KB), where zlib of JSON took about
as much and 1.2-1.6x the time to decode (measured on the benchmark's synthetic archive).
"""

from __future__ import annotations

import array
import struct
import sys
import zlib
from collections import Counter, OrderedDict
from dataclasses import fields
from typing import Any

from .stories import StoryDoc

_FIELDS = "\x1e"  # between fields
_ITEMS = "\x1f"  # between the items of one field
_LENGTH = struct.Struct("<I")
_MAX_COUNT = 0xFFFF
DECODED_CACHED = 8192  # documents; a story window's members, many times over
_decoded: OrderedDict[bytes, StoryDoc] = OrderedDict()


def _kinds() -> list[tuple[str, str]]:
    """(field name, kind) of every StoryDoc field, in declaration order."""
    kinds = {
        "Counter[str]": "counter",
        "frozenset[str]": "set",
        "list[str]": "list",
        "str": "str",
        "float": "float",
    }
    found = []
    for field in fields(StoryDoc):
        if str(field.type) not in kinds:
            raise TypeError(f"StoryDoc.{field.name}: no stored form for {field.type}")
        found.append((field.name, kinds[str(field.type)]))
    return found


_FIELD_KINDS = _kinds()


def encode(doc: StoryDoc) -> bytes | None:
    """The stored form of `doc`; None when a string holds a separator (or is empty inside a
    collection) or a count does not fit: such an article's features are recomputed."""
    texts: list[str] = []
    counts: list[int] = []
    for name, kind in _FIELD_KINDS:
        value: Any = getattr(doc, name)
        if kind == "float":
            texts.append(repr(value))
        elif kind == "str":
            texts.append(value)
        elif "" in value:
            return None
        else:
            texts.append(_ITEMS.join(value))
            if texts[-1].count(_ITEMS) != max(len(value) - 1, 0):
                return None  # an item holds the separator
            if kind == "counter":
                counts.extend(value.values())
    if any(_FIELDS in text for text in texts):
        return None
    if any(not (isinstance(count, int) and 0 <= count <= _MAX_COUNT) for count in counts):
        return None
    text = _FIELDS.join(texts).encode()
    numbers = array.array("H", counts)
    if sys.byteorder == "big":
        numbers.byteswap()
    blob = zlib.compress(_LENGTH.pack(len(text)) + text + numbers.tobytes(), 1)
    remember(blob, doc)  # the writer's own articles are read back as members soon
    return blob


def decode(blob: bytes) -> StoryDoc:
    """The document `encode` stored, memoised on the stored bytes (a story's members are
    read again whenever the story changes; the same bytes are the same document)."""
    doc = _decoded.get(blob)
    if doc is None:
        doc = _decode(blob)
        remember(blob, doc)
    else:
        _decoded.move_to_end(blob)
    return doc


def remember(blob: bytes, doc: StoryDoc) -> None:
    """`decode(blob)` is `doc` from now on (while remembered): `blob` is its stored form,
    encoded here or in the worker process that prepared it."""
    _decoded[blob] = doc
    if len(_decoded) > DECODED_CACHED:
        _decoded.popitem(last=False)


def _decode(blob: bytes) -> StoryDoc:
    raw = zlib.decompress(blob)
    (length,) = _LENGTH.unpack_from(raw)
    end = _LENGTH.size + length
    texts = raw[_LENGTH.size : end].decode().split(_FIELDS)
    counts = array.array("H")
    counts.frombytes(raw[end:])
    if sys.byteorder == "big":
        counts.byteswap()
    values: dict[str, Any] = {}
    used = 0
    for (name, kind), text in zip(_FIELD_KINDS, texts, strict=True):
        if kind == "str":
            values[name] = text
        elif kind == "float":
            values[name] = float(text)
        else:
            items = text.split(_ITEMS) if text else []
            if kind == "counter":
                values[name] = Counter(
                    dict(zip(items, counts[used : used + len(items)], strict=True))
                )
                used += len(items)
            else:
                values[name] = frozenset(items) if kind == "set" else items
    doc = StoryDoc.__new__(StoryDoc)  # every field is stored: nothing to derive again
    doc.__dict__.update(values)
    return doc
