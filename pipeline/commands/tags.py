"""``pipeline tags FILE.pdf``: the structure tree as an outline, or with ``--text``
the text a screen reader would read.

Exit codes: 0 shown, 1 the PDF has no structure tree, 2 the file cannot be read.
"""
from __future__ import annotations

import argparse
import os
import sys

from ..review.readout import format_outline, reading_text_of
from ..review.structure import ReviewError, load_document


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("pdf", metavar="FILE.pdf", help="the PDF to show")
    parser.add_argument("--text", action="store_true",
                        help="print the reading text (structure order, [lang=..] switches, [Figure: alt])")
    parser.add_argument("--width", type=int, default=60, metavar="N",
                        help="shorten text in the outline to N characters (default 60)")


def run(args: argparse.Namespace) -> int:
    try:
        doc = load_document(args.pdf)
    except ReviewError as exc:
        print(f"pipeline tags: {exc}", file=sys.stderr)
        return exc.exit_code
    except Exception as exc:  # noqa: BLE001 - a damaged file must give one line, never a traceback
        print(f"pipeline tags: {args.pdf}: unexpected {type(exc).__name__} while reading: "
              f"{' '.join(str(exc).split())[:200]}", file=sys.stderr)
        return 2
    out = reading_text_of(doc.root) if args.text else format_outline(doc.root, limit=max(args.width, 10))
    try:
        print(out)
        sys.stdout.flush()
    except BrokenPipeError:  # e.g. piped into head: not an error of ours
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keeps Python's exit flush quiet
        return 0
    for warning in doc.warnings:
        print(f"pipeline tags: warning: {warning}", file=sys.stderr)
    return 0
