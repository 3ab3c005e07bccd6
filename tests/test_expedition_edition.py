"""The "Expedition Clusterinitiative" edition (issue 15): what the sources promise a reader.

Eight reportages in eight federal states, each in German and English with 900-1,500 words
of body text, alt text for every figure and the kinds of content the edition is meant to
show (table, list, pull quote, note, a passage in the other language); illustrations at
print size without metadata.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from pipeline import model as m
from pipeline.loading import load_edition

FOLDER = Path(__file__).resolve().parents[1] / "sources" / "expedition-clusterinitiative"
LANGUAGES = ("de", "en")
WORDS = range(900, 1501)
FEDERAL_STATES = {
    "Baden-Württemberg", "Bayern", "Berlin", "Brandenburg", "Bremen", "Hamburg", "Hessen",
    "Mecklenburg-Vorpommern", "Niedersachsen", "Nordrhein-Westfalen", "Rheinland-Pfalz",
    "Saarland", "Sachsen", "Sachsen-Anhalt", "Schleswig-Holstein", "Thüringen",
}
# The states the first edition ("Clusterreportagen") already covers.
TAKEN = {"Rheinland-Pfalz", "Mecklenburg-Vorpommern", "Niedersachsen", "Sachsen-Anhalt"}
FIGURE_SIZE = (2400, 1500)
COVER_SIZE = (2700, 1800)
SIGNED_AS = {"de": "Leiterin der Geschäftsstelle", "en": "Head of the Cluster Initiative programme office"}


@pytest.fixture(scope="module")
def edition() -> m.Edition:
    return load_edition(FOLDER)


def reportages(edition: m.Edition) -> list[tuple[str, str, m.Reportage]]:
    return [(rep.id, lang, rep) for by_lang in edition.reportages for lang, rep in by_lang.items()]


def texts_of(block: m.Block) -> list[str]:
    """What a reader reads of a block (figures are described, not counted as text)."""
    if isinstance(block, (m.Paragraph, m.Heading)):
        return [m.plain_text(block.inlines)]
    if isinstance(block, m.ListBlock):
        return [m.plain_text(item) for item in block.items]
    if isinstance(block, m.Table):
        caption = getattr(block, "caption", None) or []
        cells = [*block.header, *(cell for row in block.rows for cell in row)]
        return [m.plain_text(caption), *(m.plain_text(cell) for cell in cells)]
    if isinstance(block, m.Quote):
        return [m.plain_text(p) for p in block.paragraphs]
    return []


def word_count(rep: m.Reportage) -> int:
    return sum(len(text.split()) for block in rep.blocks for text in texts_of(block))


def inlines_of(rep: m.Reportage):
    """Every inline of the body and the notes, nested ones included."""
    stack: list[m.Inline] = []
    for block in rep.blocks:
        if isinstance(block, (m.Paragraph, m.Heading)):
            stack.extend(block.inlines)
        elif isinstance(block, m.ListBlock):
            stack.extend(i for item in block.items for i in item)
        elif isinstance(block, m.Table):
            stack.extend(i for cell in [*block.header, *(c for r in block.rows for c in r)] for i in cell)
        elif isinstance(block, m.Quote):
            stack.extend(i for p in block.paragraphs for i in p)
    for note in rep.notes:
        stack.extend(note.inlines)
    while stack:
        item = stack.pop()
        yield item
        stack.extend(getattr(item, "children", []))


def test_eight_reportages_in_both_languages(edition):
    assert tuple(edition.languages) == LANGUAGES
    assert len(edition.reportages) == 8
    for by_lang in edition.reportages:
        assert set(by_lang) == set(LANGUAGES), by_lang
        assert len({rep.id for rep in by_lang.values()}) == 1
    assert len({by_lang["de"].id for by_lang in edition.reportages}) == 8


def test_every_reportage_has_900_to_1500_words_per_language(edition):
    counts = {(rid, lang): word_count(rep) for rid, lang, rep in reportages(edition)}
    outside = {key: n for key, n in counts.items() if n not in WORDS}
    assert not outside, f"body text outside 900-1,500 words: {outside}"


def test_english_is_a_translation_not_a_summary(edition):
    """An English text far shorter than its German original has been summarised."""
    for by_lang in edition.reportages:
        de, en = word_count(by_lang["de"]), word_count(by_lang["en"])
        assert 0.9 <= en / de <= 1.35, (by_lang["de"].id, de, en)
        shape = [[type(b).__name__ for b in by_lang[lang].blocks] for lang in LANGUAGES]
        assert shape[0] == shape[1], f"{by_lang['de'].id}: the languages differ in structure"


def test_every_figure_has_alt_text_caption_and_credit_in_both_languages(edition):
    for rid, lang, rep in reportages(edition):
        figures = [b for b in rep.blocks if isinstance(b, m.Figure)]
        assert len(figures) >= 2, (rid, lang)
        for fig in figures:
            assert len(fig.alt.split()) >= 15, (rid, lang, fig.src.name, "alt text too short to describe")
            assert fig.caption.strip() and fig.credit.strip(), (rid, lang, fig.src.name)
            assert fig.alt != fig.caption, (rid, lang, fig.src.name)
    for lang in LANGUAGES:
        assert len(edition.cover.alt[lang].split()) >= 15, lang
    # the same pictures in both languages, with different (translated) alt texts
    for by_lang in edition.reportages:
        de, en = ([b for b in by_lang[lang].blocks if isinstance(b, m.Figure)] for lang in LANGUAGES)
        assert [f.src for f in de] == [f.src for f in en], by_lang["de"].id
        assert all(a.alt != b.alt for a, b in zip(de, en, strict=True)), by_lang["de"].id


KINDS = {
    "table": lambda rep: any(isinstance(b, m.Table) for b in rep.blocks),
    "list": lambda rep: any(isinstance(b, m.ListBlock) for b in rep.blocks),
    "pull quote": lambda rep: any(isinstance(b, m.Quote) and b.pull for b in rep.blocks),
    "note": lambda rep: bool(rep.notes) and any(isinstance(i, m.NoteRef) for i in inlines_of(rep)),
    "passage in another language": lambda rep: any(
        isinstance(i, m.LangSpan) and i.lang != rep.lang and m.plain_text(i.children).strip()
        for i in inlines_of(rep)),
}


@pytest.mark.parametrize("kind", KINDS)
def test_every_reportage_shows_each_kind_of_content(edition, kind):
    missing = [(rid, lang) for rid, lang, rep in reportages(edition) if not KINDS[kind](rep)]
    assert not missing, f"no {kind} in {missing}"


def test_eight_places_in_eight_federal_states_not_covered_before(edition):
    states = []
    for by_lang in edition.reportages:
        place = by_lang["de"].place
        state = place.rsplit(",", 1)[-1].strip()
        assert state in FEDERAL_STATES, f"{by_lang['de'].id}: {place!r} does not end in a federal state"
        states.append(state)
    assert len(set(states)) == 8, states
    assert not set(states) & TAKEN, set(states) & TAKEN


def test_visits_fall_in_the_cluster_week_and_before_publication(edition):
    for rid, lang, rep in reportages(edition):
        assert rep.date.isocalendar()[:2] == (2019, 41), (rid, lang, rep.date)
        assert rep.date < edition.date


def test_illustrations_are_print_sized_rgb_without_metadata(edition):
    figures = {b.src for _, _, rep in reportages(edition) for b in rep.blocks if isinstance(b, m.Figure)}
    assert len(figures) == 16
    for path in [*sorted(figures), edition.cover.image]:
        with Image.open(path) as img:
            expected = COVER_SIZE if path == edition.cover.image else FIGURE_SIZE
            assert (img.format, img.mode, img.size) == ("PNG", "RGB", expected), path.name
            assert not img.info, f"{path.name} carries metadata: {sorted(img.info)}"
    with Image.open(FOLDER / "images" / "funder-logo.png") as logo:
        assert logo.mode == "RGB" and logo.size[0] == logo.size[1] >= 600 and not logo.info


def test_foreword_by_the_programme_office_in_both_languages(edition):
    intro = edition.introduction
    assert intro.title == {"de": "Grußwort", "en": "Foreword"}
    for lang in LANGUAGES:
        paragraphs = [m.plain_text(b.inlines) for b in intro.blocks[lang] if isinstance(b, m.Paragraph)]
        words = sum(len(p.split()) for p in paragraphs)
        assert 300 <= words <= 500, (lang, words)
        # signed by the named head of the programme office, who also answers for the imprint
        signer, _, role = paragraphs[-1].partition(", ")
        assert len(signer.split()) >= 2 and role.startswith(SIGNED_AS[lang]), (lang, paragraphs[-1])
        imprint = " ".join(m.plain_text(b.inlines) for b in edition.imprint[lang]
                           if isinstance(b, m.Paragraph))
        assert signer in imprint, (lang, signer)
