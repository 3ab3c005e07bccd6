"""YAML parsing with libyaml's C parser when PyYAML has it (several times faster)."""
from __future__ import annotations

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(text: str):
    """Like ``yaml.safe_load``; errors are ``yaml.YAMLError`` with ``problem_mark``."""
    return yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader
