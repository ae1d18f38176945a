"""Territory editions: which upstream modules an edition publishes, and how its
own files find the upstream files they link to.

An edition is an overlay (see :mod:`ecole.model.curriculum`): it never copies upstream
content, it selects from it and adds to it. The selection is checked here so
that an edition cannot publish a module whose prerequisite it left out.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from .addresses import HOME_PAGE
from .diagnostics import Report
from .learning import WHOLE_CURRICULUM, path_warnings
from .project import Layout
from .schemas import field_name
from .structure import AUDIENCE_LABELS, Curriculum, Kind, LearningPath, Page


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
    _narrow_audiences(curriculum)


def _narrow_audiences(curriculum: Curriculum) -> None:
    """In an edition that selects audiences, a module is for the audiences it names that
    the edition selects: every « Public » shown, the per-audience paths and the exports
    read ``module.audience``, so they all tell of the edition's public only. A module kept
    without any of them (a prerequisite, one named in ``modules``) is for the edition's public.
    """
    wanted = curriculum.settings.selection.get("audience")
    if not wanted:
        return
    for module in curriculum.modules.values():
        module.audience = [a for a in module.audience if a in wanted] or [a for a in AUDIENCE_LABELS if a in wanted]


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


#: Upstream pages about the tool rather than the course, left out of every edition: the
#: maintainers' folder, and the guides to making an edition and writing its content, which
#: explain the repository's files with the example editions (a learner of an edition saw
#: « Adapter le cursus à votre territoire » in the menu, with Ville-Exemple's settings).
#: Who makes an edition reads them in the repository or on the reference site.
TOOL_PAGES = ("contribuer/", "guides/adapter.md", "guides/rediger.md")


def hide_pages(curriculum: Curriculum, report: Report) -> list[Page]:
    """Take out the upstream pages the edition hides (``hide.pages``), the upstream
    pages about the tool (:data:`TOOL_PAGES`) and the pages about one module or
    one part (front matter ``module:`` or ``part:``) the edition leaves out; return them.

    A page is named by its path in ``docs/``, with or without ``.md``. Only an
    upstream page can be hidden: the edition's own pages are its files, to delete,
    and the home page is to be replaced, not hidden.
    """
    settings = curriculum.settings
    hidden: list[Page] = []
    parts = {m.part for m in curriculum.modules.values()}
    # a page about one part (front matter ``part:``, the fil rouge's index): only with that part
    for key, page in list(curriculum.pages.items()):
        if page.meta.get("part") not in (None, *parts):
            hidden.append(curriculum.pages.pop(key))
            curriculum.withdrawn.add(page.staged_path)
    # a page about one module (front matter ``module:``, the kit's grids, the fil rouge's steps):
    # only with that module
    for key, page in list(curriculum.pages.items()):
        module = page.meta.get("module")
        if module is None or module in curriculum.modules or ("module", module) in report.unreadable:
            continue  # a module with errors of its own: they are listed
        if module in curriculum.excluded:
            hidden.append(curriculum.pages.pop(key))
            curriculum.withdrawn.add(page.staged_path)
        else:
            known = ", ".join(sorted(curriculum.modules))
            report.error(
                page.source,
                page.document.line_of(["module"]),
                "module",
                f"module « {module} » introuvable ; modules : {known}",
            )
    if settings.edition is None:
        if settings.hide:
            report.error(
                settings.source,
                settings.document.line_of(["hide"]),
                "hide",
                "hide ne sert que dans le edition.yml d'une édition : retirez-le",
            )
        return hidden
    for index, name in enumerate(settings.hide.get("pages", [])):
        key = name if name.endswith(".md") else f"{name}.md"
        page = curriculum.pages.get(key)
        if key == HOME_PAGE:
            message = (
                "la page d'accueil ne peut pas être masquée : pour la réécrire, remplacez-la par une page "
                "docs/index.md de l'édition avec replaces: index"
            )
        elif page is None:
            shown = sorted(p if name.endswith(".md") else p.removesuffix(".md") for p in curriculum.pages)
            close = difflib.get_close_matches(name, shown, n=1, cutoff=0.6)
            hint = (
                f" ; vouliez-vous dire « {close[0]} » ?"
                if close
                else " ; écrivez son chemin dans docs/, par exemple guides/formateur"
            )
            message = f"page « {name} » introuvable dans docs/{hint}"
        elif page.origin != "upstream":
            where = report.relative(page.source)
            message = (
                f"« {name} » est remplacée par {where} : retirez-la de hide, ou supprimez ce fichier"
                if page.replaces is not None
                else f"« {name} » est une page de l'édition ({where}) : supprimez ce fichier plutôt que de le masquer"
            )
        else:
            hidden.append(curriculum.pages.pop(key))
            curriculum.withdrawn.add(page.staged_path)
            continue
        report.error(
            settings.source, settings.document.line_of(["hide", "pages", index]), f"hide.pages[{index}]", message
        )
    # the upstream pages about the tool: an edition publishes the course, not the tool
    for key in [k for k, p in curriculum.pages.items() if k.startswith(TOOL_PAGES) and p.origin == "upstream"]:
        hidden.append(page := curriculum.pages.pop(key))
        curriculum.withdrawn.add(page.staged_path)
    return hidden


def withdrawn_links(upstream: Layout, edition: Layout, pages: list[Page]) -> dict[Path, str]:
    """Link targets (source file -> staged path) of hidden pages, as upstream content and
    the edition's own files write them: links to them are kept as words (see
    :func:`ecole.model.references.resolve_links`)."""
    aliases: dict[Path, str] = {}
    for page in pages:
        aliases[page.source.resolve()] = page.staged_path
        aliases[(edition.docs / page.path).resolve()] = page.staged_path
    return aliases


def publish_paths(
    curriculum: Curriculum,
    computed: list[LearningPath],
    upstream: list[LearningPath],
    local: list[LearningPath],
    report: Report,
) -> list[LearningPath]:
    """The learning paths the edition publishes, in order: the computed ones (whole
    cursus, one per audience), those of the root ``parcours.yml``, the edition's own.

    An upstream path that the edition's selection cut down is not published: its
    title and summary promise modules the edition does not have (to publish a
    version of it, an edition path says ``replaces:``). An edition path that
    reuses an upstream id without ``replaces:`` is refused, like a module.
    """
    settings = curriculum.settings
    hidden = _hidden_paths(curriculum, computed, upstream, local, report)
    by_id = {learning_path.id: learning_path for learning_path in upstream}
    replacing: dict[str, LearningPath] = {}
    own: list[LearningPath] = []
    for learning_path in local:
        _excluded_in_own_path(learning_path, curriculum, report)
        where = learning_path.document.line_of
        index = learning_path.index
        wanted = learning_path.replaces
        existing = by_id.get(learning_path.id)
        if existing is not None and wanted != learning_path.id:
            report.error(
                learning_path.source,
                where([index, "id"]),
                f"[{index}].id",
                f"« {learning_path.id} » existe déjà dans {report.relative(existing.source)} "
                f"(ligne {existing.document.line_of([existing.index, 'id'])}) : "
                f"ajoutez replaces: {learning_path.id} pour le remplacer, ou renommez-le",
            )
        elif wanted is not None and wanted not in by_id:
            close = difflib.get_close_matches(wanted, sorted(by_id), n=1, cutoff=0.6)
            hint = f" ; vouliez-vous dire « {close[0]} » ?" if close else ""
            report.error(
                learning_path.source,
                where([index, "replaces"]),
                f"[{index}].replaces",
                f"parcours « {wanted} » introuvable dans le parcours.yml du cursus de référence : "
                f"rien à remplacer{hint}",
            )
        elif wanted is not None:
            replacing[wanted] = learning_path
        else:
            own.append(learning_path)
    if settings.edition is None:
        for learning_path in upstream:
            if learning_path.replaces is not None:
                report.error(
                    learning_path.source,
                    learning_path.document.line_of([learning_path.index, "replaces"]),
                    f"[{learning_path.index}].replaces",
                    "replaces ne sert que dans le parcours.yml d'une édition : retirez-le",
                )
    published = [learning_path for learning_path in computed if learning_path.id not in hidden]
    for learning_path in upstream:
        if learning_path.id in replacing:
            published.append(replacing[learning_path.id])
        elif learning_path.id not in hidden and not learning_path.left_out and learning_path.modules:
            published.append(learning_path)
    published += [learning_path for learning_path in own if learning_path.modules]
    for learning_path in published:
        path_warnings(learning_path, curriculum, report)
    published = [learning_path for learning_path in published if learning_path.modules]
    kept = {learning_path.staged_path for learning_path in published}
    curriculum.withdrawn |= {p.staged_path for p in [*computed, *upstream] if p.staged_path not in kept}
    return published


def _excluded_in_own_path(learning_path: LearningPath, curriculum: Curriculum, report: Report) -> None:
    """A module of ``selection.exclude`` in a path of the edition's own parcours.yml is an
    error: the edition contradicts itself (an upstream path is only warned about, or hidden).
    Modules that the other selection fields leave out stay warnings (:func:`path_warnings`)."""
    settings = curriculum.settings
    exclude = settings.selection.get("exclude", [])
    document, index = learning_path.document, learning_path.index
    if document is None or not set(exclude) & set(learning_path.left_out):
        return
    raw = document.data[index]
    places = [([index, "modules", n], m) for n, m in enumerate(raw.get("modules", []))] + [
        ([index, "schedule", s, "modules", n], m)
        for s, slot in enumerate(raw.get("schedule", []))
        for n, m in enumerate(slot.get("modules", []))
    ]
    reported: set[str] = set()
    for where, module_id in places:
        if module_id not in exclude or module_id not in learning_path.left_out or module_id in reported:
            continue
        reported.add(module_id)
        line = settings.document.line_of(["selection", "exclude", exclude.index(module_id)])
        report.error(
            learning_path.source,
            document.line_of(where),
            field_name(where),
            f"module « {module_id} » exclu par selection.exclude de {report.relative(settings.source)} "
            f"(ligne {line}) : retirez-le de ce parcours, ou retirez-le de selection.exclude",
        )
    learning_path.left_out = [m for m in learning_path.left_out if m not in reported]


def _hidden_paths(
    curriculum: Curriculum,
    computed: list[LearningPath],
    upstream: list[LearningPath],
    local: list[LearningPath],
    report: Report,
) -> set[str]:
    """The ids of ``hide.parcours``, each checked: a path of the edition is its own to
    remove, and the whole cursus is every edition's."""
    settings = curriculum.settings
    if settings.edition is None:
        return set()
    known = list(dict.fromkeys([*(learning_path.id for learning_path in [*computed, *upstream]), *AUDIENCE_LABELS]))
    replaced = {learning_path.replaces for learning_path in local if learning_path.replaces}
    own = {learning_path.id: learning_path for learning_path in local if not learning_path.replaces}
    hidden: set[str] = set()
    for index, path_id in enumerate(settings.hide.get("parcours", [])):
        if path_id == WHOLE_CURRICULUM:
            message = f"le parcours « {WHOLE_CURRICULUM} » (tous les modules de l'édition) ne peut pas être masqué"
        elif path_id in replaced:
            message = (
                f"le parcours « {path_id} » est remplacé par un parcours de l'édition : retirez-le de hide, "
                "ou retirez le parcours qui le remplace"
            )
        elif path_id in own and path_id not in known:
            message = (
                f"« {path_id} » est un parcours de l'édition ({report.relative(own[path_id].source)}) : "
                "retirez-le de ce fichier plutôt que de le masquer"
            )
        elif path_id not in known:
            close = difflib.get_close_matches(path_id, known, n=1, cutoff=0.6)
            hint = f"vouliez-vous dire « {close[0]} » ? " if close else ""
            choices = ", ".join(p for p in known if p != WHOLE_CURRICULUM)
            message = f"parcours « {path_id} » introuvable ; {hint}parcours que l'édition peut masquer : {choices}"
        else:
            hidden.add(path_id)
            continue
        report.error(
            settings.source, settings.document.line_of(["hide", "parcours", index]), f"hide.parcours[{index}]", message
        )
    return hidden


def check_default_path(curriculum: Curriculum, report: Report) -> None:
    """The learning path an edition proposes first must exist in that edition."""
    settings = curriculum.settings
    wanted = settings.default_path
    known = [learning_path.id for learning_path in curriculum.learning_paths]
    if wanted is None or wanted in known or settings.document is None:
        return
    if ("parcours", wanted) in report.unreadable:
        return  # the path exists; its own errors are listed
    report.error(
        settings.source,
        settings.document.line_of(["default_path"]),
        "default_path",
        f"parcours « {wanted} » introuvable ; parcours disponibles : {', '.join(known)}",
    )
