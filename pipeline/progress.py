"""What a build shows while it runs.

On a terminal: one line per output, redrawn in place as it moves through its stages.
Elsewhere (a log file, a scheduled job, a pipe): plain lines, one when each output ends.
Errors and warnings always go to standard error as plain lines.
"""
from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from typing import TextIO


@dataclass
class _Line:
    name: str
    state: str = "waiting"
    started: float | None = None
    final: str | None = None


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
    """A block of lines, one per output, redrawn with ANSI cursor movement."""

    def __init__(self, out: TextIO | None = None, err: TextIO | None = None):
        super().__init__(out, err)
        self.lines: dict[str, _Line] = {}
        self._drawn = 0
        self._messages: list[str] = []

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
        if name in self.lines:
            self.lines[name].final = line
            self._draw()
        else:
            self._messages.append(line)
            self._draw()

    def failed(self, name: str | None, message: str) -> None:
        if name in self.lines:
            self.lines[name].final = f"FAILED {name} (see below)"
        self._messages.append(f"error: {message}")
        self._draw()

    def warn(self, message: str) -> None:
        self._messages.append(f"warning: {message}")
        self._draw()

    def note(self, message: str) -> None:
        self._messages.append(message)
        self._draw()

    def tick(self) -> None:
        if any(line.final is None and line.started for line in self.lines.values()):
            self._draw()

    def close(self) -> None:
        self._draw()

    def _draw(self) -> None:
        """Move up over the block drawn last, clear it, print pending messages (they stay
        above), then draw the block again."""
        now = time.monotonic()
        width = max((len(n) for n in self.lines), default=0)
        rows = []
        for line in self.lines.values():
            if line.final is not None:
                rows.append(line.final)
            elif line.started is None:
                rows.append(f"  {line.name:<{width}}  waiting")
            else:
                rows.append(f"  {line.name:<{width}}  {line.state} ... {now - line.started:4.1f} s")
        self.out.write((f"\x1b[{self._drawn}F" if self._drawn else "") + "\x1b[J")
        self.out.flush()
        for message in self._messages:
            print(message, file=self.err, flush=True)
        self._messages.clear()
        self.out.write("".join(f"{row}\n" for row in rows))
        self.out.flush()
        self._drawn = len(rows)


def progress_for(stream: TextIO | None = None) -> PlainProgress:
    stream = stream or sys.stdout
    return TerminalProgress(stream) if stream.isatty() else PlainProgress(stream)
