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
from importlib import resources

import pikepdf
from pikepdf import Array, Dictionary, Name

from .cmyk import Press, convert_to_cmyk
from .metadata import NAMESPACES, ExtensionSchema, add_properties

PDFX_VERSION = "PDF/X-4"
DEFAULT_PROFILE = "FOGRA39L-coated-300.icc"
PDFX_NS = NAMESPACES["pdfxid"]


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


PDFX_SCHEMA = ExtensionSchema("PDF/X ID Schema", "pdfxid", (
    ("GTS_PDFXVersion", "Text", "internal", "ID of PDF/X standard"),))
PDFX_PROPERTIES = [("pdfxid:GTS_PDFXVersion", PDFX_VERSION), ("xmpMM:VersionID", "1"),
                   ("xmpMM:RenditionClass", "default")]


def identify(pdf: pikepdf.Pdf) -> None:
    """PDF/X-4 identification and /Trapped, in the Info dictionary and the XMP packet
    (``metadata.py`` writes it; the additions go into that packet)."""
    pdf.docinfo.GTS_PDFXVersion = pikepdf.String(PDFX_VERSION)
    pdf.docinfo.Trapped = Name("/False")
    pdf.Root.Metadata.write(add_properties(pdf.Root.Metadata.read_bytes(), PDFX_PROPERTIES, PDFX_SCHEMA))


def make_pdfx(pdf: pikepdf.Pdf, settings) -> None:
    """The print output: CMYK colour, the printing condition's output intents, PDF/X-4
    identification. ``settings`` is the edition's ``pipeline.model.PrintSettings``."""
    profile = profile_bytes(settings)
    convert_to_cmyk(pdf, Press(profile, settings.ink_limit))
    write_output_intents(pdf, profile, settings)
    identify(pdf)
