"""The logical structure tree, built from the document model before layout."""
from __future__ import annotations

import itertools
import weakref
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

_ids = itertools.count(1)
_registry: weakref.WeakValueDictionary[int, StructNode] = weakref.WeakValueDictionary()


def lookup(key: int) -> StructNode:
    """The node with this key (inline tags name their element by key in paragraph markup)."""
    return _registry[key]

# Structure types whose content is drawn inline inside a paragraph's text object.
INLINE_ROLES = frozenset({"Span", "Link", "Reference", "Lbl", "Quote", "Code"})


@dataclass(eq=False)
class StructNode:
    """One structure element.

    ``children`` are the statically known child elements (in logical order). Marked
    content, annotations and inline children discovered while drawing live in the
    :class:`~pipeline.tagging.record.TagRecord` of the layout pass, not here, so that a
    layout pass that is thrown away (``multiBuild``) leaves no trace in the tree.
    """

    role: str
    lang: str | None = None
    alt: str | None = None
    actual_text: str | None = None
    title: str | None = None
    id: str | None = None
    annotation_text: str | None = None  # /Contents of the element's annotations (Link)
    attributes: dict[str, dict[str, object]] = field(default_factory=dict)  # owner -> {key: value}
    children: list[StructNode] = field(default_factory=list)
    # elements read right after this one, as its next siblings: the footnotes of a
    # paragraph (set at the foot of the page, they belong after the text referring to them)
    after: list[StructNode] = field(default_factory=list)
    key: int = field(default_factory=lambda: next(_ids))
    # Text the element holds, as in the sources; layout uses it to restore word
    # boundaries at line ends (see TaggedTextObject).
    source_text: str = ""
    # A footnote reference (a Reference element): its Note, the destination of the note's
    # text, and where the note's number links back to (set by layout.inline)
    note: StructNode | None = None
    note_target: str | None = None
    back_destination: str | None = None
    read_after: StructNode | None = None  # a Note: the element it is read after

    def __post_init__(self) -> None:
        _registry[self.key] = self

    def add(self, child: StructNode) -> StructNode:
        self.children.append(child)
        return child

    def new(self, role: str, **kwargs: Any) -> StructNode:
        return self.add(StructNode(role, **kwargs))

    def walk(self) -> Iterator[StructNode]:
        yield self
        for child in self.children:
            yield from child.walk()

    def __repr__(self) -> str:  # short, for error messages
        return f"<{self.role}#{self.key}>"
