"""Learning paths: the whole cursus, one per audience (written in YAML, or computed), and curated ones from YAML."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from .diagnostics import Report
from .frontmatter import read_text
from .references import suggest
from .schedule import Schedule, has_modules_or_schedule, read_schedule
from .schemas import field_name, schema_errors
from .structure import AUDIENCE_LABELS, PART_LABELS, Curriculum, LearningPath, Module
from .yamlsource import YamlSyntaxError, parse_yaml

WHOLE_CURRICULUM = "cursus-complet"
WHOLE_CURRICULUM_TITLE = "Cursus complet"

_AUDIENCE_SUMMARIES = {
    "agents": "Les modules utiles aux agents qui veulent améliorer un service avec ses usagers.",
    "encadrants": "Les modules utiles aux encadrants qui lancent et accompagnent une démarche d'innovation.",
    "elus": "Les modules utiles aux élus qui portent une démarche d'innovation publique.",
    "formateurs": "Les modules à maîtriser pour animer le cursus dans une collectivité.",
}


def with_prerequisites(curriculum: Curriculum, selected: list[str]) -> list[Module]:
    """``selected`` and everything they need, ordered so that prerequisites come first.

    Kahn's algorithm, ties broken by the cursus reading order, so the result is
    stable and reads like the catalogue wherever prerequisites allow.
    """
    needed = {m for m in selected if m in curriculum.modules} | curriculum.requirements(selected)
    reading = [m for m in curriculum.ordered_modules() if m.id in needed]
    placed: list[Module] = []
    done: set[str] = set()
    while reading:
        ready = next(
            (m for m in reading if all(p in done or p not in needed for p in m.prerequisites)),
            reading[0],  # a cycle is reported by validation; never loop forever here
        )
        placed.append(ready)
        done.add(ready.id)
        reading.remove(ready)
    return placed


def audience_paths(
    curriculum: Curriculum, upstream: list[LearningPath] = (), local: list[LearningPath] = ()
) -> list[LearningPath]:
    """The whole cursus, then one path per audience the edition addresses.

    An audience's path is the one a ``parcours.yml`` writes for it (``audience:``), the
    edition's before the reference's: a choice of modules with its own purpose, where
    every module tagged for the audience would make most paths the whole cursus. An
    audience no file writes for gets the computed path (its modules and their
    prerequisites), so an edition with new audiences or modules still has one.
    ``upstream`` and ``local`` are :func:`curated_paths` of the two files; only their
    audience paths are read here (:func:`topical_paths` keeps the others).
    """
    paths = [
        LearningPath(
            WHOLE_CURRICULUM,
            WHOLE_CURRICULUM_TITLE,
            _whole_summary(curriculum),
            [m.id for m in curriculum.ordered_modules()],
        )
    ]
    written = {p.audience: p for p in upstream if p.audience is not None}
    # the reference's path, cut down by the edition's selection, is still that audience's
    # path (as the computed one would be): no warning for each module the edition left out.
    # Its summary and objectives, written for the modules it had, would promise what the edition
    # left out (« arbitrer les choix… ») : it says what the computed path would say instead
    written = {
        audience: replace(
            p,
            left_out=[],
            summary=_AUDIENCE_SUMMARIES[audience] if p.left_out else p.summary,
            objectives=[] if p.left_out else p.objectives,
        )
        for audience, p in written.items()
    }
    written |= {p.audience: p for p in local if p.audience is not None}
    for audience, label in AUDIENCE_LABELS.items():
        chosen = [m.id for m in curriculum.ordered_modules() if audience in m.audience]
        if not chosen:
            continue  # the edition does not address this audience
        if audience in written and written[audience].modules:
            paths.append(written[audience])
            continue
        paths.append(
            LearningPath(
                audience,
                f"Parcours {label.lower()}",
                _AUDIENCE_SUMMARIES[audience],
                [m.id for m in with_prerequisites(curriculum, chosen)],
                audience=audience,
            )
        )
    return paths


def topical_paths(paths: list[LearningPath]) -> list[LearningPath]:
    """The paths of a ``parcours.yml`` that are not an audience's (those go to :func:`audience_paths`)."""
    return [p for p in paths if p.audience is None]


def _whole_summary(curriculum: Curriculum) -> str:
    """What the whole cursus covers in this edition: an edition may leave a part out."""
    parts = [part for part in PART_LABELS if any(m.part == part for m in curriculum.modules.values())]
    if len(parts) == 1:
        return f"Tous les modules de la partie «\u00a0{PART_LABELS[parts[0]].split(' — ')[1]}\u00a0», dans l'ordre."
    return "Les deux parties du cursus dans l'ordre, de la sensibilisation aux travaux pratiques en mode labo."


def curated_paths(path: Path, curriculum: Curriculum, report: Report) -> list[LearningPath]:
    """Paths from ``parcours.yml``, each with the modules this edition has; those its
    selection left out are in ``left_out``. Unknown modules are errors; the warnings
    wait for :func:`path_warnings`, since an edition decides which paths it publishes
    (:func:`ecole.model.editions.publish_paths`)."""
    if not path.is_file():
        return []
    text = read_text(path, report)
    if text is None:
        return []
    try:
        document = parse_yaml(text)
    except YamlSyntaxError as exc:
        report.error(path, exc.line, "parcours", str(exc))
        # its paths still exist for default_path and links, as below: only the error is listed,
        # not « parcours introuvable » in edition.yml, printed first, for a fault in this file
        report.unreadable |= {("parcours", match) for match in _WRITTEN_ID.findall(text)}
        return []
    problems = list(schema_errors("paths", document.data or []))
    for where, message in problems:
        report.error(path, document.line_of(where), field_name(where), message)
    if problems:
        # such a path still exists for default_path and links: its own errors are listed
        report.unreadable |= {("parcours", raw["id"]) for raw in _entries(document.data) if isinstance(raw["id"], str)}
        return []
    reserved = {WHOLE_CURRICULUM, *AUDIENCE_LABELS}
    paths = []
    first_line: dict[str, int] = {}  # id -> line of the path that has it first
    for index, raw in enumerate(document.data or []):
        line = document.line_of([index, "id"])
        if raw["id"] in first_line:
            # both would be published at the same address, the second in place of the first
            report.error(
                path,
                line,
                f"[{index}].id",
                f"« {raw['id']} » est déjà l'identifiant du parcours de la ligne {first_line[raw['id']]} : "
                "donnez à chaque parcours le sien",
            )
            continue
        first_line[raw["id"]] = line
        audience = raw.get("audience")
        if audience is not None and raw["id"] != audience:
            report.error(
                path,
                document.line_of([index, "id"]),
                f"[{index}].id",
                f"le parcours d'un public a pour identifiant ce public : écrivez id: {audience}, "
                "ou retirez audience pour un parcours d'un autre nom",
            )
            continue
        if raw["id"] in reserved and audience is None:
            hint = (
                f" ou ajoutez audience: {raw['id']} pour écrire vous-même le parcours de ce public"
                if raw["id"] in AUDIENCE_LABELS
                else ""
            )
            report.error(
                path,
                document.line_of([index, "id"]),
                f"[{index}].id",
                f"« {raw['id']} » est réservé aux parcours calculés par l'outil ; choisissez un autre identifiant{hint}",
            )
            continue
        if not has_modules_or_schedule(path, document, index, raw, report):
            report.unreadable.add(("parcours", raw["id"]))
            continue
        kept = []
        dropped = []  # left out by the edition's selection: one warning per path, not one per module
        for number, module_id in enumerate(raw.get("modules", [])):
            if module_id in curriculum.modules:
                kept.append(module_id)
                continue
            if ("module", module_id) in report.unreadable:
                continue  # its own errors are already listed
            where = [index, "modules", number]
            if module_id in curriculum.excluded:
                dropped.append(module_id)
            else:
                known = [*curriculum.modules, *curriculum.excluded]
                message = f"module « {module_id} » introuvable{suggest(module_id, known)}"
                report.error(path, document.line_of(where), field_name(where), message)
        schedule = read_schedule(path, document, index, curriculum, report) if "schedule" in raw else Schedule()
        if "schedule" in raw:
            kept, dropped = schedule.modules, schedule.left_out
        paths.append(
            LearningPath(
                raw["id"],
                raw["title"],
                raw["summary"],
                kept,
                audience=audience,
                replaces=raw.get("replaces"),
                left_out=dropped,
                source=path,
                document=document,
                index=index,
                schedule=schedule.slots,
                days_left_out=schedule.days_left_out,
                objectives=raw.get("objectives", []),
            )
        )
    return paths


#: The id of a path as written, read from a file YAML cannot parse (``- id: deux-jours``).
_WRITTEN_ID = re.compile(r"^[ \t]*-?[ \t]*id:[ \t]*[\"']?([a-z0-9][a-z0-9-]*)", re.M)


def _entries(data: object) -> list[dict]:
    """The entries of a parcours.yml that give an id, whatever else is wrong with them."""
    return [raw for raw in data if isinstance(raw, dict) and "id" in raw] if isinstance(data, list) else []


def path_warnings(learning_path: LearningPath, curriculum: Curriculum, report: Report) -> None:
    """Warnings for a hand-made path the edition publishes: modules its selection left
    out, and modules placed before their prerequisites."""
    path, document, index = learning_path.source, learning_path.document, learning_path.index
    if path is None or document is None:
        return
    listing = "schedule" if learning_path.schedule else "modules"
    if learning_path.left_out:
        report.warning(
            path,
            document.line_of([index, listing]),
            f"[{index}].{listing}",
            f"parcours « {learning_path.id} » : modules absents de cette édition, retirés du parcours : "
            f"{', '.join(learning_path.left_out)}",
        )
    if learning_path.schedule:
        return  # the schedule's order is checked with it (model.schedule), as errors
    listed = document.data[index]["modules"]
    for module_id, missing in unmet_prerequisites(curriculum, learning_path.modules):
        where = [index, "modules", listed.index(module_id)]
        needed = ", ".join(f"« {m} »" for m in missing)
        report.warning(
            path,
            document.line_of(where),
            field_name(where),
            f"parcours « {learning_path.id} » : « {module_id} » demande {needed}, à placer avant lui dans le parcours",
        )


def unmet_prerequisites(curriculum: Curriculum, modules: list[str]) -> list[tuple[str, list[str]]]:
    """Modules of a path whose prerequisites (in this edition) do not come before them.

    Path pages promise an order that respects prerequisites; a hand-made path
    is checked against that promise.
    """
    seen: set[str] = set()
    unmet = []
    for module_id in modules:
        missing = [
            p
            for p in curriculum.modules[module_id].prerequisites
            # a cycle has its own error: no order could satisfy it
            if p in curriculum.modules and p not in seen and module_id not in curriculum.requirements([p])
        ]
        if missing:
            unmet.append((module_id, missing))
        seen.add(module_id)
    return unmet
