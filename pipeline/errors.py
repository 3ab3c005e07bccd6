"""Errors about the sources: each names the file and, where known, the line."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    file: Path
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else f"{self.file}"
        return f"{where}: {self.message}"


class SourceError(Exception):
    """One or more problems in the sources; ``problems`` lists them all."""

    def __init__(self, problems: list[Problem], warnings: list[Problem] | None = None):
        self.problems = list(problems)
        self.warnings = list(warnings or [])  # found beside the problems; shown with them
        super().__init__("\n".join(str(p) for p in self.problems))


class BuildError(Exception):
    """A build step failed for a reason other than the sources (e.g. the PDF/UA gate)."""


class FontMissingError(BuildError):
    """A font file the layout needs is missing or unusable; names the file."""
