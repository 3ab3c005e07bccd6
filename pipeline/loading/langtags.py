"""BCP 47 language tags (RFC 5646): well-formed, and of a language CLDR knows.

PDF's /Lang takes a BCP 47 tag, so a span ``[Ciao]{lang=it}`` may name any language,
whatever the edition's own languages are. A tag must be well formed (``12-BE`` and
``english`` are not) and its primary language one that Babel's CLDR data names (so a
typo such as ``{lang=ne-GB}`` for ``en-GB`` still gets through, but ``{lang=xx}`` does not).
"""
from __future__ import annotations

import re
from functools import lru_cache

# langtag = language ["-" script] ["-" region] *("-" variant) *("-" extension) ["-" privateuse]
_LANGTAG = re.compile(r"""
    ^(?P<language>[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4,8})
    (?:-(?P<script>[a-z]{4}))?
    (?:-(?P<region>[a-z]{2}|\d{3}))?
    (?:-(?:[a-z\d]{5,8}|\d[a-z\d]{3}))*
    (?:-[a-wyz\d](?:-[a-z\d]{2,8})+)*
    (?:-x(?:-[a-z\d]{1,8})+)?$
""", re.VERBOSE | re.IGNORECASE)


@lru_cache(maxsize=1)
def _known_languages() -> frozenset[str]:
    from babel import Locale

    return frozenset(Locale("en").languages)


@lru_cache(maxsize=256)
def tag_problem(tag: str) -> str | None:
    """None for a usable tag, else what is wrong with it."""
    match = _LANGTAG.match(tag)
    if not match:
        return (f"{tag!r} is not a BCP 47 language tag (such as de, en, en-GB, fr, "
                "zh-Hans)")
    primary = match["language"].split("-")[0].lower()
    if primary not in _known_languages():
        where = "" if primary == tag.lower() else f" in {tag!r}"
        return f"unknown language {primary!r}{where} (not an ISO 639 code)"
    return None
