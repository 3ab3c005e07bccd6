"""Identifiers a series prints: ISBN-13 and ISSN with their check digits, DOI and URN.

Each check returns the identifier in its usual written form or raises ``schema.Invalid``
naming what is wrong (a wrong check digit says which digit it should be)."""
from __future__ import annotations

import re
from typing import Any

_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_URN = re.compile(r"^urn:[a-z0-9][a-z0-9-]{0,31}:\S+$", re.IGNORECASE)


class Invalid(Exception):
    pass


def _digits(value: Any, what: str) -> str:
    """The characters of an ISBN or ISSN without spaces, hyphens and a leading "ISBN:"."""
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        raise Invalid(f"{value!r} is not an {what}")
    raw = re.sub(r"[\s-]", "", str(value)).upper()
    return raw[len(what):].lstrip(":") if raw.startswith(what) else raw


def isbn13(value: Any) -> str:
    """An ISBN-13 (978 or 979, 13 digits, hyphens and spaces allowed as written)."""
    raw = _digits(value, "ISBN")
    if not re.fullmatch(r"97[89]\d{10}", raw):
        raise Invalid(f"{value!r} is not an ISBN-13 (13 digits starting 978 or 979)")
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(raw[:12]))
    check = (10 - total % 10) % 10
    if int(raw[12]) != check:
        raise Invalid(f"{value!r}: wrong ISBN check digit {raw[12]} (the first twelve digits "
                      f"give {check})")
    return str(value).strip()


def issn(value: Any) -> str:
    """An ISSN, NNNN-NNNC where C is a digit or X."""
    raw = _digits(value, "ISSN")
    if not re.fullmatch(r"\d{7}[\dX]", raw):
        raise Invalid(f"{value!r} is not an ISSN (eight characters, NNNN-NNNC)")
    total = sum(int(d) * w for d, w in zip(raw[:7], range(8, 1, -1), strict=True))
    check = (11 - total % 11) % 11
    expected = "X" if check == 10 else str(check)
    if raw[7] != expected:
        raise Invalid(f"{value!r}: wrong ISSN check digit {raw[7]} (the first seven digits give {expected})")
    return f"{raw[:4]}-{raw[4:]}"


def doi(value: Any) -> str:
    text = str(value).strip() if isinstance(value, str) else ""
    if not _DOI.match(text):
        raise Invalid(f"{value!r} is not a DOI (10.NNNN/suffix)")
    return text


def urn(value: Any) -> str:
    text = str(value).strip() if isinstance(value, str) else ""
    if not _URN.match(text):
        raise Invalid(f"{value!r} is not a URN (urn:namespace:identifier, e.g. urn:nbn:de:...)")
    return text
