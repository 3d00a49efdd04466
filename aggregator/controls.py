"""Control characters in text from the web: stripped from stored titles and from all output.

A feed title can carry terminal escape sequences (`ESC ]0;title BEL` renames the terminal,
`ESC [2J` clears it, the 8-bit CSI `\\x9b` does the same on some terminals). Nothing we show
ever needs them, so they go before text reaches a terminal or a log, and titles lose them
before they are stored. JSON output keeps the data exact but writes these characters as
`\\u` escapes, so a `--json` result printed raw cannot drive the terminal either.
"""

from __future__ import annotations

import re

# A whole sequence goes, not just its ESC: what follows ESC would otherwise show as debris
# ("]0;pwned", "[2J"). String sequences (OSC, DCS, SOS, PM, APC) run to BEL or ST.
_SEQUENCES = re.compile(
    r"(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)"
    r"|(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"
    r"|\x1b[ -/]*[0-~]"
)
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_JSON_UNESCAPED = re.compile(r"[\x7f-\x9f]")  # json.dumps escapes C0 itself, but not these


def strip_controls(text: str, keep: str = "\n\t") -> str:
    """`text` without escape sequences or C0/C1 control characters, except those in `keep`."""
    text = _SEQUENCES.sub("", text)
    return _CONTROLS.sub(lambda m: m.group() if m.group() in keep else "", text)


def one_line(text: str) -> str:
    """A title as stored: no control characters, whitespace runs (newlines too) as one space."""
    return " ".join(strip_controls(text, keep="\n\t\r\f\v").split())


def json_safe(dumped: str) -> str:
    """JSON text (from json.dumps with ensure_ascii=False) with DEL and C1 characters as
    `\\u` escapes: the same data, but no byte a terminal would act on."""
    return _JSON_UNESCAPED.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)
