"""The print output's colour: every colour and image in the printing condition's CMYK.

The layout draws in sRGB and gray (as the screen output does); here, after layout, the
colour operators of every content stream (pages, forms, appearance streams) and every
image XObject are converted with LittleCMS (Pillow's ImageCms) to the output profile:

* flat colours (``rg``/``RG``, ``sc``/``SC`` in DeviceRGB) -> ``k``/``K``, relative
  colorimetric with black point compensation: a flat colour keeps its hue and lightness
  where the press can print it, and the darkest sRGB colour lands on the press's darkest
  black instead of being clipped;
* neutral colours (gray ``g``/``G``, and ``rg`` with r = g = b, such as the body text's ink)
  and every stroke (rules, table lines, crop marks) -> black ink only, the K value whose
  lightness on paper matches the colour's (with the same black point compensation): text
  and rules in four-colour black would blur with the slightest misregister;
* photographs -> perceptual (the whole sRGB gamut compressed into the press's, so gradients
  stay smooth); an image of few colours (at most 256: a chart, a map) is a flat graphic
  and converted like flat colours;
* total area coverage at most ``ink_limit`` per cent: the profile's own separation keeps to
  its limit, and where the edition's limit is lower, cyan, magenta and yellow are reduced
  (black stays, it carries the detail).

Gray images stay DeviceGray: on a CMYK press that is the black plate, which PDF/X-4 and
PDF/A-2 both accept with a CMYK output intent.
"""
from __future__ import annotations

import bisect
import functools
import hashlib
import io
import zlib
from dataclasses import dataclass

import pikepdf
from pikepdf import Name, Operator
from PIL import Image, ImageCms

FLAT_COLOURS = 256  # an image with at most this many colours is a flat graphic


@dataclass(frozen=True)
class Press:
    """The printing condition as far as colour conversion is concerned."""
    profile: bytes  # a CMYK output ('prtr') ICC profile
    ink_limit: int = 300  # total area coverage, per cent


class Converter:
    """sRGB -> the press's CMYK, one instance per profile and limit (see :func:`converter`)."""

    def __init__(self, press: Press):
        srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
        out = ImageCms.ImageCmsProfile(io.BytesIO(press.profile))
        bpc = ImageCms.Flags.BLACKPOINTCOMPENSATION
        self.photo = ImageCms.buildTransform(srgb, out, "RGB", "CMYK",
                                             renderingIntent=ImageCms.Intent.PERCEPTUAL, flags=bpc)
        self.flat = ImageCms.buildTransform(srgb, out, "RGB", "CMYK",
                                            renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
                                            flags=bpc)
        self.limit = press.ink_limit / 100.0
        self._k_ramp = _k_lightness(out)  # L* of 0..100 % black ink alone, on paper
        # caches of this converter's own (a cache on the methods would keep every
        # converter alive, and share one size limit among them)
        self.cmyk = functools.lru_cache(maxsize=4096)(self._cmyk)
        self.black = functools.lru_cache(maxsize=4096)(self._black)

    # -- flat colours ------------------------------------------------------------------
    def _cmyk(self, rgb: tuple[float, ...]) -> tuple[float, float, float, float]:
        """A flat sRGB colour (components 0..1) in CMYK (0..1), neutral ones in K only."""
        r, g, b = rgb
        if abs(r - g) < 1e-6 and abs(g - b) < 1e-6:
            return (0.0, 0.0, 0.0, self.black(r))
        pixel = Image.new("RGB", (1, 1), tuple(round(v * 255) for v in rgb))
        c, m, y, k = (v / 255 for v in _transformed(pixel, self.flat).tobytes())
        return _limited(c, m, y, k, self.limit)

    def _black(self, gray: float) -> float:
        """The amount of black ink (0..1) that looks as light as sRGB gray ``gray`` (0..1)."""
        if gray >= 1.0:
            return 0.0
        lightness = _srgb_lightness(gray)
        darkest = self._k_ramp[-1]
        target = darkest + lightness * (100.0 - darkest) / 100.0  # black point compensation
        # the ramp falls from 100 (paper) to ``darkest``; find where it meets ``target``
        falling = [-v for v in self._k_ramp]
        i = bisect.bisect_left(falling, -target)
        if i <= 0:
            return 0.0
        if i >= len(falling):
            return 1.0
        l0, l1 = self._k_ramp[i - 1], self._k_ramp[i]
        t = (l0 - target) / (l0 - l1) if l0 != l1 else 0.0
        return round((i - 1 + t) / (len(self._k_ramp) - 1), 4)

    def stroke(self, rgb: tuple[float, ...]) -> tuple[float, float, float, float]:
        """Strokes (rules, lines) in black ink only, as light as the colour."""
        r, g, b = rgb
        return (0.0, 0.0, 0.0, self.black(0.2126 * r + 0.7152 * g + 0.0722 * b))

    # -- images ------------------------------------------------------------------------
    def image(self, rgb: Image.Image) -> Image.Image:
        """An RGB image in CMYK: perceptual for photographs, relative colorimetric for flat
        graphics (few colours), then within the ink limit."""
        flat = rgb.getcolors(FLAT_COLOURS) is not None
        cmyk = _transformed(rgb, self.flat if flat else self.photo)
        return _limit_image(cmyk, self.limit)


def _transformed(image: Image.Image, transform: ImageCms.ImageCmsTransform) -> Image.Image:
    """``image`` converted by ``transform`` (a new image: never in place)."""
    out = ImageCms.applyTransform(image, transform)
    if out is None:
        raise RuntimeError("ImageCms converted an image in place")
    return out


def _srgb_lightness(v: float) -> float:
    """CIE L* of an sRGB gray level (0..1)."""
    linear = v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4
    return 116 * linear ** (1 / 3) - 16 if linear > 216 / 24389 else linear * 24389 / 27


def _k_lightness(profile: ImageCms.ImageCmsProfile) -> list[float]:
    """L* (relative to the paper) of black ink alone at 0, 1, ..., 100 %."""
    ramp = Image.new("CMYK", (101, 1))
    ramp.putdata([(0, 0, 0, round(k * 2.55)) for k in range(101)])
    lab = ImageCms.ImageCmsProfile(ImageCms.createProfile("LAB"))
    to_lab = ImageCms.buildTransform(profile, lab, "CMYK", "LAB",
                                     renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC)
    values = [v * 100 / 255 for v in _transformed(ramp, to_lab).tobytes()[0::3]]
    # keep the ramp falling (an 8-bit lookup can repeat a value)
    for i in range(1, len(values)):
        values[i] = min(values[i], values[i - 1] - 1e-3)
    return values


def _limited(c: float, m: float, y: float, k: float, limit: float) -> tuple[float, float, float, float]:
    colour = c + m + y
    if colour + k > limit and colour > 0:
        scale = max(limit - k, 0.0) / colour
        c, m, y = c * scale, m * scale, y * scale
    return (round(c, 4), round(m, 4), round(y, 4), round(k, 4))


def _limit_image(cmyk: Image.Image, limit: float) -> Image.Image:
    import numpy as np  # print outputs' images only: numpy costs every build 0.08 s at start-up

    pixels = np.asarray(cmyk).reshape(-1, 4)
    budget = int(limit * 255)
    over = np.flatnonzero(pixels.sum(axis=1, dtype=np.uint16) > budget)
    if not len(over):
        return cmyk
    out = pixels.copy()
    colour = out[over, :3].astype(np.float32)
    room = np.clip(budget - out[over, 3].astype(np.float32), 0, None)
    scale = room / np.maximum(colour.sum(axis=1), 1e-6)
    out[over, :3] = np.floor(colour * scale[:, None]).astype(np.uint8)
    return Image.fromarray(out.reshape(cmyk.height, cmyk.width, 4), "CMYK")


@functools.cache
def converter(press: Press) -> Converter:
    return Converter(press)


# -- content streams ----------------------------------------------------------------------
_FILL_SPACES = {"cs": "sc", "CS": "SC"}


def _numbers(operands) -> tuple[float, ...]:
    return tuple(float(v) for v in operands)


def _k_operands(values: tuple[float, ...]) -> list[float | Name]:
    return [round(float(v), 4) for v in values]


def convert_content(instructions, conv: Converter) -> tuple[list, bool]:
    """The instructions with every RGB and gray colour operator in CMYK; and whether any changed."""
    out: list[pikepdf.ContentStreamInstruction | pikepdf.ContentStreamInlineImage] = []
    changed = False
    space = {"fill": "DeviceGray", "stroke": "DeviceGray"}
    for item in instructions:
        if isinstance(item, pikepdf.ContentStreamInlineImage):
            cs = str(item.iimage.obj.get("/ColorSpace", item.iimage.obj.get("/CS", "")))
            if cs in ("/DeviceRGB", "/RGB"):
                raise ValueError("an inline RGB image cannot be converted to CMYK")
            out.append(item)
            continue
        operands, op = item.operands, str(item.operator)
        new: tuple[list[float | Name], str] | None = None
        if op in ("rg", "RG"):
            rgb = _numbers(operands)
            cmyk = conv.cmyk(rgb) if op == "rg" else conv.stroke(rgb)
            new = (_k_operands(cmyk), "k" if op == "rg" else "K")
        elif op in ("g", "G"):
            (gray,) = _numbers(operands)
            new = (_k_operands((0, 0, 0, conv.black(gray))), "k" if op == "g" else "K")
        elif op in ("cs", "CS"):
            which = "fill" if op == "cs" else "stroke"
            space[which] = str(operands[0]).lstrip("/")
            if space[which] in ("DeviceRGB", "DeviceGray"):
                new = ([Name.DeviceCMYK], op)
        elif op in ("sc", "scn", "SC", "SCN"):
            which = "fill" if op in ("sc", "scn") else "stroke"
            values = _numbers(operands) if all(isinstance(v, (int, float, pikepdf.Object)) and
                                               not isinstance(v, Name) for v in operands) else ()
            if space[which] == "DeviceRGB" and len(values) == 3:
                cmyk = conv.cmyk(values) if which == "fill" else conv.stroke(values)
                new = (_k_operands(cmyk), op)
            elif space[which] == "DeviceGray" and len(values) == 1:
                new = (_k_operands((0, 0, 0, conv.black(values[0]))), op)
        if new is None:
            out.append(item)
        else:
            out.append(pikepdf.ContentStreamInstruction(new[0], Operator(new[1])))
            changed = True
    return out, changed


def _content_streams(pdf: pikepdf.Pdf):
    """Every content-bearing object: pages, form XObjects (nested), appearance streams."""
    seen: set[tuple[int, int]] = set()

    def forms(resources):
        for xobject in (resources or {}).get("/XObject", {}).values():
            key = xobject.objgen
            if xobject.get("/Subtype") == Name.Form and key not in seen:
                seen.add(key)
                yield xobject
                yield from forms(xobject.get("/Resources"))

    for page in pdf.pages:
        yield page
        yield from forms(page.obj.get("/Resources"))
        for annot in page.obj.get("/Annots", None) or []:
            for appearance in (annot.get("/AP") or {}).values():
                streams = ([appearance] if isinstance(appearance, pikepdf.Stream)
                           else list(appearance.values()))
                for stream in streams:
                    if stream.objgen not in seen:
                        seen.add(stream.objgen)
                        yield stream
                        yield from forms(stream.get("/Resources"))


def _images(pdf: pikepdf.Pdf):
    seen: set[tuple[int, int]] = set()
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == Name.Image \
                and obj.objgen not in seen:
            seen.add(obj.objgen)
            yield obj


_converted: dict[tuple[bytes, int], bytes] = {}


def convert_image(xobject: pikepdf.Stream, conv: Converter) -> None:
    space = xobject.get("/ColorSpace")
    if space is None or space == Name.DeviceGray or space == Name.DeviceCMYK:
        return
    if space != Name.DeviceRGB:
        raise ValueError(f"an image in {space} cannot be converted to CMYK")
    key = (hashlib.sha256(xobject.read_raw_bytes()).digest(), id(conv))
    data = _converted.get(key)
    if data is None:  # the same image in another output of this process: converted once
        rgb = pikepdf.PdfImage(xobject).as_pil_image().convert("RGB")
        data = _converted[key] = zlib.compress(conv.image(rgb).tobytes(), 6)
    xobject.write(data, filter=Name.FlateDecode)
    xobject.ColorSpace = Name.DeviceCMYK
    xobject.BitsPerComponent = 8
    for name in ("/DecodeParms", "/Decode"):
        if name in xobject:
            del xobject[name]


def convert_to_cmyk(pdf: pikepdf.Pdf, press: Press) -> None:
    """Every colour of ``pdf`` in the press's CMYK (in place)."""
    conv = converter(press)
    for image in list(_images(pdf)):
        convert_image(image, conv)
    for holder in _content_streams(pdf):
        instructions = pikepdf.parse_content_stream(holder)
        converted, changed = convert_content(instructions, conv)
        if not changed:
            continue
        data = pikepdf.unparse_content_stream(converted)
        if isinstance(holder, pikepdf.Page):
            holder.obj.Contents = pdf.make_stream(data)
        else:
            holder.write(data)
