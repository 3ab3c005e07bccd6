"""pipeline.pdfread.contentstream reads content streams as pikepdf (qpdf) does, instruction for
instruction, on the awkward parts of the syntax and on the veraPDF corpus."""
from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest

from pipeline.pdfread.contentstream import ContentStream, Name, PdfString, decode_literal

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "verapdf-corpus" / "PDF_UA-1"

AWKWARD = (
    b"% a comment (with a paren\n"
    b"/P <</MCID 3 /Lang (en-GB) /ActualText <FEFF0041> /Nested <</A [1 2.5 -.5 +3]>>>> BDC\n"
    b"BT /F1 12 Tf [(a(b)c) -250 <41 42 4> (x\\(y\\)\\\\z\\101\\n) 10] TJ\n"
    b"(line\\\ncontinued) Tj (nested (deep (parens))) Tj ET EMC\n"
    b"q BI /W 2 /H 2 /BPC 8 /CS /G ID \x00\xffEI\x01\x02 EI Q\n"
    b"/Name#20with#23escapes Do true false null 1 0 0 1 0 0 cm\n"
    b"0 0 m 10 10 l S /Artifact BMC 0 0 1 1 re f EMC\n"
)


def plain(value: object) -> object:
    """Operands of either reader in one comparable form."""
    if isinstance(value, (pikepdf.Name, Name)):
        return ("name", str(value))
    if isinstance(value, (pikepdf.String, PdfString)):
        return ("string", bytes(value))
    if isinstance(value, (pikepdf.Array, list)):
        return [plain(v) for v in value]
    if isinstance(value, (pikepdf.Dictionary, dict)):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, bool) or value is None:
        return value
    return round(float(value), 6)


def ours(data: bytes) -> list:
    stream = ContentStream(data)
    out = []
    for op, start, end in stream.instructions():
        out.append(("INLINE IMAGE", None) if op == "BI" else (op, plain(stream.operands(start, end))))
    return out


def theirs(pdf: pikepdf.Pdf, target) -> list:
    out = []
    for ins in pikepdf.parse_content_stream(target):
        if isinstance(ins, pikepdf.ContentStreamInlineImage):
            out.append(("INLINE IMAGE", None))
        else:
            out.append((str(ins.operator), plain(list(ins.operands))))
    return out


def test_awkward_syntax_reads_as_qpdf_reads_it() -> None:
    pdf = pikepdf.new()
    stream = pdf.make_stream(AWKWARD)
    assert ours(AWKWARD) == theirs(pdf, stream)


def test_strings_of_a_text_array() -> None:
    data = b"[(a(b)c) -250 <4142> (x\\(y) 3] TJ (big) Tj"
    stream = ContentStream(data)
    (op1, s1, e1), (op2, s2, e2) = stream.instructions()
    assert (op1, list(stream.strings(s1, e1))) == ("TJ", [b"a(b)c", b"AB", b"x(y"])
    assert stream.joined_strings(s1, e1) == b"a(b)cABx(y"
    assert stream.joined_strings(s2, e2) == b"big"
    plain_array = b"[" + b"(ab) -20 " * 300_000 + b"] TJ"  # read in one-megabyte pieces
    stream = ContentStream(plain_array)
    [(_, start, end)] = stream.instructions()
    assert stream.joined_strings(start, end) == b"ab" * 300_000


@pytest.mark.parametrize("raw, value", [
    (b"a\\(b\\)", b"a(b)"), (b"a\\\\b", b"a\\b"), (b"\\n\\t\\q", b"\n\tq"), (b"\\101\\0", b"A\x00"),
    (b"a\\\nb", b"ab"), (b"a\r\nb\rc", b"a\nb\nc"), (b"\\\\\\(", b"\\("),
])
def test_literal_string_escapes(raw: bytes, value: bytes) -> None:
    assert decode_literal(raw) == value


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"veraPDF corpus not found at {CORPUS}")
def test_every_page_of_the_corpus_reads_as_qpdf_reads_it() -> None:
    differ = []
    for path in sorted(CORPUS.rglob("*.pdf")):
        with pikepdf.open(path) as pdf:
            for number, page in enumerate(pdf.pages, start=1):
                if ours(ContentStream.of(page).data) != theirs(pdf, page):
                    differ.append(f"{path.name} page {number}")
    assert differ == []
