"""Clause 7.18 (annotations: tagging, alternative descriptions, tab order, forms, links,
media clips, file attachments, printer marks) plus the 7.2 language rule for their texts."""
from __future__ import annotations

import re
from dataclasses import dataclass

import pikepdf

from ..pdfread.objects import inherited
from ..pdfread.structure import StructElement
from .context import Context, name, nonempty_text, objnum, text

# Subtypes not tagged as Annot: widgets go in Form, links in Link, popups belong to their
# parent annotation, printer marks are artifacts.
_NOT_IN_ANNOT = frozenset({"Widget", "Link", "Popup", "PrinterMark"})
_CONTENT_TYPE = re.compile(r"[-\w+.]+/[-\w+.]+\Z")
HIDDEN = 2


@dataclass
class Annot:
    """One annotation with what the rules ask of it."""

    obj: pikepdf.Dictionary
    subtype: str
    page: int
    parent: StructElement | None
    hidden: bool
    outside: bool

    @property
    def num(self) -> int | None:
        return objnum(self.obj)

    def loc(self) -> dict:
        return {"page": self.page, "obj": self.num, "path": self.parent.path if self.parent else None}


def check_annotations(ctx: Context, page: pikepdf.Page, pageno: int) -> None:
    annots = page.obj.get("/Annots")
    if not isinstance(annots, pikepdf.Array) or len(annots) == 0:
        return
    tabs = page.obj.get("/Tabs")
    if tabs != "/S":
        ctx.add("7.18.3", "tabs-not-structure",
                "A page with annotations must set Tabs to S (structure order)"
                + (f"; it is {tabs}" if tabs is not None else "; it has no Tabs entry"),
                page=pageno, obj=objnum(page.obj))
    crop = _box(page.obj)
    for a in annots:
        if not isinstance(a, pikepdf.Dictionary):
            continue
        flags = a.get("/F")
        annot = Annot(
            obj=a,
            subtype=name(a.get("/Subtype")) or "?",
            page=pageno,
            parent=_struct_parent(ctx, a),
            hidden=isinstance(flags, int) and bool(int(flags) & HIDDEN),
            outside=_outside(a.get("/Rect"), crop),
        )
        _check_one(ctx, annot)


def _check_one(ctx: Context, an: Annot) -> None:
    a, st = an.obj, an.subtype
    std = an.parent.std if an.parent else None
    if st == "TrapNet":
        ctx.add("7.18.2", "trapnet-annotation", "TrapNet annotations are not permitted", **an.loc())
    if st == "PrinterMark":
        if an.parent is not None:
            ctx.add("7.18.8", "printermark-in-structure",
                    "A PrinterMark annotation is in the structure tree; it must be an artifact", **an.loc())
        return
    if st not in _NOT_IN_ANNOT and st != "TrapNet" and std != "Annot":
        where = f"in {an.parent.type}" if an.parent else "not in the structure tree"
        ctx.add("7.18.1", "annotation-not-in-annot",
                f"A {st} annotation must be tagged in an Annot element; it is {where}", **an.loc())
    if std == "Annot" and st not in _NOT_IN_ANNOT and not (an.hidden or an.outside):
        alt = an.parent.obj.get("/Alt") if an.parent else None
        if not nonempty_text(a.get("/Contents")) and not nonempty_text(alt):
            ctx.add("7.18.1", "annotation-no-description",
                    f"A visible {st} annotation has neither Contents nor an Alt on its Annot element",
                    **an.loc())
    if st == "Widget":
        _check_widget(ctx, an)
    elif st == "Link":
        if std != "Link":
            where = f"in {an.parent.type}" if an.parent else "not in the structure tree"
            ctx.add("7.18.5", "link-not-in-link",
                    f"A link annotation must be tagged in a Link element; it is {where}", **an.loc())
        if not nonempty_text(a.get("/Contents")):
            ctx.add("7.18.5", "link-no-contents",
                    "A link annotation has no Contents describing it", **an.loc())
    elif st == "FileAttachment":
        fs = a.get("/FS")
        if isinstance(fs, pikepdf.Dictionary) and not (
                nonempty_text(fs.get("/F")) and nonempty_text(fs.get("/UF"))):
            ctx.add("7.18.7", "attachment-no-f-uf",
                    "The file specification of a file attachment lacks a non-empty F or UF entry",
                    **an.loc())
    elif st == "Screen":
        for clip in _media_clips(a):
            _check_media_clip(ctx, clip, an)
    if ("/Contents" in a and not ctx.has_catalog_lang
            and not (an.parent and an.parent.inherited_lang()) and not a.get("/Lang")):
        ctx.add("7.2", "annotation-lang-unknown",
                f"The language of the Contents of a {st} annotation cannot be determined", **an.loc())


def _check_widget(ctx: Context, an: Annot) -> None:
    if an.hidden or an.outside:
        return
    if not an.parent or an.parent.std != "Form":
        where = f"in {an.parent.type}" if an.parent else "not in the structure tree"
        ctx.add("7.18.4", "widget-not-in-form",
                f"A widget annotation must be tagged in a Form element; it is {where}", **an.loc())
    tu = inherited(an.obj, "/TU", limit=32)  # on the widget or up its field chain
    alt = an.parent.obj.get("/Alt") if an.parent else None
    if not nonempty_text(tu) and not nonempty_text(alt):
        ctx.add("7.18.1", "form-field-no-description",
                "A visible form field has no TU (tooltip name) and its widget's element has no Alt",
                **an.loc())
    if tu is not None and not ctx.has_catalog_lang and not (an.parent and an.parent.inherited_lang()):
        ctx.add("7.2", "field-lang-unknown",
                "The language of the TU of a form field cannot be determined", **an.loc())


def _check_media_clip(ctx: Context, clip: pikepdf.Dictionary, an: Annot) -> None:
    if "/CT" not in clip:
        ctx.add("7.18.6.2", "media-clip-no-ct",
                "A media clip has no CT entry giving its content type", **an.loc())
    else:
        ct = text(clip.get("/CT"))
        if ct and not _CONTENT_TYPE.match(ct):
            ctx.add("7.18.6.2", "media-clip-bad-ct",
                    f"The CT of a media clip, {ct!r}, is not a MIME content type", **an.loc())
    alt = clip.get("/Alt")
    texts = [text(alt[i]) for i in range(1, len(alt), 2)] if isinstance(alt, pikepdf.Array) else []
    if not any(t and t.strip() for t in texts):
        ctx.add("7.18.6.2", "media-clip-no-alt",
                "A media clip has no non-empty Alt description", **an.loc())


def _media_clips(annot: pikepdf.Dictionary) -> list[pikepdf.Dictionary]:
    """Media clip data dictionaries reachable from the annotation's rendition actions."""
    found: list[pikepdf.Dictionary] = []
    seen: set[tuple[int, int]] = set()
    stack: list[tuple[object, int]] = [(annot.get("/A"), 0)]
    aa = annot.get("/AA")
    if isinstance(aa, pikepdf.Dictionary):
        stack.extend((v, 0) for v in aa.values())
    while stack:
        obj, depth = stack.pop()
        if not isinstance(obj, pikepdf.Dictionary) or depth > 12:
            continue
        if obj.objgen != (0, 0):
            if obj.objgen in seen:
                continue
            seen.add(obj.objgen)
        if obj.get("/Type") == "/MediaClip" or obj.get("/S") == "/MCD":
            found.append(obj)
            continue
        for key in ("/R", "/C", "/Next", "/RA"):
            v = obj.get(key)
            items = list(v) if isinstance(v, pikepdf.Array) else [v]
            stack.extend((i, depth + 1) for i in items)
    return found


def _struct_parent(ctx: Context, annot: pikepdf.Dictionary) -> StructElement | None:
    """The element whose OBJR references the annotation (or, failing that, the ParentTree's)."""
    tree = ctx.tree
    if tree is None:
        return None
    node = tree.objr_parent.get(annot.objgen) if annot.objgen != (0, 0) else None
    sp = annot.get("/StructParent")
    listed = tree.element_for(tree.parent_tree.get(int(sp))) if isinstance(sp, int) else None
    if node is not None and listed is not None and listed is not node:
        ctx.add("7.1", "parent-tree-mismatch",
                f"The ParentTree entry of an annotation names {listed.path}, but {node.path} references it",
                obj=objnum(annot), path=node.path)
    return node or listed


def _box(page: pikepdf.Dictionary) -> tuple[float, float, float, float] | None:
    """The page's (inherited) crop box, else its media box, when a valid rectangle."""
    for key in ("/CropBox", "/MediaBox"):
        r = rect_of(inherited(page, key))
        if r is not None:
            return r
    return None


def rect_of(value: object) -> tuple[float, float, float, float] | None:
    """A /Rect or box as (x0, y0, x1, y1) with x0 <= x1, y0 <= y1; None if not four numbers."""
    if not isinstance(value, pikepdf.Array) or len(value) != 4:
        return None
    try:
        x1, y1, x2, y2 = (float(v) for v in value)
    except (TypeError, ValueError):
        return None
    return min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)


def _outside(rect: object, crop: tuple[float, float, float, float] | None) -> bool:
    r = rect_of(rect)
    if r is None or crop is None:
        return False
    return r[2] <= crop[0] or r[0] >= crop[2] or r[3] <= crop[1] or r[1] >= crop[3]
