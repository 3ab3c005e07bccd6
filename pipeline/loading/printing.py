"""``print:`` in edition.yaml -> :class:`pipeline.model.PrintSettings`.

An edition may name its printer's own CMYK output profile and printing condition; the
profile must stay inside the edition folder and be an ICC output ('prtr') profile of CMYK
data, or the print outputs could not carry it as their PDF/X output intent.
"""
from __future__ import annotations

import struct
from pathlib import Path
from typing import Any

from .. import model as m
from .paths import confined
from .problems import Problems


def icc_problem(data: bytes) -> str | None:
    """Why these bytes are not a CMYK output ICC profile (None: they are)."""
    if len(data) < 132 or data[36:40] != b"acsp":
        return "is not an ICC profile (no 'acsp' signature)"
    if struct.unpack(">I", data[:4])[0] != len(data):
        return "is not a whole ICC profile (its header gives another size)"
    if data[12:16] != b"prtr":
        return f"is an ICC profile of class {data[12:16].decode('latin-1')!r}, not an output ('prtr') profile"
    if data[16:20] != b"CMYK":
        return f"holds {data[16:20].decode('latin-1').strip()!r} data, not CMYK"
    return None


def print_settings(value: dict[str, Any] | None, folder: Path, file: Path, line: int | None,
                   problems: Problems) -> m.PrintSettings:
    """The checked settings (the defaults where ``print:`` says nothing)."""
    value = value or {}
    defaults = m.PrintSettings()
    profile = None
    if "profile" in value:
        profile = confined(folder, value["profile"], file, line, problems, "print.profile")
        if profile is not None and not profile.is_file():
            problems.add(file, f"print.profile: {value['profile']!r} is not a file", line)
            profile = None
        elif profile is not None:
            problem = icc_problem(profile.read_bytes())
            if problem:
                problems.add(file, f"print.profile: {value['profile']!r} {problem}", line)
                profile = None
        if "condition" not in value:
            problems.add(file, "print.condition: missing; name the printing condition of "
                               "print.profile, e.g. condition: FOGRA51", line)
    return m.PrintSettings(
        profile=profile,
        condition=value.get("condition", defaults.condition),
        registry=value.get("registry", defaults.registry),
        info=value.get("info", value.get("condition", defaults.info) if profile else defaults.info),
        ink_limit=value.get("ink_limit", defaults.ink_limit),
        marks=value.get("marks", defaults.marks),
    )
