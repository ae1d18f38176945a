"""What a content's header and footer say about it, computed once for every medium.

A module's header (summary, facts, objectives, related contents) and the
licence line of any content read the same on the site, on paper and in an LMS:
the site page (:mod:`.pages`), the printed chapter (``exports/chapters.py``)
and the SCORM page (``exports/scorm/sco.py``) take their data here and render
the same templates (``shared/module_header.html``, the macros of ``shared/macros.html``).
What differs between them is a parameter: how links are made, whether the
markup is staged Markdown (``md_in_html``), the class names of the stylesheet.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from markupsafe import Markup

from ..model.licences import licence
from ..model.structure import (
    AUDIENCE_LABELS,
    DIFFICULTY_LABELS,
    LEVEL_LABELS,
    PART_SHORT,
    PHASE_LABELS,
    READING_FIELDS,
    READING_MARK,
    TERRITORY_TYPE_LABELS,
    CaseStudy,
    Curriculum,
    Item,
    Method,
    Module,
)
from .templates import macros, render

_MONTHS = [
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
]  # fmt: skip


def date_text(value: str) -> str:
    """``2018-02-12`` -> ``12 février 2018``; ``2018-02`` -> ``février 2018``."""
    parts = value.split("-")
    if len(parts) == 3:
        day = int(parts[2])
        return f"{'1er' if day == 1 else day} {_MONTHS[int(parts[1]) - 1]} {parts[0]}"
    if len(parts) == 2:
        return f"{_MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return "date non précisée" if value == "inconnue" else value


# --- a module's header ---------------------------------------------------------------


def audience_text(audiences: list[str]) -> str:
    """``Agents, encadrants, élus``: who a module or a session is for, in words, as a
    sentence writes them (the labels are capitalised to stand alone, as in a menu)."""
    labels = [AUDIENCE_LABELS[a] for a in audiences]
    return ", ".join(labels[:1] + [label.lower() for label in labels[1:]])


def method_facts(method: Method) -> list[tuple[str, str]]:
    """What a method card's header says, on the site and on paper."""
    return [
        ("Phase", PHASE_LABELS[method.phase]),
        ("Durée", method.duration_label),
        ("Participants", method.participants),
        ("Difficulté", DIFFICULTY_LABELS[method.difficulty]),
    ]


def case_facts(case: CaseStudy) -> list[tuple[str, str]]:
    """What a case study's header says, on the site and on paper: the facts its
    source gives, a fact the project deduces marked « (notre lecture) », and
    what each such reading rests on; a fact the source does not give is left out."""
    facts = [("Territoire", case.territory + reading_mark(case, "territory"))]
    if case.department_name is not None:
        facts.append(("Département", department_text(case)))
    if case.territory_type is not None:
        facts.append(("Type de territoire", territory_type_text(case) + reading_mark(case, "territory_type")))
    facts.append(("Période", period_text(case) + reading_mark(case, "period")))
    if case.readings:
        facts.append((READING_MARK.capitalize(), readings_text(case)))
    return facts


def reading_mark(case: CaseStudy, name: str) -> str:
    """`` (notre lecture)`` after a fact the source does not give but the project deduces."""
    return f" ({READING_MARK})" if name in case.readings else ""


def readings_text(case: CaseStudy) -> str:
    """What each of the project's readings rests on, one sentence per field."""
    return " ".join(
        f"{READING_FIELDS[name]} : {note.strip().rstrip('.')}."
        for name, note in sorted(case.readings.items(), key=lambda pair: list(READING_FIELDS).index(pair[0]))
    )


def department_text(case: CaseStudy) -> str:
    """``Lot (46)``, ``Lot (46, notre lecture)``; empty when the case names no département."""
    if case.department_name is None:
        return ""
    reading = f", {READING_MARK}" if "department" in case.readings else ""
    return f"{case.department_name} ({case.department_code}{reading})"


def place_text(case: CaseStudy) -> str:
    """``Bassin de vie de Cahors (Lot, notre lecture)``: the territory, its
    département when it has another name, and whether either is the project's reading."""
    notes = [case.department_name] if case.department_name and case.department_name != case.territory else []
    if "territory" in case.readings or "department" in case.readings:
        notes.append(READING_MARK)
    return f"{case.territory} ({', '.join(notes)})" if notes else case.territory


def territory_type_text(case: CaseStudy) -> str:
    if case.territory_type is None:
        return "non précisé par la source"
    return TERRITORY_TYPE_LABELS[case.territory_type]


def period_text(case: CaseStudy) -> str:
    if case.period_start is None or case.period_end is None:
        return "non précisée par la source"
    if case.period_start == case.period_end:
        return date_text(case.period_start)
    return f"de {date_text(case.period_start)} à {date_text(case.period_end)}"


def module_facts(module: Module) -> list[tuple[str, str]]:
    """(label, value) of the facts every header of a module lists."""
    return [
        ("Partie", PART_SHORT[module.part]),
        ("Durée", module.duration_text),
        ("Niveau", LEVEL_LABELS[module.level]),
        ("Public", audience_text(module.audience)),
    ]


def related_items(curriculum: Curriculum, module: Module) -> list[tuple[str, list[Item]]]:
    """(label, items) of the contents a module refers to that this curriculum holds
    (an edition may leave some out); labels without any item are left out."""
    groups: list[tuple[str, list[Item]]] = [
        ("Prérequis", [curriculum.modules[p] for p in module.prerequisites if p in curriculum.modules]),
        ("Méthodes", [curriculum.methods[m] for m in module.methods if m in curriculum.methods]),
        ("Études de cas", [curriculum.case_studies[c] for c in module.case_studies if c in curriculum.case_studies]),
    ]
    return [(label, items) for label, items in groups if items]


def module_header(
    module: Module,
    *,
    objectives: Sequence[Markup],
    related: Sequence[tuple[str, Sequence[Markup]]],
    markdown: bool = False,
    prefix: str = "ecole-",
    data: bool = True,
    progress: bool = False,
) -> str:
    """The header block of a module (``shared/module_header.html``, whose comment
    says what each parameter changes). ``objectives`` and the links of ``related``
    come as markup made by the medium: Markdown on the site, HTML elsewhere."""
    return render(
        "shared/module_header.html",
        module=module,
        facts=module_facts(module),
        objectives=objectives,
        related=related,
        markdown=markdown,
        prefix=prefix,
        data=data,
        progress=progress,
    )


# --- the licence line ------------------------------------------------------------------


@dataclass(frozen=True)
class Credit:
    """What the licence line of a content says."""

    licence: str  # the licence's name
    url: str  # of the licence's text
    authors: str  # may be empty
    updated: str | None  # the date of the last update, in words


def credit(item: Item) -> Credit:
    name, url = licence(item.licence)
    return Credit(name, url, ", ".join(item.authors), date_text(item.updated) if item.updated else None)


def licence_line(
    item: Item, *, css: str | None, link: bool = True, new_tab: bool = False, markdown: bool = False
) -> str:
    """The licence line of ``item`` (macro ``licence_line``): the licence named (and
    linked unless ``link`` is false), the authors, the last update. With
    ``markdown`` (the site), the authors are Markdown like the rest of the page."""
    line = credit(item)
    if markdown:
        line = replace(line, authors=Markup(line.authors))
    return str(macros("shared/macros.html").licence_line(line, css, link, new_tab, markdown))


# --- links -----------------------------------------------------------------------------


def item_link(title: str, href: str | None, *, css: str | None = None, new_tab: bool = False) -> Markup:
    """An HTML link to a content (print, SCORM), or its title alone when ``href`` is ``None``."""
    return macros("shared/macros.html").link(title, href, css, new_tab)
