"""Collecting every problem in the sources before giving up."""
from __future__ import annotations

from pathlib import Path

from ..errors import Problem, SourceError


class Problems:
    def __init__(self) -> None:
        self.items: list[Problem] = []

    def add(self, file: Path, message: str, line: int | None = None) -> None:
        self.items.append(Problem(Path(file), message, line))

    def raise_if_any(self) -> None:
        if self.items:
            raise SourceError(self.items)
