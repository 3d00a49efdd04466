"""Editing the `sources:` list of sources.yaml from the command line, keeping the file as
written: the `sources:` block is rewritten by ruamel.yaml's round-trip mode (comments, order
and quoting survive) and every other line is kept byte for byte. Every change is validated as a whole configuration before the file is
replaced, so a command never leaves a sources.yaml that `load_config` refuses; the file is
swapped atomically (written beside it, then renamed).

Also: feed discovery for a homepage, and OPML in and out (what Feedly, Inoreader and
Miniflux export), read with listparser.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin
from xml.sax.saxutils import quoteattr

import listparser
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.representer import RoundTripRepresenter

from .config import Config, ConfigError, parse_config
from .feeds import discover_feeds, parse_feed
from .http import FetchResult

# where sites usually keep their feed when the homepage advertises none (WordPress, Ghost,
# Hugo, Jekyll, Substack…)
COMMON_FEED_PATHS = ("/feed", "/rss", "/feed.xml", "/rss.xml", "/atom.xml", "/index.xml")


@dataclass
class FeedCandidate:
    url: str
    title: str


def _yaml() -> YAML:
    yaml = YAML()  # round-trip: comments and layout are kept
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096  # never fold a long value onto a second line
    yaml.representer.add_representer(type(None), _null)
    return yaml


def _null(representer: RoundTripRepresenter, _value: None) -> ScalarNode:
    """`null` as written in the file (ruamel writes an empty value)."""
    return representer.represent_scalar("tag:yaml.org,2002:null", "null")


class SourcesFile:
    """sources.yaml loaded for editing."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.text = path.read_text(encoding="utf-8")
        self.data = _yaml().load(self.text)
        if not isinstance(self.data, CommentedMap) or not isinstance(
            self.data.get("sources"), CommentedSeq
        ):
            raise ConfigError(f"{path}: expected a mapping with a 'sources' list")

    @property
    def sources(self) -> CommentedSeq:
        return self.data["sources"]

    def add(self, name: str, feeds: list[str]) -> None:
        entry = CommentedMap()
        entry["name"] = name
        entry["feeds"] = CommentedSeq(feeds)
        self.sources.append(entry)

    def add_all(self, sources: list[tuple[str, str]]) -> None:
        """(name, feed URL) pairs, one source each."""
        for name, feed in sources:
            self.add(name, [feed])

    def remove(self, name: str) -> None:
        index = next(i for i, source in enumerate(self.sources) if source.get("name") == name)
        del self.sources[index]

    def save(self) -> Config:
        """Validate the edited file as a whole, then replace the file; returns the config.

        Only the lines of the `sources:` block are rewritten (by ruamel, its comments
        included): ruamel would re-wrap the hand-wrapped lists of `topics:` too."""
        lines = self.text.splitlines(keepends=True)
        keys = list(self.data)
        start = self.data.lc.key("sources")[0]
        following = keys[keys.index("sources") + 1 :]
        end = self.data.lc.key(following[0])[0] if following else len(lines)
        block = CommentedMap(sources=self.sources)
        if "sources" in self.data.ca.items:  # a comment on the `sources:` line itself
            block.ca.items["sources"] = self.data.ca.items["sources"]
        buffer = io.StringIO()
        _yaml().dump(block, buffer)
        text = "".join([*lines[:start], buffer.getvalue(), *lines[end:]])
        config = parse_config(text, str(self.path))  # ConfigError: the file is left as it was
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, self.path)
        return config


def unique_name(wanted: str, taken: set[str]) -> str:
    """`wanted`, or `wanted (2)`, `wanted (3)`…: names are unique in sources.yaml."""
    folded = {name.casefold() for name in taken}
    name, number = wanted, 2
    while name.casefold() in folded:
        name, number = f"{wanted} ({number})", number + 1
    return name


def feed_in(result: FetchResult) -> FeedCandidate | None:
    """The fetched page as a feed, when it is one with at least one item."""
    if not result.ok:
        return None
    parsed = parse_feed(result.body, result.headers, result.url)
    if parsed.error or not parsed.entries:
        return None
    return FeedCandidate(result.url, parsed.title)


def candidates_on(result: FetchResult) -> list[str]:
    """Feed URLs to try for a homepage: those it advertises (<link rel=alternate>), then
    the common paths at its root."""
    advertised = []
    if result.ok:
        advertised = discover_feeds(result.body.decode("utf-8", errors="replace"), result.url)
    common = [urljoin(result.url, path) for path in COMMON_FEED_PATHS]
    return list(dict.fromkeys([*advertised, *common]))


def read_opml(path: Path) -> list[FeedCandidate]:
    """The feeds of an OPML subscription list, with their titles (listparser: OPML 1 and 2,
    nested folders, the quirks of each reader's export)."""
    parsed = listparser.parse(path.read_bytes())
    if parsed.bozo and not parsed.feeds:
        raise ConfigError(f"{path}: not an OPML subscription list: {parsed.bozo_exception}")
    return [FeedCandidate(feed.url, feed.title or "") for feed in parsed.feeds]


def write_opml(config: Config) -> str:
    """Every feed of the configuration as OPML 2.0, one outline per feed, titled by source."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<opml version="2.0">',
        "  <head><title>aggregator sources</title></head>",
        "  <body>",
    ]
    for source in config.sources:
        for feed in source.feeds:
            name = quoteattr(source.name)
            lines.append(
                f'    <outline type="rss" text={name} title={name} xmlUrl={quoteattr(str(feed))}/>'
            )
    lines += ["  </body>", "</opml>"]
    return "\n".join(lines) + "\n"
