"""Issue 13: page make-up, judged from the built PDFs (and the measuring script of bench/)."""
from __future__ import annotations

import sys
from pathlib import Path

import pikepdf
import pytest
from conftest import outputs
from pdfinspect import Inspector, normalize

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
import makeup  # noqa: E402

SAMPLE = "clusterreportagen"


def _role(elem) -> str:
    return str(elem.S)[1:]


def _pages(doc: Inspector, elem) -> list[int]:
    """The pages of an element's marked content, in order (its descendants' included)."""
    pages = []
    page = doc.page_of(elem.Pg) if "/Pg" in elem else None
    for kid in doc.kids(elem):
        if isinstance(kid, int):
            pages.append(page)
        elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
            pages.append(doc.page_of(kid.Pg))
        elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") != "/OBJR":
            pages += _pages(doc, kid)
    return pages


def _annotations(doc: Inspector, elem) -> list[pikepdf.Dictionary]:
    return [k.Obj for k in doc.kids(elem) if isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/OBJR"]


def _target_page(doc: Inspector, annot) -> int:
    dest = annot.Dest if "/Dest" in annot else annot.A.D
    return doc.page_of(dest[0])


@pytest.fixture(scope="module")
def docs(built):
    return {(ed, variant): Inspector(path) for ed, variant, path in outputs(built)}


def _reportages(doc: Inspector, titles: set[str]):
    """The Sect of each reportage: the Sect holding the H1 with a reportage's title."""
    for elem, _path in doc.elements():
        if _role(elem) != "Sect":
            continue
        kids = [k for k in doc.kids(elem) if isinstance(k, pikepdf.Dictionary) and "/S" in k]
        if any(_role(k) == "H1" and normalize(doc.text(k)) in titles for k in kids):
            yield elem, kids


def test_figures_are_never_more_than_one_page_from_their_anchor(docs):
    seen = 0
    for doc in docs.values():
        order = [e for e, _ in doc.elements()]
        for n, elem in enumerate(order):
            if _role(elem) != "Div" or not any(_role(k) == "Figure" for k in doc.kids(elem)
                                               if isinstance(k, pikepdf.Dictionary)):
                continue
            figure_page = min(_pages(doc, elem))
            before = next(e for e in reversed(order[:n]) if _role(e) in ("P", "LBody", "TD", "H2", "H3")
                          and _pages(doc, e))
            anchor = max(_pages(doc, before))
            assert figure_page - anchor in (0, 1), (normalize(doc.text(before))[:60], anchor, figure_page)
            seen += 1
    assert seen >= 8


def test_footnotes_sit_at_the_foot_of_their_reference_page_linked_both_ways(docs):
    checked = 0
    for doc in docs.values():
        for note in doc.by_type("Note"):
            assert "/ID" in note
            # right after the paragraph (or item) holding its reference
            parent = note.P
            kids = [k for k in doc.kids(parent) if isinstance(k, pikepdf.Dictionary) and "/S" in k]
            i = next(i for i, k in enumerate(kids) if k.objgen == note.objgen)
            holder = next(k for k in reversed(kids[:i]) if _role(k) != "Note")
            number = normalize(doc.text(next(e for e, _ in doc.elements(note) if _role(e) == "Lbl")))
            ref = next(e for e, _ in doc.elements(holder)
                       if _role(e) == "Reference" and normalize(doc.text(e)) == number)
            ref_page = max(_pages(doc, ref))
            note_pages = _pages(doc, note)
            assert note_pages and min(note_pages) - ref_page in (0, 1), (ref_page, note_pages)
            # the reference links to the note, the note's number back to the reference
            ref_link = next(k for k in doc.kids(ref)
                            if isinstance(k, pikepdf.Dictionary) and _role(k) == "Link")
            there = _annotations(doc, ref_link)
            assert len(there) == 1 and _target_page(doc, there[0]) == min(note_pages)
            back = [e for e, _ in doc.elements(note) if _role(e) == "Link"]
            assert len(back) == 1
            annots = _annotations(doc, back[0])
            assert len(annots) == 1 and _target_page(doc, annots[0]) == min(_pages(doc, ref))
            assert normalize(doc.text(note)).startswith(normalize(doc.text(ref_link)))
            checked += 1
    assert checked >= 10


def test_no_page_holds_only_notes(docs):
    for doc in docs.values():
        note_mcids: dict[int, set[int]] = {}
        for note in doc.by_type("Note"):
            for elem in [note, *(e for e, _ in doc.elements(note))]:
                page = doc.page_of(elem.Pg) if "/Pg" in elem else None
                for kid in doc.kids(elem):
                    if isinstance(kid, int):
                        note_mcids.setdefault(page, set()).add(kid)
        for page, mcids in note_mcids.items():
            assert set(doc.pages[page].texts) - mcids, f"page {page + 1} holds only notes"


def test_each_contents_entry_is_one_link_with_one_annotation(docs):
    for (_edition, variant), doc in docs.items():
        entries = [t for t in doc.by_type("TOCI") if any(_role(e) == "Reference" for e, _ in doc.elements(t))]
        assert entries
        for toci in entries:
            links = [e for e, _ in doc.elements(toci) if _role(e) == "Link"]
            assert len(links) == 1, (variant, normalize(doc.text(toci)))
            annots = _annotations(doc, links[0])
            assert len(annots) == 1
            text = normalize(doc.text(links[0]))
            number = text.rsplit(" ", 1)[-1]
            assert number.isdigit() and str(annots[0].Contents).endswith(number)
            assert str(annots[0].Contents).startswith(text.split(" ")[0])


def test_sample_tables_have_a_caption_and_row_headers(docs):
    doc = docs[(SAMPLE, "de")]
    tables = doc.by_type("Table")
    assert len(tables) == 4
    for table in tables:
        kids = [k for k in doc.kids(table) if isinstance(k, pikepdf.Dictionary) and "/S" in k]
        assert _role(kids[0]) == "Caption" and normalize(doc.text(kids[0]))
        rows = [e for e, _ in doc.elements(table) if _role(e) == "TR"][1:]
        for row in rows:
            first = [k for k in doc.kids(row) if isinstance(k, pikepdf.Dictionary)][0]
            assert _role(first) == "TH" and first.A.Scope == "/Row"


def test_the_cover_is_read_title_first_and_the_dateline_after_the_h1(docs, editions):
    for (edition, variant), doc in docs.items():
        titles = {rep.title for by_lang in editions[edition].reportages for rep in by_lang.values()}
        first_sect = next(e for e, p in doc.elements() if _role(e) == "Sect")
        kids = [k for k in doc.kids(first_sect) if isinstance(k, pikepdf.Dictionary) and "/S" in k]
        assert [_role(k) for k in kids[:4]] == ["H1", "P", "Figure", "P"], variant
        reportages = list(_reportages(doc, titles))
        assert reportages
        for _sect, kids in reportages:
            assert _role(kids[0]) == "H1"
            assert "\u00b7" in doc.text(kids[1])  # the dateline: place · date


def test_the_bilingual_volume_opens_each_part_with_a_divider_and_names_both_titles(docs, editions):
    doc = docs[(SAMPLE, "bilingual")]
    parts = doc.by_type("Part")
    assert len(parts) == 2
    for part, heading in zip(parts, ("Deutsche Ausgabe", "English edition"), strict=True):
        divider = [k for k in doc.kids(part) if isinstance(k, pikepdf.Dictionary)][0]
        h1 = [k for k in doc.kids(divider) if isinstance(k, pikepdf.Dictionary)][0]
        assert _role(h1) == "H1" and normalize(doc.text(h1)) == heading
        page = _pages(doc, divider)[0]
        assert set(_pages(doc, divider)) == {page}  # a page of its own
        assert all(min(_pages(doc, k)) > page
                   for k in doc.kids(part)[1:] if isinstance(k, pikepdf.Dictionary))
        imprint = [k for k in doc.kids(part) if isinstance(k, pikepdf.Dictionary)][-1]
        assert "Impressum" in doc.text(imprint) or "Imprint" in doc.text(imprint)
    title = editions[SAMPLE].title
    assert str(doc.pdf.docinfo.Title) == f"{title['de']} / {title['en']}"
    with doc.pdf.open_metadata() as meta:
        assert meta["dc:title"] == f"{title['de']} / {title['en']}"


@pytest.mark.parametrize("variant", ["de", "en", "bilingual"])
def test_page_bottoms_line_up_and_lines_are_of_reading_length(built, variant):
    figures = makeup.measure(built[SAMPLE][variant])
    inner = [p for p in figures.pages if not p.end and p.page > 2 and p.empty_bottom is not None]
    assert len(inner) >= 12
    short = [(p.page, p.empty_bottom) for p in inner if p.empty_bottom > 2 * makeup.LINE + 1]
    assert not short, f"pages ending more than two lines short of the foot: {short}"
    cpl = figures.summary()["chars per full line"]
    assert 60 <= cpl <= 75, cpl


def test_a_contents_group_label_stays_with_its_first_entry(docs):
    """In a bilingual volume's contents, 'Deutsche Ausgabe' and 'English edition' head
    their entries: a label is never the last line of a page."""
    checked = 0
    for (edition, variant), doc in docs.items():
        for toc in doc.by_type("TOC"):
            items = [k for k in doc.kids(toc) if isinstance(k, pikepdf.Dictionary)]
            for label, first in zip(items, items[1:], strict=False):
                kids = [k for k in doc.kids(label) if isinstance(k, pikepdf.Dictionary) and "/S" in k]
                if kids and all(_role(k) == "P" for k in kids):
                    checked += 1
                    assert _pages(doc, label)[-1] == _pages(doc, first)[0], \
                        f"{edition} {variant}: {normalize(doc.text(label))!r} ends a page"
    assert checked >= 4  # two labels in each edition's bilingual volume
