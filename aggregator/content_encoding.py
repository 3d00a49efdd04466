"""Undo a response's Content-Encoding in bounded pieces, layer by layer.

httpx decodes each network chunk whole, through every layer: 1.8 KB of `gzip, gzip` became
2.1 GB in memory before any size cap could look at it, and one 64 KB chunk of a single-layer
bomb becomes 64 MB. Here every zlib call may produce at most `PIECE` bytes, and each piece
goes through the next layer before the next is made, so the caller can count decoded bytes
as they appear and stop at its cap; memory stays at the cap plus a piece per layer.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator

PIECE = 64 * 1024
MAX_LAYERS = 3  # each costs a zlib window and a piece; `gzip, gzip, …` ×10,000 would not fit

_GZIP = zlib.MAX_WBITS | 16
_ZLIB = zlib.MAX_WBITS
_RAW_DEFLATE = -zlib.MAX_WBITS
# the encoding names we accept (we ask for gzip and deflate only) and their zlib formats
_FORMATS = {"gzip": _GZIP, "x-gzip": _GZIP, "deflate": _ZLIB}


class DecodeError(ValueError):
    """The body cannot be decoded as its Content-Encoding says; phrased for the user."""


class _Inflater:
    """One zlib stream. `deflate` is zlib-wrapped by the RFC, but some servers send raw
    deflate: like browsers (and httpx), try the wrapper first and fall back on the first
    chunk."""

    def __init__(self, wbits: int) -> None:
        self._stream = zlib.decompressobj(wbits)
        self._may_be_raw = wbits == _ZLIB
        self._started = False

    def feed(self, data: bytes, piece: int) -> Iterator[bytes]:
        while not self._stream.eof:  # bytes after the end of the stream are ignored, as httpx
            output = self._decompress(data, piece)
            data = self._stream.unconsumed_tail
            if output:
                yield output
            if not data and len(output) < piece:  # input used up and no output held back
                return

    def _decompress(self, data: bytes, piece: int) -> bytes:
        first, self._started = not self._started, True
        try:
            return self._stream.decompress(data, piece)
        except zlib.error as exc:
            if first and self._may_be_raw:
                self._stream, self._may_be_raw = zlib.decompressobj(_RAW_DEFLATE), False
                return self._decompress(data, piece)
            raise DecodeError(f"undecodable body: {exc}") from exc


class BoundedDecoder:
    """Decodes a `Content-Encoding` such as `gzip` or `gzip, gzip` (applied in that order,
    so undone in reverse) and yields pieces of at most `piece` bytes."""

    def __init__(self, content_encoding: str | None, piece: int = PIECE) -> None:
        names = [n.strip().lower() for n in (content_encoding or "").split(",")]
        names = [n for n in names if n and n != "identity"]
        unknown = [n for n in names if n not in _FORMATS]
        if unknown:
            raise DecodeError(f"unsupported Content-Encoding {unknown[0]!r}")
        if len(names) > MAX_LAYERS:
            raise DecodeError(f"{len(names)} stacked Content-Encodings (at most {MAX_LAYERS})")
        self._layers = [_Inflater(_FORMATS[name]) for name in reversed(names)]
        self._piece = piece

    def decode(self, data: bytes) -> Iterator[bytes]:
        """The decoded pieces of the next raw chunk; consume each before asking for more."""
        return self._through(0, data)

    def _through(self, layer: int, data: bytes) -> Iterator[bytes]:
        if layer == len(self._layers):
            if data:
                yield data
            return
        for piece in self._layers[layer].feed(data, self._piece):
            yield from self._through(layer + 1, piece)
