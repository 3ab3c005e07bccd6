"""The parts of an edition: cover, contents, reportages, notes, imprint; per language or both."""
from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, NextPageTemplate, PageBreak, Spacer

from .. import model as m
from ..i18n import strings
from ..tagging import StructNode
from . import series
from .contents import TocEntry
from .document import PadPages, RectoStart, SetRunning
from .flowables import Decoration, TaggedImage, TaggedParagraph
from .footnotes import Footnotes
from .inline import back_destination, convert
from .story import Ctx, blocks, mark_source, text_para
from .styles import ACCENT, PageGeometry, make_styles

PART_TITLE = {"de": "German edition", "en": "English edition"}


def context(lang: str, scope: str, geometry: PageGeometry, outline_base: int = 0,
            source=None) -> Ctx:
    return Ctx(lang, make_styles(lang), strings(lang), geometry, scope, outline_base, source)


def rep_destination(rep: m.Reportage) -> str:
    return f"rep-{rep.id}-{rep.lang}"


def imprint_destination(lang: str) -> str:
    return f"imprint-{lang}"


# -- cover -------------------------------------------------------------------------
def cover(edition: m.Edition, langs: list[str], parent: StructNode, geometry: PageGeometry) -> list[Flowable]:
    primary = langs[0]
    ctx = context(primary, "cover", geometry)
    sect = parent.new("Sect")
    img = edition.cover.image
    from PIL import Image as PILImage
    with PILImage.open(img) as im:
        w, h = im.size
    # Full bleed: the image spans the page and its bleed (the cover frame is centred on
    # the page and reaches up to the bleed's edge, so a centred image that wide touches
    # the top, left and right edges). A very tall image is narrowed instead.
    width = geometry.width + 2 * geometry.bleed
    height = min(width * h / w, geometry.height * 0.55)
    width = height * w / h
    # Read title, subtitle, image, credit (the tree's order, and the paint order: the image
    # and its credit at the top of the page are painted after the subtitle below them).
    title, subtitle = sect.new("H1"), sect.new("P")
    figure, credit = sect.new("Figure", alt=edition.cover.alt[primary]), sect.new("P")
    picture = CoverPicture(TaggedImage(str(img), width, height, figure),
                           text_para(ctx, edition.cover.credit[primary], "small", credit), geometry)
    out: list[Flowable] = [
        Spacer(1, picture.room()),
        Decoration(geometry.cover_width, 3, ACCENT, space_before=14),
        text_para(ctx, edition.title[primary], "cover_title", title,
                  heading=(0, edition.title[primary])),
        text_para(ctx, edition.subtitle[primary], "cover_subtitle", subtitle),
        picture,
    ]
    for lang in langs[1:]:
        other = context(lang, "cover", geometry)
        out.append(text_para(other, f"{edition.title[lang]} \u2013 {edition.subtitle[lang]}",
                             "cover_second", sect.new("P", lang=lang)))
    for lang in langs:
        c = context(lang, "cover", geometry)
        node = sect.new("P", lang=lang) if lang != primary else sect.new("P")
        out.append(text_para(c, f"{edition.publisher[lang]} \u00b7 "
                                f"{c.t('Published {date}', date=c.t.date(edition.date))}",
                             "cover_meta", node))
    out += series.cover_items(edition, ctx, sect)
    return [NextPageTemplate("body"), *out, PageBreak()]


class TitleFirst(Flowable):
    """A heading with a line set above it (a dateline), painted heading first, so that the
    paint order is the reading order."""

    def __init__(self, heading: TaggedParagraph, above: TaggedParagraph):
        super().__init__()
        self.heading_para, self.above = heading, above
        self.heading = heading.heading  # a heading for the make-up (see document.BodyFrame)
        self.keepWithNext = 1
        self.spaceBefore = above.getSpaceBefore()
        self.spaceAfter = heading.getSpaceAfter()
        self.gap = max(above.getSpaceAfter(), heading.getSpaceBefore())

    def wrap(self, availWidth, availHeight):
        self._h = self.heading_para.wrap(availWidth, availHeight)[1]
        self._a = self.above.wrap(availWidth, availHeight)[1]
        return availWidth, self._a + self.gap + self._h

    def drawOn(self, canvas, x, y, _sW=0):
        self.heading_para.drawOn(canvas, x, y)
        self.above.drawOn(canvas, x, y + self._h + self.gap)


class CoverPicture(Flowable):
    """Zero-size: paints the cover image (at the top of the cover frame, centred) and its
    credit below it where it stands in the story, after the title and subtitle, which a
    Spacer of ``room()`` keeps clear of it."""
    _ZEROSIZE = True
    GAP = 4.0

    def __init__(self, image: TaggedImage, credit: TaggedParagraph, geometry: PageGeometry):
        super().__init__()
        self.image, self.credit, self.geometry = image, credit, geometry
        self.width = self.height = 0
        self._credit_h = credit.wrap(geometry.cover_width, 1e6)[1]

    def room(self) -> float:
        return self.image.img_height + self.GAP + self._credit_h

    def wrap(self, availWidth, availHeight):
        return 0, 0

    def drawOn(self, canvas, x, y, _sW=0):
        g = self.geometry
        left, top = g.offset + g.left, g.offset + g.height + g.bleed  # the cover frame's
        self.image.wrap(g.cover_width, 1e6)
        self.image.drawOn(canvas, left, top - self.image.img_height)
        self.credit.wrap(g.cover_width, 1e6)
        self.credit.drawOn(canvas, left, top - self.room())


# -- contents ------------------------------------------------------------------------
def contents(edition: m.Edition, langs: list[str], parent: StructNode, geometry: PageGeometry,
             pages: dict[str, int]) -> list[Flowable]:
    primary = langs[0]
    ctx = context(primary, "toc", geometry)
    sect = parent.new("Sect")
    heading = " \u00b7 ".join(strings(lang)("Contents") for lang in langs)
    out: list[Flowable] = [
        RectoStart(),
        SetRunning(edition.title[primary], strings(primary)("Contents"),
                   strings(primary)("Page {page}", page="{page}"), opening=True),
        text_para(ctx, heading, "h1", sect.new("H1"), heading=(0, heading)),
        Spacer(1, 10),
    ]
    toc = sect.new("TOC")
    for lang in langs:
        c = context(lang, "toc", geometry)
        if len(langs) > 1:
            group = toc.new("TOCI", lang=None if lang == primary else lang)
            out.append(text_para(c, c.t(PART_TITLE[lang]), "toc_group", group.new("P")))
        entries = [(rep.title, [rep.subtitle, c.t("By {author}", author=rep.author)],
                    rep_destination(rep))
                   for by_lang in edition.reportages for rep in [by_lang[lang]]]
        if edition.introduction and lang in edition.introduction.title:
            entries.insert(0, (edition.introduction.title[lang], [],
                               series.introduction_destination(lang)))
        entries.append((c.t("Imprint"), [], imprint_destination(lang)))
        for title, lines, dest in entries:
            item = toc.new("TOCI", lang=None if lang == primary else lang)
            out.append(_toc_entry(c, item, title, [t for t in lines if t], dest, pages.get(dest)))
    return [*out, PageBreak()]


def _toc_entry(ctx: Ctx, item: StructNode, title: str, lines: list[str], dest: str,
               page: int | None) -> Flowable:
    """TOCI > Reference > Link: one link (one annotation over the whole entry) whose text is
    the title, the subtitle, the author and the page number."""
    number = str(page + 1) if page is not None else "0"
    link = item.new("Reference").new("Link", annotation_text=ctx.t("{title}, page {page}",
                                                                   title=title, page=number))
    return TocEntry(link, dest, title, lines, number, ctx.styles)


# -- a reportage ---------------------------------------------------------------------
def reportage(edition: m.Edition, rep: m.Reportage, parent: StructNode, geometry: PageGeometry,
              outline_base: int) -> list[Flowable]:
    ctx = context(rep.lang, f"{rep.id}-{rep.lang}", geometry, outline_base, rep.source)
    t = ctx.t
    sect = parent.new("Sect")
    kicker = f"{rep.place} \u00b7 {t.date(rep.date)}"
    h1, dateline = sect.new("H1"), sect.new("P")
    out: list[Flowable] = [
        RectoStart(),
        SetRunning(edition.title[rep.lang], rep.title, t("Page {page}", page="{page}"), opening=True),
        # the dateline above the title is read (and painted) after it: the H1 opens the reportage
        TitleFirst(text_para(ctx, rep.title, "h1", h1, heading=(outline_base, rep.title),
                             destination=rep_destination(rep)),
                   text_para(ctx, kicker, "kicker", dateline)),
        text_para(ctx, rep.subtitle, "subtitle", sect.new("P")),
        text_para(ctx, t("By {author}", author=rep.author), "byline", sect.new("P")),
        text_para(ctx, rep.teaser, "teaser", sect.new("P")),
    ]
    mark_source(out, (rep.source, 1, "front matter"))
    # Footnotes: each Note element is made here and hung into the tree by the canvas,
    # right after the Reference that points to it; the layout sets its text at the foot
    # of the page that holds the reference (document.EditionDocTemplate).
    ctx.notes.update({note.number: StructNode("Note", id=note_id(ctx, note.number)) for note in rep.notes})
    body = blocks(ctx, rep.blocks, sect)
    out.append(Footnotes({note_id(ctx, note.number): footnote(ctx, note) for note in rep.notes}))
    out.extend(body)
    return [*out, PageBreak()]


def note_id(ctx: Ctx, number: int) -> str:
    """The ID of a footnote's Note element, also the destination of its text."""
    return f"note-{ctx.scope}-{number}"


def footnote(ctx: Ctx, note: m.Note) -> FootnoteText:
    """A footnote: Note > Lbl > Link (its number, linking back to the reference) and
    Note > P (its text), the number hanging in the margin of the text."""
    node = ctx.notes[note.number]
    label, body = node.new("Lbl"), node.new("P")
    back = StructNode("Link", annotation_text=ctx.t("Back to the text of note {number}",
                                                     number=note.number))
    href = "#" + back_destination(note_id(ctx, note.number))
    number = (f'<onDraw name="tag" label="open:{back.key}"/><a href="{href}">{note.number}</a>'
              f'<onDraw name="tag" label="close:{back.key}"/>')
    label.source_text = str(note.number)
    label_para = TaggedParagraph(number, ctx.styles["note"], node=label, links=[(href, back)],
                                 inline_nodes=[back], source_text=label.source_text)
    res = convert(note.inlines, ctx.inline())
    body.source_text = res.text
    text = TaggedParagraph(res.markup, ctx.styles["note"], node=body, links=res.links,
                           inline_nodes=res.nodes, destination=node.id, source_text=res.text)
    return FootnoteText(node, label_para, text)


class FootnoteText(Flowable):
    """A footnote's number and text side by side (drawn number first, as they are read)."""
    INDENT = 4.5 * mm

    def __init__(self, node: StructNode, label: TaggedParagraph, text: TaggedParagraph):
        super().__init__()
        self.node, self.label, self.text = node, label, text
        self.spaceAfter = text.getSpaceAfter()

    def wrap(self, availWidth, availHeight):
        self._l = self.label.wrap(self.INDENT, availHeight)[1]
        self._t = self.text.wrap(availWidth - self.INDENT, availHeight)[1]
        self.width, self.height = availWidth, max(self._l, self._t)
        return self.width, self.height

    def drawOn(self, canvas, x, y, _sW=0):
        self.label.drawOn(canvas, x, y + self.height - self._l)
        self.text.drawOn(canvas, x + self.INDENT, y + self.height - self._t)


# -- imprint -------------------------------------------------------------------------
def imprint(edition: m.Edition, lang: str, parent: StructNode, geometry: PageGeometry,
            outline_base: int) -> list[Flowable]:
    ctx = context(lang, f"imprint-{lang}", geometry, outline_base, edition.source)
    t = ctx.t
    sect = parent.new("Sect")
    title = t("Imprint")
    out: list[Flowable] = [
        RectoStart(),
        SetRunning(edition.title[lang], title, t("Page {page}", page="{page}"), opening=True),
        text_para(ctx, title, "h1", sect.new("H1"), heading=(outline_base, title),
                  destination=imprint_destination(lang)),
        Spacer(1, 6),
    ]
    out.extend(blocks(ctx, edition.imprint[lang], sect))
    out.append(Spacer(1, 8))
    out.extend(series.imprint_items(edition, ctx, sect))
    out.append(text_para(ctx, edition.rights[lang], "imprint", sect.new("P")))
    out.append(text_para(ctx, f"{edition.publisher[lang]} \u00b7 "
                              f"{t('Published {date}', date=t.date(edition.date))}",
                         "imprint", sect.new("P")))
    return out


# -- the half-title that opens a language part of a bilingual volume -----------------
def divider(edition: m.Edition, lang: str, parent: StructNode, geometry: PageGeometry) -> list[Flowable]:
    ctx = context(lang, f"part-{lang}", geometry, 0, edition.source)
    sect = parent.new("Sect")
    part = ctx.t(PART_TITLE[lang])
    heading, title = sect.new("H1"), sect.new("P")  # read the part's name first
    return [
        RectoStart(),
        SetRunning("", "", ctx.t("Page {page}", page="{page}"), opening=True),
        Spacer(1, geometry.frame_height * 0.28),
        text_para(ctx, edition.title[lang], "cover_title", title),
        Decoration(geometry.frame_width / 3, 3, ACCENT, space_before=4, space_after=14),
        text_para(ctx, part, "cover_subtitle", heading, heading=(0, part)),
        PageBreak(),
    ]


# -- whole documents -------------------------------------------------------------------
def edition_story(edition: m.Edition, langs: list[str], geometry: PageGeometry):
    """A story factory (see ``document.render``) for one language or several."""
    def factory(pages: dict[str, int]):
        root = StructNode("Document")
        story: list[Flowable] = []
        story += cover(edition, langs, root, geometry)
        story += contents(edition, langs, root, geometry, pages)
        bilingual = len(langs) > 1
        for n, lang in enumerate(langs):
            parent = root.new("Part", lang=lang) if bilingual else root
            base = 1 if bilingual else 0
            if bilingual:
                story += divider(edition, lang, parent, geometry)
            story += series.introduction(edition, context(lang, f"introduction-{lang}", geometry, base,
                                                          edition.source), parent, base)
            for by_lang in edition.reportages:
                story += reportage(edition, by_lang[lang], parent, geometry, base)
            story += imprint(edition, lang, parent, geometry, base)
            if n < len(langs) - 1:
                story.append(PageBreak())
        story.append(PadPages(4))  # print: blank pages at the end, after the imprint
        return story, root
    return factory
