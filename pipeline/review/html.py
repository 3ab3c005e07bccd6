"""The review page: one self-contained, accessible HTML file.

Checker findings first, then every page as an image with its structure elements
drawn over it as numbered boxes (numbers = reading order), coloured by kind,
artifacts greyed out and untagged content marked; beside each page the same
elements as a list, the alternative texts and the language switches. No
scripts, no external resources: it opens from disk in any browser.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from ..checker.findings import Finding
from .readout import reading_text_of, shorten
from .render import PageImage, Rect, to_view, view_size
from .structure import Annotation, MarkedContent, PageInfo, StructNode, TaggedDocument

# Elements that only group others: listed, never boxed.
GROUPING = frozenset("StructTreeRoot Document Part Art Sect Div NonStruct Private Index".split())
# Boxed with a dashed outline and no number badge, so their children stay legible.
CONTAINERS = frozenset("Table THead TBody TFoot TR L LI TOC TOCI BlockQuote".split())

# kind -> (legend text, colour); colours chosen to stay apart for common colour blindness
KINDS: dict[str, tuple[str, str]] = {
    "heading": ("Headings (H, H1\u2013H6)", "#0050b3"),
    "paragraph": ("Paragraphs, captions, block quotes", "#1a7f37"),
    "figure": ("Figures, formulas, forms", "#c2410c"),
    "table": ("Tables, rows and cells", "#7e22ce"),
    "list": ("Lists, items, labels, bodies, TOC", "#0f766e"),
    "link": ("Links, annotations, references", "#be123c"),
    "span": ("Spans and other inline elements", "#a16207"),
    "other": ("Other elements", "#475569"),
}
_KIND_OF = {
    **{t: "heading" for t in "H H1 H2 H3 H4 H5 H6".split()},
    **{t: "paragraph" for t in "P Caption BlockQuote".split()},
    **{t: "figure" for t in "Figure Formula Form".split()},
    **{t: "table" for t in "Table THead TBody TFoot TR TH TD".split()},
    **{t: "list" for t in "L LI Lbl LBody TOC TOCI".split()},
    **{t: "link" for t in "Link Annot Reference".split()},
    **{t: "span" for t in "Span Quote Note Code BibEntry Ruby RB RT RP Warichu WT WP".split()},
}


def kind_of(std_type: str) -> str:
    return _KIND_OF.get(std_type, "other")


@dataclass
class CheckResult:
    findings: list[Finding] = field(default_factory=list)
    error: str | None = None  # the checker could not run: why


CSS = """
:root { color-scheme: light; --ink: #1f2328; --muted: #57606a; --line: #d0d7de; }
* { box-sizing: border-box; }
body { font: 16px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink);
       margin: 0; background: #f6f8fa; }
header, main { max-width: 1500px; margin: 0 auto; padding: 0 1.5rem; }
header { padding-top: 1rem; }
h1 { font-size: 1.6rem; margin: .5rem 0; }
h2 { font-size: 1.3rem; margin: 1.5rem 0 .5rem; }
h3 { font-size: 1.05rem; margin: 1rem 0 .3rem; }
.meta { color: var(--muted); margin: .2rem 0; }
nav ul { display: flex; flex-wrap: wrap; gap: .3rem .8rem; list-style: none; padding: 0; }
a { color: #0550ae; }
a:focus, a:hover { outline: 2px solid #0550ae; outline-offset: 1px; }
table.findings { border-collapse: collapse; width: 100%; background: #fff; }
table.findings th, table.findings td { border: 1px solid var(--line); padding: .3rem .5rem; text-align: left;
       vertical-align: top; }
table.findings th { background: #eaeef2; }
.ok { background: #dafbe1; border: 1px solid #4ac26b; padding: .5rem .8rem; }
.warn { background: #fff8c5; border: 1px solid #d4a72c; padding: .5rem .8rem; }
ul.legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .3rem 1.2rem; }
.swatch { display: inline-block; width: 1.1em; height: 1.1em; vertical-align: -.2em; margin-right: .35em;
          border: 2px solid currentColor; }
section.page { border-top: 2px solid var(--line); }
.page-row { display: flex; flex-wrap: wrap; gap: 1.5rem; align-items: flex-start; }
figure.page-view { margin: 0; flex: 0 1 720px; min-width: 280px; }
.canvas { position: relative; width: 100%; background: #fff; box-shadow: 0 1px 4px rgba(0,0,0,.25); }
.canvas img { display: block; width: 100%; height: auto; }
.overlay { position: absolute; inset: 0; }
.box { position: absolute; border: 2px solid var(--c); background: color-mix(in srgb, var(--c) 12%, transparent); }
.box.container { border-style: dashed; border-width: 1px; background: none; }
.box.artifact { border: 1px dashed #8c959f; background: repeating-linear-gradient(45deg,
       rgba(140,149,159,.28) 0 4px, rgba(140,149,159,.08) 4px 8px); }
.box.untagged { border: 2px dotted #cf222e; background: rgba(207,34,46,.15); }
.box.finding { outline: 3px solid #cf222e; outline-offset: 1px; }
.num { position: absolute; left: -2px; top: -1.25em; font: bold 11px/1.2 system-ui, sans-serif; color: #fff;
       background: var(--c); padding: 0 .3em; border-radius: 3px; white-space: nowrap; }
figcaption { color: var(--muted); font-size: .9rem; margin-top: .4rem; }
.notes { flex: 1 1 380px; min-width: 280px; }
.notes ol, .notes ul { padding-left: 2.6em; margin: .2rem 0; }
.notes li { margin: .15rem 0; }
.type { font-weight: 600; }
.snippet { color: var(--muted); }
.lang { font-family: ui-monospace, monospace; font-size: .9em; background: #ddf4ff; padding: 0 .25em; }
pre.reading { white-space: pre-wrap; background: #fff; border: 1px solid var(--line); padding: .8rem;
       font: 14px/1.5 ui-monospace, SFMono-Regular, Menlo, monospace; }
.kind-heading { --c: #0050b3; } .kind-paragraph { --c: #1a7f37; } .kind-figure { --c: #c2410c; }
.kind-table { --c: #7e22ce; } .kind-list { --c: #0f766e; } .kind-link { --c: #be123c; }
.kind-span { --c: #a16207; } .kind-other { --c: #475569; }
.swatch.kind-heading, .swatch.kind-paragraph, .swatch.kind-figure, .swatch.kind-table, .swatch.kind-list,
.swatch.kind-link, .swatch.kind-span, .swatch.kind-other { color: var(--c);
       background: color-mix(in srgb, var(--c) 15%, transparent); }
.swatch.artifact { color: #8c959f; background: rgba(140,149,159,.3); border-style: dashed; }
.swatch.untagged { color: #cf222e; background: rgba(207,34,46,.15); border-style: dotted; }
"""


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _style(r: Rect) -> str:
    return f"left:{r.left}%;top:{r.top}%;width:{r.width}%;height:{r.height}%"


def _type_label(node: StructNode) -> str:
    return node.type if node.type == node.std_type else f"{node.type} \u2192 {node.std_type}"


def _snippet(node: StructNode, limit: int = 90) -> str:
    if node.alt is not None:
        return ""
    text = node.text
    return shorten(text, limit) if text else ""


def _lang_switches(elements: list[StructNode], page: int) -> list[tuple[str, str, str]]:
    """(element label, language, text) for each change of language on a page
    (``elements``: those with content on it, in reading order)."""
    out: list[tuple[str, str, str]] = []
    for node in elements:
        if node.lang and (node.lang or "").lower() != (node.parent_lang or "").lower():
            out.append((f"{node.number} {_type_label(node)}", node.lang, shorten(node.text, 80)))
        for kid in node.kids:
            if isinstance(kid, MarkedContent) and kid.page == page and kid.lang and \
                    kid.lang.lower() != (node.effective_lang or "").lower():
                out.append((f"{node.number} {_type_label(node)}, MCID {kid.mcid}", kid.lang, shorten(kid.text, 80)))
    return out


def page_ranges(numbers: list[int]) -> str:
    """[1, 2, 3, 7, 9, 10] -> '1-3, 7, 9-10'."""
    runs: list[list[int]] = []
    for n in sorted(numbers):
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    return ", ".join(f"{a}\u2013{b}" if b > a else str(a) for a, b in runs)


def match_key(path: str | None) -> str:
    """A structure path with an index of 1 on its first step dropped, so that
    "Document[1]/P[2]" and "Document/P[2]" name the same element."""
    if not path:
        return ""
    first, sep, rest = path.partition("/")
    if first.endswith("[1]"):
        first = first[:-3]
    return first + sep + rest


def _findings_table(check: CheckResult, by_path: dict[str, StructNode]) -> str:
    if check.error:
        return f'<p class="warn" role="note">The PDF/UA checker did not run: {_e(check.error)}</p>'
    if not check.findings:
        return '<p class="ok">The PDF/UA checker reported no findings.</p>'
    rows = []
    for f in check.findings:
        page = f'<a href="#page-{f.page}">{f.page}</a>' if f.page else ""
        node = by_path.get(match_key(f.path))
        path = _e(f.path or "")
        if node is not None:
            path += f" (element {node.number})"
        rows.append(
            f"<tr><td>{_e(f.clause)}</td><td><code>{_e(f.rule)}</code></td><td>{_e(f.message)}</td>"
            f"<td>{page}</td><td>{_e(f.obj) if f.obj is not None else ''}</td><td>{path}</td></tr>"
        )
    return (
        '<table class="findings"><caption class="meta">'
        f"{len(check.findings)} finding{'s' if len(check.findings) != 1 else ''} "
        "against ISO 14289-1 (PDF/UA-1)</caption>"
        '<thead><tr><th scope="col">Clause</th><th scope="col">Rule</th><th scope="col">Message</th>'
        '<th scope="col">Page</th><th scope="col">Object</th><th scope="col">Structure path</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _legend() -> str:
    items = [f'<li><span class="swatch kind-{k}" aria-hidden="true"></span>{_e(label)}</li>'
             for k, (label, _) in KINDS.items()]
    items.append('<li><span class="swatch artifact" aria-hidden="true"></span>Artifacts '
                 "(not read by screen readers)</li>")
    items.append('<li><span class="swatch untagged" aria-hidden="true"></span>Content outside any tag '
                 "or artifact</li>")
    return (
        '<section id="legend" aria-labelledby="legend-h"><h2 id="legend-h">Legend</h2>'
        f'<ul class="legend">{"".join(items)}</ul>'
        '<p class="meta">Numbers give the reading order (the order of the structure tree). '
        "Dashed outlines are containers (tables, rows, lists, list items); an element with a checker "
        "finding has a red outline.</p></section>"
    )


def _page_section(elements: list[StructNode], info: PageInfo, image: PageImage | None,
                  check: CheckResult, flagged: set[int]) -> str:
    """One page: ``elements`` are the structure elements with content on it, in reading order."""
    n = info.number
    boxes: list[str] = []
    listed: list[str] = []
    for rect_box in info.artifacts:
        r = to_view(rect_box, info)
        if r:
            boxes.append(f'<div class="box artifact" style="{_style(r)}" data-kind="artifact"></div>')
    for rect_box in info.untagged:
        r = to_view(rect_box, info)
        if r:
            boxes.append(f'<div class="box untagged" style="{_style(r)}" data-kind="untagged"></div>')
    for node in elements:
        kind = kind_of(node.std_type)
        label = _type_label(node)
        extra = []
        if node.lang:
            extra.append(f'<span class="lang">lang={_e(node.lang)}</span>')
        if node.alt is not None:
            extra.append(f"alt: \u201c{_e(shorten(node.alt, 120))}\u201d")
        snippet = _snippet(node)
        if snippet and node.std_type not in GROUPING and node.std_type not in CONTAINERS:
            extra.append(f'<span class="snippet">{_e(snippet)}</span>')
        listed.append(
            f'<li value="{node.number}" style="margin-left:{0.9 * node.path.count("/")}em">'
            f'<span class="swatch kind-{kind}" aria-hidden="true"></span>'
            f'<span class="type">{_e(label)}</span> {" ".join(extra)}</li>'
        )
        if node.std_type in GROUPING:
            continue
        bbox = node.bbox_by_page().get(n)
        r = to_view(bbox, info) if bbox is not None else None
        if r is None:
            continue
        classes = ["box", f"kind-{kind}"]
        if node.std_type in CONTAINERS:
            classes.append("container")
        if node.number in flagged:
            classes.append("finding")
        badge = "" if node.std_type in CONTAINERS else f'<span class="num">{node.number}</span>'
        title = f"{node.number} {label}" + (f": {shorten(node.text, 80)}" if node.text else "")
        boxes.append(
            f'<div class="{" ".join(classes)}" style="{_style(r)}" data-number="{node.number}" '
            f'data-type="{_e(node.std_type)}" title="{_e(title)}">{badge}</div>'
        )
    w, h = view_size(info)
    n_boxes = sum(1 for b in boxes if "data-number" in b)
    if image is not None and image.png:
        img = (f'<img src="{image.data_uri()}" width="{image.width}" height="{image.height}" '
               f'alt="Page {n} as rendered, with {n_boxes} structure elements outlined; '
               f'they are listed in reading order beside the page.">')
    else:
        reason = image.error if image is not None and image.error else "the page could not be rendered"
        img = f'<p class="warn" style="aspect-ratio:{w:.1f}/{h:.1f};margin:0">{_e(reason)}</p>'
    alts = [
        f"<li><span class=\"type\">{node.number} {_e(_type_label(node))}</span>: "
        + (f"alt \u201c{_e(node.alt)}\u201d" if node.alt is not None else "")
        + (f"{'; ' if node.alt is not None else ''}ActualText \u201c{_e(node.actual_text)}\u201d"
           if node.actual_text is not None else "")
        + (f"{'; ' if node.alt is not None or node.actual_text is not None else ''}"
           f"expansion \u201c{_e(node.expansion)}\u201d" if node.expansion is not None else "")
        + "</li>"
        for node in elements
        if (node.alt is not None or node.actual_text is not None or node.expansion is not None)
    ]
    missing_alt = [node for node in elements if node.std_type in ("Figure", "Formula")
                   and node.alt is None and node.actual_text is None]
    alts += [f'<li><span class="type">{node.number} {_e(_type_label(node))}</span>: '
             "<strong>no alternative text</strong></li>" for node in missing_alt]
    switches = [f'<li><span class="type">{_e(who)}</span> <span class="lang">{_e(lang)}</span> {_e(text)}</li>'
                for who, lang, text in _lang_switches(elements, n)]
    links = [
        f'<li>{_e(k.subtype)} annotation: \u201c{_e(k.contents or "(no /Contents)")}\u201d'
        + (f" \u2192 <code>{_e(k.uri)}</code>" if k.uri else "") + "</li>"
        for node in elements for k in node.kids if isinstance(k, Annotation) and k.page == n
    ]
    page_findings = [f for f in check.findings if f.page == n]
    notes = [
        f'<h3 id="p{n}-elements">Elements in reading order</h3>'
        + (f'<ol class="elements">{"".join(listed)}</ol>' if listed else "<p>No structure elements.</p>"),
        f"<h3>Alternative texts</h3>" + (f"<ul>{''.join(alts)}</ul>" if alts else "<p>None on this page.</p>"),
        f"<h3>Language switches</h3>"
        + (f"<ul>{''.join(switches)}</ul>" if switches else "<p>None on this page.</p>"),
    ]
    if links:
        notes.append(f"<h3>Annotations</h3><ul>{''.join(links)}</ul>")
    if page_findings:
        notes.append("<h3>Findings on this page</h3><ul>" + "".join(
            f"<li>{_e(f.clause)} <code>{_e(f.rule)}</code>: {_e(f.message)}</li>" for f in page_findings) + "</ul>")
    counts = f"{len(info.artifacts)} artifact area{'s' if len(info.artifacts) != 1 else ''}"
    if info.untagged:
        counts += f", <strong>{len(info.untagged)} untagged area{'s' if len(info.untagged) != 1 else ''}</strong>"
    if info.error:
        counts += f"; {_e(info.error)}"
    return (
        f'<section class="page" id="page-{n}" aria-labelledby="page-{n}-h">'
        f'<h2 id="page-{n}-h">Page {n}</h2><div class="page-row">'
        f'<figure class="page-view"><div class="canvas">{img}'
        f'<div class="overlay" aria-hidden="true">{"".join(boxes)}</div></div>'
        f"<figcaption>Page {n}: {n_boxes} boxed elements, {counts}.</figcaption></figure>"
        f'<div class="notes">{"".join(notes)}</div></div></section>'
    )


def build_html(doc: TaggedDocument, images: list[PageImage], check: CheckResult,
               source_name: str | None = None, shown: list[int] | None = None) -> str:
    """The whole review page as a string; ``shown``: the page numbers to show (default
    all), the others are named as left out."""
    name = source_name or Path(doc.path).name
    shown_set = set(shown) if shown is not None else {p.number for p in doc.pages}
    shown_pages = [p for p in doc.pages if p.number in shown_set]
    on_page: dict[int, list[StructNode]] = {}
    for node in doc.elements:
        for page in node.pages:
            if page in shown_set:
                on_page.setdefault(page, []).append(node)
    by_path = {match_key(node.path): node for node in doc.elements}
    flagged = {by_path[match_key(f.path)].number for f in check.findings if match_key(f.path) in by_path}
    image_of = {im.number: im for im in images}
    page_links = "".join(f'<li><a href="#page-{p.number}">Page {p.number}</a></li>' for p in shown_pages)
    left_out = [p.number for p in doc.pages if p.number not in shown_set]
    n_findings = "did not run" if check.error else str(len(check.findings))
    warnings = "".join(f"<li>{_e(w)}</li>" for w in doc.warnings)
    generated = _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Accessibility review: {_e(name)}</title><style>{CSS}</style></head><body>",
        f'<header><h1>Accessibility review: {_e(name)}</h1>',
        f'<p class="meta">{len(doc.pages)} page{"s" if len(doc.pages) != 1 else ""}; '
        f'document language: <span class="lang">{_e(doc.lang or "not set")}</span>; '
        f'title: {_e(doc.title or "not set")}; {len(doc.elements)} structure elements; generated {generated}.</p>',
        f'<nav aria-label="Sections"><ul><li><a href="#findings">Checker findings ({n_findings})</a></li>'
        f'<li><a href="#legend">Legend</a></li>{page_links}<li><a href="#reading">Reading text</a></li></ul></nav>'
        "</header><main>",
        f'<section id="findings" aria-labelledby="findings-h"><h2 id="findings-h">Checker findings</h2>'
        f"{_findings_table(check, by_path)}</section>",
    ]
    if warnings:
        parts.append(f'<section aria-labelledby="warn-h"><h2 id="warn-h">Reading problems</h2>'
                     f'<ul class="warn">{warnings}</ul></section>')
    if left_out:
        parts.append(f'<section aria-labelledby="left-out-h"><h2 id="left-out-h">Pages left out</h2>'
                     f'<p class="warn">{len(shown_pages)} of {len(doc.pages)} pages are shown; left out: '
                     f'{_e(page_ranges(left_out))}. Choose them with <code>--pages</code> or '
                     '<code>--max-pages</code>. Findings and the reading text cover every page.</p></section>')
    parts.append(_legend())
    for info in shown_pages:
        parts.append(_page_section(on_page.get(info.number, []), info, image_of.get(info.number), check,
                                   flagged))
    lang_attr = f' lang="{_e(doc.lang)}"' if doc.lang else ""
    parts.append(
        '<section id="reading" aria-labelledby="reading-h"><h2 id="reading-h">Reading text</h2>'
        '<p class="meta">What a screen reader reads, in structure order: '
        "<code>[lang=xx] \u2026 [/lang]</code> marks a change of language, <code>[Figure: \u2026]</code> "
        "an alternative text.</p>"
        f'<pre class="reading"{lang_attr}>{_e(reading_text_of(doc.root))}</pre></section>'
    )
    parts.append("</main></body></html>\n")
    return "\n".join(parts)
