"""The France map (issue 18): an outline decoded from Natural Earth's TopoJSON, simplified
at build time, with the places of French cities where they belong, and text alternatives."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from ecole.assembly import france_map
from ecole.assembly.france_map import (
    HEIGHT,
    WIDTH,
    decode_rings,
    france_map_svg,
    locator_map_svg,
    outlines,
    project,
    simplify,
)
from ecole.model.structure import CaseStudy, Kind

ROOT = Path(__file__).resolve().parents[1]


def inside(point: tuple[float, float], ring: tuple[tuple[float, float], ...]) -> bool:
    """Ray casting: whether ``point`` is inside the polygon ``ring``."""
    x, y = point
    result = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            result = not result
    return result


def distance_to_outline(point: tuple[float, float], ring: tuple[tuple[float, float], ...]) -> float:
    """Least distance from ``point`` to the edges of ``ring``, in SVG units."""
    px, py = point
    best = math.inf
    for (ax, ay), (bx, by) in zip(ring, ring[1:] + ring[:1], strict=True):
        length = (bx - ax) ** 2 + (by - ay) ** 2
        t = 0.0 if length == 0 else max(0.0, min(1.0, ((px - ax) * (bx - ax) + (py - ay) * (by - ay)) / length))
        best = min(best, math.hypot(px - ax - t * (bx - ax), py - ay - t * (by - ay)))
    return best


def test_decode_rings_follows_deltas_transform_and_reversed_arcs() -> None:
    # two arcs of one square; the second is walked backwards (~1) and shares its end point
    topology = {
        "transform": {"scale": [0.5, 2.0], "translate": [10.0, 40.0]},
        "arcs": [[[0, 0], [2, 0], [0, 1]], [[0, 0], [0, 1], [2, 0]]],
        "objects": {
            "countries": {
                "geometries": [
                    {"type": "Polygon", "id": "999", "arcs": [[7]]},
                    {"type": "MultiPolygon", "id": "250", "arcs": [[[0, ~1]]]},
                ]
            }
        },
    }
    assert decode_rings(topology, "countries", "250") == [
        [(10.0, 40.0), (11.0, 40.0), (11.0, 42.0), (10.0, 42.0), (10.0, 40.0)]
    ]


def test_simplify_drops_what_the_tolerance_hides_and_keeps_corners() -> None:
    line = [(0.0, 0.0), (1.0, 0.05), (2.0, -0.05), (3.0, 0.0)]
    assert simplify(line, 0.1) == [(0.0, 0.0), (3.0, 0.0)]
    assert simplify(line, 0.01) == line
    spike = [(0.0, 0.0), (1.0, 0.0), (1.5, 5.0), (2.0, 0.0), (3.0, 0.0)]
    assert simplify(spike, 1.0) == [(0.0, 0.0), (1.5, 5.0), (3.0, 0.0)]  # (1, 0) is 0.96 off the new edge
    assert len(simplify(spike, 0.5)) == 5
    # a closed ring (first point = last) keeps its shape, not just its two equal ends
    square = [(0.0, 0.0), (2.0, 0.0), (4.0, 0.0), (4.0, 4.0), (0.0, 4.0), (0.0, 0.0)]
    assert simplify(square, 0.1) == [(0.0, 0.0), (4.0, 0.0), (4.0, 4.0), (0.0, 4.0), (0.0, 0.0)]


@pytest.fixture(scope="module")
def rings() -> tuple[tuple[tuple[float, float], ...], ...]:
    return outlines(ROOT)


def test_outline_has_plausible_bounds_and_point_count(rings: tuple) -> None:
    mainland, corsica = rings[0], rings[1]
    # Natural Earth's 1:50m mainland has 534 points; simplified, a few hundred remain
    assert 200 <= len(mainland) <= 534
    assert 15 <= len(corsica) <= 61
    assert sum(len(ring) for ring in rings) < 700
    xs, ys = [x for x, _ in mainland], [y for _, y in mainland]
    west, north = project(-4.8, 51.1)  # Pointe de Corsen, Dunkerque's coast
    east, south = project(8.25, 42.3)  # the Rhine at Lauterbourg, the Pyrenees at Cerbère
    assert abs(min(xs) - west) < 4 and abs(max(xs) - east) < 4
    assert abs(min(ys) - north) < 4 and abs(max(ys) - south) < 4
    assert all(0 <= x <= WIDTH and 0 <= y <= HEIGHT for ring in rings for x, y in ring)
    # Corsica lies south-east of the mainland
    assert min(x for x, _ in corsica) > max(xs) - 25 and max(y for _, y in corsica) > max(ys) - 10


@pytest.mark.parametrize(
    ("city", "longitude", "latitude"),
    [
        ("Paris", 2.35, 48.86),
        ("Lyon", 4.84, 45.76),
        ("Clermont-Ferrand", 3.08, 45.78),
        ("Cahors", 1.44, 44.45),
        ("Strasbourg", 7.75, 48.58),
        ("Brest", -4.49, 48.39),
        ("Nice", 7.26, 43.70),
        ("Dunkerque", 2.38, 51.03),
        ("Perpignan", 2.90, 42.70),
    ],
)
def test_french_cities_lie_inside_or_on_the_outline(rings: tuple, city: str, longitude: float, latitude: float) -> None:
    """Coastal and border cities may fall a few kilometres outside a simplified coast:
    within 2 units (6 km), but never farther."""
    place = project(longitude, latitude)
    assert inside(place, rings[0]) or distance_to_outline(place, rings[0]) < 2, city


@pytest.mark.parametrize(
    ("city", "longitude", "latitude", "kilometres"),
    [
        ("Bruxelles", 4.35, 50.85, 60),
        ("Genève", 6.14, 46.20, 2),  # 4 to 5 km from the border
        ("Turin", 7.68, 45.07, 40),
        ("Barcelone", 2.17, 41.39, 100),
    ],
)
def test_neighbouring_cities_lie_outside(
    rings: tuple, city: str, longitude: float, latitude: float, kilometres: float
) -> None:
    """Cities abroad are off the land, at least ``kilometres`` from it (one unit is 2.8 km)."""
    place = project(longitude, latitude)
    assert not any(inside(place, ring) for ring in rings), city
    assert distance_to_outline(place, rings[0]) * 2.78 > kilometres, city


def test_ajaccio_is_on_corsica(rings: tuple) -> None:
    assert inside(project(8.74, 41.93), rings[1])


def case(case_id: str, territory: str, latitude: float | None, longitude: float | None) -> CaseStudy:
    return CaseStudy(
        id=case_id,
        kind=Kind.CASE_STUDY,
        source=ROOT / "case_studies" / f"{case_id}.md",
        title=f"Étude {territory}",
        summary="Une étude de cas pour les tests de la carte.",
        body="",
        body_line=1,
        licence="etalab-2.0",
        territory=territory,
        department_name="Lot",
        department_code="46",
        territory_type=None,
        latitude=latitude,
        longitude=longitude,
        period_start=None,
        period_end=None,
        organisations=[],
        methods=[],
        modules=[],
        figures=[],
        sources=[],
    )


def test_maps_have_text_alternatives() -> None:
    cahors = case("cahors", "Cahors", 44.45, 1.44)
    svg = france_map_svg([cahors, case("nulle-part", "Nulle part", None, None)], lambda c: c.id, ROOT)
    assert 'role="group"' in svg and "<title" in svg and "<desc>" in svg
    assert "Cahors" in svg and "Nulle part" not in svg  # a case without coordinates is left off
    locator = locator_map_svg(cahors, ROOT)
    assert 'role="img"' in locator
    assert "Carte de situation\u00a0: Cahors (Lot), en France</title>" in locator
    assert locator.count("<polygon") == len(outlines(ROOT))
    assert locator_map_svg(case("nulle-part", "Nulle part", None, None), ROOT) == ""


def test_the_stored_outline_is_the_datasets() -> None:
    """The outline stored for builds without npm is what the dataset gives today, to the
    byte (``make test`` installs the dataset: package.json lists it)."""
    dataset = ROOT / france_map.DATASET
    assert dataset.is_file(), "npm ci installs world-atlas (package.json)"
    assert france_map.outline_from(dataset) == france_map.stored_outline()
    assert france_map.STORED.read_text(encoding="utf-8") == france_map.stored_text(
        france_map.outline_from(dataset), dataset
    )


def test_another_dataset_is_decoded_not_taken_for_the_stored_one(tmp_path: Path) -> None:
    """The stored outline stands for the dataset only when the digests match: another
    version of the dataset (here, France moved a twentieth of a degree east) is decoded."""
    topology = json.loads((ROOT / france_map.DATASET).read_text(encoding="utf-8"))
    topology["transform"]["translate"][0] += 0.05
    moved = tmp_path / "countries-50m.json"
    moved.write_text(json.dumps(topology), encoding="utf-8")
    drawn = france_map._outline_of(moved)
    assert drawn == france_map.outline_from(moved) != france_map.stored_outline()
    assert france_map._outline_of(ROOT / france_map.DATASET) == france_map.stored_outline()


def test_without_the_dataset_the_build_draws_the_stored_outline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(france_map, "_TOOL_ROOT", tmp_path / "outil")
    assert outlines(tmp_path) == france_map.stored_outline()
    assert len(outlines(tmp_path)) == len(outlines(ROOT)) >= 2
