"""Reading content streams instruction by instruction, without building them in memory.

``pikepdf.parse_content_stream`` turns a whole stream into Python objects at once: a
50 MB stream becomes tens of millions of objects (gigabytes). Here the decoded bytes are
scanned with one regular expression per instruction; an instruction's operands are parsed
only when the caller asks for them (most callers need the operands of a few operators),
and the strings of a ``TJ`` array can be taken one at a time.

    stream = ContentStream.of(page_or_form)        # the decoded bytes, once
    for op, start, end in stream.instructions():   # op: "Tj", "BDC", "BI" (inline image)...
        if op == "Tf":
            name, size = stream.operands(start, end)

Operand values are plain Python: ``int``/``float``, :class:`Name` (a ``str`` with its
slash, as pikepdf writes dictionary keys: ``"/MCID"``), :class:`PdfString` (``bytes``),
``list``, ``dict`` (keyed by Name), ``bool`` and ``None``. Shared by the checker and the
review tools, which must never disagree about what a stream says.
"""
from __future__ import annotations

import codecs
import re
from collections.abc import Iterator

import pikepdf

# An operand list longer than this (in bytes) belongs to no real operator except a text
# array or string; it is skipped instead of parsed (a hostile file can make it 50 MB).
MAX_OPERANDS_BYTES = 1 << 20
# Nesting of arrays and dictionaries among operands.
MAX_NESTING = 64

_WS = rb"\x00\t\n\x0c\r "
_DELIM = rb"/\[\]()<>{}%"
_REGULAR = rb"[^" + _WS + _DELIM + rb"]"
_SIMPLE_STRING = rb"\((?:[^()\\]++|\\.)*+\)"
_HEX = rb"<[0-9A-Fa-f" + _WS + rb"]*+>"
_NUMBER = rb"[+-]?(?:\d++\.?\d*+|\.\d++)"
_NAME = rb"/" + _REGULAR + rb"*+"
# White space and the characters of numbers in one class: the commonest operands run
# through in one step (a sign or dot alone is read as a number too, as lenient readers do).
_SPACE_OR_NUMBER = rb"[-+.\d" + _WS + rb"]++"
_OPERAND = (_SPACE_OR_NUMBER + rb"|" + _NAME + rb"|" + _SIMPLE_STRING + rb"|" + _HEX
            + rb"|<<|>>|\[|\]|%[^\r\n]*+")
# Operands (possessively: never re-scanned), then an operator keyword, or one character
# that starts no token (an unbalanced '(' of a string with nested parentheses, '{', ...).
_INSTRUCTION = re.compile(rb"(?:" + _OPERAND + rb")*+(?:(" + _REGULAR + rb"++)|(.)|\Z)", re.S)
_TOKEN = re.compile(
    rb"(?P<ws>[" + _WS + rb"]++|%[^\r\n]*+)|(?P<num>" + _NUMBER + rb")(?!" + _REGULAR + rb")"
    rb"|(?P<name>" + _NAME + rb")|(?P<str>" + _SIMPLE_STRING + rb")|(?P<hex>" + _HEX + rb")"
    rb"|(?P<open><<|\[)|(?P<close>>>|\])|(?P<word>" + _REGULAR + rb"++)|(?P<paren>\()|(?P<bad>.)",
    re.S)
# Operands that are numbers only, each read as _TOKEN reads one (not followed by a regular
# character), between white space.
_NUMBERS_ONLY = re.compile(rb"[" + _WS + rb"]*+(?:" + _NUMBER + rb"(?!" + _REGULAR + rb")"
                           rb"[" + _WS + rb"]*+)*+")
_NUMBER_TOKEN = re.compile(_NUMBER)
# A name, then perhaps a dictionary of names and numbers keyed by names (group 1: its
# opening), between white space: the operands of nearly every BDC and BMC (``/P <</MCID 3>>``).
_NAME_VALUE = rb"(?:" + _NAME + rb"|" + _NUMBER + rb"(?!" + _REGULAR + rb"))"
_TAG_AND_PROPERTIES = re.compile(
    rb"[" + _WS + rb"]*+" + _NAME + rb"[" + _WS + rb"]*+(?:(<<)[" + _WS + rb"]*+(?:" + _NAME + rb"[" + _WS
    + rb"]*+" + _NAME_VALUE + rb"[" + _WS + rb"]*+)*+>>[" + _WS + rb"]*+)?+")
_NAME_OR_NUMBER = re.compile(rb"(" + _NAME + rb")|(" + _NUMBER + rb")")
_STRING_ESCAPE = re.compile(rb"\\(?:([0-7]{1,3})|(\r\n?|\n)|(.))|\r\n?", re.S)
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}
_ESCAPE_BYTES = tuple((b"\\" + k, v) for k, v in _ESCAPES.items())
_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_KEYWORDS = {b"true": True, b"false": False, b"null": None}
_SPECIAL_WORDS = frozenset({"true", "false", "null", "BI"})
_STRINGS = re.compile(rb"\(((?:[^()\\]++|\\.)*+)\)|<([0-9A-Fa-f" + _WS + rb"]*+)>|\(", re.S)
_PLAIN_STRING = re.compile(rb"\(([^()\\]*+)\)")
# The operands of nearly every Tj and TJ: one literal string, or an array of literal strings
# and numbers (strings without parentheses inside, but for escaped ones).
_LITERAL = rb"\(((?:[^()\\]++|\\.)*+)\)"  # a literal string without parentheses inside; group: its body
_LONE_STRING = re.compile(rb"[" + _WS + rb"]*+" + _LITERAL + rb"[" + _WS + rb"]*+", re.S)
_PLAIN_ARRAY = re.compile(rb"[" + _WS + rb"]*+\[(?:[-+.\d" + _WS + rb"]++|" + _SIMPLE_STRING + rb")*+\]"
                          rb"[" + _WS + rb"]*+", re.S)
# An array of literal strings and numbers (each number read as _TOKEN reads one).
_STRINGS_AND_NUMBERS = re.compile(rb"[" + _WS + rb"]*+\[(?:[" + _WS + rb"]++|" + _NUMBER + rb"(?!" + _REGULAR
                                  + rb")|" + _SIMPLE_STRING + rb")*+\][" + _WS + rb"]*+", re.S)
_STRING_OR_NUMBER = re.compile(_LITERAL + rb"|(" + _NUMBER + rb")", re.S)
_ARRAY_STRING = re.compile(_LITERAL, re.S)
_CHUNK = 1 << 20
_DECODED_BYTES, _DECODED_ENTRY = 1 << 20, 200  # all the strings kept, and what one entry costs besides
_CACHED_OPERANDS_BYTES = 128
_CACHE_SIZE = 4096
# Operator keywords as str, decoded once (up to a bound: garbage has endless variety).
_WORDS: dict[bytes, str] = {}


def _word(op: bytes) -> str:
    word = op.decode("latin-1")
    if len(_WORDS) < 512:
        _WORDS[op] = word
    return word


# The end of inline image data: EI between white space and a delimiter or the end.
_INLINE_END = re.compile(rb"[" + _WS + rb"]EI(?=[" + _WS + _DELIM + rb"]|\Z)")


class ContentError(ValueError):
    """A content stream that cannot be read (a stream qpdf cannot decode)."""


class Name(str):
    """A PDF name, with its slash: ``Name("/MCID")``."""

    __slots__ = ()


class PdfString(bytes):
    """A PDF string's bytes (escapes and hex already decoded)."""

    __slots__ = ()

    def text(self) -> str:
        """As a PDF text string: UTF-16BE with a byte order mark, UTF-8 with one, else
        PDFDocEncoding (read as Latin-1, which agrees on the printable range)."""
        data = bytes(self)
        if data[:2] == b"\xfe\xff":
            return data[2:].decode("utf-16-be", errors="replace")
        if data[:3] == b"\xef\xbb\xbf":
            return data[3:].decode("utf-8", errors="replace")
        return data.decode("latin-1")


def text_of(value: object) -> str | None:
    """A string operand as text, a name without its slash; else None."""
    if isinstance(value, PdfString):
        return value.text()
    if isinstance(value, Name):
        return value[1:]
    return None


def stream_bytes(target: pikepdf.Page | pikepdf.Object) -> bytes:
    """The decoded content of a page (its streams joined, as the format says they are
    one) or of a form XObject or pattern; ContentError when a stream cannot be decoded."""
    try:
        if isinstance(target, pikepdf.Page):
            contents = target.obj.get("/Contents")
        elif isinstance(target, pikepdf.Dictionary):  # a page's dictionary
            contents = target.get("/Contents")
        else:
            contents = target
        if isinstance(contents, pikepdf.Stream):
            return contents.read_bytes()
        if isinstance(contents, pikepdf.Array):
            parts = [s.read_bytes() for s in contents if isinstance(s, pikepdf.Stream)]
            return b"\n".join(parts)
        return b""
    except (pikepdf.PdfError, pikepdf.DataDecodingError, RuntimeError) as exc:
        message = " ".join(str(exc).split())[:200] or type(exc).__name__
        raise ContentError(f"a content stream cannot be decoded ({message})") from None


def _string_end(data: bytes, pos: int) -> int:
    """The index after the literal string starting at ``data[pos] == '('`` (nested
    parentheses balance); the end of the data when it never closes."""
    depth = 0
    scan = re.compile(rb"[()\\]")
    n = len(data)
    while pos < n:
        m = scan.search(data, pos)
        if m is None:
            return n
        c = data[m.start()]
        if c == 0x5C:  # backslash: skip the escaped byte
            pos = m.start() + 2
            continue
        depth += 1 if c == 0x28 else -1
        pos = m.end()
        if depth == 0:
            return pos
    return n


def decode_literal(raw: bytes) -> PdfString:
    """The bytes of a literal string written as ``raw`` (without its parentheses)."""
    if b"\\" not in raw:
        return PdfString(raw.replace(b"\r\n", b"\n").replace(b"\r", b"\n") if b"\r" in raw else raw)
    if _C_ESCAPES.fullmatch(raw) is not None:
        # Only escapes that mean in Python what they mean in PDF (once \( and \) are
        # unescaped): decoded by the interpreter's own escape decoder, at C speed.
        return PdfString(codecs.escape_decode(raw.replace(b"\\(", b"(").replace(b"\\)", b")"))[0])
    if _SLOW_ESCAPE.search(raw) is None:
        # Only one-character escapes: done with bytes.replace (C speed, however many).
        pieces = raw.split(b"\\\\")  # escaped backslashes first, so each \ left starts an escape
        return PdfString(b"\\".join([_simple_escapes(p) for p in pieces]))

    def one(m: re.Match) -> bytes:
        octal, newline, char = m.group(1), m.group(2), m.group(3)
        if octal is not None:
            return bytes([int(octal, 8) & 0xFF])
        if newline is not None:
            return b""  # a backslash at a line end continues the string
        if char is not None:
            return _ESCAPES.get(char, char)
        return b"\n"  # a bare CR or CR LF inside a string reads as LF

    return PdfString(_STRING_ESCAPE.sub(one, raw))


# Escapes bytes.replace cannot do: octal codes and a backslash before a line end.
_SLOW_ESCAPE = re.compile(rb"\\[0-7\r\n]")
# A string whose escapes Python's bytes-literal decoder reads as PDF does: octal codes up
# to 377 (three digits at most, as both read them), \n \r \t \b \f \\ \( \), a backslash
# before LF; no CR (PDF reads it as LF) and no unescaped parenthesis.
_C_ESCAPES = re.compile(
    rb"(?:[^\\\r()]++|\\(?:[0-3][0-7]{0,2}+|[4-7][0-7]?+(?![0-7])|[nrtbf\\()\n]))*+")


def _simple_escapes(piece: bytes) -> bytes:
    if b"\r" in piece:
        piece = piece.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    if b"\\" not in piece:
        return piece
    for escape, value in _ESCAPE_BYTES:
        piece = piece.replace(escape, value)
    return piece.replace(b"\\", b"")  # any other escaped character stands for itself


def decode_hex(raw: bytes) -> PdfString:
    digits = re.sub(rb"[" + _WS + rb"]", b"", raw)
    if len(digits) % 2:
        digits += b"0"
    return PdfString(bytes.fromhex(digits.decode("ascii")))


def _name(raw: bytes) -> Name:
    if b"#" in raw:
        raw = _NAME_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), raw)
    return Name(raw.decode("latin-1"))


def _number(raw: bytes) -> int | float:
    if b"." in raw:
        try:
            return float(raw)
        except ValueError:
            return 0.0
    return int(raw)


class ContentStream:
    """The decoded bytes of one content stream, read instruction by instruction."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.errors = 0  # bytes that start no token, and unbalanced delimiters
        self._cache: dict[bytes, list] = {}
        # lone literal strings with escapes, decoded: by where their operands start (the
        # walker, the font and the link rules read the same Tj), up to _DECODED_BYTES
        self._decoded: dict[int, tuple[int, PdfString]] = {}
        self._decoded_bytes = 0

    @classmethod
    def of(cls, target: pikepdf.Page | pikepdf.Object) -> ContentStream:
        return cls(stream_bytes(target))

    def instructions(self) -> Iterator[tuple[str, int, int]]:
        """(operator, start, end) per instruction, where data[start:end] holds its
        operands. Inline images come as ``("BI", start, end)`` with the image dictionary's
        entries as operands; their data is skipped."""
        data = self.data
        words = _WORDS
        pos = start = 0
        while True:
            for m in _INSTRUCTION.finditer(data, pos):
                op = m.group(1)
                if op is not None:
                    word = words.get(op) or _word(op)
                    if word in _SPECIAL_WORDS:
                        if word != "BI":  # true, false, null: operands
                            continue
                        dict_end, pos = self._inline_image(m.end())
                        yield "BI", m.end(), dict_end
                        start = pos
                        break  # go on after the image data
                    op_start, op_end = m.span(1)
                    yield word, start, op_start
                    start = op_end
                    continue
                other = m.group(2)
                if other is None:  # the end of the data
                    return
                if other == b"(":  # a string with nested parentheses
                    pos = _string_end(data, m.start(2))
                    break
                self.errors += 1
            else:
                return

    def _inline_image(self, pos: int) -> tuple[int, int]:
        """Skip an inline image whose BI ends at ``pos``: (where its dictionary ends,
        where its EI ends)."""
        data = self.data
        while True:
            m = _INSTRUCTION.match(data, pos)
            assert m is not None  # the pattern matches anywhere: one character, or the end
            op = m.group(1)
            if op == b"ID":
                begin = m.end() + 1  # one white-space byte follows ID
                end = _INLINE_END.search(data, begin)
                return m.start(1), (end.end() if end else len(data))
            if m.group(2) is None and op is None:  # no ID before the end
                self.errors += 1
                return m.start(), len(data)
            pos = m.end() if op is not None else (
                _string_end(data, m.start(2)) if m.group(2) == b"(" else m.end())

    def operands(self, start: int, end: int) -> list:
        """The operands in data[start:end] as Python values (see the module docstring);
        an empty list for a run longer than MAX_OPERANDS_BYTES. Do not change the list:
        short operand runs that recur (``/F1 12``, ``/P <</MCID 3>>``) share one."""
        if end - start > _CACHED_OPERANDS_BYTES:
            if end - start > MAX_OPERANDS_BYTES:
                self.errors += 1
                return []
            return self._parse(start, end)
        key = self.data[start:end]
        found = self._cache.get(key)
        if found is None:
            found = self._parse(start, end)
            if len(self._cache) >= _CACHE_SIZE:
                self._cache.clear()
            self._cache[key] = found
        return found

    def strings(self, start: int, end: int) -> Iterator[bytes]:
        """The strings among the operands, one at a time, whatever their number and length
        (for the text-showing operators: ``Tj``'s string, each string of a ``TJ`` array).
        Numbers, names and delimiters cannot hold '(' or '<', so a search finds them all."""
        data = self.data
        pos = start
        find = _STRINGS.search
        while pos < end:
            m = find(data, pos, end)
            if m is None:
                return
            kind = m.lastindex
            if kind == 1:
                yield decode_literal(m.group(1))
            elif kind == 2:
                yield decode_hex(m.group(2))
            else:  # nested parentheses
                close = min(_string_end(data, m.start()), end)
                yield decode_literal(data[m.start() + 1:close - 1])
                pos = close
                continue
            pos = m.end()

    def lone_string(self, start: int, end: int) -> bytes | None:
        """When data[start:end] is one literal string (see _LONE_STRING) and no longer
        than MAX_OPERANDS_BYTES: its bytes, what ``operands(start, end)[0]`` is; else None
        (ask operands)."""
        if end - start > MAX_OPERANDS_BYTES:
            return None
        return self._lone_literal(start, end)

    def _lone_literal(self, start: int, end: int) -> PdfString | None:
        """The decoded string when data[start:end] is one literal string, else None."""
        known = self._decoded.get(start)
        if known is not None and known[0] == end:
            return known[1]
        m = _LONE_STRING.fullmatch(self.data, start, end)
        if m is None:
            return None
        raw = m.group(1)
        if b"\\" not in raw:
            return decode_literal(raw)  # as fast as a look-up
        found = decode_literal(raw)
        cost = len(found) + _DECODED_ENTRY
        if self._decoded_bytes + cost <= _DECODED_BYTES:
            self._decoded[start] = (end, found)
            self._decoded_bytes += cost
        return found

    def array_strings(self, start: int, end: int) -> list[bytes] | None:
        """When data[start:end] is one array of literal strings and numbers (see
        _PLAIN_ARRAY) and no longer than MAX_OPERANDS_BYTES: its strings, in order, the
        strings of ``operands(start, end)[0]``; else None (ask operands)."""
        if end - start > MAX_OPERANDS_BYTES:
            return None
        return self._array_literals(start, end)

    def _array_literals(self, start: int, end: int) -> list[bytes] | None:
        """The strings, decoded, when data[start:end] is one array of literal strings and
        numbers (see _PLAIN_ARRAY), else None."""
        if _PLAIN_ARRAY.fullmatch(self.data, start, end) is None:
            return None
        return [decode_literal(raw) for raw in _ARRAY_STRING.findall(self.data, start, end)]

    def joined_strings(self, start: int, end: int) -> bytes:
        """The strings among the operands, joined (what a ``Tj`` or ``TJ`` shows). Plain
        literal strings (no escapes, hex strings or parentheses inside: nearly all) are
        found by the regular-expression engine alone, a megabyte at a time."""
        data = self.data
        if data.find(b"\\", start, end) >= 0 or data.find(b"<", start, end) >= 0:
            # escapes: a lone string or an array of strings and numbers is read at once
            lone = self._lone_literal(start, end)
            if lone is not None:
                return bytes(lone)
            strings = self._array_literals(start, end)
            if strings is not None:
                return b"".join(strings)
            return b"".join(self.strings(start, end))
        if end - start < _CHUNK:
            parts = _PLAIN_STRING.findall(data, start, end)
            if len(parts) == data.count(b"(", start, end):
                return b"".join(parts)
            return b"".join(self.strings(start, end))
        pieces: list[bytes] = []
        found = 0
        pos = start
        while pos < end:
            cut = data.find(b")", min(pos + _CHUNK, end - 1), end)
            cut = end if cut < 0 else cut + 1
            chunk = _PLAIN_STRING.findall(data, pos, cut)
            found += len(chunk)
            pieces.append(b"".join(chunk))
            pos = cut
        if found != data.count(b"(", start, end):  # parentheses inside strings after all
            return b"".join(self.strings(start, end))
        return b"".join(pieces)

    def _parse(self, start: int, end: int) -> list:
        data = self.data
        if _NUMBERS_ONLY.fullmatch(data, start, end) is not None:  # cm, Td, Tm, Tw, rg...
            return [_number(raw) for raw in _NUMBER_TOKEN.findall(data, start, end)]
        lone = self._lone_literal(start, end)
        if lone is not None:  # Tj, '
            return [lone]
        if _STRINGS_AND_NUMBERS.fullmatch(data, start, end) is not None:  # TJ
            return [[_number(number) if number else decode_literal(raw) for raw, number
                     in _STRING_OR_NUMBER.findall(data, start, end)]]
        tagged = _TAG_AND_PROPERTIES.fullmatch(data, start, end)
        if tagged is not None:  # BDC, BMC (and Tf, Do, gs: a name alone)
            tokens = [_name(n) if n else _number(v) for n, v in _NAME_OR_NUMBER.findall(data, start, end)]
            if tagged.group(1) is None:
                return tokens
            return [tokens[0], {tokens[i]: tokens[i + 1] for i in range(1, len(tokens), 2)}]
        top: list = []
        stack: list[list] = []
        # Dictionaries are read as flat lists and paired up when they close.
        kinds: list[bytes] = []
        current: list = top
        pos = start
        while pos < end:
            m = _TOKEN.match(data, pos, end)
            if m is None:
                break
            kind = m.lastgroup
            raw = m.group()
            pos = m.end()
            if kind == "ws":
                continue
            if kind == "num":
                current.append(_number(raw))
            elif kind == "name":
                current.append(_name(raw))
            elif kind == "str":
                current.append(decode_literal(raw[1:-1]))
            elif kind == "hex":
                current.append(decode_hex(raw[1:-1]))
            elif kind == "paren":
                close = min(_string_end(data, m.start()), end)
                current.append(decode_literal(data[m.start() + 1:close - 1]))
                pos = close
            elif kind == "open":
                if len(stack) >= MAX_NESTING:
                    self.errors += 1
                    return []
                stack.append(current)
                kinds.append(raw)
                current = []
            elif kind == "close":
                if not stack or (raw == b"]") != (kinds[-1] == b"["):
                    self.errors += 1
                    continue
                done, opened = current, kinds.pop()
                current = stack.pop()
                current.append(done if opened == b"[" else _pairs(done))
            elif kind == "word" and raw in _KEYWORDS:
                current.append(_KEYWORDS[raw])
            else:
                self.errors += 1
        while stack:  # unclosed arrays or dictionaries: keep what was read
            self.errors += 1
            done, opened = current, kinds.pop()
            current = stack.pop()
            current.append(done if opened == b"[" else _pairs(done))
        return top


def _pairs(items: list) -> dict:
    out: dict = {}
    for i in range(0, len(items) - 1, 2):
        if isinstance(items[i], Name):
            out[items[i]] = items[i + 1]
    return out


def props_dict(value: object) -> dict | None:
    """A dictionary operand (marked-content properties), else None."""
    return value if isinstance(value, dict) else None
