"""The embedded font family (TrueType, from the project's fonts/ folder)."""
from __future__ import annotations

from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ..errors import FontMissingError
from ..fontfamily import BODY, FontFamily
from ..settings import fonts_dir

__all__ = ["BODY", "FontFamily", "register", "tabular_face"]



_registered: set[str] = set()
_tabular: dict[str, FontFamily | None] = {}  # family name -> its registered tabular family


def register(family: FontFamily = BODY, folder: Path | None = None) -> FontFamily:
    """Register the family's four faces with ReportLab (once per process)."""
    if family.name in _registered:
        return family
    for face, filename in family.faces().items():
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


def _tabular_family(family: FontFamily, folder: Path | None) -> FontFamily | None:
    """The family's tabular-figure faces, registered on first use (only an edition with a
    table pays for it, ~1 ms a face); None when the fonts folder lacks them."""
    if family.name not in _tabular:
        tab = family.tabular if family.tabular_files(folder) else None
        if tab is not None:
            register(tab, folder)
        _tabular[family.name] = tab
    return _tabular[family.name]


def tabular_face(face: str, family: FontFamily = BODY, folder: Path | None = None) -> str:
    """The face of ``family`` with tabular figures that stands for ``face`` (one of the
    family's four, e.g. "Atkinson-Bold" -> "Atkinson-Tabular-Bold"): what table cells are
    set in, so that a column's digits line up. ``face`` itself when the fonts folder has no
    tabular faces (a custom folder, a font without a ``tnum`` feature)."""
    tab = _tabular_family(family, folder)
    if tab is None or face not in family.faces():
        return face
    return tab.name + face[len(family.name):]
