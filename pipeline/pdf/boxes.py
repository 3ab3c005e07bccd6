"""Page boxes for print: /MediaBox with room for the crop marks, /BleedBox, /TrimBox."""
from __future__ import annotations

from dataclasses import dataclass

import pikepdf
from pikepdf import Array

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in points


@dataclass(frozen=True)
class PrintBoxes:
    """The boxes of every page of a print edition (ISO 32000-1, 14.11.2)."""
    media: Box
    bleed: Box
    trim: Box

    def __post_init__(self) -> None:
        if not (_inside(self.trim, self.bleed) and _inside(self.bleed, self.media)):
            raise ValueError(f"page boxes do not nest: {self}")


def _inside(inner: Box, outer: Box) -> bool:
    return (outer[0] <= inner[0] and outer[1] <= inner[1]
            and inner[2] <= outer[2] and inner[3] <= outer[3])


def _array(box: Box) -> Array:
    return Array([round(v, 3) for v in box])


def write_boxes(pdf: pikepdf.Pdf, boxes: PrintBoxes) -> None:
    """Set the boxes on every page. No /CropBox: a viewer shows the whole media box, marks
    included, and the printer trims at /TrimBox."""
    for page in pdf.pages:
        page.obj.MediaBox = _array(boxes.media)
        page.obj.BleedBox = _array(boxes.bleed)
        page.obj.TrimBox = _array(boxes.trim)
