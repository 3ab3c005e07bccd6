"""`pipeline validate [EDITION...]`: run every source check without building."""
from __future__ import annotations

import argparse
from pathlib import Path

from ..errors import SourceError
from ..loading import load_edition
from .common import resolve_editions


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("editions", nargs="*", metavar="EDITION")
    parser.add_argument("--sources", type=Path, default=Path("sources"))


def run(args: argparse.Namespace) -> int:
    folders = resolve_editions(args.sources, args.editions)
    if folders is None:
        return 2
    bad = 0
    for folder in folders:
        try:
            edition = load_edition(folder)
        except SourceError as exc:
            bad += 1
            print(f"{folder.name}: {len(exc.problems)} problem(s)")
            for problem in exc.problems:
                print(f"  {problem}")
            _warnings(exc.warnings)
            continue
        print(f"{folder.name}: ok ({len(edition.reportages)} reportages, "
              f"languages {', '.join(edition.languages)})")
        _warnings(edition.warnings)
    return 1 if bad else 0


def _warnings(warnings: list) -> None:
    for warning in warnings:
        print(f"  warning: {warning}")
