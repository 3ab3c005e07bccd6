"""Issue 16, part 3: an edition names its printer's own output profile and condition
(``print:`` in edition.yaml); what cannot be used is a source error naming the file and line."""
from __future__ import annotations

import shutil
import struct
from pathlib import Path

import pikepdf
import pytest
from conftest import MINI
from PIL import ImageCms

from pipeline.checker.pdfx_content import page_colours
from pipeline.cli import main
from pipeline.errors import SourceError
from pipeline.stages import Output, load, render_output

PROFILE = Path(__file__).resolve().parents[1] / "pipeline" / "pdf" / "profiles" / "FOGRA39L-coated-300.icc"


def _edition(tmp_path: Path, settings: str) -> Path:
    folder = tmp_path / "mini"
    shutil.copytree(MINI, folder)
    (folder / "profiles").mkdir()
    # the printer's profile: here the project's, under the printer's name
    shutil.copy(PROFILE, folder / "profiles" / "printer.icc")
    (folder / "profiles" / "screen.icc").write_bytes(
        ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    with open(folder / "edition.yaml", "a", encoding="utf-8") as fh:
        fh.write(settings)
    return folder


def _print(folder: Path, tmp_path: Path) -> Path:
    edition = load(folder)
    data = render_output(edition, Output(edition.id, "de", ("de",), "print"))
    path = tmp_path / "out.pdf"
    path.write_bytes(data)
    return path


def test_the_edition_s_profile_condition_and_ink_limit_are_used(tmp_path):
    folder = _edition(tmp_path, "print:\n  profile: profiles/printer.icc\n  condition: FOGRA51\n"
                                "  info: PSO Coated v3\n  ink_limit: 240\n")
    path = _print(folder, tmp_path)
    with pikepdf.open(path) as pdf:
        intents = list(pdf.Root.OutputIntents)
        assert {str(i.OutputConditionIdentifier) for i in intents} == {"FOGRA51"}
        assert str(intents[0].Info) == "PSO Coated v3"
        assert intents[0].DestOutputProfile.read_bytes() == PROFILE.read_bytes()
        inks = [page.max_ink for page in page_colours(pdf)]
    assert max(inks) <= 240.5 and max(inks) > 150  # the limit holds; there is colour to limit


def test_the_default_is_the_project_s_fogra39_profile(tmp_path):
    edition = load(MINI)
    assert edition.printing.profile is None and edition.printing.condition == "FOGRA39"
    assert edition.printing.ink_limit == 300 and edition.printing.marks is False


@pytest.mark.parametrize("settings, message", [
    ("print:\n  profile: profiles/screen.icc\n  condition: X\n", "not an output ('prtr') profile"),
    ("print:\n  profile: ../outside.icc\n  condition: X\n", "leaves the edition folder"),
    ("print:\n  profile: profiles/missing.icc\n  condition: X\n", "is not a file"),
    ("print:\n  profile: profiles/printer.icc\n", "print.condition: missing"),
    ("print:\n  ink_limit: 500\n", "from 100 to 400"),
    ("print:\n  marks: yes please\n", "is not true or false"),
])
def test_settings_that_cannot_be_used_are_source_errors(tmp_path, settings, message):
    folder = _edition(tmp_path, settings)
    line = len((MINI / "edition.yaml").read_text(encoding="utf-8").splitlines()) + 1  # "print:"
    with pytest.raises(SourceError) as caught:
        load(folder)
    problems = [str(p) for p in caught.value.problems]
    assert any(message in p and "edition.yaml" in p for p in problems), problems
    assert any(f":{line}" in p or f":{line + 1}" in p or f":{line + 2}" in p for p in problems), problems


def test_a_bad_profile_is_an_error_exit_without_traceback(tmp_path, capsys):
    folder = _edition(tmp_path, "print:\n  profile: profiles/screen.icc\n  condition: X\n")
    assert main(["build", str(folder), "--output", str(tmp_path / "out"), "--profile", "print"]) != 0
    err = capsys.readouterr().err
    assert "print.profile" in err and "Traceback" not in err


def test_icc_header_checks():
    from pipeline.loading.printing import icc_problem

    data = PROFILE.read_bytes()
    assert icc_problem(data) is None
    assert "not an ICC profile" in icc_problem(b"x" * 200)
    assert "CMYK" in icc_problem(data[:16] + b"RGB " + data[20:])
    assert "whole" in icc_problem(struct.pack(">I", len(data) + 1) + data[4:])
