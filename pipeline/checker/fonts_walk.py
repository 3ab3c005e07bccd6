"""Finding the fonts of a document and the text shown with them.

iter_fonts() lists every font dictionary reachable for rendering: page resources
(inherited ones too), form XObjects and tiling patterns (recursively), annotation
appearance streams and Type3 font resources. iter_shown_text() is a minimal content
walker (Tf, Tr, q/Q, Tj/TJ/'/", form XObjects) that feeds FontUsage in the tests;
the checker core has its own walker.
"""
from __future__ import annotations

from collections.abc import Iterator

import pikepdf

from .fonts_model import name_of

MAX_DEPTH = 32


def page_resources(page: pikepdf.Dictionary) -> pikepdf.Dictionary | None:
    """A page's resources, inherited from its ancestors if it has none of its own."""
    node: object = page
    depth = 0
    while isinstance(node, pikepdf.Dictionary) and depth < MAX_DEPTH:
        res = node.get("/Resources")
        if isinstance(res, pikepdf.Dictionary):
            return res
        node, depth = node.get("/Parent"), depth + 1
    return None


def appearance_streams(annot) -> Iterator[pikepdf.Stream]:
    ap = annot.get("/AP") if isinstance(annot, pikepdf.Dictionary) else None
    if not isinstance(ap, pikepdf.Dictionary):
        return
    for key in ("/N", "/R", "/D"):
        entry = ap.get(key)
        if isinstance(entry, pikepdf.Stream):
            yield entry
        elif isinstance(entry, pikepdf.Dictionary):
            for sub in entry.values():
                if isinstance(sub, pikepdf.Stream):
                    yield sub


def iter_fonts(pdf: pikepdf.Pdf) -> Iterator[tuple[pikepdf.Dictionary, int]]:
    """Every font dictionary reachable for rendering, once, with the first page (1-based)."""
    seen: set = set()
    for pno, page in enumerate(pdf.pages, 1):
        todo: list[tuple[object, int]] = [(page_resources(page.obj), 0)]  # (resources, depth)
        for annot in page.obj.get("/Annots", None) or []:
            for stream in appearance_streams(annot):
                todo.append((stream.get("/Resources"), 1))
        while todo:
            res, depth = todo.pop()
            if not isinstance(res, pikepdf.Dictionary) or depth > MAX_DEPTH:
                continue
            if res.objgen != (0, 0):
                if ("res", res.objgen) in seen:
                    continue
                seen.add(("res", res.objgen))
            fonts = res.get("/Font")
            if isinstance(fonts, pikepdf.Dictionary):
                for font in fonts.values():
                    if not isinstance(font, pikepdf.Dictionary):
                        continue
                    key = font.objgen if font.objgen != (0, 0) else None
                    if key is not None:
                        if key in seen:
                            continue
                        seen.add(key)
                    yield font, pno
                    if name_of(font.get("/Subtype")) == "Type3":
                        todo.append((font.get("/Resources"), depth + 1))
            for group in ("/XObject", "/Pattern"):
                entries = res.get(group)
                if not isinstance(entries, pikepdf.Dictionary):
                    continue
                for xobj in entries.values():
                    # Form XObjects and tiling patterns are streams; shading patterns are dicts.
                    if isinstance(xobj, pikepdf.Stream) or (group == "/Pattern"
                                                            and isinstance(xobj, pikepdf.Dictionary)):
                        if xobj.objgen != (0, 0):
                            if ("x", xobj.objgen) in seen:
                                continue
                            seen.add(("x", xobj.objgen))
                        todo.append((xobj.get("/Resources"), depth + 1))


# ---------------------------------------------------------------------------


def iter_shown_text(pdf: pikepdf.Pdf) -> Iterator[tuple[pikepdf.Dictionary, bytes, int, int]]:
    """(font, string bytes, page, rendering mode) for every string shown on pages, in form
    XObjects and annotation appearances. A small stand-in for the core's content walker,
    used by the tests; its tuples fit FontUsage.on_show_text(*item)."""
    for pno, page in enumerate(pdf.pages, 1):
        jobs: list[tuple[pikepdf.Object, object, int]] = [(page.obj, page_resources(page.obj), 0)]
        for annot in page.obj.get("/Annots", None) or []:
            for stream in appearance_streams(annot):
                jobs.append((stream, stream.get("/Resources"), 1))
        seen: set = set()
        while jobs:
            target, res, depth = jobs.pop()
            if depth > MAX_DEPTH:
                continue
            fonts = res.get("/Font") if isinstance(res, pikepdf.Dictionary) else None
            xobjs = res.get("/XObject") if isinstance(res, pikepdf.Dictionary) else None
            try:
                ops = pikepdf.parse_content_stream(target)
            except pikepdf.PdfError:
                continue
            font, mode = None, 0
            saved: list = []  # font and Tr are graphics state: q saves them, Q restores them
            for instruction in ops:
                operands, op = instruction.operands, str(instruction.operator)
                if op == "q":
                    saved.append((font, mode))
                elif op == "Q":
                    font, mode = saved.pop() if saved else (font, mode)
                elif op == "Tf" and operands and isinstance(fonts, pikepdf.Dictionary):
                    font = fonts.get(str(operands[0]))
                elif op == "Tr" and operands:
                    mode = int(operands[0])
                elif op in ("Tj", "'") and operands and font is not None:
                    yield font, bytes(operands[-1]), pno, mode
                elif op == '"' and len(operands) == 3 and font is not None:
                    yield font, bytes(operands[2]), pno, mode
                elif op == "TJ" and operands and font is not None:
                    for item in operands[0]:
                        if isinstance(item, pikepdf.String):
                            yield font, bytes(item), pno, mode
                elif op == "Do" and operands and isinstance(xobjs, pikepdf.Dictionary):
                    xobj = xobjs.get(str(operands[0]))
                    if isinstance(xobj, pikepdf.Stream) and xobj.get("/Subtype") == "/Form" \
                            and (xobj.objgen not in seen or xobj.objgen == (0, 0)):
                        seen.add(xobj.objgen)
                        jobs.append((xobj, xobj.get("/Resources", res), depth + 1))
