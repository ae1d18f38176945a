"""What a trainer sees in an edition made from the guide: part 1 only, one audience, one
module excluded, a local case study. Each check reads the edition's curriculum and the
pages or exports assembled from it, without building a site."""

from __future__ import annotations

import csv
import io
import re

import pytest

from ecole.assembly.facts import module_facts, related_items
from ecole.assembly.home import paths_page
from ecole.assembly.navigation import build_nav
from ecole.assembly.pages import module_page
from ecole.assembly.programme import sheet
from ecole.exports.catalogue import catalogue, catalogue_csv
from ecole.model.curriculum import load_curriculum
from ecole.model.project import Project
from ecole.model.structure import Curriculum
from test_editions import minimal_edition, write

AGENTS_ONLY = "selection:\n  parts: [sensibilisation]\n  audience: [agents]\n  exclude: [participation-citoyenne]\n"


@pytest.fixture
def agents_edition(project_copy: Project) -> Curriculum:
    minimal_edition(project_copy, "test", AGENTS_ONLY)
    curriculum, _ = load_curriculum(project_copy, edition="test")
    return curriculum


def nav_paths(nav: list) -> list[str]:
    """Every page address of the menu, flattened."""
    found: list[str] = []
    for entry in nav:
        if isinstance(entry, str):
            found.append(entry)
        elif isinstance(entry, dict):
            for value in entry.values():
                found += nav_paths(value) if isinstance(value, list) else [value]
    return found


def test_edition_of_one_audience_shows_only_that_audience(agents_edition: Curriculum) -> None:
    curriculum = agents_edition
    assert {tuple(m.audience) for m in curriculum.modules.values()} == {("agents",)}
    ids = [learning_path.id for learning_path in curriculum.learning_paths]
    assert ids[:2] == ["cursus-complet", "agents"]
    assert not {"encadrants", "elus", "formateurs"} & set(ids)
    menu = nav_paths(build_nav(curriculum))
    assert "parcours/agents.md" in menu
    assert not [p for p in menu if p in ("parcours/elus.md", "parcours/encadrants.md", "parcours/formateurs.md")]
    for words in ("Parcours élus", "Parcours encadrants", "Parcours formateurs"):
        assert words not in paths_page(curriculum), words
    agents = next(p for p in curriculum.learning_paths if p.id == "agents")
    for subject in (agents, None, curriculum.modules["pourquoi-innover"]):
        text = sheet(curriculum, subject)
        assert re.search(r"## Public visé\n\nAgents ; niveau", text), text
    module = curriculum.modules["pourquoi-innover"]
    assert ("Public", "Agents") in module_facts(module)
    data = catalogue(curriculum)
    assert {tuple(entry["audience"]) for entry in data["modules"]} == {("agents",)}
    rows = list(csv.reader(io.StringIO(catalogue_csv(data)), delimiter=";"))
    column = rows[0].index("public")
    assert {row[column] for row in rows[1:] if row[0] == "module"} == {"agents"}
    assert {row[column] for row in rows[1:] if row[0] == "parcours"} <= {"agents"}


def test_module_kept_without_a_selected_audience_is_for_the_editions_public(project_copy: Project) -> None:
    minimal_edition(project_copy, "test", "selection:\n  audience: [elus]\n  modules: [entretiens]\n")
    curriculum, _ = load_curriculum(project_copy, edition="test")
    assert curriculum.modules["entretiens"].audience == ["elus"]  # upstream: agents, formateurs
    assert [p.id for p in curriculum.learning_paths][:2] == ["cursus-complet", "elus"]


def test_pages_about_the_tool_are_left_out_of_editions(project_copy: Project) -> None:
    minimal_edition(project_copy, "test", AGENTS_ONLY)
    write(
        project_copy.editions / "test" / "docs" / "au-bocage.md",
        "# Au bocage\n\nVoir [l'architecture de l'outil](contribuer/architecture.md).\n",
    )
    upstream = project_copy.root / "docs" / "accessibilite.md"
    upstream.write_text(
        upstream.read_text(encoding="utf-8") + "\nVoir aussi [les performances](contribuer/performances.md).\n",
        encoding="utf-8",
    )
    reference, _ = load_curriculum(project_copy)
    assert {"contribuer/architecture.md", "contribuer/performances.md"} <= set(reference.pages)
    assert {
        "Contribuer": ["contribuer/architecture.md", "contribuer/performances.md", "contribuer/releves.md"]
    } in build_nav(reference)
    curriculum, report = load_curriculum(project_copy, edition="test")
    assert not [p for p in curriculum.pages if p.startswith("contribuer/")]
    assert not [p for p in nav_paths(build_nav(curriculum)) if p.startswith("contribuer/")]
    assert not [entry for entry in build_nav(curriculum) if isinstance(entry, dict) and "Contribuer" in entry]
    # links to them keep their words, unlinked, as for a hidden page
    assert curriculum.rewrites["au-bocage.md"] == {"contribuer/architecture.md": ""}
    assert curriculum.rewrites["accessibilite.md"]["contribuer/performances.md"] == ""
    # the guides to making an edition (they show the example editions' files): in the repository
    # and on the reference site, not in the menu of an edition's learners
    assert {"guides/adapter.md", "guides/rediger.md"} <= set(reference.pages)
    assert not {"guides/adapter.md", "guides/rediger.md"} & set(curriculum.pages)
    assert {"guides/formateur.md", "guides/republier-lms.md"} <= set(curriculum.pages)
    assert not {"guides/adapter.md", "guides/rediger.md"} & set(nav_paths(build_nav(curriculum)))
    assert curriculum.rewrites["guides/formateur.md"]["rediger.md#parcours-et-programmes-de-formation"] == ""
    assert not report.errors and not report.warnings


LOCAL_CASE = """---
title: Le guichet du bocage
summary: Une mairie du bocage observe l'accueil de son guichet avant de le réaménager.
territory: Commune du bocage
period: inconnue
organisations: [Mairie du bocage]
modules: [observer-les-usages]
figures: []
sources:
  - publisher: Mairie du bocage
    title: Compte rendu de l'observation du guichet
    date: "2025-03"
---

## Contexte

La mairie observe l'accueil de son guichet pendant une semaine.
"""


def test_a_case_study_shows_on_the_modules_it_names(project_copy: Project) -> None:
    minimal_edition(project_copy, "test", AGENTS_ONLY)
    write(project_copy.editions / "test" / "case_studies" / "guichet-du-bocage.md", LOCAL_CASE)
    curriculum, report = load_curriculum(project_copy, edition="test")
    assert not report.errors
    module = curriculum.modules["observer-les-usages"]
    case = curriculum.case_studies["guichet-du-bocage"]
    cases = dict(related_items(curriculum, module))["Études de cas"]
    assert case in cases and cases[0].id == "cahors-carte-blanche"  # the module's own list first
    assert "(../etudes-de-cas/guichet-du-bocage.md)" in module_page(curriculum, module)
    (path,) = [p for p in curriculum.learning_paths if p.id == "agents"]
    methods = sheet(curriculum, path).split("## Méthodes mobilisées")[1].split("## ")[0]
    assert "Le guichet du bocage" in methods
    assert "Le guichet du bocage" in sheet(curriculum, module).split("## Méthodes mobilisées")[1].split("## ")[0]


def test_modules_and_case_studies_name_each_other(project_copy: Project) -> None:
    """A module that names a case is on that case's page, and a case that names a module
    is on that module's page, whichever file says it."""
    curriculum, _ = load_curriculum(project_copy)
    pairs = {(m.id, c) for m in curriculum.modules.values() for c in m.case_studies}
    assert pairs == {(m, c.id) for c in curriculum.case_studies.values() for m in c.modules}
    assert "atelier-ideation" in curriculum.case_studies["val-d-oise-zip"].modules  # named by the module only
    assert "val-d-oise-zip" in curriculum.modules["pourquoi-innover"].case_studies  # named by the case only


def test_the_only_part_of_an_edition_is_not_numbered(project_copy: Project) -> None:
    from ecole.assembly.home import parts_cards
    from ecole.assembly.pages import catalogue_page
    from ecole.exports.quiz_banks import categories

    reference, _ = load_curriculum(project_copy)
    assert reference.part_label("sensibilisation") == "Partie 1 — Sensibilisation et formation aux méthodes"
    assert reference.part_label("travaux-pratiques", short=True) == "Partie 2"
    assert "## Partie 1 — Sensibilisation" in catalogue_page(reference)
    minimal_edition(project_copy, "test", AGENTS_ONLY)
    curriculum, _ = load_curriculum(project_copy, edition="test")
    name = "Sensibilisation et formation aux méthodes"
    assert curriculum.part_label("sensibilisation") == name
    assert curriculum.part_label("sensibilisation", short=True) == "Sensibilisation"
    shown = {
        "catalogue": catalogue_page(curriculum),
        "home cards": parts_cards(curriculum),
        "programme sheet": sheet(curriculum, None),
        "quiz bank categories": " ".join(
            " / ".join(c.names) for c in categories(curriculum, curriculum.ordered_modules())
        ),
    }
    menu = {
        label: entries for entry in build_nav(curriculum) if isinstance(entry, dict) for label, entries in entry.items()
    }
    shown["menu"] = " ".join(label for entry in menu["Modules"] if isinstance(entry, dict) for label in entry)
    for what, content in shown.items():
        assert "Partie 1" not in content, what
    assert f"## {name} {{ #partie-1-sensibilisation-et-formation-aux-methodes }}" in shown["catalogue"]  # same anchor
    for what, content in shown.items():
        assert name in content, what
    assert "| Sensibilisation |" in shown["programme sheet"]
