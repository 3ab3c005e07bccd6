"""Every use of ReportLab's private API by the writer (``pipeline.layout``, ``pipeline.tagging``).

ReportLab's documented API draws and lays out pages; tagging and our make-up rules need to
see a little more: the content stream a text object is writing, where the paragraph being
drawn stands, the lines a paragraph was broken into, a frame's cursor, a table's cells,
the helpers ReportLab hyphenates and splits words with. None of that is documented, so any
ReportLab release may change it. This module is the one place that touches it:

* ``PARAGRAPH_HELPERS``: names of ``reportlab.platypus.paragraph`` used as they are
  (re-exported below under names that say what they are);
* ``ATTRIBUTES``: private attributes and methods of ReportLab objects, each read or
  written only by the small functions below;
* ``HOOKS``: private methods (and one class attribute) that our subclasses override or
  define and that ReportLab calls; the overrides stay in their subclasses, named here.

``tests/test_reportlab_private.py`` checks each entry against the installed ReportLab (it
exists, of the kind and with the parameters relied on) and exercises every function here on
a real object; a failure names the attribute and ReportLab's version.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

import reportlab
from reportlab.lib.abag import ABag
from reportlab.pdfbase.pdfdoc import LinkAnnotation
from reportlab.pdfgen import canvas as _canvas
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, KeepTogether, Paragraph, Table
from reportlab.platypus import paragraph as _paragraph
from reportlab.platypus.paraparser import ParaFrag

VERSION: str = reportlab.Version


def _take(owner: Any, name: str) -> Any:
    """``owner.name``, or an ImportError that says which ReportLab lacks it."""
    try:
        return getattr(owner, name)
    except AttributeError:
        raise ImportError(f"ReportLab {VERSION} has no {getattr(owner, '__name__', owner)}.{name}, which "
                          "pipeline/reportlab_private.py relies on (see tests/test_reportlab_private.py)"
                          ) from None


class Name(NamedTuple):
    """One private name relied on: ``owner.name`` is a ``kind`` ("function", "method",
    "class", "pattern", "str", "int", "tuple", "attribute": set on instances); ``params``: the
    leading parameters a function or method must take, in order (``self`` left out)."""
    owner: type | object
    name: str
    kind: str
    params: tuple[str, ...] = ()


# -- helpers of reportlab.platypus.paragraph, used as they are -------------------------
PARAGRAPH_HELPERS: tuple[Name, ...] = (
    Name(_paragraph, "_shy", "str"),
    Name(_paragraph, "split", "function", ("text", "delim")),
    Name(_paragraph, "strip", "function", ("text",)),
    Name(_paragraph, "_getFragWords", "function", ("frags", "maxWidth")),
    Name(_paragraph, "_processed_frags", "function", ("frags",)),
    Name(_paragraph, "_FK_IMG", "int"),
    Name(_paragraph, "_FK_BREAK", "int"),
    Name(_paragraph, "_HSFrag", "class"),
    Name(_paragraph, "_SplitWordHY", "class"),
    Name(_paragraph, "BidiList", "class"),
    Name(_paragraph, "_hy_pfx_pat", "pattern"),
    Name(_paragraph, "_hy_sfx_pat", "pattern"),
    Name(_paragraph, "_hy_letters_pat", "pattern"),
    Name(_paragraph, "_hy_shy_letters_pat", "pattern"),
    Name(_paragraph, "_uri_split_pairs", "function", ("uri",)),
    Name(_paragraph, "hyphenationMinWordLength", "int"),
    Name(_canvas, "_annFormat", "function", ("D", "color", "thickness", "dashArray")),
)

SOFT_HYPHEN: str = _take(_paragraph, "_shy")
split_words: Callable[[str], list[str]] = _take(_paragraph, "split")  # at white space, as ReportLab splits
strip_text: Callable[[str], str] = _take(_paragraph, "strip")  # ReportLab's white space stripped
# a paragraph's fragments as fragment words: [width, (frag, text), ...] per word
frag_words: Callable[..., list[Any]] = _take(_paragraph, "_getFragWords")
# whether fragments are already fragment words (a paragraph split off another)
processed_frags: Callable[[Any], bool] = _take(_paragraph, "_processed_frags")
FRAG_IMAGE: int = _take(_paragraph, "_FK_IMG")  # a fragment's kind: an inline image
FRAG_BREAK: int = _take(_paragraph, "_FK_BREAK")  # ... a <br/>
SpacedFragWord: type = _take(_paragraph, "_HSFrag")  # a fragment word with a space after it
HyphenatedWord: type = _take(_paragraph, "_SplitWordHY")  # the head of a word split with a hyphen
BidiList: type = _take(_paragraph, "BidiList")  # ReportLab's list of lines, when it keeps bidi levels
HYPHEN_PREFIX: re.Pattern[str] = _take(_paragraph, "_hy_pfx_pat")  # punctuation before a word
HYPHEN_SUFFIX: re.Pattern[str] = _take(_paragraph, "_hy_sfx_pat")  # ... after it
HYPHEN_LETTERS: re.Pattern[str] = _take(_paragraph, "_hy_letters_pat")  # a word ReportLab hyphenates
HYPHEN_SHY_LETTERS: re.Pattern[str] = _take(_paragraph, "_hy_shy_letters_pat")  # ... with its hyphens
uri_split_pairs: Callable[[str], Any] = _take(_paragraph, "_uri_split_pairs")  # not None: a URI
HYPHENATION_MIN_WORD_LENGTH: int = _take(_paragraph, "hyphenationMinWordLength")
annotation_format: Callable[..., None] = _take(_canvas, "_annFormat")  # colour and border of an annotation
# the keys a link annotation writes
LINK_ANNOTATION_KEYS: tuple[str, ...] = _take(LinkAnnotation, "permitted")


# -- private attributes and methods of ReportLab objects -------------------------------
ATTRIBUTES: tuple[Name, ...] = (
    Name(_canvas.Canvas, "_code", "attribute"),
    Name(_canvas.Canvas, "_curr_tx_info", "attribute"),
    Name(_canvas.Canvas, "_currentMatrix", "attribute"),
    Name(_canvas.Canvas, "_absRect", "method", ("rect", "relative")),
    Name(_canvas.Canvas, "_bookmarkReference", "method", ("name",)),
    Name(_canvas.Canvas, "_addAnnotation", "method", ("annotation", "name", "addtopage")),
    Name(PDFTextObject, "_code", "attribute"),
    Name(Paragraph, "blPara", "attribute"),
    Name(Paragraph, "_wrapWidths", "attribute"),
    Name(Paragraph, "_width_max", "attribute"),
    Name(Paragraph, "_splitLongWordCount", "attribute"),
    Name(Paragraph, "_hyphenations", "attribute"),
    Name(_paragraph.ParaLines, "clone", "method", ()),
    Name(ParaFrag, "_fkind", "attribute"),
    Name(Frame, "_x1", "attribute"),
    Name(Frame, "_y", "attribute"),
    Name(Frame, "_y1", "attribute"),
    Name(Frame, "_y1p", "attribute"),
    Name(Frame, "_bottomPadding", "attribute"),
    Name(Frame, "_aH", "attribute"),
    Name(Frame, "_atTop", "attribute"),
    Name(Frame, "_prevASpace", "attribute"),
    Name(Frame, "_getAvailableWidth", "method", ()),
    Name(Flowable, "_frame", "attribute"),  # the frame a group is being split in
    Name(KeepTogether, "_content", "attribute"),
    Name(Table, "_cellvalues", "attribute"),
    Name(Table, "_spanCmds", "attribute"),
    Name(BaseDocTemplate, "_hanging", "attribute"),
    Name(LinkAnnotation, "permitted", "tuple"),
)


# -- hooks: private methods our subclasses override, which ReportLab calls -------------
HOOKS: tuple[Name, ...] = (
    Name(PDFTextObject, "_textOut", "method", ("text", "TStar")),  # tagging.canvas.TaggedTextObject
    # looked up on the text object by paragraph._putFragLine, as a link starts or ends a line
    Name(_paragraph, "_putFragLine", "function", ("cur_x", "tx", "line", "last", "pKind")),
    Name(Frame, "_reset", "method", ()),  # layout.document.BodyFrame
    Name(Frame, "_add", "method", ("flowable", "canv", "trySplit")),  # layout.document.BodyFrame
    Name(BaseDocTemplate, "_endBuild", "method", ()),  # layout.document.EditionDocTemplate
    Name(Table, "_drawBkgrnd", "method", ()),  # layout.flowables.TaggedTable
    Name(Table, "_drawLines", "method", ()),  # layout.flowables.TaggedTable
    Name(Table, "_calc", "method", ("availWidth", "availHeight")),  # layout.flowables.TaggedTable
    Name(Flowable, "_ZEROSIZE", "attribute"),  # layout.footnotes.Footnotes, compose.CoverPicture
)
LINK_RECORD_HOOK = "_linkRecord"  # defined by TaggedTextObject, called (link, "start"/"end")
ZERO_SIZE = "_ZEROSIZE"  # a flowable ReportLab sets even where no space is left


# -- canvas and text objects -------------------------------------------------------------
def discard_page(canvas: _canvas.Canvas) -> None:
    """Forget what was painted on the current page (a dry layout pass keeps nothing)."""
    canvas._code = []


def add_text_operator(text_object: PDFTextObject, operator: str) -> None:
    """Write ``operator`` into the text object's BT ... ET (ReportLab offers no such call)."""
    text_object._code.append(operator)


@dataclass(frozen=True)
class TextPosition:
    """Where the paragraph line being drawn stands, as an ``<onDraw>`` callback sees it."""
    text_object: Any  # the text object drawing the line
    x: float
    y: float
    leading: float


def text_position(canvas: _canvas.Canvas) -> TextPosition:
    """The line being drawn (only inside an ``<onDraw>`` callback of a paragraph)."""
    info = canvas._curr_tx_info
    return TextPosition(info["tx"], info["cur_x"], info["cur_y"], info["leading"])


IDENTITY = (1, 0, 0, 1, 0, 0)


def current_matrix(canvas: _canvas.Canvas) -> tuple[float, ...]:
    """The canvas's transformation matrix (identity: page coordinates)."""
    return tuple(getattr(canvas, "_currentMatrix", IDENTITY))


def absolute_rect(canvas: _canvas.Canvas, rect: Any, relative: int) -> Any:
    """``rect`` in page coordinates, as ReportLab's annotation calls compute it."""
    return canvas._absRect(rect, relative)


def bookmark_reference(canvas: _canvas.Canvas, name: str) -> Any:
    """The destination named ``name`` (made, unbound, if not placed yet)."""
    return canvas._bookmarkReference(name)


def add_annotation(canvas: _canvas.Canvas, annotation: Any, name: str | None, addtopage: int) -> Any:
    """Put ``annotation`` into the document (and on the current page)."""
    return canvas._addAnnotation(annotation, name, addtopage)


# -- paragraphs and their lines ------------------------------------------------------------
def broken_lines(paragraph: Paragraph) -> Any:
    """What ``wrap`` broke the paragraph into (ReportLab's ParaLines), or None before."""
    return getattr(paragraph, "blPara", None)


def lines_of(paragraph: Paragraph) -> list[Any]:
    """The lines of a wrapped paragraph (none for an empty one)."""
    return list(getattr(paragraph.blPara, "lines", ()))


def forget_lines(paragraph: Paragraph) -> None:
    """Drop the lines ``wrap`` made, so that the next ``wrap`` breaks anew."""
    paragraph.__dict__.pop("blPara", None)


def wrap_widths(paragraph: Paragraph) -> list[float]:
    """The line widths of the paragraph's last ``wrap``."""
    return list(paragraph._wrapWidths)


def break_state(paragraph: Paragraph) -> tuple[Any, Any, Any]:
    """What ``breakLines`` sets on the paragraph besides its lines: the widest line, the
    count of long words split and of hyphenations (None where not set)."""
    values = paragraph.__dict__
    return values.get("_width_max"), values.get("_splitLongWordCount"), values.get("_hyphenations")


def set_break_state(paragraph: Paragraph, state: tuple[Any, Any, Any]) -> None:
    """Set what ``breakLines`` would set (see :func:`break_state`)."""
    paragraph._width_max, paragraph._splitLongWordCount, paragraph._hyphenations = state


def clone(bag: Any, **changes: Any) -> Any:
    """A copy of a ParaLines (or a fragment), with ``changes``: what ``ABag.clone`` makes,
    ``type(bag)(**vars(bag))``, without the round trip through keyword arguments (a
    quarter of the time; the line-break memo copies every word it hands out). A class
    with an ``__init__`` of its own is cloned by ReportLab's ``clone``."""
    cls = type(bag)
    if cls.__init__ is not ABag.__init__:
        return bag.clone(**changes)
    copied = object.__new__(cls)
    copied.__dict__.update(bag.__dict__)
    if changes:
        copied.__dict__.update(changes)
    return copied


def frag_kind(fragment: Any) -> int | None:
    """A fragment's kind (text, image, break: ``FRAG_IMAGE``, ``FRAG_BREAK``), or None."""
    return getattr(fragment, "_fkind", None)


# -- frames, groups, tables, documents --------------------------------------------------------
def frame_room(frame: Frame) -> float:
    """The height left in the frame, from its cursor down to its bottom."""
    return frame._y - frame._y1p


def move_frame_cursor(frame: Frame, dy: float) -> None:
    """Move the frame's cursor up by ``dy`` (down when negative)."""
    frame._y += dy


def frame_at_top(frame: Frame | None) -> bool:
    """Nothing set in the frame yet (False for no frame)."""
    return bool(getattr(frame, "_atTop", False))


def reset_frame_bottom(frame: Frame) -> None:
    """The frame's bottom where its geometry puts it (a frame's reset keeps the last page's)."""
    frame._y1p = frame._y1 + frame._bottomPadding


def raise_frame_bottom(frame: Frame, by: float) -> None:
    """Keep ``by`` points at the frame's foot free (for footnotes)."""
    frame._y1p += by


def frame_height(frame: Frame) -> float:
    """The frame's usable height."""
    return frame._aH


def frame_width(frame: Frame) -> float:
    """The frame's usable width."""
    return frame._getAvailableWidth()


def frame_space_above(frame: Frame) -> float:
    """The space after the last flowable set (the next one's space before is reduced by it)."""
    return frame._prevASpace


def set_frame_x(frame: Frame, x: float) -> None:
    """Move the frame sideways (facing pages: the column of a verso or a recto)."""
    frame._x1 = x


def splitting_frame(flowable: Flowable) -> Frame | None:
    """The frame a group is being split in, when ReportLab set it."""
    return getattr(flowable, "_frame", None)


def members(flowable: object) -> list[Flowable] | None:
    """The flowables of a group (KeepTogether and its kind), or None for another flowable."""
    content = getattr(flowable, "_content", None)
    return content if isinstance(content, list) else None


def table_cells(table: Table) -> list[list[Any]]:
    """The table's rows of cells (editable: a split part's rows are its own)."""
    return table._cellvalues


def table_spans(table: Table) -> bool:
    """Whether cells of the table span rows or columns (ReportLab's SPAN commands)."""
    return bool(table._spanCmds)


def hanging(doc: BaseDocTemplate) -> list[Flowable]:
    """The flowables ReportLab queues at a page's start (compared by identity)."""
    return doc._hanging


def is_zero_size(flowable: Flowable) -> bool:
    """Marked as zero-size (ReportLab sets it even where no room is left)."""
    return bool(getattr(flowable, ZERO_SIZE, False))
