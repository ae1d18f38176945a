"""Standards: the Nu Html Checker and pa11y find no error, and the keyboard reaches what it should.

- vnu-jar (the W3C's Nu Html Checker) reads every page of the reference site and of
  the example editions, in one Java run;
- pa11y (HTML_CodeSniffer, WCAG 2 AA) loads every page of the same sites in Debian's
  chromium at desktop width, and one page of each kind at phone width
  (:func:`conftest.one_of_each_kind`; ``tests/pa11y_pages.js``: one browser, pages checked
  concurrently);
- the Tab key never stops on something invisible, and every region that scrolls can
  be reached by keyboard, on a device with a mouse and on a touch screen alike.

A message that is a documented false positive is listed, with its reason, in
``tests/validator_exceptions.yml``; anything else fails.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml

from conftest import CHROMIUM, ROOT, TABS, html_pages, in_turn, one_of_each_kind, page_url, serve_folder

pytestmark = pytest.mark.browser

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
PA11Y = ROOT / "tests" / "pa11y_pages.js"
EXCEPTIONS = ROOT / "tests" / "validator_exceptions.yml"
EDITIONS = ("departement-exemple", "ville-exemple")
WIDTHS = (1280, 390)
#: Pages checked at once in the one browser; more only adds waiting on two cores.
PA11Y_CONCURRENCY = 4


def exceptions() -> list[dict]:
    entries = yaml.safe_load(EXCEPTIONS.read_text(encoding="utf-8")) or []
    for entry in entries:
        assert set(entry) == {"tool", "code", "context", "reason"}, f"entrée incomplète : {entry}"
        assert entry["tool"] in ("vnu", "pa11y") and entry["reason"].strip(), f"entrée invalide : {entry}"
    return entries


def excused(tool: str, code: str, context: str, entries: list[dict], used: set[int]) -> bool:
    for index, entry in enumerate(entries):
        if entry["tool"] == tool and code.startswith(entry["code"]) and entry["context"] in context:
            used.add(index)
            return True
    return False


@pytest.fixture(scope="module")
def edition_sites(edition_pages: Callable[[str], Path]) -> dict[str, Path]:
    """The example editions' learners' sites, pages only (the exports change no page)."""
    return {edition: edition_pages(edition) for edition in EDITIONS}


@pytest.fixture(scope="module")
def all_sites(site: Path, edition_sites: dict[str, Path]) -> dict[str, Path]:
    return {"référence": site, **edition_sites}


# --- the Nu Html Checker ---------------------------------------------------------------------


def test_every_page_is_valid_html(all_sites: dict[str, Path]) -> None:
    assert VNU.is_file(), "vnu-jar manque : lancez « make test », qui installe les outils JavaScript"
    java = shutil.which("java")
    assert java, "Java manque : lancez « make test », qui installe le paquet Debian default-jre-headless"
    files = [path for folder in all_sites.values() for path in html_pages(folder)]
    assert len(files) >= 150
    run = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    messages = json.loads(run.stderr)["messages"]
    entries, used = exceptions(), set()
    folders = {str(folder): name for name, folder in all_sites.items()}
    errors = []
    for message in messages:
        if excused("vnu", message.get("message", ""), message.get("extract", ""), entries, used):
            continue
        where = message.get("url", "").removeprefix("file:")
        for folder, name in folders.items():
            where = where.replace(folder, name)
        errors.append(f"{where}:{message.get('lastLine', '?')}: {message.get('message')}")
    assert run.returncode == 0 or messages, run.stderr[-2000:]
    assert not errors, f"{len(errors)} erreur(s) du validateur HTML :\n" + "\n".join(sorted(set(errors))[:60])
    stale = [entry for index, entry in enumerate(entries) if entry["tool"] == "vnu" and index not in used]
    assert not stale, f"exceptions vnu sans objet, à retirer de {EXCEPTIONS.name} : {stale}"


# --- pa11y -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def served(all_sites: dict[str, Path]) -> Iterator[dict[str, str]]:
    servers = {name: serve_folder(folder) for name, folder in all_sites.items()}
    try:
        yield {name: next(server) for name, server in servers.items()}
    finally:
        for server in servers.values():
            server.close()


def test_every_page_passes_pa11y(all_sites: dict[str, Path], served: dict[str, str]) -> None:
    assert (ROOT / "node_modules" / "pa11y").is_dir(), "pa11y manque : lancez « make test »"
    desktop, phone = WIDTHS
    jobs = []
    for name, folder in all_sites.items():
        pages = [page_url(folder, path) for path in html_pages(folder)]
        for width, urls in ((desktop, pages), (phone, one_of_each_kind(pages))):
            jobs += [{"url": served[name] + url, "width": width} for url in urls]
    request = {"jobs": jobs, "concurrency": PA11Y_CONCURRENCY}
    run = subprocess.run(
        ["node", str(PA11Y)],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        timeout=900,
        cwd=ROOT,
        env={**os.environ, "CHROMIUM": CHROMIUM, "PUPPETEER_SKIP_DOWNLOAD": "1"},
    )
    assert run.returncode == 0, run.stderr[-3000:]
    results = json.loads(run.stdout)
    assert len(results) == len(jobs) and sum(job["width"] == phone for job in jobs) >= 3 * 15
    names = {base: name for name, base in served.items()}
    entries, used = exceptions(), set()
    errors = []
    for result in results:
        for issue in result["issues"]:
            if issue["type"] != "error":
                continue
            if excused("pa11y", issue["code"], issue["context"] or "", entries, used):
                continue
            base = next(base for base in names if result["url"].startswith(base))
            where = f"{names[base]} /{result['url'].removeprefix(base)} à {result['width']} px"
            errors.append(f"{where} : {issue['code']} sur {issue['selector']} : {issue['message']}")
    assert not errors, f"{len(errors)} erreur(s) pa11y :\n" + "\n".join(errors[:60])
    stale = [entry for index, entry in enumerate(entries) if entry["tool"] == "pa11y" and index not in used]
    assert not stale, f"exceptions pa11y sans objet, à retirer de {EXCEPTIONS.name} : {stale}"


# --- the keyboard ----------------------------------------------------------------------------

#: Why the element that has the focus cannot be seen, or null.
INVISIBLE = """() => {
  // where the focus ends up, not on its way; a fade driven by scrolling has no end in time
  document.getAnimations().filter((animation) => animation.timeline === document.timeline).forEach((animation) => animation.finish());
  const element = document.activeElement;
  if (!element || element === document.body) return null;
  const rect = element.getBoundingClientRect();
  if (rect.width < 1 || rect.height < 1) return "aucune surface";
  if (rect.bottom <= 0 || rect.right <= 0 || rect.top >= innerHeight || rect.left >= innerWidth) return "hors de l'écran";
  for (let node = element; node; node = node.parentElement) {
    const style = getComputedStyle(node);
    if (style.visibility !== "visible" && node === element) return "visibility: " + style.visibility;
    if (Number(style.opacity) === 0) return "opacity: 0 sur " + node.tagName.toLowerCase() + "." + node.className;
  }
  return null;
}"""

#: Regions that scroll but that the keyboard cannot reach: not focusable, nothing focusable inside.
UNREACHABLE = """() => {
  const focusable = "a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex='-1'])";
  const found = [];
  for (const element of document.querySelectorAll("body *")) {
    const style = getComputedStyle(element);
    const scrollsX = /auto|scroll/.test(style.overflowX) && element.scrollWidth > element.clientWidth + 1;
    const scrollsY = /auto|scroll/.test(style.overflowY) && element.scrollHeight > element.clientHeight + 1;
    if (!(scrollsX || scrollsY) || !element.getClientRects().length || style.visibility !== "visible") continue;
    if (element.tabIndex >= 0 && element.hasAttribute("tabindex")) continue;
    if (element.querySelector(focusable)) continue;
    found.push(element.tagName.toLowerCase() + (element.className ? "." + String(element.className).split(" ")[0] : ""));
  }
  return found;
}"""

KEYBOARD_PAGES = ("", "modules/", "etudes-de-cas/", "progression/", "accessibilite/")
#: Tab stops followed on each page: past the header, the search and into the content.
TAB_STOPS = 12
DEVICES = {
    "bureau": {"viewport": {"width": 1280, "height": 900}},
    "téléphone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
}


@pytest.mark.parametrize("device", DEVICES)
def test_no_invisible_focus_stop(browser, site: Path, site_url: str, device: str) -> None:
    context = browser.new_context(locale="fr-FR", **DEVICES[device])
    tab = context.new_page()
    invisible = []
    try:
        for url in KEYBOARD_PAGES:
            assert (site / url / "index.html").is_file(), url
            tab.goto(site_url + url, wait_until="load")
            for stop in range(1, TAB_STOPS + 1):
                tab.keyboard.press("Tab")
                why = tab.evaluate(INVISIBLE)
                if why:
                    element = tab.evaluate("document.activeElement.outerHTML.slice(0, 120)")
                    invisible.append(f"/{url}, arrêt {stop} : {why} : {element}")
    finally:
        context.close()
    assert not invisible, "arrêts de tabulation invisibles :\n" + "\n".join(invisible)


def pages_with_scrolling_candidates(site: Path) -> list[str]:
    """Pages with a code block or a table: what Material makes scroll sideways."""
    return [page_url(site, path) for path in html_pages(site) if re.search(r"<pre\b|<table\b", path.read_text("utf-8"))]


@pytest.mark.parametrize("device", DEVICES)
def test_every_scrolling_region_is_reachable_by_keyboard(browser, site: Path, site_url: str, device: str) -> None:
    contexts = [browser.new_context(locale="fr-FR", **DEVICES[device]) for _ in range(TABS)]
    tabs = [context.new_page() for context in contexts]
    unreachable: dict[str, list[str]] = {}
    overflowing_code = 0

    def start(tab, url: str) -> None:
        tab.goto(site_url + url, wait_until="load")
        # Material's and our resize observers report after the first frame: the page waits
        # 50 ms before it looks, while the other tab loads its page (conftest.in_turn)
        tab.evaluate(
            f"""() => {{ window.ecoleScrolling = new Promise(go => setTimeout(go, 50)).then(() => ({{
                overflowingCode: [...document.querySelectorAll('.md-typeset pre > code')]
                    .filter(code => code.scrollWidth > code.clientWidth).length,
                unreachable: ({UNREACHABLE})(),
            }})); }}"""
        )

    def finish(tab, url: str) -> None:
        nonlocal overflowing_code
        result = tab.evaluate("() => window.ecoleScrolling")
        overflowing_code += result["overflowingCode"]
        if result["unreachable"]:
            unreachable["/" + url] = result["unreachable"]

    try:
        for tab in tabs:
            tab.goto(site_url, wait_until="load")
            hover = tab.evaluate("matchMedia('(hover)').matches")
            assert hover == (device == "bureau"), "l'appareil simulé doit dire s'il a un pointeur qui survole"
        pages = pages_with_scrolling_candidates(site)
        assert len(pages) >= 10
        in_turn(tabs, pages, start, finish)
    finally:
        for context in contexts:
            context.close()
    assert not unreachable, f"zones qui défilent sans accès au clavier ({device}) : {unreachable}"
    if device == "téléphone":
        assert overflowing_code, "aucun bloc de code ne déborde sur téléphone : le test ne vérifie plus rien"


# --- content structures (what HTML_CodeSniffer warns about, and is right to) -------------------


def test_structures_are_marked_up_as_what_they_are(site: Path) -> None:
    """Lists as lists, table captions, headings as headings (WCAG 1.3.1)."""
    case = (site / "etudes-de-cas" / "cahors-carte-blanche" / "index.html").read_text("utf-8")
    # « Méthodes : a, b, c » is a list of links, not a sentence
    lists = re.findall(
        r'<div class="ecole-libelle[^"]*">\s*<p><strong>([^<]+)</strong>\u00a0:</p>\s*<ul>(.*?)</ul>', case, re.S
    )
    assert {"Méthodes", "Modules"} <= {label for label, _ in lists}
    assert all(items.count("<li>") >= 1 for _, items in lists)
    assert "<strong>Méthodes</strong>\u00a0: <a" not in case
    # every table of a canvas sheet has a caption: the heading above it
    canvases = list((site / "canevas").glob("*/index.html"))
    assert len(canvases) >= 5
    for path in canvases:
        sheet = path.read_text("utf-8").split('<div class="ecole-canevas__feuille">', 1)[1]
        tables = sheet.count("<table>")
        captions = re.findall(r'<table>\s*<caption class="md-visually-hidden">([^<]+)</caption>', sheet)
        assert tables and len(captions) == tables, path
    # the catalogue's cards are titled by headings under their part's heading
    catalogue = (site / "modules" / "index.html").read_text("utf-8")
    assert len(re.findall(r'<h3 class="ecole-carte__titre"[^>]*><a href=', catalogue)) >= 10
    assert 'strong class="ecole-carte__titre"' not in catalogue
    # a path's programme sheet lists each module with its objectives, without bold paragraphs
    for path in (site / "programmes" / "parcours").glob("*/index.html"):
        assert "<p><strong><a" not in path.read_text("utf-8"), path


def test_search_form_submit_button_opens_the_best_result(page, site_url: str) -> None:
    """The search form's submit button (HTML_CodeSniffer H32) does what Enter does."""
    page.goto(site_url, wait_until="load")
    page.fill(".md-search__input", "persona")
    page.wait_for_selector(".md-search-result__item a[href]")
    submit = page.locator(".md-search__form button[type=submit]")
    assert submit.get_attribute("aria-label") == "Ouvrir le meilleur résultat"
    with page.expect_navigation():
        submit.click()
    # a result's page (Material adds ?h= to highlight the words), never the form sent (?query=)
    assert page.url != site_url and "query=" not in page.url, page.url
    assert "persona" in page.locator("article").inner_text().lower()
