"""`pipeline check`: exit codes, unreadable input, JSON output.

Damaged inputs are made in tmp_path at test time from a small, valid, tagged PDF.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest

from pipeline.checker import CheckerInputError, check_file
from pipeline.cli import main

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "verapdf-corpus" / "PDF_UA-1"


XMP = b"""<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/" pdfuaid:part="1">
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">Test</rdf:li></rdf:Alt></dc:title>
</rdf:Description></rdf:RDF></x:xmpmeta>
<?xpacket end="w"?>"""


def make_tagged_pdf(path: Path, pages: int = 1) -> Path:
    """A minimal PDF/UA-shaped file: one tagged paragraph per page (fonts aside)."""
    pdf = pikepdf.new()
    pdf.Root.Lang = pikepdf.String("en")
    pdf.Root.MarkInfo = pikepdf.Dictionary(Marked=True)
    pdf.Root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)
    pdf.Root.Metadata = pdf.make_stream(XMP, Type=pikepdf.Name.Metadata, Subtype=pikepdf.Name.XML)
    doc = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.Document,
                                               K=pikepdf.Array()))
    root = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot, K=doc))
    doc.P = root
    nums = pikepdf.Array()
    for i in range(pages):
        pdf.add_blank_page(page_size=(200, 200))
        page = pdf.pages[-1]
        page.obj.StructParents = i
        page.obj.Contents = pdf.make_stream(b"/P <</MCID 0>> BDC 0 0 10 10 re f EMC")
        p = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.P,
                                                 P=doc, Pg=page.obj, K=0))
        doc.K.append(p)
        nums.extend([i, pikepdf.Array([p])])
    root.ParentTree = pdf.make_indirect(pikepdf.Dictionary(Nums=nums))
    root.ParentTreeNextKey = pages
    pdf.Root.StructTreeRoot = root
    pdf.save(path)
    return path


@pytest.fixture
def good_pdf(tmp_path: Path) -> Path:
    return make_tagged_pdf(tmp_path / "good.pdf")


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pipeline.cli", "check", *args],
                          capture_output=True, text=True, timeout=60)


def assert_unreadable(result: subprocess.CompletedProcess[str], name: str) -> None:
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and name in lines[0], result.stderr


def test_good_file_passes(good_pdf: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = check_file(good_pdf)
    assert report.ok, report.findings
    assert main(["check", str(good_pdf)]) == 0
    assert "PASS" in capsys.readouterr().out


def test_findings_give_exit_1_and_grouped_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = make_tagged_pdf(tmp_path / "bad.pdf")
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        del pdf.Root.ViewerPreferences
        pdf.pages[0].obj.Contents = pdf.make_stream(b"0 0 10 10 re f")
        pdf.save(path)
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert out.startswith("FAIL")
    assert "\n  7.1\n" in out
    assert "display-doc-title" in out and "content-not-tagged" in out and "page 1" in out


def test_truncated_pdf(good_pdf: Path, tmp_path: Path) -> None:
    data = good_pdf.read_bytes()
    bad = tmp_path / "truncated.pdf"
    bad.write_bytes(data[: len(data) // 2])
    assert_unreadable(run_cli(str(bad)), "truncated.pdf")


def test_garbled_pdf(good_pdf: Path, tmp_path: Path) -> None:
    data = bytearray(good_pdf.read_bytes())
    start = data.index(b"xref") if b"xref" in data else len(data) // 2
    data[start - 200:] = bytes((b * 7 + 13) % 256 for b in data[start - 200:])
    bad = tmp_path / "garbled.pdf"
    bad.write_bytes(bytes(data))
    assert_unreadable(run_cli(str(bad)), "garbled.pdf")


def test_encrypted_pdf(good_pdf: Path, tmp_path: Path) -> None:
    enc = tmp_path / "encrypted.pdf"
    with pikepdf.open(good_pdf) as pdf:
        pdf.save(enc, encryption=pikepdf.Encryption(user="secret", owner="owner"))
    result = run_cli(str(enc))
    assert_unreadable(result, "encrypted.pdf")
    assert "password" in result.stderr


def test_empty_file(tmp_path: Path) -> None:
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    result = run_cli(str(empty))
    assert_unreadable(result, "empty.pdf")
    assert "empty" in result.stderr


def test_not_a_pdf(tmp_path: Path) -> None:
    text = tmp_path / "notes.pdf"
    text.write_text("just some text, not a PDF\n")
    result = run_cli(str(text))
    assert_unreadable(result, "notes.pdf")
    assert "not a PDF" in result.stderr


def test_missing_file(tmp_path: Path) -> None:
    assert_unreadable(run_cli(str(tmp_path / "nowhere.pdf")), "nowhere.pdf")


def test_check_file_raises_input_error(tmp_path: Path) -> None:
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    with pytest.raises(CheckerInputError):
        check_file(empty)


def test_worst_exit_code_wins(good_pdf: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    result = run_cli(str(good_pdf), str(empty))
    assert result.returncode == 2
    assert "PASS" in result.stdout and "empty.pdf" in result.stderr
    assert "2 files: 1 pass, 0 fail, 1 unreadable" in result.stdout


def test_json_format(good_pdf: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    result = run_cli("--format", "json", str(good_pdf), str(empty))
    assert result.returncode == 2
    data = json.loads(result.stdout)
    assert data["exit"] == 2
    good, bad = data["files"]
    assert good["conforming"] is True and good["findings"] == [] and good["pages"] == 1
    assert "error" in bad and "empty" in bad["error"]


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"veraPDF corpus not found at {CORPUS}")
def test_json_findings_have_locations() -> None:
    path = next(CORPUS.rglob("7.3-t01-fail-a.pdf"))
    result = run_cli("--format", "json", str(path))
    assert result.returncode == 1
    findings = json.loads(result.stdout)["files"][0]["findings"]
    fig = [f for f in findings if f["clause"] == "7.3"]
    assert fig and fig[0]["rule"] == "figure-no-alt" and fig[0]["path"].endswith("Figure[1]")
    assert set(fig[0]) == {"clause", "rule", "message", "page", "obj", "path"}


def test_encrypted_without_user_password_is_checked(good_pdf: Path, tmp_path: Path) -> None:
    """Encryption that any reader can open is checked, not refused. (qpdf always grants the
    accessibility permission when writing, so its denial, 7.16, is covered by the corpus.)"""
    owner_only = tmp_path / "owner-only.pdf"
    with pikepdf.open(good_pdf) as pdf:
        pdf.save(owner_only, encryption=pikepdf.Encryption(user="", owner="owner", R=4))
    report = check_file(owner_only)
    assert report.ok, report.findings
    assert run_cli(str(owner_only)).returncode == 0
