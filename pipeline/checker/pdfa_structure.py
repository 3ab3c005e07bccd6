"""PDF/A-2 level A: logical structure and language (ISO 19005-2, 6.7).

6.7.2.2  the catalog's MarkInfo has Marked true
6.7.3.3  the document has a structure tree (StructTreeRoot)
6.7.3.4  every non-standard structure type is mapped (RoleMap) to a standard one, without
         circular mappings; standard types are not remapped
6.7.4    every Lang (catalog, structure elements, marked-content property lists) is empty or
         a language tag (RFC 3066: letters, then '-'-separated letters and digits, 1 to 8
         each); the catalog may go without Lang when all tagged content has a language
         from its structure element (or an ancestor) or from a marked-content Lang
"""
from __future__ import annotations

import re

import pikepdf

from ..pdfread.contentstream import ContentError
from ..pdfread.resources import marked_properties, property_text, xobject_resource
from .context import Context, name, text
from .fonts_walk import page_resources

LANGUAGE_TAG = re.compile(r"[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*")
MAX_DEPTH = 16


def check_structure_a(ctx: Context) -> None:
    root = ctx.pdf.Root
    mark = root.get("/MarkInfo")
    if not isinstance(mark, pikepdf.Dictionary) or mark.get("/Marked") is not True:
        ctx.add("6.7.2.2", "pdfa-not-marked", "The catalog's MarkInfo does not say Marked true")
    if not isinstance(root.get("/StructTreeRoot"), pikepdf.Dictionary):
        ctx.add("6.7.3.3", "pdfa-no-structure", "The document has no structure tree")
    _check_types(ctx)
    _check_languages(ctx)


def _check_types(ctx: Context) -> None:
    tree = ctx.tree
    if tree is None:
        return
    for node in tree.all:
        if node.circular:
            ctx.add("6.7.3.4", "pdfa-circular-role-map",
                    f"The structure type {node.type} is mapped in a circle", **node.loc())
        elif node.std is None:
            ctx.add("6.7.3.4", "pdfa-unmapped-type",
                    f"The structure type {node.type} is neither standard nor mapped to a standard type",
                    **node.loc())
    for standard, target in tree.rolemap.remapped_standard():
        ctx.add("6.7.3.4", "pdfa-standard-type-remapped",
                f"The standard structure type {standard} is remapped to {target}")


def _valid(lang: object) -> bool:
    """An empty Lang or a language tag (read from an object or from a content stream)."""
    value = property_text(lang)
    return value is not None and (value == "" or LANGUAGE_TAG.fullmatch(value) is not None)


def _check_languages(ctx: Context) -> None:
    root = ctx.pdf.Root
    if "/Lang" in root and not _valid(root.get("/Lang")):
        ctx.add("6.7.4", "pdfa-bad-language", f"The catalog's Lang {text(root.get('/Lang'))!r} is "
                "not a language tag")
    for node in (ctx.tree.all if ctx.tree is not None else []):
        if "/Lang" in node.obj and not _valid(node.obj.get("/Lang")):
            ctx.add("6.7.4", "pdfa-bad-language", f"The Lang {text(node.obj.get('/Lang'))!r} of "
                    f"structure element {node.type} is not a language tag", **node.loc())
    unlabelled, bad = _marked_content_languages(ctx, unlabelled_too="/Lang" not in root)
    for page, value in bad:
        ctx.add("6.7.4", "pdfa-bad-language", f"The marked-content Lang {value!r} is not a language tag",
                page=page)
    if "/Lang" in root:
        return
    with_lang = {(page, mcid) for node in (ctx.tree.all if ctx.tree is not None else [])
                 if node.inherited_lang() for page, mcid, _ in node.mcids}
    for page, mcids in unlabelled:
        if not any((page, mcid) in with_lang for mcid in mcids):
            ctx.add("6.7.4", "pdfa-no-language",
                    "The catalog gives no document language (/Lang) and tagged text has no "
                    "language from its structure element or marked content", page=page)
            return


_LANGUAGE_OPS = frozenset({"BDC", "BMC", "EMC", "Tj", "TJ", "'", '"', "Do"})


def _marked_content_languages(ctx: Context, unlabelled_too: bool = True
                              ) -> tuple[list[tuple[int, list[int]]], list[tuple[int, str]]]:
    """([(page, MCIDs around it)] of tagged text shown outside any marked content with Lang
    (only with ``unlabelled_too``), [(page, invalid Lang)])."""
    unlabelled: list[tuple[int, list[int]]] = []
    bad: list[tuple[int, str]] = []
    for number, page in enumerate(ctx.pdf.pages, start=1):
        # (content, its resources, depth, (has Lang, MCID) of the sequences open around it)
        jobs: list[tuple[pikepdf.Object, object, int, list[tuple[bool, int | None]]]] = [
            (page.obj, page_resources(page.obj), 0, [])]
        seen: set[tuple[int, int]] = set()
        while jobs:
            holder, resources, depth, outer = jobs.pop()
            try:
                stream = ctx.contents.of(holder)
            except ContentError:
                continue
            stack: list[tuple[bool, int | None]] = list(outer)  # (has Lang, MCID) per open sequence
            # how many of them have a Lang, and how many an MCID
            with_lang = sum(1 for has, _ in stack if has)
            with_mcid = sum(1 for _, m in stack if m is not None)
            for op, start, end in stream.instructions():
                if op not in _LANGUAGE_OPS:
                    continue
                if op in ("BDC", "BMC"):
                    props = marked_properties(stream.operands(start, end), resources) if op == "BDC" else None
                    has = props is not None and "/Lang" in props
                    if props is not None and has and not _valid(props.get("/Lang")):
                        bad.append((number, property_text(props.get("/Lang")) or "?"))
                    mcid = props.get("/MCID") if props is not None else None
                    stack.append((has, int(mcid) if isinstance(mcid, int) else None))
                    with_lang += has
                    with_mcid += stack[-1][1] is not None
                elif op in ("Tj", "TJ", "'", '"'):
                    if with_mcid and not with_lang and unlabelled_too:
                        unlabelled.append((number, [m for _, m in stack if m is not None]))
                elif op == "EMC" and stack:
                    has, mcid = stack.pop()
                    with_lang -= has
                    with_mcid -= mcid is not None
                elif op == "Do" and isinstance(resources, pikepdf.Dictionary) and depth < MAX_DEPTH \
                        and (operands := stream.operands(start, end)):
                    xobj = xobject_resource(resources, operands[0])
                    if xobj is not None and name(xobj.get("/Subtype")) == "Form" \
                            and xobj.objgen not in seen:
                        seen.add(xobj.objgen)
                        jobs.append((xobj, xobj.get("/Resources", resources), depth + 1, list(stack)))
    return unlabelled, bad
