"""PDF/A-2 document-level rules (ISO 19005-2, 6.4.2, 6.4.3, 6.8 to 6.11).

6.4.2   the catalog has no NeedsRendering true
6.4.3   a signature's ByteRange covers the whole file except the signature itself
6.8     a file specification with an embedded file (EF) has F and UF; an embedded file is
        itself PDF/A-1 or PDF/A-2 (judged by its pdfaid:part)
6.9     optional content configurations (D, Configs) have a unique, non-empty Name, no AS,
        and an Order that lists every optional content group
6.10    no AlternatePresentations in the name dictionary, no PresSteps on pages
6.11    no Requirements in the catalog
"""
from __future__ import annotations

import io
import re

import pikepdf

from .context import Context, name, objnum, text

_PDFAID_PART = re.compile(rb"pdfaid:part(?:>|\s*=\s*[\"'])\s*([0-9]+)")


def check_document(ctx: Context, data: bytes | None) -> None:
    root = ctx.pdf.Root
    if root.get("/NeedsRendering") is True:
        ctx.add("6.4.2", "pdfa-needs-rendering", "The catalog has NeedsRendering true")
    if "/Requirements" in root:
        ctx.add("6.11", "pdfa-requirements", "The catalog has a Requirements entry")
    names = root.get("/Names")
    if isinstance(names, pikepdf.Dictionary) and "/AlternatePresentations" in names:
        ctx.add("6.10", "pdfa-alternate-presentations", "The name dictionary has AlternatePresentations")
    for number, page in enumerate(ctx.pdf.pages, start=1):
        if "/PresSteps" in page.obj:
            ctx.add("6.10", "pdfa-pres-steps", "The page has PresSteps", page=number)
    _check_optional_content(ctx)
    for obj in ctx.pdf.objects:
        if isinstance(obj, pikepdf.Dictionary) and "/EF" in obj:
            _check_file_spec(ctx, obj)
        if isinstance(obj, pikepdf.Dictionary) and "/ByteRange" in obj and data is not None:
            _check_byte_range(ctx, obj, len(data))


def _check_optional_content(ctx: Context) -> None:
    props = ctx.pdf.Root.get("/OCProperties")
    if not isinstance(props, pikepdf.Dictionary):
        return
    configs = [props.get("/D")]
    extra = props.get("/Configs")
    configs += list(extra) if isinstance(extra, pikepdf.Array) else []
    groups = props.get("/OCGs")
    group_ids = {g.objgen for g in groups if isinstance(g, pikepdf.Dictionary)} \
        if isinstance(groups, pikepdf.Array) else set()
    seen: dict[str, int] = {}
    for config in configs:
        if not isinstance(config, pikepdf.Dictionary):
            continue
        label = text(config.get("/Name"))
        if not label:
            ctx.add("6.9", "pdfa-oc-config-name", "An optional content configuration has no Name")
        else:
            seen[label] = seen.get(label, 0) + 1
        if "/AS" in config:
            ctx.add("6.9", "pdfa-oc-config-as", "An optional content configuration has an AS entry")
        order = config.get("/Order")
        if isinstance(order, pikepdf.Array):
            listed = set()
            todo = list(order)
            while todo:
                item = todo.pop()
                if isinstance(item, pikepdf.Array):
                    todo.extend(item)
                elif isinstance(item, pikepdf.Dictionary):
                    listed.add(item.objgen)
            if group_ids - listed:
                ctx.add("6.9", "pdfa-oc-order-incomplete",
                        "An optional content configuration's Order does not list every group")
    for label, count in seen.items():
        if count > 1:
            ctx.add("6.9", "pdfa-oc-config-name-duplicate",
                    f"{count} optional content configurations are named {label!r}")


def _check_file_spec(ctx: Context, spec: pikepdf.Dictionary) -> None:
    if "/F" not in spec or "/UF" not in spec:
        ctx.add("6.8", "pdfa-filespec-names", "A file specification with an embedded file lacks F or UF",
                obj=objnum(spec))
    files = spec.get("/EF")
    for stream in files.values() if isinstance(files, pikepdf.Dictionary) else []:
        if not isinstance(stream, pikepdf.Stream):
            continue
        part = _pdfa_part(stream)
        if part not in (1, 2):
            ctx.add("6.8", "pdfa-embedded-files",
                    "An embedded file is not a PDF/A-1 or PDF/A-2 file"
                    + ("" if part is None else f" (it declares PDF/A-{part})"), obj=objnum(stream))


def _pdfa_part(stream: pikepdf.Stream) -> int | None:
    try:
        data = stream.read_bytes()
        with pikepdf.open(io.BytesIO(data)) as embedded:
            meta = embedded.Root.get("/Metadata")
            xmp = meta.read_bytes() if isinstance(meta, pikepdf.Stream) else b""
    except (pikepdf.PdfError, ValueError, RuntimeError):
        return None
    m = _PDFAID_PART.search(xmp)
    return int(m.group(1)) if m else None


def _check_byte_range(ctx: Context, sig: pikepdf.Dictionary, size: int) -> None:
    ranges = sig.get("/ByteRange")
    if name(sig.get("/Type")) not in (None, "Sig", "DocTimeStamp") or not isinstance(ranges, pikepdf.Array):
        return
    values = [int(v) for v in ranges if isinstance(v, int)]
    if len(values) != 4 or values[0] != 0 or values[2] + values[3] != size:
        ctx.add("6.4.3", "pdfa-signature-byte-range",
                "A signature's ByteRange does not cover the whole file", obj=objnum(sig))
