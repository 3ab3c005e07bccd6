"""The shared state of one check: the open PDF, page numbering, and the findings so far."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pikepdf

from ..pdfread.objects import name, nonempty_text, objnum, text
from .content_cache import ContentCache
from .findings import Finding

# The object readers, for the rule modules that import them from here.
__all__ = ["Context", "name", "nonempty_text", "objnum", "text"]

if TYPE_CHECKING:
    from ..pdfread.structure import StructTree
    from .metadata import XmpFacts


@dataclass
class Context:
    pdf: pikepdf.Pdf
    file: str
    findings: list[Finding] = field(default_factory=list)
    page_numbers: dict[tuple[int, int], int] = field(default_factory=dict)
    catalog_lang: str | None = None
    tree: StructTree | None = None
    xmp: XmpFacts | None = None  # set by the metadata check
    contents: ContentCache = field(default_factory=ContentCache)  # each content stream read once

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
