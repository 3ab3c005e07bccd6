"""A table longer than a page: it starts with its heading, repeats its header row as an
artifact on every page it runs over, and its cells are in the structure tree once."""
from __future__ import annotations

import shutil

from conftest import MINI
from pdfinspect import Inspector

from pipeline.cli import main

ROWS = 80


def test_a_long_table_runs_over_pages_with_its_header_repeated_as_artifact(tmp_path):
    folder = tmp_path / "mini"
    shutil.copytree(MINI, folder)
    md = folder / "reportages" / "sonne.de.md"
    rows = "\n".join(f"| Zeile {i} | Wert {i * 3} |" for i in range(ROWS))
    md.write_text(md.read_text(encoding="utf-8").replace(
        "### Zahlen", f"### Zahlen\n\n| Kopf A | Kopf B |\n|---|---|\n{rows}\n"), encoding="utf-8")
    assert main(["build", str(folder), "-o", str(tmp_path / "out"), "--variant", "de"]) == 0
    doc = Inspector(tmp_path / "out" / "mini.de.pdf")
    assert not [p for page in doc.pages for p in page.problems]

    headers = [doc.text(th) for th in doc.by_type("TH")]
    assert headers.count("Kopf A") == 1 and headers.count("Kopf B") == 1  # tagged once
    cells = [doc.text(td) for td in doc.by_type("TD")]
    assert [c for c in cells if c.startswith("Zeile")] == [f"Zeile {i}" for i in range(ROWS)]

    th = next(th for th in doc.by_type("TH") if doc.text(th) == "Kopf A")
    heading = next(h for h in doc.by_type("H3") if doc.text(h) == "Zahlen")
    first = doc.page_of(th.Pg)
    assert doc.page_of(heading.Pg) == first  # the heading starts the page with its table
    last = max(doc.page_of(td.Pg) for td in doc.by_type("TD") if doc.text(td) == f"Zeile {ROWS - 1}")
    assert last > first
    for page in range(first + 1, last + 1):  # each continuation shows the header again ...
        assert "Kopf A" in doc.pages[page].artifact_text, page
    assert "Kopf A" not in doc.pages[first].artifact_text  # ... and the first shows it tagged
