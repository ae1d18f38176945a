"""The home page's generated parts: a learning portal's entrance, the paths to choose
from, the parts of the cursus, the offline copy and where else to start.

The home page is hand-written (``docs/index.md``), but what it proposes follows from
the edition: the path it recommends (``default_path``), the paths it has, its parts,
its pages. Each generated part is a snippet (:mod:`ecole.assembly.snippets`) that the
page includes, so that an edition never advertises a part, a path or a page it does
not have:

- ``accueil-depart.md``: « Commencer » (the first module of the recommended path),
  « Reprendre » for a returning learner (ecole-progression.js, ``renderHome``), the
  recommended path and its progress;
- ``accueil-parcours.md``: the paths by audience and by the time they take;
- ``accueil-parties.md``: the parts of the cursus;
- ``accueil-emporter.md``: the offline copy, with its size, which the build writes in
  once the archive exists (:mod:`ecole.exports.sizes`);
- ``accueil-commencer.md``: method cards, case studies, pages for trainers.

An edition's own home page that does not include the entrance gets it before its first
section (:func:`with_home_block`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from markupsafe import Markup

from ..model.addresses import FILE_SIZE_ATTRIBUTE, HOME_PAGE, PATHS_PAGE, TRAINER_GUIDE
from ..model.durations import MINUTES_PER_DAY, format_minutes
from ..model.french import count
from ..model.learning import WHOLE_CURRICULUM
from ..model.structure import AUDIENCE_LABELS, PART_LABELS, Curriculum, LearningPath
from .pages import (
    _front_matter,
    days_text,
    link,
    md,
    part_anchor,
    path_facts,
    path_minutes,
    path_start,
    progress_block,
    rel,
)
from .templates import render

HOME_ENTRANCE = "accueil-depart.md"
HOME_PATHS = "accueil-parcours.md"
HOME_PARTS = "accueil-parties.md"
HOME_OFFLINE = "accueil-emporter.md"
HOME_START = "accueil-commencer.md"
#: ``name`` of the offline copy's export (``ecole.exports.offline.EXPORT``): the assembly
#: never imports the exports, it finds the archive among the files they plan.
OFFLINE_EXPORT = "hors-ligne"

_INCLUDE_ENTRANCE = f'--8<-- "{HOME_ENTRANCE}"'
_FIRST_SECTION = re.compile(r"^## ", re.MULTILINE)


def default_path(curriculum: Curriculum) -> LearningPath | None:
    """The path the edition proposes first; the whole cursus when it names none."""
    wanted = curriculum.settings.default_path or WHOLE_CURRICULUM
    return next((learning_path for learning_path in curriculum.learning_paths if learning_path.id == wanted), None)


def entrance(curriculum: Curriculum) -> str:
    """« Commencer », « Reprendre » and the recommended path, with the data the script
    needs to find a returning learner's next module."""
    path = default_path(curriculum)
    if path is None or not path.modules:
        return ""
    return path_start(curriculum, path, HOME_PAGE, recommended=True)


def _time_label(curriculum: Curriculum, path: LearningPath) -> str:
    """How long a path takes, in the words of a learner choosing by the time they have:
    a session's days, a day or days of modules, or hours."""
    if path.schedule:
        # its time in the room, as its programme sheet counts it: three days, the last a
        # morning only, make « 2,5 journées », not « 3 journées »
        return f"{days_text(path.training_minutes)} de formation"
    minutes = path_minutes(curriculum, path)
    if minutes >= MINUTES_PER_DAY:
        return days_text(minutes)
    return f"environ {format_minutes(minutes)}" if minutes > 60 else format_minutes(minutes)


def _facts(curriculum: Curriculum, path: LearningPath) -> str:
    """``7 modules, 15 h 30``; for a session, its time in the room too, which sets it apart
    from a path of the same modules followed alone (« 17 modules, 40 h » twice on the home page)."""
    modules = path_facts(curriculum, path)
    if not path.schedule:
        return modules
    return f"{modules} ; {format_minutes(path.training_minutes)} de formation, activités comprises"


def _card(curriculum: Curriculum, path: LearningPath, here: str) -> dict:
    return {
        "link": md(link(here, path)),
        "summary": md(path.summary),
        "facts": md(_facts(curriculum, path)),
        "audience": AUDIENCE_LABELS.get(path.audience or ""),
        "time": md(_time_label(curriculum, path)),
        "modules": path.modules,
        # the path's own progress, shown by the script once the learner began it
        "progress": Markup(progress_block(curriculum, path.modules, inline=True)),
        "recommended": path.id == (curriculum.settings.default_path or WHOLE_CURRICULUM),
    }


def path_chooser(curriculum: Curriculum, here: str = HOME_PAGE) -> str:
    """Every path of the edition, by audience (the paths the tool computes per audience)
    and by the time they take (all the others, the shortest first): whatever paths
    ``curriculum.learning_paths`` holds; ``here``, the page that shows them."""
    paths = [p for p in curriculum.learning_paths if p.modules]
    by_audience = [_card(curriculum, p, here) for p in paths if p.audience]
    by_time = [
        _card(curriculum, p, here) for p in sorted(paths, key=lambda p: path_minutes(curriculum, p)) if not p.audience
    ]
    return render("site/home_paths.md", by_audience=by_audience, by_time=by_time)


def paths_page(curriculum: Curriculum) -> str:
    """The « Parcours » page: the home page's path cards, by role and by time. A table of
    ten rows, roles and lengths mixed, in no order of length, said less on a phone, where
    its description column was some 100 px wide."""
    here = PATHS_PAGE
    return "\n".join(
        [
            _front_matter(
                "Parcours", "Des suites de modules adaptées à chaque public et au temps dont chacun dispose."
            ),
            "# Parcours\n",
            "Un parcours est une suite de modules dans un ordre qui respecte leurs prérequis. Choisissez-le "
            "selon votre rôle ou selon le temps dont vous disposez : sa page dit ce que vous saurez faire à la "
            "fin, et sa fiche programme, tout ce qu'il faut pour l'organiser en formation.\n",
            "## Les parcours\n",
            path_chooser(curriculum, here),
        ]
    )


#: What each part of the cursus is, whatever modules an edition keeps of it.
_PART_SUMMARIES = {
    "sensibilisation": "Les bases du design de services, un module après l'autre.",
    "travaux-pratiques": "Une équipe de volontaires mène un vrai projet de sa collectivité, en mode labo.",
}
#: Pages for those who run the cursus, named on the home page when the edition has them.
CANVASES = "canevas/"


def parts_cards(curriculum: Curriculum) -> str:
    """The parts of the cursus this edition has, as cards, for the home page."""
    parts = []
    for part in PART_LABELS:
        modules = [m for m in curriculum.ordered_modules() if m.part == part]
        if not modules:
            continue
        parts.append(
            {
                "label": md(curriculum.part_label(part)),
                "href": f"{rel(HOME_PAGE, 'modules/index.md')}#{part_anchor(part)}",
                "summary": md(_PART_SUMMARIES[part]),
                "count": count(len(modules), "module"),
                "duration": format_minutes(sum(m.duration for m in modules)),
                "first": md(link(HOME_PAGE, modules[0])),
                "last": md(link(HOME_PAGE, modules[-1])) if len(modules) > 1 else None,
            }
        )
    return render("site/home_parts.md", parts=parts)


def offline_block(archive: str | None, title: str = "") -> str:
    """« Emporter le cursus » (``title``, the export's, whose anchor the archive's own copy
    of the page leaves out of its contents): a link to the offline archive (``archive``,
    relative to ``exports/``) and a place for its size. Its size is known only once the archive is
    written, after the pages: the build writes it in (:mod:`ecole.exports.sizes`), and
    the block stays hidden while that place is empty (a build without exports, the
    copy of the page inside the archive itself, which does not hold the archive)."""
    if archive is None:
        return ""
    href = f"exports/{archive}"
    return render("site/home_offline.md", href=href, size_attribute=FILE_SIZE_ATTRIBUTE, title=title)


def where_to_start(curriculum: Curriculum) -> str:
    """Other ways in, beside the paths: only the pages and sections the edition has."""
    trainer = []
    if TRAINER_GUIDE in curriculum.pages:
        trainer.append(md(f"le [guide du formateur]({rel(HOME_PAGE, TRAINER_GUIDE)})"))
    canvases = sorted(path for path in curriculum.pages if path.startswith(CANVASES))
    if canvases:
        trainer.append(md(f"les [canevas à imprimer]({rel(HOME_PAGE, canvases[0])})"))
    return render(
        "site/home_start.md",
        methods=bool(curriculum.methods),
        cases=bool(curriculum.case_studies),
        trainer=trainer,
    )


def home_snippets(curriculum: Curriculum, downloads: Sequence[tuple[object, Sequence[object]]]) -> dict[str, str]:
    """Snippet name -> Markdown, for the home page; ``downloads``: the exports' planned files."""
    archive, title = next(
        (
            (file.path, getattr(export, "title", ""))
            for export, files in downloads
            if getattr(export, "name", None) == OFFLINE_EXPORT
            for file in files
            if file.path.endswith(".zip")
        ),
        (None, ""),
    )
    return {
        HOME_ENTRANCE: entrance(curriculum),
        HOME_PATHS: path_chooser(curriculum),
        HOME_PARTS: parts_cards(curriculum),
        HOME_OFFLINE: offline_block(archive, title),
        HOME_START: where_to_start(curriculum),
    }


def with_home_block(curriculum: Curriculum, text: str) -> str:
    """``text`` (the staged home page), including the entrance: an edition's own home
    page that does not gets it before its first section, or at its end."""
    if _INCLUDE_ENTRANCE in text:
        return text
    section = _FIRST_SECTION.search(text)
    if section:
        return text[: section.start()] + _INCLUDE_ENTRANCE + "\n\n" + text[section.start() :]
    return text.rstrip("\n") + "\n\n" + _INCLUDE_ENTRANCE + "\n"
