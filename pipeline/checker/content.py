"""The content-stream walker: tagging (7.1), language of text (7.2), form XObjects (7.20),
and the text-showing calls the font rules need (7.21, via FontUsage).

Content streams are read instruction by instruction (pipeline.pdfread.contentstream), never
built in memory: a 50 MB stream costs its decoded bytes and little more. The bytes of
small form XObjects used on several pages are kept in a small cache.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

import pikepdf

from ..pdfread.contentstream import ContentStream, Name
from ..pdfread.objects import inherited
from ..pdfread.resources import (
    font_resource,
    marked_properties,
    property_text,
    resource_dict,
    xobject_resource,
)
from .context import Context
from .lang import valid_lang

TEXT_OPS = frozenset({"Tj", "TJ", "'", '"'})
PATH_PAINT_OPS = frozenset({"S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh"})
# The operators the walker acts on; every other one is passed over at once.
WALKED_OPS = TEXT_OPS | PATH_PAINT_OPS | frozenset(
    {"BI", "BDC", "BMC", "EMC", "BT", "ET", "Tf", "Tr", "q", "Q", "Do"})
MAX_FORM_DEPTH = 24
PENDING_BYTES = 1 << 20  # text held back for one FontUsage call at most (about)
FORM_CACHE_SIZE = 64
FORM_CACHE_BYTES = 16 << 20  # forms larger than this are decoded again when painted again
# Forms may paint forms that paint forms, each several times: a small file can ask for
# billions of walks. Past this many form walks in one document, the file is refused.
MAX_FORM_WALKS = 50_000


class TooComplex(Exception):
    """The content nests form XObjects beyond what can be checked in reasonable time."""


class TextSink(Protocol):
    def on_show_text(self, font: pikepdf.Dictionary, codes: bytes, page: int | None,
                     render_mode: int | None = None) -> None: ...


@dataclass(slots=True)
class Mark:
    """One open marked-content sequence, with what it implies for the content inside it."""

    tag: str
    mcid: int | None
    tagged: bool  # this or an enclosing sequence carries an MCID
    in_artifact: bool  # this or an enclosing sequence is an Artifact
    lang_known: bool  # the language of text inside is determinable


@dataclass
class Tally:
    """Per-page counts, turned into one finding per kind so a bad page is one line, not 500."""

    untagged: int = 0
    artifact_in_tagged: int = 0
    tagged_in_artifact: int = 0
    mcid_unresolved: int = 0
    text_no_lang: int = 0
    bad_nesting: int = 0
    parent_tree_mismatch: int = 0
    duplicate_mcid: int = 0
    span_text_no_lang: int = 0
    bad_langs: set[str] = field(default_factory=set)


@dataclass
class Frame:
    """Where a content stream is being run: resources, ParentTree key, page, mode."""

    resources: pikepdf.Object | None
    struct_key: int | None
    page: int | None
    checks: bool  # False for appearance streams and patterns: fonts only
    tally: Tally
    seen_mcids: set[int] | None = None  # MCIDs met in this page's own content stream


_TALLY_FINDINGS: tuple[tuple[str, str, str, str], ...] = (
    ("untagged", "7.1", "content-not-tagged",
     "{n} painting operation(s) neither tagged as real content nor marked as Artifact"),
    ("artifact_in_tagged", "7.1", "artifact-inside-tagged-content",
     "{n} Artifact sequence(s) inside tagged real content"),
    ("tagged_in_artifact", "7.1", "tagged-content-inside-artifact",
     "{n} tagged (MCID) sequence(s) inside content marked as Artifact"),
    ("mcid_unresolved", "7.1", "mcid-not-in-structure",
     "{n} marked-content sequence(s) with an MCID that the ParentTree does not link to a structure element"),
    ("parent_tree_mismatch", "7.1", "parent-tree-mismatch",
     "{n} MCID(s) whose ParentTree entry names an element that does not list that MCID as its content"),
    ("duplicate_mcid", "7.1", "duplicate-mcid",
     "{n} MCID(s) used by more than one marked-content sequence on the page"),
    ("bad_nesting", "7.1", "marked-content-bad-nesting",
     "{n} marked-content sequence(s) not properly nested (unbalanced BDC/EMC or crossing BT/ET)"),
    ("text_no_lang", "7.2", "text-lang-unknown",
     "{n} text-showing operation(s) whose language cannot be determined (no Lang anywhere above them)"),
    ("span_text_no_lang", "7.2", "span-text-lang-unknown",
     "{n} Span sequence(s) with Alt, ActualText or E whose language cannot be determined"),
)


class ContentWalker:
    def __init__(self, ctx: Context, usage: TextSink | None) -> None:
        self.ctx = ctx
        self.usage = usage
        self.tree = ctx.tree
        self.need_lang = not ctx.has_catalog_lang
        self.form_uses: dict[tuple[int, int], int] = {}
        self.form_mcids: set[tuple[int, int]] = set()
        self.ref_forms: set[tuple[int, int]] = set()
        self._form_cache: dict[tuple[int, int], ContentStream] = {}
        self._patterns_done: set[tuple[int, int]] = set()
        self._active_forms: list[tuple[int, int]] = []
        self._form_walks = 0
        # ParentTree entries (arrays of the elements a stream's MCIDs belong to) and their
        # lengths, by StructParents key, read from the tree when first needed
        self._entries: dict[int, tuple[pikepdf.Object | None, int]] = {}

    # -- pages -------------------------------------------------------------------------
    def walk_page(self, page: pikepdf.Page, pageno: int) -> None:
        tally = Tally()
        sp = page.obj.get("/StructParents")
        frame = Frame(inherited(page.obj, "/Resources"), int(sp) if isinstance(sp, int) else None,
                      pageno, True, tally, set())
        stream = self.ctx.contents.of(page)
        self._run(stream, frame, [], None)
        del stream
        if self.usage is not None:
            for annot in page.obj.get("/Annots", None) or []:
                if isinstance(annot, pikepdf.Dictionary):
                    self._walk_appearance(annot, pageno)
        self._report(tally, pageno)

    def finish(self) -> None:
        """Document-level findings gathered while walking (7.20)."""
        for og in self.ref_forms:
            self.ctx.add("7.20", "reference-xobject",
                         "A form XObject is a reference XObject (has a Ref entry)", obj=og[0] or None)
        for og in self.form_mcids:
            if self.form_uses.get(og, 0) > 1:
                self.ctx.add("7.20", "form-with-mcids-reused",
                             f"A form XObject containing MCIDs is painted {self.form_uses[og]} times; "
                             "its content can belong to only one place in the structure",
                             obj=og[0] or None)

    def _report(self, tally: Tally, pageno: int) -> None:
        for attr, clause, rule, msg in _TALLY_FINDINGS:
            n = getattr(tally, attr)
            if n:
                self.ctx.add(clause, rule, msg.format(n=n), page=pageno)
        for value in sorted(tally.bad_langs):
            shown = "empty" if not value else repr(value)
            self.ctx.add("7.2", "invalid-lang",
                         f"The Lang of a marked-content sequence is {shown}, not a language tag",
                         page=pageno)

    # -- the interpreter ---------------------------------------------------------------
    def _run(self, stream: ContentStream, frame: Frame, marks: list[Mark],
             font: pikepdf.Dictionary | None, mode: int = 0) -> None:
        """Interpret one content stream; font and mode (Tr) are the inherited text state."""
        base = len(marks)
        bt_depth: int | None = None  # marks depth when the current text object began
        tally = frame.tally
        checks = frame.checks
        if self.usage is not None:
            self._walk_patterns(frame)
        operands = stream.operands
        fonts: dict[str, pikepdf.Dictionary | None] = {}  # Tf operand -> font, in this stream
        simple_fonts: dict[str, bool] = {}  # Tf operand -> whether its font is simple
        walked = WALKED_OPS
        usage = self.usage
        # Codes shown with a simple font (one byte per code) are passed on in one piece per
        # run of the same font and mode, not one call per string.
        pending: list[bytes] = []
        simple = font is not None and font.get("/Subtype") != "/Type0"
        font_stack: list[tuple[pikepdf.Dictionary | None, int, bool]] = []  # (font, mode, simple)

        def flush() -> None:
            if pending:
                assert usage is not None and font is not None  # codes are held back only then
                usage.on_show_text(font, b"".join(pending), frame.page, render_mode=mode)
                pending.clear()

        # The operators are tested for in the order of how often content has them.
        for op, start, end in stream.instructions():
            if op not in walked:
                continue
            if op in TEXT_OPS:
                if checks:
                    if not marks or not (marks[-1].tagged or marks[-1].in_artifact):
                        tally.untagged += 1
                    if self.need_lang and not (marks and (marks[-1].lang_known or marks[-1].in_artifact)):
                        tally.text_no_lang += 1
                if usage is not None and font is not None:
                    # The strings of one TJ hold whole character codes: shown as one.
                    codes = stream.joined_strings(start, end)
                    if not codes:
                        pass
                    elif simple:
                        pending.append(codes)
                        if len(pending) > 4096 or len(codes) > PENDING_BYTES:
                            flush()
                    else:
                        usage.on_show_text(font, codes, frame.page, render_mode=mode)
            elif op == "q":
                font_stack.append((font, mode, simple))
            elif op == "Q":
                if font_stack:
                    if pending:
                        flush()
                    font, mode, simple = font_stack.pop()
            elif op == "BDC" or op == "BMC":
                self._push(operands(start, end), op, frame, marks)
            elif op == "EMC":
                if len(marks) > base and (bt_depth is None or len(marks) > bt_depth):
                    marks.pop()
                else:
                    tally.bad_nesting += 1
                    if len(marks) > base:
                        marks.pop()
            elif op == "BT":
                bt_depth = len(marks)
            elif op == "ET":
                if bt_depth is not None and len(marks) != bt_depth:
                    tally.bad_nesting += 1
                bt_depth = None
            elif op == "Tf":
                args = operands(start, end)
                key = args[0] if args and isinstance(args[0], str) else ""
                if key not in fonts:
                    fonts[key] = self._font(frame.resources, args)
                chosen = fonts[key]
                if chosen is not None and chosen is not font:
                    if pending:
                        flush()
                    font = chosen
                    if key not in simple_fonts:
                        simple_fonts[key] = chosen.get("/Subtype") != "/Type0"
                    simple = simple_fonts[key]
            elif op in PATH_PAINT_OPS or op == "BI":  # BI: an inline image
                if checks and (not marks or not (marks[-1].tagged or marks[-1].in_artifact)):
                    tally.untagged += 1
            elif op == "Tr":
                args = operands(start, end)
                if args and isinstance(args[0], int) and int(args[0]) != mode:
                    flush()
                    mode = int(args[0])
            elif op == "Do":
                flush()
                self._do(operands(start, end), frame, marks, font, mode)
        flush()
        if len(marks) > base:
            if checks:
                tally.bad_nesting += len(marks) - base
            del marks[base:]

    @staticmethod
    def _paint(marks: list[Mark], tally: Tally) -> None:
        if not marks or not (marks[-1].tagged or marks[-1].in_artifact):
            tally.untagged += 1

    def _push(self, operands: Any, op: str, frame: Frame, marks: list[Mark]) -> None:
        tag = operands[0][1:] if operands and isinstance(operands[0], Name) else None
        tag = tag or "?"
        props = marked_properties(operands, frame.resources) if op == "BDC" else None
        parent = marks[-1] if marks else None
        mcid = None
        lang_here = False
        if props is not None:
            v = props.get("/MCID")
            if isinstance(v, int) and not isinstance(v, bool):
                mcid = int(v)
            if "/Lang" in props:
                lang_value = property_text(props.get("/Lang"))
                if frame.checks and not valid_lang(lang_value):
                    frame.tally.bad_langs.add(lang_value or "")
                lang_here = bool(lang_value)
        artifact = tag == "Artifact"
        tagged_parent = parent.tagged if parent else False
        in_artifact_parent = parent.in_artifact if parent else False
        lang_known = lang_here or (parent.lang_known if parent else False)
        if frame.checks:
            if artifact and tagged_parent:
                frame.tally.artifact_in_tagged += 1
            if mcid is not None and in_artifact_parent:
                frame.tally.tagged_in_artifact += 1
            if mcid is not None:
                if frame.seen_mcids is not None:
                    if mcid in frame.seen_mcids:
                        frame.tally.duplicate_mcid += 1
                    frame.seen_mcids.add(mcid)
                node = self._resolve_mcid(frame, mcid)
                if node is None:
                    frame.tally.mcid_unresolved += 1
                elif not any(m == mcid and (p is None or p == frame.page) for p, m, _s in node.mcids):
                    frame.tally.parent_tree_mismatch += 1
                elif self.need_lang and not lang_known and node.inherited_lang():
                    lang_known = True
                if self._active_forms:
                    self.form_mcids.add(self._active_forms[-1])
            if (self.need_lang and tag == "Span" and props is not None
                    and any(k in props for k in ("/Alt", "/ActualText", "/E")) and not lang_known):
                frame.tally.span_text_no_lang += 1
        marks.append(Mark(tag, mcid, mcid is not None or tagged_parent,
                          artifact or in_artifact_parent, lang_known))

    def _resolve_mcid(self, frame: Frame, mcid: int):
        if self.tree is None or frame.struct_key is None:
            return None
        known = self._entries.get(frame.struct_key)
        if known is None:
            entry = self.tree.parent_tree.get(frame.struct_key)
            known = self._entries[frame.struct_key] = (
                (entry, len(entry)) if isinstance(entry, pikepdf.Array) else (None, 0))
        entry, size = known
        if entry is None or mcid >= size or mcid < 0:
            return None
        return self.tree.element_for(entry[mcid])

    @staticmethod
    def _font(resources: pikepdf.Object | None, operands: Any) -> pikepdf.Dictionary | None:
        return font_resource(resources, operands[0]) if operands else None

    def _do(self, operands: Any, frame: Frame, marks: list[Mark], font, mode: int) -> None:
        xobj = xobject_resource(frame.resources, operands[0]) if operands else None
        if xobj is None:
            return
        subtype = xobj.get("/Subtype")
        if subtype == "/Image":
            if frame.checks:
                self._paint(marks, frame.tally)
            return
        if subtype != "/Form":
            return
        og = xobj.objgen
        if frame.checks:
            if "/Ref" in xobj:
                self.ref_forms.add(og)
            self.form_uses[og] = self.form_uses.get(og, 0) + 1
        if og in self._active_forms or len(self._active_forms) >= MAX_FORM_DEPTH:
            return
        self._count_walk()
        sp = xobj.get("/StructParents")
        sub = Frame(xobj.get("/Resources") or frame.resources,
                    int(sp) if isinstance(sp, int) else frame.struct_key,
                    frame.page, frame.checks, frame.tally)
        self._active_forms.append(og)
        try:
            self._run(self._parse_form(xobj), sub, marks, font, mode)
        finally:
            self._active_forms.pop()

    def _count_walk(self) -> None:
        self._form_walks += 1
        if self._form_walks > MAX_FORM_WALKS:
            raise TooComplex(f"more than {MAX_FORM_WALKS:,} form XObject walks")

    def _parse_form(self, xobj: pikepdf.Stream) -> ContentStream:
        og = xobj.objgen
        if og != (0, 0) and og in self._form_cache:
            return self._form_cache[og]
        stream = self.ctx.contents.of(xobj)
        if og != (0, 0) and len(stream.data) <= FORM_CACHE_BYTES // FORM_CACHE_SIZE:
            if len(self._form_cache) >= FORM_CACHE_SIZE:
                self._form_cache.pop(next(iter(self._form_cache)))
            self._form_cache[og] = stream
        return stream

    # -- fonts-only walks --------------------------------------------------------------
    def _walk_appearance(self, annot: pikepdf.Dictionary, pageno: int) -> None:
        ap = annot.get("/AP")
        if not isinstance(ap, pikepdf.Dictionary):
            return
        for key in ("/N", "/R", "/D"):
            v = ap.get(key)
            streams = [v] if isinstance(v, pikepdf.Stream) else (
                [s for s in v.values() if isinstance(s, pikepdf.Stream)]
                if isinstance(v, pikepdf.Dictionary) else [])
            for s in streams:
                self._fonts_only(s, pageno)

    def _walk_patterns(self, frame: Frame) -> None:
        patterns = resource_dict(frame.resources, "/Pattern")
        if patterns is None:
            return
        for pat in patterns.values():
            if isinstance(pat, pikepdf.Stream) and pat.get("/PatternType") == 1:
                if pat.objgen in self._patterns_done:
                    continue
                self._patterns_done.add(pat.objgen)
                self._fonts_only(pat, frame.page)

    def _fonts_only(self, stream: pikepdf.Stream, pageno: int | None) -> None:
        og = stream.objgen
        if og in self._active_forms or len(self._active_forms) >= MAX_FORM_DEPTH:
            return
        self._count_walk()
        frame = Frame(stream.get("/Resources"), None, pageno, False, Tally())
        self._active_forms.append(og)
        try:
            self._run(self.ctx.contents.of(stream), frame, [], None)
        finally:
            self._active_forms.pop()
