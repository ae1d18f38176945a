"""``exports/catalogue.json`` (valid against ``catalogue.schema.json``) and a CSV
of the same rows for spreadsheet users."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from ..durations import iso8601
from ..structure import CaseStudy, Curriculum, Item, Method, Module
from ..version import content_date


def _duration(minutes: int) -> dict[str, Any]:
    return {"minutes": minutes, "iso8601": iso8601(minutes)}


def _common(item: Item) -> dict[str, Any]:
    return {
        "id": item.id,
        "title": item.title,
        "summary": item.summary,
        "url": item.url,
        "licence": item.licence,
        "authors": item.authors,
        "updated": item.updated,
    }


def module_entry(module: Module) -> dict[str, Any]:
    return {
        **_common(module),
        "part": module.part,
        "order": module.order,
        "duration": _duration(module.duration),
        "level": module.level,
        "audience": module.audience,
        "objectives": module.objectives,
        "prerequisites": module.prerequisites,
        "methods": module.methods,
        "case_studies": module.case_studies,
        "questions": len(module.questions),
    }


def method_entry(method: Method) -> dict[str, Any]:
    return {
        **_common(method),
        "phase": method.phase,
        "duration": _duration(method.duration),
        "participants": method.participants,
        "materials": method.materials,
        "difficulty": method.difficulty,
        "case_studies": method.case_studies,
    }


def case_entry(case: CaseStudy) -> dict[str, Any]:
    return {
        **_common(case),
        "territory": case.territory,
        "department": {"name": case.department_name, "code": case.department_code},
        "territory_type": case.territory_type,
        "coordinates": [case.latitude, case.longitude],
        "period": {"start": case.period_start, "end": case.period_end},
        "organisations": case.organisations,
        "methods": case.methods,
        "modules": case.modules,
        "figures": [{"label": label, "value": value} for label, value in case.figures],
        "sources": [
            {k: v for k, v in vars(source).items() if v is not None} for source in case.sources
        ],
    }


def catalogue(curriculum: Curriculum) -> dict[str, Any]:
    settings = curriculum.settings
    return {
        "name": settings.name,
        "edition": settings.edition,
        "organisation": settings.organisation,
        "language": "fr",
        "licence": settings.licence,
        "generated": content_date(settings.source.parent),
        "modules": [module_entry(m) for m in curriculum.ordered_modules()],
        "methods": [method_entry(m) for m in sorted(curriculum.methods.values(), key=lambda m: m.id)],
        "case_studies": [case_entry(c) for c in sorted(curriculum.case_studies.values(), key=lambda c: c.id)],
        "paths": [
            {
                "id": path.id,
                "title": path.title,
                "summary": path.summary,
                "url": path.url,
                "audience": path.audience,
                "modules": path.modules,
                "duration": _duration(sum(curriculum.modules[m].duration for m in path.modules)),
            }
            for path in curriculum.paths
        ],
    }


_CSV_COLUMNS = [
    "type", "id", "titre", "resume", "url", "duree_minutes", "duree_iso8601", "public",
    "niveau", "partie", "objectifs", "prerequis", "licence", "mise_a_jour",
]  # fmt: skip
_TYPES = {"modules": "module", "methods": "fiche méthode", "case_studies": "étude de cas", "paths": "parcours"}


def catalogue_csv(data: dict[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(_CSV_COLUMNS)
    for key, label in _TYPES.items():
        for entry in data[key]:
            duration = entry.get("duration") or {}
            writer.writerow(
                [
                    label,
                    entry["id"],
                    entry["title"],
                    entry["summary"],
                    entry["url"],
                    duration.get("minutes", ""),
                    duration.get("iso8601", ""),
                    ", ".join(entry.get("audience") or []) if isinstance(entry.get("audience"), list)
                    else entry.get("audience") or "",
                    entry.get("level", ""),
                    entry.get("part", ""),
                    " | ".join(entry.get("objectives", [])),
                    ", ".join(entry.get("prerequisites", [])),
                    entry.get("licence", ""),
                    entry.get("updated") or "",
                ]
            )
    return out.getvalue()


def write_catalogue(curriculum: Curriculum, exports: Path) -> None:
    exports.mkdir(parents=True, exist_ok=True)
    data = catalogue(curriculum)
    (exports / "catalogue.json").write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    # BOM so that spreadsheet programs on French Windows open the accents correctly
    (exports / "catalogue.csv").write_text("\ufeff" + catalogue_csv(data), encoding="utf-8")
