"""The last stages of an output: write it beside its target, have both gates judge it, and
rename it into place, or refuse it with both verdicts and leave the previous PDF.

``check_bytes_then_publish`` does all of that at once. A build that lays several outputs
out in one process uses the two halves instead (:func:`submit`, then
:meth:`Submitted.publish`): the gate process judges one output while the build lays out
the next, and each output is published, or refused, once its own verdicts are read.
Either way a failed or interrupted build never leaves a truncated or unchecked PDF.
"""
from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import BuildError
from .files import os_problem, write_temp_beside
from .gates import Verdicts, judge_here
from .second_opinion import SecondOpinion

if TYPE_CHECKING:
    from .gate_process import GateProcess

@dataclass
class Published:
    pages: int
    second_opinion: SecondOpinion
    press: list = field(default_factory=list)  # with pdfx: pipeline.checker.pdfx.press_summary
    check_seconds: float = 0.0  # our checker's own time on the file


def check_bytes_then_publish(data: bytes, target: Path, stages: dict[str, float],
                             second: bool = True, pdfx: bool = False) -> Published:
    """Write ``data`` to a temporary file beside ``target``, check it, rename it into place.

    Both gates judge the file: our checker (PDF/UA-1 and PDF/A-2a) and, unless ``second``
    is False (``--trust-own-checker``), page-validation's ua1 and 2a profiles, both asked in
    this process (``gates.judge_here``; :func:`submit` asks a gate process). Raises
    BuildError, showing both verdicts, (and leaves ``target`` untouched) when either fails.
    """
    tmp = _write(data, target, stages)
    try:
        _fault_pause("before-check", tmp, target)
        t1 = time.perf_counter()
        verdicts = judge_here(tmp, second)
        return _publish(tmp, target, verdicts, stages, t1, second, pdfx)
    finally:
        tmp.unlink(missing_ok=True)


@dataclass
class Submitted:
    """An output written beside its target and sent to the gates; not yet judged."""
    tmp: Path
    target: Path
    gate: GateProcess
    stages: dict[str, float]
    second: bool
    pdfx: bool

    def publish(self) -> Published:
        """Read the output's verdicts and publish it, or raise BuildError (see
        check_bytes_then_publish); the temporary file is gone either way."""
        try:
            t1 = time.perf_counter()
            verdicts = self.gate.collect()
            return _publish(self.tmp, self.target, verdicts, self.stages, t1, self.second, self.pdfx)
        finally:
            self.tmp.unlink(missing_ok=True)

    def abandon(self) -> None:
        """Give the output up unjudged (the build is ending): no verdict will be read."""
        self.gate.close()  # its answer would come out of turn for any later question
        self.tmp.unlink(missing_ok=True)


def submit(data: bytes, target: Path, stages: dict[str, float], gate: GateProcess,
           second: bool = True, pdfx: bool = False) -> Submitted:
    """Write ``data`` beside ``target`` and send it to ``gate``; publish it later."""
    tmp = _write(data, target, stages)
    try:
        _fault_pause("before-check", tmp, target)
        gate.submit(tmp, second)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return Submitted(tmp, target, gate, stages, second, pdfx)


def _write(data: bytes, target: Path, stages: dict[str, float]) -> Path:
    t0 = time.perf_counter()
    try:
        tmp = write_temp_beside(target, data)
    except OSError as exc:
        raise BuildError(f"{target.name}: not published, cannot write {os_problem(exc, target.parent)}; "
                         "the previous PDF is unchanged") from None
    stages["write"] = stages.get("write", 0) + time.perf_counter() - t0
    return tmp


def _publish(tmp: Path, target: Path, verdicts: Verdicts, stages: dict[str, float], t1: float,
             second: bool, pdfx: bool) -> Published:
    """The PDF/X preflight for print, then the rename, or BuildError with both verdicts.
    ``stages["check"]``: the time from ``t1`` (asking for the verdicts) to here."""
    report, press = verdicts.report, []
    if pdfx:  # print outputs: PDF/X-4 preflight too, and what the build report shows of inks
        from .checker.pdfx import add_pdfx, press_summary

        report, press = add_pdfx(report, str(tmp)), press_summary(str(tmp))
    if verdicts.opinion is None:
        raise BuildError(f"{target.name}: not published, page-validation did not finish")
    opinion = verdicts.opinion
    stages["check"] = stages.get("check", 0) + time.perf_counter() - t1
    if not report.ok or (second and not opinion.ok):
        raise BuildError(refusal(target.name, report, opinion))
    _fault_pause("before-publish", tmp, target)
    try:
        os.replace(tmp, target)
    except OSError as exc:
        raise BuildError(f"{target.name}: not published, {os_problem(exc, target)}") from None
    return Published(report.pages, opinion, press, verdicts.report.seconds)


def refusal(name: str, report, opinion: SecondOpinion, shown: int = 20) -> str:
    """Why an output is not published: both gates' verdicts, with rule ids and counts."""
    own = ("PDF/UA check (our checker, PDF/UA-1 and PDF/A-2a): "
           + ("passes" if report.ok else f"{len(report.findings)} problem(s)"))
    lines = [f"{name}: not published.", f"  {own}"]
    lines += [f"    {f.clause} {f.rule}: {f.message}" + (f" (page {f.page})" if f.page else "")
              for f in report.findings[:shown]]
    lines.append(f"  {opinion.summary()}")
    lines += [f"    {f.line()}" for f in opinion.failures[:shown]]
    return "\n".join(lines)


def _fault_pause(point: str, tmp: Path, target: Path) -> None:
    """Fault-injection hook for the tests: with PIPELINE_FAULT_PAUSE=<point>[:<file name>],
    the process building that output says where it is on stderr and sleeps, so a test can
    kill it at exactly that point."""
    wanted = os.environ.get("PIPELINE_FAULT_PAUSE", "")
    if wanted in (point, f"{point}:{target.name}"):
        print(f"paused at {point}: pid {os.getpid()} temp {tmp}", file=sys.stderr, flush=True)
        time.sleep(120)
