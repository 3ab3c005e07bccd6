"""PDF/A-2 names and implementation limits (ISO 19005-2, 6.1.8 and 6.1.13).

6.1.8   font names, colourant names (Separation, DeviceN, Colorants) and structure type
        names are valid UTF-8 once their #xx escapes are expanded
6.1.13  integers within 32 bits, reals within +-3.403e38 and not closer to zero than
        +-1.175e-38, strings up to 32767 bytes, names up to 127 bytes (dictionary keys
        too), at most 8388607 indirect objects, q/Q nested at most 28 deep, DeviceN with
        at most 32 colourants, CIDs up to 65535 in embedded CMaps, page boundaries between
        3 and 14400 units

``check_value`` judges one object of the walk over the whole file (``pdfa._walk``);
``check_limits`` the rest.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal

import pikepdf

from ..pdfread.contentstream import ContentError
from ..pdfread.resources import xobject_resource
from .context import Context, name, objnum
from .fonts_walk import page_resources

MAX_INT, MAX_STRING, MAX_NAME = 2**31 - 1, 32767, 127
MAX_REAL, MIN_REAL = 3.403e38, 1.175e-38
MAX_OBJECTS, MAX_NESTING, MAX_COLOURANTS, MAX_CID = 8388607, 28, 32, 65535
MIN_BOX, MAX_BOX = 3, 14400
BOXES = ("/MediaBox", "/CropBox", "/BleedBox", "/TrimBox", "/ArtBox")
_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")


def name_bytes(value: pikepdf.Name) -> bytes:
    """A name's bytes without the slash, #xx escapes expanded."""
    written = value.unparse()[1:]
    return _ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), written) if b"#" in written else written


def _utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def check_value(ctx: Context, item: object) -> None:
    """6.1.13 for one string, name, number or dictionary of the file."""
    if isinstance(item, pikepdf.String):
        if len(bytes(item)) > MAX_STRING:
            ctx.add("6.1.13", "pdfa-long-string", f"A string is longer than {MAX_STRING} bytes")
    elif isinstance(item, pikepdf.Name):
        check_name(ctx, item)
    elif isinstance(item, (bool, int, Decimal, float)):
        check_number(ctx, item)
    elif isinstance(item, pikepdf.Array):
        check_array(ctx, item)
    elif isinstance(item, (pikepdf.Dictionary, pikepdf.Stream)):
        check_keys(ctx, item.keys())


def check_array(ctx: Context, item: pikepdf.Array) -> bool:
    """6.1.8 and 6.1.13 for one array (a Separation or DeviceN colour space); returns
    whether it is a Separation space of four entries (what the 6.2.4.4 rule compares)."""
    if len(item) < 4:
        return False
    family = name(item[0])
    if family in ("Separation", "DeviceN"):
        _check_colour_space_names(ctx, item)
    return family == "Separation" and len(item) == 4


def check_number(ctx: Context, item: int | Decimal | float) -> None:
    """6.1.13 for one number (a bool is none)."""
    if isinstance(item, bool):
        return
    if isinstance(item, int):
        if not -MAX_INT - 1 <= item <= MAX_INT:
            ctx.add("6.1.13", "pdfa-big-integer", f"The integer {item} is out of range")
    else:
        value = abs(float(item))
        if value > MAX_REAL or (value != 0 and value < MIN_REAL):
            ctx.add("6.1.13", "pdfa-real-out-of-range",
                    f"The real number {item} is outside the range PDF/A-2 allows")


def check_keys(ctx: Context, keys: Iterable[str]) -> None:
    """6.1.13 for the keys of one dictionary (or stream)."""
    for key in keys:  # (a character is at most 4 bytes: a short key is never too long)
        if 4 * (len(key) - 1) > MAX_NAME and len(str(key).encode("utf-8", "surrogateescape")) - 1 > MAX_NAME:
            ctx.add("6.1.13", "pdfa-long-name", f"A name is longer than {MAX_NAME} bytes")


def check_name(ctx: Context, value: pikepdf.Name) -> None:
    """6.1.13 for one name."""
    try:
        written = value.unparse()
        if len(written) - 1 <= MAX_NAME:  # expanding #xx escapes only shortens a name
            return
        raw = name_bytes(value)
    except (ValueError, TypeError):
        return
    if len(raw) > MAX_NAME:
        ctx.add("6.1.13", "pdfa-long-name", f"A name is longer than {MAX_NAME} bytes")


def check_limits(ctx: Context) -> None:
    pdf = ctx.pdf
    if len(pdf.objects) > MAX_OBJECTS:
        ctx.add("6.1.13", "pdfa-too-many-objects", f"The file has more than {MAX_OBJECTS} indirect objects")
    for number, page in enumerate(pdf.pages, start=1):
        _check_boxes(ctx, page.obj, number)
        _check_nesting(ctx, page.obj, number)
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Stream) and name(obj.get("/Type")) == "CMap":
            _check_cids(ctx, obj)
        if isinstance(obj, pikepdf.Dictionary) and name(obj.get("/Type")) in ("Font", "FontDescriptor"):
            for key in ("/BaseFont", "/FontName"):
                value = obj.get(key)
                if isinstance(value, pikepdf.Name) and not _utf8(name_bytes(value)):
                    ctx.add("6.1.8", "pdfa-name-not-utf8", f"The font name {key} is not valid UTF-8",
                            obj=objnum(obj))
    _check_structure_names(ctx)


def _check_boxes(ctx: Context, page: pikepdf.Dictionary, number: int) -> None:
    for key in BOXES:
        box = page.get(key)
        if not isinstance(box, pikepdf.Array) or len(box) != 4:
            continue
        try:
            x0, y0, x1, y1 = (float(v) for v in box)
        except (TypeError, ValueError):
            continue
        if not (MIN_BOX <= abs(x1 - x0) <= MAX_BOX and MIN_BOX <= abs(y1 - y0) <= MAX_BOX):
            ctx.add("6.1.13", "pdfa-page-box-size",
                    f"The page's {key[1:]} is {abs(x1 - x0):g} x {abs(y1 - y0):g}; PDF/A-2 allows "
                    f"{MIN_BOX} to {MAX_BOX} units", page=number)


def _check_nesting(ctx: Context, page: pikepdf.Dictionary, number: int) -> None:
    todo: list[tuple[pikepdf.Object, object]] = [(page, page_resources(page))]
    seen: set[tuple[int, int]] = set()
    while todo:
        holder, resources = todo.pop()
        try:
            stream = ctx.contents.of(holder)
        except ContentError:
            continue
        depth = deepest = 0
        for op, start, end in stream.instructions():
            if op == "q":
                depth += 1
                if depth > deepest:
                    deepest = depth
            elif op == "Q":
                if depth:
                    depth -= 1
            elif op == "Do" and isinstance(resources, pikepdf.Dictionary) \
                    and (operands := stream.operands(start, end)):
                xobj = xobject_resource(resources, operands[0])
                if xobj is not None and name(xobj.get("/Subtype")) == "Form" and xobj.objgen not in seen:
                    seen.add(xobj.objgen)
                    todo.append((xobj, xobj.get("/Resources", resources)))
        if deepest > MAX_NESTING:
            ctx.add("6.1.13", "pdfa-q-nesting", f"q/Q pairs are nested {deepest} deep; PDF/A-2 "
                    f"allows {MAX_NESTING}", page=number)


def _check_colour_space_names(ctx: Context, space: pikepdf.Array) -> None:
    names = space[1] if isinstance(space[1], pikepdf.Array) else [space[1]]
    if name(space[0]) == "DeviceN" and len(names) > MAX_COLOURANTS:
        ctx.add("6.1.13", "pdfa-devicen-colourants",
                f"A DeviceN space has {len(names)} colourants; PDF/A-2 allows {MAX_COLOURANTS}")
    attrs = space[4] if len(space) > 4 and isinstance(space[4], pikepdf.Dictionary) else None
    colorants = attrs.get("/Colorants") if attrs is not None else None
    keys = list(colorants.keys()) if isinstance(colorants, pikepdf.Dictionary) else []
    raw = [name_bytes(n) for n in names if isinstance(n, pikepdf.Name)]
    raw += [k.encode("utf-8", "surrogateescape")[1:] for k in keys]
    for colourant in raw:
        if not _utf8(colourant):
            ctx.add("6.1.8", "pdfa-name-not-utf8",
                    f"A colourant name of a {name(space[0])} space is not valid UTF-8")


_CID_SECTIONS = re.compile(rb"begincid(range|char)(.*?)endcid(?:range|char)", re.S)


def _check_cids(ctx: Context, cmap: pikepdf.Stream) -> None:
    try:
        data = cmap.read_bytes()
    except pikepdf.PdfError:
        return
    for _kind, body in _CID_SECTIONS.findall(data):
        numbers = [int(n) for n in re.findall(rb"(?<![<0-9A-Fa-f])\d+(?![0-9A-Fa-f>])", body)]
        if any(n > MAX_CID for n in numbers):
            ctx.add("6.1.13", "pdfa-cid-too-large", f"An embedded CMap maps to a CID above {MAX_CID}",
                    obj=objnum(cmap))
            return


def _check_structure_names(ctx: Context) -> None:
    for node in (ctx.tree.all if ctx.tree is not None else []):
        value = node.obj.get("/S")
        if isinstance(value, pikepdf.Name) and not _utf8(name_bytes(value)):
            ctx.add("6.1.8", "pdfa-name-not-utf8", "A structure type name is not valid UTF-8",
                    obj=node.num)
