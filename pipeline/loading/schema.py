"""The declared schema of the sources: edition.yaml, a reportage's front matter, a figure.

One table per kind of mapping says which keys are required, which optional, and what
each value must be. :func:`validate` walks a value loaded by ``yamlload`` (which knows
the line of every key and item) and returns it cleaned (texts with their white space
folded, dates as ``datetime.date``), adding one problem per fault with file and line to
``Problems``. An unknown key is a warning that names the nearest known key.

The schema is small and ours rather than pydantic's or jsonschema's: both would need the
line numbers carried beside the data and their messages rewritten, which is most of
what this module does.
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import identifiers
from .langtags import tag_problem
from .problems import Problems
from .yamlload import LineDict, LineList

ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass
class At:
    """Where a value stands: the file, the line, and what the edition declares."""
    file: Path
    problems: Problems
    languages: tuple[str, ...] = ()
    line: int | None = None
    path: str = ""  # e.g. "cover.alt"

    def child(self, key: Any, line: int | None) -> At:
        name = f"{self.path}.{key}" if self.path and not isinstance(key, int) else (
            f"{self.path}[{key + 1}]" if isinstance(key, int) else str(key))
        return At(self.file, self.problems, self.languages, line or self.line, name)

    def error(self, message: str) -> None:
        self.problems.add(self.file, f"{self.path}: {message}" if self.path else message, self.line)

    def warn(self, message: str) -> None:
        self.problems.warn(self.file, f"{self.path}: {message}" if self.path else message, self.line)


class Invalid(Exception):
    """Raised by a check: the value is wrong; the message says what was expected."""


Check = Callable[[Any, At], Any]


def text(value: Any, at: At) -> str:
    """A non-empty text (a number or a date written plainly is taken as its text)."""
    if isinstance(value, (dict, list)) or value is None or isinstance(value, bool):
        raise Invalid("expected a text")
    cleaned = " ".join(str(value).split())
    if not cleaned:
        raise Invalid("must not be empty")
    return cleaned


def block_text(value: Any, at: At) -> str:
    """A non-empty Markdown text: line breaks kept (they separate paragraphs)."""
    if not isinstance(value, str) or not value.strip():
        raise Invalid("expected a non-empty text")
    return value.strip()


def date(value: Any, at: At) -> dt.date:
    """An ISO 8601 calendar date, YYYY-MM-DD."""
    raw = str(value).strip() if isinstance(value, (str, int)) else ""
    if not ISO_DATE.match(raw):
        raise Invalid(f"{value!r} is not a date written YYYY-MM-DD (ISO 8601), e.g. 2026-11-01")
    try:
        return dt.date.fromisoformat(raw)
    except ValueError as exc:
        raise Invalid(f"{raw} is not a date of the calendar ({exc})") from None


def ident(value: Any, at: At) -> str:
    """A name for a file: letters, digits, '-' and '_' (no '/', no '.', no '..')."""
    raw = str(value) if isinstance(value, (str, int)) and not isinstance(value, bool) else None
    if raw is None or not ID.match(raw):
        raise Invalid(f"{value!r} is not a valid id (letters, digits, '-' and '_', "
                      "starting with a letter or digit, at most 64)")
    return raw


def lang_tag(value: Any, at: At) -> str:
    """A well-formed BCP 47 language tag of a known language, e.g. de, en-GB."""
    if not isinstance(value, str):
        raise Invalid(f"{value!r} is not a language tag (such as de, en or en-GB)")
    problem = tag_problem(value)
    if problem:
        raise Invalid(problem)
    return value


def positive_int(value: Any, at: At) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise Invalid(f"{value!r} is not a whole number of at least 1")
    return value


CREDIT_ROLES = ("text", "editing", "design", "illustration", "photography", "translation")


def identifier(check_digits: Callable[[Any], str]) -> Check:
    """A check from ``identifiers`` as a schema check."""
    def check(value: Any, at: At) -> str:
        try:
            return check_digits(value)
        except identifiers.Invalid as exc:
            raise Invalid(str(exc)) from None
    return check


def boolean(value: Any, at: At) -> bool:
    if not isinstance(value, bool):
        raise Invalid(f"{value!r} is not true or false")
    return value


def ink_limit(value: Any, at: At) -> int:
    """A total area coverage in per cent: 100 (one ink) to 400 (four solids)."""
    if isinstance(value, bool) or not isinstance(value, int) or not 100 <= value <= 400:
        raise Invalid(f"{value!r} is not a total ink coverage in per cent from 100 to 400, e.g. 300")
    return value


@dataclass(frozen=True)
class ListOf:
    item: Check
    unique: bool = False
    non_empty: bool = True

    def __call__(self, value: Any, at: At) -> list:
        if not isinstance(value, list):
            raise Invalid("expected a list, e.g. [a, b]")
        if self.non_empty and not value:
            raise Invalid("the list is empty")
        out: list = []
        seen: dict[Any, int | None] = {}  # value -> its line
        for i, item in enumerate(value):
            line = value.line_of(i) if isinstance(value, LineList) else at.line
            cleaned = validate(item, self.item, at.child(i, line))
            if cleaned is None:
                continue
            if self.unique and cleaned in seen:
                at.child(i, line).error(f"{cleaned!r} is listed twice (first on line {seen[cleaned]})")
                continue
            seen[cleaned] = line
            out.append(cleaned)
        return out


@dataclass(frozen=True)
class PerLanguage:
    """One value per language of the edition: ``{de: ..., en: ...}``."""
    item: Check = text

    def __call__(self, value: Any, at: At) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise Invalid(f"expected one text per language ({', '.join(at.languages)}), "
                          f"e.g. {{{at.languages[0] if at.languages else 'de'}: ...}}")
        out = {}
        for lang in at.languages:
            if lang not in value:
                at.error(f"missing the {lang!r} text")
                continue
            cleaned = validate(value[lang], self.item, at.child(lang, _line(value, lang, at)))
            if cleaned is not None:
                out[lang] = cleaned
        for key in value:
            if key not in at.languages:
                at.child(key, _line(value, key, at)).warn(
                    f"{key!r} is not one of the edition's languages ({', '.join(at.languages)}); ignored")
        return out


@dataclass(frozen=True)
class Field:
    check: Check
    required: bool = False


@dataclass(frozen=True)
class Mapping:
    """A mapping with declared keys; unknown keys are warnings with the nearest known key."""
    fields: dict[str, Field]
    what: str = "a mapping"

    def __call__(self, value: Any, at: At) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise Invalid(f"expected {self.what}")
        out: dict[str, Any] = {}
        for key, spec in self.fields.items():
            if key not in value:
                if spec.required:
                    at.error(f"{key}: missing" if not at.path else f"missing key {key!r}")
                continue
            cleaned = validate(value[key], spec.check, at.child(key, _line(value, key, at)))
            if cleaned is not None:
                out[key] = cleaned
        for key in value:
            if key not in self.fields:
                near = difflib.get_close_matches(str(key), list(self.fields), n=1, cutoff=0.6)
                hint = f" (did you mean {near[0]!r}?)" if near else \
                    f" (known keys: {', '.join(self.fields)})"
                At(at.file, at.problems, at.languages, _line(value, key, at), at.path).warn(
                    f"unknown key {key!r}{hint}; ignored")
        return out


@dataclass(frozen=True)
class Either:
    """The first of several shapes that fits (e.g. a list of words, or a mapping)."""
    choices: tuple[Check, ...]
    shapes: tuple[type, ...]

    def __call__(self, value: Any, at: At) -> Any:
        for check, shape in zip(self.choices, self.shapes, strict=True):
            if isinstance(value, shape):
                return check(value, at)
        names: dict[type, str] = {list: "a list", dict: "a mapping", str: "a text"}
        raise Invalid("expected " + " or ".join(names[s] for s in self.shapes))


def _line(mapping: Any, key: Any, at: At) -> int | None:
    return mapping.line_of(key) if isinstance(mapping, LineDict) else at.line


def validate(value: Any, check: Check, at: At) -> Any:
    """``check(value)``, or None after adding the problem it found."""
    try:
        return check(value, at)
    except Invalid as exc:
        at.error(str(exc))
        return None


# -- the schemas ---------------------------------------------------------------------
HYPHENATION_LANGUAGE = Either(
    (ListOf(text, non_empty=False),
     Mapping({"patterns": Field(lang_tag), "exceptions": Field(ListOf(text, non_empty=False)),
              "left": Field(positive_int), "right": Field(positive_int)}, "a mapping")),
    (list, dict))


@dataclass(frozen=True)
class PerDeclaredLanguage:
    """``{de: ..., en: ...}`` for some of the edition's languages (none required)."""
    item: Check

    def __call__(self, value: Any, at: At) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise Invalid("expected a mapping by language, e.g. {de: [...]}")
        out = {}
        for key, item in value.items():
            where = at.child(key, _line(value, key, at))
            if key not in at.languages:
                where.error(f"{key!r} is not one of the edition's languages ({', '.join(at.languages)})")
                continue
            cleaned = validate(item, self.item, where)
            if cleaned is not None:
                out[key] = cleaned
        return out


EDITION = Mapping({
    "id": Field(ident, required=True),
    "languages": Field(ListOf(lang_tag, unique=True), required=True),
    "date": Field(date, required=True),
    "title": Field(PerLanguage(), required=True),
    "subtitle": Field(PerLanguage(), required=True),
    "publisher": Field(PerLanguage(), required=True),
    "authors": Field(ListOf(text, unique=True, non_empty=False)),
    "rights": Field(PerLanguage(), required=True),
    "cover": Field(Mapping({"image": Field(text, required=True),
                            "alt": Field(PerLanguage(), required=True),
                            "credit": Field(PerLanguage(), required=True)}, "a mapping with "
                           "image, alt and credit"), required=True),
    "imprint": Field(PerLanguage(block_text), required=True),
    "introduction": Field(Mapping({"title": Field(PerLanguage(), required=True),
                                   "text": Field(PerLanguage(block_text), required=True)},
                                  "a mapping with title and text")),
    "hyphenation": Field(PerDeclaredLanguage(HYPHENATION_LANGUAGE)),
    "reportages": Field(ListOf(ident, unique=True), required=True),
    "series": Field(Mapping({"name": Field(PerLanguage(), required=True), "number": Field(text)},
                            "a mapping with name and number")),
    "funder": Field(Mapping({"name": Field(PerLanguage(), required=True),
                             "logo": Field(text, required=True),
                             "alt": Field(PerLanguage(), required=True),
                             "notice": Field(PerLanguage(), required=True)},
                            "a mapping with name, logo, alt and notice")),
    "identifiers": Field(Mapping({"isbn": Field(identifier(identifiers.isbn13)),
                                  "issn": Field(identifier(identifiers.issn)),
                                  "doi": Field(identifier(identifiers.doi)),
                                  "urn": Field(identifier(identifiers.urn))},
                                 "a mapping with isbn, issn, doi or urn")),
    "edition_statement": Field(PerLanguage()),
    "as_of": Field(date),
    "credits": Field(Mapping({role: Field(ListOf(text, unique=True)) for role in CREDIT_ROLES},
                             f"a mapping of roles ({', '.join(CREDIT_ROLES)}) to lists of names")),
    "print": Field(Mapping({"profile": Field(text), "condition": Field(text),
                            "registry": Field(text), "info": Field(text),
                            "ink_limit": Field(ink_limit), "marks": Field(boolean)},
                           "a mapping with profile, condition, registry, info, ink_limit and marks")),
}, "a mapping of edition settings")

FRONT_MATTER = Mapping({
    "title": Field(text, required=True),
    "subtitle": Field(text, required=True),
    "place": Field(text, required=True),
    "author": Field(text, required=True),
    "date": Field(date, required=True),
    "teaser": Field(text, required=True),
}, "a mapping (title, subtitle, place, author, date, teaser)")

FIGURE = Mapping({
    "src": Field(text, required=True),
    "alt": Field(text, required=True),
    "caption": Field(text, required=True),
    "credit": Field(text, required=True),
}, "a mapping with src, alt, caption and credit")


@dataclass
class Validated:
    """What :func:`check` returns: the cleaned mapping (keys that passed) and whether
    every required key is there with a valid value."""
    data: dict[str, Any] = field(default_factory=dict)
    complete: bool = False


def check(value: Any, schema: Mapping, file: Path, problems: Problems,
          languages: tuple[str, ...] = (), line: int | None = None, path: str = "") -> Validated:
    """Validate ``value`` against ``schema``; ``path`` names it in messages (e.g. "figure")."""
    before = len(problems.items)
    at = At(file, problems, languages, line, path)
    data = validate(value, schema, at)
    complete = data is not None and all(k in data for k, f in schema.fields.items() if f.required)
    return Validated(data or {}, complete and len(problems.items) == before)
