"""Document information, XMP metadata, /Lang, viewer preferences.

The XMP identifies the file as PDF/UA-1 (``pdfuaid:part`` 1) and PDF/A-2a (``pdfaid:part`` 2,
``pdfaid:conformance`` A). PDF/A-2 (ISO 19005-2, 6.6.2.3) accepts only properties of the
predefined schemas or of schemas described in an extension schema, so the packet describes
the ``pdfuaid`` schema with the PDF/A extension schema container. Every entry of the document
information dictionary has its XMP equivalent with the same value (6.6.3): /Title =
dc:title, /Author = dc:creator (one entry), /Subject = dc:description, /Keywords =
pdf:Keywords, /Creator = xmp:CreatorTool, /Producer = pdf:Producer, /CreationDate =
xmp:CreateDate, /ModDate = xmp:ModifyDate.

The packet is built as an ElementTree with the namespaces registered under the prefixes
written (``NAMESPACES``), so every value is escaped by the serialiser; a value XML cannot
carry at all (a C0 control character) is a ``BuildError`` naming the property.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from xml.etree import ElementTree as ET

import pikepdf
from pikepdf import Dictionary, Name

from .. import __version__
from ..errors import BuildError

TOOL = f"reportage-pipeline {__version__}"


@dataclass(frozen=True)
class DocumentInfo:
    titles: dict[str, str]  # language -> title; the first is the document language
    subject: dict[str, str]
    authors: list[str]
    rights: dict[str, str]
    keywords: str
    date: dt.datetime  # creation and modification (reproducible: from the sources)
    publisher: tuple[str, ...] = ()  # dc:publisher
    contributors: tuple[str, ...] = ()  # dc:contributor: "Name (role)", e.g. design, translation
    identifiers: tuple[tuple[str, str], ...] = ()  # ("ISBN", "978-..."): dc:identifier and PRISM

    @property
    def lang(self) -> str:
        return next(iter(self.titles))

    @property
    def title(self) -> str:
        """The document's title: in every language of the document, the first first (a
        bilingual volume is "Clusterreportagen / Cluster Reports")."""
        return " / ".join(dict.fromkeys(self.titles.values()))


def _pdf_date(d: dt.datetime) -> str:
    return d.strftime("D:%Y%m%d%H%M%S") + "Z"


def author_text(info: DocumentInfo) -> str:
    """/Author and the single dc:creator entry: PDF/A wants them equal, so all authors in one."""
    return ", ".join(info.authors)


# The namespaces of the packet, with the prefixes it is written with: PDF/UA-1 and PDF/A-2
# require ``pdfuaid``, ``pdfaid`` and the extension schema container's prefixes.
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XML = "http://www.w3.org/XML/1998/namespace"
# PRISM (the Publishing Requirements for Industry Standard Metadata) names a publication's
# ISBN, ISSN and DOI; PDF/A-2 does not predefine it, so the packet describes it (6.6.2.3.3).
PRISM = "http://prismstandard.org/namespaces/basic/3.0/"
NAMESPACES = {
    "x": "adobe:ns:meta/",
    "rdf": RDF,
    "dc": "http://purl.org/dc/elements/1.1/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "xmpMM": "http://ns.adobe.com/xap/1.0/mm/",
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    "pdfaExtension": "http://www.aiim.org/pdfa/ns/extension/",
    "pdfaSchema": "http://www.aiim.org/pdfa/ns/schema#",
    "pdfaProperty": "http://www.aiim.org/pdfa/ns/property#",
    "prism": PRISM,
    "pdfxid": "http://www.npes.org/pdfx/ns/id/",
}
for _prefix, _uri in NAMESPACES.items():
    ET.register_namespace(_prefix, _uri)

# The packet wrapper (XMP Specification Part 1, 7.3): the header with the byte order mark and
# the fixed id, no ``bytes`` or ``encoding`` attribute (PDF/A-2 6.6.2.1); a writable trailer.
PACKET_HEADER = '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
PACKET_TRAILER = '\n<?xpacket end="w"?>'

PRISM_PROPERTIES = {"ISBN": ("isbn", "ISBN of the publication"),
                    "ISSN": ("issn", "ISSN of the series the publication is part of"),
                    "DOI": ("doi", "Digital Object Identifier of the publication")}

# What XML 1.0 cannot carry (2.2 Char): C0 controls other than tab, LF, CR; surrogates; U+FFFE/F.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _qname(name: str) -> str:
    """'dc:title' -> '{http://purl.org/dc/elements/1.1/}title'."""
    prefix, _, local = name.partition(":")
    return f"{{{NAMESPACES[prefix]}}}{local}"


def _el(parent: ET.Element, name: str, text: str | None = None, **attrib: str) -> ET.Element:
    """A child ``name`` ('prefix:local') of ``parent`` with ``text``; ``attrib`` keys are
    'prefix_local' ('rdf_parseType', 'xml_lang')."""
    element = ET.SubElement(parent, _qname(name), {
        (f"{{{XML}}}{k[4:]}" if k.startswith("xml_") else _qname(k.replace("_", ":", 1))): v
        for k, v in attrib.items()})
    if text is not None:
        match = _NOT_XML.search(text)
        if match:
            raise BuildError(f"the XMP metadata cannot carry {name} {text!r}: the character "
                             f"U+{ord(match.group()):04X} is not allowed in XML")
        element.text = text
    return element


def _array(parent: ET.Element, name: str, kind: str, values: Iterable[str]) -> None:
    """``name`` holding an rdf:Bag or rdf:Seq of the ``values``."""
    array = _el(_el(parent, name), f"rdf:{kind}")
    for value in values:
        _el(array, "rdf:li", value)


def _alt(parent: ET.Element, name: str, values: dict[str, str], default: str) -> None:
    """``name`` holding an rdf:Alt: the x-default ``default``, then one entry per language."""
    alt = _el(_el(parent, name), "rdf:Alt")
    _el(alt, "rdf:li", default, xml_lang="x-default")
    for lang, text in values.items():
        _el(alt, "rdf:li", text, xml_lang=lang)


def _prism(info: DocumentInfo) -> list[tuple[str, str, str]]:
    """(property, value, description) of the identifiers PRISM has a property for."""
    return [(PRISM_PROPERTIES[s][0], v, PRISM_PROPERTIES[s][1]) for s, v in info.identifiers
            if s in PRISM_PROPERTIES]


def _series(desc: ET.Element, info: DocumentInfo) -> None:
    """dc:publisher, dc:contributor, dc:identifier and the PRISM identifiers, where given."""
    if info.publisher:
        _array(desc, "dc:publisher", "Bag", info.publisher)
    if info.contributors:
        _array(desc, "dc:contributor", "Bag", info.contributors)
    if info.identifiers:  # dc:identifier is one text: the first identifier, as a URN-like name
        scheme, value = info.identifiers[0]
        _el(desc, "dc:identifier", f"{scheme.lower()}:{value}")
    for name, value, _ in _prism(info):
        _el(desc, f"prism:{name}", value)


@dataclass(frozen=True)
class ExtensionSchema:
    """A PDF/A extension schema (6.6.2.3.3) for the properties of one namespace."""

    schema: str  # its name
    prefix: str  # a prefix of NAMESPACES
    properties: tuple[tuple[str, str, str, str], ...]  # (name, value type, category, description)


PDFUAID_SCHEMA = ExtensionSchema("PDF/UA Universal Accessibility Schema", "pdfuaid", (
    ("part", "Integer", "internal", "Part of ISO 14289 (PDF/UA) the file conforms to"),))


def _schema(bag: ET.Element, schema: ExtensionSchema) -> ET.Element:
    item = _el(bag, "rdf:li", rdf_parseType="Resource")
    _el(item, "pdfaSchema:schema", schema.schema)
    _el(item, "pdfaSchema:namespaceURI", NAMESPACES[schema.prefix])
    _el(item, "pdfaSchema:prefix", schema.prefix)
    seq = _el(_el(item, "pdfaSchema:property"), "rdf:Seq")
    for name, value_type, category, description in schema.properties:
        prop = _el(seq, "rdf:li", rdf_parseType="Resource")
        _el(prop, "pdfaProperty:name", name)
        _el(prop, "pdfaProperty:valueType", value_type)
        _el(prop, "pdfaProperty:category", category)
        _el(prop, "pdfaProperty:description", description)
    return item


def _serialised(root: ET.Element) -> bytes:
    ET.indent(root, space=" ")
    return (PACKET_HEADER + ET.tostring(root, encoding="unicode") + PACKET_TRAILER).encode("utf-8")


def xmp_packet(info: DocumentInfo, document_id: str) -> bytes:
    """The XMP packet (UTF-8) for ``info``; ``document_id`` is the uuid of xmpMM:DocumentID."""
    iso = info.date.strftime("%Y-%m-%dT%H:%M:%SZ")
    root = ET.Element(_qname("x:xmpmeta"))
    desc = _el(_el(root, "rdf:RDF"), "rdf:Description", rdf_about="")
    _el(desc, "dc:format", "application/pdf")
    _alt(desc, "dc:title", info.titles, info.title)
    _alt(desc, "dc:description", info.subject, info.subject[info.lang])
    _alt(desc, "dc:rights", info.rights, info.rights[info.lang])
    _array(desc, "dc:creator", "Seq", [author_text(info)])
    _array(desc, "dc:language", "Bag", info.titles)
    _series(desc, info)
    for name in ("xmp:CreateDate", "xmp:ModifyDate", "xmp:MetadataDate"):
        _el(desc, name, iso)
    _el(desc, "xmp:CreatorTool", TOOL)
    _el(desc, "pdf:Producer", TOOL)
    _el(desc, "pdf:Keywords", info.keywords)
    _el(desc, "xmpMM:DocumentID", f"uuid:{document_id}")
    _el(desc, "xmpMM:InstanceID", f"uuid:{document_id}")
    _el(desc, "pdfuaid:part", "1")
    _el(desc, "pdfaid:part", "2")
    _el(desc, "pdfaid:conformance", "A")
    bag = _el(_el(desc, "pdfaExtension:schemas"), "rdf:Bag")
    _schema(bag, PDFUAID_SCHEMA)
    prism = _prism(info)
    if prism:
        _schema(bag, ExtensionSchema("PRISM Basic Metadata", "prism", tuple(
            (name, "Text", "external", description) for name, _, description in prism)))
    return _serialised(root)


def add_properties(packet: bytes, properties: list[tuple[str, str]],
                   schema: ExtensionSchema | None = None) -> bytes:
    """``packet`` (as ``xmp_packet`` writes it) with more ``properties`` ('prefix:name',
    text) before its extension schemas, and ``schema`` first among those."""
    text = packet.decode("utf-8")
    if not (text.startswith(PACKET_HEADER) and text.endswith(PACKET_TRAILER)):
        raise BuildError("the XMP packet to add to is not the one metadata.py writes")
    root = ET.fromstring(text[len(PACKET_HEADER):-len(PACKET_TRAILER)])
    desc = root.find(f"{_qname('rdf:RDF')}/{_qname('rdf:Description')}")
    schemas = desc.find(_qname("pdfaExtension:schemas")) if desc is not None else None
    bag = schemas.find(_qname("rdf:Bag")) if schemas is not None else None
    if desc is None or schemas is None or bag is None:
        raise BuildError("the XMP packet has no rdf:Description with PDF/A extension schemas")
    at = list(desc).index(schemas)
    for name, value in properties:
        element = _el(desc, name, value)
        desc.remove(element)
        desc.insert(at, element)
        at += 1
    if schema is not None:
        item = _schema(bag, schema)
        bag.remove(item)
        bag.insert(0, item)
    return _serialised(root)


def write_metadata(pdf: pikepdf.Pdf, info: DocumentInfo, content_hash: bytes) -> None:
    document_id = str(uuid.UUID(bytes=hashlib.sha256(content_hash).digest()[:16]))
    stamp = _pdf_date(info.date)
    pdf.docinfo = pdf.make_indirect(Dictionary(
        Title=pikepdf.String(info.title),
        Author=pikepdf.String(author_text(info)),
        Subject=pikepdf.String(info.subject[info.lang]),
        Keywords=pikepdf.String(info.keywords),
        Creator=pikepdf.String(TOOL),
        Producer=pikepdf.String(TOOL),
        CreationDate=pikepdf.String(stamp),
        ModDate=pikepdf.String(stamp),
    ))
    metadata = pdf.make_stream(xmp_packet(info, document_id))
    metadata.Type = Name.Metadata
    metadata.Subtype = Name.XML
    pdf.Root.Metadata = metadata
    pdf.Root.Lang = pikepdf.String(info.lang)
    pdf.Root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
