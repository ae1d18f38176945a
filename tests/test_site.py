"""The built reference site: one page per item, generated pages, schemas, strictness."""

from __future__ import annotations

import dataclasses
import json
import re
from html import unescape
from pathlib import Path

import pytest

from ecole.assembly.pages import _answer_key
from ecole.build import BuildResult, build_site
from ecole.errors import ContentError
from ecole.model.french import count
from ecole.model.project import Project


def html(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def text(markup: str) -> str:
    """What a reader sees: tags removed (glossary terms are wrapped in <abbr>)."""
    return unescape(re.sub(r"<[^>]+>", "", markup))


def test_every_item_has_a_page(built: BuildResult) -> None:
    curriculum = built.curriculum
    assert (built.site / "index.html").is_file()
    for item in [*curriculum.modules.values(), *curriculum.methods.values(), *curriculum.case_studies.values()]:
        assert (built.site / item.url / "index.html").is_file(), item.url
    for url in ("modules/", "methodes/", "methodes/matrice/", "etudes-de-cas/", "parcours/"):
        assert (built.site / url / "index.html").is_file(), url
    for audience in ("agents", "encadrants", "elus", "formateurs"):
        assert (built.site / "parcours" / audience / "index.html").is_file()


def test_schemas_are_published(site: Path) -> None:
    for name in ("module", "method", "case_study", "edition", "catalogue"):
        schema = json.loads((site / "exports" / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8"))
        assert schema["$schema"].startswith("https://json-schema.org/")


def test_module_page_header(built: BuildResult) -> None:
    module = built.curriculum.modules["irritants-et-personas"]
    page = html(built.site, module.url)
    assert "<h1" in page and module.title in page
    for objective in module.objectives:
        assert objective in text(page)
    assert module.duration_text in page
    for prerequisite in module.prerequisites:
        assert f'href="../{prerequisite}/"' in page
    for method in module.methods:
        assert f'href="../../methodes/{method}/"' in page
    following = built.curriculum.next_module(module)
    assert "Module suivant" in page and f'href="../{following.id}/"' in page


def test_learner_view_hides_trainer_notes(built: BuildResult) -> None:
    for module in built.curriculum.modules.values():
        assert "admonition formateur" not in html(built.site, module.url), module.id


def test_french_site_without_external_fonts(site: Path) -> None:
    page = (site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="fr"' in page
    assert "fonts.googleapis" not in page and "fonts.gstatic" not in page
    search_config = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert '"lang":["fr"]' in search_config.replace(" ", "")


def test_the_page_for_an_unknown_address_is_french_and_leads_home(site: Path) -> None:
    page = (site / "404.html").read_text(encoding="utf-8")
    assert "<h1>Page introuvable</h1>" in page and "Not found" not in page
    assert '<a href="/">Revenir à l\'accueil</a>' in page


def test_catalogue_lists_modules_by_part(built: BuildResult) -> None:
    page = html(built.site, "modules")
    page = page[page.index("<article") : page.index("</article>")]
    assert "Partie 1 — Sensibilisation et formation aux méthodes" in text(page)
    assert "Partie 2 — Travaux pratiques en mode labo" in text(page)
    positions = [page.index(f'href="{m.id}/"') for m in built.curriculum.ordered_modules()]
    assert positions == sorted(positions)


def test_path_pages_respect_prerequisites(built: BuildResult) -> None:
    curriculum = built.curriculum
    for learning_path in curriculum.learning_paths:
        seen: set[str] = set()
        for module_id in learning_path.modules:
            prerequisites = set(curriculum.modules[module_id].prerequisites) & set(learning_path.modules)
            assert prerequisites <= seen, (learning_path.id, module_id)
            seen.add(module_id)
        page = html(built.site, learning_path.url)
        modules = count(len(learning_path.modules), "module")
        assert re.search(rf"{modules}, \d+\xa0h(\xa0\d\d)? au total", page), learning_path.id


def test_a_build_stops_on_a_broken_anchor(project_copy: Project, tmp_path: Path) -> None:
    """Found while the content is read (``ecole check`` says it too), before any page is written."""
    page = project_copy.root / "docs" / "glossaire.md"
    with page.open("a", encoding="utf-8") as stream:
        stream.write("\nVoir [le catalogue](../modules/entretiens.md#section-qui-n-existe-pas).\n")
    with pytest.raises(ContentError, match=r"docs/glossaire\.md:\d+: lien: l'ancre « #section-qui-n-existe-pas »"):
        build_site(project_copy, site_dir=tmp_path / "out", exports=False)
    assert not (tmp_path / "out").exists()


def test_lettered_notes_show_one_marker_each(site: Path) -> None:
    """An exercise's notes that the solution names by letter (« a, c et e ») are a lettered
    list (``a.`` in the Markdown): never a bullet followed by a letter written by hand."""
    doubled = []
    for page in sorted(site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        doubled += [
            f"{page.relative_to(site)} : {m[:60]}"
            for m in re.findall(r"<li>(?:<strong>)?[a-h]\.(?:</strong>)? [^<]*", text)
        ]
    assert not doubled, "\n".join(doubled)
    exercise = html(site, "modules/enquete-de-terrain/")
    assert re.search(r'<ol type="a">\s*<li>Une dame attend', exercise)


def test_a_module_page_offers_its_booklet_and_says_what_its_answer_key_holds(built: BuildResult) -> None:
    """A learner who works on paper found no link from a module to its booklet; the link says
    what the booklet's « Corrigé » holds, and promises none for a module without one."""
    module = built.curriculum.modules["entretiens"]
    page = (built.site / module.url / "index.html").read_text(encoding="utf-8")
    assert f'href="../../exports/pdf/modules/{module.id}.pdf"' in page
    assert (built.site / "exports" / "pdf" / "modules" / f"{module.id}.pdf").is_file()
    assert "avec le corrigé de son exercice et de son quiz en fin de module" in unescape(page)
    plain = dataclasses.replace(module, body=module.body.replace("??? solution", "??? note"), quizzes=[])
    assert _answer_key(plain) is None
    assert _answer_key(dataclasses.replace(plain, quizzes=module.quizzes)) == "son quiz"


def test_an_activity_done_alone_has_its_own_icon(site: Path) -> None:
    """« En autonomie » activities get a class of their own (one person, not a group), so that
    a learner alone finds them on a phone; the others keep theirs."""
    page = html(site, "modules/observer-les-usages/")
    boxes = re.findall(r'<div class="admonition (activite[^"]*)">\s*<p class="admonition-title">([^<]*)', page)
    assert boxes and all((kind == "activite autonomie") == title.startswith("En autonomie") for kind, title in boxes), (
        boxes
    )
    assert {kind for kind, _ in boxes} == {"activite", "activite autonomie"}


def test_the_paths_page_shows_the_home_pages_cards(built: BuildResult) -> None:
    """The « Parcours » page was a table of ten rows, roles and lengths mixed, its description
    column some 100 px wide on a phone: it shows the home page's cards, by role and by time,
    each leading to its path's page."""
    page = html(built.site, "parcours/")
    assert "Selon votre rôle" in page and "Selon le temps dont vous disposez" in page
    assert "<table" not in page.split('class="md-content"', 1)[1]
    for learning_path in built.curriculum.learning_paths:
        address = learning_path.url.removeprefix("parcours/")
        assert f'href="{address}"' in page or f'href="./{address}"' in page, learning_path.id
        assert (built.site / learning_path.url / "index.html").is_file()
