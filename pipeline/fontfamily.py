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
    # The same four faces with tabular figures as their digits (fonts/README.md), for table
    # cells; used only when the fonts folder has all four of them.
    tabular: FontFamily | None = None

    def faces(self) -> dict[str, str]:
        """ReportLab face name -> file name of the family's four faces."""
        return {self.name: self.regular, self.name + "-Italic": self.italic,
                self.name + "-Bold": self.bold, self.name + "-BoldItalic": self.bold_italic}

    def own_files(self, folder: Path | None = None) -> list[Path]:
        """The four faces' files (regular, italic, bold, bold italic)."""
        folder = folder or fonts_dir()
        return [folder / f for f in self.faces().values()]

    def tabular_files(self, folder: Path | None = None) -> list[Path]:
        """The tabular family's four files when the folder has every one of them, else none
        (the tables then keep the font's own figures)."""
        if self.tabular is None:
            return []
        paths = self.tabular.own_files(folder)
        return paths if all(p.is_file() for p in paths) else []

    def files(self, folder: Path | None = None) -> list[Path]:
        """Every font file a build may embed: the four faces, and the tabular faces the
        tables are set in when the folder has them (inputs of a build, hashed)."""
        return self.own_files(folder) + self.tabular_files(folder)


BODY = FontFamily(
    name="Atkinson",
    regular="AtkinsonHyperlegible-Regular.ttf",
    italic="AtkinsonHyperlegible-Italic.ttf",
    bold="AtkinsonHyperlegible-Bold.ttf",
    bold_italic="AtkinsonHyperlegible-BoldItalic.ttf",
    tabular=FontFamily(
        name="Atkinson-Tabular",
        regular="AtkinsonHyperlegibleTabular-Regular.ttf",
        italic="AtkinsonHyperlegibleTabular-Italic.ttf",
        bold="AtkinsonHyperlegibleTabular-Bold.ttf",
        bold_italic="AtkinsonHyperlegibleTabular-BoldItalic.ttf",
    ),
)
