"""Digest leads: whole sentences, without the page furniture scraped in front of them."""

from __future__ import annotations

import pytest

from aggregator.digest.leads import LEAD_CHARS, lead


@pytest.mark.parametrize(
    "text",
    [
        "BERLIN (Reuters) - Volkswagen will cut 35,000 jobs. The union agreed.",
        "SAN FRANCISCO, March 3 (AP) — Volkswagen will cut 35,000 jobs. The union agreed.",
        "Updated 10:32 a.m. ET Volkswagen will cut 35,000 jobs. The union agreed.",
        "Published: 3 March 2025, 09:15 | Volkswagen will cut 35,000 jobs. The union agreed.",
        "Updated 10:32 a.m. BERLIN (Reuters) - Volkswagen will cut 35,000 jobs. The union agreed.",
        "2025-03-03 — Volkswagen will cut 35,000 jobs. The union agreed.",
        "WOLFSBURG — Volkswagen will cut 35,000 jobs. The union agreed.",
        "Wolfsburg, 2 mar (EFE).- Volkswagen will cut 35,000 jobs. The union agreed.",
        "ST. LOUIS (AP) — Volkswagen will cut 35,000 jobs. The union agreed.",
    ],
)
def test_scraped_prefixes_are_removed(text: str) -> None:
    assert lead(text, 2) == "Volkswagen will cut 35,000 jobs. The union agreed."


def test_furniture_paragraphs_in_front_never_become_the_lead() -> None:
    text = (
        "By Jane Porter\n"
        "Related: Rivian R2 reveal: 10 things to know about the $45,000 SUV\n"
        "- BYD Seagull tops China sales chart with 46,000 units\n"
        "Volkswagen will cut 35,000 jobs.\nSign up for our newsletter\nThe union agreed."
    )
    assert lead(text, 2) == "Volkswagen will cut 35,000 jobs. The union agreed."


@pytest.mark.parametrize(
    "text",
    [
        "BYD — the largest carmaker in China — cut prices again.",
        "March 3 was the day BYD cut prices again.",
        "NIO said on Monday it would cut prices again.",
        "OREANDA-NEWS Volkswagen will cut 35,000 jobs.",
    ],
)
def test_sentences_that_merely_start_alike_are_kept(text: str) -> None:
    assert lead(text, 1) == text


def test_a_dateline_after_a_photo_caption_is_removed_too() -> None:
    text = "Cybertrucks stand at a depot. March 20 (UPI) -- Tesla recalls 46,000 of them. More."
    assert lead(text, 2) == "Cybertrucks stand at a depot. Tesla recalls 46,000 of them."


def test_abbreviations_do_not_end_a_sentence() -> None:
    text = "Dr. Smith met U.S. Rep. Jane Doe in St. Louis on Jan. 5. They spoke. A third one."
    assert lead(text, 2) == "Dr. Smith met U.S. Rep. Jane Doe in St. Louis on Jan. 5. They spoke."


def test_german_rules_for_a_german_article() -> None:
    text = "Am 3. März stiegen z. B. die Preise. Das sagte BYD. Mehr folgt."
    assert lead(text, 2, language="de") == "Am 3. März stiegen z. B. die Preise. Das sagte BYD."


def test_chinese_sentence_ends_without_spaces() -> None:
    assert lead("小米交付量创新高。公司将扩产！你信吗？是的。", 2, language="zh") == (
        "小米交付量创新高。公司将扩产！"
    )


def test_a_sentence_that_does_not_fit_is_left_out_not_cut() -> None:
    first = "Xiaomi delivered 40,000 cars in October."
    text = f"{first} {'Then a very long sentence follows ' * 20}. Short."
    assert lead(text, 3) == first
    only = "A single sentence that never ends " * 20
    cut = lead(only, 2)
    assert cut.endswith("…") and len(cut) <= LEAD_CHARS + 1


def test_the_headline_repeated_in_the_text_is_dropped() -> None:
    title = "BYD cuts prices"
    assert lead(f"{title} March 3, 2025 — BYD cut prices. Again.", 1, title) == "BYD cut prices."
