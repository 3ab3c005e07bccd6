"""Streams whose /Length a reader cannot misread (ISO 19005-2, 6.1.7.1).

A stream's data is followed by an end-of-line marker and ``endstream``; the marker is
not counted in /Length. qpdf writes a line feed there. When the data itself ends with a
carriage return, the file reads ``CR LF endstream``, which a reader takes as a CRLF
marker after one byte less of data: /Length then seems one too large (page-validation's
PDFA2A-STREAM-LENGTH-001). A Flate stream ends with the Adler-32 checksum of its decoded
data, so about one stream in 256 ends with CR by chance (page 13 of
clusterreportagen.de.pdf did).

After saving, the saved file is read back; every stream that ends with CR is changed in
a way its kind allows, and the file is saved again:

* content streams (pages, form XObjects) and ToUnicode CMaps: a line feed more at the end
  (white space after the last token; the checksum changes);
* TrueType programs (FontFile2): a zero byte more after the last table (tables are found
  by their offsets; /Length1 follows).

Any other kind is a BuildError naming the object: better no PDF than a wrong one.
"""
from __future__ import annotations

import io
import zlib
from typing import Callable

import pikepdf
from pikepdf import Name

from ..errors import BuildError

CR = 0x0D
_MAX_TRIES = 8


def ends_with_cr(stream: pikepdf.Stream) -> bool:
    return stream.read_raw_bytes()[-1:] == b"\r"


def _paddings(pdf: pikepdf.Pdf) -> dict[tuple[int, int], bytes]:
    """What may be appended to which stream without changing what it means: white space to
    content streams and ToUnicode CMaps (both are read as tokens), a zero byte to TrueType
    programs."""
    pads: dict[tuple[int, int], bytes] = {}
    for page in pdf.pages:
        contents = page.obj.get("/Contents")
        for stream in contents if isinstance(contents, pikepdf.Array) else [contents]:
            if isinstance(stream, pikepdf.Stream):
                pads[stream.objgen] = b"\n"
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Dictionary):
            continue
        if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Form":
            pads[obj.objgen] = b"\n"
        if isinstance(obj.get("/ToUnicode"), pikepdf.Stream):
            pads[obj.ToUnicode.objgen] = b"\n"
        if obj.get("/Type") == "/FontDescriptor" and isinstance(obj.get("/FontFile2"), pikepdf.Stream):
            pads[obj.FontFile2.objgen] = b"\0"
    return pads


def _rewrite(stream: pikepdf.Stream, data: bytes, pad: bytes) -> None:
    """Write ``data`` Flate-compressed, padded with ``pad`` until the result does not end with CR."""
    for _ in range(_MAX_TRIES):
        encoded = zlib.compress(data)
        if encoded[-1] != CR:
            stream.write(encoded, filter=Name.FlateDecode)
            return
        data += pad
    raise BuildError(f"object {stream.objgen[0]}: the stream cannot be written without a CR at its end")


def fix_stream_ends(pdf: pikepdf.Pdf) -> int:
    """Change every stream of ``pdf`` that ends with CR; return how many were changed."""
    bad = [obj for obj in pdf.objects if isinstance(obj, pikepdf.Stream) and ends_with_cr(obj)]
    if not bad:
        return 0
    pads = _paddings(pdf)
    for obj in bad:
        pad = pads.get(obj.objgen)
        if pad is None:
            raise BuildError(f"object {obj.objgen[0]} ({obj.get('/Type', obj.get('/Subtype'))}): "
                             "its stream data ends with CR, which makes its /Length ambiguous "
                             "(ISO 19005-2, 6.1.7.1)")
        _rewrite(obj, obj.read_bytes(), pad)
        if "/Length1" in obj:
            obj.Length1 = len(obj.read_bytes())
    return len(bad)


def save_with_clean_stream_ends(pdf: pikepdf.Pdf, save: Callable[[pikepdf.Pdf], bytes]) -> bytes:
    """``save(pdf)``, saved once more from the read-back file when a stream had to change."""
    data = save(pdf)
    with pikepdf.open(io.BytesIO(data)) as written:
        if not fix_stream_ends(written):
            return data
        data = save(written)
    with pikepdf.open(io.BytesIO(data)) as check:
        left = [o.objgen[0] for o in check.objects if isinstance(o, pikepdf.Stream) and ends_with_cr(o)]
    if left:
        raise BuildError(f"streams {left[:5]} still end with CR after rewriting them")
    return data
