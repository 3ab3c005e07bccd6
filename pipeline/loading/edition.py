"""edition.yaml and the reportage files it lists -> :class:`pipeline.model.Edition`.

Every value is checked against the declared schema (``schema.EDITION``,
``schema.FRONT_MATTER``) before it is used; every path and id from the sources is
confined to the edition folder; every character that will be drawn is checked against
the font. All problems of an edition are collected and raised together.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .. import model as m
from ..layout.hyphenation import settings_problems
from . import schema
from .editions import SUPPORTED_LANGUAGES
from .glyphs import check_text
from .images import check_image_path
from .markdown import parse_body
from .paths import confined
from .printing import print_settings
from .problems import Problems
from .series import drawn_text as series_drawn_text
from .series import series_info
from .text import read_source
from .yamlload import LineDict, LineList, YamlProblem, load_yaml


def _yaml(path: Path, text: str, problems: Problems, line_offset: int = 0) -> Any:
    try:
        return load_yaml(text, line_offset)
    except YamlProblem as exc:
        problems.add(path, exc.message, exc.line)
        return None


def _languages(data: LineDict, path: Path, problems: Problems) -> tuple[str, ...]:
    """The edition's languages, checked first: the rest of the schema depends on them.
    When they are wrong, the texts are checked for the languages they are given in."""
    quiet = Problems()  # the schema check reports these problems, with their lines
    langs = schema.validate(data.get("languages"), schema.ListOf(schema.lang_tag, unique=True),
                            schema.At(path, quiet, (), data.line_of("languages"), "languages")) or []
    bad = [lang for lang in langs if lang not in SUPPORTED_LANGUAGES]
    if bad:
        problems.add(path, f"languages: {', '.join(map(repr, bad))} cannot be published "
                           f"(supported: {', '.join(SUPPORTED_LANGUAGES)}; a passage in another "
                           "language is marked in the text, e.g. [Ciao]{lang=it})",
                     data.line_of("languages"))
    if langs and not bad and not quiet.items:
        return tuple(langs)
    titles = data.get("title")
    return tuple(lang for lang in SUPPORTED_LANGUAGES if isinstance(titles, dict) and lang in titles
                 ) or SUPPORTED_LANGUAGES[:1]


def load_edition(folder: Path) -> m.Edition:
    """Load and validate one edition; raise SourceError listing every problem found."""
    folder = Path(folder).resolve()
    path = folder / "edition.yaml"
    problems = Problems()
    if not path.is_file():
        problems.add(path, "edition.yaml not found")
        problems.raise_if_any()
    raw = read_source(path, problems)
    data = _yaml(path, raw, problems) if raw is not None else None
    if not isinstance(data, LineDict):  # every YAML mapping is read as a LineDict
        if not problems.items:
            problems.add(path, "expected a mapping of edition settings")
        problems.stop()
    languages = _languages(data, path, problems)
    checked = schema.check(data, schema.EDITION, path, problems, languages)
    d = checked.data

    cover = d.get("cover", {})
    cover_line = _line(data, "cover", "image")
    image = check_image_path(folder, cover["image"], path, cover_line, problems) if "image" in cover else None

    lang_set = set(languages)
    imprint = {lang: parse_body(d["imprint"][lang], path, _line(data, "imprint", lang), folder,
                                lang_set, lang, problems)[0]
               for lang in languages if lang in d.get("imprint", {})}
    introduction = _introduction(d.get("introduction"), data, path, folder, languages, problems)

    reportages: list[dict[str, m.Reportage]] = []
    for rid in d.get("reportages", []):
        by_lang = {}
        for lang in languages:
            rep = _load_reportage(folder, rid, lang, lang_set, problems,
                                  _line(data, "reportages", rid))
            if rep is not None:
                by_lang[lang] = rep
        reportages.append(by_lang)

    hyphenation = {lang: _hyphenation(value) for lang, value in d.get("hyphenation", {}).items()}
    for lang, settings in hyphenation.items():  # e.g. a pattern set that does not exist
        for message in settings_problems({lang: settings}):
            problems.add(path, message, _line(data, "hyphenation", lang))
    printing = print_settings(d.get("print"), folder, path, _line(data, "print"), problems)
    info = series_info(d, data, folder, path, problems)
    check_text(_drawn_text(d, data, path, reportages, imprint, introduction, info), problems)
    problems.raise_if_any()  # a required value that is missing or wrong is among them
    return m.Edition(
        id=d["id"], root=folder, languages=list(languages), date=d["date"],
        title=d["title"], subtitle=d["subtitle"], publisher=d["publisher"],
        authors=d.get("authors", []), rights=d["rights"],
        cover=m.Cover(image or folder, cover["alt"], cover["credit"]),
        imprint=imprint, reportages=reportages, source=path,
        hyphenation=hyphenation, introduction=introduction, warnings=list(problems.warnings),
        printing=printing, info=info,
    )


def _line(data: Any, *keys: Any) -> int | None:
    """The line of ``data[k1][k2]...``; a key of a list is one of its items."""
    line = getattr(data, "line", None)
    for key in keys:
        if isinstance(data, LineDict) and key in data:
            line, data = data.line_of(key), data[key]
        elif isinstance(data, LineList) and key in data:
            line, data = data.line_of(data.index(key)), None
        else:
            break
    return line


def _hyphenation(value: list | dict) -> m.HyphenationSettings:
    if isinstance(value, list):
        return m.HyphenationSettings(exceptions=list(value))
    return m.HyphenationSettings(patterns=value.get("patterns"), exceptions=value.get("exceptions", []),
                                 left=value.get("left"), right=value.get("right"))


def _introduction(value: dict | None, data: LineDict, path: Path, folder: Path,
                  languages: tuple[str, ...], problems: Problems) -> m.Introduction | None:
    if not value or "text" not in value or "title" not in value:
        return None
    blocks = {lang: parse_body(value["text"][lang], path, _line(data, "introduction", "text", lang),
                               folder, set(languages), lang, problems)[0]
              for lang in value["text"]}
    return m.Introduction(value["title"], blocks)


def _load_reportage(folder: Path, rid: str, lang: str, languages: set[str],
                    problems: Problems, listed_at: int | None) -> m.Reportage | None:
    edition_file = folder / "edition.yaml"
    path = confined(folder, f"reportages/{rid}.{lang}.md", edition_file, listed_at, problems,
                    f"reportage {rid!r}:")
    if path is None:
        return None
    if not path.is_file():
        problems.add(path, f"reportage {rid!r} is missing in language {lang!r} "
                           f"(listed in {edition_file}:{listed_at})")
        return None
    raw = read_source(path, problems)
    if raw is None:
        return None
    lines = raw.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        problems.add(path, "missing YAML front matter (a first line '---')", 1)
        return None
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
    if end is None:
        problems.add(path, "front matter is not closed by a line '---'", 1)
        return None
    front = _yaml(path, "".join(lines[1:end]), problems, line_offset=1)
    if front is None and not problems.items:
        problems.add(path, "front matter is empty", 2)
    if front is None:
        return None
    checked = schema.check(front, schema.FRONT_MATTER, path, problems, tuple(languages), line=2)
    blocks, notes = parse_body("".join(lines[end + 1:]), path, end + 1, folder, languages, lang, problems)
    if not checked.complete:
        return None
    return m.Reportage(id=rid, lang=lang, blocks=blocks, notes=notes, source=path, **checked.data)


def _drawn_text(d: dict, data: LineDict, path: Path, reportages: list[dict[str, m.Reportage]],
                imprint: dict[str, list[m.Block]], introduction: m.Introduction | None,
                info: m.SeriesInfo) -> Iterator[tuple[str, Path, int | None]]:
    """Every text the layout will draw, with its file and the line it starts on (alt texts
    are not drawn: they may hold any character)."""
    for key in ("title", "subtitle", "publisher", "rights"):
        for lang, value in d.get(key, {}).items():
            yield value, path, _line(data, key, lang)
    for author in d.get("authors", []):
        yield author, path, _line(data, "authors")
    for lang, value in d.get("cover", {}).get("credit", {}).items():
        yield value, path, _line(data, "cover", "credit", lang)
    for blocks in imprint.values():
        yield from _block_text(blocks, path)
    yield from ((text, path, None) for text in series_drawn_text(info))
    if introduction:
        for lang, title in introduction.title.items():
            yield title, path, _line(data, "introduction", "title", lang)
        for blocks in introduction.blocks.values():
            yield from _block_text(blocks, path)
    for by_lang in reportages:
        for rep in by_lang.values():
            for value in (rep.title, rep.subtitle, rep.place, rep.author, rep.teaser):
                yield value, rep.source, 2
            yield from _block_text(rep.blocks, rep.source)
            for note in rep.notes:
                yield m.plain_text(note.inlines), rep.source, None


def _block_text(blocks: list[m.Block], file: Path) -> Iterator[tuple[str, Path, int | None]]:
    for block in blocks:
        line = block.line or None
        if isinstance(block, (m.Heading, m.Paragraph)):
            yield m.plain_text(block.inlines), file, line
        elif isinstance(block, m.ListBlock):
            for item in block.items:
                yield m.plain_text(item), file, line
        elif isinstance(block, m.Table):
            for cell in [*block.header, *(c for row in block.rows for c in row)]:
                yield m.plain_text(cell), file, line
            if block.caption:
                yield m.plain_text(block.caption), file, line
        elif isinstance(block, m.Quote):
            for para in block.paragraphs:
                yield m.plain_text(para), file, line
        elif isinstance(block, m.Figure):
            yield block.caption, file, line
            yield block.credit, file, line
