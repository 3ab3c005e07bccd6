"""Document-level rules read from the catalog and trailer: DisplayDocTitle (7.1),
optional content (7.10), embedded files (7.11), XFA (7.15), security (7.16)."""
from __future__ import annotations

import contextlib
import re

import pikepdf

from .context import Context, nonempty_text, objnum

ACCESSIBILITY_BIT = 1 << 9  # bit 10 of /P: extract content for accessibility
_DYNAMIC_RENDER = re.compile(rb"<(?:\w+:)?dynamicRender\b[^>]*>\s*required\s*<", re.I)


def check_catalog(ctx: Context) -> None:
    root = ctx.pdf.Root
    prefs = root.get("/ViewerPreferences")
    if not isinstance(prefs, pikepdf.Dictionary) or prefs.get("/DisplayDocTitle") is not True:
        ctx.add("7.1", "display-doc-title",
                "ViewerPreferences must set DisplayDocTitle to true so viewers show the title, "
                "not the file name")
    _optional_content(ctx, root.get("/OCProperties"))
    _embedded_files(ctx, root)
    _xfa(ctx, root.get("/AcroForm"))
    _security(ctx)


def _optional_content(ctx: Context, ocp: object) -> None:
    if not isinstance(ocp, pikepdf.Dictionary):
        return
    configs: list[object] = [ocp.get("/D")]
    extra = ocp.get("/Configs")
    if isinstance(extra, pikepdf.Array):
        configs.extend(extra)
    for i, cfg in enumerate(configs):
        if not isinstance(cfg, pikepdf.Dictionary):
            continue
        which = "default (D)" if i == 0 else f"number {i} in Configs"
        if not nonempty_text(cfg.get("/Name")):
            ctx.add("7.10", "oc-config-no-name",
                    f"The optional content configuration {which} has no non-empty Name",
                    obj=objnum(cfg))
        if "/AS" in cfg:
            ctx.add("7.10", "oc-config-as",
                    f"The optional content configuration {which} contains an AS entry",
                    obj=objnum(cfg))


def _embedded_files(ctx: Context, root: pikepdf.Object) -> None:
    specs: list[pikepdf.Dictionary] = []
    names = root.get("/Names")
    if isinstance(names, pikepdf.Dictionary) and isinstance(names.get("/EmbeddedFiles"), pikepdf.Dictionary):
        with contextlib.suppress(pikepdf.PdfError, ValueError, TypeError):
            specs.extend(v for _k, v in pikepdf.NameTree(names.EmbeddedFiles).items()
                         if isinstance(v, pikepdf.Dictionary))
    af = root.get("/AF")
    if isinstance(af, pikepdf.Array):
        specs.extend(v for v in af if isinstance(v, pikepdf.Dictionary))
    for page in ctx.pdf.pages:
        for a in page.obj.get("/Annots", None) or []:
            fs = a.get("/FS") if isinstance(a, pikepdf.Dictionary) else None
            if isinstance(fs, pikepdf.Dictionary):
                specs.append(fs)
    seen: set[tuple[int, int]] = set()
    for spec in specs:
        if spec.objgen != (0, 0):
            if spec.objgen in seen:
                continue
            seen.add(spec.objgen)
        if "/EF" in spec and not (nonempty_text(spec.get("/F")) and nonempty_text(spec.get("/UF"))):
            ctx.add("7.11", "embedded-file-no-f-uf",
                    "The file specification of an embedded file lacks a non-empty F or UF entry",
                    obj=objnum(spec))


def _xfa(ctx: Context, acroform: object) -> None:
    if not isinstance(acroform, pikepdf.Dictionary):
        return
    xfa = acroform.get("/XFA")
    streams: list[pikepdf.Stream] = []
    if isinstance(xfa, pikepdf.Stream):
        streams.append(xfa)
    elif isinstance(xfa, pikepdf.Array):
        streams.extend(x for x in xfa if isinstance(x, pikepdf.Stream))
    for s in streams:
        try:
            data = s.read_bytes()
        except pikepdf.PdfError:
            continue
        if _DYNAMIC_RENDER.search(data):
            ctx.add("7.15", "dynamic-xfa", "The document uses a dynamic XFA form (dynamicRender required)",
                    obj=objnum(s))
            return


def _security(ctx: Context) -> None:
    if not ctx.pdf.is_encrypted:
        return
    enc = ctx.pdf.trailer.get("/Encrypt")
    p = enc.get("/P") if isinstance(enc, pikepdf.Dictionary) else None
    if not isinstance(p, int):
        ctx.add("7.16", "encryption-no-p", "The encryption dictionary has no P (permissions) entry")
    elif not int(p) & ACCESSIBILITY_BIT:
        ctx.add("7.16", "no-accessibility-permission",
                "The encryption permissions deny assistive technology access to the content "
                "(P bit 10 is off)")
