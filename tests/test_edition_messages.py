"""What a trainer reads when an edition is wrong: one message per mistake, each with
the way out (a close name, the link that would work, the command to run)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ecole.cli import main
from ecole.errors import ContentError
from ecole.model.curriculum import load_curriculum
from ecole.model.project import Project
from ecole.scaffold import new_edition
from test_editions import errors_of, line_of, minimal_edition, write


def paths_file(project: Project, edition: str, text: str) -> Path:
    return write(project.editions / edition / "parcours.yml", text)


def test_unknown_module_in_a_path_suggests_the_closest(project_copy: Project) -> None:
    minimal_edition(project_copy, "test")
    paths = paths_file(
        project_copy,
        "test",
        "- id: liste\n  title: Liste\n  summary: Une liste de modules.\n  modules: [pourquoi-innover, entretien]\n"
        "- id: programme\n  title: Programme\n  summary: Un programme.\n  schedule:\n"
        "    - day: 1\n      modules: [entretien]\n",
    )
    listed = line_of(paths, "modules: [pourquoi-innover, entretien]")
    scheduled = line_of(paths, "modules: [entretien]")
    assert errors_of(project_copy, "test") == [
        f"editions/test/parcours.yml:{listed}: [0].modules[1]: module « entretien » introuvable ; "
        "vouliez-vous dire « entretiens » ?",
        f"editions/test/parcours.yml:{scheduled}: [1].schedule[0].modules[0]: module « entretien » introuvable ; "
        "vouliez-vous dire « entretiens » ?",
    ]


SCHEDULE = (
    "- id: deux-jours\n  title: Deux jours\n  summary: Deux jours de formation.\n  schedule:\n"
    "    - day: 1\n      half: matin\n      modules: [pourquoi-innover]\n"
    "    - day: 1\n      half: {half}\n      modules: [innovation-par-les-usages]\n"
)


def test_a_path_with_an_error_still_exists_for_default_path_and_links(project_copy: Project) -> None:
    minimal_edition(project_copy, "test", "default_path: deux-jours\n")
    paths = paths_file(project_copy, "test", SCHEDULE.format(half="apres-midi"))
    write(
        project_copy.editions / "test" / "docs" / "en-pratique.md",
        "---\ntitle: En pratique\nsummary: Les sessions.\n---\n\n# En pratique\n\n"
        "Suivez [le parcours en deux jours](parcours/deux-jours.md).\n",
    )
    assert errors_of(project_copy, "test") == [
        f"editions/test/parcours.yml:{line_of(paths, 'apres-midi')}: [0].schedule[1].half: « apres-midi » "
        "n'est pas une valeur admise ; vouliez-vous dire « après-midi » ?"
    ]


def test_a_path_file_yaml_cannot_read_is_the_only_error(project_copy: Project) -> None:
    """A half-day out of line makes the whole parcours.yml unreadable: its error alone is
    listed, not « parcours introuvable » for edition.yml's default_path and for the link to
    its page, which came first and sent the trainer to the wrong file."""
    minimal_edition(project_copy, "test", "default_path: deux-jours\n")
    broken = SCHEDULE.format(half="après-midi").replace("      half: après-midi", "        half: après-midi")
    paths = paths_file(project_copy, "test", broken)
    write(
        project_copy.editions / "test" / "docs" / "en-pratique.md",
        "---\ntitle: En pratique\nsummary: Les sessions.\n---\n\n# En pratique\n\n"
        "Suivez [le parcours en deux jours](parcours/deux-jours.md).\n",
    )
    errors = errors_of(project_copy, "test")
    assert len(errors) == 1 and errors[0].startswith("editions/test/parcours.yml:"), errors
    assert line_of(paths, "half: après-midi") - 1 <= int(errors[0].split(":")[1]) <= line_of(paths, "half: après-midi")


def test_a_broken_link_suggests_the_link_that_works(project_copy: Project) -> None:
    minimal_edition(project_copy, "test")
    paths_file(project_copy, "test", SCHEDULE.format(half="après-midi"))
    page = write(
        project_copy.editions / "test" / "docs" / "en-pratique.md",
        "---\ntitle: En pratique\nsummary: Les sessions.\n---\n\n# En pratique\n\n"
        "Suivez [le parcours en deux jours](../parcours/deux-jours.md).\n\n"
        "Voyez le [glossaire](glosaire.md#usager) et les [entretiens](modules/entretiens.md).\n",
    )
    first, second = line_of(page, "deux jours]"), line_of(page, "[glossaire]")
    assert errors_of(project_copy, "test") == [
        f"editions/test/docs/en-pratique.md:{first}: lien: « ../parcours/deux-jours.md » ne mène à aucun fichier : "
        "vouliez-vous dire « parcours/deux-jours.md » ?",
        f"editions/test/docs/en-pratique.md:{second}: lien: « glosaire.md#usager » ne mène à aucun fichier : "
        "vouliez-vous dire « glossaire.md#usager » ?",
        f"editions/test/docs/en-pratique.md:{second}: lien: « modules/entretiens.md » ne mène à aucun fichier : "
        "vouliez-vous dire « ../modules/entretiens.md » ?",
    ]


@pytest.mark.parametrize("command", ["check", "build", "serve"])
def test_an_unknown_edition_lists_the_existing_ones(
    command: str, project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--projet", str(project.root), command, "--edition", "ville-exmple"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (
        "ecole\u00a0: l'édition «\u00a0ville-exmple\u00a0» n'existe pas\u00a0: pas de dossier editions/ville-exmple/.\n"
        "Vouliez-vous dire «\u00a0ville-exemple\u00a0»\u00a0?\n"
        "Éditions existantes\u00a0: ville-exemple, departement-exemple.\n"
    )


@pytest.mark.parametrize(
    ("written", "answer"),
    [
        # a new name: the command that creates it
        ("val-de-brume", 'Pour la créer\u00a0: ecole new edition val-de-brume --name "Nom du site"'),
        # capitals: the edition meant, not a command that refuses the name
        ("Ville-Exemple", "Vouliez-vous dire «\u00a0ville-exemple\u00a0»\u00a0?"),
        # not an identifier: how to write one, from the name given
        ("Val de Brume", "minuscules sans accent, chiffres et tirets (par exemple val-de-brume)."),
    ],
)
def test_an_unknown_edition_gets_the_way_out_that_works(
    written: str, answer: str, project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    """A trainer typed « Val-de-Brume »: told to run ``ecole new edition Val-de-Brume``,
    which refuses the name."""
    assert main(["--projet", str(project.root), "check", "--edition", written]) == 2
    err = capsys.readouterr().err
    assert answer in err
    assert ("ecole new edition" in err) == (written == "val-de-brume")


def test_a_module_the_edition_excludes_in_its_own_path_is_an_error(project_copy: Project) -> None:
    settings = minimal_edition(project_copy, "test", "selection:\n  exclude: [territoires-ruraux]\n")
    paths = paths_file(
        project_copy,
        "test",
        "- id: liste\n  title: Liste\n  summary: Une liste de modules.\n"
        "  modules: [pourquoi-innover, territoires-ruraux]\n"
        "- id: programme\n  title: Programme\n  summary: Un programme.\n  schedule:\n"
        "    - day: 1\n      modules: [pourquoi-innover]\n    - day: 2\n      modules: [territoires-ruraux]\n",
    )
    exclude = line_of(settings, "exclude:")
    with pytest.raises(ContentError) as caught:
        load_curriculum(project_copy, edition="test")
    assert [str(d) for d in caught.value.diagnostics] == [
        f"editions/test/parcours.yml:{line_of(paths, 'innover, territoires-ruraux')}: [0].modules[1]: module "
        f"« territoires-ruraux » exclu par selection.exclude de editions/test/edition.yml (ligne {exclude}) : "
        "retirez-le de ce parcours, ou retirez-le de selection.exclude",
        f"editions/test/parcours.yml:{line_of(paths, 'modules: [territoires-ruraux]')}: "
        "[1].schedule[1].modules[0]: module « territoires-ruraux » exclu par selection.exclude de "
        f"editions/test/edition.yml (ligne {exclude}) : retirez-le de ce parcours, ou retirez-le de "
        "selection.exclude",
    ]


def test_the_new_edition_placeholders_are_refused_in_an_edition(project_copy: Project) -> None:
    new_edition(project_copy, "ma-ville", "École de Ma-Ville")
    settings = project_copy.editions / "ma-ville" / "edition.yml"
    assert errors_of(project_copy, "ma-ville") == [
        # the home page's first sentence, and what search engines show
        f"editions/ma-ville/edition.yml:{line_of(settings, 'description: >-')}: description: texte d'exemple "
        "laissé en place (« votre collectivité ») : dites qui votre édition forme, par exemple « pour les agents "
        "du Département de la Creuse »",
        f"editions/ma-ville/edition.yml:{line_of(settings, 'name: votre territoire')}: territory.name: texte "
        "d'exemple laissé en place (« votre territoire ») : écrivez le nom de votre territoire, par exemple "
        "Creuse (avec article: la)",
        f"editions/ma-ville/edition.yml:{line_of(settings, 'name: votre collectivité')}: organisation.name: texte "
        "d'exemple laissé en place (« votre collectivité ») : écrivez le nom de la collectivité qui publie "
        "l'édition, par exemple Département de la Creuse (avec article: le)",
    ]
    # the reference ecole.yml keeps these generic names on purpose
    assert "name: votre territoire" in project_copy.settings_file.read_text(encoding="utf-8")
    load_curriculum(project_copy)


def test_an_error_in_edition_yml_does_not_hide_those_of_the_content(project_copy: Project) -> None:
    """One run lists them all: the content is still read, with the reference's settings."""
    settings = minimal_edition(project_copy, "test").read_text(encoding="utf-8")
    write(project_copy.editions / "test" / "edition.yml", settings.replace("name:", "nom:", 1))
    module = project_copy.root / "modules" / "entretiens.md"
    module.write_text(module.read_text(encoding="utf-8").replace("\nlevel: ", "\nlevel ", 1), encoding="utf-8")
    errors = errors_of(project_copy, "test")
    assert [e.split(": ")[1] for e in errors if e.startswith("editions/test/edition.yml:")] == ["name", "nom"]
    assert any(e.startswith("modules/entretiens.md:") and "il manque « : »" in e for e in errors), errors


def test_an_anchor_in_a_programmes_activities_is_checked(project_copy: Project) -> None:
    """A session's activities may link a glossary term: a wrong anchor is named on its line of
    parcours.yml, not by MkDocs in English on the pages that show the programme."""
    minimal_edition(project_copy, "test")
    paths = paths_file(
        project_copy,
        "test",
        "- id: un-jour\n  title: Un jour\n  summary: Une journée de formation.\n  schedule:\n"
        "    - day: 1\n      modules: [pourquoi-innover]\n"
        "      activities: Tour de table sur les [irritants](docs/glossaire.md#irritants)\n",
    )
    [error] = errors_of(project_copy, "test")
    assert error.startswith(f"editions/test/parcours.yml:{line_of(paths, 'activities:')}: lien: l'ancre « #irritants »")
    assert "vouliez-vous dire « #irritant » ?" in error


def test_check_says_which_colour_a_too_light_one_becomes(project_copy: Project, capsys) -> None:
    """The guide says a light colour is darkened: the trainer learns which colour the pages show."""
    minimal_edition(project_copy, "test", 'palette: {primary: "#f0e68c", accent: "#8a4b00"}\n')
    assert main(["--projet", str(project_copy.root), "check", "--edition", "test"]) == 0
    out = capsys.readouterr().out
    assert "Couleur palette.primary « #f0e68c » trop claire pour que le texte blanc" in out
    assert "palette.accent" not in out  # dark enough as chosen
