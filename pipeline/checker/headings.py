"""Headings: numbered H1-H6 in order without skipped levels (7.4.2); unnumbered H at most
one per parent (7.4.4); never both kinds in one document (7.4.4)."""
from __future__ import annotations

from ..pdfread.structure import StructTree
from .context import Context

_LEVELS = {f"H{i}": i for i in range(1, 7)}


def check_headings(ctx: Context, tree: StructTree | None) -> None:
    if tree is None:
        return
    previous = 0
    first_h = first_hn = None
    for node in tree.all:
        std = node.std
        if std == "H":
            first_h = first_h or node
        level = _LEVELS.get(std or "")
        if level is not None:
            first_hn = first_hn or node
            if previous == 0 and level != 1:
                ctx.add("7.4.2", "first-heading-not-h1",
                        f"The first numbered heading is {std}; it must be H1", **node.loc())
            elif previous and level > previous + 1:
                ctx.add("7.4.2", "heading-level-skipped",
                        f"Heading {std} follows H{previous}, skipping a level", **node.loc())
            previous = level
        if sum(1 for k in node.kids if k.std == "H") > 1:
            ctx.add("7.4.4", "several-h-in-node",
                    f"{node.type} contains more than one H heading", **node.loc())
    if first_h is not None and first_hn is not None:
        ctx.add("7.4.4", "mixed-h-and-hn",
                "The document uses both unnumbered (H) and numbered (H1-H6) headings",
                page=first_h.page, obj=first_h.num, path=first_h.path)
