"""Glyph names: the standard simple-font encodings, and glyph name -> Unicode.

Glyph names are read by fontTools' implementation of the Adobe Glyph List
Specification (``fontTools.agl``: the full AGL, ``uniXXXX``, ``uXXXX[XX]``, ligatures
``f_i`` and suffixes ``a.sc``). The standard encodings of ISO 32000-1 Annex D come
from ReportLab, a dependency of the project, which ships them as plain tables;
they are imported only when a font needs them, as is the glyph list (7 ms to build its
tables: most documents, ours among them, use only fonts that need neither).
"""
from __future__ import annotations

from functools import cache

STANDARD_ENCODINGS = ("WinAnsiEncoding", "MacRomanEncoding", "StandardEncoding", "MacExpertEncoding")
# Encoding name -> (ReportLab module, table name).
_ENCODING_TABLES = {
    "WinAnsiEncoding": ("_fontdata_enc_winansi", "WinAnsiEncoding"),
    "MacRomanEncoding": ("_fontdata_enc_macroman", "MacRomanEncoding"),
    "StandardEncoding": ("_fontdata_enc_standard", "StandardEncoding"),
    "MacExpertEncoding": ("_fontdata_enc_macexpert", "MacExpertEncoding"),
    "SymbolEncoding": ("_fontdata_enc_symbol", "SymbolEncoding"),
    "ZapfDingbatsEncoding": ("_fontdata_enc_zapfdingbats", "ZapfDingbatsEncoding"),
}


@cache
def encoding_table(name: str) -> tuple[str | None, ...] | None:
    """256 glyph names (None for unassigned codes) of a predefined encoding, or None."""
    found = _ENCODING_TABLES.get(name)
    if found is None:
        return None
    module, table = found
    from importlib import import_module

    return tuple(getattr(import_module(f"reportlab.pdfbase.{module}"), table))


def in_glyph_list(name: str) -> bool:
    """True if the name is in the Adobe Glyph List."""
    from fontTools import agl

    return name in agl.LEGACY_AGL2UV


def glyph_unicode(name: str) -> str | None:
    """Unicode text for a glyph name (AGL names, uniXXXX and uXXXX[XX] forms, and names
    built from them: f_i, a.sc); None when no part of the name maps to Unicode."""
    if not name:
        return None
    from fontTools import agl

    return agl.toUnicode(name) or None
