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
* TrueType programs (FontFile2): a byte more after the last table (tables are found by
  their offsets; /Length1 follows). Not a zero byte: the checksum sums the bytes, so zeros
  would leave it, and its CR, as they were;
* the streams qpdf makes as it saves (object streams, the cross-reference stream; one of
  those was the culprit in another output): the file is saved again without object
  streams, so it has neither (a classic xref table, a few KiB larger).

Any other kind is a BuildError naming the object: better no PDF than a wrong one.
"""
from __future__ import annotations

import io
import zlib
from collections.abc import Callable

import pikepdf
from pikepdf import Name

from ..errors import BuildError

CR = 0x0D
_MAX_TRIES = 8
_SAVED_BY_QPDF = frozenset({"/ObjStm", "/XRef"})
Save = Callable[[pikepdf.Pdf, bool], bytes]  # (pdf, with object streams) -> file bytes


def ends_with_cr(stream: pikepdf.Stream) -> bool:
    return stream.read_raw_bytes()[-1:] == b"\r"


def _paddings(pdf: pikepdf.Pdf) -> dict[tuple[int, int], bytes]:
    """What may be appended to which stream without changing what it means: white space to
    content streams and ToUnicode CMaps (both are read as tokens), a byte after the tables to
    TrueType programs."""
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
            pads[obj.FontFile2.objgen] = b"\x01"
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


def fix_stream_ends(pdf: pikepdf.Pdf) -> tuple[int, bool]:
    """Change every stream of ``pdf`` that ends with CR and that we wrote; return how many
    were changed and whether one of qpdf's own (object streams, xref stream) ends with CR."""
    bad = [obj for obj in pdf.objects if isinstance(obj, pikepdf.Stream) and ends_with_cr(obj)]
    ours = [obj for obj in bad if obj.get("/Type") not in _SAVED_BY_QPDF]
    if ours:
        pads = _paddings(pdf)
        for obj in ours:
            pad = pads.get(obj.objgen)
            if pad is None:
                raise BuildError(f"object {obj.objgen[0]} ({obj.get('/Type', obj.get('/Subtype'))}): "
                                 "its stream data ends with CR, which makes its /Length ambiguous "
                                 "(ISO 19005-2, 6.1.7.1)")
            _rewrite(obj, obj.read_bytes(), pad)
            if "/Length1" in obj:
                obj.Length1 = len(obj.read_bytes())
    return len(ours), len(ours) < len(bad)


def save_with_clean_stream_ends(pdf: pikepdf.Pdf, save: Save) -> bytes:
    """``save(pdf, True)``; read back and saved again while a stream ends with CR (without
    object streams once one of qpdf's own streams did)."""
    object_streams = True
    data = save(pdf, object_streams)
    for _ in range(3):
        with pikepdf.open(io.BytesIO(data)) as written:
            changed, generated = fix_stream_ends(written)
            if not changed and not generated:
                return data
            object_streams = object_streams and not generated
            data = save(written, object_streams)
    raise BuildError("streams still end with CR after saving three times")
