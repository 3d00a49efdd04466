"""Text from the web made safe to parse, store and show: valid Unicode, no control characters.

Broken CMSs write an emoji as character references to its two UTF-16 halves
(`&#55357;&#56960;`), or cut one in half. Python keeps such surrogates in a str, but UTF-8
refuses them (SQLite, feedparser's own encoder), so the item failed on every pass; lxml
silently truncates text at one. Control characters (NUL, the ESC sequences that retitle or
clear a terminal) have no place in a title, a summary or a link. Feeds and the extractor pass
what they hand on through here, so every later stage sees clean text; the command line and
the logs pass what they print through here too, for text stored before these rules.

A whole escape sequence goes, not just its ESC: what follows ESC would otherwise show as
debris ("]0;pwned", "[2J"). JSON output keeps the data exact but writes DEL and C1 characters
as `\\u` escapes, so a `--json` result printed raw cannot drive the terminal either.
"""

from __future__ import annotations

import functools
import re
from typing import AnyStr

_SURROGATE = re.compile("[\ud800-\udfff]")
# String sequences (OSC, DCS, SOS, PM, APC) run to BEL or ST; CSI and two-character escapes
_SEQUENCES = re.compile(
    r"(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)"
    r"|(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"
    r"|\x1b[ -/]*[0-~]"
)
# C0 controls, DEL, C1 controls (U+0080-U+009F, e.g. the 8-bit CSI)
_CONTROL_CHARS = [chr(c) for c in (*range(0x20), *range(0x7F, 0xA0))]
_JSON_UNESCAPED = re.compile(r"[\x7f-\x9f]")  # json.dumps escapes C0 itself, but not these
_REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));?")
# a cheap superset of the references repaired below (controls, DEL, surrogates, beyond
# U+10FFFF) that common ones (&#39; &#160; &#8217;) do not match: clean pages skip the repair
_SUSPECT = (
    r"&#(?:0*(?:\d|[12]\d|3[01]|127|5[5-7]\d{3}|\d{7,})(?!\d)"
    r"|[xX]0*(?:[0-9a-fA-F]|1[0-9a-fA-F]|7[fF]|[dD][89a-fA-F][0-9a-fA-F]{2}|[0-9a-fA-F]{6,})"
    r"(?![0-9a-fA-F]))"
)
_SUSPECT_TEXT = re.compile(_SUSPECT)
_SUSPECT_BYTES = re.compile(_SUSPECT.encode())
_REFERENCE_RUN = re.compile(r"(?:&#(?:[xX][0-9a-fA-F]+|[0-9]+);?)+")
_HIGH = range(0xD800, 0xDC00)
_LOW = range(0xDC00, 0xE000)
_REPLACEMENT = "&#xFFFD;"
_ALLOWED_CONTROLS = {0x09, 0x0A, 0x0D}
_BEYOND_UNICODE = 0x110000


def clean_text(text: str) -> str:
    """Pair up surrogate halves, replace a lone one with U+FFFD, drop control characters
    (tab, LF and CR stay: page text keeps its paragraphs)."""
    if not text.isascii() and _SURROGATE.search(text):
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return strip_controls(text, keep="\t\n\r")


def clean_link(url: str) -> str:
    """A link as browsers read it: no control characters at all, tab and newline included
    (WHATWG URL parsing removes those too). A NUL in a link is CMS debris, not part of it."""
    return strip_controls(clean_text(url), keep="").strip()


def strip_controls(text: str, keep: str = "\n\t") -> str:
    """`text` without escape sequences or C0/C1 control characters, except those in `keep`.
    Every escape sequence starts with a control character (ESC, or a C1 one) that none
    keeps: text without such a character (nearly all) is returned after one search."""
    controls = _controls_except(keep)
    if controls.search(text) is None:
        return text
    return controls.sub("", _SEQUENCES.sub("", text))


@functools.cache
def _controls_except(keep: str) -> re.Pattern[str]:
    """One character class per `keep`: page text is full of newlines, which a callback
    deciding per match would visit one by one."""
    return re.compile("[" + re.escape("".join(c for c in _CONTROL_CHARS if c not in keep)) + "]")


def one_line(text: str) -> str:
    """A title as stored: no control characters, whitespace runs (newlines too) as one space."""
    return " ".join(strip_controls(text, keep="\n\t\r\f\v").split())


def json_safe(dumped: str) -> str:
    """JSON text (from json.dumps with ensure_ascii=False) with DEL and C1 characters as
    `\\u` escapes: the same data, but no byte a terminal would act on."""
    return _JSON_UNESCAPED.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)


def repair_references(markup: AnyStr) -> AnyStr:
    """Numeric character references no parser should see: a surrogate pair written as two
    references becomes the one character it encodes, a lone surrogate or a code point beyond
    U+10FFFF becomes U+FFFD, a reference to a control character is dropped. feedparser
    crashes on the first two (the whole feed was lost), lxml on the last.

    Bytes are read as latin-1, which maps every byte to one character and back, so a feed in
    any ASCII-compatible encoding comes out unchanged except for the repaired references."""
    if isinstance(markup, bytes):
        if not _SUSPECT_BYTES.search(markup):
            return markup
        return repair_references(markup.decode("latin-1")).encode("latin-1")
    if not _SUSPECT_TEXT.search(markup):
        return markup
    return _REFERENCE_RUN.sub(_repair_run, markup)


def _repair_run(run: re.Match[str]) -> str:
    references = list(_REFERENCE.finditer(run.group()))
    points = [_code_point(reference) for reference in references]
    out: list[str] = []
    index = 0
    while index < len(points):
        point = points[index]
        following = points[index + 1] if index + 1 < len(points) else None
        if point in _HIGH and following in _LOW:
            combined = 0x10000 + ((point - 0xD800) << 10) + (following - 0xDC00)
            out.append(f"&#x{combined:X};")
            index += 2
            continue
        if point in _HIGH or point in _LOW or point >= _BEYOND_UNICODE:
            out.append(_REPLACEMENT)
        elif (point < 0x20 and point not in _ALLOWED_CONTROLS) or point == 0x7F:
            pass  # 0x80-0x9F stay: HTML and feedparser read them as windows-1252 characters
        else:
            out.append(references[index].group())
        index += 1
    return "".join(out)


def _code_point(reference: re.Match[str]) -> int:
    hexadecimal, decimal = reference.groups()
    digits = hexadecimal or decimal
    if len(digits.lstrip("0")) > 8:  # beyond any code point (and int()'s digit limit)
        return _BEYOND_UNICODE
    return int(hexadecimal, 16) if hexadecimal is not None else int(decimal)
