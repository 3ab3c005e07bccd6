"""The embedded font family (TrueType, from the project's fonts/ folder)."""
from __future__ import annotations

from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ..errors import FontMissingError
from ..fontfamily import BODY, FontFamily
from ..settings import fonts_dir

__all__ = ["BODY", "FontFamily", "register"]



_registered: set[str] = set()


def register(family: FontFamily = BODY, folder: Path | None = None) -> FontFamily:
    """Register the family's four faces with ReportLab (once per process)."""
    if family.name in _registered:
        return family
    faces = {
        family.name: family.regular,
        family.name + "-Italic": family.italic,
        family.name + "-Bold": family.bold,
        family.name + "-BoldItalic": family.bold_italic,
    }
    for face, filename in faces.items():
        path = (folder or fonts_dir()) / filename
        if not path.is_file():
            raise FontMissingError(f"{path}: font file missing (the {family.name} family needs "
                                   f"{family.regular}, {family.italic}, {family.bold} and "
                                   f"{family.bold_italic})")
        try:
            pdfmetrics.registerFont(TTFont(face, str(path)))
        except Exception as exc:  # ReportLab raises TTFError and others for a bad file
            raise FontMissingError(f"{path}: not a usable TrueType font ({exc})") from exc
    addMapping(family.name, 0, 0, family.name)
    addMapping(family.name, 0, 1, family.name + "-Italic")
    addMapping(family.name, 1, 0, family.name + "-Bold")
    addMapping(family.name, 1, 1, family.name + "-BoldItalic")
    _registered.add(family.name)
    return family
