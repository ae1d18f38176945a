"""The site's navigation: sections, so that ``navigation.prune`` keeps pages small."""

from __future__ import annotations

from ..model.addresses import GLOSSARY_PAGE, KIT_FOLDER, PATHS_PAGE, PROGRESS_PAGE
from ..model.audit import AUDIT_PAGE
from ..model.structure import MENU_SECTIONS, PART_LABELS, PHASE_LABELS, Curriculum
from .programme import nav_entries as programme_nav
from .session_kit import nav_entries as kit_nav

NavEntry = str | dict[str, "list[NavEntry] | str"]

#: Hand-written pages grouped by their folder in docs/; top-level pages go in "À propos",
#: unless a page chooses its place (front matter ``menu:``, see :func:`build_nav`).
_FOLDER_SECTIONS = {
    "guides": "Guides",
    "canevas": "Canevas à imprimer",
    "fil-rouge": "Fil rouge (projet fictif)",
}
_ABOUT_ORDER = [
    "telecharger.md",
    "accessibilite.md",
    "donnees-personnelles.md",
    "credits.md",
]
#: Pages for the people who maintain the tool, not for learners: a section of their own, last.
CONTRIBUTORS = "contribuer"


#: Material renders every link of the open section in every page of that section;
#: past this many, a section is split into groups that ``navigation.prune`` folds.
GROUP_SIZE = 25


def grouped(entries: list[NavEntry], noun: str) -> list[NavEntry]:
    """``entries`` as they are, or in groups of :data:`GROUP_SIZE` (« Modules 1 à 25 »…)."""
    if len(entries) <= GROUP_SIZE:
        return entries
    return [
        {
            f"{noun} {start + 1} à {start + len(entries[start : start + GROUP_SIZE])}": entries[
                start : start + GROUP_SIZE
            ]
        }
        for start in range(0, len(entries), GROUP_SIZE)
    ]


def with_audit(curriculum: Curriculum, pages: list[str]) -> list[NavEntry]:
    """``pages``, with the audit grid (a page the tool writes) right after the statement it supports."""
    if curriculum.settings.audit is None or "accessibilite.md" not in pages:
        return list(pages)
    at = pages.index("accessibilite.md") + 1
    return [*pages[:at], AUDIT_PAGE, *pages[at:]]


def build_nav(curriculum: Curriculum) -> list[NavEntry]:
    placed = {path for path, page in curriculum.pages.items() if page.menu is not None and path != "index.md"}
    unplaced = {path: page for path, page in curriculum.pages.items() if path not in placed}
    sections = _sections(curriculum, unplaced)
    # by rank, then the pages without one after the section's entries, by path
    for path in sorted(placed, key=lambda p: (curriculum.pages[p].menu.order or len(curriculum.pages) + 1, p)):
        menu = curriculum.pages[path].menu
        entries = sections.setdefault(menu.section, [])
        # a section's index page (modules/index.md…) stays first: it is the section's own page
        first = 1 if entries and isinstance(entries[0], str) and entries[0].endswith("/index.md") else 0
        entries.insert(len(entries) if menu.order is None else first + menu.order - 1, path)
    nav: list[NavEntry] = []
    if "index.md" in curriculum.pages:
        nav.append({"Accueil": "index.md"})
    nav += sections.pop("Accueil", [])
    nav += [{label: sections[label]} for label in MENU_SECTIONS if sections.get(label)]
    contributors = sorted(p for p in unplaced if p.startswith(CONTRIBUTORS + "/"))
    if contributors:
        nav.append({"Contribuer": contributors})
    return nav


def _sections(curriculum: Curriculum, pages: dict[str, object]) -> dict[str, list[NavEntry]]:
    """The entries of each section of the menu (:data:`MENU_SECTIONS`), ``pages`` (the
    hand-written pages that do not choose their place) where their folder puts them."""
    modules: list[NavEntry] = ["modules/index.md"]
    for part in PART_LABELS:
        in_part: list[NavEntry] = [m.staged_path for m in curriculum.ordered_modules() if m.part == part]
        if in_part:
            modules.append({curriculum.part_label(part): grouped(in_part, "Modules")})
    methods: list[NavEntry] = ["methodes/index.md", "methodes/matrice.md"]
    for phase, label in PHASE_LABELS.items():
        entries = sorted((m for m in curriculum.methods.values() if m.phase == phase), key=lambda m: m.title)
        if entries:
            methods.append({label: grouped([m.staged_path for m in entries], "Fiches")})
    cases: list[NavEntry] = [
        "etudes-de-cas/index.md",
        *grouped([c.staged_path for c in sorted(curriculum.case_studies.values(), key=lambda c: c.title)], "Études"),
    ]
    paths: list[NavEntry] = [PATHS_PAGE, *(p.staged_path for p in curriculum.learning_paths), PROGRESS_PAGE]
    resources: list[NavEntry] = []
    if GLOSSARY_PAGE in pages:
        resources.append(GLOSSARY_PAGE)
    for folder, label in _FOLDER_SECTIONS.items():
        # a folder's index introduces its pages: first, whatever the names of the others
        in_folder = sorted(
            (p for p in pages if p.startswith(folder + "/")), key=lambda p: (p != f"{folder}/index.md", p)
        )
        if in_folder:
            resources.append({label: in_folder})
    # the session kit: its generated pages and those of docs/kit/ (session_kit decides which)
    resources.append({"Kit de session": kit_nav(curriculum)})
    index, *sheets = programme_nav(curriculum)
    resources.append({"Fiches programme": [index, *grouped(sheets, "Fiches")]})
    top = sorted(
        (p for p in pages if "/" not in p and p not in ("index.md", GLOSSARY_PAGE)),
        key=lambda p: (_ABOUT_ORDER.index(p) if p in _ABOUT_ORDER else len(_ABOUT_ORDER), p),
    )
    others = sorted(
        p for p in pages if "/" in p and p.split("/")[0] not in (*_FOLDER_SECTIONS, CONTRIBUTORS, KIT_FOLDER)
    )
    return {
        "Modules": modules,
        "Parcours": paths,
        "Méthodes": methods,
        "Études de cas": cases,
        "Ressources": resources,
        "À propos": [*with_audit(curriculum, top), *others],
    }
