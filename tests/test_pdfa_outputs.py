"""Issue 7: every output, screen and print, is PDF/A-2a as well as PDF/UA-1."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pikepdf
import pytest
from conftest import MINI

from pipeline.checker import check_file
from pipeline.checker.pdfa_xmp import pdf_date, xmp_date
from pipeline.stages import Output, load, render_output


def _all(built, built_print) -> list[tuple[str, str, Path]]:
    return [(profile, variant, path)
            for profile, outputs in (("screen", built), ("print", built_print))
            for variants in outputs.values() for variant, path in variants.items()]


def test_both_profiles_build_every_output_of_every_edition(built, built_print, editions):
    assert set(built) == set(built_print) == set(editions)
    for edition, variants in built.items():
        assert set(built_print[edition]) == set(variants) == {*editions[edition].languages, "bilingual"}


def test_every_output_passes_the_pdfa_and_pdfua_checks(built, built_print):
    for _profile, _variant, path in _all(built, built_print):
        report = check_file(path, pdfa=True)
        assert report.ok, f"{path.name}: " + "; ".join(f"{f.rule}: {f.message}" for f in report.findings)


def test_xmp_identifies_pdfa_2a_and_pdfua_1_and_describes_pdfuaid(built, built_print):
    for _, _, path in _all(built, built_print):
        with pikepdf.open(path) as pdf:
            meta = pdf.open_metadata()
            assert meta["pdfaid:part"] == "2"
            assert meta["pdfaid:conformance"] == "A"
            assert meta["pdfuaid:part"] == "1"
            raw = pdf.Root.Metadata.read_bytes().decode("utf-8")
            assert "Filter" not in pdf.Root.Metadata.stream_dict
        schemas = raw[raw.index("<pdfaExtension:schemas>"):raw.index("</pdfaExtension:schemas>")]
        namespace = "http://www.aiim.org/pdfua/ns/id/"
        assert f"<pdfaSchema:namespaceURI>{namespace}</pdfaSchema:namespaceURI>" in schemas
        assert "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>" in schemas
        assert "<pdfaProperty:name>part</pdfaProperty:name>" in schemas
        assert "<pdfaProperty:valueType>Integer</pdfaProperty:valueType>" in schemas


def test_info_and_xmp_agree(built, built_print):
    for _, _, path in _all(built, built_print):
        with pikepdf.open(path) as pdf:
            info, meta = pdf.docinfo, pdf.open_metadata()
            assert str(info.Title) == meta["dc:title"]
            assert [str(info.Author)] == meta["dc:creator"]
            assert str(info.Subject) == meta["dc:description"]
            assert str(info.Keywords) == meta["pdf:Keywords"]
            assert str(info.Creator) == meta["xmp:CreatorTool"]
            assert str(info.Producer) == meta["pdf:Producer"]
            assert pdf_date(str(info.CreationDate)) == xmp_date(meta["xmp:CreateDate"])
            assert pdf_date(str(info.ModDate)) == xmp_date(meta["xmp:ModifyDate"])
            assert isinstance(pdf_date(str(info.ModDate)), dt.datetime)


def test_srgb_output_intent_with_an_icc_profile(built):
    """The screen outputs' intent. The print outputs have the printing condition's CMYK
    profile behind a GTS_PDFX and a GTS_PDFA1 intent (issue 16: tests/test_print_pdfx.py)."""
    for _, _, path in _all(built, {}):
        with pikepdf.open(path) as pdf:
            intents = pdf.Root.OutputIntents
            assert len(intents) == 1
            intent = intents[0]
            assert intent.S == pikepdf.Name.GTS_PDFA1
            assert str(intent.OutputConditionIdentifier) == "sRGB IEC61966-2.1"
            profile = intent.DestOutputProfile
            data = profile.read_bytes()
            assert int(profile.N) == 3
            assert data[36:40] == b"acsp" and data[12:16] == b"mntr" and data[16:20] == b"RGB "
            assert (data[8], data[9]) <= (4, 0x20)
            assert int.from_bytes(data[0:4], "big") == len(data)


def test_no_encryption_a_file_id_fonts_embedded_printable_annotations(built, built_print):
    for _, _, path in _all(built, built_print):
        with pikepdf.open(path) as pdf:
            assert not pdf.is_encrypted and "/Encrypt" not in pdf.trailer
            assert len(pdf.trailer.ID) == 2
            assert "/JavaScript" not in pdf.Root.get("/Names", {})
            assert pdf.pdf_version <= "1.7"
            links = 0
            for page in pdf.pages:
                for font in page.Resources.Font.values():
                    assert "/FontFile2" in font.FontDescriptor
                    assert "/ToUnicode" in font
                for annot in page.get("/Annots", []):
                    links += 1
                    assert int(annot.F) & 4 and not int(annot.F) & (1 | 2 | 32 | 256)
                    assert "/C" not in annot  # no link colour
                    assert [float(v) for v in annot.Border][:3] == [0, 0, 0]
                group = page.obj.get("/Group")
                assert group is None or "/CS" in group
            assert links > 0


def test_output_is_reproducible_in_both_profiles():
    edition = load(MINI)
    for profile in ("screen", "print"):
        output = Output(edition.id, "de", ("de",), profile)
        assert render_output(edition, output) == render_output(edition, output)


def test_the_build_refuses_to_publish_a_pdf_that_fails_the_pdfa_rules(tmp_path, monkeypatch):
    """The build gate runs the PDF/A rules: a PDF without its output intent is not published."""
    from pipeline import stages
    from pipeline.errors import BuildError

    edition = load(MINI)
    data = render_output(edition, Output(edition.id, "de", ("de",)))
    with pikepdf.open(__import__("io").BytesIO(data)) as pdf:
        del pdf.Root.OutputIntents
        broken = tmp_path / "broken.pdf"
        pdf.save(broken)
    target = tmp_path / "out" / "mini.de.pdf"
    with pytest.raises(BuildError, match="pdfa-no-output-intent"):
        stages.check_bytes_then_publish(broken.read_bytes(), target, {})
    assert not target.exists()


def test_pipeline_check_pdfa_command(built_print, tmp_path, capsys):
    from pipeline.cli import main

    good = built_print["mini"]["de"]
    assert main(["check", "--pdfa", str(good)]) == 0
    assert "conforms to PDF/UA-1 and PDF/A-2a" in capsys.readouterr().out
    with pikepdf.open(good) as pdf:
        del pdf.Root.OutputIntents
        pdf.save(tmp_path / "no-intent.pdf")
    assert main(["check", str(tmp_path / "no-intent.pdf")]) == 0  # PDF/A is opt-in
    capsys.readouterr()
    assert main(["check", "--pdfa", "--format", "json", str(tmp_path / "no-intent.pdf")]) == 1
    report = __import__("json").loads(capsys.readouterr().out)
    rules = {f["rule"] for f in report["files"][0]["findings"]}
    assert {"pdfa-no-output-intent", "pdfa-device-colour"} <= rules
