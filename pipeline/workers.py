"""Run build jobs, each in a process of its own, a few at a time.

Workers are forked from the build process after it has loaded the sources, fonts and
hyphenation patterns, so they start with all of that in memory. Each worker reports
its stages and its result through a pipe. A worker that dies without reporting (killed
by a signal, out of memory) fails its own job only; the others go on.
"""
from __future__ import annotations

import gc
import os
import resource
import signal
import sys
import traceback
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, Protocol, cast

from .errors import BuildError, SourceError
from .files import os_problem

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

StageFn = Callable[[str], None]


class Started(Protocol):
    """A job begun in this process, to be finished (or given up) later."""

    def finish(self) -> dict[str, Any]: ...  # raises BuildError / SourceError on failure

    def abandon(self) -> None: ...


@dataclass
class Job:
    name: str
    run: Callable[[StageFn], dict[str, Any]]  # raises BuildError / SourceError on failure
    weight: float = 0.0  # expected work (e.g. bytes of source text): the heaviest start first
    # in this process: begin the job and finish it after the next one has begun (its
    # checks, in a gate process, run beside the next one's layout)
    start: Callable[[StageFn], Started] | None = None


@dataclass
class Outcome:
    name: str
    result: dict[str, Any] | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def _peak_rss_kib() -> int:
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)  # KiB on Linux


def _attempt(job: Job, on_stage: StageFn) -> Outcome:
    return _outcome(job.name, lambda: job.run(on_stage))


def _outcome(name: str, run: Callable[[], dict[str, Any]]) -> Outcome:
    failed, result = _failure(name, run)
    if failed is not None:
        return failed
    result["peak_rss_kib"] = _peak_rss_kib()
    result["pid"] = os.getpid()
    return Outcome(name, result=result)


def _failure(name: str, run: Callable[[], Any]) -> tuple[Outcome | None, Any]:
    """``run()``'s value, or the failed outcome its exception makes of job ``name``."""
    try:
        return None, run()
    except (BuildError, SourceError) as exc:
        return Outcome(name, error=str(exc)), None
    except OSError as exc:  # a file the build reads or writes (a full disk, a lost folder)
        return Outcome(name, error=f"{name}: not published, {os_problem(exc)}"), None
    except Exception as exc:  # a bug: report it with its traceback, as this job's failure
        detail = "".join(traceback.format_exception(exc)).rstrip()
        return Outcome(name, error=f"{name}: internal error: {exc}\n{detail}"), None


def _run_here(jobs: list[Job], on_stage: Callable[[str, str], None]) -> Iterator[Outcome]:
    """The jobs one after the other in this process; a job with ``start`` is finished once
    the next has begun, so that its checks (in a gate process) overlap the next's layout.
    Outcomes come in the order of the jobs; an interruption gives up the begun ones."""
    begun: deque[tuple[Job, Started]] = deque()

    def finish_all_but(keep: int) -> Iterator[Outcome]:
        while len(begun) > keep:
            job, started = begun[0]
            outcome = _outcome(job.name, started.finish)
            begun.popleft()  # only now: interrupted while finishing, it is still to give up
            yield outcome

    try:
        for job in jobs:
            stage = partial(on_stage, job.name)
            if job.start is None:
                yield from finish_all_but(0)
                yield _attempt(job, stage)
                continue
            failed, started = _failure(job.name, partial(job.start, stage))
            if failed is not None:
                yield from finish_all_but(0)
                yield failed
            else:
                begun.append((job, started))
                yield from finish_all_but(1)
        yield from finish_all_but(0)
    finally:
        for _, started in begun:
            started.abandon()


def _die_with_parent(parent: int) -> None:
    """Ask Linux to send this process SIGTERM when the build process ends, however it ends
    (a SIGKILL included), so that no worker outlives its build; and end now if the build
    has already gone. Elsewhere the workers still end when their pipe closes."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:
        sys.exit(128 + signal.SIGTERM)


PR_SET_PDEATHSIG = 1


def _worker(job: Job, conn: Connection, parent: int) -> None:
    # SIGTERM ends the worker through SystemExit, so `finally` blocks remove temp files.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    _die_with_parent(parent)
    try:
        outcome = _attempt(job, lambda stage: conn.send(("stage", stage)))
        conn.send(("outcome", outcome))
    finally:
        conn.close()


def in_process(jobs: int, max_workers: int) -> bool:
    """Whether ``run_jobs`` runs that many jobs in this process (no workers forked)."""
    return max_workers <= 1 or jobs <= 1


def run_jobs(jobs: list[Job], max_workers: int, on_stage: Callable[[str, str], None],
             on_tick: Callable[[], None] = lambda: None) -> Iterator[Outcome]:
    """Run ``jobs``, yielding each outcome as it ends (in order of ending).

    With one worker, or one job, the jobs run in this process, one after the other."""
    if in_process(len(jobs), max_workers):
        yield from _run_here(jobs, on_stage)
        return
    import multiprocessing  # only when there is more than one process to start
    from multiprocessing.connection import wait

    ctx = multiprocessing.get_context("fork")
    # Objects loaded so far (sources, fonts, hyphenation patterns) are shared with the
    # workers copy-on-write; keeping the collector off them keeps them shared.
    gc.freeze()
    pending = deque(sorted(jobs, key=lambda job: -job.weight))  # the longest first
    running: dict[Connection, tuple[Job, BaseProcess, bool]] = {}
    try:
        while pending or running:
            while pending and len(running) < max_workers:
                job = pending.popleft()
                parent_end, child_end = ctx.Pipe(duplex=False)
                started = ctx.Process(target=_worker, args=(job, child_end, os.getpid()),
                                      name=f"build {job.name}")
                started.start()
                child_end.close()
                running[parent_end] = (job, started, False)
            for ready in wait(list(running), timeout=0.25):
                conn = cast("Connection", ready)  # wait() returns the objects it was given
                job, proc, reported = running[conn]
                try:
                    kind, value = conn.recv()
                except EOFError:  # the worker has ended
                    proc.join()
                    del running[conn]
                    conn.close()
                    if not reported:
                        yield Outcome(job.name, error=f"{job.name}: the build process "
                                                      f"{_ending(proc.exitcode)}; nothing was published")
                    continue
                if kind == "stage":
                    on_stage(job.name, value)
                else:
                    running[conn] = (job, proc, True)
                    yield value
            on_tick()
    finally:
        for _, proc, _ in running.values():
            if proc.is_alive():
                proc.terminate()
        for _, proc, _ in running.values():
            proc.join()


def _ending(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        return f"was killed by {signal.Signals(-exitcode).name}"
    return f"ended with exit code {exitcode} before reporting"


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
