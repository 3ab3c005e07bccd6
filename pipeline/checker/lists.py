"""Lists (ISO 32000-1 Table 336) and tables of contents (Table 333), checked under 7.2."""
from __future__ import annotations

from ..pdfread.structure import StructTree
from .context import Context
from .nesting import check_nesting

_PARENTS = {"LI": frozenset({"L"}), "LBody": frozenset({"LI"}), "TOCI": frozenset({"TOC"})}
_KIDS = {
    "L": frozenset({"L", "LI", "Caption"}),
    "LI": frozenset({"Lbl", "LBody"}),
    "TOC": frozenset({"TOC", "TOCI", "Caption"}),
    "TOCI": frozenset({"Reference", "P", "Lbl", "TOC", "NonStruct"}),
}


def check_lists(ctx: Context, tree: StructTree | None) -> None:
    if tree is None:
        return
    for node, std in tree.standard_elements():
        kind = "toc" if std.startswith("TOC") else "list"
        check_nesting(ctx, node, _PARENTS, _KIDS, kind)
        allowed = _KIDS.get(std)
        if allowed is None:
            continue
        kinds = node.kid_types()
        if "Caption" in allowed:
            captions = [i for i, k in enumerate(kinds) if k == "Caption"]
            if len(captions) > 1:
                ctx.add("7.2", f"{kind}-several-captions",
                        f"{std} has {len(captions)} Caption elements; at most one is allowed", **node.loc())
            if any(i != 0 for i in captions):
                ctx.add("7.2", f"{kind}-caption-position", f"The Caption of {std} must be its first child",
                        **node.loc())
