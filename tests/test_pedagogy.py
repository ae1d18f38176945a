"""Quizzes that test understanding, activities an agent can do alone, objectives
that can be observed, and programmes in a teachable order (issue 13). The rules
live in ``pedagogy_check``; ``python tests/pedagogy_check.py -v`` lists what breaks them."""

from __future__ import annotations

import re

import pytest

from ecole.model.curriculum import load_curriculum
from ecole.model.project import Project
from ecole.model.structure import Choice, Curriculum, Question
from pedagogy_check import (
    CASE_NAMES,
    autonomy_problems,
    case_names,
    case_recalls,
    content_words,
    duplicates,
    is_scenario,
    items,
    longest_right,
    objective_problems,
    part_two_without_part_one,
    right_is_longest,
    right_is_shortest,
    schedule_problems,
    shortest_right,
    single_answer,
    timetable_minutes,
    timetable_problems,
    unexplained,
)


@pytest.fixture(scope="module")
def curriculum(project: Project) -> Curriculum:
    return load_curriculum(project)[0]


# --- the rules on made-up items: each can fail ----------------------------------------------


def question(*texts: str, right: tuple[int, ...] = (0,)) -> Question:
    return Question("?", [Choice(text, n in right, "Oui." if n in right else "Non.") for n, text in enumerate(texts)])


def test_length_cue_rule() -> None:
    assert right_is_longest(question("Une réponse bien plus longue que les autres", "Courte", "Brève"))
    assert not right_is_longest(question("Même longueur", "Même longueur"))  # a tie is no cue
    assert not right_is_longest(question("Courte", "Une réponse fausse et longue"))
    assert not right_is_longest(question("Longue réponse juste", "Courte", right=(0, 1)))  # several right answers
    assert right_is_shortest(question("Brève", "Une réponse fausse et longue", "Une autre, longue aussi"))
    assert not right_is_shortest(question("Même longueur", "Même longueur"))


def test_stems_that_ask_the_same_thing_are_one_stem() -> None:
    assert content_words("Laquelle de ces notes d'observation est un fait ?") >= content_words(
        "Laquelle de ces notes est un fait ?"
    )
    assert content_words("Qu'est-ce qu'un tiers-lieu ?") != content_words("Qu'est-ce qu'un test réussi ?")


def test_case_names_are_the_case_studies_names(curriculum: Curriculum) -> None:
    """Each case study's first name appears in its own title: the list follows the data."""
    assert set(CASE_NAMES) == set(curriculum.case_studies)
    for case_id, case in curriculum.case_studies.items():
        assert case_names(case_id)[0].search(case.title.replace("’", "'")), case_id


# --- the curriculum ---------------------------------------------------------------------------


def test_right_option_is_not_the_longest_more_than_chance_allows(curriculum: Curriculum) -> None:
    """With three or four options, chance makes the right one the longest about a third of
    the time; a quiz where it is most of the time can be passed without reading."""
    single = single_answer(curriculum)
    longest = longest_right(curriculum)
    assert len(single) >= 40
    assert len(longest) <= 0.40 * len(single), [item.label for item in longest]


def test_right_option_is_not_the_shortest_either(curriculum: Curriculum) -> None:
    """Trimming every right answer would only move the cue: « pick the shortest » must
    not work either, and the longest option must still be right now and then."""
    single = single_answer(curriculum)
    shortest = shortest_right(curriculum)
    assert len(shortest) <= 0.40 * len(single), [item.label for item in shortest]
    assert len(longest_right(curriculum)) >= 0.15 * len(single)


def test_no_duplicated_items(curriculum: Curriculum) -> None:
    assert not duplicates(curriculum), [(a.label, b.label) for a, b in duplicates(curriculum)]


def test_every_option_is_explained(curriculum: Curriculum) -> None:
    assert not unexplained(curriculum)


def test_scenario_rule() -> None:
    assert is_scenario(Question("Un usager hésite devant le formulaire. Que faites-vous ?", []))
    assert is_scenario(Question("Au guichet, une habitante attend. Elle travaille lundi. Que veut-elle ?", []))
    assert not is_scenario(Question("Qu'est-ce qu'un tiers-lieu ?", []))


def test_quizzes_put_learners_in_situations(curriculum: Curriculum) -> None:
    """A third of the items at least are scenarios, and every module has some."""
    every = items(curriculum)
    assert sum(is_scenario(item.question) for item in every) >= len(every) / 3
    for module in curriculum.modules.values():
        assert any(is_scenario(q) for q in module.questions), module.id


def test_at_most_one_item_in_ten_names_a_case_study(curriculum: Curriculum) -> None:
    recalls = case_recalls(curriculum)
    assert len(recalls) <= 0.10 * len(items(curriculum)), [item.label for item in recalls]
    per_module = [item.module for item in recalls]
    assert all(per_module.count(m) <= 1 for m in per_module), per_module


def test_every_module_has_an_activity_for_an_agent_alone(curriculum: Curriculum) -> None:
    problems = [p for module in curriculum.modules.values() for p in autonomy_problems(module)]
    assert not problems


def test_objectives_are_observable_and_fit_the_module(curriculum: Curriculum) -> None:
    problems = [p for module in curriculum.modules.values() for p in objective_problems(module)]
    assert not problems


def test_timetable_rule() -> None:
    body = (
        '??? formateur "Notes"\n\n    **Déroulé indicatif (1h30)**\n\n    - 10 min : ouverture.\n'
        "    - 35 min : activité (5 min de consignes, 30 min de travail).\n"
        "    - 20 min : mini-atelier, dont 5 min de retour.\n    - 25 min : quiz.\n\n    **Pièges** : 40 min perdues.\n"
    )
    assert timetable_minutes(body) == (90, 90)
    assert timetable_minutes(body.replace("25 min : quiz", "15 min : quiz")) == (90, 80)
    assert timetable_minutes("Pas de notes.") is None


def test_trainer_timetables_add_up_to_the_module(curriculum: Curriculum) -> None:
    problems = [p for module in curriculum.modules.values() for p in timetable_problems(module)]
    assert not problems


def test_part_two_rests_on_part_one(curriculum: Curriculum) -> None:
    assert not part_two_without_part_one(curriculum)


def test_programmes_teach_before_they_assign(curriculum: Curriculum) -> None:
    scheduled = [p for p in curriculum.learning_paths if p.schedule]
    assert len(scheduled) >= 2
    problems = [line for p in scheduled for line in schedule_problems(p, curriculum)]
    assert not problems
    for learning_path in curriculum.learning_paths:
        seen: set[str] = set()
        for module_id in learning_path.modules:
            assert set(curriculum.modules[module_id].prerequisites) <= seen, (learning_path.id, module_id)
            seen.add(module_id)


def test_homework_before_its_module_is_reported(curriculum: Curriculum) -> None:
    """The programme rule on a programme that sets interviews before the interview module."""
    scheduled = next(p for p in curriculum.learning_paths if p.schedule and "entretiens" in p.modules)
    first = scheduled.schedule[0]
    original = first.activities
    try:
        first.activities = original + " ; intersession : deux entretiens par personne"
        assert any(
            re.search("avant le module « entretiens »", line) for line in schedule_problems(scheduled, curriculum)
        )
    finally:
        first.activities = original
