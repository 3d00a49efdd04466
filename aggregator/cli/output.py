"""Where output goes and how it looks: results on stdout, progress and errors on stderr."""

from __future__ import annotations

import sys

from rich.console import Console

from ..search import strip_marks

stdout = Console()
stderr = Console(stderr=True)


def marked(text: str) -> str:
    """Matched words in bold yellow on a terminal, plain when piped."""
    if not sys.stdout.isatty():
        return strip_marks(text)
    return text.replace("\x02", "\x1b[1;33m").replace("\x03", "\x1b[0m")
