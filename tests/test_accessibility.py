"""Every page of the built site passes axe-core at desktop width, and one page of each
kind at phone width (:func:`conftest.one_of_each_kind`).

Rules: WCAG 2.0/2.1 levels A and AA, plus axe's best practices. An automated
check is not an RGAA audit (the accessibility statement says so), but it keeps
the regressions that a machine can see out of the site.

The same visit of each page also checks what a reader on a phone or a
locked-down PC would notice: no page wider than the screen, no JavaScript
error, no request to any host but the site's own (a page wider than a phone's
screen: ``test_small_screens.py`` looks at every page).

Two browser contexts per width are reused for all pages, taking turns
(:func:`conftest.in_turn`): one page runs axe while the next one loads. Opening a
context per page would triple the run time for nothing.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import AFTER_LAYOUT, ROOT, TABS, html_pages, in_turn, one_of_each_kind, page_url

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
    "resultTypes": ["violations"],
}
WIDTHS = {"bureau": (1280, 900), "téléphone": (390, 844)}


def describe(violations: list[dict]) -> list[str]:
    """One line per rule and element, short enough to read in a test report."""
    lines = []
    for violation in violations:
        for node in violation["nodes"][:5]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"{violation['id']} ({violation['impact']}) sur {target} : {violation['help']}")
    return lines


def test_site_has_pages(site: Path) -> None:
    pages = [page_url(site, path) for path in html_pages(site)]
    assert "" in pages and "accessibilite/" in pages
    assert len(pages) >= 50


@pytest.mark.parametrize("width", WIDTHS, ids=["1280", "390"])
def test_every_page_passes_axe(browser, site: Path, site_url: str, width: str) -> None:
    assert AXE.is_file(), "axe-core manque : lancez « make test », qui installe les outils JavaScript"
    own_host = urlsplit(site_url).netloc
    width_px, height_px = WIDTHS[width]
    contexts = [
        browser.new_context(viewport={"width": width_px, "height": height_px}, locale="fr-FR") for _ in range(TABS)
    ]
    errors: list[str] = []
    outside: set[str] = set()
    tabs = []
    for context in contexts:
        context.add_init_script(path=AXE)  # in every page the context opens, before the page's own scripts
        tab = context.new_page()
        tab.on("pageerror", lambda error: errors.append(str(error)))
        tab.on("request", lambda r: outside.add(r.url) if urlsplit(r.url).netloc not in (own_host, "") else None)
        tabs.append(tab)
    problems: dict[str, list[str]] = {}
    too_wide: list[str] = []  # a page wider than the screen must be scrolled sideways to be read

    def start(tab, url: str) -> None:
        tab.goto(site_url + url, wait_until="load")
        # axe starts once the page is laid out: this call returns at once, and the other tab loads its page meanwhile
        tab.evaluate(
            f"options => {{ window.ecoleAxe = {AFTER_LAYOUT}"
            ".then(() => axe.run(document, options)).then(r => r.violations); }",
            AXE_OPTIONS,
        )

    def finish(tab, url: str) -> None:
        violations = tab.evaluate("() => window.ecoleAxe")
        if violations:
            problems["/" + url] = describe(violations)
        if tab.evaluate("document.documentElement.scrollWidth") > width_px:
            too_wide.append("/" + url)

    try:
        pages = [page_url(site, path) for path in html_pages(site)]
        in_turn(tabs, pages if width == "bureau" else one_of_each_kind(pages), start, finish)
    finally:
        for context in contexts:
            context.close()
    report = "\n".join(f"{url}\n  " + "\n  ".join(lines) for url, lines in problems.items())
    assert not problems, f"{len(problems)} page(s) en défaut à {width} ({width_px} px) :\n{report}"
    assert not too_wide, f"pages plus larges que l'écran à {width_px} px : {too_wide}"
    assert not errors, f"erreurs JavaScript : {errors}"
    assert not outside, f"requêtes hors du site : {sorted(outside)}"
