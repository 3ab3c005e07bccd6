"""What a funded series prints besides the texts: series, funder and its mark,
identifiers, edition statement, "Stand" date and credits (``edition.yaml``, validated by
``schema.EDITION``) -> :class:`pipeline.model.SeriesInfo`."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .. import model as m
from .images import check_image_path
from .problems import Problems
from .schema import CREDIT_ROLES
from .yamlload import LineDict


def series_info(d: dict[str, Any], data: LineDict, folder: Path, path: Path,
                problems: Problems) -> m.SeriesInfo:
    """``d``: the validated edition settings; ``data``: the same as loaded, with lines."""
    series = d.get("series")
    funder = d.get("funder")
    logo = None
    if funder and "logo" in funder:
        raw = data.get("funder")
        line = raw.line_of("logo") if isinstance(raw, LineDict) else data.line_of("funder")
        logo = check_image_path(folder, funder["logo"], path, line, problems)
    ids = d.get("identifiers", {})
    credits = d.get("credits", {})
    return m.SeriesInfo(
        series=m.Series(series["name"], series.get("number")) if series and "name" in series else None,
        funder=m.Funder(funder["name"], logo, funder["alt"], funder["notice"])
        if funder and logo and {"name", "alt", "notice"} <= set(funder) else None,
        isbn=ids.get("isbn"), issn=ids.get("issn"), doi=ids.get("doi"), urn=ids.get("urn"),
        edition_statement=d.get("edition_statement", {}), as_of=d.get("as_of"),
        credits={role: credits[role] for role in CREDIT_ROLES if role in credits},
    )


def drawn_text(info: m.SeriesInfo) -> Iterator[str]:
    """The texts of ``info`` the layout draws (the logo's alt text is not drawn)."""
    if info.series:
        yield from info.series.name.values()
        if info.series.number:
            yield info.series.number
    if info.funder:
        yield from info.funder.name.values()
        yield from info.funder.notice.values()
    yield from info.edition_statement.values()
    for names in info.credits.values():
        yield from names
    for _, value in info.identifiers():
        yield value
