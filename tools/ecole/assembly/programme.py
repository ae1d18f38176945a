"""Programme sheets ("fiches programme"): one per module, one per learning path and one
for the whole cursus.

A French training programme, and Qualiopi's indicator 1, expect the same list of
headings everywhere: objectifs pédagogiques, public visé, prérequis, durée,
modalités et délais d'accès, tarifs, méthodes mobilisées, modalités d'évaluation,
accessibilité aux personnes handicapées, contact, date de mise à jour. Every
line below comes from the modules' front-matter and bodies or from the
edition's settings (``access``, ``price``, ``accessibility_contact``, ``contact``):
nothing is written twice. :func:`sheet` makes the Markdown of a sheet; the
site page and the PDF (``exports/pdf/programmes/``) both render it. The sheet
of a path that is a training session shows its schedule, day by day.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..model.addresses import PROGRAMMES_INDEX, Subject, programme_sheet, programme_sheet_pdf, sheet_paths
from ..model.admonitions import admonitions
from ..model.body import masked_lines
from ..model.durations import format_minutes
from ..model.french import count
from ..model.learning import WHOLE_CURRICULUM_TITLE
from ..model.structure import LEVEL_LABELS, PART_LABELS, Curriculum, LearningPath, Module
from .facts import audience_text
from .pages import _front_matter, date_text, days_text, export_href, link, md, rel, schedule_table, session_length
from .session_kit import is_kit_page
from .templates import render
from .typography import french, full_stop

_SECTION = re.compile(r"^## (?P<title>.+?)\s*$")


def nav_entries(curriculum: Curriculum) -> list[str | dict[str, str] | dict[str, list[dict[str, str]]]]:
    """The sheets in the navigation, under the module titles (the section says "fiche programme");
    the paths' sheets in a group of their own, last, named apart from the « Parcours » section
    (two navigation landmarks may not share a name)."""
    # explicit labels, shown as they are: French typography, as in the pages' own titles
    paths = [{french(p.title): programme_sheet(p)} for p in sheet_paths(curriculum)]
    return [
        PROGRAMMES_INDEX,
        *({french(m.title): programme_sheet(m)} for m in curriculum.ordered_modules()),
        *([{"Fiches programme des parcours": paths}] if paths else []),
    ]


def subject_name(subject: Subject) -> str:
    """What a sheet is about: a module, a path, or the whole cursus (``None``), whose
    sheet heads with the school's name already and so is not named after it again."""
    return WHOLE_CURRICULUM_TITLE if subject is None else subject.title


def title(subject: Subject) -> str:
    return f"Fiche programme : {subject_name(subject)}"


def _summary(curriculum: Curriculum, subject: Subject) -> str:
    return curriculum.settings.description if subject is None else subject.summary


def subject_modules(curriculum: Curriculum, subject: Subject) -> list[Module]:
    """The modules a sheet is about: the cursus's (``None``), a path's or one module."""
    if subject is None:
        return curriculum.ordered_modules()
    if isinstance(subject, LearningPath):
        return [curriculum.modules[m] for m in subject.modules]
    return [subject]


# --- what the bodies say about methods and evaluation --------------------------------


def _sections(module: Module) -> list[str]:
    return list(_outline(module.body)[0])


def _box_titles(modules: list[Module]) -> dict[str, list[str]]:
    """Kind -> the titles of the modules' boxes of that kind, in order."""
    found: dict[str, list[str]] = {}
    for module in modules:
        for kind, title in _outline(module.body)[1]:
            found.setdefault(kind, []).append(title)
    return found


@lru_cache(maxsize=2048)
def _outline(body: str) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
    """The section titles of ``body`` and the (kind, title) of its boxes, in order.

    Each module's outline serves its own sheet, its paths' and the whole cursus'
    (a pass over every body): remembered, being small, for every module, where the
    scans it comes from are remembered for a few bodies only."""
    sections = tuple(m["title"] for line in masked_lines(body) if (m := _SECTION.match(line)))
    return sections, tuple((box.kind, box.title) for box in admonitions(body))


# --- the sheet ---------------------------------------------------------------------


def path_objectives(path: LearningPath) -> list[str]:
    """What a participant can do at the end of ``path`` (its own objectives), as Markdown
    lines: its programme sheet and the trainer guide's model programmes say it alike."""
    # a path with a schedule is a training session, the sheet's and the guide's word for it
    whole = "de la formation" if path.schedule else "du parcours"
    return [f"À l'issue {whole}, le participant sera capable de :", "", *(f"- {o}" for o in path.objectives)]


def _each_module(here: str, modules: list[Module]) -> list[str]:
    """Each module's objectives, under its name. A tight list: each module's name heads its
    objectives without a paragraph of its own, which would read as a heading made of bold
    text (WCAG 1.3.1, H42)."""
    out = ["À l'issue de chaque module, le participant sera capable de :", ""]
    for item in modules:
        out.append(f"- **{link(here, item)}**")
        out += [f"    - {objective}" for objective in item.objectives]
    return out


def sheet(curriculum: Curriculum, subject: Subject) -> str:
    """The Markdown of a sheet (without its title), for the page and the PDF alike."""
    here = programme_sheet(subject)
    modules = subject_modules(curriculum, subject)
    module = subject if isinstance(subject, Module) else None
    path = subject if isinstance(subject, LearningPath) else None
    settings = curriculum.settings
    out = [_summary(curriculum, subject), ""]

    # a path's own objectives open the sheet; its modules' (some forty for the ten-day
    # programme) go with its content, after the duration, public and prerequisites
    own = path is not None and bool(path.objectives)

    out += ["## Objectifs pédagogiques", ""]
    if module is not None:
        out += ["À l'issue du module, le participant sera capable de :", ""]
        out += [f"- {objective}" for objective in module.objectives]
    elif own:
        out += path_objectives(path)
        out += ["", "Les objectifs de chacun de ses modules sont donnés avec le contenu, plus bas."]
    else:
        out += _each_module(here, modules)
    out.append("")

    # one module's public is all of its audiences: what every one of its modules is for
    audiences, also = curriculum.audiences([m.id for m in modules], path.audience if path else None)
    levels = [lv for lv in LEVEL_LABELS if any(m.level == lv for m in modules)]
    out += ["## Public visé", ""]
    out += [
        audience_text(audiences)
        + " ; niveau "
        + " et ".join(LEVEL_LABELS[lv].lower() for lv in levels)
        + (
            f". Certains de ses modules conviennent aussi à d'autres publics : {audience_text(also).lower()}"
            if also
            else ""
        )
        + ".",
        "",
    ]

    out += ["## Prérequis", "", _prerequisites(curriculum, modules, here), *_fieldwork(modules), ""]

    total = sum(m.duration for m in modules)
    out += ["## Durée", ""]
    if module is not None:
        out += [f"{format_minutes(total)} (durée indicative du module, hors travail sur le terrain).", ""]
    elif path is not None and path.schedule:
        out += [f"{session_length(curriculum, path)}, selon le programme ci-dessous.", ""]
    else:
        parts = []
        for part in PART_LABELS:
            in_part = [m for m in modules if m.part == part]
            if in_part:
                parts.append(
                    f"{curriculum.part_label(part)} : {count(len(in_part), 'module')}, {format_minutes(sum(m.duration for m in in_part))}"
                )
        out += [
            # not « l'équivalent de » : 15 h of modules make 2.14 days, rounded up to 2,5 (days_text)
            f"{count(len(modules), 'module')}, {format_minutes(total)} au total, à répartir sur {days_text(total)} "
            "de 7 heures, hors travail sur le terrain :",
            "",
            *[f"- {text} ;" for text in parts[:-1]],
            *([f"- {parts[-1]}."] if parts else []),
        ]
        out.append("")

    out += ["## Contenu", ""]
    if module is not None:
        out += [f"- {section}" for section in _sections(module)]
    elif path is not None and path.schedule:
        out += [schedule_table(curriculum, path, here).rstrip("\n")]
    else:
        out += ["| Module | Partie | Durée |", "| --- | --- | --- |"]
        for item in modules:
            short = curriculum.part_label(item.part, short=True)
            out.append(f"| {link(here, item)} | {short} | {item.duration_text} |")
    out.append("")
    if own:
        out += ["### Objectifs de chaque module", "", *_each_module(here, modules), ""]

    out += ["## Modalités et délais d'accès", "", settings.access or _NOT_SET, ""]
    out += ["## Tarifs", "", settings.price or _NOT_SET, ""]
    boxes = _box_titles(modules)
    out += ["## Méthodes mobilisées", "", *_methods(curriculum, modules, here, boxes), ""]
    out += ["## Modalités d'évaluation", "", *_evaluation(modules, boxes), *_follow_up(curriculum, modules), ""]
    out += ["## Accessibilité aux personnes handicapées", "", settings.accessibility_contact or _NOT_SET, ""]
    out += ["## Contact", "", *_contact(settings.contact), ""]
    out += ["## Date de mise à jour", "", f"{date_text(curriculum.last_update(modules))}.", ""]
    return "\n".join(out)


_NOT_SET = "Non précisé par l'organisme : adressez-vous au contact ci-dessous."


def _prerequisites(curriculum: Curriculum, modules: list[Module], here: str) -> str:
    inside = {m.id for m in modules}
    outside = []
    for item in modules:
        outside += [p for p in item.prerequisites if p not in inside and p in curriculum.modules and p not in outside]
    if outside:
        return full_stop("Avoir suivi : " + ", ".join(link(here, curriculum.modules[p]) for p in outside))
    if len(modules) > 1:
        # not « Aucun : … »: the printed sheet sets the heading before the text, « Prérequis : »;
        # a path's order is its own (the managers' puts framing before co-construction)
        where = "le cursus" if {m.id for m in modules} == set(curriculum.modules) else "le parcours"
        return f"Aucun. Chaque module s'appuie sur ceux qui le précèdent dans {where}."
    return "Aucun prérequis."


#: The part whose modules are worked on a real project, between sessions.
_PRACTICE = "travaux-pratiques"


def _fieldwork(modules: list[Module]) -> list[str]:
    """What the practical modules ask of a team besides the sessions (« Aucun » prerequisite
    hid it from who plans a session): a real problem, a sponsor, time in the field."""
    if not any(m.part == _PRACTICE for m in modules):
        return []
    return [
        "",
        "Pour les travaux pratiques : une équipe, un problème réel proposé par un commanditaire qui en "
        "valide le cadrage, et du temps sur le terrain entre les séances (deux à quatre semaines d'enquête, "
        "des cycles de tests d'une à deux semaines), avec l'accord des personnes rencontrées.",
    ]


def _methods(curriculum: Curriculum, modules: list[Module], here: str, boxes: dict[str, list[str]]) -> list[str]:
    activities = len(boxes.get("activite", []))
    exercises = len(boxes.get("exercice", []))
    deliverables = len(boxes.get("livrable", []))
    method_ids = dict.fromkeys(i for m in modules for i in m.methods if i in curriculum.methods)
    case_ids = dict.fromkeys(i for m in modules for i in m.case_studies if i in curriculum.case_studies)
    methods = [curriculum.methods[i] for i in method_ids]
    cases = [curriculum.case_studies[i] for i in case_ids]
    sections = sum(len(_sections(m)) for m in modules)
    # a module's sheet lists its parts under « Contenu »; a path's lists its modules
    where = "voir le contenu" if len(modules) == 1 else f"réparties dans les {len(modules)} modules"
    delivery = (
        "Sessions en présentiel animées par un formateur, une équipe travaillant sur un projet réel"
        if all(m.part == _PRACTICE for m in modules)
        else "Modules en ligne, à suivre seul, ou sessions en présentiel animées par un formateur"
    )
    lines = [
        f"- {delivery} (voir le guide du formateur) ; supports : livrets PDF, canevas à imprimer, kit de session ;",
        f"- apports de cours ({count(sections, 'partie', 'parties')}, {where}) ;",
    ]
    if activities:
        lines.append(f"- {count(activities, 'activité pratique', 'activités pratiques')} ;")
    if exercises:
        lines.append(f"- {count(exercises, 'exercice', 'exercices')} avec solution ;")
    if deliverables:
        lines.append(f"- {count(deliverables, 'livrable', 'livrables')} à produire en équipe ;")
    if cases:
        lines.append("- études de cas : " + ", ".join(link(here, c) for c in cases) + " ;")
    if methods:
        lines.append("- fiches méthode : " + ", ".join(link(here, m) for m in methods) + " ;")
    lines[-1] = lines[-1].removesuffix(" ;") + "."
    return lines


def _evaluation(modules: list[Module], boxes: dict[str, list[str]]) -> list[str]:
    questions = sum(len(m.questions) for m in modules)
    quizzes = sum(1 for m in modules if m.questions)
    exercises = len(boxes.get("exercice", []))
    deliverables = boxes.get("livrable", [])
    lines = []
    if questions:
        quiz = f"{quizzes} quiz"  # as « 1 exercice corrigé » below
        lines.append(
            f"- {quiz} d'auto-évaluation ({count(questions, 'question', 'questions')}), chaque réponse "
            "accompagnée de son explication ;"
        )
    if exercises:
        lines.append(f"- {count(exercises, 'exercice corrigé', 'exercices corrigés')}, à comparer à la solution ;")
    if len(modules) == 1 and deliverables:
        lines += [f"- {_livrable(text)} ;" for text in deliverables]
    elif deliverables:
        lines.append(f"- {count(len(deliverables), 'livrable produit', 'livrables produits')} par l'équipe ;")
    return lines


#: The session kit's hand-written pages that a sheet names, when the edition publishes them.
_SATISFACTION = ("kit/questionnaire-a-chaud.md", "kit/questionnaire-a-froid.md")
_ATTENDANCE = "kit/attestation-presence.md"


def _follow_up(curriculum: Curriculum, modules: list[Module]) -> list[str]:
    """How the session kit places the participants, evaluates the deliverables, measures
    satisfaction and attests the training (Qualiopi's indicator 1 asks for all of it; the
    sheets gave the quizzes alone): only what this edition publishes."""
    ids = {m.id for m in modules}
    # the kit's pages about these modules: their evaluation grids
    grids = [page for page in curriculum.pages.values() if is_kit_page(page) and page.meta.get("module") in ids]
    lines = ["- avant la session, un positionnement de chaque participant, objectif par objectif ;"]
    if len(grids) == 1:
        lines.append("- la grille d'évaluation du livrable, remplie par l'équipe avec le formateur ;")
    elif grids:
        lines.append(f"- {len(grids)} grilles d'évaluation des livrables, remplies par l'équipe avec le formateur ;")
    if all(key in curriculum.pages for key in _SATISFACTION):
        lines.append(
            "- la satisfaction, par un questionnaire à la fin de la session et un autre trois à six mois après ;"
        )
    attendance = (
        "une attestation de présence, signée du formateur d'après les feuilles d'émargement, pour une session ; "
        if _ATTENDANCE in curriculum.pages
        else ""
    )
    lines.append(
        f"- {attendance}une attestation de suivi, établie par l'apprenant d'après sa progression, pour les "
        "modules suivis en ligne. Ces attestations n'évaluent pas les acquis ; la formation ne prépare à "
        "aucune certification."
    )
    return lines


def _livrable(box_title: str) -> str:
    """``Livrable : la fiche problème`` -> ``livrable produit par l'équipe : la fiche problème``."""
    what = box_title.split(":", 1)[-1].strip() if ":" in box_title else box_title
    return f"livrable produit par l'équipe : {what}" if what else "livrable produit par l'équipe"


def _contact(contact: dict[str, str]) -> list[str]:
    lines = [f"- {contact['service']}"]
    if contact.get("email"):
        lines.append(f"- Courriel : <{contact['email']}>")
    if contact.get("url"):
        lines.append(f"- Site : <{contact['url']}>")
    if contact.get("address"):
        lines.append(f"- Adresse : {contact['address']}")
    return lines


# --- site pages ---------------------------------------------------------------------


def programme_page(curriculum: Curriculum, module: Subject) -> str:
    here = programme_sheet(module)
    name = title(module)
    summary = _summary(curriculum, module)
    pdf = export_href(here, programme_sheet_pdf(module))
    # the list of every module's sheet is on the whole cursus' sheet only: made for each
    # sheet, it cost a link per module per module (90,000 at 300 modules: two fifths of the staging)
    sheets = (
        [(md(m.title), rel(here, programme_sheet(m))) for m in curriculum.ordered_modules()] if module is None else []
    )
    page = render(
        "site/programme_page.md",
        title=md(name),
        pdf=pdf,
        sheet=md(sheet(curriculum, module)),
        sheets=sheets,
    )
    return _front_matter(name, summary) + "\n" + page


def programme_pages(curriculum: Curriculum) -> dict[str, str]:
    """Staged path -> Markdown of every programme page."""
    out = {PROGRAMMES_INDEX: programme_page(curriculum, None)}
    for module in curriculum.ordered_modules():
        out[programme_sheet(module)] = programme_page(curriculum, module)
    for learning_path in sheet_paths(curriculum):
        out[programme_sheet(learning_path)] = programme_page(curriculum, learning_path)
    return out
