"""Learning paths, the home page's path block, "Ma progression" and the quiz markup, without a browser."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import ROOT
from ecole.assembly.home import (
    HOME_ENTRANCE,
    HOME_OFFLINE,
    HOME_PATHS,
    OFFLINE_EXPORT,
    default_path,
    home_snippets,
    with_home_block,
)
from ecole.assembly.quiz_html import render_quiz
from ecole.assembly.staging import page_texts
from ecole.model.curriculum import load_curriculum
from ecole.model.durations import format_minutes
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
    entrance = home_snippets(curriculum, [])[HOME_ENTRANCE]
    elus = next(learning_path for learning_path in curriculum.learning_paths if learning_path.id == "elus")
    first = curriculum.modules[elus.modules[0]]
    # « Commencer » is the first module of the recommended path, which is named with its progress
    assert f"[Commencer](modules/{first.id}.md){{ .md-button .md-button--primary" in entrance
    assert f"Parcours conseillé : **[{elus.title}](parcours/elus.md)**" in entrance
    assert progress_modules(entrance) == [elus.modules]
    data = json.loads(re.search(r'<script type="application/json"[^>]*>(.*?)</script>', entrance)[1])
    assert data["parcours"] == elus.modules
    assert [m["id"] for m in data["modules"]] == [m.id for m in curriculum.ordered_modules()]
    # the page includes the entrance in its hero, before its first section
    home = page_texts(curriculum)["index.md"]
    assert home.index(f'--8<-- "{HOME_ENTRANCE}"') < home.index("\n## ")


def test_an_editions_own_home_page_gets_the_entrance(curriculum: Curriculum) -> None:
    page = "# Chez nous\n\nBienvenue.\n\n## Les sessions\n\nTexte.\n"
    assert with_home_block(curriculum, page) == page.replace("## Les", f'--8<-- "{HOME_ENTRANCE}"\n\n## Les')
    assert with_home_block(curriculum, "# Chez nous\n") == f'# Chez nous\n\n--8<-- "{HOME_ENTRANCE}"\n'


def test_home_chooser_lists_every_path_by_audience_and_by_time(curriculum: Curriculum) -> None:
    chooser = home_snippets(curriculum, [])[HOME_PATHS]
    by_audience, by_time = chooser.split("### Selon le temps dont vous disposez")
    assert "### Selon votre rôle" in by_audience
    linked = re.compile(r"\*\*\[[^]]+\]\(parcours/([a-z0-9-]+)\.md\)\*\*")
    assert linked.findall(by_audience) == [p.id for p in curriculum.learning_paths if p.audience]
    minutes = {p.id: sum(curriculum.modules[m].duration for m in p.modules) for p in curriculum.learning_paths}
    timed = linked.findall(by_time)
    assert sorted(timed) == sorted(p.id for p in curriculum.learning_paths if not p.audience)
    assert [minutes[p] for p in timed] == sorted(minutes[p] for p in timed)  # shortest first
    whole = next(p for p in curriculum.learning_paths if p.id == "cursus-complet")
    assert f"{len(whole.modules)} modules, {format_minutes(minutes['cursus-complet'])}" in by_time


def test_home_offers_the_offline_archive_the_exports_plan(curriculum: Curriculum) -> None:
    from ecole.exports import offline, planned_files

    block = home_snippets(curriculum, planned_files(curriculum))[HOME_OFFLINE]
    assert offline.EXPORT.name == OFFLINE_EXPORT
    assert f'href="exports/{offline.ARCHIVE}" download>Emporter le cursus' in block
    assert f'<span data-ecole-taille="exports/{offline.ARCHIVE}"></span>' in block
    assert home_snippets(curriculum, [])[HOME_OFFLINE] == ""  # no archive planned: nothing offered


def test_build_fills_in_file_sizes_once_the_file_exists(tmp_path: Path) -> None:
    from ecole.exports.sizes import fill_sizes, size_text

    assert [size_text(n) for n in (512, 2_400, 12_345_678, 123_456_789, 3_000_000_000)] == [
        "512\u00a0octets", "2,4\u00a0ko", "12,3\u00a0Mo", "123\u00a0Mo", "3\u00a0Go",
    ]  # fmt: skip
    (tmp_path / "exports").mkdir()
    (tmp_path / "exports" / "a.zip").write_bytes(b"x" * 1_500_000)
    marked = '<p><span class="t" data-ecole-taille="exports/{}"></span></p>'
    (tmp_path / "index.html").write_text(marked.format("a.zip") + marked.format("absent.zip"), encoding="utf-8")
    (tmp_path / "autre.html").write_text("<p>rien</p>", encoding="utf-8")
    assert fill_sizes(tmp_path) == ["index.html"]
    assert (tmp_path / "index.html").read_text(encoding="utf-8") == (
        '<p><span class="t" data-ecole-taille="exports/a.zip">1,5\u00a0Mo</span></p>' + marked.format("absent.zip")
    )
    assert fill_sizes(tmp_path) == []  # filled once: a second pass changes nothing


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
    # the learner's path first (the recommended one until she starts another: ecole-progression.js
    # turns the block to hers), then every module
    assert progress_modules(page) == [default_path(curriculum).modules, ids]
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


def test_the_privacy_page_lists_every_key_the_browser_keeps() -> None:
    """What the site keeps in the browser is named on « Données personnelles », key by key."""
    script = (ROOT / "overrides" / "assets" / "ecole.js").read_text(encoding="utf-8")
    keys = re.findall(r"\$\{PREFIX\}([a-z-]+)`", script)
    page = (ROOT / "docs" / "donnees-personnelles.md").read_text(encoding="utf-8")
    assert {"progression", "derniere-visite", "parcours"} <= set(keys)
    for key in keys:
        if key != "test":  # the probe, removed at once
            assert f"`…ecole:v1:{key}`" in page, key
