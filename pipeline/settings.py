"""Settings that shape the output besides the sources, readable without loading the layout.

The build manifest records them, so changing one rebuilds what it affects.
"""
from __future__ import annotations

import os
from pathlib import Path

# "screen" for reading on screen (the default), "print" for the printer (bleed, marks).
PROFILES = ("screen", "print")

PROJECT_FONTS = Path(__file__).resolve().parents[1] / "fonts"


def fonts_dir() -> Path:
    """The fonts folder: the project's own, or $PIPELINE_FONTS_DIR (e.g. for a deployment)."""
    return Path(os.environ.get("PIPELINE_FONTS_DIR") or PROJECT_FONTS)


def output_settings(folder: Path, edition_id: str, variant: str, langs: str,
                    profile: str) -> dict[str, str]:
    """What, besides the input files and the code, decides an output's bytes: which
    output of which edition folder, its profile, and what the environment sets (the
    fonts folder, and whether it holds the tables' tabular faces: adding them later changes
    the tables)."""
    from .fontfamily import BODY  # (it reads fonts_dir from here)

    return {"id": edition_id, "edition": os.path.abspath(folder), "variant": variant,
            "langs": langs, "profile": profile,
            "source_date_epoch": os.environ.get("SOURCE_DATE_EPOCH", ""),
            "fonts": str(fonts_dir().resolve()),
            "tabular figures": "yes" if BODY.tabular_files() else "no"}


def cache_dir() -> Path:
    """Where the pipeline keeps caches that only make it faster (safe to delete):
    $PIPELINE_CACHE_DIR, else $XDG_CACHE_HOME/reportage-pipeline, else ~/.cache/..."""
    explicit = os.environ.get("PIPELINE_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "reportage-pipeline"


def cache_problem() -> str | None:
    """Why the cache folder cannot be written, or None. Caches only save time: a build
    without them is slower, not different, so this is a warning, never a failure."""
    import tempfile

    folder = cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".probe-"):
            pass
    except OSError as exc:
        return (f"cache folder {folder} cannot be written ({exc.strerror or exc}); "
                "building without caches (slower, same PDFs); set PIPELINE_CACHE_DIR to change it")
    return None
