"""What PDF/X-4 (ISO 15930-7) needs beyond PDF/UA-1 and PDF/A-2a, for the print outputs.

* the colours in the printing condition's CMYK (``cmyk.py``);
* one output profile, the condition's CMYK output ('prtr') ICC profile, as the
  DestOutputProfile of two output intents: GTS_PDFX (PDF/X) and GTS_PDFA1 (PDF/A-2, which
  requires every output intent with a profile to use the same stream, 6.2.3). It replaces
  the sRGB intent that ``pdfa.py`` writes for the screen output;
* identification: XMP ``pdfxid:GTS_PDFXVersion`` "PDF/X-4", described by a PDF/A extension
  schema (PDF/A-2, 6.6.2.3: only predefined or described properties), and the same in the
  document information dictionary's /GTS_PDFXVersion;
* /Trapped /False in the document information (PDF/X wants True or False, never Unknown):
  the pipeline does no trapping, the printer's RIP may. Not ``pdf:Trapped`` in the XMP:
  PDF/A-2 accepts only the properties of the XMP 2004 schemas or of described ones, and
  Trapped is not among the Adobe PDF schema's there (PDF/A wins; PDF/X accepts either);
* ``xmpMM:VersionID`` and ``xmpMM:RenditionClass`` ``default`` (PDF/X-4, 6.7.2).

The trim and bleed boxes are ``boxes.py``'s.
"""
from __future__ import annotations

import functools
import re
from importlib import resources

import pikepdf
from pikepdf import Array, Dictionary, Name

from .cmyk import Press, convert_to_cmyk

PDFX_VERSION = "PDF/X-4"
DEFAULT_PROFILE = "FOGRA39L-coated-300.icc"
PDFX_NS = "http://www.npes.org/pdfx/ns/id/"


@functools.cache
def default_profile() -> bytes:
    """The project's FOGRA39 profile (made by tools/make_fogra39_profile.sh)."""
    return resources.files(__package__).joinpath("profiles", DEFAULT_PROFILE).read_bytes()


def profile_bytes(settings) -> bytes:
    """The output profile named by the edition (``print.profile``), or the project's."""
    return settings.profile.read_bytes() if settings.profile is not None else default_profile()


def write_output_intents(pdf: pikepdf.Pdf, profile: bytes, settings) -> None:
    stream = pdf.make_stream(profile)
    stream.N = 4
    common = {"/OutputConditionIdentifier": pikepdf.String(settings.condition),
              "/OutputCondition": pikepdf.String(settings.info),
              "/Info": pikepdf.String(settings.info),
              "/RegistryName": pikepdf.String(settings.registry), "/DestOutputProfile": stream}
    pdf.Root.OutputIntents = Array([
        pdf.make_indirect(Dictionary({"/Type": Name.OutputIntent, "/S": Name(f"/{subtype}"), **common}))
        for subtype in ("GTS_PDFX", "GTS_PDFA1")])


_EXTENSION = f"""     <rdf:li rdf:parseType="Resource">
      <pdfaSchema:schema>PDF/X ID Schema</pdfaSchema:schema>
      <pdfaSchema:namespaceURI>{PDFX_NS}</pdfaSchema:namespaceURI>
      <pdfaSchema:prefix>pdfxid</pdfaSchema:prefix>
      <pdfaSchema:property>
       <rdf:Seq>
        <rdf:li rdf:parseType="Resource">
         <pdfaProperty:name>GTS_PDFXVersion</pdfaProperty:name>
         <pdfaProperty:valueType>Text</pdfaProperty:valueType>
         <pdfaProperty:category>internal</pdfaProperty:category>
         <pdfaProperty:description>ID of PDF/X standard</pdfaProperty:description>
        </rdf:li>
       </rdf:Seq>
      </pdfaSchema:property>
     </rdf:li>
"""

_PROPERTIES = (f"   <pdfxid:GTS_PDFXVersion>{PDFX_VERSION}</pdfxid:GTS_PDFXVersion>\n"
               "   <xmpMM:VersionID>1</xmpMM:VersionID>\n"
               "   <xmpMM:RenditionClass>default</xmpMM:RenditionClass>\n")


_DESCRIPTION = re.compile(r'<rdf:Description rdf:about=""')
_SCHEMAS = re.compile(r"[ \t]*<pdfaExtension:schemas>\s*<rdf:Bag>\n?")


def _with_pdfx(text: str) -> str:
    """The XMP packet of ``metadata.py`` with the PDF/X properties and their schema: the
    namespace on the first rdf:Description, the properties before its extension schemas,
    the pdfxid schema first among them."""
    schemas = _SCHEMAS.search(text)
    if not _DESCRIPTION.search(text) or schemas is None:
        raise RuntimeError("the XMP packet has no rdf:Description with PDF/A extension schemas "
                           "to add PDF/X-4 to")
    text = text[:schemas.end()] + _EXTENSION + text[schemas.end():]
    text = text[:schemas.start()] + _PROPERTIES + text[schemas.start():]
    return _DESCRIPTION.sub(lambda m: f'{m.group(0)} xmlns:pdfxid="{PDFX_NS}"', text, count=1)


def identify(pdf: pikepdf.Pdf) -> None:
    """PDF/X-4 identification and /Trapped, in the Info dictionary and the XMP packet
    (``metadata.py`` writes it; the additions go into that packet)."""
    pdf.docinfo.GTS_PDFXVersion = pikepdf.String(PDFX_VERSION)
    pdf.docinfo.Trapped = Name("/False")
    text = pdf.Root.Metadata.read_bytes().decode("utf-8")
    pdf.Root.Metadata.write(_with_pdfx(text).encode("utf-8"))


def make_pdfx(pdf: pikepdf.Pdf, settings) -> None:
    """The print output: CMYK colour, the printing condition's output intents, PDF/X-4
    identification. ``settings`` is the edition's ``pipeline.model.PrintSettings``."""
    profile = profile_bytes(settings)
    convert_to_cmyk(pdf, Press(profile, settings.ink_limit))
    write_output_intents(pdf, profile, settings)
    identify(pdf)
