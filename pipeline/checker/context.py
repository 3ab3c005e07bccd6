"""The shared state of one check: the open PDF, page numbering, and the findings so far."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pikepdf

from .findings import Finding

if TYPE_CHECKING:
    from .metadata import XmpFacts
    from .structure import StructTree


def objnum(obj: object) -> int | None:
    """The object number of an indirect object, else None."""
    try:
        num = obj.objgen[0]  # type: ignore[attr-defined]
    except (AttributeError, TypeError):
        return None
    return num or None


def text(value: object) -> str | None:
    """A PDF text string (or name) as str; None when absent or not text."""
    if isinstance(value, pikepdf.String):
        try:
            return str(value)
        except Exception:  # undecodable bytes: still present, content unknown
            return bytes(value).decode("latin-1")
    if isinstance(value, pikepdf.Name):
        return str(value)[1:]
    return None


def nonempty_text(value: object) -> bool:
    t = text(value)
    return bool(t and t.strip("\x00"))


def name(value: object) -> str | None:
    """A PDF name without its slash, else None (bytes that are not UTF-8 become U+FFFD)."""
    if isinstance(value, pikepdf.Name):
        try:
            return str(value)[1:]
        except UnicodeDecodeError:
            return value.unparse()[1:].decode("utf-8", "replace")
    return None


@dataclass
class Context:
    pdf: pikepdf.Pdf
    file: str
    findings: list[Finding] = field(default_factory=list)
    page_numbers: dict[tuple[int, int], int] = field(default_factory=dict)
    catalog_lang: str | None = None
    tree: StructTree | None = None
    xmp: XmpFacts | None = None  # set by the metadata check

    def __post_init__(self) -> None:
        for i, page in enumerate(self.pdf.pages, start=1):
            self.page_numbers[page.obj.objgen] = i
        lang = self.pdf.Root.get("/Lang")
        self.catalog_lang = text(lang) if lang is not None else None

    @property
    def has_catalog_lang(self) -> bool:
        return bool(self.catalog_lang)

    def page_of(self, page_obj: object) -> int | None:
        try:
            return self.page_numbers.get(page_obj.objgen)  # type: ignore[attr-defined]
        except AttributeError:
            return None

    def add(
        self,
        clause: str,
        rule: str,
        message: str,
        *,
        page: int | None = None,
        obj: int | None = None,
        path: str | None = None,
    ) -> None:
        self.findings.append(Finding(clause, rule, message, page=page, obj=obj, path=path))
