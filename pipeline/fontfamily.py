"""The body font family's files: which faces the layout embeds, named once for the
layout (which registers them) and the loading stage (which checks that every character
of the sources is in them)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .settings import fonts_dir


@dataclass(frozen=True)
class FontFamily:
    name: str
    regular: str
    italic: str
    bold: str
    bold_italic: str

    def files(self, folder: Path | None = None) -> list[Path]:
        folder = folder or fonts_dir()
        return [folder / f for f in (self.regular, self.italic, self.bold, self.bold_italic)]


BODY = FontFamily(
    name="Atkinson",
    regular="AtkinsonHyperlegible-Regular.ttf",
    italic="AtkinsonHyperlegible-Italic.ttf",
    bold="AtkinsonHyperlegible-Bold.ttf",
    bold_italic="AtkinsonHyperlegible-BoldItalic.ttf",
)
