"""Where the last build of an output put its destinations: a first guess for the next.

The contents page needs the page of each reportage before the pages are laid out. The
layout passes settle that (see ``document.render``); with a guess from the last build, a
build whose page breaks did not move needs one pass instead of two. A guess only saves
time: the layout does not depend on the numbers (they sit in a column of their own), so
the result is the same, byte for byte, with a right guess, a wrong one or none.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
from pathlib import Path

from ..files import write_atomically
from ..settings import cache_dir


def _path(key: str) -> Path:
    return cache_dir() / "pages" / (hashlib.sha256(key.encode()).hexdigest()[:24] + ".json")


def load_hint(key: str) -> dict[str, int] | None:
    try:
        data = json.loads(_path(key).read_text(encoding="utf-8"))
        return {str(k): int(v) for k, v in data.items()}
    except (OSError, ValueError, TypeError, AttributeError):
        return None


def save_hint(key: str, destinations: dict[str, int]) -> None:
    with contextlib.suppress(OSError):  # no cache: the next build takes one pass more
        write_atomically(_path(key), json.dumps(destinations, sort_keys=True).encode())
