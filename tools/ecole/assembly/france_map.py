"""An inline SVG map of France with the case-study territories.

No tiles, no script, no request: a simplified outline of metropolitan France
and Corsica (about 80 points, accurate to a few kilometres, enough to place a
territory) projected with an equirectangular projection at 46.5°N.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from ..model.structure import CaseStudy
from .templates import render

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
    """SVG points of a polygon."""
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in (project(lon, lat) for lon, lat in points))


#: Radius of a marker, and the least distance between two markers' centres.
MARKER_RADIUS = 13
_GAP = 2 * MARKER_RADIUS + 4


def spread(points: Sequence[tuple[float, float]], gap: float = _GAP) -> list[tuple[float, float]]:
    """Marker positions: ``points`` pushed apart until no two are closer than ``gap``.

    Neighbouring territories (Sceaux and the Val-d'Oise are 20 km apart) would
    otherwise hide each other's marker. Each overlapping pair moves apart along
    the line joining them, a little at a time, so that markers stay as close as
    possible to their place; the map then links each moved marker to its place.
    """
    moved = [list(point) for point in points]
    for _ in range(200):
        overlapping = False
        for i in range(len(moved)):
            for j in range(i + 1, len(moved)):
                dx, dy = moved[j][0] - moved[i][0], moved[j][1] - moved[i][1]
                distance = math.hypot(dx, dy)
                if distance >= gap - 0.01:
                    continue
                overlapping = True
                if distance < 0.01:  # same place: part them vertically, in list order
                    dx, dy, distance = 0.0, 1.0, 1.0
                push = (gap - distance) / 2 / distance
                moved[i][0] -= dx * push
                moved[i][1] -= dy * push
                moved[j][0] += dx * push
                moved[j][1] += dy * push
        if not overlapping:
            break
    return [(x, y) for x, y in moved]


def france_map_svg(cases: Sequence[CaseStudy], href: Callable[[CaseStudy], str]) -> str:
    """The map as inline SVG with numbered markers, and a legend listing the cases.

    Numbers rather than names on the map: names of neighbouring territories
    overlap (Val-d'Oise and Sceaux are 20 km apart); the legend carries them.
    A case without coordinates is left off the map; one whose place is the
    project's reading of its source (the centre of a département the source
    names) is placed, and its legend says so.
    """
    cases = [case for case in cases if case.placed]
    places = [project(case.longitude, case.latitude) for case in cases]
    markers = [
        {
            "number": number,
            "case": case,
            "href": href(case),
            "x": f"{x:.1f}",
            "y": f"{y:.1f}",
            "text_y": f"{y + 6:.1f}",
            "place": (f"{px:.1f}", f"{py:.1f}") if math.hypot(x - px, y - py) > 1 else None,
            "reading": "coordinates" in case.readings,
        }
        for number, (case, (px, py), (x, y)) in enumerate(zip(cases, places, spread(places), strict=True), start=1)
    ]
    return render(
        "site/france_map.html",
        width=WIDTH,
        height=HEIGHT,
        outlines=[_outline(_MAINLAND), _outline(_CORSICA)],
        markers=markers,
        radius=MARKER_RADIUS,
    ).removesuffix("\n")
