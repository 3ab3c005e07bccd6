"""Clause 5 (PDF/UA identification in XMP) and the 7.1 metadata rules (Metadata stream, dc:title).

The XMP packet is read with expat without namespace processing so that the prefix actually
written can be checked (PDF/UA-1 requires the prefix ``pdfuaid``), with namespace
declarations tracked by hand.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from xml.parsers import expat

import pikepdf

from .context import Context

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
    facts = XmpFacts()
    parser = expat.ParserCreate()
    scopes: list[dict[str, str]] = [{}]
    open_props: list[tuple[str, str, str] | None] = []  # (ns, local, prefix) per element
    chars: list[list[str]] = []

    def resolve(qname: str) -> tuple[str, str, str]:
        prefix, _, local = qname.rpartition(":")
        for scope in reversed(scopes):
            if prefix in scope:
                return scope[prefix], local, prefix
        return "", local, prefix

    def record(ns: str, local: str, prefix: str, value: str) -> None:
        if ns == PDFUAID_NS:
            facts.uaid.setdefault(local, []).append((prefix, value.strip()))

    def start(qname: str, attrs: dict[str, str]) -> None:
        scope = {}
        for k, v in attrs.items():
            if k == "xmlns":
                scope[""] = v
            elif k.startswith("xmlns:"):
                scope[k[6:]] = v
        scopes.append(scope)
        for k, v in attrs.items():
            if k == "xml:lang" and v.strip() and v.strip().lower() != "x-default":
                facts.langs.add(v.strip())
            if k.startswith("xmlns") or k.startswith("xml:"):
                continue
            ns, local, prefix = resolve(k)
            record(ns, local, prefix, v)
            if ns == DC_NS and local == "title":
                facts.dc_title = (facts.dc_title or []) + [v]
        ns, local, prefix = resolve(qname)
        open_props.append((ns, local, prefix))
        chars.append([])
        if ns == DC_NS and local == "title" and facts.dc_title is None:
            facts.dc_title = []

    def end(qname: str) -> None:
        ns, local, prefix = open_props.pop()  # type: ignore[misc]
        content = "".join(chars.pop())
        if ns == PDFUAID_NS:
            record(ns, local, prefix, content)
        if ns == RDF_NS and local == "li" and _inside(open_props, DC_NS, "title"):
            facts.dc_title = (facts.dc_title or []) + [content]
        scopes.pop()

    def data_handler(s: str) -> None:
        if chars:
            chars[-1].append(s)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = data_handler
    parser.Parse(data, True)
    return facts


def _inside(stack: list, ns: str, local: str) -> bool:
    return any(item is not None and item[0] == ns and item[1] == local for item in stack)


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
    for prefix, value in parts:
        if value != "1":
            ctx.add("5", "wrong-pdfua-part",
                    f"pdfuaid:part is {value!r}; a PDF/UA-1 file must declare part 1", obj=obj)
    for prop in ("part", "amd", "corr"):
        for prefix, _value in facts.uaid.get(prop, []):
            if prefix != "pdfuaid":
                ctx.add("5", "wrong-pdfuaid-prefix",
                        f"The PDF/UA identification property {prop} uses the prefix "
                        f"{prefix or '(none)'!s} instead of pdfuaid", obj=obj)
