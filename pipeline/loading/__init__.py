"""Load and validate an edition's sources (YAML + Markdown) into the document model."""
from .edition import SUPPORTED_LANGUAGES, find_editions, load_edition

__all__ = ["load_edition", "find_editions", "SUPPORTED_LANGUAGES"]
