"""A name typed by a person matched to the one the config or the archive spells, so that the
CLI and the chart page read `tesla` as `Tesla` and answer a typo with the closest names."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


class UnknownName(ValueError):
    """No known name matches; the message names the closest ones."""


def spelled_as_known(value: str, known: Iterable[str], what: str) -> str:
    """`value` as `known` spells it, whatever its case; UnknownName otherwise, with a hint
    (the closest names, or all of them), never an empty result."""
    by_folded = {name.casefold(): name for name in known}
    folded = value.casefold()
    if folded in by_folded:
        return by_folded[folded]
    close = difflib.get_close_matches(folded, list(by_folded), n=3, cutoff=0.6)
    if close:
        hint = "did you mean " + " or ".join(repr(by_folded[c]) for c in close) + "?"
    elif by_folded:
        hint = "known: " + ", ".join(sorted(by_folded.values()))
    else:
        hint = "there are none yet"
    raise UnknownName(f"no {what} named {value!r}; {hint}")
