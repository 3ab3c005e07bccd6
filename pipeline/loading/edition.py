"""edition.yaml and the reportage files it lists -> :class:`pipeline.model.Edition`."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from .. import model as m
from .images import check_image_path
from .markdown import parse_body
from .problems import Problems
from .yamlload import safe_load

SUPPORTED_LANGUAGES = ("de", "en")
_FRONT_KEYS = ("title", "subtitle", "place", "author", "date", "teaser")


def find_editions(sources: Path) -> list[Path]:
    """Edition folders (those holding an edition.yaml), sorted by name."""
    return sorted(p.parent for p in sources.glob("*/edition.yaml"))


def _yaml(path: Path, text: str, problems: Problems, line_offset: int = 0):
    try:
        return safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = (mark.line + 1 + line_offset) if mark else None
        problems.add(path, f"invalid YAML: {getattr(exc, 'problem', None) or exc}", line)
        return None


def _date(value, path: Path, key: str, problems: Problems) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        problems.add(path, f"{key}: {value!r} is not a date (YYYY-MM-DD)")
        return dt.date(1970, 1, 1)


def _per_language(data: dict, key: str, languages: list[str], path: Path, problems: Problems) -> dict[str, str]:
    value = data.get(key)
    if not isinstance(value, dict):
        problems.add(path, f"{key}: expected one text per language ({', '.join(languages)})")
        return {lang: "" for lang in languages}
    out = {}
    for lang in languages:
        text = value.get(lang)
        if not isinstance(text, str) or not text.strip():
            problems.add(path, f"{key}: missing the {lang!r} text")
            text = ""
        out[lang] = text.strip()
    return out


def load_edition(folder: Path) -> m.Edition:
    """Load and validate one edition; raise SourceError listing every problem found."""
    folder = Path(folder).resolve()
    path = folder / "edition.yaml"
    problems = Problems()
    if not path.is_file():
        problems.add(path, "edition.yaml not found")
        problems.raise_if_any()
    raw = _read_text(path, problems)
    problems.raise_if_any()
    data = _yaml(path, raw, problems)
    if not isinstance(data, dict):
        if not problems.items:
            problems.add(path, "expected a mapping of edition settings")
        problems.raise_if_any()

    languages = data.get("languages")
    if not isinstance(languages, list) or not languages:
        problems.add(path, "languages: expected a list such as [de, en]")
        languages = list(SUPPORTED_LANGUAGES)
    for lang in languages:
        if lang not in SUPPORTED_LANGUAGES:
            problems.add(path, f"languages: unknown language {lang!r} (supported: {', '.join(SUPPORTED_LANGUAGES)})")
    languages = [lang for lang in languages if lang in SUPPORTED_LANGUAGES] or ["de"]

    for key in ("id", "date", "title", "subtitle", "publisher", "rights", "cover", "imprint", "reportages"):
        if key not in data:
            problems.add(path, f"{key}: missing")
    edition_id = str(data.get("id") or folder.name)
    text = {k: _per_language(data, k, languages, path, problems)
            for k in ("title", "subtitle", "publisher", "rights", "imprint")}

    cover = data.get("cover") if isinstance(data.get("cover"), dict) else {}
    image = check_image_path(folder, str(cover.get("image", "")), path, None, problems) if cover.get("image") else None
    if cover and not cover.get("image"):
        problems.add(path, "cover: image missing")
    cover_model = m.Cover(image or folder, _per_language(cover, "alt", languages, path, problems) if cover else {},
                          _per_language(cover, "credit", languages, path, problems) if cover else {})

    lang_set = set(languages)
    imprint: dict[str, list[m.Block]] = {}
    for lang in languages:
        blocks, _ = parse_body(text["imprint"][lang], path, 0, folder, lang_set, lang, problems)
        imprint[lang] = blocks

    reportages: list[dict[str, m.Reportage]] = []
    ids = data.get("reportages") or []
    if not isinstance(ids, list):
        problems.add(path, "reportages: expected a list of reportage ids")
        ids = []
    for rid in ids:
        by_lang = {}
        for lang in languages:
            rep = _load_reportage(folder, str(rid), lang, lang_set, problems)
            if rep is not None:
                by_lang[lang] = rep
        reportages.append(by_lang)

    authors = data.get("authors") or []
    problems.raise_if_any()
    return m.Edition(
        id=edition_id, root=folder, languages=languages,
        date=_date(data["date"], path, "date", problems),
        title=text["title"], subtitle=text["subtitle"], publisher=text["publisher"],
        authors=[str(a) for a in authors], rights=text["rights"], cover=cover_model,
        imprint=imprint, reportages=reportages, source=path,
    )


def _read_text(path: Path, problems: Problems) -> str | None:
    """The file's text; a problem naming the line when it is not UTF-8 or cannot be read."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        problems.add(path, f"cannot read: {exc.strerror}")
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        problems.add(path, f"not UTF-8 text (byte 0x{data[exc.start]:02x} cannot be decoded); "
                           f"save the file as UTF-8", line)
        return None


def _load_reportage(folder: Path, rid: str, lang: str, languages: set[str],
                    problems: Problems) -> m.Reportage | None:
    path = folder / "reportages" / f"{rid}.{lang}.md"
    if not path.is_file():
        problems.add(path, f"reportage {rid!r} is missing in language {lang!r}")
        return None
    raw = _read_text(path, problems)
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
    if not isinstance(front, dict):
        if front is not None:
            problems.add(path, "front matter must be a mapping", 2)
        return None
    for key in _FRONT_KEYS:
        if not str(front.get(key) or "").strip():
            problems.add(path, f"front matter: {key} missing", 2)
    blocks, notes = parse_body("".join(lines[end + 1:]), path, end + 1, folder, languages, lang, problems)
    clean = {k: " ".join(str(front.get(k) or "").split()) for k in _FRONT_KEYS if k != "date"}
    return m.Reportage(id=rid, lang=lang, date=_date(front.get("date"), path, "date", problems),
                       blocks=blocks, notes=notes, source=path, **clean)
