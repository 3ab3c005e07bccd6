"""Collecting every problem in the sources before giving up, and the warnings beside them."""
from __future__ import annotations

from pathlib import Path
from typing import NoReturn

from ..errors import Problem, SourceError


class Problems:
    def __init__(self) -> None:
        self.items: list[Problem] = []  # errors: the edition is not built
        self.warnings: list[Problem] = []  # worth saying, not worth stopping for

    def add(self, file: Path, message: str, line: int | None = None) -> None:
        self.items.append(Problem(Path(file), message, line))

    def warn(self, file: Path, message: str, line: int | None = None) -> None:
        self.warnings.append(Problem(Path(file), message, line))

    def raise_if_any(self) -> None:
        if self.items:
            raise SourceError(self.items, self.warnings)

    def stop(self) -> NoReturn:
        """Raise what has been found: there is at least one problem."""
        raise SourceError(self.items, self.warnings)
