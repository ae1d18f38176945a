"""The home page's generated parts: the edition's default path and its progress, the
parts of the cursus and where to start.

The home page is hand-written, but which path it proposes is a setting
(``default_path``), so the block is generated and placed right after the
"Reprendre où j'en étais" block the page already holds (or before its first
section when a territory edition's home page has none).

What the edition publishes (its parts, their modules, its paths, its pages) is
data too: the part cards and the « Par où commencer ? » list are snippets
(:mod:`ecole.assembly.snippets`) that the page includes, so that an edition
never advertises a part, a path or a page it does not have.
"""

from __future__ import annotations

import re

from markupsafe import Markup

from ..model.addresses import HOME_PAGE
from ..model.durations import format_minutes
from ..model.french import count
from ..model.learning import WHOLE_CURRICULUM
from ..model.structure import PART_LABELS, Curriculum, LearningPath
from .pages import link, md, part_anchor, progress_block, rel
from .templates import render

_RESUME_BLOCK = re.compile(r'<div class="ecole-reprendre"[^>]*>.*?</div>\n', re.DOTALL)
_FIRST_SECTION = re.compile(r"^## ", re.MULTILINE)


def default_path(curriculum: Curriculum) -> LearningPath | None:
    """The path the edition proposes first; the whole cursus when it names none."""
    wanted = curriculum.settings.default_path or WHOLE_CURRICULUM
    return next((learning_path for learning_path in curriculum.learning_paths if learning_path.id == wanted), None)


def home_block(curriculum: Curriculum) -> str:
    path = default_path(curriculum)
    if path is None:
        return ""
    minutes = sum(curriculum.modules[m].duration for m in path.modules)
    return render(
        "site/home_path.md",
        title=md(path.title),
        href=rel(HOME_PAGE, path.staged_path),
        count=len(path.modules),
        duration=md(format_minutes(minutes)),
        progress=Markup(progress_block(curriculum, path.modules)),
    )


#: What each part of the cursus is, whatever modules an edition keeps of it.
_PART_SUMMARIES = {
    "sensibilisation": "Les bases du design de services, un module après l'autre.",
    "travaux-pratiques": "Une équipe de volontaires mène un vrai projet de sa collectivité, en mode labo.",
}
#: Pages for those who run the cursus, named on the home page when the edition has them.
TRAINER_GUIDE = "guides/formateur.md"
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


def where_to_start(curriculum: Curriculum) -> str:
    """The « Par où commencer ? » list: only paths, pages and sections the edition has."""
    paths = {learning_path.id: learning_path for learning_path in curriculum.learning_paths}
    made = [learning_path for learning_path in curriculum.learning_paths if learning_path.source is not None]
    shortest = min(made, key=lambda p: sum(curriculum.modules[m].duration for m in p.modules), default=None)
    trainer = []
    if TRAINER_GUIDE in curriculum.pages:
        trainer.append(md(f"le [guide du formateur]({rel(HOME_PAGE, TRAINER_GUIDE)})"))
    canvases = sorted(path for path in curriculum.pages if path.startswith(CANVASES))
    if canvases:
        trainer.append(md(f"les [canevas à imprimer]({rel(HOME_PAGE, canvases[0])})"))
    return render(
        "site/home_start.md",
        discovery=None
        if shortest is None
        else {"title": md(shortest.title), "href": rel(HOME_PAGE, shortest.staged_path)},
        whole=rel(HOME_PAGE, paths[WHOLE_CURRICULUM].staged_path),
        methods=bool(curriculum.methods),
        cases=bool(curriculum.case_studies),
        trainer=trainer,
    )


def with_home_block(curriculum: Curriculum, text: str) -> str:
    """``text`` (the staged home page) with the learning block in place."""
    block = home_block(curriculum)
    if not block:
        return text
    resume = _RESUME_BLOCK.search(text)
    if resume:
        return text[: resume.end()] + "\n" + block + text[resume.end() :]
    section = _FIRST_SECTION.search(text)
    if section:
        return text[: section.start()] + block + "\n" + text[section.start() :]
    return text.rstrip("\n") + "\n\n" + block
