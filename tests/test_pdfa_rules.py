"""Issue 7: each PDF/A-2a rule of the checker, on a good output changed to break it."""
from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable

import pikepdf
import pytest
from conftest import MINI
from pikepdf import Array, Dictionary, Name

from pipeline.checker import check_file, check_pdf
from pipeline.checker.pdfa_xmp import xmp_date
from pipeline.stages import Output, load, render_output

GOOD_HEADER = b"%PDF-1.7\n%\xbf\xf7\xa2\xfe\n"


@pytest.fixture(scope="module")
def good() -> bytes:
    edition = load(MINI)
    return render_output(edition, Output(edition.id, "de", ("de",)))


def rules(data: bytes, change: Callable[[pikepdf.Pdf], None] | None = None,
          pdfa: bool | str = True, header: bytes | None = GOOD_HEADER) -> set[str]:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        if change:
            change(pdf)
        return {f.rule for f in check_pdf(pdf, "t.pdf", pdfa=pdfa, header=header).findings}


def _set_xmp(pdf: pikepdf.Pdf, edit: Callable[[str], str]) -> None:
    xmp = pdf.Root.Metadata.read_bytes().decode("utf-8")
    changed = edit(xmp)
    assert changed != xmp, "the test's edit did not apply"
    pdf.Root.Metadata.write(changed.encode("utf-8"))


def _first_link(pdf: pikepdf.Pdf) -> pikepdf.Dictionary:
    return next(a for p in pdf.pages for a in p.get("/Annots", []))


def _first_image(pdf: pikepdf.Pdf) -> pikepdf.Stream:
    return next(x for x in pdf.pages[0].Resources.XObject.values() if x.Subtype == Name.Image)


def _first_font(pdf: pikepdf.Pdf) -> pikepdf.Dictionary:
    return next(iter(pdf.pages[1].Resources.Font.values()))


def test_the_good_output_passes_and_pdfa_rules_are_opt_in(good):
    assert rules(good) == set()
    no_intent = rules(good, lambda pdf: pdf.Root.__delattr__("OutputIntents"), pdfa=False)
    assert no_intent == set(), "without --pdfa only the PDF/UA-1 rules run"


@pytest.mark.parametrize("header, rule", [
    (b"%PDF-2.0\n%\xbf\xf7\xa2\xfe\n", "pdfa-version"),
    (b"%PDF-1.7\n%abcd\n", "pdfa-binary-comment"),
    (b"%PDF-1.7\n1 0 obj\n", "pdfa-binary-comment"),
    (b"garbage", "pdfa-header"),
])
def test_file_header(good, header, rule):
    assert rule in rules(good, header=header)


def test_file_identifier_and_encryption(good, tmp_path):
    assert "pdfa-no-file-id" in rules(good, lambda pdf: pdf.trailer.__delattr__("ID"))
    with pikepdf.open(io.BytesIO(good)) as pdf:
        pdf.save(tmp_path / "enc.pdf", encryption=pikepdf.Encryption(owner="o", user="", R=6))
    assert "pdfa-encrypted" in {f.rule for f in check_file(tmp_path / "enc.pdf", pdfa=True).findings}


def test_external_streams_and_forbidden_filters(good):
    def external(pdf):
        pdf.Root.PieceInfo = pdf.make_stream(b"x", F=pikepdf.String("data.bin"))

    def lzw(pdf):
        s = pdf.make_stream(b"x")
        s.Filter = Name.LZWDecode
        pdf.Root.PieceInfo = s
    assert "pdfa-external-stream" in rules(good, external)
    assert "pdfa-forbidden-filter" in rules(good, lzw)


def test_implementation_limits(good):
    def long_string(pdf):
        pdf.docinfo.Custom = pikepdf.String("x" * 40000)

    def long_name(pdf):
        pdf.Root.PieceInfo = Name("/" + "n" * 130)

    def big_int(pdf):
        pdf.Root.PieceInfo = 2**33
    assert "pdfa-long-string" in rules(good, long_string)
    assert "pdfa-long-name" in rules(good, long_name)
    assert "pdfa-big-integer" in rules(good, big_int)


def test_output_intent(good):
    found = rules(good, lambda pdf: pdf.Root.__delattr__("OutputIntents"))
    assert {"pdfa-no-output-intent", "pdfa-device-colour"} <= found

    def profile_bytes(edit: Callable[[bytearray], None]):
        def change(pdf):
            profile = pdf.Root.OutputIntents[0].DestOutputProfile
            data = bytearray(profile.read_bytes())
            edit(data)
            profile.write(bytes(data))
        return change

    for where, value in ((slice(8, 9), b"\x05"), (slice(36, 40), b"nope"), (slice(12, 16), b"scnr")):
        change = profile_bytes(lambda d, where=where, value=value: d.__setitem__(where, value))
        assert "pdfa-intent-bad-profile" in rules(good, change), (where, value)
    assert "pdfa-intent-bad-profile" in rules(
        good, lambda pdf: pdf.Root.OutputIntents[0].DestOutputProfile.__setattr__("N", 4))
    assert "pdfa-intent-no-profile" in rules(
        good, lambda pdf: pdf.Root.OutputIntents[0].__delattr__("DestOutputProfile"))

    def second_intent(pdf):
        other = pdf.make_stream(pdf.Root.OutputIntents[0].DestOutputProfile.read_bytes(), N=3)
        pdf.Root.OutputIntents.append(Dictionary(Type=Name.OutputIntent, S=Name.GTS_PDFX,
                                                 DestOutputProfile=other))
    assert "pdfa-intent-profiles-differ" in rules(good, second_intent)


def test_device_cmyk_with_an_rgb_intent(good):
    def cmyk(pdf):
        page = pdf.pages[1]
        page.contents_add(pdf.make_stream(b"0 0 0 1 k"), prepend=True)

    def cmyk_image(pdf):
        _first_image(pdf).ColorSpace = Name.DeviceCMYK
    assert "pdfa-device-colour" in rules(good, cmyk)
    assert "pdfa-device-colour" in rules(good, cmyk_image)


def test_graphics_state_blend_modes_images_xobjects(good):
    def gstate(**entries):
        def change(pdf):
            pdf.pages[1].Resources.ExtGState = Dictionary(GS9=Dictionary(Type=Name.ExtGState, **entries))
        return change
    assert "pdfa-transfer-function" in rules(good, gstate(TR=Name.Identity))
    assert "pdfa-transfer-function" in rules(good, gstate(TR2=Name.Identity))
    assert "pdfa-transfer-function" not in rules(good, gstate(TR2=Name.Default))
    assert "pdfa-halftone-phase" in rules(good, gstate(HTP=Array([0, 0])))
    assert "pdfa-blend-mode" in rules(good, gstate(BM=Name("/Dissolve")))
    assert "pdfa-blend-mode" not in rules(good, gstate(BM=Name.Multiply))
    assert "pdfa-interpolate" in rules(good, lambda pdf: _first_image(pdf).__setattr__("Interpolate", True))
    assert "pdfa-image-alternates" in rules(
        good, lambda pdf: _first_image(pdf).__setattr__("Alternates", Array()))
    assert "pdfa-opi" in rules(good, lambda pdf: _first_image(pdf).__setattr__("OPI", Dictionary()))

    def ps(pdf):
        pdf.pages[1].Resources.XObject = Dictionary(PS1=pdf.make_stream(
            b"", Type=Name.XObject, Subtype=Name.PS))
    assert "pdfa-postscript" in rules(good, ps)


def test_fonts_embedded_and_mapped_to_unicode(good):
    def unembed(pdf):
        del _first_font(pdf).FontDescriptor.FontFile2

    assert "pdfa-font-not-embedded" in rules(good, unembed)
    assert "pdfa-font-no-unicode" in rules(good, lambda pdf: _first_font(pdf).__delattr__("ToUnicode"))

    def unused_font(pdf):  # a font in the resources that shows no text need not be embedded
        pdf.pages[1].Resources.Font.Unused = Dictionary(Type=Name.Font, Subtype=Name.Type1,
                                                       BaseFont=Name.Helvetica)
    assert not {"pdfa-font-not-embedded", "pdfa-font-no-unicode"} & rules(good, unused_font)


def test_transparency_group_without_colour_space_and_output_intent(good):
    def group(with_intent: bool):
        def change(pdf):
            pdf.pages[1].obj.Group = Dictionary(S=Name.Transparency)
            if not with_intent:
                del pdf.Root.OutputIntents
        return change
    assert "pdfa-group-colour-space" in rules(good, group(with_intent=False))
    assert "pdfa-group-colour-space" not in rules(good, group(with_intent=True))


def test_transparency_needs_a_blending_colour_space_without_output_intent(good):
    def transparent(pdf):
        del pdf.Root.OutputIntents
        pdf.pages[0].Resources.ExtGState = Dictionary(GSa=Dictionary(ca=0.5))
    assert "pdfa-transparency-without-blending-space" in rules(good, transparent)

    def with_group(pdf):
        transparent(pdf)
        pdf.pages[0].obj.Group = Dictionary(S=Name.Transparency, CS=Name.DeviceRGB)
    assert "pdfa-transparency-without-blending-space" not in rules(good, with_group)


def test_transparency_group_device_space_must_match_the_output_intent(good):
    def cmyk_group(pdf):  # our output intent is RGB
        pdf.pages[0].obj.Group = Dictionary(S=Name.Transparency, CS=Name.DeviceCMYK)
    assert "pdfa-group-device-colour" in rules(good, cmyk_group)


@pytest.mark.parametrize("flags", [None, 0, 2, 4 | 2, 4 | 32, 4 | 1, 4 | 256])
def test_annotation_flags(good, flags):
    def change(pdf):
        link = _first_link(pdf)
        if flags is None:
            del link.F
        else:
            link.F = flags
    assert "pdfa-annotation-flags" in rules(good, change)


def test_annotation_types_appearances_colours(good):
    def appearance(pdf):
        link = _first_link(pdf)
        link.AP = Dictionary(N=pdf.make_stream(b""), D=pdf.make_stream(b""))

    def colour(pdf):
        _first_link(pdf).C = Array([0, 0, 1])
        intent = pdf.Root.OutputIntents[0].DestOutputProfile
        data = bytearray(intent.read_bytes())
        data[16:20] = b"CMYK"
        intent.write(bytes(data))
        intent.N = 4

    def movie(pdf):
        pdf.pages[1].Annots.append(pdf.make_indirect(Dictionary(
            Type=Name.Annot, Subtype=Name.Movie, Rect=Array([0, 0, 1, 1]), F=4)))
    assert "pdfa-appearance-keys" in rules(good, appearance)
    assert "pdfa-annotation-colour" not in rules(good, colour), "PDF/A-1 had this rule, PDF/A-2 has not"
    assert "pdfa-annotation-type" in rules(good, movie)
    assert "pdfa-no-appearance" in rules(good, movie)

    def text_note(with_area: bool, with_ap: bool):
        def change(pdf):
            note = Dictionary(Type=Name.Annot, Subtype=Name.Text, F=4,
                              Rect=Array([0, 0, 10, 10] if with_area else [5, 5, 5, 5]))
            if with_ap:
                note.AP = Dictionary(N=pdf.make_stream(b""))
            pdf.pages[1].Annots.append(pdf.make_indirect(note))
        return change
    assert "pdfa-no-appearance" in rules(good, text_note(with_area=True, with_ap=False))
    assert "pdfa-no-appearance" not in rules(good, text_note(with_area=False, with_ap=False))
    assert "pdfa-no-appearance" not in rules(good, text_note(with_area=True, with_ap=True))

    def normal_appearance(kind: str, appearance):
        def change(pdf):
            annot = Dictionary(Type=Name.Annot, Subtype=Name.Widget if kind else Name.Text, F=4,
                               Rect=Array([0, 0, 10, 10]), AP=Dictionary(N=appearance(pdf)))
            if kind:
                annot.FT = Name(kind)
            pdf.pages[1].Annots.append(pdf.make_indirect(annot))
        return change
    stream = lambda pdf: pdf.make_stream(b"")  # noqa: E731
    states = lambda pdf: Dictionary(On=pdf.make_stream(b""), Off=pdf.make_stream(b""))  # noqa: E731
    assert "pdfa-appearance-type" in rules(good, normal_appearance("", states))
    assert "pdfa-appearance-type" in rules(good, normal_appearance("/Btn", stream))
    assert "pdfa-appearance-type" not in rules(good, normal_appearance("/Btn", states))
    assert "pdfa-appearance-type" not in rules(good, normal_appearance("/Tx", stream))


def test_actions_javascript_forms_embedded_files(good):
    def js_link(pdf):
        _first_link(pdf).A = Dictionary(S=Name.JavaScript, JS=pikepdf.String("app.alert(1)"))

    def launch(pdf):
        pdf.Root.OpenAction = Dictionary(Type=Name.Action, S=Name.Launch, F=pikepdf.String("x"))

    def named(pdf):
        pdf.Root.OpenAction = Dictionary(S=Name.Named, N=Name.Print)

    def page_aa(pdf):
        pdf.pages[0].obj.AA = Dictionary(O=Dictionary(S=Name.GoTo, D=Array([pdf.pages[0].obj, Name.Fit])))

    def doc_js(pdf):
        pdf.Root.Names = Dictionary(JavaScript=Dictionary(Names=Array()))

    def forms(pdf):
        pdf.Root.AcroForm = Dictionary(Fields=Array(), NeedAppearances=True, XFA=Array())

    def embedded(pdf):
        attached = pdf.make_stream(b"not a PDF/A file", Type=Name.EmbeddedFile)
        spec = pdf.make_indirect(Dictionary(Type=Name.Filespec, F=pikepdf.String("a.txt"),
                                            UF=pikepdf.String("a.txt"), EF=Dictionary(F=attached)))
        pdf.Root.Names = Dictionary(EmbeddedFiles=Dictionary(Names=Array([pikepdf.String("a.txt"), spec])))
    assert "pdfa-forbidden-action" in rules(good, js_link)
    assert "pdfa-forbidden-action" in rules(good, launch)
    assert "pdfa-forbidden-action" in rules(good, named)
    assert "pdfa-forbidden-action" not in rules(
        good, lambda pdf: pdf.Root.__setattr__("OpenAction", Dictionary(S=Name.Named, N=Name.NextPage)))
    assert "pdfa-additional-actions" in rules(good, page_aa)
    assert "pdfa-javascript" in rules(good, doc_js)
    assert {"pdfa-need-appearances", "pdfa-xfa"} <= rules(good, forms)
    assert "pdfa-embedded-files" in rules(good, embedded)

    def embedded_pdfa(pdf):  # our own output is PDF/A-2: it may be embedded
        attached = pdf.make_stream(good, Type=Name.EmbeddedFile)
        spec = pdf.make_indirect(Dictionary(Type=Name.Filespec, F=pikepdf.String("a.pdf"),
                                            UF=pikepdf.String("a.pdf"), EF=Dictionary(F=attached)))
        pdf.Root.Names = Dictionary(EmbeddedFiles=Dictionary(Names=Array([pikepdf.String("a.pdf"), spec])))
    assert "pdfa-embedded-files" not in rules(good, embedded_pdfa)


def test_metadata_identification(good):
    assert "pdfa-no-metadata" in rules(good, lambda pdf: pdf.Root.__delattr__("Metadata"))
    no_id = rules(good, lambda pdf: _set_xmp(pdf, lambda x: re.sub(r"<pdfaid:part>2</pdfaid:part>", "", x)))
    assert "pdfa-no-identification" in no_id
    assert "pdfa-wrong-part" in rules(good, lambda pdf: _set_xmp(pdf, lambda x: x.replace(
        "<pdfaid:part>2<", "<pdfaid:part>3<")))
    level_b = lambda pdf: _set_xmp(pdf, lambda x: x.replace(  # noqa: E731
        "<pdfaid:conformance>A<", "<pdfaid:conformance>B<"))
    assert "pdfa-wrong-conformance" not in rules(good, level_b), "checked at the declared level B"
    assert "pdfa-wrong-conformance" in rules(good, level_b, pdfa="2a")
    assert "pdfa-wrong-conformance" in rules(good, level_b, pdfa="2u")
    assert "pdfa-wrong-conformance" in rules(good, lambda pdf: _set_xmp(pdf, lambda x: x.replace(
        "<pdfaid:conformance>A<", "<pdfaid:conformance>Q<")))
    assert "pdfa-wrong-prefix" in rules(good, lambda pdf: _set_xmp(pdf, lambda x: x.replace(
        'xmlns:pdfaid=', 'xmlns:pa=').replace("pdfaid:", "pa:")))
    assert "pdfa-xpacket-attributes" in rules(good, lambda pdf: _set_xmp(pdf, lambda x: x.replace(
        'id="W5M0MpCehiHzreSzNTczkc9d"', 'id="W5M0MpCehiHzreSzNTczkc9d" encoding="UTF-8"')))
    assert "pdfa-metadata-unreadable" in rules(good, lambda pdf: _set_xmp(pdf, lambda x: x.replace(
        "</x:xmpmeta>", "")))


def test_metadata_schemas(good):
    without_extension = rules(good, lambda pdf: _set_xmp(pdf, lambda x: re.sub(
        r"<pdfaExtension:schemas>.*</pdfaExtension:schemas>", "", x, flags=re.S)))
    assert "pdfa-undefined-xmp-property" in without_extension
    assert "pdfa-no-extension-schema" in without_extension
    assert "pdfa-extension-field-missing" in rules(good, lambda pdf: _set_xmp(pdf, lambda x: re.sub(
        r"<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>", "", x)))
    assert "pdfa-extension-field-missing" in rules(good, lambda pdf: _set_xmp(pdf, lambda x: re.sub(
        r"<pdfaProperty:valueType>Integer</pdfaProperty:valueType>", "", x)))
    unknown = rules(good, lambda pdf: _set_xmp(pdf, lambda x: x.replace(
        "<pdfuaid:part>1</pdfuaid:part>",
        '<pdfuaid:part>1</pdfuaid:part><my:thing xmlns:my="http://example.org/my/">x</my:thing>')))
    assert "pdfa-undefined-xmp-property" in unknown


@pytest.mark.parametrize("old, new, rule", [
    # 6.6.2.3.1: a predefined property with a value of another type
    ("<xmp:CreatorTool>", "<xmp:Rating>1.5</xmp:Rating><xmp:CreatorTool>", "pdfa-xmp-value-type"),
    ("<dc:format>application/pdf</dc:format>",
     "<dc:format>application/pdf</dc:format><dc:subject><rdf:Seq><rdf:li>x</rdf:li></rdf:Seq></dc:subject>",
     "pdfa-xmp-value-type"),
    ("<xmp:CreatorTool>", "<xmp:Thumbnails>x</xmp:Thumbnails><xmp:CreatorTool>", "pdfa-xmp-value-type"),
    ("<pdfuaid:part>1</pdfuaid:part>", "<pdfuaid:part>one</pdfuaid:part>", "pdfa-xmp-value-type"),
    # 6.6.2.3.2 / 6.6.2.3.3: the extension schema container
    ("<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>",
     "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix><pdfaSchema:colour>red</pdfaSchema:colour>",
     "pdfa-extension-undefined-field"),
    ("<pdfaProperty:category>internal<", "<pdfaProperty:category>sometimes<", "pdfa-extension-category"),
    ("<pdfaProperty:valueType>Integer<", "<pdfaProperty:valueType>Whole<", "pdfa-extension-undefined-type"),
    ('xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"',
     'xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:sch="http://www.aiim.org/pdfa/ns/schema#"',
     "pdfa-extension-prefix"),
])
def test_xmp_value_types_and_extension_container(good, old, new, rule):
    assert rule in rules(good, lambda pdf: _set_xmp(pdf, lambda x: x.replace(old, new)))


def test_extension_schemas_must_be_a_bag(good):
    as_seq = lambda x: re.sub(r"(<pdfaExtension:schemas>\s*<rdf:)Bag(>.*</rdf:)Bag(>\s*</pdfaExtension)",  # noqa: E731
                              r"\1Seq\2Seq\3", x, flags=re.S)
    assert "pdfa-extension-not-bag" in rules(good, lambda pdf: _set_xmp(pdf, as_seq))


def test_metadata_of_other_objects_is_checked(good):
    def page_xmp(pdf):
        xmp = pdf.Root.Metadata.read_bytes().replace(
            b"<xmp:CreatorTool>", b"<xmp:Rating>high</xmp:Rating><xmp:CreatorTool>")
        pdf.pages[0].obj.Metadata = pdf.make_stream(xmp, Type=Name.Metadata, Subtype=Name.XML)
    assert "pdfa-xmp-value-type" in rules(good, page_xmp)


@pytest.mark.parametrize("key, value", [
    ("Title", "Another title"), ("Author", "Someone Else"), ("Subject", "Other"),
    ("Keywords", "other"), ("Creator", "other tool"), ("Producer", "other producer"),
    ("CreationDate", "D:20200101000000Z"), ("ModDate", "D:20261101010000+02'00'"),
])
def test_info_must_agree_with_xmp(good, key, value):
    def change(pdf):
        pdf.docinfo[Name("/" + key)] = pikepdf.String(value)
    assert "pdfa-info-xmp-mismatch" in rules(good, change)


def test_equivalent_dates_in_other_time_zones_agree(good):
    def change(pdf):
        utc = xmp_date(pdf.open_metadata()["xmp:ModifyDate"])
        local = utc.astimezone(dt.timezone(dt.timedelta(hours=2)))
        pdf.docinfo.ModDate = pikepdf.String(local.strftime("D:%Y%m%d%H%M%S+02'00'"))
        assert str(pdf.docinfo.ModDate) != str(pdf.docinfo.CreationDate)
    assert rules(good, change) == set()


def test_several_dc_creator_entries_do_not_match_one_author(good):
    assert "pdfa-info-xmp-mismatch" in rules(good, lambda pdf: _set_xmp(pdf, lambda x: x.replace(
        "<rdf:Seq>\n     <rdf:li>", "<rdf:Seq><rdf:li>Extra</rdf:li><rdf:li>", 1)))  # dc:creator


def test_level_a_structure(good):
    assert "pdfa-not-marked" in rules(good, lambda pdf: pdf.Root.__delattr__("MarkInfo"))
    assert "pdfa-no-structure" in rules(good, lambda pdf: pdf.Root.__delattr__("StructTreeRoot"))

    def no_language_anywhere(pdf):
        del pdf.Root.Lang
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) and "/Lang" in obj:
                del obj.Lang
    assert "pdfa-no-language" in rules(good, no_language_anywhere)


def test_level_a_language_tags_and_language_from_elsewhere(good):
    def lang(value: str):
        return lambda pdf: pdf.Root.__setattr__("Lang", pikepdf.String(value))

    assert "pdfa-bad-language" in rules(good, lang("12-BE"))
    assert "pdfa-bad-language" not in rules(good, lang(""))

    def languages_on_elements(pdf):  # every element says its language: the catalog need not
        lang = pdf.Root.Lang
        del pdf.Root.Lang
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == Name.StructElem:
                obj.Lang = lang
    assert "pdfa-no-language" not in rules(good, languages_on_elements)
    assert "pdfa-no-language" not in rules(good, lambda pdf: pdf.Root.__delattr__("Lang"), pdfa="2b")


def test_level_a_role_map(good):
    def unmapped(pdf):
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/S") == Name.P:
                obj.S = Name("/Paragraph")
                return
    assert "pdfa-unmapped-type" in rules(good, unmapped)

    def circular(pdf):
        unmapped(pdf)
        pdf.Root.StructTreeRoot.RoleMap = Dictionary(Paragraph=Name("/Para"), Para=Name("/Paragraph"))
    assert "pdfa-circular-role-map" in rules(good, circular)
    assert "pdfa-standard-type-remapped" in rules(good, lambda pdf: pdf.Root.StructTreeRoot.__setattr__(
        "RoleMap", Dictionary(P=Name.Span)))


def _to_private_use(pdf: pikepdf.Pdf) -> None:
    """Map every code of every font's ToUnicode CMap to U+E000 (Private Use Area)."""
    for page in pdf.pages:
        for font in page.Resources.Font.values():
            if "/ToUnicode" not in font:
                continue
            cmap = font.ToUnicode.read_bytes()
            changed = re.sub(rb"(<[0-9A-Fa-f]+>\s*<[0-9A-Fa-f]+>\s*)<[0-9A-Fa-f]{4,}>", rb"\1<E000>", cmap)
            font.ToUnicode.write(changed)


def test_private_use_characters_need_actual_text_at_level_a(good):
    assert "pdfa-private-use-without-actualtext" in rules(good, _to_private_use)
    assert "pdfa-private-use-without-actualtext" not in rules(good, _to_private_use, pdfa="2u")


def test_font_findings_of_pdfua_carry_over_by_clause(good):
    def drop_tounicode(pdf):
        for page in pdf.pages:
            for font in page.Resources.Font.values():
                if "/ToUnicode" in font:
                    del font.ToUnicode
    with pikepdf.open(io.BytesIO(good)) as pdf:
        drop_tounicode(pdf)
        findings = check_pdf(pdf, "t.pdf", pdfa="2u", header=GOOD_HEADER).findings
    assert {"7.21.7", "6.2.11.7.2"} <= {f.clause for f in findings}
    assert "pdfa-font-no-unicode" not in rules(good, drop_tounicode, pdfa="2b"), "not at level B"


def _paint(content: bytes, colour_spaces: dict | None = None, states: dict | None = None):
    """A change that appends ``content`` to page 1 with extra colour spaces / graphics states."""
    def change(pdf):
        page = pdf.pages[0]
        res = page.Resources
        if colour_spaces:
            res.ColorSpace = res.get("/ColorSpace", Dictionary())
            for key, value in colour_spaces.items():
                res.ColorSpace[key] = value(pdf) if callable(value) else value
        if states:
            res.ExtGState = res.get("/ExtGState", Dictionary())
            for key, value in states.items():
                res.ExtGState[key] = value
        page.contents_add(pdf.make_stream(b"q " + content + b" Q"), prepend=False)
    return change


def _cmyk_profile(pdf):
    header = bytearray(128)
    header[8], header[12:16], header[16:20], header[36:40] = 4, b"prtr", b"CMYK", b"acsp"
    return Array([Name.ICCBased, pdf.make_stream(bytes(header), N=4)])


def _tint(pdf):
    return pdf.make_stream(b"{dup dup dup}", FunctionType=4, Domain=[0, 1], Range=[0, 1, 0, 1, 0, 1, 0, 1])


@pytest.mark.parametrize("content, spaces, states, rule", [
    # 6.2.4.3: device CMYK with an RGB output intent, also as the initial colour of nothing
    (b"0 0 0 1 k 0 0 10 10 re f", None, None, "pdfa-device-colour"),
    # 6.2.4.4: the alternate space of a Separation space
    (b"/Spot cs 1 scn 0 0 10 10 re f",
     {"/Spot": lambda pdf: Array([Name.Separation, Name.Gold, Name.DeviceCMYK, _tint(pdf)])}, None,
     "pdfa-device-colour-4"),
    # 6.2.4.4: a spot colourant of DeviceN missing from its Colorants dictionary
    (b"/N2 cs 1 scn 0 0 10 10 re f",
     {"/N2": lambda pdf: Array([Name.DeviceN, Array([Name.Gold]), Name.DeviceRGB, _tint(pdf),
                                Dictionary(Colorants=Dictionary())])}, None, "pdfa-devicen-colorant"),
    # 6.2.4.4: two Separation spaces of one name with different alternates
    (b"/S1 cs 1 scn /S2 cs 1 scn 0 0 10 10 re f",
     {"/S1": lambda pdf: Array([Name.Separation, Name.Gold, Name.DeviceRGB, _tint(pdf)]),
      "/S2": lambda pdf: Array([Name.Separation, Name.Gold, Name.DeviceGray, _tint(pdf)])}, None,
     "pdfa-separation-differs"),
    # 6.2.4.5: the base of an Indexed space
    (b"/Ix cs 0 sc 0 0 10 10 re f",
     {"/Ix": Array([Name.Indexed, Name.DeviceCMYK, 0, pikepdf.String(b"\x00\x00\x00\x00")])}, None,
     "pdfa-device-colour-5"),
    # 6.2.4.2: an ICCBased space with a profile that is not one
    (b"/Bad cs 0 0 0 sc 0 0 10 10 re f",
     {"/Bad": lambda pdf: Array([Name.ICCBased, pdf.make_stream(b"not a profile", N=3)])}, None,
     "pdfa-icc-profile"),
    # 6.2.4.2: overprint mode 1 while filling in ICCBased CMYK with overprint
    (b"/OPM gs /C4 cs 0 0 0 1 sc 0 0 10 10 re f", {"/C4": _cmyk_profile},
     {"/OPM": Dictionary(OPM=1, op=True, OP=True)}, "pdfa-overprint-icc-cmyk"),
])
def test_colour_spaces(good, content, spaces, states, rule):
    assert rule in rules(good, _paint(content, spaces, states))


def test_device_colour_with_a_default_colour_space_is_allowed(good):
    spaces = {"/DefaultCMYK": _cmyk_profile}
    assert "pdfa-device-colour" not in rules(good, _paint(b"0 0 0 1 k 0 0 10 10 re f", spaces))


def test_initial_gray_needs_an_output_intent(good):
    def no_intent(pdf):
        del pdf.Root.OutputIntents
        pdf.pages[0].Resources.ColorSpace = Dictionary(DefaultRGB=_cmyk_profile(pdf))
        pdf.pages[0].contents_add(pdf.make_stream(b"0 0 10 10 re f"), prepend=True)
    with pikepdf.open(io.BytesIO(good)) as pdf:
        no_intent(pdf)
        messages = [f.message for f in check_pdf(pdf, "t.pdf", pdfa=True, header=GOOD_HEADER).findings
                    if f.rule == "pdfa-device-colour"]
    assert any("initial colour" in m for m in messages), messages


def test_undecodable_output_profile_is_a_finding(good):
    def broken(pdf):
        profile = pdf.Root.OutputIntents[0].DestOutputProfile
        profile.write(b"garbage that is not deflated", filter=Name.FlateDecode)
    assert "pdfa-intent-bad-profile" in rules(good, broken)


@pytest.mark.parametrize("change, rule", [
    (lambda pdf: pdf.Root.__setattr__("PieceInfo",
                                      Dictionary(X=pikepdf.Object.parse(b"4" + b"0" * 39 + b".0"))),
     "pdfa-real-out-of-range"),
    (lambda pdf: pdf.Root.__setattr__(
        "PieceInfo", pikepdf.Object.parse(b"<< /X 0.0000000000000000000000000000000000000001 >>")),
     "pdfa-real-out-of-range"),
    (lambda pdf: pdf.pages[0].obj.__setattr__("CropBox", Array([0, 0, 2, 2])), "pdfa-page-box-size"),
    (lambda pdf: pdf.pages[0].obj.__setattr__("MediaBox", Array([0, 0, 14401, 500])), "pdfa-page-box-size"),
    (lambda pdf: pdf.pages[0].contents_add(pdf.make_stream(b"q " * 29 + b"Q " * 29)), "pdfa-q-nesting"),
    (lambda pdf: pdf.Root.__setattr__("PieceInfo", pdf.make_stream(
        b"begincmap 1 begincidrange <0000> <00FF> 70000 endcidrange endcmap", Type=Name.CMap)),
     "pdfa-cid-too-large"),
    (lambda pdf: pdf.Root.__setattr__("PieceInfo", Array([
        Name.DeviceN, Array([Name(f"/Spot{i}") for i in range(33)]), Name.DeviceCMYK, 0])),
     "pdfa-devicen-colourants"),
    (lambda pdf: pdf.Root.__setattr__("PieceInfo", Array([
        Name.Separation, pikepdf.Object.parse(b"/Gold#C3"), Name.DeviceCMYK, 0])),
     "pdfa-name-not-utf8"),
])
def test_names_and_implementation_limits(good, change, rule):
    assert rule in rules(good, change)


@pytest.fixture(scope="module")
def plain(good) -> bytes:
    """The good output without object streams, so that its objects are written out."""
    with pikepdf.open(io.BytesIO(good)) as pdf:
        out = io.BytesIO()
        pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.disable, compress_streams=False)
        return out.getvalue()


def _file_rules(tmp_path, data: bytes) -> set[str]:
    path = tmp_path / "edited.pdf"
    path.write_bytes(data)
    return {f.rule for f in check_file(path, pdfa=True).findings}


def _bump_first_length(data: bytes) -> bytes:
    m = re.search(rb"/Length (\d+)", data)
    digits = m.group(1)
    changed = digits[:-1] + str((int(digits[-1:]) + 5) % 10).encode()  # 5 bytes off, never 1
    return data[:m.start(1)] + changed + data[m.end(1):]


@pytest.mark.parametrize("edit, rule", [
    (lambda d: d + b"trailing bytes", "pdfa-data-after-eof"),
    (lambda d: d.replace(b"\nxref\n", b"\nxref \n", 1), "pdfa-xref-eol"),
    (lambda d: d.replace(b" 0 obj\n<<", b" 0 obj <<", 1), "pdfa-object-syntax"),
    (lambda d: d.replace(b"\nendobj\n", b" endobj\n", 1), "pdfa-object-syntax"),
    (_bump_first_length, "pdfa-stream-length"),
    (lambda d: d.replace(b">>\nstream\n", b">>\nstream\r", 1), "pdfa-stream-keyword-eol"),
    (lambda d: d.replace(b"\nendstream", b" endstream", 1), "pdfa-endstream-eol"),
])
def test_file_syntax(plain, tmp_path, edit, rule):
    assert rule not in _file_rules(tmp_path, plain)
    assert rule in _file_rules(tmp_path, edit(plain))


def test_file_identifier_strings_and_hex_strings(good):
    assert "pdfa-bad-file-id" in rules(good, lambda pdf: pdf.trailer.__setattr__(
        "ID", Array([pikepdf.String(b""), pikepdf.String(b"")])))
    assert "pdfa-hex-string-odd" in rules(good, lambda pdf: pdf.pages[0].contents_add(
        pdf.make_stream(b"BT [<414>] TJ ET")))
    assert "pdfa-hex-string-characters" in rules(good, lambda pdf: pdf.pages[0].contents_add(
        pdf.make_stream(b"BT [<41!2>] TJ ET")))


@pytest.mark.parametrize("change, rule", [
    (lambda pdf: _first_image(pdf).__setattr__("Intent", Name.Custom), "pdfa-rendering-intent"),
    (lambda pdf: _first_image(pdf).__setattr__("BitsPerComponent", 3), "pdfa-bits-per-component"),
    (lambda pdf: pdf.pages[0].Resources.__setattr__("ExtGState", Dictionary(G=Dictionary(RI=Name.Custom))),
     "pdfa-rendering-intent"),
    (lambda pdf: pdf.pages[0].Resources.__setattr__("ExtGState", Dictionary(G=Dictionary(
        HT=Dictionary(Type=Name.Halftone, HalftoneType=6)))), "pdfa-halftone-type"),
    (lambda pdf: pdf.pages[0].Resources.__setattr__("ExtGState", Dictionary(G=Dictionary(
        HT=Dictionary(Type=Name.Halftone, HalftoneType=1, HalftoneName=pikepdf.String("x"))))),
     "pdfa-halftone-name"),
    (lambda pdf: pdf.Root.__setattr__("OpenAction", Dictionary(S=Name.NoOp)), "pdfa-forbidden-action"),
    (lambda pdf: pdf.Root.__setattr__("OpenAction", Dictionary(Type=Name.Action, S=Name.SetState)),
     "pdfa-forbidden-action"),
    (lambda pdf: pdf.pages[0].obj.__setattr__("Annots", Array([pdf.make_indirect(Dictionary(
        Type=Name.Annot, Subtype=Name.RichMedia, Rect=Array([0, 0, 1, 1]), F=4))])), "pdfa-annotation-type"),
    (lambda pdf: pdf.pages[0].obj.__setattr__("Annots", Array([pdf.make_indirect(Dictionary(
        Type=Name.Annot, Subtype=Name.Widget, FT=Name.Btn, Rect=Array([0, 0, 1, 1]), F=4,
        A=Dictionary(S=Name.URI, URI=pikepdf.String("https://example.org"))))])), "pdfa-widget-action"),
    (lambda pdf: pdf.Root.__setattr__("PieceInfo", pdf.make_stream(b"x", Filter=Name("/BogusDecode"))),
     "pdfa-forbidden-filter"),
    (lambda pdf: pdf.Root.__setattr__("PieceInfo", pdf.make_stream(
        b"x", Type=Name.XObject, Subtype=Name.Form, BBox=Array([0, 0, 1, 1]), Ref=Dictionary())),
     "pdfa-reference-xobject"),
])
def test_graphics_state_images_actions_annotations(good, change, rule):
    assert rule in rules(good, change)


def test_xpacket_attributes_anywhere_in_the_header(good):
    assert "pdfa-xpacket-attributes" in rules(good, lambda pdf: _set_xmp(pdf, lambda x: re.sub(
        r"<\?xpacket ", '<?xpacket bytes="100" ', x, count=1)))


def test_content_operators_inline_image_filters_and_own_resources(good):
    assert "pdfa-undefined-operator" in rules(good, lambda pdf: pdf.pages[0].contents_add(
        pdf.make_stream(b"BX 1 2 frobnicate EX")))
    assert "pdfa-inline-image-filter" in rules(good, lambda pdf: pdf.pages[0].contents_add(
        pdf.make_stream(b"q BI /W 1 /H 1 /CS /G /BPC 8 /F /LZW "
                        b"ID \x80\x0b\x60\x50\x22\x0c\x0c\x85\x01 EI Q")))

    def borrowing_form(pdf):  # a form without Resources that names the page's font
        font = next(iter(pdf.pages[1].Resources.Font.keys()))
        form = pdf.make_stream(f"BT {font} 12 Tf (x) Tj ET".encode(), Type=Name.XObject,
                               Subtype=Name.Form, BBox=Array([0, 0, 10, 10]))
        pdf.pages[1].Resources.XObject = Dictionary(Borrow=form)
        pdf.pages[1].contents_add(pdf.make_stream(b"/Artifact BMC /Borrow Do EMC"))
    assert "pdfa-inherited-resources" in rules(good, borrowing_form)


def test_page_inheriting_resources_from_the_page_tree(plain, tmp_path):
    with pikepdf.open(io.BytesIO(plain)) as pdf:
        page = pdf.pages[0].obj
        pdf.Root.Pages.Resources = page.Resources
        del page.Resources
        out = io.BytesIO()
        pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.disable)
    assert "pdfa-inherited-resources" in _file_rules(tmp_path, out.getvalue())


def _jp2(channels: int = 3, depth: int = 8, method: int = 1, extra_colr: bool = False) -> bytes:
    def box(kind: bytes, body: bytes) -> bytes:
        return (8 + len(body)).to_bytes(4, "big") + kind + body
    ihdr = box(b"ihdr", (1).to_bytes(4, "big") * 2 + channels.to_bytes(2, "big")
               + bytes([depth - 1, 7, 0, 0]))
    colr = box(b"colr", bytes([method, 0, 0]) + (16).to_bytes(4, "big"))
    header = box(b"jp2h", ihdr + colr + (colr if extra_colr else b""))
    return (box(b"jP  ", b"\r\n\x87\n") + box(b"ftyp", b"jp2 \x00\x00\x00\x00jp2 ") + header
            + box(b"jp2c", b"\xff\x4f"))


@pytest.mark.parametrize("kwargs, rule", [
    ({}, None),
    ({"channels": 2}, "pdfa-jpx-channels"),
    ({"depth": 40}, "pdfa-jpx-bit-depth"),
    ({"method": 4}, "pdfa-jpx-colour-method"),
    ({"extra_colr": True}, "pdfa-jpx-colour-specs"),
])
def test_jpeg2000_images(good, kwargs, rule):
    def add_jpx(pdf):
        pdf.pages[0].Resources.XObject.Jpx = pdf.make_stream(
            _jp2(**kwargs), Type=Name.XObject, Subtype=Name.Image, Width=1, Height=1, Filter=Name.JPXDecode)
    found = {r for r in rules(good, add_jpx) if r.startswith("pdfa-jpx")}
    assert found == ({rule} if rule else set())


def test_permissions(good):
    assert "pdfa-permissions-keys" in rules(good, lambda pdf: pdf.Root.__setattr__(
        "Perms", Dictionary(UR3=Dictionary(), Other=Dictionary())))

    def docmdp_with_digest(pdf):
        sig = pdf.make_indirect(Dictionary(Type=Name.Sig, Reference=Array([Dictionary(
            Type=Name.SigRef, TransformMethod=Name.DocMDP, DigestMethod=Name.MD5)])))
        pdf.Root.Perms = Dictionary(DocMDP=sig)
    assert "pdfa-signature-reference-digest" in rules(good, docmdp_with_digest)


def _type0_font(pdf: pikepdf.Pdf) -> pikepdf.Dictionary:
    """A composite (Identity-H) font over the program of one of the output's TrueType fonts."""
    simple = _first_font(pdf)
    cidfont = Dictionary(Type=Name.Font, Subtype=Name.CIDFontType2, BaseFont=simple.BaseFont,
                         CIDSystemInfo=Dictionary(Registry=pikepdf.String("Adobe"),
                                                  Ordering=pikepdf.String("Identity"), Supplement=0),
                         FontDescriptor=simple.FontDescriptor, CIDToGIDMap=Name.Identity)
    return pdf.make_indirect(Dictionary(Type=Name.Font, Subtype=Name.Type0, BaseFont=simple.BaseFont,
                                        Encoding=Name("/Identity-H"), DescendantFonts=Array([cidfont]),
                                        ToUnicode=simple.ToUnicode))


def test_incomplete_code_of_a_composite_font(good):
    def show(data: bytes):
        def change(pdf):
            pdf.pages[1].Resources.Font.T0 = _type0_font(pdf)
            pdf.pages[1].contents_add(pdf.make_stream(b"/Artifact BMC BT /T0 12 Tf " + data + b" Tj ET EMC"))
        return change
    assert "pdfa-incomplete-code" in rules(good, show(b"<000300>"))
    assert "pdfa-incomplete-code" not in rules(good, show(b"<0003>"))


def test_cjk_collection_counts_as_unicode_mapping_only_with_a_covering_cmap(good):
    def cjk(cmap_supplement: int):
        def change(pdf):
            font = _type0_font(pdf)
            del font.ToUnicode
            def info(supplement: int) -> pikepdf.Dictionary:
                return Dictionary(Registry=pikepdf.String("Adobe"), Ordering=pikepdf.String("Japan1"),
                                  Supplement=supplement)
            font.DescendantFonts[0].CIDSystemInfo = info(3)
            font.Encoding = pdf.make_stream(b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap "
                                            b"1 begincodespacerange <0000> <FFFF> endcodespacerange "
                                            b"1 begincidrange <0000> <FFFF> 0 endcidrange endcmap end end",
                                            Type=Name.CMap, CMapName=Name("/Adobe-Japan1-X"),
                                            CIDSystemInfo=info(cmap_supplement))
            pdf.pages[1].Resources.Font.T0 = font
            pdf.pages[1].contents_add(pdf.make_stream(b"/Artifact BMC BT /T0 12 Tf <0003> Tj ET EMC"))
        return change
    assert "pdfa-font-no-unicode" not in rules(good, cjk(4), pdfa="2u")
    assert "pdfa-font-no-unicode" in rules(good, cjk(2), pdfa="2u")


@pytest.mark.parametrize("change, rule", [
    (lambda pdf: pdf.Root.__setattr__("NeedsRendering", True), "pdfa-needs-rendering"),
    (lambda pdf: pdf.Root.__setattr__("Requirements", Array()), "pdfa-requirements"),
    (lambda pdf: pdf.Root.__setattr__("Names", Dictionary(AlternatePresentations=Dictionary())),
     "pdfa-alternate-presentations"),
    (lambda pdf: pdf.pages[0].obj.__setattr__("PresSteps", Dictionary()), "pdfa-pres-steps"),
    (lambda pdf: pdf.Root.__setattr__("OCProperties", Dictionary(OCGs=Array(), D=Dictionary())),
     "pdfa-oc-config-name"),
    (lambda pdf: pdf.Root.__setattr__("OCProperties", Dictionary(OCGs=Array(), D=Dictionary(
        Name=pikepdf.String("x"), AS=Array()))), "pdfa-oc-config-as"),
    (lambda pdf: pdf.Root.__setattr__("OCProperties", Dictionary(
        OCGs=Array([pdf.make_indirect(Dictionary(Type=Name.OCG, Name=pikepdf.String("g")))]),
        D=Dictionary(Name=pikepdf.String("x"), Order=Array()))), "pdfa-oc-order-incomplete"),
    (lambda pdf: pdf.Root.__setattr__("OCProperties", Dictionary(OCGs=Array(), D=Dictionary(
        Name=pikepdf.String("x")), Configs=Array([Dictionary(Name=pikepdf.String("x"))]))),
     "pdfa-oc-config-name-duplicate"),
    (lambda pdf: pdf.Root.__setattr__("PieceInfo", pdf.make_indirect(Dictionary(
        Type=Name.Filespec, F=pikepdf.String("a"), EF=Dictionary(F=pdf.make_stream(b"x"))))),
     "pdfa-filespec-names"),
])
def test_document_level_rules(good, change, rule):
    assert rule in rules(good, change)


def test_signature_byte_range_covers_the_file(plain, tmp_path):
    with pikepdf.open(io.BytesIO(plain)) as pdf:
        pdf.Root.PieceInfo = pdf.make_indirect(Dictionary(
            Type=Name.Sig, ByteRange=Array([0, 10, 20, 30]), Contents=pikepdf.String(b"")))
        out = io.BytesIO()
        pdf.save(out)
    assert "pdfa-signature-byte-range" in _file_rules(tmp_path, out.getvalue())


@pytest.mark.parametrize("change, rule", [
    (lambda pdf: _first_font(pdf).__delattr__("Widths"), "pdfa-font-dictionary"),
    (lambda pdf: _first_font(pdf).__setattr__("Subtype", Name.Type42), "pdfa-font-dictionary"),
    (lambda pdf: pdf.pages[0].Resources.__setattr__("ExtGState", Dictionary(G=Dictionary(HT=Dictionary(
        Type=Name.Halftone, HalftoneType=1, Frequency=60, Angle=0, SpotFunction=Name.Round,
        TransferFunction=Name.Identity)))), "pdfa-halftone-transfer"),
    (lambda pdf: pdf.pages[0].Resources.__setattr__("ExtGState", Dictionary(G=Dictionary(HT=Dictionary(
        Type=Name.Halftone, HalftoneType=5, Default=Dictionary(HalftoneType=1),
        Gold=Dictionary(HalftoneType=1))))), "pdfa-halftone-transfer"),
    (lambda pdf: pdf.pages[0].contents_add(pdf.make_stream(
        b"q BI /W 1 /H 1 /CS /G /BPC 8 /I true ID \x00 EI Q")), "pdfa-interpolate"),
    (lambda pdf: pdf.pages[0].contents_add(pdf.make_stream(b"/Vivid ri")), "pdfa-rendering-intent"),
])
def test_font_dictionaries_halftones_inline_interpolation(good, change, rule):
    assert rule in rules(good, change)


def test_pipeline_check_pdfa_level(good, tmp_path, capsys):
    """--pdfa reads the level from pdfaid:conformance; --pdfa 2a|2b|2u forces one."""
    from pipeline.cli import main

    with pikepdf.open(io.BytesIO(good)) as pdf:
        _set_xmp(pdf, lambda x: x.replace("<pdfaid:conformance>A<", "<pdfaid:conformance>B<"))
        del pdf.Root.MarkInfo  # a level-A rule (6.7.2.2) only
        pdf.save(tmp_path / "level-b.pdf")
    path = str(tmp_path / "level-b.pdf")
    capsys.readouterr()
    main(["check", "--pdfa", path])
    out = capsys.readouterr().out
    assert "pdfa-not-marked" not in out and "pdfa-wrong-conformance" not in out
    main(["check", "--pdfa", "2a", path])
    out = capsys.readouterr().out
    assert "pdfa-not-marked" in out and "pdfa-wrong-conformance" in out
    main(["check", "--pdfa", "2b", "--format", "json", path])
    rules_b = {f["rule"] for f in __import__("json").loads(capsys.readouterr().out)["files"][0]["findings"]}
    assert not {"pdfa-not-marked", "pdfa-wrong-conformance"} & rules_b
