"""`pipeline build [EDITION...]`: build editions from sources/ into output/."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import BuildError, SourceError
from ..build import PROFILES, build_output, load, outputs_of
from .common import resolve_editions


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("editions", nargs="*", metavar="EDITION",
                        help="edition folders or names in --sources (default: all)")
    parser.add_argument("--sources", type=Path, default=Path("sources"), help="sources folder (default: sources)")
    parser.add_argument("--output", "-o", type=Path, default=Path("output"), help="output folder (default: output)")
    parser.add_argument("--profile", choices=PROFILES, default="screen",
                        help="screen (default): for reading on screen; print: with bleed, "
                             "trim and bleed boxes and crop marks, written as *.print.pdf")


def run(args: argparse.Namespace) -> int:
    folders = resolve_editions(args.sources, args.editions)
    if folders is None:
        return 2
    failed = 0
    for folder in folders:
        try:
            edition = load(folder)
        except SourceError as exc:
            print(f"error: {folder.name}: the sources have {len(exc.problems)} problem(s):", file=sys.stderr)
            for problem in exc.problems:
                print(f"  {problem}", file=sys.stderr)
            failed += 1
            continue
        for output in outputs_of(edition, args.profile):
            try:
                result = build_output(edition, output, args.output)
            except BuildError as exc:
                print(f"error: {exc}", file=sys.stderr)
                failed += 1
                continue
            print(f"wrote {result.path}  {result.pages} pages  {result.size / 1024:.0f} KiB  "
                  f"{result.seconds:.2f} s", flush=True)
    return 1 if failed else 0
