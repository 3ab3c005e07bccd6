"""ToUnicode CMaps that map exactly the codes a font shows, each to its real text.

ReportLab gives every TrueType subset a ToUnicode CMap over the whole code range of the
subset (<00>..<7F> for the first one), and maps the codes it has not assigned to U+0000.
ISO 14289-1 7.21.7 and ISO 19005-2 6.2.11.7.2 forbid U+0000, U+FEFF and U+FFFE as
ToUnicode values, and a reader has no use for codes the document never shows. So the
post-processing stage rewrites each simple font's CMap: one ``bfchar`` per code that the
content streams show with that font, mapped to the value ReportLab gave it. A shown code
without a usable value is a BuildError, never a silent gap in the text.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

import pikepdf

from ..errors import BuildError
from ..pdfread.objects import inherited

_SHOW_OPS = frozenset({"Tj", "TJ", "'", '"'})
_OPERATORS = "Tf Tj TJ ' \" Do"
_FORBIDDEN = frozenset({0x0000, 0xFEFF, 0xFFFE})
_HEX = rb"<([0-9A-Fa-f\s]*)>"
_BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)
_BFRANGE = re.compile(rb"beginbfrange(.*?)endbfrange", re.S)
_PAIR = re.compile(_HEX + rb"\s*" + _HEX)
_RANGE = re.compile(_HEX + rb"\s*" + _HEX + rb"\s*" + _HEX)
_MAX_FORM_DEPTH = 16

_CMAP = """/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
/CMapName /Adobe-Identity-UCS def
/CMapType 2 def
1 begincodespacerange
<00> <FF>
endcodespacerange
{chars}endcmap
CMapName currentdict /CMap defineresource pop
end
end
"""


def _hex(digits: bytes) -> bytes:
    clean = re.sub(rb"\s", b"", digits)
    return bytes.fromhex((clean + b"0" * (len(clean) % 2)).decode())


def read_mappings(data: bytes) -> dict[int, str]:
    """The code -> text mappings of a simple font's ToUnicode CMap (bfchar and bfrange)."""
    out: dict[int, str] = {}
    for block in _BFCHAR.findall(data):
        for src, dst in _PAIR.findall(block):
            out[int.from_bytes(_hex(src), "big")] = _hex(dst).decode("utf-16-be", "surrogatepass")
    for block in _BFRANGE.findall(data):
        for lo, hi, dst in _RANGE.findall(block):
            start, end = int.from_bytes(_hex(lo), "big"), int.from_bytes(_hex(hi), "big")
            first = int.from_bytes(_hex(dst), "big")
            for code in range(start, end + 1):
                out[code] = chr(first + code - start)
    return out


def _font_key(font: pikepdf.Object) -> tuple[int, int]:
    return font.objgen


def _shown(resources: pikepdf.Object | None, stream: pikepdf.Object, used: dict, fonts: dict,
           depth: int = 0) -> None:
    """Add to ``used[font]`` every byte shown with each font in ``stream`` (and the forms it paints)."""
    font_res = resources.get("/Font") if isinstance(resources, pikepdf.Dictionary) else None
    xobjects = resources.get("/XObject") if isinstance(resources, pikepdf.Dictionary) else None
    current = None
    for instruction in pikepdf.parse_content_stream(stream, _OPERATORS):
        if not isinstance(instruction, pikepdf.ContentStreamInstruction):
            continue  # an inline image (BI ... EI) shows no text
        operands, op = instruction.operands, str(instruction.operator)
        if op == "Tf" and operands and isinstance(font_res, pikepdf.Dictionary):
            current = font_res.get(str(operands[0]))
            if isinstance(current, pikepdf.Dictionary):
                fonts[_font_key(current)] = current
        elif op in _SHOW_OPS and isinstance(current, pikepdf.Dictionary):
            codes = used[_font_key(current)]
            for operand in operands:
                items = operand if isinstance(operand, pikepdf.Array) else [operand]
                for item in items:
                    if isinstance(item, pikepdf.String):
                        codes.update(bytes(item))
        elif op == "Do" and operands and isinstance(xobjects, pikepdf.Dictionary) and depth < _MAX_FORM_DEPTH:
            form = xobjects.get(str(operands[0]))
            if isinstance(form, pikepdf.Stream) and form.get("/Subtype") == "/Form":
                _shown(form.get("/Resources", resources), form, used, fonts, depth + 1)


def shown_codes(pdf: pikepdf.Pdf) -> Iterator[tuple[pikepdf.Dictionary, set[int]]]:
    """(font dictionary, codes it shows) for every font used in the pages' content."""
    used: dict[tuple[int, int], set[int]] = defaultdict(set)
    fonts: dict[tuple[int, int], pikepdf.Dictionary] = {}
    for page in pdf.pages:
        _shown(inherited(page.obj, "/Resources"), page.obj, used, fonts)
    for key, codes in used.items():
        yield fonts[key], codes


def cmap_for(mappings: dict[int, str]) -> bytes:
    """A ToUnicode CMap with one bfchar per code (at most 100 per block, 9.10.3)."""
    codes = sorted(mappings)
    blocks = []
    for i in range(0, len(codes), 100):
        chunk = codes[i:i + 100]
        lines = "".join(f"<{c:02X}> <{mappings[c].encode('utf-16-be', 'surrogatepass').hex().upper()}>\n"
                        for c in chunk)
        blocks.append(f"{len(chunk)} beginbfchar\n{lines}endbfchar\n")
    return _CMAP.format(chars="".join(blocks)).encode("ascii")


def rewrite_tounicode(pdf: pikepdf.Pdf) -> None:
    """Give each simple font that shows text a ToUnicode CMap of exactly the codes it shows."""
    for font, codes in shown_codes(pdf):
        if font.get("/Subtype") == "/Type0" or "/ToUnicode" not in font:
            continue
        old = read_mappings(font.ToUnicode.read_bytes())
        bad = sorted(c for c in codes if not old.get(c) or any(ord(ch) in _FORBIDDEN for ch in old[c]))
        if bad:
            raise BuildError(f"font {font.get('/BaseFont')}: codes "
                             + ", ".join(f"<{c:02X}>" for c in bad[:8])
                             + " are shown but have no Unicode value in its ToUnicode CMap")
        font.ToUnicode = pdf.make_stream(cmap_for({c: old[c] for c in codes}))
