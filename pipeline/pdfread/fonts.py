"""Turning the bytes of a PDF text-showing operator into Unicode text and glyph widths.

Decoding as a reader extracts text: the font's /ToUnicode CMap first, then the
simple-font encoding (base encoding plus /Differences glyph names, read by
pipeline.pdfread.glyphnames), and for composite fonts the code lengths from the
encoding CMap's codespace ranges (pipeline.pdfread.cmap).
Codes that cannot be mapped become U+FFFD, so a reviewer sees that something is
there that a screen reader cannot read.
"""
from __future__ import annotations

import contextlib
import unicodedata
from dataclasses import dataclass

import pikepdf

from .cmap import CMapInfo, parse_cmap
from .glyphnames import encoding_table, glyph_unicode

REPLACEMENT = "\ufffd"


@dataclass(frozen=True)
class Glyph:
    """One shown character code: its text, its advance (in text space units per
    unit font size) and whether it is the single-byte code 32 (word spacing applies)."""

    text: str
    width: float
    is_space: bool


def _utf16_text(text: str) -> str:
    """A CMap's Unicode value without lone surrogates (a broken pair becomes U+FFFD)."""
    if any("\ud800" <= c <= "\udfff" for c in text):
        return text.encode("utf-16-be", "surrogatepass").decode("utf-16-be", "replace")
    return text


def _encoding_texts(name: str | None) -> list[str | None]:
    """Text per code of a simple font's base encoding (StandardEncoding when it names
    none it knows: a font's built-in encoding is most often that)."""
    names = encoding_table(name.lstrip("/") if name else "") or encoding_table("StandardEncoding") or ()
    table: list[str | None] = [None] * 256
    for code, glyph in enumerate(names[:256]):
        table[code] = _glyph_text(glyph)
    for code, meaning in _DUPLICATE_CODES.get(name or "", {}).items():
        table[code] = meaning
    return table


# ISO 32000-1, Annex D.2, notes 5 and 6: codes that repeat 'space' and 'hyphen' mean
# the non-breaking space and the soft hyphen.
_DUPLICATE_CODES: dict[str, dict[int, str]] = {
    "/WinAnsiEncoding": {0xA0: "\u00a0", 0xAD: "\u00ad"},
    "/MacRomanEncoding": {0xCA: "\u00a0"},
}


def _glyph_text(glyph: str | None) -> str | None:
    text = glyph_unicode(glyph) if glyph else None
    if text is not None and len(text) == 1 and unicodedata.category(text) == "Cc":
        return None
    return text


def _num(obj: object, default: float = 0.0) -> float:
    try:
        return float(obj)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return default


class FontDecoder:
    """Decodes strings shown with one font dictionary."""

    def __init__(self, font: pikepdf.Object | None) -> None:
        self.font = font
        self.composite = False
        self.to_unicode: CMapInfo | None = None
        self.encoding_cmap: CMapInfo | None = None
        self._glyphs: dict[bytes, Glyph] = {}  # decoded codes, by their bytes
        self.simple_table: list[str | None] = [None] * 256
        self.widths: dict[int, float] = {}
        self.default_width = 500.0
        self.scale = 0.001  # glyph space -> text space
        self.ascent = 0.8
        self.descent = -0.2
        if not isinstance(font, pikepdf.Dictionary):
            return
        with contextlib.suppress(pikepdf.PdfError, ValueError, TypeError, KeyError, AttributeError):
            self._load(font)

    def _load(self, font: pikepdf.Dictionary) -> None:
        subtype = str(font.get("/Subtype", ""))
        tu = font.get("/ToUnicode")
        if isinstance(tu, pikepdf.Stream):
            try:
                self.to_unicode = parse_cmap(tu.read_bytes())
            except pikepdf.PdfError:
                self.to_unicode = None
        if subtype == "/Type3":
            fm = font.get("/FontMatrix")
            if isinstance(fm, pikepdf.Array) and len(fm) >= 1:
                self.scale = _num(fm[0], 0.001)
        if subtype == "/Type0":
            self.composite = True
            enc = font.get("/Encoding")
            if isinstance(enc, pikepdf.Stream):
                with contextlib.suppress(pikepdf.PdfError):
                    self.encoding_cmap = parse_cmap(enc.read_bytes())
            desc = font.get("/DescendantFonts")
            cid = desc[0] if isinstance(desc, pikepdf.Array) and len(desc) else None
            if isinstance(cid, pikepdf.Dictionary):
                self.default_width = _num(cid.get("/DW"), 1000.0)
                self._load_cid_widths(cid.get("/W"))
                self._load_descriptor(cid.get("/FontDescriptor"))
            return
        self._load_descriptor(font.get("/FontDescriptor"))
        first = int(_num(font.get("/FirstChar"), 0))
        widths = font.get("/Widths")
        if isinstance(widths, pikepdf.Array):
            for i, w in enumerate(widths):
                self.widths[first + i] = _num(w)
        enc = font.get("/Encoding")
        base: str | None = None
        diffs = None
        if isinstance(enc, pikepdf.Name):
            base = str(enc)
        elif isinstance(enc, pikepdf.Dictionary):
            base = str(enc.get("/BaseEncoding")) if "/BaseEncoding" in enc else None
            diffs = enc.get("/Differences")
        if base is None and subtype == "/TrueType" and enc is None:
            base = "/WinAnsiEncoding"  # the common case for non-symbolic TrueType
        self.simple_table = _encoding_texts(base)
        if isinstance(diffs, pikepdf.Array):
            code = 0
            for item in diffs:
                if isinstance(item, pikepdf.Name):
                    if 0 <= code < 256:
                        self.simple_table[code] = _glyph_text(str(item)[1:])
                    code += 1
                else:
                    code = int(_num(item))

    def _load_descriptor(self, fd: object) -> None:
        if isinstance(fd, pikepdf.Dictionary):
            if "/MissingWidth" in fd and not self.composite:
                self.default_width = _num(fd.get("/MissingWidth"), 500.0)
            asc, desc = _num(fd.get("/Ascent"), 0), _num(fd.get("/Descent"), 0)
            if asc > 0:
                self.ascent = min(asc / 1000.0, 1.5)
            if desc < 0:
                self.descent = max(desc / 1000.0, -1.0)

    def _load_cid_widths(self, w: object) -> None:
        if not isinstance(w, pikepdf.Array):
            return
        items = list(w)
        i = 0
        while i < len(items):
            first = int(_num(items[i]))
            nxt = items[i + 1] if i + 1 < len(items) else None
            if isinstance(nxt, pikepdf.Array):
                for k, each in enumerate(nxt):
                    self.widths[first + k] = _num(each)
                i += 2
            elif i + 2 < len(items):
                last, width = int(_num(nxt)), _num(items[i + 2])
                for cid in range(first, min(last, first + 65535) + 1):
                    self.widths[cid] = width
                i += 3
            else:
                break

    def _codes(self, data: bytes) -> list[bytes]:
        if not self.composite:
            return [bytes([b]) for b in data]
        if self.encoding_cmap is not None:
            return [data[i:i + n] for i, n in _offsets(self.encoding_cmap.split_codes(data))]
        if self.to_unicode is not None and self.to_unicode.codespace and all(
            n == 1 for n, _, _ in self.to_unicode.codespace
        ):
            return [bytes([b]) for b in data]
        return [data[i : i + 2] for i in range(0, len(data), 2)]  # Identity-H/V and most predefined CMaps

    def decode(self, data: bytes) -> list[Glyph]:
        glyphs: list[Glyph] = []
        known = self._glyphs
        for code in self._codes(data):
            glyph = known.get(code)
            if glyph is None:
                glyph = known[code] = self._glyph(code)
            glyphs.append(glyph)
        return glyphs

    def _glyph(self, code: bytes) -> Glyph:
        num = int.from_bytes(code, "big")
        text: str | None = None
        if self.to_unicode is not None:
            text = self.to_unicode.unicode(len(code), num)
            if text is not None:
                text = _utf16_text(text)
        if text is None and not self.composite:
            text = self.simple_table[num] if num < 256 else None
        if text is None:
            text = REPLACEMENT
        text = text.replace("\x00", "")
        if self.composite:
            cid = self.encoding_cmap.cid(len(code), num) if self.encoding_cmap else None
            width = self.widths.get(num if cid is None else cid, self.default_width)
        else:
            width = self.widths.get(num, self.default_width)
        return Glyph(text, width * self.scale, len(code) == 1 and num == 32)


def _offsets(codes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """(offset, length) of each (length, code) that CMapInfo.split_codes found."""
    out: list[tuple[int, int]] = []
    pos = 0
    for n, _code in codes:
        out.append((pos, n))
        pos += n
    return out
