"""An edition a trainer publishes as their own: everything its site shows comes from its
own curriculum, and it controls every upstream page and path (``hide:``, ``replaces:``,
``menu:``) without touching an upstream file."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from ecole.assembly.typography import french
from ecole.build import BuildResult, build_site
from ecole.cli import main
from ecole.errors import ContentError
from ecole.model.curriculum import load_curriculum
from ecole.model.durations import format_minutes
from ecole.model.project import Project
from ecole.model.structure import MenuPlace
from test_editions import line_of, minimal_edition, write

EDITION = "bocage"
DESCRIPTION = "Le cursus des agents du bocage, cadres et non-cadres, pour innover avec les usagers."


def settings_file(project: Project, extra: str, edition: str = "test") -> Path:
    return minimal_edition(project, edition, extra)


def errors_of(project: Project, edition: str = "test") -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_curriculum(project, edition=edition)
    return [str(d) for d in caught.value.diagnostics if d.severity.value == "erreur"]


def bocage_edition(project: Project) -> None:
    """Part 1 only, one module excluded, one replaced, a local page placed in the menu,
    an upstream page and paths hidden, an upstream path replaced."""
    root = project.editions / EDITION
    settings_file(
        project,
        "selection:\n"
        "  parts: [sensibilisation]\n"
        "  exclude: [participation-citoyenne]\n"
        "hide:\n"
        "  pages: [credits, guides/republier-lms.md]\n"
        "  parcours: [decouverte-une-journee, elus]\n"
        f"description: {DESCRIPTION}\n",
        edition=EDITION,
    )
    upstream = (project.root / "modules" / "territoires-ruraux.md").read_text(encoding="utf-8")
    title = re.search(r"^title: .*$", upstream, re.MULTILINE).group(0)
    write(
        root / "modules" / "territoires-ruraux.md",
        upstream.replace("---\n", "---\nreplaces: territoires-ruraux\n", 1).replace(
            title, "title: Innover dans le bocage", 1
        ),
    )
    write(
        root / "docs" / "au-bocage.md",
        "---\ntitle: Le cursus au bocage\nrender_macros: true\nmenu: {section: Ressources, order: 1}\n---\n\n"
        "# Le cursus au bocage\n\nLes sessions de {{ collectivite.nom }}, voir les [crédits](credits.md) et "
        "le module [sur le bocage](../modules/territoires-ruraux.md).\n",
    )
    write(
        root / "parcours.yml",
        "- id: premiers-pas-au-bocage\n"
        "  replaces: premiers-pas-sur-le-terrain\n"
        "  title: Premiers pas au bocage\n"
        "  summary: Observer, écouter et formuler les irritants des usagers du bocage.\n"
        "  modules: [pourquoi-innover, innovation-par-les-usages, observer-les-usages, entretiens]\n",
    )


@pytest.fixture(scope="module")
def bocage(tmp_path_factory: pytest.TempPathFactory) -> tuple[Project, BuildResult]:
    from conftest import copy_project

    project = copy_project(tmp_path_factory.mktemp("bocage") / "projet")
    bocage_edition(project)
    return project, build_site(project, edition=EDITION, exports=False)


def gone_titles(project: Project, built: BuildResult) -> list[str]:
    """Titles of the reference's modules the edition does not publish as they are."""
    reference, _ = load_curriculum(project)
    gone = [m.title for m in reference.modules.values() if m.id not in built.curriculum.modules]
    return [*gone, reference.modules["territoires-ruraux"].title]  # replaced by the local variant


def reference_only(project: Project) -> list[str]:
    """Words that tell of the reference's curriculum, not of an edition of part 1 only."""
    reference, _ = load_curriculum(project)
    part_1 = [m for m in reference.modules.values() if m.part == "sensibilisation"]
    total = format_minutes(reference.total_minutes)
    return [
        f"{len(reference.modules)} modules",
        f"{len(part_1)} modules",
        total,
        french(total),  # as the build prints it
        "Les deux parties",
        "Partie 2",
        "Travaux pratiques",
        "travaux pratiques",
        "Découverte en une journée",
        "Premiers pas sur le terrain",
        "Parcours élus",
        "Rédiger un module",
    ]


def pdf_text(path: Path, last_page: int | None = None) -> str:
    pages = ["-l", str(last_page)] if last_page else []
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", *pages, str(path), "-"], capture_output=True, text=True, check=True
    )
    return re.sub(r"\s+", " ", out.stdout)


def page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def text(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", markup))


def nav_section(markup: str, label: str) -> list[str]:
    """The addresses the menu lists under its top-level section ``label``, in order (the
    section of the page itself: ``navigation.prune`` leaves the others folded)."""
    start = markup.find(f'<nav class="md-nav" data-md-level="1" aria-label="{label}"')
    assert start != -1, f"no open section {label!r} in the menu"
    return re.findall(r'<a href="([^"]+)" class="md-nav__link', markup[start : markup.index("</ul>", start)])


def test_check_of_an_edition_that_leaves_a_part_out_prints_no_warning(
    bocage: tuple[Project, BuildResult], capsys: pytest.CaptureFixture
) -> None:
    project, _ = bocage
    capsys.readouterr()
    assert main(["--projet", str(project.root), "check", "--edition", EDITION]) == 0
    output = capsys.readouterr()
    assert "aucune erreur, aucun avertissement" in output.out
    assert "avertissement" not in output.err


def test_edition_site_tells_only_of_its_own_curriculum(bocage: tuple[Project, BuildResult]) -> None:
    project, built = bocage
    curriculum = built.curriculum
    assert "participation-citoyenne" not in curriculum.modules
    assert {m.part for m in curriculum.modules.values()} == {"sensibilisation"}
    screens = {url: text(page(built.site, url)) for url in ("", "modules", "parcours")}
    for url, shown in screens.items():
        for words in [*gone_titles(project, built), *reference_only(project)]:
            assert words not in shown, (url or "accueil", words)
    # the home page opens on the edition's own presentation (words may carry a glossary tooltip)
    assert re.sub(r"\s+", " ", screens[""]).find(DESCRIPTION.split(",")[0]) != -1
    counts = french(f"{len(curriculum.modules)} modules, {format_minutes(curriculum.total_minutes)}")
    assert counts in screens[""] and counts in screens["modules"]
    assert "Innover dans le bocage" in screens["modules"]
    assert "Premiers pas au bocage" in screens["parcours"]
    assert (
        "Tous les modules de la partie «\u00a0Sensibilisation et formation aux méthodes\u00a0»" in screens["parcours"]
    )
    # the menu, as the catalogue's page opens it: one part, no part 2
    catalogue = page(built.site, "modules")
    menu = text(catalogue[catalogue.index('<nav class="md-nav md-nav--primary"') : catalogue.index("</nav>")])
    # the only part is named, not numbered
    assert "Sensibilisation et formation aux méthodes" in text(catalogue) and "Partie 1" not in text(catalogue)
    for words in ("Partie 1", "Partie 2", "Travaux pratiques", "Crédits", *gone_titles(project, built)):
        assert words not in menu, words


@pytest.fixture(scope="module")
def bocage_exports(bocage: tuple[Project, BuildResult], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """What a republisher takes of the edition: SCORM, quiz banks, catalogue, offline copy
    and the cursus booklet, written from the edition's curriculum beside a copy of its site."""
    from ecole.exports import EXPORTS
    from ecole.exports.booklets import curriculum_booklet
    from ecole.exports.parted import print_booklets

    _, built = bocage
    site = tmp_path_factory.mktemp("bocage-exports") / "site"
    shutil.copytree(built.site, site)
    for export in EXPORTS:
        if export.name in ("catalogue", "scorm", "banques-de-questions", "hors-ligne"):
            export.write(built.curriculum, site / "exports")
    print_booklets([curriculum_booklet(built.curriculum, site / "exports")])
    return site / "exports"


def test_edition_exports_tell_only_of_its_own_curriculum(
    bocage: tuple[Project, BuildResult], bocage_exports: Path
) -> None:
    project, built = bocage
    modules = built.curriculum.modules
    forbidden = [*gone_titles(project, built), *reference_only(project)]
    shown: dict[str, str] = {}
    for version in ("scorm12", "scorm2004"):
        assert sorted(p.stem for p in (bocage_exports / version).glob("*.zip")) == sorted([*modules, "cursus-complet"])
        with zipfile.ZipFile(bocage_exports / version / "cursus-complet.zip") as package:
            manifest = package.read("imsmanifest.xml").decode("utf-8")
        assert manifest.count('<item identifier="item-') == len(modules), version
        assert re.findall(r'<item identifier="partie-([^"]+)"', manifest) == ["sensibilisation"], version
        shown[f"{version} cursus manifest"] = html.unescape(manifest)
    # the banks' categories, which the tool names (the questions are the modules' prose)
    moodle = (bocage_exports / "quiz/moodle/cursus-complet.xml").read_text(encoding="utf-8")
    shown["moodle categories"] = html.unescape(" ".join(re.findall(r"<category>\s*<text>([^<]*)</text>", moodle)))
    gift = (bocage_exports / "quiz/gift/cursus-complet.gift.txt").read_text(encoding="utf-8")
    shown["gift categories"] = " ".join(re.findall(r"^\$CATEGORY: *(.*)$", gift, re.MULTILINE))
    catalogue = json.loads((bocage_exports / "catalogue.json").read_text(encoding="utf-8"))
    shown["catalogue"] = json.dumps(catalogue, ensure_ascii=False)
    assert catalogue["organisation"]  # an edition's publisher, unlike the reference's
    # what the tool writes (cover, contents, part pages), not the modules' own prose, which
    # may speak of the travaux pratiques of the Creuse's school
    booklet = bocage_exports / "pdf" / "cursus-complet.pdf"
    shown["cursus booklet: cover, contents, part page"] = pdf_text(booklet, last_page=3)
    assert "Partie 2" not in pdf_text(booklet)
    assert "Partie 1" not in shown["cursus booklet: cover, contents, part page"]
    with zipfile.ZipFile(bocage_exports / "site-hors-ligne.zip") as offline:
        names = offline.namelist()
        home = min((n for n in names if n.rsplit("/", 1)[-1] == "index.html"), key=lambda n: n.count("/"))
        shown["offline home"] = text(offline.read(home).decode("utf-8"))
    assert not [n for n in names if "participation-citoyenne" in n or re.search(r"(^|/)credits/", n)]
    for what, content in shown.items():
        for words in forbidden:
            assert words not in content, (what, words)
        if what != "offline home":  # the home page lists paths, not modules
            assert "Innover dans le bocage" in content, what


def test_hidden_pages_and_paths_are_not_published(bocage: tuple[Project, BuildResult]) -> None:
    _, built = bocage
    for url in ("credits", "guides/republier-lms", "parcours/decouverte-une-journee", "parcours/elus"):
        assert not (built.site / url).exists(), url
    assert not (built.site / "parcours" / "premiers-pas-sur-le-terrain").exists()  # replaced
    assert (built.site / "parcours" / "premiers-pas-au-bocage" / "index.html").is_file()
    ids = [learning_path.id for learning_path in built.curriculum.learning_paths]
    assert ids[:4] == ["cursus-complet", "agents", "encadrants", "formateurs"]
    assert "premiers-pas-au-bocage" in ids
    assert not {"elus", "decouverte-une-journee", "premiers-pas-sur-le-terrain"} & set(ids)
    # an upstream path is published whole or not at all: none promises a module the edition lacks
    for learning_path in built.curriculum.learning_paths:
        assert not learning_path.left_out, learning_path.id
    # the reference's path for encadrants, cut down (participation-citoyenne is left out): its
    # summary and objectives, written for all its modules, give way to its modules' own
    encadrants = next(p for p in built.curriculum.learning_paths if p.id == "encadrants")
    assert "participation-citoyenne" not in encadrants.modules and not encadrants.objectives
    local = page(built.site, "au-bocage")
    assert "voir les crédits et" in text(local) and 'href="../credits/"' not in local  # words kept, unlinked
    assert 'href="../modules/territoires-ruraux/"' in local


def test_local_page_goes_where_it_says_in_the_menu(bocage: tuple[Project, BuildResult]) -> None:
    _, built = bocage
    assert built.curriculum.pages["au-bocage.md"].menu == MenuPlace("Ressources", 1)
    resources = nav_section(page(built.site, "au-bocage"), "Ressources")
    assert resources[0] in ("./", "../au-bocage/"), resources
    about = nav_section(page(built.site, "accessibilite"), "À propos")
    assert not [href for href in about if "au-bocage" in href]


def test_menu_ranks_and_home_level(project_copy: Project) -> None:
    from ecole.assembly.navigation import build_nav

    settings_file(project_copy, "")
    docs = project_copy.editions / "test" / "docs"
    write(docs / "agenda.md", "---\ntitle: Agenda\nmenu: {section: Accueil}\n---\n\nLes dates.\n")
    write(docs / "lieux.md", "---\ntitle: Lieux\nmenu: {section: Parcours, order: 1}\n---\n\nLes salles.\n")
    write(docs / "contacts.md", "---\ntitle: Contacts\nmenu: {section: À propos, order: 2}\n---\n\nÉcrire.\n")
    write(docs / "notes.md", "---\ntitle: Notes\n---\n\nSans place choisie.\n")
    curriculum, _ = load_curriculum(project_copy, edition="test")
    nav = build_nav(curriculum)
    assert nav[:2] == [{"Accueil": "index.md"}, "agenda.md"]
    sections = {label: entries for entry in nav if isinstance(entry, dict) for label, entries in entry.items()}
    assert sections["Parcours"][:2] == ["parcours/index.md", "lieux.md"]  # after the section's own page
    assert sections["À propos"][:2] == ["telecharger.md", "contacts.md"]
    assert sections["À propos"][-1] == "notes.md"  # the default place: last of « À propos »


# --- mistakes ---------------------------------------------------------------------------


def test_unknown_hidden_page_and_path(project_copy: Project) -> None:
    settings = settings_file(
        project_copy,
        "hide:\n  pages: [credit, guides/republier-lms.md, index]\n  parcours: [decouverte, cursus-complet]\n",
    )
    line = line_of(settings, "pages:")
    paths_line = line_of(settings, "parcours:")
    written = re.findall(r"^- id: (\S+)", project_copy.paths_file.read_text(encoding="utf-8"), re.MULTILINE)
    # the audience paths parcours.yml writes are named once, with the audiences
    upstream = [path_id for path_id in written if path_id not in ("agents", "encadrants", "elus", "formateurs")]
    assert errors_of(project_copy) == [
        f"editions/test/edition.yml:{line}: hide.pages[0]: page « credit » introuvable dans docs/ ; "
        "vouliez-vous dire « credits » ?",
        f"editions/test/edition.yml:{line}: hide.pages[2]: la page d'accueil ne peut pas être masquée : pour la "
        "réécrire, remplacez-la par une page docs/index.md de l'édition avec replaces: index",
        f"editions/test/edition.yml:{paths_line}: hide.parcours[0]: parcours « decouverte » introuvable ; "
        "vouliez-vous dire « decouverte-une-journee » ? parcours que l'édition peut masquer : agents, encadrants, "
        f"elus, formateurs, {', '.join(upstream)}",
        f"editions/test/edition.yml:{paths_line}: hide.parcours[1]: le parcours « cursus-complet » (tous les "
        "modules de l'édition) ne peut pas être masqué",
    ]


def test_hiding_the_editions_own_page_or_path(project_copy: Project) -> None:
    settings = settings_file(project_copy, "hide:\n  pages: [en-pratique]\n  parcours: [mon-parcours]\n")
    write(project_copy.editions / "test" / "docs" / "en-pratique.md", "# En pratique\n\nLes dates.\n")
    write(
        project_copy.editions / "test" / "parcours.yml",
        "- id: mon-parcours\n  title: Mon parcours\n  summary: Les deux premiers modules.\n"
        "  modules: [pourquoi-innover, innovation-par-les-usages]\n",
    )
    assert errors_of(project_copy) == [
        f"editions/test/edition.yml:{line_of(settings, 'pages:')}: hide.pages[0]: « en-pratique » est une page de "
        "l'édition (editions/test/docs/en-pratique.md) : supprimez ce fichier plutôt que de le masquer",
        f"editions/test/edition.yml:{line_of(settings, 'parcours:')}: hide.parcours[0]: « mon-parcours » est un "
        "parcours de l'édition (editions/test/parcours.yml) : retirez-le de ce fichier plutôt que de le masquer",
    ]


def test_path_with_an_upstream_id_needs_replaces(project_copy: Project) -> None:
    settings_file(project_copy, "")
    paths = write(
        project_copy.editions / "test" / "parcours.yml",
        "# Nos parcours\n"
        "- id: decouverte-une-journee\n  title: Découverte locale\n  summary: Une journée pour découvrir.\n"
        "  modules: [pourquoi-innover]\n"
        "- id: autre\n  replaces: decouverte-une-jour\n  title: Autre parcours\n  summary: Un autre parcours.\n"
        "  modules: [pourquoi-innover]\n",
    )
    upstream_line = line_of(project_copy.paths_file, "id: decouverte-une-journee")
    assert errors_of(project_copy) == [
        f"editions/test/parcours.yml:2: [0].id: « decouverte-une-journee » existe déjà dans parcours.yml "
        f"(ligne {upstream_line}) : ajoutez replaces: decouverte-une-journee pour le remplacer, ou renommez-le",
        f"editions/test/parcours.yml:{line_of(paths, 'replaces:')}: [1].replaces: parcours « decouverte-une-jour » "
        "introuvable dans le parcours.yml du cursus de référence : rien à remplacer ; "
        "vouliez-vous dire « decouverte-une-journee » ?",
    ]


def test_path_replaced_under_its_own_id(project_copy: Project) -> None:
    settings_file(project_copy, "")
    write(
        project_copy.editions / "test" / "parcours.yml",
        "- id: decouverte-une-journee\n  replaces: decouverte-une-journee\n  title: Découverte locale\n"
        "  summary: Une journée pour découvrir, à notre façon.\n  modules: [pourquoi-innover, innovation-par-les-usages, co-construction]\n",
    )
    curriculum, report = load_curriculum(project_copy, edition="test")
    (found,) = [p for p in curriculum.learning_paths if p.id == "decouverte-une-journee"]
    assert found.title == "Découverte locale" and not report.warnings


def test_edition_own_path_still_warns_of_left_out_modules(project_copy: Project) -> None:
    settings_file(project_copy, "selection:\n  parts: [sensibilisation]\n")
    write(
        project_copy.editions / "test" / "parcours.yml",
        "- id: terrain\n  title: Sur le terrain\n  summary: Du cadrage à l'enquête.\n"
        "  modules: [pourquoi-innover, innovation-par-les-usages, cadrer-un-probleme]\n",
    )
    _, report = load_curriculum(project_copy, edition="test")
    assert [str(d) for d in report.warnings] == [
        "editions/test/parcours.yml:4: [0].modules: avertissement : parcours « terrain » : modules absents de "
        "cette édition, retirés du parcours : cadrer-un-probleme"
    ]


def test_a_module_passage_about_a_left_out_module_goes_with_it(project_copy: Project) -> None:
    settings_file(project_copy, "selection:\n  exclude: [participation-citoyenne]\n")
    module = project_copy.root / "modules" / "co-construction.md"
    passage = "Le module Participation citoyenne approfondit la question."
    module.write_text(
        module.read_text(encoding="utf-8")
        + f"\n<!-- si module: participation-citoyenne -->\n{passage}\n<!-- fin si -->\n",
        encoding="utf-8",
    )
    reference, _ = load_curriculum(project_copy)
    edition, _ = load_curriculum(project_copy, edition="test")
    assert passage in reference.modules["co-construction"].body
    assert "<!--" not in reference.modules["co-construction"].body.rsplit(passage, 1)[1]
    assert passage not in edition.modules["co-construction"].body


def test_no_page_of_an_edition_promises_what_it_left_out(bocage: tuple[Project, BuildResult]) -> None:
    """Hand-written sentences about part 2 or a left-out module go with them (« si partie »,
    « si module »), in modules, cards and case studies as in the pages of docs/."""
    _, built = bocage
    promises = (
        "deuxième partie",
        "reprend cette organisation en deux parties",
        "Participation citoyenne approfondit",
        "voyez le module Cadrer un problème",
        # pointers to part 2's modules, in a method card and in the consent kit
        "Prototyper sur le terrain",
        "module Mener l'enquête de terrain",
    )
    for path in built.site.rglob("*.html"):
        shown = re.sub(r"\s+", " ", text(path.read_text(encoding="utf-8")))
        for words in promises:
            assert words not in shown, (path.relative_to(built.site).as_posix(), words)


def test_a_link_to_a_left_out_module_keeps_its_words_or_leaves_a_dash_in_a_table() -> None:
    """Its words in a sentence or a row's name; « — » in a cell that gives a module for the
    row (the cycle table of innovation-par-les-usages named modules the edition left out)."""
    from ecole.model.body import rewrite_links

    body = (
        "| Tester | Cela marche-t-il ? | [Cycle court](methodes/cycle-court.md) | [Tester et itérer](tester-et-iterer.md) |\n"
        "| [Tester et itérer](tester-et-iterer.md) | 2 h |\n"
        "Voir le module [Tester et itérer](tester-et-iterer.md).\n"
        "```\n[Tester et itérer](tester-et-iterer.md)\n```"
    )
    assert rewrite_links(body, {"tester-et-iterer.md": ""}).split("\n") == [
        "| Tester | Cela marche-t-il ? | [Cycle court](methodes/cycle-court.md) | — |",
        "| Tester et itérer | 2 h |",
        "Voir le module Tester et itérer.",
        "```",
        "[Tester et itérer](tester-et-iterer.md)",
        "```",
    ]
