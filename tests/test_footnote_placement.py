"""Issue 13: footnotes at the foot of the page of their reference, judged from built PDFs.

Three sets of outputs: the editions of the ``built`` fixture (mini and sources/), the test
edition ``tests/fixtures/notes`` (reportages whose last line refers to a note that does
not fit under it, and long notes referred to near the bottom of a page), and the English
output of the bench's small edition (a reportage there ends with a note that used to be set
on the next reportage's opening page).
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pikepdf
import pytest
from conftest import ROOT, outputs
from pdfinspect import Inspector, normalize
from test_build_structure import _expected_texts

from pipeline import model as m
from pipeline.cli import main
from pipeline.loading import load_edition

sys.path.insert(0, str(ROOT / "bench"))
import generate  # noqa: E402
import makeup  # noqa: E402

NOTES = ROOT / "tests" / "fixtures" / "notes"
NOTES_END = ROOT / "tests" / "fixtures" / "notes-end"  # a note of 30 lines, referred to last


def _build(folder: Path, out: Path, cache: Path, *extra: str) -> dict[str, int]:
    """Build ``folder`` into ``out`` with its own cache; the destinations the layout kept
    for the output (its hint for the next build)."""
    before = os.environ.get("PIPELINE_CACHE_DIR")
    os.environ["PIPELINE_CACHE_DIR"] = str(cache)
    try:
        assert main(["build", str(folder), "--output", str(out), *extra]) == 0
    finally:
        if before is None:
            del os.environ["PIPELINE_CACHE_DIR"]
        else:
            os.environ["PIPELINE_CACHE_DIR"] = before
    hints = sorted((cache / "pages").glob("*.json"))
    assert len(hints) == 1
    destinations: dict[str, int] = json.loads(hints[0].read_text(encoding="utf-8"))
    return destinations


@pytest.fixture(scope="module")
def notes_edition(tmp_path_factory):
    """(PDF, the layout's destinations) of the notes test edition."""
    tmp = tmp_path_factory.mktemp("notes")
    destinations = _build(NOTES, tmp / "out", tmp / "cache")
    return tmp / "out" / "notes.en.pdf", destinations


@pytest.fixture(scope="module")
def notes_end(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("notes-end")
    destinations = _build(NOTES_END, tmp / "out", tmp / "cache")
    return tmp / "out" / "notes-end.en.pdf", destinations


@pytest.fixture(scope="module")
def bench_english(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("bench-notes")
    sources = tmp / "bench-small"
    generate.generate(sources, seed=1, **generate.SIZES["small"])  # (the bench's default seed)
    _build(sources, tmp / "out", tmp / "cache", "--variant", "en")
    return tmp / "out" / "bench-small.en.pdf"


@pytest.fixture(scope="module")
def docs(built, notes_edition, notes_end, bench_english):
    found = {f"{ed}.{variant}": Inspector(path) for ed, variant, path in outputs(built)}
    found["notes.en"] = Inspector(notes_edition[0])
    found["notes-end.en"] = Inspector(notes_end[0])
    found["bench-small.en"] = Inspector(bench_english)
    return found


def _role(elem) -> str:
    return str(elem.S)[1:]


def _content(doc: Inspector, elem) -> list[tuple[int, int]]:
    """(page, MCID) of an element's marked content and its descendants', in /K order."""
    found = []
    page = doc.page_of(elem.Pg) if "/Pg" in elem else None
    for kid in doc.kids(elem):
        if isinstance(kid, int):
            found.append((page, kid))
        elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
            found.append((doc.page_of(kid.Pg) if "/Pg" in kid else page, int(kid.MCID)))
        elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") != "/OBJR":
            found += _content(doc, kid)
    return found


def _parts(doc: Inspector) -> list[int]:
    """The part (cover, contents, a reportage, the imprint ...) of each page: a new one
    begins on the page of each H1."""
    starts = {min(p for p, _ in _content(doc, h1)) for h1 in doc.by_type("H1")}
    part, parts = 0, []
    for page in range(len(doc.pages)):
        part += page in starts
        parts.append(part)
    return parts


def _notes(doc: Inspector):
    """(Note, its Reference) pairs: the Reference with the note's number in the block the
    Note follows."""
    for note in doc.by_type("Note"):
        kids = [k for k in doc.kids(note.P) if isinstance(k, pikepdf.Dictionary) and "/S" in k]
        i = next(i for i, k in enumerate(kids) if k.objgen == note.objgen)
        holder = next(k for k in reversed(kids[:i]) if _role(k) != "Note")
        number = normalize(doc.text(next(e for e, _ in doc.elements(note) if _role(e) == "Lbl")))
        ref = next(e for e, _ in doc.elements(holder)
                   if _role(e) == "Reference" and normalize(doc.text(e)) == number)
        yield note, ref


def test_a_note_never_leaves_the_part_of_its_reference(docs):
    checked = 0
    for name, doc in docs.items():
        parts = _parts(doc)
        for note, ref in _notes(doc):
            ref_page = max(p for p, _ in _content(doc, ref))
            for page in {p for p, _ in _content(doc, note)}:
                assert parts[page] == parts[ref_page], \
                    f"{name}: note {doc.text(note)[:40]!r} on p. {page + 1}, reference on p. {ref_page + 1}"
            checked += 1
    assert checked >= 20


def test_a_note_is_on_the_page_of_its_reference_or_continues_on_the_next(docs):
    for name, doc in docs.items():
        for note, ref in _notes(doc):
            ref_page = max(p for p, _ in _content(doc, ref))
            pages = sorted({p for p, _ in _content(doc, note)})
            assert pages in ([ref_page], [ref_page + 1], [ref_page, ref_page + 1]), (name, ref_page, pages)


def test_a_continued_note_is_one_note_read_whole_and_in_order(docs):
    doc = docs["notes.en"]
    continued = 0
    ids = [str(note.ID) for note in doc.by_type("Note")]
    assert len(ids) == len(set(ids))
    edition = load_edition(NOTES)
    sources = {normalize(text) for text in _note_texts(edition)}
    for note, ref in _notes(doc):
        content = _content(doc, note)
        pages = [p for p, _ in content]
        assert pages == sorted(pages)  # the first page's part, then the next page's
        text = [e for e in doc.kids(note) if isinstance(e, pikepdf.Dictionary) and _role(e) == "P"]
        assert len(text) == 1 and normalize(doc.text(text[0])) in sources
        if len(set(pages)) == 2:
            continued += 1
            first, rest = pages[0], pages[-1]
            ref_mcid = min(mcid for p, mcid in _content(doc, ref) if p == first)
            # painted after its reference on the first page; on the next, before its text
            assert all(mcid > ref_mcid for p, mcid in content if p == first)
            mine = {mcid for p, mcid in content if p == rest}
            others = set(doc.pages[rest].texts) - mine
            assert others and max(mine) < min(others)
    assert continued >= 1, "the test edition no longer has a note that continues on the next page"


def _note_texts(edition) -> list[str]:
    return [m.plain_text(n.inlines) for by_lang in edition.reportages for rep in by_lang.values()
            for n in rep.notes]


def test_notes_edition_round_trip(docs):
    """Every block of the test edition, and each note right after its paragraph, whole."""
    doc = docs["notes.en"]
    found = [(_role(e), normalize(doc.text(e))) for e, _ in doc.elements()]
    position = 0
    for by_lang in load_edition(NOTES).reportages:
        for kind, text in _expected_texts(by_lang["en"]):
            at = next((i for i in range(position, len(found)) if found[i] == (kind, text)), None)
            assert at is not None, f"{kind} {text[:80]!r} not found (in order) in the structure tree"
            position = at + 1


def test_no_page_holds_only_notes(docs):
    for name, doc in docs.items():
        mcids: dict[int, set[int]] = {}
        for note in doc.by_type("Note"):
            for page, mcid in _content(doc, note):
                mcids.setdefault(page, set()).add(mcid)
        for page, mine in mcids.items():
            assert set(doc.pages[page].texts) - mine, f"{name}: page {page + 1} holds only notes"


def test_a_note_held_at_the_end_of_a_reportage_goes_over_with_its_reference(notes_edition, docs):
    """A reportage whose last line refers to a note that does not fit under it: the line
    goes over to a page of the same reportage, with the note; the page it leaves is spread
    to the bottom of the text area."""
    pdf, destinations = notes_edition
    held = {key[len("notehold:"):]: page for key, page in destinations.items() if key.startswith("notehold:")}
    assert held, "the test edition no longer has a note held at the end of a reportage"
    doc = docs["notes.en"]
    figures = {p.page - 1: p for p in makeup.measure(pdf).pages}
    for note, ref in _notes(doc):
        if str(note.ID) not in held:
            continue
        page = held[str(note.ID)]
        ref_page = max(p for p, _ in _content(doc, ref))
        assert ref_page == page + 1 and {p for p, _ in _content(doc, note)} == {ref_page}
        assert figures[page].empty_bottom is not None and figures[page].empty_bottom <= 2 * makeup.LINE + 1
        assert figures[ref_page].end


def test_notes_edition_pages_line_up(notes_edition):
    summary = makeup.measure(notes_edition[0]).summary()
    assert summary["inner pages > 2 lines short"] == []


def test_notes_edition_rebuilds_in_one_pass_with_its_guess(notes_edition, tmp_path, monkeypatch):
    """With the last build's destinations as a guess the layout confirms them in one pass,
    notes held and split included (the same bytes as without the guess)."""
    from pipeline.layout import document
    passes = []
    build = document.EditionDocTemplate.build

    def counted(self, *args, **kwargs):
        passes.append(self)
        return build(self, *args, **kwargs)

    monkeypatch.setattr(document.EditionDocTemplate, "build", counted)
    cache = tmp_path / "cache"
    first = _build(NOTES, tmp_path / "a", cache, "--force", "--jobs", "1")
    cold = len(passes)
    passes.clear()
    again = _build(NOTES, tmp_path / "b", cache, "--force", "--jobs", "1")
    assert again == first == notes_edition[1]
    assert len(passes) == 1 < cold
    assert (tmp_path / "a" / "notes.en.pdf").read_bytes() == (tmp_path / "b" / "notes.en.pdf").read_bytes()


def test_a_note_too_long_to_continue_at_the_end_of_a_reportage_goes_over_whole(notes_end, docs):
    """A note of 30 lines (more than NOTES_MAX of the text area) referred to in the last
    line of a reportage: it cannot continue on the next page (the imprint), so it is set
    whole, with the line that refers to it, on a page of the reportage."""
    _, destinations = notes_end
    doc = docs["notes-end.en"]
    ((note, ref),) = list(_notes(doc))
    assert destinations.get(f"notewhole:{note.ID}") == 1 and f"notehold:{note.ID}" in destinations
    ref_page = max(p for p, _ in _content(doc, ref))
    assert {p for p, _ in _content(doc, note)} == {ref_page}
    assert _parts(doc)[ref_page] == _parts(doc)[destinations[f"notehold:{note.ID}"]]
