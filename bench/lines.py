"""How good the lines of built PDFs are (issue 14): hyphens and word spaces.

    .venv/bin/python bench/lines.py output/*.pdf            # a table, one row per PDF
    .venv/bin/python bench/lines.py output/*.pdf --json -    # the same as JSON
    .venv/bin/python bench/lines.py output/x.de.pdf --list   # every hyphenated line, with page

Read with pdfium, as a reader's PDF viewer lays the text out: a *line* is a run of
characters pdfium puts on one line; a *body line* is one in the body text size
(10.5 pt). Per PDF:

- ``hyphenated``: body lines that end in a hyphen (soft hyphens, which pdfium reports
  as U+0002, and hyphens of the text);
- ``run``: the longest run of hyphenated body lines one after another (over page ends);
- ``page_end``: pages whose last body line ends in a hyphen;
- ``min_em``/``median_em``/``max_em``: the word space of *justified* lines, in em of the
  body size: per line the median of its gaps, each from the end of a word's last
  character (its advance) to the start of the next word.
  Justified lines are body lines that reach the right edge of the text (within 1 pt of
  the widest body line of the page) and are not a paragraph's last line;
- ``loose``: justified lines whose word space is over 0.5 em;
- ``short_last``: a paragraph's last line that is a single word narrower than 12 % of
  the text width (after a full line, on the same page).
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
from dataclasses import asdict, dataclass, field
from itertools import pairwise
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

BODY_SIZE = 10.5
SHORT_LAST = 0.12  # of the text width: a paragraph's last line this short, one word
HYPHEN_ENDS = {"\x02", "\ufffe", "\u00ad", "-", "\u2010"}  # pdfium: \x02 for a soft hyphen


@dataclass
class Line:
    page: int
    text: str
    size: float
    left: float
    right: float
    y: float
    spaces: list[float] = field(default_factory=list)  # word spaces in em

    @property
    def space(self) -> float:
        """The line's word space: the median of its gaps (one glyph's side bearing can
        make one gap look a little wider or narrower than the space that was set)."""
        return statistics.median(self.spaces) if self.spaces else 0.0

    @property
    def hyphenated(self) -> bool:
        return self.text.rstrip()[-1:] in HYPHEN_ENDS and len(self.text.strip()) > 1


@dataclass
class Figures:
    file: str
    pages: int
    body_lines: int
    hyphenated: int
    run: int
    page_end: int
    justified: int
    min_em: float
    median_em: float
    max_em: float
    loose: int
    short_last: int


def page_lines(page_index: int, textpage) -> list[Line]:
    lines: list[Line] = []
    chars: list[tuple[str, tuple[float, float, float, float], float]] = []

    def flush():
        if chars:
            lines.append(_line(page_index, chars))
            chars.clear()

    for i in range(textpage.count_chars()):
        ch = chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, i))
        if ch in "\r\n":
            continue  # pdfium's own line ends: the geometry below decides (superscripts)
        box = textpage.get_charbox(i, loose=True)
        size = pdfium_c.FPDFText_GetFontSize(textpage.raw, i)
        if chars and box[0] < chars[-1][1][0] - 1 and abs(box[1] - chars[-1][1][1]) > size * 0.6:
            flush()  # back to the left and down: a new line (a superscript goes on to the right)
        chars.append((ch, box, size))
    flush()
    return lines


def _line(page_index: int, chars) -> Line:
    text = "".join(c for c, _, _ in chars)
    size = max((s for c, _, s in chars if not c.isspace()), default=0.0)
    ink = [(c, b) for c, b, _ in chars if not c.isspace()]
    line = Line(page_index, text, round(size, 2), ink[0][1][0] if ink else 0.0,
                ink[-1][1][2] if ink else 0.0, chars[0][1][1])
    prev_end = None
    gap = False
    for c, box, _ in chars:
        if c.isspace():
            gap = prev_end is not None
            continue
        if gap and prev_end is not None and size:
            line.spaces.append((box[0] - prev_end) / size)
        gap = False
        prev_end = box[2]
    return line


def measure(path: Path) -> tuple[Figures, list[Line]]:
    pdf = pdfium.PdfDocument(str(path))
    body: list[Line] = []
    justified: list[Line] = []
    page_end = short_last = 0
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            lines = [ln for ln in page_lines(index, page.get_textpage())
                     if abs(ln.size - BODY_SIZE) < 0.05 and ln.text.strip()]
            if not lines:
                continue
            body.extend(lines)
            edge = max(ln.right for ln in lines)
            left = min(ln.left for ln in lines)
            for prev, ln in pairwise(lines):
                if (prev.right >= edge - 1.0 and ln.right < edge - 1.0 and not ln.spaces
                        and ln.right - left < SHORT_LAST * (edge - left)):
                    short_last += 1
            for ln, nxt in zip(lines, lines[1:] + [None], strict=True):
                full = ln.right >= edge - 1.0 and ln.spaces
                ends_paragraph = nxt is None and not ln.hyphenated and ln.text.rstrip()[-1:] in ".!?“”\""
                if full and not ends_paragraph:
                    justified.append(ln)
            if lines[-1].hyphenated:
                page_end += 1
    finally:
        pdf.close()
    run = longest = 0
    for ln in body:
        run = run + 1 if ln.hyphenated else 0
        longest = max(longest, run)
    spaces = [ln.space for ln in justified]
    figures = Figures(
        file=path.name, pages=len(set(ln.page for ln in body)) and _pages(path),
        body_lines=len(body), hyphenated=sum(ln.hyphenated for ln in body), run=longest,
        page_end=page_end, justified=len(justified),
        min_em=round(min(spaces), 3) if spaces else 0.0,
        median_em=round(statistics.median(spaces), 3) if spaces else 0.0,
        max_em=round(max(spaces), 3) if spaces else 0.0,
        loose=sum(1 for ln in justified if ln.space > 0.5), short_last=short_last)
    return figures, body


def _pages(path: Path) -> int:
    pdf = pdfium.PdfDocument(str(path))
    try:
        return len(pdf)
    finally:
        pdf.close()


COLUMNS = ("file", "pages", "body_lines", "hyphenated", "run", "page_end", "justified",
           "min_em", "median_em", "max_em", "loose", "short_last")


def table(rows: list[Figures]) -> str:
    cells = [COLUMNS] + [tuple(str(getattr(r, c)) for c in COLUMNS) for r in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(COLUMNS))]
    return "\n".join("  ".join(v.ljust(w) if i == 0 else v.rjust(w)
                               for i, (v, w) in enumerate(zip(row, widths, strict=False))) for row in cells)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdfs", nargs="+", type=Path)
    parser.add_argument("--json", metavar="FILE", help="write the figures as JSON ('-': stdout)")
    parser.add_argument("--list", action="store_true",
                        help="list the hyphenated lines and the loosest justified lines")
    args = parser.parse_args(argv)
    rows = []
    for path in args.pdfs:
        try:
            figures, body = measure(path)
        except (OSError, pdfium.PdfiumError) as exc:
            print(f"lines: {path}: {exc}", file=sys.stderr)
            return 2
        rows.append(figures)
        if args.list:
            for ln in body:
                if ln.hyphenated:
                    print(f"{path.name} p.{ln.page + 1}: {ln.text.rstrip()}")
                elif ln.spaces and ln.space > 0.5:
                    print(f"{path.name} p.{ln.page + 1}: {ln.space:.2f} em: {ln.text.rstrip()}")
    if args.json:
        data = json.dumps([asdict(r) for r in rows], indent=2, ensure_ascii=False)
        if args.json == "-":
            print(data)
        else:
            Path(args.json).write_text(data + "\n", encoding="utf-8")
    if args.json != "-":
        print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
