"""Where words may break at a line end, per language and edition.

The patterns are TeX's (hyph-utf8: German reformed orthography ``de-1996``, American and
British English), shipped in ``patterns/`` in the ``hyph_*.dic`` format and read with
pyphen's public API (``pyphen.Pyphen(filename=...)``); see ``patterns/README.md``.

The rules, in order, for one word:

1. a word that contains a hyphen breaks only after its hyphens (``round-bottom``);
2. a word with soft hyphens (U+00AD) breaks only at them, as the editor marked it;
3. a word in the edition's exceptions (``hyphenation: {de: [Ur-instinkt]}``) breaks only
   where the exception says, like TeX's ``\\hyphenation`` (letter case does not matter);
4. otherwise the patterns decide, with at least ``left`` letters before and ``right``
   after a break (German 2/2, English 2/3, as TeX; per edition ``left:``/``right:``).

Breaks at compound joints (after a hyphen; in German after a linking ``-ungs``,
``-heits``, ``-täts`` ...) are marked as *joints*, which the line breaker prefers.

ReportLab adds a hyphen-minus to the head of a word it breaks; the tagging text object
(``pipeline.tagging.canvas.TaggedTextObject``) turns a hyphen that is not in the source
into U+00AD SOFT HYPHEN, so that extraction and screen readers read the whole word.

Parsing the German patterns takes about 0.2 s. What they say about each word is kept in
the cache folder (``pipeline.settings.cache_dir``), keyed by pyphen's version and the
pattern file's hash, so a process whose words are all known never parses the patterns
(``save_caches()`` writes what a process learnt). Any problem with the cache just means
the patterns are parsed.
"""
from __future__ import annotations

import hashlib
import marshal
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

import pyphen

from ..files import write_atomically
from ..settings import cache_dir

PATTERNS = Path(__file__).with_name("patterns")

# pattern set name (lower case, "_" read as "-") -> hyph_*.dic file in PATTERNS
PATTERN_FILES: dict[str, str] = {
    "de": "hyph_de_1996.dic", "de-de": "hyph_de_1996.dic", "de-1996": "hyph_de_1996.dic",
    "en": "hyph_en_us.dic", "en-us": "hyph_en_us.dic", "en-gb": "hyph_en_gb.dic",
}


@dataclass(frozen=True)
class LanguageDefaults:
    patterns: str
    left: int
    right: int
    joint_endings: tuple[str, ...] = ()  # a break after these (plus linking s) is a compound joint


LANGUAGES: dict[str, LanguageDefaults] = {
    "de": LanguageDefaults("de-1996", 2, 2, (
        "ungs", "heits", "keits", "schafts", "täts", "ions", "tums", "lings", "ends",
        "ings", "werks", "lands", "staats", "bahn", "stoff", "hand", "stadt", "haus",
    )),
    "en": LanguageDefaults("en-us", 2, 3),
}

HYPHENS = "-\u2010"  # hyphen-minus and HYPHEN: a word containing one breaks only there
SHY = "\u00ad"


class HyphenationError(ValueError):
    """An edition's hyphenation settings that cannot be used (unknown patterns, bad exception)."""


@dataclass(frozen=True)
class Rules:
    """What decides the breaks of one language in one edition."""
    lang: str
    patterns: str
    left: int
    right: int
    exceptions: tuple[str, ...] = ()


def rules_for(lang: str, settings: object | None = None) -> Rules:
    """``settings``: the edition's ``HyphenationSettings`` for ``lang`` (or None)."""
    base = LANGUAGES.get(lang.split("-")[0].lower())
    if base is None:
        raise HyphenationError(f"no hyphenation patterns for language {lang!r}")
    patterns = getattr(settings, "patterns", None) or base.patterns
    if patterns.lower().replace("_", "-") not in PATTERN_FILES:
        raise HyphenationError(f"unknown hyphenation patterns {patterns!r} for {lang!r} "
                               f"(known: {', '.join(sorted(PATTERN_FILES))})")
    left = getattr(settings, "left", None)
    right = getattr(settings, "right", None)
    exceptions = tuple(getattr(settings, "exceptions", None) or ())
    for word in exceptions:
        if not isinstance(word, str) or not word.strip("-") or re.search(r"\s|--", word):
            raise HyphenationError(f"hyphenation exception {word!r} for {lang!r} is not one "
                                   "word with single hyphens at its breaks")
    return Rules(lang, patterns.lower().replace("_", "-"),
                 base.left if left is None else int(left),
                 base.right if right is None else int(right), exceptions)


def edition_rules(edition: object, lang: str) -> Rules:
    return rules_for(lang, (getattr(edition, "hyphenation", None) or {}).get(lang))


class PatternSet:
    """One hyph_*.dic file: raw pattern breaks per word (no minimum lengths applied),
    remembered across processes in the cache folder; the file is parsed only on a miss."""

    def __init__(self, name: str):
        self.path = PATTERNS / PATTERN_FILES[name]
        key = self.digest = hashlib.sha256(self.path.read_bytes()).hexdigest()[:16]
        self.cache_path = cache_dir() / f"words-{pyphen.__version__}-{self.path.stem}-{key}.marshal"
        self.known: dict[str, bytes] = self._load()
        self.learnt = 0  # words added since the cache file was read or written

    def _load(self) -> dict[str, bytes]:
        try:
            known = marshal.loads(self.cache_path.read_bytes())
            if isinstance(known, dict):
                return known
        except (OSError, ValueError, EOFError, TypeError):
            pass
        return {}

    @cached_property
    def pyphen(self) -> pyphen.Pyphen:
        return pyphen.Pyphen(filename=str(self.path), left=1, right=1)

    def positions(self, word: str) -> bytes:
        key = word.lower()
        found = self.known.get(key)
        if found is None:
            found = self.known[key] = bytes(p for p in self.pyphen.positions(key) if p < 256)
            self.learnt += 1
        return found

    def save(self) -> None:
        if not self.learnt:
            return
        try:
            write_atomically(self.cache_path, marshal.dumps(self.known))
            self.learnt = 0
        except OSError:
            pass  # a read-only home: no cache, just slower


_SETS: dict[str, PatternSet] = {}


def pattern_set(name: str) -> PatternSet:
    if name not in _SETS:
        _SETS[name] = PatternSet(name)
    return _SETS[name]


def save_caches() -> None:
    """Write the words this process hyphenated to the cache (nothing when none is new)."""
    for patterns in _SETS.values():
        patterns.save()


def _exception_table(exceptions: Iterable[str]) -> dict[str, tuple[int, ...]]:
    table = {}
    for word in exceptions:
        breaks, n = [], 0
        for ch in word:
            if ch == "-":
                breaks.append(n)
            else:
                n += 1
        table[word.replace("-", "").lower()] = tuple(breaks)
    return table


class Hyphenator:
    """Breaks for one language under one edition's rules. Also a ReportLab
    ``hyphenationLang`` callable: word -> [(head, tail), ...], the longest head first."""

    def __init__(self, rules: Rules):
        self.rules = rules
        self.patterns = pattern_set(rules.patterns)
        self.exceptions = _exception_table(rules.exceptions)
        self.joint_endings = LANGUAGES[rules.lang.split("-")[0].lower()].joint_endings
        self._pairs: dict[str, list[tuple[str, str]]] = {}
        # what decides its breaks, the same in every process (the line plans' cache key)
        self.identity = (rules, self.patterns.digest)

    def breaks(self, word: str) -> list[int]:
        """Indices into ``word`` where it may break (the head is ``word[:i]``)."""
        if any(h in word for h in HYPHENS):
            return [i + 1 for i, ch in enumerate(word)
                    if ch in HYPHENS and 0 < i < len(word) - 1 and word[i + 1] not in HYPHENS]
        if SHY in word:
            return [i for i, ch in enumerate(word) if ch == SHY and 0 < i < len(word) - 1]
        fixed = self.exceptions.get(word.lower())
        if fixed is not None:
            return list(fixed)
        left, right = self.rules.left, len(word) - self.rules.right
        return [p for p in self.patterns.positions(word) if left <= p <= right]

    def joints(self, word: str) -> set[int]:
        """The breaks of ``word`` that are compound joints: after a hyphen, or (German)
        after a linking ending such as ``-ungs``."""
        if any(h in word for h in HYPHENS):
            return set(self.breaks(word))
        low = word.lower()
        return {p for p in self.breaks(word) if low[:p].endswith(self.joint_endings)}

    def marked(self, word: str, hyphen: str = "-") -> str:
        """``word`` with ``hyphen`` at every allowed break (the hyphens a word has stay)."""
        out, last = [], 0
        for p in self.breaks(word):
            head = word[last:p]
            out.append(head.rstrip(SHY))
            if not head.endswith(tuple(HYPHENS)):
                out.append(hyphen)
            last = p
        out.append(word[last:])
        return "".join(out).replace(SHY, "")

    def __call__(self, word: str) -> list[tuple[str, str]]:
        found = self._pairs.get(word)
        if found is None:
            found = self._pairs[word] = [(word[:p], word[p:]) for p in reversed(self.breaks(word))]
        return found


@cache
def hyphenator_for(rules: Rules) -> Hyphenator:
    return Hyphenator(rules)


def hyphenator(lang: str, settings: object | None = None) -> Hyphenator:
    """The hyphenator of ``lang`` under an edition's ``HyphenationSettings`` (or the defaults)."""
    return hyphenator_for(rules_for(lang, settings))


_EDITION: list[object] = [None]  # the edition being laid out (see use_edition)


def settings_problems(hyphenation: dict) -> list[str]:
    """What is wrong with an edition's ``hyphenation:`` settings ({lang: settings}), one
    message each (an unknown pattern set, an exception that is not one word)."""
    problems = []
    for lang, settings in (hyphenation or {}).items():
        try:
            rules_for(lang, settings)
        except HyphenationError as exc:
            problems.append(str(exc))
    return problems


def use_edition(edition: object | None) -> None:
    """Lay out with ``edition``'s hyphenation settings (``Edition.hyphenation``) from now on;
    ``None``: the languages' defaults. Called once per output before its layout; settings
    that cannot be used are a SourceError naming edition.yaml."""
    problems = settings_problems(getattr(edition, "hyphenation", None) or {})
    if problems:
        from ..errors import Problem, SourceError

        source = Path(getattr(edition, "source", None) or "edition.yaml")
        raise SourceError([Problem(source, message) for message in problems])
    _EDITION[0] = edition


def edition_hyphenator(lang: str) -> Hyphenator:
    """The hyphenator of ``lang`` under the settings of the edition being laid out."""
    return hyphenator_for(edition_rules(_EDITION[0], lang))
