"""Issue 7: the print profile: bleed, page boxes, crop marks as artifacts, ppi warnings.
Issue 16: crop marks only on request (``--marks``), in registration colour; otherwise the
media box is the bleed box."""
from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest
from conftest import MINI
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

from pipeline.cli import main
from pipeline.layout.document import resolution_warnings
from pipeline.layout.flowables import TaggedImage
from pipeline.layout.styles import PageGeometry
from pipeline.stages import Output, load, render_output
from pipeline.tagging import StructNode

BLEED = 3 * mm


def _boxes(offset: float):
    """Trim, bleed and media box when the trim edge is ``offset`` from the media edge."""
    trim = (offset, offset, offset + A4[0], offset + A4[1])
    bleed = (trim[0] - BLEED, trim[1] - BLEED, trim[2] + BLEED, trim[3] + BLEED)
    return trim, bleed, (0, 0, A4[0] + 2 * offset, A4[1] + 2 * offset)


TRIM, BLEED_BOX, MEDIA = _boxes(BLEED)  # the default: no marks, the media box is the bleed box
# with --marks: room beyond the bleed for them (trim edge 12 mm from the media edge)
MARKED_TRIM, MARKED_BLEED, MARKED_MEDIA = _boxes(12 * mm)


@pytest.fixture(scope="module")
def marked(tmp_path_factory) -> Path:
    """The mini edition's German print output built with --marks."""
    out = tmp_path_factory.mktemp("marked")
    assert main(["build", str(MINI), "--output", str(out), "--profile", "print", "--marks",
                 "--variant", "de"]) == 0
    return out / "mini.de.print.pdf"


def _box(page: pikepdf.Page, key: str) -> tuple[float, ...] | None:
    value = page.obj.get(key)
    return None if value is None else tuple(float(v) for v in value)


def _close(a, b, tol=0.01) -> bool:
    return a is not None and len(a) == len(b) and all(abs(x - y) <= tol for x, y in zip(a, b, strict=True))


def _multiply(m, n):
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2,
            e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


def _apply(m, x, y):
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


def painted(page: pikepdf.Page):
    """(kind, bbox, innermost marked-content tag) for every stroked line and image drawn."""
    ctm, stack, tags, path, out = (1, 0, 0, 1, 0, 0), [], [], [], []
    xobjects = page.Resources.get("/XObject", {})
    for operands, op in pikepdf.parse_content_stream(page):
        op = str(op)
        if op == "q":
            stack.append(ctm)
        elif op == "Q":
            ctm = stack.pop()
        elif op == "cm":
            ctm = _multiply(tuple(float(v) for v in operands), ctm)
        elif op in ("BDC", "BMC"):
            tags.append(str(operands[0]))
        elif op == "EMC":
            tags.pop()
        elif op in ("m", "l"):
            path.append(_apply(ctm, float(operands[0]), float(operands[1])))
        elif op in ("S", "s", "n", "f", "B"):
            if op in ("S", "s") and path:
                xs, ys = [p[0] for p in path], [p[1] for p in path]
                out.append(("line", (min(xs), min(ys), max(xs), max(ys)), tags[-1] if tags else None))
            path = []
        elif op == "Do" and xobjects[operands[0]].Subtype == pikepdf.Name.Image:
            corners = [_apply(ctm, x, y) for x in (0, 1) for y in (0, 1)]
            xs, ys = [p[0] for p in corners], [p[1] for p in corners]
            out.append(("image", (min(xs), min(ys), max(xs), max(ys)), tags[-1] if tags else None))
    return out


def _outside(bbox, box) -> bool:
    """Whether ``bbox`` lies outside ``box`` (touching its edge counts as outside)."""
    x0, y0, x1, y1 = bbox
    return x1 <= box[0] + 0.01 or x0 >= box[2] - 0.01 or y1 <= box[1] + 0.01 or y0 >= box[3] - 0.01


def test_print_geometry():
    g = PageGeometry.for_profile("print")
    assert _close(g.trim_box, TRIM) and _close(g.bleed_box, BLEED_BOX) and _close(g.media_box, MEDIA)
    assert _close(g.bleed_box, g.media_box) and g.mirrored
    m = PageGeometry.for_profile("print", marks=True)
    assert _close(m.trim_box, MARKED_TRIM) and _close(m.bleed_box, MARKED_BLEED) and \
        _close(m.media_box, MARKED_MEDIA)
    screen = PageGeometry.for_profile("screen")
    assert _close(screen.trim_box, (0, 0, *A4)) and screen.media_size == A4
    assert PageGeometry() == screen  # screen stays the default


def test_print_pages_have_trim_and_bleed_boxes(built_print):
    for variants in built_print.values():
        for path in variants.values():
            with pikepdf.open(path) as pdf:
                for page in pdf.pages:
                    assert _close(_box(page, "/MediaBox"), MEDIA)
                    assert _close(_box(page, "/BleedBox"), BLEED_BOX)
                    assert _close(_box(page, "/TrimBox"), TRIM)
                    assert _box(page, "/CropBox") in (None, _box(page, "/MediaBox"))


def test_screen_pages_are_a4_without_print_boxes(built):
    for variants in built.values():
        for path in variants.values():
            with pikepdf.open(path) as pdf:
                for page in pdf.pages:
                    assert _close(_box(page, "/MediaBox"), (0, 0, *A4))
                    assert "/TrimBox" not in page.obj and "/BleedBox" not in page.obj


def test_no_crop_marks_by_default(built_print):
    for variants in built_print.values():
        for path in variants.values():
            with pikepdf.open(path) as pdf:
                for number, page in enumerate(pdf.pages, start=1):
                    # nothing is stroked outside the trim (the only lines there were the marks)
                    lines = [b for kind, b, _ in painted(page) if kind == "line" and _outside(b, TRIM)]
                    assert not lines, f"{path.name} page {number}: {lines}"
                    assert "/All" not in str(page.obj.Resources.get("/ColorSpace", {}).keys())


def test_crop_marks_are_artifacts_outside_the_bleed_on_every_page(marked):
    with pikepdf.open(marked) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            marks = [(b, tag) for kind, b, tag in painted(page)
                     if kind == "line" and _outside(b, MARKED_BLEED)]
            assert len(marks) == 8, f"page {number}: {len(marks)} crop marks"
            assert all(tag == "/Artifact" for _, tag in marks)
            quadrants = [((b[0] + b[2]) / 2 > MARKED_MEDIA[2] / 2, (b[1] + b[3]) / 2 > MARKED_MEDIA[3] / 2)
                         for b, _ in marks]
            assert len(set(quadrants)) == 4  # two marks at each corner of the trim box
            assert all(quadrants.count(q) == 2 for q in set(quadrants))
            for b, _ in marks:  # each mark lines up with a trim edge
                assert any(abs(v - t) < 0.01 for v in b for t in MARKED_TRIM)
            # in registration colour: the Separation "All", on every plate
            space = page.obj.Resources.ColorSpace["/All"]
            assert str(space[0]) == "/Separation" and str(space[1]) == "/All"


def test_an_edition_can_ask_for_crop_marks(tmp_path):
    import shutil

    folder = tmp_path / "mini"
    shutil.copytree(MINI, folder)
    with open(folder / "edition.yaml", "a", encoding="utf-8") as fh:
        fh.write("print:\n  marks: true\n")
    edition = load(folder)
    assert edition.printing.marks is True and edition.printing.condition == "FOGRA39"
    out = tmp_path / "out"
    assert main(["build", str(folder), "--output", str(out), "--profile", "print", "--variant", "de",
                 "--trust-own-checker"]) == 0
    with pikepdf.open(out / "mini.de.print.pdf") as pdf:
        assert _close(_box(pdf.pages[0], "/MediaBox"), MARKED_MEDIA)


def test_screen_pages_have_no_crop_marks(built):
    with pikepdf.open(built["mini"]["de"]) as pdf:
        for page in pdf.pages:
            assert not [b for kind, b, _ in painted(page) if kind == "line" and _outside(b, (0, 0, *A4))]


def test_the_cover_image_runs_into_the_bleed(built, built_print):
    for profile, outputs, box in (("print", built_print, BLEED_BOX), ("screen", built, (0, 0, *A4))):
        for variants in outputs.values():
            for path in variants.values():
                with pikepdf.open(path) as pdf:
                    images = [(b, tag) for kind, b, tag in painted(pdf.pages[0]) if kind == "image"]
                    # the cover image, the largest (a series' funder mark, issue 15, is small)
                    images.sort(key=lambda i: -(i[0][2] - i[0][0]) * (i[0][3] - i[0][1]))
                    assert images and all(b[3] <= images[0][0][1] + 0.01 for b, _ in images[1:]), images
                    (x0, y0, x1, y1), tag = images[0]
                    assert tag == "/Figure"
                    assert x0 <= box[0] + 0.01 and x1 >= box[2] - 0.01 and y1 >= box[3] - 0.01, \
                        f"{profile} {path.name}: cover image {images[0][0]} does not reach {box}"
                    assert y0 > box[1] + 100  # the rest of the cover is text below it


def _render(path: Path, page: int, out: Path, scale: float = 2.0) -> Image.Image:
    import pypdfium2 as pdfium
    doc = pdfium.PdfDocument(str(path))
    try:
        image = doc[page].render(scale=scale).to_pil().convert("RGB")
    finally:
        doc.close()
    image.save(out)
    return Image.open(out).convert("RGB")


def _pixel(image: Image.Image, x_pt: float, y_pt: float, scale: float = 2.0) -> tuple[int, int, int]:
    """The pixel at PDF point (x, y) (origin bottom left)."""
    return image.getpixel((int(x_pt * scale), int(image.height - y_pt * scale)))


def _white(rgb) -> bool:
    return min(rgb) > 245


def _dark(rgb) -> bool:
    return max(rgb) < 120


def test_rendered_print_pages_show_crop_marks_and_bleed(marked, tmp_path):
    TRIM, BLEED_BOX, MEDIA = MARKED_TRIM, MARKED_BLEED, MARKED_MEDIA  # noqa: N806 (as drawn)
    path = marked
    cover = _render(path, 0, tmp_path / "print-cover.png")
    body = _render(path, 4, tmp_path / "print-body.png")
    assert cover.size == (round(MEDIA[2] * 2), round(MEDIA[3] * 2))
    mark_far = BLEED + 5 * mm
    for image in (cover, body):
        # the horizontal crop mark left of the lower left trim corner, and the vertical one below it
        assert _dark(_min_around(image, TRIM[0] - (BLEED + mark_far) / 2, TRIM[1]))
        assert _dark(_min_around(image, TRIM[0], TRIM[1] - (BLEED + mark_far) / 2))
        # and at the upper right corner
        assert _dark(_min_around(image, TRIM[2] + (BLEED + mark_far) / 2, TRIM[3]))
        # nothing in the media corners, nothing between the marks
        assert _white(_pixel(image, 2, 2)) and _white(_pixel(image, MEDIA[2] - 2, MEDIA[3] - 2))
        assert _white(_pixel(image, MEDIA[2] / 2, MEDIA[3] - 4))
    # the cover image fills the bleed above and beside the trim, the colour band the bleed
    # below it, and both stop at the bleed's edge
    for x, y in ((MEDIA[2] / 2, TRIM[3] + BLEED / 2), (TRIM[0] - BLEED / 2, TRIM[3] - 100),
                 (TRIM[2] + BLEED / 2, TRIM[3] - 100), (MEDIA[2] / 2, TRIM[1] - BLEED / 2),
                 (TRIM[0] - BLEED / 2, TRIM[1] + 10), (TRIM[2] + BLEED / 2, TRIM[1] + 10)):
        assert not _white(_pixel(cover, x, y)), f"nothing in the bleed at {x:.0f}, {y:.0f}"
    assert _white(_pixel(cover, MEDIA[2] / 2, BLEED_BOX[3] + 3))
    assert _white(_pixel(cover, MEDIA[2] / 2, BLEED_BOX[1] - 3))
    # a body page keeps its bleed empty: nothing runs off its edges
    assert _white(_pixel(body, MEDIA[2] / 2, TRIM[3] + BLEED / 2))


def _min_around(image: Image.Image, x_pt: float, y_pt: float, scale: float = 2.0) -> tuple[int, ...]:
    """The darkest pixel within a point of (x, y): a 0.25 pt line is thinner than a pixel step."""
    px, py = int(x_pt * scale), int(image.height - y_pt * scale)
    pixels = [image.getpixel((i, j)) for i in range(px - 2, px + 3) for j in range(py - 2, py + 3)]
    return min(pixels, key=sum)


def test_rendered_screen_cover_runs_to_the_page_edge(built, tmp_path):
    cover = _render(built["clusterreportagen"]["de"], 0, tmp_path / "screen-cover.png")
    assert cover.size == (round(A4[0] * 2), round(A4[1] * 2))
    for x, y in ((1, A4[1] - 1), (A4[0] - 1, A4[1] - 1), (A4[0] / 2, A4[1] - 1), (A4[0] / 2, 1)):
        assert not _white(_pixel(cover, x, y))


# -- resolution --------------------------------------------------------------------------
def _image(tmp_path: Path, name: str, size: tuple[int, int]) -> str:
    path = tmp_path / name
    Image.new("RGB", size, (200, 100, 50)).save(path)
    return str(path)


def test_resolution_warning_names_each_low_resolution_image_once(tmp_path):
    two_inches = 144.0
    ok = TaggedImage(_image(tmp_path, "ok.png", (600, 300)), two_inches, two_inches / 2, StructNode("Figure"))
    low = TaggedImage(_image(tmp_path, "low.png", (598, 299)), two_inches, two_inches / 2,
                      StructNode("Figure"))
    small = TaggedImage(low.path, two_inches / 2, two_inches / 4, StructNode("Figure"))
    warnings = resolution_warnings([ok, low, small])
    assert len(warnings) == 1
    assert "low.png" in warnings[0] and "299 ppi" in warnings[0] and "51 × 25 mm" in warnings[0]
    assert "at least 300 ppi" in warnings[0]
    assert resolution_warnings([small]) == []  # 598 px over one inch is enough


def test_print_build_warns_about_low_resolution_images_screen_does_not():
    edition = load(MINI)
    warnings: list[str] = []
    render_output(edition, Output(edition.id, "de", ("de",), "print"), {}, warnings)
    named = {Path(w.split(":")[0]).name for w in warnings}
    assert named == {"cover.png", "sun.png"}  # the mini edition's images are 600 and 800 px wide
    cover = next(w for w in warnings if "cover.png" in w)
    assert "216 × 144 mm" in cover  # full bleed: A4 width plus 2 × 3 mm
    screen: list[str] = []
    render_output(edition, Output(edition.id, "de", ("de",), "screen"), {}, screen)
    assert screen == []


def test_pipeline_build_prints_the_warnings(tmp_path, capsys):
    assert main(["build", str(MINI), "--output", str(tmp_path), "--profile", "print", "--variant", "en"]) == 0
    err = capsys.readouterr().err
    assert "cover.png" in err and "ppi" in err
    assert (tmp_path / "mini.en.print.pdf").exists()


def _link_text_colours(page: pikepdf.Page) -> set[tuple[float, ...]]:
    """The fill colours that text inside /Link marked content is shown in."""
    colour, saved, tags, found = (0.0,), [], [], set()
    for operands, op in pikepdf.parse_content_stream(page, "q Q rg g k BDC BMC EMC Tj TJ ' \""):
        op = str(op)
        if op == "q":
            saved.append(colour)
        elif op == "Q":
            colour = saved.pop() if saved else colour
        elif op in ("rg", "g", "k"):
            colour = tuple(round(float(v), 3) for v in operands)
        elif op in ("BDC", "BMC"):
            tags.append(str(operands[0]))
        elif op == "EMC":
            tags.pop()
        elif "/Link" in tags:
            found.add(colour)
    return found


def test_print_links_have_no_colour_of_their_own(built_print):
    """Link text is in the body text's ink: black ink only in print (issue 16)."""
    for variants in built_print.values():
        for path in variants.values():
            with pikepdf.open(path) as pdf:
                colours = set().union(*(_link_text_colours(p) for p in pdf.pages))
                assert len(colours) == 1 and list(colours)[0][:3] == (0, 0, 0) and \
                    list(colours)[0][3] > 0.5, f"{path.name}: link text in {colours}"
                for page in pdf.pages:
                    for annot in page.get("/Annots", []):
                        assert "/C" not in annot and [float(v) for v in annot.Border][:3] == [0, 0, 0]
