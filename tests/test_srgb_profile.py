"""The PDF/A output intent's sRGB profile is a shipped file (issue 17): valid ICC that
LittleCMS opens, version 4.2, sRGB's colorimetry, and embedded byte for byte."""
from __future__ import annotations

import io
import struct
import subprocess
import sys
from pathlib import Path

import pikepdf
from conftest import ROOT
from PIL import Image, ImageCms, features

from pipeline.pdf import pdfa

PROFILE = ROOT / "pipeline" / "pdf" / "profiles" / "sRGB-IEC61966-2.1.icc"


def test_the_profile_is_shipped_and_read_from_the_package():
    assert pdfa.srgb_profile() == PROFILE.read_bytes()


def test_littlecms_opens_it_as_an_rgb_display_profile_of_version_4_2():
    data = PROFILE.read_bytes()
    profile = ImageCms.ImageCmsProfile(io.BytesIO(data)).profile
    assert (profile.device_class, profile.xcolor_space, profile.connection_space) == ("mntr", "RGB ", "XYZ ")
    assert profile.version == 4.2  # the newest ISO 32000-1 / PDF/A-2 accept
    assert struct.unpack(">I", data[:4])[0] == len(data)  # the header's size is the file's
    assert data[24:36] == struct.pack(">6H", 2000, 1, 1, 0, 0, 0)  # a fixed date, not the build's


def test_it_is_srgb():
    """Converting sRGB colours from LittleCMS's own sRGB to the shipped profile changes none."""
    colours = [(0, 0, 0), (255, 255, 255), (255, 0, 0), (0, 128, 0), (30, 60, 200), (250, 200, 10)]
    image = Image.new("RGB", (len(colours), 1))
    image.putdata(colours)
    shipped = ImageCms.ImageCmsProfile(io.BytesIO(PROFILE.read_bytes()))
    converted = ImageCms.profileToProfile(image, ImageCms.createProfile("sRGB"), shipped,
                                          renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC)
    assert converted is not None
    for ours, theirs in zip(colours, [converted.getpixel((x, 0)) for x in range(len(colours))], strict=True):
        assert max(abs(a - b) for a, b in zip(ours, theirs, strict=True)) <= 1, (ours, theirs)


def test_every_output_embeds_it_as_its_output_intent(built):
    for variants in built.values():
        for path in variants.values():
            with pikepdf.open(path) as pdf:
                (intent,) = pdf.Root.OutputIntents
                assert intent.S == pikepdf.Name.GTS_PDFA1
                assert str(intent.OutputConditionIdentifier) == "sRGB IEC61966-2.1"
                assert intent.DestOutputProfile.read_bytes() == PROFILE.read_bytes()
                assert intent.DestOutputProfile.N == 3


def test_the_tool_says_whether_it_would_make_the_same_file():
    """tools/make_srgb_profile.py --check: same bytes with the LittleCMS it was made with; with
    another release it may differ, and says so (exit 1) without touching the file."""
    before = PROFILE.read_bytes()
    result = subprocess.run([sys.executable, str(Path(ROOT, "tools", "make_srgb_profile.py")), "--check"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode in (0, 1), result.stderr
    if features.version("littlecms2") == "2.19":  # the release the shipped file was made with
        assert result.returncode == 0, result.stdout
    assert ("same" if result.returncode == 0 else "differs") in result.stdout
    assert PROFILE.read_bytes() == before
