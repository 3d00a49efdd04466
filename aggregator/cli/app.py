"""What every command shares: the application context, --config/--db/-v, failing in one line.

Exit codes: 0 success, 1 nothing worked (all sources failed), 2 usage or configuration error.
"""

from __future__ import annotations

import functools
import os
import sqlite3
import sys
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import click
import sqlite_utils

from .. import logs, store
from ..config import DEFAULT_DB, Config, ConfigError, check_address, load_config
from ..dates import resolve_since
from ..names import UnknownName, spelled_as_known
from .output import ReaderClock, say, stderr

EXIT_FAILED = 1
EXIT_USAGE = 2
DEFAULT_CONFIG = Path("sources.yaml")  # read when it exists; a --config file must exist
MAX_COUNT = 1_000_000  # --limit and friends: far above any real use, far below SQLite's range


class AppContext:
    """What every command needs: the config (loaded lazily) and the database path."""

    def __init__(
        self, config_path: Path | None, db_path: str | None, verbose: int, given: bool = False
    ) -> None:
        self.config_path = config_path or DEFAULT_CONFIG
        # --config was typed: a missing file is then a mistake, never "run without a config"
        self.config_given = given or config_path is not None
        self.db_option = db_path
        self.verbose = verbose
        self._config: Config | None = None
        self.opened: str | None = None  # the database file, once a command opened it

    def config(self, required: bool = True) -> Config | None:
        if self._config is None:
            if not required and not self.config_path.exists():
                return None
            try:
                self._config = load_config(self.config_path)
            except ConfigError as exc:
                fail(str(exc), EXIT_USAGE)
        return self._config

    def clock(self) -> ReaderClock:
        """Times for people in `settings.timezone` (UTC without a configuration)."""
        config = self.config(required=False)
        zone = config.settings.timezone if config else "UTC"
        return ReaderClock(ZoneInfo(zone), datetime.now(UTC))

    def db_path(self, config: Config | None) -> str:
        if self.db_option:
            return self.db_option
        return config.settings.database if config else DEFAULT_DB

    def open_db(self, config: Config | None):
        self.opened = self.db_path(config)
        try:
            return store.open_db(self.opened)
        except Exception as exc:  # unreadable file, not a database, permissions
            if store.database_fault(exc) in ("busy", "locked", "full", "ioerr"):
                fail(database_failure(self.opened, exc))
            fail(f"{self.opened}: cannot open database: {exc}", EXIT_USAGE)


def fail(message: str, code: int = EXIT_FAILED) -> None:
    """One line on stderr and exit; `message` may quote the web, so it is never markup."""
    say(stderr, ("error:", "red"), " " + message)
    sys.exit(code)


def database_failure(path: str, exc: BaseException) -> str:
    """What to tell the user when the database itself failed, in one line."""
    kind = store.database_fault(exc)
    if kind in ("busy", "locked"):
        waited = store.connection.BUSY_TIMEOUT_MS / 1000
        return (
            f"{path}: database is locked: another process holds the write lock "
            f"(waited {waited:g} s); try again when it has finished"
        )
    if kind == "full":
        return (
            f"{path}: database or disk is full; everything stored so far is complete "
            "(articles are written whole, in batches): free some space and run again"
        )
    return f"{path}: {exc}"


def global_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """--config / --db / -v: taken before the command name (by the group) and after it."""
    options = [
        click.option(
            "--config",
            "config_path",
            type=click.Path(path_type=Path),
            default=None,
            help="Configuration file (default ./sources.yaml).",
        ),
        click.option(
            "--db", "db_path", default=None, help="SQLite database (default from config)."
        ),
        click.option("-v", "--verbose", count=True, help="More detail on stderr (-vv for debug)."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def common_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """--config / --db / -v on every command, so they can follow the command name."""

    @global_options
    @click.pass_context
    @functools.wraps(func)
    def wrapper(
        ctx: click.Context, config_path: Path | None, db_path: str | None, verbose: int, **kwargs
    ):
        parent: AppContext = ctx.obj
        app = AppContext(
            config_path or parent.config_path,
            db_path or parent.db_option,
            verbose or parent.verbose,
            given=config_path is not None or parent.config_given,
        )
        logs.configure(app.verbose)
        if app.config_given and not app.config_path.exists():
            fail(f"{app.config_path}: file not found (check --config)", EXIT_USAGE)
        try:
            return func(app, **kwargs)
        except sqlite3.DatabaseError as exc:
            if not store.database_fault(exc):
                raise
            fail(database_failure(app.opened or "the database", exc))

    return wrapper


class Utf8Text(click.ParamType):
    """Free text from the command line. Bytes that are not UTF-8 arrive as lone surrogates
    (PEP 383) that can be neither searched, stored nor printed: a usage error here, not a
    traceback from SQLite later."""

    name = "text"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        text = str(value)
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            shown = os.fsencode(text).decode("utf-8", "backslashreplace")
            self.fail(f"{shown!r} is not valid UTF-8", param, ctx)
        return text


class EmailAddress(Utf8Text):
    """One address, on one line: a CR/LF would smuggle a header into the message."""

    name = "address"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        text = super().convert(value, param, ctx)
        try:
            return check_address(text)  # the rule `digest.to` in sources.yaml follows
        except ValueError:
            self.fail(
                f"expected one email address such as me@example.com, got {text!r}", param, ctx
            )


TEXT = Utf8Text()
ADDRESS = EmailAddress()
COUNT = click.IntRange(1, MAX_COUNT)


def since_option(default: str) -> Callable[..., Any]:
    """The same --since wording everywhere, so every command reads a window the same way."""
    return click.option(
        "--since",
        type=TEXT,
        default=default,
        show_default=True,
        help="How far back: a duration (24h, 7d) or a date (2026-11-20).",
    )


def resolve_since_arg(value: str) -> str:
    """A --since/--until value as an ISO time; a bad one is a usage error, not a traceback."""
    try:
        return resolve_since(value)
    except ValueError as exc:
        fail(str(exc), EXIT_USAGE)
        raise  # unreachable: fail() exits


def known_name(value: str, known: Iterable[str], what: str, where: object = None) -> str:
    """The name as the config spells it, whatever case `value` uses; a name that is not
    there is a usage error that suggests the closest ones, never an empty result."""
    try:
        return spelled_as_known(value, known, what)
    except UnknownName as exc:
        fail(f"{where}: {exc}" if where else str(exc), EXIT_USAGE)
        raise AssertionError("unreachable: fail() exits") from exc


def configured_names(
    app: AppContext, names: Iterable[str], known: Iterable[str], what: str
) -> tuple[str, ...]:
    """Each name as the config file spells it (any case); an unknown one exits 2 naming
    the file and the closest names."""
    known = list(known)
    return tuple(known_name(name, known, what, app.config_path) for name in names)


def stored_topic_name(db: sqlite_utils.Database, config: Config | None, name: str) -> str:
    """A topic of the config or one the archive has tagged (a topic since removed from the
    config still names its articles), as spelled there."""
    known = {t.name for t in config.topics} if config else set()
    return known_name(name, known | set(store.tagged_topic_names(db)), "topic")


def stored_source_name(db: sqlite_utils.Database, config: Config | None, name: str) -> str:
    """A source of the config or of the archive, as spelled there."""
    known = {s.name for s in config.sources} if config else set()
    return known_name(name, known | set(store.source_names(db)), "source")


tsv_option = click.option(
    "--tsv", is_flag=True, help="The table as tab-separated lines with a header, for scripts."
)
