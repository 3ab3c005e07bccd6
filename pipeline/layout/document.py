"""Page templates, running header and footer, and the layout passes."""
from __future__ import annotations

import io
import os
from dataclasses import dataclass
from typing import Iterator

from PIL import Image as PILImage
from reportlab.lib.units import inch, mm
from reportlab import rl_config
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate
from reportlab.platypus.doctemplate import LayoutError

from ..errors import Problem, SourceError

from ..tagging import ARTIFACT, StructNode, TaggedCanvas, TagRecord
from .flowables import TaggedImage
from .story import SOURCE_KINDS
from .fonts import BODY
from .styles import ACCENT, MARK_LENGTH, MUTED, REGISTRATION, RULE, PageGeometry

# ReportLab's streams (font programs above all) are binary, not ASCII85: the encoding costs
# time in pure Python, and pikepdf rewrites every stream in the end anyway.
rl_config.useA85 = 0


@dataclass
class Running:
    """What the running header and footer show on the current page."""
    left: str = ""
    right: str = ""
    page_label: str = "{page}"  # localised "Page {page}"
    header_off_page: int = -1  # the page where a reportage opens shows no header


class SetRunning(Flowable):
    """Zero-size flowable: from here on, header and footer show these texts."""

    def __init__(self, left: str, right: str, page_label: str, opening: bool = False):
        super().__init__()
        self.values = (left, right, page_label, opening)
        self.width = self.height = 0

    def wrap(self, availWidth, availHeight):
        return 0, 0

    def draw(self):
        left, right, label, opening = self.values
        run: Running = self.canv.running
        run.left, run.right, run.page_label = left, right, label
        if opening:
            run.header_off_page = self.canv.getPageNumber()


class OutlineEntry(Flowable):
    """Zero-size flowable: an outline entry with no heading of its own (a language part)."""

    def __init__(self, level: int, title: str):
        super().__init__()
        self.level, self.title = level, title

    def wrap(self, availWidth, availHeight):
        return 0, 0

    def draw(self):
        canvas: TaggedCanvas = self.canv
        canvas.record.headings.append((self.level, self.title, canvas.page_index,
                                       canvas.absolutePosition(0, 0)[1]))


def _header_footer(canvas: TaggedCanvas, doc: "EditionDocTemplate") -> None:
    g = doc.geometry
    o = g.offset
    run: Running = canvas.running
    page = canvas.getPageNumber()
    canvas.saveState()
    with canvas.text_for(ARTIFACT):
        canvas.setFillColor(MUTED)
        if page != run.header_off_page and (run.left or run.right):
            canvas.setFont(BODY.name, 8.5)
            y = o + g.height - g.top + 14
            canvas.drawString(o + g.left, y, run.left)
            canvas.drawRightString(o + g.width - g.right, y,
                                   _fit(canvas, run.right, g.frame_width / 2 - 10))
            canvas.setStrokeColor(RULE)
            canvas.setLineWidth(0.5)
            canvas.line(o + g.left, y - 5, o + g.width - g.right, y - 5)
        canvas.setFont(BODY.name, 9)
        canvas.drawCentredString(o + g.width / 2, o + g.bottom - 28, run.page_label.format(page=page))
    canvas.restoreState()


def crop_marks(g: PageGeometry) -> list[tuple[float, float, float, float]]:
    """The crop marks as lines (x0, y0, x1, y1): two at each corner of the trim box, in line
    with its edges, from the outer edge of the bleed outwards, so none reaches the page."""
    x0, y0, x1, y1 = g.trim_box
    near, far = g.bleed, g.bleed + MARK_LENGTH
    lines = []
    for x, sx in ((x0, -1), (x1, 1)):
        for y, sy in ((y0, -1), (y1, 1)):
            lines.append((x + sx * near, y, x + sx * far, y))  # horizontal, beside the corner
            lines.append((x, y + sy * near, x, y + sy * far))  # vertical, above or below it
    return lines


def _crop_marks(canvas: TaggedCanvas, doc: "EditionDocTemplate") -> None:
    """Print profile: crop marks outside the bleed, as artifacts (they are not content)."""
    g = doc.geometry
    if not g.marks:
        return
    canvas.saveState()
    canvas.setStrokeColor(REGISTRATION)
    canvas.setLineWidth(0.25)
    with canvas.artifact():
        for x0, y0, x1, y1 in crop_marks(g):
            canvas.line(x0, y0, x1, y1)
    canvas.restoreState()


def _fit(canvas, text: str, width: float) -> str:
    if canvas.stringWidth(text, BODY.name, 8.5) <= width:
        return text
    while text and canvas.stringWidth(text + "\u2026", BODY.name, 8.5) > width:
        text = text[:-1]
    return text.rstrip() + "\u2026"


PRINT_PPI = 300  # what print needs at the printed size


def printed_images(story: list[Flowable]) -> Iterator[TaggedImage]:
    """The images of a laid-out story, in story order (inside KeepTogether too)."""
    for flowable in story:
        if isinstance(flowable, TaggedImage):
            yield flowable
        elif isinstance(flowable, (list, tuple)):
            yield from printed_images(list(flowable))
        elif isinstance(getattr(flowable, "_content", None), list):
            yield from printed_images(flowable._content)


def resolution_warnings(images: list[TaggedImage], minimum: float = PRINT_PPI) -> list[str]:
    """One line per image whose pixels are too few for ``minimum`` ppi at the size it is
    printed (each image once, at its largest printed size)."""
    largest: dict[str, tuple[float, float]] = {}
    for image in images:
        w, h = largest.get(image.path, (0.0, 0.0))
        if image.img_width * image.img_height > w * h:
            largest[image.path] = (image.img_width, image.img_height)
    lines = []
    for path, (w_pt, h_pt) in largest.items():
        with PILImage.open(path) as im:
            w_px, h_px = im.size
        ppi = min(w_px / (w_pt / inch), h_px / (h_pt / inch))
        if ppi < minimum:
            lines.append(f"{_shown(path)}: {ppi:.0f} ppi at its printed size of "
                         f"{w_pt / mm:.0f} \u00d7 {h_pt / mm:.0f} mm; print needs at least "
                         f"{minimum:.0f} ppi")
    return lines


def _shown(path: str) -> str:
    """The path relative to the working folder when it is inside it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive
        return path
    return path if relative.startswith("..") else relative


COVER_BAND = 14 * mm  # the colour band along the cover's lower edge, measured from the trim


def _cover_page(canvas: TaggedCanvas, doc: "EditionDocTemplate") -> None:
    """The cover: a colour band along the lower edge, run into the bleed (an artifact:
    decoration), and the crop marks."""
    g = doc.geometry
    x0, y0, x1, _ = g.bleed_box
    canvas.saveState()
    canvas.setFillColor(ACCENT)
    with canvas.artifact():
        canvas.rect(x0, y0, x1 - x0, g.offset + COVER_BAND - y0, stroke=0, fill=1)
    canvas.restoreState()
    _crop_marks(canvas, doc)


class EditionDocTemplate(BaseDocTemplate):
    def __init__(self, filename, geometry: PageGeometry, lang: str, **kw):
        self.geometry = g = geometry
        o = g.offset
        media_w, media_h = g.media_size
        super().__init__(filename, pagesize=(media_w, media_h), leftMargin=o + g.left,
                         rightMargin=o + g.right, topMargin=o + g.top, bottomMargin=o + g.bottom,
                         initialFontName=BODY.name, initialFontSize=10, lang=lang,
                         invariant=1, **kw)
        frame = Frame(o + g.left, o + g.bottom, g.frame_width, g.frame_height, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        # The cover's frame reaches up to the edge of the bleed: its first flowable, the
        # cover image, runs over the top edge (see compose.cover).
        cover = Frame(o + g.left, o + g.bottom, g.frame_width, g.height + g.bleed - g.bottom,
                      id="cover", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([
            PageTemplate("cover", [cover], onPage=_cover_page),
            PageTemplate("body", [frame], onPage=_crop_marks, onPageEnd=_header_footer),
        ])
        self._source_ref = None

    def handle_flowable(self, flowables):
        """ReportLab's, with its LayoutError (something that can be neither split nor set on
        an empty page) turned into a SourceError naming the file and line of the block
        (``story.mark_source``; the parts of a split block follow the block itself)."""
        ref = getattr(flowables[0], "source_ref", None) if flowables else None
        if ref is not None:
            self._source_ref = ref
        try:
            super().handle_flowable(flowables)
        except LayoutError:
            if self._source_ref is None or self._source_ref[0] is None:
                raise
            path, line, kind = self._source_ref
            what = SOURCE_KINDS.get(kind, kind)
            raise SourceError([Problem(path, f"this {what} is too large for a page "
                                       f"({self.geometry.frame_width:.0f} \u00d7 "
                                       f"{self.geometry.frame_height:.0f} pt of text area) and "
                                       "cannot be split: shorten it or break it up", line or None)]
                              ) from None


def render(story_factory, geometry: PageGeometry, lang: str, title: str,
           guess: dict[str, int] | None = None) -> tuple[bytes, StructNode, TagRecord]:
    """Lay the story out until page references are stable; return PDF bytes, tree, record.

    ``story_factory(destinations)`` builds a fresh story and structure tree, given the pages
    of the named destinations (``guess``, or those of the previous pass; none at first).

    Without a guess, the first pass is a dry run: it breaks lines and pages and notes where
    each destination falls, but draws no text and writes no PDF. The contents page keeps its
    page numbers in a column of their own, so the numbers move nothing, and the full pass
    that follows confirms the destinations. With a right guess, one full pass is enough.
    """
    destinations: dict[str, int] = dict(guess or {})
    dry = guess is None
    for _ in range(5):
        story, root = story_factory(destinations)
        records: list[TagRecord] = []

        def canvasmaker(*args, **kwargs):
            canvas = TaggedCanvas(*args, **kwargs)
            canvas.running = Running()
            canvas.dry = dry
            records.append(canvas.record)
            return canvas

        out = io.BytesIO()
        doc = EditionDocTemplate(out, geometry, lang, title=title)
        doc.build(story, canvasmaker=canvasmaker)
        record = records[-1]
        if record.destinations == destinations and not dry:
            return out.getvalue(), root, record
        destinations = dict(record.destinations)
        dry = False
    raise RuntimeError("page numbers of the table of contents do not settle")
