"""The "Ma progression" page: every module's state and quiz result, and the
tools to carry the progress to another browser (export, import) or erase it.

The page is generated, like the catalogue, because it lists the edition's
modules; ``ecole-progression.js`` fills it from the browser's storage.
"""

from __future__ import annotations

from ..model.addresses import PROGRESS_PAGE
from ..model.structure import Curriculum
from .pages import _front_matter, link, progress_block, rel

PRIVACY_PAGE = "donnees-personnelles.md"


def progress_page(curriculum: Curriculum) -> str:
    here = PROGRESS_PAGE
    modules = curriculum.ordered_modules()
    ids = [m.id for m in modules]
    privacy = (
        f" La page [Données personnelles]({rel(here, PRIVACY_PAGE)}) détaille ce qui est enregistré."
        if PRIVACY_PAGE in curriculum.pages
        else ""
    )
    out = [
        _front_matter(
            "Ma progression",
            "Vos modules terminés et vos résultats aux quiz, enregistrés dans ce navigateur seulement.",
        ),
        "# Ma progression\n",
        "Vos modules terminés et vos résultats aux quiz sont enregistrés dans ce navigateur "
        f"seulement : rien n'est envoyé, aucun compte n'est nécessaire.{privacy}\n",
        progress_block(curriculum, ids),
        "## Vos modules\n",
        '<div class="ecole-suivi" markdown>\n',
        "| Module | Durée | Quiz | Terminé |\n| --- | --- | --- | --- |",
    ]
    for module in modules:
        out.append(
            f"| {link(here, module)} | {module.duration_text} | "
            f'<span class="ecole-score" data-module="{module.id}">—</span> | '
            f'<span class="ecole-statut" data-module="{module.id}">—</span> |'
        )
    out += [
        "\n</div>\n",
        "## Changer de navigateur ou d'ordinateur\n",
        "Pour retrouver votre progression sur un autre poste, exportez-la dans un petit fichier, "
        "copiez ce fichier sur l'autre poste (clé USB, messagerie), puis importez-le depuis cette "
        "même page. L'import ajoute la progression du fichier à celle du navigateur : un module "
        "terminé d'un côté ou de l'autre reste terminé.\n",
        f'<div class="ecole-outils" data-modules="{",".join(ids)}" hidden>',
        '<p><button type="button" class="md-button md-button--primary" data-action="exporter">'
        "Exporter ma progression</button></p>",
        # The browser's own file button speaks the browser's language, not the site's:
        # a plain button opens the hidden file input instead.
        '<p><button type="button" class="md-button" data-action="importer">Importer une progression…</button>'
        '<input type="file" id="ecole-import" accept=".json,application/json" hidden></p>',
        '<p><button type="button" class="md-button" data-action="effacer">Effacer ma progression</button></p>',
        '<p class="ecole-outils__message" role="status"></p>',
        "</div>",
        "<noscript><p>L'export, l'import et l'effacement de la progression demandent que JavaScript "
        "soit activé dans votre navigateur.</p></noscript>",
    ]
    return "\n".join(out) + "\n"
