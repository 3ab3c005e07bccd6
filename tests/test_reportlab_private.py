"""ReportLab's private API, as pipeline/reportlab_private.py relies on it.

Every name the adapter lists is checked against the installed ReportLab (it exists, of the
kind and with the leading parameters relied on), every adapter function is exercised on a
real ReportLab object, and every private hook our subclasses override is shown to be
called by ReportLab. A failure names the attribute and ReportLab's version, so that a
ReportLab upgrade that changes one of them is found here and not as a wrong PDF.
"""
from __future__ import annotations

import inspect
import io
import re
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from PIL import Image as PILImage
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfdoc import LinkAnnotation
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
)

from pipeline import reportlab_private as rlp
from pipeline.layout.document import BodyFrame, EditionDocTemplate
from pipeline.layout.flowables import TaggedTable
from pipeline.reportlab_private import Name
from pipeline.tagging.canvas import TaggedTextObject

STYLE = ParagraphStyle("t", fontName="Helvetica", fontSize=10, leading=12)


def where(name: Name) -> str:
    owner = getattr(name.owner, "__name__", repr(name.owner))
    return f"ReportLab {rlp.VERSION}: {owner}.{name.name}"


# -- the names, statically ------------------------------------------------------------
KINDS: dict[str, Any] = {
    "class": lambda v: isinstance(v, type),
    "pattern": lambda v: isinstance(v, re.Pattern),
    "str": lambda v: isinstance(v, str),
    "int": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "tuple": lambda v: isinstance(v, tuple),
    "function": callable,
    "method": callable,
}
STATIC = [n for n in (*rlp.PARAGRAPH_HELPERS, *rlp.ATTRIBUTES, *rlp.HOOKS) if n.kind != "attribute"]


@pytest.mark.parametrize("name", STATIC, ids=[f"{n.name}" for n in STATIC])
def test_name_exists_with_its_kind_and_parameters(name: Name) -> None:
    assert hasattr(name.owner, name.name), f"{where(name)} is gone"
    value = inspect.getattr_static(name.owner, name.name)
    if isinstance(value, staticmethod | classmethod):
        value = value.__func__
    assert KINDS[name.kind](value), f"{where(name)} is no longer a {name.kind}: {value!r}"
    if name.kind in ("function", "method"):
        parameters = list(inspect.signature(value).parameters.values())
        if name.kind == "method":
            parameters = parameters[1:]  # self
        params = [q.name for q in parameters]
        assert tuple(params[:len(name.params)]) == name.params, (
            f"{where(name)} takes ({', '.join(params)}), not ({', '.join(name.params)}, ...)")
        required = [q.name for q in parameters[len(name.params):] if q.default is q.empty
                    and q.kind not in (q.VAR_POSITIONAL, q.VAR_KEYWORD)]
        assert not required, f"{where(name)} now requires ({', '.join(required)}) as well"


# -- instance attributes, on real objects ---------------------------------------------
def _paragraph(text: str = "one two three four five six seven eight nine ten", width: float = 60,
               style: ParagraphStyle = STYLE) -> Paragraph:
    p = Paragraph(text, style)
    p.wrap(width, 1000)
    return p


class _Doc(BaseDocTemplate):
    """A document that notes what ReportLab shows it while building."""
    seen: dict[str, Any]

    def handle_flowable(self, flowables: list[Flowable]) -> None:
        if flowables is rlp.hanging(self):
            self.seen["hanging"] = True
        super().handle_flowable(flowables)


def _instances() -> dict[object, object]:
    canvas = Canvas(io.BytesIO())
    para = _paragraph()
    frag = rlp.frag_words(para.frags, 100)[0][1][0]
    return {Canvas: canvas, PDFTextObject: canvas.beginText(), Paragraph: para,
            rlp.ParaFrag: frag, Frame: Frame(0, 0, 100, 100), KeepTogether: KeepTogether([Spacer(1, 1)]),
            Table: Table([["a"]])}


def test_hanging() -> None:
    doc = _Doc(io.BytesIO())
    doc.seen = {}
    doc.addPageTemplates([PageTemplate("p", [Frame(0, 0, 300, 300)])])
    doc.build([Paragraph("x", STYLE)])
    assert doc.seen.get("hanging"), (
        f"ReportLab {rlp.VERSION}: BaseDocTemplate._hanging is no longer handed to handle_flowable")


# set only while a paragraph line is drawn (test_text_position), a group is split
# (test_groups_tables_zero_size) or a document is built (test_hanging)
WHILE_DRAWING = {"_curr_tx_info", "_frame", "_hanging"}
ATTRIBUTES = [n for n in (*rlp.ATTRIBUTES, *rlp.HOOKS) if n.kind == "attribute" and n.name != rlp.ZERO_SIZE]


@pytest.mark.parametrize("name", ATTRIBUTES, ids=[f"{getattr(n.owner, '__name__', '')}.{n.name}"
                                                   for n in ATTRIBUTES])
def test_attribute_on_a_real_object(name: Name) -> None:
    if name.name in WHILE_DRAWING:
        return  # set only while ReportLab draws, splits or builds: tested there
    instance = _instances()[name.owner]
    assert hasattr(instance, name.name), f"{where(name)} is not set on a {type(instance).__name__}"


# -- the adapter's functions ------------------------------------------------------------
def _page_content(data: bytes) -> bytes:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return b"".join(s.read_bytes() for s in [pdf.pages[0].Contents])


def test_discard_page() -> None:
    out = io.BytesIO()
    canvas = Canvas(out)
    canvas.line(0, 0, 10, 10)
    rlp.discard_page(canvas)
    canvas.rect(0, 0, 5, 5)
    canvas.showPage()
    canvas.save()
    content = _page_content(out.getvalue())
    assert b" re" in content and b" l" not in content, f"ReportLab {rlp.VERSION}: Canvas._code"


def test_add_text_operator() -> None:
    tx = Canvas(io.BytesIO()).beginText(0, 0)
    rlp.add_text_operator(tx, "/Artifact BMC")
    tx.textOut("x")
    rlp.add_text_operator(tx, "EMC")
    code = tx.getCode()
    assert code.startswith("BT") and code.endswith("ET"), code
    assert code.index("/Artifact BMC") < code.index("(x) Tj") < code.index("EMC"), (
        f"ReportLab {rlp.VERSION}: PDFTextObject._code: {code}")


def test_text_position() -> None:
    canvas = Canvas(io.BytesIO())
    seen: list[rlp.TextPosition] = []
    canvas.setNamedCB("here", lambda canv, kind, label: seen.append(rlp.text_position(canv)))
    p = Paragraph('one <onDraw name="here" label="x"/>two', STYLE)
    p.wrap(200, 100)
    p.drawOn(canvas, 20, 50)
    assert len(seen) == 1, f"ReportLab {rlp.VERSION}: Canvas._curr_tx_info"
    at = seen[0]  # in the text object's coordinates: after "one " on the first line
    assert at.leading == 12 and abs(at.x - stringWidth("one ", "Helvetica", 10)) < 0.01, at
    assert isinstance(at.y, int | float) and isinstance(at.text_object, PDFTextObject), at


def test_matrix_rect_bookmark_annotation() -> None:
    out = io.BytesIO()
    canvas = Canvas(out)
    assert rlp.current_matrix(canvas) == rlp.IDENTITY
    canvas.translate(10, 0)
    assert rlp.current_matrix(canvas) == (1, 0, 0, 1, 10, 0), (
        f"ReportLab {rlp.VERSION}: Canvas._currentMatrix")
    assert list(rlp.absolute_rect(canvas, (0, 0, 5, 5), 1))[:4] == [10, 0, 15, 5], "Canvas._absRect"
    dest = rlp.bookmark_reference(canvas, "there")
    assert rlp.bookmark_reference(canvas, "there") is dest, "Canvas._bookmarkReference"
    canvas.bookmarkPage("there")
    kw: dict[str, Any] = {}
    rlp.annotation_format(kw, None, 0, None)
    assert "Border" in kw, f"ReportLab {rlp.VERSION}: canvas._annFormat"
    kw.update(Rect=(0, 0, 5, 5), Contents="c", Destination=dest)
    rlp.add_annotation(canvas, LinkAnnotation(**kw), None, 1)
    canvas.showPage()
    canvas.save()
    with pikepdf.open(io.BytesIO(out.getvalue())) as pdf:
        annots = pdf.pages[0].Annots
        assert len(annots) == 1 and annots[0].Subtype == "/Link", "Canvas._addAnnotation"
    assert "Contents" in rlp.LINK_ANNOTATION_KEYS and "Border" in rlp.LINK_ANNOTATION_KEYS


def test_paragraph_lines_and_break_state() -> None:
    p = Paragraph("one two three four five six seven eight nine ten", STYLE)
    assert rlp.broken_lines(p) is None
    p.wrap(60, 1000)
    lines = rlp.broken_lines(p)
    assert lines is not None and lines.kind == 0, f"ReportLab {rlp.VERSION}: Paragraph.blPara"
    assert len(rlp.lines_of(p)) == len(lines.lines) > 2
    assert set(rlp.wrap_widths(p)) == {60}, f"ReportLab {rlp.VERSION}: Paragraph._wrapWidths"
    width_max, long_words, hyphenations = rlp.break_state(p)
    assert 0 < width_max <= 61 and long_words == 0 and hyphenations == 0, (
        f"ReportLab {rlp.VERSION}: Paragraph._width_max/_splitLongWordCount/_hyphenations")
    rlp.set_break_state(p, (1.0, 2, 3))
    assert rlp.break_state(p) == (1.0, 2, 3)
    copied = rlp.clone(lines, lines=[])
    assert copied.lines == [] and copied.kind == lines.kind and lines.lines, "ParaLines.clone"
    assert vars(rlp.clone(lines)) == vars(lines.clone()) and type(rlp.clone(lines)) is type(lines)
    frag = p.frags[0]
    assert vars(rlp.clone(frag, text="x")) == vars(frag.clone(text="x")), "ParaFrag.clone"
    assert rlp.clone(frag) is not frag and rlp.clone(frag).__dict__ is not frag.__dict__
    rlp.forget_lines(p)
    assert rlp.broken_lines(p) is None


def test_fragment_words_and_kinds(tmp_path: Path) -> None:
    p = Paragraph("a <b>b</b> c<br/>d", STYLE)
    assert not rlp.processed_frags(p.frags)
    words = rlp.frag_words(p.frags, 200)
    assert rlp.processed_frags(words), f"ReportLab {rlp.VERSION}: paragraph._processed_frags"
    assert isinstance(words[0][0], float) and words[0][1][1] == "a", words[0]
    assert isinstance(words[0], rlp.SpacedFragWord), f"ReportLab {rlp.VERSION}: paragraph._HSFrag"
    kinds = {rlp.frag_kind(f) for w in words for f, _ in w[1:]}
    assert rlp.FRAG_BREAK in kinds, f"ReportLab {rlp.VERSION}: ParaFrag._fkind, paragraph._FK_BREAK: {kinds}"
    PILImage.new("RGB", (2, 2)).save(tmp_path / "x.png")
    image = Paragraph(f'a <img src="{tmp_path / "x.png"}" width="5" height="5"/>', STYLE)
    kinds = {rlp.frag_kind(f) for w in rlp.frag_words(image.frags, 200) for f, _ in w[1:]}
    assert rlp.FRAG_IMAGE in kinds, f"ReportLab {rlp.VERSION}: paragraph._FK_IMG: {kinds}"


def test_hyphenation_helpers() -> None:
    assert rlp.SOFT_HYPHEN == "\xad"
    assert rlp.split_words("a b\xa0c") == ["a", "b\xa0c"] and rlp.strip_text(" a ") == "a"
    assert rlp.HYPHEN_PREFIX.match('"Wort').group(0) == '"'
    assert rlp.HYPHEN_SUFFIX.search("Wort.,").group(0) == ".,"
    assert rlp.HYPHEN_LETTERS.match("Wörter") and not rlp.HYPHEN_LETTERS.match("Wort-art")
    assert rlp.HYPHEN_SHY_LETTERS.match("Wort-art") and rlp.HYPHEN_SHY_LETTERS.match("Wo\xadrt")
    assert rlp.uri_split_pairs("https://example.org/a/b") and rlp.uri_split_pairs("Wort") is None
    assert 1 <= rlp.HYPHENATION_MIN_WORD_LENGTH <= 10
    assert isinstance(rlp.BidiList([1]), list)
    # a word split with a hyphen ends its line as ReportLab's split-word class
    style = ParagraphStyle("h", parent=STYLE, hyphenationLang=lambda w: [("Donau", "dampfschiff")],
                           embeddedHyphenation=1, uriWasteReduce=0)
    p = _paragraph("aaa Donaudampfschiff", 75, style)
    last = rlp.lines_of(p)[0][1][-1]
    assert isinstance(last, rlp.HyphenatedWord), (
        f"ReportLab {rlp.VERSION}: paragraph._SplitWordHY: {rlp.lines_of(p)}")


class _Mark(Flowable):
    def __init__(self, height: float = 10, space_after: float = 0) -> None:
        super().__init__()
        self.h, self.spaceAfter, self.at = height, space_after, None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return availWidth, self.h

    def draw(self) -> None:
        self.at = self.canv.absolutePosition(0, 0)


def test_frame_functions() -> None:
    canvas = Canvas(io.BytesIO())
    frame = Frame(0, 0, 200, 300, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    assert rlp.frame_at_top(frame) and not rlp.frame_at_top(None), f"ReportLab {rlp.VERSION}: Frame._atTop"
    assert rlp.frame_room(frame) == 300 and rlp.frame_height(frame) == 300, "Frame._y, _y1p, _aH"
    assert rlp.frame_width(frame) == 200, f"ReportLab {rlp.VERSION}: Frame._getAvailableWidth"
    mark = _Mark(10, space_after=5)
    assert frame.add(mark, canvas)
    assert not rlp.frame_at_top(frame) and rlp.frame_room(frame) == 285  # its space after too
    assert rlp.frame_space_above(frame) == 5, f"ReportLab {rlp.VERSION}: Frame._prevASpace"
    rlp.move_frame_cursor(frame, -40)
    rlp.raise_frame_bottom(frame, 20)
    assert rlp.frame_room(frame) == 225, f"ReportLab {rlp.VERSION}: Frame._y, _y1p"
    rlp.reset_frame_bottom(frame)
    assert rlp.frame_room(frame) == 245, f"ReportLab {rlp.VERSION}: Frame._y1, _bottomPadding"


def test_set_frame_x() -> None:
    """Moved as a page begins (facing pages), the frame sets that page's flowables there."""
    mark = _Mark(10)
    doc = BaseDocTemplate(io.BytesIO(), pagesize=(300, 300))
    frame = Frame(0, 0, 200, 300, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate("p", [frame], onPage=lambda canv, d: rlp.set_frame_x(frame, 50))])
    doc.build([mark])
    assert mark.at == (50, 290), f"ReportLab {rlp.VERSION}: Frame._x1: drawn at {mark.at}"


def test_groups_tables_zero_size() -> None:
    a, b = Spacer(1, 1), Spacer(1, 2)
    assert rlp.members(KeepTogether([a, b])) == [a, b], f"ReportLab {rlp.VERSION}: KeepTogether._content"
    assert rlp.members(a) is None
    table = Table([["a", "b"], ["c", "d"]])
    assert rlp.table_cells(table) == [["a", "b"], ["c", "d"]], f"ReportLab {rlp.VERSION}: Table._cellvalues"
    seen: list[Any] = []

    class Group(KeepTogether):
        def split(self, aW: float, aH: float) -> list[Flowable]:
            seen.append(rlp.splitting_frame(self))
            return super().split(aW, aH)

    frame = Frame(0, 0, 100, 100)
    frame.split(Group([Spacer(1, 1)]), Canvas(io.BytesIO()))
    assert seen == [frame], f"ReportLab {rlp.VERSION}: Flowable._frame"
    # a zero-size flowable is set even in a full frame (Frame._add reads _ZEROSIZE)
    full = Frame(0, 0, 100, 100, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    rlp.move_frame_cursor(full, -100)

    class Zero(_Mark):
        _ZEROSIZE = True

    assert rlp.is_zero_size(Zero(0)) and not rlp.is_zero_size(_Mark(0))
    canvas = Canvas(io.BytesIO())
    assert not full.add(_Mark(0), canvas)
    assert full.add(Zero(0), canvas), f"ReportLab {rlp.VERSION}: Flowable._ZEROSIZE"


# -- hooks: ReportLab calls what our subclasses override ---------------------------------
OVERRIDES = {("PDFTextObject", "_textOut"): TaggedTextObject, ("Frame", "_reset"): BodyFrame,
             ("Frame", "_add"): BodyFrame, ("BaseDocTemplate", "_endBuild"): EditionDocTemplate,
             ("Table", "_drawBkgrnd"): TaggedTable, ("Table", "_drawLines"): TaggedTable,
             ("Table", "_calc"): TaggedTable}


@pytest.mark.parametrize("key", sorted(OVERRIDES), ids=[".".join(k) for k in sorted(OVERRIDES)])
def test_our_overrides_match_the_hook(key: tuple[str, str]) -> None:
    hook = next(h for h in rlp.HOOKS if getattr(h.owner, "__name__", "") == key[0] and h.name == key[1])
    ours = OVERRIDES[key]
    assert ours.__dict__.get(hook.name) is not None, f"{ours.__name__} no longer overrides {hook.name}"
    theirs = list(inspect.signature(getattr(hook.owner, hook.name)).parameters)
    mine = list(inspect.signature(ours.__dict__[hook.name]).parameters)
    assert mine[:len(theirs)] == theirs, f"{where(hook)} takes {theirs}, {ours.__name__}'s {mine}"
    declared = {(getattr(h.owner, "__name__", ""), h.name) for h in rlp.HOOKS}
    assert key in declared


def test_hooks_are_called() -> None:
    calls: list[str] = []

    class Text(PDFTextObject):
        def _textOut(self, text: str, TStar: int = 0) -> None:
            calls.append("_textOut")
            super()._textOut(text, TStar)

        def _linkRecord(self, link: tuple[int, str], what: str) -> None:
            calls.append(f"{rlp.LINK_RECORD_HOOK}:{what}:{link[1]}")

    class Canv(Canvas):
        def beginText(self, x: float = 0, y: float = 0, direction: str | None = None) -> Text:
            return Text(self, x, y, direction=direction)

    class Body(Frame):
        def _reset(self) -> None:
            calls.append("_reset")
            super()._reset()

        def _add(self, flowable: Flowable, canv: Canvas, trySplit: int = 0) -> int:
            calls.append("_add")
            added: int = super()._add(flowable, canv, trySplit)
            return added

        add = _add

    class Grid(Table):
        def _drawBkgrnd(self) -> None:
            calls.append("_drawBkgrnd")
            super()._drawBkgrnd()

        def _drawLines(self) -> None:
            calls.append("_drawLines")
            super()._drawLines()

        def _calc(self, availWidth: float, availHeight: float) -> None:
            calls.append("_calc")
            super()._calc(availWidth, availHeight)

    class Doc(BaseDocTemplate):
        def _endBuild(self) -> None:
            calls.append("_endBuild")
            super()._endBuild()

    doc = Doc(io.BytesIO())
    doc.addPageTemplates([PageTemplate("p", [Body(0, 0, 300, 300)])])
    text = "start " + '<a href="https://example.org/">a link over two lines of text</a>' + " end"
    doc.build([Paragraph(text, STYLE), Grid([["a"]], style=[("GRID", (0, 0), (-1, -1), 1, "black")])],
              canvasmaker=Canv)
    for hook in ("_textOut", "_reset", "_add", "_drawBkgrnd", "_drawLines", "_calc", "_endBuild",
                 "_linkRecord:start:https://example.org/", "_linkRecord:end:https://example.org/"):
        assert hook in calls, f"ReportLab {rlp.VERSION} no longer calls {hook.split(':')[0]}"


def test_clone_of_a_bag_with_its_own_init_is_reportlabs() -> None:
    class Counting(rlp.ParaFrag):
        made = 0

        def __init__(self, **attr: Any) -> None:
            Counting.made += 1
            super().__init__(**attr)

    bag = Counting(text="a")
    copied = rlp.clone(bag, text="b")
    assert Counting.made == 2 and copied.text == "b" and bag.text == "a"
