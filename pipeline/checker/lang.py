"""Clause 7.2 natural-language rules: valid Lang values, and a language for every text
that a reader speaks (outlines, metadata, Alt/ActualText/E, annotation contents, field names).
"""
from __future__ import annotations

import re

import pikepdf

from ..pdfread.structure import StructTree
from .context import Context, text

# RFC 3066 Language-Tag: a primary subtag of 1-8 letters, then subtags of 1-8 letters/digits.
_LANG_TAG = re.compile(r"[a-zA-Z]{1,8}(?:-[a-zA-Z0-9]{1,8})*\Z")


def valid_lang(value: str | None) -> bool:
    return bool(value) and _LANG_TAG.match(value) is not None  # type: ignore[arg-type]


def check_lang_value(ctx: Context, value: object, where: str, **loc) -> None:
    """Report a Lang entry whose value is not a language tag (empty counts as invalid)."""
    t = text(value)
    if t is None or not valid_lang(t):
        shown = "empty" if not t else repr(t)
        ctx.add("7.2", "invalid-lang", f"The Lang of {where} is {shown}, not a language tag", **loc)


def check_document_lang(ctx: Context) -> None:
    root = ctx.pdf.Root
    if "/Lang" in root:
        check_lang_value(ctx, root.get("/Lang"), "the document catalog")
    if ctx.has_catalog_lang:
        return
    outlines = root.get("/Outlines")
    if isinstance(outlines, pikepdf.Dictionary) and "/First" in outlines:
        ctx.add("7.2", "outline-lang-unknown",
                "The language of the bookmarks cannot be determined (no Lang in the catalog)")
    if ctx.xmp is not None and not ctx.xmp.langs:
        ctx.add("7.2", "metadata-lang-unknown",
                "The language of the document metadata cannot be determined "
                "(no Lang in the catalog, no xml:lang in the XMP)")


_SPOKEN_ENTRIES = (("/Alt", "alternative text (Alt)"), ("/ActualText", "replacement text (ActualText)"),
                   ("/E", "expansion text (E)"))


def check_structure_lang(ctx: Context, tree: StructTree | None) -> None:
    if tree is None:
        return
    for node in tree.all:
        obj = node.obj
        if "/Lang" in obj:
            check_lang_value(ctx, obj.get("/Lang"), f"structure element {node.type}",
                             page=node.page, obj=node.num, path=node.path)
        if ctx.has_catalog_lang:
            continue
        for key, label in _SPOKEN_ENTRIES:
            if key in obj and not node.inherited_lang():
                ctx.add("7.2", "alternative-text-lang-unknown",
                        f"The language of the {label} of {node.type} cannot be determined",
                        page=node.page, obj=node.num, path=node.path)
