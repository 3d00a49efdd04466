"""Log output for people (text) or for journald and log shippers (one JSON object a line)."""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime

from .sanitize import json_safe, strip_controls

_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}
NOISY = ("trafilatura", "htmldate", "courlan", "httpx", "httpcore", "charset_normalizer")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update({k: v for k, v in vars(record).items() if k not in _STANDARD})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json_safe(json.dumps(entry, ensure_ascii=False, default=str))


class TextFormatter(logging.Formatter):
    """Log lines quote URLs, titles and errors from the web: no escape sequence gets out."""

    def format(self, record: logging.LogRecord) -> str:
        return strip_controls(super().format(record))


def configure(verbose: int, log_format: str = "text", service: bool = False) -> None:
    """`service` logs at INFO by default: one line per poll is what an operator wants."""
    level = (
        logging.DEBUG if verbose >= 2 else logging.INFO if (verbose or service) else logging.WARNING
    )
    handler = logging.StreamHandler(sys.stderr)
    if log_format == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(TextFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=level, handlers=[handler], force=True)
    # libraries' own warnings ("discarding data: URL") repeat what the pass summary already
    # says about a page, in another format; -v shows them, -vvv their debug output
    library_level = logging.DEBUG if verbose >= 3 else logging.WARNING if verbose else logging.ERROR
    for name in NOISY:
        logging.getLogger(name).setLevel(library_level)
    logging.getLogger("apscheduler").setLevel(logging.WARNING if verbose < 2 else logging.INFO)
