"""Each content stream is decoded and scanned once per check, shared by every rule that
reads it (checker/content_cache.py), and the findings are those of reading it anew each time."""
from __future__ import annotations

import sys
import zlib
from collections import Counter
from pathlib import Path

import pikepdf
import pytest
from pikepdf import Dictionary, Name

from pipeline.checker import check_file, content_cache
from pipeline.pdfread import contentstream

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import hostile  # noqa: E402

# One tagged paragraph with a bad marked-content Lang, 30 nested q, an operator ISO 32000-1
# does not define, an inline image with /I true, and a form XObject painted by every page.
CONTENT = (b"/P <</MCID 0 /Lang (no language!)>> BDC BT /F1 12 Tf 72 700 Td (Hello) Tj ET EMC\n"
           + b"q " * 30 + b"Q " * 30 + b"\nfoo\nBI /W 1 /H 1 /BPC 8 /CS /G /I true ID \x80 EI\n"
           b"/Artifact BMC /Fm1 Do EMC\n")
FORM = b"/Artifact BMC BT /F1 10 Tf 72 72 Td (footer) Tj ET EMC"


def spoiled(path: Path) -> Path:
    pdf = hostile.tagged(pages=3, content=CONTENT)
    form = pdf.make_stream(zlib.compress(FORM), Filter=Name.FlateDecode, Type=Name.XObject,
                           Subtype=Name.Form, BBox=[0, 0, 595, 842])
    for page in pdf.pages:
        resources = page.obj.Resources
        form.Resources = resources
        page.obj.Resources = Dictionary(Font=resources.Font, XObject=Dictionary(Fm1=form))
    pdf.save(path)
    return path


def rules(path: Path) -> list[tuple[str, str, str, int | None]]:
    report = check_file(path, pdfa="2a")
    return sorted((f.clause, f.rule, f.message, f.page) for f in report.findings)


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> tuple[Counter, Counter]:
    """(decodings, scans) per content stream during the test."""
    decoded: Counter = Counter()
    scanned: Counter = Counter()
    decode, scan = content_cache.stream_bytes, contentstream.ContentStream.instructions

    def counting_decode(target):
        decoded[content_cache._key(target) or id(target)] += 1
        return decode(target)

    def counting_scan(self):
        scanned[id(self)] += 1
        return scan(self)

    def whole_stream_parse(*args, **kwargs):
        raise AssertionError("pikepdf.parse_content_stream builds a whole stream in memory")

    monkeypatch.setattr(content_cache, "stream_bytes", counting_decode)
    monkeypatch.setattr(contentstream.ContentStream, "instructions", counting_scan)
    monkeypatch.setattr(pikepdf, "parse_content_stream", whole_stream_parse)
    return decoded, scanned


def test_each_stream_is_decoded_and_scanned_once(tmp_path: Path, reads, built) -> None:
    decoded, scanned = reads
    small = min((p for variants in built.values() for p in variants.values()),
                key=lambda p: p.stat().st_size)
    for path in (spoiled(tmp_path / "spoiled.pdf"), small):
        decoded.clear()
        scanned.clear()
        rules(path)
        assert decoded and max(decoded.values()) == 1, path
        assert scanned and max(scanned.values()) == 1, path


def test_findings_are_those_of_reading_each_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = spoiled(tmp_path / "spoiled.pdf")
    shared = rules(path)
    assert {"pdfa-undefined-operator", "pdfa-interpolate", "pdfa-q-nesting", "pdfa-bad-language"} \
        <= {rule for _, rule, _, _ in shared}
    monkeypatch.setattr(content_cache, "MAX_BYTES", 0)  # nothing kept: every rule reads anew
    monkeypatch.setattr(content_cache, "MAX_LISTED", 0)  # every reader scans the bytes
    assert rules(path) == shared


def test_the_cache_is_bounded() -> None:
    pdf = hostile.tagged(pages=4)
    streams = [pdf.make_stream(b"q " * n + b"Q " * n) for n in (10, 20, 30)]
    cache = content_cache.ContentCache(max_bytes=150)
    first = cache.of(streams[0])
    assert cache.of(streams[0]) is first  # 40 bytes: kept
    list(first.instructions())  # 20 instructions listed: over the bound, but the only one
    assert cache.of(streams[0]) is first
    cache.of(streams[1])  # a second stream: the first one is forgotten
    assert cache.of(streams[0]) is not first
    big = cache.of(streams[2])
    assert [op for op, _, _ in big.instructions()] == ["q"] * 30 + ["Q"] * 30


def test_a_stream_with_too_many_instructions_is_scanned_each_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(content_cache, "MAX_LISTED", 5)
    stream = content_cache.SharedStream(b"1 0 0 1 0 0 cm " + b"q Q " * 10 + b"/F1 12 Tf")
    once, again = list(stream.instructions()), list(stream.instructions())
    assert once == again and len(once) == 22 and once[-1][0] == "Tf"
    assert stream.size == len(stream.data)  # nothing listed
    assert stream.operands(*once[-1][1:]) == ["/F1", 12]
