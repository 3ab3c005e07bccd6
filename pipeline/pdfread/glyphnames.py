"""Glyph names: the standard simple-font encodings and glyph name -> Unicode.

The data (the PDF standard encodings of ISO 32000-1 Annex D and the Adobe Glyph
List) is taken from ReportLab, a dependency of the project, which ships both as
plain tables. They are imported lazily, only when a font needs them, so a
checker run whose fonts all carry ToUnicode maps never loads them.
"""
from __future__ import annotations

import re
from functools import cache, lru_cache

STANDARD_ENCODINGS = ("WinAnsiEncoding", "MacRomanEncoding", "StandardEncoding", "MacExpertEncoding")
_UNI = re.compile(r"uni((?:[0-9A-F]{4})+)$")
_U = re.compile(r"u([0-9A-F]{4,6})$")


@cache
def encoding_table(name: str) -> tuple | None:
    """256 glyph names (None for unassigned codes) of a predefined encoding, or None."""
    try:
        if name == "WinAnsiEncoding":
            from reportlab.pdfbase._fontdata_enc_winansi import WinAnsiEncoding as table
        elif name == "MacRomanEncoding":
            from reportlab.pdfbase._fontdata_enc_macroman import MacRomanEncoding as table
        elif name == "StandardEncoding":
            from reportlab.pdfbase._fontdata_enc_standard import StandardEncoding as table
        elif name == "MacExpertEncoding":
            from reportlab.pdfbase._fontdata_enc_macexpert import MacExpertEncoding as table
        elif name == "SymbolEncoding":
            from reportlab.pdfbase._fontdata_enc_symbol import SymbolEncoding as table
        elif name == "ZapfDingbatsEncoding":
            from reportlab.pdfbase._fontdata_enc_zapfdingbats import ZapfDingbatsEncoding as table
        else:
            return None
    except ImportError:  # pragma: no cover - ReportLab is a dependency
        return None
    return tuple(table)


@lru_cache(maxsize=1)
def _agl() -> dict:
    try:
        from reportlab.pdfbase._glyphlist import _glyphname2unicode
    except ImportError:  # pragma: no cover
        return {}
    return _glyphname2unicode


def in_glyph_list(name: str) -> bool:
    """True if the name is in the Adobe Glyph List."""
    return name in _agl()


def glyph_unicode(name: str) -> str | None:
    """Unicode text for a glyph name: AGL names, uniXXXX and uXXXX[XX] forms,
    and ligature/variant names built from them (f_i, a.sc)."""
    if not name or name == ".notdef":
        return None
    agl = _agl()
    if name in agl:
        return chr(agl[name])
    base = name.split(".", 1)[0]
    if not base:
        return None
    parts = base.split("_")
    out = []
    for part in parts:
        if part in agl:
            out.append(chr(agl[part]))
            continue
        m = _UNI.match(part)
        if m:
            hexes = m.group(1)
            try:
                out.append("".join(chr(int(hexes[i:i + 4], 16)) for i in range(0, len(hexes), 4)))
            except ValueError:
                return None
            continue
        m = _U.match(part)
        if m and int(m.group(1), 16) <= 0x10FFFF:
            out.append(chr(int(m.group(1), 16)))
            continue
        return None
    return "".join(out) or None
