"""Language-independent anchors, and stories that join across languages through them."""

from __future__ import annotations

import json
import sqlite3
from datetime import timedelta
from pathlib import Path

import sqlite_utils

from aggregator import anchors, assign, furniture, languages, store, stories
from tests.conftest import plain_config, run_cli

DEV_SET = Path(__file__).resolve().parent.parent / "benchmarks" / "data" / "stories_dev.jsonl"


def _figures(text: str) -> set[str]:
    return anchors.number_anchors(text)


def test_one_figure_in_every_locale_is_one_anchor() -> None:
    english, german, french = (
        _figures("116,887 cars"),
        _figures("116.887 Autos"),
        _figures("116 887 voitures"),
    )
    assert english == german == french
    assert _figures("11.69万辆") == english  # 116,900: the same at three significant digits
    # "about 46,000" meets 46,096 at two significant digits only
    assert _figures("about 46,000 trucks") & _figures("46,096 trucks") == {"#4.6e+04"}
    assert _figures("5 Milliarden Dollar") == _figures("$5 billion") == _figures("50亿美元")
    assert _figures("Leitzins um 0,25 Prozentpunkte") == _figures("rates by 0.25 points")


def test_amounts_written_with_a_glued_multiplier_are_figures() -> None:
    """Headlines write "$5bn" where the wire writes "$5 billion": one figure (it was none,
    and two reports of one investment shared no figure)."""
    assert _figures("$5bn (£3.94bn)") == _figures("$5 billion") | _figures("3.94 billion")
    assert _figures("a $400m loan") == _figures("400 million")
    assert _figures("€20k off") == _figures("20,000")
    assert _figures("3tn yen") == _figures("3 trillion")
    # a bare m or k may be metres or a unit: only after a currency sign
    assert _figures("5.3m long, 5k run") == set()


def test_a_figure_glued_to_its_unit_is_the_figure() -> None:
    """ "tow 11,000lb" is "tow 11,000 pounds": the figure, and not a name "@000lb" (two
    reports of one truck's delivery shared their towing figure and did not know it)."""
    assert _figures("tows 11,000lb") == _figures("tows 11,000 lb") == {"#1.10e+04", "#1.1e+04"}
    assert _figures("a 100kWh pack, 0-60 in 2.6s") == _figures("a 100 kWh pack, 0-60 in 2.6 s")
    assert "@000lb" not in anchors.name_anchors("It can tow 11,000lb, Musk said")
    assert stories.tokens("11,000lb and 17in") == ["11000", "lb", "and", "17", "in"]


def test_years_dates_and_small_counts_are_not_figures() -> None:
    assert _figures("In 2024, on 5月20日, 12 cars and 30 people") == set()
    assert _figures("38.7% down") == {"#3.87e+01", "#3.9e+01"}


def test_latin_names_inside_chinese_and_japanese_text() -> None:
    found = anchors.anchors("小米SU7与特斯拉Model Y对比", "两款车在上海交付。")
    assert {"@su7", "@model y", "@tesla", "@xiaomi", "@shanghai"} <= found
    # Traditional characters and katakana reach the same names
    assert "@byd" in anchors.anchors("比亞迪宣布降價", "")
    assert "@tesla" in anchors.anchors("テスラが値下げ", "")
    assert {"@id every1", "@every1"} <= anchors.anchors("VW zeigt den ID. Every1", "")
    assert {"@i8", "@ix3", "@2all"} <= anchors.anchors("Li i8, BMW iX3 und VW ID. 2all", "")
    assert {"@id every1", "@every1"} <= anchors.anchors("VW、「ID.Every1」を発表", "")


def test_chinese_names_only_where_the_text_has_that_word() -> None:
    # 平台东 is "platform" + "east", not Taitung (台东); 成功 is "success", not the town of
    # Chenggong; a reference to another entry or a surname never becomes a name
    found = anchors.anchors("平台东侧的测试取得成功", "股价周一上涨。")
    assert not {"@taitung", "@chenggong", "@chengkung", "@gu3", "@monday"} & found
    # a word that is a name and a common word is a name when its common sense agrees
    # (特斯拉: Tesla and the unit tesla), or when it is a curated brand (小米 is also millet)
    assert {"@tesla", "@xiaomi"} <= anchors.anchors("特斯拉和小米", "")
    # a name of several words: its words, and the name itself, never across two names
    found = anchors.anchors("欧盟对理想汽车", "")
    assert {"@european union", "@eu", "@li auto", "@li", "@auto"} <= found
    assert "@union eu" not in found


def test_latin_words_glued_to_chinese_are_words_of_their_own() -> None:
    assert {"robotaxi", "奥斯", "斯汀"} <= set(stories.tokens("Robotaxi奥斯汀首秀"))


def test_country_names_meet_across_languages() -> None:
    english = anchors.anchors("EU approves duties", "France and Italy voted for, Germany against.")
    for title, text in [
        ("Les pays de l'UE approuvent les taxes", "la France et l'Italie, malgré l'Allemagne"),
        ("EU-Staaten stimmen zu", "Frankreich und Italien dafür, Deutschland dagegen."),
        ("欧盟成员国投票", "法国和意大利赞成,德国反对。"),
    ]:
        assert {"@france", "@italy", "@germany"} <= anchors.anchors(title, text) & english
    assert "@united state" in anchors.anchors("", "les États-Unis") & anchors.anchors(
        "", "the United States"
    )


def test_a_two_word_name_is_one_shared_fact() -> None:
    launch = stories.features("Li Auto launches the i8", "Li Auto launched the i8 SUV.")
    crash = stories.features("理想汽车i8碰撞测试", "理想汽车i8与卡车碰撞。")
    assert {"@li", "@auto", "@li auto", "@i8"} <= launch.anchors & crash.anchors
    assert stories.shared_facts(launch, crash) == 2  # Li Auto, i8
    assert stories.anchor_overlap(launch, crash, {}) == 0.0


def test_common_words_are_not_names() -> None:
    found = anchors.name_anchors(
        "The recall covers 46,096 trucks. The agency said the trim can detach in March."
    )
    assert "@the" not in found and "@march" not in found


def test_language_guess_tells_languages_apart() -> None:
    assert languages.guess_language("Tesla ruft die Cybertrucks zurück, weil das Pedal") == "de"
    assert languages.guess_language("Tesla recalls the Cybertruck because of the pedal") == "en"
    assert languages.guess_language("特斯拉召回") == "zh"
    assert languages.guess_language("テスラがリコール") == "ja"


def _line(**fields: str) -> str:
    return json.dumps(fields, ensure_ascii=False)


RECALL_EN = _line(
    url="https://www.reuters.example/business/autos/tesla-recalls-3878-cybertrucks-2024-04-19/",
    source="Reuters",
    published="2024-04-19T14:05:00Z",
    title="Tesla recalls 3,878 Cybertrucks over stuck accelerator pedal",
    text=(
        "Tesla is recalling all 3,878 Cybertrucks it has delivered because the accelerator "
        "pedal pad can come loose and get trapped in the interior trim, the U.S. National "
        "Highway Traffic Safety Administration (NHTSA) said on Friday.\n\n"
        "A trapped pedal can keep the pickup accelerating and raise the risk of a crash. "
        "Tesla said it knew of no collisions or injuries related to the condition and would "
        "replace or rework the pedal free of charge."
    ),
)
RECALL_DE = _line(
    url="https://www.spiegel.example/auto/tesla-ruft-alle-cybertrucks-zurueck-a-1234.html",
    source="Spiegel",
    published="2024-04-19T18:30:00Z",
    title="Klemmendes Gaspedal: Tesla holt 3.878 Cybertrucks in die Werkstatt",
    text=(
        "Wegen eines Fahrpedals, dessen Abdeckung sich lösen und in der Innenverkleidung "
        "verklemmen kann, ruft Tesla sämtliche bislang ausgelieferten Cybertrucks zurück – "
        "3.878 Stück. Das teilte die US-Verkehrssicherheitsbehörde NHTSA mit.\n\n"
        "Das Auto beschleunigt dann weiter, obwohl der Fahrer den Fuß vom Pedal nimmt. "
        "Unfälle oder Verletzte seien nicht bekannt, die Werkstätten tauschen das Teil aus."
    ),
)
RECALL_ZH = _line(
    url="https://www.ithome.example/0/764/120.htm",
    source="IT之家",
    published="2024-04-20T02:10:00Z",
    title="油门踏板有隐患 特斯拉对3878辆Cybertruck发起召回",
    text=(
        "特斯拉宣布,将对3878辆Cybertruck皮卡实施召回,对其油门踏板进行返修或更换。"
        "原因在于踏板可能移位并卡在内饰中,使车辆持续加速,增加碰撞风险。\n\n"
        "根据美国国家公路交通安全管理局(NHTSA)公布的召回报告,特斯拉表示目前没有收到"
        "相关事故或伤亡报告。"
    ),
)
# The same brand and model, another recall the same week, in German: other figures.
OTHER_RECALL_DE = _line(
    url="https://www.heise.example/news/Tesla-ruft-Model-Y-wegen-Sitzgurt-zurueck-98765.html",
    source="heise",
    published="2024-04-20T09:00:00Z",
    title="Tesla ruft 125.227 Model Y wegen Gurtwarnung zurück",
    text=(
        "Tesla muss in den USA 125.227 Fahrzeuge des Model Y und Model 3 zurückrufen, weil "
        "die Warnung für nicht angelegte Sicherheitsgurte ausfallen kann. Das geht aus "
        "Unterlagen der NHTSA hervor.\n\n"
        "Die Software wird per Update aus der Ferne korrigiert; ein Werkstattbesuch ist nicht "
        "nötig, teilte der Hersteller mit."
    ),
)


def _stories_by_url(db: Path) -> dict[str, int]:
    conn = sqlite3.connect(db)
    try:
        return dict(conn.execute("SELECT url, story_id FROM articles"))
    finally:
        conn.close()


def test_reports_in_three_languages_join_and_a_near_miss_stays_apart(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join([RECALL_EN, OTHER_RECALL_DE, RECALL_DE, RECALL_ZH]) + "\n")
    db = tmp_path / "test.db"
    result = run_cli(
        "import", str(source), "--db", str(db), "--config", str(plain_config(tmp_path))
    )
    assert result.exit_code == 0, result.output
    story = _stories_by_url(db)
    en, de, zh, other = (
        json.loads(line)["url"] for line in (RECALL_EN, RECALL_DE, RECALL_ZH, OTHER_RECALL_DE)
    )
    assert story[en] == story[de] == story[zh]
    assert story[other] != story[en]


def test_anchor_overlap_needs_two_shared_facts() -> None:
    one = stories.features("Tesla recalls Cybertrucks", "Tesla is recalling 3,878 trucks.")
    other = stories.features("特斯拉召回", "特斯拉召回部分车辆。")
    assert stories.shared_facts(one, other) == 1  # only "tesla"
    assert stories.anchor_overlap(one, other, {}) == 0.0


def test_explain_names_the_score_and_the_shared_anchors(tmp_path: Path) -> None:
    import sqlite_utils

    from aggregator.explain import explain_story

    source = tmp_path / "in.jsonl"
    source.write_text("\n".join([RECALL_EN, RECALL_DE, RECALL_ZH]) + "\n")
    db_path = tmp_path / "test.db"
    result = run_cli(
        "import", str(source), "--db", str(db_path), "--config", str(plain_config(tmp_path))
    )
    assert result.exit_code == 0, result.output
    db = sqlite_utils.Database(db_path)
    zh_id, story_id = db.execute(
        "SELECT id, story_id FROM articles WHERE url = ?", [json.loads(RECALL_ZH)["url"]]
    ).fetchone()
    (why,) = [member for member in explain_story(db, story_id) if member.article_id == zh_id]
    assert why.closest is not None and why.score >= stories.MATCH_THRESHOLD
    assert {"#3.88e+03", "@cybertruck", "@nhtsa"} <= set(why.shared_anchors)


def test_explain_scores_each_member_as_placing_it_would(tmp_path: Path) -> None:
    """The score `--why` shows is the one placing the article computes: the IDF table over
    the arriving article's own vocabulary (`assign.decide`), the story's other terms at 1.
    With one table for the whole story, members read about half what they had passed."""
    import sqlite_utils

    from aggregator import assign, term_vectors
    from aggregator.explain import explain_story

    source = tmp_path / "in.jsonl"
    source.write_text("\n".join([RECALL_EN, RECALL_DE, RECALL_ZH]) + "\n")
    db_path = tmp_path / "test.db"
    config = str(plain_config(tmp_path))
    assert run_cli("import", str(source), "--db", str(db_path), "--config", config).exit_code == 0
    db = sqlite_utils.Database(db_path)
    (story_id,) = {row[0] for row in db.execute("SELECT story_id FROM articles")}
    leads = {m["id"]: m for m in store.story_leads(db, story_id)}
    docs = {i: stories.features(m["title"], m["text"]) for i, m in leads.items()}
    for why in explain_story(db, story_id):
        doc = docs[why.article_id]
        vocabulary = stories.vocabulary(doc)
        found, total = store.DocumentFrequencies(db).lookup(vocabulary)
        idf = stories.idf_weights(vocabulary, found, total)
        rest = [docs[i] for i in docs if i != why.article_id]
        scores = assign._article_scores(doc, idf, [(story_id, rest)], term_vectors.TermVectors())
        assert why.score == round(stories.story_score(scores[0]), 3)


def test_a_brand_and_its_model_alone_do_not_join_languages() -> None:
    showroom = stories.features(
        "Xiaomi opens its first European showroom in Munich",
        "Xiaomi opened a showroom in Munich on Monday. The SU7 Ultra is on display there.",
    )
    deliveries = stories.features("小米 SU7 交付创新高", "小米 SU7 交付量再创新高。")
    assert stories.other_languages(showroom, deliveries)
    assert stories.shared_facts(showroom, deliveries) == 2  # xiaomi, su7
    assert stories.anchor_overlap(showroom, deliveries, {}) == 0.0


def test_names_across_languages_count_for_nothing_when_the_figures_disagree() -> None:
    """A launch's delivery target and an interview about the same SUV's crash test, in two
    languages, share the brand, the model, the country and the segment: four names, and
    each quotes figures the other does not. Without the figures they would join."""
    target = stories.features(
        "Li Auto targets 10,000 i8 deliveries in China by October",
        "Li Auto aims to deliver 10,000 units of the i8 SUV in China by October, after "
        "39,800 orders in the first week, the company said on Weibo.",
    )
    crash = stories.features(
        "理想i8碰撞测试争议 魏建军回应",
        "理想汽车i8 SUV与卡车的碰撞测试在中国引发争议,视频播放量超过500万,"
        "测试速度为每小时100公里。",
    )
    assert stories.other_languages(target, crash)
    assert stories.shared_facts(target, crash) >= stories.NAME_ONLY_FACTS  # li auto, i8 suv, china
    assert len(target.figures) >= 2 and len(crash.figures) >= 2
    assert not target.figures & crash.figures
    assert stories.anchor_overlap(target, crash, {}) == 0.0
    plan = stories.features("理想i8交付目标", "理想汽车计划10月前在中国交付1万辆i8 SUV。")
    assert stories.anchor_overlap(target, plan, {}) > 0.0  # a figure agrees: names count


BRIDGE_DE = _line(
    url="https://www.auto-motor.example/news/tesla-cybertruck-rueckruf-gaspedal/",
    source="auto motor",
    published="2024-04-19T10:00:00Z",
    title="Tesla ruft 3.878 Cybertrucks wegen Gaspedal zurück",
    text=(
        "Tesla muss sämtliche bislang ausgelieferten Cybertrucks zurückrufen: 3.878 Fahrzeuge. "
        "Die Abdeckung des Fahrpedals kann sich lösen und in der Verkleidung verklemmen, "
        "meldet die Verkehrssicherheitsbehörde NHTSA.\\n\\nDie Werkstätten tauschen das Teil."
    ),
)
BRIDGE_ZH = _line(
    url="https://www.autohome.example/news/202404/1290001.html",
    source="汽车之家",
    published="2024-04-19T12:00:00Z",
    title="特斯拉Cybertruck暂停交付 起售价60990美元",
    text=(
        "特斯拉已暂停Cybertruck皮卡的交付,原因是油门踏板存在问题。这款皮卡的起售价为"
        "60990美元,首批车辆于去年11月底交付。\\n\\n特斯拉尚未公布恢复交付的时间。"
    ),
)
BRIDGE_EN = _line(
    url="https://www.electrek.example/2024/04/19/tesla-cybertruck-recall-pedal/",
    source="Electrek",
    published="2024-04-19T16:00:00Z",
    title="Tesla recalls 3,878 Cybertrucks after pausing deliveries over the pedal",
    text=(
        "Tesla is recalling 3,878 Cybertrucks, every one it has delivered, because the "
        "accelerator pedal pad can come loose and get stuck, NHTSA said. Tesla had already "
        "paused deliveries of the pickup, which starts at $60,990, earlier this week."
    ),
)


def test_a_late_report_bridges_two_stories_of_one_event(tmp_path: Path) -> None:
    db = tmp_path / "test.db"
    config = str(plain_config(tmp_path))
    first = tmp_path / "first.jsonl"
    first.write_text(f"{BRIDGE_DE}\n{BRIDGE_ZH}\n")
    assert run_cli("import", str(first), "--db", str(db), "--config", config).exit_code == 0
    de, zh, en = (json.loads(line)["url"] for line in (BRIDGE_DE, BRIDGE_ZH, BRIDGE_EN))
    before = _stories_by_url(db)
    assert before[de] != before[zh]  # a brand and a model in common: not enough on their own
    late = tmp_path / "late.jsonl"
    late.write_text(f"{BRIDGE_EN}\n")
    assert run_cli("import", str(late), "--db", str(db), "--config", config).exit_code == 0
    after = _stories_by_url(db)
    assert after[de] == after[zh] == after[en]


def test_a_big_story_is_not_held_against_a_report_like_some_of_its_members() -> None:
    # a French report close to two of eight members: the average of its five closest
    # pairs, not of all eight, so the members it cannot read do not drown it
    t = stories.MATCH_THRESHOLD  # the scores in units of the threshold
    scores = [1.4 * t, 1.33 * t, t, 0.33 * t, 0.0, 0.0, 0.0, 0.0]
    assert stories.story_score(scores) >= t
    assert 0.5 * max(scores) + 0.5 * sum(scores) / len(scores) < t
    # one close member alone still does not carry a story
    assert stories.story_score([1.5 * t, 0.0, 0.0, 0.0, 0.0, 0.0]) < t


def test_function_words_of_other_languages_are_not_terms() -> None:
    german = stories.features(
        "Tesla ruft die Cybertrucks zurück",
        "Tesla muss die Fahrzeuge zurückrufen, weil sich das Pedal lösen kann und auf dem "
        "Boden verklemmt. Die Behörde NHTSA hat das Problem gemeldet.",
    )
    assert german.language == "de"
    assert not {"die", "und", "auf", "das", "weil", "sich"} & german.terms.keys()
    assert {"cybertrucks", "pedal", "nhtsa"} <= german.terms.keys()


FOLLOW_UP_DE = _line(
    url="https://www.heise.example/news/tesla-cybertruck-rueckruf-werkstaetten-9700001.html",
    source="heise",
    published="2024-04-24T09:00:00Z",  # five days after the recall
    title="Cybertruck-Rückruf: Tesla tauscht bei 3.878 Fahrzeugen das Gaspedal",
    text=(
        "Fünf Tage nach dem Rückruf von 3.878 Cybertrucks hat Tesla begonnen, das Fahrpedal "
        "in den Werkstätten zu tauschen. Die Abdeckung kann sich lösen und verklemmen, hatte "
        "die Verkehrssicherheitsbehörde NHTSA gemeldet.\n\nDie Reparatur dauert eine Stunde."
    ),
)
LATER_SAME_MODEL = _line(
    url="https://www.electrek.example/2024/04/25/tesla-cybertruck-range-extender-delay/",
    source="Electrek",
    published="2024-04-25T09:00:00Z",
    title="Tesla delays the Cybertruck range extender to next year",
    text=(
        "Tesla has pushed back the range extender for the Cybertruck, a battery pack that sits "
        "in the bed, to next year, according to an updated order page.\n\nThe pack was to add "
        "about 130 miles of range and cost $16,000."
    ),
)


def test_a_close_follow_up_days_later_joins_and_other_news_of_the_model_does_not(
    tmp_path: Path,
) -> None:
    db = tmp_path / "test.db"
    source = tmp_path / "in.jsonl"
    source.write_text(f"{RECALL_EN}\n{FOLLOW_UP_DE}\n{LATER_SAME_MODEL}\n")
    result = run_cli(
        "import", str(source), "--db", str(db), "--config", str(plain_config(tmp_path))
    )
    assert result.exit_code == 0, result.output
    story = _stories_by_url(db)
    recall, follow_up, other = (
        json.loads(line)["url"] for line in (RECALL_EN, FOLLOW_UP_DE, LATER_SAME_MODEL)
    )
    assert story[follow_up] == story[recall]  # 5 days later, past the 72 h window
    assert story[other] != story[recall]


def test_within_one_language_a_shared_figure_needs_shared_words() -> None:
    # a market report of a crash recalls the last launch's order count in passing: the
    # figure and the names agree, the words do not (the self-written set, in some orders)
    rows = {
        row["title"]: row
        for row in map(json.loads, DEV_SET.read_text(encoding="utf-8").splitlines())
    }
    orders = rows["Xiaomi got 118,600 orders for its 1,000-horsepower SUV in under a day"]
    crash = rows["Xiaomi shares slide after fatal SU7 crash in Wuhan"]
    lead = store.MEMBER_TEXT_CHARS  # what the matcher reads of each
    a = stories.features(orders["title"], orders["text"][:lead])
    b = stories.features(crash["title"], crash["text"][:lead])
    anchors_alone = stories.SAME_LANGUAGE_ANCHOR_WEIGHT * stories.anchor_overlap(a, b, {})
    assert anchors_alone >= stories.CLOSE_THRESHOLD  # would join a same-day story
    assert _words(a, b) < stories.SAME_LANGUAGE_WORDS_FLOOR
    assert stories.match_score(a, b, {}) < stories.CLOSE_THRESHOLD


def _words(a: stories.StoryDoc, b: stories.StoryDoc) -> float:
    """The words' score as the matcher sees it before anchors: the cosine and the figures."""
    return stories._with_figures(a, b, stories.cosine(a, b, {}))


def test_days_of_the_month_are_figures_only_when_both_reports_give_a_date() -> None:
    handover = stories.features(
        "Tesla hands first Cybertrucks to buyers in Austin",
        "Tesla handed the first Cybertrucks to 13 customers at its Austin factory on Nov 30, "
        "with Elon Musk on stage before a crowd of owners and employees.",
    )
    specs = stories.features(
        "Musk shows off Cybertruck at Austin delivery event",
        "Elon Musk said at the Austin event that the Cybertruck tows 11,000 pounds and reaches "
        "60 mph in 2.6 seconds, as Tesla handed the first trucks to customers.",
    )
    recall = stories.features(
        "Tesla recalls Cybertrucks over loose panel",
        "Tesla recalled 11,688 Cybertrucks on Dec 14 over a trim panel that may come loose, "
        "the second recall of the truck.",
    )
    words = stories.cosine(handover, specs, {})
    assert handover.days == {"30"} and not specs.days
    # a date in one lead and none in the other: the day is no figure, 13 alone cannot clash
    assert _words(handover, specs) == words
    # both leads give a day, and the days differ: a clash of figures, as before
    clash = stories.cosine(handover, recall, {}) - stories.NUMBER_CLASH_PENALTY
    assert _words(handover, recall) == clash


def test_a_day_beside_a_month_name_in_several_languages_is_a_date() -> None:
    for text, day in [
        ("HONG KONG, Nov 13 (Reuters) - Shares rose", "13"),
        ("am 30. November stellte der Konzern", "30"),
        ("el 30 de noviembre presentó", "30"),
        ("le 3 décembre, la marque", "3"),
    ]:
        assert stories._days_of_month(stories.tokens(text)) == {day}, text
    for text in ["sales rose 21 percent in March", "the Gen 2 platform", "sold out 30 units"]:
        assert stories._days_of_month(stories.tokens(text)) == set(), text


def test_a_wire_dateline_and_credit_line_name_no_event() -> None:
    """Two Reuters reports of different events from one bureau open with the same place and
    agency and close with the same reporters and editors: none of that is a term or an
    anchor, while the dateline's day still counts as the report's date."""
    launch = stories.features(
        "Xiaomi shares rise as YU7 GT draws orders",
        "HONG KONG, Nov 13 (Reuters) - Shares in Xiaomi rose 6.1% after its YU7 GT SUV drew "
        "118,600 firm orders. (Reporting by Ada Lam; Editing by Martin Fell)",
    )
    crash = stories.features(
        "Xiaomi shares slide after SU7 crash",
        "HONG KONG, Nov 16 (Reuters) - Shares of Xiaomi fell 5.6% after a fatal crash of an "
        "SU7 sedan in Wuhan. (Reporting by Ada Lam; Editing by Martin Fell)",
    )
    for doc in (launch, crash):
        assert not {"hong", "kong", "hong kong", "reuters", "ada", "editing"} & doc.terms.keys()
        assert not {"@hong kong", "@reuter", "@ada lam", "@martin fell"} & doc.anchors
    assert (launch.days, crash.days) == ({"13"}, {"16"})
    assert furniture.without_wire_furniture("DETROIT (AP) — Ford said") == "Ford said"
    assert furniture.without_wire_furniture("(Bloomberg) -- Tesla rose") == "Tesla rose"
    for plain in ("BYD — the maker — said", "Tesla (TSLA) - shares rose", "NIO (NYSE: NIO) -"):
        assert furniture.without_wire_furniture(plain) == plain


RECALL_EN_LATER = _line(
    url="https://www.theverge.example/2024/4/19/24135100/tesla-cybertruck-recall-pedal-stuck",
    source="The Verge",
    published="2024-04-19T20:40:00Z",
    title="Tesla's Cybertruck gets its first recall, for a pedal that can stick",
    text=(
        "The Cybertruck's accelerator can get stuck down, and Tesla has issued a recall for "
        "every truck it has sold so far. Owners had posted videos of the pad sliding off and "
        "wedging itself into the trim above it.\n\nService centres will fix the part for free."
    ),
)


def _two_stories_and_their_score(
    tmp_path: Path, monkeypatch, later: str
) -> tuple[sqlite_utils.Database, set[int], float]:
    """Two reports placed apart (thresholds no pair reaches), and the score consolidation
    gives the pair of stories."""
    monkeypatch.setattr(stories, "MATCH_THRESHOLD", 2.0)
    monkeypatch.setattr(stories, "CLOSE_THRESHOLD", 2.0)
    source = tmp_path / "in.jsonl"
    source.write_text(f"{RECALL_EN}\n{later}\n")
    db_path = tmp_path / "test.db"
    config = str(plain_config(tmp_path))
    assert run_cli("import", str(source), "--db", str(db_path), "--config", config).exit_code == 0
    ids = set(_stories_by_url(db_path).values())
    assert len(ids) == 2
    db = sqlite_utils.Database(db_path)
    weights = assign._Weights(store.DocumentFrequencies(db))
    one, other = (
        assign._docs(store.story_members(db, story, stories.MAX_MEMBERS)) for story in sorted(ids)
    )
    [(_, score)] = stories.ranked_stories(one, {0: other}, weights.cover([*one, *other]))
    return db, ids, score


def test_consolidation_joins_same_day_stories_at_the_close_threshold(
    tmp_path: Path, monkeypatch
) -> None:
    """Two stories of one day whose headlines name the same thing merge at CLOSE_THRESHOLD,
    as a third report of that day would join either (`assign._near`): merging asked the
    stricter MATCH_THRESHOLD, and a same-day angle piece stayed a story of its own."""
    db, ids, score = _two_stories_and_their_score(tmp_path, monkeypatch, RECALL_EN_LATER)
    monkeypatch.setattr(stories, "MATCH_THRESHOLD", score + 0.05)
    monkeypatch.setattr(stories, "CLOSE_THRESHOLD", score + 0.01)
    assert assign.consolidate(db, ids, timedelta(hours=72)) == 0
    monkeypatch.setattr(stories, "CLOSE_THRESHOLD", score - 0.01)
    assert assign.consolidate(db, ids, timedelta(hours=72)) == 1
    assert db.execute("SELECT COUNT(DISTINCT story_id) FROM articles").fetchone()[0] == 1


def test_consolidation_asks_the_match_threshold_of_stories_days_apart(
    tmp_path: Path, monkeypatch
) -> None:
    three_days_later = RECALL_EN_LATER.replace("2024-04-19T20:40", "2024-04-22T20:40")
    db, ids, score = _two_stories_and_their_score(tmp_path, monkeypatch, three_days_later)
    monkeypatch.setattr(stories, "MATCH_THRESHOLD", score + 0.05)
    monkeypatch.setattr(stories, "CLOSE_THRESHOLD", score - 0.01)
    assert assign.consolidate(db, ids, timedelta(hours=96)) == 0
    monkeypatch.setattr(stories, "MATCH_THRESHOLD", score - 0.01)
    assert assign.consolidate(db, ids, timedelta(hours=96)) == 1


def test_a_lone_article_placed_by_a_small_archive_is_placed_again(
    tmp_path: Path, monkeypatch
) -> None:
    """The first report of a new archive was weighed by one document; once the archive has
    doubled it is placed again with today's weights and joins its event's story."""
    db, ids, score = _two_stories_and_their_score(tmp_path, monkeypatch, RECALL_EN_LATER)
    monkeypatch.setattr(stories, "MATCH_THRESHOLD", score - 0.01)
    monkeypatch.setattr(stories, "CLOSE_THRESHOLD", score - 0.01)
    frequencies = store.DocumentFrequencies(db)
    window = timedelta(hours=72)
    # article 2 was placed when the archive held one article: not yet half of today's two
    assert assign.replace_lone(db, [2], window, frequencies) == 0
    assert db.execute("SELECT COUNT(DISTINCT story_id) FROM articles").fetchone()[0] == 2
    assert assign.replace_lone(db, [1, 2], window, frequencies) == 1
    assert db.execute("SELECT COUNT(DISTINCT story_id) FROM articles").fetchone()[0] == 1
    [(story, count)] = db.execute("SELECT id, article_count FROM stories").fetchall()
    assert (story, count) == (min(ids), 2)


def test_a_lone_article_the_analyst_split_out_is_not_placed_again(
    tmp_path: Path, monkeypatch
) -> None:
    db, ids, score = _two_stories_and_their_score(tmp_path, monkeypatch, RECALL_EN_LATER)
    monkeypatch.setattr(stories, "MATCH_THRESHOLD", score - 0.01)
    keep, drop = sorted(ids)
    at = "2024-04-20T08:00:00+00:00"
    store.merge_stories_by_analyst(db, keep=keep, drop=drop, by="ana", at=at, note=None)
    store.split_articles_by_analyst(db, [1], by="ana", at=at, note="another angle")
    assert assign.replace_lone(db, [1], timedelta(hours=72), store.DocumentFrequencies(db)) == 0
    assert db.execute("SELECT COUNT(DISTINCT story_id) FROM articles").fetchone()[0] == 2


def test_consolidation_looks_stories_up_by_the_terms_of_the_members_it_compares(
    tmp_path: Path, monkeypatch
) -> None:
    """A story of months is keyed under every term its members ever brought (thousands for
    a long-running one: 90 ms a lookup); it is compared through its recent members, so only
    the terms seen with it since the oldest of those look other stories up."""
    db, ids, score = _two_stories_and_their_score(tmp_path, monkeypatch, RECALL_EN_LATER)
    first = min(ids)
    with db.conn:  # a term an old member brought, long before the story's recent ones
        db.execute(
            "INSERT INTO story_terms (term, story_id, last_seen) VALUES (?, ?, ?)",
            ["zeppelinfahrt", first, "2023-01-05T00:00:00+00:00"],
        )
    recent = store.story_key_terms(db, first, since="2024-04-19T00:00:00+00:00")
    assert recent and "zeppelinfahrt" not in recent
    assert "zeppelinfahrt" in store.story_key_terms(db, first)
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    assign.consolidate(db, ids, timedelta(hours=72))
    db.conn.set_trace_callback(None)
    lookups = [sql for sql in statements if "FROM story_terms t" in sql]
    assert lookups and not any("zeppelinfahrt" in sql for sql in lookups)
    assert any(term in lookups[0] for term in recent)
