"""Clause 7.1 rules on the structure tree itself: presence, standard types, role map, parents."""
from __future__ import annotations

import pikepdf

from .context import Context
from .structure import StructTree


def check_structure(ctx: Context, tree: StructTree | None) -> None:
    root = ctx.pdf.Root
    if tree is None:
        ctx.add("7.1", "no-structure-tree",
                "The document has no structure tree (StructTreeRoot missing from the catalog)")
        return
    mark_info = root.get("/MarkInfo")
    marked = mark_info.get("/Marked") if isinstance(mark_info, pikepdf.Dictionary) else None
    if marked is not True:
        ctx.add("7.1", "not-marked", "The catalog's MarkInfo does not declare the document tagged (Marked true)")
    if isinstance(mark_info, pikepdf.Dictionary) and mark_info.get("/Suspects") is True:
        ctx.add("7.1", "suspects", "MarkInfo says the tagging is suspect (Suspects true)")
    if not tree.all:
        ctx.add("7.1", "empty-structure-tree", "The structure tree has no structure elements")
    if tree.too_deep:
        ctx.add("7.1", "structure-too-deep", "The structure tree is nested too deeply to be checked")
    for key, target in tree.rolemap.remapped_standard():
        ctx.add("7.1", "standard-type-remapped",
                f"The role map remaps the standard type {key} to {target}")
    for node in tree.all:
        if node.circular:
            ctx.add("7.1", "circular-role-mapping",
                    f"Structure type {node.type} has a circular role mapping",
                    page=node.page, obj=node.num, path=node.path)
        elif node.std is None:
            ctx.add("7.1", "non-standard-type",
                    f"Structure type {node.type} is not standard and not role-mapped to a standard type",
                    page=node.page, obj=node.num, path=node.path)
        if not node.has_p:
            ctx.add("7.1", "element-without-parent",
                    f"Structure element {node.type} has no P entry pointing to its parent",
                    page=node.page, obj=node.num, path=node.path)
        elif not _is_parent(node.obj.get("/P"), node.parent.obj if node.parent else tree.root):
            where = node.parent.path if node.parent else "the structure tree root"
            ctx.add("7.1", "element-wrong-parent",
                    f"Structure element {node.type} names as parent (P) another object than {where}",
                    page=node.page, obj=node.num, path=node.path)


def _is_parent(p: object, expected: pikepdf.Dictionary) -> bool:
    if not isinstance(p, pikepdf.Dictionary):
        return False
    if p.objgen == (0, 0) or expected.objgen == (0, 0):
        return True  # a direct object has no identity to compare; give it the benefit
    return p.objgen == expected.objgen
