"""The second gate: page-validation's verdict on a PDF, beside our own checker's.

page-validation (PyPI ``page-validation``, import name ``page``) is an independent
implementation of the PDF/UA-1 and PDF/A-2a rules (a Rust engine, offline), measured to
agree with the veraPDF corpus. A build publishes an output only when our checker *and*
page-validation's ``ua1`` and ``2a`` profiles pass it; ``pipeline build
--trust-own-checker`` publishes on our verdict alone and says so.

The checker package (``pipeline.checker``) does not import this module: our verdict never
depends on page-validation.

page-validation runs its rules on a thread pool (rayon) that does not survive ``fork``: a
process forked from one that has used it hangs on its first validation. The build forks
its workers before any validation, so they validate in-process; a process forked after
its parent validated (a second build in one test session, say) asks a fresh
``python -m pipeline.second_opinion FILE`` instead. So does a process forked from one
that had merely imported page-validation (``page``): whoever imported it may have
validated with it directly, past this module, and a forked worker cannot tell (a test
session that called ``page.validate_pdf`` and then built hung that way). The build's own
parent imports page-validation only after forking, so its workers validate in-process.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field

PROFILES = ("ua1", "2a")
NAME = "page-validation"
OWN_ONLY_REASON = "--trust-own-checker: published on our checker's verdict alone"
_pool_owner: int | None = None  # the process whose page-validation thread pool exists
_inherited = False  # forked from a process that had imported page-validation


def _after_fork_in_child() -> None:
    global _inherited
    _inherited = _inherited or "page" in sys.modules


os.register_at_fork(after_in_child=_after_fork_in_child)


@dataclass(frozen=True)
class Failure:
    profile: str
    rule_id: str
    message: str
    obj: int | None = None

    def line(self) -> str:
        where = f" (obj {self.obj})" if self.obj else ""
        return f"{self.profile} {self.rule_id}: {self.message}{where}"


@dataclass
class SecondOpinion:
    """page-validation's verdict on one file, or why it was not asked."""

    ran: bool
    failures: list[Failure] = field(default_factory=list)
    reason: str | None = None  # why it did not run (or could not judge the file)
    version: str | None = None
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.ran and not self.failures and self.reason is None

    def summary(self) -> str:
        if not self.ran:
            return f"{NAME}: not run ({self.reason})"
        if self.ok:
            return f"{NAME} {self.version}: passes {' and '.join(PROFILES)}"
        what = f"{len(self.failures)} failure(s)" if self.failures else "could not judge the file"
        return f"{NAME} {self.version}: {what}" + (f" ({self.reason})" if self.reason else "")

    def to_dict(self) -> dict:
        return {"ran": self.ran, "ok": self.ok, "validator": NAME, "version": self.version,
                "profiles": list(PROFILES) if self.ran else [], "reason": self.reason,
                "seconds": round(self.seconds, 4), "failures": [asdict(f) for f in self.failures]}


def not_run(reason: str = OWN_ONLY_REASON) -> SecondOpinion:
    return SecondOpinion(ran=False, reason=reason)


def second_opinion(path: str | os.PathLike) -> SecondOpinion:
    """Validate ``path`` with page-validation's ``ua1`` and ``2a`` profiles.

    Fails closed: a file page-validation cannot read (or a missing page-validation) is not
    a pass. A missing package gives ``ran=False`` with the reason."""
    global _pool_owner
    try:
        import page
    except ImportError as exc:
        return not_run(f"{NAME} is not installed ({exc}); install it or build with --trust-own-checker")
    if _pool_owner not in (None, os.getpid()) or (_inherited and _pool_owner is None):
        return _in_fresh_process(path)
    _pool_owner = os.getpid()
    start = time.perf_counter()
    opinion = SecondOpinion(ran=True, version=getattr(page, "__version__", None))
    for profile in PROFILES:
        try:
            report = page.validate_pdf(os.fspath(path), profile=profile)
        except page.PageError as exc:
            opinion.reason = f"{profile}: {type(exc).__name__}: {' '.join(str(exc).split())[:300]}"
            break
        for f in report.failures:
            obj = f.object_id.object_number if f.object_id is not None else None
            opinion.failures.append(Failure(profile, f.rule_id, " ".join(f.message.split()), obj))
        if not report.is_compliant and not report.failures:
            opinion.reason = f"{profile}: not compliant, without naming a rule"
    opinion.seconds = time.perf_counter() - start
    return opinion


def _in_fresh_process(path: str | os.PathLike) -> SecondOpinion:
    start = time.perf_counter()
    try:
        run = subprocess.run([sys.executable, "-m", __name__, os.fspath(path)], capture_output=True,
                             text=True, timeout=600, check=True)
        data = json.loads(run.stdout)
    except (OSError, subprocess.SubprocessError, ValueError) as exc:
        return SecondOpinion(ran=True, reason=f"{NAME} could not be run: {type(exc).__name__}: {exc}")
    failures = [Failure(**f) for f in data.pop("failures")]
    opinion = SecondOpinion(ran=data["ran"], failures=failures, reason=data["reason"],
                            version=data["version"])
    opinion.seconds = time.perf_counter() - start
    return opinion


if __name__ == "__main__":  # python -m pipeline.second_opinion FILE: the verdict as JSON
    print(json.dumps(second_opinion(sys.argv[1]).to_dict()))
