"""An entry of the table of contents: one Link element, one link annotation over the
whole entry, dot leaders as artifacts (issue 13).

The entry reads title, subtitle and author on the left and the page number on the right,
level with the title; the leaders run from the end of the title to the number. Title and
number are the Link's text, so a screen reader reads the entry once; the annotation's
name (its /Contents) says it in a sentence ("Licht aus Rheinhessen, Seite 3").
"""
from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable

from .. import reportlab_private as rlp
from ..markup import escape
from ..tagging import ARTIFACT, StructNode, TaggedCanvas
from .flowables import TaggedParagraph

NUMBER_WIDTH = 36.0  # pt kept for the page number
LEADER = " . "


class TocEntry(Flowable):
    def __init__(self, link: StructNode, dest: str, title: str, lines: list[str], number: str,
                 styles: dict[str, Any]) -> None:
        super().__init__()
        self.link, self.dest = link, dest
        self.title, self.number = title, number
        entry, page = styles["toc_entry"], styles["toc_page"]
        small = styles["body"].fontName
        markup = escape(title) + "".join(
            f'<br/><font name="{small}" size="10">{escape(t)}</font>' for t in lines)
        self.left = TaggedParagraph(markup, entry, node=link,
                                    source_text=" ".join([title, *lines]) + " ")  # space before the number
        self.right = TaggedParagraph(escape(number), page, node=link, source_text=number)
        self.font, self.size = entry.fontName, entry.fontSize
        self.spaceAfter = 9

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        _, self.left_h = self.left.wrap(availWidth - NUMBER_WIDTH, availHeight)
        _, self.right_h = self.right.wrap(NUMBER_WIDTH, availHeight)
        self.height = max(self.left_h, self.right_h)
        return self.width, self.height

    def drawOn(self, canvas: TaggedCanvas, x: float, y: float, _sW: float = 0) -> None:
        top = y + self.height
        with canvas.links_of([("#" + self.dest, self.link)]):
            self.left.drawOn(canvas, x, top - self.left_h)
            self._leaders(canvas, x, top)
            self.right.drawOn(canvas, x + self.width - NUMBER_WIDTH, top - self.right_h)
            if not canvas.dry:
                canvas.linkRect("", self.dest, (x, y, x + self.width, top), relative=0)

    def _leaders(self, canvas: TaggedCanvas, x: float, top: float) -> None:
        if canvas.dry:
            return
        lines = rlp.lines_of(self.left)
        first = lines[0]
        extra = getattr(first, "extraSpace", None)  # the room left on the line
        if extra is None:  # a plain-text line: (room left, words)
            extra = first[0]
        used = self.width - NUMBER_WIDTH - extra
        if len(lines) > 1 and self.title and canvas.stringWidth(self.title, self.font, self.size) > used + 1:
            return  # the title runs over two lines: no room beside its first
        start, end = x + used + 4, x + self.width - NUMBER_WIDTH + 4
        dot = canvas.stringWidth(LEADER, self.font, self.size)
        count = int((end - start) / dot)
        if count < 2:
            return
        baseline = top - self.left.style.leading + (self.left.style.leading - self.size) / 2 + 1.5
        canvas.saveState()
        canvas.setFillColor(self.left.style.textColor)
        with canvas.text_for(ARTIFACT):
            canvas.setFont(self.font, self.size)
            canvas.drawRightString(end, baseline, LEADER * count)
        canvas.restoreState()
