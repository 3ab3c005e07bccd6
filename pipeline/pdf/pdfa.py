"""What PDF/A-2 (ISO 19005-2) needs beyond PDF/UA in post-processing.

* an sRGB output intent (6.2.3): the images and colours are DeviceRGB and DeviceGray, which
  PDF/A-2 accepts only with an RGB output intent (6.2.4.3). The ICC profile is a file
  shipped in ``profiles/`` (``sRGB-IEC61966-2.1.icc``; how it was made: ``profiles/README.md``
  and ``tools/make_srgb_profile.py``), so its bytes do not depend on a LittleCMS release;
* every annotation printable and never hidden (6.3.3).

The metadata side (pdfaid, the extension schema, Info = XMP) is in ``metadata.py``.
"""
from __future__ import annotations

import functools
from importlib import resources

import pikepdf
from pikepdf import Array, Dictionary, Name

SRGB = "sRGB IEC61966-2.1"  # the ICC registry's name of the characterization

# Annotation flags (ISO 32000-1, 12.5.3): bit positions 1..9
INVISIBLE, HIDDEN, PRINT, NO_VIEW, TOGGLE_NO_VIEW = 1 << 0, 1 << 1, 1 << 2, 1 << 5, 1 << 8
FORBIDDEN_FLAGS = INVISIBLE | HIDDEN | NO_VIEW | TOGGLE_NO_VIEW

SRGB_PROFILE = "sRGB-IEC61966-2.1.icc"


@functools.cache
def srgb_profile() -> bytes:
    """The shipped sRGB ICC profile (display class, RGB, version 4.2)."""
    return resources.files(__package__).joinpath("profiles", SRGB_PROFILE).read_bytes()


def write_output_intent(pdf: pikepdf.Pdf) -> None:
    """The PDF/A output intent: sRGB, in the catalog's /OutputIntents."""
    profile = pdf.make_stream(srgb_profile())
    profile.N = 3
    pdf.Root.OutputIntents = Array([pdf.make_indirect(Dictionary(
        Type=Name.OutputIntent, S=Name.GTS_PDFA1,
        OutputConditionIdentifier=pikepdf.String(SRGB), Info=pikepdf.String(SRGB),
        RegistryName=pikepdf.String("http://www.color.org"), DestOutputProfile=profile,
    ))])


def flag_annotations(pdf: pikepdf.Pdf) -> None:
    """Every annotation: print flag set; hidden, invisible and no-view flags cleared."""
    for page in pdf.pages:
        for annot in page.obj.get("/Annots", None) or []:
            flags = int(annot.get("/F", 0))
            annot.F = (flags | PRINT) & ~FORBIDDEN_FLAGS


def make_pdfa(pdf: pikepdf.Pdf) -> None:
    write_output_intent(pdf)
    flag_annotations(pdf)
