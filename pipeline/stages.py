"""The build, as named stages: load -> layout -> post-process -> check -> write.

Each output is written to a temporary file beside its target, checked (our checker for
PDF/UA-1 and PDF/A-2a, then page-validation as the second opinion), and only then renamed
into place: a failed or interrupted build never leaves a
truncated or unchecked PDF, and the previous good PDF stays.
"""
from __future__ import annotations

import datetime as dt
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import model as m
from .errors import BuildError
from .files import os_problem, write_temp_beside
from .gates import Verdicts, judge_here
from .layout import fonts, hyphenation, plancache
from .layout.compose import edition_story
from .layout.document import printed_images, render, resolution_warnings
from .layout.hints import load_hint, save_hint
from .layout.styles import PageGeometry
from .pdf.boxes import PrintBoxes
from .pdf.finish import finish
from .pdf.metadata import DocumentInfo
from .second_opinion import SecondOpinion
from .settings import output_settings


@dataclass(frozen=True)
class Output:
    """One PDF of an edition: a single language or all of them."""
    edition: str
    variant: str  # "de", "en" or "bilingual"
    langs: tuple[str, ...]
    profile: str = "screen"  # "screen" (default) or "print"
    marks: bool = False  # print: crop marks (pipeline build --marks; or the edition's print.marks)

    @property
    def filename(self) -> str:
        suffix = "" if self.profile == "screen" else f".{self.profile}"
        return f"{self.edition}.{self.variant}{suffix}.pdf"


@dataclass
class Result:
    output: Output
    path: Path
    pages: int = 0
    size: int = 0
    seconds: float = 0.0
    stages: dict[str, float] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    second_opinion: dict = field(default_factory=dict)  # page-validation's verdict, or why not run
    press: list = field(default_factory=list)  # print: per page, the highest ink coverage and image ppi

    def to_dict(self) -> dict:
        """For the build report (and for passing between processes)."""
        return {"file": str(self.path), "edition": self.output.edition,
                "variant": self.output.variant, "profile": self.output.profile,
                "pages": self.pages, "bytes": self.size, "seconds": round(self.seconds, 4),
                "stages": {k: round(v, 4) for k, v in self.stages.items()},
                "warnings": list(self.warnings), "check": {"ok": True, "findings": 0},
                "second_opinion": self.second_opinion} | ({"press": self.press} if self.press else {})


def outputs_of(edition: m.Edition, profile: str = "screen", marks: bool = False) -> list[Output]:
    outs = [Output(edition.id, lang, (lang,), profile, marks) for lang in edition.languages]
    if len(edition.languages) > 1:
        outs.append(Output(edition.id, "bilingual", tuple(edition.languages), profile, marks))
    return outs


def inputs_of(edition: m.Edition, output: Output) -> list[Path]:
    """Every file the output is made from: edition.yaml, the cover, the Markdown of the
    output's languages and the images it names, and the font files."""
    paths = {edition.source, edition.cover.image, *fonts.BODY.files()}
    for by_lang in edition.reportages:
        for lang in output.langs:
            rep = by_lang[lang]
            paths.add(rep.source)
            paths.update(b.src for b in rep.blocks if isinstance(b, m.Figure))
    if output.profile == "print" and edition.printing.profile is not None:
        paths.add(edition.printing.profile)
    return sorted(Path(os.path.abspath(p)) for p in paths)


def settings_of(folder: Path, output: Output) -> dict[str, str]:
    """What, besides the input files and the code, decides an output's bytes."""
    return output_settings(folder, output.edition, output.variant, ",".join(output.langs),
                           output.profile)


def warm_up(langs: list[str], checker: bool = True) -> None:
    """Load what every output needs once, before worker processes are forked from this one
    (``checker``: our checker's rules too; not where a gate process checks)."""
    from .layout.hyphenation import hyphenator

    if checker:
        from .checker import load_rules

        load_rules()
    fonts.register()
    for lang in langs:
        hyphenator(lang)


def build_date(edition: m.Edition) -> dt.datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    return dt.datetime.combine(edition.date, dt.time(0, 0), tzinfo=dt.UTC)


def document_info(edition: m.Edition, langs: tuple[str, ...]) -> DocumentInfo:
    return DocumentInfo(
        titles={lang: edition.title[lang] for lang in langs},
        subject={lang: edition.subtitle[lang] for lang in langs},
        authors=list(edition.authors) or [edition.publisher[langs[0]]],
        rights={lang: edition.rights[lang] for lang in langs},
        keywords=", ".join(by_lang[langs[0]].title for by_lang in edition.reportages),
        date=build_date(edition),
        publisher=tuple(dict.fromkeys(edition.publisher[lang] for lang in langs)),
        contributors=tuple(f"{name} ({role})" for role, names in edition.info.credits.items()
                           for name in names),
        identifiers=tuple(edition.info.identifiers()),
    )


def render_output(edition: m.Edition, output: Output, stages: dict[str, float] | None = None,
                  warnings: list[str] | None = None) -> bytes:
    """Layout and post-processing of one output; returns the finished PDF bytes.

    ``stages`` receives seconds per stage; ``warnings`` receives one line per thing the
    editor should know about that does not stop the build (e.g. a low-resolution image in
    the print profile)."""
    stages = stages if stages is not None else {}
    warnings = warnings if warnings is not None else []
    fonts.register()
    hyphenation.use_edition(edition)
    t0 = time.perf_counter()
    info = document_info(edition, output.langs)
    geometry = PageGeometry.for_profile(output.profile, marks=output.marks or edition.printing.marks)
    factory = edition_story(edition, list(output.langs), geometry)
    images: list = []  # the images of the last layout pass (doc.build empties its story)

    def keep_images(destinations: dict[str, int]):
        story, tree = factory(destinations)
        images[:] = printed_images(story)
        return story, tree

    hint_key = f"{edition.source}|{output.filename}"
    plans = plancache.PlanStore(plancache.store_path(hint_key), plancache.default_salt())
    plancache.use_store(plans)
    try:
        layout_pdf, root, tags, placed = render(keep_images, geometry, output.langs[0], info.title,
                                                guess=load_hint(hint_key))
    finally:
        plancache.use_store(None)
    save_hint(hint_key, placed.destinations)
    plans.save()
    hyphenation.save_caches()
    root.lang = output.langs[0]
    boxes = None
    if output.profile == "print":
        warnings.extend(resolution_warnings(images))
        boxes = PrintBoxes(geometry.media_box, geometry.bleed_box, geometry.trim_box)
    t1 = time.perf_counter()
    data = finish(layout_pdf, root, tags, placed, info, boxes,
                  edition.printing if output.profile == "print" else None)
    t2 = time.perf_counter()
    stages["layout"] = stages.get("layout", 0) + t1 - t0
    stages["post-process"] = stages.get("post-process", 0) + t2 - t1
    return data


@dataclass
class Published:
    pages: int
    second_opinion: SecondOpinion
    press: list = field(default_factory=list)  # with pdfx: pipeline.checker.pdfx.press_summary


Judge = Callable[[Path, bool], Verdicts]  # both gates' verdicts on a file (page-validation's: if asked)


def check_bytes_then_publish(data: bytes, target: Path, stages: dict[str, float],
                             second: bool = True, pdfx: bool = False,
                             judge: Judge = judge_here) -> Published:
    """Write ``data`` to a temporary file beside ``target``, check it, rename it into place.

    Both gates judge the file: our checker (PDF/UA-1 and PDF/A-2a) and, unless ``second``
    is False (``--trust-own-checker``), page-validation's ua1 and 2a profiles, asked through
    ``judge`` (in this process; or a gate process's, ``pipeline.gate_process``). Raises
    BuildError, showing both verdicts, (and leaves ``target`` untouched) when either fails.
    """
    t0 = time.perf_counter()
    try:
        tmp = write_temp_beside(target, data)
    except OSError as exc:
        raise BuildError(f"{target.name}: not published, cannot write {os_problem(exc, target.parent)}; "
                         "the previous PDF is unchanged") from None
    try:
        t1 = time.perf_counter()
        _fault_pause("before-check", tmp, target)
        verdicts = judge(tmp, second)
        report, press = verdicts.report, []
        if pdfx:  # print outputs: PDF/X-4 preflight too, and what the build report shows of inks
            from .checker.pdfx import add_pdfx, press_summary

            report, press = add_pdfx(report, str(tmp)), press_summary(str(tmp))
        if verdicts.opinion is None:
            raise BuildError(f"{target.name}: not published, page-validation did not finish")
        opinion = verdicts.opinion
        t2 = time.perf_counter()
        stages["write"] = stages.get("write", 0) + t1 - t0
        stages["check"] = stages.get("check", 0) + t2 - t1
        if not report.ok or (second and not opinion.ok):
            raise BuildError(refusal(target.name, report, opinion))
        _fault_pause("before-publish", tmp, target)
        try:
            os.replace(tmp, target)
        except OSError as exc:
            raise BuildError(f"{target.name}: not published, {os_problem(exc, target)}") from None
        return Published(report.pages, opinion, press)
    finally:
        tmp.unlink(missing_ok=True)


def refusal(name: str, report, opinion: SecondOpinion, shown: int = 20) -> str:
    """Why an output is not published: both gates' verdicts, with rule ids and counts."""
    own = ("PDF/UA check (our checker, PDF/UA-1 and PDF/A-2a): "
           + ("passes" if report.ok else f"{len(report.findings)} problem(s)"))
    lines = [f"{name}: not published.", f"  {own}"]
    lines += [f"    {f.clause} {f.rule}: {f.message}" + (f" (page {f.page})" if f.page else "")
              for f in report.findings[:shown]]
    lines.append(f"  {opinion.summary()}")
    lines += [f"    {f.line()}" for f in opinion.failures[:shown]]
    return "\n".join(lines)


def _fault_pause(point: str, tmp: Path, target: Path) -> None:
    """Fault-injection hook for the tests: with PIPELINE_FAULT_PAUSE=<point>[:<file name>],
    the process building that output says where it is on stderr and sleeps, so a test can
    kill it at exactly that point."""
    wanted = os.environ.get("PIPELINE_FAULT_PAUSE", "")
    if wanted in (point, f"{point}:{target.name}"):
        print(f"paused at {point}: pid {os.getpid()} temp {tmp}", file=sys.stderr, flush=True)
        time.sleep(120)


def build_output(edition: m.Edition, output: Output, out_dir: Path,
                 on_stage: Callable[[str], None] | None = None, second: bool = True,
                 judge: Judge = judge_here) -> Result:
    """Render, check and publish one output; ``on_stage(name)`` is told as each stage starts.
    ``second``: also ask page-validation (False: publish on our checker's verdict alone),
    through ``judge``."""
    on_stage = on_stage or (lambda name: None)
    start = time.perf_counter()
    result = Result(output, out_dir / output.filename)
    on_stage("layout")
    data = render_output(edition, output, result.stages, result.warnings)
    on_stage("check")
    published = check_bytes_then_publish(data, result.path, result.stages, second,
                                         pdfx=output.profile == "print", judge=judge)
    result.press = published.press
    result.pages = published.pages
    result.second_opinion = published.second_opinion.to_dict()
    result.size = len(data)
    result.seconds = time.perf_counter() - start
    return result


def load(folder: Path, stages: dict[str, float] | None = None) -> m.Edition:
    from .loading import load_edition  # the loader's imports, only where sources are loaded

    t0 = time.perf_counter()
    edition = load_edition(folder)
    if stages is not None:
        stages["load"] = stages.get("load", 0) + time.perf_counter() - t0
    return edition
