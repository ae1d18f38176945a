"""Audience paths: the choices parcours.yml writes for each audience (``audience:``), the
computed path where none is written, and what an edition's selection makes of them."""

from __future__ import annotations

import pytest

from ecole.model.curriculum import load_curriculum
from ecole.model.learning import WHOLE_CURRICULUM
from ecole.model.project import Project
from ecole.model.structure import AUDIENCE_LABELS, Curriculum, LearningPath
from test_editions import errors_of, line_of, minimal_edition, write


@pytest.fixture(scope="module")
def curriculum(project: Project) -> Curriculum:
    return load_curriculum(project)[0]


def by_id(curriculum: Curriculum) -> dict[str, LearningPath]:
    return {learning_path.id: learning_path for learning_path in curriculum.learning_paths}


def minutes(curriculum: Curriculum, learning_path: LearningPath) -> int:
    return sum(curriculum.modules[m].duration for m in learning_path.modules)


def drop_audience_path(project: Project, audience: str) -> None:
    """Remove the entry ``id: audience`` from the project's parcours.yml."""
    lines = project.paths_file.read_text(encoding="utf-8").split("\n")
    start = lines.index(f"- id: {audience}")
    end = next(n for n in range(start + 1, len(lines)) if lines[n].startswith(("- ", "#")))
    project.paths_file.write_text("\n".join(lines[:start] + lines[end:]), encoding="utf-8")


def test_each_audience_has_its_own_shorter_path(curriculum: Curriculum) -> None:
    paths = by_id(curriculum)
    whole = paths[WHOLE_CURRICULUM]
    seen: list[list[str]] = []
    for audience in AUDIENCE_LABELS:
        learning_path = paths[audience]
        assert learning_path.audience == audience
        assert learning_path.source == curriculum.root / "parcours.yml", "written, not computed"
        assert learning_path.modules != whole.modules, audience
        assert minutes(curriculum, learning_path) < minutes(curriculum, whole), audience
        assert learning_path.modules not in seen, f"{audience}: the same modules as another audience"
        seen.append(learning_path.modules)
    # the practical method for agents; the why, co-construction and decisions for élus
    assert {"observer-les-usages", "entretiens", "irritants-et-personas", "prototyper"} <= set(paths["agents"].modules)
    assert {"pourquoi-innover", "co-construction", "participation-citoyenne"} <= set(paths["elus"].modules)
    assert "prototyper" not in paths["elus"].modules


def test_paths_offer_an_hour_a_day_and_the_whole_cursus(curriculum: Curriculum) -> None:
    lengths = sorted(minutes(curriculum, p) for p in curriculum.learning_paths)
    assert lengths[0] <= 90  # about an hour
    assert 7 * 60 in lengths  # a day
    assert lengths[-1] == curriculum.total_minutes


def test_an_audience_no_file_writes_for_keeps_the_computed_path(project_copy: Project) -> None:
    drop_audience_path(project_copy, "agents")
    curriculum, report = load_curriculum(project_copy)
    agents = by_id(curriculum)["agents"]
    assert agents.source is None
    tagged = {m.id for m in curriculum.modules.values() if "agents" in m.audience}
    assert tagged <= set(agents.modules)
    assert not report.warnings


def test_an_editions_selection_filters_the_written_path_quietly(project_copy: Project) -> None:
    minimal_edition(project_copy, "test", "selection:\n  parts: [sensibilisation]\n  exclude: [tester-et-iterer]\n")
    curriculum, report = load_curriculum(project_copy, edition="test")
    reference = by_id(load_curriculum(project_copy)[0])["agents"]
    agents = by_id(curriculum)["agents"]
    assert agents.modules == [m for m in reference.modules if m != "tester-et-iterer"]
    assert agents.title == reference.title
    assert not [w for w in report.warnings if "agents" in str(w)]
    # its summary, written for the modules it had (« … prototyper et tester une idée »), is
    # the one that promises none in particular; a path the selection left whole keeps its own
    assert "tester" in reference.summary and agents.summary == (
        "Les modules utiles aux agents qui veulent améliorer un service avec ses usagers."
    )
    elus = by_id(load_curriculum(project_copy)[0])["elus"]
    assert (by_id(curriculum)["elus"].modules, by_id(curriculum)["elus"].summary) == (elus.modules, elus.summary)


def test_an_editions_audience_path_replaces_the_references(project_copy: Project) -> None:
    minimal_edition(project_copy, "test")
    paths_file = write(
        project_copy.editions / "test" / "parcours.yml",
        "- id: agents\n  audience: agents\n  title: Parcours des agents de Test\n"
        "  summary: Deux modules pour commencer, choisis par le service formation.\n"
        "  modules: [pourquoi-innover, innovation-par-les-usages]\n",
    )
    curriculum, _ = load_curriculum(project_copy, edition="test")
    agents = by_id(curriculum)["agents"]
    assert (agents.source, agents.modules) == (paths_file, ["pourquoi-innover", "innovation-par-les-usages"])
    assert [p.id for p in curriculum.learning_paths].count("agents") == 1


def test_an_audience_without_modules_in_the_edition_has_no_path(project: Project) -> None:
    curriculum = load_curriculum(project, edition="departement-exemple")[0]  # agents and encadrants only
    audiences = [p.audience for p in curriculum.learning_paths if p.audience]
    assert audiences == ["agents", "encadrants"]


def test_audience_and_id_must_agree(project_copy: Project) -> None:
    minimal_edition(project_copy, "test")
    paths_file = write(
        project_copy.editions / "test" / "parcours.yml",
        "- id: pour-les-agents\n  audience: agents\n  title: Les agents\n"
        "  summary: Deux modules pour commencer.\n  modules: [pourquoi-innover]\n"
        "- id: elus\n  title: Les élus\n  summary: Un module pour commencer.\n  modules: [pourquoi-innover]\n",
    )
    first, second = line_of(paths_file, "pour-les-agents"), line_of(paths_file, "id: elus")
    assert errors_of(project_copy, "test") == [
        f"editions/test/parcours.yml:{first}: [0].id: le parcours d'un public a pour identifiant ce public : "
        "écrivez id: agents, ou retirez audience pour un parcours d'un autre nom",
        f"editions/test/parcours.yml:{second}: [1].id: « elus » est réservé aux parcours calculés par l'outil ; "
        "choisissez un autre identifiant ou ajoutez audience: elus pour écrire vous-même le parcours de ce public",
    ]


def test_two_paths_cannot_share_an_id(project_copy: Project) -> None:
    """The second would be published at the first's address, in its place."""
    minimal_edition(project_copy, "test")
    paths_file = write(
        project_copy.editions / "test" / "parcours.yml",
        "- id: decouvrir\n  title: Découvrir\n  summary: Deux modules pour commencer.\n"
        "  modules: [pourquoi-innover]\n"
        "- id: decouvrir\n  title: Découvrir, la copie\n  summary: Un module pour commencer.\n"
        "  modules: [pourquoi-innover]\n",
    )
    first = line_of(paths_file, "id: decouvrir")
    second = paths_file.read_text(encoding="utf-8").split("\n").index("- id: decouvrir", first) + 1
    assert errors_of(project_copy, "test") == [
        f"editions/test/parcours.yml:{second}: [1].id: « decouvrir » est déjà l'identifiant du parcours de "
        f"la ligne {first} : donnez à chaque parcours le sien",
    ]


def test_an_audience_paths_sheet_names_only_that_audience(curriculum: Curriculum) -> None:
    from ecole.assembly.programme import sheet

    for audience, label in AUDIENCE_LABELS.items():
        text = sheet(curriculum, by_id(curriculum)[audience])
        public = text.split("## Public visé", 1)[1].strip().split("\n")[0]
        assert public.startswith(f"{label} ;"), (audience, public)


def test_a_sessions_public_is_who_every_module_is_for(curriculum: Curriculum) -> None:
    """The three-day session's modules are all for agents and trainers; some also serve
    managers and elected officials: the sheet and the catalogue say so, not « all four »."""
    from ecole.assembly.programme import sheet

    path = by_id(curriculum)["programme-trois-jours"]
    modules = [curriculum.modules[m] for m in path.modules]
    every = [a for a in AUDIENCE_LABELS if all(a in m.audience for m in modules)]
    some = [a for a in AUDIENCE_LABELS if a not in every and any(a in m.audience for m in modules)]
    assert every and some, "the reference's three-day session mixes modules of different publics"
    assert curriculum.audiences(path.modules) == (every, some)
    public = sheet(curriculum, path).split("## Public visé", 1)[1].strip().split("\n")[0]
    assert public.startswith(
        ", ".join(AUDIENCE_LABELS[a] if i == 0 else AUDIENCE_LABELS[a].lower() for i, a in enumerate(every)) + " ;"
    )
    assert "conviennent aussi à d'autres publics : " + ", ".join(AUDIENCE_LABELS[a].lower() for a in some) in public
