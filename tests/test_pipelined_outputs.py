"""Outputs built one after the other in one process (``--jobs 1``): each is judged by the
gate process while the next is laid out (issue 13/14: speed), and published, or refused,
on its own verdicts. Outcomes, bytes and the atomic publishing stay as without overlap."""
from __future__ import annotations

import io
import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from conftest import MINI

from pipeline import stages
from pipeline.cli import main
from pipeline.errors import BuildError
from pipeline.workers import Job, run_jobs


class Fake:
    """A begun job that notes when it is finished or given up."""

    def __init__(self, name: str, events: list[str], fail: bool = False):
        self.name, self.events, self.fail = name, events, fail

    def finish(self) -> dict[str, Any]:
        self.events.append(f"finish {self.name}")
        if self.fail:
            raise BuildError(f"{self.name}: not published, refused")
        return {"name": self.name}

    def abandon(self) -> None:
        self.events.append(f"abandon {self.name}")


def _job(name: str, events: list[str], start_fails: bool = False, finish_fails: bool = False,
         interrupt: bool = False) -> Job:
    def start(on_stage):
        events.append(f"start {name}")
        if interrupt:
            raise KeyboardInterrupt
        if start_fails:
            raise BuildError(f"{name}: layout failed")
        return Fake(name, events, finish_fails)

    return Job(name, run=lambda on_stage: {"name": name}, start=start)


def _run(jobs: list[Job]) -> list[tuple[str, str | None]]:
    return [(o.name, o.error) for o in run_jobs(jobs, 1, lambda name, stage: None)]


def test_each_job_finishes_after_the_next_has_begun_and_outcomes_keep_their_order() -> None:
    events: list[str] = []
    outcomes = _run([_job(n, events) for n in "abc"])
    assert events == ["start a", "start b", "finish a", "start c", "finish b", "finish c"]
    assert outcomes == [("a", None), ("b", None), ("c", None)]


def test_a_job_that_fails_to_begin_or_to_finish_fails_alone() -> None:
    events: list[str] = []
    outcomes = _run([_job("a", events, finish_fails=True), _job("b", events, start_fails=True),
                     _job("c", events)])
    assert [name for name, _ in outcomes] == ["a", "b", "c"]
    assert "refused" in (outcomes[0][1] or "") and "layout failed" in (outcomes[1][1] or "")
    assert outcomes[2][1] is None
    assert events == ["start a", "start b", "finish a", "start c", "finish c"]


def test_an_interruption_gives_up_the_begun_job() -> None:
    events: list[str] = []
    with pytest.raises(KeyboardInterrupt):
        _run([_job("a", events), _job("b", events, interrupt=True)])
    assert events == ["start a", "start b", "abandon a"]


def _pdfs(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.pdf"))}


def test_one_process_gives_the_bytes_of_separate_processes(tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    assert main(["build", str(MINI), "-o", str(tmp_path / "one"), "--jobs", "1",
                 "--report", str(report)]) == 0
    assert main(["build", str(MINI), "-o", str(tmp_path / "many"), "--jobs", "3"]) == 0
    one = _pdfs(tmp_path / "one")
    assert len(one) == 3 and one == _pdfs(tmp_path / "many")
    for entry in json.loads(report.read_text())["outputs"]:
        assert entry["status"] == "built" and entry["second_opinion"]["ok"]
        assert entry["check"]["seconds"] > 0  # our checker ran on it


def test_a_refused_output_fails_alone_and_keeps_its_previous_pdf(tmp_path: Path, monkeypatch,
                                                                 capsys) -> None:
    out = tmp_path / "out"
    assert main(["build", str(MINI), "-o", str(out), "--jobs", "1"]) == 0
    before = _pdfs(out)
    finish = stages.finish

    def untagged_english(layout_pdf, root, tags, placed, info, *rest):
        data = finish(layout_pdf, root, tags, placed, info, *rest)
        if list(info.titles) != ["en"]:
            return data
        with pikepdf.open(io.BytesIO(data)) as pdf:  # the English output loses its /MarkInfo
            del pdf.Root.MarkInfo
            changed = io.BytesIO()
            pdf.save(changed)
        return changed.getvalue()

    monkeypatch.setattr(stages, "finish", untagged_english)
    assert main(["build", str(MINI), "-o", str(out), "--jobs", "1", "--force"]) == 1
    err = capsys.readouterr().err
    assert "mini.en.pdf: not published." in err
    assert "mini.de.pdf: not published" not in err and "mini.bilingual.pdf: not published" not in err
    assert _pdfs(out)["mini.en.pdf"] == before["mini.en.pdf"]
    assert not list(out.glob(".*.tmp"))


def test_terminating_while_one_output_waits_to_be_published_leaves_no_temporary_file(
        tmp_path: Path) -> None:
    folder = tmp_path / "mini"
    shutil.copytree(MINI, folder)
    out = tmp_path / "out"
    assert main(["build", str(folder), "-o", str(out), "--jobs", "1"]) == 0
    before = _pdfs(out)
    md = folder / "reportages" / "sonne.de.md"
    md.write_text(md.read_text(encoding="utf-8").replace("Sonne", "Sommersonne", 1), encoding="utf-8")
    en = folder / "reportages" / "sonne.en.md"
    en.write_text(en.read_text(encoding="utf-8").replace("fog lies", "mist lies"), encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "build", str(folder), "-o", str(out),
                             "--jobs", "1"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PIPELINE_FAULT_PAUSE": "before-publish:mini.en.pdf"})
    assert proc.stderr is not None
    line = proc.stderr.readline()
    while line and not line.startswith("paused at before-publish"):
        line = proc.stderr.readline()
    assert line, "the build did not pause"
    assert len(list(out.glob(".*.tmp"))) == 2  # English waits to be published, bilingual begun
    proc.send_signal(signal.SIGTERM)
    proc.communicate(timeout=120)
    assert proc.returncode == 130  # terminated, as a scheduler's timeout would
    assert not list(out.glob(".*.tmp"))
    after = _pdfs(out)
    assert after["mini.en.pdf"] == before["mini.en.pdf"]
    assert after["mini.bilingual.pdf"] == before["mini.bilingual.pdf"]


# one core: no loading child, no gate process (fork never tried); two cores where fork
# fails: both tried, and the build loads and judges in its own process
@pytest.mark.parametrize(("cores", "tried"), [(1, 0), (2, 2)], ids=["one core", "fork fails"])
def test_without_helper_processes_the_build_does_all_itself_and_gives_the_same_bytes(
        tmp_path: Path, monkeypatch, cores: int, tried: int) -> None:
    assert main(["build", str(MINI), "-o", str(tmp_path / "forked"), "--jobs", "1"]) == 0
    attempts: list[int] = []

    def no_fork() -> int:
        attempts.append(1)
        raise OSError("Resource temporarily unavailable")

    monkeypatch.setattr("pipeline.load_ahead.cores_available", lambda: cores)
    monkeypatch.setattr(os, "fork", no_fork)
    assert main(["build", str(MINI), "-o", str(tmp_path / "here"), "--jobs", "1"]) == 0
    assert len(attempts) == tried
    assert _pdfs(tmp_path / "here") == _pdfs(tmp_path / "forked")
