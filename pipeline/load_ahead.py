"""Load an edition in a process of its own while the build imports its layout code.

A build's first quarter second goes to imports (ReportLab, pikepdf, the checker) and the
next tenth to loading the sources (Markdown, YAML, the font-coverage check); neither
needs the other. Where the build may use more than one core, it forks a child per
edition to be loaded, which imports the loader, loads, and sends the document model
back pickled through a pipe, while the build process goes on importing.

The child is only a way to the same result sooner. Whenever it does not deliver a
model (the sources have problems, it cannot be forked, it dies, its pickle is
incomplete), :meth:`LoadAhead.result` returns None and the caller loads in-process as
before, so every error and message is the in-process loader's. Unpickling gives an
equal model, and the same PDF bytes (``tests/test_load_ahead.py``).
"""
from __future__ import annotations

import os
import pickle
import signal
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from . import model as m


def cores_available() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def worth_forking() -> bool:
    """A second process helps only where there is a second core to run it on."""
    return hasattr(os, "fork") and cores_available() > 1


@dataclass
class Loaded:
    edition: m.Edition
    seconds: float  # the child's load_edition, as the in-process load stage measures it


class LoadAhead:
    """One edition being loaded in a child process (or not, if none could be started)."""

    def __init__(self, folder: Path, pid: int | None = None, fd: int | None = None):
        self.folder, self._pid, self._fd = folder, pid, fd

    @classmethod
    def start(cls, folder: Path) -> LoadAhead:
        if not worth_forking():
            return cls(folder)
        try:
            read_end, write_end = os.pipe()
        except OSError:
            return cls(folder)
        try:
            pid = os.fork()
        except OSError:
            os.close(read_end)
            os.close(write_end)
            return cls(folder)
        if pid == 0:  # pragma: no cover - the child; ends in os._exit
            os.close(read_end)
            _child(folder, write_end)
        os.close(write_end)
        return cls(folder, pid, read_end)

    def result(self) -> Loaded | None:
        """The child's model, or None: then load in-process."""
        if self._fd is None:
            return None
        chunks = []
        try:
            while chunk := os.read(self._fd, 1 << 20):
                chunks.append(chunk)
        except OSError:
            chunks = []
        finally:
            self.close()
        try:
            loaded = pickle.loads(b"".join(chunks)) if chunks else None
        except Exception:  # an incomplete pickle: the child died while writing
            return None
        if not (isinstance(loaded, tuple) and len(loaded) == 3 and loaded[0] == str(self.folder)):
            return None
        return Loaded(loaded[2], loaded[1])

    def close(self) -> None:
        """Stop the child (if it still runs) and reap it; idempotent."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
        if self._pid is not None:
            try:
                if os.waitpid(self._pid, os.WNOHANG) == (0, 0):
                    os.kill(self._pid, signal.SIGKILL)
                    os.waitpid(self._pid, 0)
            except (ChildProcessError, ProcessLookupError):
                pass
            self._pid = None


def _child(folder: Path, write_end: int) -> None:  # pragma: no cover - runs in the child
    """Load, send ``(folder, seconds, edition)``, leave without the parent's exit handlers."""
    code = 1
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C or the scheduler's SIGTERM
        signal.signal(signal.SIGTERM, signal.SIG_DFL)  # end the child where it stands
        from .loading.edition import load_edition

        t0 = time.perf_counter()
        edition = load_edition(folder)
        seconds = time.perf_counter() - t0
        data = pickle.dumps((str(folder), seconds, edition), protocol=pickle.HIGHEST_PROTOCOL)
        view = memoryview(data)
        while view:
            view = view[os.write(write_end, view):]
        code = 0
    except BaseException:  # noqa: BLE001 - whatever it was, the parent loads in-process
        pass
    finally:
        os._exit(code)


class Ahead:
    """Editions loading in child processes, a few ahead of the one being planned: as many
    at once as there are cores besides this process's."""

    def __init__(self, folders: list[Path]):
        self._waiting = list(folders)
        self._running: dict[Path, LoadAhead] = {}
        self._width = max(1, cores_available() - 1)
        self._fill()

    def _fill(self) -> None:
        while self._waiting and len(self._running) < self._width:
            folder = self._waiting.pop(0)
            self._running[folder] = LoadAhead.start(folder)

    def take(self, folder: Path) -> Loaded | None:
        """The edition loaded ahead, or None: load it in-process."""
        child = self._running.pop(folder, None)
        loaded = child.result() if child is not None else None
        self._fill()
        return loaded

    def close(self) -> None:
        self._waiting.clear()
        for child in self._running.values():
            child.close()
        self._running.clear()
