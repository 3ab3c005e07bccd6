"""Stream extents in the file: ISO 19005-2 6.1.7.1.

"The value of the Length key specified in the stream dictionary shall match the number of
bytes in the file following the EOL marker after the stream keyword and preceding the EOL
marker before the endstream keyword." qpdf reads a stream by its /Length and forgives a
mismatch, so this is judged from the file's bytes: each stream object is found at its
cross-reference offset, and the bytes between ``stream``+EOL and EOL+``endstream`` are
counted. Data that ends with CR followed by an LF marker reads as CRLF: one byte short.
The keyword ``stream`` shall be followed by CRLF or LF alone, not CR (the same clause).
"""
from __future__ import annotations

import os
import re

import pikepdf

from .context import Context

CLAUSE = "6.1.7.1"
_STREAM = re.compile(rb">>\s*stream(\r\n|\n|\r)?")
_ENDSTREAM = b"endstream"
_SEARCH = 4096  # how far past the dictionary's start the ``stream`` keyword is looked for
_MAX_REPORTED = 5


def _real_length(data: bytes, start: int, length: int) -> int | None:
    """Bytes from ``start`` to the EOL marker before ``endstream``; None if there is no
    ``endstream`` keyword."""
    end = data.find(_ENDSTREAM, start + max(length - 2, 0))
    if end < 0:
        end = data.find(_ENDSTREAM, start)
    if end < 0:
        return None
    if data[end - 2:end] == b"\r\n" and end - 2 >= start:
        end -= 2
    elif data[end - 1:end] in (b"\n", b"\r") and end - 1 >= start:
        end -= 1
    return end - start


def check_stream_lengths(ctx: Context) -> None:
    """The PDF/A 6.1.7.1 findings for the file checked (needs the file on disk)."""
    if not os.path.isfile(ctx.file):
        return
    with open(ctx.file, "rb") as fh:
        data = fh.read()
    wrong: list[tuple[int, int, int]] = []
    bad_eol: list[int] = []
    for (num, gen), entry in ctx.pdf.get_xref_table().items():
        if getattr(entry, "type", None) != 1:
            continue
        try:
            obj = ctx.pdf.get_object(num, gen)
        except (pikepdf.PdfError, ValueError):
            continue
        if not isinstance(obj, pikepdf.Stream):
            continue
        found = _STREAM.search(data, entry.offset, entry.offset + _SEARCH)
        length = obj.get("/Length")
        if found is None or not isinstance(length, int):
            continue
        if found.group(1) in (None, b"\r"):
            bad_eol.append(num)
        real = _real_length(data, found.end(), int(length))
        if real is not None and real != int(length):
            wrong.append((num, int(length), real))
    for num, length, real in wrong[:_MAX_REPORTED]:
        ctx.add(CLAUSE, "pdfa-stream-length",
                f"Stream object {num}: /Length is {length}, but {real} bytes lie between the EOL "
                "after 'stream' and the EOL before 'endstream'", obj=num)
    if len(wrong) > _MAX_REPORTED:
        ctx.add(CLAUSE, "pdfa-stream-length",
                f"{len(wrong) - _MAX_REPORTED} more stream(s) whose /Length does not match their data")
    if bad_eol:
        ctx.add(CLAUSE, "pdfa-stream-keyword-eol",
                f"{len(bad_eol)} stream(s) (e.g. object {bad_eol[0]}): the 'stream' keyword is not "
                "followed by CRLF or LF", obj=bad_eol[0])
