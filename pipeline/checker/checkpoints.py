"""What was checked: the 31 checkpoints of the Matterhorn Protocol 1.1 (the PDF Association's
list of PDF/UA-1 failure conditions) and, for each, the rules of this checker that test it.

Every checkpoint of a file gets one status:

- ``failed``: a rule of the checkpoint has a finding;
- ``passed``: its rules ran on something the file has (tables, figures, fonts, ...) and found nothing;
- ``not applicable``: the file has nothing the checkpoint is about (no tables, no forms, ...);
- ``needs a person``: the checkpoint has no condition a machine can decide (flicker, contrast,
  meaning); a person has to judge it.

Conditions that only a person can judge are listed with each checkpoint (``human``), also for
checkpoints whose machine conditions passed: alt text that describes, reading order that matches
meaning, ... The mapping from our rule ids to checkpoints is a table (``RULES``, with the rule
families in ``FAMILIES``); a rule not in it is placed by its clause (``BY_CLAUSE``).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import pikepdf

from .findings import Finding

PASSED, FAILED, NOT_APPLICABLE, NEEDS_PERSON = "passed", "failed", "not applicable", "needs a person"


@dataclass(frozen=True)
class Checkpoint:
    number: str  # "01" .. "31"
    name: str
    clause: str  # ISO 14289-1 section
    rules: tuple[str, ...]  # our rule ids that test its machine conditions
    human: tuple[str, ...] = ()  # failure conditions only a person can judge
    applies: str = "always"  # key of APPLIES: what the file must have for the checkpoint to apply


CHECKPOINTS: tuple[Checkpoint, ...] = (
    Checkpoint("01", "Real content tagged", "7.1",
               ("content-not-tagged", "artifact-inside-tagged-content", "tagged-content-inside-artifact",
                "marked-content-bad-nesting", "mcid-not-in-structure", "duplicate-mcid", "suspects",
                "no-structure-tree", "not-marked", "empty-structure-tree", "structure-element-twice",
                "structure-tree-cycle", "structure-too-deep", "parent-tree-mismatch",
                "element-without-parent", "element-wrong-parent"),
               ("Content marked as an artifact is real content",
                "Real content is tagged with a structure type that does not fit its meaning")),
    Checkpoint("02", "Role mapping", "7.1",
               ("non-standard-type", "circular-role-mapping", "standard-type-remapped", "rolemap-cycle")),
    Checkpoint("03", "Flickering", "7.1", (),
               ("Content flickers (three flashes a second or more)",), "always"),
    Checkpoint("04", "Colour and contrast", "7.1", (),
               ("Information is given by colour, contrast, format or layout alone",)),
    Checkpoint("05", "Sound", "7.1", (), ("Information is given by sound alone",)),
    Checkpoint("06", "Metadata", "7.1",
               ("no-metadata", "metadata-unreadable", "no-dc-title", "empty-dc-title", "no-pdfua-identifier",
                "wrong-pdfua-part", "wrong-pdfuaid-prefix"),
               ("dc:title does not clearly identify the document",)),
    Checkpoint("07", "Dictionary", "7.1", ("display-doc-title",)),
    Checkpoint("08", "OCR validation", "7.1", (),
               ("Text recognised by OCR has errors, or is not tagged",), "never-machine"),
    Checkpoint("09", "Appropriate tags", "7.2",
               ("*-element-misplaced", "*-element-bad-child", "*-several-captions", "*-caption-position",
                "table-repeated-part", "table-part-without-tbody", "table-cells-overlap",
                "table-irregular-rows", "table-irregular-columns"),
               ("Tags are not in logical reading order",
                "Structure elements are not nested in a way that matches the document's meaning")),
    Checkpoint("10", "Character mappings", "7.2", ("no-unicode-mapping", "tounicode-invalid-value",
                                                    "tounicode-forbidden-value"), (), "text"),
    Checkpoint("11", "Declared natural language", "7.2",
               ("invalid-lang", "text-lang-unknown", "span-text-lang-unknown",
                "alternative-text-lang-unknown", "annotation-lang-unknown", "field-lang-unknown",
                "outline-lang-unknown", "metadata-lang-unknown"),
               ("A change of language in the text is not declared with /Lang",)),
    Checkpoint("12", "Stretchable characters", "7.2", (),
               ("Stretched characters (brackets, radicals) have no ActualText",), "never-machine"),
    Checkpoint("13", "Graphics", "7.3", ("figure-no-alt",),
               ("A graphic is not tagged as Figure", "A Figure's alternative text does not describe it",
                "Text shown as a graphic has no ActualText", "A caption is not tagged as Caption"), "Figure"),
    Checkpoint("14", "Headings", "7.4", ("first-heading-not-h1", "heading-level-skipped", "mixed-h-and-hn",
                                         "several-h-in-node"),
               ("A heading is not tagged as a heading", "Heading levels do not match the document's outline"),
               "heading"),
    Checkpoint("15", "Tables", "7.5", ("td-unknown-header", "th-no-scope"),
               ("A header cell is tagged TD, or a data cell TH", "A table used for layout is tagged Table"),
               "Table"),
    Checkpoint("16", "Lists", "7.6", ("list-element-misplaced", "list-element-bad-child"),
               ("A list is not tagged as L", "/ListNumbering does not match the labels shown"), "L"),
    Checkpoint("17", "Mathematical expressions", "7.7", ("formula-no-alt",),
               ("Content that is mathematics is not tagged as Formula",), "Formula"),
    Checkpoint("18", "Page headers and footers", "7.8", (),
               ("Running headers and footers are not marked as pagination artifacts",), "never-machine"),
    Checkpoint("19", "Notes and references", "7.9", ("note-no-id", "note-duplicate-id"),
               ("A footnote or endnote is not tagged as Note",
                "A reference to a note is not linked to it"), "Note"),
    Checkpoint("20", "Optional content", "7.10", ("oc-config-no-name", "oc-config-as"), (),
               "optional-content"),
    Checkpoint("21", "Embedded files", "7.11", ("embedded-file-no-f-uf",), (), "embedded-files"),
    Checkpoint("22", "Article threads", "7.12", (),
               ("Article threads do not follow the logical reading order",), "threads"),
    Checkpoint("23", "Digital signatures", "7.13", (),
               ("A signature field is not accessible",), "signatures"),
    Checkpoint("24", "Non-interactive forms", "7.14", (),
               ("A non-interactive form field is not tagged with a PrintField attribute",), "forms"),
    Checkpoint("25", "XFA", "7.15", ("dynamic-xfa",), (), "forms"),
    Checkpoint("26", "Security", "7.16", ("encryption-no-p", "no-accessibility-permission"), (), "encrypted"),
    Checkpoint("27", "Navigation", "7.17", (),
               ("A long document has no bookmarks, or they do not follow its structure",)),
    Checkpoint("28", "Annotations", "7.18",
               ("annotation-not-in-annot", "annotation-no-description", "form-field-no-description",
                "trapnet-annotation", "tabs-not-structure", "widget-not-in-form", "form-element-content",
                "link-not-in-link", "link-no-contents", "link-annotation-over-other-link",
                "link-contents-of-other-link", "link-element-no-annotation", "media-clip-no-ct",
                "media-clip-bad-ct", "media-clip-no-alt", "attachment-no-f-uf", "printermark-in-structure"),
               ("A link's description does not say where it leads",), "annotations"),
    Checkpoint("29", "Actions", "7.19", (),
               ("A script or action changes content in a way a reader cannot follow",), "actions"),
    Checkpoint("30", "XObjects", "7.20", ("reference-xobject", "form-with-mcids-reused"), (), "xobjects"),
    Checkpoint("31", "Fonts", "7.21",
               ("type0-descendant-invalid", "cidsysteminfo-missing", "cidsysteminfo-registry-mismatch",
                "cidsysteminfo-ordering-mismatch", "cidsysteminfo-supplement-too-high", "cidtogidmap-missing",
                "cidtogidmap-invalid", "cmap-missing", "cmap-not-embedded", "cmap-references-nonstandard",
                "cmap-wmode-mismatch", "font-not-embedded", "font-program-unreadable", "glyph-missing",
                "charset-incomplete", "cidset-incomplete", "glyph-width-mismatch",
                "truetype-nonsymbolic-cmap", "truetype-nonsymbolic-encoding", "truetype-symbolic-cmap",
                "truetype-symbolic-has-encoding",
                "truetype-differences-not-agl", "truetype-differences-without-unicode-cmap",
                "no-unicode-mapping", "tounicode-invalid-value", "tounicode-forbidden-value",
                "notdef-glyph-used"), (), "text"),
)
BY_NUMBER = {c.number: c for c in CHECKPOINTS}

# rule id -> checkpoints (a rule can test more than one: a missing ToUnicode is 10 and 31)
RULES: dict[str, tuple[str, ...]] = {}
for _c in CHECKPOINTS:
    for _r in _c.rules:
        if not _r.startswith("*"):
            RULES[_r] = (*RULES.get(_r, ()), _c.number)
# rule families reported by one function for several element kinds: "table-element-misplaced", ...
FAMILIES: tuple[tuple[str, str], ...] = tuple((r[1:], c.number) for c in CHECKPOINTS for r in c.rules
                                             if r.startswith("*"))
# a rule in neither table: its clause (longest prefix wins) names the checkpoint
BY_CLAUSE: dict[str, str] = {"5": "06", "7.1": "01", "7.2": "09", "7.3": "13", "7.4": "14", "7.5": "15",
                             "7.6": "16", "7.7": "17", "7.8": "18", "7.9": "19", "7.10": "20",
                             "7.11": "21", "7.12": "22", "7.13": "23", "7.14": "24", "7.15": "25",
                             "7.16": "26", "7.17": "27", "7.18": "28", "7.19": "29", "7.20": "30",
                             "7.21": "31"}


def checkpoints_of(finding: Finding) -> tuple[str, ...]:
    """The Matterhorn checkpoints a PDF/UA finding fails; () for a PDF/A or PDF/X finding."""
    if finding.rule in RULES:
        return RULES[finding.rule]
    for suffix, number in FAMILIES:
        if finding.rule.endswith(suffix):
            return (number,)
    parts = finding.clause.split(".")
    for n in range(len(parts), 0, -1):
        found = BY_CLAUSE.get(".".join(parts[:n]))
        if found:
            return (found,)
    return ()


def _has_types(types: set[str], *wanted: str) -> bool:
    return any(t in types for t in wanted)


def _annotations(pdf: pikepdf.Pdf) -> bool:
    return any(len(page.obj.get("/Annots") or ()) for page in pdf.pages)


def _xobjects(pdf: pikepdf.Pdf) -> bool:
    for page in pdf.pages:
        resources = page.obj.get("/Resources")
        xobjects = resources.get("/XObject") if isinstance(resources, pikepdf.Dictionary) else None
        if xobjects is not None and len(xobjects.keys()):
            return True
    return False


def _signature_flags(pdf: pikepdf.Pdf) -> int:
    form = pdf.Root.get("/AcroForm")
    return int(form.get("/SigFlags", 0)) if isinstance(form, pikepdf.Dictionary) else 0


def _actions(pdf: pikepdf.Pdf) -> bool:
    root = pdf.Root
    return any(k in root for k in ("/OpenAction", "/AA")) or "/JavaScript" in (root.get("/Names") or {})


# what the file must have for a checkpoint to apply: (pdf, standard structure types present) -> bool
APPLIES: dict[str, Callable[[pikepdf.Pdf, set[str]], bool]] = {
    "always": lambda pdf, types: True,
    "never-machine": lambda pdf, types: True,
    "text": lambda pdf, types: True,
    "Figure": lambda pdf, types: "Figure" in types,
    "heading": lambda pdf, types: _has_types(types, "H", "H1", "H2", "H3", "H4", "H5", "H6"),
    "Table": lambda pdf, types: "Table" in types,
    "L": lambda pdf, types: "L" in types,
    "Formula": lambda pdf, types: "Formula" in types,
    "Note": lambda pdf, types: "Note" in types,
    "optional-content": lambda pdf, types: "/OCProperties" in pdf.Root,
    "embedded-files": lambda pdf, types: "/EmbeddedFiles" in (pdf.Root.get("/Names") or {}),
    "threads": lambda pdf, types: len(pdf.Root.get("/Threads") or ()) > 0,
    "signatures": lambda pdf, types: _signature_flags(pdf) > 0,
    "forms": lambda pdf, types: "/AcroForm" in pdf.Root,
    "encrypted": lambda pdf, types: pdf.is_encrypted,
    "annotations": lambda pdf, types: _annotations(pdf),
    "actions": lambda pdf, types: _actions(pdf),
    "xobjects": lambda pdf, types: _xobjects(pdf),
}


@dataclass(frozen=True)
class CheckpointResult:
    number: str
    name: str
    clause: str
    status: str
    findings: int  # how many findings fail it
    rules: tuple[str, ...]  # the machine rules evaluated for it
    human: tuple[str, ...]  # what a person still has to judge

    def to_dict(self) -> dict:
        return {"checkpoint": self.number, "name": self.name, "clause": self.clause, "status": self.status,
                "findings": self.findings, "rules": list(self.rules), "needs_a_person": list(self.human)}


@dataclass
class Coverage:
    """Checkpoint by checkpoint, and rule by rule, what was checked in one file."""

    checkpoints: list[CheckpointResult] = field(default_factory=list)
    rules: dict[str, str] = field(default_factory=dict)  # rule id -> passed / failed / not applicable

    def count(self, status: str) -> int:
        return sum(1 for c in self.checkpoints if c.status == status)

    def summary(self) -> str:
        """'PDF/UA-1: 21 checkpoints passed, 0 failed, 4 not applicable, 6 need a person'."""
        return (f"PDF/UA-1: {self.count(PASSED)} checkpoints passed, {self.count(FAILED)} failed, "
                f"{self.count(NOT_APPLICABLE)} not applicable, {self.count(NEEDS_PERSON)} need a person "
                f"(Matterhorn Protocol 1.1; {len(self.rules)} rules evaluated, "
                f"{sum(1 for s in self.rules.values() if s == FAILED)} failed)")

    def to_dict(self) -> dict:
        return {"protocol": "Matterhorn Protocol 1.1",
                "summary": {s: self.count(s) for s in (PASSED, FAILED, NOT_APPLICABLE, NEEDS_PERSON)},
                "checkpoints": [c.to_dict() for c in self.checkpoints],
                "rules": dict(sorted(self.rules.items()))}


def coverage(pdf: pikepdf.Pdf, std_types: Iterable[str], findings: Iterable[Finding]) -> Coverage:
    """The checkpoint statuses of one checked file (``std_types``: the standard structure types
    of its elements; ``findings``: the checker's findings)."""
    types = set(std_types)
    failing: dict[str, int] = {}
    failed_rules: set[str] = set()
    for finding in findings:
        numbers = checkpoints_of(finding)
        if numbers:
            failed_rules.add(finding.rule)
        for number in numbers:
            failing[number] = failing.get(number, 0) + 1
    out = Coverage()
    for c in CHECKPOINTS:
        try:
            applies = APPLIES[c.applies](pdf, types)
        except (pikepdf.PdfError, TypeError, ValueError, AttributeError, LookupError, RecursionError):
            applies = True  # an object of the wrong shape: the checkpoint's rules ran on it
        if failing.get(c.number):
            status = FAILED
        elif not applies:
            status = NOT_APPLICABLE
        elif not c.rules:
            status = NEEDS_PERSON
        else:
            status = PASSED
        out.checkpoints.append(CheckpointResult(c.number, c.name, c.clause, status, failing.get(c.number, 0),
                                                c.rules, c.human if applies else ()))
        for rule in c.rules:
            if rule.startswith("*"):
                continue
            out.rules[rule] = (FAILED if rule in failed_rules
                               else out.rules.get(rule) or (PASSED if applies else NOT_APPLICABLE))
    for rule in failed_rules - out.rules.keys():
        out.rules[rule] = FAILED
    return out
