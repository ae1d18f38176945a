"""Learning paths, the home page's path block, "Ma progression" and the quiz markup, without a browser."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ecole.assembly.quiz_html import render_quiz
from ecole.assembly.staging import page_texts
from ecole.model.curriculum import load_curriculum
from ecole.model.project import Project
from ecole.model.structure import Curriculum


@pytest.fixture(scope="module")
def curriculum(project: Project) -> Curriculum:
    return load_curriculum(project)[0]


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def progress_modules(markdown: str) -> list[list[str]]:
    return [found.split(",") for found in re.findall(r'class="ecole-progression" data-modules="([^"]+)"', markdown)]


def test_home_page_proposes_the_editions_default_path(project_copy: Project) -> None:
    replace_in(project_copy.settings_file, "default_path: cursus-complet", "default_path: elus")
    curriculum = load_curriculum(project_copy)[0]
    home = page_texts(curriculum)["index.md"]
    elus = next(learning_path for learning_path in curriculum.learning_paths if learning_path.id == "elus")
    assert f"**Parcours conseillé : [{elus.title}](parcours/elus.md)**" in home
    assert progress_modules(home) == [elus.modules]
    # The block follows "Reprendre où j'en étais", before the page's first section.
    assert home.index('class="ecole-reprendre"') < home.index("ecole-accueil-parcours") < home.index("\n## ")


def test_paths_keep_prerequisites_first(curriculum: Curriculum) -> None:
    for learning_path in curriculum.learning_paths:
        seen: set[str] = set()
        for module_id in learning_path.modules:
            assert set(curriculum.modules[module_id].prerequisites) <= seen, (learning_path.id, module_id)
            seen.add(module_id)


def test_curated_path_out_of_order_is_reported(project_copy: Project) -> None:
    paths_file = project_copy.paths_file
    replace_in(
        paths_file, "    - pourquoi-innover\n    - innovation-par-les-usages\n", "    - innovation-par-les-usages\n"
    )
    line = next(n for n, text in enumerate(paths_file.read_text().split("\n"), start=1) if "innovation-par" in text)
    warnings = [str(w) for w in load_curriculum(project_copy)[1].warnings]
    assert warnings == [
        f"parcours.yml:{line}: [0].modules[0]: avertissement : parcours « decouverte-une-journee » : "
        "« innovation-par-les-usages » demande « pourquoi-innover », à placer avant lui dans le parcours"
    ]


def test_progress_page_lists_every_module_and_its_tools(curriculum: Curriculum) -> None:
    page = page_texts(curriculum)["progression.md"]
    ids = [m.id for m in curriculum.ordered_modules()]
    assert progress_modules(page) == [ids]
    assert re.findall(r'class="ecole-statut" data-module="([^"]+)"', page) == ids
    for action in ("exporter", "importer", "effacer"):
        assert f'data-action="{action}"' in page
    assert "[Données personnelles](donnees-personnelles.md)" in page


def test_quiz_without_script_hides_its_buttons_and_folds_an_answer_key(curriculum: Curriculum) -> None:
    module = curriculum.ordered_modules()[0]
    quiz = module.quizzes[0]
    markup = render_quiz(module, quiz, 0)
    assert re.search(r'<div class="ecole-quiz__actions"[^>]* hidden>', markup)
    key = markup[markup.index('<details class="ecole-quiz__corrige"') :]
    assert key.count("<strong>Bonne réponse</strong>") == sum(c.correct for q in quiz.questions for c in q.choices)
    assert key.count("<li><strong>") == sum(len(q.choices) for q in quiz.questions)
