"""Footnotes: the make-up of issue 13, on top of ReportLab's pages.

A reportage's notes travel in its story as one zero-size ``Footnotes`` flowable; the
document template (``FootnoteMakeup``, which ``document.EditionDocTemplate`` inherits) sets
each note at the foot of a page, under a short rule, by these rules:

* a note goes to the foot of the page that holds its reference, each at a fixed place
  stacked from the rule down, and is painted as soon as the text referring to it is (so
  that it is read after that paragraph);
* the notes of a page take at most NOTES_MAX of the text area; what does not fit continues
  at the foot of the next page, split between lines (MIN_NOTE_LINES at least on either
  side), before that page's own notes (``NoteRest``);
* a note never leaves its reportage: it is never set on a page of another part than its
  reference, so there is never a page of notes alone after a reportage's last page. A note
  that would continue past the end of its part is set whole from then on, up to WHOLE_MAX
  of the text area;
* where a note's space pushes its own reference over to the next page, the layout passes
  settle it (``FootnoteMakeup.settle_notes``): the note goes to its reference's page after
  all if it fits in the space left, or whole under its reference's line (the text after
  that line going over), or split under it, or at the foot of the next page; on a
  reportage's last page the space is held free so that the reference goes over, and the
  note with it. Each pass measures where the references fell and decides, from the pages
  alone, where the next pass sets each note (``notesplit:``, ``notehold:``, ``notewhole:``,
  ``noteholdroom:`` entries beside the destinations), so that a pass fed a right guess
  decides as the passes did.

The body frame tells the template where each reference's line stands (``note_depths``,
``mark_continued``).
"""
from __future__ import annotations

import bisect
import math
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Frame, Paragraph

from .. import reportlab_private as rlp
from .inline import back_destination
from .keeping import MIN_LINES
from .styles import RULE, PageGeometry


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


class FootnoteMakeup:
    """The footnote make-up of the document template (``document.EditionDocTemplate``).

    It reads the template's ``geometry``, ``feedback`` (what the previous pass measured),
    ``page`` and ``canv`` (its ``layout_record``, ``running.blank_pages`` and the hooks
    ``after_paragraph`` and ``references_drawn`` of ``tagging.TaggedCanvas``), and is
    called by the template: ``_take_notes`` as a body frame begins, ``_page_room`` and
    ``_end_page_notes`` as a page ends, ``_close_part_notes`` at a page break,
    ``_open_part_notes`` for each flowable, ``_anchor_unplaced_notes`` at the end of the
    build and ``settle_notes`` after it. The space it reserves and holds at the foot of a
    page (``_reserved``, ``_held``, ``_held_raised``) is read by the template's spreading
    and by the body frame (``note_depths``)."""

    geometry: PageGeometry
    feedback: dict[str, int]
    page: int
    canv: Any

    def _init_notes(self) -> None:
        """The state of the make-up, set up by the template's ``__init__``."""
        self.notes: dict[str, Flowable] = {}  # note id -> its paragraph (see Footnotes)
        self._carry: list[Flowable] = []  # footnote text that did not fit on its page
        self._page_notes: list[tuple[Flowable, float]] = []  # set at the foot of this page
        self._reserved = 0.0  # at the foot of this page, for its notes
        self._used = 0.0  # of that, the notes themselves (without the rule's space)
        self._held = 0.0  # more kept free for a held note (see _take_notes), if raised
        self._held_raised = False
        self.rooms: dict[int, tuple[float, float]] = {}  # page index -> (space left, notes' height)
        # note id -> (page index, space under its reference's line, may the text break there)
        self.depths: dict[str, tuple[int, float, bool]] = {}
        self.crossed: set[str] = set()  # notes whose rest went past the end of their part
        self._part_notes: set[str] = set()  # the notes of the part being set
        self._closed: set[str] = set()  # the notes of the parts set before it

    def _open_part_notes(self, flowables: list[Flowable]) -> None:
        """A reportage's Footnotes: the notes of the part being set."""
        if flowables and isinstance(flowables[0], Footnotes):
            self._part_notes = set(flowables[0].notes)

    def _close_part_notes(self) -> None:
        """A page break: the part being set ends."""
        # a note continued from here would open the next part: see settle_notes
        self.crossed.update(getattr(note.node, "id", "") for note in self._carry)
        self._closed |= self._part_notes  # (their notes are set on no later page)
        self._part_notes = set()

    def _anchor_unplaced_notes(self) -> None:
        """The end of the build: a destination for each note this pass set nowhere."""
        placed = self.canv.layout_record
        for nid in self.notes:
            if nid not in placed.destinations:
                # a note this pass could not place yet (its reference was not known to the
                # pass before): its links need a target; the next pass sets it in its place
                self.canv.bookmarkHorizontalAbsolute(nid, 0)
                placed.destinations[nid] = -1

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

    def _end_page_notes(self) -> None:
        """The page ends: the rule above its notes, and the notes not yet painted."""
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


def note_depths(frame: Frame, paragraph: Paragraph) -> None:
    """For each footnote reference first set in this paragraph (the body frame has just
    set it): how far the bottom of its line is above the frame's bottom as the page would
    be without spreading and without space held (``FootnoteMakeup.depths``), and whether
    the paragraph may break right after that line (two lines at least before and after the
    break, or none after)."""
    edition = getattr(frame, "edition", None)
    doc = edition() if edition is not None else None
    refs = {n.key: n.note_target for n in paragraph.inline_nodes if getattr(n, "note_target", None)}
    if doc is None or not refs:
        return
    lines = rlp.lines_of(paragraph)
    leading = paragraph.style.leading
    held = 0.0 if doc._held_raised else doc._held
    bottom = rlp.frame_room(frame) + frame.applied - held + paragraph.getSpaceAfter()
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


def mark_continued(frame: Frame, parts: list[Flowable]) -> None:
    """A paragraph with footnote references that the frame split in two: its first part
    notes how many of its lines go to the next page (``_continued``, see ``note_depths``)."""
    if len(parts) == 2 and isinstance(parts[1], Paragraph) and _refers_to_notes(parts[0]):
        parts[1].wrap(rlp.frame_width(frame), 0x7FFFFFFF)
        parts[0]._continued = len(rlp.lines_of(parts[1]))


def _in_part(page: int, openings: list[int]) -> tuple[int, int]:
    """(which part, which page of it) a page is, given the first pages of the parts."""
    n = bisect.bisect_right(openings, page)
    return n, page - (openings[n - 1] if n else 0)


def _refers_to_notes(f) -> bool:
    return isinstance(f, Paragraph) and any(getattr(n, "note_target", None)
                                            for n in getattr(f, "inline_nodes", None) or ())
