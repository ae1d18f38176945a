"""The site's navigation: sections, so that ``navigation.prune`` keeps pages small."""

from __future__ import annotations

from ..model.addresses import GLOSSARY_PAGE, PROGRESS_PAGE
from ..model.structure import PART_LABELS, PHASE_LABELS, Curriculum
from .programme import nav_entries as programme_nav

NavEntry = str | dict[str, "list[NavEntry] | str"]

#: Hand-written pages grouped by their folder in docs/; top-level pages go in "À propos".
_FOLDER_SECTIONS = {"guides": "Guides", "canevas": "Canevas à imprimer"}
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


def build_nav(curriculum: Curriculum) -> list[NavEntry]:
    modules: list[NavEntry] = ["modules/index.md"]
    for part, label in PART_LABELS.items():
        in_part: list[NavEntry] = [m.staged_path for m in curriculum.ordered_modules() if m.part == part]
        if in_part:
            modules.append({label: grouped(in_part, "Modules")})
    methods: list[NavEntry] = ["methodes/index.md", "methodes/matrice.md"]
    for phase, label in PHASE_LABELS.items():
        entries = sorted((m for m in curriculum.methods.values() if m.phase == phase), key=lambda m: m.title)
        if entries:
            methods.append({label: grouped([m.staged_path for m in entries], "Fiches")})
    cases: list[NavEntry] = [
        "etudes-de-cas/index.md",
        *grouped([c.staged_path for c in sorted(curriculum.case_studies.values(), key=lambda c: c.title)], "Études"),
    ]
    paths: list[NavEntry] = ["parcours/index.md", *(p.staged_path for p in curriculum.learning_paths), PROGRESS_PAGE]
    resources: list[NavEntry] = []
    if GLOSSARY_PAGE in curriculum.pages:
        resources.append(GLOSSARY_PAGE)
    for folder, label in _FOLDER_SECTIONS.items():
        pages = sorted(p for p in curriculum.pages if p.startswith(folder + "/"))
        if pages:
            resources.append({label: pages})
    index, *sheets = programme_nav(curriculum)
    resources.append({"Fiches programme": [index, *grouped(sheets, "Fiches")]})
    top = sorted(
        (p for p in curriculum.pages if "/" not in p and p not in ("index.md", GLOSSARY_PAGE)),
        key=lambda p: (_ABOUT_ORDER.index(p) if p in _ABOUT_ORDER else len(_ABOUT_ORDER), p),
    )
    others = sorted(
        p for p in curriculum.pages if "/" in p and p.split("/")[0] not in (*_FOLDER_SECTIONS, CONTRIBUTORS)
    )
    contributors = sorted(p for p in curriculum.pages if p.startswith(CONTRIBUTORS + "/"))
    nav: list[NavEntry] = []
    if "index.md" in curriculum.pages:
        nav.append({"Accueil": "index.md"})
    nav += [
        {"Modules": modules},
        {"Parcours": paths},
        {"Méthodes": methods},
        {"Études de cas": cases},
    ]
    if resources:
        nav.append({"Ressources": resources})
    if top or others:
        nav.append({"À propos": [*top, *others]})
    if contributors:
        nav.append({"Contribuer": contributors})
    return nav
