"""Page images (pypdfium2, compressed as JPEG by Pillow) and the mapping from PDF user space
onto them.

A page is rendered at a modest resolution (default 1 pixel per point, 72 dpi) and saved as a
JPEG of quality 40 (progressive): about 35 KB a page, so the 23-page sample edition's review stays under
1.5 MB; the boxes are drawn by the browser over the image, sharp at any zoom.
"""
from __future__ import annotations

import base64
import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..pdfread.pagetext import BBox
from .structure import PageInfo


@dataclass(frozen=True)
class Rect:
    """A box on the displayed page, in percent of its width and height, from the top left."""

    left: float
    top: float
    width: float
    height: float


def to_view(box: BBox, page: PageInfo, min_size: float = 0.4) -> Rect | None:
    """Where a user-space box appears on the page as a viewer shows it (crop box,
    /Rotate applied); None when it lies entirely outside the crop box."""
    c = page.box
    w, h = (c.x1 - c.x0) or 1.0, (c.y1 - c.y0) or 1.0

    def norm(x: float, y: float) -> tuple[float, float]:
        r = page.rotate
        if r == 90:
            return (y - c.y0) / h, (x - c.x0) / w
        if r == 180:
            return (c.x1 - x) / w, (y - c.y0) / h
        if r == 270:
            return (c.y1 - y) / h, (c.x1 - x) / w
        return (x - c.x0) / w, (c.y1 - y) / h

    pts = [norm(box.x0, box.y0), norm(box.x1, box.y1), norm(box.x0, box.y1), norm(box.x1, box.y0)]
    u0, u1 = max(0.0, min(p[0] for p in pts)), min(1.0, max(p[0] for p in pts))
    v0, v1 = max(0.0, min(p[1] for p in pts)), min(1.0, max(p[1] for p in pts))
    if u1 < u0 or v1 < v0:
        return None
    width, height = max((u1 - u0) * 100, min_size), max((v1 - v0) * 100, min_size)
    return Rect(round(u0 * 100, 3), round(v0 * 100, 3), round(width, 3), round(height, 3))


def view_size(page: PageInfo) -> tuple[float, float]:
    """Width and height of the page as displayed, in points."""
    w, h = page.box.x1 - page.box.x0, page.box.y1 - page.box.y0
    return (h, w) if page.rotate in (90, 270) else (w, h)


@dataclass
class PageImage:
    number: int
    png: bytes | None  # the encoded image (JPEG since issue 18; the name is kept for callers)
    width: int = 0
    height: int = 0
    error: str | None = None
    mime: str = "image/jpeg"

    def data_uri(self) -> str:
        return f"data:{self.mime};base64," + base64.b64encode(self.png or b"").decode("ascii")


JPEG_QUALITY = 40


def render_pages(pdf_path: str | Path, scale: float = 1.0,
                 numbers: Iterable[int] | None = None,
                 skip: dict[int, str] | None = None) -> list[PageImage]:
    """The pages ``numbers`` (1-based; default every page) as JPEGs; a page pdfium cannot
    render, or one of ``skip`` (page number -> why), gets an error instead."""
    skip = skip or {}
    import pypdfium2 as pdfium

    images: list[PageImage] = []
    try:
        doc = pdfium.PdfDocument(str(pdf_path))
    except Exception as exc:  # pdfium's own error type varies across versions
        return [PageImage(0, None, error=f"the PDF could not be rendered: {exc}")]
    try:
        count = len(doc)
        wanted = range(1, count + 1) if numbers is None else [n for n in numbers if 1 <= n <= count]
        for n in wanted:
            i = n - 1
            if n in skip:
                images.append(PageImage(n, None, error=f"page {n} is not rendered: {skip[n]}"))
                continue
            try:
                page = doc[i]
                bitmap = page.render(scale=scale, draw_annots=True)
                image = bitmap.to_pil().convert("RGB")
                buf = io.BytesIO()
                image.save(buf, format="JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
                images.append(PageImage(i + 1, buf.getvalue(), image.width, image.height))
                page.close()
            except Exception as exc:  # one bad page must not lose the others
                images.append(PageImage(i + 1, None, error=f"page {i + 1} could not be rendered: {exc}"))
    finally:
        doc.close()
    return images
