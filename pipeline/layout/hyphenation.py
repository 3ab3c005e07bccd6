"""Hyphenation for ReportLab paragraphs, with pyphen's patterns loaded once per language.

ReportLab adds a hyphen-minus to the head of a word it breaks; the tagging text object
(``pipeline.tagging.canvas.TaggedTextObject``) compares the line with the source text and
turns a hyphen that is not in the source into U+00AD SOFT HYPHEN, so that extraction and
screen readers read the whole word. Words are split at the hyphens they already contain
by ReportLab itself (``embeddedHyphenation``).

Parsing pyphen's German patterns takes about half a second; the parsed patterns are kept
in the cache folder (``pipeline.settings.cache_dir``) with marshal, which loads them in a
tenth of the time. The cache is keyed by pyphen's version and the dictionary file's
hash, and any problem with it falls back to pyphen's own parsing.
"""
from __future__ import annotations

import hashlib
import marshal
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterator

import pyphen

from ..settings import cache_dir
from ..files import write_atomically

PYPHEN_LANG = {"de": "de_DE", "en": "en_GB"}


@lru_cache(maxsize=None)
def _dictionary(lang: str) -> pyphen.Pyphen:
    name = PYPHEN_LANG.get(lang, lang)
    try:
        path = pyphen.LANGUAGES[pyphen.language_fallback(name)]
        if path not in pyphen.hdcache:
            pyphen.hdcache[path] = _cached_patterns(Path(path))
    except (AttributeError, KeyError, TypeError, ValueError, OSError):
        pass  # pyphen's internals changed, or no such language: let pyphen do it all
    return pyphen.Pyphen(lang=name, left=3, right=3)


def _cached_patterns(path: Path) -> pyphen.HyphDict:
    raw = path.read_bytes()
    key = hashlib.sha256(raw).hexdigest()[:16]
    cache = cache_dir() / f"pyphen-{pyphen.__version__}-{path.stem}-{key}.v2.marshal"
    try:
        maxlen, patterns = marshal.loads(cache.read_bytes())
        hd = pyphen.HyphDict.__new__(pyphen.HyphDict)
        hd.patterns, hd.cache, hd.maxlen = patterns, {}, maxlen
        return hd
    except (OSError, ValueError, EOFError, TypeError):
        pass
    hd = pyphen.HyphDict(path)
    values_are_plain = all(type(v) is int for _, vs in hd.patterns.values() for v in vs)
    if values_are_plain:  # patterns with nonstandard hyphenation are not cached
        # pattern values as bytes (pyphen only iterates them): a third faster to load
        packed = {k: (start, bytes(values)) for k, (start, values) in hd.patterns.items()}
        try:
            write_atomically(cache, marshal.dumps((hd.maxlen, packed)))
        except OSError:
            pass  # a read-only home: no cache, just slower
    return hd


@lru_cache(maxsize=None)
def hyphenator(lang: str) -> Callable[[str], list[tuple[str, str]]]:
    """A ReportLab ``hyphenationLang`` callable: word -> [(head, tail), ...], longest head first."""
    dic = _dictionary(lang)

    @lru_cache(maxsize=20000)
    def pairs(word: str) -> list[tuple[str, str]]:
        return list(_pairs(dic, word))

    return pairs


def _pairs(dic: pyphen.Pyphen, word: str) -> Iterator[tuple[str, str]]:
    for pos in sorted(dic.positions(word), reverse=True):
        yield word[:pos], word[pos:]
