"""Loops in the trees of a document that are not the structure tree (whose cycles are
found while it is built, in structure.py): the page tree's /Parent links, the outline,
and the name and number trees. A loop is a finding, never a hang.

Clause 6.2 of ISO 14289-1: a conforming file adheres to ISO 32000-1, which makes each of
these a tree (7.7.3.2 pages, 12.3.3 outlines, 7.9.6 name trees, 7.9.7 number trees).
"""
from __future__ import annotations

from collections.abc import Iterator

import pikepdf

from .context import Context, objnum

CLAUSE = "6.2"
# Nodes visited per tree at most: beyond this the tree is not walked further.
MAX_NODES = 1_000_000
# Name trees of the /Names dictionary (ISO 32000-1, Table 31).
NAME_TREES = ("/Dests", "/AP", "/JavaScript", "/Pages", "/Templates", "/IDS", "/URLS",
              "/EmbeddedFiles", "/AlternatePresentations", "/Renditions")


def check_cycles(ctx: Context) -> None:
    root = ctx.pdf.Root
    _page_parents(ctx)
    _outline(ctx, root.get("/Outlines"))
    names = root.get("/Names")
    if isinstance(names, pikepdf.Dictionary):
        for key in NAME_TREES:
            _tree(ctx, names.get(key), f"name tree {key[1:]}", "name-tree-cycle")
    _tree(ctx, root.get("/PageLabels"), "number tree PageLabels", "number-tree-cycle")
    struct_root = root.get("/StructTreeRoot")
    if isinstance(struct_root, pikepdf.Dictionary):
        _tree(ctx, struct_root.get("/ParentTree"), "number tree ParentTree", "number-tree-cycle")
        _tree(ctx, struct_root.get("/IDTree"), "name tree IDTree", "name-tree-cycle")


def _page_parents(ctx: Context) -> None:
    """Each page's /Parent chain must climb to the root of the page tree without a loop
    (qpdf reads pages through /Kids and never follows /Parent; inherited attributes do)."""
    pages_root = ctx.pdf.Root.get("/Pages")
    top = pages_root.objgen if isinstance(pages_root, pikepdf.Dictionary) else None
    checked: set[tuple[int, int]] = set()  # nodes known to lead to the root
    for number, page in enumerate(ctx.pdf.pages, start=1):
        chain: list[tuple[int, int]] = []
        node = page.obj.get("/Parent")
        while isinstance(node, pikepdf.Dictionary):
            og = node.objgen
            if og == top or og in checked:
                break
            if og in chain or og == page.obj.objgen or len(chain) > 4096:
                ctx.add(CLAUSE, "page-tree-cycle",
                        "The page's /Parent chain loops back on itself instead of reaching the "
                        "root of the page tree", page=number, obj=og[0] or None)
                chain = []
                break
            chain.append(og)
            node = node.get("/Parent")
        checked.update(chain)


def _outline(ctx: Context, outlines: object) -> None:
    """Outline items: /First and /Next lead to each item once."""
    if not isinstance(outlines, pikepdf.Dictionary):
        return
    seen: set[tuple[int, int]] = set()
    stack: list[object] = [outlines.get("/First")]
    visited = 0
    while stack:
        item = stack.pop()
        while isinstance(item, pikepdf.Dictionary):
            og = item.objgen
            visited += 1
            if og != (0, 0):
                if og in seen:
                    title = item.get("/Title")
                    shown = f" {str(title)!r}" if isinstance(title, pikepdf.String) else ""
                    ctx.add(CLAUSE, "outline-cycle",
                            f"The outline item{shown} is reached a second time through /First or /Next "
                            "(the outline loops)", obj=og[0])
                    return
                seen.add(og)
            if visited > MAX_NODES:
                return
            stack.append(item.get("/First"))
            item = item.get("/Next")


def _tree(ctx: Context, tree: object, what: str, rule: str) -> None:
    """A name or number tree: no /Kids lead back to a node above."""
    if not isinstance(tree, pikepdf.Dictionary):
        return
    looped = _first_loop(tree)
    if looped is not None:
        ctx.add(CLAUSE, rule, f"The {what} loops: a node's /Kids lead back to a node above it",
                obj=looped)


def _first_loop(tree: pikepdf.Dictionary) -> int | None:
    """The object number of the first node found that is its own ancestor, else None."""
    path: list[tuple[int, int] | None] = []
    on_path: set[tuple[int, int]] = set()
    done: set[tuple[int, int]] = set()
    stack: list[Iterator] = [iter([tree])]
    visited = 0
    while stack:
        node = next(stack[-1], None)
        if node is None:
            stack.pop()
            if path:
                og = path.pop()
                if og is not None:
                    on_path.discard(og)
                    done.add(og)
            continue
        if not isinstance(node, pikepdf.Dictionary):
            continue
        og = node.objgen if node.objgen != (0, 0) else None
        if og is not None:
            if og in on_path:
                return objnum(node) or 0
            if og in done:
                continue
            on_path.add(og)
        visited += 1
        if visited > MAX_NODES:
            return None
        path.append(og)
        kids = node.get("/Kids")
        stack.append(iter(kids) if isinstance(kids, pikepdf.Array) else iter(()))
    return None
