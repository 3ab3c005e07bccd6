"""The embedded font family (TrueType, from the project's fonts/ folder)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONTS_DIR = Path(__file__).resolve().parents[2] / "fonts"


@dataclass(frozen=True)
class FontFamily:
    name: str
    regular: str
    italic: str
    bold: str
    bold_italic: str

    def files(self, fonts_dir: Path = FONTS_DIR) -> list[Path]:
        return [fonts_dir / f for f in (self.regular, self.italic, self.bold, self.bold_italic)]


BODY = FontFamily(
    name="Atkinson",
    regular="AtkinsonHyperlegible-Regular.ttf",
    italic="AtkinsonHyperlegible-Italic.ttf",
    bold="AtkinsonHyperlegible-Bold.ttf",
    bold_italic="AtkinsonHyperlegible-BoldItalic.ttf",
)

_registered: set[str] = set()


class FontMissingError(Exception):
    pass


def register(family: FontFamily = BODY, fonts_dir: Path = FONTS_DIR) -> FontFamily:
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
        path = fonts_dir / filename
        if not path.is_file():
            raise FontMissingError(f"{path}: font file missing")
        pdfmetrics.registerFont(TTFont(face, str(path)))
    addMapping(family.name, 0, 0, family.name)
    addMapping(family.name, 0, 1, family.name + "-Italic")
    addMapping(family.name, 1, 0, family.name + "-Bold")
    addMapping(family.name, 1, 1, family.name + "-BoldItalic")
    _registered.add(family.name)
    return family
