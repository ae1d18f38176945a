"""The experimental Zensical adapter: the same staged pages make the same site, quizzes included.

The engine boundary holds if a second engine builds every page of the reference
site from the staged folder alone, and a learner can take a quiz on it, without
a request to any other host than the local server.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import copy_project, serve_folder
from ecole.build import BuildResult, build_site
from ecole.errors import BuildFailed
from ecole.model.project import Project
from ecole.model.structure import Module

pytestmark = [pytest.mark.slow, pytest.mark.browser]

CHECK = "Vérifier mes réponses"


@pytest.fixture(scope="module")
def zensical_project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    return copy_project(tmp_path_factory.mktemp("zensical") / "projet")


@pytest.fixture(scope="module")
def zensical_site(zensical_project: Project) -> BuildResult:
    return build_site(
        zensical_project, site_dir=zensical_project.root / "site-zensical", engine="zensical", exports=False
    )


@pytest.fixture(scope="module")
def zensical_url(zensical_site: BuildResult) -> Iterator[str]:
    yield from serve_folder(zensical_site.site)


def expected_pages(docs: Path) -> set[str]:
    """Directory URLs: ``a/b.md`` is ``a/b/index.html``, ``a/index.md`` is ``a/index.html``."""
    pages = set()
    for source in docs.rglob("*.md"):
        relative = source.relative_to(docs)
        folder = relative.parent if relative.name == "index.md" else relative.with_suffix("")
        pages.add((folder / "index.html").as_posix())
    return pages


def test_every_staged_page_is_built(zensical_project: Project, zensical_site: BuildResult) -> None:
    docs = zensical_project.work / "staging" / "reference" / "docs"
    built = {page.relative_to(zensical_site.site).as_posix() for page in zensical_site.site.rglob("index.html")}
    assert len(built) > 50
    assert built == expected_pages(docs)
    for asset in ("ecole.js", "ecole-quiz.js", "ecole-progression.js", "ecole.css", "canevas.css"):
        assert (zensical_site.site / "assets" / asset).is_file(), asset
    assert "--md-primary-fg-color:" in (zensical_site.site / "assets" / "ecole-palette.css").read_text()
    # the MkDocs plugin's post-processing, applied to Zensical's pages: one tooltip per term
    module = zensical_site.curriculum.ordered_modules()[0]
    html = (zensical_site.site / module.url / "index.html").read_text(encoding="utf-8")
    assert '<html lang="fr"' in html
    assert "ecole-pied" in html, "le pied de page du projet (overrides/partials/footer.html) manque"
    titles = [part.split('"', 1)[0] for part in html.split('<abbr title="')[1:]]
    assert titles and len(titles) == len(set(titles))


def test_a_failed_build_names_the_source_file(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "projet")
    credits = project.root / "docs" / "credits.md"
    # an anchor in a page the tool writes: ecole check cannot see it, the engine does
    credits.write_text(credits.read_text(encoding="utf-8") + "\n[Parcours](parcours/agents.md#nulle-part)\n")
    site = tmp_path / "site"
    with pytest.raises(BuildFailed, match=r"Zensical a refusé le site") as failure:
        build_site(project, site_dir=site, engine="zensical", exports=False)
    assert "docs/credits.md" in str(failure.value)
    assert "Traceback" not in str(failure.value)
    assert not site.exists()


def test_a_learner_takes_a_quiz(page, zensical_site: BuildResult, zensical_url: str) -> None:
    module: Module = zensical_site.curriculum.ordered_modules()[0]
    assert module.quizzes, "le premier module doit avoir un quiz"
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).hostname or request.url))
    page.goto(f"{zensical_url}{module.url}", wait_until="networkidle")
    quiz = page.locator("form.ecole-quiz").first
    questions = quiz.locator(".ecole-question")
    total = questions.count()
    assert total > 0
    result = quiz.locator(".ecole-quiz__resultat")

    for index in range(total):  # a wrong answer to each question, as test_learning_browser.py gives
        question = questions.nth(index)
        if question.get_attribute("data-multiple") == "true":
            question.locator('input[data-correct="true"]').first.check()  # one right answer missed
        else:
            question.locator('input[data-correct="false"]').first.check()
    page.get_by_role("button", name=CHECK).click()
    assert result.inner_text().startswith(f"0 bonne réponse sur {total}.")
    assert quiz.locator(".ecole-explication:visible").count() >= total

    page.get_by_role("button", name="Recommencer").click()
    for index in range(total):
        rights = questions.nth(index).locator('input[data-correct="true"]')
        for choice in range(rights.count()):
            rights.nth(choice).check()
    page.get_by_role("button", name=CHECK).click()
    assert (
        result.inner_text()
        == f"{total} bonnes réponses sur {total}\u00a0: quiz réussi. Le module est marqué comme terminé."
    )
    assert page.locator(".ecole-terminer").inner_text() == "Marquer comme non terminé"
    assert page.locator(".ecole-terminer-etat").inner_text() == "Terminé ✓"
    assert hosts == {"127.0.0.1"}
