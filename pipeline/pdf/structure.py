"""Structure tree + tag record -> /StructTreeRoot, /ParentTree, /StructParents, /Tabs."""
from __future__ import annotations

from dataclasses import dataclass, field

import pikepdf
from pikepdf import Array, Dictionary, Name

from ..errors import BuildError
from ..tagging import FIRST_ANNOTATION_KEY, AnnotationRef, MarkedContent, StructNode, TagRecord


@dataclass
class _Build:
    """State of one conversion: the pdf, its pages, what has been linked so far."""
    pdf: pikepdf.Pdf
    record: TagRecord
    pages: list[pikepdf.Dictionary]
    annotations: dict[int, pikepdf.Object]
    by_mcid: list[dict[int, pikepdf.Dictionary]] = field(default_factory=list)
    by_annotation: list[tuple[pikepdf.Object, pikepdf.Dictionary]] = field(default_factory=list)
    ids: dict[str, pikepdf.Dictionary] = field(default_factory=dict)


def _pdf_value(value):
    if isinstance(value, str):
        return Name("/" + value)
    if isinstance(value, (list, tuple)):
        return Array([_pdf_value(v) if not isinstance(v, (int, float)) else v for v in value])
    return value


def _element(b: _Build, node: StructNode, parent: pikepdf.Object) -> pikepdf.Dictionary | None:
    elem = b.pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name("/" + node.role), P=parent))
    kids: list = []
    first_page: int | None = None
    for item in [*node.children, *b.record.content.get(node, [])]:
        if isinstance(item, StructNode):
            child = _element(b, item, elem)
            if child is not None:
                kids.append(child)
            for follower in item.after:  # read right after the element (its footnotes)
                child = _element(b, follower, elem)
                if child is not None:
                    kids.append(child)
        elif isinstance(item, MarkedContent):
            if first_page is None:
                first_page = item.page
            if item.page == first_page:
                kids.append(item.mcid)
            else:
                kids.append(Dictionary(Type=Name.MCR, Pg=b.pages[item.page], MCID=item.mcid))
            b.by_mcid[item.page][item.mcid] = elem
        elif isinstance(item, AnnotationRef):
            annot = b.annotations.pop(item.key, None)
            if annot is None:
                raise BuildError(f"annotation of {node!r} not found on page {item.page + 1}")
            kids.append(Dictionary(Type=Name.OBJR, Obj=annot, Pg=b.pages[item.page]))
            b.by_annotation.append((annot, elem))
    if not kids:
        return None
    if first_page is None:
        first_page = _first_page(b, node)
    if first_page is not None:
        elem.Pg = b.pages[first_page]
    elem.K = kids[0] if len(kids) == 1 else Array(kids)
    for key, value in (("Lang", node.lang), ("Alt", node.alt), ("ActualText", node.actual_text),
                       ("T", node.title), ("ID", node.id)):
        if value:
            elem[Name("/" + key)] = pikepdf.String(value)
    attributes = [Dictionary(O=Name("/" + owner), **{k: _pdf_value(v) for k, v in attrs.items()})
                  for owner, attrs in node.attributes.items()]
    if node in b.record.bboxes:
        _, bbox = b.record.bboxes[node]
        attributes.append(Dictionary(O=Name.Layout, BBox=Array([round(v, 2) for v in bbox])))
    if attributes:
        elem.A = attributes[0] if len(attributes) == 1 else Array(attributes)
    if node.id:
        b.ids[node.id] = elem
    return elem


def _first_page(b: _Build, node: StructNode) -> int | None:
    for item in b.record.content.get(node, []):
        if isinstance(item, (MarkedContent, AnnotationRef)):
            return item.page
    return None


def _find_annotations(pages: list[pikepdf.Dictionary]) -> dict[int, pikepdf.Object]:
    found: dict[int, pikepdf.Object] = {}
    for number, page in enumerate(pages, start=1):
        for annot in page.get("/Annots", []):
            key = annot.get("/StructParent")
            if key is None or int(key) < FIRST_ANNOTATION_KEY:  # not written by the canvas
                raise BuildError(f"page {number}: an annotation ({annot.get('/Subtype')}) belongs to "
                                 "no structure element")
            found[int(key)] = annot
    return found


def _empty_nodes(root: StructNode, record: TagRecord) -> list[StructNode]:
    """Nodes that drew nothing: content lost by the layout, never allowed to pass."""
    def has_content(node: StructNode) -> bool:
        return bool(record.content.get(node)) or any(has_content(c) for c in node.children)
    return [n for n in root.walk() if not has_content(n)]


def write_structure(pdf: pikepdf.Pdf, root: StructNode, record: TagRecord) -> None:
    empty = _empty_nodes(root, record)
    if empty:
        raise BuildError("structure elements with no content: " + ", ".join(map(repr, empty[:10])))
    pages = [p.obj for p in pdf.pages]
    b = _Build(pdf, record, pages, _find_annotations(pages))
    b.by_mcid = [dict() for _ in pages]
    tree_root = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    document = _element(b, root, tree_root)
    if b.annotations:
        raise BuildError(f"{len(b.annotations)} annotation(s) not linked into the structure tree")
    parent_tree = pikepdf.NumberTree.new(pdf)
    for index, (page, owners) in enumerate(zip(pages, b.by_mcid, strict=True)):
        if owners:
            if sorted(owners) != list(range(len(owners))):
                raise BuildError(f"page {index + 1}: marked-content ids are not dense")
            parent_tree[index] = pdf.make_indirect(Array([owners[i] for i in range(len(owners))]))
            page.StructParents = index
        page.Tabs = Name.S
    key = len(pages)
    for annot, elem in b.by_annotation:
        annot.StructParent = key
        parent_tree[key] = elem
        key += 1
    tree_root.K = document
    tree_root.ParentTree = parent_tree.obj
    tree_root.ParentTreeNextKey = key
    if b.ids:
        ids = pikepdf.NameTree.new(pdf)
        for ident, elem in sorted(b.ids.items()):
            ids[ident] = elem
        tree_root.IDTree = ids.obj
    pdf.Root.StructTreeRoot = tree_root
    pdf.Root.MarkInfo = Dictionary(Marked=True)
