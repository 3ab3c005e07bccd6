"""One font as the glyph-level rules see it: codes -> Unicode, glyph, widths.

FontModel wraps a font dictionary (simple or Type0) and answers, per character
code: its Unicode text (7.21.7), the glyph it selects (7.21.8 .notdef, 7.21.4.1
missing glyphs) and its width in the dictionary and in the font program (7.21.5).
Font programs are read by font_programs (fontTools), lazily, and cached per pdf and
stream object, so each is read at most once per document.
"""
from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import TypeGuard

import pikepdf

from ..pdfread.cmap import CJK_ORDERINGS, PREDEFINED_CMAPS, CMapInfo, parse_cmap
from ..pdfread.glyphnames import encoding_table, glyph_unicode
from .font_programs import (
    CFFProgram,
    FontProgramError,
    ProgramKind,
    TrueTypeProgram,
    Type1Program,
    read_program,
)

FontProgram = TrueTypeProgram | CFFProgram | Type1Program

SUBSET_PREFIX = re.compile(r"^[A-Z]{6}\+")
SYMBOLIC = 4
# Each glyph outcome of FontModel.glyph()
OK, NOTDEF, MISSING, UNKNOWN = "ok", "notdef", "missing", "unknown"
_CACHE_ATTR = "_pipeline_checker_font_cache"


def pdf_cache(pdf: pikepdf.Pdf) -> dict:
    """A per-document cache shared by check_fonts and FontUsage (parsed programs, CMaps)."""
    cache = getattr(pdf, _CACHE_ATTR, None)
    if cache is None:
        cache = {}
        with contextlib.suppress(AttributeError):  # then each caller parses on its own
            setattr(pdf, _CACHE_ATTR, cache)
    return cache


def name_of(obj) -> str | None:
    """A PDF name as a str without the slash, or None."""
    if isinstance(obj, pikepdf.Name):
        return str(obj)[1:]
    return None


def _key(obj) -> tuple:
    return ("obj", obj.objgen) if obj.objgen != (0, 0) else ("id", id(obj))


def font_file(descriptor) -> tuple[str, pikepdf.Stream] | None:
    """(key, stream) of the embedded font program of a font descriptor, if any."""
    if not isinstance(descriptor, pikepdf.Dictionary):
        return None
    for key in ("/FontFile2", "/FontFile3", "/FontFile"):
        stream = descriptor.get(key)
        if isinstance(stream, pikepdf.Stream):
            return key, stream
    return None


def program_kind(key: str, stream: pikepdf.Stream) -> ProgramKind:
    """What a font file holds (ISO 32000-1, Table 126): FontFile2 and FontFile3 /OpenType an
    sfnt, other FontFile3 a bare CFF, FontFile a Type 1 program."""
    if key == "/FontFile2" or (key == "/FontFile3" and name_of(stream.get("/Subtype")) == "OpenType"):
        return "sfnt"
    return "cff" if key == "/FontFile3" else "type1"


def load_program(pdf: pikepdf.Pdf, descriptor) -> FontProgram | None:
    """The embedded program of a font descriptor, or None if absent or unreadable."""
    found = font_file(descriptor)
    if found is None:
        return None
    key, stream = found
    cache = pdf_cache(pdf).setdefault("programs", {})
    ck = _key(stream)
    if ck in cache:
        return cache[ck]
    program: FontProgram | None
    try:
        program = read_program(stream.read_bytes(), program_kind(key, stream))
    except (FontProgramError, pikepdf.PdfError):
        program = None
    cache[ck] = program
    return program


def number(obj, default=None):
    """A PDF number (pikepdf gives int or Decimal) as float, or default for anything else."""
    if isinstance(obj, (int, float, Decimal)) and not isinstance(obj, bool):
        return float(obj)
    return default


@dataclass
class CIDWidths:
    """A CIDFont's widths: W's single widths and ranges, DW for the other CIDs."""

    singles: dict[int, float] = field(default_factory=dict)
    ranges: list[tuple[int, int, float]] = field(default_factory=list)
    default: float | None = 1000.0

    def width(self, cid: int) -> float | None:
        if cid in self.singles:
            return self.singles[cid]
        for lo, hi, width in self.ranges:
            if lo <= cid <= hi:
                return width
        return self.default


def is_name_keyed(program: FontProgram | None) -> TypeGuard[Type1Program | CFFProgram]:
    """A Type 1 or name-keyed CFF program: glyphs are selected by name."""
    return isinstance(program, Type1Program) or (isinstance(program, CFFProgram) and not program.is_cid)


def load_cmap(pdf: pikepdf.Pdf, stream) -> CMapInfo:
    cache = pdf_cache(pdf).setdefault("cmaps", {})
    ck = _key(stream)
    if ck not in cache:
        try:
            cache[ck] = parse_cmap(stream.read_bytes())
        except (pikepdf.PdfError, ValueError):
            cache[ck] = CMapInfo()
    return cache[ck]


class FontModel:
    def __init__(self, pdf: pikepdf.Pdf, font: pikepdf.Dictionary) -> None:
        self.pdf = pdf
        self.font = font
        self.subtype = name_of(font.get("/Subtype"))
        self.is_type0 = self.subtype == "Type0"
        self.cidfont: pikepdf.Dictionary | None = None
        if self.is_type0:
            desc = font.get("/DescendantFonts")
            if isinstance(desc, pikepdf.Array) and len(desc) and isinstance(desc[0], pikepdf.Dictionary):
                self.cidfont = desc[0]
        main = self.cidfont if self.is_type0 else font
        descriptor = main.get("/FontDescriptor") if main is not None else None
        self.descriptor = descriptor if isinstance(descriptor, pikepdf.Dictionary) else None
        flags = number(self.descriptor.get("/Flags"), 0) if self.descriptor is not None else 0
        self.symbolic = bool(int(flags) & SYMBOLIC)
        self._names: dict[int, str] | None = None

    # -- pieces (each read on first use) ------------------------------------------
    @cached_property
    def program(self) -> FontProgram | None:
        return load_program(self.pdf, self.descriptor) if self.descriptor is not None else None

    @cached_property
    def tounicode(self) -> CMapInfo | None:
        tu = self.font.get("/ToUnicode")
        return load_cmap(self.pdf, tu) if isinstance(tu, pikepdf.Stream) else None

    @cached_property
    def encoding_cmap(self) -> CMapInfo | None:
        """Type0 only: the embedded encoding CMap, or None for a predefined one."""
        enc = self.font.get("/Encoding")
        return load_cmap(self.pdf, enc) if isinstance(enc, pikepdf.Stream) else None

    @cached_property
    def _cid_to_gid(self) -> bytes | None:
        m = self.cidfont.get("/CIDToGIDMap") if self.cidfont is not None else None
        return m.read_bytes() if isinstance(m, pikepdf.Stream) else None

    @property
    def encoding_name(self) -> str | None:
        return name_of(self.font.get("/Encoding"))

    # -- code splitting ------------------------------------------------------------
    def split(self, data: bytes) -> list[tuple[int, int]]:
        if not self.is_type0:
            return [(1, b) for b in data]
        cmap = self.encoding_cmap
        if cmap is not None:
            if not cmap.codespace and cmap.usecmap in ("Identity-H", "Identity-V"):
                return [(2, int.from_bytes(data[i:i + 2], "big")) for i in range(0, len(data) - 1, 2)]
            return cmap.split_codes(data)
        name = self.encoding_name or ""
        if name.startswith("Identity") or "UCS2" in name or "UTF16" in name:
            return [(2, int.from_bytes(data[i:i + 2], "big")) for i in range(0, len(data) - 1, 2)]
        return []  # other predefined CMaps: code lengths unknown here, codes not checked

    # -- Unicode (7.21.7) -----------------------------------------------------------
    def unicode(self, nbytes: int, code: int) -> tuple[bool, str | None]:
        """(mapped, text): mapped is True if the code has a Unicode mapping; text is the
        ToUnicode value if one was used (to check for invalid values), else None."""
        tu = self.tounicode
        if tu is not None:
            text = tu.unicode(nbytes, code)
            if text is not None:
                return True, text
        if self.is_type0:
            return self._cjk_collection(), None
        if self.subtype == "Type3" and tu is None:
            name = self.glyph_names().get(code)
            return glyph_unicode(name) is not None if name else False, None
        name = self.glyph_names().get(code)
        return (name is not None and glyph_unicode(name) is not None), None

    def _cjk_collection(self) -> bool:
        if self.cidfont is None:
            return False
        csi = self.cidfont.get("/CIDSystemInfo")
        if not isinstance(csi, pikepdf.Dictionary):
            return False
        registry, ordering = str(csi.get("/Registry", "")), str(csi.get("/Ordering", ""))
        name = self.encoding_name
        if name is None:
            cmap = self.encoding_cmap
            name = cmap.name if cmap is not None else None
        return registry == "Adobe" and ordering in CJK_ORDERINGS and (name in PREDEFINED_CMAPS)

    # -- simple fonts: code -> glyph name ------------------------------------------
    def glyph_names(self) -> dict[int, str]:
        """code -> glyph name from the Encoding entry (base encoding + Differences),
        falling back to the font program's built-in encoding or StandardEncoding."""
        if self._names is not None:
            return self._names
        enc = self.font.get("/Encoding")
        base_name = name_of(enc)
        diffs = None
        if isinstance(enc, pikepdf.Dictionary) and not isinstance(enc, pikepdf.Stream):
            base_name = name_of(enc.get("/BaseEncoding"))
            diffs = enc.get("/Differences")
        table = encoding_table(base_name) if base_name else None
        names: dict[int, str] = {}
        if table is not None:
            names = {c: n for c, n in enumerate(table) if n}
        elif self.subtype in ("Type1", "MMType1"):
            prog = self.program
            if is_name_keyed(prog):
                try:
                    builtin = prog.builtin_encoding()
                except FontProgramError:  # unreadable: as if the program had no encoding of its own
                    builtin = {}
                names = builtin if builtin is not None else {
                    c: n for c, n in enumerate(encoding_table("StandardEncoding") or ()) if n}
            if not names:
                base = name_of(self.font.get("/BaseFont")) or ""
                base = SUBSET_PREFIX.sub("", base)
                std = {"Symbol": "SymbolEncoding", "ZapfDingbats": "ZapfDingbatsEncoding"}.get(base)
                if std or not self.symbolic or not is_name_keyed(prog):
                    table = encoding_table(std or "StandardEncoding")
                    names = {c: n for c, n in enumerate(table or ()) if n}
        elif self.subtype == "TrueType" and not self.symbolic:
            names = {c: n for c, n in enumerate(encoding_table("StandardEncoding") or ()) if n}
        if isinstance(diffs, pikepdf.Array):
            code = None
            for item in diffs:
                if isinstance(item, pikepdf.Name):
                    if code is not None and 0 <= code < 256:
                        names[code] = str(item)[1:]
                        code += 1
                else:
                    try:
                        code = int(item)
                    except (TypeError, ValueError):
                        code = None
        self._names = names
        return names

    # -- glyph selection (7.21.8, 7.21.4.1) ---------------------------------------------
    def cid(self, nbytes: int, code: int) -> int | None:
        cmap = self.encoding_cmap
        if cmap is not None:
            if cmap.cid_single or cmap.cid_ranges:
                return cmap.cid(nbytes, code) or 0
            if cmap.usecmap in ("Identity-H", "Identity-V"):
                return code
            return None
        name = self.encoding_name or ""
        return code if name in ("Identity-H", "Identity-V") else None

    def gid_for_cid(self, cid: int) -> int:
        """The glyph of a CID in a Type 2 CIDFont (CIDToGIDMap; Identity without a stream)."""
        data = self._cid_to_gid
        if data is None:
            return cid
        if 2 * cid + 2 > len(data):
            return 0
        return int.from_bytes(data[2 * cid:2 * cid + 2], "big")

    def glyph(self, nbytes: int, code: int) -> tuple[str, int | None]:
        """(outcome, glyph id or None): OK, NOTDEF, MISSING or UNKNOWN."""
        prog = self.program
        if self.is_type0:
            cid = self.cid(nbytes, code)
            if cid is None:
                return UNKNOWN, None
            if cid == 0:
                return NOTDEF, 0
            if isinstance(prog, CFFProgram):  # bare or inside OpenType: CIDs through the charset
                gid = prog.gid_for_cid(cid)
                return (MISSING, None) if gid is None else (OK, gid)
            if isinstance(prog, TrueTypeProgram):
                gid = self.gid_for_cid(cid) if self._is_type2() else cid
                n = prog.num_glyphs
                if gid == 0:
                    return NOTDEF, 0
                if n is not None and gid >= n:
                    return MISSING, None
                return OK, gid
            return UNKNOWN, None
        if self.subtype == "Type3":
            name = self.glyph_names().get(code)
            if name == ".notdef":
                return NOTDEF, None
            procs = self.font.get("/CharProcs")
            if name is None or (isinstance(procs, pikepdf.Dictionary) and "/" + name not in procs):
                return MISSING, None
            return OK, None
        if isinstance(prog, TrueTypeProgram):
            gid = self._truetype_gid(prog, code)
            if gid is None:
                return UNKNOWN, None
            if gid == 0:
                return NOTDEF, 0
            n = prog.num_glyphs
            return (MISSING, None) if n is not None and gid >= n else (OK, gid)
        if is_name_keyed(prog):
            name = self.glyph_names().get(code)
            if name is None or name == ".notdef":
                return NOTDEF, 0
            gid = prog.gid_for_name(name)
            return (MISSING, None) if gid is None else (OK, gid)
        name = self.glyph_names().get(code) if self.font.get("/Encoding") is not None else None
        if name == ".notdef":
            return NOTDEF, None
        return UNKNOWN, None

    def _is_type2(self) -> bool:
        return self.cidfont is not None and name_of(self.cidfont.get("/Subtype")) == "CIDFontType2"

    def _truetype_gid(self, prog: TrueTypeProgram, code: int) -> int | None:
        """ISO 32000-1:2008, 9.6.6.4: character code -> glyph for a simple TrueType font."""
        c30, c10, c31 = prog.cmap(3, 0), prog.cmap(1, 0), prog.cmap(3, 1)
        if self.symbolic or (c31 is None and c10 is None):
            if c30 is not None:
                for cand in (code, 0xF000 + code, 0xF100 + code, 0xF200 + code):
                    if cand in c30:
                        return c30[cand]
                return 0
            if c10 is not None:
                return c10.get(code, 0)
            if c31 is not None:  # lenient: a symbolic font with only a (3,1) table
                return c31.get(code, c31.get(0xF000 + code, 0))
            return None
        name = self.glyph_names().get(code)
        text = glyph_unicode(name) if name else None
        if c31 is not None and text is not None and len(text) == 1 and ord(text) in c31:
            return c31[ord(text)]
        if c10 is not None:
            mac = None
            if text is not None:
                try:
                    mac = text.encode("mac_roman")[0]
                except (UnicodeEncodeError, IndexError):
                    mac = None
            if mac is not None and mac in c10:
                return c10[mac]
            if code in c10 and c31 is None:
                return c10[code]
        if c31 is not None and text is None and name is None:
            return c31.get(code, 0)
        return 0

    # -- widths (7.21.5) -------------------------------------------------------------
    def dict_width(self, code: int, cid: int | None = None) -> float | None:
        """The width the font dictionary gives a code (simple fonts: Widths from FirstChar,
        else MissingWidth) or a CID (composite fonts: W, else DW), in 1/1000 em."""
        if self.is_type0:
            return self._cid_widths.width(cid) if cid is not None else None
        first, widths = self._simple_widths
        k = code - first
        if 0 <= k < len(widths):
            return widths[k]
        if self.descriptor is not None:
            return number(self.descriptor.get("/MissingWidth"), 0.0)
        return None

    @cached_property
    def _simple_widths(self) -> tuple[int, list[float | None]]:
        """(FirstChar, the Widths as numbers), read once; (0, []) without both."""
        first = number(self.font.get("/FirstChar"))
        widths = self.font.get("/Widths")
        if not isinstance(widths, pikepdf.Array) or first is None:
            return 0, []
        return int(first), [number(w) for w in widths]

    @cached_property
    def _cid_widths(self) -> CIDWidths:
        """The CIDFont's /W array as single widths and ranges, and /DW."""
        widths = CIDWidths()
        cf = self.cidfont
        widths.default = number(cf.get("/DW"), 1000.0) if cf is not None else 1000.0
        w = cf.get("/W") if cf is not None else None
        items = list(w) if isinstance(w, pikepdf.Array) else []
        i = 0
        while i + 1 < len(items):
            first, nxt = number(items[i]), items[i + 1]
            if first is None:
                break
            if isinstance(nxt, pikepdf.Array):
                start = int(first)
                for k, val in enumerate(nxt):
                    width = number(val)
                    if width is not None:
                        widths.singles[start + k] = width
                i += 2
                continue
            last = number(nxt)
            width = number(items[i + 2]) if i + 2 < len(items) else None
            if last is None or width is None:
                break
            widths.ranges.append((int(first), int(last), width))
            i += 3
        return widths

    def program_width(self, gid: int) -> float | None:
        """Advance width of glyph gid in the font program, in 1/1000 em, or None."""
        prog = self.program
        return prog.advance(gid) if prog is not None else None
