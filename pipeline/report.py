"""The build report for scheduled jobs: `pipeline build --report build.json`.

One entry per output: built, skipped (unchanged since the last build) or failed, with
pages, size, seconds, seconds per stage, peak memory of the process that built it,
the checker's verdict, warnings and the error. An edition whose sources do not load has
one failed entry without a file. The exit code is 0 when nothing failed, else 1.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .files import write_atomically

FORMAT = 1


@dataclass
class BuildReport:
    jobs: int
    profile: str
    seconds: float = 0.0
    outputs: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # build-wide: an unknown key (file:line), no cache

    @property
    def ok(self) -> bool:
        return all(o["status"] != "failed" for o in self.outputs)

    @property
    def exit_code(self) -> int:
        return 0 if self.ok else 1

    def built(self, name: str, result: dict[str, Any]) -> None:
        self.outputs.append({"name": name, "status": "built", "error": None, **result})

    def skipped(self, name: str, path: str, settings: dict[str, str], pages: int) -> None:
        self.outputs.append({
            "name": name, "file": path, "status": "skipped", "edition": settings.get("id"),
            "variant": settings.get("variant"), "profile": settings.get("profile"),
            "pages": pages, "bytes": os.path.getsize(path), "seconds": 0.0, "stages": {},
            "warnings": [], "check": {"ok": True, "findings": 0}, "error": None,
            "second_opinion": {"ran": False, "reason": "unchanged since it was built; judged then by "
                                                       + settings.get("gate", "our checker")}})

    def failed(self, name: str | None, path: str | None, error: str, edition: str | None = None) -> None:
        self.outputs.append({"name": name, "file": path, "status": "failed", "edition": edition,
                             "pages": None, "error": error})

    def fail_all(self, error: str) -> None:
        """A failure of the whole build (e.g. the output folder stayed locked)."""
        self.failed(None, None, error)

    def to_dict(self) -> dict[str, Any]:
        counts = {s: sum(o["status"] == s for o in self.outputs) for s in ("built", "skipped", "failed")}
        return {"format": FORMAT, "ok": self.ok, "exit": self.exit_code,
                "seconds": round(self.seconds, 4), "jobs": self.jobs, "profile": self.profile,
                "counts": counts, "warnings": self.warnings, "outputs": self.outputs}

    def write(self, path: Path) -> None:
        """Written atomically, so a job reading it never sees half a report."""
        write_atomically(path, (json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n").encode())
