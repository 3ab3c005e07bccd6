"""Tables: the nesting rules of ISO 32000-1 Table 337 (checked under 7.2), a regular grid
once row and column spans are counted (7.2), and headers (7.5: Scope, or Headers/IDs)."""
from __future__ import annotations

import pikepdf

from ..pdfread.structure import StructElement, StructTree
from .context import Context, text
from .nesting import check_nesting

# allowed parents and kids per standard type (kids: None = no rule)
_PARENTS: dict[str, frozenset[str]] = {
    "TR": frozenset({"Table", "THead", "TBody", "TFoot"}),
    "THead": frozenset({"Table"}),
    "TBody": frozenset({"Table"}),
    "TFoot": frozenset({"Table"}),
    "TH": frozenset({"TR"}),
    "TD": frozenset({"TR"}),
}
_KIDS: dict[str, frozenset[str]] = {
    "Table": frozenset({"TR", "THead", "TBody", "TFoot", "Caption"}),
    "TR": frozenset({"TH", "TD"}),
    "THead": frozenset({"TR"}),
    "TBody": frozenset({"TR"}),
    "TFoot": frozenset({"TR"}),
}


def check_tables(ctx: Context, tree: StructTree | None) -> None:
    if tree is None:
        return
    for node, std in tree.standard_elements():
        check_nesting(ctx, node, _PARENTS, _KIDS, "table")
        if std == "Table":
            _check_table(ctx, node)


def _check_table(ctx: Context, table: StructElement) -> None:
    loc = table.loc()
    kinds = table.kid_types()
    for part in ("THead", "TFoot"):
        if kinds.count(part) > 1:
            ctx.add("7.2", "table-repeated-part",
                    f"A table has {kinds.count(part)} {part} elements; at most one is allowed", **loc)
        if part in kinds and "TBody" not in kinds:
            ctx.add("7.2", "table-part-without-tbody", f"A table with {part} must also have TBody", **loc)
    captions = [i for i, k in enumerate(kinds) if k == "Caption"]
    if len(captions) > 1:
        ctx.add("7.2", "table-several-captions",
                f"A table has {len(captions)} Caption elements; at most one is allowed", **loc)
    if any(i not in (0, len(kinds) - 1) for i in captions):
        ctx.add("7.2", "table-caption-position", "A table's Caption must be its first or last child", **loc)
    rows = _rows(table)
    _check_grid(ctx, rows, loc)
    _check_headers(ctx, rows, loc)


def _rows(table: StructElement) -> list[StructElement]:
    rows: list[StructElement] = []
    for kid in table.kids:
        if kid.std == "TR":
            rows.append(kid)
        elif kid.std in ("THead", "TBody", "TFoot"):
            rows.extend(k for k in kid.kids if k.std == "TR")
    return rows


def _span(cell: StructElement, key: str) -> int:
    v = cell.attr("Table", key)
    if isinstance(v, int) and int(v) >= 1:
        return min(int(v), 10_000)
    return 1


def _check_grid(ctx: Context, rows: list[StructElement], loc: dict) -> None:
    """Lay the cells out as HTML does and compare row widths and column heights."""
    occupied: set[tuple[int, int]] = set()
    overlap = False
    for r, row in enumerate(rows):
        col = 0
        for cell in row.kids:
            if cell.std not in ("TH", "TD"):
                continue
            while (r, col) in occupied:
                col += 1
            rs, cs = _span(cell, "/RowSpan"), _span(cell, "/ColSpan")
            for dr in range(rs):
                for dc in range(cs):
                    if (r + dr, col + dc) in occupied:
                        overlap = True
                    occupied.add((r + dr, col + dc))
            col += cs
    if not rows or not occupied:
        return
    if overlap:
        ctx.add("7.2", "table-cells-overlap",
                "Table cells overlap once their row and column spans are counted", **loc)
    widths = [sum(1 for (rr, _c) in occupied if rr == r) for r in range(len(rows))]
    if len(set(widths)) > 1:
        bad = next(i for i, w in enumerate(widths) if w != widths[0])
        ctx.add("7.2", "table-irregular-rows",
                f"Table rows 1 and {bad + 1} span different numbers of columns "
                f"({widths[0]} and {widths[bad]})", **loc)
    heights: dict[int, int] = {}
    for rr, c in occupied:
        heights[c] = max(heights.get(c, 0), rr + 1)
    if len(set(heights.values())) > 1 or max(heights.values()) != len(rows):
        ctx.add("7.2", "table-irregular-columns",
                "Table columns span different numbers of rows "
                "(a RowSpan reaches past the table or falls short)", **loc)


def _ids(value: object) -> list[str]:
    if isinstance(value, pikepdf.Array):
        return [t for t in (text(v) for v in value) if t]
    t = text(value)
    return [t] if t else []


def _check_headers(ctx: Context, rows: list[StructElement], loc: dict) -> None:
    cells = [c for row in rows for c in row.kids if c.std in ("TH", "TD")]
    ids = {t for c in cells for t in _ids(c.obj.get("/ID"))}
    headers_ok = True
    for cell in cells:
        if cell.std != "TD":
            continue
        refs = _ids(cell.attr("Table", "/Headers"))
        unknown = [r for r in refs if r not in ids]
        if unknown:
            ctx.add("7.5", "td-unknown-header",
                    f"A table cell refers to header ID(s) {', '.join(map(repr, unknown))} "
                    "that no cell of the table has",
                    page=cell.page, obj=cell.num, path=cell.path)
        if not refs or unknown:
            headers_ok = False
    if headers_ok:
        return
    for cell in cells:
        if cell.std == "TH" and cell.attr("Table", "/Scope") is None:
            ctx.add("7.5", "th-no-scope",
                    "A header cell (TH) has no Scope, and the table's headers are not given "
                    "by Headers and IDs",
                    page=cell.page, obj=cell.num, path=cell.path)
