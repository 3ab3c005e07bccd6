"""Rebuild pipeline/pdf/profiles/sRGB-IEC61966-2.1.icc, the output profile of the PDF/A
output intent (pipeline/pdf/pdfa.py).

    .venv/bin/python tools/make_srgb_profile.py          # writes the profile
    .venv/bin/python tools/make_srgb_profile.py --check  # exit 1 if the shipped file differs

The profile is LittleCMS's built-in sRGB (``cmsCreate_sRGBProfile``, through Pillow's
ImageCms): a display-class RGB matrix/TRC profile with the IEC 61966-2-1 primaries, D65
white adapted to the D50 PCS (Bradford, ``chad``) and the sRGB tone curve as a parametric
curve. Three header fields are then fixed, so the file is the same whenever it is made:

* version 4.2 (LittleCMS 2.16 and later write 4.4): its tags (mluc, XYZ, sf32, para, chrm)
  all exist in ICC.1:2004-10 (4.2), the newest version ISO 32000-1 and PDF/A-2 accept;
* creation date 2000-01-01 00:00:00 (LittleCMS writes the current time);
* profile ID zero ("not computed"; an MD5 over the edited bytes would be valid too).

The shipped file was made with LittleCMS 2.19 (Pillow 13.0.0); another release may write
other bytes for the same profile, which is why the build reads the file and does not make
the profile itself.
"""
from __future__ import annotations

import argparse
import struct
import sys
from pathlib import Path

from PIL import ImageCms, features

OUT = Path(__file__).resolve().parents[1] / "pipeline" / "pdf" / "profiles" / "sRGB-IEC61966-2.1.icc"
VERSION_4_2 = bytes((4, 0x20, 0, 0))
DATE = struct.pack(">6H", 2000, 1, 1, 0, 0, 0)


def make() -> bytes:
    data = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    if data[36:40] != b"acsp" or data[12:20] != b"mntrRGB ":
        raise SystemExit("ImageCms made no RGB display profile")
    data[8:12] = VERSION_4_2
    data[24:36] = DATE
    data[84:100] = bytes(16)
    return bytes(data)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="compare with the shipped file")
    args = parser.parse_args()
    data = make()
    lcms = features.version("littlecms2")
    if args.check:
        same = OUT.read_bytes() == data
        print(f"{OUT.name}: {'same' if same else 'differs'} (LittleCMS {lcms})")
        return 0 if same else 1
    OUT.write_bytes(data)
    print(f"wrote {OUT} ({len(data)} bytes, LittleCMS {lcms})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
