"""`aggregator import`: JSONL through the same canonicalise/dedup/store path, bad lines skipped."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from click.testing import Result

from tests.conftest import plain_config, run_cli


def _line(**fields) -> str:
    return json.dumps(fields, ensure_ascii=False)


def _imported(lines: list[str], path: Path, db: Path) -> Result:
    """`aggregator import PATH --json` of `lines`, written to `path`, into `db`."""
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    config = plain_config(path.parent)
    return run_cli("import", str(path), "--db", str(db), "--config", str(config), "--json")


def test_import_with_bad_lines(tmp_path: Path) -> None:
    good = dict(
        url="https://www.teslarati.com/tesla-model-y-l-china/?utm_source=rss",
        title="Tesla Model Y L deliveries begin in China",
        text="Tesla began delivering the six-seat Model Y L in Shanghai on Tuesday. " * 20,
        published="2026-11-24T09:00:00+08:00",
        source="Teslarati",
        author="Simon Alvarez",
        event="ignored label",
    )
    lines = [
        _line(**good),
        "{not json",
        _line(url="https://example.com/x", text="t", source="S"),  # no title
        _line(**{**good, "url": "javascript:alert(1)"}),
        "",
        _line(
            **{**good, "url": "https://teslarati.com/tesla-model-y-l-china/#top"}
        ),  # same article
        _line(
            url="https://cnevpost.com/xiaomi-yu7/",
            title="小米 YU7 orders",
            text="Xiaomi YU7 orders " * 30,
            published="2026-11-25",
            source="CnEVPost",
            language="zh",
        ),
        _line(**{**good, "url": "https://x.example/a", "published": "yesterday"}),
    ]
    path, db = tmp_path / "in.jsonl", tmp_path / "a.db"
    result = _imported(lines, path, db)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "imported": 2,
        "duplicates": 1,
        "revised": 0,
        "undated": 0,
        "errors": 4,
    }
    assert f"{path}:2: not valid JSON" in result.stderr
    assert f"{path}:3: title: required field is missing" in result.stderr
    assert f"{path}:4: url: expected an http(s) URL" in result.stderr
    assert f"{path}:8: published: expected an ISO-8601 date, got 'yesterday'" in result.stderr
    conn = sqlite3.connect(db)
    stored = conn.execute(
        "SELECT a.canonical_url, a.published_at, s.name, a.author FROM articles a "
        "JOIN sources s ON s.id = a.source_id ORDER BY a.id"
    ).fetchall()
    assert stored == [
        (
            "https://teslarati.com/tesla-model-y-l-china/",
            "2026-11-24T01:00:00+00:00",
            "Teslarati",
            "Simon Alvarez",
        ),
        ("https://cnevpost.com/xiaomi-yu7/", "2026-11-25T00:00:00+00:00", "CnEVPost", None),
    ]
    assert (
        conn.execute(
            "SELECT COUNT(*) FROM articles_fts WHERE articles_fts MATCH '小米'"
        ).fetchone()[0]
        == 1
    )
    # importing again stores nothing new
    again = run_cli(
        "import", str(path), "--db", str(db), "--config", str(plain_config(tmp_path)), "--json"
    )
    assert json.loads(again.stdout)["imported"] == 0


def test_one_notice_under_many_headlines_is_never_merged_by_its_hash(tmp_path: Path) -> None:
    """An archive that captured one outlet's geo-block notice for three stories: the same text
    under three headlines it does not carry stays three articles (true duplicates, same text
    under a headline the text carries, still merge: test_import_with_bad_lines)."""
    from tests.fakeweb.special import GEO_BLOCK_TEXT

    titles = [
        "Tesla is recalling nearly 240,000 cars over a rearview camera glitch",
        "Rivian cuts R2 prices ahead of its European launch",
        "BYD overtakes Volkswagen in German registrations",
    ]
    lines = [
        _line(
            url=f"https://ledger.example/story-{n}", title=title, text=GEO_BLOCK_TEXT, source="ML"
        )
        for n, title in enumerate(titles)
    ]
    path, db = tmp_path / "in.jsonl", tmp_path / "a.db"
    result = _imported(lines, path, db)
    assert json.loads(result.stdout)["imported"] == 3
    conn = sqlite3.connect(db)
    assert sorted(r[0] for r in conn.execute("SELECT title FROM articles")) == sorted(titles)
    assert conn.execute("SELECT COUNT(*) FROM articles WHERE copy_of IS NOT NULL").fetchone() == (
        0,
    )


def test_an_undated_line_takes_the_day_its_address_names(tmp_path: Path) -> None:
    """Exports often lack a date; news addresses often carry one. Without it the report
    of a March 2024 reveal was placed as of the import, years from its event's story."""
    reveal = (
        "Rivian unveiled the R2, a midsize electric SUV priced from $45,000, at an event in "
        "Laguna Beach on Thursday, and surprised the audience with the smaller R3 and R3X.\n\n"
        "Deliveries of the R2 start in the first half of 2026 from the Normal, Illinois "
        "plant; Rivian said it took 68,000 reservations within a day of the reveal."
    )
    lines = [
        _line(
            url="https://electrek.co/2024/03/07/rivian-r2-reveal-price-range/",
            title="Rivian reveals the R2 electric SUV from $45,000, plus a surprise R3",
            text=reveal,
            published="2024-03-07T18:00:00Z",
            source="Electrek",
        ),
        _line(
            url="https://www.theverge.com/2024/3/8/24093812/rivian-r2-r3-reveal-reservations",
            title="Rivian R2 reveal: $45,000 electric SUV and the R3 surprise",
            text=reveal.replace("unveiled", "showed").replace("surprised", "stunned"),
            source="The Verge",
        ),
        _line(
            url="https://insideevs.com/news/rivian-r2-first-drive/",
            title="Rivian R2 prototype first drive",
            text="We drove an R2 prototype around Rivian's Irvine campus. " * 12,
            source="InsideEVs",
        ),
    ]
    path, db = tmp_path / "in.jsonl", tmp_path / "a.db"
    result = _imported(lines, path, db)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["undated"] == 1
    assert "1 stored without a date" in result.stderr
    rows = (
        sqlite3.connect(db)
        .execute("SELECT published_at, story_id, extraction_note FROM articles ORDER BY id")
        .fetchall()
    )
    assert rows[1][0] == "2024-03-08T00:00:00+00:00"
    assert "publication date from its address" in rows[1][2]
    assert rows[0][1] == rows[1][1]  # the same story as the dated report of the reveal
    assert rows[2][0] is None
