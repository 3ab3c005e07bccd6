"""Clause 7.1 rules on the structure tree itself: presence, standard types, role map, parents,
and what reading the tree meets (loops, elements with two parents, role-map cycles).

The tree is read by pipeline.pdfread.structure; the rules about it live in the modules
that use it (this one, tables, lists, headings, elements).
"""
from __future__ import annotations

import pikepdf

from ..pdfread.structure import StructElement, StructTree, read_struct_tree, type_of
from .context import Context


def build_tree(ctx: Context) -> StructTree | None:
    """The document's structure tree, with the findings its reading meets."""
    tree = read_struct_tree(ctx.pdf, ctx.page_numbers)
    if tree is None:
        return None
    for obj, parent in tree.revisits:
        _report_revisit(ctx, obj, parent)
    for loop in tree.rolemap.cycles():
        ctx.add("7.1", "rolemap-cycle",
                "The role map maps " + " \u2192 ".join(loop)
                + " in a circle: none of these types has a standard type")
    return tree


def _report_revisit(ctx: Context, obj: pikepdf.Dictionary, parent: StructElement | None) -> None:
    """An element met a second time while the tree is walked: a cycle when it is an
    ancestor of the element listing it, else an element with two parents."""
    element = parent
    while element is not None:
        if element.obj.objgen == obj.objgen:
            assert parent is not None
            ctx.add("7.1", "structure-tree-cycle",
                    f"The /K of {parent.path} leads back to {element.path}, an element above it "
                    "(the structure tree loops)", **parent.loc())
            return
        element = element.parent
    where = parent.loc() if parent is not None else {}
    ctx.add("7.1", "structure-element-twice",
            f"The structure element {obj.objgen[0]} ({type_of(obj)}) is a kid of more than one "
            "element; each element has one parent", **where)


def check_structure(ctx: Context, tree: StructTree | None) -> None:
    root = ctx.pdf.Root
    if tree is None:
        ctx.add("7.1", "no-structure-tree",
                "The document has no structure tree (StructTreeRoot missing from the catalog)")
        return
    mark_info = root.get("/MarkInfo")
    marked = mark_info.get("/Marked") if isinstance(mark_info, pikepdf.Dictionary) else None
    if marked is not True:
        ctx.add("7.1", "not-marked",
                "The catalog's MarkInfo does not declare the document tagged (Marked true)")
    if isinstance(mark_info, pikepdf.Dictionary) and mark_info.get("/Suspects") is True:
        ctx.add("7.1", "suspects", "MarkInfo says the tagging is suspect (Suspects true)")
    if not tree.all:
        ctx.add("7.1", "empty-structure-tree", "The structure tree has no structure elements")
    if tree.too_deep:
        ctx.add("7.1", "structure-too-deep", "The structure tree is nested too deeply to be checked")
    for key, target in tree.rolemap.remapped_standard():
        ctx.add("7.1", "standard-type-remapped",
                f"The role map remaps the standard type {key} to {target}")
    for element in tree.all:
        if element.circular:
            ctx.add("7.1", "circular-role-mapping",
                    f"Structure type {element.type} has a circular role mapping",
                    page=element.page, obj=element.num, path=element.path)
        elif element.std is None:
            ctx.add("7.1", "non-standard-type",
                    f"Structure type {element.type} is not standard and not role-mapped to a standard type",
                    page=element.page, obj=element.num, path=element.path)
        if not element.has_p:
            ctx.add("7.1", "element-without-parent",
                    f"Structure element {element.type} has no P entry pointing to its parent",
                    page=element.page, obj=element.num, path=element.path)
        elif not _is_parent(element.obj.get("/P"), element.parent.obj if element.parent else tree.root):
            where = element.parent.path if element.parent else "the structure tree root"
            ctx.add("7.1", "element-wrong-parent",
                    f"Structure element {element.type} names as parent (P) another object than {where}",
                    page=element.page, obj=element.num, path=element.path)


def _is_parent(p: object, expected: pikepdf.Dictionary) -> bool:
    if not isinstance(p, pikepdf.Dictionary):
        return False
    if p.objgen == (0, 0) or expected.objgen == (0, 0):
        return True  # a direct object has no identity to compare; give it the benefit
    return p.objgen == expected.objgen
