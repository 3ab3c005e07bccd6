"""Document information, XMP metadata (with pdfuaid:part 1), /Lang, viewer preferences."""
from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from dataclasses import dataclass
from xml.sax.saxutils import escape

import pikepdf
from pikepdf import Dictionary, Name

from .. import __version__

TOOL = f"reportage-pipeline {__version__}"


@dataclass(frozen=True)
class DocumentInfo:
    titles: dict[str, str]  # language -> title; the first is the document language
    subject: dict[str, str]
    authors: list[str]
    rights: dict[str, str]
    keywords: str
    date: dt.datetime  # creation and modification (reproducible: from the sources)

    @property
    def lang(self) -> str:
        return next(iter(self.titles))

    @property
    def title(self) -> str:
        return self.titles[self.lang]


def _pdf_date(d: dt.datetime) -> str:
    return d.strftime("D:%Y%m%d%H%M%S") + "Z"


def _alt(values: dict[str, str], default_lang: str) -> str:
    items = [f'<rdf:li xml:lang="x-default">{escape(values[default_lang])}</rdf:li>']
    items += [f'<rdf:li xml:lang="{lang}">{escape(text)}</rdf:li>' for lang, text in values.items()]
    return "<rdf:Alt>" + "".join(items) + "</rdf:Alt>"


def xmp_packet(info: DocumentInfo, document_id: str) -> bytes:
    iso = info.date.strftime("%Y-%m-%dT%H:%M:%SZ")
    creators = "".join(f"<rdf:li>{escape(a)}</rdf:li>" for a in info.authors) or "<rdf:li/>"
    langs = "".join(f"<rdf:li>{lang}</rdf:li>" for lang in info.titles)
    body = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
    xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
   <dc:format>application/pdf</dc:format>
   <dc:title>{_alt(info.titles, info.lang)}</dc:title>
   <dc:description>{_alt(info.subject, info.lang)}</dc:description>
   <dc:rights>{_alt(info.rights, info.lang)}</dc:rights>
   <dc:creator><rdf:Seq>{creators}</rdf:Seq></dc:creator>
   <dc:language><rdf:Bag>{langs}</rdf:Bag></dc:language>
   <xmp:CreateDate>{iso}</xmp:CreateDate>
   <xmp:ModifyDate>{iso}</xmp:ModifyDate>
   <xmp:MetadataDate>{iso}</xmp:MetadataDate>
   <xmp:CreatorTool>{escape(TOOL)}</xmp:CreatorTool>
   <pdf:Producer>{escape(TOOL)}</pdf:Producer>
   <pdf:Keywords>{escape(info.keywords)}</pdf:Keywords>
   <xmpMM:DocumentID>uuid:{document_id}</xmpMM:DocumentID>
   <xmpMM:InstanceID>uuid:{document_id}</xmpMM:InstanceID>
   <pdfuaid:part>1</pdfuaid:part>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
    return body.encode("utf-8")


def write_metadata(pdf: pikepdf.Pdf, info: DocumentInfo, content_hash: bytes) -> None:
    document_id = str(uuid.UUID(bytes=hashlib.sha256(content_hash).digest()[:16]))
    stamp = _pdf_date(info.date)
    pdf.docinfo = pdf.make_indirect(Dictionary(
        Title=pikepdf.String(info.title),
        Author=pikepdf.String(", ".join(info.authors)),
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
