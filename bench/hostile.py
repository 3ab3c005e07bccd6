"""Hostile PDFs for `check`, `tags` and `review` (issue 12, part 3), and what they cost.

    .venv/bin/python bench/hostile.py                 # every file, 50 MB content streams
    .venv/bin/python bench/hostile.py --mb 5 --pages 2000 --only big-text pages
    .venv/bin/python bench/hostile.py --keep /tmp/hostile   # keep the files

Each file is made with pikepdf in a temporary folder; each command runs in its own
process, and the table shows exit code, wall time, CPU time and the command's own peak
RSS (ru_maxrss, through a small launcher: Linux carries a parent's size into its child),
with MISS where a target of the issue is not met (content streams: < 500 MB, < 10 s;
10,000 pages: `tags` and `review` < 30 s) or where stderr shows a traceback.

The generators are importable (tests/test_hostile_files.py makes the same files, smaller).
"""
from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, String

ROOT = Path(__file__).resolve().parent.parent
PIPELINE = ROOT / ".venv" / "bin" / "pipeline"

# --- a small tagged document to spoil ---------------------------------------------------

_XMP = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"><pdfuaid:part>1</pdfuaid:part>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">Hostile</rdf:li></rdf:Alt></dc:title>
</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>"""

PARAGRAPH = b"/P <</MCID 0>> BDC BT /F1 12 Tf 72 700 Td (Hello, hostile world) Tj ET EMC\n"


FONT = ROOT / "fonts" / "AtkinsonHyperlegible-Regular.ttf"


def embedded_font(pdf: pikepdf.Pdf) -> pikepdf.Dictionary:
    """The project's regular font as an embedded TrueType font, WinAnsi codes 32-126."""
    from fontTools.ttLib import TTFont

    data = FONT.read_bytes()
    tt = TTFont(FONT)
    scale = 1000 / tt["head"].unitsPerEm
    cmap, hmtx = tt.getBestCmap(), tt["hmtx"]
    widths = [round(hmtx[cmap[c]][0] * scale) if c in cmap else 0 for c in range(32, 127)]
    hhea = tt["hhea"]
    descriptor = pdf.make_indirect(Dictionary(
        Type=Name.FontDescriptor, FontName=Name("/AtkinsonHyperlegible-Regular"), Flags=32,
        FontBBox=Array([round(v * scale) for v in (tt["head"].xMin, tt["head"].yMin,
                                                   tt["head"].xMax, tt["head"].yMax)]),
        ItalicAngle=0, Ascent=round(hhea.ascent * scale), Descent=round(hhea.descent * scale),
        CapHeight=700, StemV=80,
        FontFile2=pdf.make_stream(zlib.compress(data), Filter=Name.FlateDecode, Length1=len(data))))
    return pdf.make_indirect(Dictionary(
        Type=Name.Font, Subtype=Name.TrueType, BaseFont=Name("/AtkinsonHyperlegible-Regular"),
        FirstChar=32, LastChar=126, Widths=Array(widths), Encoding=Name.WinAnsiEncoding,
        FontDescriptor=descriptor))


def tagged(pages: int = 1, content: bytes = PARAGRAPH, compress: bool = True) -> pikepdf.Pdf:
    """A small tagged PDF that passes `pipeline check`: every page shows one tagged
    paragraph (MCID 0) in an embedded font, one P element per page under a Document
    element; /Lang, /MarkInfo, a title, XMP with pdfuaid:part."""
    pdf = pikepdf.new()
    font = embedded_font(pdf)
    resources = pdf.make_indirect(Dictionary(Font=Dictionary(F1=font)))
    shared = pdf.make_stream(zlib.compress(content) if compress else content)
    if compress:
        shared.Filter = Name.FlateDecode
    struct_root = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    document = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document, P=struct_root))
    kids, nums, page_objs = [], [], []
    pages_root = pdf.Root.Pages
    for i in range(pages):  # pages made as objects, not with add_blank_page (quadratic)
        page = pdf.make_indirect(Dictionary(Type=Name.Page, Parent=pages_root, MediaBox=[0, 0, 595, 842],
                                            Resources=resources, Contents=shared, StructParents=i))
        p = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.P, P=document, Pg=page, K=0))
        page_objs.append(page)
        kids.append(p)
        nums.extend([i, Array([p])])
    pages_root.Kids = Array(page_objs)
    pages_root.Count = pages
    document.K = Array(kids)
    struct_root.K = document
    struct_root.ParentTree = pdf.make_indirect(Dictionary(Nums=Array(nums)))
    struct_root.ParentTreeNextKey = pages
    pdf.Root.StructTreeRoot = struct_root
    pdf.Root.MarkInfo = Dictionary(Marked=True)
    pdf.Root.Lang = String("en")
    pdf.Root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
    pdf.Root.Metadata = pdf.make_stream(_XMP.encode("utf-8"), Type=Name.Metadata, Subtype=Name.XML)
    return pdf


# --- the hostile files ------------------------------------------------------------------


def big_content(path: Path, mb: float = 50, kind: str = "ops") -> Path:
    """One page whose content stream decodes to ``mb`` MB: ``text`` one tagged paragraph
    of lines of text as a layout program writes them (about 40 bytes per instruction),
    ``dense`` the shortest tagged instructions there are (7 bytes per instruction: the
    worst case for time), ``string`` one huge string shown with Tj, ``array`` one TJ
    array of short strings, ``numbers`` operands without an operator."""
    size = int(mb * 1_000_000)
    if kind == "text":
        line = (b"(Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod) Tj T*\n"
                b"[(tempor incididunt ut labore) -250 (et dolore magna aliqua.)] TJ T*\n")
        body = (b"/P <</MCID 0>> BDC BT /F1 10 Tf 12 TL 72 760 Td\n" + line * (size // len(line))
                + b"ET EMC\n")
    elif kind == "dense":
        unit = PARAGRAPH + b"/Artifact BMC 0 0 m 100 100 l S 10 10 50 50 re f EMC\n"
        body = unit * (size // len(unit))
    elif kind == "string":
        body = b"/P <</MCID 0>> BDC BT /F1 12 Tf 72 700 Td (" + b"ab\\(c\\) " * (size // 8) + b") Tj ET EMC\n"
    elif kind == "array":
        body = b"/P <</MCID 0>> BDC BT /F1 12 Tf 72 700 Td [" + b"(ab) -20 " * (size // 9) + b"] TJ ET EMC\n"
    elif kind == "numbers":
        body = b"1 2.5 -3 " * (size // 9) + b"\n" + PARAGRAPH
    else:
        raise ValueError(f"unknown kind {kind!r}")
    tagged(1, body).save(path, fix_metadata_version=False)
    return path


def many_pages(path: Path, pages: int = 10_000) -> Path:
    tagged(pages).save(path, fix_metadata_version=False)
    return path


def struct_cycle(path: Path) -> Path:
    """The P element's /K holds, besides its MCID, the Document element above it."""
    pdf = tagged(1)
    document = pdf.Root.StructTreeRoot.K
    p = document.K[0]
    p.K = Array([0, document])
    pdf.save(path, fix_metadata_version=False)
    return path


def page_tree_cycle(path: Path) -> Path:
    """An intermediate /Pages node whose /Parent is the page below it: the /Parent chain
    of that page goes page -> node -> page -> ... (the /Kids are a proper tree)."""
    pdf = tagged(2)
    pdf.save(path, fix_metadata_version=False)
    with pikepdf.open(path) as again:
        root_pages = again.Root.Pages
        page1, page2 = root_pages.Kids[0], root_pages.Kids[1]
        middle = again.make_indirect(Dictionary(Type=Name.Pages, Kids=Array([page1]), Count=1))
        middle.Parent = page1
        page1.Parent = middle
        root_pages.Kids = Array([middle, page2])
        again.save(path.with_suffix(".tmp"), fix_metadata_version=False)
    path.with_suffix(".tmp").replace(path)
    return path


def rolemap_cycle(path: Path) -> Path:
    pdf = tagged(1)
    pdf.Root.StructTreeRoot.RoleMap = Dictionary(Para=Name.Text, Text=Name.Para)
    pdf.Root.StructTreeRoot.K.K[0].S = Name.Para
    pdf.save(path, fix_metadata_version=False)
    return path


def outline_cycle(path: Path) -> Path:
    pdf = tagged(1)
    outlines = pdf.make_indirect(Dictionary(Type=Name.Outlines, Count=2))
    a = pdf.make_indirect(Dictionary(Title=String("A"), Parent=outlines,
                                     Dest=Array([pdf.pages[0].obj, Name.Fit])))
    b = pdf.make_indirect(Dictionary(Title=String("B"), Parent=outlines, Prev=a,
                                     Dest=Array([pdf.pages[0].obj, Name.Fit])))
    a.Next = b
    b.Next = a  # A -> B -> A -> ...
    b.First = a  # and B's children start at A
    b.Last = a
    outlines.First, outlines.Last = a, b
    pdf.Root.Outlines = outlines
    pdf.save(path, fix_metadata_version=False)
    return path


def name_tree_cycle(path: Path) -> Path:
    """A /Dests name tree and the ParentTree number tree whose /Kids loop back to themselves."""
    pdf = tagged(1)
    dests = pdf.make_indirect(Dictionary())
    leaf = pdf.make_indirect(Dictionary(Names=Array([String("a"), Array([pdf.pages[0].obj, Name.Fit])]),
                                        Limits=Array([String("a"), String("a")])))
    leaf.Kids = Array([dests])
    dests.Kids = Array([leaf])
    pdf.Root.Names = Dictionary(Dests=dests)
    parent_tree = pdf.Root.StructTreeRoot.ParentTree
    parent_tree.Kids = Array([parent_tree])
    pdf.save(path, fix_metadata_version=False)
    return path


def random_font(path: Path) -> Path:
    """An embedded TrueType font whose program is random bytes."""
    pdf = tagged(1)
    program = pdf.make_stream(os.urandom(4096))
    program.Length1 = 4096
    descriptor = pdf.make_indirect(Dictionary(
        Type=Name.FontDescriptor, FontName=Name("/ABCDEF+Random"), Flags=32,
        FontBBox=Array([0, -200, 1000, 900]), ItalicAngle=0, Ascent=900, Descent=-200,
        CapHeight=700, StemV=80, FontFile2=program))
    font = pdf.pages[0].obj.Resources.Font.F1
    font.Subtype = Name.TrueType
    font.BaseFont = Name("/ABCDEF+Random")
    font.FirstChar, font.LastChar = 32, 126
    font.Widths = Array([500] * 95)
    font.FontDescriptor = descriptor
    pdf.save(path, fix_metadata_version=False)
    return path


def bad_xmp(path: Path) -> Path:
    pdf = tagged(1)
    pdf.Root.Metadata = pdf.make_stream(b"this is <not> XML &&", Type=Name.Metadata, Subtype=Name.XML)
    pdf.save(path, fix_metadata_version=False)
    return path


def truncated(path: Path) -> Path:
    tagged(3).save(path, fix_metadata_version=False)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) * 2 // 3])
    return path


@dataclass(frozen=True)
class Hostile:
    name: str
    make: Callable[[Path], Path]
    commands: tuple[str, ...] = ("check", "tags", "review")
    seconds: float | None = None  # the time target per command
    rss_mb: float | None = None  # and memory target


def catalogue(mb: float = 50, pages: int = 10_000) -> list[Hostile]:
    def big(kind: str) -> Hostile:
        return Hostile(f"big-{kind}", lambda p: big_content(p, mb, kind), ("check", "tags", "review"),
                       seconds=10.0, rss_mb=500.0)

    return [
        *(big(kind) for kind in ("text", "dense", "string", "array", "numbers")),
        Hostile("pages", lambda p: many_pages(p, pages), ("check", "tags", "review"), seconds=30.0),
        Hostile("struct-cycle", struct_cycle),
        Hostile("page-tree-cycle", page_tree_cycle),
        Hostile("rolemap-cycle", rolemap_cycle),
        Hostile("outline-cycle", outline_cycle),
        Hostile("name-tree-cycle", name_tree_cycle),
        Hostile("random-font", random_font),
        Hostile("bad-xmp", bad_xmp),
        Hostile("truncated", truncated),
    ]


# --- measuring --------------------------------------------------------------------------


@dataclass
class Run:
    code: int
    seconds: float
    rss_mb: float
    stdout: str
    stderr: str
    cpu_seconds: float = 0.0  # user + system time of the child: what load on the machine does not change

    @property
    def traceback(self) -> bool:
        return "Traceback (most recent call last)" in self.stderr


def command_line(command: str, pdf: Path, out_dir: Path) -> list[str]:
    exe = str(PIPELINE) if PIPELINE.exists() else "pipeline"
    if command == "review":
        return [exe, "review", str(pdf), "-o", str(out_dir / (pdf.stem + ".html"))]
    return [exe, command, str(pdf)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=50, help="size of the big content streams (MB)")
    parser.add_argument("--pages", type=int, default=10_000, help="pages of the many-pages file")
    parser.add_argument("--only", nargs="*", help="names of the files to make (default: all)")
    parser.add_argument("--commands", nargs="*", default=["check", "tags", "review"])
    parser.add_argument("--keep", metavar="DIR", help="make the files in DIR and keep them")
    args = parser.parse_args(argv)
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="hostile-"))
    work.mkdir(parents=True, exist_ok=True)
    misses = 0
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"{'file':18} {'command':8} {'exit':>4} {'seconds':>8} {'cpu s':>7} {'peak MB':>8}  "
          "verdict / first line")
    for item in catalogue(args.mb, args.pages):
        if args.only and item.name not in args.only:
            continue
        pdf = item.make(work / f"{item.name}.pdf")
        for command in item.commands:
            if command not in args.commands:
                continue
            run = measure(command_line(command, pdf, work))
            problems = []
            if run.traceback:
                problems.append("traceback")
            if item.seconds and run.seconds > item.seconds:
                problems.append(f"> {item.seconds:.0f} s")
            if item.rss_mb and run.rss_mb > item.rss_mb:
                problems.append(f"> {item.rss_mb:.0f} MB")
            misses += bool(problems)
            first = (run.stderr.strip() or run.stdout.strip()).splitlines()[:1]
            verdict = "MISS " + ", ".join(problems) if problems else "ok"
            print(f"{item.name:18} {command:8} {run.code:>4} {run.seconds:>8.2f} {run.cpu_seconds:>7.2f} "
                  f"{run.rss_mb:>8.0f}  "
                  f"{verdict}: {(first[0] if first else '')[:90]}", flush=True)
    if not args.keep:
        import shutil

        shutil.rmtree(work, ignore_errors=True)
    return 1 if misses else 0


# Linux keeps a process's peak RSS across fork and exec, so a command started from a big
# process (pytest after building editions, this script after making 50 MB files) would
# report at least that process's size. A small launcher starts the command and reports
# the command's own rusage.
_LAUNCHER = """
import os, resource, sys
out, args = sys.argv[1], sys.argv[2:]
if os.environ.get("HOSTILE_MEMORY_MB"):
    limit = int(os.environ.pop("HOSTILE_MEMORY_MB")) << 20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
pid = os.fork()
if pid == 0:
    try:
        os.execvp(args[0], args)
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
with open(out, "w") as fh:
    fh.write(f"{os.waitstatus_to_exitcode(status)} {usage.ru_maxrss} {usage.ru_utime + usage.ru_stime}")
"""


def measure(args: list[str], timeout: float = 300, memory_mb: int | None = None) -> Run:
    """Run one command in a child process: exit code, wall time, CPU time and the
    command's own peak RSS. ``memory_mb`` caps its address space (RLIMIT_AS)."""
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "rusage"
        env = dict(os.environ, **({"HOSTILE_MEMORY_MB": str(memory_mb)} if memory_mb else {}))
        killed = False
        # Its own session, so that on a timeout the launcher and the command go together.
        proc = subprocess.Popen([sys.executable, "-c", _LAUNCHER, str(report), *args],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                                start_new_session=True)
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            killed = True
            os.killpg(proc.pid, signal.SIGKILL)
            out, err = proc.communicate()
        seconds = time.perf_counter() - start
        if killed or not report.exists():
            return Run(-9, seconds, 0.0, out, err + f"\n(killed after {timeout:.0f} s)", 0.0)
        code, maxrss, cpu = report.read_text().split()
        return Run(int(code), seconds, int(maxrss) / 1024, out, err, float(cpu))


if __name__ == "__main__":
    sys.exit(main())
