"""Issue 16: `pipeline check --pdfx`, one crafted failing file per PDF/X-4 rule.

Each test starts from a small file that passes every PDF/X-4 rule (made here with
pikepdf), breaks one thing, and expects exactly that rule's finding."""
from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest
from pikepdf import Array, Dictionary, Name

from pipeline.checker.pdfx import check_pdfx
from pipeline.cli import main

PROFILE = (Path(__file__).resolve().parents[1] / "pipeline" / "pdf" / "profiles"
           / "FOGRA39L-coated-300.icc").read_bytes()
XMP = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/"
  xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
<pdfxid:GTS_PDFXVersion>{version}</pdfxid:GTS_PDFXVersion>{extra}
</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>"""


def _xmp(pdf: pikepdf.Pdf, version: str = "PDF/X-4", extra: str = "") -> None:
    pdf.Root.Metadata = pdf.make_stream(XMP.format(version=version, extra=extra).encode())
    pdf.Root.Metadata.Type, pdf.Root.Metadata.Subtype = Name.Metadata, Name.XML


def passing() -> pikepdf.Pdf:
    """One CMYK page with a (nominally) embedded font, boxes, an X-4 intent and identification."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(Dictionary(
        Type=Name.Font, Subtype=Name.TrueType, BaseFont=Name("/ABCDEF+Test"),
        FontDescriptor=pdf.make_indirect(Dictionary(Type=Name.FontDescriptor, FontName=Name("/ABCDEF+Test"),
                                                    FontFile2=pdf.make_stream(b"\0" * 16)))))
    content = b"0 0 0 1 k 10 10 50 50 re f BT /F1 12 Tf 20 20 Td (Hi) Tj ET 0 0 0 1 K 0 0 m 9 9 l S"
    page = pikepdf.Page(Dictionary(
        Type=Name.Page, MediaBox=Array([0, 0, 200, 200]), BleedBox=Array([10, 10, 190, 190]),
        TrimBox=Array([20, 20, 180, 180]), Contents=pdf.make_stream(content),
        Resources=Dictionary(Font=Dictionary(F1=font))))
    pdf.pages.append(page)
    profile = pdf.make_stream(PROFILE)
    profile.N = 4
    pdf.Root.OutputIntents = Array([pdf.make_indirect(Dictionary(
        Type=Name.OutputIntent, S=Name.GTS_PDFX, OutputConditionIdentifier=pikepdf.String("FOGRA39"),
        RegistryName=pikepdf.String("http://www.color.org"), DestOutputProfile=profile))])
    pdf.docinfo = pdf.make_indirect(Dictionary(Title=pikepdf.String("t"), Trapped=Name("/False"),
                                               GTS_PDFXVersion=pikepdf.String("PDF/X-4")))
    _xmp(pdf)
    return pdf


def _saved(pdf: pikepdf.Pdf, path: Path, version: str = "1.6", **save) -> Path:
    pdf.save(path, min_version=version, force_version=version, **save)
    return path


def _rules(path: Path) -> list[str]:
    with open(path, "rb") as fh:
        header = fh.read(1024)
    with pikepdf.open(path) as pdf:
        return sorted({f.rule for f in check_pdfx(pdf, header)})


def test_the_crafted_base_file_passes(tmp_path):
    assert _rules(_saved(passing(), tmp_path / "ok.pdf")) == []


def _profile_with(data: bytes, at: int, value: bytes) -> bytes:
    return data[:at] + value + data[at + len(value):]


def _intent(pdf):
    return pdf.Root.OutputIntents[0]


BREAKS: dict[str, Callable[[pikepdf.Pdf], None]] = {
    "pdfx-version-missing": lambda pdf: (_xmp(pdf, "PDF/X-3:2003"), delattr(pdf.docinfo, "GTS_PDFXVersion")),
    "pdfx-version-disagrees": lambda pdf: setattr(pdf.docinfo, "GTS_PDFXVersion", pikepdf.String("PDF/X-4p")),
    "pdfx-trapped": lambda pdf: setattr(pdf.docinfo, "Trapped", Name("/Unknown")),
    "pdfx-trapped-disagrees": lambda pdf: _xmp(pdf, extra="<pdf:Trapped>True</pdf:Trapped>"),
    "pdfx-output-intent": lambda pdf: setattr(_intent(pdf), "S", Name.GTS_PDFA1),
    "pdfx-output-condition": lambda pdf: delattr(_intent(pdf), "OutputConditionIdentifier"),
    "pdfx-output-profile": lambda pdf: delattr(_intent(pdf), "DestOutputProfile"),
    "pdfx-profile-class":
        lambda pdf: _intent(pdf).DestOutputProfile.write(_profile_with(PROFILE, 12, b"mntr")),
    "pdfx-profile-components": lambda pdf: setattr(_intent(pdf).DestOutputProfile, "N", 3),
    "pdfx-trim-box": lambda pdf: delattr(pdf.pages[0].obj, "TrimBox"),
    "pdfx-box-nesting": lambda pdf: setattr(pdf.pages[0].obj, "TrimBox", Array([5, 20, 180, 180])),
    "pdfx-colour-space": lambda pdf: pdf.pages[0].obj.Contents.write(b"1 0 0 rg 10 10 50 50 re f"),
    "pdfx-font-not-embedded": lambda pdf: delattr(
        pdf.pages[0].obj.Resources.Font.F1.FontDescriptor, "FontFile2"),
}


@pytest.mark.parametrize("rule", sorted(BREAKS))
def test_each_rule_finds_its_crafted_file(rule, tmp_path):
    pdf = passing()
    BREAKS[rule](pdf)
    assert _rules(_saved(pdf, tmp_path / f"{rule}.pdf")) == [rule]


def test_both_trim_and_art_box_is_a_finding(tmp_path):
    pdf = passing()
    pdf.pages[0].obj.ArtBox = Array([20, 20, 180, 180])
    assert _rules(_saved(pdf, tmp_path / "art.pdf")) == ["pdfx-trim-box"]


def test_a_bleed_box_outside_the_media_box_is_a_finding(tmp_path):
    pdf = passing()
    pdf.pages[0].obj.BleedBox = Array([10, 10, 210, 190])
    assert _rules(_saved(pdf, tmp_path / "bleed.pdf")) == ["pdfx-box-nesting"]


def test_rgb_images_and_rgb_in_forms_are_found(tmp_path):
    pdf = passing()
    image = pdf.make_stream(b"\xff\0\0", Type=Name.XObject, Subtype=Name.Image, Width=1, Height=1,
                            ColorSpace=Name.DeviceRGB, BitsPerComponent=8)
    form = pdf.make_stream(b"0 0 1 RG 0 0 m 5 5 l S", Type=Name.XObject, Subtype=Name.Form,
                           BBox=Array([0, 0, 10, 10]))
    for name, xobject, ops in (("Im1", image, b"q 10 0 0 10 0 0 cm /Im1 Do Q"),
                               ("Fm1", form, b"/Fm1 Do")):
        case = passing()
        case.pages[0].obj.Resources.XObject = Dictionary({f"/{name}": case.copy_foreign(xobject)})
        case.pages[0].obj.Contents.write(ops)
        assert _rules(_saved(case, tmp_path / f"{name}.pdf")) == ["pdfx-colour-space"], name


def test_a_default_rgb_space_makes_rgb_allowed(tmp_path):
    pdf = passing()
    icc = pdf.make_stream(PROFILE)  # any ICC-based space will do for the rule
    icc.N = 4
    pdf.pages[0].obj.Resources.ColorSpace = Dictionary(DefaultRGB=Array([Name.ICCBased, icc]))
    pdf.pages[0].obj.Contents.write(b"1 0 0 rg 10 10 50 50 re f")
    assert _rules(_saved(pdf, tmp_path / "default.pdf")) == []


def test_a_newer_pdf_version_is_a_finding(tmp_path):
    assert _rules(_saved(passing(), tmp_path / "v17.pdf", version="1.7")) == ["pdfx-pdf-version"]


def test_an_encrypted_file_is_a_finding(tmp_path):
    path = _saved(passing(), tmp_path / "locked.pdf",
                  encryption=pikepdf.Encryption(owner="owner", user="", R=4))
    assert "pdfx-encrypted" in _rules(path)


def test_cli_pdfx_reports_the_rule_and_exits_1(tmp_path, capsys):
    pdf = passing()
    BREAKS["pdfx-trapped"](pdf)
    path = _saved(pdf, tmp_path / "untrapped.pdf")
    assert main(["check", "--pdfx", "--format", "json", str(path)]) == 1
    report = json.loads(capsys.readouterr().out)["files"][0]
    assert {(f["clause"], f["rule"]) for f in report["findings"]} >= {("X-4", "pdfx-trapped")}
    # without --pdfx, the PDF/X rules are not asked for
    main(["check", "--format", "json", str(path)])
    assert not [f for f in json.loads(capsys.readouterr().out)["files"][0]["findings"]
                if f["clause"] == "X-4"]


def test_malformed_pdfx_objects_are_findings_not_crashes(tmp_path, capsys):
    pdf = passing()
    pdf.pages[0].obj.TrimBox = Array([pikepdf.String("a"), 0, 0, 0])
    pdf.Root.OutputIntents = Array([5, Dictionary(S=Name.GTS_PDFX, DestOutputProfile=Array([1]))])
    path = _saved(pdf, tmp_path / "malformed.pdf")
    assert _rules(path) == ["pdfx-box-nesting", "pdfx-output-condition", "pdfx-output-profile"]
    assert main(["check", "--pdfx", str(path)]) == 1
    assert "Traceback" not in capsys.readouterr().err
