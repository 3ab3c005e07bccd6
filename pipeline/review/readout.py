"""Turning a structure tree into text: what a screen reader reads, and the outline.

Reading rules: an element's /ActualText replaces its whole subtree, so does its
/Alt (shown as ``[Figure: alt]`` when annotating); /E (expansion) is shown after
the text it expands; block elements start new lines, inline ones (Span, Link, ...)
flow into the line; a soft hyphen (U+00AD) ending a piece joins it to the next;
a change of language is shown as ``[lang=en] ... [/lang]``; a table row is one
line, its cells separated by `` | ``.
"""
from __future__ import annotations

import re

from .structure import INLINE_TYPES, Annotation, ElementView, MarkedContentView

ELLIPSIS = "\u2026"
_SHY = "\u00ad"

# (text, kind) where kind is "mc" (marked content), "inline" or "block"
Piece = tuple[str, str]


def _same_lang(a: str | None, b: str | None) -> bool:
    return (a or "").strip().lower() == (b or "").strip().lower()


def _join(pieces: list[Piece]) -> str:
    out = ""
    prev = ""
    for text, kind in pieces:
        if not text or not text.strip():
            if text and out and not out[-1].isspace() and kind != "block" and prev != "block":
                out += " "
            continue
        if not out:
            out, prev = text, kind
            continue
        if kind == "block" or prev == "block":
            out = out.rstrip(" ") + "\n" + text.lstrip(" ")
        elif out.endswith(_SHY):
            out = out[:-1] + text.lstrip()
        elif kind == "mc" and prev == "mc" and not out[-1].isspace() and not text[0].isspace():
            out += " " + text
        else:
            out += text
        prev = kind
    return out


def _finish(text: str) -> str:
    text = text.replace(_SHY, "")
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def _render(node: ElementView, ctx_lang: str | None, annotate: bool) -> str:
    eff = node.lang or ctx_lang
    label = node.std_type if node.std_type != "StructTreeRoot" else "Document"
    if node.actual_text is not None:
        body = node.actual_text
        if annotate and node.std_type in ("Figure", "Formula"):
            body = f"[{label}: {body.strip()}]"
    elif node.alt is not None:
        body = f"[{label}: {node.alt.strip()}]" if annotate else node.alt
        if annotate and node.std_type in INLINE_TYPES:
            body = " " + body  # a marker in running text stands apart from the word before it
    elif node.std_type == "TR":  # a table row reads as one line: cell | cell | cell
        cells = [_render(kid, eff, annotate) for kid in node.children]
        body = " | ".join(" ".join(_finish(c).split("\n")) for c in cells)
    else:
        pieces: list[Piece] = []
        shown: set[str] = set()  # an element's annotations are described once, not per OBJR
        for kid in node.kids:
            if isinstance(kid, MarkedContentView):
                text = kid.text
                if annotate and kid.lang and not _same_lang(kid.lang, eff) and text.strip():
                    text = f"[lang={kid.lang}] {text.strip()} [/lang]"
                pieces.append((text, "mc"))
            elif isinstance(kid, Annotation):
                if annotate:
                    desc = (kid.contents or kid.uri or "").strip()
                    marker = f" [{kid.subtype}: {desc}]" if desc else f" [{kid.subtype}]"
                    if marker not in shown:  # a link over two lines has two annotations
                        shown.add(marker)
                        pieces.append((marker, "inline"))
            else:
                kind = "inline" if kid.std_type in INLINE_TYPES else "block"
                pieces.append((_render(kid, eff, annotate), kind))
        body = _join(pieces)
        if annotate and node.std_type in ("Figure", "Formula") and node.alt is None:
            body = f"[{label}, no alternative text] {body}".rstrip()
    if node.expansion and annotate:
        body = f"{body} [expansion: {node.expansion}]"
    elif node.expansion and not body.strip():
        body = node.expansion
    if annotate and node.lang and not _same_lang(node.lang, ctx_lang) and body.strip():
        body = f"[lang={node.lang}] {body.strip()} [/lang]"
    if node.std_type not in INLINE_TYPES and body:
        body = "\n" + body.strip("\n") + "\n"
    return body


def render_text(node: ElementView, annotate: bool = False) -> str:
    """The text of a subtree; with ``annotate`` language switches and alternative
    texts are marked as in ``pipeline tags --text``."""
    lang = node.parent_lang if node.std_type != "StructTreeRoot" else node.lang
    return _finish(_render(node, lang, annotate))


def reading_text_of(root: ElementView) -> str:
    return render_text(root, annotate=True)


def shorten(text: str, limit: int = 70) -> str:
    """One line, at most ``limit`` characters, cut with an ellipsis."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    return flat[: limit - 1].rstrip() + ELLIPSIS


def _pages(pages: list[int]) -> str:
    if not pages:
        return ""
    if len(pages) == 1:
        return f"p. {pages[0]}"
    runs: list[str] = []
    start = prev = pages[0]
    for p in [*pages[1:], None]:
        if p is not None and p == prev + 1:
            prev = p
            continue
        runs.append(f"{start}\u2013{prev}" if prev != start else f"{start}")
        if p is not None:
            start = prev = p
    return "pp. " + ", ".join(runs)


def _quote(text: str, limit: int) -> str:
    return '"' + shorten(text, limit).replace('"', '\\"') + '"'


def node_label(node: ElementView, limit: int = 60) -> str:
    """One outline line for an element (without indentation)."""
    parts = [node.type if node.type == node.std_type else f"{node.type} \u2192 {node.std_type}"]
    if node.lang:
        parts.append(f"lang={node.lang}")
    if node.alt is not None:
        parts.append(f"alt={_quote(node.alt, limit)}")
    if node.actual_text is not None:
        parts.append(f"actualtext={_quote(node.actual_text, limit)}")
    if node.expansion is not None:
        parts.append(f"E={_quote(node.expansion, limit)}")
    if node.has_direct_content and node.alt is None and node.actual_text is None:
        text = node.text
        if text:
            parts.append(_quote(text, limit))
    mc_langs = sorted({k.lang for k in node.marked_content if k.lang})
    if mc_langs:
        parts.append("content lang=" + ",".join(mc_langs))
    missing = [k.mcid for n in [node] for k in n.marked_content if not k.found]
    if missing:
        parts.append("missing MCID " + ", ".join(str(m) for m in missing))
    pages = _pages(node.pages)
    if pages:
        parts.append(f"({pages})")
    return "  ".join(parts)


def format_outline(root: ElementView, limit: int = 60) -> str:
    """The structure tree as an indented outline, one element per line; OBJR
    annotations appear as their own lines under the element that holds them."""
    lines: list[str] = []
    head = "StructTreeRoot"
    if root.lang:
        head += f"  lang={root.lang}"
    if root.title:
        head += f"  title={_quote(root.title, limit)}"
    lines.append(head)

    def visit(node: ElementView, depth: int) -> None:
        pad = "  " * depth
        lines.append(pad + node_label(node, limit))
        for kid in node.kids:
            if isinstance(kid, ElementView):
                visit(kid, depth + 1)
            elif isinstance(kid, Annotation):
                bits = [f"{pad}  OBJR {kid.subtype} annotation"]
                if kid.contents:
                    bits.append(f"contents={_quote(kid.contents, limit)}")
                if kid.uri:
                    bits.append(f"uri={shorten(kid.uri, limit)}")
                if kid.page:
                    bits.append(f"(p. {kid.page})")
                lines.append("  ".join(bits))

    for child in root.children:
        visit(child, 1)
    return "\n".join(lines)
