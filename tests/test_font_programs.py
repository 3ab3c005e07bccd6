"""Tests of the font-program adapter (pipeline/checker/font_programs.py, fontTools underneath).

Each program is made here: TrueType and OpenType/CFF fonts with fontTools' FontBuilder, Type 1
programs as PostScript text encrypted with fontTools' eexec. What the checker reads from them
is asserted twice: through the adapter (glyphs, cmap subtables, widths) and through the font
rules on a PDF that embeds them. Hostile programs (garbage, truncated, huge, busy) must give
FontProgramError or "cannot tell", quickly, and never a traceback or fontTools' log on stderr.
"""
from __future__ import annotations

import io
import logging
import os
import time
from collections.abc import Callable

import pikepdf
import pytest
from fontTools.fontBuilder import FontBuilder
from fontTools.misc import eexec
from fontTools.misc.psCharStrings import T1CharString, T2CharString
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont
from fontTools.ttLib.tables._c_m_a_p import CmapSubtable
from fontTools.ttLib.tables.DefaultTable import DefaultTable

from pipeline.checker.font_programs import (
    CFFProgram,
    FontProgramError,
    TrueTypeProgram,
    Type1Program,
    read_program,
)
from pipeline.checker.fonts import FontUsage, check_fonts, iter_shown_text

GLYPHS = [".notdef", "A", "B", "C"]
ADVANCES = {".notdef": 500, "A": 600, "B": 700, "C": 800}  # units per em: 1000


def cpu(make: Callable[[], object]) -> float:
    start = time.process_time()
    make()
    return time.process_time() - start


# ---------------------------------------------------------------------------
# Programs
# ---------------------------------------------------------------------------

def truetype(created: int | None = None) -> TTFont:
    """A TrueType font with glyphs A B C (C empty) and cmap subtables of formats 4, 6, 2, 12, 14."""
    fb = FontBuilder(1000, isTTF=True)
    fb.setupGlyphOrder(GLYPHS)
    fb.setupCharacterMap({0x41: "A", 0x42: "B", 0x1F600: "C"}, uvs=[(0x41, 0xFE00, "B")])
    glyphs = {}
    for name in GLYPHS:
        pen = TTGlyphPen(None)
        if name != "C":
            pen.moveTo((0, 0))
            pen.lineTo((0, 500))
            pen.lineTo((400, 0))
            pen.closePath()
        glyphs[name] = pen.glyph()
    fb.setupGlyf(glyphs)
    fb.setupHorizontalMetrics({name: (ADVANCES[name], 0) for name in GLYPHS})
    fb.setupHorizontalHeader(ascent=800, descent=-200)
    fb.setupNameTable({"familyName": "Test", "styleName": "Regular"})
    fb.setupOS2()
    fb.setupPost()
    font = fb.font
    for fmt, platform, encoding, mapping in ((6, 1, 0, {0x41: "A", 0x42: "B"}),
                                             (2, 1, 1, {0x43: "C", 0x8140: "B"})):
        sub = CmapSubtable.newSubtable(fmt)
        sub.platformID, sub.platEncID, sub.language, sub.cmap = platform, encoding, 0, mapping
        font["cmap"].tables.append(sub)
    if created is not None:
        font["head"].created = created
    return font


def sfnt_bytes(font: TTFont) -> bytes:
    buf = io.BytesIO()
    font.save(buf)
    return buf.getvalue()


def opentype_cff() -> TTFont:
    fb = FontBuilder(1000, isTTF=False)
    fb.setupGlyphOrder(GLYPHS)
    fb.setupCharacterMap({0x41: "A", 0x42: "B", 0x43: "C"})
    charstrings = {name: T2CharString(program=[ADVANCES[name] - 400, "endchar"]) for name in GLYPHS}
    fb.setupCFF("Test-Regular", {"FullName": "Test"}, charstrings, {"defaultWidthX": 0, "nominalWidthX": 400})
    fb.setupHorizontalMetrics({name: (ADVANCES[name], 0) for name in GLYPHS})
    fb.setupHorizontalHeader(ascent=800, descent=-200)
    fb.setupNameTable({"familyName": "Test", "styleName": "Regular"})
    fb.setupOS2()
    fb.setupPost()
    return fb.font


def type1(widths: dict[str, int] | None = None, encoding: dict[int, str] | None = None, *,
          clear_extra: bytes = b"", private_extra: bytes = b"", sbw: bool = False,
          hexed: bool = False, trailer: bool = True) -> bytes:
    """A Type 1 program (Adobe Type 1 Font Format): cleartext part, eexec-encrypted Private and
    CharStrings (each charstring encrypted too, lenIV 4), optional 512-zero trailer."""
    widths = widths or {".notdef": 500, "A": 600, "B": 700}
    enc = (b"/Encoding StandardEncoding def\n" if encoding is None else
           b"/Encoding 256 array\n0 1 255 {1 index exch /.notdef put} for\n"
           + b"".join(b"dup %d /%s put\n" % (code, name.encode()) for code, name in encoding.items())
           + b"readonly def\n")
    clear = (b"%!PS-AdobeFont-1.0: Test 001\n11 dict begin\n/FontName /Test def\n/FontType 1 def\n"
             b"/PaintType 0 def\n/FontMatrix [0.001 0 0 0.001 0 0] readonly def\n"
             b"/FontBBox {0 -200 1000 800} readonly def\n" + enc + clear_extra
             + b"currentdict end\ncurrentfile eexec\n")
    glyphs = b""
    for name, width in widths.items():
        program = [0, 0, width, 0, "sbw", "endchar"] if sbw else [0, width, "hsbw", "endchar"]
        cs = T1CharString(program=program)
        cs.compile()
        code = eexec.encrypt(b"\0\0\0\0" + cs.bytecode, 4330)[0]
        glyphs += b"/%s %d RD " % (name.encode(), len(code)) + code + b" ND\n"
    private = (b"dup /Private 8 dict dup begin\n"
               b"/RD {string currentfile exch readstring pop} executeonly def\n"
               b"/ND {noaccess def} executeonly def\n/NP {noaccess put} executeonly def\n/lenIV 4 def\n"
               + private_extra
               + b"2 index /CharStrings %d dict dup begin\n" % len(widths) + glyphs
               + b"end\nend\nreadonly put\nnoaccess put\ndup /FontName get exch definefont pop\n"
               b"mark currentfile closefile\n")
    cipher = eexec.encrypt(b"\x01\x02\x03\x04" + private, 55665)[0]
    if hexed:
        text = cipher.hex().encode()
        cipher = b"\n".join(text[i:i + 64] for i in range(0, len(text), 64)) + b"\n"
    return clear + cipher + ((b"\n" + b"0" * 64 + b"\n") * 8 + b"cleartomark\n" if trailer else b"")


# ---------------------------------------------------------------------------
# TrueType
# ---------------------------------------------------------------------------

def test_truetype_glyphs_widths_and_outlines():
    font = read_program(sfnt_bytes(truetype()), "sfnt")
    assert isinstance(font, TrueTypeProgram)
    assert font.num_glyphs == 4
    assert [font.advance(gid) for gid in range(4)] == [500.0, 600.0, 700.0, 800.0]
    assert font.advance(99) == 800.0  # after the last hmtx entry: its advance
    assert [font.has_outline(gid) for gid in range(5)] == [True, True, True, False, False]


def test_truetype_cmap_subtables_of_every_format():
    font = read_program(sfnt_bytes(truetype()), "sfnt")
    assert isinstance(font, TrueTypeProgram)
    ids = font.cmap_ids
    assert set(ids) == {(0, 3), (0, 5), (3, 1), (3, 10), (1, 0), (1, 1)}
    assert dict(font.cmap(3, 1) or {}) == {0x41: 1, 0x42: 2}  # format 4
    assert dict(font.cmap(3, 10) or {}) == {0x41: 1, 0x42: 2, 0x1F600: 3}  # format 12
    assert dict(font.cmap(1, 0) or {}) == {0x41: 1, 0x42: 2}  # format 6
    assert dict(font.cmap(1, 1) or {}) == {0x43: 3, 0x8140: 2}  # format 2 (mixed 1- and 2-byte codes)
    assert dict(font.cmap(0, 5) or {}) == {}  # format 14 maps variation sequences, no codes
    assert font.cmap(3, 0) is None


def test_truetype_format_12_spanning_all_of_unicode_is_refused_quickly():
    font = truetype()
    group = (0).to_bytes(4, "big") + (0x10FFFF).to_bytes(4, "big") + (1).to_bytes(4, "big")
    subtable = (12).to_bytes(2, "big") + bytes(2) + (28).to_bytes(4, "big") + bytes(4) \
        + (1).to_bytes(4, "big") + group
    raw = DefaultTable("cmap")
    raw.data = bytes(2) + (1).to_bytes(2, "big") + (3).to_bytes(2, "big") + (10).to_bytes(2, "big") \
        + (12).to_bytes(4, "big") + subtable
    font["cmap"] = raw
    program = read_program(sfnt_bytes(font), "sfnt")
    assert isinstance(program, TrueTypeProgram)
    assert program.cmap_ids == [(3, 10)]
    assert cpu(lambda: program.cmap(3, 10)) < 0.5
    assert program.cmap(3, 10) == {}  # cannot tell


@pytest.mark.parametrize("kind", ["sfnt", "cff", "type1"])
def test_garbage_is_a_font_program_error(kind):
    for data in (b"", b"\0" * 12, os.urandom(4096), b"\x00\x01\x00\x00" + os.urandom(4092)):
        with pytest.raises(FontProgramError):
            read_program(data, kind)


def test_truncated_truetype_reads_what_is_there():
    data = sfnt_bytes(truetype())
    for cut in range(12, len(data), 97):
        try:
            font = read_program(data[:cut], "sfnt")
        except FontProgramError:
            continue
        assert isinstance(font, TrueTypeProgram)
        font.num_glyphs, font.cmap_ids, font.cmap(3, 1), font.cmap(1, 0), font.advance(1), font.has_outline(1)


def test_fonttools_log_stays_off_stderr(caplog, capfd):
    # fontTools warns about a creation date 1 s after 1904 ("seems very low") when it reads head.
    font = read_program(sfnt_bytes(truetype(created=1)), "sfnt")
    assert isinstance(font, TrueTypeProgram)
    with caplog.at_level(logging.DEBUG):
        assert font.advance(1) == 600.0
    assert not [r for r in caplog.records if r.name.startswith("fontTools")]
    assert capfd.readouterr().err == ""
    assert logging.getLogger("fontTools").propagate  # restored after reading


# ---------------------------------------------------------------------------
# CFF, bare and in OpenType
# ---------------------------------------------------------------------------

def test_opentype_cff_glyphs_by_name_widths_from_hmtx():
    font = read_program(sfnt_bytes(opentype_cff()), "sfnt")
    assert isinstance(font, CFFProgram) and font.sfnt is not None and not font.is_cid
    assert font.glyph_names == GLYPHS
    assert font.gid_for_name("B") == 2 and font.gid_for_name("Z") is None
    assert [font.advance(gid) for gid in range(4)] == [500.0, 600.0, 700.0, 800.0]
    assert font.builtin_encoding() is None  # StandardEncoding


def test_bare_cff_widths_from_charstrings():
    font = read_program(opentype_cff().getTableData("CFF "), "cff")
    assert isinstance(font, CFFProgram) and font.sfnt is None
    assert [font.advance(gid) for gid in range(4)] == [500.0, 600.0, 700.0, 800.0]
    assert font.advance(4) is None
    assert font.gid_for_cid(3) == 3 and font.gid_for_cid(4) is None  # name-keyed: CID = glyph id


def test_cff_subroutine_bomb_is_cannot_tell_quickly():
    # Each global subroutine calls the next one twice: 2**40 calls before any width.
    ot = opentype_cff()
    cff = ot["CFF "].cff
    gsubrs = cff.GlobalSubrs
    bias = 107
    for i in range(40):
        gsubrs.append(T2CharString(program=[i + 1 - bias, "callgsubr", i + 1 - bias, "callgsubr", "return"]))
    gsubrs.append(T2CharString(program=["return"]))
    cff[0].CharStrings["A"].program = [-bias, "callgsubr", 100, "hmoveto", "endchar"]
    ot.recalcBBoxes = False  # fontTools would draw the glyph (and run the bomb) to compile
    font = read_program(ot.getTableData("CFF "), "cff")
    assert isinstance(font, CFFProgram)
    assert cpu(lambda: font.advance(1)) < 2.0
    assert font.advance(1) is None
    assert font.advance(2) == 700.0  # the other glyphs are still read


# ---------------------------------------------------------------------------
# Type 1
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("variant", [{}, {"sbw": True}, {"hexed": True}, {"trailer": False}])
def test_type1_glyph_names_and_widths(variant):
    font = read_program(type1(**variant), "type1")
    assert isinstance(font, Type1Program)
    assert font.glyph_names == [".notdef", "A", "B"]
    assert font.gid_for_name("B") == 2
    assert [font.advance(gid) for gid in range(3)] == [500.0, 600.0, 700.0]
    assert font.builtin_encoding() is None  # StandardEncoding


def test_type1_in_pfb_segments():
    data = type1(trailer=False)
    at = data.index(b"eexec") + 6
    pfb = b"".join(b"\x80" + bytes([kind]) + len(part).to_bytes(4, "little") + part
                   for kind, part in ((1, data[:at]), (2, data[at:]))) + b"\x80\x03"
    font = read_program(pfb, "type1")
    assert isinstance(font, Type1Program) and font.advance(2) == 700.0


def test_type1_builtin_encoding():
    font = read_program(type1(encoding={65: "B", 66: "A"}), "type1")
    assert isinstance(font, Type1Program)
    assert font.builtin_encoding() == {65: "B", 66: "A"}


@pytest.mark.parametrize("hostile", [
    {"clear_extra": b"0 1 2000000000 {pop} for\n"},  # a loop that never ends in practice
    {"clear_extra": b"/p {p} def p\n"},  # unbounded recursion
    {"clear_extra": b"2000000000 array pop\n"},  # 2 G elements
    {"clear_extra": b"/s 60000 string def 0 1 100 {s exch 65 put} for\n"},  # writes into a string
    {"private_extra": b"currentfile eexec\n"},  # a second eexec section inside the first
])
def test_hostile_type1_is_a_font_program_error_quickly(hostile):
    data = type1(**hostile)
    start = time.process_time()
    with pytest.raises(FontProgramError):
        read_program(data, "type1")
    assert time.process_time() - start < 2.0


def test_truncated_type1_is_a_font_program_error():
    data = type1()
    with pytest.raises(FontProgramError):
        read_program(data[: len(data) // 2], "type1")


# ---------------------------------------------------------------------------
# Through the font rules
# ---------------------------------------------------------------------------

def pdf_with(program: bytes, key: str, subtype: str, widths: list[int], flags: int = 32,
             text: bytes = b"AB", **extra: pikepdf.Object) -> pikepdf.Pdf:
    """One page showing text (codes 65, 66) with a simple font whose program is embedded."""
    pdf = pikepdf.new()
    stream = pdf.make_stream(program, **extra)
    descriptor = pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.FontDescriptor, FontName=pikepdf.Name("/ABCDEF+Test"), Flags=flags,
        FontBBox=[0, -200, 1000, 800], ItalicAngle=0, Ascent=800, Descent=-200, CapHeight=700, StemV=80))
    descriptor[key] = stream
    font = pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name("/" + subtype), BaseFont=pikepdf.Name("/ABCDEF+Test"),
        FirstChar=65, LastChar=66, Widths=widths, FontDescriptor=descriptor,
        Encoding=pikepdf.Name.WinAnsiEncoding))
    pdf.add_blank_page()
    page = pdf.pages[0]
    page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    page.obj.Contents = pdf.make_stream(b"BT /F1 12 Tf 72 700 Td (" + text + b") Tj ET")
    return pdf


def font_rules(pdf: pikepdf.Pdf) -> set[str]:
    usage = FontUsage(pdf)
    for item in iter_shown_text(pdf):
        usage.on_show_text(*item)
    return {f.rule for f in [*check_fonts(pdf, usage=usage), *usage.findings()]}


def test_rules_read_truetype_widths_and_cmap():
    data = sfnt_bytes(truetype())
    assert font_rules(pdf_with(data, "/FontFile2", "TrueType", [600, 700])) == set()
    assert font_rules(pdf_with(data, "/FontFile2", "TrueType", [600, 900])) == {"glyph-width-mismatch"}
    # code 67 (C) has no glyph in the (3,1) subtable: .notdef
    assert "notdef-glyph-used" in font_rules(pdf_with(data, "/FontFile2", "TrueType", [600, 700], text=b"AC"))


def test_rules_read_opentype_and_bare_cff():
    ot = opentype_cff()
    assert font_rules(pdf_with(sfnt_bytes(ot), "/FontFile3", "Type1", [600, 700],
                               Subtype=pikepdf.Name.OpenType)) == set()
    bare = ot.getTableData("CFF ")
    assert font_rules(pdf_with(bare, "/FontFile3", "Type1", [600, 700], Subtype=pikepdf.Name.Type1C)) == set()
    assert font_rules(pdf_with(bare, "/FontFile3", "Type1", [600, 999],
                               Subtype=pikepdf.Name.Type1C)) == {"glyph-width-mismatch"}


def test_rules_read_type1():
    data = type1()
    assert font_rules(pdf_with(data, "/FontFile", "Type1", [600, 700])) == set()
    assert font_rules(pdf_with(data, "/FontFile", "Type1", [600, 999])) == {"glyph-width-mismatch"}
    assert font_rules(pdf_with(data, "/FontFile", "Type1", [600, 700], text=b"AC")) == {"glyph-missing"}


@pytest.mark.parametrize("key, subtype, extra", [
    ("/FontFile2", "TrueType", {}),
    ("/FontFile3", "Type1", {"Subtype": pikepdf.Name.Type1C}),
    ("/FontFile3", "Type1", {"Subtype": pikepdf.Name.OpenType}),
    ("/FontFile", "Type1", {}),
])
def test_rules_report_an_unreadable_program(key, subtype, extra):
    pdf = pdf_with(os.urandom(2048), key, subtype, [600, 700], **extra)
    assert "font-program-unreadable" in font_rules(pdf)
