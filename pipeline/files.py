"""Writing a small file so that readers see the old content or the new, never half."""
from __future__ import annotations

import os
from pathlib import Path


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``.<name>.<pid>.tmp`` beside ``path``, then rename it into place.

    Creates the folder. A temporary file an interrupted process leaves in ``output/``
    matches ``.*.tmp`` and is removed by the next build (``lock.remove_leftovers``)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
