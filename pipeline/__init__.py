"""Reportage pipeline: Markdown + YAML sources to accessible, tagged PDF/UA-1 editions."""

__version__ = "0.1.0"
