"""Copy detection in Chinese and Japanese: runs of characters are read as overlapping bigrams,
so a full Chinese article has shingles and a content hash, and the same article at two outlets
is found; Latin text is read exactly as before, so stored hashes stay valid."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

from aggregator import dedup
from tests.cjk_fixtures import JA_PARAGRAPHS, JA_TITLE, ZH_PARAGRAPHS, ZH_TITLE
from tests.conftest import plain_config, run_cli

ENGLISH = (
    "Xiaomi delivered more than 40,000 vehicles in November, its third record month in a row. "
    "The SU7 sedan accounted for about 22,000 units and the YU7 SUV for about 19,000, while "
    "wait times for the YU7 remain above 30 weeks. Chairman Lei Jun said on Weibo that the "
    "second phase of the Beijing Yizhuang plant began trial production in October and that both "
    "plants now run two shifts at full capacity. The company is hiring about 2,000 line workers "
    "and plans a third vehicle plant in Wuhan next year. Déjà-vu for rivals: prices fell 5.5% "
    "in the quarter, and the HyperOS 3.0 update adds city navigation in over 300 cities."
)

# Another Chinese article on the same company, days later: same names, different news.
ZH_OTHER_TITLE = "小米集团三季度营收创新高 汽车业务首次实现单季盈利"
ZH_OTHER = (
    "11月18日晚间，小米集团发布第三季度财报，当季总营收达到1131亿元，同比增长22%，"
    "经调整净利润为113亿元。财报显示，以小米SU7和YU7为代表的智能电动汽车及AI等创新业务"
    "收入为290亿元，经营收益首次转正，录得7亿元盈利。\n\n"
    "小米集团总裁卢伟冰在电话会上表示，汽车业务毛利率提升至25.5%，主要得益于规模效应和"
    "供应链成本下降。他同时透露，公司预计全年研发投入将超过300亿元，其中约四分之一投向"
    "汽车与大模型。\n\n"
    "手机业务方面，小米第三季度智能手机出货量为4330万部，全球市场份额保持前三。"
    "不过受存储芯片涨价影响，手机毛利率环比下滑约1个百分点，公司表示将通过高端化对冲成本压力。"
)


def test_latin_fingerprints_are_the_ones_stored_before_cjk_bigrams() -> None:
    """Values computed by `dedup.fingerprint` at 9e5a2ba, before `words` learnt CJK bigrams:
    every stored English hash and signature must keep matching."""
    found = dedup.fingerprint(ENGLISH)
    assert found.content_hash == "00a31ab035d8cee0198acd1e195866ee02ffd73d"
    assert found.signature is not None
    assert hashlib.sha1(found.signature).hexdigest() == "979929a16f6131a402eaac331908d155e50a9b24"


def test_chinese_and_japanese_runs_become_bigrams_and_the_rest_stays_whole() -> None:
    assert dedup.words("小米SU7交付约2.2万辆。") == [
        "小米",
        "su7",
        "交付",
        "付约",
        "2",
        "2",
        "万辆",
    ]
    assert dedup.words("ホンダ、EV工場") == ["ホン", "ンダ", "ev", "工場"]
    assert dedup.words("삼성전자가 발표") == ["삼성전자가", "발표"]  # Korean is spaced
    assert dedup.words("车") == ["车"]


def test_a_full_chinese_article_is_fingerprinted_and_a_teaser_is_not() -> None:
    for paragraphs in (ZH_PARAGRAPHS, JA_PARAGRAPHS):
        found = dedup.fingerprint("\n\n".join(paragraphs))
        assert found.content_hash is not None and len(found.bands) == dedup.BANDS
    # a teaser of 86 characters: 55 tokens (bigrams, numbers, SU7), but 42 words on the
    # English scale, under MIN_WORDS
    teaser = ZH_PARAGRAPHS[0]
    assert len(dedup.words(teaser)) >= dedup.MIN_WORDS
    assert dedup.fingerprint(teaser).content_hash is None


def _edited(paragraphs: list[str]) -> str:
    """The article as a portal reprints it: its own opening and closing sentence."""
    body = "\n\n".join(paragraphs)
    first_end = body.index("。") + 1
    last_start = body.rstrip("。").rindex("。") + 1
    return (
        "快科技12月2日消息，小米汽车昨日晚间正式公布了11月的交付成绩。"
        + body[first_end:last_start]
        + "对此你怎么看？欢迎在评论区留言讨论。"
    )


def test_chinese_copies_are_found_on_import_and_other_chinese_news_is_not(tmp_path: Path) -> None:
    article = "\n\n".join(ZH_PARAGRAPHS)
    lines = [
        dict(
            url="https://auto.sina.com.cn/news/2026-12-01/xiaomi.shtml",
            title=ZH_TITLE,
            text=article,
            source="新浪汽车",
            published="2026-11-01T04:00:00Z",
        ),
        dict(  # the same article syndicated unchanged
            url="https://www.163.com/auto/article/KJ8T2V0E000884MQ.html",
            title=ZH_TITLE,
            text=article,
            source="网易汽车",
            published="2026-11-01T05:00:00Z",
        ),
        dict(  # lightly edited: its own first and last sentence
            url="https://news.mydrivers.com/1/1088/1088123.htm",
            title="小米汽车11月交付超4万辆 YU7仍需等待30周",
            text=_edited(ZH_PARAGRAPHS),
            source="快科技",
            published="2026-11-02T02:00:00Z",
        ),
        dict(  # same company, other news
            url="https://tech.ifeng.com/c/8oXiaomiQ3",
            title=ZH_OTHER_TITLE,
            text=ZH_OTHER,
            source="凤凰科技",
            published="2026-10-18T14:00:00Z",
        ),
    ]
    path = tmp_path / "zh.jsonl"
    path.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines))
    db = tmp_path / "a.db"
    result = run_cli(
        "import", str(path), "--db", str(db), "--config", str(plain_config(tmp_path)), "--json"
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["imported"] == 3
    conn = sqlite3.connect(db)
    rows = {
        url: (article_id, copy_of, similarity)
        for url, article_id, copy_of, similarity in conn.execute(
            "SELECT a.canonical_url, a.id, a.copy_of, a.copy_similarity FROM articles a"
        )
    }
    original, copy_of, _ = rows["https://auto.sina.com.cn/news/2026-12-01/xiaomi.shtml"]
    assert copy_of is None
    aliases = {
        url
        for (url,) in conn.execute("SELECT url FROM article_urls WHERE article_id = ?", [original])
    }
    assert "https://www.163.com/auto/article/KJ8T2V0E000884MQ.html" in aliases
    _, edited_of, similarity = rows["https://news.mydrivers.com/1/1088/1088123.htm"]
    assert edited_of == original and 0.5 <= similarity < 1.0
    assert rows["https://tech.ifeng.com/c/8oXiaomiQ3"][1] is None
    other = dedup.similarity(ZH_OTHER, article)
    assert not other.is_copy and other.score < 0.05


def test_headline_coverage_reads_chinese_and_japanese_headlines_as_bigrams() -> None:
    """A run of characters was one "word" that no text repeats whole: coverage was 0."""
    zh = "\n\n".join(ZH_PARAGRAPHS)
    notice = "您所在的地区暂时无法访问本页面，请稍后再试。"
    assert dedup.headline_coverage(JA_TITLE, "\n\n".join(JA_PARAGRAPHS)) >= dedup.HEADLINE_COVERAGE
    assert dedup.headline_coverage(ZH_TITLE, zh) > dedup.headline_coverage(ZH_OTHER_TITLE, zh)
    assert dedup.headline_coverage(ZH_TITLE, notice) == 0.0
