"""``exports/pdf/programmes/<id>.pdf``: the programme sheets as PDF.

The PDF prints the Markdown of the sheet's page (:func:`ecole.assembly.programme.sheet`),
so the page and the PDF cannot disagree.
"""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup

from ..assembly import templates
from ..assembly.programme import sheet, subject_modules, subject_name, title
from ..model.addresses import Subject, programme_sheet, programme_sheet_pdf, sheet_paths
from ..model.learning import WHOLE_CURRICULUM
from ..model.licences import ATTRIBUTION_ONLY, SHARE_ALIKE, licence
from ..model.structure import Curriculum, Module
from .booklet_parts import palette
from .pdf import DocumentInfo, PdfJob, html_document, render_all, stylesheet
from .plan import Export, ExportFile
from .print_markdown import PrintLinks, render_markdown


def programme_job(curriculum: Curriculum, exports: Path, module: Subject) -> PdfJob:
    settings = curriculum.settings
    links = PrintLinks(programme_sheet(module), set(), curriculum.assets, settings.site_url)
    rendered = render_markdown(sheet(curriculum, module), links, running=2)
    name = subject_name(module)
    # a module's sheet is under the module's licence; the others under the edition's
    identifier = module.licence if isinstance(module, Module) else settings.licence
    terms = {
        "name": licence(identifier).name,
        "credit_only": identifier in ATTRIBUTION_ONLY,
        "share_alike": identifier in SHARE_ALIKE,
    }
    body = templates.render(
        "print/programme.html", settings=settings, title=name, body=Markup(rendered.html), licence=terms
    )
    info = DocumentInfo(
        title=title(module),
        description=settings.description if module is None else module.summary,
        timestamp=curriculum.moment(subject_modules(curriculum, module)),  # its « Date de mise à jour »
        authors=[settings.name],
        keywords=["fiche programme", "formation", "innovation publique"],
    )
    path = programme_sheet_pdf(module)
    document = html_document(info, body, css=palette(curriculum), classes="livret livret--fiche")
    return PdfJob(document, exports / path, path, (stylesheet("booklet.css"),))


def files(curriculum: Curriculum) -> list[ExportFile]:
    out = [ExportFile(programme_sheet_pdf(None), "Fiche programme du cursus complet (PDF)", WHOLE_CURRICULUM)]
    out += [
        ExportFile(programme_sheet_pdf(m), f"Fiche programme du module « {m.title} » (PDF)", m.id)
        for m in curriculum.ordered_modules()
    ]
    out += [
        ExportFile(programme_sheet_pdf(p), f"Fiche programme du parcours « {p.title} » (PDF)")
        for p in sheet_paths(curriculum)
    ]
    return out


def write_programmes(curriculum: Curriculum, exports: Path) -> None:
    jobs = [programme_job(curriculum, exports, None)]
    jobs += [programme_job(curriculum, exports, m) for m in curriculum.ordered_modules()]
    jobs += [programme_job(curriculum, exports, p) for p in sheet_paths(curriculum)]
    render_all(jobs)


EXPORT = Export(
    name="programmes",
    prints=True,
    title="Fiches programme",
    description=(
        "Pour chaque module, chaque parcours et le cursus complet, la fiche qu'attendent un catalogue de formation "
        "et l'indicateur 1 du référentiel Qualiopi : objectifs pédagogiques, public visé, prérequis, "
        "durée, modalités et délais d'accès, méthodes mobilisées, modalités d'évaluation, accessibilité "
        "aux personnes handicapées, contact et date de mise à jour. Chaque fiche est aussi une page du site."
    ),
    files=files,
    write=write_programmes,
)
