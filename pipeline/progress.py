"""What a build shows while it runs.

On a terminal: one line per output, redrawn in place as it moves through its stages.
Elsewhere (a log file, a scheduled job, a pipe): plain lines, one when each output ends.
Errors and warnings always go to standard error as plain lines.
"""
from __future__ import annotations

import shutil
import sys
import time
from dataclasses import dataclass
from typing import TextIO


@dataclass
class _Line:
    name: str
    state: str = "waiting"
    started: float | None = None


class PlainProgress:
    """Plain lines: the outcome of each output as it ends."""

    def __init__(self, out: TextIO | None = None, err: TextIO | None = None):
        self.out, self.err = out or sys.stdout, err or sys.stderr

    def add(self, name: str) -> None:
        pass

    def stage(self, name: str, stage: str) -> None:
        pass

    def done(self, name: str, line: str) -> None:
        print(line, file=self.out, flush=True)

    def failed(self, name: str | None, message: str) -> None:
        print(f"error: {message}", file=self.err, flush=True)

    def warn(self, message: str) -> None:
        print(f"warning: {message}", file=self.err, flush=True)

    def note(self, message: str) -> None:
        print(message, file=self.err, flush=True)

    def tick(self) -> None:
        pass

    def close(self) -> None:
        pass


class TerminalProgress(PlainProgress):
    """A live block at the bottom, one line per output still being built (its stage and
    time so far), redrawn in place with ANSI cursor movement. Outputs that end leave the
    block: their line (``wrote ...``, ``skipped ...``) and any errors and warnings are
    printed above it, where they stay."""

    def __init__(self, out: TextIO | None = None, err: TextIO | None = None):
        super().__init__(out, err)
        self.lines: dict[str, _Line] = {}
        self._drawn = 0
        self._messages: list[tuple[TextIO, str]] = []

    def add(self, name: str) -> None:
        self.lines[name] = _Line(name)
        self._draw()

    def stage(self, name: str, stage: str) -> None:
        line = self.lines[name]
        if line.started is None:
            line.started = time.monotonic()
        line.state = stage
        self._draw()

    def done(self, name: str, line: str) -> None:
        self.lines.pop(name, None)
        self._messages.append((self.out, line))
        self._draw()

    def failed(self, name: str | None, message: str) -> None:
        if name is not None:
            self.lines.pop(name, None)
        self._messages.append((self.err, f"error: {message}"))
        self._draw()

    def warn(self, message: str) -> None:
        self._messages.append((self.err, f"warning: {message}"))
        self._draw()

    def note(self, message: str) -> None:
        self._messages.append((self.err, message))
        self._draw()

    def tick(self) -> None:
        if any(line.started for line in self.lines.values()):
            self._draw()

    def close(self) -> None:
        self.lines.clear()
        self._draw()

    def _draw(self) -> None:
        """Move up over the block drawn last, clear it, print what is pending above it,
        then draw the block again (each row cut to the terminal's width, so that none
        wraps and the next redraw moves up by exactly the rows drawn)."""
        now = time.monotonic()
        columns = shutil.get_terminal_size((100, 24)).columns - 1
        width = max((len(n) for n in self.lines), default=0)
        rows = []
        for line in self.lines.values():
            if line.started is None:
                row = f"  {line.name:<{width}}  waiting"
            else:
                row = f"  {line.name:<{width}}  {line.state} ... {now - line.started:4.1f} s"
            rows.append(row[:columns])
        self.out.write((f"\x1b[{self._drawn}F" if self._drawn else "") + "\x1b[J")
        self.out.flush()
        for stream, message in self._messages:
            print(message, file=stream, flush=True)
        self._messages.clear()
        self.out.write("".join(f"{row}\n" for row in rows))
        self.out.flush()
        self._drawn = len(rows)


def progress_for(stream: TextIO | None = None) -> PlainProgress:
    stream = stream or sys.stdout
    return TerminalProgress(stream) if stream.isatty() else PlainProgress(stream)
