"""Paragraph styles of the edition, per language (hyphenation follows the language)."""
from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from .fonts import BODY
from .hyphenation import edition_hyphenator

INK = colors.HexColor("#1b1b1b")
ACCENT = colors.HexColor("#1d4e89")  # 8.9:1 on white
MUTED = colors.HexColor("#4a4a4a")  # 8.9:1 on white
RULE = colors.HexColor("#9fb3c8")
# crop marks: registration, on every plate (a Separation named All; the screen draws none)
REGISTRATION = colors.CMYKColorSep(1, 1, 1, 1, spotName="All")


Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in points

BLEED = 3 * mm  # what the printer trims off: images and colour areas at the edge run into it
MARKS = 9 * mm  # room beyond the bleed for the crop marks
MARK_LENGTH = 5 * mm


@dataclass(frozen=True)
class PageGeometry:
    """The page: trim size (``width`` x ``height``), type area margins, and for print the
    bleed and the room for crop marks around the trim. Layout coordinates are media
    coordinates: the trimmed page starts at ``offset`` from the media box's lower left."""
    width: float = A4[0]
    height: float = A4[1]
    # The measure (issue 13): a 120 mm column of 10.5 pt text sets about 70 characters a
    # line (the 160 mm of a symmetric page set 88, too long for twenty pages of reading);
    # the wide outer margin is left open.
    left: float = 27 * mm
    right: float = 63 * mm
    top: float = 26 * mm
    bottom: float = 24 * mm
    bleed: float = 0.0
    marks: float = 0.0
    # print: a book's facing pages, ``left``/``right`` are the inner/outer margins of a
    # recto (odd page) and swap on a verso; reportages open on a recto (issue 16)
    mirrored: bool = False

    @classmethod
    def for_profile(cls, profile: str, marks: bool = False) -> PageGeometry:
        """``screen``: A4, nothing around it; ``print``: A4 trim with bleed, mirrored
        margins, and room for crop marks only when ``marks`` (off by default: most print
        shops want none, and add their own)."""
        if profile == "print":
            return cls(bleed=BLEED, marks=MARKS if marks else 0.0, mirrored=True)
        if profile == "screen":
            return cls()
        raise ValueError(f"unknown profile {profile!r}")

    @property
    def frame_width(self) -> float:
        return self.width - self.left - self.right

    def margins(self, page: int) -> tuple[float, float]:
        """The left and right margins of page ``page`` (1-based): swapped on a verso when
        the pages are mirrored, so the wide margin is always the outer one."""
        if self.mirrored and page % 2 == 0:
            return self.right, self.left
        return self.left, self.right

    def column_x(self, page: int) -> float:
        """The left edge of the text column on page ``page``, in media coordinates."""
        return self.offset + self.margins(page)[0]

    @property
    def cover_width(self) -> float:
        """The cover's text width: centred on the page (the body column is not)."""
        return self.width - 2 * self.left

    @property
    def frame_height(self) -> float:
        return self.height - self.top - self.bottom

    @property
    def offset(self) -> float:
        """From the media box's edge to the trim box's edge."""
        return self.bleed + self.marks

    @property
    def media_size(self) -> tuple[float, float]:
        return self.width + 2 * self.offset, self.height + 2 * self.offset

    @property
    def trim_box(self) -> Box:
        o = self.offset
        return o, o, o + self.width, o + self.height

    @property
    def bleed_box(self) -> Box:
        x0, y0, x1, y1 = self.trim_box
        b = self.bleed
        return x0 - b, y0 - b, x1 + b, y1 + b

    @property
    def media_box(self) -> Box:
        return 0.0, 0.0, *self.media_size


def make_styles(lang: str) -> dict[str, ParagraphStyle]:
    f = BODY.name
    hy = edition_hyphenator(lang)  # under the settings of the edition being laid out
    body = ParagraphStyle(
        "body", fontName=f, fontSize=10.5, leading=15.5, textColor=INK, alignment=TA_JUSTIFY,
        firstLineIndent=0, spaceAfter=6.5, hyphenationLang=hy, embeddedHyphenation=1,
        hyphenationMinWordLength=6, bulletFontName=f, allowWidows=0, allowOrphans=0,
    )

    def s(name: str, **kw) -> ParagraphStyle:
        return ParagraphStyle(name, parent=body, **kw)

    return {
        "body": body,
        "h1": s("h1", fontName=f + "-Bold", fontSize=25, leading=30, alignment=TA_LEFT,
                textColor=ACCENT, spaceAfter=8, hyphenationLang="", keepWithNext=1),
        "h2": s("h2", fontName=f + "-Bold", fontSize=14, leading=18, alignment=TA_LEFT,
                textColor=ACCENT, spaceBefore=12, spaceAfter=5, hyphenationLang="", keepWithNext=1),
        "h3": s("h3", fontName=f + "-Bold", fontSize=11.5, leading=15, alignment=TA_LEFT,
                spaceBefore=8, spaceAfter=3, hyphenationLang="", keepWithNext=1),
        "kicker": s("kicker", fontSize=9, leading=12, alignment=TA_LEFT, textColor=MUTED,
                    spaceAfter=6, hyphenationLang=""),
        "subtitle": s("subtitle", fontSize=14, leading=19, alignment=TA_LEFT, textColor=INK,
                      spaceAfter=8, hyphenationLang=""),
        "byline": s("byline", fontName=f + "-Italic", fontSize=9.5, leading=13, alignment=TA_LEFT,
                    textColor=MUTED, spaceAfter=10),
        "teaser": s("teaser", fontName=f + "-Bold", fontSize=11.5, leading=17, alignment=TA_LEFT,
                    spaceAfter=12),
        "caption": s("caption", fontSize=9, leading=12.5, alignment=TA_LEFT, textColor=INK,
                     spaceBefore=4, spaceAfter=1),
        "credit": s("credit", fontSize=7.5, leading=10, alignment=TA_LEFT, textColor=MUTED,
                    spaceAfter=10),
        "pullquote": s("pullquote", fontName=f + "-BoldItalic", fontSize=15, leading=21,
                       alignment=TA_LEFT, textColor=ACCENT, leftIndent=14 * mm, rightIndent=8 * mm,
                       hyphenationLang="", spaceBefore=2, spaceAfter=2),
        "quote": s("quote", fontName=f + "-Italic", leftIndent=8 * mm, rightIndent=8 * mm,
                   alignment=TA_LEFT),
        "item": s("item", leftIndent=7 * mm, bulletIndent=1.5 * mm, alignment=TA_LEFT,
                  spaceAfter=3, bulletFontName=f),
        "th": s("th", fontName=f + "-Bold", fontSize=9.5, leading=13, alignment=TA_LEFT,
                spaceAfter=0, hyphenationLang=""),
        "td": s("td", fontSize=9.5, leading=13, alignment=TA_LEFT, spaceAfter=0),
        "note": s("note", fontSize=8.5, leading=11.5, alignment=TA_LEFT, spaceAfter=2),
        "toc_group": s("toc_group", fontName=f + "-Bold", fontSize=10, leading=14,
                       textColor=MUTED, alignment=TA_LEFT, spaceBefore=10, spaceAfter=4, keepWithNext=1),
        "toc_entry": s("toc_entry", fontName=f + "-Bold", fontSize=12, leading=16,
                       alignment=TA_LEFT, spaceAfter=0, hyphenationLang=""),
        "toc_page": s("toc_page", fontName=f + "-Bold", fontSize=12, leading=16,
                      alignment=TA_RIGHT, spaceAfter=0, hyphenationLang=""),
        "cover_title": s("cover_title", fontName=f + "-Bold", fontSize=36, leading=42,
                         alignment=TA_LEFT, textColor=ACCENT, spaceBefore=18, spaceAfter=8,
                         hyphenationLang=""),
        "cover_subtitle": s("cover_subtitle", fontSize=16, leading=22, alignment=TA_LEFT,
                            spaceAfter=14, hyphenationLang=""),
        "cover_second": s("cover_second", fontName=f + "-Italic", fontSize=13, leading=18,
                          alignment=TA_LEFT, textColor=MUTED, spaceAfter=14, hyphenationLang=""),
        "cover_meta": s("cover_meta", fontSize=10.5, leading=15, alignment=TA_LEFT,
                        textColor=MUTED, spaceAfter=2),
        "small": s("small", fontSize=8.5, leading=12, alignment=TA_LEFT, textColor=MUTED),
        "imprint": s("imprint", fontSize=9.5, leading=14, alignment=TA_LEFT),
        "center": s("center", alignment=TA_CENTER),
    }
