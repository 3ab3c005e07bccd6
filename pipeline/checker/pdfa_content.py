"""PDF/A-2 content streams (ISO 19005-2, 6.1.10 and 6.2.2).

6.1.10  an inline image's filters (/F) are standard ones other than LZW (or Crypt)
6.2.6   rendering intents set by ri or an inline image's /Intent are the four of ISO 32000-1
6.2.8.1 an inline image has no /I true
6.2.2   content streams use only the operators of ISO 32000-1 (also inside BX/EX); a content
        stream that refers to resources by name has its own Resources dictionary (a page
        may not inherit it from the page tree, a form, pattern or Type 3 font may not
        borrow the page's)

Content is read with the checker's streaming reader (``pipeline.pdfread.contentstream``), once
per check for all rules (``Context.contents``), parsing operands only for the operators judged
here. The content walked is that of pages and of the forms, tiling patterns and Type 3 glyphs
they use, and of annotation appearances.
"""
from __future__ import annotations

import pikepdf

from ..pdfread.contentstream import ContentError, Name
from .context import Context, name
from .fonts_walk import appearance_streams, page_resources

OPERATORS = frozenset([
    "b", "B", "b*", "B*", "BDC", "BI", "BMC", "BT", "BX", "c", "cm", "CS", "cs", "d", "d0", "d1",
    "Do", "DP", "EI", "EMC", "ET", "EX", "f", "F", "f*", "G", "g", "gs", "h", "i", "ID", "j", "J",
    "K", "k", "l", "m", "M", "MP", "n", "q", "Q", "re", "RG", "rg", "ri", "s", "S", "SC", "sc",
    "SCN", "scn", "sh", "T*", "Tc", "Td", "TD", "Tf", "TJ", "Tj", "TL", "Tm", "Tr", "Ts", "Tw",
    "Tz", "v", "w", "W", "W*", "y", "'", '"'])
INLINE_FILTERS = frozenset({"ASCIIHexDecode", "ASCII85Decode", "FlateDecode", "RunLengthDecode",
                            "CCITTFaxDecode", "DCTDecode", "AHx", "A85", "Fl", "RL", "CCF", "DCT"})
DEVICE_NAMES = frozenset({"DeviceGray", "DeviceRGB", "DeviceCMYK", "Pattern", "G", "RGB", "CMYK", "I",
                          "Indexed"})
# operator -> (resource category, which operand names it)
NAMED = {"Tf": ("/Font", 0), "Do": ("/XObject", 0), "gs": ("/ExtGState", 0), "sh": ("/Shading", 0),
         "cs": ("/ColorSpace", 0), "CS": ("/ColorSpace", 0), "scn": ("/Pattern", -1),
         "SCN": ("/Pattern", -1), "BDC": ("/Properties", 1), "DP": ("/Properties", 1)}
RENDERING_INTENTS = frozenset({"RelativeColorimetric", "AbsoluteColorimetric", "Perceptual", "Saturation"})
MAX_DEPTH = 24


def check_content(ctx: Context, inheriting: set[int] | None = None) -> None:
    """``inheriting``: object numbers of pages written without Resources of their own."""
    seen: set = set()
    for number, page in enumerate(ctx.pdf.pages, start=1):
        own = page.obj.get("/Resources") if "/Resources" in page.obj else None
        if page.obj.objgen[0] in (inheriting or set()):
            own = None
        _walk(ctx, page.obj, own, page_resources(page.obj), "the page", number, seen, 0)
        for annot in page.obj.get("/Annots", None) or []:
            for stream in appearance_streams(annot):
                own = stream.get("/Resources") if "/Resources" in stream else None
                _walk(ctx, stream, own, own, "an annotation appearance", number, seen, 0)


def _walk(ctx: Context, holder: pikepdf.Object, own: object, resources: object, what: str,
          page: int, seen: set, depth: int) -> None:
    """Judge one content stream; ``own``: its own Resources (None when it has none),
    ``resources``: the ones in effect."""
    if depth > MAX_DEPTH:
        return
    key = getattr(holder, "objgen", (0, 0))
    if key != (0, 0):
        if key in seen:
            return
        seen.add(key)
    try:
        stream = ctx.contents.of(holder)
    except ContentError:
        return
    res = resources if isinstance(resources, pikepdf.Dictionary) else pikepdf.Dictionary()
    unknown: set[str] = set()
    borrowed: set[str] = set()
    followed: set[tuple[str, str]] = set()  # (operator, resource name) looked up in this stream
    for op, start, end in stream.instructions():
        if op not in OPERATORS:
            unknown.add(op)
            continue
        if op == "BI":
            image = _entries(stream.operands(start, end))
            _check_inline_image(ctx, image, page)
            space = image.get("/ColorSpace", image.get("/CS"))
            if isinstance(space, Name) and space[1:] not in DEVICE_NAMES and own is None:
                borrowed.add(str(space))
            continue
        if op != "ri" and op not in NAMED:
            continue
        operands = stream.operands(start, end)
        if not operands:
            continue
        if op == "ri":
            if not isinstance(operands[0], Name) or operands[0][1:] not in RENDERING_INTENTS:
                ctx.add("6.2.6", "pdfa-rendering-intent", f"The content of {what} sets the rendering "
                        f"intent {operands[0]}", page=page)
            continue
        category, index = NAMED[op]
        if not -len(operands) <= index < len(operands):
            continue
        value = operands[index]
        if not isinstance(value, Name) or (category == "/ColorSpace" and value[1:] in DEVICE_NAMES):
            continue
        if own is None:
            borrowed.add(f"{category[1:]} {value}")
        if (op, value) in followed or op in ("BDC", "DP"):
            continue  # followed already in this stream (it adds nothing twice); properties lead nowhere
        followed.add((op, value))
        entries = res.get(category)
        target = entries.get(str(value)) if isinstance(entries, pikepdf.Dictionary) else None
        _follow(ctx, op, target, res, page, seen, depth)
    if unknown:
        ctx.add("6.2.2", "pdfa-undefined-operator", f"The content of {what} uses operators that "
                f"ISO 32000-1 does not define: {', '.join(sorted(unknown))}", page=page)
    if borrowed:
        ctx.add("6.2.2", "pdfa-inherited-resources", f"The content of {what} uses "
                f"{', '.join(sorted(borrowed))} without a Resources dictionary of its own", page=page)


def _follow(ctx: Context, op: str, target: object, resources: pikepdf.Dictionary, page: int,
            seen: set, depth: int) -> None:
    if op == "Do" and isinstance(target, pikepdf.Stream) and name(target.get("/Subtype")) == "Form":
        own = target.get("/Resources") if "/Resources" in target else None
        _walk(ctx, target, own, own if own is not None else resources, "a form XObject", page, seen,
              depth + 1)
    elif op in ("scn", "SCN") and isinstance(target, pikepdf.Stream) and target.get("/PatternType") == 1:
        own = target.get("/Resources") if "/Resources" in target else None
        _walk(ctx, target, own, own if own is not None else resources, "a tiling pattern", page, seen,
              depth + 1)
    elif op == "Tf" and isinstance(target, pikepdf.Dictionary) and name(target.get("/Subtype")) == "Type3":
        own = target.get("/Resources") if "/Resources" in target else None
        procs = target.get("/CharProcs")
        for proc in procs.values() if isinstance(procs, pikepdf.Dictionary) else []:
            if isinstance(proc, pikepdf.Stream):
                _walk(ctx, proc, own, own if own is not None else resources, "a Type 3 glyph", page,
                      seen, depth + 1)


def _entries(operands: list) -> dict:
    """An inline image's dictionary from its operands (key, value, key, value...)."""
    return {operands[i]: operands[i + 1] for i in range(0, len(operands) - 1, 2)
            if isinstance(operands[i], Name)}


def _check_inline_image(ctx: Context, image: dict, page: int) -> None:
    intent = image.get("/Intent")
    if intent is not None and not (isinstance(intent, Name) and intent[1:] in RENDERING_INTENTS):
        ctx.add("6.2.6", "pdfa-rendering-intent", f"An inline image has the rendering intent {intent}",
                page=page)
    if image.get("/I", image.get("/Interpolate")) is True:
        ctx.add("6.2.8.1", "pdfa-interpolate", "An inline image has /I (Interpolate) true", page=page)
    filters = image.get("/F", image.get("/Filter"))
    for f in filters if isinstance(filters, list) else [filters] if filters is not None else []:
        if not (isinstance(f, Name) and f[1:] in INLINE_FILTERS):
            ctx.add("6.1.10", "pdfa-inline-image-filter", f"An inline image uses the filter {f}", page=page)
