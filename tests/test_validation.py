"""Each kind of content error gives one exact, actionable line."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from ecole.errors import ContentError
from ecole.model.curriculum import load_curriculum
from ecole.model.project import Project


def errors_of(project: Project) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_curriculum(project)
    return [str(d) for d in caught.value.diagnostics]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def test_reference_curriculum_is_valid(project: Project) -> None:
    curriculum, report = load_curriculum(project)
    assert report.errors == []
    assert [str(w) for w in report.warnings] == []
    assert len(curriculum.modules) >= 2 and curriculum.methods and curriculum.case_studies


def test_schema_errors_name_the_line_of_the_key(project_copy: Project) -> None:
    module = project_copy.root / "modules" / "entretiens.md"
    edit(module, "level: decouverte", "level: expert")
    line = line_of(module, "level: expert")
    assert errors_of(project_copy) == [
        f"modules/entretiens.md:{line}: level: « expert » n'est pas une valeur admise ; "
        "choisissez parmi : decouverte, approfondissement"
    ]


def test_missing_required_field(project_copy: Project) -> None:
    method = project_copy.root / "modules" / "methodes" / "persona.md"
    text = method.read_text(encoding="utf-8")
    method.write_text(re.sub(r"^difficulty: .*\n", "", text, count=1, flags=re.M), encoding="utf-8")
    assert errors_of(project_copy) == [
        "modules/methodes/persona.md:2: difficulty: champ obligatoire absent : ajoutez-le"
    ]


def test_invalid_duration(project_copy: Project) -> None:
    module = project_copy.root / "modules" / "entretiens.md"
    text = module.read_text(encoding="utf-8")
    module.write_text(re.sub(r"^duration: .*$", "duration: 1h75", text, count=1, flags=re.M), encoding="utf-8")
    line = line_of(module, "duration: 1h75")
    assert errors_of(project_copy) == [
        f"modules/entretiens.md:{line}: duration: « 1h75 » : 75 minutes, c'est plus d'une heure ; écrivez 2h15"
    ]


def test_unknown_reference_suggests_the_closest_id(project_copy: Project) -> None:
    module = project_copy.root / "modules" / "entretiens.md"
    text = module.read_text(encoding="utf-8")
    text = re.sub(r"^methods: \[", "methods: [entretien-colectif, ", text, count=1, flags=re.M)
    module.write_text(text, encoding="utf-8")
    line = line_of(module, "entretien-colectif")
    assert errors_of(project_copy) == [
        f"modules/entretiens.md:{line}: methods[0]: fiche méthode « entretien-colectif » introuvable ; "
        "vouliez-vous dire « entretien-collectif » ?"
    ]


def test_missing_case_study(project_copy: Project) -> None:
    method = project_copy.root / "modules" / "methodes" / "persona.md"
    text = method.read_text(encoding="utf-8")
    text = re.sub(r"^case_studies: \[", "case_studies: [lille-inexistant, ", text, count=1, flags=re.M)
    method.write_text(text, encoding="utf-8")
    line = line_of(method, "lille-inexistant")
    assert errors_of(project_copy) == [
        f"modules/methodes/persona.md:{line}: case_studies[0]: étude de cas « lille-inexistant » introuvable"
    ]


def test_prerequisite_cycle(project_copy: Project) -> None:
    first = project_copy.root / "modules" / "pourquoi-innover.md"
    text = first.read_text(encoding="utf-8")
    first.write_text(
        text.replace("\norder:", "\nprerequisites: [innovation-par-les-usages]\norder:", 1), encoding="utf-8"
    )
    line = line_of(first, "prerequisites: [innovation-par-les-usages]")
    assert errors_of(project_copy) == [
        f"modules/pourquoi-innover.md:{line}: prerequisites[0]: cycle de prérequis : "
        "pourquoi-innover → innovation-par-les-usages → pourquoi-innover ; retirez l'un de ces prérequis"
    ]


def test_broken_link_between_content_files(project_copy: Project) -> None:
    module = project_copy.root / "modules" / "entretiens.md"
    with module.open("a", encoding="utf-8") as stream:
        stream.write("\nVoir [la fiche](methodes/inexistante.md).\n")
    line = len(module.read_text(encoding="utf-8").split("\n")) - 1
    assert errors_of(project_copy) == [
        f"modules/entretiens.md:{line}: lien: « methodes/inexistante.md » ne mène à aucun fichier : "
        "vérifiez le chemin relatif"
    ]


def test_coordinates_out_of_range(project_copy: Project) -> None:
    case = project_copy.root / "case_studies" / "cahors-carte-blanche.md"
    text = case.read_text(encoding="utf-8")
    case.write_text(
        re.sub(r"^coordinates: \[[^\]]*\]", "coordinates: [144.45, 1.44]", text, count=1, flags=re.M), encoding="utf-8"
    )
    line = line_of(case, "coordinates: [144.45")
    assert errors_of(project_copy) == [
        f"case_studies/cahors-carte-blanche.md:{line}: coordinates[0]: 144.45 : une latitude est comprise "
        "entre -90 et 90 ; vérifiez l'ordre [latitude, longitude] et la virgule décimale"
    ]


def test_all_errors_at_once(project_copy: Project) -> None:
    edit(project_copy.root / "modules" / "entretiens.md", "level: decouverte", "level: expert")
    persona = project_copy.root / "modules" / "methodes" / "persona.md"
    persona.write_text(
        persona.read_text(encoding="utf-8").replace("phase: comprendre", "phase: rêver"), encoding="utf-8"
    )
    messages = errors_of(project_copy)
    assert len(messages) == 2
    assert messages[0].startswith("modules/entretiens.md:")
    assert messages[1].startswith("modules/methodes/persona.md:")


def test_cli_check_prints_lines_and_exits_1(project_copy: Project) -> None:
    edit(project_copy.root / "modules" / "entretiens.md", "level: decouverte", "level: expert")
    result = subprocess.run(
        [sys.executable, "-m", "ecole.cli", "check"],
        cwd=project_copy.root,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert re.search(r"^modules/entretiens\.md:\d+: level: « expert » n'est pas une valeur admise", result.stderr, re.M)
    assert "cursus de référence : 1 erreur. Corrigez-la puis relancez « ecole check »." in result.stderr


def test_cli_check_passes_on_reference(project: Project) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ecole.cli", "check"], cwd=project.root, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "aucune erreur" in result.stdout


def test_a_content_file_with_another_extension_is_reported(project_copy: Project) -> None:
    """« entretiens-bis.MD » was left out without a word."""
    source = project_copy.root / "modules" / "entretiens.md"
    (project_copy.root / "modules" / "entretiens-bis.MD").write_bytes(source.read_bytes())
    assert errors_of(project_copy) == [
        "modules/entretiens-bis.MD:1: fichier: extension « .MD » : seuls les fichiers « .md » (en minuscules) "
        "sont lus ; renommez-le entretiens-bis.md, ou sortez-le de ce dossier"
    ]


def test_a_page_with_another_extension_is_reported(project_copy: Project) -> None:
    """« en-pratique.MD » in docs/ was published as a file to download, not as a page."""
    (project_copy.root / "docs" / "en-pratique.MD").write_text("# En pratique\n\nLe texte.\n", encoding="utf-8")
    assert errors_of(project_copy) == [
        "docs/en-pratique.MD:1: fichier: extension « .MD » : une page s'écrit dans un fichier « .md » "
        "(en minuscules) ; renommez-le en-pratique.md"
    ]
