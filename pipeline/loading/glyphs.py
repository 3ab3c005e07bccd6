"""Characters the body font cannot show: found in the sources, before any layout.

The edition is set in one family (``pipeline.fontfamily.BODY``); a character missing from
it would be drawn as the font's empty .notdef box and fail the PDF/UA check after layout,
with no file or line. This check names the character, its code point, file and line.
There is deliberately no fallback font: the project ships one family, and an editor who
needs Greek or Cyrillic hears so before the build (see README, "Bad input").

A character must be in all four faces (regular, italic, bold, bold italic), since the
text may be set in any of them. The faces' character sets are read with fontTools and
kept in the cache folder, keyed by each file's size and modification time.
"""
from __future__ import annotations

import contextlib
import json
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from ..files import write_atomically
from ..fontfamily import BODY
from ..settings import cache_dir
from .problems import Problems

# Drawn by the layout itself, never from the font's cmap: line ends, soft hyphens.
ALWAYS_FINE = frozenset("\n\t\u00ad")
MAX_REPORTED = 10  # missing characters reported per file


def _face_chars(path: Path) -> frozenset[int]:
    st = path.stat()
    cache = cache_dir() / "glyphs" / f"{path.name}-{st.st_size}-{st.st_mtime_ns}.json"
    try:
        return frozenset(json.loads(cache.read_text(encoding="ascii")))
    except (OSError, ValueError, TypeError):
        pass
    from fontTools.ttLib import TTFont  # only when the cache has no answer

    font = TTFont(path, lazy=True)
    try:
        chars = frozenset(font.getBestCmap() or {})
    finally:
        font.close()
    with contextlib.suppress(OSError):  # no cache folder: slower next time, not wrong
        write_atomically(cache, json.dumps(sorted(chars)).encode("ascii"))
    return chars


@lru_cache(maxsize=4)
def _coverage(paths: tuple[Path, ...]) -> frozenset[int] | None:
    try:
        sets = [_face_chars(p) for p in paths]
    except Exception:  # a missing or broken font: the layout reports it, naming the file
        return None
    return frozenset.intersection(*sets)


def coverage() -> frozenset[int] | None:
    """Code points every face of the body font can show; None when a face cannot be read."""
    return _coverage(tuple(BODY.own_files()))  # (the tabular faces: the same characters)


def describe(char: str) -> str:
    name = unicodedata.name(char, "")
    return f"{char!r} (U+{ord(char):04X}{' ' + name if name else ''})"


def check_text(pieces: Iterable[tuple[str, Path, int | None]], problems: Problems) -> None:
    """Report every character of ``pieces`` (text, file, line of the text's start) that the
    font cannot show, with the line it is on (found in the file from the text's start)."""
    covered = coverage()
    if covered is None:
        return
    reported: dict[Path, int] = {}
    seen: set[tuple[Path, str]] = set()
    for text, file, line in pieces:
        for char in dict.fromkeys(text):  # each character once, in the order it first comes
            if ord(char) in covered or char in ALWAYS_FINE or (file, char) in seen:
                continue
            seen.add((file, char))
            reported[file] = reported.get(file, 0) + 1
            if reported[file] > MAX_REPORTED:
                continue
            problems.add(file, f"{describe(char)} cannot be shown: the body font "
                               f"({BODY.name}) has no glyph for it", _line_of(file, char, line))
    for file, count in reported.items():
        if count > MAX_REPORTED:
            problems.add(file, f"{count - MAX_REPORTED} more characters the font cannot show")


def _line_of(file: Path, char: str, start: int | None) -> int | None:
    """The first line at or after ``start`` in ``file`` that holds ``char``."""
    try:
        lines = file.read_text(encoding="utf-8-sig", errors="replace").splitlines()
    except OSError:
        return start
    first = max((start or 1) - 1, 0)
    for number in range(first, len(lines)):
        if char in lines[number]:
            return number + 1
    return start
