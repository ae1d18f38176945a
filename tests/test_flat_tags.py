"""Runs of text attached to their own elements (:mod:`ecole.exports.flat_tags`): the Spans
WeasyPrint writes around single runs go, the tagged content and its order stay."""

from __future__ import annotations

import shutil
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name

from ecole.exports.flat_tags import attach_file, attach_runs
from ecole.exports.pdf import DocumentInfo, PdfJob, html_document, render, stylesheet

_BODY = (
    "<h2>Un titre</h2>"
    "<p>Du texte, <strong>des mots forts</strong>, <em>d'autres penchés</em> et "
    '<a href="https://exemple.fr/">un lien</a>, puis la suite.</p>'
    "<ul><li>Un point <strong>fort</strong></li><li>Un autre</li></ul>"
    + "<p>Un long paragraphe qui passe d'une page à l'autre. </p>" * 2
    + "<p>"
    + "Encore une phrase assez longue pour remplir des lignes. " * 120
    + "</p>"
)


def _runs_in_tree_order(pdf: pikepdf.Pdf) -> list[tuple[int, int]]:
    """(page, MCID) of every run, in the order of the structure tree, as a reader takes them."""
    pages = {page.objgen: number for number, page in enumerate(pdf.pages)}
    found: list[tuple[int, int]] = []

    def walk(element: Dictionary) -> None:
        kids = element.get("/K")
        for kid in kids if isinstance(kids, Array) else [kids]:
            if isinstance(kid, int):
                found.append((pages[element.Pg.objgen], kid))
            elif isinstance(kid, Dictionary) and kid.get("/Type") == Name.MCR:
                found.append((pages[kid.Pg.objgen], int(kid.MCID)))
            elif isinstance(kid, Dictionary) and "/S" in kid:
                walk(kid)

    walk(pdf.Root.StructTreeRoot)
    return found


def _holds(element: Dictionary, page: Dictionary, mcid: int) -> bool:
    """Whether ``element`` holds the run ``mcid`` of ``page``: by its number, or by a reference."""
    kids = element.K if isinstance(element.K, Array) else [element.K]
    if mcid in [kid for kid in kids if isinstance(kid, int)] and element.Pg.objgen == page.objgen:
        return True
    references = [kid for kid in kids if isinstance(kid, Dictionary) and kid.get("/Type") == Name.MCR]
    return any(int(kid.MCID) == mcid and kid.Pg.objgen == page.objgen for kid in references)


def _spans(pdf: pikepdf.Pdf) -> int:
    return sum(1 for o in pdf.objects if isinstance(o, Dictionary) and o.get("/S") == Name.Span and "/P" in o)


def test_a_printed_part_keeps_its_runs_in_order_with_fewer_elements(tmp_path: Path) -> None:
    before = tmp_path / "avant.pdf"
    job = PdfJob(html_document(DocumentInfo("Essai", "", 0), _BODY), before, "essai", (stylesheet("booklet.css"),))
    render(job)
    after = tmp_path / "apres.pdf"
    shutil.copy(before, after)
    attach_file(after)
    with pikepdf.open(before) as old, pikepdf.open(after) as new:
        assert len(new.pages) == len(old.pages) > 1
        assert _runs_in_tree_order(new) == _runs_in_tree_order(old)  # every run, in the same order
        assert _spans(new) < _spans(old) / 4
        assert len(new.objects) < len(old.objects)
        # the parent tree names, for each run of each page, an element that holds it
        nums = new.Root.StructTreeRoot.ParentTree.Nums
        owners = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
        for page in new.pages:
            for mcid, owner in enumerate(owners[int(page.obj.StructParents)]):
                assert _holds(owner, page.obj, mcid)
        # the drawing does not change
        for page_old, page_new in zip(old.pages, new.pages, strict=True):
            assert page_new.obj.Contents.read_bytes() == page_old.obj.Contents.read_bytes()


def _tree(pdf: pikepdf.Pdf) -> tuple[Dictionary, list[Dictionary]]:
    """A paragraph on page 1 that goes on to page 2, its kids: single runs and other Spans."""
    pdf.add_blank_page()
    pdf.add_blank_page()
    first, second = (page.obj for page in pdf.pages)
    first.StructParents, second.StructParents = 0, 1
    root = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    paragraph = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.P, P=root, Pg=first))
    annotation = pdf.make_indirect(Dictionary(Type=Name.Annot, Subtype=Name.Link))

    def span(page: Dictionary, kids, **more) -> Dictionary:
        return pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Span, P=paragraph, Pg=page, K=kids, **more))

    spans = [
        span(first, 0),  # a single run: attached as its number
        span(first, Array([1, Dictionary(Type=Name.OBJR, Obj=annotation)])),  # with a link: kept
        span(first, 2, Lang=pikepdf.String("en")),  # an attribute of its own: kept
        span(second, Array([0])),  # on the next page: attached as a reference to that page
    ]
    paragraph.K = Array(spans)
    root.K = paragraph
    root.ParentTree = pdf.make_indirect(
        Dictionary(Nums=Array([0, Array([spans[0], spans[1], spans[2]]), 1, Array([spans[3]])]))
    )
    pdf.Root.StructTreeRoot = root
    return paragraph, spans


def test_only_a_span_that_holds_one_run_and_nothing_else_goes() -> None:
    pdf = pikepdf.new()
    paragraph, spans = _tree(pdf)
    first, second = (page.obj for page in pdf.pages)
    assert attach_runs(pdf) == 2
    kids = list(paragraph.K)
    assert kids[0] == 0
    assert kids[1].objgen == spans[1].objgen and kids[2].objgen == spans[2].objgen
    assert kids[3].Type == Name.MCR and int(kids[3].MCID) == 0 and kids[3].Pg.objgen == second.objgen
    nums = pdf.Root.StructTreeRoot.ParentTree.Nums
    assert [owner.objgen for owner in nums[1]] == [paragraph.objgen, spans[1].objgen, spans[2].objgen]
    assert [owner.objgen for owner in nums[3]] == [paragraph.objgen]
    assert attach_runs(pdf) == 0  # nothing left to attach
    assert first.objgen != second.objgen
