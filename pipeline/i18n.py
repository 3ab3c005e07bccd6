"""Localised strings and dates, from Babel message catalogues and Babel's CLDR data."""
from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

from babel import Locale
from babel.dates import format_date
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).parent / "locale"
LOCALES = {"de": "de_DE", "en": "en_GB"}


class MissingTranslation(KeyError):
    pass


class Strings:
    """The fixed user-visible strings of one language."""

    def __init__(self, lang: str):
        self.lang = lang
        self.locale = Locale.parse(LOCALES.get(lang, lang))
        with open(LOCALE_DIR / lang / "LC_MESSAGES" / "pipeline.po", "rb") as fh:
            self._catalog = read_po(fh, locale=self.locale)

    def __call__(self, msgid: str, **values) -> str:
        message = self._catalog.get(msgid)
        # a plural entry's string is a tuple of forms; the catalogues have none
        text = message.string if message is not None else None
        if not isinstance(text, str) or not text:
            raise MissingTranslation(f"no {self.lang!r} translation for {msgid!r}")
        return text.format(**values)

    def date(self, value: dt.date, form: str = "long") -> str:
        # Babel may use narrow no-break spaces; the body font has U+00A0 but not U+202F.
        return format_date(value, format=form, locale=self.locale).replace("\u202f", "\u00a0")


@cache
def strings(lang: str) -> Strings:
    return Strings(lang)


def warm(langs: list[str]) -> None:
    """Read each language's catalogue and CLDR date data now: the build does this while
    its sources load in a child process (about 20 ms a language, otherwise spent in the
    layout, where the cover sets the first date)."""
    for lang in langs:
        strings(lang).date(dt.date(2000, 1, 1))
