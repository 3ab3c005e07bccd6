"""The tagging canvas's public API for flowables, and the two records it fills.

``with canvas.text_for(node, *more):`` gives text drawn inside its element (the last one
given), and nothing is left on the canvas's stack after it; marked content, annotations
and bboxes go into the tag record, headings, destinations and images into the layout
record. Checked on the content stream a reader gets (pikepdf's parser).
"""
from __future__ import annotations

import io

import pikepdf
import pytest
from PIL import Image as PILImage

from pipeline.tagging import (
    FIRST_ANNOTATION_KEY,
    LayoutRecord,
    MarkedContent,
    StructNode,
    TaggedCanvas,
    TagRecord,
)


def _operators(data: bytes) -> list[tuple[str, list[object]]]:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return [(str(op), [str(o) if isinstance(o, pikepdf.Name) else o for o in operands])
                for operands, op in pikepdf.parse_content_stream(pdf.pages[0])]


def test_text_for_gives_text_its_element_and_leaves_the_stack_empty(tmp_path) -> None:
    out = io.BytesIO()
    canvas = TaggedCanvas(out)
    body, label = StructNode("LBody"), StructNode("Lbl")
    with canvas.text_for(body, label):
        canvas.drawString(10, 10, "1.")  # drawn while the label is the last target
    with canvas.text_for(body):
        canvas.drawString(30, 10, "text")
    assert canvas.text_target() is None
    with pytest.raises(RuntimeError, match="outside any structure element"):
        canvas.drawString(10, 30, "stray")
    image = tmp_path / "dot.png"
    PILImage.new("RGB", (2, 2)).save(image)
    canvas.drawImage(str(image), 0, 50, 10, 10)
    canvas.showPage()
    canvas.save()

    assert isinstance(canvas.tag_record, TagRecord) and isinstance(canvas.layout_record, LayoutRecord)
    assert canvas.tag_record.content[label] == [MarkedContent(0, 0)]
    assert canvas.tag_record.content[body] == [MarkedContent(0, 1)]
    assert not hasattr(canvas.tag_record, "images") and not hasattr(canvas.tag_record, "destinations")
    [(page, name, path)] = canvas.layout_record.images
    assert page == 0 and name.startswith("Im") and path == str(image)

    ops = _operators(out.getvalue())
    marks = [(args[0], args[1].MCID) for op, args in ops if op == "BDC" and args[0] != "/Artifact"]
    assert marks == [("/Lbl", 0), ("/LBody", 1)]
    # each BDC sits inside its text object, the image (an artifact: no element) outside any
    # (ReportLab opens each page with an empty BT ... ET that sets the font: left out)
    names = " ".join(op for op, _ in ops if op in ("BT", "ET", "BDC", "EMC", "Do")).replace("BT ET", "")
    assert names.split()[:8] == ["BT", "BDC", "EMC", "ET", "BT", "BDC", "EMC", "ET"], names
    assert ("Do", [f"/{name}"]) in ops


def test_annotation_keys_start_at_the_shared_constant() -> None:
    canvas = TaggedCanvas(io.BytesIO())
    link = StructNode("Link", annotation_text="to x")
    with canvas.links_of([("https://example.org/", link)]):
        canvas.linkURL("https://example.org/", (0, 0, 10, 10))
    assert canvas.tag_record.annotations == {FIRST_ANNOTATION_KEY: link}
