"""The session kit: its pages and A4 PDFs in the reference and in an edition, each
adapted to the edition, and the attestation de suivi printed from a real browser
with the learner's progress."""

from __future__ import annotations

import html
import json
import re
import subprocess
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

import pikepdf
import pytest

from conftest import serve_folder
from ecole.assembly.session_kit import kit_pages, modules_to_rate
from ecole.exports.session_kit import write_kit
from ecole.model.curriculum import load_curriculum
from ecole.model.project import Project
from ecole.model.structure import Curriculum
from test_pdf_structure import audit

serve = contextmanager(serve_folder)
EDITION = "ville-exemple"  # a part-1-only edition: no part-2 grid, one positionnement
#: What every edition's kit holds, whatever its modules.
ALWAYS = {
    "positionnement-sensibilisation",
    "attestation",
    "attestation-presence",
    "questionnaire-a-chaud",
    "questionnaire-a-froid",
    "consentement",
    "emargement",
}
A4 = (595, 842)  # points, portrait


@pytest.fixture(scope="module")
def reference(project: Project) -> Curriculum:
    return load_curriculum(project)[0]


@pytest.fixture(scope="module")
def edition(project: Project) -> Curriculum:
    return load_curriculum(project, edition=EDITION)[0]


def _part_two(curriculum: Curriculum) -> list[str]:
    return [m.id for m in curriculum.ordered_modules() if m.part == "travaux-pratiques"]


def _has(markdown: str, text: str) -> bool:
    """Whether the Markdown holds ``text``, as written or HTML-escaped by a template."""
    return text in markdown or text.replace("'", "&#39;") in markdown


def _kit(curriculum: Curriculum) -> dict[str, object]:
    return {kit.name: kit for kit in kit_pages(curriculum)}


def test_reference_kit_has_every_document_and_a_grid_per_part_two_module(reference: Curriculum) -> None:
    kit = _kit(reference)
    assert ALWAYS | {"positionnement-travaux-pratiques"} <= set(kit)
    grids = {k.page.meta["module"] for k in kit.values() if k.page is not None and k.name.startswith("grille-")}
    assert grids == set(_part_two(reference))
    # the positionnement of a part asks about every objective of every module of that part
    body = kit["positionnement-travaux-pratiques"].body
    for module in _part_two(reference):
        for objective in reference.modules[module].objectives:
            assert _has(body, objective), (module, objective)


def test_edition_kit_follows_the_editions_modules(edition: Curriculum, reference: Curriculum) -> None:
    assert not _part_two(edition)
    kit = _kit(edition)
    assert set(kit) == ALWAYS, "an edition without part 2 has neither its grids nor its positionnement"
    assert {f"kit/grille-{m}.md" for m in _part_two(reference)} <= edition.withdrawn
    left_out = [m for m in reference.modules.values() if m.id not in edition.modules]
    positionnement = kit["positionnement-sensibilisation"].body
    snippet = modules_to_rate(edition)
    for module in edition.modules.values():
        assert _has(positionnement, module.title) and _has(snippet, module.title), module.id
    for module in left_out:
        assert not _has(positionnement, module.objectives[0]), module.id
        assert not _has(snippet, module.title), module.id
    # the edition's names in the hand-written pages; no line about a module it does not have
    assert edition.settings.name in kit["consentement"].body
    assert edition.settings.organisation in kit["consentement"].body
    cold = kit["questionnaire-a-froid"].body
    assert "entretien" not in cold and "travaux pratiques" not in cold
    assert "entretien" in _kit(reference)["questionnaire-a-froid"].body


def test_kit_page_about_an_unknown_module_is_an_error(project_copy: Project) -> None:
    grid = project_copy.root / "docs" / "kit" / "grille-cadrer-un-probleme.md"
    grid.write_text(grid.read_text().replace("module: cadrer-un-probleme", "module: cadrer-un-probleem"))
    with pytest.raises(Exception) as failure:
        load_curriculum(project_copy)
    assert "grille-cadrer-un-probleme.md" in str(failure.value)
    assert "module « cadrer-un-probleem » introuvable" in str(failure.value)


def test_edition_replaces_a_kit_page_like_any_page(project_copy: Project) -> None:
    """The consent kit, in particular, is the edition's to replace once its DPO has read it."""
    folder = project_copy.root / "editions" / EDITION / "docs" / "kit"
    folder.mkdir(parents=True)
    (folder / "consentement.md").write_text(
        "---\ntitle: Consentement relu par notre DPO\nsummary: Version locale.\nkit: formateurs\n"
        "replaces: kit/consentement\n---\n\nTexte validé localement.\n"
    )
    kit = _kit(load_curriculum(project_copy, edition=EDITION)[0])
    assert kit["consentement"].title == "Consentement relu par notre DPO"
    assert "Texte validé localement." in kit["consentement"].body
    assert _kit(load_curriculum(project_copy)[0])["consentement"].title != kit["consentement"].title


def _pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True).stdout


@pytest.mark.parametrize("which", [None, EDITION])
def test_kit_pdfs_are_a4_tagged_and_name_the_edition(which: str | None, project: Project, tmp_path: Path) -> None:
    curriculum = load_curriculum(project, edition=which)[0]
    write_kit(curriculum, tmp_path)
    paths = sorted((tmp_path / "kit").glob("*.pdf"))
    assert [p.name for p in paths] == sorted(Path(k.pdf).name for k in kit_pages(curriculum))
    for path in paths:
        with pikepdf.open(path) as pdf:
            for page in pdf.pages:
                assert tuple(round(float(v)) for v in page.mediabox[2:]) == A4, path.name
        text = re.sub(r"\s+", " ", _pdf_text(path))
        assert curriculum.settings.name in text, path.name
        # an edition's sheets carry its logo, named by who publishes it; the reference has none
        with pikepdf.open(path) as pdf:
            alts = [str(o["/Alt"]) for o in pdf.objects if isinstance(o, pikepdf.Dictionary) and "/Alt" in o]
        assert (curriculum.settings.publisher in alts) == (curriculum.settings.logo is not None), (path.name, alts)
    # the sheets handed out one per person or per half-day: one A4 sheet each
    for name in ("attestation", "emargement"):
        with pikepdf.open(tmp_path / "kit" / f"{name}.pdf") as pdf:
            assert len(pdf.pages) == 1, name
    # the consent form leaves room to sign by hand: from its signatures' headings to the
    # sentence under the table, more than 25 mm
    words = subprocess.run(
        ["pdftotext", "-bbox", str(tmp_path / "kit" / "consentement.pdf"), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    tops = {word: float(y) for y, word in re.findall(r'yMin="([\d.]+)"[^>]*>([^<]+)</word>', words)}
    assert tops["exemplaires,"] - tops["Signature"] > 25 / 25.4 * 72 + 12
    # the checks tests/test_pdf_structure.py makes of every PDF of a full build
    report = audit(paths)
    faults = {rule: files for rule, files in report.items() if files}
    assert not faults, faults


@pytest.fixture(scope="module")
def edition_site(edition_pages: Callable[[str], Path]) -> Path:
    return edition_pages(EDITION)  # the pages the validators also read: built once


def test_edition_site_has_the_kit_in_its_menu_and_links_to_learners(edition_site: Path) -> None:
    index = (edition_site / "kit" / "index.html").read_text()
    for name in ALWAYS:
        assert (edition_site / "kit" / name / "index.html").is_file(), name
        assert f'href="../exports/kit/{name}.pdf"' in index, name
    assert not list((edition_site / "kit").glob("grille-*")), "no part-2 grid in an edition without part 2"
    assert "Kit de session" in (edition_site / "index.html").read_text()  # the menu
    progress = (edition_site / "progression" / "index.html").read_text()
    assert 'href="../kit/attestation/"' in progress and 'href="../kit/positionnement-sensibilisation/"' in progress
    # the attestation's script only where it is used
    attestation = (edition_site / "kit" / "attestation" / "index.html").read_text()
    assert "ecole-attestation.js" in attestation and "ecole-attestation.js" not in index
    consent = (edition_site / "kit" / "consentement" / "index.html").read_text()
    assert "kit.css" in consent and "kit.css" not in (edition_site / "index.html").read_text()


def test_an_editions_attestation_names_who_delivers_the_training(
    edition_site: Path, reference_site: Path, project: Project
) -> None:
    """A learner's employer reads who delivered the training: the edition's attestation gave
    only its title, never the authority that publishes it."""
    curriculum, _ = load_curriculum(project, edition=EDITION)
    attestation = html.unescape(
        re.sub(r"<[^>]+>", "", (edition_site / "kit" / "attestation" / "index.html").read_text())
    )
    assert f"(édition {curriculum.settings.of_organisation})" in attestation.replace("\u00a0", " ")
    assert "(édition " not in (reference_site / "kit" / "attestation" / "index.html").read_text()
    # every sheet of the kit (attendance, questionnaires) says at its foot who it comes from
    for sheet in (edition_site / "kit").glob("*/index.html"):
        foot = re.search(r'<p class="ecole-kit__pied">([^<]*)</p>', sheet.read_text())
        assert foot and html.unescape(foot[1]).split(" · ")[1] == curriculum.settings.byline, sheet
    assert curriculum.settings.organisation in curriculum.settings.byline


@pytest.fixture(scope="module")
def reference_site(site: Path) -> Path:
    return site  # the session's build: the same pages, with the exports beside them


def test_attestation_prints_the_learners_modules_and_dates(
    reference_site: Path, reference: Curriculum, page, tmp_path: Path
) -> None:
    done = {"pourquoi-innover": "2026-11-02T12:00:00.000Z", "entretiens": "2026-11-20T12:00:00.000Z"}
    not_done = [m for m in reference.ordered_modules() if m.id not in done]
    progress = {"modules": {m: {"termine_le": when} for m, when in done.items()}, "quiz": {}}
    with serve(reference_site) as url:
        page.goto(url)
        # the store's key: the site's base path, then the namespace (overrides/assets/ecole.js)
        page.evaluate("p => localStorage.setItem('/ecole:v1:progression', JSON.stringify(p))", progress)
        page.goto(url + "kit/attestation/")
        page.fill("#ecole-attestation-nom", "Camille Exemple-Test")
        target = tmp_path / "attestation.pdf"
        page.pdf(path=str(target), format="A4")
    text = re.sub(r"\s+", " ", _pdf_text(target))
    assert "Camille Exemple-Test" in text
    for module, date in (("pourquoi-innover", "2 novembre 2026"), ("entretiens", "20 novembre 2026")):
        title = re.sub(r"\s+", " ", reference.modules[module].title)
        assert title in text.replace("\u00a0", " "), title
        assert date in text, date
    for module in not_done:
        assert module.title not in text.replace("\u00a0", " "), f"not finished, yet printed: {module.id}"
    assert "2 modules terminés sur" in text
    # the form and the site around the document stay off the paper
    assert "tels qu'ils doivent figurer" not in text and "Rechercher" not in text
    with pikepdf.open(target) as pdf:
        assert len(pdf.pages) == 1


@pytest.mark.browser
def test_attestation_on_a_phone_shows_each_module_whole(reference_site: Path, browser) -> None:
    """Its table ran past the document's frame at 390 px, the dates out of sight: on a phone
    each module is a card, its part, duration and date under its name."""
    progress = {"modules": {"pourquoi-innover": {"termine_le": "2026-11-02T12:00:00.000Z"}}, "quiz": {}}
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="fr-FR", is_mobile=True)
    tab = context.new_page()
    try:
        with serve(reference_site) as url:
            tab.goto(url)
            tab.evaluate("p => localStorage.setItem('/ecole:v1:progression', JSON.stringify(p))", progress)
            tab.goto(url + "kit/attestation/")
            frame = tab.locator(".ecole-attestation__document").bounding_box()
            rows = tab.locator(".ecole-attestation__document tbody tr:visible")
            assert rows.count() == 1
            for cell in rows.first.locator("td").all():
                box = cell.bounding_box()
                assert box["x"] + box["width"] <= frame["x"] + frame["width"], cell.inner_text()
            date = rows.first.locator("td").nth(3)
            assert date.inner_text() == "2 novembre 2026"
            # without the header row, the date says what it is
            assert "terminé le" in date.evaluate("cell => getComputedStyle(cell, '::before').content")
    finally:
        context.close()


def test_attestation_names_a_path_finished_whole(reference_site: Path, reference: Curriculum, page) -> None:
    """« 8 modules terminés sur 17 » reads as unfinished to an employer: the attestation says
    which path the learner finished whole (the longest, not the shorter ones it holds)."""
    agents = next(p for p in reference.learning_paths if p.id == "agents")
    progress = {"modules": {m: {"termine_le": "2026-11-02T12:00:00.000Z"} for m in agents.modules}, "quiz": {}}
    with serve(reference_site) as url:
        page.goto(url)
        page.evaluate("p => localStorage.setItem('/ecole:v1:progression', JSON.stringify(p))", progress)
        page.goto(url + "kit/attestation/")
        total = page.inner_text(".ecole-attestation__total").replace("\u00a0", " ").replace("\u202f", " ")
    assert f"{len(agents.modules)} modules terminés sur {len(reference.modules)}" in total
    assert f"Parcours suivi en entier : « {agents.title} »." in total, total
    assert "Cursus complet" not in total
    # a session's programme followed online is not the session: the attestation de présence says that
    session = next(p for p in reference.learning_paths if p.schedule and set(agents.modules) < set(p.modules))
    progress["modules"] = {m: {"termine_le": "2026-11-02T12:00:00.000Z"} for m in session.modules}
    with serve(reference_site) as url:
        page.goto(url)
        page.evaluate("p => localStorage.setItem('/ecole:v1:progression', JSON.stringify(p))", progress)
        page.goto(url + "kit/attestation/")
        total = page.inner_text(".ecole-attestation__total").replace("\u00a0", " ").replace("\u202f", " ")
    assert session.title not in total and f"« {agents.title} »" in total, total


def test_attestation_without_progress_lists_no_module(reference_site: Path, page) -> None:
    with serve(reference_site) as url:
        page.goto(url + "kit/attestation/")
        page.wait_for_selector(".ecole-attestation__saisie:not([hidden])")
        assert page.locator("tr[data-module]:visible").count() == 0
        assert "Aucun module" in page.inner_text(".ecole-attestation__message")
        # the print button asks for the name first rather than print a nameless attestation
        page.click('[data-action="imprimer"]')
        assert "prénom" in page.inner_text(".ecole-attestation__message")
        assert json.loads(page.evaluate("JSON.stringify(document.activeElement.id)")) == "ecole-attestation-nom"
        # once the name is written, the request goes and the message about the modules comes back
        page.fill("#ecole-attestation-nom", "Camille Exemple-Test")
        assert "prénom" not in page.inner_text(".ecole-attestation__message")
        assert "Aucun module" in page.inner_text(".ecole-attestation__message")
