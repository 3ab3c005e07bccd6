"""What the PDF/UA checker reports: findings and per-file reports."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .checkpoints import Coverage


class CheckerInputError(Exception):
    """The file cannot be checked at all (not a PDF, corrupt, encrypted, empty).

    The command line turns this into exit code 2 with the message, never a traceback.
    """


@dataclass(frozen=True)
class Finding:
    """One violation of a PDF/UA-1 requirement.

    clause:  ISO 14289-1 clause, e.g. "7.1", "7.18.5", "7.21.4.1"
    rule:    stable rule id, kebab-case, e.g. "content-not-tagged"
    message: one line in plain words
    page:    1-based page number, where known
    obj:     PDF object number, where known
    path:    structure element path, e.g. "Document/Sect[2]/Figure[1]", where known
    """

    clause: str
    rule: str
    message: str
    page: int | None = None
    obj: int | None = None
    path: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Report:
    """The result of checking one file."""

    file: str
    pages: int = 0
    seconds: float = 0.0
    findings: list[Finding] = field(default_factory=list)
    coverage: Coverage | None = None  # the Matterhorn checkpoints: what was checked (checkpoints.py)

    @property
    def ok(self) -> bool:
        return not self.findings

    def clauses(self) -> set[str]:
        return {f.clause for f in self.findings}

    def to_dict(self) -> dict:
        return {
            "file": self.file,
            "pages": self.pages,
            "seconds": round(self.seconds, 4),
            "conforming": self.ok,
            "findings": [f.to_dict() for f in self.findings],
        } | ({"coverage": self.coverage.to_dict()} if self.coverage is not None else {})
