"""Writing files so that readers see the old content or the new, never half, with the
mode the umask gives any new file; and saying which path a file-system error concerns."""
from __future__ import annotations

import os
import tempfile
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=1)
def new_file_mode() -> int:
    """The mode ``open()`` gives a new file under the process's umask (0644 under 022).
    ``mkstemp`` creates 0600 files; a published PDF must be readable like any other file."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def write_temp_beside(target: Path, data: bytes) -> Path:
    """Write ``data`` to a new ``.<name>.*.tmp`` beside ``target`` (creating the folder),
    flushed to disk, with the umask's mode. A temporary file an interrupted process leaves
    in ``output/`` matches ``.*.tmp`` and is removed by the next build
    (``lock.remove_leftovers``). Raises OSError naming the path; leaves nothing behind then."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    tmp = Path(name)
    try:
        os.fchmod(fd, new_file_mode())
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        if exc.filename is None:
            exc.filename = str(tmp)
        raise
    return tmp


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` beside ``path``, then rename it into place."""
    tmp = write_temp_beside(path, data)
    try:
        os.replace(tmp, path)
    except OSError as exc:
        exc.filename = str(path)  # the file that could not be written, not the temporary one
        raise
    finally:
        tmp.unlink(missing_ok=True)


def os_problem(exc: OSError, path: Path | str | None = None) -> str:
    """``<path>: <what went wrong>`` for a file-system error, e.g. a full disk."""
    where = exc.filename or path or "?"
    return f"{where}: {exc.strerror or exc}"
