"""`pipeline check FILE.pdf...`: check PDFs against PDF/UA-1 (``--pdfa [2a|2b|2u]``: and PDF/A-2;
``--pdfx``: and PDF/X-4).

Exit status: 0 every file conforms, 1 some file has findings, 2 some file cannot be read.
"""
from __future__ import annotations

import argparse
import json
import sys
from itertools import groupby

from ..checker import CheckerInputError, Report, check_file
from ..checker.pdfa import declared_pdfa
from ..checker.pdfx import add_pdfx

EXIT_OK, EXIT_FINDINGS, EXIT_UNREADABLE = 0, 1, 2


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="*", metavar="FILE.pdf", help="PDF files to check")
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help="text: a readable summary (default); json: a machine-readable report")
    parser.add_argument("--pdfa", nargs="?", action=_PdfaLevel, default=False, metavar="2a|2b|2u",
                        help="also check the PDF/A-2 (ISO 19005-2) rules that can be checked by "
                             "machine, at the level the file's XMP declares (pdfaid:conformance), "
                             "or at the level given: 2a, 2b or 2u")
    parser.add_argument("--pdfx", action="store_true",
                        help="also check the PDF/X-4 (ISO 15930-7) rules that can be checked by "
                             "machine (output intent, boxes, colour spaces, fonts, /Trapped, "
                             "identification, encryption)")
    parser.add_argument("--second-opinion", action="store_true",
                        help="also show page-validation's verdict (its ua1 and 2a profiles) beside "
                             "ours, for reviewers; the exit status stays our checker's")


class _PdfaLevel(argparse.Action):
    """``--pdfa`` alone, or ``--pdfa 2a|2b|2u``; a file name after a bare ``--pdfa`` stays a file."""

    def __call__(self, parser, namespace, value, option_string=None):
        if isinstance(value, str) and value.lower() in ("2a", "2b", "2u"):
            namespace.pdfa = value.lower()
            return
        namespace.pdfa = True
        if value is not None:
            namespace.pdfa_files = [*getattr(namespace, "pdfa_files", []), value]


def run(args: argparse.Namespace) -> int:
    worst = EXIT_OK
    results: list[dict] = []
    counts = {EXIT_OK: 0, EXIT_FINDINGS: 0, EXIT_UNREADABLE: 0}
    args.files = [*getattr(args, "pdfa_files", []), *args.files]
    if not args.files:
        print("ERROR    no FILE.pdf given", file=sys.stderr)
        return EXIT_UNREADABLE
    for path in args.files:
        try:
            report = check_file(path, pdfa=args.pdfa)
            if getattr(args, "pdfx", False):
                report = add_pdfx(report, path)
        except CheckerInputError as exc:
            message = " ".join(str(exc).splitlines())  # always one line
            worst = max(worst, EXIT_UNREADABLE)
            counts[EXIT_UNREADABLE] += 1
            if args.format == "json":
                results.append({"file": path, "error": message, "conforming": False})
            else:
                print(f"ERROR    {message}", file=sys.stderr)
            continue
        code = EXIT_OK if report.ok else EXIT_FINDINGS
        counts[code] += 1
        worst = max(worst, code)
        opinion = _second_opinion(path) if args.second_opinion else None
        if args.format == "json":
            results.append(report.to_dict() | ({"second_opinion": opinion} if opinion else {}))
        else:
            print(format_report(report, declared_pdfa(path) if args.pdfa is True else args.pdfa,
                                getattr(args, "pdfx", False)))
            if opinion:
                print(format_second_opinion(opinion))
    if args.format == "json":
        json.dump({"files": results, "exit": worst}, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    elif len(args.files) > 1:
        print(f"{len(args.files)} files: {counts[EXIT_OK]} pass, {counts[EXIT_FINDINGS]} fail, "
              f"{counts[EXIT_UNREADABLE]} unreadable")
    return worst


def _second_opinion(path: str) -> dict:
    """page-validation's verdict, imported only on request: our verdict never depends on it."""
    from ..second_opinion import second_opinion

    return second_opinion(path).to_dict()


def format_second_opinion(opinion: dict) -> str:
    """The second verdict, in the layout of ours, under it."""
    if not opinion["ran"]:
        return f"         page-validation: not run ({opinion['reason']})"
    verdict = "PASS" if opinion["ok"] else "FAIL"
    reason = f" ({opinion['reason']})" if opinion["reason"] else ""
    what = ("conforms to " + " and ".join(opinion["profiles"]) if opinion["ok"]
            else f"{len(opinion['failures'])} failure(s)" + reason)
    lines = [f"  second opinion: {verdict} page-validation {opinion['version']}: {what}"]
    lines += [f"    {f['profile']} {f['rule_id']}: {f['message']}"
              + (f"  [obj {f['obj']}]" if f["obj"] else "") for f in opinion["failures"]]
    return "\n".join(lines)


def _clause_key(clause: str) -> tuple[int, ...]:
    return tuple(int(p) if p.isdigit() else 0 for p in clause.split("."))


def format_report(report: Report, pdfa: bool | str = False, pdfx: bool = False) -> str:
    pages = f"{report.pages} page{'s' if report.pages != 1 else ''}"
    standards = f"PDF/UA-1 and PDF/A-{pdfa}" if isinstance(pdfa, str) else (
        "PDF/UA-1 and PDF/A-2" if pdfa else "PDF/UA-1")
    standards += " and PDF/X-4" if pdfx else ""
    covered = f"\n         {report.coverage.summary()}" if report.coverage is not None else ""
    if report.ok:
        return (f"PASS     {report.file} ({pages}, {report.seconds:.2f} s): conforms to {standards} "
                "as far as checked" + covered)
    lines = [f"FAIL     {report.file} ({pages}, {report.seconds:.2f} s): "
             f"{len(report.findings)} finding{'s' if len(report.findings) != 1 else ''} "
             f"in {len(report.clauses())} clause{'s' if len(report.clauses()) != 1 else ''}" + covered]
    ordered = sorted(report.findings, key=lambda f: (_clause_key(f.clause), f.rule, f.page or 0))
    for clause, group in groupby(ordered, key=lambda f: f.clause):
        lines.append(f"  {clause}")
        for f in group:
            where = ", ".join(x for x in (
                f"page {f.page}" if f.page else "",
                f"obj {f.obj}" if f.obj else "",
                f.path or "") if x)
            lines.append(f"    {f.rule}: {f.message}" + (f"  [{where}]" if where else ""))
    return "\n".join(lines)
