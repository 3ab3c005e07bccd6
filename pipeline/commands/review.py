"""``pipeline review FILE.pdf -o report.html``: one self-contained HTML page for a
reviewer (Matterhorn checkpoints, checker findings, the structure tree linked to the pages'
boxes, a screen-reader preview, metadata, fonts, bookmarks and PDF/A panels, reading text).

Exit codes: 0 written, 1 the PDF has no structure tree, 2 the file cannot be read
or the report cannot be written.
"""
from __future__ import annotations

import argparse
import importlib
import inspect
import multiprocessing
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from ..checker.findings import Finding
from ..files import write_atomically
from ..review.html import CheckResult, build_html
from ..review.panels import read_panels
from ..review.render import render_pages
from ..review.structure import ReviewError, load_document


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("pdf", metavar="FILE.pdf", help="the tagged PDF to review")
    parser.add_argument("-o", "--output", metavar="REPORT.html",
                        help="where to write the page (default: FILE.review.html beside the PDF)")
    parser.add_argument("--scale", type=float, default=1.0,
                        help="page image resolution, pixels per point (default 1, i.e. 72 dpi)")
    parser.add_argument("--no-check", action="store_true", help="leave out the PDF/UA checker's findings")
    parser.add_argument("--pages", metavar="LIST", type=parse_pages,
                        help="the pages to show, e.g. 1-20,35 (default: the first --max-pages)")
    parser.add_argument("--max-pages", type=int, default=MAX_PAGES, metavar="N",
                        help=f"show at most N pages (default {MAX_PAGES}); the page names those left out")


# Pages rendered and described by default: a long document's review stays quick and small.
MAX_PAGES = 100


def parse_pages(spec: str) -> list[int]:
    """'1-20,35' -> [1, ..., 20, 35]; argparse turns a ValueError into a usage error."""
    pages: set[int] = set()
    for part in spec.split(","):
        first, _, last = part.strip().partition("-")
        lo, hi = int(first), int(last or first)
        if lo < 1 or hi < lo or hi - lo > 1_000_000:
            raise ValueError(spec)
        pages.update(range(lo, hi + 1))
    return sorted(pages)


def chosen_pages(count: int, pages: list[int] | None, max_pages: int) -> list[int]:
    """The page numbers to show: those asked for (that exist), at most ``max_pages``."""
    wanted = [p for p in pages if p <= count] if pages else list(range(1, count + 1))
    return wanted[:max(0, max_pages)]


def _is_pdfa(clause: str) -> bool:
    """PDF/A-2 findings carry ISO 19005-2 clauses (6.x); PDF/UA-1's are 5 and 7.x."""
    return clause.startswith("6")


def run_checker(pdf_path: str | Path, pdfa: bool = True) -> CheckResult:
    """The checker's findings (PDF/UA-1, and PDF/A-2 at the level the file declares), with its
    checkpoint coverage, or why there are none: the review is useful without them."""
    try:
        checker = importlib.import_module("pipeline.checker")
        check_file = checker.check_file
    except (ImportError, AttributeError) as exc:
        return CheckResult(error=f"pipeline.checker.check_file is not available ({exc})")
    takes_pdfa = "pdfa" in inspect.signature(check_file).parameters
    try:
        report = check_file(str(pdf_path), pdfa=True) if pdfa and takes_pdfa else check_file(str(pdf_path))
    except Exception as exc:  # noqa: BLE001 - any checker failure is reported on the page, not fatal
        message = " ".join(str(exc).split()) or type(exc).__name__
        return CheckResult(error=f"{type(exc).__name__}: {message[:300]}")
    findings = [
        Finding(str(f.clause), str(f.rule), str(f.message), getattr(f, "page", None),
                getattr(f, "obj", None), getattr(f, "path", None))
        for f in getattr(report, "findings", [])
    ]
    pdfa_findings = [f for f in findings if _is_pdfa(f.clause)] if pdfa and takes_pdfa else None
    return CheckResult([f for f in findings if not _is_pdfa(f.clause)],
                       coverage=getattr(report, "coverage", None), pdfa_findings=pdfa_findings)


def write_review(pdf_path: str | Path, output: str | Path, scale: float = 1.0, check: bool = True,
                 pages: list[int] | None = None, max_pages: int = MAX_PAGES) -> Path:
    """Write the review page for ``pdf_path`` to ``output``, showing ``pages`` (default
    all), at most ``max_pages`` of them; the page lists the pages left out.

    Raises NoStructureTree / UnreadablePDF (see pipeline.review.structure) and OSError.
    """
    doc = load_document(pdf_path)
    shown = chosen_pages(len(doc.pages), pages, max_pages)
    # A page whose content is too long to read is too long to render in reasonable time.
    skip = {p.number: "its content is longer than the review reads" for p in doc.pages if p.cut}
    # Rendering and checking are independent: run them side by side (each in its own process,
    # pdfium and pikepdf hold the GIL) while this one reads the panels.
    with ProcessPoolExecutor(max_workers=2, mp_context=multiprocessing.get_context("fork")) as pool:
        rendering = pool.submit(render_pages, pdf_path, scale=scale, numbers=shown, skip=skip)
        checking = pool.submit(run_checker, pdf_path) if check else None
        panels = read_panels(pdf_path)
        result = checking.result() if checking else CheckResult(error="left out (--no-check)")
        images = rendering.result()
    out = Path(output)
    write_atomically(out, build_html(doc, images, result, shown=shown, panels=panels).encode("utf-8"))
    return out


def run(args: argparse.Namespace) -> int:
    output = Path(args.output) if args.output else Path(args.pdf).with_suffix(".review.html")
    try:
        out = write_review(args.pdf, output, scale=max(0.2, min(args.scale, 4.0)), check=not args.no_check,
                           pages=args.pages, max_pages=args.max_pages)
    except ReviewError as exc:
        print(f"pipeline review: {exc}", file=sys.stderr)
        return exc.exit_code
    except OSError as exc:
        print(f"pipeline review: cannot write {output}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # noqa: BLE001 - a damaged file must give one line, never a traceback
        print(f"pipeline review: {args.pdf}: unexpected {type(exc).__name__} while reading: "
              f"{' '.join(str(exc).split())[:200]}", file=sys.stderr)
        return 2
    print(out)
    return 0
