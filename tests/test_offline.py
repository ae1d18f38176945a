"""The offline copy of the site (exports/site-hors-ligne.zip) opens from the file system."""

from __future__ import annotations

import posixpath
import random
import re
import tempfile
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import ROOT
from ecole.build import BuildResult
from ecole.exports import planned_files
from ecole.exports.offline import (
    ARCHIVE,
    LICENCES,
    REFERENCE_FOLDER,
    SHIM,
    folder_name,
    offline_page,
    offline_url,
    page_folders,
    search_index_script,
    write_offline,
)
from ecole.exports.scorm.archive import _write_members, _write_with_zipfile, deflate

_HREF = re.compile(r'\bhref="([^"]*)"')


@pytest.fixture(scope="module")
def archive(site: Path) -> zipfile.ZipFile:
    with zipfile.ZipFile(site / "exports" / ARCHIVE) as opened:
        yield opened


@pytest.fixture(scope="module")
def unpacked(archive: zipfile.ZipFile, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder the archive creates where it is unpacked."""
    folder = tmp_path_factory.mktemp("hors-ligne")
    archive.extractall(folder)
    return folder / REFERENCE_FOLDER


def _names(archive: zipfile.ZipFile) -> set[str]:
    """The site's files in the archive, relative to its one folder."""
    return {name.removeprefix(f"{REFERENCE_FOLDER}/") for name in archive.namelist()}


def test_archive_unpacks_into_one_folder_named_after_the_edition(built: BuildResult, archive: zipfile.ZipFile) -> None:
    assert folder_name(built.curriculum) == REFERENCE_FOLDER
    assert {name.split("/", 1)[0] for name in archive.namelist()} == {REFERENCE_FOLDER}


def test_archive_holds_every_page_and_export(built: BuildResult, archive: zipfile.ZipFile) -> None:
    names = _names(archive)
    assert {"index.html", "search/search_index.js", SHIM} <= names
    for module in built.curriculum.modules.values():
        assert f"{module.url}index.html" in names, module.id
    # the download page works offline: every other export is inside (so this one runs last)
    for export, files in planned_files(built.curriculum):
        for file in files:
            if file.path != ARCHIVE:
                assert f"exports/{file.path}" in names, (export.name, file.path)
    assert "404.html" not in names and f"exports/{ARCHIVE}" not in names
    assert not [name for name in names if name.endswith(".map")], "source maps: for developers, not learners"


def test_archive_carries_the_licences_of_its_code(archive: zipfile.ZipFile) -> None:
    """The MIT licences of the scripts and stylesheets ask for their text in every copy: the
    tool's, Material's and the search shim's, at the copy's root."""
    text = archive.read(f"{REFERENCE_FOLDER}/{LICENCES}").decode("utf-8")
    assert text.count("Permission is hereby granted, free of charge") == 3
    assert "Martin Donath" in text and "Les contributeurs de l'École de l'innovation publique" in text
    names = _names(archive)
    assert SHIM in text and SHIM in names
    assert any(name.startswith("assets/javascripts/bundle.") for name in names)  # Material's, named there


def test_module_links_name_html_files(built: BuildResult, archive: zipfile.ZipFile) -> None:
    names = _names(archive)
    module = built.curriculum.ordered_modules()[0]
    page = f"{module.url}index.html"
    internal = []
    for href in _HREF.findall(archive.read(f"{REFERENCE_FOLDER}/{page}").decode("utf-8")):
        parts = urlsplit(href)
        if parts.scheme or not parts.path:
            continue
        assert not href.startswith("/"), href
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), parts.path))
        assert target in names, f"{href} (dans {page}) ne mène à aucun fichier de l'archive"
        internal.append(parts.path)
    pages = [path for path in internal if not path.startswith(("../../assets/", "../../exports/"))]
    assert pages and all(path.endswith(".html") for path in pages), pages
    # the module's booklet, for who works on paper, is in the archive too (checked above)
    assert f"../../exports/pdf/modules/{module.id}.pdf" in internal


def test_archive_is_the_same_for_the_same_content(built: BuildResult) -> None:
    target = built.site / "exports" / ARCHIVE
    first = target.read_bytes()
    write_offline(built.curriculum, built.site / "exports")  # the archive leaves itself out
    assert target.read_bytes() == first


def test_folder_links_get_their_index(tmp_path: Path) -> None:
    (tmp_path / "modules" / "a").mkdir(parents=True)
    (tmp_path / "modules" / "a" / "index.html").write_text("")
    (tmp_path / "index.html").write_text("")
    assert offline_url("../a/#objectifs", "modules/b/index.html", tmp_path) == "../a/index.html#objectifs"
    assert offline_url("../..", "modules/b/index.html", tmp_path) == "../../index.html"
    assert offline_url("../../assets/ecole.css", "modules/b/index.html", tmp_path) == "../../assets/ecole.css"
    assert offline_url("https://example.org/", "index.html", tmp_path) == "https://example.org/"
    assert offline_url("#haut", "index.html", tmp_path) == "#haut"


def test_folder_links_from_one_listing_are_those_the_file_system_gives(tmp_path: Path) -> None:
    """The conversion looks links up in one listing of the site (page_folders), not on disk."""
    for name in ("index.html", "modules/a/index.html", "modules/a/image.png", "modules/vide/page.html"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("")
    folders = page_folders(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    assert folders == {".", "modules/a"}
    urls = ["../a/", "../a", "../a/?q=1#b", "../..", "../../", "", "../vide/", "../a/image.png", "../../../x/", "?q"]
    for page in ("modules/b/index.html", "modules/a/index.html"):
        for url in urls:
            assert offline_url(url, page, tmp_path, folders) == offline_url(url, page, tmp_path), (page, url)
    assert offline_url("../a", "modules/b/index.html", tmp_path, folders) == "../a/index.html"
    assert offline_url("../vide/", "modules/b/index.html", tmp_path, folders) == "../vide/"


def test_archives_are_written_as_zipfile_writes_them() -> None:
    """The ZIP writer that takes compressed members from the cache writes, byte for byte, what
    zipfile writes (hence the same SCORM packages and offline copies as before it)."""
    entries = {
        "b/page.html": "<p>Une page répétée.</p>".encode() * 2000,
        "a/vide.txt": b"",
        "a/données-é.json": b'{"a": 1}',  # a UTF-8 name: zipfile flags it
        "c/bruit.bin": random.Random(17).randbytes(200_000),  # incompressible: stored larger than it is
    }
    for timestamp in (0, 1_764_763_200, 1_764_763_201):  # 1970 (written as 1980), an even and an odd second
        with tempfile.TemporaryDirectory() as folder:
            ours, theirs = Path(folder) / "ours.zip", Path(folder) / "theirs.zip"
            _write_members(ours, entries, timestamp, lambda name, data: deflate(data))
            _write_with_zipfile(theirs, entries, timestamp)
            assert ours.read_bytes() == theirs.read_bytes(), timestamp
            with zipfile.ZipFile(ours) as opened:
                assert opened.testzip() is None
                assert {name: opened.read(name) for name in opened.namelist()} == entries


def test_pages_leave_out_the_archives_own_size(tmp_path: Path) -> None:
    """Packed again after the build wrote its size in, the archive holds the same pages."""
    own, other = f'data-ecole-taille="exports/{ARCHIVE}"', 'data-ecole-taille="exports/pdf/a.pdf"'
    page = offline_page(
        f"<p><span {own}>10,9\u00a0Mo</span> <span {other}>1\u00a0Mo</span></p>", "index.html", tmp_path
    )
    assert page == f"<p><span {own}></span> <span {other}>1\u00a0Mo</span></p>"


def test_sections_offering_the_archive_are_not_listed_inside_it(site: Path, archive: zipfile.ZipFile) -> None:
    """Inside the archive, which does not hold itself, the sections that offer it are hidden:
    a learner followed their entries in « Sur cette page » and in the search results to nothing."""
    entry = 'href="#emporter-le-cursus"'
    for page, following in (("index.html", 'id="autres-entrees"'), ("telecharger/index.html", 'id="livrets-pdf"')):
        online = (site / page).read_text(encoding="utf-8")
        packed = archive.read(f"{REFERENCE_FOLDER}/{page}").decode("utf-8")
        assert entry in online and ARCHIVE in online, page  # online, they stay
        assert entry not in packed, page
        # the sections themselves are out, not only hidden by a CSS rule older browsers ignore
        assert 'id="emporter-le-cursus"' not in packed and ARCHIVE not in packed, page
        assert following in packed, page  # and only they
    assert '"location":"#emporter-le-cursus"' in (site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "#emporter-le-cursus" not in archive.read(f"{REFERENCE_FOLDER}/search/search_index.js").decode("utf-8")


def test_search_index_names_files() -> None:
    script = search_index_script('{"config": {}, "docs": [{"location": ""}, {"location": "modules/a/#b"}]}')
    assert script == (
        'var __index = {"config":{},"docs":[{"location":"index.html"},{"location":"modules/a/index.html#b"}]}'
    )


def test_vendored_shim_is_the_npm_package() -> None:
    """The shim in the package data is iframe-worker's, byte for byte (see package.json)."""
    vendored = ROOT / "tools" / "ecole" / "assets" / "iframe-worker-shim.js"
    published = ROOT / "node_modules" / "iframe-worker" / "shim" / "index.js"
    assert vendored.read_bytes() == published.read_bytes()


@pytest.mark.browser
def test_offline_copy_works_from_files(browser, unpacked: Path) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="fr-FR")
    tab = context.new_page()
    errors: list[str] = []
    outside: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.on("request", lambda r: outside.append(r.url) if not r.url.startswith("file://") else None)
    try:
        tab.goto((unpacked / "etudes-de-cas" / "index.html").as_uri())
        with tab.expect_navigation():
            tab.locator(".ecole-carte-france__lieux a").first.click()
        assert tab.url.endswith("/index.html")
        assert tab.locator("article h1").is_visible()
        assert tab.locator(".ecole-entete").is_visible()
        # search runs from files too (index in a script, worker replaced by the shim)
        tab.goto((unpacked / "index.html").as_uri())
        tab.locator("label[for=__search]").first.click()
        tab.locator(".md-search__input").press_sequentially("persona")
        first = tab.locator(".md-search-result__link").first
        first.wait_for()
        assert ".html" in first.get_attribute("href")
        # the words of the index and of the query, accents set aside, in the iframe too
        tab.locator(".md-search__input").fill("demarche")
        tab.locator(".md-search-result__link").first.wait_for()
        # the archive does not hold itself: the download page does not offer it
        tab.goto((unpacked / "telecharger" / "index.html").as_uri())
        assert tab.locator("#livrets-pdf").is_visible()
        assert not tab.locator("#emporter-le-cursus").is_visible()
        assert not tab.locator(f"a[href$='{ARCHIVE}']").is_visible()
    finally:
        context.close()
    assert not errors, errors
    assert not outside, outside


@pytest.mark.browser
def test_offline_search_answers_a_query_pasted_right_after_load(browser, unpacked: Path) -> None:
    """Material reads the query on keyup; offline, its index is ready as soon as the search
    opens, so a query pasted at once (an input event, no keyup) once showed nothing."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    tab = context.new_page()
    try:
        tab.goto((unpacked / "index.html").as_uri())
        query = tab.locator(".md-search__input")
        query.click()
        query.fill("persona")  # what a paste does: the value changes, no key is released
        tab.locator(".md-search-result__link").first.wait_for(timeout=10_000)
        query.fill("entretien")  # a second paste, into a search already running
        tab.wait_for_function(
            "document.querySelector('.md-search-result__item > .md-search-result__link')?.href.includes('entretien')",
            timeout=10_000,
        )
    finally:
        context.close()
