"""Issue 12, part 1: two independent gates (our checker and page-validation).

Every output, screen and print, passes page-validation's ua1 and 2a profiles; a PDF only
page-validation refuses is not published; --trust-own-checker publishes on our verdict
alone and says so; `pipeline check --second-opinion` shows both verdicts.
"""
from __future__ import annotations

import io
import json
import random
import re
import shutil
import zlib
from pathlib import Path

import page
import pikepdf
import pypdfium2 as pdfium
import pytest
from conftest import MINI, outputs

from pipeline import stages
from pipeline.checker import check_file
from pipeline.cli import main
from pipeline.pdf.stream_ends import save_with_clean_stream_ends

PROFILES = ("ua1", "2a")
FORBIDDEN = {"\x00", "\ufeff", "\ufffe"}


def _failures(path: Path) -> list[str]:
    return [f"{profile} {f.rule_id}: {f.message}"
            for profile in PROFILES for f in page.validate_pdf(str(path), profile=profile).failures]


def _all_outputs(built, built_print) -> list[tuple[str, str, Path]]:
    return outputs(built) + outputs(built_print)


# -- every output passes both gates ---------------------------------------------------
def test_every_output_passes_page_validation(built, built_print):
    results = {path.name: _failures(path) for _, _, path in _all_outputs(built, built_print)}
    assert len(results) >= 12
    assert {name: f for name, f in results.items() if f} == {}


def test_every_output_passes_our_checker_too(built, built_print):
    for _, _, path in _all_outputs(built, built_print):
        report = check_file(path, pdfa=True)
        assert report.ok, (path.name, [(f.clause, f.rule, f.message) for f in report.findings][:5])


def _tounicode(font: pikepdf.Dictionary) -> dict[int, str]:
    data = font.ToUnicode.read_bytes().decode("latin-1")
    out = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", data, re.S):
        for src, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
            out[int(src, 16)] = bytes.fromhex(dst).decode("utf-16-be")
    assert "beginbfrange" not in data
    return out


def _shown_codes(pdf: pikepdf.Pdf) -> dict[tuple[int, int], set[int]]:
    shown: dict[tuple[int, int], set[int]] = {}
    for pg in pdf.pages:
        fonts, current = pg.Resources.get("/Font", {}), None
        for operands, op in pikepdf.parse_content_stream(pg, "Tf Tj TJ"):
            if str(op) == "Tf":
                current = fonts[str(operands[0])]
            else:
                for item in (operands[0] if str(op) == "TJ" else operands):
                    if isinstance(item, pikepdf.String):
                        shown.setdefault(current.objgen, set()).update(bytes(item))
    return shown


def test_tounicode_maps_exactly_the_shown_codes_to_real_text(built, built_print):
    """The root fix: no U+0000 for the codes ReportLab left unassigned; every shown code maps."""
    for _, _, path in _all_outputs(built, built_print):
        with pikepdf.open(path) as pdf:
            shown = _shown_codes(pdf)
            fonts = {f.objgen: f for pg in pdf.pages for f in pg.Resources.Font.values()}
            for key, codes in shown.items():
                mapping = _tounicode(fonts[key])
                assert set(mapping) == codes, (path.name, fonts[key].BaseFont)
                assert all(text and not FORBIDDEN & set(text) for text in mapping.values())


def test_text_still_reads_after_the_cmap_rewrite(built):
    """What a reader extracts is the source text, umlauts and typographic quotes included."""
    doc = pdfium.PdfDocument(str(built["mini"]["de"]))
    words = set(" ".join(doc[i].get_textpage().get_text_range() for i in range(len(doc))).split())
    assert {"überrascht.", "Gespräch", "„Wir", "alles“,", "März", "©"} <= words


def _cr_ending_content(pdf: pikepdf.Pdf) -> None:
    """Make page 1's content stream Flate data that ends with CR (tabs, white space, added
    at its end until the last byte of the Adler-32 checksum is 0x0D)."""
    stream = pdf.pages[0].obj.Contents
    data = stream.read_bytes()
    while zlib.adler32(data) & 0xFF != 0x0D:
        data += b"\t"
    assert zlib.compress(data)[-1] == 0x0D
    stream.write(zlib.compress(data), filter=pikepdf.Name.FlateDecode)


def _save(p: pikepdf.Pdf, object_streams: bool = True) -> bytes:
    out = io.BytesIO()
    mode = pikepdf.ObjectStreamMode.generate if object_streams else pikepdf.ObjectStreamMode.disable
    p.save(out, deterministic_id=True, object_stream_mode=mode)
    return out.getvalue()


def _cr_ends(data: bytes) -> list[str]:
    """The streams of a file whose data ends with CR (qpdf writes LF before endstream)."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return [f"{o.objgen[0]} {o.get('/Type')}" for o in pdf.objects
                if isinstance(o, pikepdf.Stream) and o.read_raw_bytes().endswith(b"\r")]


def test_a_stream_ending_with_cr_is_rewritten_so_its_length_is_unambiguous(built, tmp_path):
    """6.1.7.1 (PDFA2A-STREAM-LENGTH-001 on clusterreportagen.de.pdf): 'CR LF endstream'
    reads as one byte less than /Length. Our checker finds it; the writer avoids it."""
    with pikepdf.open(built["mini"]["de"]) as pdf:
        _cr_ending_content(pdf)
        bad = tmp_path / "cr.pdf"
        bad.write_bytes(_save(pdf))
    assert _cr_ends(bad.read_bytes())
    assert "pdfa-stream-length" in {f.rule for f in check_file(bad, pdfa=True).findings}
    with pikepdf.open(bad) as pdf:
        fixed = tmp_path / "fixed.pdf"
        fixed.write_bytes(save_with_clean_stream_ends(pdf, _save))
    assert _cr_ends(fixed.read_bytes()) == []
    assert _failures(fixed) == [] and check_file(fixed, pdfa=True).ok
    with pikepdf.open(bad) as a, pikepdf.open(fixed) as b:  # the same page content
        assert b.pages[0].obj.Contents.read_bytes().rstrip() == a.pages[0].obj.Contents.read_bytes().rstrip()


def test_a_font_program_ending_with_cr_is_rewritten_too(built, tmp_path):
    with pikepdf.open(built["mini"]["de"]) as pdf:
        font = next(iter(pdf.pages[0].Resources.Font.values()))
        program = font.FontDescriptor.FontFile2
        data = program.read_bytes()
        while zlib.adler32(data) & 0xFF != 0x0D:
            data += b"\x01"  # bytes after the last table, as the writer adds them
        program.write(zlib.compress(data), filter=pikepdf.Name.FlateDecode)
        program.Length1 = len(data)
        bad = _save(pdf)
    assert _cr_ends(bad)
    with pikepdf.open(io.BytesIO(bad)) as pdf:
        fixed = save_with_clean_stream_ends(pdf, _save)
    assert _cr_ends(fixed) == []
    path = tmp_path / "fixed.pdf"
    path.write_bytes(fixed)
    assert _failures(path) == [] and check_file(path, pdfa=True).ok
    with pikepdf.open(path) as pdf:
        program = next(iter(pdf.pages[0].Resources.Font.values())).FontDescriptor.FontFile2
        assert program.read_bytes().startswith(data) and int(program.Length1) == len(program.read_bytes())


def test_a_cross_reference_stream_ending_with_cr_is_avoided_too(built, tmp_path):
    """qpdf writes the xref stream itself; when it ends with CR, the file is saved without
    object streams (and so without an xref stream)."""
    with pikepdf.open(built["mini"]["de"]) as pdf:
        comment = pdf.make_stream(b"")
        pdf.Root.PieceInfo = pikepdf.Dictionary(Test=pikepdf.Dictionary(Private=comment))
        noise = random.Random(12).randbytes(3000)  # incompressible: each n moves the offsets
        for n in range(3000):  # the xref stream's checksum changes with the offsets
            comment.write(noise[:n])
            data = _save(pdf)
            if any(c.endswith("/XRef") for c in _cr_ends(data)):
                break
        else:
            pytest.fail("no xref stream ending with CR made")
        bad = tmp_path / "xref-cr.pdf"
        bad.write_bytes(data)
    assert "pdfa-stream-length" in {f.rule for f in check_file(bad, pdfa=True).findings}
    assert any("STREAM-LENGTH" in f for f in _failures(bad))
    with pikepdf.open(bad) as pdf:
        fixed = save_with_clean_stream_ends(pdf, _save)
    assert _cr_ends(fixed) == []
    (tmp_path / "fixed.pdf").write_bytes(fixed)
    assert _failures(tmp_path / "fixed.pdf") == []


def test_our_checker_finds_a_forbidden_value_for_an_unused_code(built, tmp_path):
    crafted = _with_tounicode_entry(built["mini"]["de"], tmp_path / "u0.pdf", "0000")
    rules = {(f.clause, f.rule) for f in check_file(crafted, pdfa=True).findings}
    assert ("7.21.7", "tounicode-forbidden-value") in rules
    assert ("6.2.11.7.2", "pdfa-tounicode-forbidden-value") in rules
    assert {"ua1 PDFUA1-FONT-UNICODE-VALUE-001", "2a PDFA2A-UNICODE-VALUE-001"} <= \
        {f.split(":")[0] for f in _failures(crafted)}


# -- a PDF only page-validation refuses ---------------------------------------------
def _add_entry(data: bytes, value: str) -> bytes:
    """The first font's ToUnicode CMap with one more entry: an unused code (<7F>) -> value."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        font = next(iter(pdf.pages[0].Resources.Font.values()))
        cmap = font.ToUnicode.read_bytes()
        cmap = re.sub(rb"(\d+) beginbfchar\n", lambda m: b"%d beginbfchar\n<7F> <%s>\n"
                      % (int(m.group(1)) + 1, value.encode()), cmap, count=1)
        font.ToUnicode = pdf.make_stream(cmap)
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True)
        return out.getvalue()


def _with_tounicode_entry(src: Path, dst: Path, value: str) -> Path:
    dst.write_bytes(_add_entry(src.read_bytes(), value))
    return dst


# An unused code mapped to an unpaired surrogate: page-validation refuses the value
# (PDFUA1-FONT-UNICODE-MAPPING-001); our checker judges mappings of shown codes only and
# passes the file. It stands for whatever our checker misses and page-validation catches.
ONLY_PAGE_VALIDATION_REFUSES = "D800"


@pytest.fixture
def mini(tmp_path) -> Path:
    folder = tmp_path / "src" / "mini"
    shutil.copytree(MINI, folder)
    return folder


def test_the_crafted_file_is_refused_by_page_validation_only(built, tmp_path):
    crafted = _with_tounicode_entry(built["mini"]["de"], tmp_path / "d800.pdf", ONLY_PAGE_VALIDATION_REFUSES)
    assert check_file(crafted, pdfa=True).ok, "our checker now catches it: pick another crafted fault"
    assert _failures(crafted), "page-validation passes it: pick another crafted fault"


def _good_then_crafted(mini: Path, out: Path, monkeypatch, *args: str) -> tuple[int, bytes]:
    """Build mini.de.pdf normally, then again (forced) with the crafted post-processing;
    return the second build's exit code and the first build's bytes."""
    assert main(["build", str(mini), "-o", str(out), "--variant", "de"]) == 0
    before = (out / "mini.de.pdf").read_bytes()
    finish = stages.finish
    monkeypatch.setattr(stages, "finish", lambda *a, **kw: _add_entry(finish(*a, **kw),
                                                                       ONLY_PAGE_VALIDATION_REFUSES))
    code = main(["build", str(mini), "-o", str(out), "--variant", "de", "--force", *args])
    return code, before


def test_the_build_does_not_publish_what_only_page_validation_refuses(mini, tmp_path, capsys, monkeypatch):
    out = tmp_path / "out"
    code, before = _good_then_crafted(mini, out, monkeypatch)
    err = capsys.readouterr().err
    assert code == 1
    assert (out / "mini.de.pdf").read_bytes() == before  # the previous PDF, byte for byte
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]
    # both verdicts, with rule ids and counts
    assert "mini.de.pdf: not published." in err
    assert "PDF/UA check (our checker, PDF/UA-1 and PDF/A-2a): passes" in err
    assert re.search(r"page-validation 0\.11\.\d+: \d+ failure\(s\)", err)
    assert "ua1 PDFUA1-FONT-UNICODE-MAPPING-001" in err and "2a PDFA2A-UNICODE-MAPPING-001" in err
    assert "Traceback" not in err


def test_the_build_shows_both_verdicts_when_our_checker_refuses_too(mini, tmp_path, capsys, monkeypatch):
    out = tmp_path / "out"
    assert main(["build", str(mini), "-o", str(out), "--variant", "de"]) == 0
    finish = stages.finish
    monkeypatch.setattr(stages, "finish", lambda *a, **kw: _add_entry(finish(*a, **kw), "0000"))
    assert main(["build", str(mini), "-o", str(out), "--variant", "de", "--force"]) == 1
    err = capsys.readouterr().err
    assert "PDF/UA check (our checker, PDF/UA-1 and PDF/A-2a): 2 problem(s)" in err
    assert "7.21.7 tounicode-forbidden-value" in err and "6.2.11.7.2 pdfa-tounicode-forbidden-value" in err
    assert "ua1 PDFUA1-FONT-UNICODE-VALUE-001" in err and "2a PDFA2A-UNICODE-VALUE-001" in err


def test_trust_own_checker_publishes_on_our_verdict_and_says_so(mini, tmp_path, capsys, monkeypatch):
    out = tmp_path / "out"
    report = tmp_path / "report.json"
    code, before = _good_then_crafted(mini, out, monkeypatch, "--trust-own-checker", "--report", str(report))
    captured = capsys.readouterr()
    assert code == 0
    published = out / "mini.de.pdf"
    assert published.read_bytes() != before and _failures(published)  # published on our verdict alone
    assert "--trust-own-checker: published on our checker's verdict alone; page-validation is not run" \
        in captured.err
    entry = next(o for o in json.loads(report.read_text())["outputs"] if o["name"] == "mini.de.pdf")
    assert entry["status"] == "built"
    assert entry["second_opinion"]["ran"] is False
    assert "--trust-own-checker" in entry["second_opinion"]["reason"]
    # the next build with both gates judges it again (the gate is part of its settings)
    second = tmp_path / "report2.json"
    assert main(["build", str(mini), "-o", str(out), "--variant", "de", "--report", str(second)]) == 1
    entry = json.loads(second.read_text())["outputs"][0]
    assert entry["status"] == "failed" and "PDFUA1-FONT-UNICODE-MAPPING-001" in entry["error"]


def test_the_report_has_page_validations_verdict(mini, tmp_path):
    report = tmp_path / "report.json"
    assert main(["build", str(mini), "-o", str(tmp_path / "out"), "--report", str(report)]) == 0
    for entry in json.loads(report.read_text())["outputs"]:
        opinion = entry["second_opinion"]
        assert opinion["ran"] and opinion["ok"] and opinion["profiles"] == ["ua1", "2a"]
        assert opinion["version"] == page.__version__ and opinion["failures"] == []
    again = tmp_path / "again.json"
    assert main(["build", str(mini), "-o", str(tmp_path / "out"), "--report", str(again)]) == 0
    skipped = json.loads(again.read_text())["outputs"][0]
    assert skipped["status"] == "skipped"
    assert skipped["second_opinion"] == {"ran": False, "reason": "unchanged since it was built; "
                                                                 "judged then by own+page-validation"}


# -- pipeline check --second-opinion --------------------------------------------------
def test_check_second_opinion_shows_both_verdicts(built, tmp_path, capsys):
    good = built["mini"]["de"]
    crafted = _with_tounicode_entry(good, tmp_path / "d800.pdf", ONLY_PAGE_VALIDATION_REFUSES)
    assert main(["check", "--pdfa", "--second-opinion", str(good), str(crafted)]) == 0  # our verdict
    text = capsys.readouterr().out
    assert text.count("conforms to PDF/UA-1 and PDF/A-2a") == 2
    assert "second opinion: PASS page-validation" in text
    assert re.search(r"second opinion: FAIL page-validation [\d.]+: \d+ failure\(s\)", text)
    assert "ua1 PDFUA1-FONT-UNICODE-MAPPING-001" in text

    assert main(["check", "--second-opinion", "--format", "json", str(crafted)]) == 0
    result = json.loads(capsys.readouterr().out)["files"][0]
    assert result["conforming"] is True
    assert result["second_opinion"]["ok"] is False
    assert {"PDFUA1-FONT-UNICODE-MAPPING-001", "PDFA2A-UNICODE-MAPPING-001"} <= \
        {f["rule_id"] for f in result["second_opinion"]["failures"]}


def test_check_without_the_option_asks_only_our_checker(built, capsys):
    assert main(["check", "--format", "json", str(built["mini"]["de"])]) == 0
    assert "second_opinion" not in json.loads(capsys.readouterr().out)["files"][0]


FORK_AFTER_DIRECT_USE = """
import sys
import page
import pikepdf
blank = pikepdf.new()
blank.add_blank_page()
blank.save(sys.argv[1] + "/blank.pdf")
page.validate_pdf(sys.argv[1] + "/blank.pdf", profile="ua1")  # the pool exists here now
from pipeline.cli import main
sys.exit(main(["build", sys.argv[2], "-o", sys.argv[1] + "/out", "--jobs", "2"]))
"""


def test_a_build_after_page_validation_was_used_directly_does_not_hang(tmp_path):
    """page-validation's thread pool does not survive fork: a process that validated with it
    directly (as these tests do) and then builds with forked workers must not hang them."""
    import subprocess
    import sys

    run = subprocess.run([sys.executable, "-c", FORK_AFTER_DIRECT_USE, str(tmp_path), str(MINI)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    assert len(list((tmp_path / "out").glob("*.pdf"))) == 3
