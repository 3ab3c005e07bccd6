"""A ReportLab canvas that wraps everything it paints in marked content.

Three ways content gets its tag:

* text objects (paragraphs, bullets, header strings) take the *text target* on top of the
  canvas's stack when they are created and put their ``BDC``/``EMC`` *inside* ``BT``/``ET``
  (the nesting rule of ISO 32000-1, 14.6); inline elements (Span, Link, Reference) switch
  tags inside the same text object through onDraw callbacks;
* block painting (an image, a drawing) is wrapped with :meth:`TaggedCanvas.tagged`;
* any path or image painted while no marked content is open becomes an /Artifact, so
  nothing painted is ever left outside marked content (grid lines, rules, underlines).
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase.pdfdoc import LinkAnnotation, PDFString
from reportlab.pdfgen.canvas import Canvas, _annFormat
from reportlab.pdfgen.textobject import PDFTextObject

from ..errors import BuildError
from .record import TagRecord
from .tree import StructNode, lookup

ARTIFACT = "Artifact"  # a text target meaning "paint as artifact"
_PAGINATION = "/Artifact <</Type /Pagination>> BDC"
_LAYOUT = "/Artifact <</Type /Layout>> BDC"


class _TaggedLinkAnnotation(LinkAnnotation):
    permitted = LinkAnnotation.permitted + ("StructParent", "F")


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

    def __init__(self, canvas: TaggedCanvas, x: float = 0, y: float = 0, direction=None,
                 target: StructNode | str | None = None, source: str | None = None,
                 resume_key: object = None):
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
        if not self._artifact:
            node: StructNode = target  # type: ignore[assignment]
            self._resume_key = node if resume_key is None else resume_key
            resumed = canvas.record.resume.pop(self._resume_key, None)
            if resumed is not None:
                self._stack, self._cursor = resumed
            else:
                self._stack = [node]
            self._source = node.source_text if source is None else source

    # -- inline elements -------------------------------------------------
    def open_inline(self, node: StructNode) -> None:
        self._close()
        self._tcanvas.record.attach_inline(self._stack[-1], node)
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
            self._tcanvas.record.resume[self._resume_key] = (list(self._stack), self._cursor)

    def _close(self) -> None:
        if self._open and not self._artifact:
            self._code.append("EMC")
            self._open = False

    def _ensure_open(self) -> None:
        if not self._open and self._artifact:
            self._code.append(_PAGINATION)
            self._open = True
        elif not self._open:
            node = self._stack[-1]
            mcid = self._tcanvas.record.mark(node, self._tcanvas.page_index)
            self._code.append(bdc(node, mcid))
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

    def _textOut(self, text, TStar=0):
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

    def textOut(self, text):
        if text:
            self._ensure_open()
        super().textOut(text)

    def textLine(self, text=""):
        if text:
            self._ensure_open()
        super().textLine(text)

    def getCode(self):
        if self._open:
            self._code.append("EMC")
            self._open = False
        return super().getCode()


class TaggedCanvas(Canvas):
    """Canvas that records marked content into ``self.record`` (a fresh record per pass)."""

    def __init__(self, *args, record: TagRecord | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.record = record if record is not None else TagRecord()
        self._targets: list[StructNode | str] = []
        self._depth = 0  # marked-content sequences opened by this canvas and not closed
        self._namedCB["tag"] = self._inline_callback
        self._link_nodes: list[tuple[str, StructNode]] = []  # links of the paragraph drawing now
        # (href, Link element) of link texts drawn whose annotation is not made yet, in order
        self._started_links: list[tuple[str, StructNode]] = []
        self.dry = False  # a dry layout pass: paragraphs note their places but draw nothing
        self.references_drawn: list[str] = []  # footnote targets drawn by the paragraph now
        self.after_paragraph = lambda paragraph: None  # the layout sets their notes then

    def showPage(self):
        if self.dry:
            self._code = []  # nothing of a dry pass is kept
        super().showPage()

    def save(self):
        if not self.dry:
            super().save()

    @property
    def page_index(self) -> int:
        return self.getPageNumber() - 1

    # -- text targets --------------------------------------------------------
    def text_target(self) -> StructNode | str | None:
        return self._targets[-1] if self._targets else None

    @contextmanager
    def text_for(self, target: StructNode | str) -> Iterator[None]:
        """Text objects created inside belong to ``target`` (a node or ARTIFACT)."""
        self._targets.append(target)
        try:
            yield
        finally:
            self._targets.pop()

    def beginText(self, x=0, y=0, direction=None):
        return TaggedTextObject(self, x, y, direction=direction)

    # -- block painting ------------------------------------------------------
    @contextmanager
    def tagged(self, node: StructNode) -> Iterator[int]:
        """Wrap what is painted inside in one marked-content sequence of ``node``."""
        mcid = self.record.mark(node, self.page_index)
        self._code.append(bdc(node, mcid))
        self._depth += 1
        try:
            yield mcid
        finally:
            self._depth -= 1
            self._code.append("EMC")

    @contextmanager
    def artifact(self, pagination: bool = False) -> Iterator[None]:
        self._code.append(_PAGINATION if pagination else _LAYOUT)
        self._depth += 1
        self._targets.append(ARTIFACT)
        try:
            yield
        finally:
            self._targets.pop()
            self._depth -= 1
            self._code.append("EMC")

    def _paint(self, paint, *args, **kwargs):
        """``paint(*args, **kwargs)``, as an artifact unless inside marked content."""
        if self._depth:
            return paint(*args, **kwargs)
        with self.artifact():
            return paint(*args, **kwargs)

    def _painting(method_name: str):  # noqa: N805 - builds wrappers at class creation
        def wrapper(self, *args, **kwargs):
            return self._paint(getattr(Canvas, method_name), self, *args, **kwargs)
        wrapper.__name__ = method_name
        wrapper.__doc__ = f"{method_name}, as an artifact unless inside marked content"
        return wrapper

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
    del _painting

    def drawImage(self, image, x, y, width=None, height=None, **kwargs):
        """An image file placed at (x, y) with the given size: written as ``/Name Do``
        only; the PDF stage embeds the image once per file (see pipeline.pdf.images)."""
        if kwargs or width is None or height is None or not isinstance(image, str):
            return self._drawImage(image, x, y, width, height, **kwargs)
        name = self.record.place_image(image, self.page_index)
        self._paint(self._code.append,
                    f"q {fp_str(width)} 0 0 {fp_str(height)} {fp_str(x)} {fp_str(y)} cm /{name} Do Q")
        return (width, height)

    # -- inline elements through <onDraw name="tag" label="open:KEY"/> ---------
    def _inline_callback(self, canvas, kind, label):
        action, _, key = label.partition(":")
        node = lookup(int(key))
        info = self._curr_tx_info
        tx = info["tx"]
        if action == "open":
            tx.open_inline(node)
            if getattr(node, "note_target", None):
                self._note_reference(node, info)
        else:
            tx.close_inline(node)

    def _note_reference(self, node: StructNode, info: dict) -> None:
        """A footnote reference is drawn: note its page (the layout sets the note at the foot
        of that page in the next pass) and place the destination the note links back to."""
        self.record.destinations.setdefault("noteref:" + node.note_target, self.page_index)
        self.references_drawn.append(node.note_target)
        if node.back_destination not in self.record.destinations:  # the first reference
            self.bookmarkHorizontal(node.back_destination, info["cur_x"], info["cur_y"] + info["leading"])
            self.record.destinations[node.back_destination] = self.page_index

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

    def _tag_annotation(self, href: str, kw: dict, contents: str) -> str:
        """Give the annotation made for ``href`` its /StructParent (when a Link element of the
        paragraph being drawn owns it) and the print flag; return its /Contents text."""
        kw.setdefault("F", 4)
        node = self._link_owner(href)
        if node is None:
            return contents
        kw["StructParent"] = self.record.annotation(node, self.page_index)
        return node.annotation_text or contents

    def linkURL(self, url, rect, relative=0, thickness=0, color=None, dashArray=None, kind="URI", **kw):
        kw["Contents"] = PDFString(self._tag_annotation(url, kw, url))
        return super().linkURL(url, rect, relative, thickness, color, dashArray, kind, **kw)

    def linkRect(self, contents, destinationname, Rect=None, addtopage=1, name=None, relative=1,
                 thickness=0, color=None, dashArray=None, **kw):
        contents = self._tag_annotation("#" + destinationname, kw, contents)
        kw["Rect"] = self._absRect(Rect, relative)
        kw["Contents"] = contents
        kw["Destination"] = self._bookmarkReference(destinationname)
        _annFormat(kw, color, thickness, dashArray)
        return self._addAnnotation(_TaggedLinkAnnotation(**kw), name, addtopage)
