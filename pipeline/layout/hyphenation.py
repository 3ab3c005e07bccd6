"""Hyphenation for ReportLab paragraphs, with pyphen's patterns loaded once per language.

ReportLab adds a hyphen-minus to the head of a word it breaks; the tagging text object
(``pipeline.tagging.canvas.TaggedTextObject``) compares the line with the source text and
turns a hyphen that is not in the source into U+00AD SOFT HYPHEN, so that extraction and
screen readers read the whole word. Words are split at the hyphens they already contain
by ReportLab itself (``embeddedHyphenation``).
"""
from __future__ import annotations

from functools import lru_cache
from typing import Callable, Iterator

import pyphen

PYPHEN_LANG = {"de": "de_DE", "en": "en_GB"}


@lru_cache(maxsize=None)
def _dictionary(lang: str) -> pyphen.Pyphen:
    return pyphen.Pyphen(lang=PYPHEN_LANG.get(lang, lang), left=3, right=3)


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
