"""Issue 15: the series metadata as a reader gets it from the built PDFs (cover, imprint,
XMP), and two editions built side by side, each rebuilt only when its own sources change."""
from __future__ import annotations

import json
import re
import shutil
import time
from pathlib import Path

import pikepdf
import pytest
from conftest import MINI
from pdfinspect import Inspector, normalize

from pipeline.cli import main

EDITION = "expedition-clusterinitiative"
PRISM = "http://prismstandard.org/namespaces/basic/3.0/"


def _texts(path: Path, kind: str) -> list[str]:
    """The text of every element of structure type ``kind``, in reading order."""
    ins = Inspector(path)
    return [normalize(ins.text(e)) for e in ins.by_type(kind)]


@pytest.fixture(scope="module")
def expedition(built) -> dict[str, Path]:
    return built[EDITION]  # a tracked edition: every session builds it


@pytest.mark.parametrize("variant", ["de", "en", "bilingual"])
def test_funder_mark_is_a_figure_with_alt_text_on_cover_and_imprint(expedition, variant):
    doc = Inspector(expedition[variant])  # open while its elements are read
    figures = [str(f.get("/Alt")) for f in doc.by_type("Figure")]
    marks = [a for a in figures
             if "Bundesministeriums für Beispiele" in a or "Federal Ministry of Examples" in a]
    assert len(marks) >= 2, figures  # cover and imprint (each language's imprint in the bilingual)


@pytest.mark.parametrize("variant,words", [
    ("de", ["Schriftenreihe Innovationscluster, Band 1", "1. Auflage · Stand: 2. März 2020",
            "ISBN 978-3-00-065432-9", "ISSN 2512-1030", "Gestaltung: Atelier Beispiel (fiktiv)",
            "Übersetzung: Übersetzungsbüro Muster (fiktiv)", "Gefördert durch das Bundesministerium"]),
    ("en", ["Innovation Clusters series, volume 1", "First edition · As of 2 March 2020",
            "ISBN 978-3-00-065432-9", "ISSN 2512-1030", "Design: Atelier Beispiel (fiktiv)",
            "Funded by the Federal Ministry of Examples"]),
])
def test_imprint_shows_each_item_once(expedition, variant, words):
    paragraphs = _texts(expedition[variant], "P")
    start = max(i for i, p in enumerate(paragraphs) if p.startswith(("Herausgegeben", "Published by")))
    imprint = paragraphs[start:]
    for word in words:
        assert len([p for p in imprint if word in p]) == 1, (word, imprint)


@pytest.mark.parametrize("variant", ["de", "en", "bilingual"])
def test_xmp_carries_publisher_identifiers_contributors(expedition, variant):
    with pikepdf.open(expedition[variant]) as pdf:
        xmp = pdf.Root.Metadata.read_bytes().decode("utf-8")
        with pdf.open_metadata() as meta:
            assert meta.get(f"{{{PRISM}}}isbn") == "978-3-00-065432-9"
            assert meta.get(f"{{{PRISM}}}issn") == "2512-1030"
            assert meta.get("dc:identifier") == "isbn:978-3-00-065432-9"
            publishers = {"de": {"Geschäftsstelle Programm Clusterinitiative (Beispiel)"},
                          "en": {"Cluster Initiative programme office (sample)"}}
            expected = publishers.get(variant, publishers["de"] | publishers["en"])
            assert meta.get("dc:publisher") == expected
            assert "Atelier Beispiel (fiktiv) (design)" in meta.get("dc:contributor")
            assert meta.get("dc:rights")
    # PRISM is not predefined by PDF/A: the packet describes it in an extension schema
    assert re.search(r"<pdfaSchema:namespaceURI>http://prismstandard\.org/namespaces/basic/3\.0/"
                     r"</pdfaSchema:namespaceURI>\s*<pdfaSchema:prefix>prism</pdfaSchema:prefix>", xmp)
    for prop in ("isbn", "issn"):
        assert f"<pdfaProperty:name>{prop}</pdfaProperty:name>" in xmp


def test_foreword_after_the_contents(expedition):
    h1 = _texts(expedition["de"], "H1")
    assert h1[:3] == ["Expedition Clusterinitiative", "Inhalt", "Grußwort"], h1[:4]


# -- editions side by side ------------------------------------------------------------
def test_two_editions_side_by_side_rebuild_only_what_changed(tmp_path):
    sources = tmp_path / "sources"
    shutil.copytree(MINI, sources / "mini")
    shutil.copytree(MINI, sources / "zwei")
    yaml = sources / "zwei" / "edition.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8").replace("id: mini", "id: zwei"), encoding="utf-8")
    out = tmp_path / "out"

    def build() -> dict[str, str]:
        report = tmp_path / f"r{time.monotonic_ns()}.json"
        assert main(["build", "--sources", str(sources), "-o", str(out), "--jobs", "2",
                     "--report", str(report)]) == 0
        return {o["name"]: o["status"] for o in json.loads(report.read_text(encoding="utf-8"))["outputs"]}

    first = build()
    assert first == {f"{e}.{v}.pdf": "built" for e in ("mini", "zwei") for v in ("de", "en", "bilingual")}
    assert main(["validate", "--sources", str(sources)]) == 0
    md = sources / "zwei" / "reportages" / "sonne.en.md"
    md.write_text(md.read_text(encoding="utf-8").replace("Energy from the Sun", "Energy from our Sun"),
                  encoding="utf-8")
    second = build()
    assert second == {**{f"mini.{v}.pdf": "skipped" for v in ("de", "en", "bilingual")},
                      "zwei.de.pdf": "skipped", "zwei.en.pdf": "built", "zwei.bilingual.pdf": "built"}
