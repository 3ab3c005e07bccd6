"""Shared fixtures: the editions, built once per test session with the real command.

Under CI (``CI=true``) a skipped test is a failure: CI installs every tool the tests use
(``.ci/run``), so a skip there means one is missing. The one exception is the veraPDF
corpus, which lives beside the clone, not in it (see the README): a test that skips because
it is not found stays a skip, and the terminal summary lists those in a block of their own.
"""
from __future__ import annotations

import os
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

# Where the corpus tests look for veraPDF's corpus (folders PDF_UA-1, PDF_A-2a, -2b, -2u), and
# the words every skip for its absence starts its reason with.
CORPUS_ROOT = ROOT.parent / "shared" / "verapdf-corpus"
CORPUS_MISSING = "veraPDF corpus not found"
# What a CI machine may lack that no install step can give: the corpus beside the clone, and
# the right to mount a small tmpfs (the full-disk and read-only-folder tests). A skip for one
# of these stays a skip under CI, listed loudly at the end; any other skip there is a failure.
NOT_INSTALLABLE = (CORPUS_MISSING, "cannot mount a tmpfs here")


def corpus_params(files: list[Path], folder: Path) -> list:
    """``files`` as the parameters of a test, or, when there are none, one parameter that
    skips saying why (instead of pytest's bare "got empty parameter set")."""
    if files:
        return list(files)
    return [pytest.param(None, id="no-corpus",
                         marks=pytest.mark.skip(reason=f"{CORPUS_MISSING} at {folder}"))]


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def _is_corpus_skip(reason: str) -> bool:
    return any(what.lower() in reason.lower() for what in NOT_INSTALLABLE)


def _skip_reason(report: pytest.TestReport) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:  # (file, line, "Skipped: reason")
        return str(longrepr[2]).removeprefix("Skipped: ")
    return str(longrepr)


_CORPUS_SKIPS = pytest.StashKey[list[str]]()  # under CI: "node id: reason" of each corpus skip


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """Under CI a skip (other than for NOT_INSTALLABLE) is reported as a failure, with its reason."""
    outcome = yield
    report: pytest.TestReport = outcome.get_result()
    if not (in_ci() and report.skipped) or hasattr(report, "wasxfail"):
        return
    reason = _skip_reason(report)
    if _is_corpus_skip(reason):
        item.config.stash.setdefault(_CORPUS_SKIPS, []).append(f"{item.nodeid}: {reason}")
        return
    report.outcome = "failed"
    report.longrepr = (f"skipped under CI ({reason}); CI installs every tool the tests need "
                       "(.ci/run), so this is a failure")


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    """Under CI, the tests skipped for want of the corpus or a tmpfs, loudly, in a block of their own."""
    skipped = config.stash.get(_CORPUS_SKIPS, [])
    if not skipped:
        return
    terminalreporter.section(f"{len(skipped)} TESTS DID NOT RUN: this machine lacks what they need",
                             sep="!", red=True, bold=True)
    terminalreporter.line(f"The corpus tests look for it at {CORPUS_ROOT}; get it from the veraPDF "
                          "project's veraPDF-corpus repository on GitHub (see the README). The "
                          "tmpfs tests need the right to mount (root, not in a locked-down container).",
                          red=True, bold=True)
    for line in skipped:
        terminalreporter.line(f"  {line}", red=True)


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


def reaped(pid: int) -> bool:
    """Whether the child process ``pid`` has been waited for (no zombie left)."""
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False
