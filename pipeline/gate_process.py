"""Both gates in a process of their own, started before the layout (issue 13/14: speed).

A build that lays its outputs out in its own process (``--jobs 1``, or a single output)
would import our checker (about 50 ms with pikepdf's reader) and page-validation (a large
Rust library, 25 ms) on the way to its first check, and page-validation's thread would
wait for the interpreter our checker holds. A gate process forked before the layout does
those imports on the other core while the layout runs (when told to, :meth:`warm`: once
the sources have loaded, so as not to take a core from their loading), then judges each
file it is sent with ``gates.judge_here`` (our checker, page-validation beside it): a
pickled request ``("judge", path, second)`` out through a pipe, the pickled verdicts (or
the checker's exception) back, in the order asked (:meth:`GateProcess.submit` and
:meth:`GateProcess.collect`: a build with several outputs lays out the next while the
gate process judges the last). The checker so runs in a process that never imported the
writer.

The verdicts are ``judge_here``'s in every case: the process calls it, and where the
process cannot be started, has died or answers nonsense, :meth:`GateProcess.judge` calls
it in the build process instead (``tests/test_gate_process.py``).
"""
from __future__ import annotations

import contextlib
import os
import pickle
import signal
from collections import deque

from .gates import Verdicts, judge_here


class GateProcess:
    """A forked process that answers both gates' verdicts for each path it is sent."""

    def __init__(self, pid: int | None = None, requests: int | None = None,
                 replies: int | None = None):
        self._pid = pid
        self._waiting: deque[tuple[str, bool, bool]] = deque()  # (path, second, sent) per submit
        self._requests = os.fdopen(requests, "wb") if requests is not None else None
        self._replies = os.fdopen(replies, "rb") if replies is not None else None

    @classmethod
    def start(cls) -> GateProcess:
        """Fork the gate process (or, where that fails, a gate that judges in-process)."""
        if not hasattr(os, "fork"):
            return cls()
        try:
            from_parent, to_child = os.pipe()
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

    def warm(self) -> None:
        """Have the gate process import the checkers now (it answers nothing to this)."""
        if self._requests is not None:
            try:
                pickle.dump(("warm",), self._requests)
                self._requests.flush()
            except OSError:
                self.close()

    def judge(self, path: str | os.PathLike, second: bool = True) -> Verdicts:
        """Both gates' verdicts on ``path``: from the gate process, or in-process."""
        self.submit(path, second)
        return self.collect()

    def submit(self, path: str | os.PathLike, second: bool = True) -> None:
        """Send ``path`` to be judged; :meth:`collect` gives the verdicts, in the order sent."""
        sent = False
        if self._requests is not None:
            try:
                pickle.dump(("judge", os.fspath(path), second), self._requests)
                self._requests.flush()
                sent = True
            except OSError:
                self.close()
        self._waiting.append((os.fspath(path), second, sent))

    def collect(self) -> Verdicts:
        """The verdicts on the oldest file sent and not yet collected: the gate process's,
        or (it is gone, or the file could not be sent) judged here and now."""
        path, second, sent = self._waiting.popleft()
        if sent and self._replies is not None:
            try:
                kind, value = pickle.load(self._replies)
            except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError):
                self.close()  # gone or confused: no more questions to it
            else:
                if kind == "verdicts" and isinstance(value, Verdicts):
                    return value
                if kind == "raised" and isinstance(value, Exception):
                    raise value  # the checker's own error (CheckerInputError), as in-process
                self.close()
        return judge_here(path, second)

    def close(self) -> None:
        """End the gate process and reap it; idempotent."""
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


def _warm() -> None:
    """Import what the first check would: the rule modules, pikepdf, fontTools' sfnt
    reader (every output embeds TrueType fonts) and page-validation."""
    from .checker import load_rules

    load_rules()
    with contextlib.suppress(ImportError):
        import fontTools.ttLib  # noqa: F401
    with contextlib.suppress(ImportError):  # second_opinion says so in its verdict
        import page  # noqa: F401


def _serve(requests_fd: int, replies_fd: int) -> None:  # pragma: no cover - in the child
    code = 1
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        with os.fdopen(requests_fd, "rb") as requests, os.fdopen(replies_fd, "wb") as replies:
            while True:
                try:
                    request = pickle.load(requests)
                except EOFError:
                    break
                if request[0] == "warm":
                    _warm()
                    continue
                _, path, second = request
                try:
                    answer: tuple[str, object] = ("verdicts", judge_here(path, second))
                except Exception as exc:  # noqa: BLE001 - raised again in the build process
                    answer = ("raised", exc)
                pickle.dump(answer, replies)
                replies.flush()
        code = 0
    except BaseException:  # noqa: BLE001 - the build process judges in-process instead
        pass
    finally:
        os._exit(code)
