"""Which editions a sources folder holds, and the languages one may be published in.

Kept apart from the loader (``edition.py``), so that a command can find editions without
importing the Markdown, YAML schema and font-coverage code that loading one needs."""
from __future__ import annotations

from pathlib import Path

# Languages the edition may be published in: those with message catalogues
# (pipeline/locale) and hyphenation patterns. Inline spans may name any language.
SUPPORTED_LANGUAGES = ("de", "en")


def find_editions(sources: Path) -> list[Path]:
    """Edition folders (those holding an edition.yaml), sorted by name."""
    return sorted(p.parent for p in sources.glob("*/edition.yaml"))
