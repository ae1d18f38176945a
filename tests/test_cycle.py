"""The method cycle figure (issue 18): five steps in a loop, each linking to the modules
of the curriculum being built that teach it, on the site and on paper."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from ecole.assembly.cycle import SNIPPET, cycle_figure, cycle_modules, include_cycle
from ecole.assembly.pages import catalogue_page, module_page
from ecole.exports.chapters import PrintContext
from ecole.model.curriculum import load_curriculum
from ecole.model.project import Project
from ecole.model.structure import CYCLE_STEPS, Curriculum

HERE = "modules/innovation-par-les-usages.md"


@pytest.fixture(scope="module")
def curriculum(project: Project) -> Curriculum:
    return load_curriculum(project)[0]


def test_each_step_lists_the_modules_that_say_they_teach_it(curriculum: Curriculum) -> None:
    steps = cycle_modules(curriculum)
    assert [step for step, *_ in steps] == ["observer", "comprendre", "imaginer", "prototyper", "tester"]
    for step, _, _, modules in steps:
        assert modules, f"no module teaches « {step} »"
        assert all(module.cycle_step == step for module in modules)
    taught = {module.id for *_, modules in steps for module in modules}
    assert taught == {m.id for m in curriculum.modules.values() if m.cycle_step}
    assert "observer-les-usages" in taught and "tester-et-iterer" in taught


def test_the_figure_is_an_image_with_its_text_and_links(curriculum: Curriculum) -> None:
    figure = cycle_figure(curriculum, HERE)
    svg = re.search(r"<svg .*?</svg>", figure, re.S).group(0)
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    assert all(name in svg for name, _ in CYCLE_STEPS.values())
    assert svg.count("<circle") == len(CYCLE_STEPS) and svg.count('marker-end="url(#cycle-fleche)"') == 5
    items = re.findall(r"^\d\. \*\*(\w+)\*\* — (.*)$", figure, re.M)
    assert [name for name, _ in items] == [name for name, _ in CYCLE_STEPS.values()]
    # links are relative to the page: modules/ sits beside the including module
    assert "[Observer les usages](observer-les-usages.md)" in figure
    assert "(tester-et-iterer.md)" in figure
    assert "[Tester et itérer" in cycle_figure(curriculum, "modules/index.md")


def test_an_edition_without_a_module_does_not_link_to_it(curriculum: Curriculum) -> None:
    modules = {key: m for key, m in curriculum.modules.items() if m.cycle_step != "tester"}
    edition = replace(curriculum, modules=modules, _reading_order=None)
    figure = cycle_figure(edition, HERE)
    assert "tester-et-iterer.md" not in figure
    assert "5. **Tester** — Cela fonctionne-t-il pour de vrai ? Aucun module de cette édition" in figure
    assert figure.count('stroke-dasharray="6 5"') == 1  # the untaught step is drawn hollow
    assert "observer-les-usages.md" in figure


def test_pages_include_it_where_learners_meet_the_steps(curriculum: Curriculum) -> None:
    body = f'Avant.\n\n--8<-- "{SNIPPET}"\n\nAprès.\n'
    included = include_cycle(curriculum, HERE, body)
    assert "--8<--" not in included and 'class="ecole-cycle"' in included
    assert included.startswith("Avant.\n\n<figure") and included.endswith("</figure>\n\nAprès.\n")
    assert include_cycle(curriculum, HERE, "Sans figure.\n") == "Sans figure.\n"
    module = curriculum.modules["innovation-par-les-usages"]
    assert 'class="ecole-cycle"' in module_page(curriculum, module)
    assert 'class="ecole-cycle"' in catalogue_page(curriculum)
    # the PDF booklets print the same figure, not the snippet line
    printed = PrintContext(curriculum).body(module)
    assert 'class="ecole-cycle"' in printed and "--8<--" not in printed
