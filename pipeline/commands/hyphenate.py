"""`pipeline hyphenate --lang de [--edition EDITION] WORD...`: the breaks a build would allow.

Prints each word with a hyphen at every allowed break (``Uni-ver-si-täts-in-sti-tut``),
one word per line, so an editor can check a word before a build. ``--edition`` applies
that edition's ``hyphenation:`` settings (exceptions, pattern set, minimum letters).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import SourceError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("words", nargs="+", metavar="WORD")
    parser.add_argument("--lang", required=True, help="language of the words: de or en")
    parser.add_argument("--edition", metavar="EDITION",
                        help="apply this edition's hyphenation settings (a folder or a name under --sources)")
    parser.add_argument("--sources", type=Path, default=Path("sources"))


def run(args: argparse.Namespace) -> int:
    from ..layout.hyphenation import HyphenationError, Hyphenator, edition_rules

    edition = None
    if args.edition:
        from ..loading import load_edition
        from .common import resolve_editions

        folders = resolve_editions(args.sources, [args.edition])
        if folders is None:
            return 2
        try:
            edition = load_edition(folders[0])
        except SourceError as exc:
            for problem in exc.problems:
                print(f"error: {problem}", file=sys.stderr)
            return 1
    try:
        hyphenator = Hyphenator(edition_rules(edition, args.lang))
    except HyphenationError as exc:
        where = f"{edition.source}: " if edition is not None else ""
        print(f"error: {where}{exc}", file=sys.stderr)
        return 2 if edition is None else 1
    for word in args.words:
        print(hyphenator.marked(word))
    return 0
