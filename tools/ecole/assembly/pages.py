"""The Markdown of every staged page: content pages with their header block,
and the generated indexes, matrix and learning paths.

Output is standard Markdown plus the pymdownx extensions named in mkdocs.yml
(admonition, details, attr_list, md_in_html), so another engine reading the
same staging folder renders the same site.
"""

from __future__ import annotations

import json
import math
import posixpath
import re
import unicodedata

from markupsafe import Markup

from ..model.addresses import (
    ATTESTATION_PAGE,
    GLOSSARY_PAGE,
    GUIDE_PDF,
    TRAINER_GUIDE,
    module_pdf,
    path_pdf,
    programme_sheet,
)
from ..model.admonitions import titles, with_markers, with_solo_class, without
from ..model.body import rewrite_links
from ..model.durations import MINUTES_PER_DAY, format_minutes
from ..model.french import count
from ..model.loader import QUIZ_MARKER
from ..model.structure import (
    PART_LABELS,
    PART_SHORT,
    PHASE_LABELS,
    READING_MARK,
    CaseStudy,
    Curriculum,
    Item,
    LearningPath,
    Method,
    Module,
    Page,
    Source,
    page_url,
)
from .cycle import cycle_figure, include_cycle
from .facts import (
    case_facts,
    date_text,
    licence_line,
    method_facts,
    module_facts,
    module_header,
    period_text,
    place_text,
    reading_mark,
    related_items,
    territory_type_text,
)
from .france_map import france_map_svg, locator_map_svg
from .glossary import with_term_anchors
from .jsonld import jsonld_script, module_jsonld
from .quiz_html import render_quiz
from .templates import render
from .typography import french, quoted


def rel(source: str, target: str) -> str:
    """Relative link from staged page ``source`` to staged page ``target``."""
    return posixpath.relpath(target, posixpath.dirname(source) or ".")


def export_href(source: str, export: str) -> str:
    """Address, from staged page ``source`` as the site serves it (:func:`page_url`), of
    ``export``, a file under ``exports/``: raw HTML, since the site engine cannot check
    links to export files, written after the pages."""
    return served_href(source, f"exports/{export}")


def served_href(source: str, target: str) -> str:
    """Address, from staged page ``source`` as the site serves it, of the file ``target`` (its
    path in the site), for raw HTML, which the site engine leaves as written."""
    return posixpath.relpath(target, page_url(source).rstrip("/") or ".")


def link(source: str, item: Item | LearningPath) -> str:
    return f"[{_md_text(item.title)}]({rel(source, item.staged_path)})"


def md(text: str) -> Markup:
    """Markdown source for a template: the page renders it (its escaping, emphasis, the
    glossary's tooltips), so the template must not escape it as HTML."""
    return Markup(text)


def _md_text(text: str) -> str:
    return text.replace("[", "\\[").replace("]", "\\]")


def _front_matter(title: str, description: str, **extra: object) -> str:
    # the title is text the site shows (menu, browser tab): French typography, as in the body
    meta = {"title": french(title), "description": description, **extra}
    lines = ["---"] + [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in meta.items()]
    return "\n".join(lines) + "\n---\n\n"


def _licence_line(item: Item) -> str:
    return licence_line(item, css="ecole-licence", markdown=True)


# --- content pages ---------------------------------------------------------------


def linked_body(curriculum: Curriculum, item: Item) -> str:
    """The item's body as every renderer reads it: links rewritten to staged paths, the
    cycle figure included, and the glossary's terms given ids that links can lead to."""
    body = rewrite_links(item.body, curriculum.rewrites.get(item.staged_path, {}))
    body = include_cycle(curriculum, item.staged_path, body)
    return with_term_anchors(body) if item.staged_path == GLOSSARY_PAGE else body


def prepare_body(curriculum: Curriculum, item: Item) -> str:
    """The item's body with links rewritten and the view (learner or trainer) applied."""
    body = linked_body(curriculum, item)
    return trainer_view(body) if curriculum.trainer else learner_view(body)


def learner_view(body: str) -> str:
    """Drop ``formateur`` boxes: notes for trainers are not for learners."""
    return without(body, "formateur")


def trainer_view(body: str) -> str:
    """Open every trainer note and solution (``???`` -> ``???+``)."""
    return with_markers(body, "???+", {"formateur", "solution"})


def module_page(curriculum: Curriculum, module: Module) -> str:
    here = module.staged_path
    body = with_solo_class(prepare_body(curriculum, module))
    for index, quiz in enumerate(module.quizzes):
        body = body.replace(QUIZ_MARKER.format(index=index), render_quiz(module, quiz, index))
    header = module_header(
        module,
        objectives=[md(objective) for objective in module.objectives],
        related=[
            (label, [md(link(here, item)) for item in items]) for label, items in related_items(curriculum, module)
        ],
        markdown=True,
        progress=True,
    )
    following = curriculum.next_module(module)
    footer = render(
        "site/module_footer.md",
        module=module,
        booklet=export_href(here, module_pdf(module)),
        answer_key=_answer_key(module),
        following=md(link(here, following)) if following is not None else None,
        catalogue=rel(here, "modules/index.md"),
        paths=script_data(_paths_onward(curriculum, module)),
    )
    return (
        _front_matter(module.title, module.summary, ecole_kind="module", ecole_id=module.id)
        + f"# {module.title}\n\n"
        + header
        + "\n"
        + body.strip("\n")
        + "\n\n---\n\n"
        + footer
        + "\n"
        + _licence_line(module)
        + "\n"
        + jsonld_script(module_jsonld(curriculum, module))
        + "\n"
    )


def _paths_onward(curriculum: Curriculum, module: Module) -> dict:
    """For a module's footer, each path that holds it, with the module that follows it there:
    a learner who started a path from its page goes on in it (ecole-progression.js), not to
    the cursus's next module, which her path may not have. Addresses from the site's root."""
    onward = {}
    for learning_path in curriculum.learning_paths:
        if module.id not in learning_path.modules:
            continue
        position = learning_path.modules.index(module.id)
        following = learning_path.modules[position + 1] if position + 1 < len(learning_path.modules) else None
        onward[learning_path.id] = {"titre": french(learning_path.title), "adresse": learning_path.url}
        if following:
            module_after = curriculum.modules[following]
            onward[learning_path.id]["suivant"] = {"titre": french(module_after.title), "adresse": module_after.url}
        else:
            # the path's modules at its end only, to tell whether it is finished: pages carry no more
            onward[learning_path.id] |= {"suivant": None, "modules": learning_path.modules}
    return {"parcours": onward, "attestation": page_url(ATTESTATION_PAGE)}


def _answer_key(module: Module) -> str | None:
    """What the « Corrigé » that ends a module's booklet holds (the booklet prints one when the
    learners' text has solutions or the module a quiz: ``exports.chapters.module_chapter``):
    « son exercice et de son quiz »… or None."""
    solutions = len(titles(learner_view(module.body), "solution"))
    exercises = "son exercice" if solutions == 1 else "ses exercices" if solutions else None
    if exercises and module.questions:
        return f"{exercises} et de son quiz"
    return exercises or ("son quiz" if module.questions else None)


def method_page(curriculum: Curriculum, method: Method) -> str:
    here = method.staged_path
    facts = method_facts(method)
    lines = [
        ("Matériel", [md(material) for material in method.materials]),
        ("Enseignée dans", [md(link(here, m)) for m in curriculum.users_of_method(method.id)]),
        ("Études de cas", [md(link(here, c)) for c in curriculum.cases_of_method(method.id)]),
    ]
    header = render("site/method_header.html", method=method, facts=facts, lines=[line for line in lines if line[1]])
    return (
        _front_matter(method.title, method.summary, ecole_kind="method", ecole_id=method.id)
        + f"# {method.title}\n\n"
        + header
        + "\n"
        + prepare_body(curriculum, method).strip("\n")
        + "\n\n"
        + _licence_line(method)
        + "\n"
    )


def case_page(curriculum: Curriculum, case: CaseStudy) -> str:
    here = case.staged_path
    facts = case_facts(case)
    lines = [
        ("Méthodes", [md(link(here, curriculum.methods[m])) for m in case.methods if m in curriculum.methods]),
        ("Modules", [md(link(here, curriculum.modules[m])) for m in case.modules if m in curriculum.modules]),
    ]
    header = render(
        "site/case_header.html",
        case=case,
        facts=facts,
        events=[(iso, date_text(iso), what) for iso, what in case.events],
        locator=locator_map_svg(case, curriculum.root),
        organisations=[md(organisation) for organisation in case.organisations],
        figures=[(md(label), md(value)) for label, value in case.figures],
        lines=[line for line in lines if line[1]],
    )
    sources = ["", "## Sources", ""]
    sources += [f"- {source_text(source)}" for source in case.sources]
    return (
        _front_matter(case.title, case.summary, ecole_kind="case_study", ecole_id=case.id)
        + f"# {case.title}\n\n"
        + header
        + "\n"
        + prepare_body(curriculum, case).strip("\n")
        + "\n"
        + "\n".join(sources)
        + "\n\n"
        + _licence_line(case)
        + "\n"
    )


def hand_written_page(curriculum: Curriculum, page: Page) -> str:
    body = prepare_body(curriculum, page)
    meta = {key: value for key, value in page.meta.items() if key not in ("title", "summary", "replaces", "menu")}
    front = _front_matter(page.title, page.summary or curriculum.settings.description, **meta)
    if not re.search(r"^# ", body, re.MULTILINE):
        body = f"# {page.title}\n\n" + body.lstrip("\n")
    if curriculum.trainer and page.staged_path == TRAINER_GUIDE:
        # the trainer view prints the guide whole, with the programmes' days: said under its title
        body = re.sub(
            r"^# .*\n",
            lambda title: (
                title[0]
                + f'\n<p class="ecole-suite__livret">Sur papier : <a href="{export_href(TRAINER_GUIDE, GUIDE_PDF)}">'
                "ce guide en PDF</a>, avec les programmes types jour par jour.</p>\n"
            ),
            body,
            count=1,
            flags=re.MULTILINE,
        )
    return front + body.strip("\n") + "\n"


def source_text(source: Source) -> str:
    """A cited source as one sentence: publisher, title (linked when it has an address), date."""
    title = f"[{_md_text(source.title)}]({source.url})" if source.url else quoted(source.title)
    return f"{source.publisher}, {title}, {date_text(source.date)}."


# --- generated pages ---------------------------------------------------------------


def catalogue_page(curriculum: Curriculum) -> str:
    here = "modules/index.md"
    total = curriculum.total_minutes
    out = [
        _front_matter("Catalogue des modules", "Tous les modules du cursus, par partie."),
        "# Catalogue des modules\n",
        f"{count(len(curriculum.modules), 'module')}, {format_minutes(total)} de formation au total. "
        "Chaque module se suit seul, à votre rythme ; votre progression reste dans votre navigateur.\n",
        progress_block(curriculum, [m.id for m in curriculum.ordered_modules()]),
    ]
    for part in PART_LABELS:
        modules = [m for m in curriculum.ordered_modules() if m.part == part]
        if not modules:
            continue  # an edition may leave a part out: nothing then tells of it
        out.append(f"\n## {curriculum.part_label(part)} {{ #{part_anchor(part)} }}\n")
        cards = [
            {
                "link": md(link(here, module)),
                "summary": md(module.summary),
                "meta": [value for label, value in module_facts(module) if label != "Partie"],
                "id": module.id,
            }
            for module in modules
        ]
        out.append(render("site/module_cards.md", cards=cards))
    # the method these modules teach, step by step: where a learner chooses a module
    out.append("\n## Les étapes de la démarche\n")
    out.append(cycle_figure(curriculum, here) + "\n")
    return "\n".join(out)


def part_anchor(part: str) -> str:
    """The anchor of a part in the catalogue (``partie-1-sensibilisation-et-formation-aux-methodes``),
    as the heading's slug would be: hand-written pages link to it."""
    ascii_label = unicodedata.normalize("NFKD", PART_LABELS[part]).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_label.lower()).strip("-")


def progress_block(curriculum: Curriculum, module_ids: list[str], *, inline: bool = False) -> str:
    """Placeholder that progress.js fills in; without script it says nothing wrong.
    ``inline``: phrasing markup, for a bar inside a paragraph."""
    durations = [curriculum.modules[m].duration for m in module_ids]
    return render("site/progress.html", modules=module_ids, durations=durations, inline=inline)


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
        _front_matter("Méthodes × études de cas", "Quelles méthodes la source de chaque étude de cas mentionne."),
        "# Méthodes × études de cas\n",
        "Une coche indique que la source de l'étude de cas mentionne la méthode.\n",
    ]
    rows = []
    for method in methods:
        used = {c.id for c in curriculum.cases_of_method(method.id)}
        rows.append((md(link(here, method)), [c.id in used for c in cases]))
    out.append(render("site/matrix.md", cases=[md(link(here, c)) for c in cases], rows=rows))
    return "\n".join(out)


def cases_index(curriculum: Curriculum) -> str:
    here = "etudes-de-cas/index.md"
    cases = sorted(curriculum.case_studies.values(), key=lambda c: c.title)
    out = [
        _front_matter("Études de cas", "Des démarches de collectivités et de l'État, lues dans leurs sources."),
        "# Études de cas\n",
        "Des démarches d'innovation de collectivités et de l'État, lues dans leurs sources publiques : "
        "comptes rendus, présentations de projets, texte de programme. Chaque étude cite ses sources ; "
        f"ce que la source ne dit pas et que nous en déduisons est signalé « {READING_MARK} ».\n",
        # raw HTML: MkDocs does not rewrite these links, so they are site addresses already
        france_map_svg(
            cases,
            lambda case: posixpath.relpath(case.url.rstrip("/"), posixpath.dirname(here)),
            curriculum.root,
        ),
        "",
        "| Étude de cas | Territoire | Type | Période |\n| --- | --- | --- | --- |",
    ]
    for case in cases:
        out.append(
            f"| {link(here, case)} | {place_text(case)} | "
            f"{territory_type_text(case)}{reading_mark(case, 'territory_type')} | "
            f"{period_text(case)}{reading_mark(case, 'period')} |"
        )
    return "\n".join(out) + "\n"


def path_page(curriculum: Curriculum, path: LearningPath) -> str:
    here = path.staged_path
    modules = [curriculum.modules[m] for m in path.modules]
    minutes = sum(m.duration for m in modules)
    sheet = f"[fiche programme]({rel(here, programme_sheet(path))})"
    out = [
        _front_matter(path.title, path.summary),
        f"# {path.title}\n",
        f"{path.summary}\n",
        f"{count(len(modules), 'module')}, {format_minutes(minutes)} au total.\n",
        *(
            ["À la fin de ce parcours, vous saurez :\n", *[f"- {o}" for o in path.objectives], ""]
            if path.objectives
            else []
        ),
        progress_block(curriculum, path.modules),
        path_start(curriculum, path, here) if modules else "",
        render(
            "site/path_steps.md",
            steps=[(md(link(here, m)), md(PART_SHORT[m.part]), md(m.duration_text), m.id) for m in modules],
        ),
    ]
    if path.schedule:
        out += [
            "## Programme de la formation\n",
            f"{session_length(curriculum, path)}. Le programme, jour par jour ; sa {sheet} donne aussi "
            "les objectifs, le public, les prérequis et les modalités.\n",
            schedule_table(curriculum, path, here),
        ]
    else:
        out.append(f"La {sheet} de ce parcours donne ses objectifs, son public, ses prérequis et ses modalités.\n")
    # raw HTML: the booklet is written after the pages, which the site engine checks
    out.append(
        f'<p class="ecole-suite__livret">Sur papier : <a href="{export_href(here, path_pdf(path))}">le livret de ce '
        "parcours</a> (PDF), ses modules à la suite.</p>\n"
    )
    return "\n".join(out)


def path_start(curriculum: Curriculum, path: LearningPath, here: str, *, recommended: bool = False) -> str:
    """The way into ``path`` from page ``here``: « Commencer », « Reprendre » for a returning
    learner and « obtenir mon attestation » once every module of the path is done
    (ecole-progression.js, ``renderHome``). ``recommended``: the home page's, which names the
    path and shows its progress, and resumes a learner last seen on any module; a path's
    own page resumes only on its modules."""
    first = curriculum.modules[path.modules[0]]
    comeback = curriculum.ordered_modules() if recommended else [curriculum.modules[m] for m in path.modules]
    # What renderHome reads: the path's modules, and the title and address (relative to the
    # site's root, as the store's addresses are) of each module a learner may come back from.
    data: dict = {
        "parcours": path.modules,
        "modules": [{"id": module.id, "titre": french(module.title), "adresse": module.url} for module in comeback],
    }
    if recommended:
        # the paths a learner may have started from their page (store.currentPath): the home
        # page then names that one, rather than the path it recommends to a first visit
        data["choix"] = {
            other.id: {
                "titre": french(other.title),
                "adresse": other.url,
                "modules": other.modules,
                "durees": [curriculum.modules[m].duration for m in other.modules],
                "faits": french(path_facts(curriculum, other)),
            }
            for other in curriculum.learning_paths
            if other.modules and other.id != path.id
        }
    return render(
        "site/path_start.md",
        recommended=recommended,
        path_id=path.id,
        start="Commencer" if recommended else "Commencer ce parcours",
        title=md(path.title),
        href=rel(here, path.staged_path),
        facts=md(path_facts(curriculum, path)),
        first=md(link(here, first)),
        first_href=rel(here, first.staged_path),
        attestation=rel(here, ATTESTATION_PAGE),
        progress=Markup(progress_block(curriculum, path.modules)),
        data=script_data(data),
    )


def path_minutes(curriculum: Curriculum, path: LearningPath) -> int:
    """The time of a path's modules (a session's time in the room is ``training_minutes``)."""
    return sum(curriculum.modules[m].duration for m in path.modules)


def path_facts(curriculum: Curriculum, path: LearningPath) -> str:
    """``8 modules, 15 h``: a path's size, where the home page names it."""
    return f"{count(len(path.modules), 'module')}, {format_minutes(path_minutes(curriculum, path))}"


def script_data(data: object) -> Markup:
    """``data`` as the JSON of a ``<script type="application/json">`` that a page's script reads."""
    # "</" cannot end the script early: titles are text, but never trust that
    return Markup(json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/"))


# --- schedules (paths as training sessions) -------------------------------------------


def days_text(minutes: int) -> str:
    """Training days of 7 hours, the French way: ``1 journée``, ``5,5 journées``. Rounded up
    to the half day: 8 h 30 of modules do not fit in one day."""
    halves = max(1, math.ceil(minutes / MINUTES_PER_DAY * 2))
    number = f"{halves // 2}" + (",5" if halves % 2 else "")
    return f"{number} {'journées' if halves >= 4 else 'journée'}"


def session_length(curriculum: Curriculum, path: LearningPath) -> str:
    """``3 journées (21h de formation, dont 17h de modules)``, without a final full stop."""
    modules = path_minutes(curriculum, path)
    training = path.training_minutes
    return f"{days_text(training)} ({format_minutes(training)} de formation, dont {format_minutes(modules)} de modules)"


def schedule_table(curriculum: Curriculum, path: LearningPath, here: str) -> str:
    """The schedule of ``path`` as a Markdown table, its links relative to page ``here``."""
    rows = []
    for slot in path.schedule:
        # one module a line: a cell cannot hold a list
        modules = "<br>".join(
            _cell(f"{link(here, curriculum.modules[m])} ({curriculum.modules[m].duration_text})") for m in slot.modules
        )
        targets = {written: rel(here, staged) if staged else "" for written, staged in slot.links.items()}
        activities = _cell(rewrite_links(slot.activities, targets))
        when = slot.label[0].upper() + slot.label[1:]
        rows.append((when, md(modules or "—"), md(activities or "—")))
    return render("site/schedule.md", rows=rows)


def _cell(text: str) -> str:
    """Markdown for one table cell: one line, no column separator."""
    return " ".join(text.split()).replace("|", "\\|")
