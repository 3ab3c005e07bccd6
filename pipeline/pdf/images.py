"""Image XObjects, made once per image file and added to the pages that show them.

The layout only writes ``/Im<hash> Do`` and notes the file in its tag record (see
``TaggedCanvas.drawImage``); the images are embedded here. Where the file's own compressed
data is valid PDF data it is copied, not decoded and compressed again: a JPEG becomes a
DCTDecode stream, the IDAT data of a non-interlaced 8-bit PNG a FlateDecode stream with
the PNG predictor. Anything else (palette or 16-bit PNG, transparency, interlacing) is
decoded by Pillow and compressed with zlib; an alpha channel becomes a soft mask. Names
come from the file's content, so the same image gives the same bytes wherever the
sources live.
"""
from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from pikepdf import Dictionary, Name
from PIL import Image


@dataclass(frozen=True)
class Encoded:
    width: int
    height: int
    colorspace: str  # DeviceRGB or DeviceGray
    data: bytes
    filter: str  # DCTDecode or FlateDecode
    predictor_colors: int = 0  # > 0: PNG predictor data with this many colour components
    smask: bytes | None = None  # zlib-compressed 8-bit alpha


_encoded: dict[str, Encoded] = {}


def encode(path: str) -> Encoded:
    """The image's PDF data (cached per process by file)."""
    enc = _encoded.get(path)
    if enc is None:
        enc = _encoded[path] = _passthrough(Path(path)) or _decoded(Path(path))
    return enc


def _passthrough(path: Path) -> Encoded | None:
    with Image.open(path) as img:
        fmt, mode, (w, h) = img.format, img.mode, img.size
        info = dict(img.info)
    if fmt == "JPEG" and mode in ("RGB", "L") and not info.get("adobe"):
        return Encoded(w, h, "DeviceRGB" if mode == "RGB" else "DeviceGray", path.read_bytes(),
                       "DCTDecode")
    if fmt == "PNG" and mode in ("RGB", "L") and not info.get("interlace") \
            and "transparency" not in info:
        data = _png_idat(path.read_bytes(), bit_depth=8)
        if data is not None:
            return Encoded(w, h, "DeviceRGB" if mode == "RGB" else "DeviceGray", data,
                           "FlateDecode", predictor_colors=3 if mode == "RGB" else 1)
    return None


def _png_idat(raw: bytes, bit_depth: int) -> bytes | None:
    """The concatenated IDAT chunks, if the file is a plain PNG of that bit depth."""
    pos, idat = 8, []
    while pos + 8 <= len(raw):
        length, kind = struct.unpack(">I4s", raw[pos:pos + 8])
        body = raw[pos + 8:pos + 8 + length]
        if kind == b"IHDR" and body[8] != bit_depth:
            return None
        if kind == b"IDAT":
            idat.append(body)
        pos += 12 + length
    return b"".join(idat) or None


def _decoded(path: Path) -> Encoded:
    with Image.open(path) as opened:
        opened.load()
        img: Image.Image = opened
        alpha = None
        if img.mode in ("RGBA", "LA", "PA") or "transparency" in img.info:
            rgba = img.convert("RGBA")
            alpha = rgba.getchannel("A")
            img = rgba.convert("RGB")
        elif img.mode not in ("RGB", "L"):
            img = img.convert("L" if img.mode in ("1", "I", "I;16", "F") else "RGB")
        smask = None
        if alpha is not None and alpha.getextrema() != (255, 255):
            smask = zlib.compress(alpha.tobytes(), 6)
        return Encoded(img.width, img.height, "DeviceRGB" if img.mode == "RGB" else "DeviceGray",
                       zlib.compress(img.tobytes(), 6), "FlateDecode", smask=smask)


def _xobject(pdf: pikepdf.Pdf, enc: Encoded) -> pikepdf.Stream:
    stream = pdf.make_stream(enc.data)
    stream.Type, stream.Subtype = Name.XObject, Name.Image
    stream.Width, stream.Height = enc.width, enc.height
    stream.ColorSpace = Name(f"/{enc.colorspace}")
    stream.BitsPerComponent = 8
    stream.Filter = Name(f"/{enc.filter}")
    if enc.predictor_colors:
        stream.DecodeParms = Dictionary(Predictor=15, Colors=enc.predictor_colors,
                                        BitsPerComponent=8, Columns=enc.width)
    if enc.smask is not None:
        mask = pdf.make_stream(enc.smask)
        mask.Type, mask.Subtype = Name.XObject, Name.Image
        mask.Width, mask.Height = enc.width, enc.height
        mask.ColorSpace, mask.BitsPerComponent, mask.Filter = Name.DeviceGray, 8, Name.FlateDecode
        stream.SMask = mask
    return stream


def embed_images(pdf: pikepdf.Pdf, placed: list[tuple[int, str, str]]) -> None:
    """Add the images placed by the layout, as (page index, XObject name, file), to the PDF."""
    objects: dict[str, pikepdf.Object] = {}
    for page_index, name, path in placed:
        if name not in objects:
            objects[name] = _xobject(pdf, encode(path))
        page = pdf.pages[page_index].obj
        resources = page.get(Name.Resources)
        if resources is None:
            resources = page.Resources = Dictionary()
        xobjects = resources.get(Name.XObject)
        if xobjects is None:
            xobjects = resources.XObject = Dictionary()
        xobjects[Name(f"/{name}")] = objects[name]


