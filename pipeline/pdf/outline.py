"""Document outline (bookmarks) from the headings the layout drew."""
from __future__ import annotations

import pikepdf
from pikepdf import Name, OutlineItem


def write_outline(pdf: pikepdf.Pdf, headings: list[tuple[int, str, int, float]]) -> None:
    """``headings``: (level, title, page index, top y) in reading order; level 0 is the top."""
    with pdf.open_outline() as outline:
        stack: list[tuple[int, OutlineItem]] = []
        for level, title, page, top in headings:
            item = OutlineItem(title, page, "XYZ", left=0, top=round(top + 6, 2))
            while stack and stack[-1][0] >= level:
                stack.pop()
            (stack[-1][1].children if stack else outline.root).append(item)
            stack.append((level, item))
    pdf.Root.PageMode = Name.UseOutlines
