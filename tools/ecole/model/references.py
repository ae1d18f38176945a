"""Checks across files: references by id, prerequisite cycles, links between files.

These run on the assembled curriculum, after each file has passed its own
schema, so a message can name both ends of a broken reference.
"""

from __future__ import annotations

import difflib
import os
import posixpath
from collections.abc import Iterable, Mapping
from pathlib import Path
from urllib.parse import unquote

from .admonitions import admonitions
from .body import is_external, links
from .diagnostics import Report
from .french import count
from .structure import Curriculum, Item, Module

_KIND_WORDS = {"modules": "module", "methods": "fiche méthode", "case_studies": "étude de cas"}
_KINDS = {"modules": "module", "methods": "method", "case_studies": "case_study"}


def check_references(curriculum: Curriculum, report: Report) -> None:
    known = {
        "modules": curriculum.modules,
        "methods": curriculum.methods,
        "case_studies": curriculum.case_studies,
    }
    fields: list[tuple[Item, str, str]] = []
    for module in curriculum.modules.values():
        fields += [(module, "prerequisites", "modules"), (module, "methods", "methods")]
        fields.append((module, "case_studies", "case_studies"))
    for method in curriculum.methods.values():
        fields.append((method, "case_studies", "case_studies"))
    for case in curriculum.case_studies.values():
        fields += [(case, "methods", "methods"), (case, "modules", "modules")]
    for item, field, target in fields:
        for index, ref in enumerate(getattr(item, field)):
            if ref not in known[target] and (_KINDS[target], ref) not in report.unreadable:
                line = _line(item, [field, index])
                report.error(
                    item.source,
                    line,
                    f"{field}[{index}]",
                    f"{_KIND_WORDS[target]} « {ref} » introuvable{suggest(ref, known[target])}",
                )
    for module in curriculum.modules.values():
        if module.id in module.prerequisites:
            report.error(
                module.source,
                _line(module, ["prerequisites"]),
                "prerequisites",
                "un module ne peut pas être son propre prérequis",
            )
    _check_cycles(curriculum, report)


def _check_cycles(curriculum: Curriculum, report: Report) -> None:
    """Report each prerequisite cycle once, on the module where it is first met."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    reported: set[frozenset[str]] = set()

    def visit(module_id: str, trail: list[str]) -> None:
        state[module_id] = 1
        module = curriculum.modules[module_id]
        for ref in module.prerequisites:
            if ref not in curriculum.modules or ref == module_id:
                continue
            if state.get(ref) == 1:
                # read the cycle from the module it is reported on
                loop = [*trail[trail.index(ref) :], module_id]
                loop = loop[loop.index(module_id) :] + loop[: loop.index(module_id)]
                cycle = [*loop, module_id]
                key = frozenset(cycle)
                if key not in reported:
                    reported.add(key)
                    index = module.prerequisites.index(ref)
                    report.error(
                        module.source,
                        _line(module, ["prerequisites", index]),
                        f"prerequisites[{index}]",
                        "cycle de prérequis : " + " → ".join(cycle) + " ; retirez l'un de ces prérequis",
                    )
            elif ref not in state:
                visit(ref, [*trail, module_id])
        state[module_id] = 2

    for module_id in sorted(curriculum.modules):
        if module_id not in state:
            visit(module_id, [])


def _line(item: Item, path: list[str | int]) -> int:
    return item.document.line_of(path) if item.document is not None else 1


def suggest(ref: str, known: Iterable[str]) -> str:
    """`` ; vouliez-vous dire « … » ?`` with the closest of ``known``, or nothing."""
    close = difflib.get_close_matches(ref, sorted(known), n=1, cutoff=0.6)
    return f" ; vouliez-vous dire « {close[0]} » ?" if close else ""


def link_map(curriculum: Curriculum) -> dict[Path, str]:
    """Source file -> staged path, for every page and asset a link may point to."""
    mapping = {item.source.resolve(): item.staged_path for item in curriculum.items()}
    for staged, source in curriculum.assets.items():
        mapping[source.resolve()] = staged
    return mapping


def resolve_links(
    item: Item,
    mapping: dict[Path, str],
    generated: set[str],
    excluded: set[str],
    report: Report,
    withdrawn: set[str] | frozenset[str] = frozenset(),
    anchors: Mapping[str, frozenset[str]] | None = None,
) -> dict[str, str]:
    """Rewrite table (as written -> staged relative path) for the links of ``item``.

    A link that points to no known file is reported. A link to a module the
    edition left out (``excluded``), or to a page or path it does not publish
    (``withdrawn``, staged paths), maps to ``""``: its words stay, unlinked.
    A hand-written page may also link to a generated page (``generated``: staged
    paths such as ``parcours/cursus-complet.md``) by its path in the site.
    With ``anchors`` (staged path -> the ids of its headings and blocks: :mod:`.anchors`), an
    anchor that names nothing in the page it leads to (``#mode-lab``) is reported too.
    """
    rewrite: dict[str, str] = {}
    here = posixpath.dirname(item.staged_path)
    for link in links(item.body):
        target = link.target
        if target.startswith("#") and anchors is not None and item.staged_path in anchors:
            _check_anchor(item, link.line, target[1:], None, anchors[item.staged_path], report)
        if is_external(target) or target.startswith("#") or target.startswith("/"):
            if target.startswith("/"):
                report.error(
                    item.source,
                    item.body_line + link.line,
                    "lien",
                    f"« {target} » : écrivez un chemin relatif vers le fichier source (par exemple ../case_studies/cahors-carte-blanche.md)",
                )
            continue
        path_part, _, anchor = target.partition("#")
        if not path_part:
            continue
        destination = (item.source.parent / unquote(path_part)).resolve()
        staged = mapping.get(destination)
        in_site = posixpath.normpath(posixpath.join(here, unquote(path_part)))
        if staged is None and in_site in generated:
            continue
        if (staged or in_site) in withdrawn:
            rewrite[target] = ""  # the edition hides that page or path: keep the words, drop the link
            continue
        if staged is None and destination.parent.name == "modules" and destination.stem in excluded:
            rewrite[target] = ""  # an edition left that module out: keep the words, drop the link
            continue
        if staged is None and report.has_errors(destination):
            continue  # the target's own errors are already listed
        folder, name = posixpath.split(in_site)
        if staged is None and folder == "parcours" and ("parcours", name.removesuffix(".md")) in report.unreadable:
            continue  # a path with errors of its own (in its parcours.yml), already listed
        if staged is None:
            if destination.is_file() and destination.suffix == ".md":
                message = f"« {target} » pointe vers un contenu qui n'est pas publié dans cette édition"
            elif destination.is_file():
                message = f"« {target} » : seuls les fichiers de docs/ peuvent être liés ; déplacez-le dans docs/"
            else:
                meant = _meant_link(unquote(path_part), item, mapping, generated, withdrawn, report)
                hint = f"vouliez-vous dire « {meant}{'#' + anchor if anchor else ''} » ?"
                message = f"« {target} » ne mène à aucun fichier : {hint if meant else 'vérifiez le chemin relatif'}"
            report.error(item.source, item.body_line + link.line, "lien", message)
            continue
        if anchor and anchors is not None and staged in anchors:
            _check_anchor(item, link.line, anchor, destination.name, anchors[staged], report)
        relative = posixpath.relpath(staged, here or ".")
        rewrite[target] = relative + (f"#{anchor}" if anchor else "")
    return rewrite


def _check_anchor(item: Item, line: int, anchor: str, page: str | None, known: frozenset[str], report: Report) -> None:
    """Report a link of ``item`` whose ``anchor`` is none of the ids ``known`` of its page:
    the file named ``page``, or ``item`` itself."""
    if not anchor or unquote(anchor) in known:
        return  # « # » alone is the top of the page
    where = f"« {page} »" if page else "cette page"
    # ids are close to one another (« exemple », « exemple_1 »): only a near one is a hint
    close = (
        difflib.get_close_matches(unquote(anchor), sorted(known), n=1, cutoff=0.8)
        or sorted((found for found in known if found.startswith(unquote(anchor))), key=len)[:1]
    )  # « #enseignements » for « #enseignements-pour-une-autre-collectivite »
    hint = (
        f" ; vouliez-vous dire « #{close[0]} » ?"
        if close
        else " ; vérifiez le titre visé : son ancre s'écrit en minuscules, sans accents, les apostrophes et la ponctuation "
        "supprimées, les espaces remplacées par des tirets (« L'exemple de Cahors » → #lexemple-de-cahors)"
    )
    report.error(
        item.source, item.body_line + line, "lien", f"l'ancre « #{anchor} » ne désigne aucun titre de {where}{hint}"
    )


def _meant_link(
    written: str,
    item: Item,
    mapping: dict[Path, str],
    generated: set[str],
    withdrawn: set[str] | frozenset[str],
    report: Report,
) -> str | None:
    """The link that works from ``item`` to a file with the same name as ``written``
    (or a close one), the closest to what was written; None when there is none."""
    folder = item.source.parent.resolve()
    here = posixpath.dirname(item.staged_path)
    working: dict[str, str] = {}  # staged path -> the shortest link that leads there from item
    for source, staged in mapping.items():
        if staged in withdrawn:
            continue
        link = Path(os.path.relpath(source, folder)).as_posix()
        if staged not in working or len(link) < len(working[staged]):
            working[staged] = link
    unreadable = {f"parcours/{key}.md" for kind, key in report.unreadable if kind == "parcours"}
    for staged in (generated | unreadable) - set(working):
        working[staged] = posixpath.relpath(staged, here or ".")
    name = posixpath.basename(written)
    names = {posixpath.basename(link) for link in working.values()}
    close = [name] if name in names else difflib.get_close_matches(name, sorted(names), n=1, cutoff=0.8)
    candidates = sorted(link for link in working.values() if close and posixpath.basename(link) == close[0])
    best = difflib.get_close_matches(written, candidates, n=1, cutoff=0)
    return best[0] if best else None


def check_module_structure(module: Module, report: Report) -> None:
    """The pedagogical skeleton every module is expected to have (warnings only:
    a local module in an edition may legitimately be lighter)."""
    present = {(box.kind, box.folded) for box in admonitions(module.body)}
    kinds = {kind for kind, _ in present}
    expected = [
        ("activite" in kinds, "aucune activité (!!! activite)"),
        ("exercice" in kinds, "aucun exercice (!!! exercice)"),
        (("solution", True) in present, "aucune solution repliable (??? solution) après l'exercice"),
        ("retenir" in kinds, "pas d'encadré « À retenir » (!!! retenir)"),
        ("formateur" in kinds, "pas de notes pour le formateur (??? formateur)"),
    ]
    for found, message in expected:
        if not found:
            report.warning(module.source, module.body_line, "structure", message)
    if len(module.questions) < 4:
        report.warning(
            module.source,
            module.quizzes[0].line if module.quizzes else module.body_line,
            "quiz",
            f"{count(len(module.questions), 'question')} d'auto-évaluation ; il en faut au moins 4",
        )
