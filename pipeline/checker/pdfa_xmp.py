"""PDF/A-2 metadata rules (ISO 19005-2, 6.6): the XMP packet, its schemas, the PDF/A
identification, and its agreement with the document information dictionary.

6.6.2.1  the catalog has an XMP Metadata stream; no ``bytes``/``encoding`` in the xpacket header
6.6.2.3  every property belongs to a predefined schema or to one described by a PDF/A
         extension schema (whose descriptions have every required field)
6.6.3    /Title, /Author, /Subject, /Keywords, /Creator, /Producer, /CreationDate, /ModDate
         are equivalent to dc:title, dc:creator, dc:description, pdf:Keywords,
         xmp:CreatorTool, pdf:Producer, xmp:CreateDate, xmp:ModifyDate
6.6.4    pdfaid:part 2 and pdfaid:conformance A, with the prefix pdfaid
"""
from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field
from typing import Callable
from xml.etree import ElementTree as ET

import pikepdf

from .context import text

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
DC = "http://purl.org/dc/elements/1.1/"
XMP = "http://ns.adobe.com/xap/1.0/"
PDF = "http://ns.adobe.com/pdf/1.3/"
PDFAID = "http://www.aiim.org/pdfa/ns/id/"
EXTENSION = "http://www.aiim.org/pdfa/ns/extension/"
SCHEMA = "http://www.aiim.org/pdfa/ns/schema#"
PROPERTY = "http://www.aiim.org/pdfa/ns/property#"
VALUE_TYPE = "http://www.aiim.org/pdfa/ns/type#"
FIELD = "http://www.aiim.org/pdfa/ns/field#"

# The schemas of the XMP Specification (2005) and of ISO 19005 that need no description.
PREDEFINED = frozenset({
    DC, XMP, PDF, PDFAID, EXTENSION, SCHEMA, PROPERTY, VALUE_TYPE, FIELD,
    "http://ns.adobe.com/xap/1.0/rights/", "http://ns.adobe.com/xap/1.0/mm/",
    "http://ns.adobe.com/xap/1.0/bj/", "http://ns.adobe.com/xap/1.0/t/pg/",
    "http://ns.adobe.com/xmp/1.0/DynamicMedia/", "http://ns.adobe.com/photoshop/1.0/",
    "http://ns.adobe.com/camera-raw-settings/1.0/", "http://ns.adobe.com/tiff/1.0/",
    "http://ns.adobe.com/exif/1.0/", "http://ns.adobe.com/exif/1.0/aux/",
})
SCHEMA_FIELDS = ("schema", "namespaceURI", "prefix")
PROPERTY_FIELDS = ("name", "valueType", "category", "description")

Add = Callable[..., None]  # Context.add


@dataclass
class Xmp:
    """The top-level properties of an XMP packet: {(namespace, name): element or str}."""
    props: dict[tuple[str, str], ET.Element | str] = field(default_factory=dict)
    prefixes: dict[str, set[str]] = field(default_factory=dict)  # namespace -> prefixes used

    def value(self, ns: str, name: str) -> str | None:
        """A simple property's text."""
        prop = self.props.get((ns, name))
        if isinstance(prop, str):
            return prop.strip()
        if prop is not None and not len(prop):
            return (prop.text or "").strip()
        return None

    def items(self, ns: str, name: str) -> list[tuple[str | None, str]] | None:
        """An array property's (xml:lang, text) entries, None when absent or not an array."""
        prop = self.props.get((ns, name))
        if not isinstance(prop, ET.Element):
            return None
        for kind in ("Alt", "Seq", "Bag"):
            array = prop.find(f"{{{RDF}}}{kind}")
            if array is not None:
                return [(li.get(XML_LANG), (li.text or "").strip())
                        for li in array.findall(f"{{{RDF}}}li")]
        return None

    def default_text(self, ns: str, name: str) -> str | None:
        """A language alternative's x-default entry (or its only one)."""
        entries = self.items(ns, name)
        if not entries:
            return None
        for lang, value in entries:
            if lang == "x-default":
                return value
        return entries[0][1] if len(entries) == 1 else None


def parse_xmp(data: bytes) -> Xmp:
    xmp = Xmp()
    for event, item in ET.iterparse(io.BytesIO(data), events=("start-ns",)):
        prefix, uri = item  # type: ignore[misc]
        xmp.prefixes.setdefault(uri, set()).add(prefix)
    root = ET.fromstring(data)
    rdf = root if root.tag == f"{{{RDF}}}RDF" else root.find(f"{{{RDF}}}RDF")
    if rdf is None:
        raise ValueError("no rdf:RDF element")
    for desc in rdf.findall(f"{{{RDF}}}Description"):
        for key, value in desc.attrib.items():
            ns, name = _split(key)
            if ns and ns != RDF:
                xmp.props[(ns, name)] = value
        for child in desc:
            xmp.props[_split(child.tag)] = child
    return xmp


def _split(tag: str) -> tuple[str, str]:
    if tag.startswith("{"):
        ns, _, name = tag[1:].partition("}")
        return ns, name
    return "", tag


def check_xmp(pdf: pikepdf.Pdf, add: Add) -> None:
    meta = pdf.Root.get("/Metadata")
    if not isinstance(meta, pikepdf.Stream):
        add("6.6.2.1", "pdfa-no-metadata", "The catalog has no XMP Metadata stream")
        return
    obj = meta.objgen[0] or None
    data = meta.read_bytes()
    header = re.search(rb"<\?xpacket\s+begin=[^>]*\?>", data)
    if header and re.search(rb"\b(bytes|encoding)\s*=", header.group(0)):
        add("6.6.2.1", "pdfa-xpacket-attributes",
            "The xpacket header uses the bytes or encoding attribute", obj=obj)
    try:
        xmp = parse_xmp(data)
    except (ET.ParseError, ValueError) as exc:
        add("6.6.2.1", "pdfa-metadata-unreadable", f"The XMP metadata cannot be parsed ({exc})", obj=obj)
        return
    _check_schemas(xmp, add, obj)
    _check_identification(xmp, add, obj)
    _check_info(pdf, xmp, add, obj)


# -- 6.6.2.3 schemas -----------------------------------------------------------------
def _described(xmp: Xmp, add: Add, obj: int | None) -> dict[str, set[str]]:
    """namespace -> property names, from the extension schemas; reports incomplete ones."""
    described: dict[str, set[str]] = {}
    entries = xmp.props.get((EXTENSION, "schemas"))
    if not isinstance(entries, ET.Element):
        return described
    for schema in entries.iter(f"{{{RDF}}}li"):
        if schema.find(f"{{{SCHEMA}}}namespaceURI") is None:
            continue
        fields = {name: (schema.findtext(f"{{{SCHEMA}}}{name}") or "").strip() for name in SCHEMA_FIELDS}
        missing = [name for name, value in fields.items() if not value]
        if missing:
            add("6.6.2.3.3", "pdfa-extension-schema-incomplete",
                f"An extension schema lacks pdfaSchema:{', pdfaSchema:'.join(missing)}", obj=obj)
        names = described.setdefault(fields["namespaceURI"], set())
        for prop in schema.iter(f"{{{RDF}}}li"):
            if prop.find(f"{{{PROPERTY}}}name") is None:
                continue
            values = {n: (prop.findtext(f"{{{PROPERTY}}}{n}") or "").strip() for n in PROPERTY_FIELDS}
            lacking = [n for n, v in values.items() if not v]
            if lacking:
                add("6.6.2.3.3", "pdfa-extension-property-incomplete",
                    f"The description of property {values['name'] or '?'} in the extension schema "
                    f"for {fields['namespaceURI']} lacks pdfaProperty:{', pdfaProperty:'.join(lacking)}",
                    obj=obj)
            names.add(values["name"])
    return described


def _check_schemas(xmp: Xmp, add: Add, obj: int | None) -> None:
    described = _described(xmp, add, obj)
    for ns, name in xmp.props:
        if ns in PREDEFINED:
            continue
        if name not in described.get(ns, set()):
            add("6.6.2.3.1", "pdfa-undefined-xmp-property",
                f"The XMP property {name} of namespace {ns} is neither predefined nor described "
                "by a PDF/A extension schema", obj=obj)


# -- 6.6.4 identification ----------------------------------------------------------------
def _check_identification(xmp: Xmp, add: Add, obj: int | None) -> None:
    part, conformance = xmp.value(PDFAID, "part"), xmp.value(PDFAID, "conformance")
    if part is None:
        add("6.6.4", "pdfa-no-identification", "The XMP metadata has no pdfaid:part", obj=obj)
    elif part != "2":
        add("6.6.4", "pdfa-wrong-part", f"pdfaid:part is {part!r}, not 2", obj=obj)
    if conformance != "A":
        add("6.6.4", "pdfa-wrong-conformance",
            f"pdfaid:conformance is {conformance!r}; level A is declared with 'A'", obj=obj)
    prefixes = xmp.prefixes.get(PDFAID, set())
    if (part is not None or conformance is not None) and prefixes != {"pdfaid"}:
        add("6.6.4", "pdfa-wrong-prefix",
            f"The PDF/A identification uses the prefix(es) {sorted(prefixes)}, not pdfaid", obj=obj)


# -- 6.6.3 document information dictionary = XMP -----------------------------------------
def _check_info(pdf: pikepdf.Pdf, xmp: Xmp, add: Add, obj: int | None) -> None:
    info = pdf.trailer.get("/Info")
    if not isinstance(info, pikepdf.Dictionary):
        return
    creators = xmp.items(DC, "creator")
    pairs: list[tuple[str, str, str | None]] = [
        ("Title", "dc:title", xmp.default_text(DC, "title")),
        ("Author", "dc:creator", creators[0][1] if creators and len(creators) == 1 else None),
        ("Subject", "dc:description", xmp.default_text(DC, "description")),
        ("Keywords", "pdf:Keywords", xmp.value(PDF, "Keywords")),
        ("Creator", "xmp:CreatorTool", xmp.value(XMP, "CreatorTool")),
        ("Producer", "pdf:Producer", xmp.value(PDF, "Producer")),
    ]
    for key, prop, xmp_value in pairs:
        value = text(info.get("/" + key))
        if value is not None and value != xmp_value:
            add("6.6.3", "pdfa-info-xmp-mismatch",
                f"/{key} {value!r} differs from {prop} {xmp_value!r}"
                + (" (dc:creator must have exactly one entry)" if key == "Author" else ""), obj=obj)
    for key, prop, name in (("CreationDate", "xmp:CreateDate", "CreateDate"),
                            ("ModDate", "xmp:ModifyDate", "ModifyDate")):
        value = text(info.get("/" + key))
        if value is None:
            continue
        ours, theirs = pdf_date(value), xmp_date(xmp.value(XMP, name))
        if ours is None or theirs is None or ours != theirs:
            add("6.6.3", "pdfa-info-xmp-mismatch",
                f"/{key} {value!r} is not the same time as {prop} {xmp.value(XMP, name)!r}", obj=obj)


_PDF_DATE = re.compile(r"D:(\d{4})(\d\d)?(\d\d)?(\d\d)?(\d\d)?(\d\d)?(?:([Zz+-])(?:(\d\d)'?(?:(\d\d)'?)?)?)?$")


def pdf_date(value: str) -> dt.datetime | None:
    """A PDF date string (ISO 32000-1, 7.9.4) as an aware datetime (UTC when unspecified)."""
    m = _PDF_DATE.match(value.strip())
    if not m:
        return None
    y, mo, d, h, mi, s, sign, oh, om = m.groups()
    offset = dt.timedelta(hours=int(oh or 0), minutes=int(om or 0))
    tz = dt.timezone(-offset if sign == "-" else offset)
    try:
        return dt.datetime(int(y), int(mo or 1), int(d or 1), int(h or 0), int(mi or 0),
                           int(s or 0), tzinfo=tz)
    except ValueError:
        return None


def xmp_date(value: str | None) -> dt.datetime | None:
    """An XMP date (ISO 8601) as an aware datetime (UTC when it gives no zone)."""
    if not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.strip().replace("z", "Z"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.timezone.utc)
