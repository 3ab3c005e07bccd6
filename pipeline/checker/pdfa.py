"""PDF/A-2 (ISO 19005-2, levels A, B and U): the rules that can be checked by machine, by clause.

The level is the one the file's XMP declares (pdfaid:conformance), or the one forced
("2a", "2b", "2u"); level B files need not meet the level A/U rules (6.2.11.7.2, 6.2.11.7.3,
6.7).  This module holds the orchestration and the rules on single dictionaries; the other
rule families live in their own modules:

6.1.2   header: version at most 1.7, a binary comment on the second line
6.1.3   trailer: a file identifier (/ID), no /Encrypt
6.1.3-6.1.9  file syntax on the file's bytes (``pdfa_syntax``)
6.1.7   streams: no external data (/F, /FFilter, /FDecodeParms), only standard filters
6.1.8, 6.1.13  names and implementation limits (``pdfa_limits``)
6.1.10, 6.2.2  content streams (``pdfa_content``)
6.1.12  permissions: only UR3 and DocMDP, no digests in signature references with DocMDP
6.2.3, 6.2.4  output intent and colour spaces (``pdfa_colour``)
6.2.5   graphics state: no /TR, /TR2 only /Default, no /HTP; halftones of type 1 or 5, no
        HalftoneName, transfer functions only for non-process colourants
6.2.6   rendering intents: the four of ISO 32000-1
6.2.8.1 images: no /Alternates, no /OPI, /Interpolate not true, valid BitsPerComponent;
        6.2.8.3 JPEG2000 (``pdfa_jpeg2000``)
6.2.9   XObjects: no PostScript XObjects, forms without /OPI, /PS, Subtype2 PS, or /Ref
6.2.10  transparency: only the standard blend modes (and ``pdfa_transparency``)
6.2.11  fonts (``pdfa_fonts``)
6.3     annotations: only ISO 32000-1 types, no 3D, Sound, Screen or Movie annotations; /F with
        the print flag and without hidden or no-view flags; an appearance (/AP) for all but
        links, popups and annotations without area, with /N only: a stream, or for button
        widgets a dictionary of streams
6.4.1   forms: no NeedAppearances true, no actions on widgets, no additional actions on fields;
        6.4.2 no XFA
6.5     actions: only GoTo, GoToR, GoToE, Thread, URI, Named (Next/Prev/First/LastPage) and
        SubmitForm; no additional actions (/AA); no document JavaScript
6.6     metadata (``pdfa_xmp``, ``pdfa_xmp_types``)
6.7     level A: tagging, role map and languages (``pdfa_structure``)
6.4.2-6.11  document-level rules: NeedsRendering, signatures, embedded files, optional
        content, presentations, requirements (``pdfa_document``)
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

import pikepdf

from .context import Context, name, objnum
from .fonts import FontUsage
from .pdfa_colour import check_colour_spaces, check_output_intent
from .pdfa_content import check_content
from .pdfa_document import check_document
from .pdfa_fonts import check_pdfa_fonts
from .pdfa_jpeg2000 import check_jpeg2000, is_jpeg2000
from .pdfa_limits import (
    MAX_INT,
    MAX_NAME,
    check_array,
    check_keys,
    check_limits,
    check_name,
    check_number,
    check_value,
)
from .pdfa_structure import check_structure_a
from .pdfa_syntax import check_syntax, check_trailer_id, file_bytes, page_dictionaries_without_resources
from .pdfa_transparency import check_transparency
from .pdfa_xmp import check_xmp, declared_level

MAX_VERSION = (1, 7)
STANDARD_BLEND_MODES = frozenset({
    "Normal", "Compatible", "Multiply", "Screen", "Overlay", "Darken", "Lighten", "ColorDodge",
    "ColorBurn", "HardLight", "SoftLight", "Difference", "Exclusion", "Hue", "Saturation",
    "Color", "Luminosity"})
FORBIDDEN_ACTIONS = frozenset({
    "Launch", "Sound", "Movie", "ResetForm", "ImportData", "JavaScript", "Hide", "SetOCGState",
    "Rendition", "Trans", "GoTo3DView", "SetState", "NoOp"})
ALLOWED_ACTIONS = frozenset({"GoTo", "GoToR", "GoToE", "Thread", "URI", "Named", "SubmitForm"})
STREAM_FILTERS = frozenset({"ASCIIHexDecode", "ASCII85Decode", "FlateDecode", "RunLengthDecode",
                            "CCITTFaxDecode", "JBIG2Decode", "DCTDecode", "JPXDecode"})
RENDERING_INTENTS = frozenset({"RelativeColorimetric", "AbsoluteColorimetric", "Perceptual", "Saturation"})
ALLOWED_NAMED = frozenset({"NextPage", "PrevPage", "FirstPage", "LastPage"})
FORBIDDEN_ANNOTATIONS = frozenset({"3D", "Sound", "Screen", "Movie"})
STANDARD_ANNOTATIONS = frozenset({
    "Text", "Link", "FreeText", "Line", "Square", "Circle", "Polygon", "PolyLine", "Highlight",
    "Underline", "Squiggly", "StrikeOut", "Stamp", "Caret", "Ink", "Popup", "FileAttachment",
    "Widget", "PrinterMark", "TrapNet", "Watermark", "Redact"})
INVISIBLE, HIDDEN, PRINT, NO_VIEW, TOGGLE_NO_VIEW = 1, 2, 4, 32, 256


FORCED_LEVELS = {"2a": "A", "2b": "B", "2u": "U"}


def resolve_level(pdf: pikepdf.Pdf, level: bool | str | None) -> str:
    """"A", "B" or "U": forced ("2a", "2b", "2u"), else the level the XMP declares, else A."""
    if isinstance(level, str) and level.lower() in FORCED_LEVELS:
        return FORCED_LEVELS[level.lower()]
    return declared_level(pdf) or "A"


def declared_pdfa(path: str) -> str:
    """"2a", "2b" or "2u": the level a bare --pdfa checks ``path`` at."""
    try:
        with pikepdf.open(path) as pdf:
            return "2" + resolve_level(pdf, True).lower()
    except (pikepdf.PdfError, OSError, ValueError):
        return "2a"


def check_pdfa(ctx: Context, header: bytes | None = None, usage: FontUsage | None = None,
               level: bool | str | None = None) -> None:
    """Add the PDF/A-2 findings of ``ctx.pdf`` to ``ctx``; ``header``: the file's first bytes;
    ``usage``: the fonts the PDF/UA content walk saw showing text (without it every font
    counts as used); ``level``: see resolve_level."""
    pdf = ctx.pdf
    conformance = resolve_level(pdf, level)
    if header is not None:
        _check_header(ctx, header)
    _check_trailer(ctx)
    check_trailer_id(ctx)
    data = file_bytes(ctx)
    syntax = check_syntax(ctx, data)
    intent = check_output_intent(ctx)
    separations = _check_objects(ctx)
    check_limits(ctx)
    check_colour_spaces(ctx, intent, separations=separations)
    check_content(ctx, page_dictionaries_without_resources(ctx, syntax))
    check_document(ctx, data)
    check_pdfa_fonts(ctx, conformance, usage)
    check_transparency(ctx, intent)
    _check_annotations(ctx)
    _check_catalog(ctx, conformance)
    check_xmp(pdf, ctx.add, conformance, _metadata_streams(pdf))


def _metadata_streams(pdf: pikepdf.Pdf) -> list[pikepdf.Stream]:
    """The metadata streams of the file other than the catalog's."""
    main = pdf.Root.get("/Metadata")
    main_og = main.objgen if isinstance(main, pikepdf.Stream) else None
    root_og = pdf.Root.objgen
    found: dict[tuple[int, int], pikepdf.Stream] = {}
    for obj in pdf.objects:
        if isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)) and obj.objgen != root_og:
            meta = obj.get("/Metadata")
            if isinstance(meta, pikepdf.Stream) and meta.objgen not in (main_og, (0, 0)):
                found.setdefault(meta.objgen, meta)
    return list(found.values())


# -- 6.1 file structure --------------------------------------------------------------------
def _check_header(ctx: Context, header: bytes) -> None:
    m = re.match(rb"%PDF-(\d)\.(\d)\r?\n?", header)
    if not m:
        ctx.add("6.1.2", "pdfa-header", "The file does not start with a %PDF-1.n header")
        return
    if (int(m.group(1)), int(m.group(2))) > MAX_VERSION:
        ctx.add("6.1.2", "pdfa-version", f"PDF {m.group(1).decode()}.{m.group(2).decode()} is "
                "newer than PDF/A-2 allows (1.7)")
    rest = header[m.end():].lstrip(b"\r\n")
    line = re.split(rb"[\r\n]", rest, maxsplit=1)[0]
    if not (line.startswith(b"%") and sum(b > 127 for b in line[1:5]) == 4):
        ctx.add("6.1.2", "pdfa-binary-comment", "The header is not followed by a comment "
                "with at least four bytes above 127")


def _check_trailer(ctx: Context) -> None:
    trailer = ctx.pdf.trailer
    ids = trailer.get("/ID")
    if not isinstance(ids, pikepdf.Array) or len(ids) != 2:
        ctx.add("6.1.3", "pdfa-no-file-id", "The trailer has no file identifier (/ID)")
    if "/Encrypt" in trailer or ctx.pdf.is_encrypted:
        ctx.add("6.1.3", "pdfa-encrypted", "The file is encrypted")


# -- a walk over every object: streams, graphics states, images, XObjects, actions ---------------
def _walk(pdf: pikepdf.Pdf) -> Iterator[pikepdf.Object]:
    """Every dictionary, stream, array, string, name and number of the file, once per object."""
    seen: set[tuple[int, int]] = set()
    todo: list = list(pdf.objects)
    todo.append(pdf.trailer)
    while todo:
        item = todo.pop()
        og = getattr(item, "objgen", (0, 0))
        if og != (0, 0):
            if og in seen:
                continue
            seen.add(og)
        yield item
        if isinstance(item, (pikepdf.Dictionary, pikepdf.Stream)):
            todo.extend(v for v in item.values())
        elif isinstance(item, pikepdf.Array):
            todo.extend(item)


_NUMBERS = frozenset({int, bool, float, Decimal})  # the direct numbers pikepdf hands out as Python's


def _check_objects(ctx: Context) -> bool:
    """The rules on single objects, for every object of the file once (the walk of
    ``_walk``, in the same order): each dictionary's keys are read once, as a set.
    Returns whether a Separation colour space array was met (for the colour rules)."""
    separations = False
    seen: set[tuple[int, int]] = set()
    todo: list = list(ctx.pdf.objects)
    todo.append(ctx.pdf.trailer)
    while todo:
        item = todo.pop()
        kind = type(item)
        if kind is int:
            if not -MAX_INT - 1 <= item <= MAX_INT:
                check_number(ctx, item)
            continue
        if kind in _NUMBERS:
            check_number(ctx, item)
            continue
        og = getattr(item, "objgen", (0, 0))
        if og != (0, 0):
            if og in seen:
                continue
            seen.add(og)
        if isinstance(item, pikepdf.Name):
            check_name(ctx, item)
        elif isinstance(item, (pikepdf.Dictionary, pikepdf.Stream)):
            keys = item.keys()
            if keys and max(map(len, keys)) > MAX_NAME // 4:  # (a character is at most 4 bytes)
                check_keys(ctx, keys)
            if isinstance(item, pikepdf.Stream):
                _check_stream(ctx, item, og[0] or None, keys)
            _check_dictionary(ctx, item, og[0] or None, keys)
            todo.extend(item.values())
        elif isinstance(item, pikepdf.Array):
            separations = check_array(ctx, item) or separations
            todo.extend(item)
        else:
            check_value(ctx, item)
    return separations


def _check_stream(ctx: Context, stream: pikepdf.Stream, obj: int | None, keys: set[str]) -> None:
    for key in ("/F", "/FFilter", "/FDecodeParms"):
        if key in keys:
            ctx.add("6.1.7.1", "pdfa-external-stream", f"A stream has {key} (external data)", obj=obj)
    raw_filters = stream.get("/Filter") if "/Filter" in keys else None
    raw_parms = stream.get("/DecodeParms") if "/DecodeParms" in keys else None
    filters: list[object] = (list(raw_filters) if isinstance(raw_filters, pikepdf.Array)
                             else [raw_filters] if raw_filters is not None else [])
    parms: list[object] = (list(raw_parms) if isinstance(raw_parms, pikepdf.Array)
                           else [raw_parms] * len(filters))
    for f, p in zip(filters, parms + [None] * len(filters), strict=False):  # parms may be short
        if name(f) == "Crypt" and isinstance(p, pikepdf.Dictionary) \
                and name(p.get("/Name")) in (None, "Identity"):
            continue
        if name(f) not in STREAM_FILTERS:
            ctx.add("6.1.7.2", "pdfa-forbidden-filter", f"A stream uses the {f} filter", obj=obj)


def _check_dictionary(ctx: Context, d: pikepdf.Object, obj: int | None, keys: set[str]) -> None:
    """The rules on one dictionary (or stream) whose keys are ``keys`` (a key is looked up
    only when it is there: most dictionaries have few of the keys asked about)."""
    get = d.get
    kind = name(get("/Type")) if "/Type" in keys else None
    subtype = name(get("/Subtype")) if "/Subtype" in keys else None
    if kind in ("ExtGState", None):
        if "/TR" in keys:
            ctx.add("6.2.5", "pdfa-transfer-function", "A graphics state has a transfer function (/TR)",
                    obj=obj)
        if "/TR2" in keys and name(get("/TR2")) != "Default":
            ctx.add("6.2.5", "pdfa-transfer-function", "A graphics state has /TR2 other than /Default",
                    obj=obj)
        if "/HTP" in keys:
            ctx.add("6.2.5", "pdfa-halftone-phase", "A graphics state has /HTP", obj=obj)
        if "/RI" in keys and name(get("/RI")) not in RENDERING_INTENTS:
            for clause in ("6.2.5", "6.2.6"):
                ctx.add(clause, "pdfa-rendering-intent", f"A graphics state has the rendering intent "
                        f"{get('/RI')}", obj=obj)
    if "/HalftoneType" in keys or kind == "Halftone":
        if get("/HalftoneType") not in (1, 5):
            ctx.add("6.2.5", "pdfa-halftone-type",
                    f"A halftone has HalftoneType {get('/HalftoneType')}, not 1 or 5", obj=obj)
        if "/HalftoneName" in keys:
            ctx.add("6.2.5", "pdfa-halftone-name", "A halftone has a HalftoneName", obj=obj)
        if get("/HalftoneType") == 5:
            for colourant, component in d.items():
                if isinstance(component, (pikepdf.Dictionary, pikepdf.Stream)) and colourant != "/Default":
                    _check_halftone_transfer(ctx, component, colourant[1:], obj)
    halftone = get("/HT") if "/HT" in keys else None
    if kind in ("ExtGState", None) and isinstance(halftone, (pikepdf.Dictionary, pikepdf.Stream)) \
            and halftone.get("/HalftoneType") != 5:
        _check_halftone_transfer(ctx, halftone, None, obj)
    if "/BM" in keys:
        modes = get("/BM")
        for mode in modes if isinstance(modes, pikepdf.Array) else [modes]:
            if name(mode) not in STANDARD_BLEND_MODES:
                ctx.add("6.2.10", "pdfa-blend-mode", f"Blend mode {mode} is not a standard one", obj=obj)
    if subtype == "Image":
        _check_image(ctx, d, obj)
    if kind == "XObject" or subtype in ("Form", "PS"):
        if subtype == "PS":
            ctx.add("6.2.9.3", "pdfa-postscript", "A PostScript XObject", obj=obj)
        if subtype == "Form" and ("/OPI" in keys or "/PS" in keys or name(get("/Subtype2")) == "PS"):
            ctx.add("6.2.9.1", "pdfa-form-xobject", "A form XObject has /OPI, /PS or /Subtype2 /PS", obj=obj)
        if subtype == "Form" and "/Ref" in keys:
            ctx.add("6.2.9.2", "pdfa-reference-xobject", "A reference XObject (a form with /Ref)", obj=obj)
    action = name(get("/S")) if "/S" in keys else None
    if kind == "Action" or (kind is None and action in FORBIDDEN_ACTIONS | {"Named"}):
        if action not in ALLOWED_ACTIONS:
            ctx.add("6.5.1", "pdfa-forbidden-action", f"A {action} action", obj=obj)
        if action == "Named" and name(get("/N")) not in ALLOWED_NAMED:
            ctx.add("6.5.1", "pdfa-forbidden-action", f"The named action {get('/N')}", obj=obj)
    if "/AA" in keys:
        ctx.add("6.5.2", "pdfa-additional-actions", "A dictionary has additional actions (/AA)", obj=obj)
    if subtype == "Widget" and ("/A" in keys or "/AA" in keys):
        ctx.add("6.4.1", "pdfa-widget-action", "A widget annotation has an action (/A or /AA)", obj=obj)
    elif "/FT" in keys and "/AA" in keys:
        ctx.add("6.4.1", "pdfa-field-action", "A form field has additional actions (/AA)", obj=obj)


def _check_halftone_transfer(ctx: Context, halftone: pikepdf.Object, colourant: str | None,
                             obj: int | None) -> None:
    """6.2.5: a TransferFunction only in the halftones of colourants other than the process
    colourants (and never in a halftone that is not part of a type 5 halftone)."""
    process = colourant is None or colourant in ("Cyan", "Magenta", "Yellow", "Black")
    if process and "/TransferFunction" in halftone:
        ctx.add("6.2.5", "pdfa-halftone-transfer", "A halftone for "
                f"{colourant or 'all colourants'} has a TransferFunction", obj=obj)
    elif not process and "/TransferFunction" not in halftone:
        ctx.add("6.2.5", "pdfa-halftone-transfer",
                f"The halftone for the colourant {colourant} has no TransferFunction", obj=obj)


def _check_image(ctx: Context, d: pikepdf.Object, obj: int | None) -> None:
    if "/Alternates" in d:
        ctx.add("6.2.8.1", "pdfa-image-alternates", "An image has /Alternates", obj=obj)
    if "/OPI" in d:
        ctx.add("6.2.8.1", "pdfa-opi", "An image has /OPI", obj=obj)
    if d.get("/Interpolate") is True:
        ctx.add("6.2.8.1", "pdfa-interpolate", "An image has /Interpolate true", obj=obj)
    if "/Intent" in d and name(d.get("/Intent")) not in RENDERING_INTENTS:
        for clause in ("6.2.8.1", "6.2.6"):
            ctx.add(clause, "pdfa-rendering-intent", f"An image has the rendering intent {d.get('/Intent')}",
                    obj=obj)
    if isinstance(d, pikepdf.Stream) and is_jpeg2000(d):
        check_jpeg2000(ctx, d, obj)
    bits = d.get("/BitsPerComponent")
    if bits is not None:
        allowed = (1,) if d.get("/ImageMask") is True else (1, 2, 4, 8, 16)
        if bits not in allowed:
            ctx.add("6.2.8.1", "pdfa-bits-per-component", f"An image has BitsPerComponent {bits}", obj=obj)


def _dict(value: object) -> pikepdf.Dictionary:
    return value if isinstance(value, pikepdf.Dictionary) else pikepdf.Dictionary()


# -- 6.3 annotations ---------------------------------------------------------------------------
def _check_annotations(ctx: Context) -> None:
    for number, page in enumerate(ctx.pdf.pages, start=1):
        for annot in page.obj.get("/Annots", None) or []:
            if not isinstance(annot, pikepdf.Dictionary):
                continue
            obj = objnum(annot)
            subtype = name(annot.get("/Subtype")) or "?"
            if subtype in FORBIDDEN_ANNOTATIONS or subtype not in STANDARD_ANNOTATIONS:
                why = "not permitted" if subtype in FORBIDDEN_ANNOTATIONS else "not a type of ISO 32000-1"
                ctx.add("6.3.1", "pdfa-annotation-type", f"A {subtype} annotation: {why}",
                        page=number, obj=obj)
            if subtype == "Popup":
                continue
            flags = annot.get("/F")
            flags = int(flags) if isinstance(flags, int) else None
            if flags is None or not flags & PRINT or flags & (INVISIBLE | HIDDEN | NO_VIEW | TOGGLE_NO_VIEW):
                ctx.add("6.3.2", "pdfa-annotation-flags",
                        f"A {subtype} annotation is not printable (/F {flags}): the print flag "
                        "must be set and the hidden, invisible and no-view flags clear",
                        page=number, obj=obj)
            ap = annot.get("/AP")
            if subtype != "Link" and not isinstance(ap, pikepdf.Dictionary) and _has_area(annot):
                ctx.add("6.3.3", "pdfa-no-appearance",
                        f"A {subtype} annotation has no appearance dictionary (/AP)",
                        page=number, obj=obj)
            if isinstance(ap, pikepdf.Dictionary) and set(ap.keys()) - {"/N"}:
                ctx.add("6.3.3", "pdfa-appearance-keys",
                        f"A {subtype} annotation's appearance dictionary has more than /N",
                        page=number, obj=obj)
            normal = ap.get("/N") if isinstance(ap, pikepdf.Dictionary) else None
            if normal is not None:
                button = subtype == "Widget" and _field_type(annot) == "Btn"
                if button and not (isinstance(normal, pikepdf.Dictionary)
                                   and not isinstance(normal, pikepdf.Stream)
                                   and any(isinstance(v, pikepdf.Stream) for v in normal.values())):
                    ctx.add("6.3.3", "pdfa-appearance-type", "A button widget's normal appearance "
                            "is not a dictionary of appearance streams", page=number, obj=obj)
                elif not button and not isinstance(normal, pikepdf.Stream):
                    ctx.add("6.3.3", "pdfa-appearance-type",
                            f"A {subtype} annotation's normal appearance is not a stream",
                            page=number, obj=obj)


def _field_type(annot: pikepdf.Dictionary) -> str | None:
    """A widget's field type, inherited from its parent fields."""
    node: object = annot
    depth = 0
    while isinstance(node, pikepdf.Dictionary) and depth < 32:
        if "/FT" in node:
            return name(node.get("/FT"))
        node, depth = node.get("/Parent"), depth + 1
    return None


def _has_area(annot: pikepdf.Dictionary) -> bool:
    """False only for a Rect of zero width and zero height (6.3.3 exempts those)."""
    rect = annot.get("/Rect")
    if not isinstance(rect, pikepdf.Array) or len(rect) != 4:
        return True
    x0, y0, x1, y1 = (float(v) for v in rect)
    return x0 != x1 or y0 != y1


# -- 6.4, 6.5.1, 6.7, 6.8 (catalog) -------------------------------------------------------------------
def _check_catalog(ctx: Context, level: str) -> None:
    root = ctx.pdf.Root
    form = _dict(root.get("/AcroForm"))
    if form.get("/NeedAppearances") is True:
        ctx.add("6.4.1", "pdfa-need-appearances", "The form has NeedAppearances true")
    if "/XFA" in form:
        ctx.add("6.4.2", "pdfa-xfa", "The form has XFA data")
    names = _dict(root.get("/Names"))
    if "/JavaScript" in names:
        ctx.add("6.5.1", "pdfa-javascript", "The document has document-level JavaScript")
    _check_permissions(ctx)
    if level == "A":
        check_structure_a(ctx)


def _check_permissions(ctx: Context) -> None:
    """6.1.12: a permissions dictionary holds only UR3 and DocMDP; with DocMDP, no signature
    reference has DigestLocation, DigestMethod or DigestValue."""
    perms = ctx.pdf.Root.get("/Perms")
    if not isinstance(perms, pikepdf.Dictionary):
        return
    extra = sorted(set(perms.keys()) - {"/UR3", "/DocMDP"})
    if extra:
        ctx.add("6.1.12", "pdfa-permissions-keys",
                f"The permissions dictionary has {', '.join(extra)} (only UR3 and DocMDP are allowed)")
    if "/DocMDP" not in perms:
        return
    for obj in _walk(ctx.pdf):
        if isinstance(obj, pikepdf.Dictionary) and ("/TransformMethod" in obj
                                                    or name(obj.get("/Type")) == "SigRef"):
            digests = sorted({"/DigestLocation", "/DigestMethod", "/DigestValue"} & set(obj.keys()))
            if digests:
                ctx.add("6.1.12", "pdfa-signature-reference-digest",
                        f"A signature reference has {', '.join(digests)} although DocMDP is used",
                        obj=objnum(obj))
