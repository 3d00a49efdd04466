"""Where output goes and how it looks: results on stdout, progress and errors on stderr.

Headlines, URLs, outlet names and error messages come from the web or the database, so every
command prints through these helpers: control characters are stripped (see `controls`) and
nothing is ever read as rich markup (`[/x]` in a URL is text, not a closing tag).
"""

from __future__ import annotations

import contextlib
import csv
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..dates import parse_utc
from ..sanitize import json_safe, strip_controls
from ..search import strip_marks

stdout = Console()
stderr = Console(stderr=True)

PIPED_MAX_WIDTH = 10_000  # a table piped to a file is as wide as its longest row, up to this
_MARK_ON, _MARK_OFF = "\x02", "\x03"  # set around matched words by FTS5's highlight()


def echo(line: str = "", *, err: bool = False, marks: bool = False, **style: Any) -> None:
    """One line (or block) of text output. `marks`: the line holds search matches, shown
    in bold yellow on a terminal and plain when piped."""
    kept = "\n\t" + (_MARK_ON + _MARK_OFF if marks else "")
    clean = strip_controls(line, keep=kept)
    if marks:
        clean = _show_marks(clean, (sys.stderr if err else sys.stdout).isatty())
    click.secho(clean, err=err, **style)


def _show_marks(text: str, terminal: bool) -> str:
    if not terminal or _MARK_ON not in text:
        return strip_marks(text)
    styled = text.replace(_MARK_ON, "\x1b[1;33m").replace(_MARK_OFF, "\x1b[0m")
    return styled + "\x1b[0m"  # a mark the text opened and never closed ends with the line


@contextlib.contextmanager
def paged() -> Iterator[None]:
    """What is echoed inside goes through $PAGER (less by default) when stdin and stdout are
    a terminal, so a long article can be read from its start; piped, it goes straight out."""
    with click.get_pager_file() as pager, contextlib.redirect_stdout(pager):
        yield


def echo_json(data: Any, **dumps: Any) -> None:
    """JSON on stdout: the data exactly, but no raw byte a terminal would act on."""
    dumps.setdefault("ensure_ascii", False)
    click.echo(json_safe(json.dumps(data, **dumps)))


def echo_csv(rows: list[dict[str, Any]], fieldnames: list[str]) -> None:
    """CSV on stdout, text cleaned as for the terminal: it is often looked at there first."""
    writer = csv.DictWriter(sys.stdout, fieldnames=fieldnames)
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {key: strip_controls(v) if isinstance(v, str) else v for key, v in row.items()}
        )


def print_table(table: Table, tsv: bool = False) -> None:
    """A table on stdout. On a terminal rich fits it to the window; piped or redirected it is
    printed at its full width (rich would squeeze it into 80 columns and wrap every cell),
    and `tsv` gives one tab-separated line per row with a header, for scripts."""
    if tsv:
        columns = [[str(column.header), *map(str, column.cells)] for column in table.columns]
        for row in zip(*columns, strict=True):
            click.echo("\t".join(" ".join(cell.split()) for cell in row))
    elif stdout.is_terminal:
        stdout.print(table)
    else:
        unbounded = stdout.options.update(max_width=PIPED_MAX_WIDTH)
        width = max(stdout.measure(table, options=unbounded).maximum, 80)
        Console(file=sys.stdout, width=width).print(table)


def plain(value: object) -> Text:
    """A table cell or part of a message: shown as it is, never interpreted as markup."""
    return Text(strip_controls(str(value), keep=""))


def cells(*values: object) -> list[Text]:
    """A table row of data (see `plain`)."""
    return [plain(value) for value in values]


def say(console: Console, *parts: str | Text | tuple[str, str]) -> None:
    """One line on a rich console; plain strings are data (see `plain`), (text, style)
    tuples are our own labels."""
    line = Text.assemble(*(plain(p) if isinstance(p, str) else p for p in parts))
    console.print(line, highlight=False, soft_wrap=True)


@dataclass(frozen=True)
class ReaderClock:
    """Times as a person reads them: the wall clock of `settings.timezone` and spans in words.
    The database keeps UTC ISO text, and so does --json (scripts want it exact); only text
    meant for reading goes through here."""

    zone: ZoneInfo
    now: datetime

    def at(self, value: str | None, missing: str = "-") -> str:
        """'2026-11-30 09:12 CET' for a stored time; `missing` when there is none."""
        if not value:
            return missing
        try:
            when = parse_utc(value)
        except ValueError:  # stored by an older version in a form we no longer write
            return value
        return when.astimezone(self.zone).strftime("%Y-%m-%d %H:%M %Z")

    def relative(self, value: str | None, missing: str = "-") -> str:
        """'in 5 h 58 min' or '3 d 2 h ago' from now."""
        if not value:
            return missing
        try:
            seconds = (parse_utc(value) - self.now).total_seconds()
        except ValueError:
            return value
        return f"in {in_words(seconds)}" if seconds >= 0 else f"{in_words(-seconds)} ago"


def in_words(seconds: float) -> str:
    """A duration as people say it, to the two largest units: '45 s', '12 min',
    '5 h 58 min', '3 d 2 h'."""
    whole = round(seconds)
    if whole < 60:
        return f"{whole} s"
    minutes = whole // 60
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    days, hours = divmod(hours, 24)
    return f"{days} d {hours} h" if hours else f"{days} d"
