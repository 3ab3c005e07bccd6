"""What one layout pass drew: for which structure element (:class:`TagRecord`), and
where it placed headings, destinations and images (:class:`LayoutRecord`)."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from .tree import StructNode

_names: dict[str, str] = {}


def image_name(path: str) -> str:
    """The XObject name of an image file: ``Im`` + 16 hex digits of its SHA-256, so the
    same image has the same name wherever the sources live (reproducible output)."""
    name = _names.get(path)
    if name is None:
        name = _names[path] = "Im" + hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]
    return name


@dataclass(frozen=True)
class MarkedContent:
    page: int  # 0-based page index
    mcid: int


@dataclass(frozen=True)
class AnnotationRef:
    page: int
    key: int  # provisional /StructParent written into the annotation by the canvas


# The provisional /StructParent keys the canvas writes into annotations start here, above
# any page's /StructParents index; the PDF stage replaces them (pipeline.pdf.structure).
FIRST_ANNOTATION_KEY = 1_000_000


@dataclass
class TagRecord:
    """What tags need, filled while a layout pass draws; the PDF stage reads the last
    pass's record to write the structure tree.

    ``content[node]`` lists, in drawing order, the node's marked content, its annotations
    and the inline child elements that first appeared inside it.
    """

    content: dict[StructNode, list[MarkedContent | AnnotationRef | StructNode]] = field(default_factory=dict)
    mcids_on_page: dict[int, int] = field(default_factory=dict)
    annotations: dict[int, StructNode] = field(default_factory=dict)  # provisional key -> node
    bboxes: dict[StructNode, tuple[int, tuple[float, float, float, float]]] = field(default_factory=dict)
    # state of a paragraph cut by a page break, resumed by its next part (by resume key)
    resume: dict[object, tuple[list[StructNode], int]] = field(default_factory=dict)
    attached: set[int] = field(default_factory=set)  # keys of the inline children recorded
    _next_annot_key: int = FIRST_ANNOTATION_KEY

    def mark(self, node: StructNode, page: int) -> int:
        mcid = self.mcids_on_page.get(page, 0)
        self.mcids_on_page[page] = mcid + 1
        self.content.setdefault(node, []).append(MarkedContent(page, mcid))
        return mcid

    def attach_inline(self, parent: StructNode, child: StructNode) -> None:
        """Record ``child`` as an inline child of ``parent`` the first time it is drawn.

        Only the first time anywhere: an element has one parent, so a footnote whose
        reference occurs twice is read after its first reference only (attached under both,
        it would be written twice, and its back link would have two owners)."""
        if child.key in self.attached:
            return
        self.attached.add(child.key)
        self.content.setdefault(parent, []).append(child)

    def annotation(self, node: StructNode, page: int) -> int:
        key = self._next_annot_key
        self._next_annot_key += 1
        self.annotations[key] = node
        self.content.setdefault(node, []).append(AnnotationRef(page, key))
        return key


@dataclass
class LayoutRecord:
    """What a layout pass placed where, besides tags: the PDF stage reads the outline and
    the images from the last pass; the next pass reads the destinations (page breaks,
    footnote references, leftover space: see ``layout.document.render``)."""

    # headings for the outline: (level, title, page, y top), in drawing order
    headings: list[tuple[int, str, int, float]] = field(default_factory=list)
    # destinations (name -> page) drawn, e.g. where each reportage starts, and what the
    # layout measured for the next pass ("noteref:...", "feather:...")
    destinations: dict[str, int] = field(default_factory=dict)
    # images placed, as (page, XObject name, file): the PDF stage embeds them
    images: list[tuple[int, str, str]] = field(default_factory=list)

    def place_image(self, path: str, page: int) -> str:
        """Note that the image file is shown on ``page``; return its XObject name."""
        name = image_name(path)
        self.images.append((page, name, path))
        return name
