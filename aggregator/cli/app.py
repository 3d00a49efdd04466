"""What every command shares: the application context, --config/--db/-v, failing in one line.

Exit codes: 0 success, 1 nothing worked (all sources failed), 2 usage or configuration error.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from .. import logs, store
from ..config import DEFAULT_DB, Config, ConfigError, load_config
from ..dates import resolve_since
from .output import stderr

EXIT_FAILED = 1
EXIT_USAGE = 2


class AppContext:
    """What every command needs: the config (loaded lazily) and the database path."""

    def __init__(self, config_path: Path, db_path: str | None, verbose: int) -> None:
        self.config_path = config_path
        self.db_option = db_path
        self.verbose = verbose
        self._config: Config | None = None

    def config(self, required: bool = True) -> Config | None:
        if self._config is None:
            if not required and not self.config_path.exists():
                return None
            try:
                self._config = load_config(self.config_path)
            except ConfigError as exc:
                fail(str(exc), EXIT_USAGE)
        return self._config

    def db_path(self, config: Config | None) -> str:
        if self.db_option:
            return self.db_option
        return config.settings.database if config else DEFAULT_DB

    def open_db(self, config: Config | None):
        try:
            return store.open_db(self.db_path(config))
        except Exception as exc:  # unreadable file, not a database, permissions
            fail(f"{self.db_path(config)}: cannot open database: {exc}", EXIT_USAGE)


def fail(message: str, code: int = EXIT_FAILED) -> None:
    stderr.print(f"[red]error:[/red] {message}", highlight=False, markup=True, soft_wrap=True)
    sys.exit(code)


def common_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """--config / --db / -v on every command, so they can follow the command name."""

    @click.option(
        "--config",
        "config_path",
        type=click.Path(path_type=Path),
        default=None,
        help="Configuration file (default ./sources.yaml).",
    )
    @click.option("--db", "db_path", default=None, help="SQLite database (default from config).")
    @click.option("-v", "--verbose", count=True, help="More detail on stderr (-vv for debug).")
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
        )
        logs.configure(app.verbose)
        return func(app, **kwargs)

    return wrapper


def since_option(default: str) -> Callable[..., Any]:
    """The same --since wording everywhere, so every command reads a window the same way."""
    return click.option(
        "--since",
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
