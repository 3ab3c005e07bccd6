"""Issue 16: the print outputs are PDF/X-4 in the printing condition's CMYK, and still
PDF/UA-1 and PDF/A-2a. Everything is judged from the built PDFs (fixture ``built_print``)."""
from __future__ import annotations

import io
import math
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pikepdf
import pytest
from PIL import Image, ImageCms, ImageStat

from pipeline.checker import check_file
from pipeline.checker.pdfx import add_pdfx

PDFX_NS = "{http://www.npes.org/pdfx/ns/id/}"
TEXT_SHOWING = {"Tj", "TJ", "'", '"'}


def _outputs(built_print) -> list[Path]:
    return [path for variants in built_print.values() for path in variants.values()]


def _profile(pdf: pikepdf.Pdf) -> bytes:
    intents = {str(i.S): i for i in pdf.Root.OutputIntents}
    assert set(intents) == {"/GTS_PDFX", "/GTS_PDFA1"}
    assert intents["/GTS_PDFX"].DestOutputProfile.objgen == intents["/GTS_PDFA1"].DestOutputProfile.objgen
    return intents["/GTS_PDFX"].DestOutputProfile.read_bytes()


def test_output_intent_is_a_cmyk_output_profile_shared_by_pdfx_and_pdfa(built_print):
    for path in _outputs(built_print):
        with pikepdf.open(path) as pdf:
            data = _profile(pdf)
            assert data[36:40] == b"acsp" and data[12:16] == b"prtr" and data[16:20] == b"CMYK", path.name
            profile = ImageCms.ImageCmsProfile(io.BytesIO(data))
            assert profile.profile.device_class == "prtr" and profile.profile.xcolor_space.strip() == "CMYK"
            assert str(pdf.Root.OutputIntents[0].OutputConditionIdentifier) == "FOGRA39"
            assert int(pdf.Root.OutputIntents[0].DestOutputProfile.N) == 4


def test_identified_as_pdfx4_pdfa2a_and_pdfua1_with_trapped_false(built_print):
    for path in _outputs(built_print):
        assert path.read_bytes()[:8] == b"%PDF-1.6"  # the newest version PDF/X-4 allows
        with pikepdf.open(path) as pdf:
            assert str(pdf.docinfo.GTS_PDFXVersion) == "PDF/X-4"
            assert pdf.docinfo.Trapped == pikepdf.Name("/False")
            xmp = ET.fromstring(pdf.Root.Metadata.read_bytes())
            assert [e.text for e in xmp.iter(f"{PDFX_NS}GTS_PDFXVersion")] == ["PDF/X-4"]
            text = pdf.Root.Metadata.read_bytes().decode()
            assert "<pdfaSchema:prefix>pdfxid</pdfaSchema:prefix>" in text  # its extension schema
            assert "<pdfaid:part>2</pdfaid:part>" in text and "<pdfuaid:part>1</pdfuaid:part>" in text
            for page in pdf.pages:
                assert "/TrimBox" in page.obj and "/BleedBox" in page.obj


def _colour_operators(pdf: pikepdf.Pdf):
    """(operator, operands) of every colour operator in pages and forms, and the colour
    spaces of every image."""
    seen = set()

    def streams(resources):
        for xobject in (resources or {}).get("/XObject", {}).values():
            if xobject.objgen in seen:
                continue
            seen.add(xobject.objgen)
            if xobject.Subtype == pikepdf.Name.Image:
                yield "image", xobject
            elif xobject.Subtype == pikepdf.Name.Form:
                yield "form", xobject
                yield from streams(xobject.get("/Resources"))

    for page in pdf.pages:
        found = list(streams(page.obj.get("/Resources")))
        for holder in [page] + [x for kind, x in found if kind == "form"]:
            for operands, op in pikepdf.parse_content_stream(holder, "rg RG g G k K cs CS sc scn SC SCN"):
                yield str(op), operands
        for kind, x in found:
            if kind == "image":
                yield "image", [x.get("/ColorSpace")]


def test_no_image_or_colour_is_rgb(built_print):
    for path in _outputs(built_print):
        with pikepdf.open(path) as pdf:
            ops = list(_colour_operators(pdf))
            assert not [op for op, _ in ops if op in ("rg", "RG")], path.name
            assert not [o for op, o in ops if op in ("cs", "CS") and str(o[0]) == "/DeviceRGB"]
            images = [str(o[0]) for op, o in ops if op == "image"]
            assert images and set(images) <= {"/DeviceCMYK", "/DeviceGray"}, images
            assert "/DeviceCMYK" in images  # the photographs are converted, not dropped
            for obj in pdf.objects:  # nothing anywhere names DeviceRGB (ICC-based RGB neither)
                if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == pikepdf.Name.Image:
                    assert obj.get("/ColorSpace") != pikepdf.Name.DeviceRGB


def _text_fills(page: pikepdf.Page, counts: dict[str, Counter]) -> None:
    """Count the fill colours (operator and values) that text is shown in, by innermost tag."""
    fill, saved, tags = ("g", 0.0), [], []
    for operands, op in pikepdf.parse_content_stream(page, "q Q rg g k BDC BMC EMC Tj TJ ' \""):
        op = str(op)
        if op == "q":
            saved.append(fill)
        elif op == "Q":
            fill = saved.pop()
        elif op in ("rg", "g", "k"):
            fill = (op, *(round(float(v), 4) for v in operands))
        elif op in ("BDC", "BMC"):
            tags.append(str(operands[0]))
        elif op == "EMC":
            tags.pop()
        elif op in TEXT_SHOWING:
            counts.setdefault(tags[-1] if tags else "", Counter())[fill] += 1


def _strokes(page: pikepdf.Page) -> set[tuple]:
    stroke, saved, found = ("G", 0.0), [], set()
    for operands, op in pikepdf.parse_content_stream(page, "q Q RG G K S s"):
        op = str(op)
        if op == "q":
            saved.append(stroke)
        elif op == "Q":
            stroke = saved.pop()
        elif op in ("RG", "G", "K"):
            stroke = (op, *(round(float(v), 4) for v in operands))
        else:
            found.add(stroke)
    return found


def _k_only(colour: tuple) -> bool:
    return colour[0] in ("k", "K") and colour[1:4] == (0, 0, 0) and colour[4] > 0.5


def test_body_text_and_rules_are_black_ink_only(built_print):
    """Body text (the commonest colour of paragraph text) and every stroked line (rules,
    table lines) in black ink alone; no text anywhere in four-colour black."""
    for path in _outputs(built_print):
        with pikepdf.open(path) as pdf:
            counts: dict[str, Counter] = {}
            strokes: set = set()
            for page in pdf.pages:
                _text_fills(page, counts)
                strokes |= _strokes(page)
            body = counts["/P"] + counts.get("/LBody", Counter()) + counts.get("/TD", Counter())
            (colour, n), = body.most_common(1)
            assert _k_only(colour), f"{path.name}: body text in {colour}"
            assert n > 0.8 * sum(counts["/P"].values())  # most paragraph text is body text
            assert strokes and all(c[0] == "K" and c[1:4] == (0, 0, 0) and c[4] > 0 for c in strokes), \
                f"{path.name}: rules in {strokes}"
            every = set().union(*counts.values())
            rich = [c for c in every if c[0] == "k" and min(c[1:4]) > 0.05 and c[4] > 0.3]
            assert not rich, f"{path.name}: text in four-colour black {rich}"


def test_every_print_output_passes_our_checkers_and_page_validation(built_print):
    import page  # page-validation, a dependency
    for path in _outputs(built_print):
        report = add_pdfx(check_file(path, pdfa=True), str(path))
        assert report.ok, [f"{f.clause} {f.rule}: {f.message}" for f in report.findings]
        for profile in ("ua1", "2a"):
            result = page.validate_pdf(str(path), profile=profile)
            assert result.is_compliant, \
                f"{path.name} {profile}: {[(f.rule_id, f.message) for f in result.failures[:5]]}"


def test_ink_coverage_within_the_limit(built_print):
    from pipeline.checker.pdfx import press_summary

    for path in _outputs(built_print):
        summary = press_summary(str(path))
        assert len(summary) == len(pikepdf.open(path).pages)
        for page in summary:
            assert page["max_ink"] <= 300.5, f"{path.name} page {page['page']}: {page['max_ink']} %"
        assert any(page["images"] for page in summary)
        assert all(image["ppi"] > 0 for page in summary for image in page["images"])


# -- what a proof shows ---------------------------------------------------------------------
def _lab(rgb) -> tuple[float, float, float]:
    """CIE L*a*b* (D65) of an sRGB colour (0..255)."""
    def linear(v):
        v /= 255
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4
    r, g, b = (linear(v) for v in rgb)
    x, y, z = (0.4124 * r + 0.3576 * g + 0.1805 * b, 0.2126 * r + 0.7152 * g + 0.0722 * b,
               0.0193 * r + 0.1192 * g + 0.9505 * b)
    f = lambda t: t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116  # noqa: E731
    fx, fy, fz = f(x / 0.95047), f(y), f(z / 1.08883)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def ciede2000(lab1, lab2) -> float:
    """CIEDE2000 colour difference (Sharma, Wu, Dalal 2005)."""
    (l1, a1, b1), (l2, a2, b2) = lab1, lab2
    c_mean = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_mean ** 7 / (c_mean ** 7 + 25 ** 7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p, h2p = math.degrees(math.atan2(b1, a1p)) % 360, math.degrees(math.atan2(b2, a2p)) % 360
    dh = 0.0 if c1p * c2p == 0 else h2p - h1p
    dh = dh - 360 if dh > 180 else dh + 360 if dh < -180 else dh
    d_l, d_c, d_h = l2 - l1, c2p - c1p, 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dh / 2))
    l_mean, cp_mean = (l1 + l2) / 2, (c1p + c2p) / 2
    if c1p * c2p == 0:
        h_mean = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        h_mean = (h1p + h2p) / 2
    else:
        h_mean = (h1p + h2p + 360) / 2 if h1p + h2p < 360 else (h1p + h2p - 360) / 2
    t = (1 - 0.17 * math.cos(math.radians(h_mean - 30)) + 0.24 * math.cos(math.radians(2 * h_mean))
         + 0.32 * math.cos(math.radians(3 * h_mean + 6)) - 0.20 * math.cos(math.radians(4 * h_mean - 63)))
    rc = 2 * math.sqrt(cp_mean ** 7 / (cp_mean ** 7 + 25 ** 7))
    sl = 1 + 0.015 * (l_mean - 50) ** 2 / math.sqrt(20 + (l_mean - 50) ** 2)
    sc, sh = 1 + 0.045 * cp_mean, 1 + 0.015 * cp_mean * t
    rt = -math.sin(math.radians(60 * math.exp(-((h_mean - 275) / 25) ** 2))) * rc
    return math.sqrt((d_l / sl) ** 2 + (d_c / sc) ** 2 + (d_h / sh) ** 2 + rt * (d_c / sc) * (d_h / sh))


def test_ciede2000_agrees_with_sharma_s_test_data():
    assert round(ciede2000((50, 2.6772, -79.7751), (50, 0, -82.7485)), 4) == 2.0425
    assert round(ciede2000((50, 2.5, 0), (73, 25, -18)), 4) == 27.1492
    assert ciede2000((50, 0, 0), (50, 0, 0)) == 0


def _figure_boxes(path: Path) -> list[tuple[int, tuple[float, float, float, float]]]:
    """(page index, box in points) of every image drawn, in drawing order."""
    out = []
    with pikepdf.open(path) as pdf:
        for index, page in enumerate(pdf.pages):
            ctm, stack = (1, 0, 0, 1, 0, 0), []
            for operands, op in pikepdf.parse_content_stream(page, "q Q cm Do"):
                op = str(op)
                if op == "q":
                    stack.append(ctm)
                elif op == "Q":
                    ctm = stack.pop()
                elif op == "cm":
                    a, b, c, d, e, f = (float(v) for v in operands)
                    a2, b2, c2, d2, e2, f2 = ctm
                    ctm = (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2,
                           e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)
                elif op == "Do" and page.Resources.XObject[operands[0]].Subtype == pikepdf.Name.Image:
                    a, _, _, d, e, f = ctm
                    out.append((index, (e, f, e + a, f + d)))
    return out


def _rendered_mean(path: Path, index: int, box, tmp: Path, dpi: int = 60) -> tuple[float, ...]:
    prefix = tmp / f"{path.stem}-{index}"
    subprocess.run(["pdftoppm", "-r", str(dpi), "-f", str(index + 1), "-l", str(index + 1),
                    "-singlefile", "-png", str(path), str(prefix)], check=True)
    image = Image.open(f"{prefix}.png").convert("RGB")
    with pikepdf.open(path) as pdf:
        height = float(pdf.pages[index].MediaBox[3])
    scale = dpi / 72
    x0, y0, x1, y1 = box
    dx, dy = (x1 - x0) * 0.03, (y1 - y0) * 0.03  # inside the image's edge
    crop = image.crop((round((x0 + dx) * scale), round((height - y1 + dy) * scale),
                       round((x1 - dx) * scale), round((height - y0 - dy) * scale)))
    return tuple(ImageStat.Stat(crop).mean)


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs pdftoppm (poppler-utils)")
def test_rendered_figures_look_like_the_screen_figures(built, built_print, tmp_path, capsys):
    """A figure's average colour on the rendered print page against the screen page.
    pdftoppm turns DeviceCMYK into RGB with its own uncalibrated formula (not through the
    output profile), so this is a sanity check of the whole chain; the soft proof below
    measures the conversion itself."""
    differences = []
    for edition in ("mini", "clusterreportagen"):
        screen, printed = built[edition]["de"], built_print[edition]["de"]
        pairs = zip(_figure_boxes(screen), _figure_boxes(printed), strict=False)
        for (si, sbox), (pi, pbox) in list(pairs)[:3]:
            a = _rendered_mean(screen, si, sbox, tmp_path)
            b = _rendered_mean(printed, pi, pbox, tmp_path)
            differences.append((edition, si + 1, ciede2000(_lab(a), _lab(b))))
    with capsys.disabled():
        print("\nrendered print vs screen figure, CIEDE2000:",
              ", ".join(f"{e} p{p}: {d:.1f}" for e, p, d in differences))
    assert differences and max(d for *_, d in differences) < 8.0


def test_soft_proof_of_the_cmyk_figures_is_close_to_the_rgb_source(built, built_print, capsys):
    """The CMYK image data through the output profile back to sRGB (relative colorimetric,
    as a proof on screen shows it) against the screen output's RGB image data: the average
    colour of each figure."""
    differences = []
    for edition in ("mini", "clusterreportagen"):
        with pikepdf.open(built[edition]["de"]) as screen, \
                pikepdf.open(built_print[edition]["de"]) as printed:
            profile = ImageCms.ImageCmsProfile(io.BytesIO(_profile(printed)))
            proof = ImageCms.buildTransform(profile, ImageCms.createProfile("sRGB"), "CMYK", "RGB",
                                            renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
                                            flags=ImageCms.Flags.BLACKPOINTCOMPENSATION)
            rgb = _images(screen)
            for name, cmyk in _images(printed).items():
                source = rgb.get(name)  # names come from the image file's content
                if source is None or cmyk.ColorSpace != pikepdf.Name.DeviceCMYK:
                    continue
                a = ImageStat.Stat(pikepdf.PdfImage(source).as_pil_image().convert("RGB")).mean
                b = ImageStat.Stat(ImageCms.applyTransform(pikepdf.PdfImage(cmyk).as_pil_image(), proof)).mean
                differences.append(ciede2000(_lab(a), _lab(b)))
    with capsys.disabled():
        print("\nsoft proof of the CMYK figures vs their sRGB source, CIEDE2000:",
              ", ".join(f"{d:.1f}" for d in differences))
    assert differences and max(differences) < 5.0


def _images(pdf: pikepdf.Pdf) -> dict[str, pikepdf.Stream]:
    """The images drawn on the pages, by their resource name."""
    return {str(name): x for page in pdf.pages
            for name, x in page.obj.get("/Resources", {}).get("/XObject", {}).items()
            if x.get("/Subtype") == pikepdf.Name.Image}


# -- a book (part 4) ------------------------------------------------------------------------
def _tags_by_page(pdf: pikepdf.Pdf) -> list[set[str]]:
    return [{str(operands[0]) for operands, _ in pikepdf.parse_content_stream(page, "BDC BMC")}
            for page in pdf.pages]


def test_every_h1_opens_on_a_recto_and_the_page_count_is_a_multiple_of_4(built_print):
    for path in _outputs(built_print):
        with pikepdf.open(path) as pdf:
            pages = _tags_by_page(pdf)
            openings = [n for n, tags in enumerate(pages, start=1) if "/H1" in tags]
            assert len(openings) >= 3, path.name  # cover, contents, reportages, imprint
            assert all(n % 2 == 1 for n in openings), f"{path.name}: H1 on pages {openings}"
            assert len(pdf.pages) % 4 == 0, f"{path.name}: {len(pdf.pages)} pages"


def test_blank_pages_hold_nothing_that_is_read(built_print):
    """The versos left blank before a recto opening, and the padding at the end: no tagged
    content, no text, not even a folio."""
    blanks = 0
    for path in _outputs(built_print):
        with pikepdf.open(path) as pdf:
            for number, page in enumerate(pdf.pages, start=1):
                ops = [str(op) for _, op in pikepdf.parse_content_stream(page)]
                if "BDC" in ops or "BMC" in ops:
                    continue
                blanks += 1
                assert not set(ops) & (TEXT_SHOWING | {"Do", "S", "f", "f*", "B"}), \
                    f"{path.name} page {number}: {set(ops)}"
    assert blanks > 0


def test_folios_are_on_the_outer_edge(built_print):
    """The folio (the last text drawn in an artifact at the page's foot) is right of the
    column on a recto and at its left on a verso."""
    path = built_print["clusterreportagen"]["de"]
    with pikepdf.open(path) as pdf:
        trim = [float(v) for v in pdf.pages[0].TrimBox]
        middle = (trim[0] + trim[2]) / 2
        sides = {}
        for number, page in enumerate(pdf.pages[1:], start=2):  # the cover has no folio
            xs = [float(o[4]) for o, op in pikepdf.parse_content_stream(page, "Tm")
                  if float(o[5]) < trim[1] + 50]
            if xs:
                sides[number] = xs[-1] > middle
        assert len(sides) > 10
        assert all(right == (n % 2 == 1) for n, right in sides.items()), sides
