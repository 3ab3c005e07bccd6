"""Document information, XMP metadata, /Lang, viewer preferences.

The XMP identifies the file as PDF/UA-1 (``pdfuaid:part`` 1) and PDF/A-2a (``pdfaid:part`` 2,
``pdfaid:conformance`` A). PDF/A-2 (ISO 19005-2, 6.6.2.3) accepts only properties of the
predefined schemas or of schemas described in an extension schema, so the packet describes
the ``pdfuaid`` schema with the PDF/A extension schema container. Every entry of the document
information dictionary has its XMP equivalent with the same value (6.6.3): /Title =
dc:title, /Author = dc:creator (one entry), /Subject = dc:description, /Keywords =
pdf:Keywords, /Creator = xmp:CreatorTool, /Producer = pdf:Producer, /CreationDate =
xmp:CreateDate, /ModDate = xmp:ModifyDate.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from dataclasses import dataclass

import pikepdf
from pikepdf import Dictionary, Name

from .. import __version__
from ..markup import escape

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


def _alt(values: dict[str, str], default_lang: str, default: str | None = None) -> str:
    """An rdf:Alt: the x-default (``default``, or the value in ``default_lang``), then one
    entry per language."""
    default = values[default_lang] if default is None else default
    items = [f'<rdf:li xml:lang="x-default">{escape(default)}</rdf:li>']
    items += [f'<rdf:li xml:lang="{lang}">{escape(text)}</rdf:li>' for lang, text in values.items()]
    return "<rdf:Alt>" + "".join(items) + "</rdf:Alt>"


def author_text(info: DocumentInfo) -> str:
    """/Author and the single dc:creator entry: PDF/A wants them equal, so all authors in one."""
    return ", ".join(info.authors)


def xmp_packet(info: DocumentInfo, document_id: str) -> bytes:
    iso = info.date.strftime("%Y-%m-%dT%H:%M:%SZ")
    langs = "".join(f"<rdf:li>{lang}</rdf:li>" for lang in info.titles)
    body = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
    xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"
    xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
    xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
    xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
    xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#"{' xmlns:prism="' + PRISM + '"' if _prism(info) else ''}>
   <dc:format>application/pdf</dc:format>
   <dc:title>{_alt(info.titles, info.lang, info.title)}</dc:title>
   <dc:description>{_alt(info.subject, info.lang)}</dc:description>
   <dc:rights>{_alt(info.rights, info.lang)}</dc:rights>
   <dc:creator><rdf:Seq><rdf:li>{escape(author_text(info))}</rdf:li></rdf:Seq></dc:creator>
   <dc:language><rdf:Bag>{langs}</rdf:Bag></dc:language>{_series(info)}
   <xmp:CreateDate>{iso}</xmp:CreateDate>
   <xmp:ModifyDate>{iso}</xmp:ModifyDate>
   <xmp:MetadataDate>{iso}</xmp:MetadataDate>
   <xmp:CreatorTool>{escape(TOOL)}</xmp:CreatorTool>
   <pdf:Producer>{escape(TOOL)}</pdf:Producer>
   <pdf:Keywords>{escape(info.keywords)}</pdf:Keywords>
   <xmpMM:DocumentID>uuid:{document_id}</xmpMM:DocumentID>
   <xmpMM:InstanceID>uuid:{document_id}</xmpMM:InstanceID>
   <pdfuaid:part>1</pdfuaid:part>
   <pdfaid:part>2</pdfaid:part>
   <pdfaid:conformance>A</pdfaid:conformance>
   <pdfaExtension:schemas>
    <rdf:Bag>
     <rdf:li rdf:parseType="Resource">
      <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
      <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
      <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
      <pdfaSchema:property>
       <rdf:Seq>
        <rdf:li rdf:parseType="Resource">
         <pdfaProperty:name>part</pdfaProperty:name>
         <pdfaProperty:valueType>Integer</pdfaProperty:valueType>
         <pdfaProperty:category>internal</pdfaProperty:category>
         <pdfaProperty:description>Part of ISO 14289 (PDF/UA) the file conforms to</pdfaProperty:description>
        </rdf:li>
       </rdf:Seq>
      </pdfaSchema:property>
     </rdf:li>{_prism_schema(info)}
    </rdf:Bag>
   </pdfaExtension:schemas>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
    return body.encode("utf-8")


# PRISM (the Publishing Requirements for Industry Standard Metadata) names a publication's
# ISBN, ISSN and DOI; PDF/A-2 does not predefine it, so the packet describes it (6.6.2.3.3).
PRISM = "http://prismstandard.org/namespaces/basic/3.0/"
PRISM_PROPERTIES = {"ISBN": ("isbn", "ISBN of the publication"),
                    "ISSN": ("issn", "ISSN of the series the publication is part of"),
                    "DOI": ("doi", "Digital Object Identifier of the publication")}


def _prism(info: DocumentInfo) -> list[tuple[str, str, str]]:
    """(property, value, description) of the identifiers PRISM has a property for."""
    return [(PRISM_PROPERTIES[s][0], v, PRISM_PROPERTIES[s][1]) for s, v in info.identifiers
            if s in PRISM_PROPERTIES]


def _series(info: DocumentInfo) -> str:
    """dc:publisher, dc:contributor, dc:identifier and the PRISM identifiers, where given."""
    parts = []
    if info.publisher:
        parts.append("<dc:publisher><rdf:Bag>" + "".join(
            f"<rdf:li>{escape(p)}</rdf:li>" for p in info.publisher) + "</rdf:Bag></dc:publisher>")
    if info.contributors:
        parts.append("<dc:contributor><rdf:Bag>" + "".join(
            f"<rdf:li>{escape(c)}</rdf:li>" for c in info.contributors) + "</rdf:Bag></dc:contributor>")
    if info.identifiers:  # dc:identifier is one text: the first identifier, as a URN-like name
        scheme, value = info.identifiers[0]
        parts.append(f"<dc:identifier>{escape(scheme.lower())}:{escape(value)}</dc:identifier>")
    parts += [f"<prism:{name}>{escape(value)}</prism:{name}>" for name, value, _ in _prism(info)]
    return "".join("\n   " + p for p in parts)


def _prism_schema(info: DocumentInfo) -> str:
    props = _prism(info)
    if not props:
        return ""
    items = "".join(f"""
        <rdf:li rdf:parseType="Resource">
         <pdfaProperty:name>{name}</pdfaProperty:name>
         <pdfaProperty:valueType>Text</pdfaProperty:valueType>
         <pdfaProperty:category>external</pdfaProperty:category>
         <pdfaProperty:description>{escape(description)}</pdfaProperty:description>
        </rdf:li>""" for name, _, description in props)
    return f"""
     <rdf:li rdf:parseType="Resource">
      <pdfaSchema:schema>PRISM Basic Metadata</pdfaSchema:schema>
      <pdfaSchema:namespaceURI>{PRISM}</pdfaSchema:namespaceURI>
      <pdfaSchema:prefix>prism</pdfaSchema:prefix>
      <pdfaSchema:property>
       <rdf:Seq>{items}
       </rdf:Seq>
      </pdfaSchema:property>
     </rdf:li>"""


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
