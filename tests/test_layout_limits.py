"""Issue 11, point 5: content that cannot fit on one page is split across pages or refused
with file:line, exit 1, no traceback and the previous PDFs as they were; never an internal
error."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MINI
from pdfinspect import Inspector, normalize

WORDS = "Ein sehr langer Satz über Wechselrichter, Speicher und das Netz der Region"


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline.cli", *args], capture_output=True,
                          text=True, env=dict(os.environ), timeout=300)


@pytest.fixture
def mini(tmp_path) -> Path:
    folder = tmp_path / "src" / "mini"
    shutil.copytree(MINI, folder)
    return folder


def _change(mini: Path, old: str, new: str) -> Path:
    md = mini / "reportages" / "sonne.de.md"
    text = md.read_text(encoding="utf-8")
    assert old in text
    md.write_text(text.replace(old, new, 1), encoding="utf-8")
    return md


def _line_of(md: Path, needle: str) -> int:
    return next(n for n, line in enumerate(md.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def _long(n: int) -> str:
    return " ".join(f"{WORDS} {i}." for i in range(n))


def _pages(doc: Inspector, elem) -> set[int]:
    """The pages an element's content is on (its own and its descendants')."""
    pages = {doc.page_of(elem.Pg)} if "/Pg" in elem else set()
    for kid in doc.kids(elem):
        if hasattr(kid, "get") and kid.get("/Type") == "/MCR":
            pages.add(doc.page_of(kid.Pg))
        elif hasattr(kid, "get") and kid.get("/Type") != "/OBJR":
            pages |= _pages(doc, kid)
    return pages


def test_a_table_cell_taller_than_a_page_is_split_across_pages(mini, tmp_path):
    _change(mini, "| 2025 | 19 |", f"| 2025 | {_long(40)} |")
    out = tmp_path / "out"
    run = _cli("build", str(mini), "-o", str(out), "--variant", "de")
    assert run.returncode == 0, run.stderr
    doc = Inspector(out / "mini.de.pdf")
    cell = next(e for e in doc.by_type("TD") if WORDS in doc.text(e))
    text = normalize(doc.text(cell))
    assert text.startswith(f"{WORDS} 0.") and text.endswith(f"{WORDS} 39."), text[-200:]
    assert text.count(WORDS) == 40  # every line of the cell, once, in order
    pages = _pages(doc, cell)
    assert len(pages) >= 2, "the cell is not split across pages"
    # the header row is repeated on the pages the table runs over, as an artifact only
    assert len(doc.by_type("TH")) == 2
    assert all("Anlagen" in doc.pages[p].artifact_text for p in sorted(pages)[1:])


@pytest.mark.parametrize("kind,markdown", [
    ("quote", "> Ein gewöhnliches Zitat aus dem Labor."),
    ("pull quote", "> „Die Sonne schickt keine Rechnung.“"),
])
def test_a_quote_longer_than_a_page_is_split_across_pages(mini, tmp_path, kind, markdown):
    _change(mini, markdown, f"> {_long(60)}")
    out = tmp_path / "out"
    run = _cli("build", str(mini), "-o", str(out), "--variant", "de")
    assert run.returncode == 0, run.stderr
    doc = Inspector(out / "mini.de.pdf")
    quote = next(e for e in doc.by_type("BlockQuote") if WORDS in doc.text(e))
    assert normalize(doc.text(quote)).count(WORDS) == 60
    assert len(_pages(doc, quote)) >= 2


def test_a_figure_taller_than_the_text_area_is_refused_with_file_and_line(mini, tmp_path):
    out = tmp_path / "out"
    assert _cli("build", str(mini), "-o", str(out)).returncode == 0
    before = {p.name: p.read_bytes() for p in out.glob("*.pdf")}
    assert len(before) == 3
    md = _change(mini, "caption: Die Sonne als Energiequelle der Zukunft.",
                 f"caption: {_long(60)}")
    run = _cli("build", str(mini), "-o", str(out))
    assert run.returncode == 1
    line = _line_of(md, "```figure")
    assert f"sonne.de.md:{line}: the figure with its caption and credit is" in run.stderr, run.stderr
    assert "shorten the caption" in run.stderr
    assert "Traceback" not in run.stderr + run.stdout
    assert "internal error" not in run.stderr
    assert {p.name: p.read_bytes() for p in out.glob("*.pdf")} == before
    assert not list(out.glob(".*.tmp"))
