"""PDF exports: booklets, programme sheets and canvases, read back with poppler's
``pdfinfo`` and ``pdftotext`` as a republisher's tools would read them."""

from __future__ import annotations

import dataclasses
import html
import os
import re
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest

from conftest import ROOT
from ecole.assembly.canvas import canvases
from ecole.assembly.canvas import pdf_path as canvas_pdf
from ecole.assembly.pages import date_text
from ecole.assembly.typography import french
from ecole.build import BuildResult
from ecole.errors import BuildFailed
from ecole.exports import weasyprint_import
from ecole.exports.booklets import GUIDE_PAGE, module_booklet
from ecole.exports.canvases import write_canvases
from ecole.exports.parted import print_booklets
from ecole.exports.pdf import render_all
from ecole.exports.programmes import programme_job
from ecole.model.addresses import CURRICULUM_PDF, GUIDE_PDF, module_pdf
from ecole.model.addresses import programme_sheet_pdf as programme_pdf
from ecole.model.curriculum import load_curriculum
from ecole.model.licences import licence
from ecole.model.project import Project
from ecole.model.worked_example import step_page

A4 = (595.28, 841.89)  # points

#: The Qualiopi headings of a programme sheet, in the order of the sheet.
HEADINGS = (
    "Objectifs pédagogiques",
    "Public visé",
    "Prérequis",
    "Durée",
    "Modalités et délais d'accès",
    "Tarifs",
    "Méthodes mobilisées",
    "Modalités d'évaluation",
    "Accessibilité aux personnes handicapées",
    "Contact",
    "Date de mise à jour",
)


def pdfinfo(path: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return {key.strip(): value.strip() for key, _, value in (line.partition(":") for line in out.splitlines())}


def pdftext(path: Path) -> str:
    """The text, hyphenated words joined again and whitespace collapsed, to search for phrases."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(re.sub(r"(\w)-\n(\w)", r"\1\2", out.stdout).split())


def is_a4(info: dict[str, str], *, landscape: bool | None = None) -> bool:
    """A4 to the point (browsers round it differently from WeasyPrint); either way round
    unless ``landscape`` says which."""
    width, height = (float(n) for n in re.findall(r"[\d.]+", info["Page size"])[:2])
    portrait = abs(width - A4[0]) < 1 and abs(height - A4[1]) < 1
    turned = abs(width - A4[1]) < 1 and abs(height - A4[0]) < 1
    return {None: portrait or turned, True: turned, False: portrait}[landscape]


@pytest.fixture(scope="session")
def exports(built: BuildResult) -> Path:
    return built.site / "exports"


def test_booklets_are_tagged_pdf_with_pages_and_content_dates(
    built: BuildResult, exports: Path, reference_guide: Path
) -> None:
    curriculum = built.curriculum
    assert not (exports / GUIDE_PDF).exists()  # the trainer notes stay in the trainer view
    # dated by what they hold (the latest ``updated`` of their contents), not by the build
    # nor by the last commit: a module's booklet by its module and the fil rouge's step
    dated = {
        exports / module_pdf(m): curriculum.last_update([m, *filter(None, [step_page(curriculum, m)])])
        for m in curriculum.ordered_modules()
    }
    # the cursus: every module, method card and case study (and the glossary), not the other pages
    held = [*curriculum.modules.values(), *curriculum.methods.values(), *curriculum.case_studies.values()]
    dated[exports / CURRICULUM_PDF] = max(item.updated for item in held if item.updated)
    dated[reference_guide] = curriculum.last_update([curriculum.pages[GUIDE_PAGE], *curriculum.ordered_modules()])
    assert len(set(dated.values())) > 1  # the modules have dates of their own
    for name, day in dated.items():
        info = pdfinfo(name)
        assert info["Tagged"] == "yes", name
        assert is_a4(info, landscape=False), name
        assert int(info["Pages"]) >= 5, name  # cover, contents, the chapter, answer key, credits
        assert info["Title"], name
        raw = subprocess.run(["pdfinfo", "-isodates", str(name)], capture_output=True, text=True).stdout
        assert f"{day}T00:00:00" in raw, name
        cover = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", "-l", "1", str(name), "-"], capture_output=True, text=True
        )
        assert f"Version du {date_text(day)}" in " ".join(cover.stdout.split()), name
    cursus = int(pdfinfo(exports / CURRICULUM_PDF)["Pages"])
    assert cursus > sum(int(pdfinfo(exports / module_pdf(m))["Pages"]) for m in curriculum.modules.values()) / 2


def test_cursus_booklet_holds_every_module_method_and_case(built: BuildResult, exports: Path) -> None:
    text = pdftext(exports / CURRICULUM_PDF)
    curriculum = built.curriculum
    for item in [*curriculum.modules.values(), *curriculum.methods.values(), *curriculum.case_studies.values()]:
        assert " ".join(item.title.split()) in text, item.title
    assert "Sommaire" in text and "Licences et crédits" in text and "Sources des études de cas" in text


def test_the_cursus_part_pages_list_what_they_hold(built: BuildResult, exports: Path) -> None:
    """The pages « Fiches méthode » and « Études de cas » said how the cards are ordered and
    listed none of them: each lists its cards (with their phase) or cases (with their
    territory), and the page where each starts, as a part of modules does."""
    text = pdftext(exports / CURRICULUM_PDF)
    curriculum = built.curriculum
    for intro, items, detail in (
        ("classées selon la phase de la démarche où elles servent.", curriculum.methods.values(), "phase"),
        ("racontées à partir de leurs sources publiques.", curriculum.case_studies.values(), "territory"),
    ):
        listing = text[text.index(intro) : text.index(intro) + 2500]
        for item in items:
            assert re.search(rf"{re.escape(' '.join(item.title.split()))} \(p\. \d+\) —", listing), item.title
        if detail == "phase":
            assert "— Comprendre" in listing and "— Déployer" in listing


def test_what_only_a_screen_needs_is_not_printed(built: BuildResult, exports: Path) -> None:
    """The fil rouge's links to the previous and next steps ({: .ecole-ecran }) are on the
    site, not in the booklets, where the table of contents replaces them."""
    page = (built.site / "fil-rouge" / "etape-2-enquete" / "index.html").read_text(encoding="utf-8")
    assert '<p class="ecole-ecran">Étape suivante' in page
    text = pdftext(exports / CURRICULUM_PDF)
    assert "Sainte-Fictive-des-Prés" in text  # the fil rouge is printed
    assert "Étape suivante" not in text and "Étape précédente" not in text


def test_a_table_of_seven_columns_or_more_keeps_to_the_margins() -> None:
    """The map of irritants of the fil rouge (a column per step of the user's journey) ran
    past the right margin of an A4 page; its words are not cut (a table's never are)."""
    import markdown
    import weasyprint

    from ecole.exports.pdf import DocumentInfo, html_document, stylesheet

    source = (ROOT / "docs" / "fil-rouge" / "etape-2-enquete.md").read_text(encoding="utf-8")
    section = source[source.index("## La carte des irritants") :]
    rows = [line for line in section.splitlines() if line.startswith("|")]
    table = markdown.markdown("\n".join(rows), extensions=["tables"])
    assert table.count("<th") >= 8
    html = html_document(DocumentInfo("Essai", "", 0), table)
    page = weasyprint.HTML(string=html).render(stylesheets=[weasyprint.CSS(string=stylesheet("booklet.css"))]).pages[0]

    def tables(box):
        if type(box).__name__ == "TableBox":
            yield box
        for child in getattr(box, "children", []):
            yield from tables(child)

    body = page._page_box.children[0]  # the page's content area
    (box,) = tables(page._page_box)
    assert box.position_x + box.margin_width() <= body.position_x + body.margin_width() + 0.5


def test_booklets_have_bookmarks_and_a_heading_structure(built: BuildResult, exports: Path) -> None:
    xml = subprocess.run(
        ["pdftohtml", "-xml", "-i", "-stdout", "-f", "1", "-l", "1", str(exports / CURRICULUM_PDF)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    bookmarks = [html.unescape(item) for item in re.findall(r"<item[^>]*>(.*?)</item>", xml)]
    for module in built.curriculum.modules.values():
        assert french(module.title) in bookmarks, module.title
    first = built.curriculum.ordered_modules()[0]
    structure = subprocess.run(
        ["pdfinfo", "-struct", str(exports / module_pdf(first))], capture_output=True, text=True, check=True
    ).stdout
    assert {"H1", "H2", "L", "LI", "Table", "TR", "TH", "TD"} <= set(re.findall(r"^\s*(\w+)", structure, re.M))


def test_module_booklet_keeps_trainer_notes_for_the_guide(
    built: BuildResult, exports: Path, reference_guide: Path
) -> None:
    module = built.curriculum.ordered_modules()[0]
    booklet = pdftext(exports / module_pdf(module))
    guide = pdftext(reference_guide)
    assert module.title in booklet
    assert "Corrigé" in booklet and "Bonne réponse" in booklet
    # every question is printed, and its answer is in the key
    for question in module.questions:
        assert " ".join(question.text.split())[:40] in booklet
    assert "Notes pour le formateur" not in booklet
    assert "Notes pour le formateur" in guide
    assert "Notes d'animation, module par module" in guide


def test_pdf_bytes_do_not_change_between_two_renders(built: BuildResult, tmp_path: Path) -> None:
    module = built.curriculum.ordered_modules()[0]
    booklet = module_booklet(built.curriculum, tmp_path, module)
    print_booklets([booklet])
    first = booklet.target.read_bytes()
    print_booklets([booklet])
    assert booklet.target.read_bytes() == first
    assert (built.site / "exports" / module_pdf(module)).read_bytes() == first
    assert b"/ID [" in first


def test_stylesheets_and_fonts_loaded_once_print_what_fresh_ones_print(tmp_path: Path) -> None:
    """Each printing process parses a stylesheet once (pdf._parsed) and loads the fonts
    once (pdf._fonts) for all its documents: documents printed after others, which used
    other fonts and characters, are the bytes printed with fresh ones."""
    from ecole.exports import pdf

    sheets = (pdf.stylesheet("booklet.css"), pdf.stylesheet("booklet-parts.css"))
    info = pdf.DocumentInfo("Essai", "", 0)
    bodies = [
        '<h1 id="a">Un titre</h1><p>Un paragraphe, <a href="#a">un lien</a>, <code>du_code()</code>.</p>'
        "<ol><li>un</li><li><em>deux</em></li></ol>",
        '<h2 id="b">Autre — « œuvre »</h2><table><tr><th>A</th><td><strong>1 000 €</strong></td></tr></table>'
        '<p style="break-before: page">Deuxième page : ½ → ✓</p>',
    ]
    jobs = [
        pdf.PdfJob(pdf.html_document(info, body), tmp_path / f"{n}.pdf", f"essai-{n}", sheets)
        for n, body in enumerate(bodies)
    ]

    def fresh_process() -> None:
        pdf._parsed.cache_clear()
        pdf._fonts.cache_clear()

    fresh_process()
    shared = [(pdf.render(job), job.target.read_bytes()) for job in [*jobs, *jobs]]
    assert pdf._parsed.cache_info().misses == len(sheets)  # parsed once for four documents
    assert pdf._fonts.cache_info().misses == 1  # fonts loaded once for four documents
    for job, (pages, data) in zip([*jobs, *jobs], shared, strict=True):
        fresh = dataclasses.replace(job, target=tmp_path / f"frais-{job.target.name}")
        fresh_process()
        assert (pdf.render(fresh), fresh.target.read_bytes()) == (pages, data)


def test_a_pdf_printed_ahead_is_printed_once_and_is_the_file_printed_without(tmp_path: Path) -> None:
    """pdf.print_ahead has the build's workers print a job early; rendering the same job
    later waits for that print (one file rebuilt) instead of printing it again, under the
    name the later job gives, and the bytes are those of a plain print."""
    from ecole.exports import cache, pdf

    info = pdf.DocumentInfo("Essai", "", 0)
    body = "<h1>Un titre</h1><p>Un paragraphe, puis un autre.</p>"
    job = pdf.PdfJob(pdf.html_document(info, body), tmp_path / "avance.pdf", "essai", (pdf.stylesheet("booklet.css"),))
    plain = dataclasses.replace(job, target=tmp_path / "seul.pdf")
    pdf.render(plain)
    store = cache.ExportCache(tmp_path / "cache", workers=2)
    later = dataclasses.replace(job, target=tmp_path / "plus-tard.pdf")  # same document, same key
    try:
        with cache.activate(store):
            pdf.print_ahead([job])
            assert list(store.ahead) == [pdf.job_key(job)]
            records = pdf.render_records([later])
            assert not store.ahead  # the print ahead was the one used
    finally:
        store.close()
    assert store.report.kind("exports").rebuilt == ["essai"]
    assert records[later.target]["pages"] == 1
    assert later.target.read_bytes() == job.target.read_bytes() == plain.target.read_bytes()


def test_programme_sheets_have_the_qualiopi_headings(built: BuildResult, exports: Path) -> None:
    curriculum = built.curriculum
    for module in [None, curriculum.ordered_modules()[-1]]:
        info = pdfinfo(exports / programme_pdf(module))
        assert info["Tagged"] == "yes"
        text = pdftext(exports / programme_pdf(module))
        positions = [text.find(heading) for heading in HEADINGS]
        assert -1 not in positions, [h for h, p in zip(HEADINGS, positions, strict=True) if p == -1]
        assert positions == sorted(positions)
        assert " ".join(curriculum.settings.access.split())[:60] in text
        # what a training body copies into its catalogue says under which licence
        assert f"Fiche publiée sous {licence(curriculum.settings.licence).name}" in " ".join(text.split())
    page = (built.site / "programmes" / curriculum.ordered_modules()[0].id / "index.html").read_text("utf-8")
    titles = [re.sub(r"<[^>]+>", "", h) for h in re.findall(r"<h2[^>]*>(.*?)</h2>", page)]
    assert [t for t in titles if t in HEADINGS] == list(HEADINGS)
    assert 'href="../../exports/pdf/programmes/' in page


def test_each_canvas_is_one_a4_sheet(built: BuildResult, exports: Path) -> None:
    pages = canvases(built.curriculum)
    assert len(pages) >= 6
    for page in pages:
        info = pdfinfo(exports / canvas_pdf(page))
        assert info["Pages"] == "1", page.path
        assert is_a4(info), page.path
        assert info["Tagged"] == "yes", page.path
        text = pdftext(exports / canvas_pdf(page))
        assert page.title in text
        assert "Comment l'utiliser" not in text  # the instructions are for the screen
        # and it fills its sheet: the rows to write in take what is left of it, up to a few
        # centimetres (a line opening a <div> around a table took 5 mm from them)
        assert unused_height(exports / canvas_pdf(page)) <= 30, page.path


def unused_height(path: Path) -> float:
    """Millimetres between the last line of text of a one-page PDF and the bottom of its page."""
    boxes = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    height = float(re.search(r'<page width="[\d.]+" height="([\d.]+)"', boxes).group(1))
    bottom = max(float(value) for value in re.findall(r'yMax="([\d.]+)"', boxes))
    return (height - bottom) * 25.4 / 72


def test_a_canvas_too_long_for_one_sheet_fails_the_build(built: BuildResult, tmp_path: Path) -> None:
    curriculum = built.curriculum
    page = canvases(curriculum)[0]
    rows = "\n".join("| &nbsp; | Ligne à remplir |" for _ in range(120))
    long = dataclasses.replace(page, body=page.body + f"\n\n## Encore\n\n| A | B |\n| --- | --- |\n{rows}\n")
    broken = dataclasses.replace(curriculum, pages={page.path: long})  # only this canvas is rendered
    with pytest.raises(BuildFailed, match="feuille A4"):
        write_canvases(broken, tmp_path)


@pytest.mark.browser
def test_printing_a_canvas_page_gives_the_sheet_of_its_pdf(
    page,
    site_url: str,
    built: BuildResult,
    exports: Path,
    tmp_path: Path,
) -> None:
    for canvas in canvases(built.curriculum):
        page.goto(site_url + canvas.url)
        target = tmp_path / f"{canvas.id.replace('/', '-')}.pdf"
        page.pdf(path=str(target), prefer_css_page_size=True, print_background=True)
        info = pdfinfo(target)
        assert info["Pages"] == "1", canvas.path
        exported = pdfinfo(exports / canvas_pdf(canvas))
        landscape = is_a4(exported, landscape=True)
        assert is_a4(info, landscape=landscape), canvas.path
        assert canvas.title in pdftext(target)


def test_weasyprint_is_imported_without_running_the_c_compiler() -> None:
    """WeasyPrint tries names of its libraries that no system has; ``find_library`` then
    ran gcc and ld for each (0.2 to 0.3 s). Through :func:`weasyprint_import.imported`,
    only ``ldconfig -p`` runs, once, and ``find_library`` is itself again afterwards."""
    script = (
        "import ctypes.util, subprocess\n"
        "ran = []\n"
        "start = subprocess.Popen.__init__\n"
        "def spy(self, args, *rest, **options):\n"
        "    ran.append(list(args) if isinstance(args, (list, tuple)) else [args])\n"
        "    start(self, args, *rest, **options)\n"
        "subprocess.Popen.__init__ = spy\n"
        "standard = ctypes.util.find_library\n"
        "from ecole.exports import weasyprint_import\n"
        "weasyprint_import.imported().HTML(string='<p>x</p>').render()\n"
        "assert ctypes.util.find_library is standard\n"
        "print(ran)\n"
    )
    printed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert printed.strip() == "[['/sbin/ldconfig', '-p']]"


def test_the_linker_cache_is_read_as_ctypes_reads_it() -> None:
    listing = (
        b"3 libs found in cache `/etc/ld.so.cache'\n"
        b"\tlibpango-1.0.so.0 (libc6,x86-64) => /lib/x86_64-linux-gnu/libpango-1.0.so.0\n"
        b"\tlibpango-1.0.so.0 (libc6) => /lib/i386-linux-gnu/libpango-1.0.so.0\n"
        b"\tlibgobject-2.0.so.0 (libc6,AArch64) => /lib/aarch64-linux-gnu/libgobject-2.0.so.0\n"
    )
    find = weasyprint_import.library_finder(listing)
    if os.uname().machine == "x86_64":
        assert find("pango-1.0") == "libpango-1.0.so.0"
    if os.uname().machine == "aarch64":
        assert find("gobject-2.0") == "libgobject-2.0.so.0"
    assert find("pango-1.0-0") is None and find("pangoft2-1.0") is None


def test_an_editions_programme_sheet_shows_its_logo(project: Project, tmp_path: Path) -> None:
    """A trainer's programme sheets, the documents a catalogue copies, lacked the logo her
    booklets carry: it heads them, named by the authority, as on the covers."""
    curriculum, _ = load_curriculum(project, edition="ville-exemple")
    assert curriculum.settings.logo is not None
    job = programme_job(curriculum, tmp_path, None)
    render_all([job])
    with pikepdf.open(job.target) as pdf:
        figures = [
            str(item.get("/Alt"))
            for item in pdf.objects
            if isinstance(item, pikepdf.Dictionary) and item.get("/S") == pikepdf.Name.Figure
        ]
    assert figures == [curriculum.settings.organisation]


def test_a_module_booklet_defines_the_terms_it_uses(built: BuildResult, exports: Path) -> None:
    """« Voir le glossaire » in a module's booklet leads to a glossary of the terms the module
    uses, in the booklet (a reader of the printed module had none); the whole glossary stays
    in the cursus booklet."""
    module = built.curriculum.modules["cadrer-un-probleme"]
    assert "glossaire.md#mode-labo" in module.body
    path = exports / module_pdf(module)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    start = text.index("Les termes employés dans ce livret")
    glossary = text[start : text.index("Licences et crédits", start)]
    assert "Mode labo" in glossary
    assert "Voyage d'études" not in glossary  # a term the module does not use
    with pikepdf.open(path) as pdf:
        names = {str(name) for name, _ in pikepdf.NameTree(pdf.Root.Names.Dests).items()}
        targets = {str(a.Dest) for page in pdf.pages for a in page.obj.get("/Annots", []) if "/Dest" in a}
    term = next(name for name in names if name.endswith("mode-labo") and name.startswith("glossaire"))
    assert term in targets  # the module's « voir le glossaire » leads to the definition
