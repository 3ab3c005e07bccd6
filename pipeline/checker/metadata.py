"""Clause 5 (PDF/UA identification in XMP) and the 7.1 metadata rules (Metadata stream, dc:title).

The XMP packet is read by the checker's XMP reader (``xmp``), which keeps the prefix each
property is written with, so that it can be checked (PDF/UA-1 requires ``pdfuaid``).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from xml.parsers import expat

import pikepdf

from .context import Context
from .xmp import XML, Element, parse_packet

PDFUAID_NS = "http://www.aiim.org/pdfua/ns/id/"
DC_NS = "http://purl.org/dc/elements/1.1/"
RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"


@dataclass
class XmpFacts:
    """What the checker needs from an XMP packet."""

    # property local name ('part', 'amd', 'corr') -> list of (prefix, value)
    uaid: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    dc_title: list[str] | None = None  # texts found in dc:title, None when absent
    langs: set[str] = field(default_factory=set)  # xml:lang values other than x-default


def read_xmp(data: bytes) -> XmpFacts:
    """The PDF/UA facts of a packet (``xmp.parse_packet``): every pdfuaid property with the
    prefix it is written with, as element or attribute anywhere; the texts of dc:title
    (its rdf:li entries, or a dc:title attribute); the xml:lang values."""
    facts = XmpFacts()

    def walk(element: Element, in_title: bool) -> None:
        for attr in element.attributes:
            lang = attr.value.strip()
            if attr.ns == XML:
                if attr.name == "lang" and lang and lang.lower() != "x-default":
                    facts.langs.add(lang)
                continue
            if attr.ns == PDFUAID_NS:
                facts.uaid.setdefault(attr.name, []).append((attr.prefix, attr.value.strip()))
            if attr.ns == DC_NS and attr.name == "title":
                facts.dc_title = (facts.dc_title or []) + [attr.value]
        title = element.is_(DC_NS, "title")
        if title and facts.dc_title is None:
            facts.dc_title = []
        for child in element.children:
            walk(child, in_title or title)
        if element.ns == PDFUAID_NS:
            facts.uaid.setdefault(element.name, []).append((element.prefix, element.content.strip()))
        if element.is_(RDF_NS, "li") and in_title:
            facts.dc_title = (facts.dc_title or []) + [element.content]

    walk(parse_packet(data).root, False)
    return facts


def check_metadata(ctx: Context) -> None:
    meta = ctx.pdf.Root.get("/Metadata")
    if not isinstance(meta, pikepdf.Stream):
        ctx.add("7.1", "no-metadata", "The catalog has no XMP Metadata stream")
        ctx.add("5", "no-pdfua-identifier",
                "No XMP metadata, so no PDF/UA identification (pdfuaid:part)")
        return
    try:
        facts = read_xmp(meta.read_bytes())
    except (expat.ExpatError, pikepdf.PdfError, ValueError) as exc:
        ctx.add("7.1", "metadata-unreadable", f"The XMP Metadata stream cannot be parsed ({exc})",
                obj=meta.objgen[0] or None)
        ctx.add("5", "no-pdfua-identifier",
                "Unreadable XMP metadata, so no PDF/UA identification (pdfuaid:part)")
        return
    ctx.xmp = facts
    obj = meta.objgen[0] or None
    if facts.dc_title is None:
        ctx.add("7.1", "no-dc-title", "The XMP metadata has no dc:title identifying the document", obj=obj)
    elif not any(t.strip() for t in facts.dc_title):
        ctx.add("7.1", "empty-dc-title", "The dc:title in the XMP metadata is empty", obj=obj)
    parts = facts.uaid.get("part", [])
    if not parts:
        ctx.add("5", "no-pdfua-identifier",
                "The XMP metadata does not identify the file as PDF/UA (pdfuaid:part missing)", obj=obj)
    for _prefix, value in parts:
        if value != "1":
            ctx.add("5", "wrong-pdfua-part",
                    f"pdfuaid:part is {value!r}; a PDF/UA-1 file must declare part 1", obj=obj)
    for prop in ("part", "amd", "corr"):
        for prefix, _value in facts.uaid.get(prop, []):
            if prefix != "pdfuaid":
                ctx.add("5", "wrong-pdfuaid-prefix",
                        f"The PDF/UA identification property {prop} uses the prefix "
                        f"{prefix or '(none)'!s} instead of pdfuaid", obj=obj)
