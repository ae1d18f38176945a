"""The long booklets (cursus, paths) are printed chapter by chapter and put together
(``ecole.exports.parted``, ``ecole.exports.merge``): the result must read as one PDF.

Checked on the reference build: links between chapters lead to an anchor of the file,
the parent tree and the structure tree point at each other and at the file's own pages,
each typeface is embedded once, and every page but the cover has its margins (running
title, « Page N sur M »). The tag rules and the typography of the booklets are checked
with every other PDF in ``test_pdf_structure.py`` and ``test_typography.py``.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pikepdf
import pytest

from ecole.build import BuildResult
from ecole.exports.booklets import CURRICULUM_PDF, long_booklets
from ecole.exports.merge import _SUBSET_NAME


@pytest.fixture(scope="module")
def long_pdfs(built: BuildResult) -> list[Path]:
    exports = built.site / "exports"
    paths = [exports / booklet.name for booklet in long_booklets(built.curriculum, exports)]
    assert exports / CURRICULUM_PDF in paths and len(paths) > 3
    return paths


def _names(pdf: pikepdf.Pdf) -> set[str]:
    return {str(name) for name, _ in pikepdf.NameTree(pdf.Root.Names.Dests).items()}


def test_links_between_chapters_lead_to_an_anchor_of_the_file(long_pdfs: list[Path]) -> None:
    for path in long_pdfs:
        with pikepdf.open(path) as pdf:
            names = _names(pdf)
            internal = 0
            for page in pdf.pages:
                for annotation in page.obj.get("/Annots", []):
                    if "/Dest" in annotation:
                        internal += 1
                        assert str(annotation.Dest) in names, (path.name, str(annotation.Dest))
                    else:
                        uri = str(annotation.A.URI)
                        assert uri.startswith(("https://", "http://", "mailto:")), (path.name, uri)
            assert internal > 0, path.name  # the table of contents at least


def test_the_parent_tree_and_the_structure_tree_agree(long_pdfs: list[Path]) -> None:
    for path in long_pdfs:
        with pikepdf.open(path) as pdf:
            tree = pdf.Root.StructTreeRoot
            nums = tree.ParentTree.Nums
            keys = [int(nums[i]) for i in range(0, len(nums), 2)]
            assert keys == sorted(set(keys)), path.name  # unique, in order
            values = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
            pages = {page.objgen for page in pdf.pages}
            for page in pdf.pages:
                assert int(page.obj.StructParents) in values, path.name
                for element in values[int(page.obj.StructParents)]:
                    if isinstance(element, pikepdf.Dictionary):  # null where an MCID has no element
                        assert element.Pg.objgen == page.objgen, path.name
                for annotation in page.obj.get("/Annots", []):
                    # the element holding the link's object reference (WeasyPrint puts it in the
                    # link's element or in a span inside it)
                    link = values[int(annotation.StructParent)]
                    kids = link.K if isinstance(link.K, pikepdf.Array) else [link.K]
                    objects = [kid.Obj.objgen for kid in kids if isinstance(kid, pikepdf.Dictionary) and "/Obj" in kid]
                    assert annotation.objgen in objects, path.name
            # one Document element under the root, and every element on a page of this file
            (document,) = tree.K if isinstance(tree.K, pikepdf.Array) else [tree.K]
            assert pikepdf.Name.Document == document.S
            stack = list(document.K)
            while stack:
                element = stack.pop()
                if not isinstance(element, pikepdf.Dictionary) or "/S" not in element:
                    continue
                if "/Pg" in element:
                    assert element.Pg.objgen in pages, path.name
                assert "/S" in element.P, path.name  # under another element, never the part's old root
                kids = element.get("/K")
                stack += list(kids) if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []


def test_each_typeface_is_embedded_once(long_pdfs: list[Path]) -> None:
    for path in long_pdfs:
        with pikepdf.open(path) as pdf:
            programs: dict[str, set] = {}
            for candidate in pdf.objects:
                if isinstance(candidate, pikepdf.Dictionary) and candidate.get("/Type") == "/FontDescriptor":
                    face = _SUBSET_NAME.sub("", str(candidate.FontName))
                    programs.setdefault(face, set()).add(candidate.FontFile2.objgen)
            assert programs and all(len(found) == 1 for found in programs.values()), (path.name, programs)


def test_every_page_but_the_cover_has_its_number_and_the_booklet_title(built: BuildResult) -> None:
    exports = built.site / "exports"
    for booklet in long_booklets(built.curriculum, exports):
        path = exports / booklet.name
        with pikepdf.open(path) as pdf:
            count = len(pdf.pages)
        text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True)
        pages = text.stdout.split("\f")[:count]
        assert not re.search(r"Page \d+ sur", pages[0]), path.name  # the cover
        for number, page in enumerate(pages[1:], start=2):
            assert f"Page {number} sur {count}" in page, (path.name, number)
            assert " ".join(page.split()).startswith(" ".join(booklet.title.split())[:40]), (path.name, number)
