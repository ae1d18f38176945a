"""Territory editions: which upstream modules an edition publishes.

An edition is an overlay (see :mod:`ecole.content`): it never copies upstream
content, it selects from it and adds to it. The selection is checked here so
that an edition cannot publish a module whose prerequisite it left out.
"""

from __future__ import annotations

from .diagnostics import Report
from .structure import Curriculum


def apply_selection(curriculum: Curriculum, report: Report) -> None:
    settings = curriculum.settings
    selection = settings.selection
    if not selection:
        return
    document = settings.document
    path = settings.source
    upstream = {key: m for key, m in curriculum.modules.items() if m.origin == "upstream"}
    for field in ("modules", "exclude"):
        for index, module_id in enumerate(selection.get(field, [])):
            if module_id not in curriculum.modules:
                report.error(
                    path,
                    document.line_of(["selection", field, index]),
                    f"selection.{field}[{index}]",
                    f"module « {module_id} » introuvable dans le cursus",
                )
    chosen: set[str] = set()
    parts = selection.get("parts")
    audiences = selection.get("audience")
    if parts or audiences:
        chosen |= {
            key
            for key, m in upstream.items()
            if (not parts or m.part in parts) and (not audiences or set(m.audience) & set(audiences))
        }
    chosen |= set(selection.get("modules", []))
    if not (parts or audiences or selection.get("modules")):
        chosen = set(upstream)
    chosen -= set(selection.get("exclude", []))
    # local modules of the edition are always published
    chosen |= {key for key, m in curriculum.modules.items() if m.origin != "upstream"}
    chosen &= set(curriculum.modules)
    for key in sorted(chosen):
        module = curriculum.modules[key]
        for prerequisite in module.prerequisites:
            if prerequisite in curriculum.modules and prerequisite not in chosen:
                why = "exclu" if prerequisite in selection.get("exclude", []) else "absent de la sélection"
                report.error(
                    path,
                    _selection_line(document, selection, prerequisite),
                    "selection",
                    f"le module « {key} » est retenu mais son prérequis « {prerequisite} » est {why} : "
                    f"ajoutez « {prerequisite} » à la sélection ou retirez « {key} »",
                )
    curriculum.excluded = set(curriculum.modules) - chosen
    curriculum.modules = {key: m for key, m in curriculum.modules.items() if key in chosen}
    for case in curriculum.case_studies.values():
        case.modules = [m for m in case.modules if m not in curriculum.excluded]


def _selection_line(document, selection: dict[str, list[str]], module_id: str) -> int:  # noqa: ANN001
    """The line that excludes ``module_id`` if there is one, else the selection key."""
    if module_id in selection.get("exclude", []):
        return document.line_of(["selection", "exclude", selection["exclude"].index(module_id)])
    return document.line_of(["selection"])
