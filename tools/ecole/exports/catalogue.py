"""``exports/catalogue.json`` (valid against ``catalogue.schema.json``) and a CSV
of the same rows for spreadsheet users.

Every entry, whatever its kind, carries the fields a training catalogue asks for:
identifier, title, summary, address, licence, authors and date of update; then
what its kind has (durations, objectives, audience, prerequisites…). Modules and paths,
the training offers, also name their programme sheet; the conditions the sheets give
for every offer (access, price, accessibility, contact) come once, from the edition's
settings, at the top of the JSON and on each offer's row of the CSV.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from ..assembly.typography import french
from ..model.addresses import programme_sheet_pdf
from ..model.durations import iso8601
from ..model.french import listed
from ..model.licences import licence
from ..model.structure import (
    AUDIENCE_LABELS,
    DIFFICULTY_LABELS,
    LEVEL_LABELS,
    CaseStudy,
    Curriculum,
    Item,
    LearningPath,
    Method,
    Module,
    Source,
)
from . import cache
from .plan import Export, ExportFile

JSON_FILE = "catalogue.json"
CSV_FILE = "catalogue.csv"


def _duration(minutes: int) -> dict[str, Any]:
    return {"minutes": minutes, "iso8601": iso8601(minutes)}


def _licence(identifier: str) -> dict[str, str]:
    name, url = licence(identifier)
    return {"licence": identifier, "licence_name": name, "licence_url": url}


def _common(item: Item, updated: str) -> dict[str, Any]:
    """``updated``: the item's last update (``Curriculum.last_update``)."""
    return {
        "id": item.id,
        # French typography's spaces, as on the site and in the programme sheets
        "title": french(item.title),
        "summary": french(item.summary),
        "url": item.url,
        **_licence(item.licence),
        "authors": item.authors,
        "updated": updated,
    }


def module_entry(module: Module, updated: str) -> dict[str, Any]:
    return {
        **_common(module, updated),
        "part": module.part,
        "order": module.order,
        "duration": _duration(module.duration),
        "level": module.level,
        "audience": module.audience,
        "objectives": [french(objective) for objective in module.objectives],
        "prerequisites": module.prerequisites,
        "methods": module.methods,
        "case_studies": module.case_studies,
        "questions": len(module.questions),
        "programme_sheet": _sheet(module),
    }


def _sheet(subject: Module | LearningPath) -> str:
    """Address of a programme sheet's PDF, relative to the site's root, like ``url``."""
    return f"exports/{programme_sheet_pdf(subject)}"


def method_entry(method: Method, updated: str, cases: list[CaseStudy]) -> dict[str, Any]:
    """``cases``: the case studies that name the method (``Curriculum.cases_of_method``)."""
    return {
        **_common(method, updated),
        "phase": method.phase,
        "duration": _duration(method.duration),
        "participants": method.participants,
        "materials": method.materials,
        "difficulty": method.difficulty,
        "case_studies": [case.id for case in cases],
    }


def case_entry(case: CaseStudy, updated: str) -> dict[str, Any]:
    return {
        **_common(case, updated),
        "territory": case.territory,
        # null where the source says nothing: nothing is invented
        "department": {"name": case.department_name, "code": case.department_code} if case.department_name else None,
        "territory_type": case.territory_type,
        "coordinates": [case.latitude, case.longitude] if case.placed else None,
        "period": {"start": case.period_start, "end": case.period_end} if case.period_start else None,
        "organisations": case.organisations,
        "methods": case.methods,
        "modules": case.modules,
        "figures": [{"label": label, "value": value} for label, value in case.figures],
        "sources": [_source(source) for source in case.sources],
        "method_sources": case.method_sources,
        "project_reading": case.readings,
    }


def _source(source: Source) -> dict[str, str | None]:
    out = {
        "publisher": source.publisher,
        "title": source.title,
        # content writes "inconnue" for an undated source; data readers expect null
        "date": None if source.date == "inconnue" else source.date,
    }
    return out | ({"url": source.url} if source.url else {})


def path_entry(curriculum: Curriculum, path: LearningPath) -> dict[str, Any]:
    """A path has no front-matter of its own: its fields are those of its modules, but for
    the objectives its entry in parcours.yml may give."""
    modules = [curriculum.modules[m] for m in path.modules]
    inside = set(path.modules)
    return {
        "id": path.id,
        "title": french(path.title),
        "summary": french(path.summary),
        "url": path.url,
        **_licence(curriculum.settings.licence),
        "authors": list(dict.fromkeys(author for m in modules for author in m.authors)),
        "updated": curriculum.last_update(modules),
        "duration": _duration(sum(m.duration for m in modules)),
        "audience": curriculum.audiences(path.modules, path.audience)[0],
        # its own when parcours.yml gives them, those of its modules otherwise
        "objectives": [french(objective) for objective in path.objectives]
        or list(dict.fromkeys(french(objective) for m in modules for objective in m.objectives)),
        "prerequisites": list(dict.fromkeys(p for m in modules for p in m.prerequisites if p not in inside)),
        "modules": path.modules,
        # a training session's time in the room, days and half-days added up, beside its
        # modules' time (« 3 journées (21 h de formation, dont 17 h de modules) »)
        **({"training_duration": _duration(path.training_minutes)} if path.schedule else {}),
        # the whole cursus's path has the cursus's sheet (``programme_sheet_pdf``)
        "programme_sheet": _sheet(path),
    }


def catalogue(curriculum: Curriculum) -> dict[str, Any]:
    settings = curriculum.settings
    return {
        "name": settings.name,
        "description": french(" ".join(settings.description.split())),
        "edition": settings.edition,
        # the reference's organisation is the words its texts say (« votre collectivité »), not a publisher
        "organisation": settings.organisation if settings.edition else None,
        "site_url": settings.site_url,
        "language": "fr",
        **_licence(settings.licence),
        # what every programme sheet says under these headings; null where the edition says nothing
        "access": french(settings.access) if settings.access else None,
        "price": french(settings.price) if settings.price else None,
        "accessibility_contact": french(settings.accessibility_contact) if settings.accessibility_contact else None,
        "contact": settings.contact,
        "generated": curriculum.date,
        # an item without its own date is as recent as the content it was published with
        "modules": [module_entry(m, curriculum.last_update([m])) for m in curriculum.ordered_modules()],
        "methods": [
            method_entry(m, curriculum.last_update([m]), curriculum.cases_of_method(m.id))
            for m in sorted(curriculum.methods.values(), key=lambda m: m.id)
        ],
        "case_studies": [
            case_entry(c, curriculum.last_update([c]))
            for c in sorted(curriculum.case_studies.values(), key=lambda c: c.id)
        ],
        "paths": [path_entry(curriculum, learning_path) for learning_path in curriculum.learning_paths],
    }


CSV_COLUMNS = [
    "type", "id", "titre", "resume", "url", "duree_minutes", "duree_iso8601", "duree_formation_minutes",
    "duree_formation_iso8601", "public", "niveau", "partie", "objectifs", "prerequis", "modules", "licence",
    "licence_nom", "licence_url", "auteurs", "mise_a_jour", "fiche_programme", "acces", "tarif", "accessibilite",
    "contact",
]  # fmt: skip
#: Catalogue key -> value of the CSV's ``type`` column, in the order of the rows.
CSV_TYPES = {"modules": "module", "methods": "fiche méthode", "case_studies": "étude de cas", "paths": "parcours"}


def catalogue_csv(data: dict[str, Any]) -> str:
    """One row per entry of the JSON, in the same order; lists joined with `` | ``."""
    out = io.StringIO()
    # semicolons: what spreadsheet programs expect in French locales
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    contact = data["contact"]
    # the conditions of an offer, on the rows of the offers (modules, paths) only
    conditions = [
        data["access"] or "",
        data["price"] or "",
        data["accessibility_contact"] or "",
        " | ".join(contact[field] for field in ("service", "email", "url", "address") if contact.get(field)),
    ]
    for key, kind in CSV_TYPES.items():
        for entry in data[key]:
            duration = entry.get("duration", {})
            training = entry.get("training_duration", {})
            offer = "programme_sheet" in entry
            writer.writerow(
                [
                    kind,
                    entry["id"],
                    entry["title"],
                    entry["summary"],
                    entry["url"],
                    duration.get("minutes", ""),
                    duration.get("iso8601", ""),
                    # a training session's time in the room, days added up (paths with a schedule)
                    training.get("minutes", ""),
                    training.get("iso8601", ""),
                    " | ".join(entry.get("audience", [])),
                    # a module's level, a method sheet's difficulty: how demanding each is
                    entry.get("level", entry.get("difficulty", "")),
                    entry.get("part", ""),
                    " | ".join(entry.get("objectives", [])),
                    " | ".join(entry.get("prerequisites", [])),
                    " | ".join(entry["modules"]) if key == "paths" else "",
                    entry["licence"],
                    # a spreadsheet read on its own names the licence and where its text is
                    entry["licence_name"],
                    entry["licence_url"],
                    " | ".join(entry["authors"]),
                    entry["updated"],
                    entry.get("programme_sheet", ""),
                    *(conditions if offer else [""] * len(conditions)),
                ]
            )
    return out.getvalue()


def files(curriculum: Curriculum) -> list[ExportFile]:
    return [
        ExportFile(JSON_FILE, "Catalogue au format JSON"),
        ExportFile(CSV_FILE, "Catalogue au format CSV (tableur)"),
    ]


def write_catalogue(curriculum: Curriculum, exports: Path) -> None:
    exports.mkdir(parents=True, exist_ok=True)
    data = catalogue(curriculum)
    with cache.current() as store:  # counted as reused when the same bytes were written before
        store.write_bytes(
            exports / JSON_FILE, (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode(), JSON_FILE
        )
        # BOM so that spreadsheet programs on French Windows open the accents correctly
        store.write_bytes(exports / CSV_FILE, ("\ufeff" + catalogue_csv(data)).encode(), CSV_FILE)


EXPORT = Export(
    name="catalogue",
    title="Catalogue des contenus",
    description=(
        "Les métadonnées de tous les modules, fiches méthode, études de cas et parcours : "
        "identifiant, titre, résumé, adresse, durée (en minutes et au format ISO 8601), "
        "objectifs, public, prérequis, licence, auteurs et date de mise à jour ; pour les modules et les "
        "parcours, leur fiche programme et les conditions qu'elle donne (accès, tarif, accessibilité, "
        "contact), et, pour une session de formation, son temps en salle. Le fichier "
        "JSON suit le schéma publié plus bas ; le fichier CSV en reprend les lignes pour un "
        "tableur (séparateur point-virgule, encodage UTF-8), une par contenu, la colonne « type » "
        "disant lequel ; ses colonnes gardent les codes du JSON (« niveau » : "
        f"{listed(list(LEVEL_LABELS), 'ou')} pour un module, {listed(list(DIFFICULTY_LABELS), 'ou')} pour une fiche méthode ; "
        f"« public » : {listed(list(AUDIENCE_LABELS), 'ou')} ; « licence » : son identifiant SPDX, suivi de "
        "son nom et de l'adresse de son texte), et les "
        "listes y sont séparées par « | »."
    ),
    files=files,
    write=write_catalogue,
)
