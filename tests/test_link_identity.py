"""Issue 12, part 4: each Link element owns exactly the annotations of its own text.

A paragraph with two links to one URL and one note referenced twice: before, the first
Link element of each pair got both annotations and the second none.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
from conftest import MINI
from pdfinspect import Inspector

from pipeline.checker import check_file
from pipeline.cli import main

URL = "https://example.org/same"
PARAGRAPH = {
    "de": f"Zwei Wege: die [Karte]({URL}) und der [Plan]({URL}), belegt[^1] und nochmals belegt.[^1]\n\n",
    "en": f"Two ways: the [map]({URL}) and the [plan]({URL}), cited[^1] and cited again.[^1]\n\n",
}
EXPECTED = {  # the links of the paragraph, in reading order: (text, /Contents)
    "de": [("Karte", f"Link zu Karte ({URL})"), ("Plan", f"Link zu Plan ({URL})"),
           ("1", "Anmerkung 1"), ("1", "Anmerkung 1")],
    "en": [("map", f"Link to map ({URL})"), ("plan", f"Link to plan ({URL})"),
           ("1", "Note 1"), ("1", "Note 1")],
}


@pytest.fixture(scope="module")
def linked(tmp_path_factory) -> dict[str, Path]:
    """The mini edition with the paragraph above before its first section, built."""
    src = tmp_path_factory.mktemp("linked") / "mini"
    shutil.copytree(MINI, src)
    for lang, paragraph in PARAGRAPH.items():
        md = src / "reportages" / f"sonne.{lang}.md"
        md.write_text(md.read_text(encoding="utf-8").replace("## ", paragraph + "## ", 1), encoding="utf-8")
    out = src.parent / "out"
    assert main(["build", str(src), "-o", str(out)]) == 0
    return {lang: out / f"mini.{lang}.pdf" for lang in ("de", "en")}


def _links_of_paragraph(path: Path, first_text: str) -> tuple[Inspector, list[pikepdf.Dictionary]]:
    """The Link elements of the paragraph whose first link reads ``first_text``."""
    ins = Inspector(path)
    links = ins.by_type("Link")
    start = next(i for i, e in enumerate(links) if ins.text(e).strip() == first_text)
    return ins, links[start:start + 4]


def _objrs(elem: pikepdf.Dictionary) -> list[pikepdf.Dictionary]:
    kids = elem.K if isinstance(elem.K, pikepdf.Array) else [elem.K]
    return [k for k in kids if isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/OBJR"]


def _word_boxes(path: Path, page: int, word: str) -> list[tuple[float, float, float, float]]:
    """Where pdfium finds ``word`` on the page (left, bottom, right, top), in order."""
    textpage = pdfium.PdfDocument(str(path))[page].get_textpage()
    boxes, searcher = [], textpage.search(word, match_case=True, match_whole_word=True)
    while (found := searcher.get_next()) is not None:
        index, count = found
        chars = [textpage.get_charbox(i) for i in range(index, index + count)]
        boxes.append((min(c[0] for c in chars), min(c[1] for c in chars),
                      max(c[2] for c in chars), max(c[3] for c in chars)))
    return boxes


def _inside(box, rect) -> bool:
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return rect[0] <= cx <= rect[2] and rect[1] <= cy <= rect[3]


@pytest.mark.parametrize("lang", ["de", "en"])
def test_each_link_element_owns_exactly_its_own_annotation(linked, lang):
    path = linked[lang]
    ins, links = _links_of_paragraph(path, EXPECTED[lang][0][0])
    annots = []
    for elem, (text, contents) in zip(links, EXPECTED[lang], strict=True):
        assert ins.text(elem).strip() == text
        objrs = _objrs(elem)
        assert len(objrs) == 1, f"{text}: {len(objrs)} annotations"
        annot = objrs[0].Obj
        assert annot.Subtype == "/Link" and str(annot.Contents) == contents
        parent_tree = pikepdf.NumberTree(ins.root.ParentTree)
        assert parent_tree[int(annot.StructParent)].objgen == elem.objgen  # and back
        annots.append(annot)
    assert len({a.objgen for a in annots}) == 4
    page = ins.page_of(links[0].Pg)
    rects = [[float(v) for v in a.Rect] for a in annots]
    # each annotation lies over its own text: the words pdfium finds there, in order
    for (word, _), rect in zip(EXPECTED[lang][:2], rects[:2], strict=True):
        assert any(_inside(box, rect) for box in _word_boxes(path, page, word)), word
    assert not any(_inside(box, rects[0]) for box in _word_boxes(path, page, EXPECTED[lang][1][0]))
    # the two references to note 1: two annotations at two places, in reading order
    first, second = rects[2], rects[3]
    assert first != second
    assert (first[1], -first[0]) > (second[1], -second[0]) or first[0] < second[0]
    assert check_file(path, pdfa=True).ok


def _swap_annotations(src: Path, dst: Path, first_text: str) -> None:
    """The PDF with the annotations of the paragraph's two URL links swapped between
    their Link elements (OBJRs and ParentTree entries)."""
    with pikepdf.open(src) as pdf:
        _, links = _links_of_paragraph(src, first_text)
        a, b = (pdf.get_object(e.objgen) for e in links[:2])
        ka, kb = a.K, b.K
        (oa,) = [k for k in (ka if isinstance(ka, pikepdf.Array) else [ka])
                 if isinstance(k, pikepdf.Dictionary)]
        (ob,) = [k for k in (kb if isinstance(kb, pikepdf.Array) else [kb])
                 if isinstance(k, pikepdf.Dictionary)]
        oa.Obj, ob.Obj = ob.Obj, oa.Obj
        tree = pikepdf.NumberTree(pdf.Root.StructTreeRoot.ParentTree)
        tree[int(oa.Obj.StructParent)] = a
        tree[int(ob.Obj.StructParent)] = b
        pdf.save(dst)


def test_swapped_annotations_are_a_finding_of_the_link_rule(linked, tmp_path):
    swapped = tmp_path / "swapped.pdf"
    _swap_annotations(linked["de"], swapped, "Karte")
    findings = check_file(swapped, pdfa=True).findings
    rules = [(f.clause, f.rule) for f in findings]
    assert rules.count(("7.18.5", "link-annotation-over-other-link")) == 2
    assert rules.count(("7.18.5", "link-contents-of-other-link")) == 2
    message = next(f.message for f in findings if f.rule == "link-contents-of-other-link")
    assert "Link zu" in message and "'Karte'" in message and "'Plan'" in message


def test_a_link_element_without_its_annotation_is_a_finding(linked, tmp_path):
    with pikepdf.open(linked["en"]) as pdf:
        _, links = _links_of_paragraph(linked["en"], "map")
        second = pdf.get_object(links[1].objgen)
        first = pdf.get_object(links[0].objgen)
        (objr,) = [k for k in (second.K if isinstance(second.K, pikepdf.Array) else [second.K])
                   if isinstance(k, pikepdf.Dictionary)]
        first.K = pikepdf.Array([*(first.K if isinstance(first.K, pikepdf.Array) else [first.K]), objr])
        second.K = pikepdf.Array([k for k in (second.K if isinstance(second.K, pikepdf.Array) else [second.K])
                                  if not isinstance(k, pikepdf.Dictionary)])
        pikepdf.NumberTree(pdf.Root.StructTreeRoot.ParentTree)[int(objr.Obj.StructParent)] = first
        broken = tmp_path / "lost.pdf"
        pdf.save(broken)
    rules = [f.rule for f in check_file(broken).findings]
    assert rules.count("link-element-no-annotation") == 1
    assert "link-annotation-over-other-link" in rules  # the moved annotation lies over 'plan'
