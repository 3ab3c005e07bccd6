"""Checkpoint coverage (issue 18, part 1): what the checker checked, by Matterhorn checkpoint,
in the terminal summary and in `check --format json`, for passing and failing files."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pikepdf
from test_checker_cli import make_tagged_pdf

from pipeline.checker import check_file
from pipeline.checker.checkpoints import CHECKPOINTS, FAMILIES, RULES, checkpoints_of
from pipeline.checker.findings import Finding

CHECKER = Path(__file__).resolve().parents[1] / "pipeline" / "checker"


def run_check(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline.cli", "check", *args],
                          capture_output=True, text=True, timeout=120)


def test_matterhorn_checkpoints_01_to_31_once_each() -> None:
    assert [c.number for c in CHECKPOINTS] == [f"{n:02d}" for n in range(1, 32)]
    # every checkpoint is testable by a rule or lists what a person must judge
    assert all(c.rules or c.human for c in CHECKPOINTS)


def test_every_pdfua_rule_of_the_checker_has_a_checkpoint() -> None:
    """Each literal PDF/UA rule id in the checker's sources is in the table (or its family)."""
    found: set[str] = set()
    for source in CHECKER.glob("*.py"):
        if source.name.startswith(("pdfa", "pdfx", "checkpoints")):
            continue
        text = source.read_text(encoding="utf-8")
        found |= {m.group(2) for m in re.finditer(r'"(5|7\.[0-9.]+)",\s*"([a-z0-9-]+)"', text)}
    assert len(found) > 80
    missing = {r for r in found if r not in RULES and not any(r.endswith(s) for s, _ in FAMILIES)}
    assert not missing


def test_findings_map_to_checkpoints() -> None:
    assert checkpoints_of(Finding("7.3", "figure-no-alt", "x")) == ("13",)
    assert checkpoints_of(Finding("7.21.7", "no-unicode-mapping", "x")) == ("10", "31")
    assert checkpoints_of(Finding("7.2", "toc-element-misplaced", "x")) == ("09",)
    assert checkpoints_of(Finding("7.18.9", "some-future-rule", "x")) == ("28",)
    assert checkpoints_of(Finding("6.2.4.3", "pdfa-rule", "x")) == ()  # PDF/A: not Matterhorn


def test_passing_file_says_what_was_checked(tmp_path: Path) -> None:
    path = make_tagged_pdf(tmp_path / "ok.pdf")
    report = check_file(path)
    status = {c.number: c.status for c in report.coverage.checkpoints}
    assert status["01"] == "passed" and status["06"] == "passed"
    assert status["15"] == "not applicable"  # no tables in it
    assert status["04"] == "needs a person"
    done = run_check(str(path))
    assert done.returncode == 0
    assert re.search(r"PDF/UA-1: \d+ checkpoints passed, 0 failed, \d+ not applicable, \d+ need a person",
                     done.stdout)
    data = json.loads(run_check("--format", "json", str(path)).stdout)
    cov = data["files"][0]["coverage"]
    assert data["files"][0]["findings"] == []
    assert sum(cov["summary"].values()) == 31
    assert cov["summary"]["failed"] == 0 and cov["summary"]["passed"] >= 8
    assert {c["checkpoint"]: c["status"] for c in cov["checkpoints"]}["13"] == "not applicable"
    assert cov["rules"]["content-not-tagged"] == "passed"
    assert cov["rules"]["th-no-scope"] == "not applicable"
    person = {c["checkpoint"]: c["needs_a_person"] for c in cov["checkpoints"]}
    assert any("reading order" in h for h in person["09"])


def test_failing_file_fails_its_checkpoint(tmp_path: Path) -> None:
    path = make_tagged_pdf(tmp_path / "bad.pdf")
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        del pdf.Root.ViewerPreferences
        pdf.save(path)
    done = run_check(str(path))
    assert done.returncode == 1
    assert re.search(r"PDF/UA-1: \d+ checkpoints passed, 1 failed", done.stdout)
    cov = json.loads(run_check("--format", "json", str(path)).stdout)["files"][0]["coverage"]
    row = next(c for c in cov["checkpoints"] if c["checkpoint"] == "07")
    assert row["status"] == "failed" and row["findings"] == 1
    assert cov["rules"]["display-doc-title"] == "failed"
