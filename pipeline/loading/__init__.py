"""Load and validate an edition's sources (YAML + Markdown) into the document model."""
from .edition import load_edition, find_editions, SUPPORTED_LANGUAGES

__all__ = ["load_edition", "find_editions", "SUPPORTED_LANGUAGES"]
