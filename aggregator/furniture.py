"""The furniture of news pages in an article's text: what names no event, however often it recurs.

Extraction keeps some of a page's furniture (measured on the 181 real pages of the shared
extraction set: a third of them keep some, ~26 words a page on average): links to other
stories ("Related: …", "READ MORE: …", a list of headlines), headings, bylines, time stamps,
captions and credits. Stories are matched on the headline and the lead, so a teaser of another
story in the lead makes a report look like that story, and a report whose lead is half
furniture looks like no other report of its event. Wire services add their own: the dateline's
place and agency, and the credit line, which every report from one bureau shares.
"""

from __future__ import annotations

import re

from . import cjk

# A paragraph that is not a sentence and this short is a heading, a caption, a byline, a time
# stamp or a link to another story, whichever page it comes from.
FURNITURE_WORDS = 12
_SENTENCE_END = re.compile(r"[.!?。！？…:;\"'”’»)\]]\s*$")
# A label that introduces a link, a list of links, a credit or a call to act, in the languages
# news pages are written in: "Related: …", "READ MORE: …", "Lesen Sie auch: …", "来源：…".
_LABELS = (
    r"related(?: (?:articles?|stories|news|coverage|content|reading))?|read (?:more|also|next)"
    r"|more(?: on this| news| from [\w .]+)?|see (?:more|also)|also (?:read|see)|don'?t miss"
    r"|recommended(?: for you)?|most (?:read|popular)|trending|watch|listen|sign up|subscribe"
    r"|photo|image|picture|video|credit|source|lesen sie (?:auch|mehr)|mehr (?:zum thema|dazu)"
    r"|auch interessant|bild|foto|quelle|lire aussi|à lire aussi|voir aussi|sur le même sujet"
    r"|leia (?:também|mais)|veja também|lee (?:también|más)|fuente|leggi anche|fonte"
    r"|相关阅读|相關閱讀|延伸阅读|延伸閱讀|推荐阅读|推薦閱讀|来源|來源|图片来源|圖片來源|原标题|责任编辑"
)
_LABELLED = re.compile(rf"^\W*(?:{_LABELS})\s*(?:[:：|»>–—-]|$)", re.IGNORECASE)

# A wire dateline opens the lead: "SAN FRANCISCO, June 25 (Reuters) -", "DETROIT (AP) —",
# "(Bloomberg) --". The place and the agency name no event (every Reuters report from Hong
# Kong shares them); the date stays, for the day of the month it gives.
_DATELINE = re.compile(
    r"^\s*(?:[A-ZÀ-Þ][A-ZÀ-Þ.'’\-]*(?:[ /][A-ZÀ-Þ][A-ZÀ-Þ.'’\-]*){0,3},?\s+)?"
    r"(?P<date>(?:[A-Z][a-z]{2,8}\.? \d{1,2}|\d{1,2}\.? [A-Z][a-z]{2,8}\.?),?\s+)?"
    r"\([A-Za-z][A-Za-z .\-/]{0,24}\)\s*[-–—]{1,2}\s*"
)
# The credit line that closes a wire report: its reporters and editors are the same across
# that bureau's reports of different events.
_CREDITS = re.compile(r"\((?:Reporting|Writing|Additional reporting|Editing) by [^)]*\)")


def is_furniture(paragraph: str) -> bool:
    """A labelled link, credit or call to act, or a short paragraph that is not a sentence."""
    if _is_labelled(paragraph):
        return True
    paragraph = paragraph.strip()
    return cjk.count_words(paragraph) <= FURNITURE_WORDS and not _SENTENCE_END.search(paragraph)


def _is_labelled(paragraph: str) -> bool:
    return _LABELLED.match(paragraph.strip()) is not None


def without_page_furniture(text: str) -> str:
    """The text's paragraphs without the furniture among them; the text as it was when every
    paragraph looks like furniture (a text written without paragraphs has one).

    The last paragraph is furniture only when labelled: a text may end in the middle of a
    sentence (story matching reads the first `store.MEMBER_TEXT_CHARS` characters; a feed's
    teaser, a paywall), and that end is the article's, however short."""
    paragraphs = text.rstrip().split("\n")
    kept = [paragraph for paragraph in paragraphs[:-1] if not is_furniture(paragraph)]
    if not _is_labelled(paragraphs[-1]):
        kept.append(paragraphs[-1])
    if not any(paragraph.strip() for paragraph in kept):
        return text
    return "\n".join(kept)


def without_wire_furniture(text: str) -> str:
    """The text without a wire service's dateline place and agency, and its credit line."""
    text = _DATELINE.sub(lambda match: match["date"] or "", text, count=1)
    return _CREDITS.sub(" ", text)
