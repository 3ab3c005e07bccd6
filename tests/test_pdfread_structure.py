"""pipeline.pdfread: what the shared reader makes of a structure tree, glyph names and a
simple font's codes (the checker and the review tools both build on these answers)."""
from __future__ import annotations

import pikepdf

from pipeline.pdfread.fonts import FontDecoder
from pipeline.pdfread.glyphnames import glyph_unicode, in_glyph_list
from pipeline.pdfread.structure import MarkedContentRef, ObjectRef, StructElement, read_struct_tree

N = pikepdf.Name


def tagged_pdf() -> tuple[pikepdf.Pdf, dict[str, pikepdf.Object]]:
    """Document > (Sect > (MCID 0, Chapter (role-mapped to H1) > MCID 1, Link > OBJR, MCR 2),
    Loop (role map A -> B -> A)), and the Sect listed twice under the root."""
    pdf = pikepdf.new()
    pdf.add_blank_page()
    page = pdf.pages[0].obj
    annot = pdf.make_indirect(pikepdf.Dictionary(Type=N.Annot, Subtype=N.Link, Rect=[0, 0, 10, 10]))
    page.Annots = pikepdf.Array([annot])
    root = pdf.make_indirect(pikepdf.Dictionary(Type=N.StructTreeRoot))
    doc = pdf.make_indirect(pikepdf.Dictionary(Type=N.StructElem, S=N.Document, P=root))
    sect = pdf.make_indirect(pikepdf.Dictionary(Type=N.StructElem, S=N.Sect, P=doc, Pg=page))
    chapter = pdf.make_indirect(pikepdf.Dictionary(Type=N.StructElem, S=N.Chapter, P=sect, K=1))
    link = pdf.make_indirect(pikepdf.Dictionary(Type=N.StructElem, S=N.Link, P=sect))
    link.K = pikepdf.Dictionary(Type=N.OBJR, Obj=annot)
    mcr = pikepdf.Dictionary(Type=N.MCR, MCID=2, Pg=page)
    sect.K = pikepdf.Array([0, chapter, link, mcr])
    loop = pdf.make_indirect(pikepdf.Dictionary(Type=N.StructElem, S=N.A, P=doc))
    doc.K = pikepdf.Array([sect, loop, sect])
    root.K = doc
    root.RoleMap = pikepdf.Dictionary(Chapter=N.H1, A=N.B, B=N.A, Custom=N.Unmapped)
    pdf.Root.StructTreeRoot = root
    return pdf, {"annot": annot, "sect": sect, "page": page}


def test_elements_paths_types_and_kids_in_k_order() -> None:
    pdf, objs = tagged_pdf()
    tree = read_struct_tree(pdf)
    assert tree is not None
    assert [(e.path, e.std, e.depth) for e in tree.all] == [
        ("Document", "Document", 0),
        ("Document/Sect[1]", "Sect", 1),
        ("Document/Sect[1]/Chapter[1]", "H1", 2),
        ("Document/Sect[1]/Link[1]", "Link", 2),
        ("Document/A[1]", None, 1),
    ]
    sect = tree.all[1]
    assert [type(k).__name__ for k in sect.contents] == [
        "MarkedContentRef", "StructElement", "StructElement", "MarkedContentRef"]
    assert sect.mcids == [MarkedContentRef(1, 0, None), MarkedContentRef(1, 2, None)]
    chapter, link = sect.kids
    assert chapter.mcids == [MarkedContentRef(1, 1, None)]  # the page is inherited from Sect
    assert link.objrefs == [ObjectRef(None, objs["annot"])] and link.objrs == [objs["annot"]]
    assert tree.objr_parent[objs["annot"].objgen] is link
    assert [e.path for e in tree.all[0].walk()] == [e.path for e in tree.all]
    assert isinstance(tree.element_for(objs["sect"]), StructElement)


def test_revisits_and_role_map_cycles_are_recorded_not_walked() -> None:
    pdf, objs = tagged_pdf()
    tree = read_struct_tree(pdf)
    assert tree is not None
    assert [(obj.objgen, parent.path if parent else None) for obj, parent in tree.revisits] == [
        (objs["sect"].objgen, "Document")]
    loop = tree.all[-1]
    assert loop.circular and loop.std is None
    assert tree.rolemap.cycles() == [["A", "B", "A"]]
    assert tree.rolemap.final("Chapter") == "H1"
    assert tree.rolemap.final("Custom") == "Unmapped"  # where the chain ends, though not standard
    assert tree.rolemap.final("A") == "A"


def test_no_structure_tree() -> None:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    assert read_struct_tree(pdf) is None


def test_glyph_names_follow_the_adobe_glyph_list() -> None:
    assert glyph_unicode("f_i") == "fi"
    assert glyph_unicode("uni00410042") == "AB"
    assert glyph_unicode("a.sc") == "a"
    assert glyph_unicode("u1F600") == "\U0001F600"
    assert glyph_unicode("dalethatafpatah") == "\u05d3\u05b2"  # an AGL name for two code points
    assert glyph_unicode(".notdef") is None and glyph_unicode("") is None
    assert in_glyph_list("germandbls") and not in_glyph_list("uni00DF")


def test_simple_font_codes_without_tounicode() -> None:
    """WinAnsi: 0xAD is the soft hyphen and 0xA0 the no-break space (ISO 32000-1, Annex D);
    Differences name glyphs; a code nothing maps is U+FFFD."""
    font = pikepdf.Dictionary(Type=N.Font, Subtype=N.Type1, BaseFont=N.Helvetica,
                              Encoding=pikepdf.Dictionary(BaseEncoding=N.WinAnsiEncoding,
                                                          Differences=[0x41, N.f_i, N.nosuchglyph]))
    text = "".join(g.text for g in FontDecoder(font).decode(b"Ge\xadteilt\xa0\x80AB\x81"))
    assert text == "Ge\u00adteilt\u00a0\u20acfi\ufffd\u2022"
