"""The command line's layout: every subcommand is one module of pipeline/commands/ named after
it, listed in pipeline/cli.py's table; the commands that read PDFs load none of the writer."""
from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

from pipeline.cli import COMMANDS, main

WRITER = ("reportlab", "pipeline.layout", "pipeline.tagging", "pipeline.pdf.", "pipeline.stages")


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_each_command_is_its_own_module_in_commands(name: str) -> None:
    module_name, help_text = COMMANDS[name]
    assert module_name == f"pipeline.commands.{name}"
    module = importlib.import_module(module_name)
    assert callable(module.add_arguments) and callable(module.run) and help_text


@pytest.mark.parametrize("name", ["check", "tags", "review"])
def test_reading_commands_load_none_of_the_writer(name: str) -> None:
    """Run in a fresh interpreter, so that what the test session imported does not count."""
    code = ("import sys\n"
            "from pipeline.cli import main\n"
            f"main([{name!r}, '/nonexistent/file.pdf'])\n"
            f"print([m for m in sys.modules if m.startswith({WRITER!r})])\n")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert run.stdout.strip().splitlines()[-1] == "[]", run.stdout + run.stderr


def test_a_missing_file_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("check", "tags", "review"):
        assert main([name, "/nonexistent/file.pdf"]) == 2, name
        err = capsys.readouterr().err
        assert len(err.strip().splitlines()) == 1 and "Traceback" not in err, (name, err)
