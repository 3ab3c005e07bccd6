"""The structure tree as Python objects: elements, their standard types, pages and paths.

Built once per document from /StructTreeRoot, with role-map resolution (indirect mappings
allowed, cycles detected).  Rules about the tree live in the modules that use it
(structure_rules, tables, lists, headings, elements).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pikepdf

from .context import Context, name, text

STANDARD_TYPES: frozenset[str] = frozenset(
    ["Document", "Part", "Art", "Sect", "Div", "BlockQuote", "Caption", "TOC", "TOCI", "Index", "NonStruct", "Private", "P", "H", "H1", "H2", "H3", "H4", "H5", "H6", "L", "LI", "Lbl", "LBody", "Table", "TR", "TH", "TD", "THead", "TBody", "TFoot", "Span", "Quote", "Note", "Reference", "BibEntry", "Code", "Link", "Annot", "Ruby", "RB", "RT", "RP", "Warichu", "WT", "WP", "Figure", "Formula", "Form"]
)

# Guard against absurd or malicious nesting: deeper trees are reported, not walked.
MAX_DEPTH = 500


@dataclass(eq=False)
class Node:
    """One structure element."""

    obj: pikepdf.Dictionary
    type: str  # the /S value as written
    std: str | None  # the standard type it maps to; None if unmapped or circular
    parent: Node | None
    path: str
    page: int | None
    kids: list[Node] = field(default_factory=list)
    # (page number or None, MCID, content stream object or None) of marked-content kids
    mcids: list[tuple[int | None, int, object]] = field(default_factory=list)
    objrs: list[pikepdf.Object] = field(default_factory=list)  # annotations etc. referenced
    circular: bool = False
    has_p: bool = True
    num: int | None = None  # object number, where the element is an indirect object

    def loc(self) -> dict:
        """Keyword arguments locating this element in a finding."""
        return {"page": self.page, "obj": self.num, "path": self.path}

    @property
    def lang(self) -> str | None:
        v = self.obj.get("/Lang")
        return text(v) if v is not None else None

    def inherited_lang(self) -> str | None:
        node: Node | None = self
        while node is not None:
            lang = node.lang
            if lang:
                return lang
            node = node.parent
        return None

    def kid_types(self) -> list[str]:
        """Standard types of the element kids (unmapped kids show their own type)."""
        return [k.std or k.type for k in self.kids]

    def attr(self, owner: str, key: str) -> pikepdf.Object | None:
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

    def remapped_standard(self) -> list[tuple[str, str]]:
        return [(k, v) for k, v in self.map.items() if k in STANDARD_TYPES]


@dataclass
class StructTree:
    root: pikepdf.Dictionary
    rolemap: RoleMap
    top: list[Node] = field(default_factory=list)
    nodes: dict[tuple[int, int], Node] = field(default_factory=dict)  # by objgen
    all: list[Node] = field(default_factory=list)  # document (depth-first) order
    objr_parent: dict[tuple[int, int], Node] = field(default_factory=dict)
    too_deep: bool = False
    _parent_tree: dict[int, pikepdf.Object] | None = None

    def node_for(self, obj: object) -> Node | None:
        try:
            return self.nodes.get(obj.objgen)  # type: ignore[attr-defined]
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


def _type_of(obj: pikepdf.Dictionary) -> str:
    return name(obj.get("/S")) or text(obj.get("/S")) or "?"


def _is_element(obj: object) -> bool:
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


def build_tree(ctx: Context) -> StructTree | None:
    root = ctx.pdf.Root.get("/StructTreeRoot")
    if not isinstance(root, pikepdf.Dictionary):
        return None
    tree = StructTree(root=root, rolemap=RoleMap(root.get("/RoleMap")))
    seen: set[tuple[int, int]] = set()
    counters: dict[int, dict[str, int]] = {}  # id(parent or None) -> type -> count
    # A lone top-level element is named without an index: "Document/Sect[2]/Figure[1]".
    top_types = [_type_of(k) for k in _as_list(root.get("/K")) if _is_element(k)]

    def make(obj: pikepdf.Dictionary, parent: Node | None, inherited_page: int | None) -> Node:
        stype = _type_of(obj)
        std, circular = tree.rolemap.resolve(stype)
        counts = counters.setdefault(id(parent), {})
        counts[stype] = counts.get(stype, 0) + 1
        prefix = f"{parent.path}/" if parent else ""
        pg = obj.get("/Pg")
        page = ctx.page_of(pg) if pg is not None else inherited_page
        node = Node(
            obj=obj,
            type=stype,
            std=std,
            parent=parent,
            path=(stype if parent is None and top_types.count(stype) == 1
                  else f"{prefix}{stype}[{counts[stype]}]"),
            page=page,
            circular=circular,
            has_p="/P" in obj,
            num=obj.objgen[0] or None,
        )
        if obj.objgen != (0, 0):
            tree.nodes[obj.objgen] = node
        return node

    # Iterative depth-first walk, keeping document order.
    stack: list[tuple[object, Node | None, int | None, int]] = [
        (k, None, None, 0) for k in reversed(_as_list(root.get("/K")))
    ]
    while stack:
        obj, parent, page, depth = stack.pop()
        if not _is_element(obj):
            if parent is not None:
                _add_content_kid(ctx, tree, parent, obj)
            continue
        og = obj.objgen
        if og != (0, 0):
            if og in seen:
                _report_revisit(ctx, obj, parent)
                continue
            seen.add(og)
        if depth > MAX_DEPTH:
            tree.too_deep = True
            continue
        node = make(obj, parent, page)
        tree.all.append(node)
        if parent is None:
            tree.top.append(node)
        else:
            parent.kids.append(node)
        for kid in reversed(_as_list(obj.get("/K"))):
            stack.append((kid, node, node.page, depth + 1))
    _report_rolemap_cycles(ctx, tree.rolemap)
    return tree


def _report_revisit(ctx: Context, obj: pikepdf.Dictionary, parent: Node | None) -> None:
    """An element met a second time while the tree is walked: a cycle when it is an
    ancestor of the element listing it, else an element with two parents."""
    node = parent
    while node is not None:
        if node.obj.objgen == obj.objgen:
            ctx.add("7.1", "structure-tree-cycle",
                    f"The /K of {parent.path} leads back to {node.path}, an element above it "
                    "(the structure tree loops)", **parent.loc())
            return
        node = node.parent
    where = parent.loc() if parent is not None else {}
    ctx.add("7.1", "structure-element-twice",
            f"The structure element {obj.objgen[0]} ({_type_of(obj)}) is a kid of more than one "
            "element; each element has one parent", **where)


def _report_rolemap_cycles(ctx: Context, rolemap: RoleMap) -> None:
    """Every cycle in the role map, once, whether or not an element uses its types."""
    reported: set[str] = set()
    for start in sorted(rolemap.map):
        if start in reported:
            continue
        chain = [start]
        current = start
        while current not in STANDARD_TYPES and current in rolemap.map:
            current = rolemap.map[current]
            if current in chain:
                loop = chain[chain.index(current):]
                if not reported.intersection(loop):
                    ctx.add("7.1", "rolemap-cycle",
                            "The role map maps " + " \u2192 ".join([*loop, current])
                            + " in a circle: none of these types has a standard type")
                reported.update(loop)
                break
            chain.append(current)


def _add_content_kid(ctx: Context, tree: StructTree, node: Node, kid: object) -> None:
    if isinstance(kid, int):
        node.mcids.append((node.page, int(kid), None))
    elif isinstance(kid, pikepdf.Dictionary):
        t = kid.get("/Type")
        pg = kid.get("/Pg")
        page = ctx.page_of(pg) if pg is not None else node.page
        if t == "/OBJR" or ("/Obj" in kid and "/MCID" not in kid):
            target = kid.get("/Obj")
            if isinstance(target, pikepdf.Dictionary):
                node.objrs.append(target)
                if target.objgen != (0, 0):
                    tree.objr_parent.setdefault(target.objgen, node)
        elif "/MCID" in kid:
            mcid = kid.get("/MCID")
            if isinstance(mcid, int):
                node.mcids.append((page, int(mcid), kid.get("/Stm")))
