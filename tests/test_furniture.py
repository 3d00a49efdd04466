"""Page furniture left in extracted text names no event: story features do without it."""

from __future__ import annotations

from aggregator import furniture, stories

REPORT = (
    "Tesla is recalling 3,878 Cybertrucks because the pad on the accelerator pedal can come "
    "loose and get caught in the interior trim, the National Highway Traffic Safety "
    "Administration said on Friday.\n"
    "What you need to know\n"
    "The recall covers every Cybertruck built between November 13, 2023, and April 4, 2024. "
    "Tesla said it learned of the defect on March 31 and will replace the pedal for free."
)
# what a real page's extraction keeps around such a report: a byline and time stamp, links
# to the outlet's other stories (another event's names and figures), a caption, a call to act
FURNISHED = (
    "By Jane Porter\n"
    "Updated 10:32 a.m. ET\n"
    "Related: Rivian R2 reveal: 10 things to know about the $45,000 SUV\n"
    "READ MORE: Lucid Gravity deliveries slip to 2025 as Saudi plant ramps\n"
    "- Ford F-150 Lightning production paused at Rouge for six weeks\n"
    "- BYD Seagull tops China sales chart with 46,000 units\n"
    + REPORT.replace(
        "\nWhat you need to know\n", "\nWhat you need to know\nSign up for our EV newsletter\n"
    )
    + "\nMore: Tesla robotaxi fleet in Austin doubles to 20 cars\n"
    "Follow us on X and Facebook\n"
    "Sign up: the week in electric cars, every Friday"
)


def test_furniture_in_the_text_leaves_a_reports_story_features_as_they_were() -> None:
    title = "Tesla recalls nearly 3,900 Cybertrucks over a sticking accelerator pedal"
    assert stories.compute_features(title, FURNISHED) == stories.compute_features(title, REPORT)


def test_labelled_links_credits_and_short_non_sentences_are_furniture() -> None:
    for line in (
        "Related: SpaceX's Starship and Super Heavy Mars Rocket in Pictures",
        "READ MORE: China plague outbreak confirmed: Two diagnosed with disease in Beijing",
        "Lesen Sie auch: VW zeigt den ID. Every1",
        "À lire aussi : Renault dévoile la R5",
        "相关阅读：特斯拉召回3878辆Cybertruck",
        "来源：NHTSA",
        "By Jane Porter",
        "Photo: Tesla",
        "The slimmer bezels of the 16-inch MacBook Pro",
        "",
    ):
        assert furniture.is_furniture(line), line
    for line in (
        "More than 3,800 trucks are affected by the recall, the regulator said on Friday.",
        "Moreover, Tesla said the fix is free.",
        "Tesla said: “We will replace the pedal.”",
        "特斯拉宣布召回3878辆Cybertruck。",
        "Related parties of BYD hold 12% of the shares, the filing shows, and none sold any "
        "in the quarter.",
    ):
        assert not furniture.is_furniture(line), line


def test_a_last_paragraph_cut_short_is_the_articles_own() -> None:
    cut = "Tesla recalls 3,878 Cybertrucks.\nThe regulator said the pad on the pedal"
    assert furniture.without_page_furniture(cut) == cut
    report = "Tesla recalls 3,878 Cybertrucks."
    assert furniture.without_page_furniture(f"{report}\nRelated: BYD's Seagull") == report


def test_a_text_written_as_one_short_paragraph_is_kept_whole() -> None:
    teaser = "Tesla recalls Cybertrucks over a pedal fault"
    assert furniture.without_page_furniture(teaser) == teaser
    assert furniture.without_page_furniture(f"By Jane Porter\n{teaser}") == teaser
    labelled = "Related: Tesla recalls Cybertrucks"
    assert furniture.without_page_furniture(labelled) == labelled
