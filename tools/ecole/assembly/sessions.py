"""The generated parts of the trainer guide (``docs/guides/formateur.md``): the parts of
the cursus with their modules, and the model programmes, day by day.

The guide's prose is editorial and stays in ``docs/``; what follows from the
edition (how many modules each part has, which programme holds which module)
is written here, so that an edition that leaves modules out never prints a
count or a title it does not have. The guide includes both texts as snippets
(``--8<-- "guide-programmes.md"``); the trainer guide PDF includes the same
texts (see :func:`ecole.assembly.snippets.include_snippets`).

The model programmes are the paths of ``parcours.yml`` that have a schedule
(see :mod:`ecole.model.schedule`): the reference's ``programme-trois-jours``
and ``programme-dix-jours``, and an edition's own. An upstream programme that
the edition's selection cuts down is not published at all (it would promise
modules the edition does not have): the text says so without naming them.
"""

from __future__ import annotations

from ..model.addresses import GLOSSARY_PAGE, TRAINER_GUIDE, programme_sheet
from ..model.durations import format_minutes
from ..model.french import count, listed
from ..model.structure import PART_LABELS, Curriculum, LearningPath
from .pages import link, rel, schedule_table, session_length
from .programme import path_objectives

#: The page that includes these snippets: their links are relative to it.
GUIDE_PARTS = "guide-parties.md"
GUIDE_PROGRAMMES = "guide-programmes.md"

#: Each part of the cursus, as the guide introduces it: its name in a sentence and what it is for.
_PARTS = {
    "sensibilisation": (
        "la sensibilisation",
        "les notions et les méthodes du {design}, avec beaucoup de mises en pratique courtes",
    ),
    "travaux-pratiques": (
        "les travaux pratiques",
        "un vrai problème de la collectivité, traité en « mode labo » jusqu'à l'expérimentation d'une solution",
    ),
}


def guide_snippets(curriculum: Curriculum) -> dict[str, str]:
    """Snippet file name -> Markdown, for the trainer guide."""
    return {GUIDE_PARTS: parts_text(curriculum), GUIDE_PROGRAMMES: programmes_text(curriculum)}


def parts_text(curriculum: Curriculum) -> str:
    """The parts of the cursus this edition has, each with its modules and their time."""
    here = TRAINER_GUIDE
    design = "design de services"
    if GLOSSARY_PAGE in curriculum.pages:
        design = f"[{design}]({rel(here, GLOSSARY_PAGE)})"
    entries = []
    for part in PART_LABELS:
        modules = [m for m in curriculum.ordered_modules() if m.part == part]
        if not modules:
            continue
        name, role = _PARTS[part]
        span = (
            f"de {link(here, modules[0])} à {link(here, modules[-1])}" if len(modules) > 1 else link(here, modules[0])
        )
        minutes = sum(m.duration for m in modules)
        entries.append(
            f"**{name}** ({count(len(modules), 'module')}, {format_minutes(minutes)}, {span}) : "
            + role.format(design=design)
        )
    if not entries:
        return "Cette édition ne propose aucun module.\n"
    if len(entries) == 1:
        return f"Cette édition en propose une partie, {entries[0]}.\n"
    items = [f"- {entry} ;" for entry in entries[:-1]] + [f"- {entries[-1]}."]
    number = {2: "deux", 3: "trois", 4: "quatre"}.get(len(entries), str(len(entries)))
    return f"Il comporte {number} parties :\n\n" + "\n".join(items) + "\n"


def programmes_text(curriculum: Curriculum) -> str:
    """Every scheduled path of the edition: its length, its schedule, where to find it."""
    here = TRAINER_GUIDE
    scheduled = [learning_path for learning_path in curriculum.learning_paths if learning_path.schedule]
    out = []
    if curriculum.excluded:
        out += [
            "Cette édition ne propose pas tous les modules du cursus de référence : les programmes types "
            "du cursus de référence qui en comprennent d'autres ne sont pas repris ici.",
            "",
        ]
    if not scheduled:
        out += ["Cette édition ne propose pas de programme type.", ""]
    for learning_path in scheduled:
        out += [f"### {learning_path.title}", "", learning_path.summary, ""]
        out += [f"Durée : {session_length(curriculum, learning_path)}.", ""]
        if learning_path.objectives:
            out += [*path_objectives(learning_path), ""]
        for sentence in (_left_out(learning_path), _unscheduled(curriculum, learning_path, here)):
            if sentence:
                out += [sentence, ""]
        out += [schedule_table(curriculum, learning_path, here).rstrip("\n"), ""]
        out += [
            f"Ce programme est aussi un parcours du site, {link(here, learning_path)}, avec sa "
            f"[fiche programme]({rel(here, programme_sheet(learning_path))}) et son livret PDF.",
            "",
        ]
    return "\n".join(out)


def _left_out(learning_path: LearningPath) -> str:
    """What the edition took out of one of its own programmes, without naming it."""
    if not learning_path.left_out:
        return ""
    number = len(learning_path.left_out)
    what = "il en est retiré" if number == 1 else "ils en sont retirés"
    if learning_path.days_left_out:
        days = learning_path.days_left_out
        what += ", et le programme perd " + ("une journée" if days == 1 else f"{days} journées")
    modules = "un module" if number == 1 else f"{number} modules"
    return f"Cette édition ne propose pas {modules} de ce programme : {what}."


def _unscheduled(curriculum: Curriculum, learning_path: LearningPath, here: str) -> str:
    """The modules of the programme's parts that it leaves for learners to follow online;
    said of a programme that covers most of its parts, not of a short one that picks a few."""
    parts = {curriculum.modules[m].part for m in learning_path.modules}
    others = [m for m in curriculum.ordered_modules() if m.part in parts and m.id not in learning_path.modules]
    if not others or len(others) >= len(learning_path.modules):
        return ""
    names = listed([link(here, m) for m in others])
    if len(others) == 1:
        return (
            f"Le module {names} n'est pas au programme : il se suit en ligne entre les journées, "
            "ou remplace un module selon votre public."
        )
    return (
        f"Les modules {names} ne sont pas au programme : ils se suivent en ligne entre les journées, "
        "ou remplacent un module selon votre public."
    )
