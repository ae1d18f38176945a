"""Content files -> typed items, each checked against its schema.

One function per kind of content; each reports into the shared
:class:`~ecole.model.diagnostics.Report` and returns ``None`` for a file it could
not make sense of, so that one broken file never hides the errors of another.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import re
import unicodedata
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path
from typing import Any

from markdown.extensions.toc import slugify

from . import admonitions
from .anchors import headings
from .body import fences, masked_lines, prose_lines, replace_fences
from .departments import mismatch
from .diagnostics import Report
from .durations import parse_duration
from .frontmatter import ContentFile, read_content
from .licences import canonical_licence, unknown_licence
from .macros import MacroError, render, uses_macros
from .schemas import ISO_DATE, date_problem, field_name, schema_errors
from .settings import Settings
from .structure import (
    MENU_SECTIONS,
    CaseStudy,
    Choice,
    Item,
    Kind,
    MenuPlace,
    Method,
    Module,
    Page,
    Question,
    Quiz,
    Section,
    Source,
)
from .yamlsource import YamlSyntaxError, parse_yaml

_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_SCHEMA = {Kind.MODULE: "module", Kind.METHOD: "method", Kind.CASE_STUDY: "case_study"}
#: Marker left in a module body where a quiz stood; the page assembly puts the quiz's HTML there.
QUIZ_MARKER = "<!-- ecole:quiz {index} -->"


def load_item(path: Path, kind: Kind, settings: Settings, report: Report, origin: str = "upstream") -> Item | None:
    """Read one module, method card or case study; ``origin``: "upstream", or the id of the
    edition whose folder holds it."""
    item_id = path.stem
    if not _ID.match(item_id):
        report.error(path, 1, "fichier", _name_problem(path.name, "le nom du fichier sert d'identifiant"))
        return None
    content = read_content(path, report)
    if content is None:
        return None
    data = content.meta.data
    errors_before = len(report.errors)
    for where, message in schema_errors(_SCHEMA[kind], data):
        report.error(path, content.meta.line_of(where), field_name(where), message)
    _check_placeholders(content, report)
    _check_licence(content, report)
    # the schema checks the form (AAAA-MM-JJ); a day no calendar has (2026-02-30) passes it
    if isinstance(data.get("updated"), str) and ISO_DATE.fullmatch(data["updated"]):
        _check_updated(content, path, report)
    _check_boxes(content, report)
    body = _render_body(content, data, settings, report)
    if body is None or len(report.errors) > errors_before:
        return None
    common: dict[str, Any] = {
        # an edition's replacement takes the upstream id, so links to it keep working
        "id": data.get("replaces") or item_id,
        "kind": kind,
        "source": path,
        "title": data["title"],
        "summary": data["summary"],
        "body": body,
        "body_line": content.body_line,
        "licence": canonical_licence(data.get("licence", settings.licence)),
        "authors": data.get("authors", []),
        "updated": data.get("updated"),
        "replaces": data.get("replaces"),
        "origin": origin,
        "document": content.meta,
    }
    return _BUILDERS[kind](path, content, data, common, report)


def _module(
    path: Path, content: ContentFile, data: dict[str, Any], common: dict[str, Any], report: Report
) -> Item | None:
    quizzes = _read_quizzes(content, common["body"], report)
    if quizzes is None:
        return None
    markers = [QUIZ_MARKER.format(index=i) for i in range(len(quizzes))]
    return Module(
        **{**common, "body": replace_fences(common["body"], "quiz", markers)},
        part=data["part"],
        order=data["order"],
        duration=parse_duration(data["duration"]),
        level=data["level"],
        audience=data["audience"],
        objectives=data["objectives"],
        prerequisites=data.get("prerequisites", []),
        methods=data.get("methods", []),
        case_studies=data.get("case_studies", []),
        cycle_step=data.get("cycle_step"),
        quizzes=quizzes,
    )


def _method(path: Path, content: ContentFile, data: dict[str, Any], common: dict[str, Any], report: Report) -> Item:
    return Method(
        **common,
        phase=data["phase"],
        duration=parse_duration(data["duration"], days_allowed=True),
        duration_label=data["duration"],
        participants=data["participants"],
        materials=data["materials"],
        difficulty=data["difficulty"],
        case_studies=data.get("case_studies", []),
    )


def _case_study(path: Path, content: ContentFile, data: dict[str, Any], common: dict[str, Any], report: Report) -> Item:
    coordinates = data.get("coordinates")
    department = data.get("department")
    # a name still « à remplacer » is reported as such (:func:`_check_placeholders`), not twice
    written = str(department["name"]) if department else ""
    problem = mismatch(written, str(department["code"])) if department and PLACEHOLDER not in written else None
    if problem is not None:
        report.error(path, content.meta.line_of(["department"]), "department", problem)
    if coordinates is not None:
        latitude, longitude = coordinates
        overseas = department is not None and str(department["code"]).startswith("97")
        if not (41.0 <= latitude <= 51.5 and -5.5 <= longitude <= 10.0) and not overseas:
            report.warning(
                path,
                content.meta.line_of(["coordinates"]),
                "coordinates",
                f"[{latitude}, {longitude}] tombe hors de la France métropolitaine : "
                "vérifiez l'ordre [latitude, longitude]",
            )
    period = data.get("period", "inconnue")
    undated = period == "inconnue"
    readings = data.get("project_reading", {})
    for name in readings:
        if name not in data:
            report.error(
                path,
                content.meta.line_of(["project_reading", name]),
                f"project_reading.{name}",
                f"« {name} » est signalé comme notre lecture, mais l'en-tête ne donne pas ce champ",
            )
    methods: list[str] = []
    method_sources: dict[str, list[str]] = {}
    for index, entry in enumerate(data.get("methods", [])):
        method_id = entry if isinstance(entry, str) else entry["id"]
        if method_id in methods:
            report.error(
                path,
                content.meta.line_of(["methods", index]),
                f"methods[{index}]",
                f"fiche méthode « {method_id} » déjà citée plus haut",
            )
            continue
        methods.append(method_id)
        if not isinstance(entry, str):
            quotes = entry["source"]
            method_sources[method_id] = [quotes] if isinstance(quotes, str) else list(quotes)
    return CaseStudy(
        **common,
        territory=data["territory"],
        department_name=department["name"] if department else None,
        department_code=department["code"] if department else None,
        territory_type=data.get("territory_type"),
        latitude=None if coordinates is None else float(coordinates[0]),
        longitude=None if coordinates is None else float(coordinates[1]),
        period_start=None if undated else str(period["start"]),
        period_end=None if undated else str(period["end"]),
        organisations=data.get("organisations", []),
        methods=methods,
        method_sources=method_sources,
        readings=dict(readings),
        modules=data["modules"],
        figures=[(figure["label"], figure["value"]) for figure in data["figures"]],
        events=sorted(((str(event["date"]), event["label"]) for event in data.get("events", [])), key=lambda e: e[0]),
        sources=[Source(s["publisher"], s["title"], str(s["date"]), s.get("url")) for s in data["sources"]],
    )


_BUILDERS = {Kind.MODULE: _module, Kind.METHOD: _method, Kind.CASE_STUDY: _case_study}


#: What ``ecole new`` writes for the author to replace (see ``ecole/templates/new-*.md``).
PLACEHOLDER = "à remplacer"
#: The example coordinates of a new case study (the centre of France).
PLACEHOLDER_COORDINATES = [46.6, 2.4]


def _check_placeholders(content: ContentFile, report: Report) -> None:
    """Text that ``ecole new`` wrote and the author has not replaced yet is an error:
    a file fresh from a template is valid, and could otherwise be published as it is."""
    for where, value in _strings(content.meta.data, ()):
        if PLACEHOLDER in value.lower():
            report.error(
                content.path,
                content.meta.line_of(list(where)),
                field_name(list(where)),
                f"texte d'exemple laissé en place (« {value} ») : remplacez-le par le vôtre",
            )
    if content.meta.data.get("coordinates") == PLACEHOLDER_COORDINATES:
        report.error(
            content.path,
            content.meta.line_of(["coordinates"]),
            "coordinates",
            "coordonnées d'exemple (le centre de la France) : indiquez la latitude et la longitude du territoire",
        )
    for number, line in enumerate(masked_lines(content.body)):
        if PLACEHOLDER in line.lower():
            report.error(
                content.path,
                content.body_line + number,
                "texte",
                f"texte d'exemple laissé en place (« {line.strip()} ») : remplacez-le par le vôtre",
            )
    # a quiz is code, not text, but the template's questions are examples too: its lines,
    # as written there (a real answer may well begin with « À remplacer… »)
    lines = content.body.split("\n")
    for fence in fences(content.body):
        if fence.info != "quiz":
            continue
        for number in range(fence.start + 1, fence.end):
            if lines[number].strip() in _template_quiz_lines():
                report.error(
                    content.path,
                    content.body_line + number,
                    "quiz",
                    f"texte d'exemple du quiz laissé en place (« {lines[number].strip()} ») : remplacez-le par le vôtre",
                )


@functools.cache
def _template_quiz_lines() -> frozenset[str]:
    """The lines of the quiz that ``ecole new module`` writes that hold text to replace."""
    template = (files("ecole") / "templates" / "new-module.md").read_text(encoding="utf-8")
    return frozenset(
        line.strip()
        for fence in fences(template)
        if fence.info == "quiz"
        for line in fence.content.split("\n")
        if PLACEHOLDER in line.lower()
    )


def _strings(value: Any, where: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every text of a front-matter, with where it stands."""
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*where, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*where, index))


def _slug(name: str) -> str:
    """``Observer les usages`` -> ``observer-les-usages``: the name a file should have."""
    plain = unicodedata.normalize("NFKD", name.lower()).encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[a-z0-9]+", plain)) or "mon-contenu"


#: What a page's front matter may hold: the tool's fields, and the site engine's own
#: (MkDocs, Material), passed on as they are.
PAGE_KEYS = (
    "title", "summary", "updated", "authors", "licence", "replaces", "menu", "render_macros", "canvas", "kit",
    "kit_ordre", "module", "part", "hide", "search", "template", "icon", "status", "tags", "description",
    "subtitle", "date", "categories", "slug", "draft", "social", "comments", "robots",
)  # fmt: skip
#: French names an author may write for them.
_FRENCH_PAGE_KEYS = {
    "titre": "title",
    "resume": "summary",
    "résumé": "summary",
    "auteurs": "authors",
    "auteur": "authors",
}


def _meant_page_key(key: object) -> str | None:
    """The field a page's unknown ``key`` stands for (« titre », « tilte »), if it is close to
    one: a page's front matter takes any field the site engine reads, so only these are
    reported; left as they were, the page lost its title or summary without a word."""
    if not isinstance(key, str) or key in PAGE_KEYS:
        return None
    close = difflib.get_close_matches(key, PAGE_KEYS, n=1, cutoff=0.75)
    return _FRENCH_PAGE_KEYS.get(key.lower()) or (close[0] if close else None)


def _check_licence(content: ContentFile, report: Report) -> bool:
    """Whether the file's ``licence``, if any, is one the tool can name; if not, say so."""
    problem = unknown_licence(content.meta.data.get("licence"))
    if problem:
        report.error(content.path, content.meta.line_of(["licence"]), "licence", problem)
    return problem is None


def _check_boxes(content: ContentFile, report: Report) -> bool:
    """Whether the body's boxes are all written as their author meant (:func:`.admonitions.problems`);
    if not, say where."""
    problems = admonitions.problems(content.body)
    for line, message in problems:
        report.error(content.path, content.body_line + line, "encadré", message)
    return not problems


def _name_problem(name: str, role: str) -> str:
    return (
        f"« {name} » : {role} : il ne contient que des minuscules sans accent, des chiffres et des tirets (ni "
        f"espace ni majuscule) ; renommez-le {_slug(name.removesuffix('.md'))}{'.md' if name.endswith('.md') else ''}"
    )


def load_page(path: Path, relative: str, settings: Settings, report: Report, origin: str = "upstream") -> Page | None:
    """Read a hand-written page of ``docs/``; front-matter is optional there."""
    for part in relative.removesuffix(".md").split("/"):
        if not _ID.match(part):
            # « En pratique.md » would be published at « En%20pratique/ », an address to type by hand
            name = part + (".md" if relative.endswith(part + ".md") else "")
            report.error(
                path, 1, "fichier", _name_problem(name, "le nom d'une page ou de son dossier devient son adresse")
            )
            return None
    content = read_content(path, report, required=False)
    if content is None:
        return None
    data = content.meta.data
    if not _check_licence(content, report):
        return None
    for key in data:
        meant = _meant_page_key(key)
        if meant:
            report.error(path, content.meta.line_of([key]), key, f"champ inconnu ; vouliez-vous dire « {meant} » ?")
            return None
    for key in ("title", "summary"):
        if key in data and not isinstance(data[key], str):
            why = (
                " : entre crochets, YAML lit une liste ; mettez le texte entre guillemets"
                if isinstance(data[key], list)
                else ""
            )
            report.error(path, content.meta.line_of([key]), key, f"doit être un texte{why}")
            return None
    if "updated" in data and not _check_updated(content, path, report):
        return None
    # a page's boxes too: « ??? Formateur » in an edition's page put its notes on the learners' site
    boxes_as_meant = _check_boxes(content, report)
    body = _render_body(content, data, settings, report)
    if body is None or not boxes_as_meant:
        return None
    heading = re.search(r"^# (.+)$", body, re.MULTILINE)
    title = data.get("title") or (heading.group(1).strip() if heading else Path(relative).stem)
    return Page(
        id=relative.removesuffix(".md"),
        kind=Kind.PAGE,
        source=path,
        title=title,
        summary=data.get("summary", ""),
        body=body,
        body_line=content.body_line,
        licence=canonical_licence(data.get("licence", settings.licence)),
        authors=data.get("authors", []),
        updated=data.get("updated"),
        replaces=data.get("replaces"),
        origin=origin,
        document=content.meta,
        path=relative,
        meta=data,
        menu=_menu_place(content, report),
    )


def _check_updated(content: ContentFile, path: Path, report: Report) -> bool:
    """Whether the file's ``updated`` is a day of the calendar (the exports that hold the
    file are dated with it); if not, say so."""
    problem = date_problem(content.meta.data["updated"])
    if problem is not None:
        report.error(path, content.meta.line_of(["updated"]), "updated", problem)
    return problem is None


_MENU_EXAMPLE = 'menu: {section: "À propos", order: 1}'


def _menu_place(content: ContentFile, report: Report) -> MenuPlace | None:
    """The page's ``menu:`` (its section and rank in the menu); a mistake is reported
    and the page keeps its default place, so that links to it are not reported too."""
    data = content.meta.data
    if "menu" not in data:
        return None
    menu = data["menu"]

    def wrong(where: list[str | int], message: str) -> None:
        report.error(content.path, content.meta.line_of(["menu", *where]), field_name(["menu", *where]), message)

    if not isinstance(menu, dict) or "section" not in menu:
        wrong(
            [], f"écrivez {_MENU_EXAMPLE} : section (la rubrique du menu) est obligatoire, order (le rang) facultatif"
        )
        return None
    ok = True
    for key in menu:
        if key not in ("section", "order"):
            wrong([key], "champ inconnu : menu n'accepte que section et order")
            ok = False
    section, order = menu["section"], menu.get("order")
    if section not in MENU_SECTIONS:
        close = difflib.get_close_matches(str(section), MENU_SECTIONS, n=1, cutoff=0.6)
        hint = f"vouliez-vous dire « {close[0]} » ? " if close else ""
        choices = ", ".join(f"« {name} »" for name in MENU_SECTIONS)
        wrong(["section"], f"rubrique « {section} » inconnue ; {hint}rubriques du menu : {choices}")
        ok = False
    if order is not None and (isinstance(order, bool) or not isinstance(order, int) or order < 1):
        wrong(["order"], f"« {order} » n'est pas un rang : écrivez un nombre entier, 1 pour la tête de la rubrique")
        ok = False
    return MenuPlace(section, order) if ok else None


def _render_body(content: ContentFile, data: dict[str, Any], settings: Settings, report: Report) -> str | None:
    body = content.body
    if data.get("render_macros") is True:
        try:
            return render(body, settings.variables())
        except MacroError as exc:
            report.error(content.path, content.body_line + exc.line - 1, "variables", str(exc))
            return None
    line = uses_macros("\n".join(prose_lines(body)))
    if line is not None:
        report.warning(
            content.path,
            content.body_line + line - 1,
            "render_macros",
            "le texte contient « {{ » mais les variables de territoire ne sont pas activées : "
            "ajoutez render_macros: true dans l'en-tête, ou retirez les accolades",
        )
    return body


def _stable_shuffle(choices: list[Choice], question: str) -> list[Choice]:
    """Choices in an order that looks random but never changes between builds.

    Authors tend to write the right answer first; shown as written, "always A"
    becomes the answer. Ordering by a hash of the texts spreads the right
    answers, and the site, the SCORM packages and the booklets agree on it.
    """
    return sorted(choices, key=lambda c: hashlib.sha256(f"{question}\n{c.text}".encode()).hexdigest())


def _read_quizzes(content: ContentFile, body: str, report: Report) -> list[Quiz] | None:
    quizzes: list[Quiz] = []
    ok = True
    for fence in fences(body):
        if fence.info != "quiz":
            # « ```Quiz » is a block of code to Python-Markdown: the questions, answers
            # included, printed as they are on the page
            if difflib.get_close_matches(fence.info.lower(), ["quiz"], n=1, cutoff=0.75):
                report.error(
                    content.path,
                    content.body_line + fence.start,
                    "quiz",
                    f"bloc ouvert par ```{fence.info} : écrivez ```quiz, en minuscules, ou le quiz "
                    "s'affichera tel quel, réponses comprises",
                )
                ok = False
            continue
        fence_line = content.body_line + fence.start
        if not fence.closed:
            report.error(
                content.path,
                fence_line,
                "quiz",
                "bloc quiz non fermé : ajoutez une ligne ``` après la dernière question",
            )
            ok = False
            continue
        try:
            document = parse_yaml(fence.content, first_line=fence_line + 1)
        except YamlSyntaxError as exc:
            report.error(content.path, exc.line, "quiz", str(exc))
            ok = False
            continue
        problems = list(schema_errors("quiz", document.data))
        for where, message in problems:
            report.error(content.path, document.line_of(where), field_name(("quiz", *where)), message)
        if problems:
            ok = False
            continue
        questions = []
        for number, raw in enumerate(document.data):
            choices = [Choice(c["text"], c.get("correct", False), c["explanation"]) for c in raw["choices"]]
            if not any(choice.correct for choice in choices):
                report.error(
                    content.path,
                    document.line_of([number]),
                    f"quiz[{number}]",
                    f"question {number + 1} (« {raw['question']} ») : aucune bonne réponse ; "
                    "ajoutez correct: true à au moins un choix",
                )
                ok = False
            section = None
            if "section" in raw:
                section = _section(raw["section"], body)
                if section is None:
                    report.error(
                        content.path,
                        document.line_of([number, "section"]),
                        field_name(("quiz", number, "section")),
                        _unknown_section(raw["section"], body),
                    )
                    ok = False
            questions.append(Question(raw["question"], _stable_shuffle(choices, raw["question"]), section))
        quizzes.append(Quiz(questions, fence_line))
    return quizzes if ok else None


def _section(value: str, body: str) -> Section | None:
    """The heading of ``body`` that a question's ``section:`` names: by its words, read as its
    id is made (``L’entretien individuel`` finds « L'entretien individuel »), or by its id
    (``#lentretien-individuel``, as in the page's address)."""
    wanted = value.removeprefix("#") if value.startswith("#") else slugify(value, "-")
    for title, anchor in headings(body):
        if anchor == wanted or (not value.startswith("#") and slugify(title, "-") == wanted):
            return Section(title, anchor)
    return None


def _unknown_section(value: str, body: str) -> str:
    titles = [title for title, _ in headings(body)]
    if not titles:
        return f"« {value} » : ce module n'a aucun titre de partie (## …) ; retirez la ligne section: de cette question"
    close = difflib.get_close_matches(value, titles, n=1, cutoff=0.6)
    if close:
        return f"aucun titre « {value} » dans ce module : voulez-vous dire « {close[0]} » ?"
    listed = ", ".join(f"« {title} »" for title in titles)
    return (
        f"aucun titre « {value} » dans ce module, dont les titres sont : {listed}. Recopiez le titre "
        "de la partie où le module enseigne ce point, ou retirez la ligne section:"
    )
