"""Sources loaded in a child process while the build imports its layout code (issue 13/14:
speed). The child is only a way to the same result sooner: the same model, the same PDF
bytes, and wherever it does not deliver, the in-process loader's own errors."""
from __future__ import annotations

import os
import shutil
import signal
from pathlib import Path

import pytest
from conftest import MINI, reaped

from pipeline import load_ahead
from pipeline.cli import main
from pipeline.loading import load_edition

pytestmark = pytest.mark.skipif(not load_ahead.worth_forking(), reason="needs fork and two cores")


def test_the_child_gives_the_model_the_loader_gives() -> None:
    child = load_ahead.LoadAhead.start(MINI)
    pid = child._pid
    assert pid is not None
    loaded = child.result()
    assert loaded is not None and loaded.seconds > 0
    assert loaded.edition == load_edition(MINI)
    assert reaped(pid)


def test_sources_with_problems_are_loaded_in_process(tmp_path: Path) -> None:
    folder = tmp_path / "mini"
    shutil.copytree(MINI, folder)
    (folder / "edition.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    assert load_ahead.LoadAhead.start(folder).result() is None


def test_a_child_that_dies_leaves_the_load_to_the_build() -> None:
    child = load_ahead.LoadAhead.start(MINI)
    assert child._pid is not None
    os.kill(child._pid, signal.SIGKILL)
    assert child.result() is None


def test_closing_stops_and_reaps_a_child_still_loading() -> None:
    child = load_ahead.LoadAhead.start(MINI)
    pid = child._pid
    assert pid is not None
    child.close()
    child.close()  # idempotent
    assert reaped(pid)
    assert child.result() is None


def test_no_more_children_at_once_than_cores_besides_the_build(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setattr(load_ahead, "cores_available", lambda: 3)
    folders = []
    for i in range(5):
        folders.append(tmp_path / f"e{i}")
        shutil.copytree(MINI, folders[-1])
    ahead = load_ahead.Ahead(folders)
    try:
        assert len(ahead._running) == 2
        assert ahead.take(folders[0]) is not None
        assert set(ahead._running) == {folders[1], folders[2]}
        assert ahead.take(folders[4]) is None  # not started yet: the caller loads it
    finally:
        ahead.close()
    assert not ahead._running


def _build(tmp_path: Path, name: str, folder: Path, capsys) -> tuple[int, dict[str, bytes], str]:
    out = tmp_path / name
    code = main(["build", str(folder), "-o", str(out), "--jobs", "1"])
    printed = capsys.readouterr()
    pdfs = {p.name: p.read_bytes() for p in sorted(out.glob("*.pdf"))}
    return code, pdfs, printed.err


def test_the_same_pdf_bytes_with_and_without_the_child(monkeypatch, tmp_path: Path, capsys) -> None:
    code, ahead, _ = _build(tmp_path, "ahead", MINI, capsys)
    assert code == 0 and ahead
    monkeypatch.setattr(load_ahead, "worth_forking", lambda: False)
    code, here, _ = _build(tmp_path, "here", MINI, capsys)
    assert code == 0
    assert ahead == here


def test_a_source_error_reads_as_without_the_child(monkeypatch, tmp_path: Path, capsys) -> None:
    folder = tmp_path / "mini"
    shutil.copytree(MINI, folder)
    md = next((folder / "reportages").glob("*.de.md"))
    md.write_text(md.read_text(encoding="utf-8") + "\n```figure\nsrc: missing.jpg\n```\n",
                  encoding="utf-8")
    code, pdfs, with_child = _build(tmp_path, "ahead", folder, capsys)
    assert code != 0 and not pdfs
    monkeypatch.setattr(load_ahead, "worth_forking", lambda: False)
    code_here, _, without = _build(tmp_path, "here", folder, capsys)
    assert code_here == code
    assert "sonne.de.md:" in with_child and "figure" in with_child  # file, line, what
    assert (with_child.replace(str(tmp_path / "ahead"), "OUT")
            == without.replace(str(tmp_path / "here"), "OUT"))
