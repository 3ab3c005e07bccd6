"""The PDF reader (pipeline.pdfread) stands alone: it reads what the writer wrote without
knowing the writer, and the checker and the review tools build on it, not the reverse.
The checker stays independent of the writer too. Imports are read from the source with
ast, so a lazy import inside a function counts as well."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PIPELINE = Path(__file__).resolve().parents[1] / "pipeline"
WRITER = ("pipeline.layout", "pipeline.tagging", "pipeline.pdf")


def imported_modules(path: Path) -> set[str]:
    """Absolute names of the modules a file imports (relative imports resolved)."""
    package = ".".join(path.relative_to(PIPELINE.parent).with_suffix("").parts[:-1])
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")
            if node.level:
                base = base[: len(base) - node.level + 1]
                name = ".".join([*base, node.module] if node.module else base)
            else:
                name = node.module or ""
            found.add(name)
            found.update(f"{name}.{alias.name}" for alias in node.names)
    return found


def offending(folder: str, forbidden: tuple[str, ...]) -> list[str]:
    out = []
    for path in sorted((PIPELINE / folder).rglob("*.py")):
        for module in sorted(imported_modules(path)):
            if any(module == f or module.startswith(f + ".") for f in forbidden):
                out.append(f"{path.relative_to(PIPELINE.parent)} imports {module}")
    return out


def test_the_resolver_sees_relative_imports() -> None:
    """The check below would pass vacuously if relative imports were misread."""
    found = imported_modules(PIPELINE / "checker" / "structure_rules.py")
    assert "pipeline.pdfread.structure" in found
    assert "pipeline.checker.context" in found


@pytest.mark.parametrize(("folder", "forbidden"), [
    ("pdfread", (*WRITER, "pipeline.checker", "pipeline.review")),
    ("checker", WRITER),
])
def test_reader_and_checker_do_not_import_the_writer(folder: str, forbidden: tuple[str, ...]) -> None:
    assert offending(folder, forbidden) == []


def test_review_reads_pdfs_only_through_pdfread() -> None:
    """The review package has no content-stream, CMap or structure-tree parser of its own:
    none of its modules reads a /K, a CMap section or a content stream's instructions."""
    for path in sorted((PIPELINE / "review").rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        for marker in ('.get("/K")', "begincodespacerange", "bfrange", "parse_content_stream",
                       "ContentStream", "instructions()"):
            assert marker not in source, f"{path.name} contains {marker!r}"
