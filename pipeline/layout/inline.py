"""Inline model content -> ReportLab paragraph markup, creating inline structure elements.

Each inline element (Span with /Lang, Link, Reference) is bracketed by two zero-width
``<onDraw name="tag" .../>`` callbacks that switch the marked content while the line is
drawn (see ``pipeline.tagging.canvas``).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .. import model as m
from ..markup import escape
from ..tagging import StructNode


@dataclass
class InlineResult:
    markup: str
    text: str  # what a reader reads, whitespace collapsed
    links: list[tuple[str, StructNode]] = field(default_factory=list)
    nodes: list[StructNode] = field(default_factory=list)  # inline elements, kept alive here


@dataclass
class InlineContext:
    """What inline conversion needs to know about its surroundings."""
    lang: str
    note_target: Callable[[int], str]  # number -> destination name of the note
    note_label: Callable[[int], str]  # number -> "Note 1" in the current language
    link_label: Callable[[str], str]  # target -> "Link to ..." in the current language
    note_node: Callable[[int], StructNode | None] = lambda n: None  # number -> the Note set at the page foot


def back_destination(note_target: str) -> str:
    """Where the link of a footnote's number leads back to: its reference in the text."""
    return "back-" + note_target


def _markup_open(node: StructNode) -> str:
    return f'<onDraw name="tag" label="open:{node.key}"/>'


def _close(node: StructNode) -> str:
    return f'<onDraw name="tag" label="close:{node.key}"/>'


def _collapse(items: list[m.Inline]) -> list[m.Inline]:
    """Collapse white space the way ReportLab does, across element boundaries."""
    out: list[m.Inline] = []
    prev_space = True

    def walk(seq: list[m.Inline]) -> list[m.Inline]:
        nonlocal prev_space
        res: list[m.Inline] = []
        for item in seq:
            if isinstance(item, m.Text):
                t = " ".join(item.text.split())
                if item.text[:1].isspace() and not prev_space:
                    t = " " + t
                if item.text[-1:].isspace() and t and not t.endswith(" "):
                    t = t + " "
                if t == " " and prev_space:
                    continue
                if t:
                    prev_space = t.endswith(" ")
                    res.append(m.Text(t))
            elif isinstance(item, m.NoteRef):
                prev_space = False
                res.append(item)
            else:
                kids = walk(item.children)
                res.append(type(item)(**{**item.__dict__, "children": kids}))
        return res

    out = walk(items)
    # strip trailing space
    def rstrip(seq: list[m.Inline]) -> None:
        if not seq:
            return
        last = seq[-1]
        if isinstance(last, m.Text):
            last.text = last.text.rstrip()
            if not last.text:
                seq.pop()
                rstrip(seq)
        elif not isinstance(last, m.NoteRef):
            rstrip(last.children)
    rstrip(out)
    return out


def convert(items: list[m.Inline], ctx: InlineContext) -> InlineResult:
    res = InlineResult("", "")
    parts: list[str] = []
    text: list[str] = []

    def emit(seq: list[m.Inline]) -> None:
        for item in seq:
            if isinstance(item, m.Text):
                parts.append(escape(item.text))
                text.append(item.text)
            elif isinstance(item, m.Styled):
                tag = "i" if item.style == "em" else "b"
                parts.append(f"<{tag}>")
                emit(item.children)
                parts.append(f"</{tag}>")
            elif isinstance(item, m.LangSpan):
                node = StructNode("Span", lang=item.lang)
                parts.append(_open(node))
                emit(item.children)
                parts.append(_close(node))
            elif isinstance(item, m.Link):
                label = m.plain_text(item.children).strip()
                node = StructNode("Link", annotation_text=ctx.link_label(f"{label} ({item.href})"))
                res.links.append((item.href, node))
                parts.append(_open(node) + f'<a href="{escape(item.href, {chr(34): "&quot;"})}"><u>')
                emit(item.children)
                parts.append("</u></a>" + _close(node))
            elif isinstance(item, m.NoteRef):
                ref = StructNode("Reference")
                # the canvas notes the page of the reference, places the destination the
                # note links back to, and puts the Note right after the Reference
                ref.note = ctx.note_node(item.number)
                ref.note_target = ctx.note_target(item.number)
                ref.back_destination = back_destination(ref.note_target)
                link = StructNode("Link", annotation_text=ctx.note_label(item.number))
                target = "#" + ctx.note_target(item.number)
                res.links.append((target, link))
                parts.append(_open(ref) + _open(link) + f'<a href="{target}"><super>{item.number}</super></a>'
                             + _close(link) + _close(ref))
                text.append(str(item.number))

    def _open(node: StructNode) -> str:
        res.nodes.append(node)
        return _markup_open(node)

    emit(_collapse(items))
    res.markup = "".join(parts)
    res.text = "".join(text)
    return res
