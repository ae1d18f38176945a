"""The home page as a learning portal, in a real browser, on a desktop (1280 px) and a
phone (390 px): the way in for a first visit, the way back for a returning learner,
the menu, home one tap away, the offline copy with its size."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from ecole.assembly.home import default_path
from ecole.assembly.typography import french
from ecole.build import BuildResult
from ecole.exports.offline import ARCHIVE
from ecole.exports.sizes import size_text
from ecole.model.structure import Module

pytestmark = pytest.mark.browser

WIDTHS = {"bureau": (1280, 900), "telephone": (390, 844)}


@pytest.fixture(params=WIDTHS)
def tab(request, browser) -> Iterator[object]:
    """A fresh page at the width of the test's parameter, with its own storage."""
    width, height = WIDTHS[request.param]
    context = browser.new_context(viewport={"width": width, "height": height}, locale="fr-FR")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        yield page
    finally:
        context.close()
    assert not errors, f"erreurs JavaScript : {errors}"


@pytest.fixture
def phone(browser) -> Iterator[object]:
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="fr-FR", has_touch=True, is_mobile=True
    )
    try:
        yield context.new_page()
    finally:
        context.close()


def no_horizontal_overflow(page) -> None:
    width = page.evaluate("document.documentElement.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url


def test_first_visit_reaches_the_agents_path_first_module_in_two_clicks(tab, site_url: str, built: BuildResult) -> None:
    agents = next(p for p in built.curriculum.learning_paths if p.id == "agents")
    first: Module = built.curriculum.modules[agents.modules[0]]
    tab.goto(site_url)
    no_horizontal_overflow(tab)
    expect(tab.locator(".ecole-reprendre")).to_be_hidden()  # nothing to resume yet
    tab.locator(".md-content").get_by_role("link", name=agents.title, exact=True).click()  # 1: the path's card
    assert tab.url == f"{site_url}{agents.url}"
    tab.locator(".ecole-etapes tbody tr").first.get_by_role("link").click()  # 2: its first step
    assert tab.url == f"{site_url}{first.url}"


def test_commencer_is_the_one_primary_action_and_opens_the_recommended_path(
    tab, site_url: str, built: BuildResult
) -> None:
    recommended = default_path(built.curriculum)
    tab.goto(site_url)
    primary = tab.locator(".ecole-accueil .md-button--primary:visible")
    expect(primary).to_have_count(1)
    expect(primary).to_have_text(re.compile("^Commencer"))
    box = primary.bounding_box()
    assert box["y"] + box["height"] <= tab.viewport_size["height"], "« Commencer » below the first screen"
    primary.click()
    assert tab.url == f"{site_url}{built.curriculum.modules[recommended.modules[0]].url}"


def test_desktop_home_shows_the_sites_menu(page, site_url: str, built: BuildResult) -> None:
    page.goto(site_url)
    menu = page.locator(".md-sidebar--primary")
    expect(menu).to_be_visible()
    for learning_path in built.curriculum.learning_paths:
        expect(menu.get_by_role("link", name=learning_path.title, exact=True)).to_be_visible()


@pytest.mark.parametrize("where", ["module", "case", "glossaire"])
def test_home_is_one_tap_away_on_a_phone(phone, site_url: str, built: BuildResult, where: str) -> None:
    curriculum = built.curriculum
    url = {
        "module": curriculum.ordered_modules()[2].url,
        "case": next(iter(curriculum.case_studies.values())).url,
        "glossaire": "glossaire/",
    }[where]
    phone.goto(f"{site_url}{url}")
    # the logo alone did not say where it leads: the word is under it, and begins the
    # link's name (WCAG 2.5.3, label in name)
    home = phone.locator(".md-header").get_by_role("link", name=f"Accueil – {curriculum.settings.name}", exact=True)
    expect(home).to_be_visible()
    expect(home.locator(".ecole-logo__accueil")).to_be_visible()
    expect(home).to_have_text("Accueil")
    box = home.bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24  # WCAG 2.5.8 target size
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    with phone.expect_navigation():
        home.tap()
    assert phone.url == site_url


def _progress(page, site_url: str, done: list[str], last: Module) -> None:
    """Progress as a learner's earlier visits left it in this browser."""
    page.goto(site_url)
    now = "2026-11-20T10:00:00.000Z"
    page.evaluate(
        """([progress, visit]) => {
            localStorage.setItem("/ecole:v1:progression", progress);
            localStorage.setItem("/ecole:v1:derniere-visite", visit);
        }""",
        [
            json.dumps({"modules": {m: {"termine_le": now} for m in done}, "quiz": {}}),
            json.dumps({"module": last.id, "adresse": last.url, "titre": last.title, "date": now}),
        ],
    )
    page.reload()


def test_returning_visitor_resumes_with_the_next_unfinished_module(tab, site_url: str, built: BuildResult) -> None:
    curriculum = built.curriculum
    recommended = default_path(curriculum).modules
    modules = [curriculum.modules[m] for m in recommended[:4]]
    # modules 1 and 2 done, then 4 (read ahead), and 2 was the last one seen: 3 is next
    _progress(tab, site_url, [modules[0].id, modules[1].id, modules[3].id], modules[1])
    resume = tab.get_by_role("link", name=re.compile("^Reprendre"))
    expect(resume).to_have_text(f"Reprendre\u00a0: {french(modules[2].title)}")
    expect(tab.get_by_role("link", name="Commencer", exact=True)).to_be_hidden()
    expect(tab.locator(".ecole-accueil .ecole-progression__texte")).to_contain_text(f"3 / {len(recommended)} modules")
    no_horizontal_overflow(tab)
    resume.click()
    assert tab.url == f"{site_url}{modules[2].url}"


def test_desktop_header_keeps_the_logo_alone(page, site_url: str) -> None:
    """At 1280 px the menu is beside the text and names the home page: no word under the logo."""
    page.goto(site_url)
    expect(page.locator(".md-header .md-logo")).to_be_visible()
    expect(page.locator(".md-header .ecole-logo__accueil")).to_be_hidden()


def test_path_cards_show_their_own_progress_once_begun(tab, site_url: str, built: BuildResult) -> None:
    curriculum = built.curriculum
    cards = tab.locator(".ecole-cartes-parcours li")
    tab.goto(site_url)
    assert cards.count() >= 3
    expect(tab.locator(".ecole-cartes-parcours .ecole-progression:visible")).to_have_count(0)  # first visit

    agents = next(p for p in curriculum.learning_paths if p.id == "agents")
    # the agents' last module: some paths hold it (their cards show 1 done), others not
    done = curriculum.modules[agents.modules[-1]]
    _progress(tab, site_url, [done.id], done)
    shown = hidden = 0
    for index in range(cards.count()):
        card = cards.nth(index)
        title = card.get_by_role("link").first.inner_text()
        path = next(p for p in curriculum.learning_paths if french(p.title) == title)
        bar = card.locator(".ecole-progression")
        if done.id in path.modules:
            expect(bar).to_be_visible()
            expect(bar.locator(".ecole-progression__texte")).to_have_text(
                re.compile(rf"^1 / {len(path.modules)} modules(, il reste |\u00a0: tout est terminé)")
            )
            shown += 1
        else:
            expect(bar).to_be_hidden()
            hidden += 1
    assert shown and hidden, (shown, hidden)
    no_horizontal_overflow(tab)


def test_returning_visitor_goes_back_to_a_module_left_unfinished(page, site_url: str, built: BuildResult) -> None:
    curriculum = built.curriculum
    recommended = default_path(curriculum).modules
    first, second = (curriculum.modules[m] for m in recommended[:2])
    _progress(page, site_url, [first.id], second)
    page.get_by_role("link", name=re.compile("^Reprendre")).click()
    assert page.url == f"{site_url}{second.url}"


def test_offline_copy_is_offered_with_its_real_size(tab, site_url: str, site: Path) -> None:
    size = size_text((site / "exports" / ARCHIVE).stat().st_size)
    assert re.fullmatch(r"\d+(,\d)?\u00a0Mo", size), size
    tab.goto(site_url)
    offer = tab.get_by_role("link", name=re.compile("^Emporter le cursus"))
    expect(offer).to_be_visible()
    expect(offer).to_have_text(f"Emporter le cursus (ZIP, {size})")
    assert offer.get_attribute("href") == f"exports/{ARCHIVE}"
    response = tab.request.get(f"{site_url}exports/{ARCHIVE}")
    assert response.ok


def test_fait_column_shows_done_modules_and_no_dashes(page, site_url: str, built: BuildResult) -> None:
    """At 1280 px a path's « Fait » column was a column of « — »: now it is left out while
    nothing is done, then marks the done modules and leaves the others blank."""
    agents = next(p for p in built.curriculum.learning_paths if p.id == "agents")
    first = built.curriculum.modules[agents.modules[0]]
    steps = page.locator(".ecole-etapes table")
    page.goto(f"{site_url}{agents.url}")
    page.wait_for_function("() => document.querySelector('.ecole-etapes .ecole-statut [aria-hidden]')")
    expect(steps.get_by_role("columnheader", name="Fait")).to_be_hidden()
    assert "—" not in steps.inner_text()

    _progress(page, site_url, [first.id], first)
    page.goto(f"{site_url}{agents.url}")
    expect(steps.get_by_role("columnheader", name="Fait")).to_be_visible()
    rows = steps.locator("tbody tr")
    expect(rows.nth(0).locator("td").last).to_have_text("Terminé")
    expect(rows.nth(1).locator("td").last).to_be_visible()
    expect(rows.nth(1).locator("td").last.locator("[aria-hidden=true]")).to_be_hidden()  # no « — »
    assert "—" not in steps.inner_text()
    # a screen reader still hears the state of a module not done
    assert "Pas encore terminé" in rows.nth(1).locator("td").last.text_content()
