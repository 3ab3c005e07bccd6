"""Per-element rules: figures (7.3) and formulas (7.7) need Alt or ActualText; notes (7.9)
need a unique, non-empty ID.

An empty Alt describes nothing and fails; an ActualText that is present but empty is a
deliberate replacement ("read this as nothing") and is accepted, as the corpus expects.
"""
from __future__ import annotations

from ..pdfread.structure import StructElement, StructTree
from .context import Context, nonempty_text, text

_NEEDS_ALTERNATIVE = {"Figure": ("7.3", "figure-no-alt"), "Formula": ("7.7", "formula-no-alt")}


def check_elements(ctx: Context, tree: StructTree | None) -> None:
    if tree is None:
        return
    note_ids: dict[str, int] = {}
    notes = []
    for node in tree.all:
        std = node.std
        rule = _NEEDS_ALTERNATIVE.get(std or "")
        if rule is not None:
            obj = node.obj
            if not nonempty_text(obj.get("/Alt")) and "/ActualText" not in obj:
                ctx.add(rule[0], rule[1],
                        f"{node.type} has no alternative text (Alt) or replacement text (ActualText)",
                        **node.loc())
        if std == "Form" and node.attr("PrintField", "/Role") is None:
            _check_plain_form(ctx, node)
        if std == "Note":
            note_id = text(node.obj.get("/ID"))
            if not note_id:
                ctx.add("7.9", "note-no-id", "A Note has no non-empty ID", **node.loc())
            else:
                note_ids[note_id] = note_ids.get(note_id, 0) + 1
                notes.append((note_id, node.loc()))
    for note_id, loc in notes:
        if note_ids[note_id] > 1:
            ctx.add("7.9", "note-duplicate-id",
                    f"The ID {note_id!r} is used by {note_ids[note_id]} Notes", **loc)


def _check_plain_form(ctx: Context, node: StructElement) -> None:
    """A Form element without a PrintField Role holds exactly one widget annotation (OBJR)."""
    objrs = node.objrs
    only_widget = (len(objrs) == 1 and not node.kids and not node.mcids
                   and objrs[0].get("/Subtype") == "/Widget")
    if not only_widget:
        ctx.add("7.18.4", "form-element-content",
                "A Form element without a Role attribute must contain exactly one widget annotation "
                "and nothing else", **node.loc())
