"""Reading PDF objects as the format defines them: inherited keys, object numbers, text
strings and names."""
from __future__ import annotations

import pikepdf


def inherited(node: object, key: str, limit: int = 64) -> pikepdf.Object | None:
    """``key`` of ``node`` or of the nearest ancestor along /Parent that has it (inheritable
    page attributes such as /Resources and /MediaBox, field attributes such as /TU).

    At most ``limit`` levels are climbed, so a /Parent cycle cannot loop forever; None when
    no node has the key or a /Parent is not a dictionary."""
    for _ in range(limit):
        if not isinstance(node, pikepdf.Dictionary):
            return None
        if key in node:
            return node.get(key)
        node = node.get("/Parent")
    return None


def objnum(obj: object) -> int | None:
    """The object number of an indirect object, else None."""
    try:
        num = obj.objgen[0]  # type: ignore[attr-defined]
    except (AttributeError, TypeError, pikepdf.PdfError):
        return None
    return num or None


def string_text(value: object) -> str | None:
    """A PDF text string as str (bytes that do not decode are read as Latin-1); else None."""
    if isinstance(value, pikepdf.String):
        try:
            return str(value)
        except (UnicodeDecodeError, ValueError):  # still present, content unknown
            return bytes(value).decode("latin-1")
    return None


def text(value: object) -> str | None:
    """A PDF text string (or name, without its slash) as str; None when absent or not text."""
    if isinstance(value, pikepdf.Name):
        return str(value)[1:]
    return string_text(value)


def nonempty_text(value: object) -> bool:
    t = text(value)
    return bool(t and t.strip("\x00"))


def name(value: object) -> str | None:
    """A PDF name without its slash, else None (bytes that are not UTF-8 become U+FFFD)."""
    if isinstance(value, pikepdf.Name):
        try:
            return str(value)[1:]
        except UnicodeDecodeError:
            return value.unparse()[1:].decode("utf-8", "replace")
    return None
