"""Paths named by the sources stay inside the edition folder, symbolic links included."""
from __future__ import annotations

from pathlib import Path

from .problems import Problems


def confined(root: Path, relative: str, file: Path, line: int | None, problems: Problems,
             what: str = "path") -> Path | None:
    """``root / relative`` resolved (links followed), or None and a problem when it would
    leave ``root``: an absolute path, ``..``, or a link pointing outside."""
    base = root.resolve()
    if not relative or "\0" in relative:
        problems.add(file, f"{what} {relative!r} is not a file name", line)
        return None
    try:
        path = (base / relative).resolve()
    except (OSError, RuntimeError) as exc:  # a link loop
        problems.add(file, f"{what} {relative!r} cannot be resolved ({exc})", line)
        return None
    if not path.is_relative_to(base):
        problems.add(file, f"{what} {relative!r} leaves the edition folder {base}", line)
        return None
    return path
