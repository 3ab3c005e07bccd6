"""What a funded series prints besides the texts: the series and the funder's mark on the
cover; series, edition, identifiers, credits and funding notice in the imprint, each once;
and the programme's foreword after the contents. (``model.SeriesInfo``, ``model.Introduction``)"""
from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer

from .. import model as m
from ..tagging import StructNode
from .document import RectoStart, SetRunning
from .flowables import TaggedImage
from .story import Ctx, blocks, text_para

LOGO_SIZE = 22 * mm  # the funder's mark: its longer side


def introduction_destination(lang: str) -> str:
    return f"introduction-{lang}"


def _logo(funder: m.Funder, lang: str, parent: StructNode) -> TaggedImage:
    from PIL import Image as PILImage

    with PILImage.open(funder.logo) as im:
        w, h = im.size
    scale = LOGO_SIZE / max(w, h)
    return TaggedImage(str(funder.logo), w * scale, h * scale,
                       parent.new("Figure", alt=funder.alt[lang]))


def _series_line(ctx: Ctx, series: m.Series) -> str:
    name = series.name[ctx.lang]
    return ctx.t("{series}, volume {number}", series=name, number=series.number) if series.number else name


def cover_items(edition: m.Edition, ctx: Ctx, sect: StructNode) -> list[Flowable]:
    """The series above the publisher line; the funder's notice and mark below it."""
    info = edition.info
    out: list[Flowable] = []
    if info.series:
        out.append(text_para(ctx, _series_line(ctx, info.series), "cover_meta", sect.new("P")))
    if info.funder:
        out += [Spacer(1, 6), text_para(ctx, info.funder.notice[ctx.lang], "small", sect.new("P")),
                _LeftAligned(_logo(info.funder, ctx.lang, sect))]
    return out


def imprint_items(edition: m.Edition, ctx: Ctx, sect: StructNode) -> list[Flowable]:
    """Series, edition statement and date, identifiers, credits, funding: one paragraph each."""
    info, t, lang = edition.info, ctx.t, ctx.lang
    lines: list[str] = []
    if info.series:
        lines.append(_series_line(ctx, info.series))
    as_of = t("As of {date}", date=t.date(info.as_of)) if info.as_of else None
    edition_line = " \u00b7 ".join(x for x in (info.edition_statement.get(lang), as_of) if x)
    if edition_line:
        lines.append(edition_line)
    lines += [f"{scheme} {value}" for scheme, value in info.identifiers()]
    lines += [f"{t('credit:' + role)}: {', '.join(names)}" for role, names in info.credits.items()]
    out: list[Flowable] = [text_para(ctx, line, "imprint", sect.new("P")) for line in lines]
    if info.funder:
        notice = text_para(ctx, info.funder.notice[lang], "imprint", sect.new("P"))
        out.append(KeepTogether([Spacer(1, 6), notice, _LeftAligned(_logo(info.funder, lang, sect))]))
    return out


def introduction(edition: m.Edition, ctx: Ctx, parent: StructNode, outline_base: int) -> list[Flowable]:
    """The foreword: its own section after the contents, opening on a new page."""
    intro = edition.introduction
    if intro is None or ctx.lang not in intro.blocks:
        return []
    sect = parent.new("Sect")
    title = intro.title[ctx.lang]
    return [
        RectoStart(),
        SetRunning(edition.title[ctx.lang], title, ctx.t("Page {page}", page="{page}"), opening=True),
        text_para(ctx, title, "h1", sect.new("H1"), heading=(outline_base, title),
                  destination=introduction_destination(ctx.lang)),
        Spacer(1, 6),
        *blocks(ctx, intro.blocks[ctx.lang], sect),
        PageBreak(),
    ]


class _LeftAligned(Flowable):
    """An image at the left edge of the frame instead of centred (a mark, not a picture)."""

    def __init__(self, image: TaggedImage):
        super().__init__()
        self.image = image  # where document.printed_images looks for images

    def wrap(self, availWidth, availHeight):
        self.image.wrap(self.image.img_width, availHeight)
        return availWidth, self.image.img_height

    def drawOn(self, canvas, x, y, _sW=0):
        self.image.drawOn(canvas, x, y, _sW)
