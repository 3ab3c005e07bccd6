"""page-validation asked in a gate process forked before the layout (issue 13/14: speed).
Its verdicts are second_opinion's, wherever it is asked: from the gate process, or (the
process gone) in the build's own."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest
from conftest import MINI

from pipeline.second_opinion import second_opinion
from pipeline.second_opinion_process import GateProcess

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")


def _same(a, b) -> bool:
    return (a.ran, a.failures, a.reason, a.version) == (b.ran, b.failures, b.reason, b.version)


@pytest.fixture
def refused(built, tmp_path) -> Path:
    """A built PDF without /MarkInfo: not a tagged PDF for page-validation."""
    with pikepdf.open(built["mini"]["de"]) as pdf:
        del pdf.Root.MarkInfo
        pdf.save(tmp_path / "refused.pdf")
    return tmp_path / "refused.pdf"


def _reaped(pid: int) -> bool:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def test_the_gate_process_gives_second_opinions_verdicts(built, refused) -> None:
    gate = GateProcess.start()
    try:
        assert gate.running
        good = gate.judge(built["mini"]["de"])
        assert good.ok and _same(good, second_opinion(built["mini"]["de"]))
        bad = gate.judge(refused)
        assert not bad.ok and bad.failures
        assert _same(bad, second_opinion(refused))
        assert gate.running  # still there for the next file
    finally:
        gate.close()


def test_a_gate_process_that_died_leaves_the_verdict_to_the_build(built, refused) -> None:
    gate = GateProcess.start()
    pid = gate._pid
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    bad = gate.judge(refused)
    assert not gate.running and _reaped(pid)
    assert _same(bad, second_opinion(refused))
    assert gate.judge(built["mini"]["de"]).ok  # and so on, in-process


def test_closing_reaps_the_gate_process() -> None:
    gate = GateProcess.start()
    pid = gate._pid
    assert pid is not None
    gate.close()
    gate.close()
    assert _reaped(pid) and not gate.running


def test_a_build_in_one_process_leaves_page_validation_to_its_gate(tmp_path) -> None:
    """The build process itself never loads page-validation; the report still has its verdict."""
    report = tmp_path / "report.json"
    script = ("import sys; from pipeline.cli import main; "
              f"code = main(['build', {str(MINI)!r}, '-o', {str(tmp_path / 'out')!r}, '--variant', 'de', "
              f"'--report', {str(report)!r}]); print('page' in sys.modules); sys.exit(code)")
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip().splitlines()[-1] == "False"
    opinion = json.loads(report.read_text())["outputs"][0]["second_opinion"]
    assert opinion["ran"] and opinion["ok"] and opinion["profiles"] == ["ua1", "2a"]
