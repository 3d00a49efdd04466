"""The headline and page furniture at the edges of the extracted text (aggregator/edges.py)."""

from __future__ import annotations

from aggregator.edges import trim
from aggregator.extract import extract_page

URL = "https://wire.example/business/2026/11/30/harbour-strike-ends/"
HEADLINE = "Harbour strike ends after dockers accept 6% pay rise"
STORY = [
    "ROTTERDAM (Wire) - Dock workers at Europe's largest port voted on Monday to accept a"
    " 6% pay rise, ending a nine-day strike that had left more than 80 container ships"
    " waiting at anchor in the North Sea.",
    "The union said 71% of members backed the deal, which also shortens night shifts and"
    " adds two days of paid leave. Terminal operators said the backlog would take about"
    " two weeks to clear once cranes restart on Tuesday morning.",
    "Shipping lines had started diverting cargo to Antwerp and Hamburg, and retailers"
    " warned of empty shelves before the holidays. The port authority estimated the cost"
    " of the stoppage at 40 million euros a day for the regional economy.",
    "Economists said the settlement, above the national average of 4.2%, could set a"
    " benchmark for wage talks at airports and railways early next year, where unions"
    " have already announced ballots for industrial action.",
]


def wire_page(after: str, middle: str = "") -> str:
    """The layout of wire and newspaper sites: the <h1> inside the <article> element, and
    credits, prompts and a comment counter in the same column after the last paragraph."""
    paragraphs = "".join(f"<p>{text}</p>" for text in STORY[:2]) + middle
    paragraphs += "".join(f"<p>{text}</p>" for text in STORY[2:])
    return (
        f"<html lang='en'><head><title>{HEADLINE} | Wire</title>"
        f"<meta property='og:title' content='{HEADLINE}'></head><body>"
        "<nav><a href='/'>Home</a> <a href='/business'>Business</a></nav>"
        f"<article><h1>{HEADLINE}</h1>{paragraphs}{after}</article>"
        "<footer>Wire, 1 Example Street</footer></body></html>"
    )


def test_the_headline_and_the_credits_leave_the_text() -> None:
    after = (
        "<p>(Reporting by Anna de Vries; Editing by Mark Hollis)</p>"
        "<p>© 2026 Wire. All rights reserved.</p>"
    )
    text = extract_page(wire_page(after), URL).text
    assert text.splitlines()[0] == STORY[0]
    assert text.splitlines()[-1] == STORY[-1]


def test_newsletter_follow_and_comment_prompts_leave_the_end() -> None:
    after = (
        "<p>Get the day's top headlines in your inbox. Sign up for our Morning Briefing"
        " newsletter.</p>"
        "<p>Follow Wire Business on Twitter, Facebook and LinkedIn.</p>"
        "<p>Like this story? Share it with a friend!</p>"
        "<h3>12 comments</h3>"
    )
    text = extract_page(wire_page(after), URL).text
    assert text.splitlines()[-1] == STORY[-1]


def test_the_same_words_inside_the_story_stay() -> None:
    """Only the edges are trimmed: a paragraph in the middle that reads like furniture, and a
    long closing paragraph that mentions a newsletter, are the article's."""
    middle = "Reporting by local radio first revealed the terms of the deal."
    long_end = (
        "The union said it would sign up new members at the port's other terminals and"
        " subscribe them to its weekly newsletter, which has covered the dispute since"
        " September, and it promised to publish the full agreement on its website for every"
        " member to read before the formal signing ceremony later this week."
    )
    text = extract_page(wire_page(f"<p>{long_end}</p>", f"<p>{middle}</p>"), URL).text
    assert text.splitlines()[2] == middle
    assert text.splitlines()[-1] == long_end
    assert trim(f"{middle}\n{STORY[0]}") == f"{middle}\n{STORY[0]}"
    closing = [
        "Dockers who want a say in the next round must register with the union by today.",
        "More from the port authority's report is expected on Friday, when it meets again.",
    ]
    for line in closing:
        assert trim(f"{STORY[0]}\n{line}") == f"{STORY[0]}\n{line}"


def test_furniture_in_other_languages_is_trimmed_and_a_line_like_the_headline_is_not() -> None:
    body = "Der Streik im Hafen ist beendet, die Kräne laufen wieder an."
    text = "\n".join(
        ["Hafenstreik beendet", body, "Lesen Sie auch", "Newsletter abonnieren", "3 Kommentare"]
    )
    assert trim(text, ["Hafenstreik beendet | Zeitung"]) == f"Hafenstreik beendet\n{body}"
    assert trim(text, ["Hafenstreik beendet"]) == body
    french = f"{body}\nLire aussi\nTags : port, grève\n(c) Journal 2026"
    assert trim(french) == body


def test_when_precision_finds_only_a_notice_recall_mode_finds_the_article() -> None:
    """A layout that trafilatura's precision mode discards whole (here the body sits in a
    wrapper with an inline border, as some newspaper templates draw their column rule), so
    that the reprint notice above it is all precision finds: not a short article but a miss."""
    reprint = (
        "This copy is for your personal, non-commercial use only. To order presentation-ready"
        " copies for distribution to your colleagues, clients or customers visit our reprints"
        " desk."
    )
    paragraphs = "".join(f"<p>{text}</p>" for text in STORY)
    html = (
        f"<html lang='en'><head><title>{HEADLINE} | Wire</title></head><body>"
        f"<div class='reprint'><p>{reprint}</p></div>"
        f"<div class='article-wrap' style='border-left: 1px solid #ddd'>{paragraphs}</div>"
        "</body></html>"
    )
    page = extract_page(html, URL)
    assert page.status == "ok"
    assert page.text.splitlines() == STORY
