"""``exports/canevas/<id>.pdf``: each printable canvas on one A4 sheet.

The sheet is the canvas page's own Markdown (:func:`ecole.assembly.canvas.canvas_markdown`)
laid out by the site's print stylesheet, so the PDF and a browser's print of the
page agree. A canvas that spills onto a second sheet fails the build: in a
workshop, half a grid on a second sheet is a grid nobody fills in.
"""

from __future__ import annotations

from pathlib import Path

from ..assembly.canvas import STYLESHEET, canvas_id, canvas_markdown, canvases, pdf_path
from ..errors import BuildFailed
from ..model.structure import Curriculum, Page
from .chapters import PrintContext
from .pdf import DocumentInfo, PdfJob, html_document, render_all
from .plan import Export, ExportFile
from .print_markdown import render_markdown


def canvas_job(curriculum: Curriculum, exports: Path, page: Page) -> PdfJob:
    ctx = PrintContext(curriculum)
    markdown = canvas_markdown(curriculum, page, ctx.body(page))
    rendered = render_markdown(markdown, ctx.links(page.staged_path))
    info = DocumentInfo(
        title=f"{page.title} — {curriculum.settings.name}",
        description=page.summary,
        timestamp=curriculum.moment([page]),
        authors=page.authors or [curriculum.settings.name],
        keywords=["canevas", "atelier", "design de services", "innovation publique"],
    )
    name = pdf_path(page)
    css = curriculum.theme_file(STYLESHEET, "les canevas PDF").decode("utf-8")
    # the page's body has no margin on the site (Material): the same on paper
    document = html_document(info, rendered.html, css="body { margin: 0; }", classes="canevas")
    return PdfJob(document, exports / name, name, (css,))


def files(curriculum: Curriculum) -> list[ExportFile]:
    return [ExportFile(pdf_path(page), f"Canevas « {page.title} » (PDF A4)") for page in canvases(curriculum)]


def write_canvases(curriculum: Curriculum, exports: Path) -> None:
    pages = canvases(curriculum)
    counts = render_all(canvas_job(curriculum, exports, page) for page in pages)
    too_long = [(page, counts[exports / pdf_path(page)]) for page in pages if counts[exports / pdf_path(page)] != 1]
    if too_long:
        details = "; ".join(f"« {canvas_id(page)} » ({page.path}) : {count} pages" for page, count in too_long)
        raise BuildFailed(
            f"un canevas doit tenir sur une feuille A4 : {details}. "
            "Retirez des lignes vides ou découpez le canevas en deux pages."
        )


EXPORT = Export(
    name="canevas",
    prints=True,
    title="Canevas à imprimer",
    description=(
        "Les grilles à remplir à la main en atelier, chacune sur une feuille A4, avec de grandes "
        "cases vides. Imprimer la page d'un canevas sur le site donne la même feuille."
    ),
    files=files,
    write=write_canvases,
)
