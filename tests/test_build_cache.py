"""The build cache of the exports (``.ecole/cache/exports``): each change rebuilds exactly
the export files that depend on it, no more, no fewer, and what is published from the
cache is byte for byte what a build without it gives.

One small synthetic project (3 modules, a canvas) is built once without cache entries
(``cold``); each test copies it with its cache, changes one thing, builds again and
reads the build's report (:class:`ecole.exports.cache.CacheReport`).
"""

from __future__ import annotations

import contextlib
import dataclasses
import filecmp
import hashlib
import inspect
import json
import logging
import multiprocessing
import os
import shutil
import sqlite3
import subprocess
import tempfile
import time
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import jinja2
import markdown
import pikepdf
import pytest
from mkdocs.structure.pages import Page

from conftest import ROOT
from ecole.adapter import page_store
from ecole.adapter.page_cache import PageReport
from ecole.adapter.page_render import PageRenderer
from ecole.assembly import templates
from ecole.bench import step_timings, touch_module
from ecole.build import PAGES_FOLDER, BuildResult, ExportOptions, Views, build_views
from ecole.cli import page_lines, reuse_lines
from ecole.errors import BuildFailed, ContentError
from ecole.exports import cache, offline
from ecole.exports.booklets import CURRICULUM_PDF, module_pdf, path_pdf
from ecole.exports.cache import ExportCache, key_of
from ecole.exports.parted import PARTS_KIND
from ecole.exports.print_markdown import chapter_id
from ecole.exports.scorm import archive
from ecole.model.addresses import sheet_paths
from ecole.model.learning import WHOLE_CURRICULUM
from ecole.model.project import Project
from ecole.model.version import content_timestamp
from ecole.synthetic import SyntheticSizes, write_project

MODULES = 3
CANVAS = """---
title: Canevas d'essai
summary: Une grille à remplir en atelier.
canvas: true
---

## Ce que l'on a vu

| Fait observé | Interprétation |
| --- | --- |
| &nbsp; | &nbsp; |
| &nbsp; | &nbsp; |
"""
#: Who makes the test commits (a machine may have no git identity).
IDENTITY = (("NAME", "Essai"), ("EMAIL", "essai@example.org"))
OFFLINE = {"hors-ligne": ["site-hors-ligne.zip"], "hors-ligne-formateur": ["site-hors-ligne.zip"]}


def _build(
    root: Path,
    out: Path,
    *,
    use_cache: bool = True,
    edition: str | None = None,
    exports: bool = True,
    workers: int | None = None,
) -> Views:
    return build_views(
        Project(root),
        edition=edition,
        site_dir=out / "site",
        trainer_dir=out / "formateur",
        exports=exports,
        options=ExportOptions(cache=use_cache, workers=workers),
    )


@pytest.fixture(scope="module")
def cold(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Views]:
    """The project, its first build (every export made and kept) and where it went."""
    base = tmp_path_factory.mktemp("cache")
    root = base / "projet"
    write_project(root, SyntheticSizes(MODULES), ROOT)
    (root / "docs" / "canevas").mkdir()
    (root / "docs" / "canevas" / "grille.md").write_text(CANVAS, encoding="utf-8")
    views = _build(root, base / "cold")
    return root, base / "cold", views


@pytest.fixture
def warm(cold: tuple[Path, Path, Views], tmp_path: Path) -> Path:
    """A copy of the project with the cache of the cold build."""
    root = tmp_path / "projet"
    shutil.copytree(cold[0], root)
    return root


def _everything(views: Views) -> dict[str, list[str]]:
    report = views.learner.exports
    assert report is not None
    return {name: sorted([*kind.rebuilt, *kind.reused]) for name, kind in report.kinds.items()}


def _rebuilt(views: Views) -> dict[str, list[str]]:
    assert views.learner.exports is not None
    return views.learner.exports.rebuilt()


def _same_tree(one: Path, other: Path) -> None:
    """Same files, same bytes."""
    mine = sorted(p.relative_to(one).as_posix() for p in one.rglob("*") if p.is_file())
    theirs = sorted(p.relative_to(other).as_posix() for p in other.rglob("*") if p.is_file())
    assert mine == theirs
    _, mismatch, errors = filecmp.cmpfiles(one, other, mine, shallow=False)
    assert (mismatch, errors) == ([], [])


def test_a_cold_build_builds_every_file_and_keeps_it(cold: tuple[Path, Path, Views]) -> None:
    root, out, views = cold
    report = views.learner.exports
    assert report is not None
    assert all(not kind.reused and not kind.repaired for kind in report.kinds.values())
    every = _everything(views)
    assert every["canevas"] == ["canevas/grille.pdf"]
    assert len(every["livrets"]) == MODULES + 1 + len(sheet_paths(views.learner.curriculum))
    on_disk = sorted(p.relative_to(out / "site" / "exports").as_posix() for p in (out / "site" / "exports").rglob("*"))
    for kind, files in every.items():
        if kind != PARTS_KIND:  # the chapters of the learners' booklets are in the cache only
            assert set(files) <= set(on_disk)
    assert f"{CURRICULUM_PDF}#pagination" in every[PARTS_KIND]
    records = (root / ".ecole" / "cache" / "exports").glob("*/*.json")
    kept = {json.loads(record.read_text(encoding="utf-8"))["file"] for record in records}
    # a chapter that several booklets print alike is kept once, under the first one's name
    assert {name for kind, files in every.items() if kind != PARTS_KIND for name in files} <= kept
    assert {name for name in kept if "#" in name} <= set(every[PARTS_KIND])


def _page_database(root: Path, view: str) -> Path:
    return root.joinpath(".ecole", *PAGES_FOLDER, view, page_store.DATABASE)


def _pages(views: Views) -> dict[str, list[str]]:
    """Of both views: the pages the theme wrote, those taken from the cache, the texts converted."""
    out: dict[str, list[str]] = {}
    for view, result in (("apprenants", views.learner), ("formateur", views.trainer)):
        assert result.pages is not None
        out |= {
            f"{view} écrites": sorted(result.pages.written),
            f"{view} reprises": sorted(result.pages.reused),
            f"{view} converties": sorted(result.pages.converted),
        }
        if result.pages.repaired:
            out[f"{view} abîmées"] = sorted(result.pages.repaired)
    return out


def _all_pages(views: Views, *, converted: bool) -> dict[str, list[str]]:
    """Every page of both views written again (``converted``: their Markdown converted again too)."""
    every = _pages(views)
    out = {}
    for view in ("apprenants", "formateur"):
        pages = sorted([*every[f"{view} écrites"], *every[f"{view} reprises"]])
        out |= {f"{view} écrites": pages, f"{view} reprises": [], f"{view} converties": pages if converted else []}
    return out


def test_a_cold_build_writes_every_page_and_keeps_it(cold: tuple[Path, Path, Views]) -> None:
    pages = _pages(cold[2])
    assert pages["apprenants reprises"] == pages["formateur reprises"] == []
    assert pages["apprenants écrites"] == pages["apprenants converties"]
    assert "modules/module-0002.md" in pages["apprenants écrites"]
    assert pages["formateur écrites"] == pages["formateur converties"] == pages["apprenants écrites"]


def test_nothing_changed_reuses_every_file_byte_for_byte(cold: tuple[Path, Path, Views], warm: Path) -> None:
    _, out, views = cold
    again = _build(warm, warm.parent / "out")
    assert _rebuilt(again) == {}
    # in another folder, under another path: every page comes from the cache
    every = _pages(views)
    assert _pages(again) == {
        "apprenants écrites": [],
        "apprenants reprises": every["apprenants écrites"],
        "apprenants converties": [],
        "formateur écrites": [],
        "formateur reprises": every["formateur écrites"],
        "formateur converties": [],
    }
    assert _everything(again) == _everything(views)
    _same_tree(warm.parent / "out" / "site", out / "site")
    _same_tree(warm.parent / "out" / "formateur", out / "formateur")


def test_a_module_edit_rebuilds_its_files_and_those_that_include_it(cold: tuple[Path, Path, Views], warm: Path) -> None:
    curriculum = cold[2].learner.curriculum
    module = curriculum.modules["module-0002"]
    source = warm / "modules" / "module-0002.md"
    text = source.read_text(encoding="utf-8")
    assert "## Partie 2 du cours\n\nOn note d'abord" in text
    source.write_text(text.replace("## Partie 2 du cours\n\nOn note", "## Partie 2 du cours\n\nNous notons"), "utf-8")

    again = _build(warm, warm.parent / "warm")

    paths = [path_pdf(p) for p in sheet_paths(curriculum) if module.id in p.modules]
    assert paths  # the synthetic path « premiers-pas » holds the first modules
    assert _rebuilt(again) == {
        "scorm": sorted(f"{v}/{name}.zip" for v in ("scorm12", "scorm2004") for name in (module.id, WHOLE_CURRICULUM)),
        "livrets": sorted([module_pdf(module), CURRICULUM_PDF, *paths]),
        # of the learners' booklets, only the module's own chapter is printed again, once for
        # the cursus and the paths that hold it: the other chapters, the tables of contents
        # and the page margins come from the cache
        PARTS_KIND: [chapter_id(module.staged_path)],
        **OFFLINE,
    }
    # of the pages, only the module's own, in each view; the other pages, its programme
    # sheet included (which does not show that paragraph), come from the cache
    pages = _pages(again)
    for view in ("apprenants", "formateur"):
        assert pages[f"{view} écrites"] == pages[f"{view} converties"] == [module.staged_path]
        assert module.staged_path not in pages[f"{view} reprises"]
    # what the cache gave is what a build without it gives
    _build(warm, warm.parent / "cold", use_cache=False)
    _same_tree(warm.parent / "warm" / "site", warm.parent / "cold" / "site")
    _same_tree(warm.parent / "warm" / "formateur", warm.parent / "cold" / "formateur")


EDITION_SETTINGS = (
    "name: École de l'innovation d'Essai\n"
    "territory: {name: Territoire-Essai}\n"
    "organisation: {name: Mairie d'Essai, article: la}\n"
    "contact: {service: Service formation}\n"
)
EDITION_PAGE = "---\ntitle: En pratique\n---\n\n# En pratique\n\nLes séances ont lieu le mardi.\n"


def test_a_sentence_in_an_editions_page_makes_that_page_again(warm: Path) -> None:
    """An edition's pages are content, as the project's are: not part of every page's environment;
    its settings are part of its own pages' environment, not of another site's."""
    edition = warm / "editions" / "essai"
    (edition / "docs").mkdir(parents=True)
    (edition / "edition.yml").write_text(EDITION_SETTINGS, encoding="utf-8")
    page = edition / "docs" / "en-pratique.md"
    page.write_text(EDITION_PAGE, encoding="utf-8")

    _build(warm, warm.parent / "reference", exports=False)
    _build(warm, warm.parent / "first", edition="essai", exports=False)
    page.write_text(EDITION_PAGE.replace("le mardi", "le jeudi"), encoding="utf-8")
    again = _build(warm, warm.parent / "again", edition="essai", exports=False)

    pages = _pages(again)
    for view in ("apprenants", "formateur"):
        assert pages[f"{view} écrites"] == pages[f"{view} converties"] == ["en-pratique.md"]
        assert "index.md" in pages[f"{view} reprises"]
    _build(warm, warm.parent / "cold", use_cache=False, edition="essai", exports=False)
    for view in ("site", "formateur"):
        _same_tree(warm.parent / "again" / view, warm.parent / "cold" / view)
    assert "le jeudi" in (warm.parent / "again" / "site" / "en-pratique" / "index.html").read_text(encoding="utf-8")
    # nor are an edition's settings part of another site's pages: the reference does not read them
    (edition / "edition.yml").write_text(EDITION_SETTINGS + "licence: etalab-2.0\n", encoding="utf-8")
    written = _pages(_build(warm, warm.parent / "reference-again", exports=False))
    assert (written["apprenants écrites"], written["formateur écrites"]) == ([], [])


def test_a_print_template_edit_rebuilds_the_files_printed_with_it(
    cold: tuple[Path, Path, Views], warm: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    environment = templates.environment()
    folder = tmp_path / "gabarits" / "print"
    folder.mkdir(parents=True)
    original = environment.loader.get_source(environment, "print/programme.html")[0]
    (folder / "programme.html").write_text(original + "<p>Fiche mise à jour.</p>\n", encoding="utf-8")
    loader = jinja2.ChoiceLoader([jinja2.FileSystemLoader(tmp_path / "gabarits"), environment.loader])
    monkeypatch.setattr(environment, "loader", loader)

    again = _build(warm, warm.parent / "out")

    # and the offline copies, which hold the exports
    assert _rebuilt(again) == {"programmes": _everything(cold[2])["programmes"], **OFFLINE}


def test_a_theme_template_edit_writes_every_page_again_from_the_same_conversions(
    cold: tuple[Path, Path, Views], warm: Path
) -> None:
    footer = warm / "overrides" / "partials" / "footer.html"
    footer.write_text(footer.read_text(encoding="utf-8") + "<!-- pied de page revu -->\n", encoding="utf-8")

    again = _build(warm, warm.parent / "warm")

    # the template is part of every page's environment: nothing is taken stale from the cache
    assert _pages(again) == _all_pages(cold[2], converted=True)
    _build(warm, warm.parent / "cold", use_cache=False)
    _same_tree(warm.parent / "warm" / "site", warm.parent / "cold" / "site")
    assert "pied de page revu" in (warm.parent / "warm" / "site" / "index.html").read_text(encoding="utf-8")


def test_a_new_title_in_the_navigation_writes_every_page_again_not_their_markdown(
    cold: tuple[Path, Path, Views], warm: Path
) -> None:
    """A module's title shows in the menu of every page: every page is written again, but
    only that module's text (and the pages that name it) are converted again."""
    source = warm / "modules" / "module-0003.md"
    lines = source.read_text(encoding="utf-8").split("\n")
    title = next(number for number, line in enumerate(lines) if line.startswith("title:"))
    lines[title] = "title: Un titre tout neuf"
    source.write_text("\n".join(lines), encoding="utf-8")

    again = _build(warm, warm.parent / "warm")

    pages = _pages(again)
    every = _all_pages(cold[2], converted=False)
    for view in ("apprenants", "formateur"):
        assert pages[f"{view} écrites"] == every[f"{view} écrites"]
        converted = pages[f"{view} converties"]
        assert "modules/module-0003.md" in converted and len(converted) < len(every[f"{view} écrites"]) / 2
    _build(warm, warm.parent / "cold", use_cache=False)
    _same_tree(warm.parent / "warm" / "site", warm.parent / "cold" / "site")
    _same_tree(warm.parent / "warm" / "formateur", warm.parent / "cold" / "formateur")


def test_a_damaged_page_entry_is_made_again_never_published(cold: tuple[Path, Path, Views], warm: Path) -> None:
    _, out, _ = cold
    with contextlib.closing(sqlite3.connect(_page_database(warm, "reference"))) as db, db:
        changed = db.execute(
            "UPDATE entries SET data = substr(data, 1, 100) WHERE page = 'modules/module-0001.md'"  # truncated
        ).rowcount
    assert changed == 2  # its conversion; the page written, with its search entries

    again = _build(warm, warm.parent / "out")

    pages = _pages(again)
    assert pages["apprenants abîmées"] == ["modules/module-0001.md"] * 2
    assert pages["apprenants écrites"] == pages["apprenants converties"] == ["modules/module-0001.md"]
    _same_tree(warm.parent / "out" / "site", out / "site")


def test_a_page_database_found_damaged_is_made_again(cold: tuple[Path, Path, Views], warm: Path) -> None:
    """A file that is no database (here, cut short in its header) is deleted and
    made again, every page of its view with it; the other view's pages are reused."""
    _, out, views = cold
    database = _page_database(warm, "reference")
    database.write_bytes(database.read_bytes()[:50])

    again = _build(warm, warm.parent / "out")

    pages, every = _pages(again), _all_pages(views, converted=True)
    assert pages["apprenants écrites"] == every["apprenants écrites"]
    assert pages["apprenants converties"] == every["apprenants converties"]
    assert pages["formateur écrites"] == []
    _same_tree(warm.parent / "out" / "site", out / "site")
    assert _pages(_build(warm, warm.parent / "encore"))["apprenants écrites"] == []


def test_the_page_entries_of_the_earlier_form_are_removed(cold: tuple[Path, Path, Views], warm: Path) -> None:
    """Before a database, the cache of the pages kept a file per entry in folders named
    by the key's first two digits: a build removes them."""
    folder = _page_database(warm, "reference").parent
    (folder / "ab").mkdir()
    (folder / "ab" / ("ab" + "0" * 62)).write_text("une ancienne entrée", encoding="utf-8")

    again = _build(warm, warm.parent / "out")

    assert sorted(path.name for path in folder.iterdir()) == [page_store.DATABASE]
    assert _pages(again)["apprenants écrites"] == []


def test_a_theme_stylesheet_edit_rebuilds_what_uses_it(cold: tuple[Path, Path, Views], warm: Path) -> None:
    # canevas.css prints the canvases and styles the site's canvas pages: nothing else
    with (warm / "overrides" / "assets" / "canevas.css").open("a", encoding="utf-8") as css:
        css.write("\n.canevas table { border-width: 2px; }\n")

    again = _build(warm, warm.parent / "out")

    assert _rebuilt(again) == {"canevas": ["canevas/grille.pdf"], **OFFLINE}
    # a page names the stylesheet but holds nothing of it: no page is made again
    assert _pages(again)["apprenants écrites"] == _pages(again)["formateur écrites"] == []


def test_installed_fonts_are_part_of_every_pdf_and_of_nothing_else(
    cold: tuple[Path, Path, Views], warm: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "fonts_fingerprint", lambda: "une autre police installée")

    again = _build(warm, warm.parent / "out")

    every = _everything(cold[2])
    # the PDFs come out the same (the fonts did not really change): the archives holding them
    # are reused, and so are the learners' booklets, put together from the same chapters
    assert _rebuilt(again) == {kind: every[kind] for kind in (PARTS_KIND, "programmes", "canevas", "kit")}


def test_the_fonts_fingerprint_sees_a_new_font(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "FONT_FOLDERS", (str(tmp_path),))
    cache.fonts_fingerprint.cache_clear()
    try:
        before = cache.fonts_fingerprint()
        (tmp_path / "NotoSans-Regular.ttf").write_bytes(b"\0\1\0\0")
        cache.fonts_fingerprint.cache_clear()
        assert cache.fonts_fingerprint() != before
    finally:
        cache.fonts_fingerprint.cache_clear()


def test_an_edition_colour_rebuilds_what_shows_it(cold: tuple[Path, Path, Views], warm: Path) -> None:
    settings = warm / "ecole.yml"
    settings.write_text(settings.read_text(encoding="utf-8") + "palette:\n  primary: '#6a1b9a'\n", encoding="utf-8")

    again = _build(warm, warm.parent / "out")

    every = _everything(cold[2])
    # booklets, sheets and SCORM pages carry the colours; canvases, banks and the catalogue do
    # not, nor the page margins of the learners' booklets (grey text)
    parts = [name for name in every[PARTS_KIND] if not name.endswith("#pagination")]
    assert _rebuilt(again) == {kind: every[kind] for kind in ("scorm", "livrets", "programmes", *OFFLINE)} | {
        PARTS_KIND: parts
    }


def test_a_damaged_entry_is_rebuilt_never_published(cold: tuple[Path, Path, Views], warm: Path) -> None:
    _, out, _ = cold
    records = {}
    for record in (warm / ".ecole" / "cache" / "exports").glob("*/*.json"):
        records.setdefault(json.loads(record.read_text(encoding="utf-8"))["file"], record)
    booklet = records[module_pdf(cold[2].learner.curriculum.modules["module-0001"])].with_suffix(".bin")
    booklet.write_bytes(booklet.read_bytes()[:1000])  # truncated
    package = records["scorm12/module-0003.zip"].with_suffix(".bin")
    data = bytearray(package.read_bytes())
    data[len(data) // 2] ^= 0xFF  # one byte flipped, same size
    package.write_bytes(bytes(data))

    again = _build(warm, warm.parent / "out")

    report = again.learner.exports
    assert report is not None
    assert report.kinds["livrets"].repaired == ["pdf/modules/module-0001.pdf"]
    assert report.kinds["scorm"].repaired == ["scorm12/module-0003.zip"]
    assert _rebuilt(again) == {"livrets": ["pdf/modules/module-0001.pdf"], "scorm": ["scorm12/module-0003.zip"]}
    _same_tree(warm.parent / "out" / "site", out / "site")
    # and the entries are sound again
    store = ExportCache(warm / ".ecole" / "cache" / "exports")
    assert store.fetch(records["scorm12/module-0003.zip"].stem, warm.parent / "copie.zip", "copie") is not None
    assert (warm.parent / "copie.zip").read_bytes() == (
        out / "site" / "exports" / "scorm12" / "module-0003.zip"
    ).read_bytes()


def test_keys_delimit_their_parts() -> None:
    assert key_of("ab", "c") != key_of("a", "bc")
    assert key_of("ab", "c") == key_of("ab", "c")


def test_the_build_report_says_per_export_what_was_rebuilt_and_reused() -> None:
    report = cache.CacheReport()
    report.kind("livrets").rebuilt += ["pdf/modules/a.pdf", "pdf/cursus-complet.pdf"]
    report.kind("livrets").reused += ["pdf/modules/b.pdf"]
    report.kind(PARTS_KIND).rebuilt += ["pdf/cursus-complet.pdf#a"]
    report.kind(PARTS_KIND).reused += ["pdf/cursus-complet.pdf#b", "pdf/cursus-complet.pdf#c"]
    report.kind("scorm").reused += ["scorm12/a.zip"]
    report.kind("hors-ligne-formateur").rebuilt += ["site-hors-ligne.zip"]
    report.kind("hors-ligne-formateur").repaired += ["site-hors-ligne.zip"]
    assert reuse_lines(report) == [
        "Exports\u00a0:",
        "  Livrets PDF\u00a0: 2 fichiers refaits, 1 repris du cache.",
        "  Chapitres des livrets\u00a0: 1 chapitre refait, 2 repris du cache.",
        "  Paquets SCORM\u00a0: 0 fichier refait, 1 repris du cache.",
        "  Emporter le cursus (vue formateur)\u00a0: 1 fichier refait, 0 repris du cache "
        "(1 entrée abîmée du cache, refaite).",
    ]
    assert reuse_lines(None) == []


def test_the_build_report_says_how_many_pages_were_written_and_reused(cold: tuple[Path, Path, Views]) -> None:
    learner, trainer = cold[2].learner, cold[2].trainer
    views = Views(
        BuildResult(learner.site, learner.curriculum, learner.report, pages=PageReport(["a.md"], ["b.md", "c.md"])),
        BuildResult(
            trainer.site,
            trainer.curriculum,
            trainer.report,
            pages=PageReport(["a.md"], ["b.md", "c.md"], ["a.md"], ["a.md"]),
        ),
    )
    assert page_lines(views) == [
        "Pages HTML (deux vues)\u00a0: 2 pages refaites (1 texte Markdown converti de nouveau), 4 reprises du cache "
        "(1 entrée abîmée du cache, refaite)."
    ]
    assert page_lines(Views(dataclasses.replace(learner, pages=None), dataclasses.replace(trainer, pages=None))) == []


def test_a_page_that_warns_warns_again_at_the_next_build(
    cold: tuple[Path, Path, Views], warm: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A conversion that logged a warning is not kept: the next build, with nothing changed,
    converts the page again and says it again. (The project's checks catch what MkDocs
    would warn about before MkDocs runs: the warning here is simulated.)"""
    convert = PageRenderer.render

    def render(renderer: PageRenderer, page: Page, config, files) -> None:
        convert(renderer, page, config, files)
        if page.file.src_uri == "modules/module-0002.md":
            logging.getLogger("mkdocs.structure.pages").warning("avertissement simulé")

    monkeypatch.setattr(PageRenderer, "render", render)
    source = warm / "modules" / "module-0002.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nUne phrase de plus.\n", "utf-8")
    for attempt in range(2):
        with pytest.raises(BuildFailed, match="avertissement simulé"):
            build_views(Project(warm), site_dir=warm.parent / f"out{attempt}", exports=False)


def test_the_bench_edits_one_module_by_one_paragraph(tmp_path: Path) -> None:
    write_project(tmp_path / "projet", SyntheticSizes(2), ROOT)
    before = {p.name: p.read_text(encoding="utf-8") for p in (tmp_path / "projet" / "modules").glob("*.md")}
    edited = touch_module(tmp_path / "projet")
    after = edited.read_text(encoding="utf-8")
    assert after != before[edited.name]
    assert after.replace("\n\nUne phrase ajoutée pour mesurer une reconstruction.", "", 1) == before[edited.name]
    others = {p.name: p.read_text(encoding="utf-8") for p in (tmp_path / "projet" / "modules").glob("*.md")}
    assert {name: text for name, text in others.items() if name != edited.name} == {
        name: text for name, text in before.items() if name != edited.name
    }
    line = "Site des apprenants construit dans site/ (validation 0,1\u00a0s, html 1,3\u00a0s, livrets 13,8\u00a0s, total 1\u202f017,9\u00a0s)."
    assert step_timings(line) == {"validation": 0.1, "html": 1.3, "livrets": 13.8, "total": 1017.9}


def test_the_bench_measures_the_rebuilds_of_a_base_side_by_side(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With ``--baseline``, each step of the rebuild benchmark is measured for the other copy
    of the tool (on a copy of the same content, with that copy's theme overrides) right
    before this one's; with ``--repeat``, the edit is measured that many times, a sentence
    more each time, and its median kept. The summary gives the base's time beside this tool's.
    The last build is the same content as after a commit of the next day."""
    from ecole import bench

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)  # the copies are not git checkouts: day 0

    project, base = tmp_path / "projet", tmp_path / "autre-copie"
    write_project(project, SyntheticSizes(2), ROOT)
    (base / "tools" / "ecole").mkdir(parents=True)
    (base / "overrides").mkdir()
    (base / "overrides" / "marque.html").write_text("<!-- la copie de base -->", encoding="utf-8")
    # seconds of each build, in order: cold, three edits, nothing changed, the next day
    durations = {"projet-base": [30.0, 6.0, 4.0, 5.0, 0.9, 2.6], "projet": [29.0, 3.0, 1.0, 2.0, 0.8, 2.5]}
    measured: list[tuple[str, bool, bool, int, str | None]] = []

    def measure_output(command: list[str], cwd: Path, env: dict[str, str] | None = None):
        folder = Path(cwd)
        tools = env is not None and env.get("PYTHONPATH", "").split(os.pathsep)[0] == str(base / "tools")
        edits = sum(text.count("mesurer une reconstruction") for text in _texts(folder / "modules"))
        day = (env or {}).get("SOURCE_DATE_EPOCH")
        measured.append((folder.name, tools, (folder / "overrides" / "marque.html").is_file(), edits, day))
        seconds = durations[folder.name].pop(0)
        return seconds, 2 * seconds, 100.0, "  Livrets PDF : 1 fichier refait, 2 repris du cache.\n"

    monkeypatch.setattr(bench, "measure_output", measure_output)
    runs = bench.bench_rebuilds(project, tmp_path, "2", base / "tools", repeat=3)
    assert measured == [
        (name, name.endswith("base"), name.endswith("base"), edits, day)
        for edits, day in ((0, None), (1, None), (2, None), (3, None), (3, None), (3, "86400"))
        for name in ("projet-base", "projet")
    ]
    assert [(run.label, run.size, run.base, run.seconds, run.of) for run in runs] == [
        ("à froid", "2, base", True, 30.0, 1),
        ("à froid", "2", False, 29.0, 1),
        ("un module modifié", "2, base", True, 5.0, 3),
        ("un module modifié", "2", False, 2.0, 3),
        ("rien de changé", "2, base", True, 0.9, 1),
        ("rien de changé", "2", False, 0.8, 1),
        ("le lendemain", "2, base", True, 2.6, 1),
        ("le lendemain", "2", False, 2.5, 1),
    ]
    summary = bench.rebuild_summary(runs)
    assert summary == [
        "Cursus de 2 modules, construction à froid : 29,0 s ; ecole (base) : 30,0 s",
        "Cursus de 2 modules, construction un module modifié : 2,0 s, médiane de 3 ; ecole (base) : 5,0 s",
        "  Livrets PDF : 1 fichier refait, 2 repris du cache.",
        "Cursus de 2 modules, construction rien de changé : 0,8 s ; ecole (base) : 0,9 s",
        "  Livrets PDF : 1 fichier refait, 2 repris du cache.",
        "Cursus de 2 modules, construction le lendemain : 2,5 s ; ecole (base) : 2,6 s",
        "  Livrets PDF : 1 fichier refait, 2 repris du cache.",
    ]


def _texts(folder: Path) -> list[str]:
    return [path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.md"))]


def test_progress_is_one_line_in_a_log_and_a_counter_on_a_terminal(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    show = cache.stderr_progress({"livrets": "Livrets PDF"})
    for done in range(4):
        show("livrets", done, 3)
    assert capsys.readouterr().err == "Livrets PDF\u00a0: 3 fichiers à refaire…\n"

    monkeypatch.setattr("sys.stderr.isatty", lambda: True)
    show = cache.stderr_progress({"livrets": "Livrets PDF"})  # another build
    for done in range(4):
        show("livrets", done, 3)
    err = capsys.readouterr().err
    assert err.count("\r") == 4 and err.endswith("Livrets PDF\u00a0: 3/3 fichiers refaits\n")

    # the parts of the booklets are made in two rounds: the second counts on from the first
    chapters = cache.stderr_progress({PARTS_KIND: "Chapitres"}, {PARTS_KIND: ("chapitre", "chapitres")})
    for total in (3, 1):
        chapters(PARTS_KIND, 0, total)
        chapters(PARTS_KIND, total, total)
    assert capsys.readouterr().err.endswith(
        "Chapitres\u00a0: 3/3 chapitres refaits\n\r\033[KChapitres\u00a0: 3/4 chapitres refaits\r\033[KChapitres\u00a0: 4/4 chapitres refaits\n"
    )
    monkeypatch.setattr("sys.stderr.isatty", lambda: False)
    one = cache.stderr_progress({"livrets": "Livrets PDF"})
    one("livrets", 0, 1)
    chapters(PARTS_KIND, 0, 2)
    assert (
        capsys.readouterr().err
        == "Livrets PDF\u00a0: 1 fichier à refaire…\nChapitres\u00a0: 2 chapitres à refaire, maintenant que les pages sont comptées…\n"
    )


def test_the_progress_announces_what_the_report_then_counts(warm: Path) -> None:
    """After a one-module edit, the progress of the booklets' parts is shown as parts (their
    chapter printed again), and the booklets that hold the module are announced before
    they are put together, as many as the report then counts as rebuilt."""
    source = warm / "modules" / "module-0002.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nUne phrase de plus.\n", encoding="utf-8")
    lines = warm.parent / "progression.txt"  # the booklets' progress comes from the printing process

    def noted(kind: str, done: int, total: int) -> None:
        with lines.open("a", encoding="utf-8") as out:
            out.write(f"{kind} {done} {total}\n")

    out = warm.parent / "sites"
    views = build_views(
        Project(warm),
        site_dir=out / "site",
        trainer_dir=out / "formateur",
        options=ExportOptions(workers=2, progress=noted),
    )
    rebuilt = _rebuilt(views)
    shown = [(kind, int(done), int(total)) for kind, done, total in map(str.split, lines.read_text().splitlines())]
    for kind in (PARTS_KIND, "livrets"):
        announced = [total for name, done, total in shown if name == kind and done == 0]
        finished = [total for name, done, total in shown if name == kind and done == total]
        assert announced and announced == finished, (kind, shown)
        assert sum(announced) == len(rebuilt[kind]), (kind, shown, rebuilt[kind])


def test_a_page_edit_compresses_again_only_what_changed_in_the_offline_copies(
    cold: tuple[Path, Path, Views], warm: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The offline copies after a one-sentence edit: the pages and files that changed are
    converted and compressed again from their new bytes (none taken stale from the cache),
    the others come from the cache, and both archives are byte for byte those of a build
    without cache."""
    _, out, views = cold
    module = views.learner.curriculum.modules["module-0002"]
    source = warm / "modules" / "module-0002.md"
    text = source.read_text(encoding="utf-8")
    assert "## Partie 2 du cours\n\nOn note d'abord" in text
    source.write_text(text.replace("\n\nOn note", "\n\nUne phrase ajoutée pour l'essai.\n\nOn note", 1), "utf-8")
    # written down in files: the trainer view's offline copy is packed by a forked process
    compressions, conversions = warm.parent / "compressions.txt", warm.parent / "conversions.txt"
    deflate, offline_page = archive.deflate, offline.offline_page

    def noted(path: Path, line: str) -> None:
        with path.open("a", encoding="utf-8") as out:
            out.write(line + "\n")

    def deflate_noted(data: bytes) -> bytes:
        # "ahead": by the worker process that put a booklet together (archive.compress_ahead)
        ahead = any(frame.function == "compress_ahead" for frame in inspect.stack())
        noted(compressions, f"{_digest(data)} {'ahead' if ahead else 'archive'}")
        return deflate(data)

    monkeypatch.setattr(archive, "deflate", deflate_noted)
    monkeypatch.setattr(
        offline,
        "offline_page",
        lambda markup, page, *rest: noted(conversions, page) or offline_page(markup, page, *rest),
    )

    _build(warm, warm.parent / "warm")
    monkeypatch.undo()
    noted_lines = [line.split() for line in compressions.read_text(encoding="utf-8").splitlines()]
    compressed = {digest for digest, _ in noted_lines}
    converted = conversions.read_text(encoding="utf-8").split()
    _build(warm, warm.parent / "cold", use_cache=False)

    # every member of every archive of the first build went into the cache then
    before = {}
    for package in [*(out / "site").rglob("*.zip"), *(out / "formateur").rglob("*.zip")]:
        with zipfile.ZipFile(package) as opened:
            before |= {f"{package.relative_to(out)}:{name}": opened.read(name) for name in opened.namelist()}
    known = set(before.values())
    assert not compressed & {_digest(data) for data in known}  # nothing the cache holds is compressed again
    page = f"{module.url}index.html"
    for view in ("site", "formateur"):
        warm_archive = warm.parent / "warm" / view / "exports" / offline.ARCHIVE
        assert warm_archive.read_bytes() == (warm.parent / "cold" / view / "exports" / offline.ARCHIVE).read_bytes()
        with zipfile.ZipFile(warm_archive) as opened:
            members = {name.split("/", 1)[1]: opened.read(name) for name in opened.namelist()}
            folder = opened.namelist()[0].split("/", 1)[0]
        assert "Une phrase ajoutée pour l'essai." in members[page].decode("utf-8")
        assert members[page] != before[f"{view}/exports/{offline.ARCHIVE}:{folder}/{page}"]
        changed = [name for name, data in members.items() if data not in known]
        assert page in changed and len(changed) < len(members) / 4
        assert all(_digest(members[name]) in compressed for name in changed)
    # each booklet that holds the module is compressed once, by the process that put it
    # together, not by each offline copy
    booklets = [
        _digest((warm.parent / "warm" / "site" / "exports" / name).read_bytes())
        for name in (module_pdf(module), CURRICULUM_PDF)
    ]
    assert sorted(line for line in noted_lines if line[0] in booklets) == sorted([d, "ahead"] for d in booklets)
    # each view's page of the module is converted again, most other pages come from the cache
    assert converted.count(page) == 2
    assert len(converted) < len([name for name in members if name.endswith(".html")]) / 2


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_parts_of_files_are_checked_like_files_but_not_counted_as_files(tmp_path: Path) -> None:
    store = ExportCache(tmp_path / "cache")
    key = key_of("deflate", "essai")
    assert store.load_part(key, "site-hors-ligne.zip::a.html") is None
    store.keep_part(key, b"compressed bytes", "site-hors-ligne.zip::a.html")
    assert store.load_part(key, "site-hors-ligne.zip::a.html") == b"compressed bytes"
    assert store.report.kinds == {}  # a file's parts are not files: the report does not count them
    data = next((tmp_path / "cache").glob("*/*.bin"))
    data.write_bytes(b"compressed bytez")  # same size, one byte changed
    assert store.load_part(key, "site-hors-ligne.zip::a.html") is None
    assert store.report.kind("exports").repaired == ["site-hors-ligne.zip::a.html"]
    assert not data.exists() and list((tmp_path / "cache").glob("*/*")) == []
    assert ExportCache(None).load_part(key, "a") is None


def test_data_kept_without_its_record_is_being_written_not_damaged(tmp_path: Path) -> None:
    """Two processes of one build may keep the same entry (the two offline copies hold the
    same exports): one can find the other's data before its record, and must not call it
    damaged, nor remove it; data a killed build left without its record goes an hour later."""
    store = ExportCache(tmp_path / "cache")
    key = key_of("deflate", "essai")
    store.keep_part(key, b"compressed bytes", "site-hors-ligne.zip::a.html")
    data = next((tmp_path / "cache").glob("*/*.bin"))
    record = data.with_suffix(".json")
    saved = record.read_bytes()
    record.unlink()  # the other process has written the data, not yet the record
    assert store.load_part(key, "site-hors-ligne.zip::a.html") is None
    assert store.report.kinds == {} and data.exists()
    record.write_bytes(saved)  # then it has
    assert store.load_part(key, "site-hors-ligne.zip::a.html") == b"compressed bytes"
    # what a killed build leaves: data without a record, kept an hour, then removed
    record.unlink()
    store.prune(now=data.stat().st_mtime + 60)
    assert data.exists()
    store.prune(now=data.stat().st_mtime + 3601)
    assert not data.exists()
    # a record without its data is damage, as before
    store.keep_part(key, b"compressed bytes", "site-hors-ligne.zip::a.html")
    data.unlink()
    assert store.load_part(key, "site-hors-ligne.zip::a.html") is None
    assert store.report.kind("exports").repaired == ["site-hors-ligne.zip::a.html"]
    assert list((tmp_path / "cache").glob("*/*")) == []


def test_entries_unused_for_a_long_time_are_pruned(tmp_path: Path) -> None:
    store = ExportCache(tmp_path / "cache")
    for text in ("ancienne", "récente"):
        store.keep_part(key_of("deflate", text), text.encode(), text)
    old = store._paths(key_of("deflate", "ancienne"))
    os.utime(old[1], (0, 0))  # its record last used in 1970
    store.prune()
    assert not any(path.exists() for path in old)
    assert all(path.exists() for path in store._paths(key_of("deflate", "récente")))


def test_beyond_a_few_builds_worth_the_entries_used_least_recently_are_pruned(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each edit leaves the former versions of what it changed: past KEPT_BUILDS times what
    the last build used (and at least MIN_KEPT_BYTES), the entries used least recently go,
    never those of this build nor those used in the last minutes (another build's)."""
    monkeypatch.setattr(cache, "MIN_KEPT_BYTES", 1)
    earlier = ExportCache(tmp_path / "cache")
    now = time.time()
    ages = {"il y a 3 h": 3 * 3600, "il y a 2 h": 2 * 3600, "il y a 1 h": 3600, "il y a 30 min": 1800}
    for name, age in {**ages, "il y a 5 min": 300}.items():
        earlier.keep_part(key_of("essai", name), name.encode() * 1000, name)
        os.utime(earlier._paths(key_of("essai", name))[1], (now - age, now - age))
    store = ExportCache(tmp_path / "cache")  # this build: it uses one entry, keeps another
    assert store.load_part(key_of("essai", "il y a 3 h"), "il y a 3 h") is not None
    store.keep_part(key_of("essai", "nouvelle"), b"nouvelle" * 1000, "nouvelle")

    def left() -> list[str]:
        return sorted(json.loads(record.read_text())["file"] for record in (tmp_path / "cache").glob("*/*.json"))

    def size(*names: str) -> int:
        return sum(path.stat().st_size for name in names for path in store._paths(key_of("essai", name)))

    used = size("il y a 3 h", "nouvelle")
    everything = size(*ages, "il y a 5 min", "nouvelle")
    monkeypatch.setattr(cache, "KEPT_BUILDS", 3)
    assert everything - size("il y a 2 h") <= 3 * used < everything  # room for all but the oldest
    store.prune(now=now)
    assert left() == ["il y a 1 h", "il y a 3 h", "il y a 30 min", "il y a 5 min", "nouvelle"]
    monkeypatch.setattr(cache, "KEPT_BUILDS", 1)
    store.prune(now=now)
    # then only the entries of this build and of the last minutes, whatever the size
    assert left() == ["il y a 3 h", "il y a 5 min", "nouvelle"]
    assert sorted(path.suffix for path in (tmp_path / "cache").glob("*/*")) == [".bin"] * 3 + [".json"] * 3


def test_pruning_a_cache_deleted_meanwhile_does_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The cache may be deleted by hand at any time, also between the check that its folder
    is there and its listing: the build that prunes it ends normally."""
    store = ExportCache(tmp_path / "cache")
    store.keep_part(key_of("essai", "a"), b"a" * 100, "a")
    shutil.rmtree(tmp_path / "cache")
    monkeypatch.setattr(Path, "is_dir", lambda self: True)  # it was there when the prune looked
    store.prune()
    monkeypatch.undo()
    assert not (tmp_path / "cache").exists()


def test_a_part_only_measured_writes_no_file_and_keeps_its_record(tmp_path: Path) -> None:
    from ecole.exports.pdf import DocumentInfo, PdfJob, html_document, render_records

    html = html_document(DocumentInfo("Essai", "", 0), '<h1 id="essai">Essai</h1><p style="break-before: page">2</p>')
    measured = PdfJob(html, tmp_path / "out" / "mesure.pdf", "essai", anchors=True, measured=True)
    printed = PdfJob(html, tmp_path / "out" / "essai.pdf", "essai", anchors=True)
    for round_ in ("cold", "warm"):
        store = ExportCache(tmp_path / "cache", workers=1)
        with cache.activate(store):
            records = render_records([measured, printed])
        for record in records.values():  # a record from the cache says more: the entry's size and digest
            assert {name: record[name] for name in ("pages", "anchors", "levels")} == {
                "pages": 2,
                "anchors": {"essai": 0},
                "levels": [1],
            }
        assert not measured.target.exists() and printed.target.read_bytes().startswith(b"%PDF")
        done = store.report.kind("exports")
        assert (len(done.rebuilt), len(done.reused)) == ((2, 0) if round_ == "cold" else (0, 2)), round_


def test_a_document_printed_once_for_two_files_is_announced_and_counted_for_both(tmp_path: Path) -> None:
    """Two files of the same document (two paths with the same programme part) are printed
    once; the progress announces both, as the report then counts both."""
    from ecole.exports.pdf import DocumentInfo, PdfJob, html_document, render_records

    html = html_document(DocumentInfo("Essai", "", 0), '<h1 id="essai">Essai</h1>')
    jobs = [PdfJob(html, tmp_path / "out" / f"{name}.pdf", "essai", label=name) for name in ("un", "deux")]
    shown: list[tuple[int, int]] = []
    store = ExportCache(tmp_path / "cache", workers=1, progress=lambda kind, done, total: shown.append((done, total)))
    with cache.activate(store):
        render_records(jobs)
    assert (shown[0], shown[-1]) == ((0, 2), (2, 2))
    assert sorted(store.report.kind("exports").rebuilt) == ["deux", "un"]
    assert all(job.target.read_bytes().startswith(b"%PDF") for job in jobs)


def test_a_scorm_page_is_converted_once_for_the_same_text_and_links(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ecole.exports.scorm import sco
    from ecole.model.curriculum import load_curriculum

    curriculum, _ = load_curriculum(Project(ROOT))
    addressed = dataclasses.replace(curriculum.settings, site_url="https://exemple.fr/ecole/")
    with cache.activate(ExportCache(None)):
        plain = sco.render_scos(curriculum)  # no cache: the reference
    with cache.activate(ExportCache(tmp_path / "cache")):
        first = sco.render_scos(curriculum)
        monkeypatch.setattr(sco, "_html", lambda md, text: pytest.fail(f"converted again: {text[:60]}"))
        kept = sco.render_scos(curriculum)
        curriculum.settings, settings = addressed, curriculum.settings
        try:  # links go elsewhere with the site's address: another key, converted again
            with pytest.raises(pytest.fail.Exception):
                sco.render_scos(curriculum)
        finally:
            curriculum.settings = settings
    assert [(s.body, s.files) for s in plain.values()] == [(s.body, s.files) for s in first.values()]
    assert [(s.body, s.files) for s in kept.values()] == [(s.body, s.files) for s in first.values()]
    # the files a page links to travel in its package: they come back from the cache too
    linked = tmp_path / "fiche.pdf"
    md = markdown.Markdown(extensions=[extension := sco._PackageExtension()])
    with cache.activate(ExportCache(tmp_path / "cache")):
        extension.links = sco.PackageLinks("modules/un.md", {"fichiers/fiche.pdf": linked}, None)
        with pytest.raises(pytest.fail.Exception):  # not in the cache: converted
            sco._convert(md, "[La fiche](../fichiers/fiche.pdf)", extension.links)
        monkeypatch.undo()
        html = sco._convert(md, "[La fiche](../fichiers/fiche.pdf)", extension.links)
        extension.links = links = sco.PackageLinks("modules/un.md", {"fichiers/fiche.pdf": linked}, None)
        monkeypatch.setattr(sco, "_html", lambda md, text: pytest.fail("converted again"))
        assert sco._convert(md, "[La fiche](../fichiers/fiche.pdf)", links) == html
    assert 'href="../ressources/fichiers/fiche.pdf"' in html
    assert links.files == {"ressources/fichiers/fiche.pdf": linked}


def test_a_printed_body_is_converted_once_for_the_same_text_and_links(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ecole.exports import print_markdown
    from ecole.exports.print_markdown import PrintLinks, render_markdown

    text = "## Titre\n\nVoir [l'autre page](autre.md#ancre).\n"
    links = PrintLinks("modules/un.md", {"modules/un.md", "modules/autre.md"})
    elsewhere = PrintLinks("modules/un.md", {"modules/un.md"}, site_url="https://exemple.fr/ecole/")
    with cache.activate(ExportCache(tmp_path / "cache")):
        first = render_markdown(text, links, shift=1)
        printed = render_markdown(text, elsewhere, shift=1)
        monkeypatch.setattr(print_markdown, "_render", lambda *args: pytest.fail(f"converted again: {args[:2]}"))
        assert render_markdown(text, links, shift=1) == first  # the same text, links and shift: from the cache
        assert render_markdown(text, elsewhere, shift=1) == printed
    assert 'href="#modules-autre--ancre"' in first.html and first.headings[0].level == 3
    assert 'href="https://exemple.fr/ecole/modules/autre/#ancre"' in printed.html
    with cache.activate(ExportCache(tmp_path / "cache")), pytest.raises(pytest.fail.Exception):
        render_markdown(text + '\n--8<-- "inclus.md"\n', links, shift=1)  # includes a file: converted each time


def test_a_failure_of_the_trainer_views_exports_fails_the_build_and_leaves_both_sites(
    warm: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The trainer view's exports are written by a forked process while this one packs
    the learners' offline copy: its failure comes back, named, and neither site changes."""
    import ecole.build

    out = warm.parent / "sites"
    _build(warm, out)
    before = {path: path.read_bytes() for path in sorted(out.rglob("*")) if path.is_file()}
    touch_module(warm)
    working = ecole.build.write_export

    def broken(*arguments) -> None:  # (export, curriculum, exports folder, store, name in the report)
        if arguments[-1] == ecole.build.TRAINER_OFFLINE:
            raise OSError("disque plein (simulé)")
        working(*arguments)

    monkeypatch.setattr(ecole.build, "write_export", broken)
    with pytest.raises(BuildFailed, match=r"\(emporter le cursus, vue formateur\)\u00a0: disque plein \(simulé\)"):
        _build(warm, out)
    assert {path: path.read_bytes() for path in sorted(out.rglob("*")) if path.is_file()} == before
    assert sorted(path.name for path in out.iterdir()) == ["formateur", "site"]  # no half-built folder left


def test_a_failure_in_the_printing_process_fails_the_build_and_leaves_no_process(
    warm: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failure while the printing process prints the trainer's guide ahead (an error in a
    print template did it) comes back, and the build ends: it waited forever for that process,
    which waited for its idle workers."""
    import threading

    import ecole.build

    def broken(jobs) -> None:
        raise RuntimeError("gabarit d'impression cassé (simulé)")

    monkeypatch.setattr(ecole.build, "print_ahead", broken)
    failed: list[BaseException] = []

    def build() -> None:
        try:
            _build(warm, warm.parent / "sites", workers=2)
        except BaseException as exc:
            failed.append(exc)

    children_before = set(multiprocessing.active_children())
    running = threading.Thread(target=build, daemon=True)
    running.start()
    running.join(timeout=120)
    assert not running.is_alive(), "la construction attend encore le processus qui imprime"
    assert failed and "gabarit d'impression cassé (simulé)" in str(failed[0])
    assert set(multiprocessing.active_children()) <= children_before


def test_the_printing_process_is_forked_before_the_content_is_read_and_stopped_with_the_build(
    warm: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The process that prints is forked before the content is read, and prepares while it
    is read (:class:`ecole.build._Printing`); it prints once the curriculum is sent to it.
    A build that stops before (nothing changed, content that does not validate) stops it,
    and leaves none of its folders, nor the file that carries the curriculum."""
    import ecole.build

    out = warm.parent / "sites"
    _build(warm, out)
    marks = warm.parent / "marques"
    marks.mkdir()
    loading, preparing = ecole.build.load_curriculum, ecole.build.prepare_printing

    def load(*arguments, **options):
        children = {child.pid for child in multiprocessing.active_children()}
        (marks / "lecture").write_text(json.dumps(sorted(children)), encoding="utf-8")
        return loading(*arguments, **options)

    def prepare(store: ExportCache) -> None:  # in the printing process
        (marks / f"préparation-{os.getpid()}").write_text(str(os.getppid()), encoding="utf-8")
        preparing(store)

    monkeypatch.setattr(ecole.build, "load_curriculum", load)
    monkeypatch.setattr(ecole.build, "prepare_printing", prepare)
    carried = set(Path(tempfile.gettempdir()).glob("ecole-arguments-*"))

    def left_behind() -> list:
        return [
            multiprocessing.active_children(),
            sorted(path.name for path in out.iterdir()),
            set(Path(tempfile.gettempdir()).glob("ecole-arguments-*")) - carried,
        ]

    touch_module(warm)
    rebuilt = _build(warm, out)
    assert PARTS_KIND in _rebuilt(rebuilt)  # the edited module's chapter, printed by that process
    (prepared,) = marks.glob("préparation-*")
    printer = int(prepared.name.removeprefix("préparation-"))
    assert int(prepared.read_text(encoding="utf-8")) == os.getpid()
    assert json.loads((marks / "lecture").read_text(encoding="utf-8")) == [printer]
    assert left_behind() == [[], ["formateur", "site"], set()]

    prepared.unlink()
    assert _build(warm, out).learner.up_to_date
    assert len(list(marks.glob("préparation-*"))) <= 1  # forked, then stopped, prepared or not
    assert left_behind() == [[], ["formateur", "site"], set()]

    source = next((warm / "modules").glob("*.md"))
    source.write_text(source.read_text(encoding="utf-8").replace("title:", "titre:", 1), encoding="utf-8")
    with pytest.raises(ContentError):
        _build(warm, out)
    assert left_behind() == [[], ["formateur", "site"], set()]


def test_every_printed_document_has_its_typography_from_its_parts(warm: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A printed chapter and its document are not read again for French typography
    (:func:`ecole.assembly.templates.render_around`): each of their parts has it already.
    Every document a build prints (or takes from the cache, under the same key) is
    left as it is by :func:`french_html`, which is idempotent."""
    from ecole.assembly.typography import french_html
    from ecole.exports import pdf

    documents: dict[str, str] = {}
    keying = pdf.job_key

    def job_key(job: pdf.PdfJob) -> str:
        documents[job.reported] = job.html
        return keying(job)

    monkeypatch.setattr(pdf, "job_key", job_key)
    out = warm.parent / "sites"
    # one process: every document is keyed here, the chapters, the booklets and the guide
    build_views(Project(warm), site_dir=out / "site", trainer_dir=out / "formateur", options=ExportOptions(workers=1))
    # chapters of each kind, a booklet's own parts, programme sheets, canvases, the session kit
    assert {
        chapter_id("modules/module-0002.md"),
        chapter_id("methodes/methode-001.md"),
        chapter_id("etudes-de-cas/etude-001.md"),
        f"{CURRICULUM_PDF}#couverture",
        f"{CURRICULUM_PDF}#ecole-credits",
        f"{CURRICULUM_PDF}#pagination",
        "pdf/programmes/module-0002.pdf",
        "canevas/grille.pdf",
        "kit/attestation.pdf",
    } <= set(documents)
    assert [name for name, html in documents.items() if french_html(html) != html] == []


def test_a_commit_of_another_day_dates_again_only_what_holds_an_undated_content(warm: Path) -> None:
    """The content's date is the day of the last commit (:mod:`ecole.model.version`): a
    second commit that day, which changes no content, leaves every page and every file as
    it is. An export is dated by the last update of what it holds (``updated``): a commit
    of the next day makes again only what holds a content without a date of its own (the
    canvas here), what gives the build's day (the catalogue) and the offline copies that
    carry them, and no page."""

    def commit(moment: str) -> None:
        names = {f"GIT_{who}_{what}": value for who in ("AUTHOR", "COMMITTER") for what, value in IDENTITY}
        env = {**os.environ, **names, "GIT_AUTHOR_DATE": moment, "GIT_COMMITTER_DATE": moment}
        command = ["git", "-c", "commit.gpgsign=false", "commit", "-q", "--allow-empty", "-m", "Essai"]
        subprocess.run(command, cwd=warm, env=env, check=True)
        content_timestamp.cache_clear()  # read once per process and folder

    subprocess.run(["git", "init", "-q"], cwd=warm, check=True)
    out = warm.parent / "sites"
    commit("2026-12-04T09:15:00+00:00")
    first = _build(warm, out)
    assert first.learner.curriculum.timestamp == int(datetime(2026, 12, 4, tzinfo=UTC).timestamp())
    commit("2026-12-04T17:40:00+00:00")
    assert _build(warm, out).learner.up_to_date
    commit("2026-12-05T08:00:00+00:00")
    again = _build(warm, out)
    assert not again.learner.up_to_date
    assert again.learner.curriculum.timestamp == int(datetime(2026, 12, 5, tzinfo=UTC).timestamp())
    assert _rebuilt(again) == {
        "canevas": ["canevas/grille.pdf"],
        "catalogue": ["catalogue.csv", "catalogue.json"],
        **OFFLINE,
    }
    every = _pages(first)
    assert _pages(again) == {
        **{f"{view} écrites": [] for view in ("apprenants", "formateur")},
        **{
            f"{view} reprises": sorted([*every[f"{view} écrites"], *every[f"{view} reprises"]])
            for view in ("apprenants", "formateur")
        },
        **{f"{view} converties": [] for view in ("apprenants", "formateur")},
    }
    # a module's booklet is of its module's date, on its cover and in its metadata
    module = again.learner.curriculum.ordered_modules()[0]
    assert module.updated == "2026-01-15"
    booklet = out / "site" / "exports" / module_pdf(module)
    with pikepdf.open(booklet) as pdf:
        assert str(pdf.docinfo["/CreationDate"]).startswith("D:20260115")
    command = ["pdftotext", "-enc", "UTF-8", "-f", "1", "-l", "1", str(booklet), "-"]
    cover = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    assert "Version du 15 janvier 2026" in cover


def test_the_trainer_views_pages_are_built_at_a_lower_priority(warm: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The process that builds the trainer view's pages gives way to the learners' pages and
    to the booklets' printing, which every other export waits for; the learners' pages are
    built at the build's own priority."""
    import ecole.build

    seen = warm.parent / "priorites"
    seen.mkdir()
    working = ecole.build._build_pages

    def recorded(project: Project, curriculum, folder: Path, environment: str | None):
        view = "formateur" if curriculum.trainer else "apprenants"
        (seen / view).write_text(str(os.nice(0)), encoding="utf-8")  # os.nice(0): the niceness now
        return working(project, curriculum, folder, environment)

    monkeypatch.setattr(ecole.build, "_build_pages", recorded)
    out = warm.parent / "sites"
    build_views(Project(warm), site_dir=out / "site", trainer_dir=out / "formateur", options=ExportOptions(workers=2))
    own = os.nice(0)
    assert int((seen / "apprenants").read_text(encoding="utf-8")) == own
    assert int((seen / "formateur").read_text(encoding="utf-8")) == min(own + ecole.build.TRAINER_VIEW_NICENESS, 19)


def test_page_entries_are_kept_found_and_the_unused_removed(tmp_path: Path) -> None:
    store = page_store.Entries(tmp_path / "vue")
    store.keep("a" * 64, b"page a", "a.md")
    store.keep("b" * 64, b"page b", "b.md")
    store.close()

    again = page_store.Entries(tmp_path / "vue")
    assert again.has("a" * 64) and again.load("a" * 64, "a.md") == b"page a"
    assert again.load("c" * 64, "c.md") is None and again.repaired == []
    again.close()  # b was not used

    last = page_store.Entries(tmp_path / "vue")
    assert last.has("a" * 64) and not last.has("b" * 64)
    last.close()


def test_a_page_database_another_build_holds_too_long_is_left_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Locked longer than the wait, the database is neither deleted nor written: the
    build goes on without it, making every page."""
    store = page_store.Entries(tmp_path / "vue")
    store.keep("a" * 64, b"page a", "a.md")
    store.close()
    monkeypatch.setattr(page_store, "WAIT_SECONDS", 0.1)
    with contextlib.closing(sqlite3.connect(tmp_path / "vue" / page_store.DATABASE)) as other:
        other.execute("BEGIN EXCLUSIVE")
        blocked = page_store.Entries(tmp_path / "vue")
        assert not blocked.has("a" * 64)
        blocked.keep("b" * 64, b"page b", "b.md")
        blocked.close()
        other.rollback()

    after = page_store.Entries(tmp_path / "vue")
    assert after.load("a" * 64, "a.md") == b"page a" and not after.has("b" * 64)
    after.close()


def test_the_page_database_gives_back_the_room_of_what_it_removed(tmp_path: Path) -> None:
    """After a build that kept none of the previous entries, the file shrinks to what it holds."""
    store = page_store.Entries(tmp_path / "vue")
    for number in range(40):
        store.keep(f"{number:064d}", bytes([number]) * 20_000, f"page-{number}.md")
    store.close()
    database = tmp_path / "vue" / page_store.DATABASE
    full = database.stat().st_size

    again = page_store.Entries(tmp_path / "vue")
    again.keep("f" * 64, b"la seule page", "seule.md")
    again.close()

    assert database.stat().st_size < full / 10
    last = page_store.Entries(tmp_path / "vue")
    assert last.load("f" * 64, "seule.md") == b"la seule page" and not last.has(f"{0:064d}")
    last.close()


def test_without_sqlite_the_pages_are_made_without_a_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A Python built without SQLite (pyenv on a machine without libsqlite3-dev) builds
    every page, keeping none."""
    monkeypatch.setattr(page_store, "sqlite3", None)
    store = page_store.Entries(tmp_path / "vue")
    store.keep("a" * 64, b"page a", "a.md")
    assert not store.has("a" * 64) and store.load("a" * 64, "a.md") is None
    store.close()
    assert not (tmp_path / "vue" / page_store.DATABASE).exists()


def test_pages_depend_on_the_build_date_only_if_a_template_reads_it(tmp_path: Path) -> None:
    """No template of Material's or ours reads MkDocs' ``build_date_utc``: pages are kept
    across days. A theme that reads it (here MkDocs' own) puts the date in their key."""
    import material
    import mkdocs

    from ecole.adapter.page_cache import _reads_build_date

    assert not _reads_build_date([str(ROOT / "overrides"), str(Path(material.__file__).parent / "templates")])
    assert _reads_build_date([str(Path(mkdocs.__file__).parent / "themes" / "mkdocs")])
    (tmp_path / "partials").mkdir()
    (tmp_path / "partials" / "footer.html").write_text("<p>{{ build_date_utc.year }}</p>", encoding="utf-8")
    assert _reads_build_date([str(ROOT / "overrides"), str(tmp_path)])
