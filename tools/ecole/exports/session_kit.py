"""``exports/kit/<name>.pdf``: each page of the session kit as an A4 document.

The document is the kit page's own Markdown (:func:`ecole.assembly.session_kit.kit_markdown`)
laid out by the site's print stylesheet for the kit, so that the PDF and a
browser's print of the page agree. The attestation's PDF is its blank form:
the learner's name and dates exist only in the browser that holds the progress.
"""

from __future__ import annotations

from pathlib import Path

from ..assembly.session_kit import STYLESHEET, KitPage, kit_markdown, kit_pages
from ..model.structure import Curriculum
from .chapters import PrintContext
from .pdf import DocumentInfo, PdfJob, html_document, render_all
from .plan import Export, ExportFile
from .print_markdown import render_markdown


def kit_job(curriculum: Curriculum, exports: Path, kit: KitPage) -> PdfJob:
    ctx = PrintContext(curriculum)
    # a hand-written page's links as print wants them; a generated page's are already relative
    body = ctx.body(kit.page) if kit.page is not None else None
    markdown = kit_markdown(curriculum, kit, body=body, logo=curriculum.settings.logo_uri)
    rendered = render_markdown(markdown, ctx.links(kit.staged))
    info = DocumentInfo(
        title=f"{kit.title} — {curriculum.settings.name}",
        description=kit.summary,
        timestamp=curriculum.moment(kit.items),
        authors=(kit.page.authors if kit.page is not None else []) or [curriculum.settings.name],
        keywords=["kit de session", "formation", "design de services", "innovation publique"],
    )
    css = curriculum.theme_file(STYLESHEET, "les PDF du kit de session").decode("utf-8")
    # the page's body has no margin on the site (Material): the same on paper
    document = html_document(info, rendered.html, css="body { margin: 0; }", classes="kit")
    return PdfJob(document, exports / kit.pdf, kit.pdf, (css,))


def files(curriculum: Curriculum) -> list[ExportFile]:
    return [ExportFile(kit.pdf, f"« {kit.title} » (PDF A4)") for kit in kit_pages(curriculum)]


def write_kit(curriculum: Curriculum, exports: Path) -> None:
    render_all(kit_job(curriculum, exports, kit) for kit in kit_pages(curriculum))


EXPORT = Export(
    name="kit",
    prints=True,
    title="Kit de session",
    description=(
        "Les documents d'une session de formation, chacun au format A4 : positionnement d'entrée par "
        "partie, attestation de suivi (à remplir), questionnaires d'évaluation à chaud et à froid, kit "
        "d'information et de consentement, feuille d'émargement, attestation de présence à signer par le "
        "formateur et, quand le cursus comprend les travaux "
        "pratiques, grilles d'évaluation de leurs livrables. Imprimer la page d'un document sur le site "
        "donne le même document."
    ),
    files=files,
    write=write_kit,
)
