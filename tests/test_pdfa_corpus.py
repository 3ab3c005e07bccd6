"""Agreement of ``check --pdfa`` with the veraPDF PDF/A-2 test corpus (levels A, B and U).

Measured as for PDF/UA-1 (test_checker_corpus.py): every ``-pass-`` file must get no
finding of the clause its name gives, every ``-fail-`` file at least one finding of exactly
that clause.  Each file is checked at the level of its folder (``PDF_A-2b`` forces 2b: a
level-B file need not meet the level-A and level-U rules).  The files are read in place from
``<repo>/../shared/verapdf-corpus`` and never copied into the project.
"""
from __future__ import annotations

import re
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from pipeline.checker import CheckerInputError, check_file

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "verapdf-corpus"
LEVELS = {"PDF_A-2a": "2a", "PDF_A-2b": "2b", "PDF_A-2u": "2u"}
_NAME = re.compile(r"(?P<clause>\d+(?:-\d+)*)-t\d+-(?P<kind>pass|fail)-[a-z]+\.pdf$")


def expected(path: Path) -> tuple[str, bool]:
    """(clause, should_fail) from a corpus file name: '... 6-2-11-8-t01-fail-a.pdf' is 6.2.11.8."""
    m = _NAME.search(path.name)
    assert m, f"unexpected corpus file name {path.name}"
    return m["clause"].replace("-", "."), m["kind"] == "fail"


def level_of(path: Path) -> str:
    return LEVELS[path.relative_to(CORPUS).parts[0]]


def corpus_files() -> list[Path]:
    return sorted((p for folder in LEVELS if (CORPUS / folder).is_dir()
                   for p in (CORPUS / folder).rglob("*.pdf")), key=lambda p: (level_of(p), p.name))


@dataclass
class Outcome:
    path: Path
    clause: str
    should_fail: bool
    reported: set[str]
    seconds: float
    error: str | None = None

    @property
    def agrees(self) -> bool:
        return self.error is None and ((self.clause in self.reported) == self.should_fail)

    @property
    def label(self) -> str:
        return f"{level_of(self.path)}/{self.path.name}"


@cache
def outcome(path: Path) -> Outcome:
    clause, should_fail = expected(path)
    start = time.perf_counter()
    try:
        report = check_file(path, pdfa=level_of(path))
    except CheckerInputError as exc:
        return Outcome(path, clause, should_fail, set(), time.perf_counter() - start, str(exc))
    return Outcome(path, clause, should_fail, report.clauses(), time.perf_counter() - start)


pytestmark = pytest.mark.skipif(not corpus_files(),
                                reason=f"veraPDF corpus not found: no PDF/A-2 files in {CORPUS}")


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: f"{level_of(p)}/{p.name}")
def test_corpus_file(path: Path) -> None:
    o = outcome(path)
    assert o.error is None, o.error
    if o.should_fail:
        assert o.clause in o.reported, \
            f"false pass: no finding of clause {o.clause} (got {sorted(o.reported)})"
    else:
        assert o.clause not in o.reported, f"false fail: finding of clause {o.clause}"


def test_corpus_agreement(capsys: pytest.CaptureFixture[str]) -> None:
    """Print the agreement figure and require 100 %."""
    outcomes = [outcome(p) for p in corpus_files()]
    false_pass = [o for o in outcomes if o.should_fail and not o.agrees]
    false_fail = [o for o in outcomes if not o.should_fail and not o.agrees]
    agreed = len(outcomes) - len(false_pass) - len(false_fail)
    caught = sum(1 for o in outcomes if o.should_fail and o.agrees)
    failing = sum(1 for o in outcomes if o.should_fail)
    lines = [
        "",
        f"PDF/A-2 corpus agreement: {len(outcomes)} files, {agreed} agreed "
        f"({100 * agreed / len(outcomes):.1f}%), {len(false_pass)} false passes, "
        f"{len(false_fail)} false fails; {caught} of {failing} failing files caught; "
        f"{sum(o.seconds for o in outcomes):.2f} s checking",
    ]
    lines += [f"  false pass: {o.label} (reported {sorted(o.reported) or o.error or 'nothing'})"
              for o in false_pass]
    lines += [f"  false fail: {o.label}" + (f" ({o.error})" if o.error else "") for o in false_fail]
    with capsys.disabled():
        print("\n".join(lines))
    assert not false_pass and not false_fail, "\n".join(lines)
