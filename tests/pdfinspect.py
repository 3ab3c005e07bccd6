"""Reading built PDFs the way assistive technology does, for the tests.

Independent of the pipeline's own code: the tests must not grade the output with the
code that produced it. Handles what our PDFs contain (simple and Type0 fonts with
/ToUnicode, marked content with MCIDs, MCR and OBJR kids).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import pikepdf

PAINTING = {"Tj", "TJ", "'", '"', "Do", "sh", "BI", "INLINE IMAGE",
            "S", "s", "f", "F", "f*", "B", "B*", "b", "b*"}


def _parse_cmap(data: bytes) -> tuple[dict[int, str], int]:
    text = data.decode("latin-1")
    mapping: dict[int, str] = {}
    width = 1
    ranges = "".join(re.findall(r"beginbfrange(.*?)endbfrange", text, re.S))
    for m in re.finditer(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", ranges):
        lo, hi, dst = (int(x, 16) for x in m.groups())
        width = max(width, len(m.group(1)) // 2)
        dst_hex = m.group(3)
        for i, code in enumerate(range(lo, hi + 1)):
            mapping[code] = bytes.fromhex(f"{int(dst_hex, 16) + i:0{len(dst_hex)}X}").decode("utf-16-be")
    for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
        for src, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            width = max(width, len(src) // 2)
            mapping[int(src, 16)] = bytes.fromhex(dst).decode("utf-16-be")
    return mapping, width


@dataclass
class PageContent:
    texts: dict[int, str] = field(default_factory=dict)  # MCID -> text
    problems: list[str] = field(default_factory=list)  # painting outside tags, bad nesting
    mcids: list[int] = field(default_factory=list)
    artifact_text: str = ""  # text shown inside /Artifact (headers, footers, repeats)


class Inspector:
    def __init__(self, path):
        self.pdf = pikepdf.open(path)
        self._cmaps: dict[tuple[int, int], tuple[dict[int, str], int]] = {}
        self.pages = [self._read_page(i, p) for i, p in enumerate(self.pdf.pages)]
        self._page_index = {p.obj.objgen: i for i, p in enumerate(self.pdf.pages)}

    # -- content streams ------------------------------------------------------
    def _decode(self, font: pikepdf.Dictionary, raw: bytes) -> str:
        key = font.objgen
        if key not in self._cmaps:
            tu = font.get("/ToUnicode")
            self._cmaps[key] = _parse_cmap(tu.read_bytes()) if tu is not None else ({}, 1)
        mapping, width = self._cmaps[key]
        if font.get("/Subtype") == "/Type0":
            width = 2
        out = []
        for i in range(0, len(raw), width):
            code = int.from_bytes(raw[i:i + width], "big")
            out.append(mapping.get(code, "\ufffd"))
        return "".join(out)

    def _read_page(self, index: int, page: pikepdf.Page) -> PageContent:
        result = PageContent()
        fonts = page.obj.get("/Resources", {}).get("/Font", {})
        stack: list[tuple[str, int | None, bool]] = []  # (tag, mcid, opened inside BT)
        in_text = False
        font = None
        for operands, op in pikepdf.parse_content_stream(page):
            op = str(op)
            if op == "BT":
                in_text = True
            elif op == "ET":
                if any(inside for _, _, inside in stack):
                    result.problems.append(f"page {index + 1}: ET while marked content opened in BT is open")
                in_text = False
            elif op in ("BDC", "BMC"):
                tag = str(operands[0])
                mcid = None
                if op == "BDC" and isinstance(operands[1], pikepdf.Dictionary) and "/MCID" in operands[1]:
                    mcid = int(operands[1].MCID)
                    result.mcids.append(mcid)
                stack.append((tag, mcid, in_text))
            elif op == "EMC":
                if not stack:
                    result.problems.append(f"page {index + 1}: EMC without BDC")
                    continue
                tag, mcid, inside = stack.pop()
                if inside != in_text:
                    result.problems.append(f"page {index + 1}: {tag} crosses a BT/ET boundary")
            elif op == "Tf":
                font = fonts.get(str(operands[0]))
            if op in PAINTING and not stack:
                result.problems.append(f"page {index + 1}: {op} painted outside marked content")
            if op in ("Tj", "'", '"', "TJ") and stack:
                strings = (operands[-1] if op != "TJ"
                           else [x for x in operands[0] if isinstance(x, pikepdf.String)])
                if op != "TJ":
                    strings = [strings]
                text = "".join(self._decode(font, bytes(s)) for s in strings)
                mcid = next((m for _, m, _ in reversed(stack) if m is not None), None)
                if any(t == "/Artifact" for t, _, _ in stack):
                    result.artifact_text += text
                elif mcid is not None:
                    result.texts[mcid] = result.texts.get(mcid, "") + text
        if stack:
            result.problems.append(f"page {index + 1}: {len(stack)} marked-content sequence(s) not closed")
        return result

    # -- structure tree -----------------------------------------------------------
    @property
    def root(self) -> pikepdf.Dictionary:
        return self.pdf.Root.StructTreeRoot

    def page_of(self, obj) -> int:
        return self._page_index[obj.objgen]

    def kids(self, elem) -> list:
        k = elem.get("/K")
        if k is None:
            return []
        return list(k) if isinstance(k, pikepdf.Array) else [k]

    def elements(self, elem=None, path=""):
        """(element, path) pairs in logical order, the document element first."""
        for kid in self.kids(elem if elem is not None else self.root):
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") not in ("/MCR", "/OBJR"):
                p = f"{path}/{str(kid.S)[1:]}"
                yield kid, p
                yield from self.elements(kid, p)

    def text(self, elem) -> str:
        """The text of an element and its descendants, in order (/ActualText and /Alt win)."""
        if "/ActualText" in elem:
            return str(elem.ActualText)
        parts = []
        page = self.page_of(elem.Pg) if "/Pg" in elem else None
        for kid in self.kids(elem):
            if isinstance(kid, int):
                parts.append(self.pages[page].texts.get(kid, ""))
            elif isinstance(kid, pikepdf.Dictionary):
                if kid.get("/Type") == "/MCR":
                    pg = self.page_of(kid.Pg) if "/Pg" in kid else page
                    parts.append(self.pages[pg].texts.get(int(kid.MCID), ""))
                elif kid.get("/Type") == "/OBJR":
                    continue
                else:
                    parts.append(self.text(kid))
        return "".join(parts)

    def by_type(self, *types: str):
        return [e for e, _ in self.elements() if str(e.S)[1:] in types]

    def mcid_owners(self) -> dict[tuple[int, int], pikepdf.Dictionary]:
        """(page, mcid) -> the element whose /K holds it, from the tree side."""
        owners = {}
        for elem, _ in self.elements():
            page = self.page_of(elem.Pg) if "/Pg" in elem else None
            for kid in self.kids(elem):
                if isinstance(kid, int):
                    owners[(page, kid)] = elem
                elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                    pg = self.page_of(kid.Pg) if "/Pg" in kid else page
                    owners[(pg, int(kid.MCID))] = elem
        return owners


def normalize(text: str) -> str:
    """What a reader hears: soft hyphens dropped, white space collapsed."""
    return " ".join(text.replace("\u00ad", "").split())
