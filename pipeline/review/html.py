"""The review page: one self-contained, accessible HTML file, a reviewer's workbench.

At the top the Matterhorn checkpoints (passed, failed, not applicable, needs a person), each
linking to its findings and the elements concerned; then the findings; then the structure tree
as an expandable tree beside the pages, each page an image with its structure elements drawn
over it as boxes (choosing one selects the other), their attributes shown; a screen-reader
preview; panels for metadata, fonts, bookmarks and PDF/A. Built from the Jinja2 templates in
``templates/`` with autoescaping (PDF text is untrusted); one small inline script, no external
resources: it opens from disk in any browser.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import jinja2

from ..checker.checkpoints import Coverage, checkpoints_of
from ..checker.findings import Finding
from .announce import announcements
from .panels import Panels, read_panels
from .readout import reading_text_of, shorten
from .render import PageImage, Rect, to_view, view_size
from .structure import Annotation, ElementView, MarkedContentView, PageInfo, TaggedDocument

# Elements that only group others: listed, never boxed.
GROUPING = frozenset(["StructTreeRoot", "Document", "Part", "Art", "Sect", "Div", "NonStruct", "Private",
                      "Index"])
# Boxed with a dashed outline and no number badge, so their children stay legible.
CONTAINERS = frozenset(["Table", "THead", "TBody", "TFoot", "TR", "L", "LI", "TOC", "TOCI", "BlockQuote"])

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
    **{t: "heading" for t in ["H", "H1", "H2", "H3", "H4", "H5", "H6"]},
    **{t: "paragraph" for t in ["P", "Caption", "BlockQuote"]},
    **{t: "figure" for t in ["Figure", "Formula", "Form"]},
    **{t: "table" for t in ["Table", "THead", "TBody", "TFoot", "TR", "TH", "TD"]},
    **{t: "list" for t in ["L", "LI", "Lbl", "LBody", "TOC", "TOCI"]},
    **{t: "link" for t in ["Link", "Annot", "Reference"]},
    **{t: "span" for t in ["Span", "Quote", "Note", "Code", "BibEntry", "Ruby", "RB", "RT", "RP", "Warichu",
                           "WT", "WP"]},
}


def kind_of(std_type: str) -> str:
    return _KIND_OF.get(std_type, "other")


@dataclass
class CheckResult:
    findings: list[Finding] = field(default_factory=list)  # PDF/UA-1
    error: str | None = None  # the checker could not run: why
    coverage: Coverage | None = None
    pdfa_findings: list[Finding] | None = None  # None: PDF/A not checked
    pdfa_error: str | None = None




def _style(r: Rect) -> str:
    return f"left:{r.left}%;top:{r.top}%;width:{r.width}%;height:{r.height}%"


def _type_label(node: ElementView) -> str:
    return node.type if node.type == node.std_type else f"{node.type} \u2192 {node.std_type}"


def _snippet(node: ElementView, limit: int = 90) -> str:
    if node.alt is not None:
        return ""
    text = node.text
    return shorten(text, limit) if text else ""


def _lang_switches(elements: list[ElementView], page: int) -> list[tuple[str, str, str]]:
    """(element label, language, text) for each change of language on a page
    (``elements``: those with content on it, in reading order)."""
    out: list[tuple[str, str, str]] = []
    for node in elements:
        if node.lang and (node.lang or "").lower() != (node.parent_lang or "").lower():
            out.append((f"{node.number} {_type_label(node)}", node.lang, shorten(node.text, 80)))
        for kid in node.kids:
            if isinstance(kid, MarkedContentView) and kid.page == page and kid.lang and \
                    kid.lang.lower() != (node.effective_lang or "").lower():
                out.append((f"{node.number} {_type_label(node)}, MCID {kid.mcid}", kid.lang,
                            shorten(kid.text, 80)))
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


@dataclass
class BoxView:
    number: int
    type: str
    classes: str
    style: str
    title: str
    badge: bool


@dataclass
class AltView:
    number: int
    label: str
    text: str
    missing: bool = False


@dataclass
class PageView:
    number: int
    w: float
    h: float
    image_uri: str | None
    image_width: int
    image_height: int
    image_error: str
    error: str | None
    boxes: list[BoxView] = field(default_factory=list)
    artifacts: list[str] = field(default_factory=list)
    untagged: list[str] = field(default_factory=list)
    alts: list[AltView] = field(default_factory=list)
    switches: list[tuple[str, str, str]] = field(default_factory=list)
    links: list[Annotation] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def _alt_views(elements: list[ElementView]) -> list[AltView]:
    out = []
    for node in elements:
        said = [f"{what} \u201c{value}\u201d" for what, value in (
            ("alt", node.alt), ("ActualText", node.actual_text), ("expansion", node.expansion))
            if value is not None]
        if said:
            out.append(AltView(node.number, _type_label(node), "; ".join(said)))
        elif node.std_type in ("Figure", "Formula"):
            out.append(AltView(node.number, _type_label(node), "", missing=True))
    return out


def _page_view(elements: list[ElementView], info: PageInfo, image: PageImage | None,
               check: CheckResult, flagged: set[int]) -> PageView:
    """One page: ``elements`` are the structure elements with content on it, in reading order."""
    n = info.number
    w, h = view_size(info)
    view = PageView(n, w, h, image.data_uri() if image is not None and image.png else None,
                    image.width if image else 0, image.height if image else 0,
                    (image.error if image is not None and image.error else "the page could not be rendered"),
                    info.error)
    view.artifacts = [_style(r) for r in (to_view(b, info) for b in info.artifacts) if r]
    view.untagged = [_style(r) for r in (to_view(b, info) for b in info.untagged) if r]
    for node in elements:
        if node.std_type in GROUPING:
            continue
        bbox = node.bbox_by_page().get(n)
        r = to_view(bbox, info) if bbox is not None else None
        if r is None:
            continue
        classes = ["box", f"kind-{kind_of(node.std_type)}"]
        if node.std_type in CONTAINERS:
            classes.append("container")
        if node.number in flagged:
            classes.append("finding")
        label = _type_label(node)
        title = f"{node.number} {label}" + (f": {shorten(node.text, 80)}" if node.text else "")
        view.boxes.append(BoxView(node.number, node.std_type, " ".join(classes), _style(r), title,
                                  node.std_type not in CONTAINERS))
    view.alts = _alt_views(elements)
    view.switches = _lang_switches(elements, n)
    view.links = [k for node in elements for k in node.kids if isinstance(k, Annotation) and k.page == n]
    view.findings = [f for f in check.findings if f.page == n]
    return view


def _element_data(doc: TaggedDocument, findings_by_el: dict[int, list[int]]) -> dict[str, dict]:
    """Per element, what the 'Selected element' panel shows (read by the page's script)."""
    out: dict[str, dict] = {}
    for node in doc.elements:
        mc_langs = sorted({f"MCID {k.mcid}: {k.lang}" for k in node.marked_content if k.lang})
        out[str(node.number)] = {
            "type": _type_label(node), "path": node.path, "pages": page_ranges(node.pages),
            "lang": node.lang, "alt": node.alt, "actual": node.actual_text, "e": node.expansion,
            "id": node.id, "title": node.title, "attrs": node.attributes, "mc": mc_langs[:20],
            "text": shorten(node.text, 160) if node.std_type not in GROUPING else "",
            "findings": ", ".join(f"#{i}" for i in findings_by_el.get(node.number, [])),
        }
    return out


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.PackageLoader("pipeline.review", "templates"),
                             autoescape=jinja2.select_autoescape(default=True, default_for_string=True),
                             undefined=jinja2.StrictUndefined, trim_blocks=False, lstrip_blocks=False)
    env.globals.update(kind_of=kind_of, type_label=_type_label, shorten=shorten, snippet=_snippet,
                       containers=GROUPING | CONTAINERS)
    return env


def build_html(doc: TaggedDocument, images: list[PageImage], check: CheckResult,
               source_name: str | None = None, shown: list[int] | None = None,
               panels: Panels | None = None) -> str:
    """The whole review page as a string; ``shown``: the page numbers to show (default
    all), the others are named as left out; ``panels``: read from ``doc.path`` if not given."""
    name = source_name or Path(doc.path).name
    shown_set = set(shown) if shown is not None else {p.number for p in doc.pages}
    shown_pages = [p for p in doc.pages if p.number in shown_set]
    on_page: dict[int, list[ElementView]] = {}
    for node in doc.elements:
        for page in node.pages:
            if page in shown_set:
                on_page.setdefault(page, []).append(node)
    by_path = {match_key(node.path): node for node in doc.elements}
    rows = []
    findings_of: dict[str, list[int]] = {}
    elements_of: dict[str, list[int]] = {}
    findings_by_el: dict[int, list[int]] = {}
    for i, f in enumerate(check.findings, start=1):
        found = by_path.get(match_key(f.path))
        numbers = checkpoints_of(f)
        rows.append({"index": i, "f": f, "node": found, "checkpoints": numbers})
        for cp in numbers:
            findings_of.setdefault(cp, []).append(i)
            if found is not None and found.number not in elements_of.setdefault(cp, []):
                elements_of[cp].append(found.number)
        if found is not None:
            findings_by_el.setdefault(found.number, []).append(i)
    coverage = check.coverage
    if coverage is not None:
        for c in coverage.checkpoints:
            findings_of.setdefault(c.number, [])
            elements_of.setdefault(c.number, [])
    flagged = set(findings_by_el)
    image_of = {im.number: im for im in images}
    left_out = [p.number for p in doc.pages if p.number not in shown_set]
    context = {
        "name": name, "doc": doc, "pages": doc.pages, "shown_pages": shown_pages, "shown": shown_set,
        "check": check, "coverage": coverage, "finding_rows": rows, "findings_of": findings_of,
        "elements_of": elements_of, "flagged": flagged,
        "n_findings": "did not run" if check.error else str(len(check.findings)),
        "left_out": page_ranges(left_out) if left_out else "",
        "generated": _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "page_views": [_page_view(on_page.get(p.number, []), p, image_of.get(p.number), check, flagged)
                       for p in shown_pages],
        "announcements": announcements(doc),
        "panels": panels if panels is not None else read_panels(doc.path),
        "kinds": [(k, label) for k, (label, _) in KINDS.items()],
        "reading_text": reading_text_of(doc.root),
        "element_data": _element_data(doc, findings_by_el),
    }
    return _environment().get_template("review.html.j2").render(context) + "\n"
