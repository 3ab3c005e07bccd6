"""page-validation in a process of its own, started before the layout (issue 13/14: speed).

A build that lays its outputs out in its own process (``--jobs 1``, or a single output)
asks page-validation beside our checker, in a thread. Importing page-validation (a large
Rust library) then costs that process about 25 ms, and the thread's Python parts wait for
the interpreter while our checker holds it. A gate process forked before the layout
imports page-validation while the layout runs and judges each file it is sent on the other
core, through a pipe: one JSON line with the file's path out, one with the verdict back.

The verdict is ``second_opinion``'s in every case: the process calls it, and where the
process cannot be started, has died or answers nonsense, :meth:`GateProcess.judge` calls
it in the build process instead (``tests/test_second_gate.py``).
"""
from __future__ import annotations

import contextlib
import json
import os
import signal
from pathlib import Path

from .second_opinion import Failure, SecondOpinion, second_opinion


class GateProcess:
    """A forked process that answers page-validation's verdict for each path it is sent."""

    def __init__(self, pid: int | None = None, requests: int | None = None,
                 replies: int | None = None):
        self._pid = pid
        self._requests = os.fdopen(requests, "w", encoding="utf-8") if requests is not None else None
        self._replies = os.fdopen(replies, "r", encoding="utf-8") if replies is not None else None

    @classmethod
    def start(cls) -> GateProcess:
        """Fork the gate process (or, where that fails, a gate that judges in-process)."""
        if not hasattr(os, "fork"):
            return cls()
        try:
            to_child, from_parent = os.pipe()[::-1]  # (write end, read end)
            from_child, to_parent = os.pipe()
        except OSError:
            return cls()
        try:
            pid = os.fork()
        except OSError:
            for fd in (to_child, from_parent, from_child, to_parent):
                os.close(fd)
            return cls()
        if pid == 0:  # pragma: no cover - the child; ends in os._exit
            os.close(to_child)
            os.close(from_child)
            _serve(from_parent, to_parent)
        os.close(from_parent)
        os.close(to_parent)
        return cls(pid, to_child, from_child)

    @property
    def running(self) -> bool:
        return self._pid is not None

    def judge(self, path: str | os.PathLike) -> SecondOpinion:
        """page-validation's verdict on ``path``: from the gate process, or in-process."""
        if self._requests is not None and self._replies is not None:
            try:
                self._requests.write(json.dumps(os.fspath(path)) + "\n")
                self._requests.flush()
                answer = self._replies.readline()
                return _from_json(json.loads(answer))
            except (OSError, ValueError, KeyError, TypeError):
                self.close()  # gone or confused: no more questions to it
        return second_opinion(path)

    def close(self) -> None:
        """End the gate process (it leaves when its requests end) and reap it; idempotent."""
        for stream in (self._requests, self._replies):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()
        self._requests = self._replies = None
        if self._pid is not None:
            try:
                os.kill(self._pid, signal.SIGKILL)  # a verdict half given is not waited for
                os.waitpid(self._pid, 0)
            except (ChildProcessError, ProcessLookupError):
                pass
            self._pid = None


def _from_json(data: dict) -> SecondOpinion:
    failures = [Failure(**f) for f in data["failures"]]
    return SecondOpinion(ran=bool(data["ran"]), failures=failures, reason=data["reason"],
                         version=data["version"], seconds=float(data["seconds"]))


def _serve(requests_fd: int, replies_fd: int) -> None:  # pragma: no cover - in the child
    code = 1
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        with contextlib.suppress(ImportError):  # second_opinion says so in its verdict
            import page  # noqa: F401 - now, while the build process lays out
        with os.fdopen(requests_fd, "r", encoding="utf-8") as requests, \
                os.fdopen(replies_fd, "w", encoding="utf-8") as replies:
            for line in requests:
                opinion = second_opinion(Path(json.loads(line)))
                replies.write(json.dumps(opinion.to_dict()) + "\n")
                replies.flush()
        code = 0
    except BaseException:  # noqa: BLE001 - the build process judges in-process instead
        pass
    finally:
        os._exit(code)
