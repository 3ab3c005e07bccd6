"""One build at a time per output folder: an advisory lock on ``output/.build.lock``.

The lock is an ``flock`` on an open file, so the operating system releases it when the
holding process ends in any way, a kill -9 included: a crashed build never leaves a
stale lock behind. The file itself stays; it says which process holds it, for messages.
"""
from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable
from pathlib import Path

LOCK_NAME = ".build.lock"


class LockTimeout(Exception):
    pass


class OutputLock:
    def __init__(self, out_dir: Path, timeout: float, on_wait: Callable[[str], None] | None = None):
        self.path = out_dir / LOCK_NAME
        self.timeout = timeout
        self.on_wait = on_wait
        self._fd: int | None = None

    def holder(self) -> str:
        try:
            text = self.path.read_text(encoding="utf-8").strip()
        except OSError:
            text = ""
        return text or "another process"

    def __enter__(self) -> OutputLock:
        try:
            return self._acquire()
        except OSError as exc:  # e.g. a read-only or full file system: name the lock file
            if exc.filename is None:
                exc.filename = str(self.path)
            raise

    def _acquire(self) -> OutputLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + self.timeout
        told = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    os.close(fd)
                    raise LockTimeout(
                        f"{self.path.parent}: another build is using this output folder "
                        f"({self.holder()}); gave up after {self.timeout:g} s") from None
                if not told and self.on_wait:
                    self.on_wait(f"waiting for the other build using {self.path.parent} "
                                 f"({self.holder()}) ...")
                    told = True
                time.sleep(0.1)
        os.ftruncate(fd, 0)
        os.write(fd, f"pipeline build, pid {os.getpid()}\n".encode())
        self._fd = fd
        return self

    def __exit__(self, *exc) -> None:
        if self._fd is not None:
            os.ftruncate(self._fd, 0)
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


def remove_leftovers(out_dir: Path) -> list[Path]:
    """Delete temporary files an interrupted build left (call with the lock held)."""
    removed = []
    for path in out_dir.glob(".*.tmp"):
        path.unlink(missing_ok=True)
        removed.append(path)
    return removed
