"""The structure tree of a tagged PDF as the review shows it, in plain dataclasses.

The tree is read by pipeline.pdfread.structure (as the checker reads it); here each
element is copied out with its text, boxes and attributes. ``read_structure(path)``
gives the tree (a synthetic ``StructTreeRoot`` element whose children are the
top-level structure elements); ``load_document(path)`` gives the
tree together with page geometry and what each page paints outside the tags, for
the HTML review. ``reading_text(path)`` is the text a screen reader would read.

Every value is copied out of the PDF while it is open, so the objects returned
outlive the file and can be compared in tests.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from pathlib import Path

import pikepdf

from ..pdfread import opening
from ..pdfread.objects import inherited, objnum, string_text
from ..pdfread.pagetext import BBox, MarkedText, PageContent, read_page_content
from ..pdfread.structure import (
    INLINE_TYPES,
    MarkedContentRef,
    ObjectRef,
    StructElement,
    StructTree,
    depth_first,
    read_struct_tree,
)

# INLINE_TYPES is the reader's, for readout and announce.
__all__ = ["INLINE_TYPES", "Annotation", "ElementView", "MarkedContentView", "NoStructureTree", "PageInfo",
           "ReviewError", "TaggedDocument", "UnreadablePDF", "load_document", "read_structure",
           "reading_text"]

# Elements deeper than this are shown without their kids (the page would be unreadable).
MAX_SHOWN_DEPTH = 200


class ReviewError(Exception):
    """A file the review tools cannot show; the message is one line for the user."""

    exit_code = 2


class UnreadablePDF(ReviewError):
    """Not a PDF, corrupt, or encrypted with a password we do not have."""

    exit_code = 2


class NoStructureTree(ReviewError):
    """A readable PDF that is not tagged (no /StructTreeRoot, or an empty one)."""

    exit_code = 1


@dataclass
class MarkedContentView:
    """A marked-content reference (an MCID) of a structure element, with what it shows."""

    page: int | None  # 1-based
    mcid: int
    text: str = ""
    bbox: BBox | None = None
    lang: str | None = None
    found: bool = True  # False: the MCID does not occur in the page's content


@dataclass
class Annotation:
    """An object reference (OBJR) of a structure element: an annotation."""

    page: int | None
    subtype: str
    contents: str | None = None
    uri: str | None = None
    bbox: BBox | None = None
    obj: int | None = None


@dataclass(eq=False)
class ElementView:
    """One structure element as the review shows it (copied out of the file).

    type:        the /S as written (e.g. "Heading1"); std_type the standard type it
                 is role-mapped to ("H1"), or type itself when it is standard.
    lang, alt, actual_text, expansion: /Lang, /Alt, /ActualText, /E of this element.
    kids:        in structure order: child ElementViews, MarkedContentView, Annotation.
    number:      position in reading order (pre-order, root = 0).
    path:        e.g. "Document/Sect[2]/Figure[1]" (index among same-type siblings; none
                 for a lone top-level element), the form pipeline.checker uses in Finding.path.
    """

    type: str
    std_type: str
    lang: str | None = None
    alt: str | None = None
    actual_text: str | None = None
    expansion: str | None = None
    title: str | None = None
    id: str | None = None
    obj: int | None = None
    number: int = 0
    path: str = ""
    kids: list[Kid] = field(default_factory=list)
    parent_lang: str | None = None  # the language in force around this element
    attributes: dict[str, str] = field(default_factory=dict)  # /A entries (Scope, BBox, ...), as text

    @property
    def children(self) -> list[ElementView]:
        return [k for k in self.kids if isinstance(k, ElementView)]

    @property
    def marked_content(self) -> list[MarkedContentView]:
        return [k for k in self.kids if isinstance(k, MarkedContentView)]

    @property
    def annotations(self) -> list[Annotation]:
        return [k for k in self.kids if isinstance(k, Annotation)]

    @property
    def effective_lang(self) -> str | None:
        return self.lang or self.parent_lang

    def walk(self) -> Iterator[ElementView]:
        """This element and all below it, in reading order."""
        return depth_first(self, lambda element: element.children)

    @cached_property
    def pages(self) -> list[int]:
        """1-based pages on which this element's content (or its descendants') lies."""
        found: set[int] = set()
        for node in self.walk():
            for k in node.kids:
                if isinstance(k, (MarkedContentView, Annotation)) and k.page is not None:
                    found.add(k.page)
        return sorted(found)

    @cached_property
    def text(self) -> str:
        """The text this element holds as a screen reader gets it (ActualText or
        Alt replace the subtree; soft hyphens dropped; block elements on new lines)."""
        from .readout import render_text

        return render_text(self, annotate=False)

    def bbox_by_page(self) -> dict[int, BBox]:
        """Union of the boxes of this subtree's marked content and annotations, per page."""
        boxes: dict[int, BBox] = {}
        for node in self.walk():
            for k in node.kids:
                if (isinstance(k, (MarkedContentView, Annotation)) and k.page is not None
                        and k.bbox is not None):
                    boxes[k.page] = k.bbox.union(boxes.get(k.page))
        return boxes

    @property
    def has_direct_content(self) -> bool:
        return any(not isinstance(k, ElementView) for k in self.kids)


Kid = ElementView | MarkedContentView | Annotation


@dataclass
class PageInfo:
    number: int  # 1-based
    box: BBox  # the crop box (what a viewer shows), in default user space
    rotate: int  # 0, 90, 180, 270
    artifacts: list[BBox] = field(default_factory=list)
    untagged: list[BBox] = field(default_factory=list)
    error: str | None = None
    cut: bool = False  # the content is longer than the review reads (see content.MAX_INSTRUCTIONS)


@dataclass
class TaggedDocument:
    path: str
    root: ElementView
    pages: list[PageInfo]
    lang: str | None
    title: str | None
    warnings: list[str] = field(default_factory=list)

    @property
    def elements(self) -> list[ElementView]:
        """All structure elements in reading order (without the synthetic root)."""
        return list(self.root.walk())[1:]


# --- reading ------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _attribute_value(value: object) -> str:
    if isinstance(value, pikepdf.Array):
        return " ".join(_attribute_value(v) for v in list(value)[:8]) + (" \u2026" if len(value) > 8 else "")
    if isinstance(value, pikepdf.Name):
        return str(value).lstrip("/")
    if isinstance(value, pikepdf.String):
        return _text(value) or ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, pikepdf.Dictionary):
        return "\u2026"
    if isinstance(value, (int, float, Decimal)):  # pikepdf gives numbers as int or Decimal
        try:
            return f"{float(value):g}"
        except (OverflowError, ValueError):
            return "\u2026"
    return "\u2026"


def read_attributes(elem: pikepdf.Dictionary) -> dict[str, str]:
    """The element's attributes (/A: one dictionary or an array of them, with revision numbers)
    as 'Owner:Key' -> text, e.g. {'Table:Scope': 'Column', 'Layout:BBox': '56.7 80 538 120'}."""
    out: dict[str, str] = {}
    try:
        attrs = elem.get("/A")
        items = list(attrs) if isinstance(attrs, pikepdf.Array) else [attrs]
        for item in items[:8]:
            if not isinstance(item, pikepdf.Dictionary):
                continue
            owner = str(item.get("/O", "/?")).lstrip("/")
            for key, value in item.items():
                if key != "/O":
                    out[f"{owner}:{key.lstrip('/')}"] = _attribute_value(value)[:200]
    except (pikepdf.PdfError, TypeError, ValueError, AttributeError, RecursionError):
        out["?"] = "attributes cannot be read"
    return out


def _text(obj: object) -> str | None:
    """A PDF text string as str; NULs and other control characters removed
    (a trailing NUL is a common writer bug that would otherwise show as a box)."""
    value = string_text(obj)
    return _CONTROL.sub("", value) if value is not None else None


def _box(obj: object) -> BBox | None:
    if isinstance(obj, pikepdf.Array) and len(obj) == 4:
        try:
            x0, y0, x1, y1 = (float(v) for v in obj)
        except (TypeError, ValueError):
            return None
        return BBox(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
    return None


def open_pdf(path: str | Path) -> pikepdf.Pdf:
    """Open a PDF as ``pipeline check`` does (pipeline.pdfread.opening: damaged and truncated
    files are not repaired), or raise UnreadablePDF with the same one-line reason."""
    try:
        return opening.open_pdf(path)
    except opening.UnreadableFile as exc:
        raise UnreadablePDF(str(exc)) from None


class _TreeView:
    """Copies the structure tree out of the open file, with each MCID's text and box."""

    def __init__(self, pdf: pikepdf.Pdf, tree: StructTree, marked: dict, warnings: list[str]) -> None:
        self.tree = tree
        self.marked = marked
        self.warnings = warnings
        self.page_index = {p.obj.objgen: i for i, p in enumerate(pdf.pages)}
        self.annot_page: dict[tuple[int, int], int] = {}
        for i, page in enumerate(pdf.pages):
            annots = page.obj.get("/Annots")
            if isinstance(annots, pikepdf.Array):
                for a in annots:
                    if isinstance(a, pikepdf.Dictionary) and a.objgen != (0, 0):
                        self.annot_page[a.objgen] = i
        self.counter = 0

    def page_of(self, pg: object) -> int | None:
        if isinstance(pg, pikepdf.Dictionary):
            return self.page_index.get(pg.objgen)
        return None

    def marked_content(self, ref: MarkedContentRef) -> MarkedContentView:
        stm = ref.stream
        stream_key = stm.objgen if isinstance(stm, pikepdf.Stream) and stm.objgen != (0, 0) else None
        page = ref.page - 1 if ref.page is not None else None
        key = ((stream_key if stream_key is not None else ("page", page)), ref.mcid)
        mt: MarkedText | None = self.marked.get(key)
        if mt is None:
            return MarkedContentView(ref.page, ref.mcid, found=False)
        return MarkedContentView(mt.page + 1, ref.mcid, mt.text, mt.bbox, mt.lang)

    def annotation(self, ref: ObjectRef) -> Annotation:
        annot = ref.obj
        page = ref.page - 1 if ref.page is not None else None
        if not isinstance(annot, pikepdf.Dictionary):
            return Annotation(page + 1 if page is not None else None, "(missing object)")
        if page is None:
            page = self.annot_page.get(annot.objgen) if annot.objgen != (0, 0) else None
        if page is None:
            page = self.page_of(annot.get("/P"))
        subtype = str(annot.get("/Subtype", "/Unknown")).lstrip("/")
        if annot.get("/Type") == pikepdf.Name.XObject or "/Rect" not in annot and "/Subtype" in annot:
            subtype = str(annot.get("/Subtype", "/XObject")).lstrip("/")
        contents = _text(annot.get("/Contents")) or _text(annot.get("/TU"))
        uri = None
        action = annot.get("/A")
        if isinstance(action, pikepdf.Dictionary):
            uri = _text(action.get("/URI"))
        return Annotation(page + 1 if page is not None else None, subtype, contents, uri,
                          _box(annot.get("/Rect")), objnum(annot))

    def element(self, element: StructElement, parent_lang: str | None) -> ElementView:
        elem = element.obj
        self.counter += 1
        lang = _text(elem.get("/Lang"))
        return ElementView(
            type=element.type, std_type=self.tree.rolemap.final(element.type), lang=lang or None,
            alt=_text(elem.get("/Alt")), actual_text=_text(elem.get("/ActualText")),
            expansion=_text(elem.get("/E")), title=_text(elem.get("/T")), id=_text(elem.get("/ID")),
            obj=objnum(elem), number=self.counter, path=element.path, parent_lang=parent_lang,
            attributes=read_attributes(elem),
        )

    def top(self, root: ElementView) -> None:
        """Fill ``root`` (the synthetic StructTreeRoot) with the tree, in reading order."""
        shown_twice = [obj for obj, parent in self.tree.revisits
                       if parent is None or parent.depth < MAX_SHOWN_DEPTH]
        for obj in shown_twice:
            self.warnings.append(f"structure element {obj.objgen[0]} appears twice (cycle or shared kid)")
        # Depth first, so that elements are numbered in reading order; an element's place
        # among its parent's kids (in /K order) is kept for it until it is reached.
        root.kids = [None] * len(self.tree.top)  # type: ignore[list-item]
        stack: list[tuple[StructElement, ElementView, int]] = [
            (e, root, i) for i, e in reversed(list(enumerate(self.tree.top)))]
        while stack:
            element, parent, index = stack.pop()
            view = self.element(element, parent.effective_lang)
            parent.kids[index] = view
            if element.depth >= MAX_SHOWN_DEPTH:
                self.warnings.append(
                    f"structure tree deeper than {MAX_SHOWN_DEPTH} levels; cut at {element.path}")
                continue
            pending: list[tuple[StructElement, ElementView, int]] = []
            for kid in element.contents:
                if isinstance(kid, MarkedContentRef):
                    view.kids.append(self.marked_content(kid))
                elif isinstance(kid, ObjectRef):
                    view.kids.append(self.annotation(kid))
                else:
                    pending.append((kid, view, len(view.kids)))
                    view.kids.append(None)  # type: ignore[arg-type]
            stack.extend(reversed(pending))


def load_document(path: str | Path) -> TaggedDocument:
    """Read a tagged PDF's structure tree, its marked content and page geometry.

    Raises UnreadablePDF (exit 2) or NoStructureTree (exit 1).
    """
    with open_pdf(path) as pdf:
        try:
            return _load(pdf, str(path))
        except ReviewError:
            raise
        except (pikepdf.PdfError, RecursionError, ValueError, TypeError, AttributeError, KeyError) as exc:
            raise UnreadablePDF(str(opening.damaged(str(path), exc))) from None


def _load(pdf: pikepdf.Pdf, path: str) -> TaggedDocument:
    root = pdf.Root
    tree = root.get("/StructTreeRoot")
    if not isinstance(tree, pikepdf.Dictionary):
        raise NoStructureTree(f"{path}: not tagged: the PDF has no structure tree (no /StructTreeRoot)")
    if "/K" not in tree:
        raise NoStructureTree(f"{path}: not tagged: the structure tree is empty (/StructTreeRoot has no /K)")
    doc_lang = _text(root.get("/Lang")) or None
    warnings: list[str] = []
    title = _xmp_title(root, warnings)
    if title is None and isinstance(pdf.trailer.get("/Info"), pikepdf.Dictionary):
        title = _text(pdf.trailer.Info.get("/Title"))

    pages: list[PageInfo] = []
    marked: dict = {}
    font_cache: dict = {}
    for i, page in enumerate(pdf.pages):
        obj = page.obj
        box = _box(inherited(obj, "/CropBox")) or _box(inherited(obj, "/MediaBox")) or BBox(0, 0, 612, 792)
        try:
            rotate = int(inherited(obj, "/Rotate") or 0) % 360
        except (TypeError, ValueError):
            rotate = 0
        content: PageContent = read_page_content(i, obj, font_cache)
        if content.error:
            warnings.append(f"page {i + 1}: {content.error}")
        for key, mt in content.marked.items():
            mt.text = _clean_marked(mt.text)
            marked.setdefault(key, mt)
        pages.append(PageInfo(i + 1, box, rotate if rotate in (0, 90, 180, 270) else 0,
                              content.artifacts, content.untagged, content.error, content.cut))

    struct_tree = read_struct_tree(pdf)
    assert struct_tree is not None  # /StructTreeRoot is a dictionary: checked above
    top = ElementView(type="StructTreeRoot", std_type="StructTreeRoot", lang=doc_lang, title=title,
                      obj=objnum(tree), number=0, path="")
    _TreeView(pdf, struct_tree, marked, warnings).top(top)
    if not top.children:
        raise NoStructureTree(f"{path}: not tagged: the structure tree has no structure elements")
    return TaggedDocument(path, top, pages, doc_lang, title, warnings)


def _xmp_title(root: pikepdf.Object, warnings: list[str]) -> str | None:
    """dc:title from the XMP packet, read as the checker reads it; a packet that cannot
    be read is a warning (the title then comes from /Info), never an error."""
    from xml.parsers import expat

    from ..checker.metadata import read_xmp

    stream = root.get("/Metadata")
    if not isinstance(stream, pikepdf.Stream):
        return None
    try:
        facts = read_xmp(stream.read_bytes())
    except expat.ExpatError as exc:
        warnings.append(f"the XMP metadata is not well-formed XML ({exc}); the title shown is /Info's")
        return None
    except (pikepdf.PdfError, ValueError) as exc:
        warnings.append(f"the XMP metadata cannot be read ({' '.join(str(exc).split())[:120]})")
        return None
    titles = [t.strip() for t in facts.dc_title or [] if t.strip()]
    return titles[0] if titles else None


_SOFT_BREAK = re.compile("\u00ad[ \t]*\n[ \t]*")


def _clean_marked(text: str) -> str:
    """One marked-content sequence as one line: a soft hyphen at a line end joins the
    word; other line ends become spaces; remaining soft hyphens are dropped."""
    text = _SOFT_BREAK.sub("", text)
    text = text.replace("\n", " ")
    text = re.sub(r"[ \t\r\f\v]+", " ", text)
    return text


def read_structure(pdf_path: str | Path) -> ElementView:
    """The structure tree of a tagged PDF: a synthetic root (type "StructTreeRoot",
    lang = the document's /Lang) whose children are the top-level elements."""
    return load_document(pdf_path).root


def reading_text(pdf_path: str | Path) -> str:
    """What a screen reader would read, in structure order, with language switches
    (``[lang=en] ... [/lang]``) and alternative texts (``[Figure: ...]``) shown."""
    from .readout import reading_text_of

    return reading_text_of(load_document(pdf_path).root)
