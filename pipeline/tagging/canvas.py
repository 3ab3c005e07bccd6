"""A ReportLab canvas that wraps everything it paints in marked content.

Three ways content gets its tag:

* text objects (paragraphs, bullets, header strings) take the *text target* on top of the
  canvas's stack (pushed with ``with canvas.text_for(node):``) when they are created and
  put their ``BDC``/``EMC`` *inside* ``BT``/``ET``
  (the nesting rule of ISO 32000-1, 14.6); inline elements (Span, Link, Reference) switch
  tags inside the same text object through onDraw callbacks;
* block painting (an image, a drawing) is wrapped with :meth:`TaggedCanvas.tagged`;
* any path or image painted while no marked content is open becomes an /Artifact, so
  nothing painted is ever left outside marked content (grid lines, rules, underlines).

What ReportLab does not offer publicly (a text object's operators, the line being drawn,
annotation internals) is reached through ``pipeline.reportlab_private`` only.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase.pdfdoc import LinkAnnotation, PDFString
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject

from .. import reportlab_private as rlp
from ..errors import BuildError
from .record import LayoutRecord, TagRecord
from .tree import StructNode, lookup

ARTIFACT = "Artifact"  # a text target meaning "paint as artifact"
_PAGINATION = "/Artifact <</Type /Pagination>> BDC"
_LAYOUT = "/Artifact <</Type /Layout>> BDC"


class _TaggedLinkAnnotation(LinkAnnotation):
    permitted = rlp.LINK_ANNOTATION_KEYS + ("StructParent", "F")


def bdc(node: StructNode, mcid: int) -> str:
    props = f"/MCID {mcid}"
    return f"/{node.role} <<{props}>> BDC"


class TaggedTextObject(PDFTextObject):
    """A text object whose content belongs to one element (or is an artifact).

    Inline child elements open and close through :meth:`open_inline` / :meth:`close_inline`.
    Marked content is opened lazily, right before the next text is shown, so that no
    empty marked-content sequence is written.

    ReportLab writes no space between the last word of a line and the first of the next;
    this object compares what it shows with the element's ``source_text`` and shows an
    (invisible) space beyond the end of every line where the source has one, so that text
    extraction and screen readers get whole words.
    """

    def __init__(self, canvas: TaggedCanvas, x: float = 0, y: float = 0, direction: str | None = None,
                 target: StructNode | str | None = None, source: str | None = None,
                 resume_key: object = None) -> None:
        super().__init__(canvas, x, y, direction=direction)
        self._tcanvas = canvas
        target = canvas.text_target() if target is None else target
        if target is None:
            raise RuntimeError("text drawn outside any structure element or artifact")
        self._artifact = target == ARTIFACT
        self._stack: list[StructNode] = []
        self._open = False
        self._source = ""
        self._cursor = 0
        self._resume_key: object = resume_key
        if isinstance(target, StructNode):
            node = target
            self._resume_key = node if resume_key is None else resume_key
            resumed = canvas.tag_record.resume.pop(self._resume_key, None)
            if resumed is not None:
                self._stack, self._cursor = resumed
            else:
                self._stack = [node]
            self._source = node.source_text if source is None else source

    # -- inline elements -------------------------------------------------
    def open_inline(self, node: StructNode) -> None:
        self._close()
        self._tcanvas.tag_record.attach_inline(self._stack[-1], node)
        self._stack.append(node)

    def close_inline(self, node: StructNode) -> None:
        if self._stack and self._stack[-1] is node:
            self._close()
            self._stack.pop()

    def _linkRecord(self, link: tuple[int, str], what: str) -> None:
        """ReportLab's hook, called as the text of an ``<a>`` element starts (and ends) on a
        line: ``link`` is (its number in the paragraph, its href). The Link element open
        in this text object is the one the link's text belongs to; its annotation for this
        line (made when the line is done) is given to that element, not to the first
        Link element with the same href."""
        if what == "start":
            node = next((n for n in reversed(self._stack) if n.role == "Link"), None)
            if node is not None:
                self._tcanvas.link_started(link[1], node)

    def suspend(self) -> None:
        """Keep the open inline elements for the next part of a split paragraph."""
        if self._stack:
            self._tcanvas.tag_record.resume[self._resume_key] = (list(self._stack), self._cursor)

    def _close(self) -> None:
        if self._open and not self._artifact:
            rlp.add_text_operator(self, "EMC")
            self._open = False

    def _ensure_open(self) -> None:
        if not self._open and self._artifact:
            rlp.add_text_operator(self, _PAGINATION)
            self._open = True
        elif not self._open:
            node = self._stack[-1]
            mcid = self._tcanvas.tag_record.mark(node, self._tcanvas.page_index)
            rlp.add_text_operator(self, bdc(node, mcid))
            self._open = True

    # -- text output -----------------------------------------------------
    def _advance(self, text: str) -> str:
        """Move the source cursor over ``text``; return ``text`` with an inserted
        (line-breaking) hyphen at its end turned into a soft hyphen."""
        src, i = self._source, self._cursor
        if text[:1] != " ":
            while i < len(src) and src[i] == " ":
                i += 1
        if src.startswith(text, i):  # the common case: the text is the source's, as it is
            self._cursor = i + len(text)
            return text
        last = len(text) - 1
        for n, ch in enumerate(text):
            if i < len(src) and ch != " " and src[i] == " ":
                while i < len(src) and src[i] == " ":
                    i += 1
            if i < len(src) and src[i] == ch:
                i += 1
            elif n == last and ch == "-" and i < len(src) and src[i - 1:i] != "-":
                text = text[:-1] + "\xad"
        self._cursor = i
        return text

    def _textOut(self, text: str, TStar: int = 0) -> None:  # a hook: see rlp.HOOKS
        if text:
            self._ensure_open()
            if not self._artifact:
                text = self._advance(text)
        if TStar and not self._artifact and self._source:
            src, i = self._source, self._cursor
            if i < len(src) and src[i] == " ":
                # the line ends at a space of the source: show it, beyond the line end
                self._ensure_open()
                text = (text or "") + " "
                self._cursor = i + 1
        super()._textOut(text, TStar)

    def textOut(self, text: str) -> None:
        if text:
            self._ensure_open()
        super().textOut(text)

    def textLine(self, text: str = "") -> None:
        if text:
            self._ensure_open()
        super().textLine(text)

    def getCode(self) -> str:
        if self._open:
            rlp.add_text_operator(self, "EMC")
            self._open = False
        return super().getCode()


def _painting(method_name: str) -> Callable[..., Any]:
    """Canvas method ``method_name``, painting as an artifact unless inside marked content."""
    def wrapper(self: TaggedCanvas, *args: Any, **kwargs: Any) -> Any:
        return self._paint(getattr(Canvas, method_name), self, *args, **kwargs)
    wrapper.__name__ = method_name
    wrapper.__doc__ = f"{method_name}, as an artifact unless inside marked content"
    return wrapper


class TaggedCanvas(Canvas):
    """Canvas that records marked content into ``self.tag_record`` and headings,
    destinations and images into ``self.layout_record`` (fresh records per pass)."""

    def __init__(self, *args: Any, tag_record: TagRecord | None = None,
                 layout_record: LayoutRecord | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.tag_record = tag_record if tag_record is not None else TagRecord()
        self.layout_record = layout_record if layout_record is not None else LayoutRecord()
        self._targets: list[StructNode | str | None] = []
        self._depth = 0  # marked-content sequences opened by this canvas and not closed
        self.setNamedCB("tag", self._inline_callback)
        self._link_nodes: list[tuple[str, StructNode]] = []  # links of the paragraph drawing now
        # (href, Link element) of link texts drawn whose annotation is not made yet, in order
        self._started_links: list[tuple[str, StructNode]] = []
        self.dry = False  # a dry layout pass: paragraphs note their places but draw nothing
        self.references_drawn: list[str] = []  # footnote targets drawn by the paragraph now
        # called after a paragraph that drew references_drawn: the layout sets their notes then
        self.after_paragraph: Callable[[Any], None] = lambda paragraph: None
        self.running: Any = None  # what the running header and footer show (layout.document.Running)

    def showPage(self) -> None:
        if self.dry:
            rlp.discard_page(self)  # nothing of a dry pass is kept
        super().showPage()

    def save(self) -> None:
        if not self.dry:
            super().save()

    @property
    def page_index(self) -> int:
        return self.getPageNumber() - 1

    # -- text targets --------------------------------------------------------
    def text_target(self) -> StructNode | str | None:
        return self._targets[-1] if self._targets else None

    @contextmanager
    def text_for(self, target: StructNode | str | None, *more: StructNode | str | None) -> Iterator[None]:
        """Text objects created inside belong to ``target`` (a node or ARTIFACT), or to the
        last of ``more`` when given (a list item's Lbl, its bullet drawn before its text)."""
        targets = (target, *more)
        self._targets.extend(targets)
        try:
            yield
        finally:
            del self._targets[-len(targets):]

    def beginText(self, x: float = 0, y: float = 0, direction: str | None = None) -> TaggedTextObject:
        return TaggedTextObject(self, x, y, direction=direction)

    # -- block painting ------------------------------------------------------
    @contextmanager
    def tagged(self, node: StructNode) -> Iterator[int]:
        """Wrap what is painted inside in one marked-content sequence of ``node``."""
        mcid = self.tag_record.mark(node, self.page_index)
        self.addLiteral(bdc(node, mcid))
        self._depth += 1
        try:
            yield mcid
        finally:
            self._depth -= 1
            self.addLiteral("EMC")

    @contextmanager
    def artifact(self, pagination: bool = False) -> Iterator[None]:
        self.addLiteral(_PAGINATION if pagination else _LAYOUT)
        self._depth += 1
        self._targets.append(ARTIFACT)
        try:
            yield
        finally:
            self._targets.pop()
            self._depth -= 1
            self.addLiteral("EMC")

    def _paint(self, paint: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """``paint(*args, **kwargs)``, as an artifact unless inside marked content."""
        if self._depth:
            return paint(*args, **kwargs)
        with self.artifact():
            return paint(*args, **kwargs)

    line = _painting("line")
    lines = _painting("lines")
    rect = _painting("rect")
    roundRect = _painting("roundRect")
    circle = _painting("circle")
    ellipse = _painting("ellipse")
    wedge = _painting("wedge")
    grid = _painting("grid")
    bezier = _painting("bezier")
    drawPath = _painting("drawPath")
    _drawImage = _painting("drawImage")
    drawInlineImage = _painting("drawInlineImage")

    def drawImage(self, image: Any, x: float, y: float, width: float | None = None,
                  height: float | None = None, **kwargs: Any) -> Any:
        """An image file placed at (x, y) with the given size: written as ``/Name Do``
        only; the PDF stage embeds the image once per file (see pipeline.pdf.images)."""
        if kwargs or width is None or height is None or not isinstance(image, str):
            return self._drawImage(image, x, y, width, height, **kwargs)
        name = self.layout_record.place_image(image, self.page_index)
        self._paint(self.addLiteral,
                    f"q {fp_str(width)} 0 0 {fp_str(height)} {fp_str(x)} {fp_str(y)} cm /{name} Do Q")
        return (width, height)

    # -- inline elements through <onDraw name="tag" label="open:KEY"/> ---------
    def _inline_callback(self, canvas: Canvas, kind: str, label: str) -> None:
        action, _, key = label.partition(":")
        node = lookup(int(key))
        where = rlp.text_position(self)
        tx: TaggedTextObject = where.text_object
        if action == "open":
            tx.open_inline(node)
            if node.note_target:
                self._note_reference(node, node.note_target, where)
        else:
            tx.close_inline(node)

    def _note_reference(self, node: StructNode, target: str, where: rlp.TextPosition) -> None:
        """A footnote reference is drawn: note its page (the layout sets the note at the foot
        of that page in the next pass) and place the destination the note links back to."""
        destinations = self.layout_record.destinations
        destinations.setdefault("noteref:" + target, self.page_index)
        self.references_drawn.append(target)
        back = node.back_destination
        if back is not None and back not in destinations:  # the first reference
            self.bookmarkHorizontal(back, where.x, where.y + where.leading)
            destinations[back] = self.page_index

    # -- link annotations ----------------------------------------------------
    @contextmanager
    def links_of(self, links: list[tuple[str, StructNode]]) -> Iterator[None]:
        """Link annotations made inside belong to these (href, Link node) pairs, in order."""
        saved = self._link_nodes, self._started_links
        self._link_nodes, self._started_links = list(links), []
        try:
            yield
        finally:
            self._link_nodes, self._started_links = saved

    def link_started(self, href: str, node: StructNode) -> None:
        """The text of Link element ``node`` (to ``href``) starts on the line being drawn."""
        self._started_links.append((href, node))

    def _link_owner(self, href: str) -> StructNode | None:
        """The Link element of the annotation ReportLab is making for ``href``: the first
        one whose text was drawn and not yet given its annotation (by identity: two links
        to one URL, or one note referenced twice, each get their own); for a paragraph
        that is one link as a whole (ReportLab reports no link starts there), the
        paragraph's only Link element for ``href``."""
        for i, (h, node) in enumerate(self._started_links):
            if h == href:
                del self._started_links[i]
                return node
        owners = list(dict.fromkeys(n for h, n in self._link_nodes if h == href))
        if len(owners) > 1:
            raise BuildError(f"an annotation for {href} cannot be told apart between "
                             f"{len(owners)} Link elements of one paragraph")
        return owners[0] if owners else None

    def _tag_annotation(self, href: str, kw: dict[str, Any], contents: str) -> str:
        """Give the annotation made for ``href`` its /StructParent (when a Link element of the
        paragraph being drawn owns it) and the print flag; return its /Contents text."""
        kw.setdefault("F", 4)
        node = self._link_owner(href)
        if node is None:
            return contents
        kw["StructParent"] = self.tag_record.annotation(node, self.page_index)
        return node.annotation_text or contents

    def linkURL(self, url: str, rect: Any, relative: int = 0, thickness: float = 0, color: Any = None,
                dashArray: Any = None, kind: str = "URI", **kw: Any) -> Any:
        kw["Contents"] = PDFString(self._tag_annotation(url, kw, url))
        return super().linkURL(url, rect, relative, thickness, color, dashArray, kind, **kw)

    def linkRect(self, contents: str, destinationname: str, Rect: Any = None, addtopage: int = 1,
                 name: str | None = None, relative: int = 1, thickness: float = 0, color: Any = None,
                 dashArray: Any = None, **kw: Any) -> Any:
        contents = self._tag_annotation("#" + destinationname, kw, contents)
        kw["Rect"] = rlp.absolute_rect(self, Rect, relative)
        kw["Contents"] = contents
        kw["Destination"] = rlp.bookmark_reference(self, destinationname)
        rlp.annotation_format(kw, color, thickness, dashArray)
        return rlp.add_annotation(self, _TaggedLinkAnnotation(**kw), name, addtopage)
