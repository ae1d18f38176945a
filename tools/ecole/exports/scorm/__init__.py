"""SCORM 1.2 and SCORM 2004 (4th edition) packages: one per module, one for the cursus.

Every package holds the SCO page of each of its modules (see :mod:`.sco`) and,
once, the files they share: a small runtime that talks to the LMS
(``ecole/assets/scorm.js``), its stylesheet, and the site's own quiz scripts,
taken from the theme (``overrides/assets``, read with the content) so that a quiz behaves as it does on the site.
Nothing is requested outside the package, and a page opened with no LMS reads
as a plain web page.
"""

from __future__ import annotations

from importlib.resources import files as package_files
from pathlib import Path

from ...assembly.templates import render
from ...model.learning import WHOLE_CURRICULUM
from ...model.licences import code_licence_text
from ...model.structure import Curriculum
from ...model.version import day_start
from ..plan import Export, ExportFile
from .archive import write_zip
from .package import curriculum_package, module_package
from .sco import LICENCES, SHARED, page_html, render_scos

#: Share of right answers that passes a quiz. The site says the same in
#: overrides/assets/ecole.js (PASS_RATIO); a test keeps the two equal.
MASTERY = 0.75
#: The package's own runtime and stylesheet, from the ``ecole`` package data.
RUNTIME = ("scorm.js", "scorm.css")
#: The site's scripts a quiz needs, in loading order: the progress store, then the quiz.
SITE_SCRIPTS = ("ecole.js", "ecole-quiz.js")
#: Folder under exports/ -> (version as the pages say it, name for people).
VERSIONS = {"scorm12": ("1.2", "SCORM 1.2"), "scorm2004": ("2004", "SCORM 2004 (4e édition)")}


def files(curriculum: Curriculum) -> list[ExportFile]:
    out = []
    for folder, (_, name) in VERSIONS.items():
        out.append(
            ExportFile(f"{folder}/{WHOLE_CURRICULUM}.zip", f"Cursus complet, paquet {name}", WHOLE_CURRICULUM, name)
        )
        out += [
            ExportFile(f"{folder}/{module.id}.zip", f"{module.title}, paquet {name}", module.id, name)
            for module in curriculum.ordered_modules()
        ]
    return out


def write_scorm(curriculum: Curriculum, exports: Path) -> None:
    from .manifest import manifest_12, manifest_2004  # lxml: only when writing

    writers = {"1.2": manifest_12, "2004": manifest_2004}
    shared = _shared_files(curriculum)
    scripts = [name for name in (*RUNTIME, *SITE_SCRIPTS) if name.endswith(".js")]
    # Markdown is rendered once per module; each version only changes the page's attributes
    scos = render_scos(curriculum)
    packages = {
        module_id: (module_package(curriculum, sco, MASTERY, sorted(shared)), [sco]) for module_id, sco in scos.items()
    }
    packages[WHOLE_CURRICULUM] = (
        curriculum_package(curriculum, WHOLE_CURRICULUM, scos, MASTERY, sorted(shared)),
        list(scos.values()),
    )
    for folder, (version, _) in VERSIONS.items():
        pages = {
            module_id: page_html(curriculum, sco, version, MASTERY if sco.module.quizzes else None, scripts)
            for module_id, sco in scos.items()
        }
        for name, (package, members) in packages.items():
            entries = dict(shared)
            for sco in members:
                entries[sco.path] = pages[sco.module.id]
                entries.update({path: source.read_bytes() for path, source in sco.files.items()})
            entries["imsmanifest.xml"] = writers[version](package)
            # its members dated as its manifest: by the last update of its modules
            write_zip(exports / folder / f"{name}.zip", entries, day_start(package.date))


def _shared_files(curriculum: Curriculum) -> dict[str, bytes]:
    out = {f"{SHARED}/{name}": package_files("ecole").joinpath("assets", name).read_bytes() for name in RUNTIME}
    out.update(
        {f"{SHARED}/{name}": curriculum.theme_file(f"assets/{name}", "les paquets SCORM") for name in SITE_SCRIPTS}
    )
    out[f"{SHARED}/{LICENCES}"] = render("scorm/licences.txt", mit=code_licence_text()).encode()
    return out


EXPORT = Export(
    name="scorm",
    title="Paquets SCORM",
    description=(
        "Un paquet par module et un pour le cursus complet, aux formats SCORM 1.2 et SCORM 2004 "
        "(4e édition), à importer dans une plateforme de formation (Moodle, Canvas, Chamilo…). "
        "Chaque paquet fonctionne sans aucun appel extérieur. La plateforme reçoit l'endroit où "
        "l'apprenant s'est arrêté, l'achèvement du module (toutes les parties lues ou le quiz fait), "
        f"le score du quiz et sa réussite : le seuil, {round(MASTERY * 100)}\u00a0% de bonnes réponses, est déclaré dans le "
        "manifeste. Ouvert hors plateforme, un paquet se lit comme une page web."
    ),
    files=files,
    write=write_scorm,
)
