"""A small tagged PDF made by hand, with every feature the review tools read.

Used by the tests and handy for trying the tools out
(``python -m pipeline.review.sample out.pdf``). Two A4 pages, document language
German, with: a header artifact; a role-mapped heading (Heading1 -> H1); a
paragraph whose word is split by a soft hyphen across lines and that holds an
English Span; a vector Figure with /Alt; a Link with an OBJR annotation and
/Contents; a Span with /ActualText and one with /E; an MCR dictionary kid; on
page 2 a heading in a Type0 (Identity-H) font with a /ToUnicode CMap, an
image Figure with /Alt, and a paragraph whose first part is marked content in a
form XObject (an MCR with /Stm) and whose second is a marked-content sequence
with its own /Lang.

What a screen reader should get from it is ``EXPECTED_TEXT``.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, String

EXPECTED_TEXT = """\
Smart Grids
Die Energie fließt im [lang=en] Smart Grid [/lang] in beide Richtungen.
[Figure: Diagramm: Strom fließt zwischen Haushalten und Netz.]
Mehr unter example.org [Link: Website von Example]
Formel: H2O, z. B. [expansion: zum Beispiel] zwei Atome.
Zweite Seite
[Figure: Foto eines Umspannwerks]
Aus dem Formular: [lang=fr-FR] Bonjour [/lang]"""

PAGE1 = b"""\
/Artifact <</Type /Pagination /Subtype /Header>> BDC
BT /F1 9 Tf 56 800 Td (Kopfzeile) Tj ET
EMC
/H1 <</MCID 0>> BDC
BT /F1 24 Tf 56 740 Td (Smart Grids) Tj ET
EMC
BT /F1 12 Tf 56 700 Td 14 TL
/P <</MCID 1>> BDC (Die Ener\\255) Tj T* (gie flie\\337t im ) Tj EMC
/Span <</MCID 2>> BDC (Smart Grid) Tj EMC
/P <</MCID 3>> BDC ( in beide Richtungen.) Tj EMC
ET
/Figure <</MCID 4>> BDC
0.2 0.4 0.8 rg 56 500 200 120 re f
EMC
BT /F1 12 Tf 56 460 Td
/P <</MCID 5>> BDC (Mehr unter ) Tj EMC
/Link <</MCID 6>> BDC (example.org) Tj EMC
ET
BT /F1 12 Tf 56 430 Td
/P <</MCID 7>> BDC (Formel: ) Tj EMC
/Span <</MCID 8>> BDC (H) Tj 0 -3 Ts (2) Tj 0 Ts (O) Tj EMC
/P <</MCID 9>> BDC (, ) Tj EMC
/Span <</MCID 10>> BDC (z. B.) Tj EMC
/P <</MCID 11>> BDC ( zwei Atome.) Tj EMC
ET
"""

PAGE2 = b"""\
/H2 <</MCID 0>> BDC
BT /F2 18 Tf 56 760 Td <000100020003000400050003000600070003000400050003> Tj ET
EMC
/Figure <</MCID 1>> BDC
q 150 0 0 100 56 600 cm /Im1 Do Q
EMC
/Artifact BMC
BT /F1 9 Tf 56 40 Td (Seite 2) Tj ET
EMC
/Fm1 Do
BT /F1 12 Tf 200 400 Td
/Span <</Lang (fr-FR) /MCID 2>> BDC (Bonjour) Tj EMC
ET
"""

# A form XObject with its own marked content (/StructParents), drawn 100 pt lower by its /Matrix.
FORM = b"""\
/P <</MCID 0>> BDC
BT /F1 12 Tf 56 500 Td (Aus dem Formular:) Tj ET
EMC
"""

# "Zweite Seite" in the Type0 font (two-byte codes, CID = code)
_TYPE0_MAP = {1: "Z", 2: "w", 3: "e", 4: "i", 5: "t", 6: " ", 7: "S"}
TOUNICODE = (
    b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
    b"/CMapName /Sample-UCS def /CMapType 2 def\n"
    b"1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
    + f"{len(_TYPE0_MAP)} beginbfchar\n".encode()
    + b"".join(f"<{k:04X}> <{ord(v):04X}>\n".encode() for k, v in _TYPE0_MAP.items())
    + b"endbfchar\nendcmap CMapName currentdict /CMap defineresource pop end end\n"
)


def build_sample(path: str | Path) -> Path:
    """Write the sample tagged PDF to ``path`` and return the path."""
    pdf = pikepdf.new()
    helv = pdf.make_indirect(Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica,
                                        Encoding=Name.WinAnsiEncoding))
    cidfont = Dictionary(Type=Name.Font, Subtype=Name.CIDFontType2, BaseFont=Name("/SampleSans"),
                         CIDSystemInfo=Dictionary(Registry=String("Adobe"), Ordering=String("Identity"), Supplement=0),
                         DW=600, W=Array([1, Array([600, 700, 500, 280, 330, 280, 560])]))
    type0 = pdf.make_indirect(Dictionary(Type=Name.Font, Subtype=Name.Type0, BaseFont=Name("/SampleSans"),
                                         Encoding=Name("/Identity-H"), DescendantFonts=Array([cidfont]),
                                         ToUnicode=pdf.make_stream(TOUNICODE)))
    image = pdf.make_stream(bytes([90, 140, 200, 200, 200, 120, 60, 60, 60, 240, 240, 240]),
                            Type=Name.XObject, Subtype=Name.Image, Width=2, Height=2,
                            ColorSpace=Name.DeviceRGB, BitsPerComponent=8)
    form = pdf.make_stream(FORM, Type=Name.XObject, Subtype=Name.Form, BBox=Array([0, 0, 595, 842]),
                           Matrix=Array([1, 0, 0, 1, 0, -100]), StructParents=3,
                           Resources=Dictionary(Font=Dictionary(F1=helv)))
    resources = Dictionary(Font=Dictionary(F1=helv, F2=type0), XObject=Dictionary(Im1=image, Fm1=form))
    for content in (PAGE1, PAGE2):
        page = pikepdf.Page(Dictionary(Type=Name.Page, MediaBox=Array([0, 0, 595, 842]),
                                       Contents=pdf.make_stream(content), Resources=resources))
        pdf.pages.append(page)
    p1, p2 = pdf.pages[0].obj, pdf.pages[1].obj
    p1.StructParents, p2.StructParents = 0, 1

    annot = pdf.make_indirect(Dictionary(
        Type=Name.Annot, Subtype=Name.Link, Rect=Array([56, 456, 125, 470]), Border=Array([0, 0, 0]),
        Contents=String("Website von Example"), StructParent=2, P=p1,
        A=Dictionary(S=Name.URI, URI=String("https://example.org/")),
    ))
    p1.Annots = Array([annot])
    p1.Tabs = Name.S
    p2.Tabs = Name.S

    def elem(s: str, parent: Dictionary, pg: Dictionary, kids: list, **extra: object) -> Dictionary:
        e = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name("/" + s), P=parent, Pg=pg))
        for k, v in extra.items():
            e[Name("/" + k)] = String(v) if isinstance(v, str) else v
        e.K = Array(kids)
        return e

    root = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    doc = elem("Document", root, p1, [])
    h1 = elem("Heading1", doc, p1, [0])
    span_en = elem("Span", doc, p1, [2], Lang="en")
    para = elem("P", doc, p1, [1, span_en, 3])
    span_en.P = para
    fig = elem("Figure", doc, p1, [4], Alt="Diagramm: Strom fließt zwischen Haushalten und Netz.")
    fig.A = Dictionary(O=Name.Layout, BBox=Array([56, 500, 256, 620]))
    link = elem("Link", doc, p1, [6])
    link.K = Array([6, Dictionary(Type=Name.OBJR, Obj=annot, Pg=p1)])
    para2 = elem("P", doc, p1, [5, link])
    link.P = para2
    formula = elem("Span", doc, p1, [8], ActualText="H2O")
    abbr = elem("Span", doc, p1, [10], E="zum Beispiel")
    para3 = elem("P", doc, p1, [7, formula, 9, abbr, 11])
    formula.P = abbr.P = para3
    h2 = elem("H2", doc, p2, [Dictionary(Type=Name.MCR, Pg=p2, MCID=0)])
    fig2 = elem("Figure", doc, p2, [1], Alt="Foto eines Umspannwerks")
    para4 = elem("P", doc, p2, [Dictionary(Type=Name.MCR, Pg=p2, Stm=form, MCID=0), 2])
    doc.K = Array([h1, para, fig, para2, para3, h2, fig2, para4])
    root.K = doc
    root.RoleMap = Dictionary(Heading1=Name.H1)
    root.ParentTree = pdf.make_indirect(Dictionary(Nums=Array([
        0, Array([h1, para, span_en, para, fig, para2, link, para3, formula, para3, abbr, para3]),
        1, Array([h2, fig2, para4]),
        2, link,
        3, Array([para4]),
    ])))
    root.ParentTreeNextKey = 4
    pdf.Root.StructTreeRoot = root
    pdf.Root.MarkInfo = Dictionary(Marked=True)
    pdf.Root.Lang = String("de-DE")
    pdf.Root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
    with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["dc:title"] = "Stichprobe: Smart Grids"
    pdf.docinfo.Title = "Stichprobe: Smart Grids"
    out = Path(path)
    pdf.save(out)
    return out


def build_untagged(path: str | Path) -> Path:
    """A one-page PDF with text and no structure tree."""
    pdf = pikepdf.new()
    helv = Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica)
    pdf.pages.append(pikepdf.Page(Dictionary(
        Type=Name.Page, MediaBox=Array([0, 0, 595, 842]), Resources=Dictionary(Font=Dictionary(F1=helv)),
        Contents=pdf.make_stream(b"BT /F1 12 Tf 56 780 Td (Untagged) Tj ET"))))
    out = Path(path)
    pdf.save(out)
    return out


if __name__ == "__main__":  # pragma: no cover
    print(build_sample(sys.argv[1] if len(sys.argv) > 1 else "sample-tagged.pdf"))
