"""Link elements and their annotations belong together (ISO 14289-1 7.18.5, ISO 32000-1
14.8.4.4.2: a Link element associates a portion of the content with its link annotation).

* A Link element that references no link annotation (OBJR) links nothing.
* A link annotation owned by one Link element but lying over the text of another Link
  element of the page (and not over its own) belongs to that other element.
* A link annotation whose /Contents names the text of another Link element with the same
  target, and not its own text, carries the other element's description.

Where text lies is worked out from the page's content stream: the text matrix, the CTM
and the font's widths give a box per string shown inside each marked-content sequence.
Only pages with link annotations are read, with the streaming reader the content walker
uses, and only their own content stream (a Link's text in a form XObject is not placed;
such annotations are not judged by position, nor are those of a page of more than
MAX_INSTRUCTIONS instructions).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import pikepdf

from ..pdfread.contentstream import ContentStream, props_dict
from ..pdfread.objects import inherited
from ..pdfread.structure import StructElement
from .annotations import rect_of
from .content_cache import ContentCache
from .context import Context, name, objnum, text
from .fonts_model import FontModel

Box = tuple[float, float, float, float]
Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
OWN_MIN, OTHER_MIN = 0.25, 0.5  # share of a text box an annotation must cover
_SHOW = frozenset({"Tj", "TJ", "'", '"'})
_STATE = frozenset({"Tc", "Tw", "Tz", "TL", "Ts"})
_OPS = frozenset({"q", "Q", "cm", "BT", "Tf", "Td", "TD", "Tm", "T*", "BDC", "BMC", "EMC"}) | _SHOW | _STATE
# Pages with more instructions than this are not placed (no position findings there): a
# hostile content stream must not make this rule the slow one.
MAX_INSTRUCTIONS = 200_000


def _mul(a: Matrix, b: Matrix) -> Matrix:
    return (a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3],
            a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3],
            a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5])


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def _nums(operands) -> list[float]:
    return [float(v) for v in operands]


@dataclass
class _Text:
    """Where the page's marked content shows its text: MCID -> boxes and text."""
    boxes: dict[int, list[Box]] = field(default_factory=dict)
    text: dict[int, list[str]] = field(default_factory=dict)
    complete: bool = True


class _Placer:
    """A small text-positioning interpreter over one content stream (ISO 32000-1, 9.4)."""

    def __init__(self, pdf: pikepdf.Pdf, resources: object, wanted: set[int], cache: dict) -> None:
        self.pdf = pdf
        self.wanted = wanted  # the MCIDs whose boxes and text are kept
        # shared by the pages of one check: font models, widths, simple fonts' width tables
        self.cache = cache
        fonts = resources.get("/Font") if isinstance(resources, pikepdf.Dictionary) else None
        self.fonts = fonts if isinstance(fonts, pikepdf.Dictionary) else pikepdf.Dictionary()
        self.out = _Text()

    def _model(self, key: str) -> FontModel | None:
        font = self.fonts.get(key)
        if not isinstance(font, pikepdf.Dictionary):
            return None
        ident = ("model", font.objgen if font.objgen != (0, 0) else id(font))
        if ident not in self.cache:
            self.cache[ident] = FontModel(self.pdf, font)
        return self.cache[ident]

    def run(self, target: pikepdf.Page, contents: ContentCache | None = None) -> _Text:
        """Read ``target``'s content (a page); on too many instructions, stop and set
        ``complete`` False (the hostile 50 MB stream is for the content walker to judge)."""
        stream = contents.of(target) if contents is not None else ContentStream.of(target)
        ctm, stack = IDENTITY, []
        tm = tlm = IDENTITY
        font: FontModel | None = None
        size = tc = tw = rise = leading = 0.0
        th = 1.0
        marks: list[int | None] = []
        for count, (op, start, end) in enumerate(stream.instructions()):
            if count >= MAX_INSTRUCTIONS:
                self.out.complete = False
                break
            if op not in _OPS:
                continue
            try:
                if op == "q":
                    stack.append(ctm)
                elif op == "Q":
                    ctm = stack.pop() if stack else IDENTITY
                elif op == "BT":
                    tm = tlm = IDENTITY
                elif op == "T*":
                    tm = tlm = _mul((1, 0, 0, 1, 0, -leading), tlm)
                elif op == "EMC":
                    if marks:
                        marks.pop()
                elif op == "BMC":
                    marks.append(None)
                else:
                    operands = stream.operands(start, end)
                    if op == "cm" and len(operands) == 6:
                        ctm = _mul(tuple(_nums(operands)), ctm)  # type: ignore[arg-type]
                    elif op == "Tf" and len(operands) == 2:
                        font, size = self._model(str(operands[0])), float(operands[1])
                    elif op in _STATE and operands:
                        value = float(operands[0])
                        if op == "Tc":
                            tc = value
                        elif op == "Tw":
                            tw = value
                        elif op == "Tz":
                            th = value / 100
                        elif op == "TL":
                            leading = value
                        else:
                            rise = value
                    elif op in ("Td", "TD") and len(operands) == 2:
                        dx, dy = _nums(operands)
                        if op == "TD":
                            leading = -dy
                        tm = tlm = _mul((1, 0, 0, 1, dx, dy), tlm)
                    elif op == "Tm" and len(operands) == 6:
                        tm = tlm = tuple(_nums(operands))  # type: ignore[assignment]
                    elif op == "BDC":
                        props = props_dict(operands[1]) if len(operands) > 1 else None
                        mcid = props.get("/MCID") if props else None
                        marks.append(mcid if isinstance(mcid, int) and not isinstance(mcid, bool) else None)
                    elif op in _SHOW:
                        if op in ("'", '"'):
                            if op == '"' and len(operands) == 3:
                                tw, tc = float(operands[0]), float(operands[1])
                            tm = tlm = _mul((1, 0, 0, 1, 0, -leading), tlm)
                        mcid = next((m for m in reversed(marks) if m is not None), None)
                        last = operands[-1] if operands else None
                        items = last if isinstance(last, list) else ([last] if last is not None else [])
                        tm = self._show(items, font, size, tc, tw, th, rise, tm, ctm, mcid)
            except (TypeError, ValueError, IndexError):
                continue  # a malformed operand: the content walker reports the stream
        return self.out

    def _show(self, items, font, size, tc, tw, th, rise, tm, ctm, mcid) -> Matrix:
        x = 0.0
        chars: list[str] = []
        keep = mcid in self.wanted
        for item in items:
            if isinstance(item, bytes) and not keep and (font is None or not font.is_type0):
                data = bytes(item)  # the common case, fast: a simple font's advance only
                table = self._table(font)
                x += (sum(map(table.__getitem__, data)) * size / 1000 + tc * len(data)
                      + tw * data.count(32)) * th
            elif isinstance(item, bytes):
                data = bytes(item)
                codes = font.split(data) if font is not None else [(1, b) for b in data]
                for nbytes, code in codes:
                    width = self._width(font, nbytes, code)
                    spacing = tc + (tw if nbytes == 1 and code == 32 else 0.0)
                    x += (width / 1000 * size + spacing) * th
                    if keep and font is not None:
                        chars.append(font.unicode(nbytes, code)[1] or "")
            else:
                try:
                    x -= float(item) / 1000 * size * th
                except (TypeError, ValueError):
                    continue
        if keep and x != 0:
            m = _mul(tm, ctm)
            corners = [_apply(m, px, py) for px in (0.0, x) for py in (rise - 0.2 * size, rise + 0.8 * size)]
            xs, ys = [c[0] for c in corners], [c[1] for c in corners]
            self.out.boxes.setdefault(mcid, []).append((min(xs), min(ys), max(xs), max(ys)))
            self.out.text.setdefault(mcid, []).append("".join(chars))
        return _mul((1, 0, 0, 1, x, 0), tm)

    def _table(self, font: FontModel | None) -> list[float]:
        key = ("table", id(font))
        table = self.cache.get(key)
        if table is None:
            table = self.cache[key] = _width_table(font)
        return table

    def _width(self, font: FontModel | None, nbytes: int, code: int) -> float:
        if font is None:
            return 0.0
        if not font.is_type0 and nbytes == 1:
            return self._table(font)[code]
        key = ("width", id(font), nbytes, code)
        width = self.cache.get(key)
        if width is None:
            found = font.dict_width(code, font.cid(nbytes, code))
            width = self.cache[key] = float(found) if found is not None else 0.0
        return width


def _width_table(font: FontModel | None) -> list[float]:
    """A simple font's glyph widths by code (ISO 32000-1 9.6.2.1: /Widths from /FirstChar,
    else the descriptor's /MissingWidth)."""
    if font is None:
        return [0.0] * 256
    missing = 0.0
    if font.descriptor is not None:
        try:
            missing = float(font.descriptor.get("/MissingWidth", 0))
        except (TypeError, ValueError):
            missing = 0.0
    table = [missing] * 256
    widths, first = font.font.get("/Widths"), font.font.get("/FirstChar")
    if isinstance(widths, pikepdf.Array) and isinstance(first, int):
        for k, w in enumerate(widths):
            if 0 <= int(first) + k < 256:
                try:
                    table[int(first) + k] = float(w)
                except (TypeError, ValueError):
                    continue
    return table


def _covered(rect: Box, boxes: list[Box]) -> float:
    """The largest share of any of ``boxes`` that ``rect`` covers."""
    best = 0.0
    for b in boxes:
        w = min(rect[2], b[2]) - max(rect[0], b[0])
        h = min(rect[3], b[3]) - max(rect[1], b[1])
        area = (b[2] - b[0]) * (b[3] - b[1])
        if w > 0 and h > 0 and area > 0:
            best = max(best, w * h / area)
    return best


def _target(annot: pikepdf.Dictionary) -> str:
    """What a link annotation leads to, to compare links: its URI or its destination."""
    action = annot.get("/A")
    if isinstance(action, pikepdf.Dictionary):
        for key in ("/URI", "/D", "/F"):
            if key in action:
                return f"{key}:{action.get(key)!s}"
    return f"/Dest:{annot.get('/Dest')!s}"


def _words(value: str) -> str:
    return " ".join(re.findall(r"\w+", value.casefold()))


def _names(contents: str, link_text: str) -> bool:
    """Whether ``contents`` contains ``link_text`` as whole words."""
    words, phrase = _words(contents), _words(link_text)
    return bool(phrase) and re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", words) is not None


def _descendants(node: StructElement) -> list[StructElement]:
    out, stack = [], [node]
    while stack:
        n = stack.pop()
        out.append(n)
        stack.extend(n.kids)
    return out


def _link_annotations(node: StructElement) -> list[pikepdf.Dictionary]:
    return [o for o in node.objrs if isinstance(o, pikepdf.Dictionary) and name(o.get("/Subtype")) == "Link"]


def check_links(ctx: Context) -> None:
    tree = ctx.tree
    if tree is None:
        return
    links = [n for n in tree.all if n.std == "Link"]
    for node in links:
        if not _link_annotations(node):
            ctx.add("7.18.5", "link-element-no-annotation",
                    "A Link element references no link annotation (no OBJR to one)", **node.loc())
    if not links:
        return
    targets = {id(link): {_target(a) for a in _link_annotations(link)} for link in links}
    marked = {id(link): [(pg, mcid) for n in _descendants(link) for pg, mcid, stm in n.mcids
                         if stm is None] for link in links}
    cache: dict = {}
    pages = {ctx.page_of(page.obj): page for page in ctx.pdf.pages}
    for number, page in pages.items():
        annots = [a for a in page.obj.get("/Annots", None) or []
                  if isinstance(a, pikepdf.Dictionary) and name(a.get("/Subtype")) == "Link"
                  and a.objgen in tree.objr_parent]
        if annots:
            _check_page(ctx, page, number, annots, links, targets, marked, cache)


def _check_page(ctx: Context, page: pikepdf.Page, number: int | None,
                annots: list[pikepdf.Dictionary], links: list[StructElement], targets: dict[int, set[str]],
                marked: dict[int, list[tuple[int | None, int]]], cache: dict) -> None:
    mcids = {id(link): [mcid for pg, mcid in marked[id(link)] if pg == number] for link in links}
    if sum(1 for ms in mcids.values() if ms) < 2:
        # Both findings compare an annotation's own Link element with another one that has
        # text on this page: with fewer than two such elements there is nothing to place.
        return
    wanted = {m for ms in mcids.values() for m in ms}
    placed = _Placer(ctx.pdf, inherited(page.obj, "/Resources"), wanted, cache).run(page, ctx.contents)
    if not placed.complete:
        return
    boxes: dict[int, list[Box]] = {}  # by id() of the Link node
    texts: dict[int, str] = {}
    for link in links:
        boxes[id(link)] = [b for m in mcids[id(link)] for b in placed.boxes.get(m, [])]
        texts[id(link)] = "".join(t for m in mcids[id(link)] for t in placed.text.get(m, []))
    for annot in annots:
        assert ctx.tree is not None  # check_links looks at pages only when there is a tree
        owner = ctx.tree.objr_parent[annot.objgen]
        if owner.std != "Link":
            continue  # link-not-in-link (annotations.py) says so
        loc: dict[str, Any] = {"page": number, "obj": objnum(annot), "path": owner.path}
        rect = rect_of(annot.get("/Rect"))
        own_boxes = boxes.get(id(owner), [])
        if rect is not None and own_boxes and _covered(rect, own_boxes) < OWN_MIN:
            other = next((n for n in links if n is not owner and boxes.get(id(n))
                          and _covered(rect, boxes[id(n)]) >= OTHER_MIN), None)
            if other is not None:
                ctx.add("7.18.5", "link-annotation-over-other-link",
                        f"A link annotation of {owner.path} lies over the text of {other.path}, "
                        "not over its own", **loc)
        contents = text(annot.get("/Contents")) or ""
        own_text = texts.get(id(owner), "")
        if not contents or not own_text.strip() or _names(contents, own_text):
            continue
        target = _target(annot)
        other = next((n for n in links if n is not owner and target in targets[id(n)]
                      and _words(texts[id(n)]) not in ("", _words(own_text))
                      and _names(contents, texts[id(n)])), None)
        if other is not None:
            ctx.add("7.18.5", "link-contents-of-other-link",
                    f"The Contents of a link annotation of {owner.path} ({contents!r}) name the text of "
                    f"{other.path} ({texts[id(other)].strip()!r}), not its own ({own_text.strip()!r})",
                    **loc)
