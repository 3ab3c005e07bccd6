"""Line breaks chosen per paragraph, not line by line (total fit, after Knuth and Plass).

ReportLab fills each line as full as it can (first fit). For a hyphenated paragraph this
module instead looks at every way of breaking it, at word spaces and at the breaks the
hyphenator allows, and takes the one with the least total *demerits*, TeX's measure:

- a justified line's *badness* grows with the cube of how far its word spaces are from
  the natural space, relative to what they may give: down to 0.2 em, up to 0.5 em.
  Spaces below 0.2 em are not allowed; above 0.5 em only when nothing else fits (up to
  0.75 em, or as far as needed when no set of breaks stays within that). A ragged-right
  line's badness grows with the room it leaves (``RAGGED``);
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

from collections.abc import Callable
from copy import copy
from dataclasses import dataclass, field
from typing import Any

from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth

from .. import reportlab_private as rlp
from . import plancache

MIN_SPACE, MAX_SPACE = 0.2, 0.5  # em: word spaces of a justified line
HARD_MAX_SPACE = 0.75  # em: beyond this a line is not considered at all ...
EMERGENCY_MAX_SPACE = 3.0  # ... unless no way to break the paragraph keeps within it
RAGGED = 3.0  # em: a ragged-right line this much short of the measure has badness 100
LINE = 10  # TeX's \linepenalty
HYPHEN, JOINT = 100, 40
DOUBLE_HYPHEN = 3000
FINAL_HYPHEN = 3000
SHORT_LAST = 4000
SHORT_LAST_WIDTH = 0.12  # of the line width: a last line this short, one word, is a "short word"
ADJACENT = 2000
EPSILON = 0.01  # pt added to each planned width so that ReportLab's fit test passes
CACHE_SIZE = 4000


@dataclass
class Breaks:
    """The places a paragraph may break, in order; ``[0]`` is its start, ``[-1]`` its end.
    At break ``i`` the line before ends at ``end[i]`` (points from the paragraph's start,
    hyphen included) and the next line starts at ``start[i]``; ``ends[i]``/``starts[i]``
    count the word spaces before each; ``penalty[i]`` is the hyphen's (0: a space)."""
    end: list[float] = field(default_factory=list)
    start: list[float] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    penalty: list[float] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.end)


# a node of the search: (break index, lines before it, hyphenated lines in a row ending
# there, fitness class of the line ending there, total demerits, worst badness, previous)
_Node = tuple


def total_fit(breaks: Breaks, widths: list[float], space: float, em: float,
              avoid_hyphen_at: int | None = None, hard_max: float = HARD_MAX_SPACE,
              ragged: bool = False, strict: bool = False) -> tuple[list[int], float] | None:
    """The indices of the chosen breaks (the last is the paragraph's end) and the worst
    line's badness, or None when no way to break keeps within the hard limits.
    ``widths``: per line, the last repeated; ``space``: the natural word space; ``em``:
    the font size. One node per break and run of hyphens (and line, with
    ``avoid_hyphen_at``): the fitness class of the best way there is kept, not one each.
    ``ragged``: lines keep their natural spaces (ragged right); the badness is how much
    room a line leaves, relative to ``RAGGED`` em. ``strict``: a last line that is a single
    short word is not allowed at all (rather than costing ``SHORT_LAST``)."""
    shrink = max(space - MIN_SPACE * em, 1e-6)
    stretch = max(MAX_SPACE * em - space, 1e-6)
    hard_stretch = hard_max * em - space
    rag = RAGGED * em
    ends_at, starts_at, gaps_end, gaps_start, penalties = (
        breaks.end, breaks.start, breaks.ends, breaks.starts, breaks.penalty)
    last = len(breaks) - 1
    n_widths = len(widths) - 1
    by_line = avoid_hyphen_at is not None
    active: list[_Node] = [(0, 0, 0, 1, 0.0, 0.0, None)]
    first = 0  # active[:first] are too long for every later break
    final = None
    for j in range(1, last + 1):
        b_end, b_ends, b_penalty = ends_at[j], gaps_end[j], penalties[j]
        b_hyphen = b_penalty > 0
        hyphen_cost = b_penalty * b_penalty
        best: dict = {}
        for k in range(first, len(active)):
            node = active[k]
            index, line, run0, fit0, dem0, worst0, _ = node
            width = widths[line if line < n_widths else n_widths]
            natural = b_end - starts_at[index]
            gaps = b_ends - gaps_start[index]
            room = width - natural
            if ragged:
                if room < -1e-6:
                    if k == first:
                        first += 1
                    continue
                ratio = 0.0 if j == last else room / rag
                fit0 = 1
            elif room < 0:
                if gaps == 0 or -room > gaps * shrink + 1e-6:
                    if k == first:
                        first += 1  # too long now, and only longer later
                    continue
                ratio = room / (gaps * shrink)
            elif j == last:  # the last line keeps its natural spaces
                ratio = 0.0
            elif gaps == 0:
                continue  # a single word cannot be justified
            elif room > gaps * hard_stretch:
                break  # spaces over the hard limit, and wider still from later nodes
            else:
                ratio = room / (gaps * stretch)
            badness = 100 * (ratio if ratio > 0 else -ratio) ** 3
            if j == last and gaps == 0 and index and natural < SHORT_LAST_WIDTH * width:
                if strict:
                    continue
                badness += SHORT_LAST
            if b_hyphen:
                run = run0 + 1
                if run > 2 or line == avoid_hyphen_at:
                    continue
            else:
                run = 0
            fitness = 1 if ragged else 0 if ratio < -0.5 else 1 if ratio <= 0.5 else 2 if ratio <= 1.0 else 3
            demerits = (LINE + (badness if badness < 10000 else 10000)) ** 2 + hyphen_cost
            if run == 2:
                demerits += DOUBLE_HYPHEN
            if fitness - fit0 > 1 or fit0 - fitness > 1:
                demerits += ADJACENT
            if j == last and penalties[index] > 0:
                demerits += FINAL_HYPHEN
            total = dem0 + demerits
            key = (run, line) if by_line else run
            found = best.get(key)
            if found is None or total < found[4]:
                best[key] = (j, line + 1, run, fitness, total, worst0 if worst0 > badness else badness, node)
        if j == last:
            final = min(best.values(), key=lambda n: n[4], default=None)
        else:
            active.extend(best.values())
        if first >= len(active):
            return None
    if final is None:
        return None
    chosen = []
    node = final
    while node is not None and node[0]:
        chosen.append(node[0])
        node = node[6]
    return chosen[::-1], final[5]


# -- ReportLab paragraphs -------------------------------------------------------------

@dataclass
class _Word:
    width: float
    space: float  # the space after it (0: no break after it)
    text: str = ""  # what the hyphenator is asked about ("": never hyphenated)
    font: str = ""
    size: float = 0.0


def _plain_words(para):
    """kind 0 in ReportLab: one fragment, words split at spaces."""
    f = para.frags[0]
    font, size = f.fontName, f.fontSize
    width_of = getFont(font).stringWidth  # (pdfmetrics.stringWidth, without its lookup per word)
    space = width_of(" ", size)
    words = []
    soft = rlp.SOFT_HYPHEN
    for w in (rlp.split_words(rlp.strip_text(f.text)) if hasattr(f, "text") else f.words):
        words.append(_Word(width_of(w.replace(soft, "") if soft in w else w, size), space, w, font, size))
    return words, font, size


def _frag_words(para, width: float):
    """kind 1: ReportLab's fragment words (a word may have several styles)."""
    words = []
    font = size = None
    spaces: dict[tuple[str, float], float] = {}  # the word space per font and size
    image, line_break, spaced = rlp.FRAG_IMAGE, rlp.FRAG_BREAK, rlp.SpacedFragWord
    for fw in rlp.frag_words(para.frags, width):
        parts = fw[1:]
        for f, _ in parts:
            marker = getattr(f, "cbDefn", None)  # zero-width <onDraw> of the tagging: fine
            kind = rlp.frag_kind(f)
            if (kind in (image, line_break) or getattr(f, "backColor", None)
                    or (marker is not None and getattr(marker, "kind", None) != "onDraw")):
                return None
        f = fw[-1][0]
        font, size = font or f.fontName, size or f.fontSize
        if isinstance(fw, spaced):
            key = (f.fontName, f.fontSize)
            space = spaces.get(key)
            if space is None:
                space = spaces[key] = stringWidth(" ", f.fontName, f.fontSize)
        else:
            space = 0.0
        texts = [(g, t) for g, t in parts if t]
        if len(texts) == 1 and not getattr(texts[0][0], "nobr", False):
            g, text = texts[0]
            words.append(_Word(fw[0], space, text, g.fontName, g.fontSize))
        else:
            words.append(_Word(fw[0], space))
    if font is None:
        return None
    return words, font, size


_HEADS: dict[tuple, list[tuple[float, float, bool]]] = {}


def _heads(word: str, font: str, size: float, hyphenator, hymwl: int) -> list[tuple[float, float, bool]]:
    """Where ReportLab's hyphenation may split ``word``, as it would do it (the
    punctuation before and after the word stays with it): per break the head's width
    with its hyphen, without it, and whether the break is at a joint."""
    key = (word, font, size, id(hyphenator), hymwl)
    found = _HEADS.get(key)
    if found is None:
        if len(_HEADS) > 50000:
            _HEADS.clear()
        found = _HEADS[key] = _find_heads(word, font, size, hyphenator, hymwl)
    return found


def _find_heads(word: str, font: str, size: float, hyphenator, hymwl: int) -> list[tuple[float, float, bool]]:
    if rlp.SOFT_HYPHEN in word:
        pieces = word.split(rlp.SOFT_HYPHEN)
        hyw = stringWidth("-", font, size)
        letters = [stringWidth("".join(pieces[:i]), font, size) for i in range(1, len(pieces))]
        return [(w + hyw, w, True) for w in letters]
    m = rlp.HYPHEN_PREFIX.match(word)
    pfx = m.group(0) if m else ""
    s = word[len(pfx):]
    m = rlp.HYPHEN_SUFFIX.search(s)
    if m:
        s = s[:-len(m.group(0))]
    if len(s) < hymwl or not (rlp.HYPHEN_LETTERS.match(s) or rlp.HYPHEN_SHY_LETTERS.match(s)):
        return []
    if rlp.uri_split_pairs(s) is not None:
        return []
    joints = hyphenator.joints(s) if hasattr(hyphenator, "joints") else set()
    out = []
    hyw = stringWidth("-", font, size)
    for head, _ in reversed(hyphenator(s)):
        ends_hyphen = head[-1:] in "-\u00ad"
        letters = stringWidth(pfx + head, font, size)
        out.append((letters + (0 if ends_hyphen else hyw), letters, ends_hyphen or len(head) in joints))
    return out


def _breaks(words: list[_Word], hyphenator=None, hymwl: int = 0) -> Breaks:
    """The places to break: the word spaces, and with a ``hyphenator`` its breaks."""
    out = Breaks([0.0], [0.0], [0], [0], [0.0])
    end, start, ends, starts, penalty = (out.end.append, out.start.append, out.ends.append,
                                         out.starts.append, out.penalty.append)
    x, gaps, last = 0.0, 0, len(words) - 1
    for i, w in enumerate(words):
        if hyphenator is not None and w.text:
            for head, letters, joint in _heads(w.text, w.font, w.size, hyphenator, hymwl):
                end(x + head), start(x + letters), ends(gaps), starts(gaps)
                penalty(JOINT if joint else HYPHEN)
        x += w.width
        if i == last or w.space:
            end(x), ends(gaps), penalty(0.0)
            if i < last:
                x += w.space
                gaps += 1
            start(x), starts(gaps)
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
    if style.alignment not in (TA_JUSTIFY, TA_LEFT) or not callable(hyphenator) or not para.frags:
        return None
    if style.endDots or getattr(para, "bulletText", None):
        return None
    hymwl = getattr(style, "hyphenationMinWordLength", rlp.HYPHENATION_MIN_WORD_LENGTH)
    first = para.frags[0]
    simple = len(para.frags) == 1 and not (hasattr(first, "cbDefn") or hasattr(first, "backColor")
                                          or rlp.processed_frags(para.frags) or style.shaping)
    shape, content = (simple, style.alignment, tuple(widths), avoid_hyphen_at), _content(para.frags)
    key = (*shape, id(hyphenator), content)
    if key in _CACHE:
        return _CACHE[key]
    store = plancache.current()
    identity = getattr(hyphenator, "identity", None)  # stable across processes, unlike id()
    digest = None
    known, stored = False, None
    if store is not None and identity is not None:
        digest = store.digest((*shape, identity, hymwl, content))
        known, stored = store.get(digest)
    if known:
        found = None if stored is None else _Plan(_line_widths(widths, len(stored)), list(stored))
    else:
        found = _plan(para, widths, avoid_hyphen_at, hyphenator, hymwl, simple)
        if store is not None and digest is not None:
            store.put(digest, None if found is None else tuple(float(n) for n in found.naturals))
    if len(_CACHE) > CACHE_SIZE:
        _CACHE.clear()
    _CACHE[key] = found
    return found


def _line_widths(widths: list[float], lines: int) -> list[float]:
    """The width of each of ``lines`` lines (``widths``: per line, the last repeated)."""
    return [widths[min(n, len(widths) - 1)] for n in range(lines)]


def _content(frags) -> tuple:
    """What decides a paragraph's lines: its text, per fragment with font and size (for
    a paragraph split off another, its fragment words and what kind of split each is)."""
    if rlp.processed_frags(frags):
        return tuple((type(fw).__name__, fw[0], *((f.fontName, f.fontSize, t) for f, t in fw[1:]))
                     for fw in frags)
    return tuple((f.fontName, f.fontSize, getattr(f, "text", None), rlp.frag_kind(f),
                  tuple(getattr(f, "words", ())), getattr(f, "cbDefn", None) is not None)
                 for f in frags)


def _plan(para, widths, avoid_hyphen_at, hyphenator, hymwl, simple) -> _Plan | None:
    got = _plain_words(para) if simple else _frag_words(para, widths[0])
    if got is None:
        return None
    words, font, size = got
    if len(words) < 2:
        return None
    space = stringWidth(" ", font, size)
    breaks = _breaks(words, hyphenator, hymwl)
    ragged = para.style.alignment == TA_LEFT
    if ragged:
        found = total_fit(breaks, widths, space, size, avoid_hyphen_at, ragged=True)
    else:  # word spaces within MAX_SPACE and no single short word alone on the last line,
        # where some set of breaks allows both (as TeX's tolerance); else spaces up to
        # HARD_MAX_SPACE; else (TeX's emergency stretch) wider, the best of them
        found = total_fit(breaks, widths, space, size, avoid_hyphen_at, MAX_SPACE, strict=True)
        for limit in (HARD_MAX_SPACE, EMERGENCY_MAX_SPACE):
            if found is not None:
                break
            found = total_fit(breaks, widths, space, size, avoid_hyphen_at, limit)
    if found is None:
        return None
    chosen = found[0]
    starts = [0] + chosen[:-1]
    naturals = [breaks.end[j] - breaks.start[i] for i, j in zip(starts, chosen, strict=True)]
    return _Plan(_line_widths(widths, len(naturals)), naturals)


def break_lines(para, width, first_fit: Callable) -> object:
    """``Paragraph.breakLines`` with total fit; ``first_fit(widths)`` is ReportLab's own."""
    widths = list(width) if isinstance(width, (list, tuple)) else [width]
    kept = getattr(para, "_kept_lines", None)
    if kept is not None and kept[0] == widths:
        return kept[1]  # the first part of a split paragraph keeps the lines it had
    # ReportLab replaces the fragments with its fragment words, hyphenated heads split
    # off, as it breaks lines; breaking again starts from the paragraph's own fragments
    if "_own_frags" in para.__dict__:
        para.frags = para._own_frags
    else:
        para._own_frags = para.frags
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
    for i, (real, planned) in enumerate(zip(plan.widths, fake, strict=True)):
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
        para._avoid_hyphen_at = len(rlp.broken_lines(parts[0]).lines) - 1
        rlp.forget_lines(para)
        para.wrap(avail_width, avail_height)
        retry = split(avail_width, avail_height)
        para._avoid_hyphen_at = None
        if len(retry) == 2:
            parts = retry
        else:  # the other breaks do not split here: as it was
            rlp.forget_lines(para)
            para.wrap(avail_width, avail_height)
            parts = split(avail_width, avail_height)
    whole = rlp.broken_lines(para)
    if len(parts) == 2 and whole is not None:
        first = copy(whole)
        first.lines = whole.lines[:len(rlp.broken_lines(parts[0]).lines)]
        parts[0]._kept_lines = (rlp.wrap_widths(para), first)
    return parts


def _last_line_hyphenated(para: Any, first: Any) -> bool:
    whole = rlp.broken_lines(para)
    if whole is None or not rlp.broken_lines(first).lines:
        return False
    return hyphenated(rlp.broken_lines(first).lines[-1], whole.kind)


def hyphenated(line, kind: int) -> bool:
    """Whether a line of ReportLab's (from ``breakLines``) ends in an inserted or a text hyphen."""
    if kind == 0:
        words = line[1]
        return bool(words) and (isinstance(words[-1], rlp.HyphenatedWord) or words[-1].endswith("-"))
    texts = [w.text for w in line.words if getattr(w, "text", "")]  # markers have no text
    return bool(texts) and texts[-1].rstrip().endswith(("-", rlp.SOFT_HYPHEN))
