"""Every internal link and anchor of the built site, and of every edition, leads somewhere."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import markdown
import pytest

from conftest import copy_project
from ecole.assembly.dialect import extension_names, extension_settings
from ecole.build import BuildResult
from ecole.build_editions import build_all
from ecole.cli import main
from ecole.exports import planned_files
from ecole.linkcheck import check_site
from ecole.model.addresses import GLOSSARY_PAGE
from ecole.model.anchors import anchors
from ecole.model.curriculum import load_curriculum
from ecole.model.project import Project
from ecole.model.structure import page_url


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_the_checker_finds_missing_files_anchors_and_escapes(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write(site / "index.html", '<h1 id="accueil">Accueil</h1><a href="modules/">Modules</a><a href="#accueil">Haut</a>')
    write(
        site / "modules" / "index.html",
        '<link rel="stylesheet" href="../style.css">'
        '<a href="../">accueil</a> <a href="../#accueil">ancre</a> <a href="/modules/#partie-1">racine</a>'
        '<a href="../methodes/persona/">fiche absente</a> <a href="../#nulle-part">ancre absente</a>'
        '<a href="../../ailleurs/">hors du site</a> <img src="image%20manquante.png" alt="">'
        '<a href="https://www.etalab.gouv.fr/">externe</a> <a href="mailto:formation@example.fr">courriel</a>'
        '<h2 id="partie-1">Partie 1</h2>',
    )
    write(site / "style.css", "")
    report = check_site(site)
    assert [str(broken) for broken in report.broken] == [
        "modules/index.html : lien « ../methodes/persona/ » : aucun fichier à cette adresse",
        "modules/index.html : lien « ../#nulle-part » : la page index.html n'a pas d'ancre « nulle-part »",
        "modules/index.html : lien « ../../ailleurs/ » : l'adresse sort du site",
        "modules/index.html : lien « image%20manquante.png » : aucun fichier à cette adresse",
    ]
    assert report.pages == 2 and report.internal == 10
    assert dict(report.external) == {
        "https://www.etalab.gouv.fr/": {"modules/index.html"},
        "mailto:formation@example.fr": {"modules/index.html"},
    }


def test_every_link_of_the_site_leads_somewhere(site: Path) -> None:
    report = check_site(site)
    assert [str(broken) for broken in report.broken] == []
    assert report.pages > 50 and report.internal > 2000  # the whole site was read
    assert any(url.startswith("https://") for url in report.external)


def test_linkcheck_command_lists_external_addresses_without_fetching_them(site: Path, tmp_path: Path) -> None:
    listing = tmp_path / "liens-externes.txt"
    result = subprocess.run(
        [sys.executable, "-m", "ecole.cli", "linkcheck", str(site), "--externes", str(listing)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "0 cassé ;" in result.stdout and f"listées dans {listing}" in result.stdout
    lines = listing.read_text(encoding="utf-8").splitlines()
    assert lines == sorted(lines) and all(
        line.split("\t")[0].startswith(("https://", "http://", "mailto:")) for line in lines
    )


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory, project: Project) -> dict[str, Path]:
    """Every edition of the project, built in parallel as ``ecole build-editions`` does."""
    copy = copy_project(tmp_path_factory.mktemp("editions") / "projet")
    outcomes = list(build_all(copy, exports=False))
    assert [outcome.errors for outcome in outcomes if outcome.site is None] == []
    return {outcome.edition: outcome.site for outcome in outcomes if outcome.site is not None}


def export_paths(project: Project, edition: str) -> set[str]:
    """The export files an edition's pages may link to: built without exports (to keep
    the suite fast), the site does not hold them yet. Each writer writes exactly the
    files it declares (tested with the exports), so the declaration is enough here."""
    curriculum, _ = load_curriculum(project, edition=edition)
    return {f"exports/{file.path}" for _, files in planned_files(curriculum) for file in files}


def test_every_link_of_every_edition_leads_somewhere(editions: dict[str, Path], project: Project) -> None:
    assert sorted(editions) == project.edition_ids() != []
    broken = {
        edition: [str(b) for b in check_site(site, export_paths(project, edition)).broken]
        for edition, site in editions.items()
    }
    assert broken == {edition: [] for edition in editions}


def test_check_knows_the_anchors_the_site_gives(built: BuildResult) -> None:
    """``ecole check`` reports an anchor it does not find in the page's text (:mod:`ecole.model.anchors`):
    every id it finds there must be one the built page has, or it would let a broken link through."""
    checked = 0
    for item in built.curriculum.items():
        found = anchors(item.body, glossary=item.staged_path == GLOSSARY_PAGE)
        if not found:
            continue
        html = (built.site / page_url(item.staged_path) / "index.html").read_text(encoding="utf-8")
        ids = set(re.findall(r'\bid="([^"]+)"', html))
        assert found <= ids, (item.staged_path, sorted(found - ids))
        checked += len(found)
    assert checked > 300


def test_a_broken_anchor_only_mkdocs_sees_is_said_in_french(project_copy: Project, tmp_path: Path, capsys) -> None:
    """An anchor in a page the tool writes (a path) escapes ``ecole check``; MkDocs stops the
    build on it: its message comes in French, naming the source file."""
    module = project_copy.root / "modules" / "pourquoi-innover.md"
    module.write_text(module.read_text(encoding="utf-8") + "\nVoir [le parcours](../parcours/agents.md#nulle-part).\n")
    site = str(tmp_path / "site")
    assert main(["--projet", str(project_copy.root), "build", "--skip-exports", "--site-dir", site]) == 1
    err = capsys.readouterr().err
    assert (
        "- modules/pourquoi-innover.md : le lien « ../parcours/agents.md#nulle-part » mène à "
        "« parcours/agents.md », où aucun titre n'a l'ancre « #nulle-part » : corrigez l'ancre dans ce fichier, "
        "ou retirez-la"
    ) in err, err
    assert "Doc file" not in err and "strict mode" not in err


def test_anchors_are_those_python_markdown_gives() -> None:
    body = (
        "Titre souligné\n==============\n\n## L'**exemple** de [Cahors](x.md)\n\n## Exemple\n\n## Exemple\n\n"
        '## Donné {: #a-la-main }\n\n!!! note "Encadré"\n\n    ## Dans l\'encadré\n\n'
        '<a id="ancre-html"></a>\n\n```\n## Pas un titre\n```\n'
    )
    assert anchors(body) == {
        "titre-souligne", "lexemple-de-cahors", "exemple", "exemple_1", "a-la-main", "dans-lencadre", "ancre-html",
    }  # fmt: skip
    assert anchors('Voir :\n\n--8<-- "telechargements.md"\n') is None  # its headings are in another file
    # as the site makes them: typography (« 3h30 » -> « 3 h 30 ») comes after the ids
    typographed = (
        "## Programme de la matinée (3h30)\n\n## Après la session&nbsp;: et maintenant ?\n\n## Œuvres\n\n"
        "## Le fichier mon_fichier et un _mot_\n"
    )
    converter = markdown.Markdown(extensions=extension_names(), extension_configs=extension_settings())
    site_ids = set(re.findall(r'<h2 id="([^"]+)"', converter.convert(typographed)))
    assert anchors(typographed) == site_ids == {
        "programme-de-la-matinee-3h30", "apres-la-session-et-maintenant", "uvres", "le-fichier-mon_fichier-et-un-mot",
    }  # fmt: skip
    assert "mode-labo" in anchors("Mode labo\n:   Une façon de travailler.\n", glossary=True)
