"""The site's look: edition colours with guaranteed contrast, the footer every page
carries, the accessibility statement, and the map's markers kept apart."""

from __future__ import annotations

import math
import re
from html import unescape
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from ecole.assembly.france_map import MARKER_RADIUS, spread
from ecole.assembly.palette import TEXT_CONTRAST, WHITE, contrast, css_properties, luminance
from ecole.build import BuildResult

colours = st.integers(min_value=0, max_value=0xFFFFFF).map(lambda value: f"#{value:06x}")


@given(primary=colours, accent=colours)
def test_any_edition_colours_give_readable_text(primary: str, accent: str) -> None:
    palette = css_properties(primary, accent)
    main = palette["--md-primary-fg-color"]
    # white header text on the primary colour; links in the primary colour on white and on tints
    tints = ("--ecole-teinte", "--ecole-teinte-legere", "--ecole-accent-teinte")
    for background in (WHITE, *(palette[name] for name in tints)):
        assert contrast(main, background) >= TEXT_CONTRAST, (primary, background)
    assert contrast(palette["--md-accent-fg-color"], WHITE) >= TEXT_CONTRAST
    assert contrast(palette["--ecole-primaire-fonce"], WHITE) >= TEXT_CONTRAST


def test_readable_colours_are_kept_and_light_ones_darkened() -> None:
    palette = css_properties("#1f5b6e", "#b34700")
    assert palette["--md-primary-fg-color"] == "#1f5b6e"
    assert palette["--md-accent-fg-color"] == "#b34700"
    yellow = css_properties("#ffcc00", "#ffcc00")["--md-primary-fg-color"]
    assert luminance(yellow) < luminance("#ffcc00")
    red, green, blue = (int(yellow[i : i + 2], 16) for i in (1, 3, 5))
    assert red > green > blue  # still a yellow-orange hue, only darker


def test_edition_colours_reach_every_page(built: BuildResult) -> None:
    primary = built.curriculum.settings.primary
    page = (built.site / "modules" / "index.html").read_text(encoding="utf-8")
    assert f"--md-primary-fg-color:{primary};" in page
    assert "fonts.googleapis" not in page and '<link rel="preconnect"' not in page


def _pages(site: Path) -> list[Path]:
    return [
        path for path in sorted(site.rglob("*.html")) if not path.relative_to(site).as_posix().startswith("exports/")
    ]


def test_every_page_links_to_the_accessibility_statement(site: Path) -> None:
    pages = _pages(site)
    assert len(pages) > 50
    for path in pages:
        markup = path.read_text(encoding="utf-8")
        footer = markup[markup.index('<footer class="md-footer">') :]
        # the status is the audit's (tests/test_rgaa_audit.py checks it against the grid)
        link = re.search(
            r'<a href="([^"]*)">Accessibilité&nbsp;: (?:non|partiellement|totalement) conforme</a>', footer
        )
        assert link, path
        href = link.group(1)  # the 404 page, served at any depth, links from the site's root
        target = site / href.lstrip("/") if href.startswith("/") else path.parent / href
        assert target.resolve() == (site / "accessibilite").resolve(), path
        for label in ("Données personnelles", "Crédits", "Télécharger"):
            assert f">{label}</a>" in footer, (path, label)


def test_accessibility_statement_follows_the_official_outline(site: Path) -> None:
    markup = (site / "accessibilite" / "index.html").read_text(encoding="utf-8")
    headings = [unescape(re.sub(r"<[^>]+>", "", h)).strip() for h in re.findall(r"<h[23][^>]*>(.*?)</h[23]>", markup)]
    for expected in (
        "État de conformité",
        "Résultats des tests",
        "Contenus non accessibles",
        "Technologies utilisées pour la réalisation du site",
        "Environnement de test",
        "Retour d'information et contact",
        "Voies de recours",
    ):
        assert expected in headings, expected
    text = unescape(re.sub(r"<[^>]+>", "", markup))
    assert "non conforme" in text and "Défenseur des droits" in text
    assert "{{" not in text  # the edition's contact was filled in


def test_map_markers_never_overlap() -> None:
    places = [(100.0, 100.0), (104.0, 108.0), (100.0, 100.0), (300.0, 40.0)]
    markers = spread(places)
    for i, first in enumerate(markers):
        for second in markers[i + 1 :]:
            assert math.dist(first, second) >= 2 * MARKER_RADIUS
    assert markers[3] == places[3]  # a marker with room stays on its place
