"""The curriculum itself: counts, the pedagogical skeleton of every module, and
case studies that state only what their seed documents say."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from ecole.model.curriculum import load_curriculum
from ecole.model.project import Project
from ecole.model.structure import Curriculum

#: Which seed document each case study draws its facts from.
CASE_SEEDS = {
    "cahors-carte-blanche": "004_76d1bd78edd62080.txt",
    "val-d-oise-zip": "003_1af843cb1f3905d5.txt",
    "creuse-ecole-innovation": "001_bf9b1c38102b9866.txt",
    "sceaux-up-sceaux": "002_dac5f3faa6f84c98.txt",
    "puy-de-dome-mission-labo": "000_32c4ebebf8bbd9d3.txt",
}


@pytest.fixture(scope="module")
def curriculum(project: Project) -> Curriculum:
    return load_curriculum(project)[0]


def words(markdown: str) -> int:
    prose = re.sub(r"```.*?```", "", markdown, flags=re.S)
    return len(re.findall(r"\w[\w'’-]*", prose))


def test_counts(curriculum: Curriculum) -> None:
    parts = [m.part for m in curriculum.modules.values()]
    assert parts.count("sensibilisation") >= 9
    assert parts.count("travaux-pratiques") >= 5
    assert len(curriculum.methods) >= 12
    assert set(curriculum.case_studies) == set(CASE_SEEDS)
    canvases = [p for p in curriculum.pages.values() if p.meta.get("canvas")]
    assert len(canvases) >= 6


def test_every_module_has_the_full_skeleton(curriculum: Curriculum) -> None:
    for module in curriculum.modules.values():
        body = module.body
        assert module.objectives, module.id
        assert 800 <= words(body) <= 2000 + 600, (module.id, words(body))  # quiz YAML is outside the count
        assert "!!! activite" in body, module.id
        exercise = body.index("!!! exercice")
        assert "??? solution" in body[exercise:], module.id
        assert len(module.questions) >= 4, module.id
        assert all(choice.explanation for q in module.questions for choice in q.choices), module.id
        assert '!!! retenir "À retenir"' in body, module.id
        assert re.search(r"^(\?\?\?|!!!) formateur", body, re.M), module.id


def test_module_prose_length(curriculum: Curriculum) -> None:
    """800 to 2,000 words of prose, quiz excluded (markers replace the quiz blocks)."""
    for module in curriculum.modules.values():
        count = words(re.sub(r"<!-- ecole:quiz \d+ -->", "", module.body))
        assert 800 <= count <= 2000, (module.id, count)


def test_modules_link_the_cards_and_cases_they_list(curriculum: Curriculum) -> None:
    for module in curriculum.modules.values():
        body = module.body
        for method in module.methods:
            assert f"methodes/{method}.md" in body, (module.id, method)
        # the cases the module itself lists (the model adds those whose case names the module)
        own = yaml.safe_load(module.source.read_text(encoding="utf-8").split("---\n")[1]).get("case_studies", [])
        for case in own:
            assert f"case_studies/{case}.md" in body, (module.id, case)


def test_method_cards_have_their_sections(curriculum: Curriculum) -> None:
    for method in curriculum.methods.values():
        for heading in ("## Objectif", "## Quand l'utiliser", "## Déroulé", "## Pièges à éviter"):
            assert heading in method.body, (method.id, heading)


_NUMBER_WORDS = {
    "un": "1", "une": "1", "deux": "2", "trois": "3", "quatre": "4", "cinq": "5", "six": "6",
    "sept": "7", "huit": "8", "neuf": "9", "dix": "10", "douze": "12", "vingt": "20", "trente": "30",
    "cinquante": "50", "cent": "100", "centaine": "100", "dizaine": "10",
}  # fmt: skip


def _numbers(text: str) -> set[str]:
    return set(re.findall(r"\d+", text))


def _seed_numbers(text: str) -> set[str]:
    """Numbers a seed states, in digits or in words (« d'une à deux semaines »)."""
    spelled = {_NUMBER_WORDS[w] for w in re.findall(r"\w+", text.lower()) if w in _NUMBER_WORDS}
    return _numbers(text) | spelled


def _prose_numbers(markdown: str) -> set[str]:
    """Numbers stated in prose: not list or step numbering, not link targets."""
    text = re.sub(r"\]\([^)]*\)", "]", markdown)
    text = re.sub(r"^\s*(#+\s*)?\d+\.\s", "", text, flags=re.M)
    return _numbers(text)


@pytest.mark.parametrize("case_id", sorted(CASE_SEEDS))
def test_case_study_numbers_come_from_its_seed(curriculum: Curriculum, seeds: Path, case_id: str) -> None:
    case = curriculum.case_studies[case_id]
    seed = (seeds / CASE_SEEDS[case_id]).read_text(encoding="utf-8")
    allowed = _seed_numbers(seed)
    stated = _numbers(" ".join(value for _, value in case.figures)) | _prose_numbers(case.body)
    assert stated <= allowed, f"{case_id}: nombres absents de la source : {sorted(stated - allowed)}"
    assert case.sources, case_id


def test_case_studies_carry_no_personal_contact(curriculum: Curriculum) -> None:
    for case in curriculum.case_studies.values():
        text = Path(case.source).read_text(encoding="utf-8")
        assert not re.search(r"[\w.-]+@[\w-]+\.\w+", text), case.id
        assert not re.search(r"\b0\d( ?\d\d){4}\b", text), case.id


def test_glossary_has_thirty_terms(curriculum: Curriculum) -> None:
    from ecole.assembly.glossary import glossary_terms

    assert len(glossary_terms(curriculum)) >= 30
