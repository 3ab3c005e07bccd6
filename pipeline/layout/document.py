"""Page templates, running header and footer, and the layout passes."""
from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from ..tagging import ARTIFACT, StructNode, TaggedCanvas, TagRecord
from .fonts import BODY
from .styles import MUTED, RULE, PageGeometry


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
    run: Running = canvas.running
    page = canvas.getPageNumber()
    canvas.saveState()
    with canvas.text_for(ARTIFACT):
        canvas.setFillColor(MUTED)
        if page != run.header_off_page and (run.left or run.right):
            canvas.setFont(BODY.name, 8.5)
            y = g.height - g.top + 14
            canvas.drawString(g.left, y, run.left)
            canvas.drawRightString(g.width - g.right, y, _fit(canvas, run.right, g.frame_width / 2 - 10))
            canvas.setStrokeColor(RULE)
            canvas.setLineWidth(0.5)
            canvas.line(g.left, y - 5, g.width - g.right, y - 5)
        canvas.setFont(BODY.name, 9)
        canvas.drawCentredString(g.width / 2, g.bottom - 28, run.page_label.format(page=page))
    canvas.restoreState()


def _fit(canvas, text: str, width: float) -> str:
    if canvas.stringWidth(text, BODY.name, 8.5) <= width:
        return text
    while text and canvas.stringWidth(text + "\u2026", BODY.name, 8.5) > width:
        text = text[:-1]
    return text.rstrip() + "\u2026"


class EditionDocTemplate(BaseDocTemplate):
    def __init__(self, filename, geometry: PageGeometry, lang: str, **kw):
        self.geometry = g = geometry
        super().__init__(filename, pagesize=(g.width, g.height), leftMargin=g.left,
                         rightMargin=g.right, topMargin=g.top, bottomMargin=g.bottom,
                         initialFontName=BODY.name, initialFontSize=10, lang=lang,
                         invariant=1, **kw)
        frame = Frame(g.left, g.bottom, g.frame_width, g.frame_height, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        cover = Frame(g.left, g.bottom, g.frame_width, g.height - g.bottom - 18 * 2.835,
                      id="cover", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([
            PageTemplate("cover", [cover]),
            PageTemplate("body", [frame], onPageEnd=_header_footer),
        ])


def render(story_factory, geometry: PageGeometry, lang: str, title: str) -> tuple[bytes, StructNode, TagRecord]:
    """Lay the story out until page references are stable; return PDF bytes, tree, record.

    ``story_factory(destinations)`` builds a fresh story and structure tree, given the pages
    of the named destinations of the previous pass (empty on the first pass).
    """
    destinations: dict[str, int] = {}
    for _ in range(4):
        story, root = story_factory(destinations)
        records: list[TagRecord] = []

        def canvasmaker(*args, **kwargs):
            canvas = TaggedCanvas(*args, **kwargs)
            canvas.running = Running()
            records.append(canvas.record)
            return canvas

        out = io.BytesIO()
        doc = EditionDocTemplate(out, geometry, lang, title=title)
        doc.build(story, canvasmaker=canvasmaker)
        record = records[-1]
        if record.destinations == destinations:
            return out.getvalue(), root, record
        destinations = dict(record.destinations)
    raise RuntimeError("page numbers of the table of contents do not settle")
