"""Part 2 applies what part 1 teaches: each of its modules sends the learner back to the
part-1 modules it rests on instead of teaching the notions again, and a part-2 module
that shares a theme with a part-1 module says, in its title, that it is about the
team's own project."""

from __future__ import annotations

import pytest

from ecole.model.curriculum import load_curriculum
from ecole.model.project import Project
from ecole.model.structure import Curriculum


@pytest.fixture(scope="module")
def curriculum(project: Project) -> Curriculum:
    return load_curriculum(project)[0]


def test_part_two_modules_link_back_to_the_part_one_modules_they_apply(curriculum: Curriculum) -> None:
    missing = []
    for module in curriculum.modules.values():
        if module.part != "travaux-pratiques":
            continue
        part_one = [p for p in module.prerequisites if curriculum.modules[p].part == "sensibilisation"]
        # every part-1 prerequisite, or at least the notions' modules it names in the text
        unlinked = [p for p in part_one if f"]({p}.md" not in module.body]
        if unlinked:
            missing.append(f"{module.id} does not link back to {', '.join(unlinked)}")
    assert missing == []


def test_the_two_evaluation_modules_say_which_is_which(curriculum: Curriculum) -> None:
    notions, project = curriculum.modules["evaluer-et-essaimer"], curriculum.modules["evaluer-et-diffuser"]
    assert notions.part == "sensibilisation" and project.part == "travaux-pratiques"
    assert "repères" in notions.title
    assert "votre équipe" in project.title
    assert "evaluer-et-essaimer" in project.prerequisites
    assert "](evaluer-et-essaimer.md)" in project.body
    # the project module's objectives are about the team's own work, not the notions
    assert all("équipe" in objective for objective in project.objectives), project.objectives
