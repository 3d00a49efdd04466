"""Web archives: which WARC files a command names, and the HTML pages inside one.

Inputs are `.warc.gz` files or URLs, directories of them, or a CC-NEWS style list
(`warc.paths.gz`, one path per line, as Common Crawl publishes each month) given as a path
or a URL: its entries are resolved the way Common Crawl lays them out (relative to the
root the list itself sits under), or else next to the list.

Records are read with warcio (see README, "Backfill and scale-out", for why not fastwarc).
Only HTTP 200 responses with an HTML body are pages. A malformed record (its Content-Length
not a number) or a truncated one is one error naming the file and the record, and the next
record is read; a file whose compressed stream breaks ends there, its pages before kept.
"""

from __future__ import annotations

import contextlib
import gzip
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO
from urllib.parse import urljoin, urlsplit

from warcio.archiveiterator import ArchiveIterator

from ..config import Settings
from .web import fetch_all

HTML_TYPES = ("text/html", "application/xhtml+xml")
PATH_LISTS = (".paths.gz", ".paths")


class InputError(Exception):
    """A named input cannot be read at all (missing file, failed download); one line."""


@dataclass(frozen=True)
class ArchivedPage:
    url: str
    body: bytes
    charset: str | None
    captured: str | None  # WARC-Date


def is_url(location: str) -> bool:
    return urlsplit(location).scheme in ("http", "https")


def archive_files(locations: list[str], settings: Settings) -> tuple[list[str], list[str]]:
    """The WARC files (paths or URLs) the command's arguments name, in order, and one error
    per path list that could not be read. A named file is not opened here: one that is
    missing makes its unit fail (and be tried again on the next run), not the plan."""
    found: list[str] = []
    errors: list[str] = []
    for location in locations:
        if location.endswith(PATH_LISTS):
            try:
                found.extend(_listed(location, settings))
            except InputError as exc:
                errors.append(str(exc))
        elif is_url(location):
            found.append(location)
        elif Path(location).is_dir():
            found.extend(str(p.resolve()) for p in sorted(Path(location).glob("*.warc*")))
        else:
            found.append(str(Path(location).resolve()))
    return list(dict.fromkeys(found)), errors


def _listed(location: str, settings: Settings) -> list[str]:
    """The files of a CC-NEWS path list, resolved to paths or URLs."""
    raw = read_input(location, settings)
    text = gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw
    entries = [line.strip() for line in text.decode("utf-8", "replace").splitlines()]
    return [_resolve(location, entry) for entry in entries if entry and not entry.startswith("#")]


def _resolve(list_location: str, entry: str) -> str:
    """`crawl-data/CC-NEWS/2026/11/X.warc.gz` listed in `<root>/crawl-data/CC-NEWS/2026/11/
    warc.paths.gz` is `<root>/crawl-data/CC-NEWS/2026/11/X.warc.gz`; a bare name sits next
    to the list."""
    if is_url(list_location):
        folder = list_location.rsplit("/", 1)[0] + "/"
        parent = PurePosixPath(urlsplit(folder).path)
    else:
        parent = Path(list_location).resolve().parent
        folder = str(parent) + "/"
    entry_dir = str(PurePosixPath(entry).parent)
    if entry_dir != "." and str(parent).endswith("/" + entry_dir):
        root = folder[: len(folder) - len(entry_dir) - 1]
    else:
        root, entry = folder, PurePosixPath(entry).name
    return urljoin(root, entry) if is_url(list_location) else str(Path(root) / entry)


def read_input(location: str, settings: Settings, fetchers: int = 1) -> bytes:
    """A file's bytes, from disk or downloaded politely; InputError in one line if neither."""
    if not is_url(location):
        try:
            return Path(location).read_bytes()
        except OSError as exc:
            raise InputError(f"{location}: cannot read: {exc.strerror or exc}") from exc
    result = fetch_all([location], settings, fetchers=fetchers, archive=True)[0]
    if not result.ok:
        raise InputError(result.error or f"{location}: download failed ({result.outcome})")
    return result.body


def html_pages(stream: BinaryIO, name: str, errors: list[str]) -> Iterator[ArchivedPage]:
    """The HTML pages of a WARC stream. A malformed or truncated record is reported in
    `errors` as `name: record N: why` and skipped; a file that cannot be read further
    (a corrupt gzip stream) ends there, with the pages before it kept."""
    records = ArchiveIterator(stream)
    number = 0
    try:
        while True:
            number += 1
            with contextlib.redirect_stderr(io.StringIO()):  # warcio prints its own warnings
                record = next(records, None)
            if record is None:
                return
            try:
                page = _page(record)
            except BrokenRecord as broken:
                errors.append(f"{name}: record {number}: {broken}; skipped")
                continue
            if page is not None:
                yield page
    except Exception as exc:  # warcio, gzip and zlib raise unrelated types on broken input
        errors.append(
            f"{name}: record {number}: unreadable ({_describe(exc)}); rest of file skipped"
        )


class BrokenRecord(Exception):
    """A record whose headers contradict its content; the reason in a few words."""


def _page(record) -> ArchivedPage | None:
    declared = record.rec_headers.get_header("Content-Length") or ""
    if not declared.strip().isdigit():
        raise BrokenRecord(f"malformed (Content-Length {declared!r})")
    if record.rec_type != "response" or record.http_headers is None:
        return None
    if record.http_headers.get_statuscode() != "200":
        return None
    mime, _, params = (record.http_headers.get_header("Content-Type") or "").partition(";")
    if mime.strip().lower() not in HTML_TYPES:
        return None
    url = record.rec_headers.get_header("WARC-Target-URI")
    if not url:
        raise BrokenRecord("response without WARC-Target-URI")
    body = record.content_stream().read()
    if record.raw_stream.limit > 0:  # the file ended before the record did
        raise BrokenRecord(f"truncated ({record.raw_stream.limit} of {declared} bytes missing)")
    return ArchivedPage(
        url=url.strip("<>"),
        body=body,
        charset=_charset(params),
        captured=record.rec_headers.get_header("WARC-Date"),
    )


def _charset(params: str) -> str | None:
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def _describe(exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc) else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def open_archive(location: str, settings: Settings, fetchers: int) -> BinaryIO:
    """A WARC file to read: opened from disk, or downloaded into memory first."""
    if is_url(location):
        return io.BytesIO(read_input(location, settings, fetchers))
    try:
        return open(location, "rb")  # noqa: SIM115 - the caller closes it
    except OSError as exc:
        raise InputError(f"{location}: cannot read: {exc.strerror or exc}") from exc
