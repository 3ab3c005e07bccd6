"""Unattended rebuilds (issue 4): reproducible, incremental, parallel, atomic, locked, reported.

Builds run as real `pipeline build` processes where the behaviour is about processes
(signals, locks, terminals); the rest call the command in-process.
"""
from __future__ import annotations

import json
import os
import pty
import select
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import MINI
from PIL import Image

from pipeline.cli import main
from pipeline.lock import OutputLock

PY = sys.executable


def _cli(*args: str, env: dict | None = None, cwd: Path | None = None, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([PY, "-m", "pipeline.cli", *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, cwd=cwd, timeout=300, **kw)


def _build(edition: Path, out: Path, *extra: str) -> dict:
    """Build in-process with a report; return the report."""
    report = out.parent / f"report-{time.monotonic_ns()}.json"
    main(["build", str(edition), "-o", str(out), "--report", str(report), *extra])
    return json.loads(report.read_text(encoding="utf-8"))


def _status(report: dict) -> dict[str, str]:
    return {o["name"]: o["status"] for o in report["outputs"]}


@pytest.fixture
def mini(tmp_path) -> Path:
    folder = tmp_path / "src" / "mini"
    shutil.copytree(MINI, folder)
    return folder


# -- reproducible --------------------------------------------------------------------
def test_same_sources_in_two_directories_give_identical_bytes(tmp_path):
    """Two clones in different places, built from their own working directory."""
    results = []
    for place in ("first", "second/deeper"):
        root = tmp_path / place
        shutil.copytree(MINI, root / "sources" / "mini")
        run = _cli("build", "--jobs", "2", cwd=root)
        assert run.returncode == 0, run.stderr
        results.append({p.name: p.read_bytes() for p in sorted((root / "output").glob("*.pdf"))})
    assert sorted(results[0]) == ["mini.bilingual.pdf", "mini.de.pdf", "mini.en.pdf"]
    for name in results[0]:
        assert results[0][name] == results[1][name], f"{name} differs between the two builds"


def test_source_date_epoch_sets_the_dates_and_nothing_else_moves(mini, tmp_path):
    a = _cli("build", str(mini), "-o", str(tmp_path / "a"), env={"SOURCE_DATE_EPOCH": "1700000000"})
    b = _cli("build", str(mini), "-o", str(tmp_path / "b"), env={"SOURCE_DATE_EPOCH": "1700000000"})
    assert a.returncode == b.returncode == 0
    pdf_a = (tmp_path / "a" / "mini.de.pdf").read_bytes()
    assert pdf_a == (tmp_path / "b" / "mini.de.pdf").read_bytes()
    assert b"D:20231114221320Z" in pdf_a or b"2023-11-14T22:13:20Z" in pdf_a


def test_page_number_guesses_save_time_but_never_change_the_bytes(mini, tmp_path):
    """The pages of the last build are the first guess for the contents page; whether the
    guess is missing, right or wrong, the PDF is the same."""
    cache = tmp_path / "cache"
    env = {"PIPELINE_CACHE_DIR": str(cache)}
    runs = {}
    for case in ("no guess", "right guess", "wrong guess"):
        if case == "wrong guess":
            for hint in (cache / "pages").glob("*.json"):
                pages = json.loads(hint.read_text())
                hint.write_text(json.dumps({k: v + 1 for k, v in pages.items()}))
        run = _cli("build", str(mini), "-o", str(tmp_path / case), "--jobs", "1", env=env)
        assert run.returncode == 0, run.stderr
        runs[case] = {p.name: p.read_bytes() for p in (tmp_path / case).glob("*.pdf")}
        assert len(list((cache / "pages").glob("*.json"))) == 3
    assert runs["no guess"] == runs["right guess"] == runs["wrong guess"]


# -- incremental ---------------------------------------------------------------------
def test_a_no_change_run_skips_everything_without_loading(mini, tmp_path):
    out = tmp_path / "out"
    first = _build(mini, out)
    assert set(_status(first).values()) == {"built"}
    again = _build(mini, out)
    assert _status(again) == {n: "skipped" for n in _status(first)}
    assert all(o["stages"] == {} for o in again["outputs"])  # not even loaded
    assert again["exit"] == 0 and again["ok"]


def test_changing_one_language_rebuilds_only_its_outputs(mini, tmp_path):
    out = tmp_path / "out"
    _build(mini, out)
    de_before = (out / "mini.de.pdf").read_bytes()
    md = mini / "reportages" / "sonne.en.md"
    md.write_text(md.read_text(encoding="utf-8").replace("fog lies", "mist lies"), encoding="utf-8")
    report = _build(mini, out)
    assert _status(report) == {"mini.de.pdf": "skipped", "mini.en.pdf": "built",
                               "mini.bilingual.pdf": "built"}
    assert (out / "mini.de.pdf").read_bytes() == de_before


def test_changing_one_image_rebuilds_exactly_the_outputs_that_use_it(mini, tmp_path):
    # the English text gets a figure of its own; the German one does not use that image
    shutil.copy(mini / "images" / "sun.png", mini / "images" / "sun-en.png")
    md = mini / "reportages" / "sonne.en.md"
    md.write_text(md.read_text(encoding="utf-8").replace("images/sun.png", "images/sun-en.png"),
                  encoding="utf-8")
    out = tmp_path / "out"
    _build(mini, out)
    with Image.open(mini / "images" / "sun-en.png") as img:
        img.rotate(180).save(mini / "images" / "sun-en.png")
    assert _status(_build(mini, out)) == {"mini.de.pdf": "skipped", "mini.en.pdf": "built",
                                          "mini.bilingual.pdf": "built"}
    with Image.open(mini / "images" / "cover.png") as img:  # the cover is in every output
        img.rotate(180).save(mini / "images" / "cover.png")
    assert set(_status(_build(mini, out)).values()) == {"built"}


def test_touching_without_changing_skips_and_force_rebuilds(mini, tmp_path):
    out = tmp_path / "out"
    _build(mini, out)
    for path in mini.rglob("*"):
        if path.is_file():
            os.utime(path, None)
    assert set(_status(_build(mini, out)).values()) == {"skipped"}
    assert set(_status(_build(mini, out, "--force")).values()) == {"built"}


def test_a_deleted_or_altered_output_is_rebuilt(mini, tmp_path):
    out = tmp_path / "out"
    _build(mini, out)
    good = (out / "mini.en.pdf").read_bytes()
    (out / "mini.de.pdf").unlink()
    (out / "mini.en.pdf").write_bytes(good[:-10])
    report = _build(mini, out)
    assert _status(report) == {"mini.de.pdf": "built", "mini.en.pdf": "built",
                               "mini.bilingual.pdf": "skipped"}
    assert (out / "mini.en.pdf").read_bytes() == good


def test_settings_and_a_broken_manifest_force_a_rebuild(mini, tmp_path):
    out = tmp_path / "out"
    _build(mini, out)
    run = _cli("build", str(mini), "-o", str(out), env={"SOURCE_DATE_EPOCH": "1700000000"})
    assert run.returncode == 0 and run.stdout.count("wrote ") == 3, run.stdout
    (out / ".build-manifest.json").write_text("{ not json", encoding="utf-8")
    assert set(_status(_build(mini, out)).values()) == {"built"}
    assert set(_status(_build(mini, out)).values()) == {"skipped"}


# -- parallel ------------------------------------------------------------------------
def test_outputs_build_in_separate_processes(mini, tmp_path):
    report = _build(mini, tmp_path / "out", "--jobs", "3")
    pids = {o["pid"] for o in report["outputs"]}
    assert len(pids) == 3 and os.getpid() not in pids
    assert report["jobs"] == 3


def test_a_terminal_gets_a_live_display_and_a_pipe_plain_lines(mini, tmp_path):
    master, slave = pty.openpty()
    proc = subprocess.Popen([PY, "-m", "pipeline.cli", "build", str(mini), "-o", str(tmp_path / "tty")],
                            stdout=slave, stderr=slave, close_fds=True)
    os.close(slave)
    chunks = []
    while True:
        ready, _, _ = select.select([master], [], [], 60)
        if not ready:
            break
        try:
            data = os.read(master, 65536)
        except OSError:  # the other end closed
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=60)
    os.close(master)
    screen = b"".join(chunks).decode("utf-8", "replace")
    assert proc.returncode == 0
    assert "\x1b[" in screen  # redrawn in place
    assert "waiting" in screen or "layout" in screen
    assert screen.count("wrote ") >= 3
    plain = _cli("build", str(mini), "-o", str(tmp_path / "pipe"), "--force")
    assert "\x1b" not in plain.stdout
    assert [line.split()[0] for line in plain.stdout.splitlines()] == ["wrote"] * 3


# -- atomic: faults ------------------------------------------------------------------
def _start_paused(mini: Path, out: Path, name: str, **kw) -> tuple[subprocess.Popen, int, Path]:
    """Start a build whose worker for ``name`` pauses after writing its temporary file."""
    proc = subprocess.Popen([PY, "-m", "pipeline.cli", "build", str(mini), "-o", str(out), "--jobs", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PIPELINE_FAULT_PAUSE": f"before-publish:{name}"}, **kw)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if line.startswith("paused at before-publish"):
            words = line.split()
            return proc, int(words[words.index("pid") + 1]), Path(words[-1])
        assert line or proc.poll() is None, "the build ended without pausing"
    raise AssertionError("the worker did not pause")


def _built_then_changed(mini: Path, out: Path) -> dict[str, bytes]:
    """Build, then change the German text so the next build has mini.de.pdf to redo;
    return the PDFs of the first build."""
    _build(mini, out)
    before = {p.name: p.read_bytes() for p in out.glob("*.pdf")}
    md = mini / "reportages" / "sonne.de.md"
    md.write_text(md.read_text(encoding="utf-8").replace("Sonne", "Sommersonne", 1), encoding="utf-8")
    return before


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=lambda s: s.name)
def test_killing_a_worker_midway_keeps_the_previous_pdf_and_the_next_run_recovers(mini, tmp_path, sig):
    out = tmp_path / "out"
    before = _built_then_changed(mini, out)

    proc, pid, tmp = _start_paused(mini, out, "mini.de.pdf")
    assert tmp.exists() and tmp.parent == out  # the new PDF is written, checked, not yet published
    os.kill(pid, sig)
    stdout, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 1
    assert f"the build process was killed by {sig.name}" in stderr or "SystemExit" not in stderr
    assert "mini.de.pdf" in stderr
    assert (out / "mini.de.pdf").read_bytes() == before["mini.de.pdf"]
    assert "wrote" in stdout and "mini.bilingual.pdf" in stdout, stderr  # the other outputs went on

    report = _build(mini, out)  # the next run recovers
    assert _status(report)["mini.de.pdf"] == "built"
    assert (out / "mini.de.pdf").read_bytes() != before["mini.de.pdf"]
    assert not list(out.glob(".*.tmp"))


def test_killing_the_whole_build_leaves_no_half_file_and_no_stale_lock(mini, tmp_path):
    out = tmp_path / "out"
    _build(mini, out)
    before = {p.name: p.read_bytes() for p in out.glob("*.pdf")}
    md = mini / "reportages" / "sonne.en.md"
    md.write_text(md.read_text(encoding="utf-8").replace("fog lies", "mist lies"), encoding="utf-8")
    proc, _, tmp = _start_paused(mini, out, "mini.en.pdf", start_new_session=True)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=60)
    assert tmp.exists()  # killed -9: nobody could clean up
    assert (out / "mini.en.pdf").read_bytes() == before["mini.en.pdf"]
    run = _cli("build", str(mini), "-o", str(out), "--lock-timeout", "5")
    assert run.returncode == 0, run.stderr
    assert not list(out.glob(".*.tmp"))
    assert {p.name for p in out.glob("*.pdf")} == set(before)


def test_terminating_the_build_stops_its_workers_and_cleans_up(mini, tmp_path):
    out = tmp_path / "out"
    before = _built_then_changed(mini, out)
    proc, pid, tmp = _start_paused(mini, out, "mini.de.pdf")
    proc.send_signal(signal.SIGTERM)  # to the build, as a scheduler's timeout would
    proc.communicate(timeout=60)
    assert proc.returncode == 130
    deadline = time.monotonic() + 10
    while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not Path(f"/proc/{pid}").exists(), "the worker outlived the build"
    assert not tmp.exists() and not list(out.glob(".*.tmp"))
    assert (out / "mini.de.pdf").read_bytes() == before["mini.de.pdf"]


# -- atomic: two builds at once ------------------------------------------------------
def test_a_second_build_waits_for_the_first(mini, tmp_path):
    out = tmp_path / "out"
    with OutputLock(out, timeout=5):
        proc = subprocess.Popen([PY, "-m", "pipeline.cli", "build", str(mini), "-o", str(out)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(1.5)
        assert proc.poll() is None  # still waiting
        assert not list(out.glob("*.pdf"))
    stdout, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 0, stderr
    assert "waiting for the other build" in stderr
    assert stdout.count("wrote ") == 3


def test_a_second_build_gives_up_with_a_clear_message(mini, tmp_path):
    out = tmp_path / "out"
    with OutputLock(out, timeout=5):
        run = _cli("build", str(mini), "-o", str(out), "--lock-timeout", "0.5", "--report",
                   str(tmp_path / "r.json"))
    assert run.returncode == 1
    assert "another build is using this output folder" in run.stderr
    assert f"pid {os.getpid()}" in run.stderr
    assert json.loads((tmp_path / "r.json").read_text())["ok"] is False
    assert not list(out.glob("*.pdf"))


# -- report and exit codes -----------------------------------------------------------
def test_the_report_lists_built_skipped_and_failed(mini, tmp_path):
    out = tmp_path / "out"
    report = _build(mini, out)
    assert report["format"] == 1 and report["exit"] == 0 and report["counts"]["built"] == 3
    de = next(o for o in report["outputs"] if o["name"] == "mini.de.pdf")
    assert de["file"] == str(out / "mini.de.pdf") and de["edition"] == "mini" and de["variant"] == "de"
    assert de["pages"] > 0 and de["bytes"] == (out / "mini.de.pdf").stat().st_size
    assert de["check"]["ok"] is True and de["check"]["findings"] == 0
    assert de["check"]["seconds"] > 0  # our checker's own time on the file
    assert set(de["stages"]) == {"load", "layout", "post-process", "check", "write"}
    assert de["peak_rss_kib"] > 10_000 and de["seconds"] > 0

    broken = mini.parent / "broken"
    shutil.copytree(mini, broken)
    (broken / "edition.yaml").write_text("id: [", encoding="utf-8")
    report_path = tmp_path / "r.json"
    code = main(["build", str(mini), str(broken), "-o", str(out), "--report", str(report_path)])
    report = json.loads(report_path.read_text())
    assert code == 1 and report["exit"] == 1 and not report["ok"]
    assert report["counts"] == {"built": 0, "skipped": 3, "failed": 1}
    failed = next(o for o in report["outputs"] if o["status"] == "failed")
    assert "broken/edition.yaml:" in failed["error"] and "invalid YAML" in failed["error"]


def test_misuse_exits_2(mini, tmp_path):
    assert _cli("build", str(mini), "--jobs", "0").returncode == 2
    assert _cli("build", "no-such-edition", "-o", str(tmp_path)).returncode == 2
    assert _cli("build", "--profile", "poster").returncode == 2
    assert not list(tmp_path.glob("*.pdf"))
