"""PDF/A-2 metadata rules (ISO 19005-2, 6.6): the XMP packet, its schemas, the PDF/A
identification, and its agreement with the document information dictionary.

6.6.2.1  the catalog has an XMP Metadata stream; every metadata stream is UTF-8, well-formed,
         without ``bytes``/``encoding`` in the xpacket header
6.6.2.3.1  every property of every metadata stream belongs to a predefined schema (XMP 2005)
         or to one described by a PDF/A extension schema (of its own packet or the
         document's), and its value has the property's value type (``pdfa_xmp_types``)
6.6.2.3.2  a property of another namespace has an extension schema; the container's
         descriptions have no fields it does not define
6.6.2.3.3  the extension schema container: a Bag of descriptions with every required field,
         the required prefixes, categories external/internal, value types that are defined
6.6.3    /Title, /Author, /Subject, /Keywords, /Creator, /Producer, /CreationDate, /ModDate
         are equivalent to dc:title, dc:creator, dc:description, pdf:Keywords,
         xmp:CreatorTool, pdf:Producer, xmp:CreateDate, xmp:ModifyDate
6.6.4    pdfaid:part 2 and a pdfaid:conformance the level accepts (A: A; U: A or U;
         B: A, B or U), with the prefix pdfaid
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from xml.parsers import expat

import pikepdf

from .context import text
from .pdfa_xmp_types import PREDEFINED_PROPERTIES, Node, Struct, is_known, node_of, type_problem
from .xmp import RDF, Element, XmpError, parse_packet

DC = "http://purl.org/dc/elements/1.1/"
XMP = "http://ns.adobe.com/xap/1.0/"
PDF = "http://ns.adobe.com/pdf/1.3/"
PDFAID = "http://www.aiim.org/pdfa/ns/id/"
EXTENSION = "http://www.aiim.org/pdfa/ns/extension/"
SCHEMA = "http://www.aiim.org/pdfa/ns/schema#"
PROPERTY = "http://www.aiim.org/pdfa/ns/property#"
VALUE_TYPE = "http://www.aiim.org/pdfa/ns/type#"
FIELD = "http://www.aiim.org/pdfa/ns/field#"

Add = Callable[..., None]  # Context.add


@dataclass
class Xmp:
    """The top-level properties of an XMP packet: {(namespace, name): element or str}."""
    props: dict[tuple[str, str], Element | str] = field(default_factory=dict)
    prefixes: dict[str, set[str]] = field(default_factory=dict)  # namespace -> prefixes used

    def value(self, ns: str, name: str) -> str | None:
        """A simple property's text."""
        prop = self.props.get((ns, name))
        if isinstance(prop, str):
            return prop.strip()
        if prop is not None and not prop.children:
            return prop.text.strip()
        return None

    def items(self, ns: str, name: str) -> list[tuple[str | None, str]] | None:
        """An array property's (xml:lang, text) entries, None when absent or not an array."""
        prop = self.props.get((ns, name))
        if not isinstance(prop, Element):
            return None
        for kind in ("Alt", "Seq", "Bag"):
            array = prop.child(RDF, kind)
            if array is not None:
                return [(li.lang, li.text.strip()) for li in array.children_named(RDF, "li")]
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
    """The top-level properties of the packet (read by ``xmp.parse_packet``); a prefix
    without a declaration makes the packet unreadable here, as in a namespace-aware parser."""
    packet = parse_packet(data)
    if packet.unbound:
        raise XmpError(f"unbound prefix {packet.unbound[0]!r}")
    xmp = Xmp(prefixes=packet.prefixes)
    for desc in packet.descriptions():
        for attr in desc.attributes:
            if attr.ns and attr.ns != RDF:
                xmp.props[(attr.ns, attr.name)] = attr.value
        for child in desc.children:
            xmp.props[(child.ns, child.name)] = child
    return xmp


def declared_level(pdf: pikepdf.Pdf) -> str | None:
    """The conformance level ("A", "B", "U") the document's XMP declares, if it can be read."""
    meta = pdf.Root.get("/Metadata")
    if not isinstance(meta, pikepdf.Stream):
        return None
    try:
        value = parse_xmp(meta.read_bytes()).value(PDFAID, "conformance")
    except (expat.ExpatError, ValueError, pikepdf.PdfError):
        return None
    return value if value in LEVELS else None


LEVELS = ("A", "B", "U")


def _read(stream: pikepdf.Stream, add: Add, what: str) -> Xmp | None:
    """Parse one metadata stream; reports the 6.6.2.1 rules on its packet."""
    obj = stream.objgen[0] or None
    try:
        data = stream.read_bytes()
    except pikepdf.PdfError as exc:
        add("6.6.2.1", "pdfa-metadata-unreadable", f"{what} cannot be decoded ({exc})", obj=obj)
        return None
    header = re.search(rb"<\?xpacket\s[^>]*\?>", data)
    if header and re.search(rb"\b(bytes|encoding)\s*=", header.group(0)):
        add("6.6.2.1", "pdfa-xpacket-attributes",
            f"The xpacket header of {what} uses the bytes or encoding attribute", obj=obj)
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        add("6.6.2.1", "pdfa-metadata-not-utf8", f"{what} is not encoded as UTF-8", obj=obj)
        return None
    try:
        return parse_xmp(data)
    except (expat.ExpatError, ValueError) as exc:
        add("6.6.2.1", "pdfa-metadata-unreadable", f"{what} cannot be parsed ({exc})", obj=obj)
        return None


def check_xmp(pdf: pikepdf.Pdf, add: Add, level: str = "A",
              others: list[pikepdf.Stream] | None = None) -> None:
    """The 6.6 rules; ``level``: "A", "B" or "U"; ``others``: metadata streams other than
    the catalog's (pages, images, fonts...), checked against the schemas too."""
    meta = pdf.Root.get("/Metadata")
    if not isinstance(meta, pikepdf.Stream):
        add("6.6.2.1", "pdfa-no-metadata", "The catalog has no XMP Metadata stream")
        return
    obj = meta.objgen[0] or None
    xmp = _read(meta, add, "The document's XMP metadata")
    if xmp is None:
        return
    main = _check_schemas(xmp, add, obj)
    for stream in others or []:
        other = _read(stream, add, f"The metadata stream {stream.objgen[0]}")
        if other is not None:
            _check_schemas(other, add, stream.objgen[0] or None, main)
    _check_identification(xmp, add, obj, level)
    _check_info(pdf, xmp, add, obj)


# -- 6.6.2.3 schemas -----------------------------------------------------------------
@dataclass
class Definitions:
    """What the extension schemas of the packets in force describe."""
    properties: dict[str, dict[str, str]] = field(default_factory=dict)  # ns -> {name: type}
    structs: dict[str, Struct] = field(default_factory=dict)  # value type name -> structure

    def merged(self, other: Definitions) -> Definitions:
        props = {ns: dict(v) for ns, v in self.properties.items()}
        for ns, v in other.properties.items():
            props.setdefault(ns, {}).update(v)
        return Definitions(props, {**self.structs, **other.structs})


# Extension schema container (6.6.2.3.3): namespace -> (required prefix, required fields,
# optional array fields with their array kind).
CONTAINER = {
    SCHEMA: ("pdfaSchema", ("schema", "namespaceURI", "prefix"), {"property": "Seq", "valueType": "Seq"}),
    PROPERTY: ("pdfaProperty", ("name", "valueType", "category", "description"), {}),
    VALUE_TYPE: ("pdfaType", ("type", "namespaceURI", "prefix", "description"), {"field": "Seq"}),
    FIELD: ("pdfaField", ("name", "valueType", "description"), {}),
}


def _describe(xmp: Xmp, add: Add, obj: int | None, known: Definitions) -> Definitions:
    """The extension schemas of one packet; reports container violations (6.6.2.3.2/3)."""
    defs = Definitions()
    entries = xmp.props.get((EXTENSION, "schemas"))
    if entries is None:
        return defs
    for ns, (prefix, _, _) in list(CONTAINER.items()) + [(EXTENSION, ("pdfaExtension", (), {}))]:
        wrong = sorted(xmp.prefixes.get(ns, set()) - {prefix})
        if wrong:
            add("6.6.2.3.3", "pdfa-extension-prefix",
                f"The namespace {ns} is bound to the prefix {', '.join(wrong)}, not {prefix}", obj=obj)
    root = Node("simple", entries) if isinstance(entries, str) else node_of(entries)
    if root.kind != "array" or root.array != "Bag":
        add("6.6.2.3.3", "pdfa-extension-not-bag", "pdfaExtension:schemas is not an rdf:Bag", obj=obj)
        return defs
    schemas = [_container_item(item, SCHEMA, add, obj) for _, item in root.items]
    for schema in schemas:  # value types first: properties of any schema may use them
        for item in _container_items(schema, "valueType"):
            vt = _container_item(item, VALUE_TYPE, add, obj)
            fields = {}
            for f in _container_items(vt, "field"):
                fd = _container_item(f, FIELD, add, obj)
                fields[_text(fd, FIELD, "name")] = _text(fd, FIELD, "valueType")
            namespace = _text(vt, VALUE_TYPE, "namespaceURI")
            defs.structs[_text(vt, VALUE_TYPE, "type")] = Struct(namespace, fields)
    structs = {**known.structs, **defs.structs}
    for struct in defs.structs.values():
        for fname, ftype in struct.fields.items():
            if ftype and not is_known(ftype, structs):
                add("6.6.2.3.3", "pdfa-extension-undefined-type",
                    f"The field {fname} has the undefined value type {ftype!r}", obj=obj)
    for schema in schemas:
        names = defs.properties.setdefault(_text(schema, SCHEMA, "namespaceURI"), {})
        for item in _container_items(schema, "property"):
            prop = _container_item(item, PROPERTY, add, obj)
            pname, ptype = _text(prop, PROPERTY, "name"), _text(prop, PROPERTY, "valueType")
            category = _text(prop, PROPERTY, "category")
            if category and category not in ("external", "internal"):
                add("6.6.2.3.3", "pdfa-extension-category",
                    f"The property {pname} has category {category!r}, not external or internal", obj=obj)
            if ptype and not is_known(ptype, structs):
                add("6.6.2.3.3", "pdfa-extension-undefined-type",
                    f"The property {pname} has the undefined value type {ptype!r}", obj=obj)
            names[pname] = ptype
    return defs


def _text(node: Node, ns: str, name: str) -> str:
    value = node.fields.get((ns, name))
    return value.text.strip() if value is not None and value.kind == "simple" else ""


def _container_items(node: Node, name: str) -> list[Node]:
    ns = next((n for n in (SCHEMA, VALUE_TYPE) if (n, name) in node.fields), None)
    value = node.fields.get((ns, name)) if ns else None
    return [item for _, item in value.items] if value is not None and value.kind == "array" else []


def _container_item(node: Node, ns: str, add: Add, obj: int | None) -> Node:
    """Check one description of the container (a pdfaSchema, pdfaProperty, pdfaType or
    pdfaField structure): required fields present as text, arrays of the right kind, no
    fields the container schema does not define."""
    prefix, required, arrays = CONTAINER[ns]
    if node.kind != "struct":
        add("6.6.2.3.3", "pdfa-extension-not-struct", f"A {prefix} description is not a structure", obj=obj)
        return Node("struct")
    for name in required:
        value = node.fields.get((ns, name))
        if value is None or value.kind != "simple" or not value.text.strip():
            add("6.6.2.3.3", "pdfa-extension-field-missing",
                f"A {prefix} description lacks {prefix}:{name} (as text)", obj=obj)
    for name, kind in arrays.items():
        value = node.fields.get((ns, name))
        if value is not None and (value.kind != "array" or value.array != kind):
            add("6.6.2.3.3", "pdfa-extension-field-type",
                f"{prefix}:{name} is not an rdf:{kind}", obj=obj)
    for fns, fname in node.fields:
        if fns != ns or (fname not in required and fname not in arrays):
            add("6.6.2.3.2", "pdfa-extension-undefined-field",
                f"A {prefix} description has the field {fname} ({fns}), which the PDF/A "
                "extension schema container schema does not define", obj=obj)
    return node


def _check_schemas(xmp: Xmp, add: Add, obj: int | None, main: Definitions | None = None) -> Definitions:
    """6.6.2.3.1: every property predefined or described, with a value of its type.
    ``main``: the definitions of the document's own packet (for other metadata streams)."""
    own = _describe(xmp, add, obj, main or Definitions())
    defs = (main or Definitions()).merged(own)
    for (ns, name), prop in xmp.props.items():
        if ns == EXTENSION and name == "schemas":
            continue
        value_type = PREDEFINED_PROPERTIES.get(ns, {}).get(name) or defs.properties.get(ns, {}).get(name)
        if value_type is None:
            add("6.6.2.3.1", "pdfa-undefined-xmp-property",
                f"The XMP property {name} of namespace {ns} is neither predefined nor described "
                "by a PDF/A extension schema", obj=obj)
            if ns not in PREDEFINED_PROPERTIES:
                add("6.6.2.3.2", "pdfa-no-extension-schema",
                    f"No PDF/A extension schema describes the namespace {ns} of property {name}",
                    obj=obj)
            continue
        node = Node("simple", prop) if isinstance(prop, str) else node_of(prop)
        problem = type_problem(node, value_type, defs.structs)
        if problem:
            add("6.6.2.3.1", "pdfa-xmp-value-type",
                f"The value of XMP property {name} ({ns}) {problem}; its type is {value_type}", obj=obj)
    return defs


# -- 6.6.4 identification ----------------------------------------------------------------
ACCEPTED = {"A": ("A",), "U": ("A", "U"), "B": ("A", "B", "U")}  # 6.6.4 per level


def _check_identification(xmp: Xmp, add: Add, obj: int | None, level: str) -> None:
    part, conformance = xmp.value(PDFAID, "part"), xmp.value(PDFAID, "conformance")
    if part is None:
        add("6.6.4", "pdfa-no-identification", "The XMP metadata has no pdfaid:part", obj=obj)
    elif part != "2":
        add("6.6.4", "pdfa-wrong-part", f"pdfaid:part is {part!r}, not 2", obj=obj)
    if conformance not in ACCEPTED[level]:
        add("6.6.4", "pdfa-wrong-conformance",
            f"pdfaid:conformance is {conformance!r}; level {level} is declared with "
            + " or ".join(repr(c) for c in ACCEPTED[level]), obj=obj)
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


_PDF_DATE = re.compile(r"D:(\d{4})(\d\d)?(\d\d)?(\d\d)?(\d\d)?(\d\d)?"
                       r"(?:([Zz+-])(?:(\d\d)'?(?:(\d\d)'?)?)?)?$")


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
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)
