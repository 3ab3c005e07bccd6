"""Benchmark of issue 6: generate an edition, build it, check it, print the numbers.

    .venv/bin/python bench/run.py --size small             # ~51 German pages
    .venv/bin/python bench/run.py --all                    # small, medium, large + growth
    .venv/bin/python bench/run.py --size medium --keep bench/work --jobs 1
    .venv/bin/python bench/run.py --size small --cprofile /tmp/build.prof

Every measured command runs as its own child process (the installed ``pipeline``
entry point, so interpreter start and imports are included), timed with
``time.perf_counter`` around start and ``os.wait4``. ``os.wait4`` returns the rusage
of that one child and its waited-for descendants, so the peak resident set is the
largest single process of that command (the build itself, or its largest worker)
and does not carry over from earlier commands. See bench/README.md for the columns.
"""
from __future__ import annotations

import argparse
import cProfile
import hashlib
import json
import math
import os
import pstats
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.generate import SIZES, generate  # noqa: E402

STARTUP_IMPORTS = "import pipeline.cli, pipeline.commands.build, pipeline.stages, pipeline.checker"
STAGES = ("load", "layout", "post-process", "check", "write")
CPUS = os.cpu_count() or 1

# Targets of the issue, as (key, description, limit, unit, "<" or ">=", size it applies to or None).
TARGETS = [
    ("single_seconds", "50-page edition, one output, whole process", 1.0, "s", "<", "small"),
    ("layout_rate", "layout + post-process per process", 60.0, "pages/s", ">=", "large"),
    ("check_rate", "checker, whole process", 200.0, "pages/s", ">=", None),
    ("peak_mb", "peak memory (largest process)", 600.0, "MB", "<", "large"),
    ("nochange_seconds", "no-change rebuild of everything", 1.0, "s", "<", None),
    ("speedup", f"--jobs {CPUS} vs --jobs 1 (uses all cores)", 1 + 0.5 * (min(CPUS, 3) - 1), "x", ">=", None),
]


# ---------------------------------------------------------------------------
# Running and measuring one command
# ---------------------------------------------------------------------------

@dataclass
class Run:
    cmd: list[str]
    seconds: float
    exit: int
    peak_kib: int
    cpu_seconds: float
    stdout: str
    stderr: str

    @property
    def peak_mb(self) -> float:
        return self.peak_kib / 1024


def pipeline_command() -> list[str]:
    exe = Path(sys.executable).parent / "pipeline"
    return [str(exe)] if exe.is_file() else [sys.executable, "-m", "pipeline.cli"]


def measure(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    """Run ``cmd`` as a child; wall seconds, exit status, peak RSS of its largest process."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Run(cmd, seconds, proc.returncode, usage.ru_maxrss, usage.ru_utime + usage.ru_stime,
                   out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"))


def build_options() -> set[str]:
    """The options `pipeline build` offers (the report, --force, --jobs may be missing in
    older versions; the script then falls back and says so)."""
    text = subprocess.run(pipeline_command() + ["build", "--help"], capture_output=True,
                          text=True, cwd=ROOT).stdout
    return set(re.findall(r"(--[a-z][a-z-]*)", text))


# ---------------------------------------------------------------------------
# Reports
# ---------------------------------------------------------------------------

_WROTE = re.compile(r"wrote (\S+)\s+(\d+) pages\s+(\d+) KiB\s+([\d.]+) s")


def outputs_from(run: Run, report: Path | None) -> list[dict]:
    """Outputs from the build report, or (without --report) from the 'wrote' lines."""
    if report is not None and report.is_file():
        return json.loads(report.read_text(encoding="utf-8")).get("outputs", [])
    return [{"file": m[1], "variant": m[1].rsplit(".", 2)[-2], "status": "built", "pages": int(m[2]),
             "bytes": int(m[3]) * 1024, "seconds": float(m[4]), "stages": {}}
            for m in _WROTE.finditer(run.stdout)]


def stage_sums(outputs: list[dict]) -> dict[str, float]:
    """Seconds per stage, added up over the outputs. An edition is loaded once per
    process and its load time is reported with each of its outputs: identical load
    times of one edition are counted once."""
    sums = {s: 0.0 for s in STAGES}
    loads: set[tuple] = set()
    for o in outputs:
        for stage, seconds in (o.get("stages") or {}).items():
            if stage == "load":
                key = (o.get("edition"), seconds)
                if key in loads:
                    continue
                loads.add(key)
            sums[stage] = sums.get(stage, 0.0) + float(seconds or 0)
    return sums


# ---------------------------------------------------------------------------
# One size
# ---------------------------------------------------------------------------

@dataclass
class Result:
    size: str
    params: dict
    generate_seconds: float = 0.0
    generated: bool = True
    runs: dict[str, Run] = field(default_factory=dict)
    outputs: dict[str, list[dict]] = field(default_factory=dict)
    values: dict[str, float | None] = field(default_factory=dict)
    check_pages: int = 0
    check_inprocess_seconds: float = 0.0
    notes: list[str] = field(default_factory=list)


def _stamp(params: dict, seed: int) -> str:
    gen = (HERE / "generate.py").read_bytes()
    return json.dumps({"params": params, "seed": seed, "generator": hashlib.sha256(gen).hexdigest()},
                      sort_keys=True)


def prepare_sources(work: Path, size: str, seed: int, single_edition: bool) -> tuple[Path, float, bool]:
    """Generate (or reuse, when its stamp matches) the edition(s) of ``size`` under work/sources."""
    params: dict[str, Any] = SIZES[size]  # keyword arguments of generate()
    sources = work / "sources"
    stamp = sources / ".bench-stamp"
    wanted = _stamp(params, seed) + (" +de-only" if single_edition else "")
    if stamp.is_file() and stamp.read_text() == wanted:
        return sources, 0.0, False
    shutil.rmtree(sources, ignore_errors=True)
    t0 = time.perf_counter()
    main = generate(sources / f"bench-{size}", seed=seed, **params)
    if single_edition:
        generate(sources / f"bench-{size}-de", seed=seed, languages=("de",), reuse_images_from=main, **params)
    seconds = time.perf_counter() - t0
    stamp.write_text(wanted)
    return sources, seconds, True


def code_fingerprint() -> str:
    """A hash of the pipeline's Python sources: a run during which it changes mixes versions."""
    h = hashlib.sha256()
    for path in sorted((ROOT / "pipeline").rglob("*.py")):
        h.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def busy_cores(seconds: float = 1.0) -> float | None:
    """How many cores other processes kept busy over ``seconds`` (from /proc/stat)."""
    def sample():
        with open("/proc/stat") as fh:
            fields = [int(x) for x in fh.readline().split()[1:]]
        return sum(fields), fields[3] + fields[4]  # total, idle + iowait
    try:
        total0, idle0 = sample()
        time.sleep(seconds)
        total1, idle1 = sample()
    except (OSError, ValueError, IndexError):
        return None
    total = total1 - total0
    return CPUS * (1 - (idle1 - idle0) / total) if total else None


def bench_size(size: str, args, options: set[str], work: Path) -> Result:
    res = Result(size, dict(SIZES[size]))
    fingerprint = code_fingerprint()
    busy = busy_cores()
    try:
        _bench_size(res, args, options, work)
    finally:
        busy_after = busy_cores()
        res.values["busy_cores_before"] = busy
        res.values["busy_cores_after"] = busy_after
        worst = max((b for b in (busy, busy_after) if b is not None), default=0.0)
        if worst > 0.3:
            res.notes.append(f"other processes kept {worst:.1f} of {CPUS} cores busy just before or after "
                             "the run: times are slower than on a quiet machine")
        if code_fingerprint() != fingerprint:
            res.notes.append("the pipeline's sources changed during the run: the numbers mix two versions "
                             "(and a no-change rebuild rebuilds)")
    return res


def _bench_size(res: Result, args, options: set[str], work: Path) -> None:
    size = res.size
    has = {o: o in options for o in ("--jobs", "--force", "--report", "--variant")}
    sources, res.generate_seconds, res.generated = prepare_sources(work, size, args.seed,
                                                                   not has["--variant"])
    out = work / "output"
    reports = work / "reports"
    reports.mkdir(parents=True, exist_ok=True)
    edition = f"bench-{size}"
    pipeline = pipeline_command()
    if not has["--report"]:
        res.notes.append("`pipeline build` has no --report: pages and seconds from its output, "
                         "no stage split")
    if not has["--force"]:
        res.notes.append("`pipeline build` has no --force: the output folder is emptied before each build")
    if not has["--jobs"]:
        res.notes.append("`pipeline build` has no --jobs: no parallel build measured")

    def build(name: str, editions: list[str], *, jobs: int | None, force: bool = True,
              variant: str | None = None, cold: bool = False) -> Run:
        """``cold``: each run with an empty cache folder (PIPELINE_CACHE_DIR): no page guess,
        no stored line plans, no hyphenated words, as a first build on a new machine."""
        if force and not has["--force"]:
            shutil.rmtree(out, ignore_errors=True)
        report = reports / f"{name}.json"
        report.unlink(missing_ok=True)
        cmd = pipeline + ["build", *editions, "--sources", str(sources), "--output", str(out)]
        if variant:
            cmd += ["--variant", variant]
        if jobs is not None and has["--jobs"]:
            cmd += ["--jobs", str(jobs)]
        if force and has["--force"]:
            cmd.append("--force")
        if has["--report"]:
            cmd += ["--report", str(report)]
        best: Run | None = None
        for _ in range(args.repeat if force else 1):
            if cold:
                with tempfile.TemporaryDirectory(prefix="bench-cache-") as empty:
                    run = measure(cmd, ROOT, {**os.environ, "PIPELINE_CACHE_DIR": empty})
            else:
                run = measure(cmd, ROOT)
            if run.exit != 0:
                raise SystemExit(f"bench: {' '.join(cmd)} failed with exit {run.exit}:\n"
                                 f"{run.stdout[-2000:]}\n{run.stderr[-4000:]}")
            if best is None or run.seconds < best.seconds:
                best, best_outputs = run, outputs_from(run, report if has["--report"] else None)
        assert best is not None  # the loop above runs at least once
        res.runs[name] = best
        res.outputs[name] = best_outputs
        print(f"  {name:<10} {best.seconds:7.2f} s  {best.peak_mb:6.0f} MB  {' '.join(cmd[1:])}",
              file=sys.stderr, flush=True)
        return best

    # interpreter start + imports of what a build loads, as a baseline (fastest of 3)
    startup = min((measure([sys.executable, "-c", STARTUP_IMPORTS], ROOT) for _ in range(3)),
                  key=lambda r: r.seconds)
    if startup.exit == 0:
        res.runs["startup"] = startup
        print(f"  {'startup':<10} {startup.seconds:7.2f} s  {startup.peak_mb:6.0f} MB  python -c "
              f"'{STARTUP_IMPORTS}'", file=sys.stderr, flush=True)
    # a. one output (German), whole process: with empty caches, then as a rebuild (the
    # caches of the build before: page guess, line plans, hyphenated words)
    if has["--variant"]:
        build("single-cold", [edition], jobs=1, variant="de", cold=True)
        build("single", [edition], jobs=1, variant="de")
    else:
        build("single", [f"{edition}-de"], jobs=1)
        res.notes.append("no --variant: the single-output figure builds a German-only copy of the edition")
    # a. the whole edition (de, en, bilingual), one process per output at most `jobs`
    build("full", [edition], jobs=args.jobs)
    if has["--jobs"] and CPUS > 1 and not args.no_parallel and args.jobs != CPUS:
        build("parallel", [edition], jobs=CPUS)
    # c. the checker on the three PDFs
    pdfs = sorted(str(p) for p in out.glob(f"{edition}.*.pdf") if p.name.count(".") == 2)
    check = measure(pipeline + ["check", "--format", "json", *pdfs], ROOT)
    res.runs["check"] = check
    print(f"  {'check':<10} {check.seconds:7.2f} s  {check.peak_mb:6.0f} MB  check {len(pdfs)} files",
          file=sys.stderr, flush=True)
    try:
        files = json.loads(check.stdout)["files"]
        res.check_pages = sum(f.get("pages", 0) for f in files)
        res.check_inprocess_seconds = sum(f.get("seconds", 0) for f in files)
        if check.exit != 0:
            res.notes.append(f"the checker exited {check.exit}: "
                             + ", ".join(f"{Path(f['file']).name}: {len(f.get('findings', []))} findings"
                                         for f in files))
    except (ValueError, KeyError):
        res.notes.append(f"checker output unreadable (exit {check.exit}): {check.stderr[-300:]}")
    # d. no-change rebuild of everything in the sources folder
    if has["--force"]:
        nochange = build("nochange", [], jobs=args.jobs, force=False)
        statuses = [o.get("status") for o in res.outputs["nochange"]]
        if any(s != "skipped" for s in statuses):
            res.notes.append(f"no-change rebuild did not skip everything: {statuses}")
    else:
        nochange = None
        res.notes.append("no --force/skip support yet: no-change rebuild not measured")

    # b. numbers
    full = res.outputs["full"]
    pages = sum(int(o.get("pages") or 0) for o in full)
    stages = stage_sums(full)
    layout = stages.get("layout", 0) + stages.get("post-process", 0)
    v = res.values
    v["pages_de"] = next((o.get("pages") for o in res.outputs["single"]), None)
    v["single_seconds"] = res.runs["single"].seconds
    v["pages_all"] = pages
    v["full_seconds"] = res.runs["full"].seconds
    v["layout_rate"] = pages / layout if layout else None
    v["check_rate"] = res.check_pages / check.seconds if res.check_pages else None
    v["check_rate_inprocess"] = (res.check_pages / res.check_inprocess_seconds
                                 if res.check_inprocess_seconds else None)
    v["peak_mb"] = max(r.peak_mb for k, r in res.runs.items() if k in ("single", "full", "parallel"))
    v["nochange_seconds"] = nochange.seconds if nochange else None
    par = res.runs.get("parallel")
    v["speedup"] = res.runs["full"].seconds / par.seconds if par else None


# ---------------------------------------------------------------------------
# Printing
# ---------------------------------------------------------------------------

def fmt(value, digits: int = 2) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def table(headers: list[str], rows: list[list], right: set[int] | None = None) -> str:
    right = right if right is not None else set(range(1, len(headers)))
    cells = [[str(c) for c in row] for row in [headers] + rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = []
    for n, row in enumerate(cells):
        lines.append("  ".join(c.rjust(widths[i]) if i in right else c.ljust(widths[i])
                               for i, c in enumerate(row)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def verdict(key: str, value, size: str) -> tuple[str, str]:
    for k, _, limit, unit, op, applies in TARGETS:
        if k != key:
            continue
        target = f"{op} {limit:g} {unit}"
        if value is None:
            return target, "n/a"
        ok = value < limit if op == "<" else value >= limit
        if applies and applies != size:
            return target, f"({'pass' if ok else 'miss'}; target is for {applies})"
        return target, "PASS" if ok else "MISS"
    return "", ""


def report(res: Result, jobs: int) -> str:
    p = res.params
    v = res.values
    lines = [f"=== size {res.size}: {p['reportages']} reportages x {p['words_per_reportage']} words, "
             f"{p['reportages'] * p['figures_per_reportage']} figures, "
             f"{p['reportages'] * p['tables_per_reportage']} tables, de + en; "
             + (f"generated in {res.generate_seconds:.1f} s" if res.generated else "sources reused")
             + f"; {CPUS} cores ==="]

    rows = []

    def row(label: str, run: Run | None, pages) -> None:
        if run is None:
            return
        rate = pages / run.seconds if pages and run.seconds else None
        rows.append([label, fmt(pages), fmt(run.seconds), fmt(rate, 1), fmt(run.peak_mb, 0),
                     fmt(run.cpu_seconds / run.seconds if run.seconds else None, 2)])
    row("build de only, empty caches (whole process)", res.runs.get("single-cold"), v["pages_de"])
    row("build de only, --jobs 1 (whole process)", res.runs["single"], v["pages_de"])
    def output_rows(name: str) -> None:
        for o in res.outputs.get(name, []):
            rows.append([f"  {Path(o['file']).name} (in the build)", fmt(o.get("pages")),
                         fmt(o.get("seconds")),
                         fmt((o.get("pages") or 0) / o["seconds"] if o.get("seconds") else None, 1),
                         fmt((o.get("peak_rss_kib") or 0) / 1024 or None, 0), ""])
    row(f"build de+en+bilingual, --jobs {jobs}", res.runs["full"], v["pages_all"])
    output_rows("full")
    row(f"build de+en+bilingual, --jobs {CPUS}", res.runs.get("parallel"), v["pages_all"])
    output_rows("parallel")
    row("check the 3 PDFs (whole process)", res.runs["check"], res.check_pages)
    row("no-change rebuild of everything", res.runs.get("nochange"), None)
    row("interpreter + imports only", res.runs.get("startup"), None)
    lines += ["", table(["run", "pages", "seconds", "pages/s", "peak RSS MB", "cores busy"], rows)]

    single = stage_sums(res.outputs["single"])
    full = stage_sums(res.outputs["full"])
    if any(single.values()) or any(full.values()):
        s_total, f_total = res.runs["single"].seconds, res.runs["full"].seconds
        s_rest = s_total - sum(single.values())
        f_rest = f_total - sum(full.values())
        stage_rows = []
        names = list(STAGES) + [k for k in {**single, **full} if k not in STAGES]
        startup = res.runs.get("startup")
        extra: dict[str, tuple[float, float]] = {}
        if startup is not None:
            extra["interpreter + imports"] = (startup.seconds, startup.seconds)
            extra["other, outside the stages"] = (s_rest - startup.seconds, f_rest - startup.seconds)
        else:
            extra["start-up and other"] = (s_rest, f_rest)
        pages_all = v["pages_all"]
        for name in names + list(extra):
            a, b = extra[name] if name in extra else (single.get(name, 0.0), full.get(name, 0.0))
            stage_rows.append([name, fmt(a), f"{100 * a / s_total:.0f} %", fmt(b),
                               f"{100 * b / f_total:.0f} %" if jobs == 1 else "",
                               fmt(pages_all / b if pages_all and b > 0 and name in STAGES else None, 1)])
        lines += ["", "time by stage (stages from the build report; 'interpreter + imports' measured apart "
                  "with python -c 'import pipeline...'; 'other' = the rest of the whole process: e.g. "
                  "fonts, manifest, lock, workers; negative where the load, in a child process, "
                  "overlapped the imports)"
                  + ("" if jobs == 1 else f"; with --jobs {jobs} the stage sums add up the processes"),
                  table(["stage", "de only s", "%", "de+en+bi s", "%", "pages/s"], stage_rows)]

    target_rows = []
    for key, label, *_ in TARGETS:
        value = v.get(key)
        target, result = verdict(key, value, res.size)
        unit = {"single_seconds": " s", "nochange_seconds": " s", "peak_mb": " MB",
                "speedup": "x"}.get(key, "")
        target_rows.append([label, (fmt(value, 0 if key == "peak_mb" else (1 if key.endswith("rate") else 2))
                                    + unit) if value is not None else "–", target, result])
    if v.get("check_rate_inprocess"):
        target_rows.append(["  (checker inside the process, without start-up)",
                            fmt(v["check_rate_inprocess"], 1), "", ""])
    lines += ["", "targets of issue 6", table(["target", "measured", "target", "result"], target_rows, {1})]
    if res.notes:
        lines += [""] + [f"note: {n}" for n in res.notes]
    return "\n".join(lines)


def growth(results: list[Result]) -> str:
    """How time and memory grow with pages: log-log slope between neighbouring sizes
    (1.0 = linear, 2.0 = quadratic)."""
    rows = []
    prev = None
    for r in results:
        v = r.values
        t, m, n = v["full_seconds"], v["peak_mb"], v["pages_all"]
        slope_t = slope_m = None
        if prev and n and prev[2] and n != prev[2]:
            k = math.log(n / prev[2])
            slope_t = math.log(t / prev[0]) / k
            slope_m = math.log(m / prev[1]) / k
        per_page = 100 * t / n if n and t is not None else None
        rows.append([r.size, fmt(v["pages_de"]), fmt(n), fmt(t), fmt(per_page),
                     fmt(m, 0), fmt(slope_t), fmt(slope_m),
                     "" if slope_t is None
                     else ("linear or better" if slope_t <= 1.1 else "WORSE than linear")])
        prev = (t, m, n)
    return "\n".join(["", "=== growth (full build) ===",
                      table(["size", "pages de", "pages all", "seconds", "s per 100 pages", "peak MB",
                             "time slope", "memory slope", "time growth"], rows)])


# ---------------------------------------------------------------------------
# cProfile of one output, in-process
# ---------------------------------------------------------------------------

def profile(size: str, args, work: Path) -> None:
    from pipeline.stages import build_output, load, outputs_of  # the Python API

    sources, seconds, generated = prepare_sources(work, size, args.seed, False)
    folder = sources / f"bench-{size}"
    out = work / "output-profile"
    profiler = cProfile.Profile()
    t0 = time.perf_counter()
    profiler.enable()
    edition = load(folder)
    output = next(o for o in outputs_of(edition) if o.variant == args.variant)
    result = build_output(edition, output, out)
    profiler.disable()
    wall = time.perf_counter() - t0
    profiler.dump_stats(args.cprofile)
    print(f"profiled {output.filename}: {result.pages} pages in {wall:.2f} s under cProfile "
          f"(slower than without); stats in {args.cprofile}")
    stats = pstats.Stats(profiler, stream=sys.stdout).strip_dirs().sort_stats("cumulative")
    stats.print_stats(30)
    print(f"more: .venv/bin/python -m pstats {args.cprofile}   (then: sort tottime / stats 40)")


# ---------------------------------------------------------------------------

def compile_bytecode() -> None:
    """Compile the pipeline's modules to bytecode first, as an installed package has them.

    Without this, an environment with PYTHONDONTWRITEBYTECODE=1 (as some sandboxes and
    containers set) compiles every module of the pipeline from source at each start, and
    the whole-process figures measure the compiler, not the pipeline."""
    package = Path(__file__).resolve().parents[1] / "pipeline"
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=True)
    print(f"bench: compiled {package} to bytecode", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Benchmark of issue 6: build and check generated editions.")
    sizes = [s for s in SIZES if s != "tiny"]
    p.add_argument("--size", choices=list(SIZES), default="small",
                   help="small ~51, medium ~200, large ~800 German pages (tiny: a smoke test)")
    p.add_argument("--all", action="store_true", help=f"run {', '.join(sizes)} and show how they grow")
    p.add_argument("--jobs", type=int, default=1,
                   help="--jobs for the measured full build and the no-change rebuild (default 1: "
                        "clean per-process stage times); a --jobs <cores> build is measured as well")
    p.add_argument("--no-parallel", action="store_true", help=f"skip the extra --jobs {CPUS} build")
    p.add_argument("--repeat", type=int, default=1, help="run each forced build N times, report the fastest")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--keep", type=Path, metavar="DIR",
                   help="work in DIR and keep it (sources, PDFs, reports); generated sources in it "
                        "are reused when size and seed match. Default: a temporary folder, removed")
    p.add_argument("--json", type=Path, metavar="FILE", help="also write the numbers as JSON")
    p.add_argument("--cprofile", type=Path, metavar="OUT",
                   help="instead of the benchmark: build one output in-process under cProfile, "
                        "save the stats to OUT and print the top 30 functions by cumulative time")
    p.add_argument("--variant", default="de", help="the output --cprofile builds (default de)")
    args = p.parse_args(argv)

    base = args.keep.resolve() if args.keep else Path(tempfile.mkdtemp(prefix="bench-"))
    try:
        if args.cprofile:
            profile(args.size, args, base / args.size)
            return 0
        options = build_options()
        compile_bytecode()
        results = []
        for size in (sizes if args.all else [args.size]):
            print(f"bench: {size} in {base / size}", file=sys.stderr, flush=True)
            res = bench_size(size, args, options, base / size)
            print(report(res, args.jobs), flush=True)
            print(flush=True)
            results.append(res)
        if len(results) > 1:
            print(growth(results), flush=True)
        if args.json:
            args.json.write_text(json.dumps([{
                "size": r.size, "params": r.params, "values": r.values, "notes": r.notes,
                "runs": {k: {"seconds": x.seconds, "peak_kib": x.peak_kib, "cpu_seconds": x.cpu_seconds,
                             "command": x.cmd} for k, x in r.runs.items()},
                "outputs": r.outputs,
                "targets": {k: verdict(k, r.values.get(k), r.size)[1] for k, *_ in TARGETS},
            } for r in results], indent=2), encoding="utf-8")
        return 0
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
