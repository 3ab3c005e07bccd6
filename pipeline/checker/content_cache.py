"""Each content stream of a check decoded and split into instructions once, for all rules.

The PDF/UA content walk, the link placement, and the PDF/A and PDF/X rules each read the
content of every page, form XObject, pattern and annotation appearance. ``ContentCache``
(one per check, ``Context.contents``) hands them the same :class:`SharedStream` for the
same stream: its decoded bytes, its operand cache and, for streams of an ordinary size,
the list of its instructions, so the streaming tokenizer scans each stream once.

Bounds (a hostile file can hold a 50 MB stream of tiny instructions): the instruction list
takes 9 bytes an instruction and is kept only up to ``MAX_LISTED`` instructions (beyond
that every reader scans the bytes again, as the tokenizer is made to); the cache holds at
most ``MAX_BYTES`` (decoded bytes and lists) and forgets the streams used longest ago
beyond that.
"""
from __future__ import annotations

from array import array
from collections import OrderedDict
from collections.abc import Callable, Iterator

import pikepdf

from ..pdfread.contentstream import ContentStream, stream_bytes

MAX_LISTED = 4_000_000
MAX_BYTES = 96 << 20
# What one listed instruction costs: its operator's number in a byte, where its operands
# start and where they end in four bytes each.
_BYTES_PER_INSTRUCTION = 9
_MAX_OPERATORS = 256
_MAX_OFFSET = 1 << 32

Key = tuple


class SharedStream(ContentStream):
    """A :class:`ContentStream` whose instructions are scanned once and then replayed
    from a compact list (9 bytes an instruction)."""

    def __init__(self, data: bytes, on_grow: Callable[[int], None] | None = None) -> None:
        super().__init__(data)
        # (operator names, operator numbers, starts, ends) once a scan has run to the end
        self._listed: tuple[list[str], bytearray, array[int], array[int]] | None = None
        # too many instructions (or operators, or bytes) to keep: scanned each time
        self._unlisted = len(data) >= _MAX_OFFSET
        self._on_grow = on_grow

    def instructions(self) -> Iterator[tuple[str, int, int]]:
        if self._listed is not None:
            names, ops, starts, ends = self._listed
            return zip(map(names.__getitem__, ops), starts, ends, strict=True)
        if self._unlisted:
            return super().instructions()
        return self._scan_and_list()

    def _scan_and_list(self) -> Iterator[tuple[str, int, int]]:
        """The instructions as they are scanned, kept when the scan runs to its end (a
        reader that stops early leaves the next one to scan again)."""
        numbers: dict[str, int] = {}
        ops, starts, ends = bytearray(), array("I"), array("I")
        for op, start, end in super().instructions():
            if not self._unlisted:
                number = numbers.get(op)
                if number is None:
                    number = numbers[op] = len(numbers)
                if number >= _MAX_OPERATORS or len(ops) >= MAX_LISTED:
                    self._unlisted = True
                    ops, starts, ends = bytearray(), array("I"), array("I")
                else:
                    ops.append(number)
                    starts.append(start)
                    ends.append(end)
            yield op, start, end
        if self._unlisted or self._listed is not None:
            return
        self._listed = (list(numbers), ops, starts, ends)
        if self._on_grow is not None:
            self._on_grow(_BYTES_PER_INSTRUCTION * len(ops))

    @property
    def size(self) -> int:
        """About the bytes this stream holds on to."""
        return len(self.data) + _BYTES_PER_INSTRUCTION * (len(self._listed[1]) if self._listed else 0)


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
