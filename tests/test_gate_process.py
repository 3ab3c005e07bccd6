"""Both gates asked in a gate process forked before the layout (issue 13/14: speed). Its
verdicts are judge_here's, wherever they are asked: from the gate process, or (the process
gone) in the build's own."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest
from conftest import MINI, reaped

from pipeline.checker import CheckerInputError
from pipeline.gate_process import GateProcess
from pipeline.gates import Verdicts, judge_here

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")


def _same(a: Verdicts, b: Verdicts) -> bool:
    assert a.opinion is not None and b.opinion is not None
    return (a.report.findings == b.report.findings and a.report.pages == b.report.pages
            and (a.opinion.ran, a.opinion.failures, a.opinion.reason, a.opinion.version)
            == (b.opinion.ran, b.opinion.failures, b.opinion.reason, b.opinion.version))


@pytest.fixture
def refused(built, tmp_path) -> Path:
    """A built PDF without /MarkInfo: refused by both gates."""
    with pikepdf.open(built["mini"]["de"]) as pdf:
        del pdf.Root.MarkInfo
        pdf.save(tmp_path / "refused.pdf")
    return tmp_path / "refused.pdf"


def test_the_gate_process_gives_the_verdicts_of_both_gates(built, refused) -> None:
    gate = GateProcess.start()
    try:
        assert gate.running
        gate.warm()  # as the build does once its sources have loaded; answers nothing
        good = gate.judge(built["mini"]["de"])
        assert good.report.ok and good.opinion is not None and good.opinion.ok
        assert _same(good, judge_here(built["mini"]["de"]))
        bad = gate.judge(refused)
        assert bad.report.findings and bad.opinion is not None and bad.opinion.failures
        assert _same(bad, judge_here(refused))
        own_only = gate.judge(refused, second=False)
        assert own_only.report.findings and own_only.opinion is not None and not own_only.opinion.ran
        assert gate.running  # still there for the next file
    finally:
        gate.close()


def test_the_checkers_error_is_raised_in_the_build_process(tmp_path) -> None:
    garbage = tmp_path / "garbage.pdf"
    garbage.write_bytes(b"%PDF-1.7\nnot a PDF at all\n")
    gate = GateProcess.start()
    try:
        with pytest.raises(CheckerInputError) as raised:
            gate.judge(garbage)
        assert "garbage.pdf" in str(raised.value)
        assert gate.running
    finally:
        gate.close()


def test_a_gate_process_that_died_leaves_the_verdicts_to_the_build(built, refused) -> None:
    gate = GateProcess.start()
    pid = gate._pid
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    bad = gate.judge(refused)
    assert not gate.running and reaped(pid)
    assert _same(bad, judge_here(refused))
    assert gate.judge(built["mini"]["de"]).report.ok  # and so on, in-process


def test_closing_reaps_the_gate_process() -> None:
    gate = GateProcess.start()
    pid = gate._pid
    assert pid is not None
    gate.close()
    gate.close()
    assert reaped(pid) and not gate.running


def test_a_build_in_one_process_leaves_both_checkers_to_its_gate(tmp_path) -> None:
    """The build process itself loads neither our checker nor page-validation; the report
    has both verdicts."""
    report = tmp_path / "report.json"
    script = ("import sys; from pipeline.cli import main; "
              f"code = main(['build', {str(MINI)!r}, '-o', {str(tmp_path / 'out')!r}, '--variant', 'de', "
              f"'--report', {str(report)!r}]); "
              "print('page' in sys.modules, 'pipeline.checker.content' in sys.modules); sys.exit(code)")
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip().splitlines()[-1] == "False False"
    entry = json.loads(report.read_text())["outputs"][0]
    assert entry["status"] == "built" and entry["pages"] > 0  # both gates passed it
    opinion = entry["second_opinion"]
    assert opinion["ran"] and opinion["ok"] and opinion["profiles"] == ["ua1", "2a"]
