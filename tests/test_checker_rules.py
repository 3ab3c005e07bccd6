"""Rules the corpus does not reach, on small PDFs made here: the content walker (forms,
appearance streams, nesting, MCIDs), ParentTree consistency, XObjects, headings, tables."""
from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest
from test_checker_cli import make_tagged_pdf

from pipeline.checker import check_file, check_pdf
from pipeline.checker.content import ContentWalker
from pipeline.checker.context import Context
from pipeline.checker.structure_rules import build_tree

N = pikepdf.Name


def font(pdf: pikepdf.Pdf, base: str) -> pikepdf.Dictionary:
    return pdf.make_indirect(pikepdf.Dictionary(Type=N.Font, Subtype=N.Type1, BaseFont=N(f"/{base}"),
                                                Encoding=N.WinAnsiEncoding))


def elements(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    return list(pdf.Root.StructTreeRoot.K.K)


def rules(pdf: pikepdf.Pdf) -> set[tuple[str, str]]:
    return {(f.clause, f.rule) for f in check_pdf(pdf).findings if not f.clause.startswith("7.21")}


@pytest.fixture
def pdf(tmp_path: Path) -> pikepdf.Pdf:
    """A conforming one-page file (one P with MCID 0), open for modification."""
    return pikepdf.open(make_tagged_pdf(tmp_path / "base.pdf"))


def set_content(pdf: pikepdf.Pdf, data: bytes, page: int = 0) -> None:
    pdf.pages[page].obj.Contents = pdf.make_stream(data)


class Sink:
    def __init__(self) -> None:
        self.shown: list[tuple[str, bytes, int | None, int | None]] = []

    def on_show_text(self, font, codes, page, render_mode=None) -> None:
        self.shown.append((str(font.BaseFont)[1:], codes, page, render_mode))


def test_base_file_conforms(pdf: pikepdf.Pdf) -> None:
    assert rules(pdf) == set()


def test_walker_reports_text_in_forms_appearances_and_tj(pdf: pikepdf.Pdf) -> None:
    page = pdf.pages[0].obj
    form = pdf.make_stream(b"BT /G 9 Tf (in form) Tj ET", Type=N.XObject, Subtype=N.Form,
                           BBox=[0, 0, 10, 10],
                           Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(G=font(pdf, "Courier"))))
    ap = pdf.make_stream(b"BT /H 9 Tf (in appearance) Tj ET", Type=N.XObject, Subtype=N.Form,
                         BBox=[0, 0, 10, 10],
                         Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(H=font(pdf, "Symbol"))))
    page.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F=font(pdf, "Helvetica")),
                                        XObject=pikepdf.Dictionary(X=form))
    page.Annots = pdf.make_indirect(pikepdf.Array([pdf.make_indirect(pikepdf.Dictionary(
        Type=N.Annot, Subtype=N.Square, Rect=[0, 0, 5, 5], AP=pikepdf.Dictionary(N=ap)))]))
    set_content(pdf, b"/P <</MCID 0>> BDC BT /F 12 Tf 3 Tr [(a) 10 (b)] TJ q /X Do Q (c) ' ET EMC")
    ctx = Context(pdf=pdf, file="t")
    ctx.tree = build_tree(ctx)
    sink = Sink()
    walker = ContentWalker(ctx, sink)
    walker.walk_page(pdf.pages[0], 1)
    assert sink.shown == [
        ("Helvetica", b"ab", 1, 3),         # a TJ's strings (of one simple font) come as one
        ("Courier", b"in form", 1, 3),      # the form inherits the text state
        ("Helvetica", b"c", 1, 3),          # Q restored nothing the form changed
        ("Symbol", b"in appearance", 1, 0),
    ]
    assert ctx.findings == []  # the form's text is inside the page's tagged sequence


def test_untagged_painting(pdf: pikepdf.Pdf) -> None:
    set_content(pdf, b"/P <</MCID 0>> BDC 0 0 1 1 re f EMC 0 0 1 1 re S 0 0 1 1 re n")
    findings = [f for f in check_pdf(pdf).findings if f.rule == "content-not-tagged"]
    assert len(findings) == 1 and findings[0].page == 1 and findings[0].message.startswith("1 ")


def test_artifact_and_tagged_content_do_not_mix(pdf: pikepdf.Pdf) -> None:
    set_content(pdf, b"/P <</MCID 0>> BDC /Artifact BMC 0 0 1 1 re f EMC EMC")
    assert ("7.1", "artifact-inside-tagged-content") in rules(pdf)
    set_content(pdf, b"/Artifact BMC /P <</MCID 0>> BDC 0 0 1 1 re f EMC EMC")
    assert ("7.1", "tagged-content-inside-artifact") in rules(pdf)


def test_marked_content_crossing_text_object(pdf: pikepdf.Pdf) -> None:
    set_content(pdf, b"/P <</MCID 0>> BDC BT EMC ET")
    assert ("7.1", "marked-content-bad-nesting") in rules(pdf)
    set_content(pdf, b"BT /P <</MCID 0>> BDC EMC ET /Artifact BMC")
    assert ("7.1", "marked-content-bad-nesting") in rules(pdf)


def test_mcid_outside_parent_tree_and_duplicates(pdf: pikepdf.Pdf) -> None:
    set_content(pdf, b"/P <</MCID 0>> BDC 0 0 1 1 re f EMC /P <</MCID 0>> BDC EMC /P <</MCID 7>> BDC EMC")
    r = rules(pdf)
    assert ("7.1", "duplicate-mcid") in r and ("7.1", "mcid-not-in-structure") in r


def test_parent_tree_names_the_wrong_element(pdf: pikepdf.Pdf) -> None:
    doc = pdf.Root.StructTreeRoot.K
    other = pdf.make_indirect(pikepdf.Dictionary(Type=N.StructElem, S=N.P, P=doc, K=5))
    doc.K.append(other)
    pdf.Root.StructTreeRoot.ParentTree.Nums[1][0] = other
    assert ("7.1", "parent-tree-mismatch") in rules(pdf)


def test_form_xobjects(pdf: pikepdf.Pdf) -> None:
    form = pdf.make_stream(b"/P <</MCID 0>> BDC 0 0 1 1 re f EMC", Type=N.XObject, Subtype=N.Form,
                           BBox=[0, 0, 1, 1], StructParents=1)
    ref = pdf.make_stream(b"", Type=N.XObject, Subtype=N.Form, BBox=[0, 0, 1, 1],
                          Ref=pikepdf.Dictionary(F=pikepdf.String("x.pdf"), Page=0))
    pdf.pages[0].obj.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(X=form, R=ref))
    set_content(pdf, b"/P <</MCID 0>> BDC EMC /Figure <</MCID 1>> BDC /X Do /X Do EMC "
                     b"/Artifact BMC /R Do EMC")
    r = rules(pdf)
    assert ("7.20", "form-with-mcids-reused") in r and ("7.20", "reference-xobject") in r


def test_language(pdf: pikepdf.Pdf) -> None:
    set_content(pdf, b"/P <</MCID 0 /Lang (en-GB-oxendict-x)>> BDC EMC /Span <</Lang ()>> BDC EMC")
    assert ("7.2", "invalid-lang") in rules(pdf)
    del pdf.Root.Lang
    set_content(pdf, b"/P <</MCID 0>> BDC BT (x) Tj ET EMC")
    assert ("7.2", "text-lang-unknown") in rules(pdf)
    elements(pdf)[0].Lang = pikepdf.String("de")  # inherited through the MCID's element
    assert ("7.2", "text-lang-unknown") not in rules(pdf)


def add_elements(pdf: pikepdf.Pdf, parent: pikepdf.Dictionary, *types: str) -> list[pikepdf.Dictionary]:
    out = []
    for t in types:
        e = pdf.make_indirect(pikepdf.Dictionary(Type=N.StructElem, S=N(f"/{t}"), P=parent,
                                                 K=pikepdf.Array()))
        if not isinstance(parent.get("/K"), pikepdf.Array):
            parent.K = pikepdf.Array([] if parent.get("/K") is None else [parent.K])
        parent.K.append(e)
        out.append(e)
    return out


def test_headings(pdf: pikepdf.Pdf) -> None:
    doc = pdf.Root.StructTreeRoot.K
    add_elements(pdf, doc, "H1", "H3")
    assert ("7.4.2", "heading-level-skipped") in rules(pdf)
    add_elements(pdf, doc, "H", "H")
    r = rules(pdf)
    assert ("7.4.4", "mixed-h-and-hn") in r and ("7.4.4", "several-h-in-node") in r


def test_role_map(pdf: pikepdf.Pdf) -> None:
    doc = pdf.Root.StructTreeRoot.K
    add_elements(pdf, doc, "Chapter", "Loop", "Unknown")
    pdf.Root.StructTreeRoot.RoleMap = pikepdf.Dictionary(Chapter=N.Sect, Loop=N.Loop2, Loop2=N.Loop, P=N.Span)
    r = rules(pdf)
    assert ("7.1", "circular-role-mapping") in r and ("7.1", "non-standard-type") in r
    assert ("7.1", "standard-type-remapped") in r
    paths = {f.path for f in check_pdf(pdf).findings if f.rule == "non-standard-type"}
    assert paths == {"Document/Unknown[1]"}


def table(pdf: pikepdf.Pdf, rows: list[list[tuple[str, dict]]]) -> pikepdf.Dictionary:
    (t,) = add_elements(pdf, pdf.Root.StructTreeRoot.K, "Table")
    for row in rows:
        (tr,) = add_elements(pdf, t, "TR")
        for kind, attrs in row:
            (cell,) = add_elements(pdf, tr, kind)
            if attrs:
                cell.A = pikepdf.Dictionary(O=N.Table, **attrs)
    return t


def test_table_grid_and_headers(pdf: pikepdf.Pdf) -> None:
    scope = {"Scope": N.Column}
    table(pdf, [[("TH", scope), ("TH", scope)], [("TD", {"ColSpan": 2})], [("TD", {}), ("TD", {})]])
    assert rules(pdf) == set()
    table(pdf, [[("TH", {}), ("TH", scope)], [("TD", {}), ("TD", {"RowSpan": 2})]])
    r = rules(pdf)
    assert ("7.2", "table-irregular-columns") in r and ("7.5", "th-no-scope") in r
    ids = pdf.Root.StructTreeRoot.K.K[-1].K[0].K
    ids[0].ID = pikepdf.String("h1")
    ids[1].ID = pikepdf.String("h2")
    for cell in pdf.Root.StructTreeRoot.K.K[-1].K[1].K:
        cell.A = pikepdf.Dictionary(O=N.Table, Headers=pikepdf.Array([pikepdf.String("h1")]))
    r = rules(pdf)
    assert ("7.5", "th-no-scope") not in r  # determinable through Headers and IDs


def test_many_pages(tmp_path: Path) -> None:
    """Not a timing test (a benchmark elsewhere covers speed): a 60-page file checks clean."""
    path = make_tagged_pdf(tmp_path / "many.pdf", pages=60)
    report = check_file(path)
    assert report.pages == 60 and report.ok, report.findings


def test_exponential_form_nesting_is_refused_not_hung(pdf: pikepdf.Pdf, tmp_path: Path) -> None:
    """Form n paints form n+1 twice, 30 levels deep: 2**30 walks if followed naively."""
    from pipeline.checker import CheckerInputError

    inner = pdf.make_stream(b"0 0 1 1 re f", Type=N.XObject, Subtype=N.Form, BBox=[0, 0, 1, 1])
    for _ in range(30):
        inner = pdf.make_stream(b"/A Do /A Do", Type=N.XObject, Subtype=N.Form, BBox=[0, 0, 1, 1],
                                Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(A=inner)))
    pdf.pages[0].obj.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(A=inner))
    set_content(pdf, b"/Artifact BMC /A Do EMC")
    path = tmp_path / "bomb.pdf"
    pdf.save(path)
    with pytest.raises(CheckerInputError, match="could not be checked"):
        check_file(path)


def test_duplicate_note_ids_name_each_note(pdf: pikepdf.Pdf) -> None:
    for note in add_elements(pdf, pdf.Root.StructTreeRoot.K, "Note", "Note"):
        note.ID = pikepdf.String("n1")
    paths = [f.path for f in check_pdf(pdf).findings if f.rule == "note-duplicate-id"]
    assert paths == ["Document/Note[1]", "Document/Note[2]"]


def test_parent_links(pdf: pikepdf.Pdf) -> None:
    p = elements(pdf)[0]
    p.P = pdf.Root.StructTreeRoot
    assert ("7.1", "element-wrong-parent") in rules(pdf)
    del p.P
    assert ("7.1", "element-without-parent") in rules(pdf)
