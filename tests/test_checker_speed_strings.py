"""The content-stream readers' shortcuts for strings agree with the full operand parser."""
from __future__ import annotations

import itertools

import pytest

from pipeline.pdfread.contentstream import ContentStream, Name, PdfString, decode_literal

ESCAPED = [
    b"plain", b"Gr\\004\\003enordnung", b"Fl\\003che \\(m\\010\\)", b"\\0123", b"\\777x", b"\\400",
    b"\\4000", b"a\\\\(", b"\\\\\\)", b"tab\\tnl\\ncr\\rbs\\bff\\f", b"line\\\ncontinued",
    b"cr\\\r\nlf", b"bare\rcr", b"bare\r\ncrlf", b"x\\ay\\vz", b"\\x41", b"\\'\\\"",
]


@pytest.mark.parametrize("raw", ESCAPED)
def test_decode_literal_reads_escapes_as_pdf_does(raw: bytes) -> None:
    # The reading ISO 32000-1, 7.3.4.2 gives, written out one escape at a time.
    out, i = bytearray(), 0
    while i < len(raw):
        c = raw[i:i + 1]
        if c == b"\r":
            out += b"\n"
            i += 2 if raw[i + 1:i + 2] == b"\n" else 1
        elif c != b"\\" or i + 1 == len(raw):
            out += c
            i += 1
        else:
            nxt = raw[i + 1:i + 2]
            digits = b"".join(itertools.takewhile(lambda d: d in b"01234567",
                                                  (raw[k:k + 1] for k in range(i + 1, min(i + 4, len(raw))))))
            if digits:
                out.append(int(digits, 8) & 0xFF)
                i += 1 + len(digits)
            elif nxt == b"\r":
                i += 3 if raw[i + 2:i + 3] == b"\n" else 2
            elif nxt == b"\n":
                i += 2
            else:
                out += {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}.get(nxt, nxt)
                i += 2
    assert decode_literal(raw) == bytes(out)


OPERANDS = [
    b"(a)", b" (Gr\\004\\003en) ", b"(x(y)z)", b"[(a) -12 (b\\051) 3.5 ()]", b"[(a) [(b)] (c)]",
    b"[(a) /N (b)]", b"[(a) %c\n (b)]", b"12 (a)", b"[(a)] (b)", b"<4142>", b"[<41> (b)]",
    b"[(a) 1.2.3 (b)]", b"(\r\n)", b"[ ]", b"", b"(a) (b)",
]


@pytest.mark.parametrize("operands", OPERANDS)
def test_string_shortcuts_agree_with_operands(operands: bytes) -> None:
    stream = ContentStream(operands + b" Tj")
    [(op, start, end)] = list(stream.instructions())
    parsed = ContentStream(stream.data).operands(start, end)
    lone = stream.lone_string(start, end)
    if lone is not None:
        assert len(parsed) == 1 and isinstance(parsed[0], PdfString) and parsed[0] == lone
    strings = stream.array_strings(start, end)
    if strings is not None:
        assert len(parsed) == 1 and isinstance(parsed[0], list)
        assert strings == [s for s in parsed[0] if isinstance(s, PdfString)]
    # the shortcuts take the common forms, and only those
    assert (lone is not None) == (operands in (b"(a)", b" (Gr\\004\\003en) ", b"(\r\n)"))
    assert (strings is not None) == (operands in (b"[(a) -12 (b\\051) 3.5 ()]", b"[(a) 1.2.3 (b)]", b"[ ]"))


def test_string_shortcuts_refuse_oversized_operands() -> None:
    data = b"(" + b"a" * (1 << 20) + b") Tj"
    stream = ContentStream(data)
    [(_op, start, end)] = list(stream.instructions())
    assert stream.lone_string(start, end) is None
    assert stream.operands(start, end) == []


def _assert_operands(operands: bytes, operator: bytes, expected: list) -> None:
    """``operands`` before ``operator`` read as ``expected``, value by value and type by type."""
    stream = ContentStream(operands + b" " + operator)
    [(_op, start, end)] = list(stream.instructions())
    parsed = stream.operands(start, end)
    assert parsed == expected
    assert [type(v) for v in parsed] == [type(v) for v in expected]


@pytest.mark.parametrize(("operands", "expected"), [
    (b" 1 -2 3.5 +.5 5. 007 ", [1, -2, 3.5, 0.5, 5.0, 7]),
    (b"\x001\x002", [1, 2]),
    (b"1.2.3 4", [4]),  # a malformed number is skipped, as by the full reader
    (b"1-2", []),
    (b"1 /F1", [1, Name("/F1")]),
    (b"", []),
])
def test_numbers_only_operands(operands: bytes, expected: list) -> None:
    _assert_operands(operands, b"cm", expected)


@pytest.mark.parametrize(("operands", "expected"), [
    (b" /TH <</MCID 0>> ", [Name("/TH"), {Name("/MCID"): 0}]),
    (b"/Artifact <</Type /Layout /MCID 3 /MCID 4>>", [Name("/Artifact"), {Name("/Type"): Name("/Layout"),
                                                                          Name("/MCID"): 4}]),
    (b"/P<<>>", [Name("/P"), {}]),
    (b"/A#20B", [Name("/A B")]),
    (b"/P <</MCID 1.2.3>>", [Name("/P"), {}]),  # the malformed number is skipped, and its key unpaired
    (b"/Span <</Lang (de)>>", [Name("/Span"), {Name("/Lang"): b"de"}]),
])
def test_tag_and_properties_operands(operands: bytes, expected: list) -> None:
    _assert_operands(operands, b"BDC", expected)
