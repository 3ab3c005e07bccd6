"""The `pipeline` command: one subcommand per job, each implemented in its own module.

Every subcommand module exposes ``add_arguments(parser)`` and ``run(args) -> int``;
this file only wires them together, so that importing one command never loads the
others (a checker run does not load ReportLab, a build does not load the review tools).
"""
from __future__ import annotations

import argparse
import importlib
import os
import sys

# subcommand -> (module implementing it, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "build": ("pipeline.commands.build", "build editions from sources/ into output/"),
    "validate": ("pipeline.commands.validate", "check the sources of editions without building"),
    "check": ("pipeline.commands.check", "check PDF files against PDF/UA-1 (ISO 14289-1)"),
    "tags": ("pipeline.commands.tags", "print the structure tree of a tagged PDF"),
    "review": ("pipeline.commands.review", "write a self-contained HTML review page for a PDF"),
    "hyphenate": ("pipeline.commands.hyphenate", "print words with the line breaks a build would allow"),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="pipeline", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    # Parse the command name first so only that command's module is imported.
    argv = list(sys.argv[1:] if argv is None else argv)
    name = next((a for a in argv if not a.startswith("-")), None)
    for cmd, (module_name, help_text) in COMMANDS.items():
        p = sub.add_parser(cmd, help=help_text, description=help_text)
        if cmd == name:
            module = importlib.import_module(module_name)
            module.add_arguments(p)
            p.set_defaults(_run=module.run)
    args = parser.parse_args(argv)
    try:
        return int(args._run(args) or 0)
    except KeyboardInterrupt:
        print("pipeline: interrupted", file=sys.stderr)
        return 130


class PipeSafe:
    """Standard output that a reader closing the pipe (``pipeline check F | head -1``)
    cannot break: from the first BrokenPipeError on, output goes to /dev/null and the
    command runs to its end, so it exits with the code it would have had."""

    def __init__(self, stream) -> None:
        self._stream = stream

    def _divert(self) -> None:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, self._stream.fileno())
        os.close(devnull)

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except BrokenPipeError:
            self._divert()
            return len(text)

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            self._divert()
            self._stream.flush()

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


def entry() -> None:
    """The ``pipeline`` console command: ``main``, then leave without tearing the
    interpreter down. Every file has been written and closed and every worker joined by
    then; the teardown would only free, object by object, memory the operating system
    takes back at once (about 0.05 s after a build)."""
    sys.stdout = PipeSafe(sys.stdout)
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:  # e.g. `pipeline tags ... | head`
        pass
    os._exit(code)


if __name__ == "__main__":  # pragma: no cover
    entry()
