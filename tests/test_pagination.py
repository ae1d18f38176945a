"""The margins of a booklet's pages drawn from three printed sheets (``ecole.exports.pagination``)
are the margins WeasyPrint prints page by page; when the sheets do not show how to draw
them, WeasyPrint prints them page by page, and the booklet looks the same."""

from __future__ import annotations

import dataclasses
import subprocess
from decimal import Decimal
from pathlib import Path

import pikepdf
import pytest

from ecole.assembly import templates
from ecole.exports import pagination, parted
from ecole.exports.parted import Part, PartedBooklet, _css_string, chapter_part, print_booklets
from ecole.exports.pdf import DocumentInfo, PdfJob, render, stylesheet

#: A title with digits and letters of the number line: only the page numbers may change.
TITLE = "Programme de 10 jours — sur le terrain"
SCHOOL = "École de l'innovation publique de 2026"


def _margins(target: Path, *, pages: int = 1, samples: tuple[int, ...] = (), extra_css: str = "") -> pikepdf.Pdf:
    """Print the margins' template, every page's (``pages``) or the sheets (``samples``)."""
    text = templates.render(
        "print/page-overlay.html", pages=pages, samples=samples, title=_css_string(TITLE), school=_css_string(SCHOOL)
    )
    stylesheets = (stylesheet("booklet.css"), *([extra_css] if extra_css else []))
    render(PdfJob(text, target, "pagination", stylesheets))
    return pikepdf.open(target)


def _read(drawing) -> list[tuple[str, tuple]]:
    """A drawing as (operator, operands), numbers rounded to a thousandth of a unit, the
    glyphs of text one by one, without the adjustments of zero between them."""
    read = []
    for instruction in pikepdf.parse_content_stream(drawing):
        operator = str(instruction.operator)
        if operator == "TJ":
            operands: tuple = ()
            for item in instruction.operands[0]:
                if isinstance(item, pikepdf.String):
                    codes = bytes(item)
                    operands += tuple(codes[at : at + 2] for at in range(0, len(codes), 2))
                elif float(item):
                    operands += (round(float(item), 3),)
        else:
            operands = tuple(
                round(float(value), 3) if isinstance(value, int | float | Decimal) else str(value)
                for value in instruction.operands
            )
        read.append((operator, operands))
    return read


@pytest.mark.parametrize("total", [9, 12, 104])
def test_every_page_s_margins_are_drawn_as_weasyprint_prints_them(tmp_path: Path, total: int) -> None:
    """For one-, two- and three-digit page numbers and totals: the same instructions, the
    same glyphs, at the same place (to a thousandth of a unit), on every page but the cover."""
    sheets = _margins(tmp_path / "sheets.pdf", samples=pagination.SAMPLES)
    numbering = pagination.numbering(sheets)
    assert numbering is not None
    printed = _margins(tmp_path / "pages.pdf", pages=total)
    assert len(printed.pages) == total
    for number in range(2, total + 1):
        expected = pagination.artifacts(pikepdf.parse_content_stream(printed.pages[number - 1]))
        drawn = sheets.make_stream(numbering.drawing(number, total))
        assert _read(drawn) == _read(printed.make_stream(pikepdf.unparse_content_stream(expected))), number


def test_digits_of_different_widths_are_not_drawn_from_the_sheets(tmp_path: Path) -> None:
    """Proportional digits move the line by different widths: nothing is drawn from the sheets."""
    proportional = "@page { @bottom-right { font-variant-numeric: proportional-nums; } }"
    sheets = _margins(tmp_path / "sheets.pdf", samples=pagination.SAMPLES, extra_css=proportional)
    assert pagination.numbering(sheets) is None
    # the same sheets with tabular digits are
    assert pagination.numbering(_margins(tmp_path / "tabular.pdf", samples=pagination.SAMPLES)) is not None


def _booklet(target: Path) -> PartedBooklet:
    chapters = [
        chapter_part(
            f'<section class="chapitre"><h2 id="chapitre-{number}">Chapitre {number}</h2>'
            + "".join(f"<p>Paragraphe {line} du chapitre {number}, assez long pour remplir.</p>" for line in range(60))
            + "</section>",
            numbered=False,
        )
        for number in range(1, 5)
    ]
    return PartedBooklet(
        name=target.name,
        target=target,
        info=DocumentInfo(title=TITLE, description="", timestamp=0),
        css="",
        classes="livret livret--parcours",
        parts=[Part("couverture", '<h1 id="couverture">Livret</h1>', numbered=True), *chapters],
        title=TITLE,
        school=SCHOOL,
        stylesheets=(stylesheet("booklet.css"),),
    )


def _pages(path: Path, folder: Path) -> list[bytes]:
    folder.mkdir()
    subprocess.run(["pdftoppm", "-r", "60", "-gray", str(path), str(folder / "p")], check=True)
    return [page.read_bytes() for page in sorted(folder.glob("*.pgm"))]


def test_a_booklet_whose_sheets_show_nothing_gets_every_page_s_margins_printed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the sheets do not show how to draw the margins, WeasyPrint prints every page's:
    the booklet's pages look the same either way, « Page N sur M » on every page but the cover."""
    printed: list[str] = []  # the documents of margins printed, by name in the report
    render_records = parted.render_records

    def recorded(jobs: list[PdfJob]) -> dict:
        printed.extend(job.reported for job in jobs if "#pagination" in job.reported)
        return render_records(jobs)

    monkeypatch.setattr(parted, "render_records", recorded)
    drawn = _booklet(tmp_path / "dessine.pdf")
    print_booklets([drawn])
    assert printed == ["dessine.pdf#pagination"]  # the sheets alone
    with monkeypatch.context() as patched:
        patched.setattr(pagination, "numbering", lambda sheets: None)
        every_page = _booklet(tmp_path / "imprime.pdf")
        print_booklets([every_page])
    with pikepdf.open(drawn.target) as pdf:
        total = len(pdf.pages)
    # two-digit numbers; the sheets, then every page's margins, printed once
    assert total > 9 and printed[1:] == ["imprime.pdf#pagination", f"imprime.pdf#pagination-{total}"]
    text = subprocess.run(["pdftotext", str(drawn.target), "-"], capture_output=True, text=True, check=True).stdout
    pages = text.split("\f")[:total]
    assert "Page" not in pages[0]
    assert all(f"Page {number} sur {total}" in page for number, page in enumerate(pages[1:], start=2))
    assert _pages(drawn.target, tmp_path / "a") == _pages(every_page.target, tmp_path / "b")


def test_the_running_title_has_the_no_break_spaces_of_the_text(tmp_path: Path) -> None:
    """« Première approche en 1 h 30 » at the top of each page, as in the text: « 1 h 30 » is
    not cut at the end of a line (it had ordinary spaces)."""
    booklet = dataclasses.replace(_booklet(tmp_path / "livret.pdf"), title="Première approche en 1 h 30")
    plan = parted._Plan(booklet, tmp_path / "travail", tmp_path / "partage")
    assert '"Première approche en 1\u00a0h\u00a030"' in plan.overlay_job().html
