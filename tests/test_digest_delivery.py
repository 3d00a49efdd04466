"""A digest is never mailed twice: not when the service is stopped or killed during the SMTP
exchange, not when the server's answer is lost, not when two senders race for it."""

from __future__ import annotations

import asyncio
import signal
import sqlite3
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from aiosmtpd.controller import Controller

from aggregator import store
from aggregator.config import load_config
from aggregator.digest.run import deliver, prepare_digest
from aggregator.digest.send import SendError, send
from aggregator.scheduler import Service
from tests.conftest import Inbox, free_port, run_cli, start_service, write_config
from tests.test_digest import article, import_lines, write_setup

BERLIN = ZoneInfo("Europe/Berlin")


class SlowInbox(Inbox):
    """A server that takes the message at once but confirms it only after `delay` seconds
    (content scanning does this), and can refuse single recipients."""

    def __init__(self, delay: float, refuse: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.delay = delay
        self.refused_addresses = refuse
        self.receiving = threading.Event()

    async def handle_RCPT(self, server, session, envelope, address, options) -> str:  # noqa: N802
        if address in self.refused_addresses:
            return "550 5.1.1 No such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802
        self.receiving.set()
        reply = await super().handle_DATA(server, session, envelope)  # the server has it now
        await asyncio.sleep(self.delay)
        return reply


@contextmanager
def serve_smtp(inbox: SlowInbox) -> Iterator[tuple[SlowInbox, int]]:
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


@pytest.fixture
def slow_smtp() -> Iterator[tuple[SlowInbox, int]]:
    with serve_smtp(SlowInbox(delay=1.0)) as served:
        yield served


def service_config(tmp_path: Path, port: int, digest_time: str, timeout: float = 5) -> Path:
    dead_feed = f"http://127.0.0.1:{free_port()}/feed"  # polls fail fast; the digest is the point
    return write_config(
        tmp_path / "sources.yaml",
        {"Motor Ledger": [dead_feed]},
        "scheduler: {tick: 0.3, min_interval: 60, jitter: 0}\n"
        f"smtp: {{host: 127.0.0.1, port: {port}, security: none, timeout: {timeout}, retries: 1, retry_delay: 0.05}}\n"
        f'digest: {{to: [a@example.com], time: "{digest_time}"}}\n'
        "timezone: Europe/Berlin",
        limits={"max_retries": 0},
    )


def recorded(db: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT status, message_id FROM digests ORDER BY id").fetchall()


def due_ten_minutes_ago() -> str:
    return f"{(datetime.now(UTC) - timedelta(minutes=10)).astimezone(BERLIN):%H:%M}"


def test_sigterm_during_the_exchange_finishes_it_and_a_restart_does_not_resend(
    tmp_path: Path, slow_smtp
) -> None:
    inbox, port = slow_smtp
    config = service_config(tmp_path, port, due_ten_minutes_ago())
    process = start_service(config)
    assert inbox.receiving.wait(30), "the digest should be sent on start"
    process.send_signal(signal.SIGTERM)  # the server has the message; its answer is 1 s away
    _, stderr = process.communicate(timeout=20)
    assert process.returncode == 0, stderr
    assert "finishing the digest's SMTP exchange" in stderr and "digest sent" in stderr
    restart = start_service(config, "--passes", "1")
    _, stderr = restart.communicate(timeout=30)
    assert restart.returncode == 0, stderr
    assert len(inbox.messages) == 1
    assert recorded(tmp_path / "test.db") == [("sent", inbox.messages[0]["Message-ID"])]


def test_stop_during_the_scheduled_digest_waits_for_its_exchange(tmp_path: Path, slow_smtp) -> None:
    """The 07:30 job runs as its own task: a stop used to cancel it between the server's 250
    and the record, and the restart mailed the same digest again."""
    inbox, port = slow_smtp
    config = load_config(service_config(tmp_path, port, "07:30"))
    clock = [datetime(2026, 11, 26, 7, 0, tzinfo=BERLIN)]  # started before the digest's time

    async def run_until_stopped_mid_exchange() -> None:
        service = Service(config, store.open_db(tmp_path / "test.db"), ThreadPoolExecutor(1),
                          now=lambda: clock[0])  # fmt: skip
        running = asyncio.create_task(service.run())
        await asyncio.sleep(0.3)
        clock[0] = datetime(2026, 11, 26, 7, 30, tzinfo=BERLIN)
        _job = asyncio.create_task(service.digest())  # what APScheduler does at 07:30
        while not inbox.receiving.is_set():
            await asyncio.sleep(0.02)
        service.stop(signal.SIGTERM)
        await running
        service.db.close()  # the job's task is left to asyncio.run's shutdown, as APScheduler's is

    asyncio.run(run_until_stopped_mid_exchange())
    clock[0] = datetime(2026, 11, 26, 7, 40, tzinfo=BERLIN)  # restarted within the grace period
    restarted = Service(config, store.open_db(tmp_path / "test.db"), ThreadPoolExecutor(1),
                        now=lambda: clock[0])  # fmt: skip
    asyncio.run(restarted.digest())
    assert len(inbox.messages) == 1
    assert [status for status, _ in recorded(tmp_path / "test.db")] == ["sent"]


def test_killed_mid_exchange_counts_as_sent_and_says_so(tmp_path: Path, slow_smtp) -> None:
    inbox, port = slow_smtp
    config = service_config(tmp_path, port, due_ten_minutes_ago())
    process = start_service(config)
    assert inbox.receiving.wait(30)
    process.kill()  # SIGKILL: no chance to record the server's answer
    process.communicate(timeout=10)
    restart = start_service(config, "--passes", "1")
    _, stderr = restart.communicate(timeout=30)
    assert restart.returncode == 0, stderr
    assert len(inbox.messages) == 1  # not mailed again: it may well have arrived
    message_id = inbox.messages[0]["Message-ID"]
    assert recorded(tmp_path / "test.db") == [("unconfirmed", message_id)]
    assert "interrupted during the SMTP exchange" in stderr and message_id in stderr


def test_a_lost_answer_is_not_retried(tmp_path: Path) -> None:
    """The server keeps the message but its 250 comes after our timeout: retrying would
    deliver it again (smtplib cannot know), so the digest counts as sent, unconfirmed."""
    with serve_smtp(SlowInbox(delay=1.5)) as (inbox, port):
        config = write_setup(tmp_path, port)
        config.write_text(config.read_text().replace("timeout: 5", "timeout: 0.5"))
        import_lines(tmp_path, config, [article(1)], "one.jsonl")
        result = run_cli("digest", "--config", str(config))
        assert result.exit_code == 1 and "did not confirm" in result.stderr
        assert inbox.messages[0]["Message-ID"] in result.stderr
        assert len(inbox.messages) == 1
        assert [s for s, _ in recorded(tmp_path / "d.db")] == ["unconfirmed"]
        again = run_cli("digest", "--config", str(config))  # the next digest has nothing new
        assert "Xiaomi YU7 story 1" not in inbox.messages[-1].get_body(("plain",)).get_content()
        assert again.exit_code == 1  # still slow; but the story was not repeated


def test_partly_refused_recipients_do_not_make_it_resend(tmp_path: Path) -> None:
    with serve_smtp(SlowInbox(delay=0, refuse=("gone@example.com",))) as (inbox, port):
        config = write_setup(tmp_path, port)
        text = config.read_text().replace(
            "[analyst@example.com]", "[analyst@example.com, gone@example.com]"
        )
        config.write_text(text)
        import_lines(tmp_path, config, [article(1)], "one.jsonl")
        first = run_cli("digest", "--config", str(config))
        assert first.exit_code == 0 and "gone@example.com" in first.stderr
        run_cli("digest", "--config", str(config))
        bodies = [m.get_body(("plain",)).get_content() for m in inbox.messages]
        assert sum("Xiaomi YU7 story 1" in body for body in bodies) == 1


def test_two_senders_racing_for_one_digest_send_it_once(tmp_path: Path, smtp) -> None:
    inbox, port = smtp
    config_path = write_setup(tmp_path, port)
    import_lines(tmp_path, config_path, [article(1)], "one.jsonl")
    config = load_config(config_path)
    db = store.open_db(tmp_path / "d.db")
    first, second = prepare_digest(db, config), prepare_digest(db, config)  # same digest
    assert first.key == second.key and first.key in first.message["Message-ID"]
    deliver(db, config, first)
    with pytest.raises(SendError, match="already recorded"):
        deliver(db, config, second)
    assert len(inbox.messages) == 1 and len(recorded(tmp_path / "d.db")) == 1
    # the next regular digest is another one: another key
    assert prepare_digest(db, config).key != first.key


def test_stopping_starts_no_new_attempt(tmp_path: Path) -> None:
    config = load_config(write_setup(tmp_path, free_port()))  # nobody listens
    smtp = config.settings.smtp.model_copy(update={"retries": 3, "retry_delay": 30})
    prepared = prepare_digest(store.open_db(tmp_path / "d.db"), config)
    stop = threading.Event()
    stop.set()
    started = time.monotonic()
    with pytest.raises(SendError, match="stopping"):
        send(prepared.message, smtp, stop=stop)
    assert time.monotonic() - started < 5  # no 30 s back-off, no further attempts
