"""PDF/UA-1 font rules, ISO 14289-1 clause 7.21 (Matterhorn Protocol checkpoint 31).

Two entry points:

* check_fonts(pdf): rules about font dictionaries and their embedded programs
  (7.21.3.x composite fonts and CMaps, 7.21.4.1 embedding, 7.21.4.2 CharSet and
  CIDSet, 7.21.6 TrueType encodings and cmaps), for every font reachable from
  page resources, form XObjects, annotation appearances, patterns and Type3 fonts.
* FontUsage: the core's content walker reports every shown string through
  on_show_text(); findings() then checks the codes actually used (7.21.4.1
  glyphs present, 7.21.5 widths, 7.21.7 Unicode mapping, 7.21.8 .notdef).

Rule ids by clause:
  7.21.3.1  type0-descendant-invalid, cidsysteminfo-missing, cidsysteminfo-registry-mismatch,
            cidsysteminfo-ordering-mismatch, cidsysteminfo-supplement-too-high
  7.21.3.2  cidtogidmap-missing, cidtogidmap-invalid
  7.21.3.3  cmap-missing, cmap-not-embedded, cmap-wmode-mismatch, cmap-references-nonstandard
  7.21.4.1  font-not-embedded, font-program-unreadable, glyph-missing
  7.21.4.2  charset-incomplete, cidset-incomplete
  7.21.5    glyph-width-mismatch (tolerance 1/1000 em)
  7.21.6    truetype-nonsymbolic-encoding, truetype-nonsymbolic-cmap, truetype-differences-not-agl,
            truetype-differences-without-unicode-cmap, truetype-symbolic-has-encoding,
            truetype-symbolic-cmap
  7.21.7    no-unicode-mapping, tounicode-invalid-value
  7.21.8    notdef-glyph-used
Glyph-level findings come one per font and rule, listing the first offending codes.

Helpers: fonts_walk (finding fonts; a test walker), fonts_model (one font:
code -> Unicode/glyph/width), font_programs (the embedded TrueType, OpenType, CFF and
Type 1 programs, read with fontTools), pipeline.pdfread.cmap (CMaps),
pipeline.pdfread.glyphnames (glyph names).
"""
from __future__ import annotations

from collections.abc import Iterator

import pikepdf

from ..pdfread.cmap import PREDEFINED_CMAPS
from ..pdfread.glyphnames import in_glyph_list
from .findings import Finding
from .font_programs import CFFProgram, FontProgramError, TrueTypeProgram
from .fonts_model import (
    MISSING,
    NOTDEF,
    OK,
    SUBSET_PREFIX,
    FontModel,
    font_file,
    is_name_keyed,
    load_cmap,
    load_program,
    name_of,
    number,
)
from .fonts_walk import iter_fonts, iter_shown_text

__all__ = ["check_fonts", "FontUsage", "iter_fonts", "iter_shown_text"]

# What reading a damaged embedded font program can raise; such glyphs are "cannot tell".
_PROGRAM_ERRORS = (FontProgramError, IndexError, KeyError, ValueError, OverflowError)
# Which character collection each predefined CMap (ISO 32000-1:2008, Table 118) uses.
_CMAP_ORDERING = [
    ("GB1", ("GB-", "GBpc-", "GBK-", "GBKp-", "GBK2K-", "UniGB-")),
    ("CNS1", ("B5pc-", "HKscs-", "ETen-", "ETenms-", "CNS-", "UniCNS-")),
    ("Korea1", ("KSC-", "KSCms-", "KSCpc-", "UniKS-")),
    ("Japan1", ("83pv-", "90ms-", "90msp-", "90pv-", "Add-", "EUC-", "Ext-", "UniJIS-", "H", "V")),
]


def _objnum(obj) -> int | None:
    return obj.objgen[0] or None


# ---------------------------------------------------------------------------
# Font dictionary rules
# ---------------------------------------------------------------------------

def check_fonts(pdf: pikepdf.Pdf, usage: FontUsage | None = None) -> Iterator[Finding]:
    """Font-dictionary rules of 7.21 for every font reachable from page resources,
    form XObjects (recursively), annotation appearance streams and Type3 font resources.
    Each font object checked once.

    7.21.4.1 asks for embedding of fonts "used for rendering". Given the FontUsage that
    the content walker filled, a font that no visible text was shown with (for example
    ReportLab's default /F1 Helvetica, selected by Tf but never drawn) is not reported
    as not embedded. Without it, every reachable font must be embedded."""
    for font, page in iter_fonts(pdf):
        subtype = name_of(font.get("/Subtype"))
        rendered = usage is None or usage.renders_with(font)
        # Rules that need the font program only for fonts that show text (parse less).
        deep = usage is None or usage.shows_with(font)
        if subtype == "Type0":
            yield from _check_type0(pdf, font, page, rendered, deep)
        elif subtype in ("Type1", "MMType1", "TrueType"):
            yield from _check_simple(pdf, font, subtype, page, rendered, deep)


def _font_name(font) -> str:
    return name_of(font.get("/BaseFont")) or "(unnamed)"


def _check_embedded(pdf, font, descriptor, page, obj) -> Iterator[Finding]:
    found = font_file(descriptor)
    if found is None:
        yield Finding("7.21.4.1", "font-not-embedded",
                      f"Font {_font_name(font)} is not embedded in the file.", page, obj)
    elif load_program(pdf, descriptor) is None:
        # Embedded bytes that are no font program (random bytes, a truncated file, the
        # wrong format for its key): the glyphs cannot be rendered, so nothing is embedded.
        yield Finding("7.21.4.1", "font-program-unreadable",
                      f"Font {_font_name(font)}: the embedded font program ({found[0][1:]}) "
                      "cannot be parsed as a font.", page, obj)


def _check_type0(pdf, font, page, rendered: bool = True, deep: bool = True) -> Iterator[Finding]:
    obj = _objnum(font)
    name = _font_name(font)
    model = FontModel(pdf, font)
    cidfont = model.cidfont
    cid_subtype = name_of(cidfont.get("/Subtype")) if cidfont is not None else None
    if cidfont is None or cid_subtype not in ("CIDFontType0", "CIDFontType2"):
        yield Finding("7.21.3.1", "type0-descendant-invalid",
                      f"Composite font {name} has no valid CIDFont in DescendantFonts.", page, obj)
        return

    yield from _check_cmap(pdf, font, model, page, obj)
    yield from _check_cid_system_info(font, model, cidfont, page, obj)

    if cid_subtype == "CIDFontType2":
        gidmap = cidfont.get("/CIDToGIDMap")
        if gidmap is None:
            yield Finding("7.21.3.2", "cidtogidmap-missing",
                          f"Type 2 CIDFont {name} has no CIDToGIDMap entry.", page, obj)
        elif not isinstance(gidmap, pikepdf.Stream) and name_of(gidmap) != "Identity":
            yield Finding("7.21.3.2", "cidtogidmap-invalid",
                          f"Type 2 CIDFont {name} has a CIDToGIDMap that is neither a stream nor /Identity.",
                          page, obj)

    descriptor = model.descriptor
    if rendered:
        yield from _check_embedded(pdf, font, descriptor, page, obj)
    if deep and descriptor is not None and isinstance(descriptor.get("/CIDSet"), pikepdf.Stream):
        yield from _check_cidset(pdf, model, descriptor, page, obj)


def _check_cmap(pdf, font, model: FontModel, page, obj) -> Iterator[Finding]:
    enc = font.get("/Encoding")
    name = _font_name(font)
    if isinstance(enc, pikepdf.Stream):
        info = load_cmap(pdf, enc)
        dict_wmode = number(enc.get("/WMode"), 0)
        stream_wmode = info.wmode if info.wmode is not None else 0
        if int(dict_wmode) != stream_wmode:
            yield Finding("7.21.3.3", "cmap-wmode-mismatch",
                          f"Embedded CMap of font {name} has WMode {int(dict_wmode)} in its dictionary "
                          f"but {stream_wmode} in the CMap program.", page, obj)
        use = enc.get("/UseCMap")
        refs = [r for r in dict.fromkeys((info.usecmap, name_of(use))) if r]
        if isinstance(use, pikepdf.Stream):
            yield Finding("7.21.3.3", "cmap-references-nonstandard",
                          f"Embedded CMap of font {name} uses another embedded CMap.", page, obj)
        for ref in refs:
            if ref not in PREDEFINED_CMAPS:
                yield Finding("7.21.3.3", "cmap-references-nonstandard",
                              f"Embedded CMap of font {name} references CMap {ref}, which is not predefined.",
                              page, obj)
    elif name_of(enc) is not None:
        if name_of(enc) not in PREDEFINED_CMAPS:
            yield Finding("7.21.3.3", "cmap-not-embedded",
                          f"Font {name} uses CMap {name_of(enc)}, which is neither predefined nor embedded.",
                          page, obj)
    else:
        yield Finding("7.21.3.3", "cmap-missing", f"Composite font {name} has no Encoding CMap.", page, obj)


def _csi(value):
    if isinstance(value, pikepdf.Array) and len(value):
        value = value[0]
    if not isinstance(value, pikepdf.Dictionary):
        return None
    reg, order, sup = value.get("/Registry"), value.get("/Ordering"), value.get("/Supplement")
    return (str(reg) if reg is not None else None, str(order) if order is not None else None,
            int(number(sup)) if number(sup) is not None else None)


def _check_cid_system_info(font, model: FontModel, cidfont, page, obj) -> Iterator[Finding]:
    enc = font.get("/Encoding")
    if name_of(enc) in ("Identity-H", "Identity-V"):
        return
    cid_csi = _csi(cidfont.get("/CIDSystemInfo"))
    if isinstance(enc, pikepdf.Stream):
        cmap_csi = _csi(enc.get("/CIDSystemInfo"))
        if cmap_csi is None:
            info = model.encoding_cmap
            cmap_csi = (info.registry, info.ordering, info.supplement) if info is not None else None
    elif name_of(enc) in PREDEFINED_CMAPS:
        cmap_name = name_of(enc) or ""
        ordering = next((o for o, prefixes in _CMAP_ORDERING
                         if any(cmap_name.startswith(p) if p.endswith("-") else cmap_name == p
                             for p in prefixes)), None)
        cmap_csi = ("Adobe", ordering, None) if ordering else None
    else:
        return  # not embedded and not predefined: reported under 7.21.3.3
    name = _font_name(font)
    if cid_csi is None or cmap_csi is None:
        yield Finding("7.21.3.1", "cidsysteminfo-missing",
                      f"Composite font {name}: the CIDFont or its CMap lacks CIDSystemInfo.", page, obj)
        return
    if cid_csi[0] != cmap_csi[0]:
        yield Finding("7.21.3.1", "cidsysteminfo-registry-mismatch",
                      f"Composite font {name}: CIDFont Registry {cid_csi[0]!r} differs from CMap Registry "
                      f"{cmap_csi[0]!r}.", page, obj)
    if cid_csi[1] != cmap_csi[1]:
        yield Finding("7.21.3.1", "cidsysteminfo-ordering-mismatch",
                      f"Composite font {name}: CIDFont Ordering {cid_csi[1]!r} differs from CMap Ordering "
                      f"{cmap_csi[1]!r}.", page, obj)
    if cmap_csi[2] is not None and (cid_csi[2] is None or cid_csi[2] > cmap_csi[2]):
        yield Finding("7.21.3.1", "cidsysteminfo-supplement-too-high",
                      f"Composite font {name}: CIDFont Supplement {cid_csi[2]} is greater than CMap "
                      f"Supplement {cmap_csi[2]}.", page, obj)


def _is_subset(font) -> bool:
    return bool(SUBSET_PREFIX.match(_font_name(font)))


def _check_cidset(pdf, model: FontModel, descriptor, page, obj) -> Iterator[Finding]:
    prog = model.program
    if prog is None or not _is_subset(model.font):
        return
    try:
        data = descriptor.get("/CIDSet").read_bytes()
    except pikepdf.PdfError:
        return
    listed = {i for i in range(len(data) * 8) if data[i >> 3] & (0x80 >> (i & 7))}
    if isinstance(prog, CFFProgram) and prog.is_cid:
        present = set(prog.cids)
        unknown = listed - present
    elif isinstance(prog, TrueTypeProgram):
        gidmap = model.cidfont.get("/CIDToGIDMap") if model.cidfont is not None else None
        if isinstance(gidmap, pikepdf.Stream):
            raw = gidmap.read_bytes()
            to_gid = {c: int.from_bytes(raw[2 * c:2 * c + 2], "big") for c in range(len(raw) // 2)}
        else:
            to_gid = {c: c for c in range(prog.num_glyphs or 0)}
        present = {c for c, g in to_gid.items() if prog.has_outline(g)}
        unknown = {c for c in listed if c not in to_gid or to_gid[c] >= (prog.num_glyphs or 0)}
    else:
        return
    missing = present - listed - {0}
    if missing or unknown:
        detail = (f"{len(missing)} CIDs present in the font program are not listed" if missing
                  else f"{len(unknown)} CIDs listed are not in the font program")
        yield Finding("7.21.4.2", "cidset-incomplete",
                      f"CIDSet of subset font {_font_name(model.font)} is wrong: {detail}.", page, obj)


def _check_simple(pdf, font, subtype, page, rendered: bool = True, deep: bool = True) -> Iterator[Finding]:
    obj = _objnum(font)
    model = FontModel(pdf, font)
    descriptor = model.descriptor
    if rendered:
        yield from _check_embedded(pdf, font, descriptor, page, obj)
    if deep and subtype in ("Type1", "MMType1") and descriptor is not None:
        yield from _check_charset(model, descriptor, page, obj)
    if subtype == "TrueType":
        yield from _check_truetype_encoding(model, page, obj, deep)


def _check_charset(model: FontModel, descriptor, page, obj) -> Iterator[Finding]:
    charset = descriptor.get("/CharSet")
    if charset is None or not _is_subset(model.font):
        return
    prog = model.program
    if not is_name_keyed(prog):
        return
    listed = {n for n in bytes(charset).decode("latin-1").split("/") if n}
    present = set(prog.glyph_names) - {".notdef"}
    missing, extra = present - listed, listed - present - {".notdef"}
    if missing or extra:
        detail = (f"glyphs {', '.join(sorted(missing)[:5])} are in the font program but not listed"
                  if missing else
                  f"glyphs {', '.join(sorted(extra)[:5])} are listed but not in the font program")
        yield Finding("7.21.4.2", "charset-incomplete",
                      f"CharSet of subset font {_font_name(model.font)} is wrong: {detail}.", page, obj)


def _check_truetype_encoding(model: FontModel, page, obj, deep: bool = True) -> Iterator[Finding]:
    font = model.font
    name = _font_name(font)
    enc = font.get("/Encoding")
    prog = model.program if deep and font_file(model.descriptor) is not None else None
    ids = prog.cmap_ids if isinstance(prog, TrueTypeProgram) else None
    if model.symbolic:
        if enc is not None:
            yield Finding("7.21.6", "truetype-symbolic-has-encoding",
                          f"Symbolic TrueType font {name} has an Encoding entry.", page, obj)
        if ids is not None and len(ids) != 1 and (3, 0) not in ids:
            yield Finding("7.21.6", "truetype-symbolic-cmap",
                          f"Symbolic TrueType font {name}: the cmap table has {len(ids)} subtables and no "
                          "Microsoft Symbol (3,0) subtable.", page, obj)
        return
    if ids is not None and (3, 1) not in ids and (1, 0) not in ids:
        yield Finding("7.21.6", "truetype-nonsymbolic-cmap",
                      f"Non-symbolic TrueType font {name}: the cmap table has neither a (3,1) nor a (1,0) "
                      "subtable.", page, obj)
    ok_names = ("MacRomanEncoding", "WinAnsiEncoding")
    if isinstance(enc, pikepdf.Dictionary) and not isinstance(enc, pikepdf.Stream):
        base = enc.get("/BaseEncoding")
        diffs = enc.get("/Differences")
        has_diffs = isinstance(diffs, pikepdf.Array) and len(diffs) > 0
        diff_names = list(diffs) if isinstance(diffs, pikepdf.Array) else []
        if base is not None and name_of(base) not in ok_names:
            yield Finding("7.21.6", "truetype-nonsymbolic-encoding",
                          f"Non-symbolic TrueType font {name} has BaseEncoding {base}; only "
                          "MacRomanEncoding or WinAnsiEncoding are allowed.", page, obj)
        elif base is None and not has_diffs:
            yield Finding("7.21.6", "truetype-nonsymbolic-encoding",
                          f"Non-symbolic TrueType font {name} has an Encoding dictionary with neither "
                          "BaseEncoding nor Differences.", page, obj)
        if has_diffs:
            bad = [str(n)[1:] for n in diff_names
                   if isinstance(n, pikepdf.Name) and not in_glyph_list(str(n)[1:])]
            if bad:
                yield Finding("7.21.6", "truetype-differences-not-agl",
                              f"Non-symbolic TrueType font {name}: Differences uses glyph names not in the "
                              f"Adobe Glyph List ({', '.join(bad[:5])}).", page, obj)
            elif ids is not None and (3, 1) not in ids:
                yield Finding("7.21.6", "truetype-differences-without-unicode-cmap",
                              f"Non-symbolic TrueType font {name} has Differences but no (3,1) cmap "
                              "subtable.", page, obj)
    elif name_of(enc) not in ok_names:
        what = f"Encoding {enc}" if enc is not None else "no Encoding entry"
        yield Finding("7.21.6", "truetype-nonsymbolic-encoding",
                      f"Non-symbolic TrueType font {name} has {what}; it needs MacRomanEncoding or "
                      "WinAnsiEncoding.", page, obj)


# ---------------------------------------------------------------------------
# Glyph-level rules over the codes actually shown
# ---------------------------------------------------------------------------

def _font_key(font: pikepdf.Dictionary):
    """Identity of a font dictionary: its object number, or its text if it is a direct object
    (pikepdf gives a new wrapper for each access, so id() would not do)."""
    if font.objgen != (0, 0):
        return font.objgen
    return font.unparse()


class _Used:
    __slots__ = ("font", "simple", "pages", "visible")

    def __init__(self, font, simple: bool) -> None:
        self.font = font
        self.simple = simple
        self.visible = False  # shown at least once in a rendering mode other than 3
        self.pages: dict = {}  # page -> set of byte values (simple) or of shown strings


class FontUsage:
    """Collects which character codes are shown with which font, for glyph-level rules
    (7.21.8 .notdef, 7.21.5 widths, 7.21.7 ToUnicode for used codes, etc.)."""

    def __init__(self, pdf: pikepdf.Pdf) -> None:
        self.pdf = pdf
        self._used: dict = {}

    def on_show_text(self, font: pikepdf.Dictionary, codes: bytes, page: int | None,
                     render_mode: int | None = None) -> None:
        """Called by the core's content walker with the codes shown (Tj, TJ, ', "), in the order
        shown, with the current font dictionary: for a composite font once per operator (the
        strings of a TJ joined), for a simple font once per run of text in the same font and
        mode (a megabyte of text is one call, not a million). Must be cheap: accumulate
        (e.g. a set of codes per font objgen); do the expensive work in findings().

        render_mode (optional, the Tr value): a font shown only in mode 3 (invisible) is not
        used for rendering, so embedding and width rules do not apply to it."""
        if font is None or not codes:
            return
        key = _font_key(font)
        entry = self._used.get(key)
        if entry is None:
            entry = self._used[key] = _Used(font, font.get("/Subtype") != "/Type0")
        if render_mode != 3:
            entry.visible = True
        bucket: set | None = entry.pages.get(page)
        if bucket is None:
            bucket = entry.pages[page] = set()
        if entry.simple:
            bucket.update(bytes(codes))
        else:
            bucket.add(bytes(codes))

    def renders_with(self, font: pikepdf.Dictionary) -> bool:
        """True if visible text was shown with this font."""
        entry = self._used.get(_font_key(font))
        return entry is not None and entry.visible

    def shows_with(self, font: pikepdf.Dictionary) -> bool:
        """True if any text (visible or not) was shown with this font."""
        return _font_key(font) in self._used

    def findings(self) -> Iterator[Finding]:
        for entry in self._used.values():
            try:
                yield from _glyph_findings(self.pdf, entry)
            except pikepdf.PdfError:
                continue


def _codes_by_first_page(model: FontModel, entry: _Used) -> dict[tuple[int, int], int | None]:
    first: dict[tuple[int, int], int | None] = {}
    pages = sorted(entry.pages, key=lambda p: (p is None, p or 0))
    for page in pages:
        bucket = entry.pages[page]
        if entry.simple:
            for b in bucket:
                first.setdefault((1, b), page)
        else:
            for s in bucket:
                for code in model.split(s):
                    first.setdefault(code, page)
    return first


def _fmt_codes(codes) -> str:
    shown = ", ".join(f"<{c:0{2 * n}X}>" for n, c in sorted(codes)[:5])
    more = f" and {len(codes) - 5} more" if len(codes) > 5 else ""
    return shown + more


def _glyph_findings(pdf, entry: _Used) -> Iterator[Finding]:
    font = entry.font
    model = FontModel(pdf, font)
    obj = _objnum(font)
    name = _font_name(font)
    used = _codes_by_first_page(model, entry)
    if not used:
        return
    unmapped, invalid, notdef, missing, widths = {}, {}, {}, {}, {}
    embedded = entry.visible and model.descriptor is not None and font_file(model.descriptor) is not None
    for code, page in used.items():
        mapped, text = model.unicode(*code)
        if not mapped:
            unmapped[code] = page
        elif text is not None and ("\x00" in text or "\ufeff" in text or "\ufffe" in text):
            invalid[code] = page
        try:
            outcome, gid = model.glyph(*code)
            if outcome == NOTDEF:
                notdef[code] = page
            elif outcome == MISSING and embedded:
                missing[code] = page
            elif outcome == OK and gid is not None and embedded:
                cid = model.cid(*code) if model.is_type0 else None
                want = model.dict_width(code[1], cid)
                have = model.program_width(gid)
                if want is not None and have is not None and abs(want - have) > 1.0:
                    widths[code] = (page, want, have)
        except _PROGRAM_ERRORS:
            continue  # a damaged font program: its glyphs cannot be judged
    for found, clause, rule, what in (
        (unmapped, "7.21.7", "no-unicode-mapping",
         "have no Unicode mapping (ToUnicode or standard glyph names)"),
        (invalid, "7.21.7", "tounicode-invalid-value", "map to U+0000, U+FEFF or U+FFFE in ToUnicode"),
        (notdef, "7.21.8", "notdef-glyph-used", "select the .notdef glyph"),
        (missing, "7.21.4.1", "glyph-missing", "select glyphs that the embedded font program lacks"),
    ):
        if found:
            page = min((p for p in found.values() if p is not None), default=None)
            yield Finding(clause, rule, f"Font {name}: codes {_fmt_codes(found)} {what}.", page, obj)
    if widths:
        _code, (_page, want, have) = min(widths.items())
        page = min((p for p, _, _ in widths.values() if p is not None), default=None)
        yield Finding("7.21.5", "glyph-width-mismatch",
                      f"Font {name}: widths of codes {_fmt_codes(widths)} differ between the font dictionary "
                      f"and the font program (e.g. {want:g} vs {have:g}).", page, obj)
