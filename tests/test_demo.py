"""`aggregator demo`: the bundled site's two mornings through the real pipeline, and the
served demo stopping cleanly on Ctrl-C."""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import free_port, rows, run_cli


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    """The demo's two mornings (no serve), run from a directory without sources.yaml."""
    home = tmp_path_factory.mktemp("demo-home")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(home)
        result = run_cli("demo", "--no-serve")
    assert result.exit_code == 0, result.output
    return result.output, home


def test_stories_form_across_outlets(demo_run: tuple[str, Path]) -> None:
    _, home = demo_run
    db = home / "data" / "demo" / "demo.db"
    wide = rows(db, "SELECT headline, source_count FROM stories WHERE source_count >= 3")
    headlines = " ".join(row["headline"] for row in wide)
    # the seven events of the sample, each covered by three to seven outlets
    assert len(wide) == 7, headlines
    for name in ("Voltara", "Hanlu", "Auren", "Norvik", "Meridian", "Falkner", "Qiantang"):
        assert name in headlines
    # singles stay alone: no story joins articles of two different events
    assert rows(db, "SELECT MAX(source_count) AS most FROM stories")[0]["most"] == 7


def test_syndicated_copy_is_linked(demo_run: tuple[str, Path]) -> None:
    _, home = demo_run
    copies = rows(
        home / "data" / "demo" / "demo.db",
        "SELECT c.title, s.name AS outlet, o.story_id = c.story_id AS same_story, "
        "os.name AS original_outlet FROM articles c JOIN articles o ON o.id = c.copy_of "
        "JOIN sources s ON s.id = c.source_id JOIN sources os ON os.id = o.source_id",
    )
    assert [(c["outlet"], c["original_outlet"], c["same_story"]) for c in copies] == [
        ("Fleet Street Motors", "Amperage Daily", 1)
    ]


def test_edited_article_is_revised(demo_run: tuple[str, Path]) -> None:
    output, home = demo_run
    revised = rows(
        home / "data" / "demo" / "demo.db",
        "SELECT a.title AS now, r.title AS before FROM article_revisions r "
        "JOIN articles a ON a.id = r.article_id",
    )
    assert [(r["before"], r["now"]) for r in revised] == [
        (
            "Auren trims prices as European sales slide",
            "Auren trims prices as European sales slide; rivals expected to follow",
        )
    ]
    assert "+Auren trims prices as European sales slide; rivals expected to follow" in output


def test_digest_lists_the_stories(demo_run: tuple[str, Path]) -> None:
    output, _ = demo_run
    digest = output.split("== The digest")[1].split("== Morning 2")[0]
    for section in ("== Voltara ==", "== Batteries ==", "== Charging ==", "== Prices =="):
        assert section in digest
    assert "Voltara recalls 84,000 Aster sedans over blank rear camera" in digest
    assert "Falkner workers strike at Zwickau EV plant" in digest  # other stories: 3 outlets


def test_second_morning_adds_to_stories(demo_run: tuple[str, Path]) -> None:
    output, _ = demo_run
    second = output.split("== Morning 2")[1]
    assert "6 new articles" in second
    assert re.search(r"Voltara recalls 84,000 Aster sedans .*· 7 outlets", second)


def test_demo_keeps_to_its_own_directory(demo_run: tuple[str, Path]) -> None:
    _, home = demo_run
    written = sorted(str(p.relative_to(home)) for p in home.rglob("*") if p.is_file())
    assert written == ["data/demo/demo.db", "data/demo/sources.yaml"]


def test_demo_serves_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    port = free_port()
    log = tmp_path / "demo.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "aggregator", "demo", "--port", str(port)],
            cwd=tmp_path,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_until_serving(port, process)
            process.send_signal(signal.SIGINT)
            code = process.wait(timeout=10)
        finally:
            if process.poll() is None:
                process.kill()
    text = log.read_text()
    assert code == 0, text
    assert f"http://127.0.0.1:{port}/aggregator" in text
    site_ports = set(re.findall(r"http://127\.0\.0\.1:(\d+)/\w+/", text)) - {str(port)}
    assert len(site_ports) == 1  # the bundled news site
    for left in (port, int(site_ports.pop())):
        with pytest.raises(OSError), socket.create_connection(("127.0.0.1", left), timeout=1):
            pass


def _wait_until_serving(port: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/aggregator.json", timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"the demo did not serve on port {port}")
