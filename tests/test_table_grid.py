"""A table's grid is calculated once per input (issue 13/14: speed): ReportLab recalculates
it, wrapping every cell's paragraphs, on each wrap and split of the table, and page make-up
measures a table several times at one width before drawing it. What a reader gets is
unchanged: the same heights, and the sample and bench outputs are byte-identical."""
from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle

from pipeline.layout.flowables import TaggedParagraph, TaggedTable

STYLE = ParagraphStyle("cell", fontName="Helvetica", fontSize=10, leading=12)


class Counted(TaggedParagraph):
    wraps = 0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        Counted.wraps += 1
        return super().wrap(availWidth, availHeight)


def _table(rows: int = 6, spans: bool = False) -> TaggedTable:
    data = [[Counted(f"row {r} cell {c} with a few words that wrap", STYLE) for c in range(2)]
            for r in range(rows)]
    style = [("SPAN", (0, 0), (0, 1))] if spans else []
    return TaggedTable(data, colWidths=[None, None], repeatRows=1, style=style)


def _wraps(action) -> int:
    Counted.wraps = 0
    action()
    return Counted.wraps


def test_wrapping_again_at_the_same_width_measures_no_cell_again() -> None:
    table = _table()
    first = table.wrap(200, 500)
    assert _wraps(lambda: table.wrap(200, 800)) == 0
    assert table.wrap(200, 300) == first  # the height does not change a grid without spans


def test_another_width_is_measured_and_then_the_first_again() -> None:
    table = _table()
    narrow = table.wrap(150, 500)
    assert _wraps(lambda: table.wrap(300, 500)) > 0
    assert _wraps(lambda: table.wrap(150, 500)) > 0  # the last calculation was for 300
    assert table.wrap(150, 500) == narrow
    fresh = _table()
    assert fresh.wrap(150, 500) == narrow


def test_heights_are_those_of_a_table_calculated_afresh() -> None:
    table = _table()
    table.wrap(180, 500)
    table.wrap(180, 500)
    fresh = _table()
    fresh.wrap(180, 500)
    assert table._rowHeights == fresh._rowHeights and table._colWidths == fresh._colWidths


def test_a_table_with_spans_is_measured_again_for_another_height() -> None:
    table = _table(spans=True)
    table.wrap(200, 500)
    assert _wraps(lambda: table.wrap(200, 500)) == 0
    assert _wraps(lambda: table.wrap(200, 400)) > 0


def test_split_parts_have_the_grid_of_a_table_split_afresh() -> None:
    table = _table(rows=30)
    _, height = table.wrap(200, 2000)
    table.wrap(200, 2000)  # remembered: the split below starts from the remembered grid
    parts = table.split(200, height / 2)
    fresh = _table(rows=30)
    fresh.wrap(200, 2000)
    fresh_parts = fresh.split(200, height / 2)
    assert len(parts) == len(fresh_parts) == 2
    for part, other in zip(parts, fresh_parts, strict=True):
        assert part.wrap(200, 2000) == other.wrap(200, 2000)
        assert part._rowHeights == other._rowHeights
