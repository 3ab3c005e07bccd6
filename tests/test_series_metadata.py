"""Issue 15, part 2: what a funded series prints, as the sources declare it: series,
funder and its mark, identifiers with their check digits, edition statement, "Stand" date
and credits. Wrong identifiers are source errors with file:line."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import MINI

from pipeline.errors import SourceError
from pipeline.loading import load_edition
from pipeline.loading.identifiers import Invalid, isbn13, issn

SERIES = """series:
  name: {de: Schriftenreihe Cluster, en: Cluster series}
  number: "3"
funder:
  name: {de: Bundesministerium für Beispiele (fiktiv), en: Federal Ministry of Examples (fictional)}
  logo: images/sun.png
  alt: {de: Zeichen des Ministeriums, en: The ministry's mark}
  notice:
    de: Gefördert durch das Bundesministerium für Beispiele
    en: Funded by the Federal Ministry of Examples
identifiers:
  isbn: 978-3-16-148410-0
  issn: 0378-5955
  doi: 10.5555/12345678
  urn: urn:nbn:de:0000-beispiel-1
edition_statement: {de: 1. Auflage, en: First edition}
as_of: 2026-03-01
credits:
  text: [Erika Beispiel]
  design: [Gestaltungsbüro Muster]
  translation: [Max Mustermann]
"""


@pytest.fixture
def mini(tmp_path) -> Path:
    folder = tmp_path / "mini"
    shutil.copytree(MINI, folder)
    with open(folder / "edition.yaml", "a", encoding="utf-8") as fh:
        fh.write(SERIES)
    return folder


@pytest.mark.parametrize("value", ["978-3-16-148410-0", "9783161484100", "978 3 16 148410 0",
                                   "979-10-90636-07-1"])
def test_valid_isbn(value):
    assert isbn13(value) == value


@pytest.mark.parametrize("value,message", [
    ("978-3-16-148410-1", "wrong ISBN check digit 1 (the first twelve digits give 0)"),
    ("3-16-148410-X", "is not an ISBN-13"), ("978-3-16-14841", "is not an ISBN-13")])
def test_invalid_isbn(value, message):
    with pytest.raises(Invalid, match=message.replace("(", r"\(").replace(")", r"\)")):
        isbn13(value)


@pytest.mark.parametrize("value,expected", [("0378-5955", "0378-5955"), ("03785955", "0378-5955"),
                                            ("2434-561X", "2434-561X")])
def test_valid_issn(value, expected):
    assert issn(value) == expected


def test_invalid_issn():
    with pytest.raises(Invalid, match=r"wrong ISSN check digit 4 \(the first seven digits give 5\)"):
        issn("0378-5954")


def test_series_metadata_loads(mini):
    info = load_edition(mini).info
    assert info.series.name["en"] == "Cluster series" and info.series.number == "3"
    assert info.funder.logo == (mini / "images" / "sun.png").resolve()
    assert info.funder.notice["de"].startswith("Gefördert durch")
    assert info.identifiers() == [("ISBN", "978-3-16-148410-0"), ("ISSN", "0378-5955"),
                                  ("DOI", "10.5555/12345678"), ("URN", "urn:nbn:de:0000-beispiel-1")]
    assert info.edition_statement == {"de": "1. Auflage", "en": "First edition"}
    assert str(info.as_of) == "2026-03-01"
    assert list(info.credits) == ["text", "design", "translation"]


def _problems(folder: Path) -> list[str]:
    with pytest.raises(SourceError) as exc:
        load_edition(folder)
    return [str(p) for p in exc.value.problems]


@pytest.mark.parametrize("old,new,message", [
    ("isbn: 978-3-16-148410-0", "isbn: 978-3-16-148410-1",
     "identifiers.isbn: '978-3-16-148410-1': wrong ISBN check digit"),
    ("issn: 0378-5955", "issn: 0378-5954", "identifiers.issn: '0378-5954': wrong ISSN check digit"),
    ("doi: 10.5555/12345678", "doi: 5555/1", "identifiers.doi: '5555/1' is not a DOI"),
    ("logo: images/sun.png", "logo: ../outside.png", "image path '../outside.png' leaves the edition folder"),
    ("as_of: 2026-03-01", "as_of: März 2026", "as_of: 'März 2026' is not a date"),
    ("  design: [", "  dezign: [", "unknown key 'dezign' (did you mean 'design'?)"),
], ids=["isbn", "issn", "doi", "logo outside", "as_of", "credit role"])
def test_wrong_series_metadata_names_file_and_line(mini, old, new, message):
    path = mini / "edition.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(old, new), encoding="utf-8")
    line = text[:text.index(old)].count("\n") + 1
    if "unknown key" in message:
        warnings = [str(w) for w in load_edition(mini).warnings]
        assert any(f"edition.yaml:{line}: " in w and message in w for w in warnings), warnings
        return
    problems = _problems(mini)
    assert any(f"edition.yaml:{line}: " in p and message in p for p in problems), problems
