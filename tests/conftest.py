"""Shared fixtures: the editions, built once per test session with the real command."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.loading import find_editions, load_edition

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "sources"
MINI = ROOT / "tests" / "fixtures" / "mini"


def _editions_in_git(folders: list[Path]) -> list[Path]:
    """The edition folders whose edition.yaml git tracks: an edition still being written in
    a working tree (not yet added) is not built by every test. In a clone (CI) that is all."""
    try:
        tracked = subprocess.run(["git", "ls-files", "--", "*/edition.yaml"], cwd=SOURCES,
                                 capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return folders
    if tracked.returncode != 0:  # not a git checkout (e.g. an unpacked archive): all of them
        return folders
    names = {(SOURCES / line).parent.resolve() for line in tracked.stdout.splitlines()}
    return [f for f in folders if f.resolve() in names]


EDITION_FOLDERS = [MINI, *_editions_in_git(find_editions(SOURCES))]


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> dict[str, dict[str, Path]]:
    """{edition id: {"de" | "en" | "bilingual": path}} for the mini edition and every
    edition in sources/, built by `pipeline build`."""
    out = tmp_path_factory.mktemp("output")
    code = main(["build", *map(str, EDITION_FOLDERS), "--output", str(out)])
    assert code == 0, "pipeline build failed"
    result: dict[str, dict[str, Path]] = {}
    for pdf in sorted(out.glob("*.pdf")):
        edition, variant, _ = pdf.name.rsplit(".", 2)
        result.setdefault(edition, {})[variant] = pdf
    return result


@pytest.fixture(scope="session")
def editions():
    """{edition id: loaded model} for the same editions."""
    return {e.id: e for e in (load_edition(f) for f in EDITION_FOLDERS)}


def outputs(built):
    return [(ed, variant, path) for ed, variants in built.items() for variant, path in variants.items()]


def have(tool: str) -> bool:
    return shutil.which(tool) is not None


@pytest.fixture(scope="session")
def built_print(tmp_path_factory) -> dict[str, dict[str, Path]]:
    """Like ``built``, for the print profile: {edition id: {variant: path of *.print.pdf}}."""
    out = tmp_path_factory.mktemp("output-print")
    code = main(["build", *map(str, EDITION_FOLDERS), "--output", str(out), "--profile", "print"])
    assert code == 0, "pipeline build --profile print failed"
    result: dict[str, dict[str, Path]] = {}
    for pdf in sorted(out.glob("*.print.pdf")):
        edition, variant, _, _ = pdf.name.rsplit(".", 3)
        result.setdefault(edition, {})[variant] = pdf
    return result
