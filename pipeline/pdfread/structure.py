"""The structure tree of a tagged PDF as Python objects: elements with their standard
types (through the role map), pages and paths, and what each element holds.

    tree = read_struct_tree(pdf)          # None when the file has no /StructTreeRoot
    for element in tree.all:              # depth-first, in document order
        element.std, element.path         # "H1", "Document/Sect[2]/H1[1]"
        element.mcids, element.objrs      # marked content, annotations (and other objects)

The tree is read once, without recursion (deep trees cost no stack), with role-map
resolution (indirect mappings allowed, cycles detected). An element met a second time
is not walked again; it is recorded in ``tree.revisits`` for the caller to report.
The objects are pikepdf's: they live as long as the open file.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple, TypeVar

import pikepdf

from .objects import name, text

# ISO 32000-1:2008, 14.8.4: the standard structure types.
STANDARD_TYPES: frozenset[str] = frozenset([
    "Document", "Part", "Art", "Sect", "Div", "BlockQuote", "Caption", "TOC", "TOCI", "Index",
    "NonStruct", "Private", "P", "H", "H1", "H2", "H3", "H4", "H5", "H6", "L", "LI", "Lbl", "LBody",
    "Table", "TR", "TH", "TD", "THead", "TBody", "TFoot", "Span", "Quote", "Note", "Reference",
    "BibEntry", "Code", "Link", "Annot", "Ruby", "RB", "RT", "RP", "Warichu", "WT", "WP", "Figure",
    "Formula", "Form",
])
# Standard types whose text flows into the surrounding line (14.8.2.4.2, inline-level
# elements, with list labels and bodies, which are read as one line with their item).
INLINE_TYPES: frozenset[str] = frozenset([
    "Span", "Quote", "Note", "Reference", "BibEntry", "Code", "Link", "Annot", "Ruby", "RB", "RT",
    "RP", "Warichu", "WT", "WP", "Lbl", "LBody",
])

T = TypeVar("T")

# Guard against absurd or malicious nesting: deeper elements are left out (tree.too_deep).
MAX_DEPTH = 500


class MarkedContentRef(NamedTuple):
    """A marked-content kid of an element: an MCID, or an MCR dictionary."""

    page: int | None  # 1-based; the MCR's /Pg, else the element's page
    mcid: int
    stream: object  # the MCR's /Stm (a form XObject's content stream), else None: the page's


class ObjectRef(NamedTuple):
    """An OBJR kid of an element: an annotation, or another object the element holds."""

    page: int | None  # 1-based, from the OBJR's own /Pg only
    obj: object  # its /Obj, whatever it is (a dictionary when the file is sound)


@dataclass(eq=False)
class StructElement:
    """One structure element."""

    obj: pikepdf.Dictionary
    type: str  # the /S value as written
    std: str | None  # the standard type it maps to; None if unmapped or circular
    parent: StructElement | None
    path: str  # "Document/Sect[2]/Figure[1]": a lone top-level element has no index
    page: int | None  # 1-based: its /Pg, else its parent's page
    depth: int = 0  # 0 for a top-level element
    kids: list[StructElement] = field(default_factory=list)  # the element kids
    mcids: list[MarkedContentRef] = field(default_factory=list)
    objrefs: list[ObjectRef] = field(default_factory=list)
    # Every kid in the order of /K: elements, marked content and object references.
    contents: list[StructElement | MarkedContentRef | ObjectRef] = field(default_factory=list)
    circular: bool = False  # its type meets a cycle in the role map
    has_p: bool = True
    num: int | None = None  # object number, where the element is an indirect object

    def loc(self) -> dict:
        """Keyword arguments locating this element in a finding."""
        return {"page": self.page, "obj": self.num, "path": self.path}

    @property
    def objrs(self) -> list[pikepdf.Dictionary]:
        """The objects (annotations and the like) the element's OBJR kids name."""
        return [r.obj for r in self.objrefs if isinstance(r.obj, pikepdf.Dictionary)]

    @property
    def lang(self) -> str | None:
        v = self.obj.get("/Lang")
        return text(v) if v is not None else None

    def inherited_lang(self) -> str | None:
        element: StructElement | None = self
        while element is not None:
            lang = element.lang
            if lang:
                return lang
            element = element.parent
        return None

    def kid_types(self) -> list[str]:
        """Standard types of the element kids (unmapped kids show their own type)."""
        return [k.std or k.type for k in self.kids]

    def attr(self, owner: str | None, key: str) -> pikepdf.Object | None:
        """An attribute value from the /A entry (dict, or array with revision numbers)."""
        a = self.obj.get("/A")
        if a is None:
            return None
        items = a if isinstance(a, pikepdf.Array) else [a]
        for item in items:
            if isinstance(item, pikepdf.Dictionary) and (
                owner is None or name(item.get("/O")) == owner
            ):
                v = item.get(key)
                if v is not None:
                    return v
        return None

    def walk(self) -> Iterator[StructElement]:
        """This element and every element below it, in document order."""
        return depth_first(self, lambda element: element.kids)


def depth_first(top: T, kids: Callable[[T], Sequence[T]]) -> Iterator[T]:
    """``top`` and everything below it, depth first in the order of each one's kids (the
    reading order of a structure tree), without recursion."""
    stack = [top]
    while stack:
        item = stack.pop()
        yield item
        stack.extend(reversed(kids(item)))


class RoleMap:
    """Resolution of structure types to standard types through /RoleMap."""

    def __init__(self, rolemap: object) -> None:
        self.map: dict[str, str] = {}
        if isinstance(rolemap, pikepdf.Dictionary):
            for k, v in rolemap.items():
                target = name(v)
                if target is not None:
                    self.map[k[1:]] = target
        self._cache: dict[str, tuple[str | None, bool]] = {}

    def resolve(self, stype: str) -> tuple[str | None, bool]:
        """(standard type or None, whether a circular mapping was met)."""
        if stype in self._cache:
            return self._cache[stype]
        seen = [stype]
        current = stype
        result: tuple[str | None, bool]
        while True:
            if current in STANDARD_TYPES:
                result = (current, False)
                break
            nxt = self.map.get(current)
            if nxt is None:
                result = (None, False)
                break
            if nxt in seen:
                result = (None, True)
                break
            seen.append(nxt)
            current = nxt
        self._cache[stype] = result
        return result

    def final(self, stype: str) -> str:
        """The last type the mapping of ``stype`` reaches: its standard type, else the
        non-standard type where the chain ends, else (a cycle) ``stype`` itself."""
        std, circular = self.resolve(stype)
        if std is not None or circular:
            return std or stype
        current = stype
        while current in self.map:
            current = self.map[current]
        return current

    def remapped_standard(self) -> list[tuple[str, str]]:
        return [(k, v) for k, v in self.map.items() if k in STANDARD_TYPES]

    def cycles(self) -> list[list[str]]:
        """Every cycle in the role map, once (as the chain of types that loops, the first
        repeated at the end), whether or not an element uses its types."""
        found: list[list[str]] = []
        reported: set[str] = set()
        for start in sorted(self.map):
            if start in reported:
                continue
            chain = [start]
            current = start
            while current not in STANDARD_TYPES and current in self.map:
                current = self.map[current]
                if current in chain:
                    loop = chain[chain.index(current):]
                    if not reported.intersection(loop):
                        found.append([*loop, current])
                    reported.update(loop)
                    break
                chain.append(current)
        return found


@dataclass
class StructTree:
    root: pikepdf.Dictionary
    rolemap: RoleMap
    top: list[StructElement] = field(default_factory=list)
    elements: dict[tuple[int, int], StructElement] = field(default_factory=dict)  # by objgen
    all: list[StructElement] = field(default_factory=list)  # document (depth-first) order
    objr_parent: dict[tuple[int, int], StructElement] = field(default_factory=dict)
    # Elements met a second time (a cycle, or two parents): (the element, the parent listing it).
    revisits: list[tuple[pikepdf.Dictionary, StructElement | None]] = field(default_factory=list)
    too_deep: bool = False
    _parent_tree: dict[int, pikepdf.Object] | None = None

    def standard_elements(self) -> Iterator[tuple[StructElement, str]]:
        """(element, its standard type) in document order; unmapped elements are left out."""
        for element in self.all:
            if element.std is not None:
                yield element, element.std

    def element_for(self, obj: object) -> StructElement | None:
        try:
            return self.elements.get(obj.objgen)  # type: ignore[attr-defined]
        except AttributeError:
            return None

    @property
    def parent_tree(self) -> dict[int, pikepdf.Object]:
        """The ParentTree number tree as a dict, read once."""
        if self._parent_tree is None:
            self._parent_tree = read_number_tree(self.root.get("/ParentTree"))
        return self._parent_tree


def read_number_tree(tree: object) -> dict[int, pikepdf.Object]:
    out: dict[int, pikepdf.Object] = {}
    if not isinstance(tree, pikepdf.Dictionary):
        return out
    stack = [tree]
    seen: set[tuple[int, int]] = set()
    while stack:
        node = stack.pop()
        og = node.objgen
        if og != (0, 0):
            if og in seen:
                continue
            seen.add(og)
        nums = node.get("/Nums")
        if isinstance(nums, pikepdf.Array):
            for i in range(0, len(nums) - 1, 2):
                k = nums[i]
                if isinstance(k, int):
                    out[int(k)] = nums[i + 1]
        kids = node.get("/Kids")
        if isinstance(kids, pikepdf.Array):
            stack.extend(k for k in kids if isinstance(k, pikepdf.Dictionary))
    return out


def type_of(obj: pikepdf.Dictionary) -> str:
    """An element's /S as written ("?" when it is neither a name nor a string)."""
    return name(obj.get("/S")) or text(obj.get("/S")) or "?"


def is_element(obj: object) -> bool:
    """Whether a kid is a structure element (not an MCID, MCR or OBJR)."""
    if not isinstance(obj, pikepdf.Dictionary):
        return False
    t = obj.get("/Type")
    if t in ("/MCR", "/OBJR"):
        return False
    return "/S" in obj


def _as_list(k: object) -> list:
    if k is None:
        return []
    if isinstance(k, pikepdf.Array):
        return list(k)
    return [k]


def page_numbers(pdf: pikepdf.Pdf) -> dict[tuple[int, int], int]:
    """Page number (1-based) by the page dictionary's (object number, generation)."""
    return {page.obj.objgen: i for i, page in enumerate(pdf.pages, start=1)}


def read_struct_tree(pdf: pikepdf.Pdf,
                     pages: Mapping[tuple[int, int], int] | None = None) -> StructTree | None:
    """The structure tree, or None when the catalog has no /StructTreeRoot dictionary.
    ``pages``: page numbers by objgen, when the caller has them already."""
    root = pdf.Root.get("/StructTreeRoot")
    if not isinstance(root, pikepdf.Dictionary):
        return None
    numbers = pages if pages is not None else page_numbers(pdf)

    def page_of(pg: object) -> int | None:
        try:
            return numbers.get(pg.objgen)  # type: ignore[attr-defined]
        except AttributeError:
            return None

    tree = StructTree(root=root, rolemap=RoleMap(root.get("/RoleMap")))
    seen: set[tuple[int, int]] = set()
    counters: dict[int, dict[str, int]] = {}  # id(parent or None) -> type -> count
    # A lone top-level element is named without an index: "Document/Sect[2]/Figure[1]".
    top_types = [type_of(k) for k in _as_list(root.get("/K")) if is_element(k)]

    def make(obj: pikepdf.Dictionary, keys: set[str], og: tuple[int, int], parent: StructElement | None,
             inherited_page: int | None, depth: int) -> StructElement:
        stype = type_of(obj)
        std, circular = tree.rolemap.resolve(stype)
        counts = counters.setdefault(id(parent), {})
        counts[stype] = counts.get(stype, 0) + 1
        prefix = f"{parent.path}/" if parent else ""
        pg = obj.get("/Pg") if "/Pg" in keys else None
        page = page_of(pg) if pg is not None else inherited_page
        element = StructElement(
            obj=obj,
            type=stype,
            std=std,
            parent=parent,
            path=(stype if parent is None and top_types.count(stype) == 1
                  else f"{prefix}{stype}[{counts[stype]}]"),
            page=page,
            depth=depth,
            circular=circular,
            has_p="/P" in keys,
            num=og[0] or None,
        )
        if og != (0, 0):
            tree.elements[og] = element
        return element

    def add_content(element: StructElement, kid: object) -> None:
        if isinstance(kid, int) and not isinstance(kid, bool):
            ref = MarkedContentRef(element.page, int(kid), None)
            element.mcids.append(ref)
            element.contents.append(ref)
        elif isinstance(kid, pikepdf.Dictionary):
            t = kid.get("/Type")
            pg = kid.get("/Pg")
            if t == "/OBJR" or ("/Obj" in kid and "/MCID" not in kid):
                target = kid.get("/Obj")
                objref = ObjectRef(page_of(pg) if pg is not None else None, target)
                element.objrefs.append(objref)
                element.contents.append(objref)
                if isinstance(target, pikepdf.Dictionary) and target.objgen != (0, 0):
                    tree.objr_parent.setdefault(target.objgen, element)
            elif "/MCID" in kid:
                mcid = kid.get("/MCID")
                if isinstance(mcid, int) and not isinstance(mcid, bool):
                    page = page_of(pg) if pg is not None else element.page
                    ref = MarkedContentRef(page, int(mcid), kid.get("/Stm"))
                    element.mcids.append(ref)
                    element.contents.append(ref)

    # Iterative depth-first walk, keeping document order.
    stack: list[tuple[object, StructElement | None, int | None, int]] = [
        (k, None, None, 0) for k in reversed(_as_list(root.get("/K")))
    ]
    while stack:
        obj, parent, page, depth = stack.pop()
        # is_element(obj), reading the dictionary's keys once
        if not isinstance(obj, pikepdf.Dictionary) or "/S" not in (keys := obj.keys()) \
                or ("/Type" in keys and obj.get("/Type") in ("/MCR", "/OBJR")):
            if parent is not None:
                add_content(parent, obj)
            continue
        og = obj.objgen
        if og != (0, 0):
            if og in seen:
                tree.revisits.append((obj, parent))
                continue
            seen.add(og)
        if depth > MAX_DEPTH:
            tree.too_deep = True
            continue
        element = make(obj, keys, og, parent, page, depth)
        tree.all.append(element)
        if parent is None:
            tree.top.append(element)
        else:
            parent.kids.append(element)
            parent.contents.append(element)
        for kid in reversed(_as_list(obj.get("/K") if "/K" in keys else None)):
            stack.append((kid, element, element.page, depth + 1))
    return tree
