"""What the pages of a print file paint, as PDF/X-4 preflight needs it: the device colour
spaces each page uses, its highest total ink coverage, and each placed image's effective
resolution.

One walk per page over its content and the forms it draws (with their matrices), reading
instructions with the shared streaming reader (``pipeline.pdfread.contentstream``):

* colour spaces: ``rg``/``RG`` DeviceRGB, ``k``/``K`` DeviceCMYK, ``g``/``G`` DeviceGray,
  ``cs``/``CS`` by name or through the ColorSpace resources (Indexed bases, Separation and
  DeviceN alternates), images, inline images and shadings; a Default colour space in the
  resources makes its device space device-independent there (ISO 32000-1, 8.6.5.6);
* ink: the sum of the CMYK components of every ``k``/``K``/``sc``/``scn`` in DeviceCMYK, and
  the highest per-pixel sum of every 8-bit CMYK image drawn;
* resolution: an image's pixels over the size it is drawn at (from the transformation
  matrix when ``Do`` runs), the lower of the two directions.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import pikepdf
from pikepdf import Name

from ..pdfread.contentstream import ContentStream

DEVICE = {"/DeviceRGB": "DeviceRGB", "/DeviceCMYK": "DeviceCMYK", "/DeviceGray": "DeviceGray",
          "/RGB": "DeviceRGB", "/CMYK": "DeviceCMYK", "/G": "DeviceGray"}
OPERATOR_SPACE = {"rg": "DeviceRGB", "RG": "DeviceRGB", "k": "DeviceCMYK", "K": "DeviceCMYK",
                  "g": "DeviceGray", "G": "DeviceGray"}
MAX_DEPTH = 12  # forms inside forms


@dataclass
class PlacedImage:
    name: str
    obj: int | None
    pixels: tuple[int, int]
    size_pt: tuple[float, float]

    @property
    def ppi(self) -> float:
        w, h = self.size_pt
        if w <= 0 or h <= 0:
            return 0.0
        return min(self.pixels[0] / (w / 72), self.pixels[1] / (h / 72))


@dataclass
class PageColour:
    number: int
    spaces: set[str] = field(default_factory=set)  # device spaces used, e.g. {"DeviceCMYK"}
    max_ink: float = 0.0  # per cent
    images: list[PlacedImage] = field(default_factory=list)


def _multiply(m, n):
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2,
            e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


def _numbers(values) -> list[float]:
    return [float(v) for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)]


class _Walker:
    def __init__(self) -> None:
        self._image_ink: dict[tuple[int, int], float] = {}

    def space_families(self, space, resources, seen=0) -> set[str]:
        """The device spaces a colour space value (name or array) comes down to."""
        if seen > MAX_DEPTH or space is None:
            return set()
        if isinstance(space, (pikepdf.Name, str)):
            key = str(space)
            if key in DEVICE:
                device = DEVICE[key]
                defaults = (resources or {}).get("/ColorSpace", {}) if resources is not None else {}
                return set() if f"/Default{device[6:]}" in defaults else {device}
            if key == "/Pattern":
                return set()
            named = (resources or {}).get("/ColorSpace", {}).get(key) if resources is not None else None
            return self.space_families(named, resources, seen + 1) if named is not None else set()
        if isinstance(space, pikepdf.Array) and len(space) > 0:
            family = str(space[0])
            if family in ("/Indexed", "/I") and len(space) > 1:
                return self.space_families(space[1], resources, seen + 1)
            if family in ("/Separation", "/DeviceN") and len(space) > 2:
                return self.space_families(space[2], resources, seen + 1)  # the alternate
            if family == "/Pattern" and len(space) > 1:
                return self.space_families(space[1], resources, seen + 1)
            if len(space) == 1:
                return self.space_families(space[0], resources, seen + 1)
        return set()

    def image_ink(self, image: pikepdf.Stream) -> float:
        key = image.objgen
        if key not in self._image_ink:
            ink = 0.0
            if image.get("/ColorSpace") == Name.DeviceCMYK and int(image.get("/BitsPerComponent", 8)) == 8:
                try:
                    data = image.read_bytes()
                except pikepdf.PdfError:
                    data = b""
                import numpy as np  # only for files with CMYK images (not at start-up)

                pixels = np.frombuffer(data, dtype=np.uint8)[:len(data) // 4 * 4].reshape(-1, 4)
                if len(pixels):
                    ink = float(pixels.sum(axis=1, dtype=np.int32).max()) * 100 / 255
            self._image_ink[key] = ink
        return self._image_ink[key]

    def walk(self, target, resources, ctm, page: PageColour, depth: int = 0) -> None:
        if depth > MAX_DEPTH:
            return
        stream = ContentStream.of(target)
        stack: list = []
        fill = stroke = "/DeviceGray"
        xobjects = (resources or {}).get("/XObject", {}) if resources is not None else {}
        for op, start, end in stream.instructions():
            if op == "q":
                stack.append((ctm, fill, stroke))
            elif op == "Q":
                if stack:
                    ctm, fill, stroke = stack.pop()
            elif op == "cm":
                values = _numbers(stream.operands(start, end))
                if len(values) == 6:
                    ctm = _multiply(tuple(values), ctm)
            elif op in OPERATOR_SPACE:
                page.spaces |= self.space_families(Name("/" + OPERATOR_SPACE[op]), resources)
                if op in ("k", "K"):
                    page.max_ink = max(page.max_ink, sum(_numbers(stream.operands(start, end))) * 100)
            elif op in ("cs", "CS"):
                operands = stream.operands(start, end)
                if operands:
                    name = Name(str(operands[0]))
                    if op == "cs":
                        fill = str(name)
                    else:
                        stroke = str(name)
                    page.spaces |= self.space_families(name, resources)
            elif op in ("sc", "scn", "SC", "SCN"):
                space = fill if op in ("sc", "scn") else stroke
                if space == "/DeviceCMYK":
                    page.max_ink = max(page.max_ink, sum(_numbers(stream.operands(start, end))) * 100)
            elif op == "sh":
                operands = stream.operands(start, end)
                shading = (resources or {}).get("/Shading", {}).get(str(operands[0])) if operands else None
                if shading is not None:
                    page.spaces |= self.space_families(shading.get("/ColorSpace"), resources)
            elif op == "BI":
                operands = stream.operands(start, end)
                entries = dict(zip(operands[0::2], operands[1::2], strict=False))  # a key may lack its value
                cs = entries.get("/CS", entries.get("/ColorSpace"))
                if cs is not None:
                    page.spaces |= self.space_families(Name(str(cs)), resources)
            elif op == "Do":
                operands = stream.operands(start, end)
                xobject = xobjects.get(str(operands[0])) if operands else None
                if xobject is None:
                    continue
                subtype = xobject.get("/Subtype")
                if subtype == Name.Image:
                    if xobject.get("/ImageMask"):
                        continue
                    page.spaces |= self.space_families(xobject.get("/ColorSpace"), resources)
                    page.max_ink = max(page.max_ink, self.image_ink(xobject))
                    a, b, c, d, _, _ = ctm
                    page.images.append(PlacedImage(
                        str(operands[0]), xobject.objgen[0] or None,
                        (int(xobject.get("/Width", 0)), int(xobject.get("/Height", 0))),
                        (math.hypot(a, b), math.hypot(c, d))))
                elif subtype == Name.Form:
                    matrix = _numbers(xobject.get("/Matrix", [1, 0, 0, 1, 0, 0]))
                    inner = _multiply(tuple(matrix), ctm) if len(matrix) == 6 else ctm
                    self.walk(xobject, xobject.get("/Resources", resources), inner, page, depth + 1)


def page_colours(pdf: pikepdf.Pdf) -> list[PageColour]:
    """One :class:`PageColour` per page, in page order."""
    walker = _Walker()
    out = []
    for number, page in enumerate(pdf.pages, start=1):
        colour = PageColour(number)
        walker.walk(page, page.obj.get("/Resources"), (1, 0, 0, 1, 0, 0), colour)
        out.append(colour)
    return out
