"""Document model -> structure tree + ReportLab story.

One builder per block type, chosen from a mapping table; each returns the flowables for
the block and hangs its structure elements under the parent it is given.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image as PILImage
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from .. import model as m
from .. import reportlab_private as rlp
from ..errors import Problem, SourceError
from ..i18n import Strings
from ..tagging import StructNode
from .flowables import Decoration, TaggedImage, TaggedParagraph, TaggedTable
from .fonts import tabular_face
from .inline import InlineContext, InlineResult, convert
from .styles import ACCENT, RULE, PageGeometry


@dataclass
class Ctx:
    """What a block builder needs: language, styles, strings, where it is."""
    lang: str
    styles: dict[str, ParagraphStyle]
    t: Strings
    geometry: PageGeometry
    scope: str  # unique prefix of destinations, e.g. "optence-de"
    outline_base: int = 0  # outline level of an H1
    source: Path | None = None  # the file the blocks come from (for errors with file:line)
    notes: dict[int, StructNode] = field(default_factory=dict)  # number -> Note element


    def inline(self) -> InlineContext:
        return InlineContext(
            lang=self.lang,
            note_target=lambda n: f"note-{self.scope}-{n}",
            note_label=lambda n: self.t("Note {number}", number=n),
            link_label=lambda target: self.t("Link to {target}", target=target),
            note_node=self.notes.get,
        )


def read_notes_after(node: StructNode, res: InlineResult) -> None:
    """The Note of each footnote referred to in ``res`` is read after ``node``'s text (after
    the first paragraph that refers to it: a note referred to twice is read once)."""
    for inline in res.nodes:
        note = getattr(inline, "note", None)
        if note is not None and not getattr(note, "read_after", None):
            note.read_after = node
            node.after.append(note)


def para(ctx: Ctx, inlines: list[m.Inline], style: str, node: StructNode, **kw) -> TaggedParagraph:
    res = convert(inlines, ctx.inline())
    read_notes_after(node, res)
    node.source_text = res.text
    return TaggedParagraph(res.markup, ctx.styles[style], node=node, links=res.links,
                           inline_nodes=res.nodes, **kw)


def text_para(ctx: Ctx, text: str, style: str, node: StructNode, **kw) -> TaggedParagraph:
    return para(ctx, [m.Text(text)], style, node, **kw)


# -- block builders ---------------------------------------------------------------
def _paragraph(ctx: Ctx, block: m.Paragraph, parent: StructNode) -> list[Flowable]:
    return [para(ctx, block.inlines, "body", parent.new("P"))]


def _heading(ctx: Ctx, block: m.Heading, parent: StructNode) -> list[Flowable]:
    title = m.plain_text(block.inlines).strip()
    node = parent.new(f"H{block.level}")
    return [para(ctx, block.inlines, f"h{block.level}", node,
                 heading=(ctx.outline_base + block.level - 1, title))]


def _list(ctx: Ctx, block: m.ListBlock, parent: StructNode) -> list[Flowable]:
    lst = parent.new("L", attributes={"List": {"ListNumbering": "Decimal" if block.ordered else "Disc"}})
    out: list[Flowable] = []
    for n, item in enumerate(block.items, start=block.start):
        li = lst.new("LI")
        label = li.new("Lbl")
        body = li.new("LBody")
        bullet = f"{n}." if block.ordered else "\u2022"
        label.source_text = bullet
        out.append(para(ctx, item, "item", body, label=label, bulletText=bullet))
    # No item alone: the first stays with the second, the last with the one before it.
    if len(out) > 1:
        out[0].keepWithNext = 1
        out[-2].keepWithNext = 1
    return [*out, Spacer(1, 5)]


NUMBER = re.compile(r"^[+\-\u2212]?[\d.,\u00a0\u202f ]*\d[\d.,\u00a0\u202f ]*"
                    r"(\s?(%|\u20ac|\$|[a-zA-Z]{1,3}))?$")
ALIGN = {"left": TA_LEFT, "right": TA_RIGHT, "center": TA_CENTER}


def column_alignment(block: m.Table) -> list[str]:
    """Per column: the alignment the source asks for (``:---:``), else right for a column
    whose body cells are all numbers (so that 1.900 and 28.000 line up), else left."""
    ncols = max([len(block.header), *(len(r) for r in block.rows)])
    asked = list(getattr(block, "align", None) or []) + [None] * ncols
    out = []
    for c in range(ncols):
        if asked[c]:
            out.append(asked[c])
            continue
        cells = [m.plain_text(r[c]).strip() for r in block.rows if c < len(r)]
        cells = [t for t in cells if t]
        out.append("right" if cells and all(NUMBER.match(t) for t in cells) else "left")
    return out


def _table(ctx: Ctx, block: m.Table, parent: StructNode) -> list[Flowable]:
    table = parent.new("Table")
    caption_inlines = block.caption
    caption = table.new("Caption") if caption_inlines else None  # the Table's first child
    align = column_alignment(block)
    row_headers = bool(getattr(block, "row_headers", False))
    styles: dict[tuple[str, str], ParagraphStyle] = {}

    def style(base: str, column: int) -> ParagraphStyle:
        # Every cell, head included, is set with tabular figures when the font has them
        # (issue 13): digits of one width line up digit under digit in a column.
        key = (base, align[column])
        if key not in styles:
            parent_style = ctx.styles[base]
            styles[key] = ParagraphStyle(f"{base}-{align[column]}", parent=parent_style,
                                         fontName=tabular_face(parent_style.fontName),
                                         alignment=ALIGN.get(align[column], TA_LEFT))
        return styles[key]

    def cell(inlines, base: str, node: StructNode, column: int) -> TaggedParagraph:
        res = convert(inlines, ctx.inline())
        read_notes_after(node, res)
        node.source_text = res.text
        return TaggedParagraph(res.markup, style(base, column), node=node, links=res.links,
                               inline_nodes=res.nodes)

    head = table.new("THead").new("TR")
    data = [[cell(c, "th", head.new("TH", attributes={"Table": {"Scope": "Column"}}), n)
             for n, c in enumerate(block.header)]]
    body = table.new("TBody")
    for row in block.rows:
        tr = body.new("TR")
        cells = []
        for n, c in enumerate(row):
            if n == 0 and row_headers:  # the first column names the row
                cells.append(cell(c, "th", tr.new("TH", attributes={"Table": {"Scope": "Row"}}), n))
            else:
                cells.append(cell(c, "td", tr.new("TD"), n))
        data.append(cells)
    ncols = max(len(r) for r in data)
    width = ctx.geometry.frame_width
    # splitInRow: a row taller than what is left of the page (a cell taller than a whole
    # page, at worst) is split between lines of its cells, at least two lines each side.
    # the space after the table is its own (spaceAfter, not a Spacer), so that it goes with
    # the table when the table floats to the next page
    t = TaggedTable(data, colWidths=[width / ncols] * ncols, hAlign="LEFT", repeatRows=1,
                    splitInRow=30, spaceAfter=10)
    t.setStyle([
        ("FONT", (0, 0), (-1, -1), tabular_face(ctx.styles["td"].fontName), 9.5),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEABOVE", (0, 0), (-1, 0), 1.2, ACCENT),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, ACCENT),
        ("LINEBELOW", (0, -1), (-1, -1), 1.2, ACCENT),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [None, "#eef3f8"]),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
    ])
    # What comes before keeps with the table (a caption, or a space), so a heading, the
    # caption and the table are one keepWithNext group: a table that fits on a page is not
    # split, a longer one starts on a new page with its heading and caption and repeats its
    # header row on every page it runs over.
    if caption is not None:
        caption_style = ctx.styles["caption"]
        ctx.styles.setdefault("table_caption", ParagraphStyle(
            "table_caption", parent=caption_style, fontName=ctx.styles["th"].fontName,
            spaceBefore=8, spaceAfter=4))
        lead = para(ctx, caption_inlines or [], "table_caption", caption)
    else:
        lead = Spacer(1, 4)
    lead.keepWithNext = 1
    # a table that does not fit where it stands may float to the top of the next page like a
    # figure, with its caption (or the space above it), and the text after it fills the gap;
    # kept with a heading or a lead-in ending in a colon, the group does not float
    t.is_float = True
    return [lead, t]


def _figure(ctx: Ctx, block: m.Figure, parent: StructNode) -> list[Flowable]:
    group = parent.new("Div")
    figure = group.new("Figure", alt=block.alt)
    caption = group.new("Caption")
    with PILImage.open(block.src) as img:
        w_px, h_px = img.size
    width = ctx.geometry.frame_width
    height = width * h_px / w_px
    max_h = ctx.geometry.frame_height * 0.45
    if height > max_h:
        width, height = width * max_h / height, max_h
    parts = [
        Spacer(1, 4),
        TaggedImage(str(block.src), width, height, figure),
        text_para(ctx, block.caption, "caption", caption.new("P")),
        text_para(ctx, block.credit, "credit", caption.new("P")),
    ]
    # A figure is set whole, with its caption and credit, on one page: one taller than the
    # text area cannot be, and is refused (the image alone never is: it is scaled down).
    tall = _height(parts, ctx.geometry.frame_width)
    if tall > ctx.geometry.frame_height:
        raise too_large(ctx, block.line, f"the figure with its caption and credit is "
                        f"{tall:.0f} pt tall, more than the {ctx.geometry.frame_height:.0f} pt of "
                        "a page's text area: shorten the caption")
    whole = KeepTogether(parts)
    whole.is_float = True  # may wait for the top of the next page (document.EditionDocTemplate)
    return [whole]


def _height(flowables: list[Flowable], width: float) -> float:
    total = 0.0
    for f in flowables:
        total += f.wrap(width, 1e6)[1] + f.getSpaceBefore() + f.getSpaceAfter()
    return total


def too_large(ctx: Ctx, line: int | None, message: str) -> SourceError:
    return SourceError([Problem(ctx.source or Path(ctx.scope), message, line or None)])


def _quote(ctx: Ctx, block: m.Quote, parent: StructNode) -> list[Flowable]:
    quote = parent.new("BlockQuote")
    style = "pullquote" if block.pull else "quote"
    paras = [para(ctx, p, style, quote.new("P")) for p in block.paragraphs]
    if not block.pull:
        return paras
    rule = Decoration(40 * mm, 2.5, ACCENT)
    group = KeepTogether([rule, Spacer(1, 8), *paras, Spacer(1, 6), Decoration(40 * mm, 0.8, RULE)])
    group.is_float = True  # a pull quote that does not fit opens the next page; text fills the gap
    return [Spacer(1, 8), group, Spacer(1, 12)]


BLOCK_BUILDERS: dict[type, Callable[[Ctx, Any, StructNode], list[Flowable]]] = {
    m.Paragraph: _paragraph,
    m.Heading: _heading,
    m.ListBlock: _list,
    m.Table: _table,
    m.Figure: _figure,
    m.Quote: _quote,
}


INTRODUCED = (m.ListBlock, m.Table, m.Figure)  # what a lead-in ending in a colon introduces


def blocks(ctx: Ctx, items: list[m.Block], parent: StructNode) -> list[Flowable]:
    out: list[Flowable] = []
    for n, block in enumerate(items):
        made = BLOCK_BUILDERS[type(block)](ctx, block, parent)
        mark_source(made, (ctx.source, getattr(block, "line", 0), type(block).__name__))
        following = items[n + 1] if n + 1 < len(items) else None
        if (isinstance(block, m.Paragraph) and isinstance(following, INTRODUCED)
                and m.plain_text(block.inlines).rstrip().endswith(":")):
            made[-1].keepWithNext = 1  # a lead-in stays with the start of what it introduces
            made[-1].lead_in = True
        out.extend(made)
    return out


SOURCE_KINDS = {"Paragraph": "paragraph", "Heading": "heading", "ListBlock": "list",
                "Table": "table", "Figure": "figure", "Quote": "quote",
                "front matter": "front matter"}


def mark_source(flowables: list[Flowable], ref: tuple[Path | None, int, str]) -> None:
    """Note on each flowable (and those inside a KeepTogether) which block of which file
    it sets, so that a layout failure can name the file and line (document.render)."""
    for f in flowables:
        f.source_ref = ref
        inner = rlp.members(f)
        if inner is not None:
            mark_source(inner, ref)
