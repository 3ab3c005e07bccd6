"""Reading a page's content stream: the text and bounding box of each marked-content
sequence, the areas painted as artifacts, and the areas painted outside any tag.

Good-enough geometry: glyph boxes come from the text matrix, CTM, font size and
widths (ascent/descent from the font descriptor); images are the unit square
under the CTM; paths are the bounding box of their points. Clipping is ignored.
"""
from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

import pikepdf

from .contentstream import ContentError, ContentStream
from .fonts import FontDecoder
from .objects import inherited
from .resources import font_resource, marked_properties, objkey, property_text, xobject_resource

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
# A marked-content key: (stream object id, MCID); the page's own content uses
# ("page", page_index) as its stream id, a form XObject with /StructParents its (objnum, gen).
StreamKey = tuple
McKey = tuple[StreamKey, int]

_MAX_FORM_DEPTH = 12
# Instructions and bytes of shown text read per page (its forms included): a page of
# real text has a few thousand; past this, the rest of the page is left out and the
# page says so.
MAX_INSTRUCTIONS = 400_000
# Pages with more content than this are not rendered (pdfium builds every object of a
# page in memory: a 50 MB stream costs it about a gigabyte).
MAX_RENDERED_BYTES = 8_000_000
# Operators whose operands the reader uses; the others' are never parsed.
_NO_OPERANDS = frozenset({"S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "n", "EMC", "BT", "ET",
                          "q", "Q", "T*", "h", "W", "W*", "BI", "EI", "ID", "sh"})


def mul(m: Matrix, n: Matrix) -> Matrix:
    """m × n (apply m first, then n)."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])


@dataclass(frozen=True)
class BBox:
    x0: float
    y0: float
    x1: float
    y1: float

    def union(self, other: BBox | None) -> BBox:
        if other is None:
            return self
        return BBox(min(self.x0, other.x0), min(self.y0, other.y0),
                    max(self.x1, other.x1), max(self.y1, other.y1))

    @staticmethod
    def of_points(points: Iterable[tuple[float, float]]) -> BBox | None:
        pts = [(x, y) for x, y in points if math.isfinite(x) and math.isfinite(y)]
        if not pts:
            return None
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        return BBox(min(xs), min(ys), max(xs), max(ys))

    @staticmethod
    def union_all(boxes: Iterable[BBox | None]) -> BBox | None:
        out: BBox | None = None
        for b in boxes:
            if b is not None:
                out = b.union(out)
        return out


@dataclass
class MarkedText:
    """What one marked-content sequence (one MCID) paints."""

    key: McKey
    page: int  # 0-based page index where it was painted
    tag: str
    text: str = ""
    bbox: BBox | None = None
    lang: str | None = None
    actual_text: str | None = None


@dataclass
class PageContent:
    index: int
    marked: dict[McKey, MarkedText] = field(default_factory=dict)
    artifacts: list[BBox] = field(default_factory=list)
    untagged: list[BBox] = field(default_factory=list)
    error: str | None = None
    cut: bool = False  # more content than MAX_INSTRUCTIONS: only the start was read


@dataclass
class _Mark:
    """One open marked-content sequence, and where the text shown inside it goes."""

    tag: str
    props: pikepdf.Dictionary | dict | None
    target: MarkedText | None
    artifact: bool
    suppress: bool  # inside /ActualText: glyph text is replaced


class _TextState:
    def __init__(self) -> None:
        self.font: FontDecoder = FontDecoder(None)
        self.size = 0.0
        self.tc = 0.0
        self.tw = 0.0
        self.th = 1.0
        self.tl = 0.0
        self.rise = 0.0

    def copy(self) -> _TextState:
        new = _TextState()
        new.__dict__.update(self.__dict__)
        return new


class ContentReader:
    """Interprets the content of one page (and the form XObjects it draws)."""

    def __init__(self, page_index: int, page_obj: pikepdf.Dictionary, resources: pikepdf.Dictionary | None,
                 font_cache: dict) -> None:
        self.result = PageContent(page_index)
        self.page_index = page_index
        self.page_obj = page_obj
        self.font_cache = font_cache
        self.resources = resources
        self.mc: list[_Mark] = []
        self.forms_seen: list[tuple[int, int]] = []
        self.budget = MAX_INSTRUCTIONS

    # -- targets -----------------------------------------------------------
    def _target(self) -> tuple[MarkedText | None, bool, bool]:
        """(innermost MCID sequence, inside an artifact?, text suppressed?)"""
        suppress = any(m.suppress for m in self.mc)
        for m in reversed(self.mc):
            if m.artifact:
                return None, True, suppress
            if m.target is not None:
                return m.target, False, suppress
        return None, False, suppress

    def _paint(self, box: BBox | None) -> None:
        if box is None:
            return
        target, artifact, _ = self._target()
        if target is not None:
            target.bbox = box.union(target.bbox)
        elif artifact:
            self.result.artifacts.append(box)
        else:
            self.result.untagged.append(box)

    def _add_text(self, text: str) -> None:
        target, artifact, suppress = self._target()
        if target is not None and not suppress:
            target.text += text

    # -- fonts ---------------------------------------------------------------
    def _font(self, resources: pikepdf.Dictionary | None, name: object) -> FontDecoder:
        font = font_resource(resources, name)
        key = objkey(font) if font is not None else None
        if key is None:
            return FontDecoder(font)
        if key not in self.font_cache:
            self.font_cache[key] = FontDecoder(font)
        return self.font_cache[key]

    # -- the interpreter -----------------------------------------------------
    def run(self) -> PageContent:
        try:
            stream = ContentStream.of(self.page_obj)
        except (ContentError, pikepdf.PdfError, TypeError, ValueError) as exc:
            self.result.error = f"content stream could not be read: {exc}"
            return self.result
        self._interpret(stream, self.resources, IDENTITY, ("page", self.page_index), 0)
        problems = []
        if self.budget < 0:
            problems.append(f"more than {MAX_INSTRUCTIONS:,} content instructions and characters; "
                            "the rest of the page is left out")
        if len(stream.data) > MAX_RENDERED_BYTES:
            problems.append(f"a content stream of {len(stream.data) / 1e6:.0f} MB")
        if stream.errors:
            problems.append(f"{stream.errors} malformed or oversized operand list(s) skipped")
        self.result.cut = self.budget < 0 or len(stream.data) > MAX_RENDERED_BYTES
        if problems:
            self.result.error = "; ".join(problems)
        return self.result

    def _interpret(self, stream: ContentStream, resources: pikepdf.Dictionary | None, ctm: Matrix,
                   stream_key: StreamKey, depth: int) -> None:
        gstack: list[tuple[Matrix, _TextState]] = []
        ts = _TextState()
        tm: Matrix = IDENTITY
        tlm: Matrix = IDENTITY
        path: list[tuple[float, float]] = []
        last_end: tuple[float, float] | None = None  # user-space end of the last glyph run
        mc_depth = len(self.mc)

        def show(data: bytes) -> None:
            nonlocal tm, last_end
            if len(data) > self.budget:  # a string longer than what is left to read
                data = data[:max(self.budget, 0)]
            self.budget -= len(data)
            size = ts.size
            glyphs = ts.font.decode(data)
            trm_base = mul((size * ts.th, 0, 0, size, 0, ts.rise), mul(tm, ctm))
            start = apply(trm_base, 0, 0)
            self._spacing(start, last_end, size, ctm, tm)
            pts: list[tuple[float, float]] = []
            chars: list[str] = []
            for g in glyphs:
                trm = mul((size * ts.th, 0, 0, size, 0, ts.rise), mul(tm, ctm))
                adv = (g.width * size + ts.tc + (ts.tw if g.is_space else 0.0)) * ts.th
                w = g.width
                pts.append(apply(trm, 0, ts.font.descent))
                pts.append(apply(trm, w, ts.font.ascent))
                chars.append(g.text)
                tm = mul((1, 0, 0, 1, adv, 0), tm)
            self._add_text("".join(chars))
            if pts and any(c.strip() for c in chars):
                self._paint(BBox.of_points(pts))
            last_end = apply(mul((1, 0, 0, 1, 0, ts.rise), mul(tm, ctm)), 0, 0)

        for op, start, end in stream.instructions():
            self.budget -= 1
            if self.budget < 0:
                break
            operands = [] if op in _NO_OPERANDS else stream.operands(start, end)
            try:
                if op == "q":
                    gstack.append((ctm, ts.copy()))
                elif op == "Q":
                    if gstack:
                        ctm, ts = gstack.pop()
                elif op == "cm" and len(operands) == 6:
                    ctm = mul(tuple(float(v) for v in operands), ctm)  # type: ignore[arg-type]
                elif op == "BT":
                    tm = tlm = IDENTITY
                elif op == "Tf" and len(operands) == 2:
                    ts.font = self._font(resources, operands[0])
                    ts.size = float(operands[1])
                elif op == "Tc" and operands:
                    ts.tc = float(operands[0])
                elif op == "Tw" and operands:
                    ts.tw = float(operands[0])
                elif op == "Tz" and operands:
                    ts.th = float(operands[0]) / 100.0
                elif op == "TL" and operands:
                    ts.tl = float(operands[0])
                elif op == "Ts" and operands:
                    ts.rise = float(operands[0])
                elif op in ("Td", "TD") and len(operands) == 2:
                    tx, ty = float(operands[0]), float(operands[1])
                    if op == "TD":
                        ts.tl = -ty
                    tlm = mul((1, 0, 0, 1, tx, ty), tlm)
                    tm = tlm
                elif op == "Tm" and len(operands) == 6:
                    tlm = tm = tuple(float(v) for v in operands)  # type: ignore[assignment]
                elif op == "T*":
                    tlm = mul((1, 0, 0, 1, 0, -ts.tl), tlm)
                    tm = tlm
                elif op == "Tj" and operands:
                    show(bytes(operands[0]))
                elif op in ("'", '"') and operands:
                    if op == '"' and len(operands) == 3:
                        ts.tw, ts.tc = float(operands[0]), float(operands[1])
                    tlm = mul((1, 0, 0, 1, 0, -ts.tl), tlm)
                    tm = tlm
                    show(bytes(operands[-1]))
                elif op == "TJ" and operands:
                    for item in operands[0]:
                        if isinstance(item, bytes):
                            show(bytes(item))
                        else:
                            shift = float(item)
                            if shift < -200:  # a gap wide enough to be a word space
                                target, _, suppress = self._target()
                                if (target is not None and not suppress and target.text
                                        and not target.text[-1].isspace()):
                                    self._add_text(" ")
                            tm = mul((1, 0, 0, 1, -shift / 1000.0 * ts.size * ts.th, 0), tm)
                            last_end = apply(mul((1, 0, 0, 1, 0, ts.rise), mul(tm, ctm)), 0, 0)
                elif op in ("m", "l") and len(operands) == 2:
                    path.append(apply(ctm, float(operands[0]), float(operands[1])))
                elif op in ("c", "v", "y") and len(operands) >= 4:
                    vals = [float(v) for v in operands]
                    for i in range(0, len(vals) - 1, 2):
                        path.append(apply(ctm, vals[i], vals[i + 1]))
                elif op == "re" and len(operands) == 4:
                    x, y, w, h = (float(v) for v in operands)
                    corners = ((x, y), (x + w, y), (x, y + h), (x + w, y + h))
                    path.extend(apply(ctm, px, py) for px, py in corners)
                elif op in ("S", "s", "f", "F", "f*", "B", "B*", "b", "b*"):
                    self._paint(BBox.of_points(path))
                    path = []
                elif op == "n":
                    path = []
                elif op == "BI":  # an inline image
                    self._paint(BBox.of_points(apply(ctm, x, y) for x, y in ((0, 0), (1, 0), (0, 1), (1, 1))))
                elif op == "Do" and operands:
                    self._do(resources, operands[0], ctm, stream_key, depth)
                elif op in ("BDC", "BMC") and operands:
                    self._begin(operands, resources, stream_key)
                elif op == "EMC" and len(self.mc) > mc_depth:
                    self.mc.pop()
            except (TypeError, ValueError, pikepdf.PdfError, ZeroDivisionError, OverflowError):
                continue  # a malformed operator: skip it, keep reading
        while len(self.mc) > mc_depth:  # unbalanced BDC in this stream
            self.mc.pop()

    def _spacing(self, start: tuple[float, float], last_end: tuple[float, float] | None, size: float,
                 ctm: Matrix, tm: Matrix) -> None:
        """Insert a space (or line break) where this glyph run starts away from the
        end of the previous one; a sequence whose first run starts after a gap gets
        a leading space, so that inline elements join their neighbours with one."""
        if last_end is None:
            return
        scale = abs(size) * math.hypot(tm[0], tm[1]) * math.hypot(ctm[0], ctm[1]) or 1.0
        dx, dy = start[0] - last_end[0], start[1] - last_end[1]
        newline = abs(dy) > 0.5 * scale
        gap = newline or dx > 0.15 * scale or dx < -0.5 * scale
        if not gap:
            return
        target, _, suppress = self._target()
        if target is None or suppress:
            return
        if not target.text:
            target.text = " "
        elif newline:
            self._newline()
        elif not target.text[-1].isspace():
            target.text += " "

    def _newline(self) -> None:
        target, _, suppress = self._target()
        if target is not None and not suppress and target.text and not target.text.endswith("\n"):
            target.text += "\n"

    def _begin(self, operands: list, resources: pikepdf.Dictionary | None, stream_key: StreamKey) -> None:
        tag = str(operands[0]).lstrip("/")
        props = marked_properties(operands, resources)
        target: MarkedText | None = None
        artifact = tag == "Artifact"
        suppress = False
        if props is not None:
            mcid = props.get("/MCID")
            if isinstance(mcid, int) or (mcid is not None and not isinstance(mcid, pikepdf.Object)):
                key = (stream_key, int(mcid))
                target = self.result.marked.get(key)
                if target is None:
                    target = MarkedText(key, self.page_index, tag)
                    self.result.marked[key] = target
                lang = property_text(props.get("/Lang"))
                if lang:
                    target.lang = lang
            actual = property_text(props.get("/ActualText"))
            if actual is not None and not artifact:
                owner, _, already = self._target()
                if target is not None:
                    target.actual_text = actual
                    owner = target
                if owner is not None and not already:
                    owner.text += actual
                suppress = True
        self.mc.append(_Mark(tag, props, target, artifact, suppress))

    def _do(self, resources: pikepdf.Dictionary | None, name: object, ctm: Matrix,
            stream_key: StreamKey, depth: int) -> None:
        xobj = xobject_resource(resources, name)
        if xobj is None:
            return
        subtype = str(xobj.get("/Subtype", ""))
        if subtype == "/Image":
            self._paint(BBox.of_points(apply(ctm, x, y) for x, y in ((0, 0), (1, 0), (0, 1), (1, 1))))
            return
        if subtype != "/Form" or depth >= _MAX_FORM_DEPTH:
            return
        key = objkey(xobj)
        if key is not None and key in self.forms_seen:  # a form drawing itself
            return
        matrix = xobj.get("/Matrix")
        m: Matrix = IDENTITY
        if isinstance(matrix, pikepdf.Array) and len(matrix) == 6:
            m = tuple(float(v) for v in matrix)  # type: ignore[assignment]
        form_res = xobj.get("/Resources")
        if not isinstance(form_res, pikepdf.Dictionary):
            form_res = resources
        inner_key = key if ("/StructParents" in xobj and key is not None) else stream_key
        try:
            form = ContentStream.of(xobj)
        except (ContentError, pikepdf.PdfError):
            return
        if key is not None:
            self.forms_seen.append(key)
        self._interpret(form, form_res, mul(m, ctm), inner_key, depth + 1)
        if key is not None:
            self.forms_seen.pop()


def read_page_content(page_index: int, page_obj: pikepdf.Dictionary,
                      font_cache: dict | None = None) -> PageContent:
    """Text and boxes of every marked-content sequence on one page."""
    res = inherited(page_obj, "/Resources")
    reader = ContentReader(page_index, page_obj, res if isinstance(res, pikepdf.Dictionary) else None,
                           font_cache if font_cache is not None else {})
    return reader.run()
