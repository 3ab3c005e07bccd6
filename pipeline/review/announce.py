"""The screen-reader preview: the document as NVDA or JAWS announce it in browse mode,
element by element.

Each line is what a reader hears on reaching one element: its role where the reader names
one ("heading level 2", "list, 4 items", "table with 5 rows and 3 columns", "graphic",
"link"), then its text; a table row names each data cell's header; a change of language is
announced ("language English"); artifacts are not read at all, and the preview says how
many were skipped. Reading rules for text (ActualText and Alt replace a subtree, soft
hyphens join words) are those of ``readout``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .readout import _finish, _join, _same_lang
from .structure import INLINE_TYPES, ElementView, MarkedContentView, TaggedDocument

GROUPING = frozenset(["StructTreeRoot", "Document", "Part", "Art", "Sect", "Div", "NonStruct", "Private",
                      "Index", "TBody", "THead", "TFoot"])
LISTS = frozenset({"L", "TOC"})
ITEMS = frozenset({"LI", "TOCI"})
HEADING_LEVEL = {"H": "heading", **{f"H{n}": f"heading level {n}" for n in range(1, 7)}}
GRAPHICS = {"Figure": "graphic", "Formula": "formula", "Form": "form"}
# what NVDA and JAWS say for a language tag's primary subtag; others are read out as the tag
LANGUAGE_NAMES = {"de": "German", "en": "English", "fr": "French", "es": "Spanish", "it": "Italian",
                  "nl": "Dutch", "pl": "Polish", "la": "Latin", "da": "Danish", "sv": "Swedish"}


@dataclass(frozen=True)
class Announcement:
    number: int | None  # the element's reading-order number (None: a closing line)
    text: str
    lang: str | None  # the language the line is spoken in
    role: str = ""  # the role named ("heading level 1", "list", ...), for styling and tests


def language_name(tag: str | None) -> str:
    primary = (tag or "").split("-")[0].lower()
    return LANGUAGE_NAMES.get(primary, tag or "unknown")


def speak(node: ElementView, lang: str | None) -> str:
    """The text of an element as read inline: links named, graphics by their alt, switches
    of language announced."""
    return _finish(_speak(node, lang))


def _speak(node: ElementView, lang: str | None) -> str:
    eff = node.lang or lang
    if node.actual_text is not None:
        body = node.actual_text
    elif node.std_type in GRAPHICS:
        role = GRAPHICS[node.std_type]
        body = f" {role}, {node.alt.strip()} " if node.alt else f" {role}, no alternative text "
    elif node.alt is not None:
        body = node.alt
    else:
        pieces: list[tuple[str, str]] = []
        for kid in node.kids:
            if isinstance(kid, MarkedContentView):
                text = kid.text
                if kid.lang and not _same_lang(kid.lang, eff) and text.strip():
                    text = f" language {language_name(kid.lang)}: {text.strip()} "
                pieces.append((text, "mc"))
            elif isinstance(kid, ElementView):
                pieces.append((_speak(kid, eff), "inline"))
        body = " ".join(_join(pieces).split("\n"))
        if node.std_type == "Link":
            names = [a.contents for a in node.annotations if a.contents]
            body = f" link, {body.strip() or (names[0] if names else 'unlabelled')} "
    if node.lang and not _same_lang(node.lang, lang) and body.strip():
        body = f" language {language_name(node.lang)}: {body.strip()} "
    return body


def _rows(table: ElementView) -> list[ElementView]:
    return [n for n in table.walk() if n.std_type == "TR"]


def _table(node: ElementView, lang: str | None, out: list[Announcement]) -> None:
    rows = _rows(node)
    cells = [[c for c in row.children if c.std_type in ("TH", "TD")] for row in rows]
    columns = max((len(r) for r in cells), default=0)
    for kid in node.children:
        if kid.std_type == "Caption":
            out.append(Announcement(kid.number, f"caption, {speak(kid, lang)}", lang, "caption"))
    headers = [speak(c, lang) for c in (cells[0] if cells else []) if c.std_type == "TH"]
    role = f"table with {len(rows)} rows and {columns} columns"
    text = role + (f", column headers: {', '.join(headers)}" if headers else ", no header cells")
    out.append(Announcement(node.number, text, lang, "table"))
    for i, (row, row_cells) in enumerate(zip(rows, cells, strict=True), start=1):
        said = []
        for j, cell in enumerate(row_cells):
            value = speak(cell, lang) or "blank"
            header = headers[j] if cell.std_type == "TD" and j < len(headers) and i > 1 else ""
            row_header = (speak(row_cells[0], lang) if j > 0 and row_cells[0].std_type == "TH"
                          and cell.std_type == "TD" and i > 1 else "")
            prefix = ", ".join(x for x in (row_header, header) if x)
            said.append(f"{prefix}: {value}" if prefix else value)
        out.append(Announcement(row.number, f"row {i}: " + "; ".join(said), lang, "row"))
    out.append(Announcement(None, "out of table", lang, "end"))


def _walk(node: ElementView, lang: str | None, out: list[Announcement]) -> None:
    std = node.std_type
    eff = node.lang or lang
    if node.lang and not _same_lang(node.lang, lang) and std in GROUPING:
        out.append(Announcement(node.number, f"language {language_name(node.lang)}", eff, "language"))
    if std in GROUPING:
        for kid in node.children:
            _walk(kid, eff, out)
        return
    if std == "Table":
        _table(node, eff, out)
        return
    if std in LISTS:
        items = [k for k in node.children if k.std_type in ITEMS]
        out.append(Announcement(node.number, f"list, {len(items)} item{'s' if len(items) != 1 else ''}",
                                eff, "list"))
        for kid in node.children:
            if kid.std_type in ITEMS and not any(d.std_type in LISTS for d in kid.walk() if d is not kid):
                out.append(Announcement(kid.number, speak(kid, eff), kid.lang or eff, "item"))
            else:
                _walk(kid, eff, out)
        out.append(Announcement(None, "out of list", lang, "end"))
        return
    if std == "BlockQuote" and any(k.std_type not in INLINE_TYPES for k in node.children):
        out.append(Announcement(node.number, "block quote", eff, "blockquote"))
        for kid in node.children:
            _walk(kid, eff, out)
        out.append(Announcement(None, "out of block quote", lang, "end"))
        return
    has_blocks = any(k.std_type not in INLINE_TYPES and k.std_type not in GRAPHICS for k in node.children)
    if has_blocks and not node.has_direct_content and node.actual_text is None and node.alt is None:
        for kid in node.children:
            _walk(kid, eff, out)
        return
    role = HEADING_LEVEL.get(std, "")
    text = speak(node, lang).strip()
    if std in GRAPHICS:
        role = GRAPHICS[std]
    elif role:
        text = f"{role}, {text}"
    if text:
        out.append(Announcement(node.number, text, eff, role))


def announcements(doc: TaggedDocument) -> list[Announcement]:
    """The whole document as a screen reader announces it, first line the artifacts skipped."""
    skipped = sum(len(p.artifacts) for p in doc.pages)
    on = sum(1 for p in doc.pages if p.artifacts)
    out = [Announcement(None, f"{skipped} artifact area{'s' if skipped != 1 else ''} on {on} "
                              f"page{'s' if on != 1 else ''} skipped "
                              "(running heads, page numbers, decoration)",
                        doc.lang, "artifacts")]
    _walk(doc.root, doc.lang, out)
    return [a if "  " not in a.text else Announcement(a.number, re.sub(r"\s+", " ", a.text), a.lang, a.role)
            for a in out]
