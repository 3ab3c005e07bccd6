"""The nesting rules of ISO 32000-1's grouping elements (checked under 7.2): which parent
an element needs and which kids it may have, from a table per family (lists, tables)."""
from __future__ import annotations

from ..pdfread.structure import StructElement
from .context import Context


def check_nesting(ctx: Context, node: StructElement, parents: dict[str, frozenset[str]],
                  kids: dict[str, frozenset[str]], family: str) -> None:
    """Report ``node`` (of standard type ``node.std``) when its parent is not one the
    ``parents`` table allows, or a kid's type is not one the ``kids`` table allows; the
    rule ids are ``<family>-element-misplaced`` and ``<family>-element-bad-child``."""
    std = node.std
    allowed_parents = parents.get(std) if std is not None else None
    if allowed_parents is not None:
        pstd = node.parent.std if node.parent else None
        if pstd not in allowed_parents:
            where = node.parent.type if node.parent else "the structure tree root"
            ctx.add("7.2", f"{family}-element-misplaced",
                    f"{std} must be inside {' or '.join(sorted(allowed_parents))}, not {where}",
                    **node.loc())
    allowed = kids.get(std) if std is not None else None
    if allowed is not None:
        bad = sorted({k for k in node.kid_types() if k not in allowed})
        if bad:
            ctx.add("7.2", f"{family}-element-bad-child",
                    f"{std} may contain only {', '.join(sorted(allowed))}; it contains {', '.join(bad)}",
                    **node.loc())
