"""Embedded font programs, read with fontTools, as the checker's font rules need them.

The rules of ISO 14289-1, 7.21 (and ISO 19005-2, 6.2.11) ask a font program little:
which glyphs it has (by id, by name, by CID: 7.21.4.1, 7.21.4.2 CharSet and CIDSet,
7.21.8 .notdef), their advance widths (7.21.5), the cmap subtables of a TrueType font
(7.21.6, ISO 32000-1 9.6.6.4) and the built-in encoding of a name-keyed font. This
module answers exactly that, over fontTools:

* TrueTypeProgram: an sfnt (FontFile2, or FontFile3 /OpenType) through fontTools.ttLib;
  cmap subtables of any format fontTools reads (0, 2, 4, 6, 10, 12, 13, 14).
* CFFProgram: a bare CFF (FontFile3 /Type1C, /CIDFontType0C) or the 'CFF ' table of an
  OpenType font, through fontTools.cffLib; widths from its Type 2 charstrings, or from
  the sfnt's hmtx when it sits in one.
* Type1Program: a Type 1 font (FontFile) run by fontTools' PostScript interpreter
  (fontTools.misc.psLib), its CharStrings decrypted with fontTools.misc.eexec.

Whatever fontTools raises on a damaged program, and a program too big or too busy to
read cheaply, becomes FontProgramError: read_program() raises it for a program that
cannot be read at all (the rules report font-program-unreadable), and the methods give
None ("cannot tell") where a part of a readable program is damaged. fontTools' own log
messages about damaged fonts are kept off stderr while this module reads.

Hostile programs stay cheap: fontTools reads an sfnt's tables and a CFF's INDEX items
only when asked, and this module asks only for the tables a rule needs, each once. The
limits below bound the rest: how many code points one cmap subtable may map, how much
charstring data width extraction may run through, how big a Type 1 program may be and
how much PostScript it may execute.
"""
from __future__ import annotations

import array
import io
import logging
import re
import struct
import sys
from collections.abc import Callable, Iterator, Mapping
from functools import cached_property
from types import TracebackType
from typing import Any, Literal

from fontTools.misc import eexec, psCharStrings, psLib
from fontTools.misc.psOperators import ps_StandardEncoding
from fontTools.pens.basePen import NullPen
from fontTools.ttLib import TTFont

ProgramKind = Literal["sfnt", "cff", "type1"]

MAX_CMAP_CODES = 0x30000  # code points one cmap subtable may map (planes 0-2 hold every CJK ideograph)
MAX_CHARSTRING_WORK = 1 << 24  # charstring bytes (and 64 a call) entered for the widths of one program
MAX_CHARSTRING_CALLS = 256  # charstrings and subroutines entered for one width (real ones: 1 to 3)
MAX_TYPE1_BYTES = 4 << 20  # a Type 1 program (the largest real ones are well under 1 MB)
MAX_POSTSCRIPT_CALLS = 1 << 16  # procedure calls (loops too) while a Type 1 program runs (real: < 2,000)
MAX_POSTSCRIPT_OBJECT = 1 << 16  # elements of one PostScript array or string

_STANDARD_ENCODING = [name.value for name in ps_StandardEncoding]
_FONTTOOLS_LOG = logging.getLogger("fontTools")


class FontProgramError(Exception):
    """The embedded font program (or the part of it asked for) cannot be read."""


class _Reading:
    """Runs fontTools code: its log records go nowhere, anything it raises becomes
    FontProgramError (KeyboardInterrupt and the like pass). Reentrant."""

    _depth = 0
    _propagate = True
    _sink = logging.NullHandler()

    def __init__(self, what: str) -> None:
        self.what = what

    def __enter__(self) -> None:
        if _Reading._depth == 0:
            _Reading._propagate = _FONTTOOLS_LOG.propagate
            _FONTTOOLS_LOG.addHandler(self._sink)
            _FONTTOOLS_LOG.propagate = False
        _Reading._depth += 1

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        _Reading._depth -= 1
        if _Reading._depth == 0:
            _FONTTOOLS_LOG.removeHandler(self._sink)
            _FONTTOOLS_LOG.propagate = _Reading._propagate
        if isinstance(exc, Exception) and not isinstance(exc, FontProgramError):
            raise FontProgramError(f"{self.what}: {type(exc).__name__}: {exc}") from exc


class _Budget:
    """Work a program may still cause; spending past it raises FontProgramError."""

    def __init__(self, amount: int, what: str) -> None:
        self.left = amount
        self.what = what

    def spend(self, amount: int) -> None:
        self.left -= amount
        if self.left < 0:
            raise FontProgramError(f"{self.what}: more work than a font program needs")


def read_program(data: bytes, kind: ProgramKind) -> TrueTypeProgram | CFFProgram | Type1Program:
    """The font program in data: kind "sfnt" (TrueType or OpenType), "cff" or "type1".

    An sfnt with a 'CFF ' table gives a CFFProgram (its glyphs are the CFF's) that takes
    its widths from the sfnt. Raises FontProgramError if the program cannot be read."""
    with _Reading(f"{kind} font program"):
        if kind == "sfnt":
            sfnt = TrueTypeProgram(TTFont(io.BytesIO(data), lazy=True, fontNumber=0))
            if "CFF " in sfnt.font:
                return CFFProgram(sfnt.font.getTableData("CFF "), sfnt)
            return sfnt
        if kind == "cff":
            return CFFProgram(data, None)
        return Type1Program(data)


# ---------------------------------------------------------------------------
# TrueType / OpenType
# ---------------------------------------------------------------------------

class TrueTypeProgram:
    """An sfnt font program, read by fontTools: the table directory (collections too), head,
    maxp, hhea, loca and cmap in every format fontTools reads.

    Glyph names play no part in PDF for TrueType fonts (ISO 32000-1, 9.6.6.4 selects glyphs
    through cmap), so the font gets the glyph order "glyph00000", "glyph00001", ... (the
    names fontTools itself gives glyphs it cannot name) and its post table is never read.
    The advance widths are the first column of
    hmtx, an array of numberOfHMetrics (uint16 advance, int16 side bearing) pairs, taken from
    fontTools' table data as an array: fontTools' hmtx table builds a dictionary by glyph
    name for every glyph, which made the checker a third slower on the veraPDF corpus."""

    def __init__(self, font: TTFont) -> None:
        self.font = font
        self._named = False
        self._cmaps: dict[tuple[int, int], Mapping[int, int] | None] = {}

    def _table(self, tag: str) -> Any:
        """A decompiled table, or None if the font has none or it cannot be read."""
        if tag not in self.font:
            return None
        try:
            with _Reading(f"'{tag}' table"):
                if not self._named:  # before any table that names glyphs (cmap)
                    self._named = True
                    self.font.setGlyphOrder(_plain_names(self.num_glyphs or 0))
                return self.font[tag]
        except FontProgramError:
            return None

    @cached_property
    def num_glyphs(self) -> int | None:
        if "maxp" not in self.font:
            return None
        try:
            with _Reading("'maxp' table"):
                return int(self.font["maxp"].numGlyphs)
        except FontProgramError:
            return None

    @cached_property
    def units_per_em(self) -> int:
        head = self._table("head")
        return int(head.unitsPerEm or 1000) if head is not None else 1000

    # -- widths --------------------------------------------------------------
    @cached_property
    def _advances(self) -> array.array:
        hhea = self._table("hhea")
        if hhea is None or "hmtx" not in self.font:
            return array.array("H")
        try:
            with _Reading("'hmtx' table"):
                data = self.font.getTableData("hmtx")
                count = min(int(hhea.numberOfHMetrics), len(data) // 4)
                pairs = array.array("H", data[:4 * count])
        except FontProgramError:
            return array.array("H")
        if sys.byteorder != "big":
            pairs.byteswap()
        return pairs[0::2]

    def advance(self, gid: int) -> float | None:
        """Advance width of glyph gid in 1/1000 em (hmtx scaled by head.unitsPerEm), or None;
        glyphs after the last hmtx pair have its advance."""
        advances = self._advances
        if not advances:
            return None
        width = advances[gid] if gid < len(advances) else advances[-1]
        return width * 1000.0 / self.units_per_em

    # -- glyph presence (CIDSet) -----------------------------------------------
    @cached_property
    def _locations(self) -> Any:
        if "head" not in self.font:
            return None
        loca = self._table("loca")
        return loca.locations if loca is not None and len(loca.locations) else None

    def has_outline(self, gid: int) -> bool:
        """True if glyph gid exists and has data in 'glyf' (an empty glyph is absent);
        without a readable 'loca' table (CFF outlines), every glyph counts as present."""
        n = self.num_glyphs
        if n is None or gid >= n:
            return False
        locations = self._locations
        if locations is None:
            return True
        if gid + 1 >= len(locations):
            return False
        return bool(locations[gid + 1] > locations[gid])

    # -- cmap --------------------------------------------------------------------
    @cached_property
    def _subtables(self) -> list[Any]:
        cmap = self._table("cmap")
        return list(cmap.tables) if cmap is not None else []

    @cached_property
    def cmap_ids(self) -> list[tuple[int, int]]:
        """(platform, encoding) of every subtable the cmap table lists, in table order ([] if it
        has none). Read from the table's directory (version, count, then 8-byte records of
        platform, encoding, offset) in fontTools' table data, without decompiling the table:
        7.21.6 asks this of every TrueType font, and fontTools' cmap reads and copies every
        subtable's header, which cost more than the rest of the font rules on the corpus."""
        if "cmap" not in self.font:
            return []
        try:
            with _Reading("'cmap' table"):
                data = self.font.getTableData("cmap")
        except FontProgramError:
            return []
        count = int.from_bytes(data[2:4], "big")
        records = data[4:4 + 8 * count]
        return [(platform, encoding) for platform, encoding, _offset
                in struct.iter_unpack(">HHI", records[: len(records) // 8 * 8])]

    def cmap(self, platform: int, encoding: int) -> Mapping[int, int] | None:
        """Character code -> glyph id of the first (platform, encoding) subtable, or None if
        there is none; empty if it cannot be read."""
        key = (platform, encoding)
        if key not in self._cmaps:
            self._cmaps[key] = self._read_cmap(key)
        return self._cmaps[key]

    def _read_cmap(self, key: tuple[int, int]) -> Mapping[int, int] | None:
        sub = next((s for s in self._subtables if (s.platformID, s.platEncID) == key), None)
        if sub is None:
            return None
        try:
            with _Reading(f"cmap subtable {key}"):
                _check_cmap_size(sub)
                return _GlyphIds(sub.cmap)
        except FontProgramError:
            return {}


_PLAIN_NAMES: list[str] = []


def _plain_names(count: int) -> list[str]:
    """["glyph00000", "glyph00001", ...] for count glyphs (made once for all fonts)."""
    count = min(count, 0x10000)
    if len(_PLAIN_NAMES) < count:
        _PLAIN_NAMES.extend(f"glyph{gid:05d}" for gid in range(len(_PLAIN_NAMES), count))
    return _PLAIN_NAMES[:count]


class _GlyphIds(Mapping[int, int]):
    """A cmap subtable as fontTools gives it (code -> "glyphNNNNN") seen as code -> glyph id."""

    def __init__(self, names: dict[int, str]) -> None:
        self._names = names

    def __getitem__(self, code: int) -> int:
        return int(self._names[code][5:])

    def __contains__(self, code: object) -> bool:
        return code in self._names

    def __iter__(self) -> Iterator[int]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


def _check_cmap_size(sub: Any) -> None:
    """Refuse a format 12/13 subtable that maps more than MAX_CMAP_CODES code points (a few
    bytes of groups can span all of Unicode) before fontTools expands it."""
    if sub.format not in (12, 13) or sub.data is None:  # data: the body, until decompiled
        return
    groups = array.array("I", sub.data[: 12 * sub.nGroups])
    if sys.byteorder != "big":
        groups.byteswap()
    spans = zip(groups[0::3], groups[1::3], strict=True)
    codes = sum(max(0, min(end, 0x10FFFF) - start + 1) for start, end in spans)
    if codes > MAX_CMAP_CODES:
        raise FontProgramError(f"cmap subtable format {sub.format} maps {codes} code points")


# ---------------------------------------------------------------------------
# CFF
# ---------------------------------------------------------------------------

class _WidthFound(Exception):
    def __init__(self, width: float) -> None:
        self.width = width


class _T2Width(psCharStrings.T2WidthExtractor):
    """fontTools' Type 2 width extractor, stopped at the width (the first stack-clearing
    operator) and charged for the charstrings and subroutines it enters: a few bytes of
    subroutines that call each other twice would otherwise run for ever."""

    def __init__(self, private: Any, global_subrs: Any, budget: _Budget) -> None:
        super().__init__(getattr(private, "Subrs", []), global_subrs,
                         private.nominalWidthX, private.defaultWidthX, private)
        self.budget = budget
        self.calls = _Budget(MAX_CHARSTRING_CALLS, "CFF charstring")

    def execute(self, charString: Any, **kwargs: Any) -> None:
        code = charString.bytecode  # None once fontTools has decompiled it into .program
        self.calls.spend(1)
        self.budget.spend(64 + (len(code) if code is not None else len(charString.program)))
        super().execute(charString, **kwargs)

    def popallWidth(self, evenOdd: int = 0) -> list:
        super().popallWidth(evenOdd)
        raise _WidthFound(self.width)


class CFFProgram:
    """A CFF font program (FontSet with one font), name-keyed or CID-keyed."""

    def __init__(self, data: bytes, sfnt: TrueTypeProgram | None) -> None:
        from fontTools.cffLib import CFFFontSet  # CFF fonts only: 23 ms of every check's start

        fontset = CFFFontSet()
        fontset.decompile(io.BytesIO(data), None, isCFF2=False)
        if not len(fontset):
            raise FontProgramError("CFF without a font")
        top = fontset[0]
        self._top = top
        self.sfnt = sfnt
        self.is_cid = "ROS" in top.rawDict
        charstrings = top.CharStrings  # reads the charset and the Private DICT(s)
        self._index = charstrings.charStringsIndex
        for fd in (top.FDArray if "FDArray" in top.rawDict else [top]):
            getattr(fd.Private, "Subrs", None)
        self._order: list[str] = list(top.charset)
        self._budget = _Budget(MAX_CHARSTRING_WORK, "CFF charstrings")

    @cached_property
    def glyph_names(self) -> list[str]:
        """Glyph names by glyph id (of a name-keyed font)."""
        return self._order

    @cached_property
    def cids(self) -> list[int]:
        """The CID of each glyph, by glyph id (of a CID-keyed font)."""
        return [int(name[3:].split(".")[0]) if name.startswith("cid") else 0 for name in self._order]

    @cached_property
    def _gid_by_name(self) -> dict[str, int]:
        return {name: gid for gid, name in enumerate(self._order)}

    @cached_property
    def _gid_by_cid(self) -> dict[int, int]:
        return {cid: gid for gid, cid in enumerate(self.cids)}

    def gid_for_name(self, name: str) -> int | None:
        return self._gid_by_name.get(name)

    def gid_for_cid(self, cid: int) -> int | None:
        if not self.is_cid:
            return cid if cid < len(self._order) else None
        return self._gid_by_cid.get(cid)

    def builtin_encoding(self) -> dict[int, str] | None:
        """Code -> glyph name of the font's own encoding; None for StandardEncoding, {} for
        ExpertEncoding (not tabulated). Raises FontProgramError if it cannot be read."""
        with _Reading("CFF Encoding"):
            encoding = self._top.Encoding
        if encoding == "StandardEncoding":
            return None
        if isinstance(encoding, str):
            return {}
        return {code: name for code, name in enumerate(encoding) if name != ".notdef"}

    def advance(self, gid: int) -> float | None:
        """Advance width in 1/1000 em, or None: from the sfnt's hmtx inside OpenType, else
        the Type 2 charstring's width scaled by the FontMatrix."""
        if self.sfnt is not None:
            return self.sfnt.advance(gid)
        if not 0 <= gid < len(self._order):
            return None
        try:
            with _Reading("CFF charstring"):
                charstring, fd = self._index.getItemAndSelector(gid)
                private = charstring.private
                try:
                    _T2Width(private, charstring.globalSubrs, self._budget).execute(charstring)
                    width = float(private.defaultWidthX)
                except _WidthFound as found:
                    width = float(found.width)
                return width * self._scale(fd)
        except FontProgramError:
            return None

    def _scale(self, fd: int | None) -> float:
        """Glyph space to 1/1000 em: the FontMatrix of the Top DICT, for a CID-keyed font
        times that of the glyph's Font DICT."""
        scale = _matrix_scale(self._top)
        if "FDArray" in self._top.rawDict:
            own = _matrix_scale(self._top.FDArray[fd or 0])
            if scale is None:
                scale = own
            elif own is not None:
                scale *= own
        return 1000.0 * (scale or 0.001)


def _matrix_scale(d: Any) -> float | None:
    matrix = d.rawDict.get("FontMatrix")
    return float(matrix[0]) if isinstance(matrix, list) and len(matrix) == 6 else None


# ---------------------------------------------------------------------------
# Type 1
# ---------------------------------------------------------------------------

class _BoundedInterpreter(psLib.PSInterpreter):
    """fontTools' PostScript interpreter with limits: procedure calls (loop bodies too),
    the size of arrays and strings it makes, a single eexec section, no writes into strings."""

    def __init__(self) -> None:
        self.calls = _Budget(MAX_POSTSCRIPT_CALLS, "Type 1 program")
        self.eexec_seen = False
        super().__init__(encoding="latin-1")

    def call_procedure(self, proc: Any) -> None:
        self.calls.spend(1)
        super().call_procedure(proc)

    def _sized(self, make: Callable[[], None]) -> None:
        if self.stack and self.stack[-1].type == "integertype" \
                and not 0 <= self.stack[-1].value <= MAX_POSTSCRIPT_OBJECT:
            raise FontProgramError(f"Type 1 program makes an object of {self.stack[-1].value} elements")
        make()

    def ps_array(self) -> None:
        self._sized(super().ps_array)

    def ps_string(self) -> None:
        self._sized(super().ps_string)

    def ps_eexec(self) -> None:
        if self.eexec_seen:
            raise FontProgramError("Type 1 program with a second eexec section")
        self.eexec_seen = True
        super().ps_eexec()

    def ps_put(self) -> None:
        if len(self.stack) >= 3 and self.stack[-3].type == "stringtype":
            raise FontProgramError("Type 1 program writes into a string")
        super().ps_put()


class _T1Width(psCharStrings.T1OutlineExtractor):
    """Stops at hsbw/sbw, the first command of every Type 1 charstring (Adobe Type 1 Font
    Format, 6.4), so that no subroutine is needed."""

    def __init__(self) -> None:
        super().__init__(NullPen(), [])

    def op_hsbw(self, index: int) -> None:
        super().op_hsbw(index)
        raise _WidthFound(self.width)

    def op_sbw(self, index: int) -> None:  # fontTools' own op_sbw drops the width
        _sbx, _sby, wx, _wy = self.popall()
        raise _WidthFound(wx)


_HEX = re.compile(rb"[0-9A-Fa-f]{4}")
_PFB_SEGMENT = 0x80


class Type1Program:
    """A Type 1 font program: its glyph names, built-in encoding and widths."""

    is_cid = False

    def __init__(self, data: bytes) -> None:
        data = _binary_eexec(_strip_pfb(data))
        if len(data) > MAX_TYPE1_BYTES:
            raise FontProgramError(f"Type 1 program of {len(data)} bytes")
        font = _run_type1(data)
        charstrings = _value(font.get("CharStrings"))
        if not isinstance(charstrings, dict):
            raise FontProgramError("Type 1 program without CharStrings")
        programs = {name: _value(cs) for name, cs in charstrings.items()}
        self.glyph_names: list[str] = [name for name, cs in programs.items() if isinstance(cs, bytes)]
        self._charstrings: list[bytes] = [cs for cs in programs.values() if isinstance(cs, bytes)]
        self._gid = {name: gid for gid, name in enumerate(self.glyph_names)}
        private = _value(font.get("Private"))
        leniv = _value(private.get("lenIV")) if isinstance(private, dict) else None
        self._leniv = leniv if isinstance(leniv, int) else 4
        matrix = _value(font.get("FontMatrix"))
        first = _value(matrix[0]) if isinstance(matrix, list) and matrix else None
        self._scale = 1000.0 * float(first) if isinstance(first, (int, float)) else 1.0
        encoding = _value(font.get("Encoding"))
        self._encoding = [_value(name) for name in encoding] if isinstance(encoding, list) else None

    def gid_for_name(self, name: str) -> int | None:
        return self._gid.get(name)

    def builtin_encoding(self) -> dict[int, str] | None:
        """Code -> glyph name of the font's own encoding; None if it is StandardEncoding."""
        encoding = self._encoding
        if encoding is None or encoding == _STANDARD_ENCODING:
            return None
        return {code: name for code, name in enumerate(encoding[:256])
                if isinstance(name, str) and name != ".notdef"}

    def advance(self, gid: int) -> float | None:
        """Advance width in 1/1000 em (the hsbw/sbw width scaled by the FontMatrix), or None."""
        if not 0 <= gid < len(self._charstrings):
            return None
        try:
            with _Reading("Type 1 charstring"):
                code = self._charstrings[gid]
                if self._leniv >= 0:  # lenIV -1: the charstrings are not encrypted
                    code = eexec.decrypt(code, 4330)[0][self._leniv:]
                try:
                    _T1Width().execute(psCharStrings.T1CharString(code))
                except _WidthFound as found:
                    return float(found.width) * self._scale
                return None
        except FontProgramError:
            return None


def _value(obj: Any) -> Any:
    """The Python value of a PostScript object of fontTools' interpreter (None for none)."""
    return getattr(obj, "value", None)


def _run_type1(data: bytes) -> dict[str, Any]:
    """The font dictionary (of PostScript objects) that the program defines, as
    fontTools.misc.psLib.suckfont finds it, run by the bounded interpreter. An error after
    the program has defined its font (in the trailer, say) leaves the font as defined."""
    interpreter = _BoundedInterpreter()
    interpreter.interpret(b"/Helvetica 4 dict dup /Encoding StandardEncoding put definefont pop")
    fonts = interpreter.dictstack[0]["FontDirectory"].value
    try:
        interpreter.interpret(data)
    except FontProgramError:
        raise
    except Exception:
        if len(fonts) < 2:
            raise
    named = re.search(rb"/FontName\s+/([^ \t\n\r]+)\s+def", data)
    name = named.group(1).decode("latin-1") if named else None
    if name not in fonts:
        others = sorted(n for n in fonts if n != "Helvetica")
        if not others:
            raise FontProgramError("Type 1 program defines no font")
        name = others[0]
    font = _value(fonts[name])
    return font if isinstance(font, dict) else {}


def _strip_pfb(data: bytes) -> bytes:
    """The PostScript of a program a writer left in PFB segments (0x80, type, length)."""
    if not data.startswith(b"\x80\x01"):
        return data
    out, pos = bytearray(), 0
    while pos + 6 <= len(data) and data[pos] == _PFB_SEGMENT and data[pos + 1] in (1, 2):
        size = int.from_bytes(data[pos + 2:pos + 6], "little")
        out += data[pos + 6:pos + 6 + size]
        pos += 6 + size
    return bytes(out)


def _binary_eexec(data: bytes) -> bytes:
    """The program with its eexec section in binary, as fontTools' interpreter reads it: the
    section starts after the white space that follows 'eexec' (Adobe Type 1 Font Format,
    7.2: its first byte is no white space), and hexadecimal text is turned into bytes."""
    at = data.find(b"eexec")
    if at < 0:
        raise FontProgramError("Type 1 program without an eexec section")
    clear, cipher = data[:at + 5], data[at + 5:].lstrip(b"\r\n\t ")
    if _HEX.match(cipher):
        hexpart = re.sub(rb"[^0-9A-Fa-f]", b"", cipher.split(b"0000000000")[0])
        cipher = eexec.deHexString(hexpart[: len(hexpart) // 2 * 2])
    return clear + b"\r" + cipher
