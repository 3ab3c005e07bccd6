"""Line plans remembered across builds: a paragraph whose text, fonts and measure did not
change gets the lines the last build chose for it, without choosing them again.

Choosing a paragraph's lines (``linebreak.plan_lines``, total fit) is about a fifth of a
layout pass. The plan is a function of what ``plan_lines`` keys it by (the paragraph's
fragments with their fonts and sizes, the line widths, the alignment, the hyphenation
rules) and of things no key names: the font files' metrics, the line breaker's code,
ReportLab's version. A stored plan is found under a digest of the key *and* of those
(``salt``), so a changed font file, a changed line breaker or another ReportLab finds
nothing and plans afresh: the layout is the same, byte for byte, with or without the
cache (tested).

One file per output in the cache folder (``pipeline.settings.cache_dir``), as the page
guesses of ``hints.py``: a build reads its output's file once and, when it planned a
paragraph the file did not have or left one unused, writes what it used (so the file
keeps the paragraphs of the last build and does not grow). Any problem with the file
just means the lines are planned again.
"""
from __future__ import annotations

import contextlib
import functools
import hashlib
import marshal
from collections.abc import Iterable
from pathlib import Path

from ..files import write_atomically
from ..settings import cache_dir

Plan = tuple[float, ...] | None  # the natural width of each chosen line; None: ReportLab's own


def salt(code: Iterable[Path], fonts: Iterable[Path], versions: Iterable[str]) -> bytes:
    """What a plan depends on besides its key: the code that plans (its source files), the
    font files' bytes and the libraries' versions."""
    h = hashlib.sha256()
    for path in [*code, *fonts]:
        h.update(path.name.encode() + b"\0")
        with contextlib.suppress(OSError):
            h.update(hashlib.sha256(path.read_bytes()).digest())
    for version in versions:
        h.update(version.encode() + b"\0")
    return h.digest()


def default_salt() -> bytes:
    """``salt`` of this installation: the line breaker's and hyphenator's code, the body
    font's files (in the fonts folder now in use) and ReportLab's version."""
    from ..fontfamily import BODY

    fonts = []
    for path in BODY.files():
        with contextlib.suppress(OSError):
            st = path.stat()
            fonts.append((str(path), st.st_size, st.st_mtime_ns))
    return _salt(tuple(fonts))


@functools.cache
def _salt(fonts: tuple[tuple[str, int, int], ...]) -> bytes:
    import reportlab

    try:
        import _rl_accel
        accel = str(getattr(_rl_accel, "version", "?"))
    except ImportError:
        accel = "-"
    here = Path(__file__).resolve().parent
    code = [here / "linebreak.py", here / "hyphenation.py", here / "plancache.py",
            here.parent / "reportlab_private.py"]
    return salt(code, [Path(f[0]) for f in fonts], [reportlab.Version, accel])


class PlanStore:
    """The plans of one output: read from its file on first use, written by ``save``."""

    def __init__(self, path: Path, salt: bytes):
        self.path, self.salt = path, salt
        self._known: dict[bytes, Plan] | None = None
        self.used: dict[bytes, Plan] = {}

    def digest(self, key: object) -> bytes:
        return hashlib.blake2b(repr(key).encode(), key=self.salt, digest_size=16).digest()

    def get(self, digest: bytes) -> tuple[bool, Plan]:
        """(whether a plan is stored under ``digest``, the plan)."""
        if self._known is None:
            self._known = self._load()
        if digest not in self._known:
            return False, None
        plan = self.used[digest] = self._known[digest]
        return True, plan

    def put(self, digest: bytes, plan: Plan) -> None:
        self.used[digest] = plan

    def _load(self) -> dict[bytes, Plan]:
        try:
            data = marshal.loads(self.path.read_bytes())
        except (OSError, ValueError, EOFError, TypeError):
            return {}
        if not isinstance(data, dict):
            return {}
        return {k: v for k, v in data.items() if isinstance(k, bytes)
                and (v is None or (isinstance(v, tuple) and all(isinstance(x, float) for x in v)))}

    def save(self) -> None:
        """Write the plans this build used, when they differ from what the file held."""
        if not self.used or (self._known is not None and self.used.keys() == self._known.keys()):
            return
        with contextlib.suppress(OSError, ValueError):  # no cache: the next build plans again
            write_atomically(self.path, marshal.dumps(dict(sorted(self.used.items()))))
        self._known = dict(self.used)


_CURRENT: list[PlanStore | None] = [None]


def store_path(key: str) -> Path:
    return cache_dir() / "lines" / (hashlib.sha256(key.encode()).hexdigest()[:24] + ".marshal")


def use_store(store: PlanStore | None) -> None:
    """Plan with ``store`` from now on (None: only this process remembers plans)."""
    _CURRENT[0] = store


def current() -> PlanStore | None:
    return _CURRENT[0]
