"""Turning the bytes of a PDF text-showing operator into Unicode text and glyph widths.

Good-enough decoding for review purposes: the font's /ToUnicode CMap first, then
the simple-font encoding (base encoding plus /Differences glyph names), and for
composite fonts the code lengths from the encoding CMap's codespace ranges.
Codes that cannot be mapped become U+FFFD, so a reviewer sees that something is
there that a screen reader cannot read.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import pikepdf

REPLACEMENT = "\ufffd"

_HEX_TOKEN = re.compile(rb"<([0-9A-Fa-f\s]*)>|\[|\]|(-?\d+)")


@dataclass(frozen=True)
class Glyph:
    """One shown character code: its text, its advance (in text space units per
    unit font size) and whether it is the single-byte code 32 (word spacing applies)."""

    text: str
    width: float
    is_space: bool


def _hex_bytes(token: bytes) -> bytes:
    digits = re.sub(rb"\s", b"", token)
    if len(digits) % 2:
        digits += b"0"
    return bytes.fromhex(digits.decode("ascii"))


def _utf16(data: bytes) -> str:
    if len(data) % 2:
        return data.decode("latin-1")
    return data.decode("utf-16-be", errors="replace")


def _sections(text: bytes, name: bytes) -> list[bytes]:
    return re.findall(rb"begin" + name + rb"(.*?)end" + name, text, flags=re.S)


@dataclass
class CMap:
    """The parts of a CMap (ToUnicode or encoding) this module needs."""

    unicode: dict[bytes, str]
    cids: dict[bytes, int]
    code_lengths: list[tuple[int, bytes, bytes]]  # (length, low, high)

    @classmethod
    def parse(cls, data: bytes) -> CMap:
        unicode: dict[bytes, str] = {}
        cids: dict[bytes, int] = {}
        lengths: list[tuple[int, bytes, bytes]] = []
        for sec in _sections(data, b"codespacerange"):
            toks = [_hex_bytes(m.group(1)) for m in _HEX_TOKEN.finditer(sec) if m.group(1) is not None]
            for lo, hi in zip(toks[::2], toks[1::2]):
                lengths.append((len(lo), lo, hi))
        for sec in _sections(data, b"bfchar"):
            toks = [_hex_bytes(m.group(1)) for m in _HEX_TOKEN.finditer(sec) if m.group(1) is not None]
            for src, dst in zip(toks[::2], toks[1::2]):
                unicode[src] = _utf16(dst)
        for sec in _sections(data, b"bfrange"):
            toks = list(_HEX_TOKEN.finditer(sec))
            i = 0
            while i + 2 < len(toks):
                lo_t, hi_t = toks[i].group(1), toks[i + 1].group(1)
                if lo_t is None or hi_t is None:
                    i += 1
                    continue
                lo, hi = _hex_bytes(lo_t), _hex_bytes(hi_t)
                n = len(lo)
                start, end = int.from_bytes(lo, "big"), int.from_bytes(hi, "big")
                if end - start > 65535:
                    end = start + 65535
                third = toks[i + 2]
                if third.group(0) == b"[":
                    j = i + 3
                    k = 0
                    while j < len(toks) and toks[j].group(0) != b"]":
                        if toks[j].group(1) is not None:
                            unicode[(start + k).to_bytes(n, "big")] = _utf16(_hex_bytes(toks[j].group(1)))
                            k += 1
                        j += 1
                    i = j + 1
                    continue
                if third.group(1) is not None:
                    dst = _hex_bytes(third.group(1))
                    base = int.from_bytes(dst, "big") if dst else 0
                    for k in range(end - start + 1):
                        unicode[(start + k).to_bytes(n, "big")] = _utf16((base + k).to_bytes(max(len(dst), 2), "big"))
                i += 3
        for name in (b"cidchar",):
            for sec in _sections(data, name):
                toks = list(_HEX_TOKEN.finditer(sec))
                for a, b in zip(toks[::2], toks[1::2]):
                    if a.group(1) is not None and b.group(2) is not None:
                        cids[_hex_bytes(a.group(1))] = int(b.group(2))
        for sec in _sections(data, b"cidrange"):
            toks = list(_HEX_TOKEN.finditer(sec))
            for a, b, c in zip(toks[::3], toks[1::3], toks[2::3]):
                if a.group(1) is None or b.group(1) is None or c.group(2) is None:
                    continue
                lo, hi = _hex_bytes(a.group(1)), _hex_bytes(b.group(1))
                start, end = int.from_bytes(lo, "big"), int.from_bytes(hi, "big")
                for k in range(min(end - start, 65535) + 1):
                    cids[(start + k).to_bytes(len(lo), "big")] = int(c.group(2)) + k
        return cls(unicode, cids, lengths)

    def split(self, data: bytes) -> list[bytes]:
        """Cut a string into character codes according to the codespace ranges."""
        if not self.code_lengths:
            return [data[i : i + 2] for i in range(0, len(data), 2)]
        codes: list[bytes] = []
        i = 0
        while i < len(data):
            for n, lo, hi in sorted(self.code_lengths):
                code = data[i : i + n]
                if len(code) == n and all(l <= c <= h for c, l, h in zip(code, lo, hi)):
                    break
            else:
                n = min(ln for ln, _, _ in self.code_lengths)
                code = data[i : i + n]
            codes.append(code)
            i += max(n, 1)
        return codes


# --- simple-font encodings -------------------------------------------------

_NAMED = {
    "space": " ", "exclam": "!", "quotedbl": '"', "numbersign": "#", "dollar": "$",
    "percent": "%", "ampersand": "&", "quotesingle": "'", "parenleft": "(",
    "parenright": ")", "asterisk": "*", "plus": "+", "comma": ",", "hyphen": "-",
    "period": ".", "slash": "/", "zero": "0", "one": "1", "two": "2", "three": "3",
    "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9",
    "colon": ":", "semicolon": ";", "less": "<", "equal": "=", "greater": ">",
    "question": "?", "at": "@", "bracketleft": "[", "backslash": "\\",
    "bracketright": "]", "asciicircum": "^", "underscore": "_", "grave": "`",
    "braceleft": "{", "bar": "|", "braceright": "}", "asciitilde": "~",
    "quoteleft": "\u2018", "quoteright": "\u2019", "quotedblleft": "\u201c",
    "quotedblright": "\u201d", "quotesinglbase": "\u201a", "quotedblbase": "\u201e",
    "endash": "\u2013", "emdash": "\u2014", "bullet": "\u2022", "ellipsis": "\u2026",
    "fi": "fi", "fl": "fl", "ff": "ff", "ffi": "ffi", "ffl": "ffl",
    "germandbls": "\u00df", "softhyphen": "\u00ad", "sfthyphen": "\u00ad",
    "nbspace": "\u00a0", "nonbreakingspace": "\u00a0", "copyright": "\u00a9",
    "registered": "\u00ae", "trademark": "\u2122", "degree": "\u00b0",
    "section": "\u00a7", "paragraph": "\u00b6", "periodcentered": "\u00b7",
    "guillemotleft": "\u00ab", "guillemotright": "\u00bb", "guilsinglleft": "\u2039",
    "guilsinglright": "\u203a", "dagger": "\u2020", "daggerdbl": "\u2021",
    "minus": "\u2212", "multiply": "\u00d7", "divide": "\u00f7", "Euro": "\u20ac",
    "sterling": "\u00a3", "yen": "\u00a5", "cent": "\u00a2", "currency": "\u00a4",
    "exclamdown": "\u00a1", "questiondown": "\u00bf", "florin": "\u0192",
    "perthousand": "\u2030", "AE": "\u00c6", "ae": "\u00e6", "OE": "\u0152",
    "oe": "\u0153", "oslash": "\u00f8", "Oslash": "\u00d8", "dotlessi": "\u0131",
    "lslash": "\u0142", "Lslash": "\u0141", "eth": "\u00f0", "Eth": "\u00d0",
    "thorn": "\u00fe", "Thorn": "\u00de", "mu": "\u00b5", "plusminus": "\u00b1",
    "onehalf": "\u00bd", "onequarter": "\u00bc", "threequarters": "\u00be",
    "ordfeminine": "\u00aa", "ordmasculine": "\u00ba", "logicalnot": "\u00ac",
    "brokenbar": "\u00a6", "dieresis": "\u00a8", "macron": "\u00af",
    "acute": "\u00b4", "cedilla": "\u00b8", "circumflex": "\u02c6", "tilde": "\u02dc",
    "fraction": "\u2044", "onesuperior": "\u00b9", "twosuperior": "\u00b2",
    "threesuperior": "\u00b3",
}
_ACCENTS = {
    "acute": "ACUTE", "grave": "GRAVE", "circumflex": "CIRCUMFLEX", "dieresis": "DIAERESIS",
    "tilde": "TILDE", "ring": "RING ABOVE", "cedilla": "CEDILLA", "caron": "CARON",
    "macron": "MACRON", "breve": "BREVE", "ogonek": "OGONEK", "dotaccent": "DOT ABOVE",
    "hungarumlaut": "DOUBLE ACUTE", "slash": "STROKE", "commaaccent": "COMMA BELOW",
}


def glyph_name_to_text(name: str) -> str | None:
    """Unicode for a glyph name, following the naming conventions of the Adobe
    Glyph List for New Fonts (a small table, uniXXXX, uXXXX, accented letters)."""
    base = name.split(".", 1)[0]
    if "_" in base:
        parts = [glyph_name_to_text(p) for p in base.split("_")]
        return "".join(parts) if all(parts) else None  # type: ignore[arg-type]
    if base in _NAMED:
        return _NAMED[base]
    if len(base) == 1 and base.isalpha():
        return base
    m = re.fullmatch(r"uni((?:[0-9A-F]{4})+)", base)
    if m:
        hexes = m.group(1)
        try:
            return "".join(chr(int(hexes[i : i + 4], 16)) for i in range(0, len(hexes), 4))
        except ValueError:
            return None
    m = re.fullmatch(r"u([0-9A-F]{4,6})", base)
    if m:
        try:
            return chr(int(m.group(1), 16))
        except ValueError:
            return None
    m = re.fullmatch(r"([A-Za-z])(" + "|".join(_ACCENTS) + ")", base)
    if m:
        case = "SMALL" if m.group(1).islower() else "CAPITAL"
        try:
            return unicodedata.lookup(f"LATIN {case} LETTER {m.group(1).upper()} WITH {_ACCENTS[m.group(2)]}")
        except KeyError:
            return None
    return None


_STANDARD_FIXES = {0x27: "\u2019", 0x60: "\u2018"}


def _base_encoding(name: str | None) -> list[str | None]:
    table: list[str | None] = [None] * 256
    for code in range(256):
        try:
            if name == "/MacRomanEncoding":
                ch = bytes([code]).decode("mac_roman")
            elif name == "/WinAnsiEncoding":
                ch = bytes([code]).decode("cp1252")
            else:  # StandardEncoding / font built-in: ASCII is a fair guess
                ch = chr(code) if 32 <= code < 127 else None
                if ch is not None and name != "/WinAnsiEncoding":
                    ch = _STANDARD_FIXES.get(code, ch)
        except UnicodeDecodeError:
            ch = None
        if ch is not None and (unicodedata.category(ch) == "Cc"):
            ch = None
        table[code] = ch
    return table


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
        self.to_unicode: CMap | None = None
        self.encoding_cmap: CMap | None = None
        self.simple_table: list[str | None] = [None] * 256
        self.widths: dict[int, float] = {}
        self.default_width = 500.0
        self.scale = 0.001  # glyph space -> text space
        self.ascent = 0.8
        self.descent = -0.2
        if not isinstance(font, pikepdf.Dictionary):
            return
        try:
            self._load(font)
        except (pikepdf.PdfError, ValueError, TypeError, KeyError, AttributeError):
            pass

    def _load(self, font: pikepdf.Dictionary) -> None:
        subtype = str(font.get("/Subtype", ""))
        tu = font.get("/ToUnicode")
        if isinstance(tu, pikepdf.Stream):
            try:
                self.to_unicode = CMap.parse(tu.read_bytes())
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
                try:
                    self.encoding_cmap = CMap.parse(enc.read_bytes())
                except pikepdf.PdfError:
                    pass
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
        self.simple_table = _base_encoding(base)
        if isinstance(diffs, pikepdf.Array):
            code = 0
            for item in diffs:
                if isinstance(item, pikepdf.Name):
                    if 0 <= code < 256:
                        self.simple_table[code] = glyph_name_to_text(str(item)[1:])
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
                for k, width in enumerate(nxt):
                    self.widths[first + k] = _num(width)
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
            return self.encoding_cmap.split(data)
        if self.to_unicode is not None and self.to_unicode.code_lengths and all(
            n == 1 for n, _, _ in self.to_unicode.code_lengths
        ):
            return [bytes([b]) for b in data]
        return [data[i : i + 2] for i in range(0, len(data), 2)]  # Identity-H/V and most predefined CMaps

    def decode(self, data: bytes) -> list[Glyph]:
        glyphs: list[Glyph] = []
        for code in self._codes(data):
            num = int.from_bytes(code, "big")
            text: str | None = None
            if self.to_unicode is not None:
                text = self.to_unicode.unicode.get(code)
                if text is None and len(code) == 1:
                    text = self.to_unicode.unicode.get(b"\x00" + code)
            if text is None and not self.composite:
                text = self.simple_table[num] if num < 256 else None
            if text is None:
                text = REPLACEMENT
            text = text.replace("\x00", "")
            if self.composite:
                cid = self.encoding_cmap.cids.get(code, num) if self.encoding_cmap else num
                width = self.widths.get(cid, self.default_width)
            else:
                width = self.widths.get(num, self.default_width)
            glyphs.append(Glyph(text, width * self.scale, len(code) == 1 and num == 32))
        return glyphs
