"""ToUnicode values: ISO 14289-1 7.21.7 and ISO 19005-2 6.2.11.7.2.

"The Unicode values specified in the ToUnicode CMap shall all be greater than zero, but
not equal to either U+FEFF or U+FFFE." The rule is about every value the CMap specifies,
not only those of the codes a page shows (``fonts.py`` judges those, code by code): a CMap
that maps unused codes to U+0000 still fails it.
"""
from __future__ import annotations

from collections.abc import Iterator

import pikepdf

from ..pdfread.cmap import CMapInfo, parse_cmap
from .context import Context, objnum
from .fonts_model import pdf_cache

FORBIDDEN = frozenset({"\x00", "\ufeff", "\ufffe"})


def _values(info: CMapInfo) -> Iterator[tuple[int, int, bytes]]:
    """(bytes, code, UTF-16BE value) of every mapping the CMap specifies."""
    for (n, code), value in info.uni_single.items():
        yield n, code, value
    for n, lo, hi, dst in info.uni_ranges:
        if isinstance(dst, list):
            for k, value in enumerate(dst[:hi - lo + 1]):
                yield n, lo + k, value
        else:
            start = int.from_bytes(dst, "big")
            size = max(len(dst), 2)
            for k in range(min(hi - lo + 1, 0x10000)):
                number = start + k
                if number >= 1 << (8 * size):
                    break
                yield n, lo + k, number.to_bytes(size, "big")


def forbidden_codes(info: CMapInfo) -> list[tuple[int, int]]:
    """Codes whose value is U+0000, U+FEFF or U+FFFE (or contains one)."""
    bad = []
    for n, code, value in _values(info):
        if len(value) % 2 == 0 and FORBIDDEN.intersection(value.decode("utf-16-be", "surrogatepass")):
            bad.append((n, code))
    return bad


def _fonts(pdf: pikepdf.Pdf) -> Iterator[pikepdf.Dictionary]:
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/Font" \
                and isinstance(obj.get("/ToUnicode"), pikepdf.Stream):
            yield obj


def check_tounicode_values(ctx: Context) -> None:
    """7.21.7 findings; the PDF/A rules (pdfa_fonts) carry them over to 6.2.11.7.2 at
    levels A and U."""
    parsed = pdf_cache(ctx.pdf).get("cmaps", {})  # the CMaps the font rules have read
    for font in _fonts(ctx.pdf):
        stream = font.ToUnicode
        info = parsed.get(("obj", stream.objgen))
        if info is None or not (info.uni_single or info.uni_ranges):  # read here (again)
            try:
                info = parse_cmap(stream.read_bytes())
            except (pikepdf.PdfError, pikepdf.DataDecodingError):
                continue  # an undecodable stream is the font rules' finding
        bad = forbidden_codes(info)
        if not bad:
            continue
        shown = ", ".join(f"<{c:0{2 * n}X}>" for n, c in sorted(bad)[:5])
        more = f" and {len(bad) - 5} more" if len(bad) > 5 else ""
        name = str(font.get("/BaseFont", "?"))[1:] or "?"
        ctx.add("7.21.7", "tounicode-forbidden-value",
                f"Font {name}: its ToUnicode CMap maps {len(bad)} code(s) ({shown}{more}) "
                "to U+0000, U+FEFF or U+FFFE", obj=objnum(font))
