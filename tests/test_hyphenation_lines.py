"""Better lines (issue 14): the built PDFs, read back with pdfium as a viewer lays them
out (``bench/lines.py``), keep word spaces in bounds, hyphens few and never three in a
row or at a page's end, and no paragraph ends in a single short word."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conftest import outputs

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.lines import measure  # noqa: E402


@pytest.fixture(scope="module")
def figures(built):
    return {(ed, variant): measure(path)[0] for ed, variant, path in outputs(built)}


def test_no_three_hyphenated_lines_in_a_row_and_none_at_a_page_end(figures):
    for key, f in figures.items():
        assert f.run <= 2, (key, f)
        assert f.page_end == 0, (key, f)


def test_word_spaces_of_justified_lines_stay_between_a_fifth_and_half_an_em(figures):
    for key, f in figures.items():
        if not f.justified:
            continue
        assert f.min_em >= 0.19, (key, f)  # 0.2 em as set; pdfium's glyph boxes are a little off
        assert 0.25 <= f.median_em <= 0.4, (key, f)
        # over 0.5 em only where no other breaks exist: rare, and never far over
        assert f.max_em <= 0.6, (key, f)
        assert f.loose <= max(1, f.justified // 100), (key, f)


def test_no_paragraph_ends_in_a_single_short_word(figures):
    for key, f in figures.items():
        assert f.short_last == 0, (key, f)


def test_the_sample_edition_is_hyphenated_but_sparingly(figures):
    de = figures[("clusterreportagen", "de")]
    assert 0 < de.hyphenated <= de.body_lines // 6, de
