"""Every page of the learners' site on a phone (390 px): nothing sticks out sideways (issue 18)."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import TABS, in_turn

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@contextlib.contextmanager
def _tab(browser, viewport: dict[str, int], *, mobile: bool = False, touch: bool = False) -> Iterator:
    """A page of its own at ``viewport`` (a phone's, with ``mobile``; a touch screen, with
    ``touch``), closed with its context."""
    context = browser.new_context(viewport=viewport, locale="fr-FR", is_mobile=mobile, has_touch=touch)
    try:
        yield context.new_page()
    finally:
        context.close()


#: Run in the page: the page's own horizontal overflow, then every element whose right
#: edge passes the viewport's, unless an ancestor scrolls sideways on purpose (a wide
#: table in its scroll box, a code block). An element clipped by its ancestor shows
#: nothing outside that ancestor, so the ancestor's box is the one that counts.
OVERFLOW = """() => {
  const root = document.documentElement;
  const width = root.clientWidth;
  const found = [];
  const scrollsSideways = (element) => {
    const style = getComputedStyle(element);
    return ["auto", "scroll"].includes(style.overflowX) && element.scrollWidth > element.clientWidth;
  };
  const clips = (element) => ["hidden", "clip"].includes(getComputedStyle(element).overflowX);
  const name = (element) =>
    element.tagName.toLowerCase() +
    (element.id ? "#" + element.id : "") +
    (typeof element.className === "string" && element.className.trim()
      ? "." + element.className.trim().split(/\\s+/).join(".") : "");
  for (const element of document.body.querySelectorAll("*")) {
    const box = element.getBoundingClientRect();
    if (box.width === 0 || box.height === 0 || box.right <= width + 1) continue;
    let visibleRight = box.right;
    let excused = false;
    for (let up = element.parentElement; up && up !== document.body; up = up.parentElement) {
      if (scrollsSideways(up)) { excused = true; break; }
      if (clips(up)) visibleRight = Math.min(visibleRight, up.getBoundingClientRect().right);
    }
    if (excused || visibleRight <= width + 1) continue;
    // text for screen readers only is a 1 px box, clipped to nothing
    const style = getComputedStyle(element);
    if (style.clipPath === "inset(50%)" || style.clip === "rect(0px, 0px, 0px, 0px)") continue;
    found.push(`${name(element)} (bord droit à ${Math.round(box.right)} px)`);
  }
  return { scrollWidth: root.scrollWidth, clientWidth: width, elements: found.slice(0, 5) };
}"""


def test_no_page_overflows_sideways_on_a_phone(browser, site: Path, site_url: str) -> None:
    pages = sorted(path.relative_to(site).as_posix() for path in site.rglob("*.html"))
    assert len(pages) > 50, pages
    contexts = [
        browser.new_context(viewport=PHONE, locale="fr-FR", device_scale_factor=1, is_mobile=True) for _ in range(TABS)
    ]
    errors: list[str] = []
    tabs = []
    for context in contexts:
        tab = context.new_page()
        tab.on("pageerror", lambda error: errors.append(str(error)))
        tabs.append(tab)
    problems = []

    def start(tab, path: str) -> None:
        tab.goto(f"{site_url}/{path.removesuffix('index.html')}", wait_until="domcontentloaded")
        # measured in the page's next task, while the other tab loads its page (conftest.in_turn)
        tab.evaluate(f"() => {{ window.ecoleOverflow = new Promise(go => setTimeout(go)).then({OVERFLOW}); }}")

    def finish(tab, path: str) -> None:
        result = tab.evaluate("() => window.ecoleOverflow")
        if result["scrollWidth"] > result["clientWidth"] or result["elements"]:
            problems.append(f"{path}: largeur {result['scrollWidth']} > {result['clientWidth']} ; {result['elements']}")

    started = time.perf_counter()
    try:
        in_turn(tabs, pages, start, finish)
    finally:
        for context in contexts:
            context.close()
    elapsed = time.perf_counter() - started
    print(f"\n{len(pages)} pages à 390 px en {elapsed:.1f} s")
    assert not problems, "\n".join(problems)
    assert not errors, errors


def test_wide_tables_say_how_to_read_them_on_a_phone(browser, site_url: str) -> None:
    """The methods matrix scrolls in a named, focusable region with a visible cue; the
    progress page is one card per module, without a column of « — »."""
    with _tab(browser, PHONE, mobile=True) as tab:
        tab.goto(f"{site_url}/methodes/matrice/", wait_until="domcontentloaded")
        # Material's script wraps the table in its scroll box once the page is shown
        tab.wait_for_selector(".ecole-matrice .md-typeset__scrollwrap[role=region]", state="attached")
        region = tab.locator(".ecole-matrice .md-typeset__scrollwrap")
        assert region.get_attribute("role") == "region"
        assert region.get_attribute("tabindex") == "0"
        assert "Méthodes" in (region.get_attribute("aria-label") or "")
        assert region.evaluate("box => box.scrollWidth > box.clientWidth"), (
            "le tableau tient déjà : l'indice est inutile"
        )
        hint = "box => getComputedStyle(box, '::before').content"
        assert "Faites glisser le tableau" in region.evaluate(hint)

        tab.goto(f"{site_url}/progression/", wait_until="domcontentloaded")
        first = tab.locator(".ecole-suivi tbody tr").first
        tab.wait_for_function("() => document.querySelector('.ecole-suivi .ecole-statut [aria-hidden]')")
        # the module's name spans the card, its facts on the line below
        name, duration = first.locator("td").nth(0), first.locator("td").nth(1)
        assert duration.bounding_box()["y"] > name.bounding_box()["y"] + 5
        assert "—" not in first.inner_text()
        assert "Pas encore terminé" in first.text_content()
        assert tab.locator(".ecole-suivi thead").bounding_box()["width"] <= 1  # for screen readers only


def test_a_table_wider_than_its_column_fades_out_where_it_goes_on(browser, site_url: str) -> None:
    """A module's table on a phone hid whole columns with nothing to show that it scrolls:
    its right edge fades while there is more to see, not once the end is in view, and a
    table that fits never fades."""
    fade = "box => getComputedStyle(box).getPropertyValue('--ecole-fondu').trim()"
    for viewport, overflows in ((PHONE, True), ({"width": 1280, "height": 900}, False)):
        with _tab(browser, viewport, mobile=viewport is PHONE) as tab:
            tab.goto(f"{site_url}/modules/enquete-de-terrain/", wait_until="domcontentloaded")
            tab.wait_for_selector(".md-content .md-typeset__scrollwrap", state="attached")
            box = tab.locator(".md-content .md-typeset__scrollwrap").first
            assert box.evaluate("box => box.scrollWidth > box.clientWidth") is overflows
            if not overflows:
                assert box.evaluate(fade) in ("0px", "0")
                assert box.evaluate("box => getComputedStyle(box, '::before').content") == "none"
                continue
            assert box.evaluate(fade) not in ("0px", "0"), "le tableau déborde sans que rien ne l'indique"
            # and a line above it says so in words (the fade alone went unnoticed)
            tab.wait_for_selector(".md-content .md-typeset__scrollwrap.ecole-defile", state="attached")
            assert "Faites glisser le tableau" in box.evaluate("box => getComputedStyle(box, '::before').content")
            box.evaluate("box => { box.scrollLeft = box.scrollWidth; }")
            tab.wait_for_function(
                f"() => ({fade})(document.querySelector('.md-content .md-typeset__scrollwrap')) === '0px'"
            )


def test_the_drawer_shows_the_sites_whole_name(browser, site_url: str) -> None:
    """The phone's menu cut the name to « École de l'innovation pu… »."""
    with _tab(browser, PHONE, mobile=True) as tab:
        tab.goto(f"{site_url}/", wait_until="domcontentloaded")
        tab.locator(".md-header label[for=__drawer]").click()
        title = tab.locator(".md-nav--primary > .md-nav__title[for=__drawer]")
        title.wait_for(state="visible")
        assert title.evaluate(
            "title => title.scrollWidth <= title.clientWidth && title.scrollHeight <= title.clientHeight"
        )
        assert "École de l'innovation publique" in title.inner_text()


#: Run in the page: the box of the tooltip now shown, its term's, the screen's height and
#: the bottom of the header.
TOOLTIP = """() => {
  const tooltip = document.querySelector('.md-tooltip2--active[role=tooltip]');
  if (!tooltip) return null;
  const term = document.querySelector(`[aria-describedby="${tooltip.id}"]`).getBoundingClientRect();
  const box = tooltip.firstElementChild.getBoundingClientRect();
  const header = document.querySelector('.md-header').getBoundingClientRect().bottom;
  return { top: box.top, bottom: box.bottom, termTop: term.top, termBottom: term.bottom, height: innerHeight, header };
}"""


@pytest.mark.parametrize(("tapped", "shown_at"), [(60, 60), (420, 420), (420, 60), (60, 420)])
def test_a_terms_tooltip_stays_on_the_screen(browser, site_url: str, tapped: int, shown_at: int) -> None:
    """A term tapped near the bottom of a phone's screen opened its definition below it,
    cut off by the screen's edge: it opens above the term there, and still below it where
    there is room. Tapped at ``tapped`` px from the bottom of the screen, then the page
    scrolled, its tooltip open, until the term is at ``shown_at`` px: the tooltip turns."""
    with _tab(browser, PHONE, mobile=True, touch=True) as tab:
        tab.goto(f"{site_url}/modules/entretiens/", wait_until="networkidle")
        term = tab.locator(".md-content p abbr").last  # far down: any place on the screen can be given it
        to = "(term, gap) => scrollBy(0, term.getBoundingClientRect().bottom - innerHeight + gap)"
        term.evaluate(to, tapped)
        box = term.bounding_box()
        assert abs(PHONE["height"] - box["y"] - box["height"] - tapped) < 2, box
        tab.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        tab.wait_for_function(f"() => ({TOOLTIP})() && ({TOOLTIP})().bottom - ({TOOLTIP})().top > 20")
        tab.wait_for_timeout(500)  # Material slides it in
        if shown_at != tapped:
            term.evaluate(to, shown_at)
            tab.wait_for_timeout(200)
        shown = tab.evaluate(TOOLTIP)
        # on the screen, and not under the header, which stays over it
        assert shown["top"] >= shown["header"] and shown["bottom"] <= shown["height"], shown
        if shown_at < 100:
            assert shown["bottom"] <= shown["termTop"], shown
        else:
            assert shown["top"] >= shown["termBottom"], shown


def test_glossary_terms_stand_out_from_their_definitions(browser, site_url: str) -> None:
    """On a phone a term was set like its definition, one indent apart: each term is bold."""
    with _tab(browser, PHONE, mobile=True) as tab:
        tab.goto(f"{site_url}/glossaire/", wait_until="domcontentloaded")
        weights = tab.locator(".md-content dl > dt").evaluate_all(
            "terms => terms.map(term => Number(getComputedStyle(term).fontWeight))"
        )
        definition = tab.locator(".md-content dl > dd").first.evaluate("dd => Number(getComputedStyle(dd).fontWeight)")
        assert len(weights) > 10, weights
        assert min(weights) >= 700 > definition, (weights, definition)


def test_key_figures_share_the_row_at_1280_px(browser, site_url: str) -> None:
    """Two key figures (the Creuse case) fill the row, instead of two narrow tiles beside
    empty tracks that wrapped « Une dizaine d'années » onto three lines."""
    with _tab(browser, {"width": 1280, "height": 900}) as tab:
        tab.goto(f"{site_url}/etudes-de-cas/creuse-ecole-innovation/", wait_until="domcontentloaded")
        row = tab.locator(".ecole-chiffres ul").bounding_box()
        tiles = tab.locator(".ecole-chiffres li").evaluate_all(
            "tiles => tiles.map(tile => tile.getBoundingClientRect().toJSON())"
        )
        assert len(tiles) == 2, tiles
        assert tiles[-1]["right"] >= row["x"] + row["width"] - 1, (tiles, row)


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 1024, 390])
def test_a_modules_facts_keep_each_word_whole(browser, site_url: str, width: int) -> None:
    """« Approfondissement », the longest level, was cut « Approfondisseme / nt » in a column
    of the module header too narrow for it."""
    with _tab(browser, {"width": width, "height": 900}) as tab:
        tab.goto(f"{site_url}/modules/cadrer-un-probleme/", wait_until="domcontentloaded")
        values = tab.locator("dl.ecole-faits dd").evaluate_all(
            """values => values.map(value => {
                const words = value.textContent.trim().split(/\\s+/);
                const range = document.createRange();
                // a word cut in two is drawn on two lines: its text has two rectangles
                return words.filter(word => {
                    const at = value.textContent.indexOf(word);
                    const node = value.firstChild;
                    if (!node || node.nodeType !== Node.TEXT_NODE) return false;
                    range.setStart(node, at);
                    range.setEnd(node, at + word.length);
                    return range.getClientRects().length > 1;
                });
            })"""
        )
        assert values and not any(values), values
