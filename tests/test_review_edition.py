"""Issue 5 on a built edition: the outline and the reading text match the sources."""
from __future__ import annotations

import re

from pdfinspect import normalize

from pipeline import model as m
from pipeline.cli import main
from pipeline.review.structure import reading_text


def test_reading_text_follows_the_sources(built, editions):
    for edition_id, variants in built.items():
        edition = editions[edition_id]
        for lang in edition.languages:
            # language switches are shown as [lang=en] ... [/lang], a link's annotation as
            # [Link: its /Contents] after the link text; spacing is the reader's
            text = re.sub(r"\[lang=[\w-]+\]|\[/lang\]|\[Link: [^\]]*\]|\s", "",
                          reading_text(variants[lang]))
            position = 0
            for by_lang in edition.reportages:
                rep = by_lang[lang]
                expected = [rep.title, *(m.plain_text(b.inlines) for b in rep.blocks
                                         if isinstance(b, (m.Paragraph, m.Heading)))]
                for piece in (re.sub(r"\s", "", normalize(e)) for e in expected):
                    at = text.find(piece, position)
                    assert at >= 0, f"{edition_id}.{lang}: {piece[:60]!r} missing or out of order"
                    position = at + len(piece)


def test_tags_outline_shows_titles_languages_and_alt(built, editions, capsys):
    edition = editions["mini"]
    assert main(["tags", str(built["mini"]["bilingual"])]) == 0
    out = capsys.readouterr().out
    assert "Part  lang=de" in out and "Part  lang=en" in out
    assert "Span  lang=en" in out
    for by_lang in edition.reportages:
        for rep in by_lang.values():
            assert rep.title in out


def test_review_page_of_a_built_edition(built, tmp_path, capsys):
    report = tmp_path / "review.html"
    assert main(["review", str(built["mini"]["de"]), "-o", str(report)]) == 0
    html = report.read_text(encoding="utf-8")
    assert "data:image/jpeg;base64," in html
    assert html.count("<img") >= 5
    assert "http://" not in html.replace("http://www.w3.org", "")
