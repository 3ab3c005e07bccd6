"""The facts the review page's panels show beside the structure: metadata (XMP and the Info
dictionary, with the title a viewer shows), the fonts (embedded, subset, ToUnicode), the
bookmarks (with the page each opens) and the PDF/A identification.

Everything is read with pikepdf; a value that cannot be read is shown as such, never fatal.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf

_SUBSET = re.compile(r"^[A-Z]{6}\+")
_MAX_FONTS, _MAX_OUTLINE, _MAX_VALUE = 500, 2000, 400


@dataclass(frozen=True)
class FontFact:
    name: str
    subtype: str
    embedded: bool
    subset: bool
    to_unicode: bool
    pages: str  # e.g. "1-3, 7"


@dataclass(frozen=True)
class Bookmark:
    title: str
    depth: int
    page: int | None
    lang: str | None = None


@dataclass
class Panels:
    xmp: list[tuple[str, str]] = field(default_factory=list)
    info: list[tuple[str, str]] = field(default_factory=list)
    display_doc_title: bool | None = None
    pdfa: str | None = None  # "2a", ... as the XMP declares it
    pdfua: str | None = None
    fonts: list[FontFact] = field(default_factory=list)
    bookmarks: list[Bookmark] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _str(value: object) -> str:
    if isinstance(value, pikepdf.String):
        try:
            text = str(value)
        except UnicodeDecodeError:
            text = bytes(value).decode("latin-1")
    elif isinstance(value, pikepdf.Name):
        text = str(value).lstrip("/")
    else:
        text = str(value)
    return text if len(text) <= _MAX_VALUE else text[:_MAX_VALUE] + "\u2026"


def _ranges(numbers: set[int]) -> str:
    from .html import page_ranges

    return page_ranges(sorted(numbers))


def _fonts(pdf: pikepdf.Pdf) -> list[FontFact]:
    seen: dict[tuple[int, int], tuple[pikepdf.Dictionary, set[int]]] = {}

    def visit(resources: object, page: int, depth: int) -> None:
        if not isinstance(resources, pikepdf.Dictionary) or depth > 4 or len(seen) > _MAX_FONTS:
            return
        fonts = resources.get("/Font")
        if isinstance(fonts, pikepdf.Dictionary):
            for _, font in fonts.items():
                if isinstance(font, pikepdf.Dictionary):
                    seen.setdefault(font.objgen, (font, set()))[1].add(page)
        xobjects = resources.get("/XObject")
        if isinstance(xobjects, pikepdf.Dictionary):
            for _, xobj in xobjects.items():
                if isinstance(xobj, pikepdf.Stream) and xobj.get("/Subtype") == "/Form":
                    visit(xobj.get("/Resources"), page, depth + 1)

    for number, page in enumerate(pdf.pages, start=1):
        visit(page.obj.get("/Resources"), number, 0)
    out = []
    for font, pages in seen.values():
        name = _str(font.get("/BaseFont", "(no name)"))
        descriptor = font.get("/FontDescriptor")
        descendants = font.get("/DescendantFonts")
        if isinstance(descendants, pikepdf.Array) and len(descendants):
            descriptor = descendants[0].get("/FontDescriptor")
        embedded = isinstance(descriptor, pikepdf.Dictionary) and any(
            k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
        if font.get("/Subtype") == "/Type3":
            embedded = True  # its glyphs are content streams in the font
        out.append(FontFact(name, _str(font.get("/Subtype", "?")), embedded, bool(_SUBSET.match(name)),
                            "/ToUnicode" in font, _ranges(pages)))
    return sorted(out, key=lambda f: f.name)


def _bookmarks(pdf: pikepdf.Pdf) -> list[Bookmark]:
    pages = {page.obj.objgen: n for n, page in enumerate(pdf.pages, start=1)}
    names: dict[str, object] = {}
    catalog_names = pdf.Root.get("/Names")
    dests = catalog_names.get("/Dests") if isinstance(catalog_names, pikepdf.Dictionary) else None
    if isinstance(dests, pikepdf.Dictionary):
        names = {k: v for k, v in pikepdf.NameTree(dests).items()}

    def page_of(item: pikepdf.Dictionary) -> int | None:
        dest: object = item.get("/Dest")
        action = item.get("/A")
        if dest is None and isinstance(action, pikepdf.Dictionary) and action.get("/S") == "/GoTo":
            dest = action.get("/D")
        if isinstance(dest, (pikepdf.String, pikepdf.Name)):
            dest = names.get(_str(dest))
        if isinstance(dest, pikepdf.Dictionary):
            dest = dest.get("/D")
        if isinstance(dest, pikepdf.Array) and len(dest) and isinstance(dest[0], pikepdf.Dictionary):
            return pages.get(dest[0].objgen)
        return None

    out: list[Bookmark] = []
    outlines = pdf.Root.get("/Outlines")
    seen: set[tuple[int, int]] = set()

    def walk(item: object, depth: int) -> None:
        while isinstance(item, pikepdf.Dictionary) and len(out) < _MAX_OUTLINE and item.objgen not in seen:
            seen.add(item.objgen)
            lang = item.get("/Lang")
            out.append(Bookmark(_str(item.get("/Title", "(no title)")), depth, page_of(item),
                                _str(lang) if lang is not None else None))
            walk(item.get("/First"), depth + 1)
            item = item.get("/Next")

    if isinstance(outlines, pikepdf.Dictionary):
        walk(outlines.get("/First"), 0)
    return out


def _xmp_is_xml(pdf: pikepdf.Pdf) -> bool:
    """Whether the XMP packet parses as XML by the checker's reader (which refuses DTDs and
    oversized packets); pikepdf would print its own message for one that does not and read
    nothing (the structure reader's warning says why)."""
    from xml.parsers import expat

    from ..checker.xmp import parse_packet

    stream = pdf.Root.get("/Metadata")
    if not isinstance(stream, pikepdf.Stream):
        return True
    try:
        parse_packet(stream.read_bytes())
    except (expat.ExpatError, pikepdf.PdfError, ValueError):
        return False
    return True


def _metadata(pdf: pikepdf.Pdf, panels: Panels) -> None:
    meta = (pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False)
            if _xmp_is_xml(pdf) else {})
    for key in list(meta)[:200]:
        try:
            value = meta[key]
        except (KeyError, ValueError, TypeError):
            value = "(cannot be read)"
        if isinstance(value, (list, set, tuple)):
            value = "; ".join(str(v) for v in value)
        short = re.sub(r"^\{([^}]*)\}", lambda m: _PREFIXES.get(m.group(1), m.group(1)) + ":", key)
        if _str(value).strip():  # a container property (an extension schema's Bag) has no value of its own
            panels.xmp.append((short, _str(value)))
    part, conformance = meta.get("pdfaid:part"), meta.get("pdfaid:conformance")
    panels.pdfa = f"{part}{(conformance or '').lower()}" if part else None
    panels.pdfua = meta.get("pdfuaid:part")
    info = pdf.trailer.get("/Info")
    if isinstance(info, pikepdf.Dictionary):
        panels.info = [(k.lstrip("/"), _str(v)) for k, v in info.items()]
    prefs = pdf.Root.get("/ViewerPreferences")
    if isinstance(prefs, pikepdf.Dictionary):
        panels.display_doc_title = bool(prefs.get("/DisplayDocTitle", False))


_PREFIXES = {"http://purl.org/dc/elements/1.1/": "dc", "http://ns.adobe.com/xap/1.0/": "xmp",
             "http://ns.adobe.com/pdf/1.3/": "pdf", "http://www.aiim.org/pdfa/ns/id/": "pdfaid",
             "http://www.aiim.org/pdfua/ns/id/": "pdfuaid", "http://ns.adobe.com/xap/1.0/mm/": "xmpMM",
             "http://prismstandard.org/namespaces/basic/3.0/": "prism",
             "http://www.aiim.org/pdfa/ns/extension/": "pdfaExtension"}


def read_panels(path: str | Path) -> Panels:
    """The panels' facts for the PDF at ``path``; parts that cannot be read are named in ``errors``."""
    panels = Panels()
    try:
        pdf = pikepdf.open(path)
    except (pikepdf.PdfError, OSError, ValueError) as exc:
        panels.errors.append(f"the file cannot be opened: {exc}")
        return panels
    with pdf:
        for what, read in (("metadata", lambda: _metadata(pdf, panels)),
                           ("fonts", lambda: panels.fonts.extend(_fonts(pdf))),
                           ("bookmarks", lambda: panels.bookmarks.extend(_bookmarks(pdf)))):
            try:
                read()
            except (pikepdf.PdfError, ValueError, TypeError, AttributeError, LookupError,
                    RecursionError, UnicodeError) as exc:
                panels.errors.append(f"the {what} cannot be read ({type(exc).__name__}: "
                                     f"{' '.join(str(exc).split())[:160]})")
    return panels
