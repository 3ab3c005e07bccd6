"""Convert a TeX hyphenation pattern file (hyph-utf8's ``hyph-*.tex``) into the
``hyph_*.dic`` format that pyphen (and LibreOffice's hyphen library) reads.

    python tools/make_hyph_dic.py hyph-de-1996.tex pipeline/layout/patterns/hyph_de_1996.dic

The TeX file's ``\\patterns{...}`` become one pattern a line. Its ``\\hyphenation{...}``
exceptions (``ta-ble``, ``present``) become whole-word patterns with the values 9 (break)
and 8 (no break) at every position: higher than any value in the patterns (which stop
at 7), so they win as an exception does in TeX. The header records the TeX file's
``hyphenmins`` (``LEFTHYPHENMIN``/``RIGHTHYPHENMIN``, which pyphen skips) and where the
patterns came from. The licence comment of the TeX file is copied verbatim, as ``%``
lines, to the top of the output.
"""
from __future__ import annotations

import argparse
import hashlib
import re
import sys
from pathlib import Path

EXCEPTION_BREAK, EXCEPTION_KEEP = "9", "8"


def strip_comments(tex: str) -> str:
    """TeX source without ``%`` comments (a ``%`` ends the line's content)."""
    return "\n".join(line.split("%", 1)[0] for line in tex.splitlines())


def group(tex: str, command: str) -> list[str]:
    """The whitespace-separated words inside ``\\command{...}``, or [] without one."""
    found = re.search(r"\\" + command + r"\s*\{([^}]*)\}", tex)
    return found.group(1).split() if found else []


def header_comment(tex: str) -> list[str]:
    """The leading ``%`` comment block (title, copyright, licence) of the TeX file."""
    lines = []
    for line in tex.splitlines():
        if not line.startswith("%"):
            break
        lines.append(line.rstrip())
    return lines


def hyphenmins(tex: str) -> tuple[int, int]:
    """``typesetting`` left/right from the file's YAML header (TeX's defaults 2/3 without)."""
    block = re.search(r"typesetting:\s*\n%\s*left:\s*(\d+)\s*\n%\s*right:\s*(\d+)", tex)
    return (int(block.group(1)), int(block.group(2))) if block else (2, 3)


def exception_pattern(word: str) -> str:
    """``ta-ble`` -> ``.8t8a9b8l8e8.``: a whole-word pattern that decides every position."""
    letters = word.replace("-", "")
    breaks, i = set(), 0
    for ch in word:
        if ch == "-":
            breaks.add(i)
        else:
            i += 1
    out = ["."]
    for pos, ch in enumerate(letters):
        out.append(EXCEPTION_BREAK if pos in breaks else EXCEPTION_KEEP)
        out.append(ch)
    out.append(EXCEPTION_KEEP + ".")
    return "".join(out)


def convert(tex: str, source: str) -> str:
    body = strip_comments(tex)
    patterns = group(body, "patterns")
    if not patterns:
        raise ValueError("no \\patterns{...} group")
    if any(d in p for p in patterns for d in (EXCEPTION_BREAK, EXCEPTION_KEEP)):
        raise ValueError("the patterns use the values 8 or 9, which the exceptions need")
    exceptions = group(body, "hyphenation")
    left, right = hyphenmins(tex)
    lines = ["UTF-8", f"LEFTHYPHENMIN {left}", f"RIGHTHYPHENMIN {right}",
             f"% converted by tools/make_hyph_dic.py from {source}",
             f"% sha256 of the source: {hashlib.sha256(tex.encode()).hexdigest()}",
             f"% {len(patterns)} patterns, {len(exceptions)} exceptions as whole-word patterns",
             *header_comment(tex), *patterns, *map(exception_pattern, exceptions)]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tex", type=Path, help="a hyph-utf8 hyph-*.tex file")
    parser.add_argument("dic", type=Path, help="the hyph_*.dic file to write")
    args = parser.parse_args(argv)
    try:
        tex = args.tex.read_text(encoding="utf-8")
        args.dic.write_text(convert(tex, args.tex.name), encoding="utf-8")
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        print(f"make_hyph_dic: {args.tex}: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
