"""The RGAA 4.1 audit grid (docs/accessibilite/audit-rgaa.yml) and what the site says of it.

The grid is data: 106 criteria, a result on each sampled page. The tool computes
the rates and the status from it; the statement, the grid page and every footer
show them. A « C » (or « NA ») that a tool can check is checked here on the sampled
pages, in the state the grid says they were audited in: axe-core with the rules the
grid names for the criterion, and browser checks for what axe cannot see (reflow,
text spacing, zoom, visible focus, single-key shortcuts, tooltips, search).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from conftest import AFTER_LAYOUT, ROOT, serve_folder
from ecole.model.audit import (
    AUDIT_FILE,
    AUDIT_PAGE,
    CRITERIA_PER_THEME,
    FULL,
    NONE,
    PARTIAL,
    Audit,
    load_audit,
    percent,
    status_of,
)
from ecole.model.diagnostics import Report

GRID = ROOT / "docs" / AUDIT_FILE
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="module")
def audit() -> Audit:
    report = Report(ROOT)
    grid = load_audit(GRID, report)
    assert grid is not None, "\n".join(map(str, report.errors))
    return grid


# --- the grid itself ---------------------------------------------------------------------


def test_grid_has_every_criterion_with_a_result_on_every_page(audit: Audit) -> None:
    assert len(audit.criteria) == 106 == sum(CRITERIA_PER_THEME.values())
    assert sorted(audit.themes) == list(range(1, 14))
    pages = [page.id for page in audit.pages]
    assert {"accueil", "module", "cas", "glossaire", "progression", "recherche", "declaration"} <= set(pages)
    for criterion in audit.criteria:
        assert list(criterion.results) == pages, criterion.number
        assert set(criterion.results.values()) <= {"C", "NC", "NA"}
        for page, result in criterion.results.items():
            if result != "C":
                assert criterion.note(page), f"{criterion.number} {result} sur {page} sans note"
    assert audit.date == "2026-12-03"


def test_rates_follow_the_rgaa_method(audit: Audit) -> None:
    conform = [c for c in audit.criteria if set(c.results.values()) <= {"C", "NA"} and "C" in c.results.values()]
    failing = [c for c in audit.criteria if "NC" in c.results.values()]
    assert audit.count("C") == len(conform) and audit.count("NC") == len(failing)
    assert audit.rate == pytest.approx(100 * len(conform) / (len(conform) + len(failing)))
    rates = []
    for page in audit.pages:
        values = [c.results[page.id] for c in audit.criteria]
        rates.append(100 * values.count("C") / (values.count("C") + values.count("NC")))
    assert audit.average_rate == pytest.approx(sum(rates) / len(rates))
    assert audit.status == status_of(audit.rate)


def test_status_and_percent_wording() -> None:
    assert status_of(None) == NONE and status_of(49.9) == NONE
    assert status_of(50) == PARTIAL and status_of(99.96) == PARTIAL and status_of(100) == FULL
    assert percent(96.875) == "96,9\u00a0%" and percent(50) == "50\u00a0%"
    assert percent(99.97) == "99,9\u00a0%", "a rate under 100 % is never shown as 100 %"


def test_a_broken_grid_is_reported_at_its_line(tmp_path: Path) -> None:
    text = GRID.read_text(encoding="utf-8")
    # one criterion gone, and one NC without a note
    text = re.sub(r'\n      - numero: "2\.2"\n(        .*\n)+', "\n", text, count=1)
    text = text.replace("        resultats: C\n", "        resultats: {glossaire: NC, autres: C}\n", 1)
    broken = tmp_path / "audit-rgaa.yml"
    broken.write_text(text, encoding="utf-8")
    report = Report(tmp_path)
    assert load_audit(broken, report) is None
    messages = "\n".join(str(d) for d in report.errors)
    assert "2.2" in messages and "manquants" in messages
    assert "NC sans note" in messages
    assert all(d.line > 1 for d in report.errors)


# --- what the site says ------------------------------------------------------------------


@pytest.fixture(scope="module")
def pages_site(site: Path) -> Path:
    """The reference site's pages: the session's build (the audit is about pages; the
    exports beside them change none of the checks, which skip exports/)."""
    return site


@pytest.fixture(scope="module")
def pages_url(pages_site: Path) -> Iterator[str]:
    yield from serve_folder(pages_site)


def text_of(html: str) -> str:
    # [ \t\n]: \s would also take the no-break spaces that French typography puts on purpose
    return re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", "", html)).replace("&nbsp;", "\u00a0")


def page_html(site: Path, staged: str) -> str:
    url = re.sub(r"(^|/)index\.md$", r"\1", staged)
    url = re.sub(r"\.md$", "/", url)
    return (site / url / "index.html").read_text(encoding="utf-8")


def test_statement_and_grid_page_show_the_computed_rate(pages_site: Path, audit: Audit) -> None:
    statement = text_of(page_html(pages_site, "accessibilite.md"))
    rate = percent(audit.rate)
    assert f"est {audit.status} avec le référentiel" in statement
    assert f"{rate} des critères du RGAA version 4.1.2 sont respectés" in statement
    assert "3 décembre 2026" in statement
    assert f"Le taux moyen de conformité des 7 pages auditées est de {percent(audit.average_rate)}" in statement
    for criterion in audit.criteria:
        if criterion.result == "NC":
            assert f"critère {criterion.number}" in statement
    grid_html = page_html(pages_site, AUDIT_PAGE)
    grid = text_of(grid_html)
    assert f"Taux global de conformité\u00a0: {rate} des critères applicables" in grid
    rows = re.findall(r"<td><strong>(\d+\.\d+)</strong>", grid_html)
    assert rows == [criterion.number for criterion in audit.criteria]
    assert 'href="grille-rgaa/"' in page_html(pages_site, "accessibilite.md")
    # the grid is published as data too, as it was read
    assert (pages_site / AUDIT_FILE).read_bytes() == GRID.read_bytes()
    assert 'href="../audit-rgaa.yml"' in grid_html


def test_every_footer_shows_the_audit_status(pages_site: Path, audit: Audit) -> None:
    expected = f"Accessibilité&nbsp;: {audit.status}<"
    pages = [p for p in pages_site.rglob("index.html") if "exports" not in p.parts]
    assert len(pages) > 50
    missing = [str(p.relative_to(pages_site)) for p in pages if expected not in p.read_text(encoding="utf-8")]
    assert not missing, f"pied de page sans « {expected} » : {missing[:5]}"


def test_an_edition_without_its_own_grid_has_no_audit(project) -> None:
    from ecole.model.addresses import generated_pages
    from ecole.model.curriculum import load_curriculum

    edition = project.edition_ids()[0]
    curriculum, _ = load_curriculum(project, edition=edition)
    assert curriculum.settings.audit is None
    assert curriculum.settings.variables()["audit"]["statut"] == NONE
    assert AUDIT_FILE not in curriculum.assets, "the reference's grid is not published in an edition's site"
    assert AUDIT_PAGE not in generated_pages(curriculum)


# --- the « C » that tools can check ------------------------------------------------------


def open_state(tab, base: str, page) -> None:
    """Put a sampled page in the state the grid says it was audited in."""
    if page.id == "recherche":
        tab.goto(base, wait_until="load")
        tab.focus(".md-search__input")
        tab.keyboard.type("persona", delay=20)
        tab.wait_for_selector(".md-search-result__item", timeout=15000)
        return
    url = re.sub(r"(^|/)index\.md$", r"\1", page.address)
    tab.goto(base + re.sub(r"\.md$", "/", url), wait_until="load")
    if page.id == "module":
        for question in tab.query_selector_all(".ecole-question"):
            question.query_selector("input").check()
        tab.click(".ecole-quiz button[type=submit]")


def rules_for(audit: Audit, page: str) -> dict[str, list[str]]:
    """axe rule -> the criteria, conform or not applicable on ``page``, that it checks."""
    rules: dict[str, list[str]] = {}
    for criterion in audit.criteria:
        if criterion.results[page] != "NC":
            for rule in criterion.axe:
                rules.setdefault(rule, []).append(criterion.number)
    return rules


@pytest.mark.browser
def test_axe_finds_nothing_the_grid_says_conform(browser, pages_url: str, audit: Audit) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    context.add_init_script(path=AXE)
    tab = context.new_page()
    problems = []
    try:
        # the progress page is audited with a module done
        tab.goto(pages_url + "modules/pourquoi-innover/", wait_until="load")
        tab.click(".ecole-terminer")
        for page in audit.pages:
            rules = rules_for(audit, page.id)
            open_state(tab, pages_url, page)
            found = tab.evaluate(
                f"rules => {AFTER_LAYOUT}.then(() => axe.run(document, {{runOnly: {{type: 'rule', values: rules}}}}))"
                ".then(r => r.violations)",
                sorted(rules),
            )
            for violation in found:
                targets = [" ".join(map(str, node["target"])) for node in violation["nodes"][:3]]
                problems.append(f"{page.id}: {violation['id']} (critère {', '.join(rules[violation['id']])}) {targets}")
    finally:
        context.close()
    assert not problems, "\n".join(problems)


#: Material opens its search with a transition, and a fresh clone's run once measured the
#: page while it ran (the search at 640 px, wider only for that moment): the width is read
#: once every animation and transition of the page has finished, and the page laid out.
#: Only those that run in time: one driven by scrolling (a wide table's fade) finishes only
#: when the table is scrolled to its end, and waiting for it never ended.
SETTLED = (
    f"{AFTER_LAYOUT}.then(() => Promise.all(document.getAnimations()"
    ".filter(a => a.timeline === document.timeline).map(a => a.finished.catch(() => null))))"
    f".then(() => {AFTER_LAYOUT})"
)


def _reflow(tab, width: int) -> bool:
    return tab.evaluate(f"{SETTLED}.then(() => document.documentElement.scrollWidth)") <= width


SPACING = (
    "* { line-height: 1.5 !important; letter-spacing: .12em !important; word-spacing: .16em !important; }"
    " p { margin-bottom: 2em !important; }"
)


def check_reflow(browser, base: str, page) -> str | None:
    """10.11: nothing to scroll sideways at 320 px."""
    context = browser.new_context(viewport={"width": 320, "height": 640}, locale="fr-FR")
    try:
        tab = context.new_page()
        open_state(tab, base, page)
        return None if _reflow(tab, 320) else "défilement horizontal à 320 px"
    finally:
        context.close()


def check_zoom(browser, base: str, page) -> str | None:
    """10.4: text at 200 % (a 1280 px window seen as 640 px) without sideways scrolling."""
    context = browser.new_context(viewport={"width": 640, "height": 450}, locale="fr-FR")
    try:
        tab = context.new_page()
        open_state(tab, base, page)
        return None if _reflow(tab, 640) else "défilement horizontal à 200 %"
    finally:
        context.close()


def check_spacing(tab, base: str, page) -> str | None:
    """10.12: WCAG's text spacing applied, no text cut off nor overflowing the page."""
    open_state(tab, base, page)
    tab.add_style_tag(content=SPACING)
    cut = tab.evaluate(
        """() => [...document.querySelectorAll('.md-content *')].filter(e => {
            const s = getComputedStyle(e);
            if (!e.offsetWidth || e.matches('.md-visually-hidden, .md-visually-hidden *')) return false;
            return /hidden|clip/.test(s.overflowX + s.overflowY) && e.scrollHeight > e.clientHeight + 2
              && e.textContent.trim() && s.textOverflow !== 'ellipsis';
        }).map(e => e.tagName + '.' + e.className)"""
    )
    if cut:
        return f"texte coupé : {cut[:3]}"
    return None if _reflow(tab, 1280) else "débordement horizontal"


def check_focus(tab, base: str, page) -> str | None:
    """10.7: each of the first 40 Tab stops is visible and outlined."""
    open_state(tab, base, page)
    if page.id == "recherche":
        return None  # Tab closes the search: the page behind is the home page's order
    for _ in range(40):
        tab.keyboard.press("Tab")
        state = tab.evaluate(
            """() => { const e = document.activeElement; if (!e || e === document.body) return 'fin';
              const s = getComputedStyle(e); const r = e.getBoundingClientRect();
              return (r.width > 0 && r.height > 0 && s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0)
                ? '' : e.outerHTML.slice(0, 80); }"""
        )
        if state == "fin":
            return None
        if state:
            return f"focus invisible : {state}"
    return None


def check_decorative_svg(tab, base: str, page) -> str | None:
    """1.2: every <svg> that is not an image with a name is hidden from assistive technologies."""
    open_state(tab, base, page)
    shown = tab.evaluate(
        """() => [...document.querySelectorAll('svg')].filter(s => !s.closest('[aria-hidden=true]')
            && !(s.getAttribute('role') === 'img' && (s.getAttribute('aria-label') || s.getAttribute('aria-labelledby'))))
            .map(s => s.parentElement.className)"""
    )
    return f"icônes exposées : {shown[:3]}" if shown else None


def check_shortcuts(tab, base: str, page) -> str | None:
    """12.10: no single-key shortcut acts (Material's n, p, s, f, / are turned off)."""
    if page.id == "recherche":
        return None  # keys typed there go to the search field
    open_state(tab, base, page)
    before = tab.url
    for key in ("n", "p", ".", ","):
        tab.keyboard.press(key)
        tab.wait_for_timeout(150)
        if tab.url != before:
            return f"la touche « {key} » change de page"
    for key in ("s", "f", "/"):
        tab.keyboard.press(key)
        if tab.evaluate("document.getElementById('__search').checked"):
            return f"la touche « {key} » ouvre la recherche"
    return None


def check_status(tab, base: str, page) -> str | None:
    """7.5: the quiz's result, the progress tools' messages and the number of search results are status messages."""
    selector = {
        "module": ".ecole-quiz__resultat",
        "progression": ".ecole-outils__message",
        "recherche": ".md-search-result__meta",
    }.get(page.id)
    if selector is None:
        return None
    open_state(tab, base, page)
    role = tab.evaluate(f"document.querySelector('{selector}')?.getAttribute('role')")
    return None if role == "status" else f"{selector} sans role=status"


def check_headings(tab, base: str, page) -> str | None:
    """9.1: with the search open, the results' titles rank below the page's own h1; on the
    home page, a card's bold first line, which looks like a heading, is one."""
    open_state(tab, base, page)
    if page.id == "recherche":
        tab.wait_for_timeout(200)
        levels = tab.evaluate(
            "[...document.querySelectorAll('.md-search-result__list h1')].map(h => h.getAttribute('aria-level'))"
        )
        return None if levels and set(levels) == {"2"} else f"titres de résultats de niveau 1 : {levels[:3]}"
    plain = tab.evaluate(
        """[...document.querySelectorAll('.md-content .grid.cards li > p:first-child')]
            .filter(p => p.querySelector('strong > a') && p.getAttribute('role') !== 'heading')
            .map(p => p.textContent.trim().slice(0, 40))"""
    )
    return f"titres de cartes sans rôle de titre : {plain[:3]}" if plain else None


def check_tooltips(tab, base: str, page) -> str | None:
    """10.13 and 12.11: a glossary term takes the focus, shows its definition, and Escape hides it."""
    open_state(tab, base, page)
    if not tab.query_selector(".md-content abbr"):
        return "aucun terme du glossaire : le critère serait non applicable"
    tab.focus(".md-content abbr")
    shown = (
        "[...document.querySelectorAll('.md-tooltip2--active')].some(t => getComputedStyle(t).visibility === 'visible')"
    )
    tab.wait_for_function(shown, timeout=3000)
    tab.keyboard.press("Escape")
    return "Échap ne ferme pas la définition" if tab.evaluate(shown) else None


#: criterion -> the pages where it is checked when the grid says C there, and how
CHECKS: dict[str, Callable] = {
    "1.2": check_decorative_svg,
    "7.5": check_status,
    "9.1": check_headings,
    "10.4": check_zoom,
    "10.7": check_focus,
    "10.11": check_reflow,
    "10.12": check_spacing,
    "10.13": check_tooltips,
    "12.10": check_shortcuts,
    "12.11": check_tooltips,
}
#: these open browser contexts of their own (another window size)
OWN_CONTEXT = {"10.4", "10.11"}


@pytest.mark.browser
@pytest.mark.parametrize("number", sorted(CHECKS, key=lambda n: tuple(map(int, n.split(".")))))
def test_browser_checks_of_conform_criteria(browser, pages_url: str, audit: Audit, number: str) -> None:
    criterion = next(c for c in audit.criteria if c.number == number)
    check = CHECKS[number]
    problems = []
    for page in audit.pages:
        if criterion.results[page.id] != "C":
            continue
        if number in OWN_CONTEXT:
            problem = check(browser, pages_url, page)
        else:
            context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
            try:
                problem = check(context.new_page(), pages_url, page)
            finally:
                context.close()
        if problem:
            problems.append(f"{page.id} : {problem}")
    assert not problems, f"critère {number} noté C dans la grille :\n" + "\n".join(problems)
