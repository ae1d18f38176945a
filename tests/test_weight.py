"""What a first visit costs (issue 15): a module page, served gzip-compressed as a
host would, weighs at most 120 kB on the wire until its reader opens the search;
the search index is fetched then, and only then, and holds the pages a learner
searches for; each page loads only the theme's assets it uses.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import CompressingHandler, serve_compressed
from ecole.assembly.page_assets import NEEDED_BY, page_assets
from ecole.assembly.search_scope import searchable, with_search_scope
from ecole.build import BuildResult

#: Bytes on the wire (gzip-compressed bodies and HTTP headers) of a module page's first
#: load, with everything it fetches before its reader opens the search.
BUDGET = 120_000
INDEX = "search/search_index.json"
#: Sections of the site a learner's search never lands in (see ecole.assembly.search_scope).
NOT_IN_LEARNERS_INDEX = ("programmes/", "telecharger/", "progression/", "guides/", "contribuer/", "credits/")
MOBILE = {"viewport": {"width": 390, "height": 844}, "locale": "fr-FR", "is_mobile": True, "has_touch": True}


class _Meter:
    """A response stream that counts what goes through it."""

    def __init__(self, stream) -> None:
        self.stream = stream
        self.count = 0

    def write(self, data: bytes) -> int:
        self.count += len(data)
        return self.stream.write(data)

    def __getattr__(self, name: str):
        return getattr(self.stream, name)


class _MeteredHandler(CompressingHandler):
    """Records, for each request, its path and the bytes sent back (headers and body)."""

    def setup(self) -> None:
        super().setup()
        self.wfile = _Meter(self.wfile)

    def handle_one_request(self) -> None:
        before = self.wfile.count
        self.path = ""
        super().handle_one_request()
        if self.path:
            self.server.sent.append((self.path.split("?")[0], self.wfile.count - before))


@pytest.fixture(scope="module")
def metered(site: Path) -> Iterator[tuple[str, list[tuple[str, int]]]]:
    """The built site served compressed, and the list of (path, bytes sent) it fills."""
    sent: list[tuple[str, int]] = []

    class Handler(_MeteredHandler):
        def setup(self) -> None:
            self.server.sent = sent
            super().setup()

    for url in serve_compressed(site, Handler):
        yield url, sent


def _table(sent: list[tuple[str, int]]) -> str:
    return "\n".join(f"{size:>8} {path}" for path, size in sent)


@pytest.mark.browser
def test_module_page_first_load_and_search_on_demand(built: BuildResult, browser, metered) -> None:
    base, sent = metered
    module = built.curriculum.ordered_modules()[0]
    context = browser.new_context(**MOBILE)  # a new context: an empty cache, a first visit
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    outside: list[str] = []
    context.on("request", lambda request: outside.append(request.url) if not request.url.startswith(base) else None)
    try:
        sent.clear()
        tab.goto(base + module.url, wait_until="networkidle")
        tab.wait_for_timeout(500)  # anything the scripts would still start
        first = list(sent)
        paths = [path for path, _ in first]
        assert f"/{module.url}" in paths
        assert not [p for p in paths if p.endswith(INDEX) or "/workers/search" in p or "/lunr/" in p], _table(first)
        total = sum(size for _, size in first)
        assert total <= BUDGET, f"{total} octets au premier chargement de {module.url} :\n{_table(first)}"

        # the reader opens the search: the index comes, and a query finds the module
        tab.locator("label[for=__search]").first.click()
        tab.locator(".md-search__input").press_sequentially(module.title.split(" ")[0].lower(), delay=20)
        tab.locator(".md-search-result__link").first.wait_for()
        assert any(path.endswith(INDEX) for path, _ in sent[len(first) :]), _table(sent)
        links = [link.get_attribute("href") for link in tab.locator(".md-search-result__link").all()]
        assert any(f"modules/{module.id}/" in (href or "") for href in links), links
    finally:
        context.close()
    assert not errors, errors
    assert not outside, outside


def _index(site: Path) -> list[dict]:
    return json.loads((site / INDEX).read_text(encoding="utf-8"))["docs"]


def test_learners_index_holds_what_learners_search(built: BuildResult) -> None:
    docs = _index(built.site)
    pages = {doc["location"].split("#")[0] for doc in docs}
    assert not [page for page in pages if page.startswith(NOT_IN_LEARNERS_INDEX)], sorted(pages)
    curriculum = built.curriculum
    wanted = [
        *(module.url for module in curriculum.modules.values()),
        *(method.url for method in curriculum.methods.values()),
        *(case.url for case in curriculum.case_studies.values()),
        "glossaire/",
    ]
    assert not [url for url in wanted if url not in pages]
    # a quiz is indexed by its title; its questions, answers and answer key are not
    text = " ".join(doc["text"] for doc in docs)
    assert "Quiz d'auto-évaluation" in text
    assert "Bonne réponse" not in text and "Voir le corrigé" not in text and "Vérifier mes réponses" not in text
    # the attribute that keeps them out is read, then removed from the page
    module = curriculum.ordered_modules()[0]
    assert "data-search" not in (built.site / module.url / "index.html").read_text(encoding="utf-8")


def test_search_scope_per_view() -> None:
    for path in ("programmes/index.md", "programmes/entretiens.md", "telecharger.md", "progression.md"):
        assert not searchable(path, trainer=True) and not searchable(path, trainer=False), path
    for path in ("guides/formateur.md", "contribuer/architecture.md", "credits.md"):
        assert searchable(path, trainer=True) and not searchable(path, trainer=False), path
    for path in ("index.md", "modules/entretiens.md", "methodes/persona.md", "glossaire.md", "canevas/persona.md"):
        assert searchable(path, trainer=False), path
    left_out = with_search_scope('---\ntitle: "A"\n---\n\n# A\n', "telecharger.md", trainer=False)
    assert left_out == '---\nsearch:\n  exclude: true\ntitle: "A"\n---\n\n# A\n'
    assert with_search_scope("# A\n", "telecharger.md", trainer=False).startswith(
        "---\nsearch:\n  exclude: true\n---\n"
    )
    # an author who says what search does with the page has the last word
    own = "---\ntitle: A\nsearch:\n  boost: 2\n---\n# A\n"
    assert with_search_scope(own, "guides/adapter.md", trainer=False) == own
    assert with_search_scope("# A\n", "modules/a.md", trainer=False) == "# A\n"


def _assets(page: Path) -> set[str]:
    markup = page.read_text(encoding="utf-8")
    return {name for name in re.findall(r'(?:href|src)="(?:\.\./)*(assets/[^"]+\.(?:css|js))"', markup)}


def test_each_page_loads_the_assets_it_uses(built: BuildResult) -> None:
    site = built.site
    module = built.curriculum.ordered_modules()[0]
    case = next(iter(built.curriculum.case_studies.values()))
    home = _assets(site / "index.html")
    module_page = _assets(site / module.url / "index.html")
    case_page = _assets(site / case.url / "index.html")
    canvas = _assets(next((site / "canevas").glob("*/index.html")))
    assert "assets/ecole.css" in home & module_page & case_page & canvas
    assert {"assets/ecole.js", "assets/ecole-quiz.js", "assets/ecole-progression.js"} <= module_page
    assert "assets/canevas.css" not in module_page | home | case_page
    assert "assets/ecole-quiz.js" not in home | case_page | canvas
    assert {"assets/ecole.js", "assets/ecole-progression.js"} <= home  # « Reprendre où j'en étais »
    assert "assets/canevas.css" in canvas
    assert not {"assets/ecole.js", "assets/ecole-progression.js"} & case_page


def test_page_assets_follow_the_markup() -> None:
    every = ["assets/ecole.css", *NEEDED_BY]
    assert page_assets(every, "<p>Texte</p>") == ["assets/ecole.css"]
    quiz = page_assets(every, '<form class="ecole-quiz" id="q">')
    assert quiz == ["assets/ecole.css", "assets/ecole.js", "assets/ecole-quiz.js"]
    assert "assets/canevas.css" in page_assets(every, '<div class="ecole-canevas ecole-canevas--paysage">')
    # a class that only starts like a known one is not it
    assert page_assets(every, '<p class="ecole-quiz__titre">') == ["assets/ecole.css"]
