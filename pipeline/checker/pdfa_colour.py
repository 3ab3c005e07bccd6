"""PDF/A-2 colour (ISO 19005-2, 6.2.3 and 6.2.4).

6.2.3    output intent: a GTS_PDFA1 intent with a valid ICC profile (display or output class,
         version below 5, colour space RGB, CMYK or Gray, components = /N); all intents
         with a DestOutputProfile share one profile object
6.2.4.2  ICCBased colour spaces have a valid input profile (input, display, output or
         colour space class; RGB, CMYK, Gray or Lab; version below 5); no overprint mode 1
         with overprinting while an ICCBased CMYK space is used
6.2.4.3  a device colour space is used only with a matching Default colour space in the
         resources of the content using it, or a matching output intent (DeviceRGB: RGB,
         DeviceCMYK: CMYK, DeviceGray: any); painting before any colour is set uses DeviceGray
6.2.4.4  the alternate space of a Separation or DeviceN space is a device space only as
         6.2.4.3 allows; every spot colourant of a DeviceN space is in its Colorants
         dictionary; Separation spaces of the same name have the same alternate space and
         tint transform
6.2.4.5  the base space of an Indexed space is a device space only as 6.2.4.3 allows

Content is read with the checker's streaming reader (``pipeline.pdfread.contentstream``).
Colour spaces are judged where content uses them: pages, the forms and patterns they
paint, the glyphs of Type 3 fonts, annotation appearances, images and inline images.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pikepdf

from ..pdfread.contentstream import ContentError
from ..pdfread.contentstream import Name as CName
from .context import Context, name, objnum
from .fonts_walk import appearance_streams, page_resources

ICC_SPACES = {"RGB ": ("RGB", 3), "CMYK": ("CMYK", 4), "GRAY": ("Gray", 1)}
DEVICE = {"DeviceRGB": "RGB", "RGB": "RGB", "DeviceCMYK": "CMYK", "CMYK": "CMYK",
          "DeviceGray": "Gray", "G": "Gray"}
ALLOWED = {None: set(), "RGB": {"RGB", "Gray"}, "CMYK": {"CMYK", "Gray"}, "Gray": {"Gray"}}
COLOUR_OPERATORS = {"rg": "RGB", "RG": "RGB", "k": "CMYK", "K": "CMYK", "g": "Gray", "G": "Gray"}
FILL_PAINT = frozenset({"f", "F", "f*", "B", "B*", "b", "b*", "Tj", "TJ", "'", '"'})
STROKE_PAINT = frozenset({"S", "s", "B", "B*", "b", "b*"})
PROCESS = frozenset({"Cyan", "Magenta", "Yellow", "Black", "None", "All"})
MAX_DEPTH = 24


# -- 6.2.3 output intent ----------------------------------------------------------------
def icc_problem(data: bytes, n: object, classes: tuple[bytes, ...] = (b"mntr", b"prtr"),
                spaces: tuple[str, ...] = ("RGB ", "CMYK", "GRAY")) -> str | None:
    """Why ``data`` is not a usable ICC profile with ``n`` components, or None."""
    if len(data) < 128 or data[36:40] != b"acsp":
        return "is not an ICC profile"
    if data[12:16] not in classes:
        return f"has device class {data[12:16].decode('latin-1')!r}, not " + \
            " or ".join(c.decode() for c in classes)
    space = data[16:20].decode("latin-1")
    if space not in spaces:
        return f"has colour space {space!r}, not " + ", ".join(s.strip() for s in spaces)
    if data[8] >= 5:
        return f"has version {data[8]}.{data[9] >> 4}; PDF/A-2 accepts ICC profiles below 5"
    components = ICC_SPACES.get(space, ("Lab", 3))[1]
    if not isinstance(n, int) or int(n) != components:
        return f"has {components} components but /N is {n}"
    return None


def check_output_intent(ctx: Context) -> str | None:
    """6.2.3; returns the PDF/A output intent's colour family ("RGB", "CMYK", "Gray") or None."""
    listed = ctx.pdf.Root.get("/OutputIntents")
    intents = [i for i in listed if isinstance(i, pikepdf.Dictionary)] \
        if isinstance(listed, pikepdf.Array) else []
    profiles, family = [], None
    for intent in intents:
        profile = intent.get("/DestOutputProfile")
        if isinstance(profile, pikepdf.Stream):
            profiles.append(profile)
        if name(intent.get("/S")) == "GTS_PDFX" and "/DestOutputProfileRef" in intent:
            ctx.add("6.2.3", "pdfa-intent-profile-ref", "A PDF/X output intent has "
                    "DestOutputProfileRef", obj=objnum(intent))
        if name(intent.get("/S")) != "GTS_PDFA1":
            continue
        if not isinstance(profile, pikepdf.Stream):
            ctx.add("6.2.3", "pdfa-intent-no-profile",
                    "The PDF/A output intent has no DestOutputProfile", obj=objnum(intent))
            continue
        try:
            data = profile.read_bytes()
        except pikepdf.PdfError as exc:
            ctx.add("6.2.3", "pdfa-intent-bad-profile",
                    f"The output intent's profile cannot be decoded ({exc})", obj=objnum(profile))
            continue
        problem = icc_problem(data, profile.get("/N"))
        if problem:
            ctx.add("6.2.3", "pdfa-intent-bad-profile", f"The output intent's profile {problem}",
                    obj=objnum(profile))
        else:
            family = ICC_SPACES[data[16:20].decode("latin-1")][0]
    if len({p.objgen for p in profiles}) > 1:
        ctx.add("6.2.3", "pdfa-intent-profiles-differ",
                "The output intents do not share one DestOutputProfile object")
    if not any(name(i.get("/S")) == "GTS_PDFA1" for i in intents):
        ctx.add("6.2.3", "pdfa-no-output-intent", "The catalog has no PDF/A output intent (GTS_PDFA1)")
    return family


# -- 6.2.4 colour spaces in use ------------------------------------------------------------
@dataclass
class _Walk:
    ctx: Context
    intent: str | None
    page: int = 0
    seen: set = field(default_factory=set)
    reported: set = field(default_factory=set)
    icc_checked: set = field(default_factory=set)

    def add(self, clause: str, rule: str, message: str, obj: int | None = None) -> None:
        if (clause, rule, message) not in self.reported:
            self.reported.add((clause, rule, message))
            self.ctx.add(clause, rule, message, page=self.page, obj=obj)

    # a colour space value in the context of the resources of the content using it
    def space(self, value: object, resources: object, depth: int = 0) -> None:
        if depth > 8:
            return
        if isinstance(value, pikepdf.Name):
            key = str(value)[1:]
            if key in DEVICE:
                self.device(DEVICE[key], resources, "6.2.4.3", "is used")
                return
            if key == "Pattern":
                return
            self.space(_dict(_dict(resources).get("/ColorSpace")).get(value), resources, depth + 1)
            return
        if not isinstance(value, pikepdf.Array) or not len(value):
            return
        family = name(value[0])
        if family == "ICCBased" and len(value) > 1 and isinstance(value[1], pikepdf.Stream):
            self.icc(value[1])
        elif family in ("Indexed", "I") and len(value) > 1:
            base = value[1]
            if isinstance(base, pikepdf.Name) and str(base)[1:] in DEVICE:
                self.device(DEVICE[str(base)[1:]], resources, "6.2.4.5", "is the base of an Indexed space")
            else:
                self.space(base, resources, depth + 1)
        elif family in ("Separation", "DeviceN") and len(value) > 2:
            alternate = value[2]
            if isinstance(alternate, pikepdf.Name) and str(alternate)[1:] in DEVICE:
                self.device(DEVICE[str(alternate)[1:]], None, "6.2.4.4",
                            f"is the alternate space of a {family} space")
            else:
                self.space(alternate, resources, depth + 1)
            if family == "DeviceN":
                self.colorants(value)
        elif family == "Pattern" and len(value) > 1:
            self.space(value[1], resources, depth + 1)

    def device(self, family: str, resources: object, clause: str, how: str) -> None:
        default = _dict(_dict(resources).get("/ColorSpace")).get("/Default" + family)
        if default is not None or family in ALLOWED[self.intent]:
            return
        why = ("there is no PDF/A output intent" if self.intent is None
               else f"the output intent is {self.intent}")
        self.add(clause, "pdfa-device-colour" if clause == "6.2.4.3" else "pdfa-device-colour-" + clause[-1],
                 f"Device{family} {how} without a Default{family} colour space, and {why}")

    def icc(self, stream: pikepdf.Stream) -> None:
        if stream.objgen in self.icc_checked:
            return
        self.icc_checked.add(stream.objgen)
        try:
            data = stream.read_bytes()
        except pikepdf.PdfError:
            data = b""
        problem = icc_problem(data, stream.get("/N"), (b"scnr", b"mntr", b"prtr", b"spac"),
                              ("RGB ", "CMYK", "GRAY", "Lab "))
        if problem:
            self.add("6.2.4.2", "pdfa-icc-profile", f"An ICCBased colour space's profile {problem}",
                     obj=objnum(stream))

    def colorants(self, space: pikepdf.Array) -> None:
        names: pikepdf.Array | list[object] = space[1] if isinstance(space[1], pikepdf.Array) else []
        attrs = _dict(space[4]) if len(space) > 4 else pikepdf.Dictionary()
        colorants = _dict(attrs.get("/Colorants"))
        process = _dict(attrs.get("/Process")).get("/Components")
        process_names = {str(n)[1:] for n in process} if isinstance(process, pikepdf.Array) else set()
        for colorant in names:
            label = name(colorant)
            if label and label not in PROCESS and label not in process_names and f"/{label}" not in colorants:
                self.add("6.2.4.4", "pdfa-devicen-colorant",
                         f"The spot colourant {label} of a DeviceN space is not in its Colorants dictionary")

    # content streams
    def content(self, holder: pikepdf.Object, resources: object, depth: int = 0,
                colours_set: tuple[bool, bool] = (False, False)) -> None:
        """``colours_set``: whether the caller has set the fill and stroke colours (a form
        inherits them; pages, patterns, glyphs and appearances start with the initial gray)."""
        if depth > MAX_DEPTH or not isinstance(holder, (pikepdf.Dictionary, pikepdf.Stream)):
            return
        if holder.objgen != (0, 0):
            if holder.objgen in self.seen:
                return
            self.seen.add(holder.objgen)
        try:
            stream = self.ctx.contents.of(holder)
        except ContentError:
            return
        res = _dict(resources)
        fill_set, stroke_set = colours_set
        overprint = {"cs": False, "CS": False}  # overprint with OPM 1 for fill / stroke
        icc_cmyk = {"cs": False, "CS": False}  # the fill / stroke space is ICCBased CMYK
        overprinted = False  # painted in ICCBased CMYK with overprint and OPM 1
        # What this stream has already had judged: judging it again could add nothing (every
        # finding is reported once, and the resources are the same).
        fonts_judged: set[str] = set()  # Tf operands
        devices_judged: set[str] = set()  # device families of rg, k, g (and RG, K, G)
        for op, start, end in stream.instructions():
            if op not in _JUDGED_OPS:
                continue
            if op == "Tf":
                raw = stream.operands(start, end)
                if raw and isinstance(raw[0], CName) and raw[0] not in fonts_judged:
                    fonts_judged.add(raw[0])
                    self.type3(_resource(res, "/Font", _pdf(raw[0])), depth)
                continue
            operands = [_pdf(v) for v in stream.operands(start, end)] if op in WITH_OPERANDS else []
            if op in FILL_PAINT and icc_cmyk["cs"] and overprint["cs"] or \
                    op in STROKE_PAINT and icc_cmyk["CS"] and overprint["CS"]:
                overprinted = True
            if op in COLOUR_OPERATORS:
                if COLOUR_OPERATORS[op] not in devices_judged:
                    devices_judged.add(COLOUR_OPERATORS[op])
                    self.device(COLOUR_OPERATORS[op], res, "6.2.4.3", "is used")
                icc_cmyk["cs" if op.islower() else "CS"] = False
                if op.islower():
                    fill_set = True
                else:
                    stroke_set = True
            elif op in ("cs", "CS") and operands:
                self.space(operands[0], res)
                icc_cmyk[op] = _is_icc_cmyk(operands[0], res)
                fill_set, stroke_set = fill_set or op == "cs", stroke_set or op == "CS"
            elif op in ("scn", "SCN") and operands and isinstance(operands[-1], pikepdf.Name):
                pattern = _dict(res.get("/Pattern")).get(operands[-1])
                self.pattern(pattern, depth)
            elif op == "sh" and operands:
                shading = _resource(res, "/Shading", operands[0])
                if isinstance(shading, (pikepdf.Dictionary, pikepdf.Stream)):
                    self.space(shading.get("/ColorSpace"), res)
            elif op == "gs" and operands:
                state = _dict(_resource(res, "/ExtGState", operands[0]))
                if "/OPM" in state or "/OP" in state or "/op" in state:
                    stroke = state.get("/OP") is True
                    fill = state.get("/op") is True if "/op" in state else stroke
                    on = state.get("/OPM") == 1
                    overprint = {"cs": on and fill, "CS": on and stroke}
            elif op == "BI":
                items = stream.operands(start, end)
                image = {items[i]: _pdf(items[i + 1]) for i in range(0, len(items) - 1, 2)}
                if image.get("/ImageMask", image.get("/IM")) is not True:
                    self.space(image.get("/ColorSpace", image.get("/CS")), res)
            elif op == "Do" and operands:
                self.xobject(_resource(res, "/XObject", operands[0]), res, depth, (fill_set, stroke_set))
            elif op in FILL_PAINT and not fill_set or op in STROKE_PAINT and not stroke_set:
                self.device("Gray", res, "6.2.4.3", "(the initial colour) is used for painting")
        if overprinted:
            self.add("6.2.4.2", "pdfa-overprint-icc-cmyk",
                     "An ICCBased CMYK colour space is used with overprinting and overprint mode 1")

    def xobject(self, xobject: object, resources: object, depth: int,
                colours_set: tuple[bool, bool]) -> None:
        if not isinstance(xobject, pikepdf.Stream):
            return
        subtype = name(xobject.get("/Subtype"))
        if subtype == "Image":
            if xobject.get("/ImageMask") is not True:
                self.space(xobject.get("/ColorSpace"), resources)
        elif subtype == "Form":
            group = _dict(xobject.get("/Group"))
            own = xobject.get("/Resources", resources)
            if "/CS" in group:
                self.space(group.get("/CS"), own)
            self.content(xobject, own, depth + 1, colours_set)

    def pattern(self, pattern: object, depth: int) -> None:
        if isinstance(pattern, pikepdf.Stream) and pattern.get("/PatternType") == 1:
            if pattern.get("/PaintType") == 1:
                self.content(pattern, pattern.get("/Resources"), depth + 1)
        elif isinstance(pattern, pikepdf.Dictionary):
            shading = pattern.get("/Shading")
            if isinstance(shading, (pikepdf.Dictionary, pikepdf.Stream)):
                self.space(shading.get("/ColorSpace"), None)

    def type3(self, font: object, depth: int) -> None:
        if not isinstance(font, pikepdf.Dictionary) or name(font.get("/Subtype")) != "Type3":
            return
        if font.objgen != (0, 0):
            if ("font",) + font.objgen in self.seen:
                return
            self.seen.add(("font",) + font.objgen)
        for proc in _dict(font.get("/CharProcs")).values():
            if isinstance(proc, pikepdf.Stream) and _colours_glyph(proc):
                self.content(proc, font.get("/Resources"), depth + 1)


WITH_OPERANDS = frozenset({"cs", "CS", "scn", "SCN", "sh", "gs", "Do", "Tf"})
# The operators the colour rules act on (every other one is passed over).
_JUDGED_OPS = WITH_OPERANDS | frozenset(COLOUR_OPERATORS) | FILL_PAINT | STROKE_PAINT | {"BI"}


def _pdf(value: object) -> object:
    """An operand of the streaming reader as the pikepdf object the colour rules expect."""
    if isinstance(value, CName):
        return pikepdf.Name(str(value))
    if isinstance(value, list):
        return pikepdf.Array([_pdf(v) for v in value])
    if isinstance(value, dict):
        return pikepdf.Dictionary({str(k): _pdf(v) for k, v in value.items()})
    if isinstance(value, bytes):
        return pikepdf.String(bytes(value))
    return value


def _colours_glyph(proc: pikepdf.Stream) -> bool:
    """A Type 3 glyph that starts with d0 sets its own colours (d1 glyphs are masks)."""
    try:
        head = proc.read_bytes()[:200]
    except pikepdf.PdfError:
        return False
    return b"d0" in head and b"d1" not in head


def _is_icc_cmyk(value: object, resources: object) -> bool:
    if isinstance(value, pikepdf.Name):
        value = _dict(_dict(resources).get("/ColorSpace")).get(value)
    return (isinstance(value, pikepdf.Array) and len(value) > 1 and name(value[0]) == "ICCBased"
            and isinstance(value[1], pikepdf.Stream) and value[1].get("/N") == 4)


def _dict(value: object) -> pikepdf.Dictionary:
    return value if isinstance(value, pikepdf.Dictionary) else pikepdf.Dictionary()


def _resource(resources: pikepdf.Dictionary, category: str, key: object) -> object:
    """The resource of ``category`` a name operand ``key`` names (None for any other operand)."""
    return _dict(resources.get(category)).get(key) if isinstance(key, pikepdf.Name) else None


def check_colour_spaces(ctx: Context, intent: str | None, separations: bool = True) -> None:
    """6.2.4; ``separations``: False when a walk over every object found no Separation space
    (then the spaces of one name are not compared)."""
    walk = _Walk(ctx, intent)
    for number, page in enumerate(ctx.pdf.pages, start=1):
        walk.page = number
        resources = page_resources(page.obj)
        group = _dict(page.obj.get("/Group"))
        if "/CS" in group:
            walk.space(group.get("/CS"), resources)
        walk.content(page.obj, resources)
        for annot in page.obj.get("/Annots", None) or []:
            for stream in appearance_streams(annot):
                walk.content(stream, stream.get("/Resources"))
    walk.page = 0
    if separations:
        _check_separations(ctx)


# -- 6.2.4.4 Separation spaces of one name agree ----------------------------------------
def _separations(pdf: pikepdf.Pdf) -> Iterator[pikepdf.Array]:
    for obj in pdf.objects:
        todo = [obj]
        while todo:
            item = todo.pop()
            if isinstance(item, pikepdf.Array):
                if len(item) == 4 and name(item[0]) == "Separation":
                    yield item
                todo.extend(v for v in item if isinstance(v, pikepdf.Array | pikepdf.Dictionary)
                            and v.objgen == (0, 0))
            elif isinstance(item, (pikepdf.Dictionary, pikepdf.Stream)):
                todo.extend(v for v in item.values() if isinstance(v, pikepdf.Array | pikepdf.Dictionary)
                            and v.objgen == (0, 0))


def _canonical(value: object, depth: int = 0) -> object:
    """A comparable form of a PDF object: direct or indirect and compression do not matter."""
    if depth > 16:
        return None
    if isinstance(value, pikepdf.Stream):
        try:
            data = value.read_bytes()
        except pikepdf.PdfError:
            data = value.read_raw_bytes()
        keys = {k: _canonical(v, depth + 1) for k, v in value.items()
                if k not in ("/Length", "/Filter", "/DecodeParms")}
        return ("stream", tuple(sorted(keys.items())), data)
    if isinstance(value, pikepdf.Dictionary):
        return ("dict", tuple(sorted((k, _canonical(v, depth + 1)) for k, v in value.items())))
    if isinstance(value, pikepdf.Array):
        return ("array", tuple(_canonical(v, depth + 1) for v in value))
    if isinstance(value, pikepdf.Name):
        return ("name", str(value))
    if isinstance(value, pikepdf.String):
        return ("string", bytes(value))
    return ("value", str(value))


def _check_separations(ctx: Context) -> None:
    first: dict[str, tuple[object, object]] = {}
    for sep in _separations(ctx.pdf):
        colourant = name(sep[1]) or "?"
        alternate, tint = _canonical(sep[2]), _canonical(sep[3])
        if colourant not in first:
            first[colourant] = (alternate, tint)
            continue
        if first[colourant][0] != alternate:
            ctx.add("6.2.4.4", "pdfa-separation-differs",
                    f"Separation spaces named {colourant} have different alternate spaces")
        elif first[colourant][1] != tint:
            ctx.add("6.2.4.4", "pdfa-separation-differs",
                    f"Separation spaces named {colourant} have different tint transforms")
