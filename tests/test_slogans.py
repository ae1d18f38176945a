"""Few « X, pas Y » slogans: a contrast teaches when it is rare. The course once had
more than a hundred (« c'est X, pas Y », « X, et non Y »); at most twenty remain: the
contrasts that are the lesson (« tester pour apprendre, pas pour valider »), the notes on
what a source does not say, and lists the pattern cannot tell apart (« pas de diaporama »)."""

from __future__ import annotations

import re

import pytest

from ecole.model.curriculum import load_curriculum
from ecole.model.project import Project
from ecole.model.structure import Curriculum

#: A comma, then « pas » or « non » (« et non », « et pas », « non pas »), then the rejected term.
SLOGAN = re.compile(r",\s+(?:et\s+)?(?:non|pas)(?:\s+pas)?\s+(?=[\wàâéèêîôûç«\"'])", re.IGNORECASE)
#: How many the modules, method cards and case studies may hold together.
MOST = 20


@pytest.fixture(scope="module")
def curriculum(project: Project) -> Curriculum:
    return load_curriculum(project)[0]


def slogans(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if SLOGAN.search(line)]


def test_the_pattern_finds_slogans_and_nothing_else() -> None:
    assert slogans("Un prototype sert à apprendre, pas à convaincre.")
    assert slogans("Partir des usages, et non de l'organisation.")
    assert not slogans("Il ne vient pas à l'accueil. Non : la source ne le dit pas.")


def test_few_slogans_are_left(curriculum: Curriculum) -> None:
    items = [*curriculum.modules.values(), *curriculum.methods.values(), *curriculum.case_studies.values()]
    found = [f"{item.id}: {line[:90]}" for item in items for line in slogans(item.body)]
    assert len(found) <= MOST, f"{len(found)} « X, pas Y » :\n" + "\n".join(found)
