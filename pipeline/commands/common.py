"""What the build commands share: finding the editions and the outputs asked for.

A name that matches nothing is misuse (exit 2), answered with what exists."""
from __future__ import annotations

import sys
from pathlib import Path

from ..loading import SUPPORTED_LANGUAGES, find_editions
from ..loading.yamlload import YamlProblem, load_yaml

BILINGUAL = "bilingual"


def resolve_editions(sources: Path, names: list[str]) -> list[Path] | None:
    """Edition folders for the names given (folder paths or names under ``sources``).

    Prints a message and returns None when one cannot be found (a usage error)."""
    if not names:
        found = find_editions(sources)
        if not found:
            print(f"error: no editions (folders with edition.yaml) in {sources}", file=sys.stderr)
            return None
        return found
    folders = []
    for name in names:
        candidates = [Path(name), sources / name]
        folder = next((c for c in candidates if (c / "edition.yaml").is_file()), None)
        if folder is None:
            known = ", ".join(f.name for f in find_editions(sources)) or "none"
            print(f"error: edition {name!r} not found (looked for {name}/edition.yaml and "
                  f"{sources / name}/edition.yaml); editions in {sources}: {known}", file=sys.stderr)
            return None
        folders.append(folder)
    return folders


def _declared_languages(folder: Path) -> list[str]:
    """The languages an edition.yaml declares, read without validating the rest (a broken
    file is the build's to report, with its line)."""
    try:
        data = load_yaml((folder / "edition.yaml").read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, YamlProblem):
        return list(SUPPORTED_LANGUAGES)
    langs = data.get("languages") if isinstance(data, dict) else None
    return [str(x) for x in langs] if isinstance(langs, list) else list(SUPPORTED_LANGUAGES)


def variants_exist(folders: list[Path], wanted: list[str] | None) -> bool:
    """Whether every ``--variant`` names an output of at least one of the editions; prints
    what exists when one does not."""
    if not wanted:
        return True
    existing: list[str] = []
    for folder in folders:
        langs = _declared_languages(folder)
        for variant in [*langs, *([BILINGUAL] if len(langs) > 1 else [])]:
            if variant not in existing:
                existing.append(variant)
    unknown = [v for v in wanted if v not in existing]
    if unknown:
        print(f"error: no variant {', '.join(map(repr, unknown))} in "
              f"{', '.join(f.name for f in folders)}; variants: {', '.join(existing)}", file=sys.stderr)
        return False
    return True


def languages_of(folders: list[Path], wanted: list[str] | None) -> list[str]:
    """The languages the outputs asked for are set in, as the editions declare them (read
    without validating; the build reports a broken edition.yaml)."""
    langs: list[str] = []
    for folder in folders:
        for lang in _declared_languages(folder):
            asked = not wanted or lang in wanted or BILINGUAL in wanted
            if asked and lang in SUPPORTED_LANGUAGES and lang not in langs:
                langs.append(lang)
    return langs
