"""PDF/A-2 font rules (ISO 19005-2, 6.2.11).

Most font requirements of PDF/A-2 are those of PDF/UA-1 7.21, which the checker's font rules
(``fonts.py``) already judge on every file; their findings are carried over clause by clause
(FONT_CLAUSES).  Added here:

6.2.11.4.1  every font used for rendering is embedded (Type 3 fonts excepted); text shown with
            a composite font does not end in an incomplete code
6.2.11.7.2  (from 7.21.7) levels A and U only; a composite font whose CIDFont uses one of the
            Adobe-GB1, Adobe-CNS1, Adobe-Japan1 or Adobe-Korea1 character collections counts as
            mapped (with an embedded CMap: of the same collection, supplement at least the font's)
6.2.11.7.3  level A: a character that maps to the Unicode Private Use Area is covered by an
            /ActualText, in a marked-content property list around it or in its structure
            element (or an ancestor)
"""
from __future__ import annotations

from collections.abc import Iterator

import pikepdf

from ..pdfread.contentstream import ContentError, Name, PdfString
from ..pdfread.structure import StructElement
from .content_cache import ContentCache
from .context import Context, name, objnum
from .fonts import FontUsage
from .fonts_model import FontModel
from .fonts_walk import iter_fonts, page_resources

# PDF/UA-1 font clause -> PDF/A-2 clause of the same requirement.
FONT_CLAUSES = {
    "7.21.3.1": "6.2.11.3.1", "7.21.3.2": "6.2.11.3.2", "7.21.3.3": "6.2.11.3.3",
    "7.21.4.1": "6.2.11.4.1", "7.21.4.2": "6.2.11.4.2", "7.21.5": "6.2.11.5",
    "7.21.6": "6.2.11.6", "7.21.7": "6.2.11.7.2", "7.21.8": "6.2.11.8",
}
UNICODE_LEVELS = ("A", "U")  # 6.2.11.7.2 applies at these levels
CJK_COLLECTIONS = frozenset({"GB1", "CNS1", "Japan1", "Korea1"})
MAX_DEPTH = 16


def check_pdfa_fonts(ctx: Context, level: str, usage: FontUsage | None) -> None:
    fonts = list(iter_fonts(ctx.pdf))
    _check_embedding(ctx, usage, fonts)
    _check_font_dictionaries(ctx, fonts)
    for finding in list(ctx.findings):
        clause = FONT_CLAUSES.get(finding.clause)
        if clause is None:
            continue
        if clause == "6.2.11.7.2" and (level not in UNICODE_LEVELS or _cjk_font(ctx, finding.obj)):
            continue
        rule = "pdfa-font-no-unicode" if finding.rule == "no-unicode-mapping" else "pdfa-" + finding.rule
        ctx.add(clause, rule, finding.message, page=finding.page, obj=finding.obj, path=finding.path)
    _check_shown_codes(ctx, private_use=level == "A")


def _check_embedding(ctx: Context, usage: FontUsage | None,
                     fonts: list[tuple[pikepdf.Dictionary, int]]) -> None:
    """6.2.11.4.1 for fonts used for rendering; a font that shows nothing is exempt.
    ``fonts``: iter_fonts' fonts and first pages."""
    for font, page in fonts:
        subtype = name(font.get("/Subtype"))
        if subtype == "Type3" or (usage is not None and not usage.renders_with(font)):
            continue
        target: pikepdf.Object = font
        if subtype == "Type0":
            kids = font.get("/DescendantFonts")
            target = kids[0] if isinstance(kids, pikepdf.Array) and len(kids) else font
        descriptor = target.get("/FontDescriptor")
        descriptor = descriptor if isinstance(descriptor, pikepdf.Dictionary) else pikepdf.Dictionary()
        if not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
            ctx.add("6.2.11.4.1", "pdfa-font-not-embedded",
                    f"The font {name(font.get('/BaseFont')) or '?'} is not embedded",
                    page=page, obj=objnum(font))


def _check_font_dictionaries(ctx: Context, found: list[tuple[pikepdf.Dictionary, int]]) -> None:
    """6.2.11.2: font dictionaries as ISO 32000-1, 9.6 and 9.7 define them."""
    for font, page in found:
        fonts = [font]
        kids = font.get("/DescendantFonts")
        if name(font.get("/Subtype")) == "Type0" and isinstance(kids, pikepdf.Array):
            fonts += [k for k in kids if isinstance(k, pikepdf.Dictionary)]
        for f in fonts:
            for problem in _font_dictionary_problems(f):
                ctx.add("6.2.11.2", "pdfa-font-dictionary", f"The font {name(f.get('/BaseFont')) or '?'} "
                        f"{problem}", page=page, obj=objnum(f))


def _font_dictionary_problems(font: pikepdf.Dictionary) -> Iterator[str]:
    subtype = name(font.get("/Subtype"))
    if name(font.get("/Type")) != "Font":
        yield "has no /Type /Font"
    if subtype not in FONT_SUBTYPES:
        yield f"has the subtype {subtype!r}, which ISO 32000-1 does not define"
    if subtype != "Type3" and not isinstance(font.get("/BaseFont"), pikepdf.Name):
        yield "has no BaseFont"
    descriptor = font.get("/FontDescriptor")
    descriptor = descriptor if isinstance(descriptor, pikepdf.Dictionary) else pikepdf.Dictionary()
    embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    program = descriptor.get("/FontFile3")
    if isinstance(program, pikepdf.Stream) and "/Subtype" in program and \
            name(program.get("/Subtype")) not in ("Type1C", "CIDFontType0C", "OpenType"):
        yield f"has a FontFile3 of subtype {program.get('/Subtype')}"
    standard = subtype in ("Type1", "MMType1", "TrueType") and not embedded and \
        (name(font.get("/BaseFont")) or "").split("+")[-1] in STANDARD_14
    if subtype in ("Type1", "MMType1", "TrueType", "Type3") and not standard:
        first, last, widths = font.get("/FirstChar"), font.get("/LastChar"), font.get("/Widths")
        if not isinstance(first, int) or not isinstance(last, int):
            yield "has no FirstChar or LastChar"
        elif not isinstance(widths, pikepdf.Array) or len(widths) != int(last) - int(first) + 1:
            yield "has no Widths array of LastChar - FirstChar + 1 entries"


FONT_SUBTYPES = frozenset({"Type1", "MMType1", "TrueType", "Type3", "Type0", "CIDFontType0", "CIDFontType2"})
STANDARD_14 = frozenset({
    "Times-Roman", "Times-Bold", "Times-Italic", "Times-BoldItalic", "Helvetica", "Helvetica-Bold",
    "Helvetica-Oblique", "Helvetica-BoldOblique", "Courier", "Courier-Bold", "Courier-Oblique",
    "Courier-BoldOblique", "Symbol", "ZapfDingbats"})


def _cjk_font(ctx: Context, obj: int | None) -> bool:
    """Whether font object ``obj`` is composite with an Adobe CJK character collection."""
    if obj is None:
        return False
    try:
        font = ctx.pdf.get_object((obj, 0))
    except (pikepdf.PdfError, ValueError):
        return False
    kids = font.get("/DescendantFonts") if isinstance(font, pikepdf.Dictionary) else None
    if not isinstance(kids, pikepdf.Array) or not len(kids) or not isinstance(kids[0], pikepdf.Dictionary):
        return False
    info = kids[0].get("/CIDSystemInfo")
    if not (isinstance(info, pikepdf.Dictionary) and str(info.get("/Registry", "")) == "Adobe"
            and str(info.get("/Ordering", "")) in CJK_COLLECTIONS):
        return False
    cmap = font.get("/Encoding")
    cmap_info = cmap.get("/CIDSystemInfo") if isinstance(cmap, pikepdf.Stream) else None
    if not isinstance(cmap_info, pikepdf.Dictionary):
        return isinstance(cmap, pikepdf.Name)  # a predefined CMap of the collection
    # an embedded CMap maps to Unicode through its collection only for the CIDs it covers
    supplement, cmap_supplement = info.get("/Supplement", 0), cmap_info.get("/Supplement", 0)
    return (str(cmap_info.get("/Ordering", "")) == str(info.get("/Ordering"))
            and isinstance(supplement, int) and isinstance(cmap_supplement, int)
            and int(supplement) <= int(cmap_supplement))


# -- 6.2.11.7.3 Private Use Area characters need ActualText -------------------------------
def _is_private_use(text: str) -> bool:
    return any(0xE000 <= ord(c) <= 0xF8FF or ord(c) >= 0xF0000 for c in text)


def _check_shown_codes(ctx: Context, private_use: bool) -> None:
    """6.2.11.4.1: a string shown with a composite font that ends in an incomplete code refers
    to a glyph no font defines; 6.2.11.7.3 (``private_use``): Private Use Area text needs an
    ActualText."""
    covered = _elements_with_actual_text(ctx) if private_use else set()
    fonts: dict[tuple[int, int], _ShownFont] = {}
    for number, page in enumerate(ctx.pdf.pages, start=1):
        for font, data, around in _shown_strings(page.obj, ctx.contents):
            key = font.objgen
            shown = fonts.get(key)
            if shown is None:
                shown = fonts[key] = _ShownFont(FontModel(ctx.pdf, font), font)
            if shown.partial_reported and (not private_use or shown.pua_reported):
                continue  # nothing more this font can be reported for
            codes = None
            if shown.is_type0:  # a simple font's codes (one a byte) are never incomplete
                try:
                    codes = shown.model.split(data)
                except (ValueError, KeyError, IndexError, pikepdf.PdfError):
                    continue
                if not shown.partial_reported and sum(n for n, _ in codes) < len(data):
                    shown.partial_reported = True
                    ctx.add("6.2.11.4.1", "pdfa-incomplete-code",
                            f"Text in font {shown.label} ends in an incomplete character code, a glyph the "
                            "font does not define", page=number, obj=objnum(font))
            if not private_use or shown.pua_reported or around.actual() \
                    or (covered and any((number, m) in covered for m in around.mcids())):
                continue
            if shown.bytes_map_to_private_use(data) if codes is None else shown.maps_to_private_use(codes):
                shown.pua_reported = True
                ctx.add("6.2.11.7.3", "pdfa-private-use-without-actualtext",
                        f"Text in font {shown.label} maps to the Unicode Private Use Area without an "
                        "ActualText", page=number, obj=objnum(font))


class _ShownFont:
    """What the shown-codes rules know of one font: its model, whether it has been reported
    (each rule reports a font once), and which of its codes map to the Private Use Area."""

    def __init__(self, model: FontModel, font: pikepdf.Dictionary) -> None:
        self.model = model
        self.label = name(font.get("/BaseFont")) or "?"
        self.is_type0 = name(font.get("/Subtype")) == "Type0"
        self.partial_reported = False
        self.pua_reported = False
        self._private: dict[tuple[int, int], bool] = {}  # code -> whether it maps into the PUA
        self._bytes_known: set[int] = set()  # simple fonts: the codes judged (one a byte),
        self._private_bytes: set[int] = set()  # and those of them that map into the PUA

    def maps_to_private_use(self, codes: list[tuple[int, int]]) -> bool:
        """Whether one of ``codes`` maps to the Private Use Area; False when the Unicode of
        one of them cannot be read."""
        known = self._private
        try:
            for code in set(codes).difference(known):
                known[code] = _is_private_use(self.model.unicode(*code)[1] or "")
        except (ValueError, KeyError, IndexError, pikepdf.PdfError):
            return False
        return any(map(known.__getitem__, codes))

    def bytes_map_to_private_use(self, data: bytes) -> bool:
        """maps_to_private_use for a simple font's codes (one a byte), without making them
        into (1, code) pairs."""
        if self._bytes_known.issuperset(data):  # no code met for the first time
            return bool(self._private_bytes) and not self._private_bytes.isdisjoint(data)
        try:
            for byte in set(data).difference(self._bytes_known):
                if _is_private_use(self.model.unicode(1, byte)[1] or ""):
                    self._private_bytes.add(byte)
                self._bytes_known.add(byte)
        except (ValueError, KeyError, IndexError, pikepdf.PdfError):
            return False
        return not self._private_bytes.isdisjoint(data)


def _elements_with_actual_text(ctx: Context) -> set[tuple[int | None, int]]:
    """(page, MCID) of marked content whose structure element (or an ancestor) has ActualText."""
    out: set[tuple[int | None, int]] = set()
    for node in (ctx.tree.all if ctx.tree is not None else []):
        probe: StructElement | None = node
        depth = 0
        while probe is not None and depth < 256:
            if "/ActualText" in probe.obj:
                out.update((page, mcid) for page, mcid, _ in node.mcids)
                break
            probe, depth = probe.parent, depth + 1
    return out


_SHOWN_OPS = frozenset({"Tf", "BDC", "BMC", "EMC", "Tj", "TJ", "'", '"', "Do"})


class _Around:
    """The marked content open around the instruction a content walk is at: the MCIDs and
    ActualTexts of the sequences open in the enclosing streams (``outer_*``) and in this
    one, read only when asked (most strings never need them)."""

    def __init__(self, outer_mcids: list[int], outer_actual: bool) -> None:
        self.outer_mcids = outer_mcids
        self.outer_actual = outer_actual
        self.stack: list[tuple[int | None, bool]] = []  # (MCID, ActualText) per open sequence
        self.open_actual = 0  # how many of them have an ActualText

    def push(self, mcid: int | None, actual: bool) -> None:
        self.stack.append((mcid, actual))
        self.open_actual += actual

    def pop(self) -> None:
        if self.stack:
            self.open_actual -= self.stack.pop()[1]

    def mcids(self) -> list[int]:
        return self.outer_mcids + [m for m, _ in self.stack if m is not None]

    def actual(self) -> bool:
        return self.outer_actual or self.open_actual > 0


def _shown_strings(page: pikepdf.Dictionary, contents: ContentCache
                   ) -> Iterator[tuple[pikepdf.Dictionary, bytes, _Around]]:
    """(font, string, the marked content around it: as it is when the string is yielded);
    ``contents``: the check's content streams, each read once for all rules."""
    # (content, resources, depth, MCIDs around it, whether an ActualText is around it)
    jobs: list[tuple[pikepdf.Object, object, int, list[int], bool]] = [
        (page, page_resources(page), 0, [], False)]
    seen: set = set()
    while jobs:
        target, res, depth, outer_mcids, outer_actual = jobs.pop()
        fonts = res.get("/Font") if isinstance(res, pikepdf.Dictionary) else None
        xobjs = res.get("/XObject") if isinstance(res, pikepdf.Dictionary) else None
        try:
            stream = contents.of(target)
        except ContentError:
            continue
        font = None
        around = _Around(outer_mcids, outer_actual)
        chosen: dict[str, pikepdf.Dictionary | None] = {}  # Tf operand -> font, in this stream
        operands_of = stream.operands
        for op, start, end in stream.instructions():
            if op not in _SHOWN_OPS:
                continue
            if op == "Tj" or op == "'":
                if font is None:
                    continue
                lone = stream.lone_string(start, end)
                if lone is not None:
                    yield font, lone, around
                    continue
            elif op == "TJ":
                if font is None:
                    continue
                plain = stream.array_strings(start, end)
                if plain is not None:
                    for item in plain:
                        yield font, item, around
                    continue
            elif op == "EMC":
                around.pop()
                continue
            operands = operands_of(start, end)
            if op == "Tf" and operands and isinstance(fonts, pikepdf.Dictionary):
                resource_key = str(operands[0])
                if resource_key not in chosen:
                    candidate = fonts.get(resource_key)
                    chosen[resource_key] = candidate if isinstance(candidate, pikepdf.Dictionary) else None
                font = chosen[resource_key]
            elif op in ("BDC", "BMC"):
                props = operands[1] if op == "BDC" and len(operands) > 1 else None
                if isinstance(props, Name) and isinstance(res, pikepdf.Dictionary):
                    named = res.get("/Properties")
                    props = named.get(str(props)) if isinstance(named, pikepdf.Dictionary) else None
                mcid = props.get("/MCID") if isinstance(props, (pikepdf.Dictionary, dict)) else None
                around.push(int(mcid) if isinstance(mcid, int) else None,
                            isinstance(props, (pikepdf.Dictionary, dict)) and "/ActualText" in props)
            elif op in ("Tj", "'", '"') and operands and font is not None:
                if isinstance(operands[-1], PdfString):
                    yield font, bytes(operands[-1]), around
            elif op == "TJ" and operands and font is not None and isinstance(operands[0], list):
                for item in operands[0]:
                    if isinstance(item, PdfString):
                        yield font, bytes(item), around
            elif op == "Do" and operands and isinstance(xobjs, pikepdf.Dictionary) and depth < MAX_DEPTH:
                xobj = xobjs.get(str(operands[0]))
                if isinstance(xobj, pikepdf.Stream) and name(xobj.get("/Subtype")) == "Form" \
                        and xobj.objgen not in seen:
                    seen.add(xobj.objgen)
                    jobs.append((xobj, xobj.get("/Resources", res), depth + 1, around.mcids(),
                                 around.actual()))
