"""`pipeline tags`: outline and reading text of tagged PDFs (a hand-made sample and
the veraPDF PDF/UA-1 corpus), and plain failures on untagged or corrupt files."""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import outputs
from fixtures.sample_pdf import EXPECTED_TEXT, build_sample, build_untagged

from pipeline.cli import main
from pipeline.review.readout import format_outline, shorten
from pipeline.review.structure import (
    Annotation,
    ElementView,
    NoStructureTree,
    UnreadablePDF,
    load_document,
    read_structure,
    reading_text,
)

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "verapdf-corpus" / "PDF_UA-1"
CORPUS_FILES = sorted(CORPUS.rglob("*.pdf")) if CORPUS.is_dir() else []
needs_corpus = pytest.mark.skipif(not CORPUS_FILES, reason=f"veraPDF corpus not found at {CORPUS}")


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_sample(tmp_path_factory.mktemp("review") / "sample.pdf")


def test_reading_text_of_sample(sample: Path) -> None:
    assert reading_text(sample) == EXPECTED_TEXT


def test_structure_of_sample(sample: Path) -> None:
    root = read_structure(sample)
    assert root.type == "StructTreeRoot" and root.lang == "de-DE"
    (doc,) = root.children
    assert [c.type for c in doc.children] == ["Heading1", "P", "Figure", "P", "P", "H2", "Figure", "P"]
    h1, para, fig, para2, para3, h2, fig2, para4 = doc.children
    assert (h1.type, h1.std_type, h1.text, h1.pages) == ("Heading1", "H1", "Smart Grids", [1])
    # the soft hyphen at the line end joins "Ener-gie"; the English span stays inline
    assert para.text == "Die Energie fließt im Smart Grid in beide Richtungen."
    (span,) = para.children
    assert (span.lang, span.effective_lang, span.parent_lang, span.text) == \
        ("en", "en", "de-DE", "Smart Grid")
    assert fig.alt == "Diagramm: Strom fließt zwischen Haushalten und Netz." and fig.text == fig.alt
    link = para2.children[0]
    (annot,) = link.annotations
    assert isinstance(annot, Annotation)
    assert (annot.subtype, annot.contents, annot.uri, annot.page) == (
        "Link", "Website von Example", "https://example.org/", 1)
    formula, abbr = para3.children
    assert formula.actual_text == "H2O" and formula.text == "H2O"
    assert abbr.expansion == "zum Beispiel" and abbr.text == "z. B."
    # heading in a Type0 font, decoded with its ToUnicode CMap, reached through an MCR dictionary
    assert (h2.text, h2.pages) == ("Zweite Seite", [2])
    assert fig2.pages == [2] and doc.pages == [1, 2]
    assert [n.number for n in root.walk()] == list(range(len(list(root.walk()))))
    assert fig2.path == "Document/Figure[2]"  # the checker's Finding.path form
    # marked content inside a form XObject (MCR with /Stm), then a sequence with its own /Lang
    form_mc, fr_mc = para4.marked_content
    assert (form_mc.text, form_mc.page, form_mc.found) == ("Aus dem Formular:", 2, True)
    assert (fr_mc.text.strip(), fr_mc.lang) == ("Bonjour", "fr-FR")
    assert para4.text == "Aus dem Formular: Bonjour"


def test_boxes_of_sample(sample: Path) -> None:
    doc = load_document(sample)
    fig = next(n for n in doc.elements if n.type == "Figure")
    box = fig.bbox_by_page()[1]
    assert (box.x0, box.y0, box.x1, box.y1) == pytest.approx((56, 500, 256, 620))
    img = [n for n in doc.elements if n.type == "Figure"][1].bbox_by_page()[2]
    assert (img.x0, img.y0, img.x1, img.y1) == pytest.approx((56, 600, 206, 700))
    form_box = doc.elements[-1].marked_content[0].bbox  # drawn through the form's /Matrix
    assert form_box is not None and 390 < form_box.y0 < 400 and form_box.x0 == pytest.approx(56)
    h1 = doc.elements[1].bbox_by_page()[1]
    assert 50 < h1.x0 < 60 and 730 < h1.y0 < 740 and 150 < h1.x1 < 220 and 755 < h1.y1 < 765
    assert len(doc.pages[0].artifacts) == 1 and len(doc.pages[1].artifacts) == 1
    assert doc.pages[0].untagged == [] and doc.pages[1].untagged == []


def test_outline_of_sample(sample: Path) -> None:
    outline = format_outline(read_structure(sample))
    lines = outline.splitlines()
    assert lines[0] == 'StructTreeRoot  lang=de-DE  title="Stichprobe: Smart Grids"'
    assert lines[1] == "  Document  (pp. 1\u20132)"
    assert lines[2] == '    Heading1 \u2192 H1  "Smart Grids"  (p. 1)'
    assert '      Span  lang=en  "Smart Grid"  (p. 1)' in lines
    assert '    Figure  alt="Diagramm: Strom fließt zwischen Haushalten und Netz."  (p. 1)' in lines
    assert ('        OBJR Link annotation  contents="Website von Example"  uri=https://example.org/  (p. 1)'
            in lines)
    assert '      Span  actualtext="H2O"  (p. 1)' in lines
    assert '      Span  E="zum Beispiel"  "z. B."  (p. 1)' in lines
    assert '    H2  "Zweite Seite"  (p. 2)' in lines
    assert lines[-1] == '    P  "Aus dem Formular: Bonjour"  content lang=fr-FR  (p. 2)'


def test_long_text_is_shortened_with_ellipsis() -> None:
    assert shorten("word " * 40, 20) == "word word word word\u2026"
    assert shorten("short", 20) == "short"
    node = ElementView(type="P", std_type="P", alt="x" * 200)
    from pipeline.review.readout import node_label

    assert node_label(node, limit=30) == 'P  alt="' + "x" * 29 + '\u2026"'


def test_cli_outline_and_text(sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["tags", str(sample)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("StructTreeRoot  lang=de-DE") and "Heading1 \u2192 H1" in out
    assert main(["tags", "--text", str(sample)]) == 0
    assert capsys.readouterr().out == EXPECTED_TEXT + "\n"


def test_untagged_pdf_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pdf = build_untagged(tmp_path / "plain.pdf")
    with pytest.raises(NoStructureTree):
        read_structure(pdf)
    assert main(["tags", str(pdf)]) == 1
    err = capsys.readouterr().err
    assert "no structure tree" in err and "Traceback" not in err


@pytest.mark.parametrize("content", [b"", b"not a pdf at all", b"%PDF-1.7\n1 0 obj <<\n%%EOF garbage"])
def test_corrupt_file_exit_2_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                      content: bytes) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(content)
    with pytest.raises(UnreadablePDF):
        read_structure(bad)
    for args in (["tags", str(bad)], ["tags", "--text", str(bad)]):
        assert main(args) == 2
        captured = capsys.readouterr()
        assert captured.out == ""
        assert len(captured.err.strip().splitlines()) == 1 and "Traceback" not in captured.err


def test_encrypted_file_exit_2(sample: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import pikepdf

    locked = tmp_path / "locked.pdf"
    with pikepdf.open(sample) as pdf:
        pdf.save(locked, encryption=pikepdf.Encryption(user="secret", owner="owner"))
    assert main(["tags", str(locked)]) == 2
    assert "password" in capsys.readouterr().err


def test_missing_file_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["tags", str(tmp_path / "nope.pdf")]) == 2
    assert "no such file" in capsys.readouterr().err


@needs_corpus
def test_corpus_role_map_and_language_switch() -> None:
    rolemap = CORPUS / "7.1 General" / "7.1-t05-pass-a.pdf"
    outline = format_outline(read_structure(rolemap))
    assert "Standard \u2192 P" in outline
    switch = CORPUS / "7.1 General" / "7.1-t02-pass-b.pdf"
    assert reading_text(switch) == "Artifact Test\n[lang=en-US] Artifact with Background type [/lang]"


@needs_corpus
def test_corpus_figure_alt_and_link_contents() -> None:
    fig = CORPUS / "7.3 Graphics" / "7.3-t01-pass-a.pdf"
    assert reading_text(fig) == "ActualText for Figure\n[Figure: Logo of Dual lab sprl]\ncompany"
    general = CORPUS / "7.1 General" / "7.1-t01-pass-a.pdf"
    text = reading_text(general)
    assert "[Link: Click to redirect at footnote]" in text
    assert text.splitlines()[0] == "The graphics objects in a document can be divided into two classes:"


@needs_corpus
@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name)
def test_every_corpus_file(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Every tagged corpus file gives an outline and a reading text, exit 0, no traceback."""
    assert main(["tags", str(path)]) == 0
    outline = capsys.readouterr().out
    assert outline.startswith("StructTreeRoot")
    assert main(["tags", "--text", str(path)]) == 0
    capsys.readouterr()


def test_damaged_copies_never_give_a_traceback(sample: Path, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """Truncated and byte-flipped copies of the sample: exit 0, 1 or 2, at most one line on stderr."""
    data = sample.read_bytes()
    variants = [data[: len(data) * k // 10] for k in range(1, 10)]
    for k in range(1, 16):
        flipped = bytearray(data)
        for i in range(k * 97 % 50 + 40, len(flipped), len(flipped) // (k + 3)):
            flipped[i] ^= 0x5A
        variants.append(bytes(flipped))
    for i, content in enumerate(variants):
        bad = tmp_path / f"damaged{i}.pdf"
        bad.write_bytes(content)
        for args in (["tags", str(bad)], ["tags", "--text", str(bad)]):
            code = main(args)
            err = capsys.readouterr().err
            assert code in (0, 1, 2), (i, code)
            assert "Traceback" not in err
            if code != 0:
                assert len(err.strip().splitlines()) == 1, (i, err)


def test_built_editions(built: dict[str, dict[str, Path]], capsys: pytest.CaptureFixture[str]) -> None:
    """Every edition the test session builds (tests/conftest.py): an outline, a reading text
    with the document's words."""
    paths = [path for _, _, path in outputs(built)]
    assert len(paths) >= 9  # mini and the two editions in sources/, three variants each
    for path in paths:
        assert main(["tags", str(path)]) == 0, path.name
        assert capsys.readouterr().out.startswith("StructTreeRoot  lang="), path.name
        text = reading_text(path)
        assert len(text.split()) > 20 and "\ufffd" not in text and "\u00ad" not in text, path.name
