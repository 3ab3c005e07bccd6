"""ReportLab's line breaking, remembered by what decides it (issue 13/14: speed).

A build lays the story out several times (``document.render``: until page references
settle), and within one pass the same paragraph is wrapped again and again (keeping rules
measure it, a frame tries it, a split measures both parts). Each time ReportLab's
``Paragraph.breakLines`` measures every word anew; in the bench's small edition three
calls in four repeat one made before, on a paragraph of the same text, style and widths.

:func:`first_fit` remembers each result under a key made of everything ReportLab's
breaking reads: the widths, every attribute of every fragment, every attribute of the
style (the hyphenator by its rules), the bullet text and auto leading. Only content goes
into the key, never an object's identity, so a remembered result is valid for any
paragraph with that key, in any pass or output. Callers get a copy of the remembered
lines (ReportLab's split and our justification edit lines and words in place), and the
paragraph's attributes that breaking sets are set as breaking would set them.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .. import reportlab_private as rlp

CACHE_SIZE = 50_000  # results kept (a few kB each); cleared when full
_RESULTS: dict[tuple, tuple[Any, list | None, tuple[Any, Any, Any]]] = {}
_STYLE_KEYS: dict[int, tuple[object, tuple]] = {}  # id(style) -> (style, key): the style kept alive


def _value(v: object) -> object:
    """A key part for one attribute value: the value itself where it hashes, with its
    type (so 1 and True, or an RGB and a CMYK colour that compare equal, stay apart)."""
    rules = getattr(v, "rules", None)
    if rules is not None and callable(v):  # our Hyphenator: its behaviour is its rules
        return ("hyphenator", rules)
    if isinstance(v, (list, tuple)):
        return (type(v).__name__, tuple(_value(x) for x in v))
    try:
        hash(v)
    except TypeError:
        return (type(v).__qualname__, repr(v))
    if callable(v) and not isinstance(v, type):
        return ("callable", v)  # compared by identity, and kept alive by the key itself
    return (type(v).__qualname__, v)


_PLAIN = frozenset((str, int, float, bool, type(None)))  # values that are their own key part


def _attributes(obj: object, skip: frozenset[str] = frozenset()) -> tuple:
    """The key part for an object's attributes, in the order they were set: two objects set
    up alike (as ReportLab's parser sets up fragments) give the same key. Plain values are
    paired with their type directly, the rest go through ``_value``."""
    return tuple((k, type(v), v) if type(v) in _PLAIN else (k, _value(v))
                 for k, v in vars(obj).items() if k not in skip)


def _style_key(style) -> tuple:
    known = _STYLE_KEYS.get(id(style))
    if known is not None and known[0] is style:
        return known[1]
    key = _attributes(style, frozenset(("parent",)))
    if len(_STYLE_KEYS) > 1000:
        _STYLE_KEYS.clear()
    _STYLE_KEYS[id(style)] = (style, key)
    return key


def _key(para, width) -> tuple | None:
    frags = para.frags
    widths = tuple(width) if isinstance(width, (list, tuple)) else (width,)
    known = para.__dict__.get("_memo_key")
    if known is not None and known[0] is frags and known[1] is para.style:
        return (widths, known[2])  # the same paragraph wrapped again: its content is known
    if not frags or rlp.processed_frags(frags):
        return None  # a split paragraph's fragment words: rare, not worth a key
    content = (_style_key(para.style), tuple(_attributes(f) for f in frags),
               _value(getattr(para, "bulletText", None)), _value(getattr(para, "autoLeading", None)))
    para.__dict__["_memo_key"] = (frags, para.style, content)
    return (widths, content)


def _copy(result):
    """A copy of ReportLab's broken lines that editing cannot reach back into the original."""
    if result.kind == 0:
        lines = [(extra, list(words)) for extra, words in result.lines]
    else:
        lines = [rlp.clone(line, words=[rlp.clone(w) for w in line.words]) for line in result.lines]
    copied = rlp.clone(result, lines=lines)
    if isinstance(result.lines, rlp.BidiList):
        copied.lines = rlp.BidiList(lines)
    return copied


def first_fit(para, width, breaks: Callable) -> object:
    """``breaks(width)`` (ReportLab's ``breakLines``), remembered: see the module text."""
    key = _key(para, width)
    if key is None:
        return breaks(width)
    known = _RESULTS.get(key)
    if known is None:
        own = para.frags
        result = breaks(width)
        known = (result, para.frags if para.frags is not own else None, rlp.break_state(para))
        if len(_RESULTS) >= CACHE_SIZE:
            _RESULTS.clear()
        _RESULTS[key] = known
        return _copy(result)
    result, frags, state = known
    if frags is not None:
        para.frags = list(frags)
    rlp.set_break_state(para, state)
    return _copy(result)
