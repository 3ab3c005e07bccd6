"""Page templates, running header and footer, and the layout passes."""
from __future__ import annotations

import bisect
import io
import math
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
from .inline import back_destination
from .keeping import MIN_LINES, KeepStart, chainable, stacked
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


class Footnotes(Flowable):
    """Zero-size flowable carrying a reportage's footnotes (note id -> paragraph); the
    document sets each at the foot of the page that holds its reference."""
    _ZEROSIZE = True

    def __init__(self, notes: dict[str, Flowable]):
        super().__init__()
        self.notes = notes
        self.width = self.height = 0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        pass


NOTE_RULE = 18 * mm  # the short rule above the footnotes
NOTE_ABOVE, NOTE_BELOW = 9.0, 5.0  # space above and below that rule
NOTES_MAX = 0.4  # of the text area: more notes continue at the foot of the next page
WHOLE_MAX = 0.8  # of the text area: a note that must not continue is set whole up to this
NOTE_FUZZ = 0.5  # pt: a note "fits" in the space left with this much to spare
MIN_NOTE_LINES = 2  # lines of a note on either side of a page break
WHOLE = -1  # notesplit: the note whole at the foot of its reference's page (see settle_notes)
PART_KEYS = ("rep-", "imprint-", "introduction-")  # destinations on the first page of a part


def notes_room(text_height: float, whole: bool = False) -> float:
    """The height footnotes may take at the foot of a page whose text area is
    ``text_height`` high: NOTES_MAX of it (WHOLE_MAX for a note set whole), less the space
    around the rule above them."""
    return (WHOLE_MAX if whole else NOTES_MAX) * text_height - NOTE_ABOVE - NOTE_BELOW


class NoteRest(Flowable):
    """The rest of a footnote continued at the foot of the next page: its text (the parts
    of a split paragraph stay in the one P of the Note), indented as the first part's."""

    def __init__(self, node: Any, text: Flowable, indent: float):
        super().__init__()
        self.node, self.text, self.indent = node, text, indent
        self.spaceAfter = text.getSpaceAfter()

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self.height = self.text.wrap(availWidth - self.indent, availHeight)[1]
        return self.width, self.height

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        self.text.drawOn(canvas, x + self.indent, y)


def split_note(note: Flowable, width: float, height: float) -> list[Flowable]:
    """A footnote split between lines to fit ``height``: [first part, rest], or [] when it
    cannot be (the number goes with the first part)."""
    text, indent = getattr(note, "text", None), getattr(note, "INDENT", getattr(note, "indent", None))
    if text is None or indent is None:
        parts: list[Flowable] = note.split(width, height)
        return parts
    pieces = text.split(width - indent, height)
    if len(pieces) != 2:
        return []
    first: Flowable = (type(note)(note.node, note.label, pieces[0]) if not isinstance(note, NoteRest)
                       else NoteRest(note.node, pieces[0], indent))
    return [first, NoteRest(note.node, pieces[1], indent)]


def _note_lines(part: Flowable, width: float) -> int:
    """Lines of a footnote's text (or part of it) set at ``width``."""
    part.wrap(width, 0x7FFFFFFF)
    text = getattr(part, "text", part)
    return len(rlp.lines_of(text)) if isinstance(text, Paragraph) else 0


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
            self._note_depths(flowable)
        if not rlp.is_zero_size(flowable) and not isinstance(flowable, Spacer):
            self._after_heading = bool(getattr(flowable, "heading", None)) or \
                getattr(getattr(flowable, "style", None), "keepWithNext", 0) == 1
        return added

    add = _add

    def _note_depths(self, paragraph: Paragraph) -> None:
        """For each footnote reference first set in this paragraph: how far the bottom of its
        line is above the frame's bottom as the page would be without spreading and without
        space held (``EditionDocTemplate.depths``), and whether the paragraph may break right
        after that line (two lines at least before and after the break, or none after)."""
        edition = getattr(self, "edition", None)
        doc = edition() if edition is not None else None
        refs = {n.key: n.note_target for n in paragraph.inline_nodes if getattr(n, "note_target", None)}
        if doc is None or not refs:
            return
        lines = rlp.lines_of(paragraph)
        leading = paragraph.style.leading
        held = 0.0 if doc._held_raised else doc._held
        bottom = rlp.frame_room(self) + self.applied - held + paragraph.getSpaceAfter()
        after = getattr(paragraph, "_continued", 0)  # lines of it on the next page
        for n, line in enumerate(lines):
            for word in getattr(line, "words", ()):
                label = getattr(getattr(word, "cbDefn", None), "label", None) or ""
                target = refs.get(int(label[5:])) if label.startswith("open:") else None
                if target is None or target in doc.depths:
                    continue
                rest = len(lines) - 1 - n + after
                breakable = rest == 0 or (rest >= MIN_LINES and n + 1 >= MIN_LINES)
                doc.depths[target] = (doc.page - 1, bottom + (len(lines) - 1 - n) * leading, breakable)

    def split(self, flowable: Flowable, canv: TaggedCanvas) -> list[Flowable]:
        extra = self.extra if self._gap(flowable) else 0.0
        rlp.move_frame_cursor(self, -extra)
        try:
            parts: list[Flowable] = super().split(flowable, canv)
            if len(parts) == 2 and isinstance(parts[1], Paragraph) and _refers_to_notes(parts[0]):
                parts[1].wrap(rlp.frame_width(self), 0x7FFFFFFF)
                parts[0]._continued = len(rlp.lines_of(parts[1]))
            return parts
        finally:
            rlp.move_frame_cursor(self, extra)


class EditionDocTemplate(BaseDocTemplate):
    """The edition's pages, with the make-up rules of issue 13 on top of ReportLab's:

    * keepWithNext groups need only the start of their last member (``keeping.KeepStart``);
    * a figure (``is_float``) that does not fit where it is anchored goes to the top of the
      next page and the text after it fills the space; at the end of its reportage (a page
      break) a figure still waiting is set before the break, so it never leaves the
      reportage, and it never moves more than one page. Its structure element keeps its
      place in the source order: the tree is built from the model, not from paint order;
    * a footnote goes to the foot of the page of its reference, or continues on the next
      page of its reportage, and never leaves its reportage (``settle_notes``).
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
        self.notes: dict[str, Flowable] = {}  # note id -> its paragraph (see Footnotes)
        self._carry: list[Flowable] = []  # footnote text that did not fit on its page
        self._page_notes: list[tuple[Flowable, float]] = []  # set at the foot of this page
        self._reserved = 0.0  # at the foot of this page, for its notes
        self._used = 0.0  # of that, the notes themselves (without the rule's space)
        self._held = 0.0  # more kept free for a held note (see _take_notes), if raised
        self._held_raised = False
        self._deferred_page = -1  # the last page a figure was set aside on
        self.rooms: dict[int, tuple[float, float]] = {}  # page index -> (space left, notes' height)
        # note id -> (page index, space under its reference's line, may the text break there)
        self.depths: dict[str, tuple[int, float, bool]] = {}
        self.crossed: set[str] = set()  # notes whose rest went past the end of their part
        self._part_notes: set[str] = set()  # the notes of the part being set
        self._closed: set[str] = set()  # the notes of the parts set before it

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
        # a note continued from here would open the next part: see settle_notes
        self.crossed.update(getattr(note.node, "id", "") for note in self._carry)
        self._closed |= self._part_notes  # (their notes are set on no later page)
        self._part_notes = set()
        try:
            super().handle_pageBreak(slow)
        finally:
            self._forced = False

    def _endBuild(self) -> None:  # a hook: see rlp.HOOKS
        placed = self.canv.layout_record
        for nid in self.notes:
            if nid not in placed.destinations:
                # a note this pass could not place yet (its reference was not known to the
                # pass before): its links need a target; the next pass sets it in its place
                self.canv.bookmarkHorizontalAbsolute(nid, 0)
                placed.destinations[nid] = -1
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

    def _take_notes(self, frame) -> None:
        """The footnotes of this page: those whose reference the previous pass found here,
        after what the last page could not hold; as many as fit in NOTES_MAX of the text
        area (the last one split between lines if need be), the rest wait for the next.

        Two decisions of ``settle_notes`` (from the pass before) shape this: a note split
        (``notesplit:<id>``: its first lines here, the rest at the foot of the next page,
        as the space left under the text allows), and a note held (``notehold:<id>`` =
        this page: the space it would take here is kept free, so that its reference goes
        over to the next page, where the note is set, as at the end of a reportage)."""
        index = self.page - 1
        # (a page the pass before found a reference on may open the next part now: its
        # note is not set there, nor anywhere in this pass; the next one decides anew)
        mine = [(nid, f) for nid, f in self.notes.items()
                if self.feedback.get("noteref:" + nid) == index and nid not in self._closed]
        queue = self._carry + [f for _, f in mine]
        splits = {id(f): self.feedback.get("notesplit:" + nid) for nid, f in mine}
        whole = {id(f) for nid, f in mine if self.feedback.get("notewhole:" + nid)}
        held = [(nid, f) for nid, f in self.notes.items() if self.feedback.get("notehold:" + nid) == index]
        self._carry, self._page_notes, self._reserved, self._used = [], [], 0.0, 0.0
        self._held, self._held_raised = 0.0, False
        rlp.reset_frame_bottom(frame)  # (a frame's reset keeps the last page's)
        width, height = rlp.frame_width(frame), rlp.frame_height(frame)
        room, whole_room = notes_room(height), notes_room(height, whole=True)
        used = 0.0
        while queue:
            note = queue.pop(0)
            split = splits.get(id(note))
            if split is not None and split > 0:
                parts = split_note(note, width, split / 100)
                if len(parts) == 2:
                    h = parts[0].wrap(width, 0x7FFFFFFF)[1]
                    if used + h <= room:
                        self._page_notes.append((parts[0], h))
                        used += h
                        queue.insert(0, parts[1])
                        break  # its rest opens the next page's notes, and those after it follow
            h = note.wrap(width, 0x7FFFFFFF)[1]
            if used + h <= (whole_room if id(note) in whole else room):
                self._page_notes.append((note, h))
                used += h + note.getSpaceAfter()
                continue
            parts = split_note(note, width, room - used) if room - used > 0 else []
            if len(parts) == 2:
                h = parts[0].wrap(width, 0x7FFFFFFF)[1]
                self._page_notes.append((parts[0], h))
                used += h
                queue.insert(0, parts[1])
            else:
                queue.insert(0, note)
            break
        self._carry = queue
        if self._page_notes:
            self._reserved = used + NOTE_ABOVE + NOTE_BELOW
            self._used = used
        if held:
            total = used
            under = []  # what pushes each held note's reference over (see settle_notes)
            for nid, note in held:
                most = whole_room if self.feedback.get("notewhole:" + nid) else room
                total += min(note.wrap(width, 0x7FFFFFFF)[1] + note.getSpaceAfter(), max(most - total, 0))
                under.append(self.feedback.get("noteholdroom:" + nid))
            self._held = total + NOTE_ABOVE + NOTE_BELOW - self._reserved
            if None not in under:  # no more than that: a long note pushes only its line over
                self._held = min(self._held, max(u for u in under if u is not None) / 100)
            self._held_raised = True
        rlp.raise_frame_bottom(frame, self._reserved + self._held)
        self._place_notes()

    def _page_room(self, frame) -> None:
        """Note what this page left free (as if not spread) and what its notes took, for
        ``settle_notes``."""
        free = rlp.frame_room(frame) + frame.applied - (0.0 if self._held_raised else self._held)
        self.rooms[self.page - 1] = (free, self._used)

    def settle_notes(self, measured: dict[str, int], fed: dict[str, int], page_count: int) -> None:
        """Where the next pass sets each footnote, given where this pass (fed the pages in
        ``fed``) found the references (``measured``, changed in place).

        A note goes to the page of its reference. A note whose space there pushed its
        reference over, and which this pass therefore set at the foot of the next page (of
        the same part, counted from its first page), while its reference came back (the
        passes would alternate for ever), in this order:

        * goes to its reference's page after all if it fits in the space the page left
          (nothing on the page moves then);
        * goes there whole if it fits under the line of its reference, the text after that
          line going over (``notesplit:<id>`` = WHOLE);
        * within a reportage, starts there with as many lines as fit under that line (two
          at least, two at least left) and continues at the foot of the next page
          (``notesplit:<id>``: the height given to it, in hundredths of a point); or, if
          fewer fit, stays at the foot of the next page;
        * on the last page of a reportage (the next page opens another part, or is left
          blank) it is held (``notehold:<id>``): the next pass keeps free what puts the line
          of its reference just below the text area (``noteholdroom:<id>``), or the space
          the note would take, so that the reference goes over to a page of its own
          reportage, and the note with it (the space kept free is spread over the page's
          gaps). Pages after it are guessed one page (facing pages: two) later.

        A split, or a note set whole under its reference's line, after which the reference
        went over all the same is not tried again (``notesplit:<id>`` = 0). A note whose
        rest was carried past the end of its part is set whole from then on, up to
        WHOLE_MAX of the text area (``notewhole:<id>``).

        So a note is never set on a page of another part than its reference. Each decision
        is kept while the reference stays where it put it; the decisions are read from the
        pages alone, so that a pass fed a right guess decides as the passes did."""
        openings = {page for key, page in measured.items() if key.startswith(PART_KEYS)}
        # (the note was set on the page after its reference's: the same page of its part,
        # when the parts before it have since grown or shrunk)
        measured_openings = sorted(openings)
        fed_openings = sorted(page for key, page in fed.items() if key.startswith(PART_KEYS))
        blank = {page - 1 for page in self.canv.running.blank_pages}
        width = self.geometry.frame_width
        room_max = notes_room(self.geometry.frame_height)
        added: dict[int, float] = {}  # space given on a page by the decisions so far
        shifts: dict[int, int] = {}  # page of a note held -> pages the next pass adds after it
        kept_up: set[str] = set()  # references of the notes held (already one page later)
        for nid, note in self.notes.items():
            key, hold_key, split_key = "noteref:" + nid, "notehold:" + nid, "notesplit:" + nid
            if (nid in self.crossed and measured.get(key) == fed.get(key)) or fed.get("notewhole:" + nid):
                measured["notewhole:" + nid] = 1  # (for good: it is never split at NOTES_MAX)
            page, before = measured.get(key), fed.get(key)
            held, split = fed.get(hold_key), fed.get(split_key)
            if page is None:
                continue
            if held is not None and page == held + 1 == before:
                measured[hold_key] = held  # held, and the reference went over
                if "noteholdroom:" + nid in fed:
                    measured["noteholdroom:" + nid] = fed["noteholdroom:" + nid]
                continue
            same_part = page + 1 not in openings and page + 1 not in blank and page + 1 < page_count
            if split:
                if page == before and same_part:
                    measured[split_key] = split  # split, and the reference stayed
                    continue
                if before is not None and page == before + 1:
                    split = measured[split_key] = 0  # the reference went over all the same
            elif split == 0:
                measured[split_key] = 0
            after = before is not None and (before == page + 1 or _in_part(before, fed_openings)
                                            == _in_part(page + 1, measured_openings))
            if held is not None or not after:
                continue  # the note goes to its reference's page
            free, used = self.rooms.get(page, (0.0, 0.0))
            free -= added.get(page, 0.0)
            rule = 0.0 if used or page in added else NOTE_ABOVE + NOTE_BELOW
            h = note.wrap(width, 0x7FFFFFFF)[1] + note.getSpaceAfter()
            most = notes_room(self.geometry.frame_height, whole=True) if measured.get("notewhole:" + nid) \
                else room_max
            if h + rule <= free - NOTE_FUZZ and used + h <= most:
                added[page] = added.get(page, 0.0) + h + rule
                continue  # it fits under the text: nothing moves
            ref_page, depth, breakable = self.depths.get(nid, (-1, 0.0, False))
            deep = depth if ref_page == page and breakable and not added.get(page) and split != 0 else 0.0
            if h + rule <= deep - NOTE_FUZZ and used + h <= most:
                measured[split_key] = WHOLE  # under its reference's line: the text after goes over
                added[page] = added.get(page, 0.0) + deep
                continue
            if same_part:
                under = max(free, deep)
                avail = math.floor(min(under - NOTE_FUZZ - rule, room_max - used) * 100)
                parts = split_note(note, width, avail / 100) if avail > 0 and split != 0 else []
                if len(parts) == 2 and min(_note_lines(p, width) for p in parts) >= MIN_NOTE_LINES:
                    measured[split_key] = avail
                    added[page] = added.get(page, 0.0) + under
                else:
                    measured[key] = page + 1  # kept at the foot of the next page
                continue
            measured[hold_key] = page
            if ref_page == page:  # the space to keep free: what puts its line just below
                measured["noteholdroom:" + nid] = math.ceil((depth + 1.0) * 100)
            back = back_destination(nid)
            for moved in (key, back) if measured.get(back) == page else (key,):
                measured[moved] = page + 1  # (the reference and the place its note links back to)
                kept_up.add(moved)
            shifts[page] = 0 if page + 1 in blank else 2 if self.geometry.mirrored else 1
        for other, value in measured.items():  # the pages after a note held, one later
            if not other.startswith(("feather:", "notesplit:", "notewhole:", "noteholdroom:")):
                measured[other] = value + sum(n for page, n in shifts.items()
                                              if page < value and (other not in kept_up or page < value - 1))
        for nid in self.notes:  # a note this pass set nowhere: where the next one will
            if measured.get(nid) == -1 and "noteref:" + nid in measured:
                measured[nid] = measured["noteref:" + nid]

    def _place_notes(self) -> None:
        """Where this page's footnotes go: stacked from the rule down, each at a fixed place,
        so that each can be painted as soon as the text referring to it is (the paint order
        then follows the reading order: the Note is read after that paragraph)."""
        g, canvas = self.geometry, self.canv
        canvas.after_paragraph = self._paragraph_drawn
        canvas.references_drawn.clear()
        x = g.column_x(self.page) if hasattr(g, "column_x") else g.offset + g.left
        self._rule = (x, g.offset + g.bottom + self._reserved - NOTE_ABOVE)
        y = self._rule[1] - NOTE_BELOW
        self._note_places = []
        for note, h in self._page_notes:
            self._note_places.append([note, x, y - h, False])
            y -= h + note.getSpaceAfter()
        drawn = canvas.layout_record.destinations  # references drawn so far, on earlier pages
        for place in self._note_places:
            if "noteref:" + getattr(place[0].node, "id", "") in drawn:
                self._draw_note(place)  # read before anything of this page: paint it first

    def _paragraph_drawn(self, paragraph) -> None:
        drawn = set(self.canv.references_drawn)
        self.canv.references_drawn.clear()
        if rlp.current_matrix(self.canv) != rlp.IDENTITY:
            return  # inside a table cell's coordinates: the notes wait for the page's end
        for place in getattr(self, "_note_places", []):
            if not place[3] and getattr(place[0].node, "id", None) in drawn:
                self._draw_note(place)

    def _draw_note(self, place) -> None:
        note, x, y, _ = place
        note.drawOn(self.canv, x, y)
        place[3] = True

    def handle_pageEnd(self):
        if isinstance(getattr(self, "frame", None), BodyFrame):
            self._page_room(self.frame)
        if self._page_notes:
            canvas = self.canv
            x, rule_y = self._rule
            canvas.saveState()
            canvas.setStrokeColor(RULE)
            canvas.setLineWidth(0.5)
            with canvas.artifact():
                canvas.line(x, rule_y, x + NOTE_RULE, rule_y)
            canvas.restoreState()
            for place in self._note_places:  # carried over, or referred to on the page before
                if not place[3]:
                    self._draw_note(place)
        self._page_notes, self._note_places = [], []
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
        if flowables and isinstance(flowables[0], Footnotes):
            self._part_notes = set(flowables[0].notes)
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


def _in_part(page: int, openings: list[int]) -> tuple[int, int]:
    """(which part, which page of it) a page is, given the first pages of the parts."""
    n = bisect.bisect_right(openings, page)
    return n, page - (openings[n - 1] if n else 0)


def _refers_to_notes(f) -> bool:
    return isinstance(f, Paragraph) and any(getattr(n, "note_target", None)
                                            for n in getattr(f, "inline_nodes", None) or ())


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
    (its note goes to the foot of that page, or as ``EditionDocTemplate.settle_notes``
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
