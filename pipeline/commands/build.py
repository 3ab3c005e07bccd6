"""`pipeline build [EDITION...]`: build editions from sources/ into output/.

Exit status: 0 every output was built or was already up to date, 1 something failed
(bad sources, a PDF that fails the check, a missing font, a worker that died, another
build holding the output folder too long), 2 the command was misused.
"""
from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import BuildError, SourceError
from ..files import os_problem
from ..gate_process import GateProcess
from ..load_ahead import Ahead, Loaded, worth_forking
from ..lock import LockTimeout, OutputLock, remove_leftovers
from ..manifest import FileState, Manifest
from ..progress import PlainProgress, progress_for
from ..report import BuildReport
from ..second_opinion import OWN_ONLY_REASON
from ..settings import PROFILES, cache_problem, output_settings
from ..workers import Job, default_jobs, in_process, run_jobs
from .common import languages_of, resolve_editions, variants_exist

if TYPE_CHECKING:
    from ..stages import Started


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("editions", nargs="*", metavar="EDITION",
                        help="edition folders or names in --sources (default: all)")
    parser.add_argument("--sources", type=Path, default=Path("sources"),
                        help="sources folder (default: sources)")
    parser.add_argument("--output", "-o", type=Path, default=Path("output"),
                        help="output folder (default: output)")
    parser.add_argument("--profile", choices=PROFILES, default="screen",
                        help="screen (default): for reading on screen; print: with bleed, "
                             "trim and bleed boxes and crop marks, written as *.print.pdf")
    parser.add_argument("--marks", action="store_true",
                        help="print profile: draw crop marks outside the bleed (off by default; "
                             "an edition can ask for them with print: {marks: true})")
    parser.add_argument("--variant", action="append", metavar="VARIANT",
                        help="build only this output of each edition: a language code or "
                             "'bilingual' (repeatable; default: all)")
    parser.add_argument("--force", action="store_true",
                        help="rebuild every output, even those whose inputs did not change")
    parser.add_argument("--jobs", "-j", type=_positive, default=default_jobs(),
                        help="outputs built at once, one process each (default: the number of cores)")
    parser.add_argument("--report", type=Path, metavar="FILE.json",
                        help="write what was built, skipped and failed, with times, pages and "
                             "checker results, as JSON")
    parser.add_argument("--trust-own-checker", action="store_true",
                        help="publish on our checker's verdict alone, without the second gate "
                             "(page-validation's ua1 and 2a profiles); the build says so on the "
                             "terminal and in --report")
    parser.add_argument("--lock-timeout", type=float, default=600, metavar="SECONDS",
                        help="how long to wait for another build using the same output folder "
                             "(default: 600)")


def warn(progress: PlainProgress, report: BuildReport, message: str) -> None:
    """A warning for the whole build: on the terminal and in the report."""
    progress.warn(message)
    report.warnings.append(message)


def _terminated(signum, frame):
    raise KeyboardInterrupt(f"terminated by {signal.Signals(signum).name}")


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def run(args: argparse.Namespace) -> int:
    folders = resolve_editions(args.sources, args.editions)
    if folders is None or not variants_exist(folders, args.variant):
        return 2
    started = time.perf_counter()
    # A scheduler's SIGTERM ends the build like Ctrl-C: workers are stopped, their
    # temporary files removed, and the previous PDFs stay.
    signal.signal(signal.SIGTERM, _terminated)
    progress = progress_for()
    if args.trust_own_checker:
        progress.note(f"note: {OWN_ONLY_REASON}; page-validation is not run")
    report = BuildReport(jobs=args.jobs, profile=args.profile)
    problem = cache_problem()
    if problem:
        warn(progress, report, problem)
    try:
        with OutputLock(args.output, args.lock_timeout, progress.note):
            remove_leftovers(args.output)
            manifest = Manifest.load(args.output)
            if manifest.problem:
                warn(progress, report, manifest.problem)
            Session(args, progress, report, manifest).run(folders)
    except LockTimeout as exc:
        progress.failed(None, str(exc))
        report.fail_all(str(exc))
    except OSError as exc:  # the output folder or the manifest cannot be written
        message = (f"{os_problem(exc, args.output)} (output folder {args.output}); "
                   "no published PDF was changed")
        progress.failed(None, message)
        report.fail_all(message)
    finally:
        progress.close()
    report.seconds = time.perf_counter() - started
    if args.report:
        try:
            report.write(args.report)
        except OSError as exc:
            print(f"error: cannot write the report: {os_problem(exc, args.report)}", file=sys.stderr)
            return 1
    return report.exit_code


@dataclass
class Begun:
    """An output begun in this process (``stages.start_output``), as the job runner sees it."""
    started: Started

    def finish(self) -> dict:
        return self.started.finish().to_dict()

    def abandon(self) -> None:
        self.started.abandon()


@dataclass
class Planned:
    """An output to build, with what the manifest records once it is built."""
    job: Job
    key: str  # the edition's key in the manifest
    settings: dict[str, str]
    inputs: dict[str, FileState]  # the inputs as they were when the build started


class Session:
    """One build run, holding the output folder's lock."""

    def __init__(self, args: argparse.Namespace, progress: PlainProgress, report: BuildReport,
                 manifest: Manifest):
        self.args, self.progress, self.report, self.manifest = args, progress, report, manifest
        self.gate = GateProcess()  # not running: the gates are asked in the build's process

    def run(self, folders: list[Path]) -> None:
        stale = [folder for folder in folders if not self._all_fresh_without_loading(folder)]
        if not stale:
            return
        planned: list[Planned] = []
        ahead = Ahead(stale)  # the sources load in child processes while this one imports
        if self._one_process_likely(stale) and worth_forking():
            self.gate = GateProcess.start()  # the checkers imported on the other core
        try:
            try:
                from .. import i18n, stages  # noqa: F401 - layout and PDF code

                if not self.gate.running:
                    from ..checker import load_rules

                    load_rules()
                i18n.warm(languages_of(stale, self.args.variant))
                for folder in stale:
                    planned += self._plan(folder, ahead.take(folder))
            finally:
                ahead.close()
            if not in_process(len(planned), self.args.jobs):
                self.gate.close()  # each worker asks both gates itself
            self.gate.warm()  # the sources have loaded: a core is free while the layout runs
            if planned:
                self._build(planned)
        finally:
            self.gate.close()

    def _one_process_likely(self, stale: list[Path]) -> bool:
        """Whether the outputs will be built in this process, as far as can be told before
        the sources are loaded."""
        return self.args.jobs <= 1 or (len(stale) == 1 and len(self.args.variant or ()) == 1)

    def _build(self, planned: list[Planned]) -> None:
        from ..stages import warm_up

        try:
            warm_up(sorted({lang for p in planned for lang in p.settings["langs"].split(",")}),
                    checker=not self.gate.running)
        except BuildError as exc:
            for p in planned:
                self.report.failed(p.job.name, self._path(p.job.name), str(exc))
            self.progress.failed(None, str(exc))
            return
        by_name = {p.job.name: p for p in planned}
        for p in planned:
            self.progress.add(p.job.name)
        failed_keys: set[str] = set()
        for outcome in run_jobs([p.job for p in planned], self.args.jobs, self.progress.stage,
                                self.progress.tick):
            plan = by_name[outcome.name]
            result = outcome.result
            if result is not None:  # built (an outcome has a result or an error)
                self.manifest.record(outcome.name, plan.settings, plan.inputs, result["pages"])
                self.manifest.save()
                self.report.built(outcome.name, result)
                for warning in result["warnings"]:
                    self.progress.warn(warning)
                self.progress.done(outcome.name,
                                   f"wrote {result['file']}  {result['pages']} pages  "
                                   f"{result['bytes'] / 1024:.0f} KiB  {result['seconds']:.2f} s")
            else:
                failed_keys.add(plan.key)
                error = outcome.error or f"{outcome.name}: failed"
                self.report.failed(outcome.name, self._path(outcome.name), error)
                self.progress.failed(outcome.name, error)
        for key in failed_keys:
            self.manifest.editions.pop(key, None)
        self.manifest.save()

    def _gate(self) -> dict[str, str]:
        """Which gates judged an output: part of its settings, so that an output published on
        our verdict alone is rebuilt (and judged by both) by the next build without the option."""
        return {"gate": "own" if self.args.trust_own_checker else "own+page-validation"} | (
            {"marks": "on"} if getattr(self.args, "marks", False) else {})  # and --marks

    def _path(self, name: str) -> str:
        return str(self.args.output / name)

    def _key(self, folder: Path) -> str:
        return f"{os.path.abspath(folder)}|{self.args.profile}|{','.join(self.args.variant or [])}"

    def _skip(self, name: str) -> None:
        entry = self.manifest.entries[name]
        self.report.skipped(name, self._path(name), entry.settings, entry.pages)
        self.progress.done(name, f"skipped {self._path(name)}  (unchanged)")

    def _all_fresh_without_loading(self, folder: Path) -> bool:
        """Whether every output of the edition is fresh, judged from the manifest alone."""
        names = self.manifest.editions.get(self._key(folder))
        if self.args.force or not names:
            return False
        for name in names:
            entry = self.manifest.entries.get(name)
            if entry is None:
                return False
            recorded = entry.settings  # which output it is; the rest must be as it is now
            now = output_settings(folder, recorded.get("id", ""), recorded.get("variant", ""),
                                  recorded.get("langs", ""), self.args.profile) | self._gate()
            if not self.manifest.is_fresh(name, now):
                return False
        for name in names:
            self._skip(name)
        return True

    def _source_warnings(self, folder: Path, warnings: list) -> None:
        for warning in warnings:
            warn(self.progress, self.report, str(warning))

    def _plan(self, folder: Path, loaded: Loaded | None) -> list[Planned]:
        """Load the edition (unless ``loaded`` already has it); plan the outputs that are
        not fresh (skip and report the rest)."""
        from ..stages import build_output, inputs_of, load, outputs_of, settings_of, start_output

        stages: dict[str, float] = {}
        try:
            if loaded is None:
                edition = load(folder, stages)
            else:
                edition, stages["load"] = loaded.edition, loaded.seconds
        except SourceError as exc:
            message = (f"{folder}: the sources have {len(exc.problems)} problem(s):\n"
                       + "\n".join(f"  {p}" for p in exc.problems))
            self._source_warnings(folder, exc.warnings)
            self.report.failed(None, None, message, edition=folder.name)
            self.progress.failed(None, message)
            return []
        self._source_warnings(folder, edition.warnings)
        outputs = [o for o in outputs_of(edition, self.args.profile, getattr(self.args, "marks", False))
                   if not self.args.variant or o.variant in self.args.variant]
        key = self._key(folder)
        self.manifest.editions[key] = [o.filename for o in outputs]
        planned: list[Planned] = []
        for output in outputs:
            settings = settings_of(folder, output) | self._gate()
            try:
                snapshot = self.manifest.snapshot(output.filename, inputs_of(edition, output))
            except OSError as exc:
                message = f"{exc.filename}: cannot be read ({exc.strerror})"
                self.report.failed(output.filename, self._path(output.filename), message)
                self.progress.failed(output.filename, message)
                self.manifest.editions.pop(key, None)
                continue
            if not self.args.force and self.manifest.is_fresh(output.filename, settings, snapshot):
                self._skip(output.filename)
                continue

            load_seconds = stages.get("load", 0.0)

            def job(on_stage, edition=edition, output=output, load_seconds=load_seconds):
                result = build_output(edition, output, self.args.output, on_stage,
                                      second=not self.args.trust_own_checker)
                result.stages["load"] = load_seconds
                return result.to_dict()

            def begin(on_stage, edition=edition, output=output, load_seconds=load_seconds):
                started = start_output(edition, output, self.args.output, self.gate, on_stage,
                                       second=not self.args.trust_own_checker)
                started.result.stages["load"] = load_seconds
                return Begun(started)

            weight = sum(s.size for p, s in snapshot.items() if p.endswith(".md"))
            planned.append(Planned(Job(output.filename, job, weight, start=begin), key, settings,
                                   snapshot))
        return planned
