"""An inline SVG map of France with the case-study territories.

No tiles, no script, no request: a simplified outline of metropolitan France
and Corsica (about 80 points, accurate to a few kilometres, enough to place a
territory) projected with an equirectangular projection at 46.5°N.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Sequence

from .structure import CaseStudy

# (longitude, latitude), clockwise from Dunkerque.
_MAINLAND = [
    (2.55, 51.09), (3.2, 50.76), (4.2, 50.27), (4.83, 50.15), (4.86, 49.79), (5.82, 49.55),
    (6.37, 49.46), (7.03, 49.16), (8.2, 48.97), (7.8, 48.5), (7.55, 47.59), (6.95, 47.45),
    (6.1, 46.6), (6.12, 46.15), (6.8, 46.0), (7.03, 45.9), (6.63, 45.11), (7.05, 44.7),
    (6.9, 44.2), (7.53, 43.78), (7.0, 43.55), (6.2, 43.1), (5.35, 43.28), (4.8, 43.4),
    (4.0, 43.55), (3.1, 43.1), (3.17, 42.43), (1.72, 42.5), (0.7, 42.85), (-0.3, 42.8),
    (-1.0, 43.0), (-1.78, 43.36), (-1.45, 43.6), (-1.25, 44.6), (-1.15, 45.5), (-1.2, 46.15),
    (-2.1, 46.8), (-2.55, 47.3), (-3.35, 47.7), (-4.35, 47.8), (-4.75, 48.35), (-4.3, 48.65),
    (-3.5, 48.82), (-2.0, 48.65), (-1.55, 48.65), (-1.6, 49.2), (-1.9, 49.7), (-1.25, 49.7),
    (-1.1, 49.37), (0.1, 49.45), (0.6, 49.86), (1.45, 50.1), (1.6, 50.73),
]  # fmt: skip
_CORSICA = [
    (9.4, 43.0), (9.55, 42.6), (9.4, 41.4), (9.2, 41.37), (8.6, 41.9), (8.7, 42.5), (9.3, 42.7),
]  # fmt: skip

_WEST, _EAST, _SOUTH, _NORTH = -5.3, 9.8, 41.2, 51.3
_SCALE = 40.0  # SVG units per degree of latitude
_COS = math.cos(math.radians(46.5))
WIDTH = round((_EAST - _WEST) * _COS * _SCALE)
HEIGHT = round((_NORTH - _SOUTH) * _SCALE)


def project(longitude: float, latitude: float) -> tuple[float, float]:
    return (longitude - _WEST) * _COS * _SCALE, (_NORTH - latitude) * _SCALE


def _outline(points: Sequence[tuple[float, float]]) -> str:
    coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in (project(lon, lat) for lon, lat in points))
    return f'<polygon points="{coords}"/>'


def france_map_svg(cases: Sequence[CaseStudy], href: Callable[[CaseStudy], str]) -> str:
    """The map as inline SVG with numbered markers, and a legend listing the cases.

    Numbers rather than names on the map: names of neighbouring territories
    overlap (Val-d'Oise and Sceaux are 20 km apart); the legend carries them.
    """
    markers = []
    legend = []
    for number, case in enumerate(cases, start=1):
        x, y = project(case.longitude, case.latitude)
        label = html.escape(f"{number}. {case.title} ({case.territory})")
        link = html.escape(href(case))
        markers.append(
            f'<a href="{link}/" aria-label="{label}">'
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="13"/>'
            f'<text x="{x:.1f}" y="{y + 6:.1f}" text-anchor="middle">{number}</text></a>'
        )
        legend.append(
            f'<li><a href="{link}/">{html.escape(case.territory)}</a> '
            f"({html.escape(case.department_name)})</li>"
        )
    return (
        f'<figure class="ecole-carte-france"><svg viewBox="-10 -10 {WIDTH + 20} {HEIGHT + 20}" '
        f'role="group" aria-labelledby="carte-titre">'
        f'<title id="carte-titre">Carte de France des territoires étudiés</title>'
        f'<g class="ecole-carte-france__terre" aria-hidden="true">{_outline(_MAINLAND)}{_outline(_CORSICA)}</g>'
        f'<g class="ecole-carte-france__lieux">{"".join(markers)}</g></svg>'
        f'<figcaption>Les territoires des études de cas :<ol>{"".join(legend)}</ol></figcaption></figure>'
    )
