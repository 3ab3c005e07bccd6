"""Hostile files given to `check`, `tags` and `review` (issue 12, part 3): each ends with
the right exit code, no traceback, in bounded time and memory.

The files are made with pikepdf at test time (bench/hostile.py's generators), each command
runs in its own process, and its peak memory is that process's ru_maxrss; time bounds
are on CPU time (user + system), which the load of a shared machine does not change. The 50 MB
content stream of the issue is measured by bench/hostile.py; here it is 5 MB, which
pikepdf.parse_content_stream (the old reader) would already have taken ~500 MB for.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import hostile  # noqa: E402

PIPELINE = [sys.executable, "-m", "pipeline.cli"]


def run(*args: str, timeout: float = 120) -> hostile.Run:
    result = hostile.measure([*PIPELINE, *args], timeout=timeout)
    assert "Traceback" not in result.stderr, result.stderr
    assert "killed after" not in result.stderr, f"{args} did not finish in {timeout} s"
    return result


def findings(pdf: Path) -> set[str]:
    """The rule ids `pipeline check --format json` reports."""
    result = run("check", "--format", "json", str(pdf))
    report = json.loads(result.stdout)["files"][0]
    return {f["rule"] for f in report.get("findings", [])}


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hostile")
    return {name: make(folder / f"{name}.pdf") for name, make in {
        "base": lambda p: (hostile.tagged(2).save(p), p)[1],
        "struct-cycle": hostile.struct_cycle,
        "page-tree-cycle": hostile.page_tree_cycle,
        "rolemap-cycle": hostile.rolemap_cycle,
        "outline-cycle": hostile.outline_cycle,
        "name-tree-cycle": hostile.name_tree_cycle,
        "random-font": hostile.random_font,
        "bad-xmp": hostile.bad_xmp,
        "truncated": hostile.truncated,
    }.items()}


def test_the_unspoilt_file_conforms(made: dict[str, Path]) -> None:
    """So that each finding below comes from what was spoilt, not from the base file."""
    assert findings(made["base"]) == set()


@pytest.mark.parametrize("name, rules", [
    ("struct-cycle", {"structure-tree-cycle"}),
    ("page-tree-cycle", {"page-tree-cycle"}),
    ("rolemap-cycle", {"rolemap-cycle", "circular-role-mapping"}),
    ("outline-cycle", {"outline-cycle"}),
    ("name-tree-cycle", {"name-tree-cycle", "number-tree-cycle"}),
    ("random-font", {"font-program-unreadable"}),
])
def test_cycles_and_broken_fonts_are_findings(made: dict[str, Path], name: str, rules: set[str]) -> None:
    assert findings(made[name]) == rules
    assert run("check", str(made[name])).code == 1


@pytest.mark.parametrize("name", ["struct-cycle", "page-tree-cycle", "rolemap-cycle", "outline-cycle",
                                  "name-tree-cycle", "random-font", "bad-xmp"])
def test_tags_and_review_read_spoilt_but_readable_files(made: dict[str, Path], name: str,
                                                        tmp_path: Path) -> None:
    tags = run("tags", "--text", str(made[name]))
    assert tags.code == 0 and "Hello, hostile world" in tags.stdout
    review = run("review", str(made[name]), "-o", str(tmp_path / "r.html"))
    assert review.code == 0 and (tmp_path / "r.html").is_file()


def test_a_structure_cycle_is_a_note_in_tags(made: dict[str, Path]) -> None:
    assert "appears twice (cycle or shared kid)" in run("tags", str(made["struct-cycle"])).stderr


def test_xmp_that_is_not_xml(made: dict[str, Path], tmp_path: Path) -> None:
    pdf = made["bad-xmp"]
    assert "metadata-unreadable" in findings(pdf)
    for result in (run("tags", str(pdf)), run("review", str(pdf), "-o", str(tmp_path / "x.html"))):
        assert result.code == 0
        assert "the XMP metadata is not well-formed XML" in result.stderr or result.stderr == ""
        assert "Error occurred parsing XMP" not in result.stderr
    assert "the XMP metadata is not well-formed XML" in (tmp_path / "x.html").read_text(encoding="utf-8")


def test_truncated_files_are_unreadable_for_all_three(made: dict[str, Path], tmp_path: Path) -> None:
    pdf = made["truncated"]
    for args in (("check", str(pdf)), ("tags", str(pdf)),
                 ("review", str(pdf), "-o", str(tmp_path / "t.html"))):
        result = run(*args)
        assert result.code == 2, args
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and "damaged or truncated" in lines[0] and str(pdf) in lines[0], lines
    assert not (tmp_path / "t.html").exists()


def test_a_big_content_stream_is_read_in_bounded_memory(tmp_path: Path) -> None:
    """5 MB of content of each kind: a check stays near the interpreter's own ~40 MB."""
    for kind in ("text", "dense", "string", "array", "numbers"):
        pdf = hostile.big_content(tmp_path / f"{kind}.pdf", mb=5, kind=kind)
        result = run("check", str(pdf))
        assert result.code in (0, 1), (kind, result.stderr)
        assert result.rss_mb < 150, f"{kind}: {result.rss_mb:.0f} MB"
        assert result.cpu_seconds < 10, f"{kind}: {result.cpu_seconds:.1f} s of CPU"
    text = tmp_path / "text.pdf"
    assert run("check", str(text)).code == 0
    tags = run("tags", "--text", str(text))
    assert tags.code == 0 and tags.rss_mb < 300
    assert "more than 400,000 content instructions" in tags.stderr  # 5 MB is more than a page holds


def test_ten_thousand_pages(tmp_path: Path) -> None:
    """Under 30 s of CPU each (wall time on shared cores is up to the neighbours)."""
    pdf = hostile.many_pages(tmp_path / "pages.pdf", 10_000)
    tags = run("tags", str(pdf))
    assert tags.code == 0 and tags.cpu_seconds < 30, tags
    review = run("review", str(pdf), "-o", str(tmp_path / "pages.html"))
    assert review.code == 0 and review.cpu_seconds < 30, review
    html = (tmp_path / "pages.html").read_text(encoding="utf-8")
    assert "100 of 10000 pages are shown; left out: 101\u201310000" in html
    assert html.count('class="page"') == 100


def test_review_shows_the_pages_asked_for(made: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "one.html"
    assert run("review", str(made["base"]), "--pages", "2", "-o", str(out)).code == 0
    html = out.read_text(encoding="utf-8")
    assert 'id="page-2"' in html and 'id="page-1"' not in html and "left out: 1." in html


def test_a_closed_pipe_ends_quietly_with_the_same_exit_code(made: dict[str, Path]) -> None:
    files = [str(made["struct-cycle"]), str(made["base"]), str(made["truncated"])] * 20
    for args in (["check", *files], ["check", "--format", "json", *files],
                 ["tags", "--text", str(made["base"])]):
        expected = subprocess.run([*PIPELINE, *args], capture_output=True).returncode
        proc = subprocess.Popen([*PIPELINE, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        proc.stdout.close()  # the reader is gone before the first line is written
        stderr = proc.stderr.read().decode()
        assert proc.wait(timeout=120) == expected, (args, stderr)
        assert "Traceback" not in stderr and "BrokenPipe" not in stderr, stderr
