"""What stays together across a page break, as a typesetter keeps it (issue 13).

ReportLab groups a flowable marked ``keepWithNext`` with the one after it into a
``KeepTogether``, which moves the whole group to the next page when it does not fit: a
heading and the long paragraph after it leave four empty lines behind. :class:`KeepStart`
(the document's ``keepTogetherClass``) asks only for the *start* of the last flowable:

* a heading (or lead-in) stays with the first two lines of the paragraph or list item
  after it; the rest of that paragraph may run on to the next page;
* a lead-in paragraph ending in a colon may itself split, as long as its last lines go
  with the start of what it introduces (list, table, figure);
* groups that end in something else (a table, a figure) keep ReportLab's behaviour: the
  group moves as a whole, or, taller than a page, starts on a new one.

Paragraphs never leave a single line behind or ahead (``allowOrphans``/``allowWidows`` off
in the styles), so "two lines" is the least a split leaves on either side.
"""
from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable, KeepTogether, Paragraph
from reportlab.platypus.doctemplate import FrameBreak

from .. import reportlab_private as rlp

MIN_LINES = 2  # lines of a paragraph that must follow its heading on the same page
_FUZZ = 1e-6


def _height(f: Flowable, width: float) -> float:
    if isinstance(f, KeepTogether):  # its wrap() answers "too tall" to force a split
        return stacked(rlp.members(f) or [], width, last_start=False)
    height: float = f.wrap(width, 0x7FFFFFFF)[1]
    return height


def start_height(f: Flowable, width: float) -> float:
    """The least of ``f`` that must share the page with what is kept with it."""
    height = _height(f, width)
    if not isinstance(f, Paragraph):
        return height
    lines = len(rlp.lines_of(f))
    if lines <= 2 * MIN_LINES - 1:  # three lines cannot split two and two
        return height
    leading: float = f.style.leading
    return MIN_LINES * leading


def stacked(flowables: list[Flowable], width: float, last_start: bool) -> float:
    """Height of ``flowables`` stacked as a frame stacks them (the space between two
    is the larger of the one's space after and the other's space before); with
    ``last_start``, only the start of the last one counts."""
    total, prev_after = 0.0, 0.0
    for n, f in enumerate(flowables):
        last = n == len(flowables) - 1
        h = start_height(f, width) if (last and last_start) else _height(f, width)
        total += (max(f.getSpaceBefore() - prev_after, 0) if n else 0) + h
        prev_after = f.getSpaceAfter()
        if not last:
            total += prev_after
    return total


def chainable(f: Flowable) -> bool:
    """May ``f`` be part of a keepWithNext group? (ReportLab's rule, and figures and pull
    quotes, which are KeepTogether groups themselves.)"""
    if isinstance(f, KeepStart):
        return False
    return isinstance(f, KeepTogether) or not getattr(f, "locChanger", False) and \
        rlp.members(f) is None


class KeepStart(KeepTogether):
    """A keepWithNext group that needs only the start of its last member on this page."""

    def split(self, aW: float, aH: float) -> list[Any]:
        content = list(rlp.members(self) or [])
        *lead, last = content
        if not lead:
            return content
        at_top = rlp.frame_at_top(rlp.splitting_frame(self))
        if stacked(content, aW, last_start=isinstance(last, Paragraph)) <= aH + _FUZZ:
            return content  # all fits, or the last paragraph splits after its first lines
        if at_top:
            return content  # taller than a page: the members split as they can
        k = next((i for i, f in enumerate(lead) if getattr(f, "lead_in", False)), None)
        if k is not None:
            # a lead-in that does not fit with what it introduces: its first lines end this
            # page (after its heading, if any), its last lines start the next one together
            # with what follows
            lead_in = lead[k]
            offset = stacked(lead[:k + 1], aW, last_start=True) - start_height(lead_in, aW)
            lines = len(rlp.lines_of(lead_in))
            leading = lead_in.style.leading
            here = min(int((aH - offset) / leading), lines - MIN_LINES)
            parts = lead_in.split(aW, here * leading + 0.5) if here >= MIN_LINES else []
            if len(parts) == 2:
                return [*lead[:k], parts[0], KeepStart([parts[1], *lead[k + 1:], last])]
        return [FrameBreak(), *content]
