"""Each content stream of a check decoded and split into instructions once, for all rules.

The PDF/UA content walk, the link placement, and the PDF/A and PDF/X rules each read the
content of every page, form XObject, pattern and annotation appearance. ``ContentCache``
(one per check, ``Context.contents``) hands them the same :class:`SharedStream` for the
same stream: its decoded bytes, its operand cache and, for streams of an ordinary size,
the list of its instructions, so the streaming tokenizer scans each stream once.

Bounds (a hostile file can hold a 50 MB stream of tiny instructions): the instruction list
is kept only up to ``MAX_LISTED`` instructions (beyond that every reader scans the bytes
again, as the tokenizer is made to); the cache holds at most ``MAX_BYTES`` (decoded bytes
plus an estimate for the lists) and forgets the streams used longest ago beyond that.
"""
from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterator
from itertools import islice

import pikepdf

from ..pdfread.contentstream import ContentStream, stream_bytes

MAX_LISTED = 200_000
MAX_BYTES = 96 << 20
# What one listed instruction costs in memory: a tuple, two ints and a list slot.
_BYTES_PER_INSTRUCTION = 120

Key = tuple


class SharedStream(ContentStream):
    """A :class:`ContentStream` whose instructions are scanned once and then replayed."""

    def __init__(self, data: bytes, on_grow: Callable[[int], None] | None = None) -> None:
        super().__init__(data)
        self._listed: list[tuple[str, int, int]] | None = None
        self._unlisted = False  # too many instructions to keep: scanned each time
        self._on_grow = on_grow

    def instructions(self) -> Iterator[tuple[str, int, int]]:
        if self._listed is not None:
            return iter(self._listed)
        if self._unlisted:
            return super().instructions()
        limit = MAX_LISTED
        listed = list(islice(super().instructions(), limit + 1))
        if len(listed) > limit:
            self._unlisted = True
            return super().instructions()
        self._listed = listed
        if self._on_grow is not None:
            self._on_grow(_BYTES_PER_INSTRUCTION * len(listed))
        return iter(listed)

    @property
    def size(self) -> int:
        """About the bytes this stream holds on to."""
        return len(self.data) + _BYTES_PER_INSTRUCTION * len(self._listed or ())


def _key(target: pikepdf.Page | pikepdf.Object) -> Key | None:
    """What identifies a content: its stream's object (a page: its content streams, in
    order, as they are read joined); None for content not held in indirect streams."""
    holder: pikepdf.Object | None = target.obj if isinstance(target, pikepdf.Page) else target
    if isinstance(holder, pikepdf.Dictionary):  # a page's dictionary
        holder = holder.get("/Contents")
        if isinstance(holder, pikepdf.Array):
            parts = tuple(c.objgen for c in holder if isinstance(c, pikepdf.Stream))
            return parts if parts and (0, 0) not in parts else None
    if isinstance(holder, pikepdf.Stream) and holder.objgen != (0, 0):
        return holder.objgen
    return None


class ContentCache:
    """The content streams of one check, by the objects that hold them."""

    def __init__(self, max_bytes: int | None = None) -> None:
        self.max_bytes = MAX_BYTES if max_bytes is None else max_bytes
        self._streams: OrderedDict[Key, SharedStream] = OrderedDict()
        self._bytes = 0

    def of(self, target: pikepdf.Page | pikepdf.Object) -> SharedStream:
        """The content of a page (its streams joined), form XObject, pattern, Type 3 glyph
        or appearance stream; ContentError when qpdf cannot decode it."""
        key = _key(target)
        if key is None:
            return SharedStream(stream_bytes(target))
        found = self._streams.get(key)
        if found is not None:
            self._streams.move_to_end(key)
            return found
        stream = SharedStream(stream_bytes(target), self._grow)
        self._streams[key] = stream
        self._grow(len(stream.data))
        return stream

    def _grow(self, size: int) -> None:
        """Count ``size`` more bytes held; forget the streams used longest ago while the
        cache holds more than its bound (but always keep the newest)."""
        self._bytes += size
        while self._bytes > self.max_bytes and len(self._streams) > 1:
            _, dropped = self._streams.popitem(last=False)
            dropped._on_grow = None  # still in use by a reader, no longer counted
            self._bytes -= dropped.size
