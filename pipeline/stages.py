"""The build, as named stages: load -> layout -> post-process -> check -> write.

Each output is written to a temporary file beside its target, checked (our checker for
PDF/UA-1 and PDF/A-2a, then page-validation as the second opinion), and only then renamed
into place: a failed or interrupted build never leaves a
truncated or unchecked PDF, and the previous good PDF stays.
"""
from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import model as m
from .layout import fonts, hyphenation, plancache
from .layout.compose import edition_story
from .layout.document import printed_images, render, resolution_warnings
from .layout.hints import load_hint, save_hint
from .layout.styles import PageGeometry
from .pdf.boxes import PrintBoxes
from .pdf.finish import finish
from .pdf.metadata import DocumentInfo
from .publish import Published, Submitted, check_bytes_then_publish, submit
from .settings import output_settings

if TYPE_CHECKING:
    from .gate_process import GateProcess


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
    check_seconds: float = 0.0  # our checker's own time on the file
    press: list = field(default_factory=list)  # print: per page, the highest ink coverage and image ppi

    def to_dict(self) -> dict:
        """For the build report (and for passing between processes)."""
        return {"file": str(self.path), "edition": self.output.edition,
                "variant": self.output.variant, "profile": self.output.profile,
                "pages": self.pages, "bytes": self.size, "seconds": round(self.seconds, 4),
                "stages": {k: round(v, 4) for k, v in self.stages.items()},
                "warnings": list(self.warnings),
                "check": {"ok": True, "findings": 0, "seconds": round(self.check_seconds, 4)},
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


def build_output(edition: m.Edition, output: Output, out_dir: Path,
                 on_stage: Callable[[str], None] | None = None, second: bool = True) -> Result:
    """Render, check and publish one output; ``on_stage(name)`` is told as each stage starts.
    ``second``: also ask page-validation (False: publish on our checker's verdict alone)."""
    result, data, start = _render(edition, output, out_dir, on_stage)
    published = check_bytes_then_publish(data, result.path, result.stages, second,
                                         pdfx=output.profile == "print")
    return _published(result, published, len(data), time.perf_counter() - start)


def _render(edition: m.Edition, output: Output, out_dir: Path,
            on_stage: Callable[[str], None] | None) -> tuple[Result, bytes, float]:
    """The output's result so far, its PDF bytes and when it started, the stage 'check' told."""
    on_stage = on_stage or (lambda name: None)
    start = time.perf_counter()
    result = Result(output, out_dir / output.filename)
    on_stage("layout")
    data = render_output(edition, output, result.stages, result.warnings)
    on_stage("check")
    return result, data, start


@dataclass
class Started:
    """An output laid out and sent to a gate process; :meth:`finish` publishes it (or raises
    BuildError), :meth:`abandon` gives it up. Meanwhile the build can lay out the next."""
    result: Result
    submitted: Submitted
    size: int
    seconds: float  # so far: layout, post-process, writing

    def finish(self) -> Result:
        start = time.perf_counter()
        published = self.submitted.publish()
        return _published(self.result, published, self.size,
                          self.seconds + time.perf_counter() - start)

    def abandon(self) -> None:
        self.submitted.abandon()


def start_output(edition: m.Edition, output: Output, out_dir: Path, gate: GateProcess,
                 on_stage: Callable[[str], None] | None = None, second: bool = True) -> Started:
    """``build_output`` in two halves: render and send to ``gate`` now, publish later."""
    result, data, start = _render(edition, output, out_dir, on_stage)
    submitted = submit(data, result.path, result.stages, gate, second, pdfx=output.profile == "print")
    return Started(result, submitted, len(data), time.perf_counter() - start)


def _published(result: Result, published: Published, size: int, seconds: float) -> Result:
    result.press = published.press
    result.pages = published.pages
    result.second_opinion = published.second_opinion.to_dict()
    result.check_seconds = published.check_seconds
    result.size = size
    result.seconds = seconds
    return result


def load(folder: Path, stages: dict[str, float] | None = None) -> m.Edition:
    from .loading import load_edition  # the loader's imports, only where sources are loaded

    t0 = time.perf_counter()
    edition = load_edition(folder)
    if stages is not None:
        stages["load"] = stages.get("load", 0) + time.perf_counter() - t0
    return edition
