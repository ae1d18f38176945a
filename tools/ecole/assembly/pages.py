"""The Markdown of every staged page: content pages with their header block,
and the generated indexes, matrix and learning paths.

Output is standard Markdown plus the pymdownx extensions named in mkdocs.yml
(admonition, details, attr_list, md_in_html), so another engine reading the
same staging folder renders the same site.
"""

from __future__ import annotations

import html
import json
import posixpath
import re

from ..model.admonitions import with_markers, without
from ..model.body import rewrite_links
from ..model.durations import format_hmm, format_minutes
from ..model.licences import licence
from ..model.loader import QUIZ_MARKER
from ..model.structure import (
    AUDIENCE_LABELS,
    DIFFICULTY_LABELS,
    LEVEL_LABELS,
    PART_LABELS,
    PART_SHORT,
    PHASE_LABELS,
    TERRITORY_TYPE_LABELS,
    CaseStudy,
    Curriculum,
    Item,
    LearningPath,
    Method,
    Module,
    Page,
    Source,
)
from .france_map import france_map_svg
from .jsonld import jsonld_script, module_jsonld
from .quiz_html import render_quiz


def rel(source: str, target: str) -> str:
    """Relative link from staged page ``source`` to staged page ``target``."""
    return posixpath.relpath(target, posixpath.dirname(source) or ".")


def link(source: str, item: Item | LearningPath) -> str:
    return f"[{_md_text(item.title)}]({rel(source, item.staged_path)})"


def _md_text(text: str) -> str:
    return text.replace("[", "\\[").replace("]", "\\]")


def _front_matter(title: str, description: str, **extra: object) -> str:
    meta = {"title": title, "description": description, **extra}
    lines = ["---"] + [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in meta.items()]
    return "\n".join(lines) + "\n---\n\n"


def licence_line(item: Item) -> str:
    name, url = licence(item.licence)
    parts = [f"Licence : [{name}]({url})"]
    if item.authors:
        parts.append("Auteurs : " + ", ".join(item.authors))
    if item.updated:
        parts.append(f"Mise à jour : {date_text(item.updated)}")
    return '<p class="ecole-licence" markdown>' + " · ".join(parts) + "</p>"


# --- content pages ---------------------------------------------------------------


def prepare_body(curriculum: Curriculum, item: Item) -> str:
    """The item's body with links rewritten and the view (learner or trainer) applied."""
    body = rewrite_links(item.body, curriculum.rewrites.get(item.staged_path, {}))
    return trainer_view(body) if curriculum.trainer else learner_view(body)


def learner_view(body: str) -> str:
    """Drop ``formateur`` boxes: notes for trainers are not for learners."""
    return without(body, "formateur")


def trainer_view(body: str) -> str:
    """Open every trainer note and solution (``???`` -> ``???+``)."""
    return with_markers(body, "???+", {"formateur", "solution"})


def module_page(curriculum: Curriculum, module: Module) -> str:
    here = module.staged_path
    body = prepare_body(curriculum, module)
    for index, quiz in enumerate(module.quizzes):
        body = body.replace(QUIZ_MARKER.format(index=index), render_quiz(module, quiz, index))
    facts = [
        ("Partie", PART_SHORT[module.part]),
        ("Durée", module.duration_text),
        ("Niveau", LEVEL_LABELS[module.level]),
        ("Public", ", ".join(AUDIENCE_LABELS[a] for a in module.audience)),
    ]
    header = [
        f'<div class="ecole-entete" markdown data-module="{module.id}" data-duree="{module.duration}">',
        "",
        f'<p class="ecole-entete__resume">{html.escape(module.summary)}</p>',
        "",
        _facts(facts),
        "",
        "**Objectifs** — à la fin de ce module, vous saurez :",
        "",
        *[f"- {objective}" for objective in module.objectives],
        "",
    ]
    related = [
        ("Prérequis", [curriculum.modules[p] for p in module.prerequisites if p in curriculum.modules]),
        ("Méthodes", [curriculum.methods[m] for m in module.methods if m in curriculum.methods]),
        ("Études de cas", [curriculum.case_studies[c] for c in module.case_studies if c in curriculum.case_studies]),
    ]
    for label, items in related:
        if items:
            header += [f"**{label}** : " + ", ".join(link(here, item) for item in items), ""]
    header += [
        f'<p class="ecole-progression-module" data-module="{module.id}" hidden></p>',
        "",
        "</div>",
        "",
    ]
    footer = ["", "---", ""]
    following = curriculum.next_module(module)
    footer.append(
        f'<div class="ecole-suite" markdown data-module="{module.id}">'
        '\n\n<button type="button" class="md-button ecole-terminer" data-module="'
        f'{module.id}" aria-pressed="false" hidden>Marquer ce module comme terminé</button>\n'
    )
    if following is not None:
        footer.append(f"**Module suivant** : {link(here, following)}\n")
    else:
        footer.append(f"**Dernier module du cursus.** Retour au [catalogue]({rel(here, 'modules/index.md')}).\n")
    footer.append("</div>\n")
    footer.append(licence_line(module))
    footer.append(jsonld_script(module_jsonld(curriculum, module)))
    return (
        _front_matter(module.title, module.summary, ecole_kind="module", ecole_id=module.id)
        + f"# {module.title}\n\n"
        + "\n".join(header)
        + "\n"
        + body.strip("\n")
        + "\n"
        + "\n".join(footer)
        + "\n"
    )


def method_page(curriculum: Curriculum, method: Method) -> str:
    here = method.staged_path
    facts = [
        ("Phase", PHASE_LABELS[method.phase]),
        ("Durée", method.duration_label),
        ("Participants", method.participants),
        ("Difficulté", DIFFICULTY_LABELS[method.difficulty]),
    ]
    header = [
        '<div class="ecole-entete" markdown>',
        "",
        f'<p class="ecole-entete__resume">{html.escape(method.summary)}</p>',
        "",
        _facts(facts),
        "",
    ]
    if method.materials:
        header += ["**Matériel** : " + ", ".join(method.materials), ""]
    users = curriculum.users_of_method(method.id)
    if users:
        header += ["**Enseignée dans** : " + ", ".join(link(here, m) for m in users), ""]
    cases = curriculum.cases_of_method(method.id)
    if cases:
        header += ["**Études de cas** : " + ", ".join(link(here, c) for c in cases), ""]
    header += ["</div>", ""]
    return (
        _front_matter(method.title, method.summary, ecole_kind="method", ecole_id=method.id)
        + f"# {method.title}\n\n"
        + "\n".join(header)
        + "\n"
        + prepare_body(curriculum, method).strip("\n")
        + "\n\n"
        + licence_line(method)
        + "\n"
    )


def case_page(curriculum: Curriculum, case: CaseStudy) -> str:
    here = case.staged_path
    facts = [
        ("Territoire", case.territory),
        ("Département", f"{case.department_name} ({case.department_code})"),
        ("Type de territoire", TERRITORY_TYPE_LABELS[case.territory_type]),
        ("Période", period_text(case)),
    ]
    header = [
        '<div class="ecole-entete" markdown>',
        "",
        f'<p class="ecole-entete__resume">{html.escape(case.summary)}</p>',
        "",
        _facts(facts),
        "",
        timeline_html(case),
        "",
        "**Organisations** : " + " ; ".join(case.organisations),
        "",
    ]
    if case.figures:
        header += ['<div class="ecole-chiffres" markdown>', ""]
        header += [f"- **{value}** {label}" for label, value in case.figures]
        header += ["", "</div>", ""]
    methods = [curriculum.methods[m] for m in case.methods if m in curriculum.methods]
    modules = [curriculum.modules[m] for m in case.modules if m in curriculum.modules]
    if methods:
        header += ["**Méthodes** : " + ", ".join(link(here, m) for m in methods), ""]
    if modules:
        header += ["**Modules** : " + ", ".join(link(here, m) for m in modules), ""]
    header += ["</div>", ""]
    sources = ["", "## Sources", ""]
    sources += [f"- {source_text(source)}" for source in case.sources]
    return (
        _front_matter(case.title, case.summary, ecole_kind="case_study", ecole_id=case.id)
        + f"# {case.title}\n\n"
        + "\n".join(header)
        + "\n"
        + prepare_body(curriculum, case).strip("\n")
        + "\n"
        + "\n".join(sources)
        + "\n\n"
        + licence_line(case)
        + "\n"
    )


def page_page(curriculum: Curriculum, page: Page) -> str:
    body = prepare_body(curriculum, page)
    meta = {key: value for key, value in page.meta.items() if key not in ("title", "summary", "replaces")}
    front = _front_matter(page.title, page.summary or curriculum.settings.description, **meta)
    if not re.search(r"^# ", body, re.MULTILINE):
        body = f"# {page.title}\n\n" + body.lstrip("\n")
    return front + body.strip("\n") + "\n"


def _facts(facts: list[tuple[str, str]]) -> str:
    rows = "".join(f"<div><dt>{html.escape(k)}</dt><dd>{html.escape(v)}</dd></div>" for k, v in facts)
    return f'<dl class="ecole-faits">{rows}</dl>'


_MONTHS = [
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
]  # fmt: skip


def source_text(source: Source) -> str:
    """A cited source as one sentence: publisher, title (linked when it has an address), date."""
    title = f"[{_md_text(source.title)}]({source.url})" if source.url else f"« {source.title} »"
    return f"{source.publisher}, {title}, {date_text(source.date)}."


def date_text(value: str) -> str:
    """``2018-02-12`` -> ``12 février 2018``; ``2018-02`` -> ``février 2018``."""
    parts = value.split("-")
    if len(parts) == 3:
        day = int(parts[2])
        return f"{'1er' if day == 1 else day} {_MONTHS[int(parts[1]) - 1]} {parts[0]}"
    if len(parts) == 2:
        return f"{_MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return "date non précisée" if value == "inconnue" else value


def period_text(case: CaseStudy) -> str:
    if case.period_start is None or case.period_end is None:
        return "non précisée par la source"
    if case.period_start == case.period_end:
        return date_text(case.period_start)
    return f"de {date_text(case.period_start)} à {date_text(case.period_end)}"


def _month_index(value: str, end: bool) -> int:
    year, _, month = value.partition("-")
    return int(year) * 12 + (int(month) - 1 if month else (11 if end else 0))


def timeline_html(case: CaseStudy) -> str:
    """A small horizontal timeline of the case's period, drawn in CSS (no script)."""
    if case.period_start is None or case.period_end is None:
        return ""
    start = _month_index(case.period_start, end=False)
    end = _month_index(case.period_end, end=True)
    first_year, last_year = start // 12, end // 12
    span = max(end - start + 1, 1)
    ticks = []
    for year in range(first_year, last_year + 1):
        left = max(year * 12 - start, 0) / span * 100
        ticks.append(f'<li style="left:{left:.1f}%">{year}</li>')
    return (
        f'<figure class="ecole-frise" aria-label="Frise : {html.escape(period_text(case))}">'
        f'<div class="ecole-frise__barre" aria-hidden="true"></div>'
        f'<ol class="ecole-frise__annees" aria-hidden="true">{"".join(ticks)}</ol>'
        # the period is written in the facts just above: the caption is for screen readers
        f'<figcaption class="md-visually-hidden">{html.escape(period_text(case).capitalize())}</figcaption></figure>'
    )


# --- generated pages ---------------------------------------------------------------


def catalogue_page(curriculum: Curriculum) -> str:
    here = "modules/index.md"
    total = curriculum.total_minutes
    out = [
        _front_matter("Catalogue des modules", "Tous les modules du cursus, par partie."),
        "# Catalogue des modules\n",
        f"{len(curriculum.modules)} modules, {format_minutes(total)} de formation au total. "
        "Chaque module se suit seul, à votre rythme ; votre progression reste dans votre navigateur.\n",
        progress_block(curriculum, [m.id for m in curriculum.ordered_modules()]),
    ]
    for part, label in PART_LABELS.items():
        modules = [m for m in curriculum.ordered_modules() if m.part == part]
        out.append(f"\n## {label}\n")
        if not modules:
            # the heading stays: hand-written pages link to it, and an edition may leave a part out
            out.append("Cette édition ne propose pas de module de cette partie.\n")
            continue
        out.append('<div class="grid cards ecole-cartes" markdown>\n')
        for module in modules:
            audience = ", ".join(AUDIENCE_LABELS[a] for a in module.audience)
            out.append(
                f"-   **{link(here, module)}**{{ .ecole-carte__titre }}\n\n"
                f"    {module.summary}\n\n"
                f'    <span class="ecole-carte__meta">{module.duration_text} · {LEVEL_LABELS[module.level]}'
                f" · {audience}</span>"
                f' <span class="ecole-statut" data-module="{module.id}"></span>\n'
            )
        out.append("</div>\n")
    return "\n".join(out)


def progress_block(curriculum: Curriculum, module_ids: list[str]) -> str:
    """Placeholder that progress.js fills in; without script it says nothing wrong."""
    durations = {m: curriculum.modules[m].duration for m in module_ids}
    return (
        f'<div class="ecole-progression" data-modules="{",".join(module_ids)}" '
        f'data-durees="{",".join(str(durations[m]) for m in module_ids)}" hidden>'
        '<progress max="1" value="0"></progress> <span class="ecole-progression__texte"></span></div>\n'
    )


def methods_index(curriculum: Curriculum) -> str:
    here = "methodes/index.md"
    out = [
        _front_matter("Fiches méthode", "Les méthodes du design de services, classées par phase."),
        "# Fiches méthode\n",
        f"{len(curriculum.methods)} fiches, classées selon la phase de la démarche où elles servent. "
        f"Voir aussi la [matrice méthodes × études de cas]({rel(here, 'methodes/matrice.md')}).\n",
    ]
    for phase, label in PHASE_LABELS.items():
        methods = sorted((m for m in curriculum.methods.values() if m.phase == phase), key=lambda m: m.title)
        if not methods:
            continue
        out.append(f"\n## {label}\n")
        out.append("| Fiche | En bref | Durée | Participants |\n| --- | --- | --- | --- |")
        for method in methods:
            out.append(f"| {link(here, method)} | {method.summary} | {method.duration_label} | {method.participants} |")
    return "\n".join(out) + "\n"


def matrix_page(curriculum: Curriculum) -> str:
    here = "methodes/matrice.md"
    cases = sorted(curriculum.case_studies.values(), key=lambda c: c.title)
    methods = sorted(curriculum.methods.values(), key=lambda m: (list(PHASE_LABELS).index(m.phase), m.title))
    out = [
        _front_matter("Méthodes × études de cas", "Quelle méthode a été employée dans quelle expérience de terrain."),
        "# Méthodes × études de cas\n",
        "Une coche indique que l'étude de cas emploie la méthode ou l'illustre.\n",
        '<div class="ecole-matrice" markdown>\n',
        "| Méthode | " + " | ".join(link(here, c) for c in cases) + " |",
        "| --- | " + " | ".join(":---:" for _ in cases) + " |",
    ]
    for method in methods:
        used = {c.id for c in curriculum.cases_of_method(method.id)}
        cells = [
            '✓<span class="md-visually-hidden"> oui</span>'
            if c.id in used
            else '<span class="md-visually-hidden">non</span>'
            for c in cases
        ]
        out.append(f"| {link(here, method)} | " + " | ".join(cells) + " |")
    out.append("\n</div>")
    return "\n".join(out) + "\n"


def cases_index(curriculum: Curriculum) -> str:
    here = "etudes-de-cas/index.md"
    cases = sorted(curriculum.case_studies.values(), key=lambda c: c.title)
    out = [
        _front_matter("Études de cas", "Des expériences de terrain de collectivités et de l'État."),
        "# Études de cas\n",
        "Des expériences conduites par des collectivités et par l'État, racontées à partir de leurs "
        "sources publiques. Chaque étude cite ses sources.\n",
        # raw HTML: MkDocs does not rewrite these links, so they are site addresses already
        france_map_svg(cases, lambda case: posixpath.relpath(case.url.rstrip("/"), posixpath.dirname(here))),
        "",
        "| Étude de cas | Territoire | Type | Période |\n| --- | --- | --- | --- |",
    ]
    for case in cases:
        out.append(
            f"| {link(here, case)} | {case.territory} ({case.department_name}) | "
            f"{TERRITORY_TYPE_LABELS[case.territory_type]} | {period_text(case)} |"
        )
    return "\n".join(out) + "\n"


def paths_index(curriculum: Curriculum) -> str:
    here = "parcours/index.md"
    out = [
        _front_matter("Parcours", "Des suites de modules adaptées à chaque public."),
        "# Parcours\n",
        "Un parcours est une suite de modules dans un ordre qui respecte leurs prérequis.\n",
        "| Parcours | Pour qui, pour quoi | Modules | Durée |\n| --- | --- | --- | --- |",
    ]
    for path in curriculum.paths:
        minutes = sum(curriculum.modules[m].duration for m in path.modules)
        out.append(f"| {link(here, path)} | {path.summary} | {len(path.modules)} | {format_minutes(minutes)} |")
    return "\n".join(out) + "\n"


def path_page(curriculum: Curriculum, path: LearningPath) -> str:
    here = path.staged_path
    modules = [curriculum.modules[m] for m in path.modules]
    minutes = sum(m.duration for m in modules)
    out = [
        _front_matter(path.title, path.summary),
        f"# {path.title}\n",
        f"{path.summary}\n",
        f"{len(modules)} modules, {format_minutes(minutes)} au total ({format_hmm(minutes)}).\n",
        progress_block(curriculum, path.modules),
        '<div class="ecole-etapes" markdown>\n',  # lets a phone drop the "Partie" column
        "| Étape | Module | Partie | Durée | Fait |\n| ---: | --- | --- | --- | --- |",
    ]
    for number, module in enumerate(modules, start=1):
        out.append(
            f"| {number} | {link(here, module)} | {PART_SHORT[module.part]} | {module.duration_text} | "
            f'<span class="ecole-statut" data-module="{module.id}">—</span> |'
        )
    out.append("\n</div>")
    return "\n".join(out) + "\n"
