"""Tests of the PDF/UA-1 font rules (ISO 14289-1, 7.21): pipeline/checker/fonts*.py.

The veraPDF conformance corpus is read from <repo>/../shared/verapdf-corpus (never
copied into the project); those tests skip when it is absent. The rest build small
PDFs with ReportLab and pikepdf.
"""
from __future__ import annotations

import io
import time
from pathlib import Path

import pikepdf
import pytest
from conftest import corpus_params

from pipeline.checker.fonts import FontUsage, check_fonts, iter_fonts, iter_shown_text
from pipeline.pdfread.cmap import parse_cmap
from pipeline.pdfread.glyphnames import glyph_unicode

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "verapdf-corpus" / "PDF_UA-1"
FONTS_DIR = CORPUS / "7.21 Fonts"
ATKINSON = REPO / "fonts" / "AtkinsonHyperlegible-Regular.ttf"
GERMAN = "Größe, Übermaß und Äpfel: „Zitat“ – so weit… © 2026 ÄÖÜ äöü ß ‚x‘ — Ende"


def run_font_rules(pdf: pikepdf.Pdf, with_usage: bool = True) -> list:
    """What the checker core does: walk the content, then ask both entry points."""
    usage = FontUsage(pdf)
    for item in iter_shown_text(pdf):
        usage.on_show_text(*item)
    return list(check_fonts(pdf, usage=usage if with_usage else None)) + list(usage.findings())


def clauses(findings) -> set[str]:
    return {f.clause for f in findings}


def corpus_files(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.pdf")) if folder.is_dir() else []


# ---------------------------------------------------------------------------
# The veraPDF corpus
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("path", corpus_params(corpus_files(FONTS_DIR), FONTS_DIR), ids=lambda p: p.name)
def test_fonts_corpus_agrees(path: Path):
    clause = path.name.split("-")[0]
    with pikepdf.open(path) as pdf:
        found = run_font_rules(pdf)
    if "-pass-" in path.name:
        assert clause not in clauses(found), found
    else:
        assert clause in clauses(found), found
        assert all(f.obj for f in found if f.clause == clause)


def _other_pass_files() -> list[Path]:
    return [p for p in corpus_files(CORPUS) if "-pass-" in p.name and FONTS_DIR not in p.parents]


@pytest.mark.parametrize("path", corpus_params(_other_pass_files(), CORPUS), ids=lambda p: p.name)
def test_other_corpus_pass_files_have_no_font_findings(path: Path):
    with pikepdf.open(path) as pdf:
        assert run_font_rules(pdf) == []


def test_corpus_is_there_when_expected():
    if not CORPUS.is_dir():
        pytest.skip(f"veraPDF corpus not found at {CORPUS}")
    assert len(corpus_files(FONTS_DIR)) == 35


# ---------------------------------------------------------------------------
# ReportLab output, as the project makes it
# ---------------------------------------------------------------------------

def _register_atkinson() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if "Atkinson" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("Atkinson", str(ATKINSON)))
    return "Atkinson"


def reportlab_pdf(pages: int = 1, lines: int = 3, font: str | None = "tt", initial_tt: bool = True) -> bytes:
    """A small tagged PDF: each line is a /P marked-content sequence.

    font="tt" draws with the embedded TrueType subset, font="helvetica" with
    ReportLab's non-embedded standard font."""
    from reportlab.pdfgen import canvas

    name = _register_atkinson()
    buf = io.BytesIO()
    kwargs = {"initialFontName": name} if initial_tt else {}
    c = canvas.Canvas(buf, **kwargs)
    mcid = 0
    for _ in range(pages):
        c.setFont(name if font == "tt" else "Helvetica", 11)
        for i in range(lines):
            c._code.append(f"/P <</MCID {mcid}>> BDC")
            c.drawString(72, 760 - 16 * i, GERMAN)
            c._code.append("EMC")
            mcid += 1
        c.showPage()
    c.save()
    return buf.getvalue()


def _tt_font(pdf: pikepdf.Pdf) -> pikepdf.Dictionary:
    for font, _page in iter_fonts(pdf):
        if font.get("/Subtype") == "/TrueType":
            return font
    raise AssertionError("no TrueType font")


def _show(pdf: pikepdf.Pdf, font: pikepdf.Dictionary, hexcode: bytes) -> None:
    """Append text shown with font (by its resource name on page 1) to page 1."""
    page = pdf.pages[0]
    key = next(k for k, v in page.Resources.Font.items() if v.objgen == font.objgen)
    page.contents_add(pdf.make_stream(b"BT " + key.encode() + b" 11 Tf 72 72 Td <" + hexcode + b"> Tj ET"),
                      prepend=False)


def test_reportlab_truetype_german_text_has_no_findings():
    pdf = pikepdf.open(io.BytesIO(reportlab_pdf()))
    font = _tt_font(pdf)
    # The shape of the project's fonts: symbolic TrueType subset, FontFile2, ToUnicode, no Encoding.
    assert "/FontFile2" in font.FontDescriptor and "/ToUnicode" in font and "/Encoding" not in font
    assert run_font_rules(pdf) == []
    assert list(check_fonts(pdf)) == []


def test_reportlab_helvetica_is_not_embedded():
    pdf = pikepdf.open(io.BytesIO(reportlab_pdf(font="helvetica", initial_tt=False)))
    found = run_font_rules(pdf)
    assert [(f.clause, f.rule, f.page) for f in found if f.clause == "7.21.4.1"] == [
        ("7.21.4.1", "font-not-embedded", 1)
    ]
    assert "Helvetica" in found[0].message and found[0].obj


def test_unused_default_helvetica_counts_only_without_usage():
    # ReportLab selects /F1 Helvetica at the top of every page even if nothing is drawn with it.
    pdf = pikepdf.open(io.BytesIO(reportlab_pdf(initial_tt=False)))
    assert run_font_rules(pdf) == []
    assert clauses(run_font_rules(pdf, with_usage=False)) == {"7.21.4.1"}


def test_each_font_checked_once_with_first_page():
    pdf = pikepdf.open(io.BytesIO(reportlab_pdf(pages=3, font="helvetica", initial_tt=False)))
    found = [f for f in check_fonts(pdf) if f.rule == "font-not-embedded"]
    assert len(found) == 1 and found[0].page == 1


# ---------------------------------------------------------------------------
# Broken variants of the ReportLab output, one rule each
# ---------------------------------------------------------------------------

@pytest.fixture
def tt_pdf():
    pdf = pikepdf.open(io.BytesIO(reportlab_pdf()))
    return pdf, _tt_font(pdf)


def _rules(findings) -> set[tuple[str, str]]:
    return {(f.clause, f.rule) for f in findings}


def test_width_mismatch_is_7_21_5(tt_pdf):
    pdf, font = tt_pdf
    widths = font.Widths
    widths[5] = int(widths[5]) + 200
    found = run_font_rules(pdf)
    assert _rules(found) == {("7.21.5", "glyph-width-mismatch")}
    assert found[0].page == 1


def test_small_width_rounding_is_tolerated(tt_pdf):
    pdf, font = tt_pdf
    font.Widths[5] = int(font.Widths[5]) + 1
    assert run_font_rules(pdf) == []


def test_missing_tounicode_on_symbolic_truetype_is_7_21_7(tt_pdf):
    pdf, font = tt_pdf
    del font["/ToUnicode"]
    assert _rules(run_font_rules(pdf)) == {("7.21.7", "no-unicode-mapping")}


def test_tounicode_to_fffe_is_7_21_7(tt_pdf):
    pdf, font = tt_pdf
    cmap = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
            b"1 begincodespacerange <00> <FF> endcodespacerange\n"
            b"2 beginbfrange <00> <00> <FFFE> <01> <FF> <0041> endbfrange\nendcmap end end\n")
    font.ToUnicode = pdf.make_stream(cmap)
    # Only code <00> maps to U+FFFE, and only a shown code counts: show it.
    assert run_font_rules(pdf) == []
    _show(pdf, font, b"00")
    assert ("7.21.7", "tounicode-invalid-value") in _rules(run_font_rules(pdf))


def test_symbolic_truetype_with_encoding_is_7_21_6(tt_pdf):
    pdf, font = tt_pdf
    font.Encoding = pikepdf.Name.WinAnsiEncoding
    assert ("7.21.6", "truetype-symbolic-has-encoding") in _rules(run_font_rules(pdf))


def test_nonsymbolic_truetype_without_encoding_is_7_21_6(tt_pdf):
    pdf, font = tt_pdf
    font.FontDescriptor.Flags = 32
    assert ("7.21.6", "truetype-nonsymbolic-encoding") in _rules(run_font_rules(pdf))


def test_code_without_glyph_is_notdef_7_21_8(tt_pdf):
    pdf, font = tt_pdf
    _show(pdf, font, b"1F")
    found = [f for f in run_font_rules(pdf) if f.clause == "7.21.8"]
    assert len(found) == 1 and found[0].rule == "notdef-glyph-used" and "<1F>" in found[0].message


def test_fonts_in_form_xobjects_and_appearances_are_found():
    pdf = pikepdf.open(io.BytesIO(reportlab_pdf()))
    helv = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                                                BaseFont=pikepdf.Name.Helvetica))
    courier = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                                                   BaseFont=pikepdf.Name.Courier))
    inner = pdf.make_stream(b"BT /H 9 Tf (x) Tj ET", Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Form,
                            BBox=[0, 0, 10, 10],
                            Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(H=helv)))
    outer = pdf.make_stream(b"/In Do", Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Form,
                            BBox=[0, 0, 10, 10],
                            Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(In=inner)))
    page = pdf.pages[0]
    page.Resources.XObject = pikepdf.Dictionary(Out=outer)
    page.contents_add(pdf.make_stream(b"q /Out Do Q"), prepend=False)
    ap = pdf.make_stream(b"BT /C 9 Tf (y) Tj ET", Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Form,
                         BBox=[0, 0, 10, 10],
                         Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(C=courier)))
    page.Annots = pdf.make_indirect(pikepdf.Array([pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Stamp, Rect=[0, 0, 10, 10],
        AP=pikepdf.Dictionary(N=ap)))]))
    found = [f for f in run_font_rules(pdf) if f.rule == "font-not-embedded"]
    assert sorted(f.message.split()[1] for f in found) == ["Courier", "Helvetica"]


# ---------------------------------------------------------------------------
# Composite fonts, from a conforming corpus file made non-conforming
# ---------------------------------------------------------------------------

def _type0_pdf():
    path = FONTS_DIR / "7.21.3 Composite fonts" / "7.21.3.2 CIDFonts" / "7.21.3.2-t01-pass-a.pdf"
    if not path.exists():
        pytest.skip(f"veraPDF corpus not found at {CORPUS}")
    pdf = pikepdf.open(path)
    font = next(f for f, _ in iter_fonts(pdf) if f.get("/Subtype") == "/Type0")
    return pdf, font


def test_missing_cidtogidmap_is_7_21_3_2():
    pdf, font = _type0_pdf()
    del font.DescendantFonts[0]["/CIDToGIDMap"]
    assert ("7.21.3.2", "cidtogidmap-missing") in _rules(check_fonts(pdf))


def test_unknown_cmap_name_is_7_21_3_3():
    pdf, font = _type0_pdf()
    font.Encoding = pikepdf.Name("/Private-H")
    assert ("7.21.3.3", "cmap-not-embedded") in _rules(check_fonts(pdf))


def test_embedded_cmap_using_nonstandard_cmap_is_7_21_3_3():
    pdf, font = _type0_pdf()
    cmap = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /Private-H usecmap\n"
            b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> def\n"
            b"/CMapName /Mine def 1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
            b"1 begincidrange <0000> <FFFF> 0 endcidrange endcmap end end\n")
    font.Encoding = pdf.make_stream(cmap, Type=pikepdf.Name.CMap, CMapName=pikepdf.Name.Mine,
                                    CIDSystemInfo=pikepdf.Dictionary(Registry="Adobe", Ordering="Identity",
                                                                     Supplement=0))
    rules = _rules(check_fonts(pdf))
    assert ("7.21.3.3", "cmap-references-nonstandard") in rules
    assert not any(c == "7.21.3.1" for c, _ in rules)


def test_type0_without_tounicode_and_identity_ordering_is_7_21_7():
    pdf, font = _type0_pdf()
    del font["/ToUnicode"]
    assert "7.21.7" in clauses(run_font_rules(pdf))


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------

def test_parse_cmap_ranges_arrays_and_usecmap():
    info = parse_cmap(
        b"%!PS\n/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        b"/Identity-H usecmap /WMode 1 def\n"
        b"2 begincodespacerange <00> <7F> <8000> <FFFF> endcodespacerange\n"
        b"2 beginbfrange <20> <22> <0041> <8000> <8001> [<00660069> <D83DDE00>] endbfrange\n"
        b"1 beginbfchar <7F> <00E4> endbfchar endcmap\n"
    )
    assert info.usecmap == "Identity-H" and info.wmode == 1
    assert info.split_codes(b"\x20\x80\x01\x7f") == [(1, 0x20), (2, 0x8001), (1, 0x7F)]
    assert [info.unicode(1, c) for c in (0x20, 0x22, 0x7F)] == ["A", "C", "ä"]
    assert info.unicode(2, 0x8000) == "fi" and info.unicode(2, 0x8001) == "\U0001F600"
    assert info.unicode(1, 0x23) is None


def test_glyph_names():
    assert glyph_unicode("adieresis") == "ä"
    assert glyph_unicode("uni201E") == "„" and glyph_unicode("u1F600") == "\U0001F600"
    assert glyph_unicode("f_f_i") == "ffi" and glyph_unicode("a.sc") == "a"
    assert glyph_unicode(".notdef") is None and glyph_unicode("gravee") is None


def test_speed_100_pages():
    pdf = pikepdf.open(io.BytesIO(reportlab_pdf(pages=100, lines=40)))
    shown = list(iter_shown_text(pdf))  # the core's walker does this part
    assert len(shown) == 4000
    start = time.perf_counter()
    usage = FontUsage(pdf)
    for item in shown:
        usage.on_show_text(*item)
    found = list(check_fonts(pdf, usage=usage)) + list(usage.findings())
    elapsed = time.perf_counter() - start
    assert found == []
    assert elapsed < 0.25, elapsed


def test_direct_font_dictionary_is_one_font():
    pdf = pikepdf.new()
    helv = pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                              BaseFont=pikepdf.Name.Helvetica,
                              Encoding=pikepdf.Name.WinAnsiEncoding)
    page = pdf.add_blank_page()
    page.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(H=helv))
    page.Contents = pdf.make_stream(b"BT /H 9 Tf (ab) Tj (cd) Tj ET")
    found = run_font_rules(pdf)
    assert [(f.clause, f.rule, f.obj) for f in found] == [("7.21.4.1", "font-not-embedded", None)]


def test_invisible_text_needs_no_embedding_but_still_unicode():
    pdf = pikepdf.new()
    courier = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                                                   BaseFont=pikepdf.Name.Courier))
    page = pdf.add_blank_page()
    page.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(C=courier))
    page.Contents = pdf.make_stream(b"BT 3 Tr /C 9 Tf (ab) Tj ET")
    assert run_font_rules(pdf) == []  # StandardEncoding names map to Unicode
    page.Contents = pdf.make_stream(b"BT 3 Tr /C 9 Tf <01> Tj ET")
    assert _rules(run_font_rules(pdf)) == {("7.21.7", "no-unicode-mapping")}


def type1_pdf(text: str) -> pikepdf.Pdf:
    """ReportLab embedding a Type 1 font program (/FontFile) it ships, with WinAnsiEncoding."""
    import os

    import reportlab
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfgen import canvas

    folder = os.path.join(os.path.dirname(reportlab.__file__), "fonts")
    if "DarkGardenMK" not in pdfmetrics.getRegisteredFontNames():
        face = pdfmetrics.EmbeddedType1Face(os.path.join(folder, "DarkGardenMK.afm"),
                                            os.path.join(folder, "DarkGardenMK.pfb"))
        pdfmetrics.registerTypeFace(face)
        pdfmetrics.registerFont(pdfmetrics.Font("DarkGardenMK", "DarkGardenMK", "WinAnsiEncoding"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, initialFontName="DarkGardenMK")
    c.drawString(72, 720, text)
    c.showPage()
    c.save()
    return pikepdf.open(io.BytesIO(buf.getvalue()))


def test_embedded_type1_program_is_read():
    pdf = type1_pdf("Hello Größe äöü ß")
    assert run_font_rules(pdf) == []
    font = next(f for f, _ in iter_fonts(pdf))
    assert "/FontFile" in font.FontDescriptor
    font.Widths[ord("H")] = 900
    assert _rules(run_font_rules(pdf)) == {("7.21.5", "glyph-width-mismatch")}


def test_type1_program_lacking_glyphs_is_7_21_4_1():
    # DarkGarden has no en dash, ellipsis or copyright sign.
    found = run_font_rules(type1_pdf("so weit – … ©"))
    assert [(f.clause, f.rule) for f in found] == [("7.21.4.1", "glyph-missing")]
    assert "<85>" in found[0].message and "<96>" in found[0].message


def test_reportlab_cid_font_with_predefined_cmap():
    # A Type0 font on UniJIS-UCS2-H with Adobe-Japan1: Unicode is derivable (7.21.7 holds),
    # the CMap is predefined (7.21.3.3 holds), but the font program is not embedded.
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if "HeiseiMin-W3" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("HeiseiMin-W3"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, initialFontName="HeiseiMin-W3")
    c.drawString(72, 720, "日本語のテキスト ABC")
    c.showPage()
    c.save()
    found = run_font_rules(pikepdf.open(io.BytesIO(buf.getvalue())))
    assert [(f.clause, f.rule) for f in found] == [("7.21.4.1", "font-not-embedded")]


def test_symbolic_truetype_with_several_cmaps_but_no_3_0_is_7_21_6(tt_pdf):
    pdf, font = tt_pdf
    font.FontDescriptor.FontFile2.write(ATKINSON.read_bytes())  # cmap (0,3) and (3,1)
    assert ("7.21.6", "truetype-symbolic-cmap") in _rules(check_fonts(pdf))


@pytest.mark.parametrize("full_font", [False, True])
def test_nonsymbolic_truetype_differences_need_3_1_cmap(full_font):
    pdf = pikepdf.open(io.BytesIO(reportlab_pdf()))
    font = _tt_font(pdf)
    font.FontDescriptor.Flags = 32
    font.Encoding = pikepdf.Dictionary(Differences=[32, pikepdf.Name.space])
    if full_font:  # the original font has a (3,1) subtable; ReportLab's subset only (1,0)
        font.FontDescriptor.FontFile2.write(ATKINSON.read_bytes())
    rule = ("7.21.6", "truetype-differences-without-unicode-cmap")
    assert (rule in _rules(check_fonts(pdf))) is not full_font


def test_cidsysteminfo_ordering_mismatch_is_7_21_3_1():
    pdf, font = _type0_pdf()
    font.Encoding = pikepdf.Name("/UniJIS-UCS2-H")
    font.DescendantFonts[0].CIDSystemInfo.Ordering = "Korea1"
    assert ("7.21.3.1", "cidsysteminfo-ordering-mismatch") in _rules(check_fonts(pdf))
    font.DescendantFonts[0].CIDSystemInfo.Ordering = "Japan1"
    assert not any(c == "7.21.3.1" for c, _ in _rules(check_fonts(pdf)))


def test_malformed_font_values_do_not_crash(tt_pdf):
    pdf, font = tt_pdf
    font.Widths[5] = pikepdf.Name.Oops
    font.FirstChar = pikepdf.String("0")
    font.FontDescriptor.Flags = pikepdf.Name.Symbolic
    run_font_rules(pdf)  # no exception; what is unreadable is not judged


def test_symbolic_type1_uses_the_programs_own_encoding():
    pdf = type1_pdf("Hello")
    font = next(f for f, _ in iter_fonts(pdf))
    del font["/Encoding"]
    font.FontDescriptor.Flags = 4
    assert run_font_rules(pdf) == []  # H, e, l, o found through the built-in encoding's names
