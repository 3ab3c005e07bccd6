"""What the build commands share: finding the editions asked for."""
from __future__ import annotations

import sys
from pathlib import Path

from ..loading import find_editions


def resolve_editions(sources: Path, names: list[str]) -> list[Path] | None:
    """Edition folders for the names given (folder paths or names under ``sources``).

    Prints a message and returns None when one cannot be found (a usage error)."""
    if not names:
        found = find_editions(sources)
        if not found:
            print(f"error: no editions (folders with edition.yaml) in {sources}", file=sys.stderr)
            return None
        return found
    folders = []
    for name in names:
        candidates = [Path(name), sources / name]
        folder = next((c for c in candidates if (c / "edition.yaml").is_file()), None)
        if folder is None:
            print(f"error: edition {name!r} not found (looked for {name}/edition.yaml and "
                  f"{sources / name}/edition.yaml)", file=sys.stderr)
            return None
        folders.append(folder)
    return folders
