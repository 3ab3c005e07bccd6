"""The project's PDF/UA-1 (ISO 14289-1) checker, built on pikepdf, with the PDF/A-2a
(ISO 19005-2, level A) rules that can be checked by machine on request.

    report = check_file("book.pdf")              # raises CheckerInputError if unreadable
    report = check_file("book.pdf", pdfa=True)   # PDF/UA-1 and PDF/A-2a
    if not report.ok: ...

Rules are grouped by concern in the modules of this package; the font rules of 7.21 live
in ``fonts.py``.
"""
from __future__ import annotations

import os
import time

import pikepdf

from .findings import CheckerInputError, Finding, Report

__all__ = ["check_file", "check_pdf", "CheckerInputError", "Finding", "Report"]


def check_file(path: str | os.PathLike, pdfa: bool | str = False) -> Report:
    """Check one PDF file against PDF/UA-1 (and PDF/A-2 with ``pdfa``: True for the level
    the file's XMP declares, or "2a", "2b", "2u" to force one); return its report."""
    from .content import TooComplex
    from .document import damaged, open_pdf

    start = time.perf_counter()
    name = os.fspath(path)
    pdf = open_pdf(name)
    header = None
    if pdfa:
        with open(name, "rb") as fh:
            header = fh.read(1024)
    try:
        with pdf:
            report = check_pdf(pdf, name, pdfa=pdfa, header=header)
    except CheckerInputError:
        raise
    except TooComplex as exc:
        raise CheckerInputError(f"{name}: could not be checked: {exc}") from None
    except (pikepdf.PdfError, pikepdf.DataDecodingError, RecursionError, ValueError) as exc:
        raise damaged(name, exc) from None
    except (TypeError, AttributeError, LookupError, ArithmeticError, UnicodeError) as exc:
        # An object of the wrong type where the PDF format requires another (a number
        # where a dictionary belongs, ...) that a rule did not anticipate. The gate must
        # fail closed with a message, never pass the file or crash with a traceback.
        raise CheckerInputError(
            f"{name}: could not be checked: malformed object ({type(exc).__name__}: {exc})"
        ) from None
    report.seconds = time.perf_counter() - start
    return report


RULE_MODULES = ("annotations", "catalog", "content", "context", "cycles", "elements", "fonts", "headings",
                "lang", "lists", "metadata", "structure_rules", "tables", "pdfa",
                "tounicode", "links")


def load_rules() -> None:
    """Import every rule module now (check_pdf imports them on first use): lets a build
    load them once before forking its workers, and keeps import time out of 'check'."""
    import importlib

    for module in RULE_MODULES:
        importlib.import_module(f"{__name__}.{module}")


def check_pdf(pdf: pikepdf.Pdf, name: str = "<pdf>", pdfa: bool | str = False,
              header: bytes | None = None) -> Report:
    """Check an already open PDF; ``pdfa`` adds the PDF/A-2 rules (as for check_file;
    ``header``: the file's first bytes, for the header rules)."""
    from .annotations import check_annotations
    from .catalog import check_catalog
    from .content import ContentWalker
    from .context import Context
    from .cycles import check_cycles
    from .elements import check_elements
    from .fonts import FontUsage, check_fonts
    from .headings import check_headings
    from .lang import check_document_lang, check_structure_lang
    from .links import check_links
    from .lists import check_lists
    from .metadata import check_metadata
    from .structure_rules import build_tree, check_structure
    from .tables import check_tables
    from .tounicode import check_tounicode_values

    ctx = Context(pdf=pdf, file=name)
    check_metadata(ctx)
    check_catalog(ctx)
    check_cycles(ctx)
    check_document_lang(ctx)
    ctx.tree = tree = build_tree(ctx)
    for rule in (check_structure, check_structure_lang, check_elements, check_headings,
                 check_tables, check_lists):
        rule(ctx, tree)

    usage = FontUsage(pdf)
    walker = ContentWalker(ctx, usage)
    for number, page in enumerate(pdf.pages, start=1):
        walker.walk_page(page, number)
        check_annotations(ctx, page, number)
    walker.finish()
    check_links(ctx)
    # Font dictionaries are judged after the walk: only fonts that render need embedding.
    ctx.findings.extend(check_fonts(pdf, usage))
    ctx.findings.extend(usage.findings())
    check_tounicode_values(ctx)
    if pdfa:
        from .pdfa import check_pdfa

        check_pdfa(ctx, header, usage, level=pdfa)
    from .checkpoints import coverage

    std_types = (node.std for node in tree.all if node.std) if tree is not None else ()
    return Report(file=name, pages=len(pdf.pages), findings=ctx.findings,
                  coverage=coverage(pdf, std_types, ctx.findings))
