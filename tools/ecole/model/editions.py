"""Territory editions: which upstream modules an edition publishes, and how its
own files find the upstream files they link to.

An edition is an overlay (see :mod:`ecole.model.curriculum`): it never copies upstream
content, it selects from it and adds to it. The selection is checked here so
that an edition cannot publish a module whose prerequisite it left out.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from .diagnostics import Report
from .project import Layout
from .structure import Curriculum, Kind


def apply_selection(curriculum: Curriculum, report: Report) -> None:
    """Keep the modules the edition selects, with their prerequisites.

    Parts and audiences select upstream modules (both must match when both are
    given), ``modules`` adds some by id, ``exclude`` removes some; the edition's
    own modules are always kept unless excluded. The prerequisites of a kept
    module come along, since a module cannot be followed without them; an
    explicitly excluded prerequisite is an error that names both modules.
    """
    selection = curriculum.settings.selection
    if not selection:
        return
    _check_ids(curriculum, report)
    chosen = _with_prerequisites(curriculum, _first_choice(curriculum), report)
    curriculum.excluded = set(curriculum.modules) - chosen
    curriculum.modules = {key: m for key, m in curriculum.modules.items() if key in chosen}
    for case in curriculum.case_studies.values():
        case.modules = [m for m in case.modules if m not in curriculum.excluded]


def _check_ids(curriculum: Curriculum, report: Report) -> None:
    settings = curriculum.settings
    selection = settings.selection
    for field in ("modules", "exclude"):
        for index, module_id in enumerate(selection.get(field, [])):
            where = settings.document.line_of(["selection", field, index])
            if module_id not in curriculum.modules:
                close = difflib.get_close_matches(module_id, sorted(curriculum.modules), n=1, cutoff=0.6)
                hint = f" ; vouliez-vous dire « {close[0]} » ?" if close else ""
                message = f"module « {module_id} » introuvable{hint}"
            elif field == "modules" and module_id in selection.get("exclude", []):
                message = f"module « {module_id} » à la fois retenu et exclu : retirez-le de l'une des deux listes"
            else:
                continue
            report.error(settings.source, where, f"selection.{field}[{index}]", message)


def _first_choice(curriculum: Curriculum) -> set[str]:
    """What the selection names, before prerequisites."""
    selection = curriculum.settings.selection
    parts = selection.get("parts")
    audiences = selection.get("audience")
    upstream = {key: m for key, m in curriculum.modules.items() if m.origin == "upstream"}
    if parts or audiences or selection.get("modules"):
        chosen = {
            key
            for key, m in upstream.items()
            if (parts or audiences)
            and (not parts or m.part in parts)
            and (not audiences or set(m.audience) & set(audiences))
        }
        chosen |= set(selection.get("modules", [])) & set(curriculum.modules)
    else:
        chosen = set(upstream)
    chosen |= {key for key, m in curriculum.modules.items() if m.origin != "upstream"}
    return chosen - set(selection.get("exclude", []))


def _with_prerequisites(curriculum: Curriculum, chosen: set[str], report: Report) -> set[str]:
    settings = curriculum.settings
    excluded = settings.selection.get("exclude", [])
    # a wrongly excluded prerequisite is kept despite the error (with what it
    # needs), so that references to it are not reported again as unknown
    kept = chosen | curriculum.requirements(chosen)
    for key in sorted(kept):
        for prerequisite in curriculum.modules[key].prerequisites:
            if prerequisite in excluded:
                index = excluded.index(prerequisite)
                report.error(
                    settings.source,
                    settings.document.line_of(["selection", "exclude", index]),
                    f"selection.exclude[{index}]",
                    f"le module « {key} » est retenu mais son prérequis « {prerequisite} » est exclu : "
                    f"retirez « {prerequisite} » de exclude, ou excluez aussi « {key} »",
                )
    return kept


def overlay_links(upstream: Layout, edition: Layout, curriculum: Curriculum) -> dict[Path, str]:
    """Extra link targets (source file -> staged path) that make the overlay transparent.

    An edition's folder mirrors the upstream tree, so its authors write links as
    if their file sat in the upstream folder (``../docs/glossaire.md``), and
    upstream content keeps linking to an item that the edition replaces.
    """
    aliases: dict[Path, str] = {}
    for item in curriculum.items():
        if item.origin == "upstream":
            relative = item.source.resolve().relative_to(upstream.root.resolve())
            aliases[(edition.root / relative).resolve()] = item.staged_path
        elif item.replaces is not None:
            aliases[_upstream_file(upstream, item.kind, item.replaces).resolve()] = item.staged_path
    for staged, source in curriculum.assets.items():
        if source.resolve().is_relative_to(upstream.docs.resolve()):
            aliases[(edition.docs / staged).resolve()] = staged
    return aliases


def _upstream_file(upstream: Layout, kind: Kind, item_id: str) -> Path:
    folders = {
        Kind.MODULE: upstream.modules,
        Kind.METHOD: upstream.methods,
        Kind.CASE_STUDY: upstream.case_studies,
        Kind.PAGE: upstream.docs,
    }
    return folders[kind] / f"{item_id}.md"


def check_default_path(curriculum: Curriculum, report: Report) -> None:
    """The learning path an edition proposes first must exist in that edition."""
    settings = curriculum.settings
    wanted = settings.default_path
    known = [learning_path.id for learning_path in curriculum.learning_paths]
    if wanted is None or wanted in known or settings.document is None:
        return
    report.error(
        settings.source,
        settings.document.line_of(["default_path"]),
        "default_path",
        f"parcours « {wanted} » introuvable ; parcours disponibles : {', '.join(known)}",
    )
