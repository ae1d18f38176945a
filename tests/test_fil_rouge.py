"""The « fil rouge »: a worked, fictional project through part 2, written once as pages
of docs/fil-rouge/, shown on the site and in the booklets, and only in the editions
that have the modules it illustrates."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

from ecole.exports.booklets import curriculum_booklet, module_booklet
from ecole.exports.print_markdown import chapter_id
from ecole.model.curriculum import load_curriculum
from ecole.model.diagnostics import Report
from ecole.model.editions import hide_pages
from ecole.model.project import Project
from ecole.model.structure import Curriculum
from ecole.model.worked_example import FOLDER, step_page

BANNER = '!!! warning "Projet fictif"'


@pytest.fixture(scope="module")
def curriculum(project: Project) -> Curriculum:
    return load_curriculum(project)[0]


def part_two(curriculum: Curriculum):
    return [m for m in curriculum.ordered_modules() if m.part == "travaux-pratiques"]


def test_every_part_two_module_has_its_step_in_order_and_links_to_it(curriculum: Curriculum) -> None:
    modules = part_two(curriculum)
    assert len(modules) >= 5
    for number, module in enumerate(modules, start=1):
        step = step_page(curriculum, module)
        assert step is not None, module.id
        assert step.path.startswith(f"{FOLDER}etape-{number}-"), (module.id, step.path)
        assert f"étape {number}" in step.title, step.title
        assert f"../docs/{step.path})" in module.body, f"{module.id} does not link to {step.path}"
        # and the step sends the learner back to its module
        assert f"../../modules/{module.id}.md" in step.body, step.path


def test_every_page_says_the_project_is_fictional(curriculum: Curriculum) -> None:
    pages = [p for p in curriculum.pages.values() if p.path.startswith(FOLDER)]
    assert len(pages) == len(part_two(curriculum)) + 1  # the steps and their index
    for page in pages:
        assert BANNER in page.body.split("\n## ")[0], f"{page.path}: the banner comes before the first section"
        assert "Sainte-Fictive-des-Prés" in page.body, page.path


def test_the_fictional_project_borrows_nothing_from_the_case_studies(curriculum: Curriculum) -> None:
    """No real place of a case study, and no real person: functions, never names (the
    persona, by definition a composed portrait, is the only first name)."""
    real = {"Cahors", "Creuse", "Puy-de-Dôme", "Val-d'Oise", "Val d'Oise", "Sceaux", "ZIP", "CNFPT"}
    for page in curriculum.pages.values():
        if page.path.startswith(FOLDER):
            text = re.sub(r"\([^)]*\.md[^)]*\)", "", page.body)  # link targets are not claims
            assert not [name for name in real if name in text], page.path
            assert not re.search(r"@|\b0\d(?:[ .]?\d\d){4}\b", text), f"{page.path}: contact details"


def test_an_edition_without_part_two_has_no_fil_rouge(project: Project) -> None:
    curriculum = load_curriculum(project, edition="ville-exemple")[0]
    assert not part_two(curriculum)
    assert not [p for p in curriculum.pages if p.startswith(FOLDER)]
    assert {f"{FOLDER}index.md", f"{FOLDER}etape-1-cadrage.md"} <= curriculum.withdrawn


def test_a_step_goes_with_its_module(curriculum: Curriculum, project: Project) -> None:
    fresh = load_curriculum(project)[0]
    last = part_two(fresh)[-1]
    step = step_page(fresh, last)
    del fresh.modules[last.id]
    fresh.excluded.add(last.id)  # as an edition's selection leaves it out
    gone = hide_pages(fresh, Report(project.root))
    assert step.path in [p.path for p in gone]
    assert {p.meta.get("module") for p in gone} == {last.id}  # its kit grid goes too, nothing else
    assert step.staged_path in fresh.withdrawn  # links to it keep their words only
    assert f"{FOLDER}index.md" in fresh.pages  # part 2 is still there


def test_booklets_print_the_step_after_its_module(curriculum: Curriculum, tmp_path: Path) -> None:
    module = part_two(curriculum)[0]
    step = step_page(curriculum, module)
    html = module_booklet(curriculum, tmp_path, module).html
    assert "Sainte-Fictive-des-Prés" in html
    assert html.index("Livrable") < html.index("Projet fictif")
    whole = curriculum_booklet(curriculum, tmp_path).html

    def start(staged_path: str) -> int:  # where the chapter's heading is, after the table of contents
        return whole.index(f'id="{chapter_id(staged_path)}"')

    # each step right after its module, before the next module
    modules = part_two(curriculum)
    for here, following in itertools.pairwise(modules):
        at = start(step_page(curriculum, here).staged_path)
        assert start(here.staged_path) < at < start(following.staged_path), here.id
    # a part-1 module's booklet has no step
    first = curriculum.ordered_modules()[0]
    assert "Sainte-Fictive-des-Prés" not in module_booklet(curriculum, tmp_path, first).html
    assert step.title
