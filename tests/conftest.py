"""Shared fixtures: the project, a built site, a local web server, a browser.

Builds are expensive (seconds each), so the reference site is built once per
test session; tests that need to break content work on a copy of the project.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import re
import socket
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest

from ecole.bench import copy_reference
from ecole.build import BuildResult, build_site
from ecole.model.project import Project

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
#: The seed texts the case studies draw their facts from: not the project's, absent from a plain clone.
SEEDS = SHARED / "seeds"
CHROMIUM = "/usr/bin/chromium"
#: Tabs that check pages at once (:func:`in_turn`). One: two tabs on two cores were not
#: faster under load (page loads fight axe for the processor), and once a page loading
#: beside axe's run changed a colour-contrast result.
TABS = 1

#: A promise, in a page, that resolves once the theme has laid the page out: Material sets
#: the sidebars' height and scroll in animation frames after the load event; until then a
#: menu link can lie under the footer, and axe once (one run in a hundred) read its
#: contrast against the footer's colour. Two frames, then the next task.
AFTER_LAYOUT = "new Promise(go => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(go))))"

Item = TypeVar("Item")


@pytest.fixture(scope="session")
def project() -> Project:
    return Project(ROOT)


def copy_project(destination: Path) -> Project:
    """A private copy of the project's content, safe to break."""
    copy_reference(ROOT, destination)
    return Project(destination)


@pytest.fixture(scope="session")
def seeds() -> Path:
    """``../shared/seeds``; a test that needs it skips where it is absent (a clone on its own)."""
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds absent: the case-study facts are checked where the seed texts are")
    return SEEDS


@pytest.fixture
def project_copy(tmp_path: Path) -> Project:
    return copy_project(tmp_path / "projet")


@pytest.fixture
def own_tmpdir(tmp_path: Path) -> Path:
    """An empty folder to give a process the test starts as its system temporary folder
    (``TMPDIR``), to see what it leaves there."""
    folder = tmp_path / "temporaire"
    folder.mkdir()
    return folder


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory, project: Project) -> BuildResult:
    """The reference edition, with exports, built once for the whole session."""
    site = tmp_path_factory.mktemp("site") / "site"
    return build_site(project, site_dir=site)


@pytest.fixture(scope="session")
def site(built: BuildResult) -> Path:
    return built.site


@pytest.fixture(scope="session")
def edition_pages(tmp_path_factory: pytest.TempPathFactory, project: Project) -> Callable[[str], Path]:
    """``edition_pages(id)``: that edition's learners' site, pages only (no exports), built
    the first time a test asks for it and shared by every test that reads it after."""
    root = tmp_path_factory.mktemp("editions")
    sites: dict[str, Path] = {}

    def pages(edition: str) -> Path:
        if edition not in sites:
            sites[edition] = build_site(project, edition=edition, site_dir=root / edition, exports=False).site
        return sites[edition]

    return pages


def trainer_guide(project: Project, folder: Path, edition: str | None = None) -> Path:
    """The trainer's guide PDF of ``edition``, as the trainer view holds it (the learners'
    exports never do), rendered alone into ``folder``: a whole trainer build would print
    every booklet again."""
    from ecole.exports.booklets import GUIDE_PDF, write_guide
    from ecole.model.curriculum import load_curriculum

    curriculum, _ = load_curriculum(project, edition=edition, trainer=True)
    write_guide(curriculum, folder)
    return folder / GUIDE_PDF


@pytest.fixture(scope="session")
def reference_guide(project: Project, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return trainer_guide(project, tmp_path_factory.mktemp("guide") / "exports")


def html_pages(site: Path) -> list[Path]:
    """Every HTML page of a built site; downloads under exports/ are not pages."""
    return [
        path for path in sorted(site.rglob("*.html")) if not path.relative_to(site).as_posix().startswith("exports/")
    ]


def page_url(site: Path, path: Path) -> str:
    """A page's address from the site's root, as a browser asks for it (``modules/x/``)."""
    return re.sub(r"(^|/)index\.html$", r"\1", path.relative_to(site).as_posix())


def one_of_each_kind(urls: list[str]) -> list[str]:
    """The pages at the site's root and the first page of each folder (modules, methods,
    cases, paths…), among ``urls`` (paths from the site's root, ``modules/x/``).

    Each kind of page is one template: at phone width, axe and pa11y read these, and
    every page at desktop width (each read every page at both widths: two and a half
    minutes of the suite). What depends on the width and the content at once, a page
    wider than the screen or a region that scrolls, is checked on every page at phone
    width (``test_small_screens.py``, ``test_validators.py``)."""
    chosen: dict[str, str] = {}
    for url in urls:
        folder, slash, _ = url.partition("/")
        chosen.setdefault(folder if slash else url, url)
    return list(chosen.values())


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def serve_folder(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1 in a thread; yield its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", _free_port()), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def site_url(site: Path) -> Iterator[str]:
    yield from serve_folder(site)


_COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml")


class CompressingHandler(_QuietHandler):
    """Static files, gzipped when the browser accepts it, cacheable for an hour: as every
    host that would publish the site serves text (GitHub Pages, nginx, Apache…)."""

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        kind = self.guess_type(str(path))
        if (
            not path.is_file()
            or "gzip" not in self.headers.get("Accept-Encoding", "")
            or not kind.startswith(_COMPRESSIBLE)
        ):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=3600")
        self.end_headers()
        return io.BytesIO(body)


def serve_compressed(folder: Path, handler: type[CompressingHandler] = CompressingHandler) -> Iterator[str]:
    """Serve ``folder`` gzip-compressed on 127.0.0.1 in a thread; yield its base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's chromium driven by Playwright; never a downloaded browser."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} introuvable : lancez « make test », qui installe le paquet Debian chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        try:
            yield instance
        finally:
            instance.close()


def in_turn(
    tabs: list, items: Iterable[Item], start: Callable[[object, Item], None], finish: Callable[[object, Item], None]
) -> None:
    """Check ``items`` with ``tabs`` taking turns, in the order of ``items``.

    ``start(tab, item)`` loads the page and starts its check inside it without waiting
    for the result (a promise the page keeps); ``finish(tab, item)`` waits for that
    result and records it. Playwright's sync API waits for one call at a time, but each
    tab's page runs in its own renderer process: while one page runs its check, the
    next tab loads its page, and both cores work instead of one."""
    pending = iter(items)
    busy: deque = deque()

    def give(tab) -> None:
        for item in pending:  # the next item, if any is left
            start(tab, item)
            busy.append((tab, item))
            break

    for tab in tabs:
        give(tab)
    while busy:
        tab, item = busy.popleft()
        finish(tab, item)
        give(tab)


@pytest.fixture
def page(browser) -> Iterator[object]:
    """A fresh desktop page (1280 px) with its own storage; JS errors fail the test."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.js_errors = errors
    try:
        yield tab
    finally:
        context.close()
    assert not errors, f"erreurs JavaScript : {errors}"
