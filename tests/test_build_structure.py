"""Issue 2: what a reader and a screen reader get from the built editions."""
from __future__ import annotations

import re

import pikepdf
import pytest
from pdfinspect import Inspector, normalize

from pipeline import model as m


def _note_numbers(inlines) -> list[int]:
    found = []
    for item in inlines:
        if isinstance(item, m.NoteRef):
            found.append(item.number)
        elif hasattr(item, "children"):
            found += _note_numbers(item.children)
    return found


def _expected_texts(rep: m.Reportage) -> list[tuple[str, str]]:
    """(structure type, text) of every block of a reportage, in reading order; a footnote's
    text (issue 13) right after the paragraph or list item that first refers to it."""
    notes = {n.number: m.plain_text(n.inlines) for n in rep.notes}
    seen: set[int] = set()
    out = [("H1", rep.title)]

    def with_notes(kind: str, inlines) -> None:
        out.append((kind, m.plain_text(inlines)))
        for number in _note_numbers(inlines):
            if number not in seen:
                seen.add(number)
                out.append(("P", notes[number]))

    for block in rep.blocks:
        if isinstance(block, m.Heading):
            out.append((f"H{block.level}", m.plain_text(block.inlines)))
        elif isinstance(block, m.Paragraph):
            with_notes("P", block.inlines)
        elif isinstance(block, m.ListBlock):
            for item in block.items:
                with_notes("LBody", item)
        elif isinstance(block, m.Quote):
            for paragraph in block.paragraphs:
                with_notes("P", paragraph)
        elif isinstance(block, m.Figure):
            out += [("P", block.caption), ("P", block.credit)]
        elif isinstance(block, m.Table):
            if block.caption:
                out.append(("Caption", m.plain_text(block.caption)))
            out += [("TH", m.plain_text(c)) for c in block.header]
            out += [("TH" if n == 0 and block.row_headers else "TD", m.plain_text(c))
                    for row in block.rows for n, c in enumerate(row)]
    return [(t, normalize(x)) for t, x in out]


@pytest.fixture(scope="module")
def inspected(built):
    return {(ed, variant): Inspector(path) for ed, variants in built.items()
            for variant, path in variants.items()}


def test_every_edition_has_three_outputs(built, editions):
    for edition_id, edition in editions.items():
        assert set(built[edition_id]) == {*edition.languages, "bilingual"}


def test_text_round_trip_in_reading_order(inspected, editions):
    """Every heading, paragraph, list item, caption and cell comes back whole, in order."""
    for (edition_id, variant), pdf in inspected.items():
        edition = editions[edition_id]
        langs = edition.languages if variant == "bilingual" else [variant]
        found = [(str(e.S)[1:], normalize(pdf.text(e))) for e, _ in pdf.elements()]
        position = 0
        for lang in langs:
            for by_lang in edition.reportages:
                for kind, text in _expected_texts(by_lang[lang]):
                    for i in range(position, len(found)):
                        if found[i] == (kind, text):
                            position = i + 1
                            break
                    else:
                        raise AssertionError(f"{edition_id}.{variant}: {kind} {text[:80]!r} "
                                             "not found (in order) in the structure tree")


def test_hyphenation_happened_and_words_stay_whole(inspected):
    """German text is hyphenated (soft hyphens at line ends), yet the text has no split words.
    (The sample edition: the mini edition's few paragraphs set well without a hyphen.)"""
    pdf = inspected[("clusterreportagen", "de")]
    raw = "".join(t for page in pdf.pages for t in page.texts.values())
    assert "\u00ad" in raw, "no hyphenated line end in the German edition"
    assert not re.search(r"\w-\s\w", normalize(raw).replace("- und", "")), \
        "a hyphen inserted by line breaking is in the text"


def test_figures_have_alt_text_in_the_right_language(inspected, editions):
    for (edition_id, variant), pdf in inspected.items():
        edition = editions[edition_id]
        figures = pdf.by_type("Figure")
        alts = [str(f.Alt) for f in figures if "/Alt" in f]
        assert len(alts) == len(figures), "a Figure without /Alt"
        langs = edition.languages if variant == "bilingual" else [variant]
        funder = edition.info.funder  # a series' funder mark: on the cover and in each imprint
        expected = [edition.cover.alt[langs[0]], *([funder.alt[langs[0]]] if funder else [])]
        for lang in langs:
            for by_lang in edition.reportages:
                expected += [b.alt for b in by_lang[lang].blocks if isinstance(b, m.Figure)]
            expected += [funder.alt[lang]] if funder else []
        assert alts == expected
        for f in figures:
            assert "/A" in f and "/BBox" in (f.A if isinstance(f.A, pikepdf.Dictionary) else f.A[0])


def test_language_spans(inspected, editions):
    for (edition_id, variant), pdf in inspected.items():
        edition = editions[edition_id]
        langs = edition.languages if variant == "bilingual" else [variant]
        expected: list[tuple[str, str]] = []

        def spans(items, expected=expected):
            for item in items:
                if isinstance(item, m.LangSpan):
                    expected.append((item.lang, normalize(m.plain_text(item.children))))
                if hasattr(item, "children"):
                    spans(item.children)

        for lang in langs:
            for by_lang in edition.reportages:
                rep = by_lang[lang]
                for block in rep.blocks:
                    for inl in ([block.inlines] if hasattr(block, "inlines") else
                                block.items if isinstance(block, m.ListBlock) else
                                block.paragraphs if isinstance(block, m.Quote) else []):
                        spans(inl)
                for note in rep.notes:
                    spans(note.inlines)
        found = [(str(s.Lang), normalize(pdf.text(s))) for s in pdf.by_type("Span") if "/Lang" in s]
        assert found == expected
        assert expected, "the sources mark no foreign-language passage"


def test_document_and_part_languages(inspected, editions):
    for (edition_id, variant), pdf in inspected.items():
        edition = editions[edition_id]
        primary = edition.languages[0] if variant == "bilingual" else variant
        assert str(pdf.pdf.Root.Lang) == primary
        if variant == "bilingual":
            parts = pdf.by_type("Part")
            assert [str(p.Lang) for p in parts] == edition.languages
            # every reportage title of a language sits in that language's part
            for part, lang in zip(parts, edition.languages, strict=True):
                titles = [normalize(pdf.text(h)) for h, _ in pdf.elements(part) if str(h.S) == "/H1"]
                for by_lang in edition.reportages:
                    assert normalize(by_lang[lang].title) in titles


def test_no_painting_outside_marked_content_and_nesting_with_text_objects(inspected):
    for key, pdf in inspected.items():
        problems = [p for page in pdf.pages for p in page.problems]
        assert not problems, f"{key}: {problems[:5]}"


def test_every_mcid_reachable_from_parent_tree_and_back(inspected):
    for key, pdf in inspected.items():
        tree = pikepdf.NumberTree(pdf.root.ParentTree)
        owners = pdf.mcid_owners()
        for index, (page, content) in enumerate(zip(pdf.pdf.pages, pdf.pages, strict=True)):
            assert content.mcids, f"{key}: page {index + 1} has no tagged content"
            assert sorted(content.mcids) == list(range(len(content.mcids))), f"{key}: page {index + 1}"
            entry = tree[int(page.StructParents)]
            assert str(page.Tabs) == "/S"
            for mcid in content.mcids:
                elem = entry[mcid]
                assert owners[(index, mcid)].objgen == elem.objgen, f"{key}: page {index + 1} MCID {mcid}"
        assert len(owners) == sum(len(c.mcids) for c in pdf.pages), "an element claims an MCID no page has"


def test_no_empty_structure_elements(inspected):
    for key, pdf in inspected.items():
        for elem, path in pdf.elements():
            assert pdf.kids(elem), f"{key}: {path} is empty"


def test_links_are_tagged_with_contents(inspected):
    for key, pdf in inspected.items():
        tree = pikepdf.NumberTree(pdf.root.ParentTree)
        count = 0
        for page in pdf.pdf.pages:
            for annot in page.get("/Annots", []):
                count += 1
                assert annot.Subtype == "/Link"
                assert str(annot.Contents).strip()
                assert int(annot.F) & 4
                elem = tree[int(annot.StructParent)]
                assert elem.S == "/Link"
                assert any(isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/OBJR"
                           and k.Obj.objgen == annot.objgen for k in pdf.kids(elem))
        assert count, f"{key}: no links"


def test_fonts_embedded_with_tounicode(inspected):
    for key, pdf in inspected.items():
        for page in pdf.pdf.pages:
            for name, font in page.Resources.get("/Font", {}).items():
                assert "/ToUnicode" in font, f"{key}: {name}"
                descriptor = font.get("/FontDescriptor")
                assert descriptor is not None and "/FontFile2" in descriptor, \
                    f"{key}: {font.BaseFont} not embedded"
                assert "Atkinson" in str(font.BaseFont)


def test_metadata(inspected, editions):
    for (edition_id, variant), pdf in inspected.items():
        edition = editions[edition_id]
        primary = edition.languages[0] if variant == "bilingual" else variant
        meta = pdf.pdf.open_metadata()
        assert meta["pdfuaid:part"] == "1"
        # issue 13: a bilingual volume is titled in both languages, the first first
        title = " / ".join(edition.title[lang] for lang in (edition.languages if variant == "bilingual"
                                                              else [primary]))
        assert meta["dc:title"] == title
        assert str(pdf.pdf.docinfo.Title) == title
        assert pdf.pdf.Root.ViewerPreferences.DisplayDocTitle is True
        assert pdf.pdf.Root.MarkInfo.Marked is True
        xml = bytes(pdf.pdf.Root.Metadata.read_bytes()).decode()
        langs = edition.languages if variant == "bilingual" else [variant]
        for lang in langs:
            assert f'xml:lang="{lang}"' in xml
        assert "<dc:language>" in xml


def test_outline_follows_headings(inspected, editions):
    for (edition_id, variant), pdf in inspected.items():
        edition = editions[edition_id]
        with pdf.pdf.open_outline() as outline:
            titles: list[str] = []

            def walk(items, titles=titles):
                for item in items:
                    titles.append(item.title)
                    walk(item.children)
            walk(outline.root)
        langs = edition.languages if variant == "bilingual" else [variant]
        for lang in langs:
            for by_lang in edition.reportages:
                rep = by_lang[lang]
                assert rep.title in titles
                for b in rep.blocks:
                    if isinstance(b, m.Heading):
                        assert m.plain_text(b.inlines) in titles


def test_table_of_contents_links_to_reportage_pages(inspected, editions):
    for (edition_id, variant), pdf in inspected.items():
        toc = pdf.by_type("TOC")
        assert len(toc) == 1
        entries = [normalize(pdf.text(i)) for i in pdf.by_type("TOCI")]
        edition = editions[edition_id]
        langs = edition.languages if variant == "bilingual" else [variant]
        for lang in langs:
            for by_lang in edition.reportages:
                assert any(e.startswith(normalize(by_lang[lang].title)) for e in entries)
