"""Page templates, running header and footer, and the layout passes."""
from __future__ import annotations

import io
import os
import weakref
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from PIL import Image as PILImage
from reportlab import rl_config
from reportlab.lib.units import inch, mm
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageBreak, PageTemplate, Paragraph, Spacer
from reportlab.platypus.doctemplate import ActionFlowable, LayoutError

from .. import reportlab_private as rlp
from ..errors import Problem, SourceError
from ..tagging import ARTIFACT, LayoutRecord, StructNode, TaggedCanvas, TagRecord
from .flowables import TaggedImage
from .fonts import BODY
from .footnotes import FootnoteMakeup, Footnotes, mark_continued, note_depths
from .keeping import KeepStart, chainable, stacked
from .story import SOURCE_KINDS
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
    blank_pages: set[int] = field(default_factory=set)  # print: left blank (RectoStart, PadPages)


class SetRunning(Flowable):
    """Zero-size flowable: from here on, header and footer show these texts."""

    def __init__(self, left: str, right: str, page_label: str, opening: bool = False):
        super().__init__()
        self.values = (left, right, page_label, opening)
        self.width = self.height = 0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
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

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        canvas: TaggedCanvas = self.canv
        canvas.layout_record.headings.append((self.level, self.title, canvas.page_index,
                                       canvas.absolutePosition(0, 0)[1]))


def _header_footer(canvas: TaggedCanvas, doc: EditionDocTemplate) -> None:
    g = doc.geometry
    o = g.offset
    run: Running = canvas.running
    page = canvas.getPageNumber()
    if page in run.blank_pages:
        return  # a blank page carries nothing, not even its folio
    if g.mirrored:
        _book_header_footer(canvas, g, run, page)
        return
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
        canvas.drawCentredString(o + g.left + g.frame_width / 2, o + g.bottom - 28,
                                 run.page_label.format(page=page))
    canvas.restoreState()


def _book_header_footer(canvas: TaggedCanvas, g: PageGeometry, run: Running, page: int) -> None:
    """Facing pages (print): running head and folio on the outer edge of the column; a
    verso shows the edition's title, a recto the part's (the reportage's)."""
    left, right = g.margins(page)
    x0, x1 = g.offset + left, g.offset + g.width - right
    recto = page % 2 == 1
    canvas.saveState()
    with canvas.text_for(ARTIFACT):
        canvas.setFillColor(MUTED)
        if page != run.header_off_page and (run.left or run.right):
            canvas.setFont(BODY.name, 8.5)
            y = g.offset + g.height - g.top + 14
            if recto:
                canvas.drawRightString(x1, y, _fit(canvas, run.right, x1 - x0))
            else:
                canvas.drawString(x0, y, _fit(canvas, run.left, x1 - x0))
            canvas.setStrokeColor(RULE)
            canvas.setLineWidth(0.5)
            canvas.line(x0, y - 5, x1, y - 5)
        canvas.setFont(BODY.name, 9)
        folio, y = run.page_label.format(page=page), g.offset + g.bottom - 28
        if recto:
            canvas.drawRightString(x1, y, folio)
        else:
            canvas.drawString(x0, y, folio)
    canvas.restoreState()


class RectoStart(ActionFlowable):
    """Where a part opens (contents, a reportage, the imprint): on facing pages it opens on
    a recto, and a verso it would open on is left blank (nothing drawn, no folio)."""

    def __init__(self):
        super().__init__(("rectoStart",))

    def apply(self, doc):
        if doc.geometry.mirrored and doc.page % 2 == 0:  # the page the part would open on
            doc.canv.running.blank_pages.add(doc.page)
            doc.handle_pageBreak()


class PadPages(ActionFlowable):
    """At the end (facing pages only): blank pages until the page count is a multiple of
    ``multiple``, the pages of the folded sheets a book is bound from."""

    def __init__(self, multiple: int = 4):
        super().__init__(("padPages",))
        self.multiple = multiple

    def apply(self, doc):
        if not doc.geometry.mirrored:
            return
        for _ in range(-doc.page % self.multiple):
            doc.handle_pageBreak()
            doc.clean_hanging()  # begin the blank page now
            doc.canv.running.blank_pages.add(doc.page)


def _body_page(canvas: TaggedCanvas, doc: EditionDocTemplate) -> None:
    """A body page begins: the column at this page's margins (mirrored in print), crop marks."""
    g = doc.geometry
    if g.mirrored:
        rlp.set_frame_x(doc.pageTemplate.frames[0], g.column_x(doc.page))
    _crop_marks(canvas, doc)


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


def _crop_marks(canvas: TaggedCanvas, doc: EditionDocTemplate) -> None:
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
        elif isinstance(getattr(flowable, "image", None), TaggedImage):  # compose.CoverPicture
            yield flowable.image
        elif isinstance(flowable, (list, tuple)):
            yield from printed_images(list(flowable))
        elif (group := rlp.members(flowable)) is not None:
            yield from printed_images(group)


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


def _cover_page(canvas: TaggedCanvas, doc: EditionDocTemplate) -> None:
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


FEATHER_MAX = 4.5 * 15.5  # leftover space (pt) spread over a page's gaps; more stays at the foot
FEATHER_KEEP = 0.5  # pt left unspread, so that rounding never pushes a line off the page


class BodyFrame(Frame):
    """The body frame, which can spread a page's leftover space over the gaps between its
    blocks (vertical justification, TeX's flexible glue between paragraphs): ``extra`` pt
    go before every block that is not first on the page and does not follow a heading.

    A pass counts the gaps (``slots``) and measures what is left at the foot of each page;
    the next pass spreads it (see ``EditionDocTemplate.handle_frameEnd``). The same blocks
    land on the page, so the page breaks do not move."""

    def _reset(self) -> None:  # a hook: see rlp.HOOKS
        super()._reset()
        self.extra = 0.0
        self.applied = 0.0
        self.slots = 0
        self._after_heading = False

    def _gap(self, flowable) -> bool:
        if rlp.frame_at_top(self) or self._after_heading or rlp.is_zero_size(flowable):
            return False
        return not isinstance(flowable, (Spacer, SetRunning, OutlineEntry)) and \
            not getattr(flowable, "frameAction", None)

    def _add(self, flowable: Flowable, canv: TaggedCanvas, trySplit: int = 0) -> int:  # a hook: see rlp.HOOKS
        gap = self._gap(flowable)
        extra = self.extra if gap else 0.0
        rlp.move_frame_cursor(self, -extra)
        added: int = super()._add(flowable, canv, trySplit)
        if not added:
            rlp.move_frame_cursor(self, extra)
            return added
        if gap:
            self.slots += 1
            self.applied += extra
        if isinstance(flowable, Paragraph) and getattr(flowable, "inline_nodes", None):
            note_depths(self, flowable)
        if not rlp.is_zero_size(flowable) and not isinstance(flowable, Spacer):
            self._after_heading = bool(getattr(flowable, "heading", None)) or \
                getattr(getattr(flowable, "style", None), "keepWithNext", 0) == 1
        return added

    add = _add

    def split(self, flowable: Flowable, canv: TaggedCanvas) -> list[Flowable]:
        extra = self.extra if self._gap(flowable) else 0.0
        rlp.move_frame_cursor(self, -extra)
        try:
            parts: list[Flowable] = super().split(flowable, canv)
            mark_continued(self, parts)
            return parts
        finally:
            rlp.move_frame_cursor(self, extra)


class EditionDocTemplate(FootnoteMakeup, BaseDocTemplate):
    """The edition's pages, with the make-up rules of issue 13 on top of ReportLab's:

    * keepWithNext groups need only the start of their last member (``keeping.KeepStart``);
    * a figure (``is_float``) that does not fit where it is anchored goes to the top of the
      next page and the text after it fills the space; at the end of its reportage (a page
      break) a figure still waiting is set before the break, so it never leaves the
      reportage, and it never moves more than one page. Its structure element keeps its
      place in the source order: the tree is built from the model, not from paint order;
    * a footnote goes to the foot of the page of its reference, or continues on the next
      page of its reportage, and never leaves its reportage (``footnotes.FootnoteMakeup``).
    """

    keepTogetherClass = KeepStart

    def __init__(self, filename, geometry: PageGeometry, lang: str,
                 feedback: dict[str, int] | None = None, spread: bool = False, **kw):
        self.geometry = g = geometry
        self.feedback = feedback or {}  # what the previous pass measured (see BodyFrame)
        self.spread = spread  # spread the leftover space the previous pass measured
        self._forced = False
        o = g.offset
        media_w, media_h = g.media_size
        super().__init__(filename, pagesize=(media_w, media_h), leftMargin=o + g.left,
                         rightMargin=o + g.right, topMargin=o + g.top, bottomMargin=o + g.bottom,
                         initialFontName=BODY.name, initialFontSize=10, lang=lang,
                         invariant=1, **kw)
        frame = BodyFrame(o + g.left, o + g.bottom, g.frame_width, g.frame_height, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        frame.edition = weakref.ref(self)  # (a weak reference: groups deep-copy their frame)
        # The cover's frame reaches up to the edge of the bleed: its first flowable, the
        # cover image, runs over the top edge (see compose.cover).
        cover = Frame(o + g.left, o + g.bottom, g.cover_width, g.height + g.bleed - g.bottom,
                      id="cover", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([
            PageTemplate("cover", [cover], onPage=_cover_page),
            PageTemplate("body", [frame], onPage=_body_page, onPageEnd=_header_footer),
        ])
        self._source_ref = None
        self._floats: list[Flowable] = []  # figures waiting for the top of the next page
        self._deferred_page = -1  # the last page a figure was set aside on
        self._init_notes()

    def handle_keepWithNext(self, flowables):
        """ReportLab's grouping, with figures and pull quotes allowed in a group."""
        i, n = 0, len(flowables)
        while i < n and flowables[i].getKeepWithNext() and chainable(flowables[i]):
            i += 1
        if not i:
            return
        if i < n and chainable(flowables[i]):
            i += 1
        group = KeepStart(flowables[:i])
        for f in (rlp.members(group) or [])[:-1]:
            f.__dict__["keepWithNext"] = 0
        del flowables[:i]
        flowables.insert(0, group)

    def handle_pageBreak(self, slow=None):
        self._forced = True  # a page that ends on purpose (a reportage's last) is not spread
        self._close_part_notes()
        try:
            super().handle_pageBreak(slow)
        finally:
            self._forced = False

    def _endBuild(self) -> None:  # a hook: see rlp.HOOKS
        self._anchor_unplaced_notes()
        super()._endBuild()

    def _feather_key(self) -> str:
        return f"feather:{self.page}:{round(self._reserved + self._held)}"

    def handle_frameEnd(self, resume=0):
        frame = self.frame
        if isinstance(frame, BodyFrame) and not self._forced and frame.slots:
            # (the space held for a note counts as left: spread, it is not kept free)
            natural = rlp.frame_room(frame) + frame.applied + (self._held if self._held_raised else 0.0)
            held_aside = self._held and self._deferred_page == self.page
            if FEATHER_KEEP < natural <= FEATHER_MAX and not held_aside:
                # (a figure set aside on a page with space held might fit once the space
                # is given to the gaps: such a page is not spread)
                self.canv.layout_record.destinations[self._feather_key()] = \
                    round(natural * 10) * 100 + min(frame.slots, 99)
        super().handle_frameEnd(resume)

    def handle_pageEnd(self):
        if isinstance(getattr(self, "frame", None), BodyFrame):
            self._page_room(self.frame)
        self._end_page_notes()
        super().handle_pageEnd()

    def handle_frameBegin(self, resume=0, pageTopFlowables=None):
        frame = self.frame
        if isinstance(frame, BodyFrame) and rlp.frame_at_top(frame):
            self._take_notes(frame)
        spread = self.feedback.get(self._feather_key())
        if isinstance(frame, BodyFrame) and spread and self.spread and rlp.frame_at_top(frame):
            natural, slots = divmod(spread, 100)
            frame.extra = max(natural / 10 - FEATHER_KEEP, 0) / slots
            if self._held_raised:  # the space held goes to the gaps (the same lines fit)
                rlp.raise_frame_bottom(frame, -self._held)
                self._held_raised = False
        super().handle_frameBegin(resume, pageTopFlowables)

    def _defer(self, f) -> bool:
        """Set a figure that does not fit here aside for the top of the next page."""
        frame = self.frame
        if rlp.frame_at_top(frame) or getattr(f, "_deferred", False):
            return False
        space = max(f.getSpaceBefore() - rlp.frame_space_above(frame), 0)
        if stacked(rlp.members(f) or [], rlp.frame_width(frame), False) + space <= rlp.frame_room(frame):
            return False
        f._deferred = True
        self._deferred_page = self.page
        self._floats.append(f)
        return True

    def handle_flowable(self, flowables):
        self._open_part_notes(flowables)
        if (self._floats and flowables is not rlp.hanging(self) and getattr(self, "frame", None) is not None
                and rlp.frame_at_top(self.frame)):
            flowables[0:0] = self._floats  # a new page: the figures waiting open it
            self._floats = []
        if self._floats and flowables and isinstance(flowables[0], PageBreak):
            flowables[0:0] = self._floats  # the reportage ends: set what waits before it
            self._floats = []
        if flowables and flowables is not rlp.hanging(self) and flowables[0].getKeepWithNext():
            self.handle_keepWithNext(flowables)  # (ReportLab's own call then finds nothing to do)
        if flowables and _floats(flowables[0]) and self._defer(flowables[0]):
            del flowables[0]
            return
        self._handle_with_source(flowables)

    def _handle_with_source(self, flowables):
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


def _floats(f) -> bool:
    """A figure or pull quote; or a table with its caption or the space above it (not a
    heading with its table: the text after the table belongs to the heading's section)."""
    members = rlp.members(f)
    if members is None:
        return False
    if getattr(f, "is_float", False):
        return True
    return (isinstance(f, KeepStart) and len(members) == 2 and getattr(members[-1], "is_float", False)
            and not getattr(members[0], "heading", None))


def render(story_factory, geometry: PageGeometry, lang: str, title: str,
           guess: dict[str, int] | None = None) -> tuple[bytes, StructNode, TagRecord, LayoutRecord]:
    """Lay the story out until page references are stable; return PDF bytes, tree, and the
    last pass's tag record and layout record.

    ``story_factory(destinations)`` builds a fresh story and structure tree, given the pages
    of the named destinations (``guess``, or those of the previous pass; none at first).

    Each pass also measures what the next one needs: the page of each footnote reference
    (its note goes to the foot of that page, or as ``footnotes.FootnoteMakeup.settle_notes``
    decides, never onto a page of another part) and the space left at the foot of each page
    (spread over the page's gaps, see ``BodyFrame``). Spreading is exact only for page
    breaks that no longer move, so passes run without it until the page breaks settle,
    and one more pass spreads what the settled pass measured.

    Passes until the page breaks settle are dry runs: they break lines and pages and note
    where each destination falls, but draw no text and write no PDF (a dry pass lays out
    exactly as a drawn one; the contents page keeps its page numbers in a column of their
    own, so the numbers move nothing). Then one drawn pass spreads what the last dry pass
    measured; it is the result when it measures the same again, which is the rule. With a
    right guess (the last build's measurements), that one drawn pass is all.
    """
    destinations: dict[str, int] = dict(guess or {})
    guessed = guess is not None
    dry, spread = not guessed, guessed
    for _ in range(MAX_PASSES):
        story, root = story_factory(destinations)
        canvases: list[TaggedCanvas] = []

        def canvasmaker(*args: Any, _dry: bool = dry, _made: list[TaggedCanvas] = canvases,
                        **kwargs: Any) -> TaggedCanvas:
            canvas = TaggedCanvas(*args, **kwargs)
            canvas.running = Running()
            canvas.dry = _dry
            _made.append(canvas)
            return canvas

        out = io.BytesIO()
        doc = EditionDocTemplate(out, geometry, lang, feedback=destinations, spread=spread,
                                 title=title)
        doc.notes = {nid: note for f in story if isinstance(f, Footnotes) for nid, note in f.notes.items()}
        doc.build(story, canvasmaker=canvasmaker)
        tags, placed = canvases[-1].tag_record, canvases[-1].layout_record
        # where the next pass sets the footnotes (a guess is a result of these passes: this
        # decides as they did, and cannot confirm a wrong guess, which measures otherwise)
        doc.settle_notes(placed.destinations, destinations, doc.page)
        if not dry and spread and placed.destinations == destinations:
            return out.getvalue(), root, tags, placed  # drawn, spread, and nothing moved
        if guessed:
            # a guess that this pass did not confirm: start over as without one, so that the
            # result is the same, byte for byte, whatever the guess was
            guessed, destinations, dry, spread = False, {}, True, False
            continue
        settled = bool(destinations) and _pages_only(placed.destinations) == _pages_only(destinations)
        # page breaks settled: the next pass is drawn and spreads what this one measured
        # (after a drawn pass that moved something, the passes stay drawn, as before)
        dry, spread = dry and not settled, settled
        destinations = dict(placed.destinations)
    if settled and not dry:
        return out.getvalue(), root, tags, placed  # settled, only not spread exactly
    raise RuntimeError("page numbers of the table of contents do not settle")


MAX_PASSES = 12


def _pages_only(destinations: dict[str, int]) -> dict[str, int]:
    return {k: v for k, v in destinations.items() if not k.startswith("feather:")}
