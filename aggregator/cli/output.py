"""Where output goes and how it looks: results on stdout, progress and errors on stderr.

Headlines, URLs, outlet names and error messages come from the web or the database, so every
command prints through these helpers: control characters are stripped (see `controls`) and
nothing is ever read as rich markup (`[/x]` in a URL is text, not a closing tag).
"""

from __future__ import annotations

import csv
import json
import sys
from typing import Any

import click
from rich.console import Console
from rich.text import Text

from ..sanitize import json_safe, strip_controls
from ..search import strip_marks

stdout = Console()
stderr = Console(stderr=True)

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
