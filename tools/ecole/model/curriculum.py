"""Assembling one edition's curriculum: upstream content, the edition's overlay,
its selection, cross-file checks and learning paths.

This is the only place that reads content files; everything downstream
(staging, MkDocs, exports) works on the :class:`~ecole.model.structure.Curriculum` it
returns.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ..errors import ContentError
from .addresses import GLOSSARY_PAGE, generated_pages
from .anchors import anchors
from .audit import AUDIT_FILE
from .conditions import apply_conditions
from .diagnostics import Report
from .editions import apply_selection, check_default_path, hide_pages, overlay_links, publish_paths, withdrawn_links
from .learning import audience_paths, curated_paths, topical_paths
from .loader import load_item, load_page
from .project import Layout, Project
from .references import check_module_structure, check_references, link_map, resolve_links, suggest
from .schedule import resolve_activity_links
from .settings import Settings, load_settings
from .structure import CaseStudy, Curriculum, Item, Kind, Method, Module, Page
from .version import content_timestamp

#: Files of docs/ that are neither pages nor assets; dotfiles (.gitkeep…) are skipped too.
_IGNORED = {".DS_Store", "Thumbs.db"}


def load_curriculum(
    project: Project, *, edition: str | None = None, trainer: bool = False
) -> tuple[Curriculum, Report]:
    """Load, validate and assemble; raise :class:`ContentError` listing every error."""
    report = Report(project.root)
    reference = settings = load_settings(project.settings_file, report)
    if edition is not None:
        edition_file = project.edition(edition).root / "edition.yml"
        if not edition_file.is_file():
            known = ", ".join(project.edition_ids()) or "aucune"
            report.error(
                edition_file, 1, "édition", f"édition « {edition} » introuvable ; éditions existantes : {known}"
            )
            raise ContentError(report.sorted())
        settings = load_settings(edition_file, report, edition=edition)
        if settings is None and reference is not None:
            # the content is still read, with the reference's settings, so that one run lists
            # its errors beside those of edition.yml (which stop the build all the same)
            settings = reference
    if settings is None or reference is None:
        raise ContentError(report.sorted())

    # Upstream files keep their origin and licence; the territory variables come from the edition.
    upstream = _load_layout(project.upstream, replace(settings, licence=reference.licence), report, "upstream")
    if edition is not None:
        local = _load_layout(project.edition(edition), settings, report, edition)
        _overlay(upstream, local, report)
    modules, methods, cases, pages, assets = upstream
    if edition is not None and assets.get(AUDIT_FILE) == project.upstream.docs / AUDIT_FILE:
        # the reference site's audit grid is not the edition's: its site does not publish it
        del assets[AUDIT_FILE]

    curriculum = Curriculum(
        settings=settings,
        modules=modules,
        methods=methods,
        case_studies=cases,
        pages=pages,
        assets=assets,
        trainer=trainer,
        root=project.root,
        timestamp=content_timestamp(project.root),
        theme_files=_theme_files(project),
    )
    if edition is not None:
        apply_selection(curriculum, report)
    hidden = hide_pages(curriculum, report)
    apply_conditions(curriculum, report)
    check_references(curriculum, report)
    relate_cases(curriculum)
    for module in curriculum.modules.values():
        check_module_structure(module, report)
    local_paths = (
        curated_paths(project.edition(edition).root / "parcours.yml", curriculum, report) if edition is not None else []
    )
    upstream_paths = curated_paths(project.paths_file, curriculum, report)
    curriculum.learning_paths = publish_paths(
        curriculum,
        audience_paths(curriculum, upstream_paths, local_paths),
        topical_paths(upstream_paths),
        topical_paths(local_paths),
        report,
    )
    check_default_path(curriculum, report)
    mapping = link_map(curriculum)
    if edition is not None:
        mapping = {
            **withdrawn_links(project.upstream, project.edition(edition), hidden),
            **overlay_links(project.upstream, project.edition(edition), curriculum),
            **mapping,
        }
    generated = set(generated_pages(curriculum))
    ids = {
        item.staged_path: anchors(item.body, glossary=item.staged_path == GLOSSARY_PAGE) for item in curriculum.items()
    }
    known = {staged: found for staged, found in ids.items() if found is not None}
    for learning_path in curriculum.learning_paths:
        resolve_activity_links(learning_path, mapping, generated, curriculum, report, known)
    curriculum.rewrites = {
        item.staged_path: resolve_links(
            item, mapping, generated, curriculum.excluded, report, curriculum.withdrawn, known
        )
        for item in curriculum.items()
    }
    if report.errors:
        raise ContentError(report.sorted())
    return curriculum, report


def relate_cases(curriculum: Curriculum) -> None:
    """A module and a case study are related when either names the other: a case's
    ``modules`` adds it to each module's ``case_studies`` (after the module's own), and a
    module's ``case_studies`` adds it to each case's ``modules``, so that module pages,
    case pages, programme sheets and exports all list the same relations."""
    for case in sorted(curriculum.case_studies.values(), key=lambda c: c.id):
        for module_id in case.modules:
            module = curriculum.modules.get(module_id)
            if module is not None and case.id not in module.case_studies:
                module.case_studies = [*module.case_studies, case.id]
    for module in curriculum.ordered_modules():
        for case_id in module.case_studies:
            case = curriculum.case_studies.get(case_id)
            if case is not None and module.id not in case.modules:
                case.modules = [*case.modules, module.id]


def _theme_files(project: Project) -> dict[str, bytes]:
    """The theme files exports reuse; one that is missing fails the export that needs it."""
    found = (project.theme / name for name in Project.THEME_FILES)
    return {name: path.read_bytes() for name, path in zip(Project.THEME_FILES, found, strict=True) if path.is_file()}


#: What a Markdown file may be named by someone who did not read the guide: only « .md » is read.
_MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown", ".mkd", ".txt"}
_Loaded = tuple[dict[str, Module], dict[str, Method], dict[str, CaseStudy], dict[str, Page], dict[str, Path]]


def _load_layout(layout: Layout, settings: Settings, report: Report, origin: str) -> _Loaded:
    modules: dict[str, Module] = {}
    methods: dict[str, Method] = {}
    cases: dict[str, CaseStudy] = {}
    for folder, kind, bucket in (
        (layout.modules, Kind.MODULE, modules),
        (layout.methods, Kind.METHOD, methods),
        (layout.case_studies, Kind.CASE_STUDY, cases),
    ):
        for path in sorted(folder.iterdir()) if folder.is_dir() else []:
            if path.suffix != ".md":
                if path.suffix.lower() in _MARKDOWN_SUFFIXES and path.is_file():
                    # « entretiens-bis.MD » was left out without a word
                    report.error(
                        path,
                        1,
                        "fichier",
                        f"extension « {path.suffix} » : seuls les fichiers « .md » (en minuscules) sont lus ; renommez-le "
                        f"{path.stem}.md, ou sortez-le de ce dossier",
                    )
                continue
            item = load_item(path, kind, settings, report, origin)
            if item is not None:
                bucket[item.replaces or item.id] = item  # type: ignore[assignment]
            else:
                report.unreadable.add((kind.value, path.stem))
    pages: dict[str, Page] = {}
    assets: dict[str, Path] = {}
    if layout.docs.is_dir():
        for path in sorted(layout.docs.rglob("*")):
            if not path.is_file() or path.name in _IGNORED or path.name.startswith("."):
                continue
            relative = path.relative_to(layout.docs).as_posix()
            if path.suffix != ".md" and path.suffix.lower() in _MARKDOWN_SUFFIXES - {".txt"}:
                # « en-pratique.MD » was published as a file to download, not as a page
                report.error(
                    path,
                    1,
                    "fichier",
                    f"extension « {path.suffix} » : une page s'écrit dans un fichier « .md » (en minuscules) ; "
                    f"renommez-le {path.stem}.md",
                )
                continue
            if path.suffix == ".md":
                page = load_page(path, relative, settings, report, origin)
                if page is not None:
                    pages[relative] = page
            else:
                assets[relative] = path
    return modules, methods, cases, pages, assets


def _overlay(upstream: _Loaded, local: _Loaded, report: Report) -> None:
    """Add the edition's content to upstream's; replace only what it says it replaces."""
    for base, extra in zip(upstream[:4], local[:4], strict=True):
        for key, item in extra.items():
            existing = base.get(key)
            if existing is not None and not _declares_replacement(item, key):
                report.error(
                    item.source,
                    _line(item, "replaces"),
                    "replaces",
                    f"« {key} » existe déjà dans le cursus de référence ({_relative(report, existing)}) : "
                    f"ajoutez replaces: {key} pour le remplacer, ou renommez le fichier",
                )
                continue
            if existing is None and item.replaces is not None:
                report.error(
                    item.source,
                    _line(item, "replaces"),
                    "replaces",
                    f"« {item.replaces} » n'existe pas dans le cursus de référence : rien à remplacer"
                    + suggest(item.replaces, base),
                )
                continue
            base[key] = item
    upstream[4].update(local[4])


def _declares_replacement(item: Item, key: str) -> bool:
    if isinstance(item, Page):  # a page is named with or without its .md
        return item.replaces is not None and item.replaces.removesuffix(".md") == key.removesuffix(".md")
    return item.replaces == key


def _line(item: Item, field: str) -> int:
    return item.document.line_of([field]) if item.document is not None else 1


def _relative(report: Report, item: Item) -> str:
    return report.relative(item.source)
