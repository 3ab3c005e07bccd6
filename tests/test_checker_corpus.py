"""Agreement of the checker with the veraPDF PDF/UA-1 test corpus.

Every ``-pass-`` file must get no finding of the clause its name gives, every ``-fail-``
file at least one finding of exactly that clause.  The files are read in place from
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

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "verapdf-corpus" / "PDF_UA-1"
_NAME = re.compile(r"^(?P<clause>\d+(?:[.-]\d+)*)-t\d+-(?P<kind>pass|fail)-[a-z]+\.pdf$")


def expected(path: Path) -> tuple[str, bool]:
    """(clause, should_fail) from a corpus file name; '7-18.3-...' means clause 7.18.3."""
    m = _NAME.match(path.name)
    assert m, f"unexpected corpus file name {path.name}"
    return m["clause"].replace("-", "."), m["kind"] == "fail"


def corpus_files() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    return sorted(CORPUS.rglob("*.pdf"), key=lambda p: p.name)


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


@cache
def outcome(path: Path) -> Outcome:
    clause, should_fail = expected(path)
    start = time.perf_counter()
    try:
        report = check_file(path)
    except CheckerInputError as exc:
        return Outcome(path, clause, should_fail, set(), time.perf_counter() - start, str(exc))
    return Outcome(path, clause, should_fail, report.clauses(), time.perf_counter() - start)


pytestmark = pytest.mark.skipif(not corpus_files(), reason=f"veraPDF corpus not found at {CORPUS}")


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.name)
def test_corpus_file(path: Path) -> None:
    o = outcome(path)
    assert o.error is None, o.error
    if o.should_fail:
        assert o.clause in o.reported, \
            f"false pass: no finding of clause {o.clause} (got {sorted(o.reported)})"
    else:
        assert o.clause not in o.reported, f"false fail: finding of clause {o.clause}"


def test_corpus_agreement(capsys: pytest.CaptureFixture[str]) -> None:
    """Print the agreement figure, and require 100% on the clauses implemented here."""
    files = corpus_files()
    outcomes = [outcome(p) for p in files]
    false_pass = [o for o in outcomes if o.should_fail and not o.agrees]
    false_fail = [o for o in outcomes if not o.should_fail and not o.agrees]
    agreed = len(outcomes) - len(false_pass) - len(false_fail)
    total_s = sum(o.seconds for o in outcomes)
    lines = [
        "",
        f"PDF/UA-1 corpus agreement: {len(outcomes)} files, {agreed} agreed "
        f"({100 * agreed / len(outcomes):.1f}%), {len(false_pass)} false passes, "
        f"{len(false_fail)} false fails; {total_s:.2f} s checking",
    ]
    lines += [f"  false pass: {o.path.name} (reported {sorted(o.reported) or 'nothing'})" for o in false_pass]
    lines += [f"  false fail: {o.path.name}" for o in false_fail]
    with capsys.disabled():
        print("\n".join(lines))
    assert not false_pass + false_fail, "\n".join(lines)
