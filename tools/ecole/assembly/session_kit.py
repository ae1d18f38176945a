"""The session kit: what a trainer or a training body needs around a session, and
what a learner needs before and after it.

Two kinds of pages make the kit, all under ``kit/``:

- generated here, because they follow from the edition's modules: the kit's
  index, a positionnement (entry self-assessment) per part of the cursus, built
  from the modules' objectives, and the attestation de suivi, which
  ``ecole-attestation.js`` fills from the progress kept in the browser;
- hand-written in ``docs/kit/`` (front matter ``kit: formateurs`` or
  ``kit: apprenants``): questionnaires, consent kit, attendance sheet, and a grid
  per part-2 module (front matter ``module:``; an edition without that module
  does not publish it, see ``model.editions.hide_pages``). An edition replaces
  any of them like any other page.

Each kit page is one Markdown text, wrapped by ``site/kit_page.md``, that both the
site and the A4 PDF (``exports/session_kit.py``) render with the same print
stylesheet (``overrides/assets/kit.css``): a printed page and its PDF agree.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field, replace

from ..model.addresses import (
    ATTESTATION_PAGE,
    KIT_FOLDER,
    KIT_INDEX,
    PROGRESS_PAGE,
    logo_path,
    positionnement_page,
)
from ..model.licences import licence
from ..model.structure import PART_LABELS, Curriculum, Item, Page
from . import pages
from .templates import render
from .typography import french

#: Where the PDFs of the kit are written, under ``exports/``.
PDF_FOLDER = "kit"
#: Site path of the kit's stylesheet (screen and print), listed in mkdocs.yml and read by the PDF export.
STYLESHEET = "assets/kit.css"
#: The edition's modules, part by part, as a table to rate in the questionnaires (a snippet:
#: the questionnaires' prose is hand-written, the list follows the edition).
MODULES_SNIPPET = "kit-modules.md"
#: Who a hand-written kit page is for (its front matter ``kit:``), in the order of the kit's index.
AUDIENCES = {"apprenants": "Pour les apprenants", "formateurs": "Pour les formateurs et les organismes de formation"}


@dataclass
class KitPage:
    """A page of the kit: ``body`` is its Markdown without its title, links relative to ``staged``."""

    staged: str
    title: str
    summary: str
    audience: str  # a key of AUDIENCES
    body: str
    licence: str
    page: Page | None = None  # the hand-written page it comes from, if any
    #: what it is made from (its PDF is dated by their last update): the hand-written page,
    #: or the modules a generated page lists
    items: list[Item] = field(default_factory=list)
    order: int = 0

    @property
    def name(self) -> str:
        return posixpath.basename(self.staged).removesuffix(".md")

    @property
    def pdf(self) -> str:
        """Path of the page's PDF under ``exports/``."""
        return f"{PDF_FOLDER}/{self.name}.pdf"


def is_kit_page(page: Page) -> bool:
    """A hand-written page of the session kit: in its folder, with the public it is for (``kit:``)."""
    return page.path.startswith(f"{KIT_FOLDER}/") and page.meta.get("kit") in AUDIENCES


def _parts(curriculum: Curriculum) -> list[str]:
    return [part for part in PART_LABELS if any(m.part == part for m in curriculum.modules.values())]


def positionnement(curriculum: Curriculum, part: str) -> KitPage:
    here = positionnement_page(part)
    modules = [m for m in curriculum.ordered_modules() if m.part == part]
    label = curriculum.part_label(part)
    body = render(
        "site/kit_positionnement.md",
        part=label,
        modules=[(pages.md(pages.link(here, m)), m.duration_text, m.objectives) for m in modules],
    )
    return KitPage(
        here,
        f"Positionnement — {curriculum.part_label(part, short=True)}",
        "Avant la session : situez-vous face aux objectifs de chaque module de la partie "
        f"({len(modules)} module{'s' if len(modules) > 1 else ''}), pour choisir par où commencer et en parler "
        "avec votre formateur.",
        "apprenants",
        body,
        curriculum.settings.licence,
        order=_parts(curriculum).index(part),
        items=list(modules),
    )


def attestation(curriculum: Curriculum) -> KitPage:
    here = ATTESTATION_PAGE
    modules = curriculum.ordered_modules()
    body = render(
        "site/kit_attestation.md",
        school=curriculum.settings.name,
        # the learner's employer reads who delivered the training, not only its title
        edition=curriculum.settings.of_organisation if curriculum.settings.edition else None,
        progress=pages.rel(here, PROGRESS_PAGE),
        modules=[
            (m.id, m.title, curriculum.part_label(m.part, short=True), m.duration_text, m.duration) for m in modules
        ],
        # the paths whose every module the learner finished, named on the attestation: an
        # employer reads « 8 modules sur 17 » as unfinished, not as the agents' whole path. Not
        # a session's programme: followed online, it is not the session (attestation de présence)
        paths=pages.script_data(
            [
                {"titre": french(p.title), "modules": p.modules}
                for p in curriculum.learning_paths
                if p.modules and not p.schedule
            ]
        ),
    )
    return KitPage(
        here,
        "Attestation de suivi",
        "L'attestation des modules terminés, avec leurs dates : remplie en ligne d'après la progression "
        "enregistrée dans ce navigateur, ou imprimée vierge et complétée à la main.",
        "apprenants",
        body,
        curriculum.settings.licence,
        order=len(PART_LABELS),
        items=list(modules),
    )


def hand_written(page: Page) -> KitPage:
    """A page of docs/kit/, its body as written (the site and the PDF each rewrite its links their way)."""
    order = page.meta.get("kit_ordre")
    return KitPage(
        page.path,
        page.title,
        page.summary,
        page.meta["kit"],
        page.body,
        page.licence,
        page=page,
        order=order if isinstance(order, int) else 100,
        items=[page],
    )


def modules_to_rate(curriculum: Curriculum) -> str:
    """The snippet :data:`MODULES_SNIPPET`: plain titles, no links, so that it reads the same
    wherever it is included."""
    parts = [
        (curriculum.part_label(part), [m.title for m in curriculum.ordered_modules() if m.part == part])
        for part in _parts(curriculum)
    ]
    return render("site/kit_modules.md", parts=parts)


def kit_pages(curriculum: Curriculum) -> list[KitPage]:
    """Every page of the kit but its index, in the order of the index; hand-written pages
    with their body as written (the site and the PDF each rewrite its links their way)."""
    generated = [*(positionnement(curriculum, part) for part in _parts(curriculum)), attestation(curriculum)]
    written = [hand_written(page) for page in curriculum.pages.values() if is_kit_page(page)]
    return sorted([*generated, *written], key=lambda k: (list(AUDIENCES).index(k.audience), k.order, k.staged))


def kit_markdown(curriculum: Curriculum, kit: KitPage, *, body: str | None = None, logo: str | None = None) -> str:
    """The kit page as Markdown for the site and the PDF, without front matter; ``body``
    replaces the page's own (the PDF's, links as print wants them), ``logo`` the address of
    the edition's logo from the page (the PDF's: the file's own)."""
    settings = curriculum.settings
    if logo is None and logo_path(curriculum) is not None:
        logo = pages.served_href(kit.staged, logo_path(curriculum))
    return render(
        "site/kit_page.md",
        title=pages.md(kit.title),
        summary=kit.summary,
        pdf=pages.export_href(kit.staged, kit.pdf),
        body=pages.md((kit.body if body is None else body).strip("\n")),
        # an attendance sheet, an attestation: who they come from, on the sheet itself
        footer=f"{kit.title} · {settings.byline} · {licence(kit.licence).name}",
        attestation=kit.staged == ATTESTATION_PAGE,
        # an attendance sheet or an attestation on paper carries the edition's logo, as its
        # programme sheets do
        logo=logo,
        publisher=settings.publisher,
    )


def index_markdown(curriculum: Curriculum) -> str:
    kits = kit_pages(curriculum)
    sections = [
        (
            label,
            [
                (pages.md(f"[{pages._md_text(k.title)}]({pages.rel(KIT_INDEX, k.staged)})"), k.summary, k.pdf, k.title)
                for k in kits
                if k.audience == audience
            ],
        )
        for audience, label in AUDIENCES.items()
    ]
    return render("site/kit_index.md", school=curriculum.settings.name, sections=sections)


def session_kit_pages(curriculum: Curriculum) -> dict[str, str]:
    """Staged path -> Markdown of each page of the kit (hand-written ones in place of their plain page)."""
    out = {
        KIT_INDEX: pages._front_matter(
            "Kit de session",
            "Les documents d'une session de formation : positionnement, attestation de suivi, questionnaires "
            "d'évaluation, grilles, consentement, émargement et attestation de présence, chacun en page et en PDF A4.",
        )
        + index_markdown(curriculum)
    }
    for kit in kit_pages(curriculum):
        if kit.page is not None:
            # links rewritten and the view applied by the plain page's assembly, as for canvases
            out[kit.staged] = pages.hand_written_page(curriculum, replace(kit.page, body=kit_markdown(curriculum, kit)))
        else:
            out[kit.staged] = pages._front_matter(kit.title, kit.summary) + kit_markdown(curriculum, kit)
    return out


def nav_entries(curriculum: Curriculum) -> list[str]:
    """The kit's pages in the menu: its index first."""
    return [KIT_INDEX, *(kit.staged for kit in kit_pages(curriculum))]
