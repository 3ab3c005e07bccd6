"""The XMP packet is built by construction (ElementTree), so hostile values in titles,
authors and series come back as the same text from every reader: pikepdf's (lxml) and the
checker's own. The checker's one XMP reader (``pipeline.checker.xmp``) refuses DTDs and
bounds size and depth, and keeps the prefixes the rules check."""
from __future__ import annotations

import datetime as dt
import io
import shutil
from pathlib import Path
from xml.parsers import expat

import pikepdf
import pytest
from conftest import MINI

from pipeline.checker import check_file
from pipeline.checker.metadata import read_xmp
from pipeline.checker.pdfa_xmp import check_xmp
from pipeline.checker.xmp import MAX_DEPTH, XmpError, parse_packet
from pipeline.cli import main
from pipeline.errors import BuildError
from pipeline.pdf.metadata import PRISM, DocumentInfo, write_metadata

HOSTILE = 'a < b && "c" ]]> \U0001d11e \U0001f600 <![CDATA[x]]> &amp; <rdf:li>'


def _info(**changes: object) -> DocumentInfo:
    fields: dict = dict(
        titles={"de": f"Titel {HOSTILE}", "en": f"Title {HOSTILE}"},
        subject={"de": f"Untertitel {HOSTILE}", "en": f"Subtitle {HOSTILE}"},
        authors=[f"Erika {HOSTILE}", "Max & Moritz"],
        rights={"de": f"© {HOSTILE}", "en": "© <none>"},
        keywords=f"Sonne, {HOSTILE}",
        date=dt.datetime(2026, 3, 15, tzinfo=dt.UTC),
        publisher=(f"Reihe {HOSTILE}",),
        contributors=(f"Atelier {HOSTILE} (design)",),
        identifiers=(("ISBN", "978-3-16-148410-0"), ("ISSN", "0378-5955")),
    )
    fields.update(changes)
    return DocumentInfo(**fields)


def _written(info: DocumentInfo) -> pikepdf.Pdf:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    write_metadata(pdf, info, b"sources")
    out = io.BytesIO()
    pdf.save(out, fix_metadata_version=False)  # as the build saves (pipeline.pdf.finish)
    return pikepdf.open(io.BytesIO(out.getvalue()))


def test_hostile_values_round_trip_through_pikepdf():
    info = _info()
    with _written(info) as pdf:
        meta = pdf.open_metadata()
        assert meta["dc:title"] == info.title == str(pdf.docinfo.Title)
        assert meta["dc:creator"] == [f"Erika {HOSTILE}, Max & Moritz"] == [str(pdf.docinfo.Author)]
        assert meta["dc:description"] == f"Untertitel {HOSTILE}"
        assert meta["dc:rights"] == f"© {HOSTILE}"
        assert meta["pdf:Keywords"] == f"Sonne, {HOSTILE}"
        assert meta["dc:publisher"] == {f"Reihe {HOSTILE}"}
        assert meta["dc:contributor"] == {f"Atelier {HOSTILE} (design)"}
        assert meta[f"{{{PRISM}}}isbn"] == "978-3-16-148410-0"
        assert meta["dc:language"] == {"de", "en"}


def test_hostile_values_round_trip_through_the_checker():
    info = _info()
    with _written(info) as pdf:
        facts = read_xmp(pdf.Root.Metadata.read_bytes())
        assert facts.dc_title == [info.title, f"Titel {HOSTILE}", f"Title {HOSTILE}"]
        assert facts.langs == {"de", "en"}
        assert facts.uaid == {"part": [("pdfuaid", "1")]}
        findings: list[tuple[str, str]] = []
        check_xmp(pdf, lambda rule, code, message, **_: findings.append((code, message)))
        assert findings == []  # schemas, identification, and /Info = XMP with the same texts


def test_packet_is_utf8_with_the_wrapper_and_no_cdata():
    with _written(_info()) as pdf:
        raw = pdf.Root.Metadata.read_bytes()
    text = raw.decode("utf-8")
    assert text.startswith('<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>')
    assert text.endswith('<?xpacket end="w"?>')
    assert "\U0001d11e" in text  # written as UTF-8, not as a character reference
    assert "]]>" not in text and "<![CDATA[" not in text  # escaped as text, never markup
    assert "&lt;rdf:li&gt;" in text and "&amp;amp;" in text


def test_language_tag_is_escaped_too():
    """xml:lang used to be written unescaped; a quote in it must not end the attribute."""
    info = _info(titles={'de"x': "Titel"}, subject={'de"x': "S"}, rights={'de"x': "R"})
    with _written(info) as pdf:
        facts = read_xmp(pdf.Root.Metadata.read_bytes())
        assert facts.langs == {'de"x'}
        assert pdf.open_metadata()["dc:language"] == {'de"x'}


def test_a_control_character_is_a_build_error_naming_the_property():
    with pytest.raises(BuildError, match=r"pdf:Keywords .*U\+0001"):
        _written(_info(keywords="Sonne\x01"))


def test_same_info_same_bytes():
    a, b = _written(_info()), _written(_info())
    with a, b:
        assert a.Root.Metadata.read_bytes() == b.Root.Metadata.read_bytes()


@pytest.fixture
def hostile_edition(tmp_path) -> Path:
    folder = tmp_path / "mini"
    shutil.copytree(MINI, folder)
    path = folder / "edition.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("  de: Mini-Ausgabe\n", "  de: 'Mini <&> \"Ausgabe\" ]]>'\n")
    text = text.replace("authors: [Erika Beispiel]", "authors: ['Erika <Beispiel> & \"Co\"']")
    path.write_text(text, encoding="utf-8")
    return folder


def test_hostile_title_and_author_in_a_real_build(hostile_edition, tmp_path):
    out = tmp_path / "out"
    assert main(["build", str(hostile_edition), "--output", str(out)]) == 0
    pdfs = sorted(out.glob("*.pdf"))
    assert pdfs
    for path in pdfs:
        with pikepdf.open(path) as pdf:
            raw = pdf.Root.Metadata.read_bytes()
            assert raw.endswith(b'</x:xmpmeta>\n<?xpacket end="w"?>')  # ours, not re-serialised
            meta = pdf.open_metadata()
            assert meta["dc:title"] == str(pdf.docinfo.Title)
            assert meta["dc:creator"] == ['Erika <Beispiel> & "Co"'] == [str(pdf.docinfo.Author)]
            if ".de." in path.name or ".bilingual." in path.name:
                assert 'Mini <&> "Ausgabe" ]]>' in meta["dc:title"]
        report = check_file(path, pdfa=True)
        assert report.ok, "; ".join(f"{f.rule}: {f.message}" for f in report.findings)


# -- the checker's one reader (pipeline.checker.xmp) --------------------------------------
LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>&lol3;</dc:title>
</rdf:Description></rdf:RDF></x:xmpmeta>"""


def _pdf_with_packet(tmp_path: Path, packet: bytes) -> Path:
    with _written(_info()) as pdf:
        pdf.Root.Metadata.write(packet)
        path = tmp_path / "packet.pdf"
        pdf.save(path, fix_metadata_version=False)
    return path


def test_a_dtd_is_refused_so_no_entity_is_expanded(tmp_path):
    with pytest.raises(XmpError, match="document type declaration"):
        parse_packet(LAUGHS)
    report = check_file(_pdf_with_packet(tmp_path, LAUGHS), pdfa=True)
    rules = {f.rule for f in report.findings}
    assert {"metadata-unreadable", "pdfa-metadata-unreadable"} <= rules, rules


def test_an_undefined_entity_is_not_well_formed():
    with pytest.raises(expat.ExpatError, match="undefined entity"):
        parse_packet(b"<x:xmpmeta xmlns:x='adobe:ns:meta/'>&ext;</x:xmpmeta>")


def test_size_and_depth_are_bounded(monkeypatch):
    deep = b"<a>" * (MAX_DEPTH + 1) + b"</a>" * (MAX_DEPTH + 1)
    with pytest.raises(XmpError, match="nested more than"):
        parse_packet(deep)
    monkeypatch.setattr("pipeline.checker.xmp.MAX_BYTES", 100)
    with pytest.raises(XmpError, match="more than the 100 read"):
        parse_packet(b" " * 101)


def test_prefixes_are_kept_and_unprefixed_attributes_have_no_namespace():
    packet = parse_packet(b"""<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description xmlns="http://www.aiim.org/pdfua/ns/id/" xmlns:ua="http://www.aiim.org/pdfua/ns/id/"
  part="7" ua:amd="2005"><part>1</part><ua:corr>1</ua:corr><y:z/></rdf:Description></rdf:RDF></x:xmpmeta>""")
    (desc,) = packet.descriptions()
    assert [(a.ns, a.prefix, a.name) for a in desc.attributes] == [
        ("", "", "part"), ("http://www.aiim.org/pdfua/ns/id/", "ua", "amd")]
    assert [(c.ns, c.prefix, c.name, c.text) for c in desc.children] == [
        ("http://www.aiim.org/pdfua/ns/id/", "", "part", "1"),
        ("http://www.aiim.org/pdfua/ns/id/", "ua", "corr", "1"), ("", "y", "z", "")]
    assert packet.prefixes["http://www.aiim.org/pdfua/ns/id/"] == {"", "ua"}
    assert packet.unbound == ["y"]


def test_print_identification_is_added_to_the_tree_not_the_text():
    """PDF/X-4's properties and extension schema join the packet as elements (pdfx.identify)."""
    from pipeline.pdf.pdfx import PDFX_NS, PDFX_PROPERTIES, PDFX_SCHEMA, identify

    with _written(_info()) as pdf:
        identify(pdf)
        raw = pdf.Root.Metadata.read_bytes()
        meta = pdf.open_metadata()
        assert meta[f"{{{PDFX_NS}}}GTS_PDFXVersion"] == "PDF/X-4"
        assert meta["xmpMM:RenditionClass"] == "default"
        assert meta["dc:title"] == _info().title  # the rest of the packet unchanged
        findings: list[str] = []
        check_xmp(pdf, lambda rule, code, message, **_: findings.append(code))
        assert findings == []  # pdfxid is described by its extension schema
    schemas = parse_packet(raw).descriptions()[0].child(
        "http://www.aiim.org/pdfa/ns/extension/", "schemas")
    assert schemas is not None
    first = schemas.children[0].children[0]
    assert first.children[0].text == PDFX_SCHEMA.schema
    assert len(PDFX_PROPERTIES) == 3


def test_adding_to_a_packet_not_ours_is_a_build_error():
    from pipeline.pdf.metadata import add_properties

    with pytest.raises(BuildError, match="not the one metadata.py writes"):
        add_properties(b"<x:xmpmeta xmlns:x='adobe:ns:meta/'/>", [("xmpMM:VersionID", "1")])
