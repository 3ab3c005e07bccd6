"""PDF/A-2 transparency (ISO 19005-2, 6.2.10).

6.2.10  only the blend modes of ISO 32000-1 (checked with the other dictionary rules in
        ``pdfa``); without a PDF/A output intent, a page that contains transparency has a
        transparency group (/Group) with a blending colour space (/CS); a device blending
        colour space of a transparency group agrees with the output intent (DeviceRGB: an
        RGB intent, DeviceCMYK: a CMYK intent).

A page "contains transparency" when anything it can paint with does: a graphics state with
a constant alpha below 1, a blend mode other than Normal/Compatible or a soft mask; an image
with a soft mask; a transparency group XObject -- in the page's resources or in those of its
form XObjects, patterns, Type 3 fonts and annotation appearances (whether used or not, as
the reference validator counts them).
"""
from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pikepdf

from .context import Context, name
from .fonts_walk import appearance_streams, page_resources

MAX_DEPTH = 32
GROUP_FAMILY = {"DeviceRGB": "RGB", "DeviceCMYK": "CMYK", "DeviceGray": "Gray"}
ALLOWED = {"RGB": {"RGB", "Gray"}, "CMYK": {"CMYK", "Gray"}, "Gray": {"Gray"}}


def check_transparency(ctx: Context, intent: str | None) -> None:
    for number, page in enumerate(ctx.pdf.pages, start=1):
        group = page.obj.get("/Group")
        has_cs = isinstance(group, pikepdf.Dictionary) and "/CS" in group
        if intent is None and isinstance(group, pikepdf.Dictionary) and not has_cs \
                and name(group.get("/S")) == "Transparency":
            ctx.add("6.2.10", "pdfa-group-colour-space", "The page's transparency group has no "
                    "colour space (/CS) and the file has no output intent", page=number)
        elif intent is None and not has_cs and _has_transparency(page.obj):
            ctx.add("6.2.10", "pdfa-transparency-without-blending-space",
                    "The page contains transparency but neither a PDF/A output intent nor a "
                    "page transparency group with a blending colour space (/CS)", page=number)
        if intent is None:
            continue
        for where, grp in _groups(page.obj):
            family = GROUP_FAMILY.get(name(grp.get("/CS")) or "")
            if family and family not in ALLOWED[intent]:
                ctx.add("6.2.10", "pdfa-group-device-colour",
                        f"The transparency group of {where} blends in Device{family} but the "
                        f"output intent is {intent}", page=number)


def _groups(page: pikepdf.Dictionary) -> Iterator[tuple[str, pikepdf.Dictionary]]:
    """The transparency groups of a page: its own, its XObjects', its appearances'."""
    own = page.get("/Group")
    if isinstance(own, pikepdf.Dictionary):
        yield "the page", own
    for holder, keys in _holders(page):
        group = holder.get("/Group") if "/Group" in keys else None
        if isinstance(group, pikepdf.Dictionary) and isinstance(holder, pikepdf.Stream):
            yield "a form XObject or appearance", group


def _holders(page: pikepdf.Dictionary) -> Iterator[tuple[pikepdf.Object, set[str]]]:
    """Every stream or dictionary the page can paint with: form and image XObjects,
    patterns, Type 3 fonts, annotation appearances, graphics states (recursively); with
    its keys (read once, as a set)."""
    seen: set[tuple[int, int]] = set()
    todo: list[tuple[object, int]] = [(page_resources(page), 0)]
    for annot in page.get("/Annots", None) or []:
        for stream in appearance_streams(annot):
            todo.append((stream, 0))
    while todo:
        item, depth = todo.pop()
        if not isinstance(item, (pikepdf.Dictionary, pikepdf.Stream)) or depth > MAX_DEPTH:
            continue
        if item.objgen != (0, 0):
            if item.objgen in seen:
                continue
            seen.add(item.objgen)
        keys = item.keys()
        yield item, keys
        resources = item.get("/Resources") if "/Resources" in keys else None
        if isinstance(resources, pikepdf.Dictionary):
            todo.append((resources, depth + 1))
        for category in ("/ExtGState", "/XObject", "/Pattern", "/Font"):
            entries = item.get(category) if category in keys else None
            if isinstance(entries, pikepdf.Dictionary):
                todo.extend((value, depth + 1) for value in entries.values())
        smask = item.get("/SMask") if "/SMask" in keys else None
        if isinstance(smask, pikepdf.Dictionary):
            todo.append((smask.get("/G"), depth + 1))


def _has_transparency(page: pikepdf.Dictionary) -> bool:
    return any(_is_transparent(item, keys) for item, keys in _holders(page))


def _is_transparent(item: pikepdf.Object, keys: set[str]) -> bool:
    for key in ("/CA", "/ca"):
        value = item.get(key) if key in keys else None
        if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool) and float(value) < 1:
            return True
    modes = item.get("/BM") if "/BM" in keys else None
    for mode in modes if isinstance(modes, pikepdf.Array) else [modes]:
        if isinstance(mode, pikepdf.Name) and name(mode) not in ("Normal", "Compatible"):
            return True
    smask = item.get("/SMask") if "/SMask" in keys else None
    if isinstance(smask, (pikepdf.Dictionary, pikepdf.Stream)):
        return True
    if "/Subtype" in keys and name(item.get("/Subtype")) == "Image" \
            and item.get("/SMaskInData", 0) not in (0, False):
        return True
    group = item.get("/Group") if isinstance(item, pikepdf.Stream) and "/Group" in keys else None
    return isinstance(group, pikepdf.Dictionary) and name(group.get("/S")) == "Transparency"
