"""Line breaks chosen per paragraph, not line by line (total fit, after Knuth and Plass).

ReportLab fills each line as full as it can (first fit). For a justified paragraph this
module instead looks at every way of breaking it, at word spaces and at the breaks the
hyphenator allows, and takes the one with the least total *demerits*, TeX's measure:

- a line's *badness* grows with the cube of how far its word spaces are from the
  natural space, relative to what they may give: down to 0.2 em, up to 0.5 em. Spaces
  below 0.2 em are not allowed; above 0.5 em only when nothing else fits;
- a hyphen costs ``HYPHEN`` (``JOINT`` at a compound joint or a hyphen of the word);
  two hyphenated lines in a row cost ``DOUBLE_HYPHEN`` more, a third is not allowed;
- a hyphen on the paragraph's second last line costs ``FINAL_HYPHEN`` (TeX's
  ``\\finalhyphendemerits``), and a last line that is a single short word ``SHORT_LAST``;
- neighbouring lines of very different tightness cost ``ADJACENT`` (TeX's
  ``\\adjdemerits``);
- ``avoid_hyphen_at``: a line (its index) that must not end in a hyphen, because it is
  the last line of a page (``TaggedParagraph.split`` asks for it).

The result is handed back to ReportLab: its own first-fit ``breakLines`` is run with
each line's width set to the natural width of the chosen line, which makes it break
exactly there, and the lines' extra space is then set for the real width. ReportLab
thus builds its own line structures (words, fragments, inserted hyphens), and the
tagging sees the same drawing calls as before. If ReportLab does not end up with the
planned lines (a case the plan did not model: a long URL, an image in the text), its
ordinary first-fit lines are used.
"""
from __future__ import annotations

from collections import deque
from copy import copy
from dataclasses import dataclass
from typing import Callable

from reportlab.lib.enums import TA_JUSTIFY
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import paragraph as rl

MIN_SPACE, MAX_SPACE = 0.2, 0.5  # em: word spaces of a justified line
HARD_MAX_SPACE = 1.0  # em: beyond this a line is not considered at all
LINE = 10  # TeX's \linepenalty
HYPHEN, JOINT = 100, 40
DOUBLE_HYPHEN = 3000
FINAL_HYPHEN = 3000
SHORT_LAST = 4000
SHORT_LAST_WIDTH = 0.12  # of the line width: a last line this short, one word, is a "short word"
ADJACENT = 2000
EPSILON = 0.01  # pt added to each planned width so that ReportLab's fit test passes
CACHE_SIZE = 4000


@dataclass(frozen=True)
class Break:
    """A place the paragraph may break: the line before ends at ``end`` (in points from
    the paragraph's start, hyphen included), the next line starts at ``start``; ``ends``
    and ``starts`` count the word spaces before each."""
    end: float
    start: float
    ends: int
    starts: int
    hyphen: bool = False
    penalty: float = 0.0


@dataclass
class _Node:
    index: int  # into the breaks
    line: int  # lines before this break
    run: int  # hyphenated lines ending here, one after another
    fitness: int
    demerits: float
    previous: "_Node | None"


def _fitness(ratio: float) -> int:
    """TeX's classes: 0 tight, 1 decent, 2 loose, 3 very loose."""
    if ratio < -0.5:
        return 0
    if ratio <= 0.5:
        return 1
    if ratio <= 1.0:
        return 2
    return 3


def total_fit(breaks: list[Break], widths: list[float], space: float, em: float,
              avoid_hyphen_at: int | None = None) -> list[int] | None:
    """The indices of the chosen breaks (the last is the paragraph's end), or None when
    no way to break meets the hard limits. ``breaks[0]`` is the paragraph's start;
    ``widths``: per line, the last repeated; ``space``: the natural word space."""
    shrink = max(space - MIN_SPACE * em, 1e-6)
    stretch = max(MAX_SPACE * em - space, 1e-6)
    hard_stretch = HARD_MAX_SPACE * em - space
    last = len(breaks) - 1
    active: deque[_Node] = deque([_Node(0, 0, 0, 1, 0.0, None)])
    final: _Node | None = None
    for j in range(1, last + 1):
        b = breaks[j]
        best: dict[tuple, _Node] = {}
        stale = 0
        for i, node in enumerate(active):
            a = breaks[node.index]
            width = widths[min(node.line, len(widths) - 1)]
            natural = b.end - a.start
            gaps = b.ends - a.starts
            room = width - natural
            if room < 0 and (gaps == 0 or -room > gaps * shrink + 1e-6):
                if i == stale:
                    stale += 1  # too long now, and only longer later
                continue
            if room < 0:
                ratio = room / (gaps * shrink)
            elif j == last:  # the last line keeps its natural spaces
                ratio = 0.0
            elif gaps == 0 or room > gaps * hard_stretch:
                continue  # a single word cannot be justified; spaces over the hard limit
            else:
                ratio = room / (gaps * stretch)
            badness = 100 * abs(ratio) ** 3
            if j == last and gaps == 0 and node.index and natural < SHORT_LAST_WIDTH * width:
                badness += SHORT_LAST
            run = node.run + 1 if b.hyphen else 0
            if run > 2:
                continue
            line = node.line
            if b.hyphen and line == avoid_hyphen_at:
                continue
            fitness = _fitness(ratio)
            demerits = (LINE + min(badness, 10000)) ** 2 + b.penalty ** 2
            if run == 2:
                demerits += DOUBLE_HYPHEN
            if abs(fitness - node.fitness) > 1:
                demerits += ADJACENT
            if j == last and breaks[node.index].hyphen:
                demerits += FINAL_HYPHEN
            total = node.demerits + demerits
            key = (run, fitness, line + 1 if avoid_hyphen_at is not None else 0)
            found = best.get(key)
            if found is None or total < found.demerits:
                best[key] = _Node(j, line + 1, run, fitness, total, node)
        for _ in range(stale):
            active.popleft()
        if j == last:
            final = min(best.values(), key=lambda n: n.demerits, default=None)
        else:
            active.extend(best.values())
        if not active:
            return None
    if final is None:
        return None
    chosen = []
    node = final
    while node is not None and node.index:
        chosen.append(node.index)
        node = node.previous
    return chosen[::-1]


# -- ReportLab paragraphs -------------------------------------------------------------

@dataclass
class _Word:
    width: float
    space: float  # the space after it (0: no break after it)
    heads: list[tuple[float, float, bool]]  # per hyphenation point: head width with its
    # hyphen, without it, and whether it is at a joint


def _plain_words(para, hyphenator, hymwl: int):
    """kind 0 in ReportLab: one fragment, words split at spaces."""
    f = para.frags[0]
    font, size = f.fontName, f.fontSize
    space = stringWidth(" ", font, size)
    words = []
    for w in (rl.split(rl.strip(f.text)) if hasattr(f, "text") else f.words):
        text = w.replace(rl._shy, "")
        words.append(_Word(stringWidth(text, font, size), space, _heads(w, font, size, hyphenator, hymwl)))
    return words, font, size


def _frag_words(para, width: float, hyphenator, hymwl: int):
    """kind 1: ReportLab's fragment words (a word may have several styles)."""
    words = []
    font = size = None
    for fw in rl._getFragWords(para.frags, width):
        parts = fw[1:]
        for f, _ in parts:
            marker = getattr(f, "cbDefn", None)  # zero-width <onDraw> of the tagging: fine
            if (f._fkind == rl._FK_IMG or f._fkind == rl._FK_BREAK or getattr(f, "backColor", None)
                    or (marker is not None and getattr(marker, "kind", None) != "onDraw")):
                return None
        f = fw[-1][0]
        font, size = font or f.fontName, size or f.fontSize
        space = stringWidth(" ", f.fontName, f.fontSize) if isinstance(fw, rl._HSFrag) else 0.0
        texts = [(g, t) for g, t in parts if t]
        heads = []
        if len(texts) == 1 and not getattr(texts[0][0], "nobr", False):
            g, text = texts[0]
            heads = _heads(text, g.fontName, g.fontSize, hyphenator, hymwl)
        words.append(_Word(fw[0], space, heads))
    if font is None:
        return None
    return words, font, size


def _heads(word: str, font: str, size: float, hyphenator, hymwl: int) -> list[tuple[float, float, bool]]:
    """Where ReportLab's hyphenation may split ``word``, as it would do it (the
    punctuation before and after the word stays with it)."""
    if rl._shy in word:
        pieces = word.split(rl._shy)
        hyw = stringWidth("-", font, size)
        letters = [stringWidth("".join(pieces[:i]), font, size) for i in range(1, len(pieces))]
        return [(w + hyw, w, True) for w in letters]
    m = rl._hy_pfx_pat.match(word)
    pfx = m.group(0) if m else ""
    s = word[len(pfx):]
    m = rl._hy_sfx_pat.search(s)
    if m:
        s = s[:-len(m.group(0))]
    if len(s) < hymwl or not (rl._hy_letters_pat.match(s) or rl._hy_shy_letters_pat.match(s)):
        return []
    if rl._uri_split_pairs(s) is not None:
        return []
    joints = hyphenator.joints(s) if hasattr(hyphenator, "joints") else set()
    out = []
    hyw = stringWidth("-", font, size)
    for head, _ in reversed(hyphenator(s)):
        ends_hyphen = head[-1:] in "-\u00ad"
        letters = stringWidth(pfx + head, font, size)
        out.append((letters + (0 if ends_hyphen else hyw), letters, ends_hyphen or len(head) in joints))
    return out


def _breaks(words: list[_Word]) -> list[Break]:
    out = [Break(0.0, 0.0, 0, 0)]
    x, gaps = 0.0, 0
    for i, w in enumerate(words):
        for head, letters, joint in w.heads:
            out.append(Break(x + head, x + letters, gaps, gaps, True, JOINT if joint else HYPHEN))
        x += w.width
        if i == len(words) - 1:
            out.append(Break(x, x, gaps, gaps))
        elif w.space:
            out.append(Break(x, x + w.space, gaps, gaps + 1))
            x += w.space
            gaps += 1
    return out


class _Plan:
    __slots__ = ("widths", "naturals")

    def __init__(self, widths, naturals):
        self.widths, self.naturals = widths, naturals


_CACHE: dict[tuple, _Plan | None] = {}


def plan_lines(para, widths: list[float], avoid_hyphen_at: int | None = None) -> _Plan | None:
    """The chosen lines of ``para`` (their natural widths), or None: leave it to ReportLab."""
    style = para.style
    hyphenator = getattr(style, "hyphenationLang", None)
    if style.alignment != TA_JUSTIFY or not callable(hyphenator) or not para.frags:
        return None
    if style.endDots or getattr(para, "bulletText", None):
        return None
    hymwl = getattr(style, "hyphenationMinWordLength", rl.hyphenationMinWordLength)
    simple = len(para.frags) == 1 and not (hasattr(para.frags[0], "cbDefn") or hasattr(para.frags[0], "backColor")
                                          or rl._processed_frags(para.frags) or style.shaping)
    key = (simple, tuple(widths), avoid_hyphen_at, id(hyphenator), _content(para.frags))
    if key in _CACHE:
        return _CACHE[key]
    found = _plan(para, widths, avoid_hyphen_at, hyphenator, hymwl, simple)
    if len(_CACHE) > CACHE_SIZE:
        _CACHE.clear()
    _CACHE[key] = found
    return found


def _content(frags) -> tuple:
    """What decides a paragraph's lines: its text, per fragment with font and size (for
    a paragraph split off another, its fragment words and what kind of split each is)."""
    if rl._processed_frags(frags):
        return tuple((type(fw).__name__, fw[0], *((f.fontName, f.fontSize, t) for f, t in fw[1:]))
                     for fw in frags)
    return tuple((f.fontName, f.fontSize, getattr(f, "text", None), getattr(f, "_fkind", None),
                  tuple(getattr(f, "words", ())), getattr(f, "cbDefn", None) is not None)
                 for f in frags)


def _plan(para, widths, avoid_hyphen_at, hyphenator, hymwl, simple) -> _Plan | None:
    got = _plain_words(para, hyphenator, hymwl) if simple else _frag_words(para, widths[0], hyphenator, hymwl)
    if got is None:
        return None
    words, font, size = got
    if len(words) < 2:
        return None
    breaks = _breaks(words)
    space = stringWidth(" ", font, size)
    chosen = total_fit(breaks, widths, space, size, avoid_hyphen_at)
    if chosen is None:
        return None
    starts = [0] + chosen[:-1]
    naturals = [breaks[j].end - breaks[i].start for i, j in zip(starts, chosen)]
    lines = [widths[min(n, len(widths) - 1)] for n in range(len(naturals))]
    return _Plan(lines, naturals)


def break_lines(para, width, first_fit: Callable) -> object:
    """``Paragraph.breakLines`` with total fit; ``first_fit(widths)`` is ReportLab's own."""
    widths = list(width) if isinstance(width, (list, tuple)) else [width]
    kept = getattr(para, "_kept_lines", None)
    if kept is not None and kept[0] == widths:
        return kept[1]  # the first part of a split paragraph keeps the lines it had
    plan = plan_lines(para, widths, getattr(para, "_avoid_hyphen_at", None))
    if plan is None:
        return first_fit(width)
    fake = [n + EPSILON for n in plan.naturals]
    result = first_fit(fake + [max(widths)])
    lines = result.lines
    if len(lines) != len(fake):
        return first_fit(width)
    for line in lines:
        extra = line[0] if result.kind == 0 else line.extraSpace
        if abs(extra - EPSILON) > 0.05:
            return first_fit(width)
    for i, (real, planned) in enumerate(zip(plan.widths, fake)):
        if result.kind == 0:
            extra, words = lines[i]
            lines[i] = (extra + real - planned, words)
        else:
            lines[i].extraSpace += real - planned
            lines[i].maxWidth = real
    return result


def split_paragraph(para, avail_width: float, avail_height: float, split: Callable) -> list:
    """``Paragraph.split`` (ReportLab's is ``split``) that keeps a hyphen off the last
    line of a page where another set of breaks allows it, and lets the first part keep
    its lines (breaking it again on its own could choose others)."""
    parts = split(avail_width, avail_height)
    if len(parts) == 2 and _last_line_hyphenated(para, parts[0]):
        para._avoid_hyphen_at = len(parts[0].blPara.lines) - 1
        para.__dict__.pop("blPara", None)
        para.wrap(avail_width, avail_height)
        retry = split(avail_width, avail_height)
        para._avoid_hyphen_at = None
        if len(retry) == 2:
            parts = retry
        else:  # the other breaks do not split here: as it was
            para.__dict__.pop("blPara", None)
            para.wrap(avail_width, avail_height)
            parts = split(avail_width, avail_height)
    if len(parts) == 2 and hasattr(para, "blPara"):
        whole = para.blPara
        first = copy(whole)
        first.lines = whole.lines[:len(parts[0].blPara.lines)]
        parts[0]._kept_lines = (list(para._wrapWidths), first)
    return parts


def _last_line_hyphenated(para, first) -> bool:
    whole = getattr(para, "blPara", None)
    if whole is None or not first.blPara.lines:
        return False
    return hyphenated(first.blPara.lines[-1], whole.kind)


def hyphenated(line, kind: int) -> bool:
    """Whether a line of ReportLab's (from ``breakLines``) ends in an inserted or a text hyphen."""
    words = line[1] if kind == 0 else line.words
    if not words:
        return False
    last = words[-1]
    text = last if kind == 0 else getattr(last, "text", "")
    return isinstance(last, rl._SplitWordHY) or str(text).rstrip().endswith("-")
