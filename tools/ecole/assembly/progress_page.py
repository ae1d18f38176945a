"""The "Ma progression" page: the learner's path first (the one started from its page, or
the one the edition recommends), then every module's state and quiz result, and the
tools to carry the progress to another browser (export, import) or erase it.

The page is generated, like the catalogue, because it lists the edition's
modules; ``ecole-progression.js`` fills it from the browser's storage.
"""

from __future__ import annotations

from markupsafe import Markup

from ..model.addresses import ATTESTATION_PAGE, PROGRESS_PAGE, positionnement_page
from ..model.structure import PART_LABELS, Curriculum
from .home import entrance
from .pages import _front_matter, link, md, progress_block, rel
from .templates import render

PRIVACY_PAGE = "donnees-personnelles.md"


def progress_page(curriculum: Curriculum) -> str:
    here = PROGRESS_PAGE
    modules = curriculum.ordered_modules()
    ids = [m.id for m in modules]
    front = _front_matter(
        "Ma progression",
        "Vos modules terminés et vos résultats aux quiz, enregistrés dans ce navigateur seulement.",
    )
    return (
        front
        + "\n"
        + render(
            "site/progress_page.md",
            privacy=rel(here, PRIVACY_PAGE) if PRIVACY_PAGE in curriculum.pages else None,
            # the home page's way in, which ecole-progression.js turns to the learner's own path:
            # an agent who follows eight modules read « 1 / 17 modules, il reste 38 h 30 » first
            path=Markup(entrance(curriculum)),
            progress=Markup(progress_block(curriculum, ids)),
            modules=[(md(link(here, m)), md(m.duration_text), m.id) for m in modules],
            ids=ids,
            attestation=rel(here, ATTESTATION_PAGE),
            positionnements=[
                (curriculum.part_label(part), rel(here, positionnement_page(part)))
                for part in PART_LABELS
                if any(m.part == part for m in modules)
            ],
        )
    )
