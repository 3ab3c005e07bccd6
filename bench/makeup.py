"""Page make-up figures for built PDFs (issue 13): per page, the empty space between the
lowest text, figure or rule of the text area and the bottom of the text area, and the
average number of characters per full line of body text.

    .venv/bin/python bench/makeup.py output/*.pdf            # a table per PDF and a summary
    .venv/bin/python bench/makeup.py --json figures.json output/*.pdf

The text area is the body frame of ``pipeline.layout.styles.PageGeometry`` (the print
profile is recognised by its larger media box). Running header and footer lie outside it
and are not counted. A page is an *end* page when the next page opens a new part (a
reportage, the imprint: its page has no running header) or it is the last page; text
naturally stops short there, so the summary leaves end pages out.

Characters per line: lines of body text (the body size, 10.5 pt) that fill at least 90 %
of the widest such line of the document, i.e. the full lines of justified paragraphs; the
figure is the mean number of characters (spaces included) of those lines.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from pipeline.layout.styles import PageGeometry  # noqa: E402

BODY_SIZE = 10.5
LINE = 15.5  # body leading: "within two lines of the bottom" is 2 * LINE
_KINDS = (pdfium_c.FPDF_PAGEOBJ_TEXT, pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_PATH)


@dataclass
class PageFigures:
    page: int  # 1-based
    empty_bottom: float | None  # points between the lowest content and the text area's bottom
    lines: int  # full body lines on the page
    chars_per_line: float | None
    end: bool = False  # the last page of a part (see the module docstring)
    header: bool = True


@dataclass
class DocumentFigures:
    file: str
    pages: list[PageFigures] = field(default_factory=list)

    def summary(self) -> dict[str, object]:
        inner = [p for p in self.pages if not p.end and p.empty_bottom is not None and p.page > 2]
        gaps = [p.empty_bottom for p in inner if p.empty_bottom is not None]
        all_lines = sum(p.lines for p in self.pages)
        chars = sum((p.chars_per_line or 0) * p.lines for p in self.pages)
        return {
            "file": Path(self.file).name,
            "pages": len(self.pages),
            "inner pages": len(inner),
            "mean empty bottom (pt)": round(statistics.fmean(gaps), 1) if gaps else None,
            "max empty bottom (pt)": round(max(gaps), 1) if gaps else None,
            "inner pages > 2 lines short": [p.page for p in inner
                                            if p.empty_bottom is not None and p.empty_bottom > 2 * LINE + 1],
            "chars per full line": round(chars / all_lines, 1) if all_lines else None,
        }


def _geometry(width: float, height: float) -> PageGeometry:
    screen = PageGeometry.for_profile("screen")
    if abs(width - screen.media_size[0]) < 1 and abs(height - screen.media_size[1]) < 1:
        return screen
    return PageGeometry.for_profile("print")


def _objects(page) -> list:
    out = []
    for obj in page.get_objects(filter=_KINDS, max_depth=4, textpage=page.get_textpage()):
        left, bottom, right, top = obj.get_bounds()
        out.append((obj, left, bottom, right, top))
    return out


def _lines(objs: list) -> list[tuple[float, float, float, int]]:
    """Body-size text runs grouped by baseline: (y, x0, x1, characters)."""
    rows: dict[float, list] = {}
    for obj, left, _bottom, right, _top in objs:
        if obj.type != pdfium_c.FPDF_PAGEOBJ_TEXT:
            continue
        size = obj.get_font_size()
        if abs(size - BODY_SIZE) > 0.05:
            continue
        text = obj.extract()
        if not text.strip():
            continue
        baseline = round(obj.get_matrix().get()[5], 0)
        rows.setdefault(baseline, []).append((left, right, text))
    lines = []
    for y, runs in rows.items():
        x0 = min(r[0] for r in runs)
        x1 = max(r[1] for r in runs)
        n = len("".join(r[2] for r in runs).strip())
        lines.append((y, x0, x1, n))
    return lines


def measure(path: Path) -> DocumentFigures:
    pdf = pdfium.PdfDocument(str(path))
    figures = DocumentFigures(str(path))
    pages = []
    widest = 0.0
    for index in range(len(pdf)):
        page = pdf[index]
        width, height = page.get_size()
        g = _geometry(width, height)
        o = g.offset
        area = (o + g.left - 1, o + g.bottom - 1, o + g.width - g.right + 1, o + g.height - g.top + 1)
        objs = _objects(page)
        inside = [t for t in objs if t[2] >= area[1] - 2 and t[4] <= area[3] + 2
                  and t[1] >= area[0] - 2 and t[3] <= area[2] + 2]
        header = any(t[2] > area[3] for t in objs if t[0].type == pdfium_c.FPDF_PAGEOBJ_TEXT
                     and t[4] < o + g.height)
        lowest = min((t[2] for t in inside), default=None)
        lines = _lines(inside)
        widest = max([widest, *(x1 - x0 for _, x0, x1, _ in lines)])
        pages.append((index + 1, None if lowest is None else lowest - (o + g.bottom), lines, header))
    for n, (number, empty, lines, header) in enumerate(pages):
        full = [c for _, x0, x1, c in lines if x1 - x0 >= 0.9 * widest]
        end = n == len(pages) - 1 or not pages[n + 1][3]
        figures.pages.append(PageFigures(number, None if empty is None else round(empty, 1), len(full),
                                         round(statistics.fmean(full), 1) if full else None,
                                         end, header))
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pdfs", nargs="+", type=Path)
    parser.add_argument("--json", type=Path, help="write every figure as JSON")
    parser.add_argument("--pages", action="store_true", help="print the figures of every page")
    args = parser.parse_args(argv)
    results = [measure(p) for p in args.pdfs]
    for doc in results:
        if args.pages:
            print(f"{doc.file}")
            print("  page  empty bottom pt  full lines  chars/line  end")
            for p in doc.pages:
                empty = "-" if p.empty_bottom is None else f"{p.empty_bottom:.0f}"
                cpl = "-" if p.chars_per_line is None else f"{p.chars_per_line:.1f}"
                print(f"  {p.page:4d}  {empty:>15}  {p.lines:10d}  {cpl:>10}  {'end' if p.end else ''}")
        s = doc.summary()
        print(f"{s['file']}: {s['pages']} pages; inner pages {s['inner pages']}: empty bottom mean "
              f"{s['mean empty bottom (pt)']} pt, max {s['max empty bottom (pt)']} pt, more than two "
              f"lines short on pages {s['inner pages > 2 lines short']}; {s['chars per full line']} "
              f"characters per full body line")
    if args.json:
        args.json.write_text(json.dumps([{"summary": d.summary(), "pages": [asdict(p) for p in d.pages]}
                                         for d in results], indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
