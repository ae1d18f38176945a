"""The download page lists the export files, known before they are written; each
writer writes exactly the files it declared, so no link on the page is dead. The
files are grouped by audience, each with what it is, its format and its size."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from urllib.parse import unquote

import pytest

from ecole.assembly.downloads import AUDIENCES, audience_of, downloads_list
from ecole.assembly.pages import hand_written_page, path_page
from ecole.build import BuildResult
from ecole.exports import EXPORTS, planned_files
from ecole.exports.offline import ARCHIVE, REFERENCE_FOLDER
from ecole.exports.sizes import size_text
from ecole.model.addresses import GUIDE_PDF, TRAINER_GUIDE, path_pdf
from ecole.model.curriculum import load_curriculum
from ecole.model.project import Project


def test_every_export_writes_exactly_its_planned_files(built: BuildResult) -> None:
    exports = built.site / "exports"
    planned = {file.path for _, files in planned_files(built.curriculum) for file in files}
    written = {
        path.relative_to(exports).as_posix()
        for path in exports.rglob("*")
        if path.is_file() and path.parent != exports / "schemas"
    }
    assert written == planned
    for name in planned:
        assert (exports / name).stat().st_size > 0, name
    assert {export.name for export in EXPORTS} <= set(built.timings)


def test_download_page_links_to_every_export_file(built: BuildResult) -> None:
    page_dir = built.site / "telecharger"
    page = (page_dir / "index.html").read_text(encoding="utf-8")
    links = {unquote(href) for href in re.findall(r'href="([^"#]+)"', page) if "exports/" in href}
    targets = {(page_dir / href).resolve() for href in links}
    for target in targets:
        assert target.is_file(), target
    exports = (built.site / "exports").resolve()
    for export, files in planned_files(built.curriculum):
        if not files:  # the trainer's guide, in the learners' view: no section
            assert f">{export.title}<" not in page, export.title
            continue
        assert f">{export.title}<" in page or f"{export.title}</h3>" in page, export.title
        for file in files:
            assert exports / file.path in targets, file.path
    for schema in (exports / "schemas").glob("*.json"):
        assert schema in targets, schema.name


_SIZED = re.compile(r'data-ecole-taille="(?P<path>[^"]+)">(?P<size>[^<]*)<')
_LINK_TEXT = re.compile(r"<a [^>]*>(.*?)</a>", re.DOTALL)


def _page(site: Path) -> str:
    return (site / "telecharger" / "index.html").read_text(encoding="utf-8")


def test_every_export_has_an_audience() -> None:
    for export in EXPORTS:
        assert audience_of(export) in AUDIENCES, export.name


def test_files_are_grouped_by_audience(project: Project) -> None:
    learner, _ = load_curriculum(project)
    trainer, _ = load_curriculum(project, trainer=True)
    text = downloads_list(learner, planned_files(learner))
    headings = re.findall(r"^## (.+)$", text, re.MULTILINE)
    assert headings == ["Pour apprendre", "Pour animer", "Pour republier"]
    learning, running, republishing = re.split(r"^## .+$", text, flags=re.MULTILINE)[1:]
    # the offline copy comes first, for learners; SCORM for republishers; programmes for trainers
    assert learning.index("Emporter le cursus") < learning.index("Livrets PDF")
    sections = dict(zip(headings, (learning, running, republishing), strict=True))
    for export, files in planned_files(learner):
        for file in files:
            assert f'"../exports/{file.path}"' in sections[audience_of(export).title], (export.name, file.path)
    assert [a.title for a in AUDIENCES if "scorm" in a.exports] == ["Pour republier"]
    # every planned file is offered exactly once
    for _, files in planned_files(learner):
        for file in files:
            assert text.count(f'href="../exports/{file.path}"') == 1, file.path
    # the trainer's guide: in the trainer view's page only
    assert GUIDE_PDF not in text
    assert GUIDE_PDF in downloads_list(trainer, planned_files(trainer)).split("## Pour animer")[1]


def test_link_texts_say_what_the_file_is(project: Project) -> None:
    curriculum, _ = load_curriculum(project)
    text = downloads_list(curriculum, planned_files(curriculum))
    texts = [re.sub(r"<[^>]+>", "", t) for t in _LINK_TEXT.findall(text)]
    assert texts and not [t for t in texts if "Télécharger" in t]
    # a link's text, completed for screen readers where a line shows variants, is never repeated
    assert len(set(texts)) == len(texts), sorted(t for t in texts if texts.count(t) > 1)


def test_the_page_gives_each_file_its_size(built: BuildResult) -> None:
    page = _page(built.site)
    sized = _SIZED.findall(page)
    planned = [file for _, files in planned_files(built.curriculum) for file in files]
    assert len(sized) == len(planned)
    for path, size in sized:
        assert size == size_text((built.site / path).stat().st_size), path
        assert re.fullmatch(r"\d+(,\d)?\u00a0(octets|ko|Mo|Go)", size), size


def test_the_offline_copy_gives_the_other_files_sizes(built: BuildResult) -> None:
    """Its pages are packed before the archive exists: the others' sizes; its own section,
    which would offer a file the copy does not hold, is out of the copy (exports/offline.py)."""
    with zipfile.ZipFile(built.site / "exports" / ARCHIVE) as archive:
        page = archive.read(f"{REFERENCE_FOLDER}/telecharger/index.html").decode("utf-8")
    sized = dict(_SIZED.findall(page))
    assert f"exports/{ARCHIVE}" not in sized
    assert sized and all(sized.values()), sized


@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 1280])
def test_the_page_fits_the_screen(browser, site_url: str, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="fr-FR")
    tab = context.new_page()
    try:
        tab.goto(f"{site_url}telecharger/", wait_until="load")
        tab.locator("details.ecole-fichiers__modules summary").first.click()
        overflow = tab.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{overflow} px de trop à {width} px"
        assert not tab.locator("article table").count()
        size = tab.locator(f'[data-ecole-taille="exports/{ARCHIVE}"]')
        assert size.is_visible() and re.search(r"\d", size.inner_text())
    finally:
        context.close()


def test_a_paths_page_and_the_trainers_guide_link_their_pdf(project: Project) -> None:
    """What a trainer prints: a path's booklet from the path's page; the guide's PDF from the
    guide's page, in the trainer view only (the learners' exports do not hold it)."""
    learners, _ = load_curriculum(project)
    trainers, _ = load_curriculum(project, trainer=True)
    for path in learners.learning_paths:
        depth = path.url.count("/")
        assert f'href="{"../" * depth}exports/{path_pdf(path)}"' in path_page(learners, path), path.id
    guide = trainers.pages[TRAINER_GUIDE]
    assert f'href="../../exports/{GUIDE_PDF}"' in hand_written_page(trainers, guide)
    assert GUIDE_PDF not in hand_written_page(learners, learners.pages[TRAINER_GUIDE])
