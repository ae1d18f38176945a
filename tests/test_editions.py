"""Territory editions: overlay, selection, territory variables, trainer view,
scaffolding commands and the parallel build of every edition."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from ecole.build import _swap, build_site
from ecole.cli import main
from ecole.errors import ContentError
from ecole.model import macros
from ecole.model.curriculum import load_curriculum
from ecole.model.macros import render
from ecole.model.project import Project
from ecole.scaffold import new_edition, new_item

EXAMPLES = ("departement-exemple", "ville-exemple")


def errors_of(project: Project, edition: str) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_curriculum(project, edition=edition)
    return [str(d) for d in caught.value.diagnostics if d.severity.value == "erreur"]


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def minimal_edition(project: Project, edition: str, extra: str = "") -> Path:
    return write(
        project.editions / edition / "edition.yml",
        "name: Édition de test\n"
        "territory: {name: Territoire-Test}\n"
        "organisation: {name: Mairie de Test, article: la}\n"
        "contact: {service: Service formation}\n" + extra,
    )


# --- territory variables ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("les usagers de {{ collectivite.nom }}", "les usagers du Département de la Creuse"),
        ("pour {{ collectivite.nom }} et à {{ territoire.nom }}", "pour le Département de la Creuse et aux Landes"),
        ("les habitants de {{ territoire.nom }}", "les habitants des Landes"),
        ("la carte de {{ ecole.nom }}, que {{ ecole.nom }} publie", "la carte d'Aubusson, qu'Aubusson publie"),
        ("Fin. {{ collectivite.nom }} décide.", "Fin. Le Département de la Creuse décide."),
        ("les usagers de\n{{ collectivite.nom }}. Suite", "les usagers du\nDépartement de la Creuse. Suite"),
        ("\n\n    {{ territoire.nom }} ont", "\n\n    Les Landes ont"),
    ],
)
def test_inserted_names_agree_with_the_sentence(text: str, expected: str) -> None:
    variables = {
        "collectivite": {"nom": "le Département de la Creuse"},
        "territoire": {"nom": "les Landes"},
        "ecole": {"nom": "Aubusson"},
    }
    assert render(text, variables) == expected


def test_an_article_written_before_a_name_that_has_one_is_an_error(project_copy: Project) -> None:
    """A trainer wrote « douze communes du {{ territoire.nom }} »: her learners read « du le
    Val-de-Brume », and ``ecole check`` said nothing."""
    settings = minimal_edition(project_copy, "test")
    edit(settings, "territory: {name: Territoire-Test}", "territory: {name: Val-de-Brume, article: le}")
    page = write(
        project_copy.editions / "test" / "docs" / "en-pratique.md",
        "---\ntitle: En pratique\nrender_macros: true\n---\n\n# En pratique\n\n"
        "Douze communes de {{ territoire.nom }} ; la mairie du {{ territoire.nom }}.\n",
    )
    [error] = errors_of(project_copy, "test")
    assert error.startswith(f"editions/test/docs/en-pratique.md:{line_of(page, 'la mairie du')}: ")
    assert "« du » devant une variable dont la valeur commence déjà par un article" in error
    assert "le lecteur lirait « du le Val-de-Brume »" in error
    with pytest.raises(macros.MacroError):
        render("au {{ t }}", {"t": "la Creuse"})


def test_an_article_before_a_name_is_an_error_even_where_this_name_has_none() -> None:
    """Upstream content serves every edition: « du {{ collectivite.nom }} » reads « du votre
    collectivité » in the reference, « du la Ville-Exemple » in another edition."""
    variables = {"collectivite": {"nom": "votre collectivité"}, "territoire": {"nom": "votre territoire"}}
    for written in ("du {{ collectivite.nom }}", "Aux {{territoire.nom}}"):
        with pytest.raises(macros.MacroError, match="peut commencer par un article"):
            render(f"Les agents\n{written}.", variables)
    assert render("de {{ collectivite.nom }}", variables) == "de votre collectivité"
    with pytest.raises(macros.MacroError, match="« Les » devant une variable qui porte déjà son article"):
        render("Les {{ territoire.nom }} recrutent.", variables)
    # what {% raw %} shows as written, a guide's wrong example, is not checked
    shown = "{% raw %}jamais « du {{ collectivite.nom }} »{% endraw %}"
    assert render(shown, variables) == "jamais « du {{ collectivite.nom }} »"
    assert (
        render("à {{ t }}, aux {{ n }} communes", {"t": "la Creuse", "n": "douze"}) == "à la Creuse, aux douze communes"
    )


def test_reference_names_read_naturally(project: Project) -> None:
    curriculum, _ = load_curriculum(project)
    body = curriculum.modules["cadrer-un-probleme"].body
    assert "les usagers de\nvotre collectivité." in body


# --- selection and overlay errors ----------------------------------------------------


def test_excluded_prerequisite_names_both_modules(project_copy: Project) -> None:
    settings = minimal_edition(
        project_copy, "test", "selection:\n  modules: [observer-les-usages]\n  exclude: [innovation-par-les-usages]\n"
    )
    line = line_of(settings, "exclude:")
    assert errors_of(project_copy, "test") == [
        f"editions/test/edition.yml:{line}: selection.exclude[0]: le module « observer-les-usages » est retenu "
        "mais son prérequis « innovation-par-les-usages » est exclu : retirez « innovation-par-les-usages » "
        "de exclude, ou excluez aussi « observer-les-usages »"
    ]


def test_unknown_module_in_selection(project_copy: Project) -> None:
    settings = minimal_edition(project_copy, "test", "selection:\n  audience: [elus]\n  modules: [entretien]\n")
    line = line_of(settings, "modules: [entretien]")
    assert errors_of(project_copy, "test") == [
        f"editions/test/edition.yml:{line}: selection.modules[0]: module « entretien » introuvable ; "
        "vouliez-vous dire « entretiens » ?"
    ]


def test_same_id_without_replaces_is_refused(project_copy: Project) -> None:
    minimal_edition(project_copy, "test")
    upstream = project_copy.root / "modules" / "entretiens.md"
    write(project_copy.editions / "test" / "modules" / "entretiens.md", upstream.read_text(encoding="utf-8"))
    assert errors_of(project_copy, "test") == [
        "editions/test/modules/entretiens.md:2: replaces: « entretiens » existe déjà dans le cursus de référence "
        "(modules/entretiens.md) : ajoutez replaces: entretiens pour le remplacer, ou renommez le fichier"
    ]


def test_unknown_default_path(project_copy: Project) -> None:
    settings = minimal_edition(project_copy, "test", "default_path: elus-presses\n")
    (error,) = errors_of(project_copy, "test")
    assert error.startswith(
        f"editions/test/edition.yml:{line_of(settings, 'default_path')}: default_path: "
        "parcours « elus-presses » introuvable ; parcours disponibles : cursus-complet, agents,"
    )


def test_selection_keeps_prerequisites_and_upstream_licence(project_copy: Project) -> None:
    minimal_edition(project_copy, "test", "licence: CC-BY-4.0\nselection:\n  modules: [tester-et-iterer]\n")
    curriculum, _ = load_curriculum(project_copy, edition="test")
    # tester-et-iterer needs prototyper, which needs innovation-par-les-usages, which needs pourquoi-innover
    assert set(curriculum.modules) == {
        "tester-et-iterer",
        "prototyper",
        "innovation-par-les-usages",
        "pourquoi-innover",
    }
    assert "entretiens" in curriculum.excluded
    assert {m.origin for m in curriculum.modules.values()} == {"upstream"}
    assert curriculum.modules["prototyper"].licence == "etalab-2.0"


# --- an edition that uses every feature --------------------------------------------------


def fill_in(path: Path) -> Path:
    """What an author does to a scaffolded file: every « à remplacer » rewritten, real coordinates
    and département, the edition's own territory and organisation."""
    text = path.read_text(encoding="utf-8")
    # the template's département: its name, as its sample code gives it (the two must agree)
    text = text.replace("name: Département à remplacer", "name: Creuse")
    text = text.replace(" (titre à remplacer)", "").replace(" (à remplacer)", "").replace("à remplacer", "rédigé")
    text = text.replace("name: votre territoire", "name: Ma-Ville").replace("name: votre collectivité", "name: Mairie")
    text = text.replace("agents de votre collectivité", "agents de la mairie")
    path.write_text(text.replace("coordinates: [46.6, 2.4]", "coordinates: [44.0, 0.5]"), encoding="utf-8")
    return path


def complete_edition(project: Project) -> None:
    """Selection by part, audience, ids and exclusion; local module, case study and page;
    a replacement; logo, palette, trainer view and territory variables."""
    root = project.editions / "complete"
    write(
        root / "edition.yml",
        "name: École de Villetest\n"
        "territory: {name: Landes-de-Test, article: les}\n"
        "organisation: {name: Département de Test, article: le}\n"
        "contact: {service: Service formation}\n"
        "logo: logo.svg\n"
        'palette: {primary: "#5a2d0c", accent: "#0b5d1e"}\n'
        "selection:\n"
        "  parts: [sensibilisation]\n"
        "  audience: [elus]\n"
        "  modules: [tester-et-iterer]\n"
        "  exclude: [territoires-ruraux]\n",
    )
    write(
        root / "logo.svg",
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><rect width="8" height="8"/></svg>',
    )
    fill_in(new_item(project, "module", "module-local", edition="complete"))
    fill_in(new_item(project, "case-study", "cas-local", edition="complete"))
    write(
        root / "docs" / "en-pratique.md",
        "---\ntitle: En pratique\nrender_macros: true\n---\n\n# En pratique\n\n"
        "Les sessions de {{ collectivite.nom }} ; voir le [glossaire](glossaire.md) et "
        "[les entretiens](../modules/entretiens.md).\n",
    )
    upstream_case = (project.root / "case_studies" / "cahors-carte-blanche.md").read_text(encoding="utf-8")
    write(
        root / "case_studies" / "cahors-local.md",
        upstream_case.replace("---\n", "---\nreplaces: cahors-carte-blanche\n", 1).replace(
            "title: Carte Blanche dans le bassin de vie de Cahors", "title: Carte Blanche, version locale", 1
        ),
    )


@pytest.fixture(scope="module")
def complete_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from conftest import copy_project

    project = copy_project(tmp_path_factory.mktemp("editions") / "projet")
    complete_edition(project)
    # an upstream edit reaches the edition at its next build: nothing was copied
    edit(project.root / "modules" / "pourquoi-innover.md", "## ", "Phrase ajoutée en amont.\n\n## ")
    return build_site(project, edition="complete", trainer=True, exports=False).site


def page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def test_complete_edition_selection(complete_site: Path) -> None:
    modules = {p.parent.name for p in (complete_site / "modules").glob("*/index.html")}
    assert "pourquoi-innover" in modules and "participation-citoyenne" in modules  # part 1, for elus
    assert "tester-et-iterer" in modules and "prototyper" in modules  # by id, and its prerequisite
    assert "module-local" in modules  # the edition's own module
    assert "territoires-ruraux" not in modules  # excluded
    assert "cadrer-un-probleme" not in modules  # part 2
    assert "entretiens" not in modules  # part 1 but not for elus, nobody needs it


def test_complete_edition_local_content_and_replacement(complete_site: Path) -> None:
    assert ">Module local</h1>" in page(complete_site, "modules/module-local")
    assert ">Cas local</h1>" in page(complete_site, "etudes-de-cas/cas-local")
    local = page(complete_site, "en-pratique")
    assert "Les sessions du Département de Test" in local
    assert 'href="../glossaire/"' in local
    assert "les entretiens" in local and 'href="../modules/entretiens/"' not in local  # not published
    assert "Carte Blanche, version locale" in page(complete_site, "etudes-de-cas/cahors-carte-blanche")
    # upstream pages still link to the replaced case study, now the local version
    assert 'href="../../etudes-de-cas/cahors-carte-blanche/"' in page(complete_site, "modules/tester-et-iterer")


def test_complete_edition_look_and_trainer_view(complete_site: Path) -> None:
    home = page(complete_site, "")
    assert "École de Villetest" in home
    assert (complete_site / "assets" / "logo.svg").is_file() and 'src="assets/logo.svg"' in home
    # the logo stands in the link to the home page, named by the edition's name written next
    # to it: a decorative image, with an empty text alternative (WCAG 1.1.1, H2)
    assert 'alt="logo"' not in home
    assert re.search(r'<img src="assets/logo\.svg" alt="[^"]+">', home)  # the site's name
    assert 'aria-label="École de Villetest" data-md-component="logo">' in home
    assert "#5a2d0c" in home and "#0b5d1e" in home
    assert "Vue formateur" in home
    module = page(complete_site, "modules/pourquoi-innover")
    assert '<details class="formateur" open="open">' in module
    assert '<details class="solution" open="open">' in module
    assert "Phrase ajoutée en amont." in module
    assert "les usagers du Département de Test" in module


# --- scaffolding ----------------------------------------------------------------------


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    return {
        path.relative_to(root).as_posix(): (path.stat().st_size, path.stat().st_mtime_ns)
        for path in root.rglob("*")
        if path.is_file()
    }


def test_new_edition_touches_nothing_outside_its_folder(project_copy: Project, capsys: pytest.CaptureFixture) -> None:
    before = snapshot(project_copy.root)
    assert main(["--projet", str(project_copy.root), "new", "edition", "ma-ville", "--name", "École : Ma-Ville"]) == 0
    after = snapshot(project_copy.root)
    created = {path for path in after if path not in before}
    assert {path: after[path] for path in before} == before
    assert created == {
        "editions/ma-ville/edition.yml",
        "editions/ma-ville/README.md",
        "editions/ma-ville/modules/.gitkeep",
        "editions/ma-ville/case_studies/.gitkeep",
        "editions/ma-ville/docs/.gitkeep",
    }
    assert "Édition « ma-ville » créée" in capsys.readouterr().out
    settings = (project_copy.editions / "ma-ville" / "edition.yml").read_text(encoding="utf-8")
    assert "name: 'École : Ma-Ville'" in settings
    assert "# Votre territoire." in settings


def test_an_editions_home_page_is_described_by_the_edition(edition_pages: Callable[[str], Path]) -> None:
    """The summary search engines show for the home page is the edition's description."""
    home = (edition_pages("departement-exemple") / "index.html").read_text(encoding="utf-8")
    assert '<meta name="description" content="Édition d\'exemple pour un département rural fictif' in home


def test_covers_name_the_edition_as_a_sentence_does(project_copy: Project) -> None:
    from ecole.exports.booklet_parts import Cover, cover_html
    from ecole.exports.pdf import DocumentInfo

    minimal_edition(project_copy, "test")
    curriculum, _ = load_curriculum(project_copy, edition="test")
    info = DocumentInfo("Un titre", "Un résumé", curriculum.timestamp)
    cover = cover_html(curriculum, Cover("Livret", "Un titre", "Un résumé", []), info)
    assert "Édition de la Mairie de Test" in cover
    assert curriculum.settings.of_organisation == "de la Mairie de Test"


def test_scaffolded_files_are_refused_until_filled_in(project_copy: Project, capsys: pytest.CaptureFixture) -> None:
    new_edition(project_copy, "ma-ville", "École de Ma-Ville")
    created = [new_item(project_copy, kind, f"nouveau-{kind}") for kind in ("module", "method", "case-study")]
    created += [
        new_item(project_copy, kind, f"local-{kind}", edition="ma-ville") for kind in ("module", "method", "case-study")
    ]
    created.append(project_copy.editions / "ma-ville" / "edition.yml")  # its territory and organisation
    module = created[0].read_text(encoding="utf-8")
    assert module.count("- question:") == 4
    for box in ("!!! activite", "!!! exercice", "??? solution", "!!! retenir", "??? formateur"):
        assert box in module
    # dated the day it is written: its booklets, sheets and packages take that date
    today = f"updated: {date.today().isoformat()} "
    assert all(today in path.read_text(encoding="utf-8") for path in created[:-1])
    capsys.readouterr()
    # as created, each file could be published with its example text: refused, file by file, with its lines
    assert main(["--projet", str(project_copy.root), "check", "--all"]) == 1
    errors = capsys.readouterr().err.splitlines()
    for path in created:
        name = path.relative_to(project_copy.root).as_posix()
        assert any(line.startswith(name + ":") and "texte d'exemple laissé en place" in line for line in errors), name
    assert "relancez « ecole check --all »" in errors[-1]
    # once the author has written their own text, the files pass
    for path in created:
        fill_in(path)
    assert main(["--projet", str(project_copy.root), "check", "--all"]) == 0
    output = capsys.readouterr()
    mentioned = {path.relative_to(project_copy.root).as_posix() for path in created}
    assert not [line for line in output.err.splitlines() + output.out.splitlines() if line.split(":")[0] in mentioned]
    assert "édition « ma-ville » : " in output.out


def test_scaffolding_never_overwrites(project_copy: Project, capsys: pytest.CaptureFixture) -> None:
    root = str(project_copy.root)
    assert main(["--projet", root, "new", "module", "entretiens"]) == 1
    assert capsys.readouterr().err == (
        "Rien n'a été créé : modules/entretiens.md existe déjà : choisissez un autre identifiant, "
        "ou supprimez ce fichier pour repartir de zéro.\n"
    )
    assert main(["--projet", root, "new", "edition", "ville-exemple", "--name", "Autre"]) == 1
    assert "editions/ville-exemple existe déjà" in capsys.readouterr().err
    assert main(["--projet", root, "new", "module", "Mauvais_Nom"]) == 1
    assert "« Mauvais_Nom » n'est pas un identifiant" in capsys.readouterr().err


# --- building every edition ---------------------------------------------------------------


def test_build_editions_builds_both_examples_and_reports_a_failure(
    project_copy: Project, capsys: pytest.CaptureFixture
) -> None:
    assert set(EXAMPLES) <= set(project_copy.edition_ids())
    minimal_edition(project_copy, "cassee", "selection:\n  exclude: [inconnu]\n")
    assert main(["--projet", str(project_copy.root), "build-editions", "--skip-exports"]) == 1
    output = capsys.readouterr()
    for edition in EXAMPLES:
        assert (
            f"✓ {edition} : site construit dans site/editions/{edition}/, "
            f"vue formateur dans site-formateur/editions/{edition}/"
        ) in output.out
        assert "Vue formateur" not in page(project_copy.root / "site" / "editions" / edition, "")
        assert "Vue formateur" in page(project_copy.root / "site-formateur" / "editions" / edition, "")
    assert "editions/cassee/edition.yml:6: selection.exclude[0]: module « inconnu » introuvable" in output.err
    assert "✗ cassee : échec" in output.err
    assert re.search(r"2 éditions construites sur 3 en [\d,]+\xa0s ; en échec : cassee\.", output.err)
    assert "#4a2673" in page(project_copy.root / "site" / "editions" / "ville-exemple", "")
    assert not (project_copy.root / "site" / "editions" / "cassee").exists()
    assert not (project_copy.root / "site-formateur" / "editions" / "cassee").exists()


def test_rebuilding_a_site_keeps_the_editions_nested_in_it(tmp_path: Path) -> None:
    target = write(tmp_path / "site" / "index.html", "ancien").parent
    write(target / "editions" / "ville-exemple" / "index.html", "édition")
    # where the trainer view went before it moved out to site-formateur/: not kept
    write(target / "formateur" / "index.html", "vue formateur périmée")
    new = write(tmp_path / "nouveau" / "index.html", "nouveau").parent
    _swap(new, target)
    assert (target / "index.html").read_text(encoding="utf-8") == "nouveau"
    assert (target / "editions" / "ville-exemple" / "index.html").read_text(encoding="utf-8") == "édition"
    assert not (target / "formateur").exists()
    assert sorted(os.listdir(tmp_path)) == ["site"]


def test_a_text_is_compiled_once_and_rendered_with_each_views_variables() -> None:
    text = "Bienvenue à {{ territoire.nom }}.\n"
    before = macros._compiled.cache_info()
    assert render(text, {"territoire": {"nom": "Bourg-Test"}}) == "Bienvenue à Bourg-Test.\n"
    assert render(text, {"territoire": {"nom": "Val-Essai"}}) == "Bienvenue à Val-Essai.\n"
    after = macros._compiled.cache_info()
    assert (after.misses - before.misses, after.hits - before.hits) == (1, 1)
