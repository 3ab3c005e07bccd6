"""PDF/A-2 JPEG2000 images (ISO 19005-2, 6.2.8.3), read from the JP2 boxes of JPXDecode data.

- 1, 3 or 4 colour channels (ihdr NC);
- a bit depth from 1 to 38, the same for all channels (no bpcc box);
- unless the image dictionary gives a /ColorSpace: with several colour specifications
  (colr boxes) exactly one has APPROX 1; the colr METH is 1, 2 or 3; the enumerated
  colour space is not 19 (CIEJab).
"""
from __future__ import annotations

import struct
from collections.abc import Iterator

import pikepdf

from .context import Context, name

SUPERBOXES = (b"jp2h", b"res ")
MAX_BOXES = 4096


def _boxes(data: bytes, start: int = 0, end: int | None = None) -> Iterator[tuple[bytes, bytes]]:
    """(box type, contents) of the JP2 boxes, descending into the header superbox."""
    end = len(data) if end is None else end
    offset, count = start, 0
    while offset + 8 <= end and count < MAX_BOXES:
        count += 1
        length, kind = struct.unpack(">I4s", data[offset:offset + 8])
        header = 8
        if length == 1 and offset + 16 <= end:
            length, header = struct.unpack(">Q", data[offset + 8:offset + 16])[0], 16
        elif length == 0:
            length = end - offset
        if length < header:
            return
        yield kind, data[offset + header:offset + length]
        if kind in SUPERBOXES:
            yield from _boxes(data, offset + header, min(end, offset + length))
        offset += length


def check_jpeg2000(ctx: Context, image: pikepdf.Stream, obj: int | None) -> None:
    try:
        data = image.read_raw_bytes()
    except pikepdf.PdfError:
        return
    if data[4:8] != b"jP  ":
        return  # a bare codestream: no boxes to judge
    boxes = list(_boxes(data))
    header = next((body for kind, body in boxes if kind == b"ihdr"), None)
    colours = [body for kind, body in boxes if kind == b"colr"]
    if header is not None and len(header) >= 12:
        channels, depth = struct.unpack(">H", header[8:10])[0], header[10]
        if channels not in (1, 3, 4):
            ctx.add("6.2.8.3", "pdfa-jpx-channels", f"A JPEG2000 image has {channels} colour channels",
                    obj=obj)
        if depth == 255 or any(kind == b"bpcc" for kind, _ in boxes):
            ctx.add("6.2.8.3", "pdfa-jpx-bit-depth", "The channels of a JPEG2000 image differ in bit depth",
                    obj=obj)
        elif not 1 <= (depth & 0x7F) + 1 <= 38:
            ctx.add("6.2.8.3", "pdfa-jpx-bit-depth",
                    f"A JPEG2000 image has a bit depth of {(depth & 0x7F) + 1}", obj=obj)
    if "/ColorSpace" in image:
        return
    if len(colours) > 1 and sum(1 for c in colours if len(c) > 2 and c[2] == 1) != 1:
        ctx.add("6.2.8.3", "pdfa-jpx-colour-specs", "A JPEG2000 image has several colour "
                "specifications but not exactly one with APPROX 1", obj=obj)
    for colour in colours[:1] if len(colours) == 1 else [c for c in colours if len(c) > 2 and c[2] == 1][:1]:
        method = colour[0] if colour else None
        if method not in (1, 2, 3):
            ctx.add("6.2.8.3", "pdfa-jpx-colour-method",
                    f"A JPEG2000 image's colour specification has METH {method}", obj=obj)
        elif method == 1 and len(colour) >= 7 and struct.unpack(">I", colour[3:7])[0] == 19:
            ctx.add("6.2.8.3", "pdfa-jpx-ciejab", "A JPEG2000 image uses the CIEJab colour space", obj=obj)


def is_jpeg2000(image: pikepdf.Object) -> bool:
    filters = image.get("/Filter")
    return isinstance(image, pikepdf.Stream) and any(
        name(f) == "JPXDecode" for f in (filters if isinstance(filters, pikepdf.Array) else [filters]))
