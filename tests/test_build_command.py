"""Issue 2/4: the build command end to end: independent checkers, bad input, the gate."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MINI, have, outputs

from pipeline.checker import check_file
from pipeline.cli import main

BIN = Path(sys.executable).parent


def test_outputs_pass_our_checker_with_zero_findings(built):
    for _edition, _variant, path in outputs(built):
        report = check_file(path)
        assert report.findings == [], f"{path.name}: {report.findings[:5]}"


def test_outputs_pass_pdfua(built):
    for _, _, path in outputs(built):
        run = subprocess.run([str(BIN / "pdfua"), "check", str(path)], capture_output=True, text=True)
        assert run.returncode == 0, run.stdout + run.stderr
        assert "PASS (no findings)" in run.stdout, run.stdout
        assert "[skip" not in run.stdout, run.stdout


# outloud's ORD-001 compares the order in which a page paints its content with the order
# of the structure tree. Issue 13 asks for the two to differ where page make-up moves
# things: a figure floated to the top of the next page, a footnote set at the foot of the
# page, both keep their source place in the tree (which is what a screen reader follows;
# PDF/UA does not ask for paint order). So that one heuristic is left out; the tree's order
# is asserted against the sources by the text round-trip tests.
OUTLOUD_SKIP = "ORD-001"


def test_outputs_pass_outloud_criteria(built):
    failing = []
    for _, _, path in outputs(built):
        run = subprocess.run([str(BIN / "outloud"), "--criteria", "--skip", OUTLOUD_SKIP, str(path)],
                             capture_output=True, text=True)
        assert run.returncode == 0, run.stdout[-3000:] + run.stderr
        failing += [f"{path.name}: {line}" for line in run.stdout.splitlines()
                    if line.strip().startswith(("FAIL", "WARN"))]
        quiet = subprocess.run([str(BIN / "outloud"), "-q", "--skip", OUTLOUD_SKIP, str(path)],
                               capture_output=True, text=True)
        if "0 error(s), 0 warning(s)" not in quiet.stdout:
            failing.append(quiet.stdout.strip())
    assert not failing, failing


@pytest.mark.skipif(not have("qpdf"), reason="qpdf (Debian package qpdf) not installed")
def test_outputs_pass_qpdf_check(built):
    for _, _, path in outputs(built):
        run = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
        assert run.returncode == 0, run.stdout + run.stderr


@pytest.mark.skipif(not have("pdfinfo"), reason="pdfinfo (Debian package poppler-utils) not installed")
def test_poppler_reads_the_structure_tree(built):
    path = built["mini"]["de"]
    run = subprocess.run(["pdfinfo", "-struct-text", str(path)], capture_output=True, text=True)
    assert run.returncode == 0
    assert "Span" in run.stdout and "Smart Grid" in run.stdout


def test_pages_render_with_content(built, tmp_path):
    """Cover, contents, a reportage page and the imprint render; none is blank."""
    import pypdfium2 as pdfium
    pdf = pdfium.PdfDocument(str(built["mini"]["de"]))
    pages = [0, 1, 2, len(pdf) - 1]
    for index in pages:
        image = pdf[index].render(scale=0.5).to_pil().convert("L")
        image.save(tmp_path / f"page-{index + 1}.png")
        lo, hi = image.getextrema()
        assert hi - lo > 100, f"page {index + 1} looks blank"


# -- bad input ------------------------------------------------------------------------
@pytest.fixture
def edition_copy(tmp_path):
    folder = tmp_path / "mini"
    shutil.copytree(MINI, folder)
    return folder


def _build(folder: Path, out: Path, capsys) -> tuple[int, str]:
    code = main(["build", str(folder), "--output", str(out)])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def _text(change):
    """A breakage that edits the file's text."""
    def apply(path: Path) -> None:
        path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
    return apply


def _png_bomb(path: Path) -> None:
    """A small file that decodes to 200 megapixels (a decompression bomb)."""
    from PIL import Image
    Image.new("1", (20000, 10000)).save(path, optimize=True)
    assert path.stat().st_size < 200_000


def _not_an_image(path: Path) -> None:
    path.write_bytes(b"\x89PNG\r\n\x1a\n this is not really a PNG")


def _latin1(path: Path) -> None:
    path.write_bytes(path.read_bytes().replace(b"Sonne", "S\u00f6nne".encode("latin-1")))


BREAKAGES = {
    "malformed yaml": ("edition.yaml",
                       _text(lambda t: t.replace("languages: [de, en]", "languages: [de, en")),
                       "edition.yaml:"),
    "missing image": ("reportages/sonne.de.md",
                      _text(lambda t: t.replace("images/sun.png", "images/none.png")),
                      "sonne.de.md:23: image 'images/none.png' not found"),
    "missing alt": ("reportages/sonne.en.md",
                    _text(lambda t: t.replace("alt: A yellow sun above a green meadow under a blue sky.\n",
                                              "")),
                    "sonne.en.md:22: figure: missing key 'alt'"),
    "missing translation": ("edition.yaml", _text(lambda t: t.replace("  en: Mini Edition\n", "")),
                            "title: missing the 'en' text"),
    "image escapes sources": ("reportages/sonne.de.md",
                              _text(lambda t: t.replace("images/sun.png", "../../../etc/passwd")),
                              "leaves the edition folder"),
    "unknown language": ("reportages/sonne.de.md", _text(lambda t: t.replace("{lang=en}", "{lang=xx}")),
                         "sonne.de.md:13: span language: unknown language 'xx'"),
    "skipped heading level": ("reportages/sonne.de.md",
                              _text(lambda t: t.replace("## Das Labor", "#### Das Labor")),
                              "sonne.de.md:16: heading level 4"),
    "decompression bomb": ("images/sun.png", _png_bomb,
                           "sonne.de.md:23: image 'images/sun.png' is far more than 40 megapixels"),
    "large image": ("images/sun.png", lambda p: __import__("PIL.Image").Image.new("1", (9000, 5000)).save(p),
                    "sonne.de.md:23: image 'images/sun.png' is 9000x5000 pixels, more than 40 megapixels"),
    "not an image": ("images/sun.png", _not_an_image,
                     "sonne.de.md:23: image 'images/sun.png' is not a readable image"),
    "figure block not yaml": ("reportages/sonne.de.md",
                              _text(lambda t: t.replace("alt: Eine gelbe Sonne", "alt: [Eine gelbe Sonne")),
                              "sonne.de.md:25: figure block is not valid YAML"),
    "front matter not closed": ("reportages/sonne.en.md", _text(lambda t: t.replace("---\n\n", "\n\n", 1)),
                                "sonne.en.md:1: front matter is not closed"),
    "markdown not utf-8": ("reportages/sonne.de.md", _latin1, "sonne.de.md:2: not UTF-8 text"),
    "yaml not utf-8": ("edition.yaml",
                       lambda p: p.write_bytes(p.read_bytes().replace(b"Mini-Ausgabe", b"M\xfcni")),
                       "edition.yaml:5: not UTF-8 text"),
}


@pytest.mark.parametrize("case", sorted(BREAKAGES))
def test_bad_input_names_file_and_line_and_keeps_previous_pdf(case, edition_copy, tmp_path, capsys):
    out = tmp_path / "out"
    code, _ = _build(edition_copy, out, capsys)
    assert code == 0
    before = {p.name: p.read_bytes() for p in out.glob("*.pdf")}
    assert len(before) == 3
    name, change, message = BREAKAGES[case]
    change(edition_copy / name)
    code, text = _build(edition_copy, out, capsys)
    assert code == 1
    assert message in text, text
    assert "Traceback" not in text
    assert {p.name: p.read_bytes() for p in out.glob("*.pdf")} == before
    assert not list(out.glob(".*.tmp")), "temporary files left behind"


def test_missing_font_is_named_and_nothing_is_replaced(edition_copy, tmp_path, monkeypatch):
    out = tmp_path / "out"
    assert main(["build", str(edition_copy), "-o", str(out)]) == 0
    before = {p.name: p.read_bytes() for p in out.glob("*.pdf")}
    fonts = tmp_path / "fonts"
    shutil.copytree(Path(__file__).resolve().parents[1] / "fonts", fonts)
    (fonts / "AtkinsonHyperlegible-Bold.ttf").unlink()
    run = subprocess.run([sys.executable, "-m", "pipeline.cli", "build", str(edition_copy), "-o", str(out)],
                         capture_output=True, text=True, env={**os.environ, "PIPELINE_FONTS_DIR": str(fonts)})
    assert run.returncode == 1, run.stdout + run.stderr
    assert "AtkinsonHyperlegible-Bold.ttf" in run.stderr and "Traceback" not in run.stderr
    assert {p.name: p.read_bytes() for p in out.glob("*.pdf")} == before
    assert not list(out.glob(".*.tmp"))


def test_reportage_missing_in_one_language(edition_copy, tmp_path, capsys):
    (edition_copy / "reportages" / "sonne.en.md").unlink()
    code, text = _build(edition_copy, tmp_path / "out", capsys)
    assert code == 1
    assert "sonne.en.md: reportage 'sonne' is missing in language 'en'" in text
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").glob("*.pdf"))


def test_validate_lists_all_problems_at_once(edition_copy, capsys):
    md = edition_copy / "reportages" / "sonne.de.md"
    md.write_text(md.read_text(encoding="utf-8").replace("images/sun.png", "images/none.png")
                  .replace("{lang=en}", "{lang=xx}"), encoding="utf-8")
    code = main(["validate", str(edition_copy)])
    text = capsys.readouterr().out
    assert code == 1
    assert "not found" in text and "unknown language 'xx'" in text


def test_checker_gate_refuses_a_nonconforming_pdf(tmp_path, monkeypatch):
    """If the checker finds a violation, nothing is published and the old file stays."""
    from pipeline import stages
    from pipeline.errors import BuildError
    target = tmp_path / "x.pdf"
    target.write_bytes(b"previous good pdf")
    untagged = tmp_path / "plain.pdf"
    from reportlab.pdfgen.canvas import Canvas
    c = Canvas(str(untagged))
    c.drawString(100, 700, "untagged")
    c.save()
    with pytest.raises(BuildError, match="not published"):
        stages.check_bytes_then_publish(untagged.read_bytes(), target, {})
    assert target.read_bytes() == b"previous good pdf"
    assert [p.name for p in tmp_path.iterdir()] == sorted(["x.pdf", "plain.pdf"]) or \
        sorted(p.name for p in tmp_path.iterdir()) == ["plain.pdf", "x.pdf"]


def test_adding_the_tabular_faces_to_a_fonts_folder_rebuilds(edition_copy, tmp_path):
    """The tables' tabular faces are used only when the fonts folder has them: a build
    from a folder without them is not "unchanged" once they are added."""
    fonts = tmp_path / "fonts"
    shutil.copytree(Path(__file__).resolve().parents[1] / "fonts", fonts)
    tabular = sorted(fonts.glob("AtkinsonHyperlegibleTabular-*.ttf"))
    assert len(tabular) == 4
    aside = tmp_path / "aside"
    aside.mkdir()
    for path in tabular:
        path.rename(aside / path.name)
    out = tmp_path / "out"
    env = {**os.environ, "PIPELINE_FONTS_DIR": str(fonts)}

    def build() -> str:
        command = [sys.executable, "-m", "pipeline.cli", "build", str(edition_copy), "-o", str(out),
                   "--jobs", "1", "--trust-own-checker"]
        run = subprocess.run(command, capture_output=True, text=True, env=env)
        assert run.returncode == 0, run.stdout + run.stderr
        return run.stdout

    assert "wrote" in build()
    assert "wrote" not in build()  # nothing changed: every output skipped
    for path in sorted(aside.iterdir()):
        path.rename(fonts / path.name)
    assert "skipped" not in build()
