"""The learners' booklets (modules, paths, cursus) are printed chapter by chapter and put together
(``ecole.exports.parted``, ``ecole.exports.merge``): the result must read as one PDF.

Checked on the reference build: links between chapters lead to an anchor of the file,
the parent tree and the structure tree point at each other and at the file's own pages,
each typeface is embedded once, and every page but the cover has its margins (running
title, « Page N sur M »). The tag rules and the typography of the booklets are checked
with every other PDF in ``test_pdf_structure.py`` and ``test_typography.py``.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
from pathlib import Path

import pikepdf
import pytest

from ecole.build import BuildResult
from ecole.exports import booklets, cache, merge
from ecole.exports.booklets import CURRICULUM_PDF, learner_booklets
from ecole.exports.cache import ExportCache
from ecole.exports.merge import _SUBSET_NAME
from ecole.exports.parted import Part, PartedBooklet, chapter_part, print_booklets
from ecole.exports.pdf import DocumentInfo, stylesheet


@pytest.fixture(scope="module")
def long_pdfs(built: BuildResult) -> list[Path]:
    exports = built.site / "exports"
    paths = [exports / booklet.name for booklet in learner_booklets(built.curriculum, exports)]
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


def test_every_link_element_holds_its_annotation(long_pdfs: list[Path]) -> None:
    """A link that leads nowhere in a booklet (a shared chapter's link to a page the booklet
    does not print, with no site address) is taken off: its element is no ``Link`` any more."""
    for path in long_pdfs:
        with pikepdf.open(path) as pdf:
            for element in _elements(pdf):
                if element.S == "/Link":
                    assert _holds_annotation(element), (path.name, element.get("/Alt"))


def _holds_annotation(element: pikepdf.Dictionary) -> bool:
    kids = element.get("/K")
    kids = kids if isinstance(kids, pikepdf.Array) else [kids]
    return any(
        isinstance(kid, pikepdf.Dictionary)
        and (kid.get("/Type") == "/OBJR" or ("/S" in kid and _holds_annotation(kid)))
        for kid in kids
    )


def test_each_typeface_is_embedded_once(long_pdfs: list[Path]) -> None:
    for path in long_pdfs:
        with pikepdf.open(path) as pdf:
            programs: dict[str, set] = {}
            for candidate in pdf.objects:
                if isinstance(candidate, pikepdf.Dictionary) and candidate.get("/Type") == "/FontDescriptor":
                    face = _SUBSET_NAME.sub("", str(candidate.FontName))
                    programs.setdefault(face, set()).add(candidate.FontFile2.objgen)
            assert programs and all(len(found) == 1 for found in programs.values()), (path.name, programs)


def test_a_shared_font_program_draws_every_glyph_of_every_subset(tmp_path: Path) -> None:
    """merge._union puts the subsets of one typeface that several parts embed into one
    program: every glyph any of them draws is there, with its outline (contours or
    components) and its metrics, and at its own number."""
    from ecole.exports import pdf

    texts = [
        "Œuvre « commune » : l’agent écoute, note et reformule — 1 000 € ½.",
        "Ĳ ﬁ ﬂ → ✓ ; Zoé, Ægir, Ÿ et ÇA : d’autres glyphes, composés ou non (é, ñ, ů).",
        "Un troisième texte : Quelques mots déjà vus et « ÉÈÊ » en capitales.",
    ]
    programs = []
    for number, text in enumerate(texts):
        job = pdf.PdfJob(
            pdf.html_document(DocumentInfo("Essai", "", 0), f"<p>{text}</p><p><strong>{text}</strong></p>"),
            tmp_path / f"{number}.pdf",
            f"essai-{number}",
            (stylesheet("booklet.css"),),
        )
        pdf.render(job)
        with pikepdf.open(job.target) as printed:
            for descriptor in merge._font_descriptors(printed):
                if _SUBSET_NAME.sub("", str(descriptor.FontName)) == "Noto-Serif":
                    programs.append(descriptor.FontFile2.read_bytes())
    assert len(programs) == len(texts)
    union = _numbered(merge._union(programs))
    subsets = [_numbered(program) for program in programs]
    assert len(union.getGlyphOrder()) == max(len(subset.getGlyphOrder()) for subset in subsets)
    drawn = set()
    for subset in subsets:
        for name in subset.getGlyphOrder():
            glyph, shared = subset["glyf"][name], union["glyf"][name]
            if not glyph.numberOfContours:
                continue
            drawn.add(name)
            assert _outline(glyph, subset["glyf"]) == _outline(shared, union["glyf"]), name
            assert subset["hmtx"][name] == union["hmtx"][name], name
    assert len(drawn) > max(len(_drawn_names(subset)) for subset in subsets)  # more than any one subset
    assert _drawn_names(union) == drawn


def _numbered(program: bytes):
    """A font whose glyphs are named by their numbers (a subset's names come from its own
    character map, and differ from one subset to another)."""
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(program))
    font.setGlyphOrder([f"g{number}" for number in range(font["maxp"].numGlyphs)])
    return font


def _outline(glyph, table) -> tuple:
    if glyph.isComposite():
        return tuple((component.glyphName, component.x, component.y) for component in glyph.components)
    coordinates, ends, flags = glyph.getCoordinates(table)
    return list(coordinates), list(ends), bytes(flag & 1 for flag in flags)


def _drawn_names(font) -> set[str]:
    return {name for name in font.getGlyphOrder() if font["glyf"][name].numberOfContours}


def test_every_page_but_the_cover_has_its_number_and_the_booklet_title(built: BuildResult) -> None:
    exports = built.site / "exports"
    for booklet in learner_booklets(built.curriculum, exports):
        path = exports / booklet.name
        with pikepdf.open(path) as pdf:
            count = len(pdf.pages)
        text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True)
        pages = text.stdout.split("\f")[:count]
        assert not re.search(r"Page \d+ sur", pages[0]), path.name  # the cover
        # nothing in the cover's bottom margin either (the school's name was drawn there once)
        corner = ["pdftotext", "-f", "1", "-l", "1", "-x", "0", "-y", "815", "-W", "595", "-H", "100"]
        bottom = subprocess.run([*corner, str(path), "-"], capture_output=True, text=True, check=True).stdout
        assert not bottom.strip(), (path.name, bottom)
        for number, page in enumerate(pages[1:], start=2):
            assert f"Page {number} sur {count}" in page, (path.name, number)
            assert " ".join(page.split()).startswith(" ".join(booklet.title.split())[:40]), (path.name, number)
            # and never a page of one line (the end of a chapter pushed overleaf on its own)
            lines = [line for line in page.splitlines()[1:] if line.strip() and f"Page {number} sur" not in line]
            assert len(lines) > 1, (path.name, number, lines)


def test_the_table_of_contents_reads_as_titles_and_pages_without_dots(built: BuildResult) -> None:
    """The dot leaders are drawn, not written: the text of an entry is its title and its page,
    and that page shows the title."""
    exports = built.site / "exports"
    for booklet in learner_booklets(built.curriculum, exports):
        path = exports / booklet.name
        text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True)
        pages = text.stdout.split("\f")
        contents = pages[1].split("Sommaire", 1)[1].splitlines()
        entries, pending = [], ""
        for line in contents:
            if re.search(r"Page \d+ sur", line):  # the page's foot
                break
            assert "...." not in line and "……" not in line, (path.name, line)
            if found := re.fullmatch(r"\s*(.*?)\s+(\d+)\s*", line):
                entries.append((f"{pending} {found.group(1)}".strip(), int(found.group(2))))
                pending = ""
            elif line.strip():
                pending = f"{pending} {line.strip()}"
        assert len(entries) >= 2, (path.name, contents)
        for title, page in entries:
            assert " ".join(title.split()) in " ".join(pages[page - 1].split()), (path.name, title, page)


def _booklet(tmp_path: Path, name: str, parts: list[Part]) -> PartedBooklet:
    info = DocumentInfo(title=name, description="", timestamp=0)
    return PartedBooklet(
        name=name,
        target=tmp_path / name,
        info=info,
        css="",
        classes="livret livret--parcours",
        parts=[Part("couverture", '<h1 id="couverture">Livret</h1>', numbered=True), *parts],
        title=name,
        school="École",
        stylesheets=(stylesheet("booklet.css"),),
    )


def _colours(page: pikepdf.Page) -> dict[int, tuple[float, ...]]:
    """The fill colour in force where each marked content (by MCID) shows text."""
    colour: tuple[float, ...] = (0.0, 0.0, 0.0)
    found: dict[int, tuple[float, ...]] = {}
    marks: list[int | None] = []
    for instruction in pikepdf.parse_content_stream(page):
        operator = str(instruction.operator)
        if operator == "rg":
            colour = tuple(round(float(v), 3) for v in instruction.operands)
        elif operator == "BDC":
            properties = instruction.operands[1]
            marks.append(int(properties.MCID) if isinstance(properties, pikepdf.Dictionary) else None)
        elif operator == "BMC":
            marks.append(None)
        elif operator == "EMC":
            marks.pop()
        elif operator in ("Tj", "TJ") and marks and marks[-1] is not None:
            found.setdefault(marks[-1], colour)
    return found


def _mcids(element: pikepdf.Dictionary) -> list[int]:
    kids = element.K if isinstance(element.K, pikepdf.Array) else [element.K]
    return [int(kid) for kid in kids if isinstance(kid, int)]


def test_a_shared_chapter_links_where_each_booklet_can(tmp_path: Path) -> None:
    """A chapter printed once for two booklets: its link to a chapter that only one of them
    prints leads to that chapter there, to the site address in the other; a link with no
    site address leaves the words alone, as a Span drawn in the colour of the text around
    it; the booklet that puts the chapter one level down has its headings one level down."""
    shared = chapter_part(
        '<section class="chapitre"><h2 id="module">Module</h2>'
        '<p>Voir <a class="interne" href="#fiche" data-site="https://exemple.fr/fiche/">la fiche</a>'
        ' et <a class="interne" href="#glossaire" data-site="">le glossaire, qui définit chacun des mots'
        " du cursus que les modules emploient, de la co-construction à la participation citoyenne,"
        " en passant par le prototype</a>, puis la suite.</p>"
        '<h3 id="module--suite">Suite</h3><p>Texte.</p></section>',
        numbered=False,
        shared=True,
    )
    method = chapter_part('<section class="chapitre"><h2 id="fiche">Fiche</h2><p>Texte.</p></section>', numbered=False)
    lowered = Part(shared.id, shared.html, numbered=False, shared=True, shift=1)
    whole = _booklet(
        tmp_path, "cursus.pdf", [Part("partie", '<h2 id="partie">Partie</h2>', numbered=False), lowered, method]
    )
    path = _booklet(tmp_path, "parcours.pdf", [shared])
    print_booklets([whole, path])

    with pikepdf.open(whole.target) as pdf:
        annotations = [a for page in pdf.pages for a in page.obj.get("/Annots", [])]
        assert sorted(str(a.Dest) for a in annotations if "/Dest" in a) == ["fiche"]
        assert not [a for a in annotations if "/A" in a]  # the glossary is in neither booklet
        tags = _tags(pdf)
        assert tags.count("/H3") == 1 and tags.count("/H4") == 1  # the module's, one level down
        with pdf.open_outline() as outline:
            assert [item.title for item in outline.root] == ["Partie", "Fiche"]
            assert [item.title for item in outline.root[0].children] == ["Module"]
            assert [item.title for item in outline.root[0].children[0].children] == ["Suite"]
    with pikepdf.open(path.target) as pdf:
        annotations = [a for page in pdf.pages for a in page.obj.get("/Annots", [])]
        assert [str(a.A.URI) for a in annotations] == ["https://exemple.fr/fiche/"]
        tags = _tags(pdf)
        assert tags.count("/H2") == 1 and tags.count("/H3") == 1 and tags.count("/Link") == 1
        paragraph = next(e for e in _elements(pdf) if e.S == "/P" and any(k.get("/S") == "/Link" for k in _kids(e)))
        # the paragraph's own runs of words are its kids (flat_tags): « Voir », the link, « et »,
        # the words of the link taken off (over two lines: two links, now two Spans), « , puis la suite. »
        kids = paragraph.K if isinstance(paragraph.K, pikepdf.Array) else [paragraph.K]
        kinds = [str(kid.S) if isinstance(kid, pikepdf.Dictionary) else "run" for kid in kids]
        assert kinds == ["run", "/Link", "run", "/Span", "/Span", "run"]
        colours = _colours(pdf.pages[1])
        spans = {colours[mcid] for kid in _kids(paragraph) if kid.S == "/Span" for mcid in _mcids(kid)}
        around = {colours[mcid] for mcid in _mcids(paragraph)}
        link = next(kid for kid in _kids(paragraph) if kid.S == "/Link")
        assert len(spans | around) == 1  # the words of the link taken off are drawn like the words around them
        assert {colours[mcid] for mcid in _mcids(link)} - spans  # the link keeps its colour


def test_the_pages_whose_link_words_were_recoloured_are_kept_and_reused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A booklet put together again, its chapters printed again the same, takes the pages
    whose words of links were recoloured from the build cache: the same bytes, no parsing."""
    shared = chapter_part(
        '<section class="chapitre"><h2 id="module">Module</h2>'
        '<p>Voir <a class="interne" href="#glossaire" data-site="">le glossaire</a>, puis la suite.</p></section>',
        numbered=False,
        shared=True,
    )
    store = ExportCache(tmp_path / "cache")
    with cache.activate(store):
        print_booklets([_booklet(tmp_path, "parcours.pdf", [shared])])
        first = (tmp_path / "parcours.pdf").read_bytes()
        recoloured = 0
        for record in (tmp_path / "cache").glob("*/*.json"):
            if json.loads(record.read_text(encoding="utf-8"))["file"] == "mots sans lien":
                recoloured += 1
            else:  # the chapters and the booklet: printed and put together again
                record.unlink()
        assert recoloured == 1
        (tmp_path / "parcours.pdf").unlink()

        def parse(*_):
            raise AssertionError("page lue de nouveau")

        monkeypatch.setattr(merge, "_recoloured", parse)
        print_booklets([_booklet(tmp_path, "parcours.pdf", [shared])])
    assert (tmp_path / "parcours.pdf").read_bytes() == first


def _kids(element: pikepdf.Dictionary) -> list[pikepdf.Dictionary]:
    kids = element.get("/K")
    return [k for k in (kids if isinstance(kids, pikepdf.Array) else [kids]) if isinstance(k, pikepdf.Dictionary)]


def _elements(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    """Every structure element, in the order of the tree."""
    found: list[pikepdf.Dictionary] = []
    pending = _kids(pdf.Root.StructTreeRoot)
    while pending:
        element = pending.pop(0)
        if "/S" in element:
            found.append(element)
            pending += _kids(element)
    return found


def _tags(pdf: pikepdf.Pdf) -> list[str]:
    return [str(element.S) for element in _elements(pdf)]


def test_the_shared_chapters_are_made_one_at_a_time_as_the_printing_asks_for_them(
    built: BuildResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The printing process has an edited module printed as soon as its chapter is made
    (:meth:`ecole.exports.booklets.SharedChapters.parts`), not once all are made."""
    made: list[str] = []
    making = booklets.module_chapter

    def module_chapter(ctx, module, *, level: int):
        made.append(module.id)
        return making(ctx, module, level=level)

    monkeypatch.setattr(booklets, "module_chapter", module_chapter)
    shared = booklets.SharedChapters(built.curriculum)
    parts = shared.parts()
    next(parts)
    assert made == [shared.cursus.modules[0].id]
    rest = list(parts)
    assert made == [module.id for module in shared.cursus.modules]
    assert len(rest) == len(made) + len(shared.steps) - 1 + len(shared.cursus.methods) + len(shared.cursus.cases)
