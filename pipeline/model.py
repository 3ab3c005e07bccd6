"""The document model: what the sources say, independent of layout and PDF."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path


# -- inline content ------------------------------------------------------------
@dataclass
class Text:
    text: str


@dataclass
class Styled:
    """Emphasis (``em``) or strong emphasis (``strong``): a change of face, not of structure."""
    style: str
    children: list[Inline]


@dataclass
class LangSpan:
    """A passage in another language, e.g. ``[Smart Grid]{lang=en}``."""
    lang: str
    children: list[Inline]


@dataclass
class Link:
    href: str
    children: list[Inline]


@dataclass
class NoteRef:
    """A reference to the reportage's note ``number``."""
    number: int


Inline = Text | Styled | LangSpan | Link | NoteRef


def plain_text(inlines: list[Inline]) -> str:
    """The text a reader reads (note references as their numbers)."""
    out: list[str] = []
    for item in inlines:
        if isinstance(item, Text):
            out.append(item.text)
        elif isinstance(item, NoteRef):
            out.append(str(item.number))
        else:
            out.append(plain_text(item.children))
    return "".join(out)


# -- blocks ----------------------------------------------------------------------
@dataclass
class Heading:
    level: int  # 2 or 3 in the body (the reportage title is level 1)
    inlines: list[Inline]
    line: int = 0


@dataclass
class Paragraph:
    inlines: list[Inline]
    line: int = 0


@dataclass
class ListBlock:
    ordered: bool
    items: list[list[Inline]]
    start: int = 1
    line: int = 0


@dataclass
class Table:
    header: list[list[Inline]]
    rows: list[list[list[Inline]]]
    line: int = 0
    caption: list[Inline] | None = None  # from a paragraph "Table: ..." directly before the table
    align: list[str | None] = field(default_factory=list)  # per column: "left", "right", "center" or None
    row_headers: bool = False  # the first column holds row headers ({.row-headers} before the table)


@dataclass
class Figure:
    src: Path  # absolute, checked to exist inside the edition folder
    alt: str
    caption: str
    credit: str
    line: int = 0


@dataclass
class Quote:
    paragraphs: list[list[Inline]]
    pull: bool = False  # a pull quote: set large, in the flow of the text
    line: int = 0


Block = Heading | Paragraph | ListBlock | Table | Figure | Quote


@dataclass
class Note:
    number: int
    inlines: list[Inline]


@dataclass
class Reportage:
    id: str
    lang: str
    title: str
    subtitle: str
    place: str
    author: str
    date: dt.date
    teaser: str
    blocks: list[Block]
    notes: list[Note]
    source: Path


@dataclass
class HyphenationSettings:
    """An edition's hyphenation settings for one language (``hyphenation:`` in edition.yaml)."""
    patterns: str | None = None  # a pattern set other than the language's default, e.g. "en-GB"
    exceptions: list[str] = field(default_factory=list)  # words with their allowed breaks: "Ur-instinkt"
    left: int | None = None  # fewest letters before a break (None: the language's default)
    right: int | None = None  # fewest letters after a break


@dataclass
class PrintSettings:
    """The printing condition of the print profile (``print:`` in edition.yaml). Without a
    ``profile`` the project's FOGRA39 profile is used (pipeline/pdf/profiles)."""
    profile: Path | None = None  # the printer's CMYK output ICC profile, inside the edition folder
    condition: str = "FOGRA39"  # OutputConditionIdentifier, e.g. "FOGRA51"
    registry: str = "http://www.color.org"  # where the condition is registered
    info: str = "Offset printing, ISO 12647-2:2004/Amd 1, coated paper (FOGRA39L)"
    ink_limit: int = 300  # total area coverage, per cent
    marks: bool = False  # crop marks around the trim


@dataclass
class Series:
    name: dict[str, str]
    number: str | None = None


@dataclass
class Funder:
    """Who funds the publication: named in text, its mark (logo) with an alt text."""
    name: dict[str, str]
    logo: Path
    alt: dict[str, str]
    notice: dict[str, str]  # e.g. "Gefördert durch ..."


@dataclass
class SeriesInfo:
    """What a funded series prints besides the texts (all optional)."""
    series: Series | None = None
    funder: Funder | None = None
    isbn: str | None = None
    issn: str | None = None
    doi: str | None = None
    urn: str | None = None
    edition_statement: dict[str, str] = field(default_factory=dict)  # "1. Auflage"
    as_of: dt.date | None = None  # "Stand"
    credits: dict[str, list[str]] = field(default_factory=dict)  # role -> names, in CREDIT_ROLES order

    def identifiers(self) -> list[tuple[str, str]]:
        """(scheme, value) of every identifier given, e.g. ("ISBN", "978-...")."""
        return [(k.upper(), v) for k, v in (("isbn", self.isbn), ("issn", self.issn),
                                             ("doi", self.doi), ("urn", self.urn)) if v]


@dataclass
class Introduction:
    """A foreword by the publisher, set after the contents (``introduction:`` in edition.yaml)."""
    title: dict[str, str]
    blocks: dict[str, list[Block]]


@dataclass
class Cover:
    image: Path
    alt: dict[str, str]
    credit: dict[str, str]


@dataclass
class Edition:
    id: str
    root: Path
    languages: list[str]
    date: dt.date
    title: dict[str, str]
    subtitle: dict[str, str]
    publisher: dict[str, str]
    authors: list[str]
    rights: dict[str, str]
    cover: Cover
    imprint: dict[str, list[Block]]
    reportages: list[dict[str, Reportage]]  # in edition order, one entry per language
    source: Path = field(default_factory=Path)
    hyphenation: dict[str, HyphenationSettings] = field(default_factory=dict)
    introduction: Introduction | None = None
    info: SeriesInfo = field(default_factory=SeriesInfo)
    warnings: list = field(default_factory=list)  # pipeline.errors.Problem: worth saying, not stopping
    printing: PrintSettings = field(default_factory=PrintSettings)  # ``print:`` in edition.yaml
