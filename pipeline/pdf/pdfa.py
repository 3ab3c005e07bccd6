"""What PDF/A-2 (ISO 19005-2) needs beyond PDF/UA in post-processing.

* an sRGB output intent (6.2.3): the images and colours are DeviceRGB and DeviceGray, which
  PDF/A-2 accepts only with an RGB output intent (6.2.4.3). The ICC profile is made by
  LittleCMS through Pillow's ImageCms, once per process;
* every annotation printable and never hidden (6.3.3).

The metadata side (pdfaid, the extension schema, Info = XMP) is in ``metadata.py``.
"""
from __future__ import annotations

import functools
import struct

import pikepdf
from pikepdf import Array, Dictionary, Name

SRGB = "sRGB IEC61966-2.1"  # the ICC registry's name of the characterization

# Annotation flags (ISO 32000-1, 12.5.3): bit positions 1..9
INVISIBLE, HIDDEN, PRINT, NO_VIEW, TOGGLE_NO_VIEW = 1 << 0, 1 << 1, 1 << 2, 1 << 5, 1 << 8
FORBIDDEN_FLAGS = INVISIBLE | HIDDEN | NO_VIEW | TOGGLE_NO_VIEW

# The ICC header's creation date (bytes 24..35): LittleCMS writes the current time, which
# would make the output differ from build to build. A fixed date keeps it reproducible.
_ICC_DATE = struct.pack(">6H", 2000, 1, 1, 0, 0, 0)
# LittleCMS 2.16 labels its profiles 4.4; the tags of its sRGB profile (mluc, XYZ, sf32, para,
# chrm) all exist in ICC.1:2004-10 (version 4.2), the newest version ISO 32000-1 and PDF/A-2
# accept, so the profile is labelled 4.2.
_ICC_VERSION_4_2 = bytes((4, 0x20, 0, 0))


@functools.cache
def srgb_profile() -> bytes:
    """An sRGB ICC profile (display class, RGB, 4.2), the same bytes on every call and run."""
    from PIL import ImageCms

    data = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    if data[36:40] != b"acsp" or data[16:20] != b"RGB ":
        raise RuntimeError("ImageCms made no RGB ICC profile")
    data[8:12] = _ICC_VERSION_4_2
    data[24:36] = _ICC_DATE
    data[84:100] = bytes(16)  # profile ID: 0 means "not computed", valid after the edits
    return bytes(data)


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
