"""Flowables that tag what they draw (see ``pipeline.tagging.canvas``)."""
from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable, Paragraph, Table

from .. import reportlab_private as rlp
from ..tagging import ARTIFACT, StructNode, TaggedCanvas
from ..tagging.canvas import TaggedTextObject
from . import breakmemo, linebreak


class TaggedParagraph(Paragraph):
    """A paragraph whose text belongs to ``node``.

    ``label``: the Lbl element of a list item, which receives the bullet text.
    ``links``: (href, Link node) pairs for the <a> elements in the markup.
    ``heading``: (level, outline title) to put the heading in the document outline.
    ``destination``: a named destination placed at the top of the paragraph.
    """

    def __init__(self, text: str, style: Any, bulletText: str | None = None, frags: Any = None,
                 caseSensitive: int = 1, encoding: str = "utf8",
                 node: StructNode | str | None = None, label: StructNode | None = None,
                 links: list[tuple[str, StructNode]] | None = None,
                 heading: tuple[int, str] | None = None, destination: str | None = None,
                 source_text: str | None = None, inline_nodes: list[StructNode] | None = None) -> None:
        super().__init__(text, style, bulletText=bulletText, frags=frags,
                         caseSensitive=caseSensitive, encoding=encoding)
        self.node = node
        self.label = label
        self.links = links or []
        self.heading = heading
        self.destination = destination
        self.source_text = source_text
        self.inline_nodes = inline_nodes or []  # the markup names them by key only
        self._resume_key = object()  # shared by the parts of a split paragraph
        self._tx: TaggedTextObject | None = None

    def _copy_tags(self, other: TaggedParagraph, first: bool) -> None:
        other.node, other.links, other.source_text = self.node, self.links, self.source_text
        other._resume_key = self._resume_key
        other.inline_nodes = self.inline_nodes
        other.label = self.label if first else None
        other.heading = self.heading if first else None
        other.destination = self.destination if first else None

    def breakLines(self, width: Any) -> Any:
        own = super().breakLines
        return linebreak.break_lines(self, width,  # total fit (issue 14), remembered results
                                     lambda w: breakmemo.first_fit(self, w, own))

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        parts = linebreak.split_paragraph(self, availWidth, availHeight, super().split)
        for i, part in enumerate(parts):
            if isinstance(part, TaggedParagraph) and part is not self:
                self._copy_tags(part, first=(i == 0))
        return parts

    def beginText(self, x: float, y: float) -> TaggedTextObject:
        self._tx = TaggedTextObject(self.canv, x, y, target=self.node, source=self.source_text,
                                    resume_key=self._resume_key)
        return self._tx

    def drawOn(self, canvas: TaggedCanvas, x: float, y: float, _sW: float = 0) -> None:
        placed = canvas.layout_record
        top = y + self.height
        if self.destination:
            canvas.bookmarkHorizontalAbsolute(self.destination, top)
            placed.destinations[self.destination] = canvas.page_index
        if self.heading:
            level, title = self.heading
            placed.headings.append((level, title, canvas.page_index, top))
        if canvas.dry:
            _note_references(self, canvas)
            return  # a dry pass needs only where things fall, not the text
        label = [self.label] if self.label is not None and self.bulletText else []
        with canvas.links_of(self.links), canvas.text_for(self.node, *label):
            super().drawOn(canvas, x, y, _sW)
        if self._tx is not None:
            self._tx.suspend()
            self._tx = None
        if canvas.references_drawn:
            canvas.after_paragraph(self)  # footnotes follow the text that refers to them


def _note_references(paragraph: TaggedParagraph, canvas: TaggedCanvas) -> None:
    """In a dry pass, note the page of each footnote reference in this part of the
    paragraph, as drawing it would (``TaggedCanvas._note_reference``)."""
    refs = {n.key: n for n in paragraph.inline_nodes if n.note_target}
    if not refs:
        return
    destinations = canvas.layout_record.destinations
    for line in rlp.lines_of(paragraph):
        for word in getattr(line, "words", ()):
            label = getattr(getattr(word, "cbDefn", None), "label", None) or ""
            node = refs.get(int(label[5:])) if label.startswith("open:") else None
            if node is not None and node.note_target and node.back_destination:
                destinations.setdefault("noteref:" + node.note_target, canvas.page_index)
                destinations.setdefault(node.back_destination, canvas.page_index)


class TaggedImage(Flowable):
    """An image drawn as one marked-content sequence of a Figure, with its BBox recorded."""

    def __init__(self, path: str, width: float, height: float, node: StructNode) -> None:
        super().__init__()
        self.path, self.node = path, node
        self.img_width, self.img_height = width, height

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self._avail = availWidth
        return availWidth, self.img_height

    def draw(self) -> None:
        canvas: TaggedCanvas = self.canv
        dx = (self._avail - self.img_width) / 2
        with canvas.tagged(self.node):
            canvas.drawImage(self.path, dx, 0, self.img_width, self.img_height)

    def drawOn(self, canvas: TaggedCanvas, x: float, y: float, _sW: float = 0) -> None:
        dx = (self._avail - self.img_width) / 2
        canvas.tag_record.bboxes[self.node] = (
            canvas.page_index, (x + dx, y, x + dx + self.img_width, y + self.img_height))
        super().drawOn(canvas, x, y, _sW)


class TaggedTable(Table):
    """A table whose grid and backgrounds are artifacts; cells hold tagged paragraphs.

    A table split over pages repeats its header rows (``repeatRows``) on each new page;
    the repeats are drawn as artifacts, so the header cells are in the structure tree
    once, where they first appear.
    """

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        parts = super().split(availWidth, availHeight)
        repeat = self.repeatRows if isinstance(self.repeatRows, int) else len(self.repeatRows or ())
        for part in parts[1:]:
            cells = rlp.table_cells(part)
            for r in range(min(repeat, len(cells))):
                cells[r] = [_as_artifact(cell) for cell in cells[r]]
            part.__dict__.pop("_grid_for", None)  # its cells changed: measure them anew
        return parts

    def _calc(self, availWidth: float, availHeight: float) -> None:  # a hook: see rlp.HOOKS
        """ReportLab's grid calculation (row heights from every cell's wrapped paragraphs),
        not repeated for the input of the last one. ReportLab recalculates on every wrap and
        split, and a table is measured about four times at one width before it is drawn
        (keeping rules, the float, the frame): 1,050 cell wraps in the bench's small edition
        instead of about 300. The grid depends on the width alone, and on the height too
        where cells span rows; drawing wraps each cell again in any case."""
        key = (availWidth, availHeight if rlp.table_spans(self) else None)
        if self.__dict__.get("_grid_for") == key:
            return
        super()._calc(availWidth, availHeight)
        self._grid_for = key

    def _drawBkgrnd(self) -> None:  # a hook: see rlp.HOOKS
        with self.canv.artifact():
            super()._drawBkgrnd()

    def _drawLines(self) -> None:  # a hook: see rlp.HOOKS
        with self.canv.artifact():
            super()._drawLines()


def _as_artifact(cell: Any) -> Any:
    """A copy of a cell's content that paints the same text as an artifact."""
    if isinstance(cell, (list, tuple)):
        return [_as_artifact(c) for c in cell]
    if isinstance(cell, TaggedParagraph):
        copy = TaggedParagraph(cell.text, cell.style, bulletText=cell.bulletText,
                               caseSensitive=cell.caseSensitive, encoding=cell.encoding,
                               node=ARTIFACT)
        return copy
    return cell


class Decoration(Flowable):
    """A decorative rule: painted as an artifact by the canvas."""

    def __init__(self, width: float, thickness: float, color: Any, space_before: float = 0.0,
                 space_after: float = 0.0) -> None:
        super().__init__()
        self.rule_width, self.thickness, self.color = width, thickness, color
        self.spaceBefore, self.spaceAfter = space_before, space_after

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return min(self.rule_width, availWidth), self.thickness

    def draw(self) -> None:
        self.canv.setStrokeColor(self.color)
        self.canv.setLineWidth(self.thickness)
        self.canv.line(0, self.thickness / 2, self.rule_width, self.thickness / 2)
