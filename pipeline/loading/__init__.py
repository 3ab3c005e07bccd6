"""Load and validate an edition's sources (YAML + Markdown) into the document model.

``load_edition`` is imported on first use: finding editions (what the command line does
first) needs none of the loader's Markdown, schema and font-coverage code."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .editions import SUPPORTED_LANGUAGES, find_editions

if TYPE_CHECKING:
    from .edition import load_edition

__all__ = ["load_edition", "find_editions", "SUPPORTED_LANGUAGES"]


def __getattr__(name: str) -> Any:
    if name == "load_edition":
        from .edition import load_edition

        return load_edition
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
