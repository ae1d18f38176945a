"""Paths as training sessions: a schedule in parcours.yml, day by day, checked like a
training programme; a programme sheet and a booklet for every path; the trainer
guide's model programmes, generated per edition."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from conftest import copy_project, trainer_guide
from ecole.assembly.home import _time_label
from ecole.assembly.pages import session_length
from ecole.assembly.typography import french
from ecole.build import BuildResult, build_site
from ecole.errors import ContentError
from ecole.exports.booklets import path_pdf
from ecole.model.addresses import programme_sheet, programme_sheet_pdf, sheet_paths
from ecole.model.curriculum import load_curriculum
from ecole.model.durations import format_minutes
from ecole.model.project import Project
from ecole.model.structure import Curriculum, LearningPath, Slot

EDITION = "sensibilisation-test"
#: Counts the reference guide printed by hand, wrong in an edition that leaves modules out.
REFERENCE_COUNTS = ("onze", "six modules", "17 modules", "11 modules", "dix jours", "vingtaine d'heures")


def pdftext(path: Path) -> str:
    """The text, words cut at the end of a line joined again (WeasyPrint's hyphenation
    prints U+2010; a word's own hyphen stays) and whitespace collapsed, to search for phrases."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True)
    text = re.sub(r"(\w)\u2010\n(\w)", r"\1\2", out.stdout)
    return " ".join(re.sub(r"(\w)-\n(\w)", r"\1-\2", text).split())


def html_text(path: Path) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8")).replace("&#39;", "'").split())


def _squeezed(text: str) -> str:
    return "".join(text.split())


def errors_of(project: Project) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_curriculum(project)
    return [str(d) for d in caught.value.diagnostics if d.severity.value == "erreur"]


def line_of(path: Path, needle: str, after: int = 0) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        if number > after and needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


# --- the schedule's checks ------------------------------------------------------------


def test_schedule_errors_name_the_line_and_the_fix(project_copy: Project) -> None:
    paths = project_copy.paths_file
    paths.write_text(
        """- id: session-test
  title: Session de test
  summary: Une session pour vérifier les messages d'erreur.
  schedule:
    - day: 1
      half: matin
      modules: [innovation-par-les-usages, pourquoi-innover]
    - day: 1
      half: après-midi
      modules: [cadrer-un-probleme, enquete-de-terrain]
    - day: 2
      modules: [pourquoi-innover, module-inconnu]
    - day: 4
      activities: Voyage d'études
""",
        encoding="utf-8",
    )
    matin = line_of(paths, "[innovation-par-les-usages")
    apres_midi = line_of(paths, "[cadrer-un-probleme")
    jour_2 = line_of(paths, "[pourquoi-innover, module-inconnu]")
    jour_4 = line_of(paths, "day: 4")
    assert errors_of(project_copy) == [
        f"parcours.yml:{matin}: [0].schedule[0].modules[0]: « innovation-par-les-usages » demande "
        "« pourquoi-innover », placé après lui (jour 1, matin) : placez « pourquoi-innover » avant lui",
        f"parcours.yml:{apres_midi}: [0].schedule[1].modules: jour 1, après-midi : 6\xa0h\xa030 de modules pour une "
        "demi-journée de 3\xa0h\xa030 ; déplacez un module, ou retirez half pour prendre la journée entière",
        f"parcours.yml:{jour_2}: [0].schedule[2].modules[0]: module « pourquoi-innover » déjà au programme "
        "(jour 1, matin) : un module n'a qu'une place ; pour un module plus long qu'une demi-journée, "
        "retirez half pour lui donner la journée entière",
        f"parcours.yml:{jour_2}: [0].schedule[2].modules[1]: module « module-inconnu » introuvable",
        f"parcours.yml:{jour_4}: [0].schedule[3].day: jour 4 après le jour 2 : il manque le jour 3 ; "
        "numérotez les journées de formation sans trou (les intersessions ne comptent pas)",
    ]


def test_calendar_errors_and_a_path_with_both_lists(project_copy: Project) -> None:
    paths = project_copy.paths_file
    paths.write_text(
        """- id: deux-listes
  title: Deux listes
  summary: Des modules et un programme à la fois.
  modules: [pourquoi-innover]
  schedule:
    - day: 1
      modules: [pourquoi-innover]
- id: calendrier
  title: Calendrier en désordre
  summary: Des journées mal écrites.
  schedule:
    - day: 2
      half: après-midi
      modules: [pourquoi-innover]
    - day: 2
      half: matin
      modules: [innovation-par-les-usages]
    - day: 3
      modules: [observer-les-usages, entretiens, irritants-et-personas, prototyper]
    - day: 3
      half: matin
      activities: Terrain
    - day: 4
      half: matin
""",
        encoding="utf-8",
    )
    both = line_of(paths, "modules: [pourquoi-innover]")
    first = line_of(paths, "day: 2")
    second_half = line_of(paths, "half: matin", after=first)
    whole_day = line_of(paths, "day: 3")
    modules = line_of(paths, "[observer-les-usages")
    again = line_of(paths, "half: matin", after=whole_day)
    empty = line_of(paths, "day: 4")
    assert errors_of(project_copy) == [
        f"parcours.yml:{both}: [0].modules: avec un programme (schedule), la liste des modules s'en déduit : "
        "retirez modules",
        f"parcours.yml:{first}: [1].schedule[0].day: le programme commence au jour 1, pas au jour 2",
        f"parcours.yml:{second_half}: [1].schedule[1].half: jour 2 : écrivez le matin avant l'après-midi",
        f"parcours.yml:{modules}: [1].schedule[2].modules: jour 3 : 8\xa0h de modules pour une journée de 7\xa0h ; "
        "déplacez un module vers un autre jour",
        f"parcours.yml:{again}: [1].schedule[3].half: le jour 3 est déjà au programme (ligne {whole_day}) : "
        "pour une journée en deux temps, écrivez half: matin puis half: après-midi ; sinon réunissez les deux lignes",
        f"parcours.yml:{empty}: [1].schedule[4]: ni modules ni activities : donnez les modules de ce moment, "
        "ou ce qui s'y fait",
    ]


def test_schedule_fields_follow_the_schema(project_copy: Project) -> None:
    paths = project_copy.paths_file
    paths.write_text(
        """- id: session-test
  title: Session de test
  summary: Un moment de la journée mal écrit.
  schedule:
    - day: 1
      half: soir
      modules: [pourquoi-innover]
      activities: "[Une grille](docs/canevas/grille-absente.md) à remplir"
""",
        encoding="utf-8",
    )
    assert errors_of(project_copy) == [
        f"parcours.yml:{line_of(paths, 'half: soir')}: [0].schedule[0].half: « soir » n'est pas une valeur "
        "admise ; choisissez parmi : matin, après-midi"
    ]
    text = paths.read_text(encoding="utf-8").replace("half: soir", "half: matin")
    paths.write_text(text, encoding="utf-8")
    assert errors_of(project_copy) == [
        f"parcours.yml:{line_of(paths, 'activities:')}: lien: « docs/canevas/grille-absente.md » ne mène à "
        "aucun fichier : vérifiez le chemin relatif"
    ]


# --- durations ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def reference(project: Project) -> Curriculum:
    return load_curriculum(project)[0]


def _days(learning_path: LearningPath) -> int:
    """Days of a session that hold a slot (a morning alone counts)."""
    return len({slot.day for slot in learning_path.schedule})


def test_model_programmes_add_up(reference: Curriculum) -> None:
    paths = {learning_path.id: learning_path for learning_path in reference.learning_paths}
    three, ten = paths["programme-trois-jours"], paths["programme-dix-jours"]
    assert (_days(three), three.training_minutes) == (3, 21 * 60)
    assert sum(reference.modules[m].duration for m in three.modules) == 17 * 60
    assert (_days(ten), ten.training_minutes) == (10, 70 * 60)
    # the ten days hold the whole cursus, each module once
    assert sorted(ten.modules) == sorted(reference.modules)
    assert sum(reference.modules[m].duration for m in ten.modules) == reference.total_minutes
    for learning_path in (three, ten):
        for slot in learning_path.schedule:
            assert sum(reference.modules[m].duration for m in slot.modules) <= slot.minutes, slot.label
        seen: set[str] = set()
        for module_id in learning_path.modules:
            assert set(reference.modules[module_id].prerequisites) & set(learning_path.modules) <= seen
            seen.add(module_id)


# --- the reference's sheets and booklets (the session's build, with exports) -------------


def test_every_path_has_its_programme_sheet_and_booklet(built: BuildResult) -> None:
    curriculum = built.curriculum
    exports = built.site / "exports"
    downloads = (built.site / "telecharger" / "index.html").read_text(encoding="utf-8")
    paths = sheet_paths(curriculum)
    assert {"programme-trois-jours", "programme-dix-jours", "agents"} <= {p.id for p in paths}
    for learning_path in paths:
        page = built.site / programme_sheet(learning_path).removesuffix(".md") / "index.html"
        assert page.is_file(), page
        for name in (programme_sheet_pdf(learning_path), path_pdf(learning_path)):
            assert (exports / name).is_file(), name
            assert f"exports/{name}" in downloads, name
    sheet = pdftext(exports / programme_sheet_pdf(next(p for p in paths if p.id == "programme-trois-jours")))
    assert "3 journées (21 h de formation, dont 17 h de modules)" in sheet
    assert "Quand Modules Activités" in sheet and "Jour 1, après-midi" in sheet
    assert "Observer les usages (2 h)" in sheet
    booklet = pdftext(exports / path_pdf(next(p for p in paths if p.id == "programme-dix-jours")))
    assert "LIVRET DU PARCOURS" in booklet and "Programme de la formation" in booklet
    assert "Voyage d'études dans une collectivité" in booklet


def test_a_paths_own_objectives_head_its_page_its_sheet_and_its_catalogue_entry(built: BuildResult) -> None:
    """A training session states what the participant will be able to do at its end (Qualiopi's
    indicator 1), not only each module's objectives: parcours.yml gives them, once, for the
    path's page, its programme sheet (page and PDF) and the catalogue."""
    curriculum = built.curriculum
    exports = built.site / "exports"
    catalogue = {entry["id"]: entry for entry in json.loads((exports / "catalogue.json").read_text())["paths"]}
    written = [p for p in curriculum.learning_paths if p.source is not None]
    assert len(written) >= 9
    for learning_path in written:
        assert 3 <= len(learning_path.objectives) <= 6, learning_path.id
        objectives = [french(objective) for objective in learning_path.objectives]
        page = html_text(built.site / learning_path.url / "index.html")
        assert "À la fin de ce parcours, vous saurez" in page, learning_path.id
        sheet = html_text(built.site / programme_sheet(learning_path).removesuffix(".md") / "index.html")
        whole = "de la formation" if learning_path.schedule else "du parcours"
        assert f"À l'issue {whole}, le participant sera capable de" in sheet, learning_path.id
        assert "Objectifs de chaque module" in sheet
        for objective in objectives:  # compared without spaces: a glossary term's tags leave some
            assert _squeezed(objective) in _squeezed(page), (learning_path.id, objective)
            assert _squeezed(objective) in _squeezed(sheet), (learning_path.id, objective)
        assert catalogue[learning_path.id]["objectives"] == objectives
    sheet = pdftext(exports / programme_sheet_pdf(next(p for p in written if p.id == "programme-dix-jours")))
    assert "À l'issue de la formation, le participant sera capable de" in sheet
    # each module's objectives come with the content, after the public, prerequisites and duration
    # that a reader looks for on the first page
    assert sheet.index("Public visé") < sheet.index("Durée") < sheet.index("Objectifs de chaque module")
    assert sheet.index("le participant sera capable de") < sheet.index("Public visé")
    # a path the tool computes has no objectives of its own: its modules' are listed
    computed = next(p for p in curriculum.learning_paths if p.id == "cursus-complet")
    assert not computed.objectives
    assert len(catalogue["cursus-complet"]["objectives"]) > 17


def test_home_cards_set_a_session_apart_from_the_same_modules_alone(built: BuildResult) -> None:
    """The cursus complet and the ten-day programme both read « 17 modules, 40 h »: a session's
    card gives its time in the room too, and only a session's."""
    cards = re.findall(r'class="ecole-carte__meta">([^<]*)<', (built.site / "index.html").read_text(encoding="utf-8"))
    sessions = [path for path in built.curriculum.learning_paths if path.schedule]
    assert sessions
    for path in sessions:
        assert any(f"{format_minutes(path.training_minutes)} de formation" in card for card in cards), (path.id, cards)
    assert sum("de formation" in card for card in cards) == len(sessions), cards


def test_a_session_card_counts_days_as_its_programme_sheet(reference: Curriculum) -> None:
    """Three days, the last a morning only: the home page's card said « 3 journées de formation »,
    the programme sheet, page and PDF, « 2,5 journées (17 h 30 de formation…) »."""
    session = LearningPath(
        "session-courte",
        "Session courte",
        "Deux journées et une matinée.",
        ["pourquoi-innover"],
        schedule=[
            Slot(1, "matin", ["pourquoi-innover"]),
            Slot(1, "après-midi", []),
            Slot(2, None, []),
            Slot(3, "matin", []),
        ],
    )
    assert _time_label(reference, session) == "2,5 journées de formation"
    assert session_length(reference, session).startswith("2,5 journées (17\u00a0h\u00a030 de formation")


def test_reference_guide_prints_its_model_programmes(reference_guide: Path) -> None:
    guide = pdftext(reference_guide)
    assert "--8<--" not in guide and "si partie" not in guide
    assert "Programme type sur trois jours" in guide and "Programme type sur dix jours" in guide
    # each model programme says what the participant can do at its end, as its sheet does
    assert guide.count("À l'issue de la formation, le participant sera capable de") == 2
    assert "10 journées (70 h de formation, dont 40 h de modules)" in guide
    assert "Il comporte deux parties" in guide and "11 modules, 20 h" in guide
    assert "Conduire les travaux pratiques sur un problème réel" in guide


# --- an edition of the sensibilisation alone, with a programme of its own ----------------


@pytest.fixture(scope="module")
def edition(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """An edition made here, built once with its exports (PDFs: slow)."""
    project = copy_project(tmp_path_factory.mktemp("sessions") / "projet")
    folder = project.editions / EDITION
    folder.mkdir(parents=True)
    (folder / "edition.yml").write_text(
        "name: École de sensibilisation\n"
        "territory: {name: Territoire-Test}\n"
        "organisation: {name: Mairie de Test, article: la}\n"
        "contact: {service: Service formation}\n"
        "selection: {parts: [sensibilisation], exclude: [territoires-ruraux]}\n",
        encoding="utf-8",
    )
    (folder / "parcours.yml").write_text(
        """- id: sensibilisation-elus
  title: Sensibilisation des élus
  summary: Les idées clés et la participation des habitants, pour les élus qui portent la démarche.
  schedule:
    - day: 1
      half: matin
      modules: [pourquoi-innover, innovation-par-les-usages]
      activities: Accueil ; tour de table des attentes
    - day: 1
      half: après-midi
      modules: [participation-citoyenne]
      activities: Étude de cas en petits groupes, avec le [guide d'entretien](docs/canevas/guide-entretien.md)
    - day: 2
      modules: [cadrer-un-probleme]
      activities: Choix d'un problème avec le commanditaire
""",
        encoding="utf-8",
    )
    return build_site(project, edition=EDITION, site_dir=project.root / "site", exports=True)


@pytest.fixture(scope="module")
def left_out_titles(edition: BuildResult, reference: Curriculum) -> list[str]:
    titles = [reference.modules[m].title for m in sorted(edition.curriculum.excluded)]
    assert "Cadrer un problème avec les usagers" in titles
    return titles


def test_edition_programme_drops_what_the_edition_leaves_out(edition: BuildResult) -> None:
    paths = {learning_path.id: learning_path for learning_path in edition.curriculum.learning_paths}
    assert "programme-dix-jours" not in paths  # cut down by the selection: not published
    assert _days(paths["programme-trois-jours"]) == 3
    own = paths["sensibilisation-elus"]
    assert own.modules == ["pourquoi-innover", "innovation-par-les-usages", "participation-citoyenne"]
    assert (_days(own), own.training_minutes, own.left_out, own.days_left_out) == (1, 7 * 60, ["cadrer-un-probleme"], 1)


def test_edition_guide_names_no_module_it_leaves_out(
    edition: BuildResult, left_out_titles: list[str], tmp_path: Path
) -> None:
    guide = pdftext(trainer_guide(Project(edition.curriculum.root), tmp_path, EDITION))
    page = html_text(edition.site / "guides" / "formateur" / "index.html")
    for text in (guide, page):
        assert "--8<--" not in text
        assert [title for title in left_out_titles if title in text] == []
        assert [words for words in REFERENCE_COUNTS if words in text] == []
        assert "Programme type sur trois jours" in text and "Sensibilisation des élus" in text
        assert "Cette édition en propose une partie, la sensibilisation (10 modules, 18 h 30" in text
        assert (
            "Cette édition ne propose pas un module de ce programme : il en est retiré, et le programme perd une journée."
            in text
        )
        assert "Conduire les travaux pratiques" not in text


def test_edition_path_sheet_shows_its_schedule(edition: BuildResult, left_out_titles: list[str]) -> None:
    own = next(p for p in edition.curriculum.learning_paths if p.id == "sensibilisation-elus")
    sheet = pdftext(edition.site / "exports" / programme_sheet_pdf(own))
    assert "FICHE PROGRAMME Sensibilisation des élus" in sheet
    assert "1 journée (7 h de formation, dont 4 h 30 de modules)" in sheet
    assert "Participation citoyenne et transparence des décisions (1 h 30)" in sheet
    assert "Étude de cas en petits groupes, avec le guide d'entretien" in sheet
    assert [title for title in left_out_titles if title in sheet] == []
    assert [words for words in REFERENCE_COUNTS if words in sheet] == []
    assert (edition.site / "exports" / path_pdf(own)).is_file()
