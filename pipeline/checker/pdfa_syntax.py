"""PDF/A-2 file syntax, judged on the file's bytes (ISO 19005-2, 6.1.3 to 6.1.9).

6.1.3    nothing but an optional end-of-line marker follows the last %%EOF; the trailer's
         /ID holds two non-empty strings
6.1.4    the xref keyword and the subsection header are separated by a single EOL marker
6.1.6    hexadecimal strings hold an even number of hexadecimal digits and nothing else
         but white space
6.1.7.1  the stream keyword is followed by CR LF or LF, endstream is preceded by an EOL
         marker, and /Length is the number of bytes between them
6.1.9    "N G obj": single white-space characters between the numbers and the keyword, an
         EOL marker before the object number and after obj, before and after endobj

qpdf (under pikepdf) normalises all of this away, so these rules read the bytes of the
file itself; stream data is blanked out first so that binary data cannot look like syntax.
Objects inside object streams have no such syntax of their own and are not concerned.
"""
from __future__ import annotations

import os
import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass

import pikepdf

from ..pdfread.contentstream import ContentError
from .context import Context

EOL = re.compile(rb"\r\n|\n|\r")
_STREAM = re.compile(rb"(?<=>>)[\x00\t\n\f\r ]*(stream)(?=[\x00\t\n\f\r ])")
_ENDSTREAM = re.compile(rb"endstream")
_OBJ = re.compile(rb"(\d+)([\x00\t\n\f\r ]+)(\d+)([\x00\t\n\f\r ]+)obj\b")
_ENDOBJ = re.compile(rb"endobj")
_XREF = re.compile(rb"xref([\x00\t\n\f\r ]*)(?=\d)")
# Strings possessively: a backtracking loop keeps state per character (4 GB for a 50 MB string).
_TOKENS = re.compile(rb"%[^\r\n]*|\((?:[^\\()]++|\\.)*+\)|<<|>>|<([^<>]*)>", re.S)
# The same tokens up to the next hexadecimal string: comments, literal strings, << and >>,
# and any other byte (one that starts no token, as finditer passes over it) run through
# possessively; the match ends with the hexadecimal string, whose body is group 1.
_UP_TO_HEX = re.compile(rb"(?:[^%(<>]++|%[^\r\n]*+|\((?:[^\\()]++|\\.)*+\)|<<|>>|(?!<[^<>]*+>).)*+"
                        rb"<([^<>]*+)>", re.S)
_HEX = re.compile(rb"[0-9A-Fa-f]*")
WHITE = b"\x00\t\n\f\r "


@dataclass
class _Stream:
    keyword: int  # offset of "stream"
    start: int  # first data byte
    end: int  # offset of "endstream"


@dataclass
class FileSyntax:
    """The file's bytes as the syntax rules read them, found once for all of them."""

    data: bytes
    masked: bytes  # the bytes with stream data blanked out
    streams: list[_Stream]
    headers: list[re.Match[bytes]]  # every "N G obj" outside stream data, in file order


def file_bytes(ctx: Context) -> bytes | None:
    """The bytes of the file being checked, when it is a file on disk."""
    path = ctx.file
    if not path or not os.path.isfile(path):
        return None
    with open(path, "rb") as fh:
        return fh.read()


def check_syntax(ctx: Context, data: bytes | None) -> FileSyntax | None:
    """``data``: the file's bytes; without them only the content streams' strings are judged.
    Returns what was read of the bytes, for page_dictionaries_without_resources."""
    if data is None:
        _check_hex_strings(ctx, b"")
        return None
    syntax = _read(ctx, data)
    # The keywords and tokens these rules look for outside stream data lie as they do in
    # the masked bytes, whose blanks (megabytes of them) this leaves out.
    between = _between_streams(syntax)
    _check_eof(ctx, data)
    _check_xref(ctx, between)
    _check_hex_strings(ctx, between)
    _check_streams(ctx, syntax)
    _check_objects(ctx, syntax, between)
    return syntax


def _read(ctx: Context, data: bytes) -> FileSyntax:
    streams = _streams(ctx, data)  # in file order, none overlapping the next
    pieces, pos = [], 0
    for s in streams:
        pieces += [data[pos:s.start], b" " * (s.end - s.start)]
        pos = s.end
    pieces.append(data[pos:])
    masked = b"".join(pieces)
    # Object headers are looked for between the streams only: a blanked stream is preceded
    # by its stream keyword and followed by endstream, so no header can reach into one, and
    # the blanks need not be scanned (three rules used to scan the whole file each).
    headers: list[re.Match[bytes]] = []
    pos = 0
    for s in [*streams, _Stream(len(masked), len(masked), len(masked))]:
        headers.extend(_OBJ.finditer(masked, pos, s.start))
        pos = s.end
    return FileSyntax(data, masked, streams, headers)


def page_dictionaries_without_resources(ctx: Context, syntax: FileSyntax | None) -> set[int]:
    """Object numbers of page objects whose dictionary, as written, has no /Resources (qpdf
    copies inherited resources into the page objects, so only the bytes can tell)."""
    if syntax is None:
        return set()
    data = syntax.data
    pages = {page.obj.objgen for page in ctx.pdf.pages}
    out: set[int] = set()
    for m in syntax.headers:
        number, generation = int(m.group(1)), int(m.group(3))
        if (number, generation) not in pages or (m.start() and data[m.start() - 1:m.start()].isdigit()):
            continue
        end = _ENDOBJ.search(data, m.end())
        if b"/Resources" not in data[m.end():end.start() if end else len(data)]:
            out.add(number)
    return out


def check_trailer_id(ctx: Context) -> None:
    ids = ctx.pdf.trailer.get("/ID")
    if isinstance(ids, pikepdf.Array) and len(ids) == 2 and not all(
            isinstance(i, pikepdf.String) and len(bytes(i)) > 0 for i in ids):
        ctx.add("6.1.3", "pdfa-bad-file-id", "The trailer's /ID does not hold two non-empty strings")


def _streams(ctx: Context, data: bytes) -> list[_Stream]:
    """Where each stream's data lies: up to the endstream its /Length points at, or else the
    next endstream (binary data may contain the word)."""
    out: list[_Stream] = []
    pos = 0
    while True:
        m = _STREAM.search(data, pos)
        if not m:
            return out
        start = m.end(1)
        if data[start:start + 2] == b"\r\n":
            start += 2
        elif data[start:start + 1] in (b"\n", b"\r"):
            start += 1
        head = data[max(0, m.start() - 4096):m.start()]
        length = _declared_length(ctx, head[head.rfind(b"obj"):] if b"obj" in head else head)
        end = None
        if length is not None:
            tail = _AT_END.match(data, start + length)
            end = start + length + tail.start(1) - tail.start() if tail else None
        if end is None:
            found = _ENDSTREAM.search(data, start)
            if not found:
                return out
            end = found.start()
        out.append(_Stream(m.start(1), start, end))
        pos = end + len(b"endstream")


_AT_END = re.compile(rb"[\r\n]{0,2}(endstream)")


def _check_eof(ctx: Context, data: bytes) -> None:
    last = data.rfind(b"%%EOF")
    if last >= 0 and data[last + 5:] not in (b"", b"\r\n", b"\n", b"\r"):
        ctx.add("6.1.3", "pdfa-data-after-eof",
                f"{len(data) - last - 5} bytes follow the last %%EOF marker")


def _check_xref(ctx: Context, masked: bytes) -> None:
    at = masked.find(b"xref")
    while at >= 0:
        if at == 0 or not masked[at - 1:at].isalpha():
            m = _XREF.match(masked, at)
            if m and not EOL.fullmatch(m.group(1)):
                ctx.add("6.1.4", "pdfa-xref-eol", "The xref keyword and the cross-reference "
                        "subsection header are not separated by a single EOL marker")
                return
        at = masked.find(b"xref", at + 4)


_INLINE_IMAGE = re.compile(rb"\bBI\b.*?\bEI\b", re.S)


def _content_streams(pdf: pikepdf.Pdf) -> list[pikepdf.Stream]:
    """Page contents, form XObjects, tiling patterns and Type 3 glyph procedures."""
    found: dict[tuple[int, int], pikepdf.Stream] = {}
    for page in pdf.pages:
        contents = page.obj.get("/Contents")
        for c in contents if isinstance(contents, pikepdf.Array) else [contents]:
            if isinstance(c, pikepdf.Stream):
                found.setdefault(c.objgen, c)
    for obj in pdf.objects:
        if not isinstance(obj, (pikepdf.Stream, pikepdf.Dictionary)):
            continue
        keys = obj.keys()  # most objects (structure elements) have neither key asked about
        if isinstance(obj, pikepdf.Stream) and ("/Subtype" in keys and obj.get("/Subtype") == "/Form"
                                                or "/PatternType" in keys and obj.get("/PatternType") == 1):
            found.setdefault(obj.objgen, obj)
        elif isinstance(obj, pikepdf.Dictionary) and "/Subtype" in keys and obj.get("/Subtype") == "/Type3":
            procs = obj.get("/CharProcs")
            for proc in procs.values() if isinstance(procs, pikepdf.Dictionary) else []:
                if isinstance(proc, pikepdf.Stream):
                    found.setdefault(proc.objgen, proc)
    return list(found.values())


def _between_streams(syntax: FileSyntax) -> bytes:
    """The masked bytes with each blanked stream shrunk to one space: the same tokens, but for
    the white space inside a comment, a literal string or a hexadecimal string that runs
    over a stream (none of which the hex-string rule reads), and no megabytes of blanks.
    A blanked stream lies between "stream" and its EOL and "endstream", so the bytes next
    to an xref or endobj keyword are the same as in the masked bytes."""
    pieces, pos = [], 0
    for s in syntax.streams:
        if s.end > s.start:
            pieces += [syntax.masked[pos:s.start], b" "]
            pos = s.end
    pieces.append(syntax.masked[pos:])
    return b"".join(pieces)


def _check_hex_strings(ctx: Context, masked: bytes) -> None:
    odd = bad = False
    sources = [masked]
    for stream in _content_streams(ctx.pdf):
        try:  # decoded once per check, shared with the content rules
            data = ctx.contents.of(stream).data
        except ContentError:
            continue
        sources.append(_INLINE_IMAGE.sub(b" ", data) if b"BI" in data else data)
    for source in sources:
        if source.count(b"<") == 2 * source.count(b"<<"):
            continue  # every < opens a dictionary (as << pairs are counted): no hexadecimal string
        for body in _hex_strings(source):
            digits = body.translate(None, WHITE)
            bad = bad or not _HEX.fullmatch(digits)
            odd = odd or len(digits) % 2 == 1
            if bad and odd:
                break
    if bad:
        ctx.add("6.1.6", "pdfa-hex-string-characters",
                "A hexadecimal string holds characters other than hexadecimal digits and white space")
    if odd:
        ctx.add("6.1.6", "pdfa-hex-string-odd", "A hexadecimal string holds an odd number of digits")


def _hex_strings(source: bytes) -> Iterator[bytes]:
    """The bodies of the hexadecimal strings among the tokens of ``source`` (those that
    ``_TOKENS.finditer`` finds; every other token is passed over inside the engine)."""
    pos = 0
    while True:
        m = _UP_TO_HEX.match(source, pos)
        if m is None:
            return
        yield m.group(1)
        pos = m.end()


def _check_streams(ctx: Context, syntax: FileSyntax) -> None:
    data, masked = syntax.data, syntax.masked
    starts = [m.start() for m in syntax.headers]
    keyword_bad = end_bad = False
    for s in syntax.streams:
        after = data[s.keyword + 6:s.keyword + 8]
        keyword_bad = keyword_bad or not (after.startswith(b"\n") or after == b"\r\n")
        end = s.end
        if data[end - 2:end] == b"\r\n":
            end -= 2
        elif data[end - 1:end] in (b"\n", b"\r"):
            end -= 1
        else:
            end_bad = True
        before = bisect_left(starts, s.keyword)  # the last header before the keyword
        if before == 0:
            continue
        header = syntax.headers[before - 1]
        number = int(header.group(1))
        length = _declared_length(ctx, masked[header.start():s.keyword])
        if length is not None and length not in (end - s.start, s.end - s.start):
            ctx.add("6.1.7.1", "pdfa-stream-length",
                    f"The /Length of stream {number} is {length} but it holds "
                    f"{end - s.start} bytes", obj=number)
    if keyword_bad:
        ctx.add("6.1.7.1", "pdfa-stream-keyword-eol",
                "A stream keyword is not followed by CR LF or LF")
    if end_bad:
        ctx.add("6.1.7.1", "pdfa-endstream-eol", "An endstream keyword is not preceded by an EOL marker")


_LENGTH = re.compile(rb"/Length[\x00\t\n\f\r ]+(\d+)(?:[\x00\t\n\f\r ]+(\d+)[\x00\t\n\f\r ]+R)?")


def _declared_length(ctx: Context, dictionary: bytes) -> int | None:
    """The /Length as written in the file (qpdf corrects a wrong one once the data is read)."""
    found = _LENGTH.findall(dictionary)
    if not found:
        return None
    number, generation = found[-1]
    if not generation:
        return int(number)
    try:
        value = ctx.pdf.get_object((int(number), int(generation)))
    except (pikepdf.PdfError, ValueError):
        return None
    return int(value) if isinstance(value, int) else None


def _check_objects(ctx: Context, syntax: FileSyntax, between: bytes) -> None:
    """``between``: the masked bytes without their blanks (_between_streams), for endobj."""
    masked = syntax.masked
    problems: set[str] = set()
    for m in syntax.headers:
        if len(m.group(2)) != 1:
            problems.add("the object and generation numbers are not separated by a single "
                         "white-space character")
        if len(m.group(4)) != 1:
            problems.add("the generation number and obj are not separated by a single white-space character")
        if m.start() > 0 and masked[m.start() - 1:m.start()] not in (b"\r", b"\n"):
            problems.add("an object number is not preceded by an EOL marker")
        if masked[m.end():m.end() + 1] not in (b"\r", b"\n"):
            problems.add("the obj keyword is not followed by an EOL marker")
    for m in _ENDOBJ.finditer(between):
        if between[m.start() - 1:m.start()] not in (b"\r", b"\n"):
            problems.add("an endobj keyword is not preceded by an EOL marker")
        if between[m.end():m.end() + 1] not in (b"\r", b"\n", b""):
            problems.add("an endobj keyword is not followed by an EOL marker")
    for problem in sorted(problems):
        ctx.add("6.1.9", "pdfa-object-syntax", f"Indirect objects: {problem}")
