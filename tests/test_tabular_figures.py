"""Issue 13, item 5: table cells are set with tabular figures where the font has them.

The body font's digits are proportional; its ``tnum`` glyphs are reached through derived
faces (fonts/AtkinsonHyperlegibleTabular-*.ttf, made by tools/make_tabular_fonts.py)
whose cmap maps the digits to them. Judged from the built PDFs: the fonts' /Widths, the
text a reader extracts, where the digits of a column stand on the page.
"""
from __future__ import annotations

import ctypes
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from conftest import MINI, ROOT, have, outputs
from fontTools.ttLib import TTFont
from pdfinspect import Inspector, _parse_cmap

from pipeline import second_opinion
from pipeline.cli import main
from pipeline.fontfamily import BODY

sys.path.insert(0, str(ROOT / "tools"))
import make_tabular_fonts  # noqa: E402

FONTS = ROOT / "fonts"  # the project's own fonts folder (not $PIPELINE_FONTS_DIR)
DIGITS = "0123456789"
SAMPLE = "clusterreportagen"
# The sample's table in biocon-valley.de.md: its "Beschäftigte" column, right-aligned.
EMPLOYED = ["1.900", "3.400", "9.800", "28.000"]


def _digit_widths(font: pikepdf.Dictionary) -> dict[str, float]:
    """digit -> width (/Widths, 1/1000 em) of every digit code of a simple font."""
    mapping, _ = _parse_cmap(font.ToUnicode.read_bytes())
    first, widths = int(font.FirstChar), [float(w) for w in font.Widths]
    return {ch: widths[code - first] for code, ch in mapping.items()
            if ch in DIGITS and 0 <= code - first < len(widths)}


def _role_above(elem: pikepdf.Dictionary) -> str:
    """TD or TH for content in a table cell (at any depth), else the element's own role."""
    own = str(elem.S)[1:]
    node = elem
    while node is not None and "/S" in node:
        if str(node.S)[1:] in ("TD", "TH"):
            return str(node.S)[1:]
        node = node.get("/P")
    return own


def _digits_drawn(path: Path) -> list[tuple[str, str, str, dict[str, float]]]:
    """(role, digit, font name, the font's digit widths) of every digit a page draws inside
    tagged content: the role is TD/TH for a table cell's, else that of the element owning
    the marked content."""
    doc = Inspector(path)
    owners = doc.mcid_owners()
    drawn = []
    for index, page in enumerate(doc.pdf.pages):
        fonts = page.obj.Resources.get("/Font", {})
        stack: list[tuple[str, int | None]] = []  # (tag, MCID) of the open marked content
        font = None
        for operands, op in pikepdf.parse_content_stream(page):
            op = str(op)
            if op in ("BDC", "BMC"):
                props = operands[1] if op == "BDC" else None
                mcid = int(props.MCID) if isinstance(props, pikepdf.Dictionary) and "/MCID" in props else None
                stack.append((str(operands[0]), mcid))
            elif op == "EMC":
                stack.pop()
            elif op == "Tf":
                font = fonts.get(str(operands[0]))
            elif op in ("Tj", "TJ", "'", '"'):
                mcid = next((m for _, m in reversed(stack) if m is not None), None)
                if mcid is None or any(tag == "/Artifact" for tag, _ in stack):
                    continue  # running heads, page numbers, a repeated header row
                strings = ([s for s in operands[0] if isinstance(s, pikepdf.String)] if op == "TJ"
                           else [operands[-1]])
                mapping, _ = _parse_cmap(font.ToUnicode.read_bytes())
                owner = owners[(index, mcid)]
                for s in strings:
                    for code in bytes(s):
                        if mapping.get(code, "") in DIGITS:
                            drawn.append((_role_above(owner), mapping[code], str(font.BaseFont),
                                          _digit_widths(font)))
    return drawn


def test_table_digits_are_tabular_and_body_digits_proportional(built):
    in_cells = in_text = 0
    proportional_seen = False
    for _, _, path in outputs(built):
        for role, _digit, name, widths in _digits_drawn(path):
            if role in ("TD", "TH"):
                in_cells += 1
                assert "Tabular" in name, (path.name, name)
                assert len(set(widths.values())) == 1, (path.name, name, widths)
            else:
                in_text += 1
                assert "Tabular" not in name, (path.name, role, name)
                proportional_seen |= len(set(widths.values())) > 1
    assert in_cells >= 100 and in_text >= 100, (in_cells, in_text)
    assert proportional_seen  # body text keeps the font's proportional figures


def test_the_tabular_faces_have_all_ten_digits_of_one_width():
    for path in BODY.tabular_files(FONTS):
        font = TTFont(path)
        cmap, hmtx = font.getBestCmap(), font["hmtx"]
        widths = {hmtx[cmap[ord(d)]][0] for d in DIGITS}
        assert len(widths) == 1, (path.name, widths)
        assert font["name"].getDebugName(1) == "Atkinson Hyperlegible Tabular"  # renamed (OFL)
        original = TTFont(FONTS / path.name.replace("HyperlegibleTabular", "Hyperlegible"))
        assert set(cmap) == set(original.getBestCmap())  # the same characters, no fewer
        assert len({original["hmtx"][original.getBestCmap()[ord(d)]][0] for d in DIGITS}) > 1
    assert len(BODY.tabular_files(FONTS)) == 4


def test_the_shipped_tabular_faces_are_what_the_tool_makes():
    run = subprocess.run([sys.executable, str(ROOT / "tools" / "make_tabular_fonts.py"), "--check"],
                         capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stdout + run.stderr


def test_a_font_without_tnum_gives_no_tabular_face(tmp_path):
    font = TTFont(FONTS / BODY.regular)
    del font["GSUB"]
    font.save(tmp_path / "plain.ttf")
    assert make_tabular_fonts.derive(tmp_path / "plain.ttf", "AtkinsonHyperlegibleTabular-Regular") is None


def _cell_texts(path: Path) -> list[str]:
    doc = Inspector(path)
    return [doc.text(td) for td in doc.by_type("TD")]


def test_digits_read_back_as_drawn(built):
    path = built[SAMPLE]["de"]
    assert set(EMPLOYED) <= set(_cell_texts(path))  # the structure tree (ToUnicode)
    pdf = pdfium.PdfDocument(str(path))
    try:
        text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()
    assert all(n in text for n in EMPLOYED), "pdfium does not read the table's numbers back"


@pytest.mark.skipif(not have("pdftotext"), reason="pdftotext (Debian package poppler-utils) not installed")
def test_pdftotext_reads_the_numbers_back(built):
    run = subprocess.run(["pdftotext", "-layout", str(built[SAMPLE]["de"]), "-"],
                         capture_output=True, text=True, check=True)
    assert all(n in run.stdout for n in EMPLOYED), run.stdout[:2000]


def _origins(page: pdfium.PdfPage, wanted: list[str]) -> dict[str, list[float]]:
    """The x of each character's origin of every whole word in ``wanted`` on the page."""
    textpage = page.get_textpage()
    text = textpage.get_text_range()
    found: dict[str, list[float]] = {}
    for word in wanted:
        start = text.find(word)
        while start >= 0 and (text[start - 1:start].strip() or text[start + len(word):][:1].strip()):
            start = text.find(word, start + 1)  # a whole word, not part of a longer one
        assert start >= 0, word
        xs = []
        for i in range(start, start + len(word)):
            x, y = ctypes.c_double(), ctypes.c_double()
            assert pdfium_c.FPDFText_GetCharOrigin(textpage.raw, i, ctypes.byref(x), ctypes.byref(y))
            xs.append(x.value)
        found[word] = xs
    return found


def test_a_numeric_column_lines_up_digit_under_digit(built):
    """Right-aligned, with figures of one width: the n-th character from the right of every
    number in the column starts at the same x (proportional figures miss by 0.1-2 pt)."""
    pdf = pdfium.PdfDocument(str(built[SAMPLE]["de"]))
    try:
        page = next(pdf[i] for i in range(len(pdf))
                    if all(n in pdf[i].get_textpage().get_text_range() for n in EMPLOYED))
        origins = _origins(page, EMPLOYED)
    finally:
        pdf.close()
    for n in range(1, max(map(len, EMPLOYED)) + 1):
        column = [xs[-n] for xs in origins.values() if len(xs) >= n]
        assert max(column) - min(column) < 0.01, (n, origins)


def test_table_outputs_pass_the_checker_and_page_validation(built):
    path = built[SAMPLE]["de"]
    assert main(["check", "--pdfa", str(path)]) == 0
    verdict = second_opinion.second_opinion(path)
    assert verdict.ok, verdict.summary()


def test_table_outputs_pass_libqpdfs_check(built):
    for path in built[SAMPLE].values():
        with pikepdf.open(path) as pdf:
            assert pdf.check_pdf_syntax() == [], path.name  # what `qpdf --check` runs


@pytest.mark.skipif(not have("qpdf"), reason="qpdf (Debian package qpdf) not installed")
def test_table_outputs_pass_qpdf_check(built):
    run = subprocess.run(["qpdf", "--check", str(built[SAMPLE]["de"])], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


def test_the_tabular_faces_are_inputs_of_a_build(tmp_path):
    out = tmp_path / "out"
    assert main(["build", str(MINI), "-o", str(out), "--variant", "de"]) == 0
    manifest = (out / ".build-manifest.json").read_text(encoding="utf-8")
    tabular = BODY.tabular_files()  # those of the fonts folder the build used
    assert len(tabular) == 4
    for path in tabular:
        assert str(path.resolve()) in manifest, path.name


def test_a_fonts_folder_without_tabular_faces_keeps_the_fonts_figures(tmp_path):
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    for path in BODY.own_files(FONTS):
        shutil.copy(path, fonts)
    assert BODY.files(fonts) == BODY.own_files(fonts)  # nothing missing is an input
    shutil.copy(BODY.tabular_files(FONTS)[0], fonts)  # one of four is not a tabular family
    assert BODY.tabular_files(fonts) == []
    out = tmp_path / "out"
    run = subprocess.run([sys.executable, "-m", "pipeline.cli", "build", str(MINI), "-o", str(out),
                          "--variant", "de"], capture_output=True, text=True, cwd=ROOT,
                         env={**os.environ, "PIPELINE_FONTS_DIR": str(fonts)})
    assert run.returncode == 0, run.stdout + run.stderr
    drawn = _digits_drawn(out / "mini.de.pdf")
    cells = [(name, widths) for role, _, name, widths in drawn if role in ("TD", "TH")]
    assert cells and all("Tabular" not in name for name, _ in cells)
    assert any(len(set(widths.values())) > 1 for _, widths in cells)  # the font's own figures
    assert "2025" in _cell_texts(out / "mini.de.pdf")
