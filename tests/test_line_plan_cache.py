"""Issues 13/14 (speed): line plans remembered across builds change nothing but the time.

A build stores the lines it chose per paragraph in the cache folder; the next build of
the same output takes them from there instead of choosing again. These tests build the
mini edition's German output in this process and count how often the line breaker really
plans a paragraph.
"""
from __future__ import annotations

import pytest
from conftest import MINI

from pipeline.cli import main
from pipeline.layout import linebreak, plancache


@pytest.fixture
def counted(monkeypatch, tmp_path):
    """Builds of the mini edition's German output with their own cache folder: each call
    returns (PDF bytes, paragraphs planned by the line breaker)."""
    monkeypatch.setenv("PIPELINE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    calls = []
    real = linebreak._plan

    def plan(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(linebreak, "_plan", plan)
    builds = []

    def build() -> tuple[bytes, int]:
        linebreak._CACHE.clear()  # what this process remembers: as a new process
        calls.clear()
        out = tmp_path / f"out{len(builds)}"
        assert main(["build", str(MINI), "-o", str(out), "--variant", "de", "--jobs", "1",
                     "--force", "--trust-own-checker"]) == 0
        builds.append(out)
        (pdf,) = out.glob("*.de.pdf")
        return pdf.read_bytes(), len(calls)

    build.cache = tmp_path / "cache" / "lines"  # type: ignore[attr-defined]
    return build


def test_a_second_build_takes_the_stored_lines_and_the_same_bytes(counted):
    first, planned = counted()
    assert planned > 10  # the mini edition's paragraphs
    assert list(counted.cache.glob("*.marshal"))
    second, planned_again = counted()
    assert planned_again == 0
    assert second == first


def test_a_damaged_cache_file_is_planned_again(counted):
    first, _ = counted()
    for path in counted.cache.glob("*.marshal"):
        path.write_bytes(b"\x00not marshal" * 10)
    second, planned = counted()
    assert planned > 10 and second == first
    third, planned = counted()  # and the file was written again
    assert planned == 0 and third == first


def test_other_fonts_or_code_find_nothing_stored(counted, monkeypatch):
    """The plans are stored under a digest that includes the font files and the line
    breaker's code (``plancache.default_salt``): with another, nothing is found."""
    first, _ = counted()
    monkeypatch.setattr(plancache, "default_salt", lambda: b"another font or line breaker")
    second, planned = counted()
    assert planned > 10 and second == first


def test_the_salt_follows_the_font_files(tmp_path):
    font = tmp_path / "Face.ttf"
    font.write_bytes(b"one")
    before = plancache.salt([], [font], ["1"])
    font.write_bytes(b"two")
    assert plancache.salt([], [font], ["1"]) != before
    assert plancache.salt([], [font], ["2"]) != plancache.salt([], [font], ["1"])
