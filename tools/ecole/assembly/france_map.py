"""An inline SVG map of France with the case-study territories.

No tiles, no script, no request: the outline of metropolitan France and its
islands (Corsica, Oléron) comes from Natural Earth's 1:50m countries (public
domain), as the npm package ``world-atlas`` 2.0.2 (ISC) ships them in TopoJSON.
The build decodes France's rings, simplifies them (Douglas-Peucker, about a
kilometre: the map is 600 units wide) and projects them with an equirectangular
projection at 46.5°N, enough to place a territory.

Where the outline comes from, and why two ways: a build reads the dataset from
``node_modules`` when it is installed (``make site`` and ``make test`` install it
with npm), so that the drawing follows from a cited, versioned dataset. The
publication pipelines a trainer copies (``publication/``) install Debian and
Python packages only, no npm: there the build reads the same outline stored with
the package (``assets/france-contour.json``), written by ``python -m
ecole.assembly.france_map`` from the dataset; a test fails if it differs from
what the dataset gives, so the two never drift apart. The stored file also records
the dataset's digest: a build whose dataset has that digest takes the stored rings
rather than decoding the dataset again in each of its processes.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from ..model.structure import READING_MARK, CaseStudy
from .templates import render

#: The dataset, under ``node_modules`` of the project or of the tool's own folder.
DATASET = Path("node_modules") / "world-atlas" / "countries-50m.json"
_TOOL_ROOT = Path(__file__).resolve().parents[3]
_FRANCE_ID = "250"  # ISO 3166-1 numeric, as world-atlas names its countries

_WEST, _EAST, _SOUTH, _NORTH = -5.3, 9.8, 41.2, 51.3
_SCALE = 40.0  # SVG units per degree of latitude
_COS = math.cos(math.radians(46.5))
WIDTH = round((_EAST - _WEST) * _COS * _SCALE)
HEIGHT = round((_NORTH - _SOUTH) * _SCALE)
#: Douglas-Peucker tolerance, in SVG units (1 unit = 1/40 of a degree of latitude, 2.8 km):
#: below what a reader sees at 600 units wide, and it halves the points of the coast.
TOLERANCE = 0.4


def project(longitude: float, latitude: float) -> tuple[float, float]:
    return (longitude - _WEST) * _COS * _SCALE, (_NORTH - latitude) * _SCALE


def decode_rings(topology: dict, object_name: str, geometry_id: str) -> list[list[tuple[float, float]]]:
    """The outer rings (longitude, latitude) of one geometry of a TopoJSON topology.

    TopoJSON stores each border once, as an arc of quantised, delta-encoded points
    shared by its two countries; a ring lists its arcs by index, ``~i`` for arc ``i``
    walked backwards, and consecutive arcs share their end point.
    """
    scale_x, scale_y = topology["transform"]["scale"]
    shift_x, shift_y = topology["transform"]["translate"]
    arcs = []
    for encoded in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in encoded:
            x, y = x + dx, y + dy
            points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        arcs.append(points)
    geometry = next(g for g in topology["objects"][object_name]["geometries"] if g.get("id") == geometry_id)
    polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
    rings = []
    for polygon in polygons:
        ring: list[tuple[float, float]] = []
        for index in polygon[0]:  # the outer ring; holes (none in France) are left out
            points = arcs[index] if index >= 0 else arcs[~index][::-1]
            ring.extend(points if not ring else points[1:])
        rings.append(ring)
    return rings


def simplify(points: Sequence[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas-Peucker: the fewest points of ``points`` such that no dropped point lies
    farther than ``tolerance`` from the line that replaces it. The first and last
    points stay; a closed ring (first point = last) keeps its farthest point too."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:  # no recursion: a coast of thousands of points would exceed its limit
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        length = math.hypot(bx - ax, by - ay)
        farthest, distance = first, -1.0
        for i in range(first + 1, last):
            px, py = points[i]
            if length == 0:  # the ends coincide (a closed ring): distance to that point
                d = math.hypot(px - ax, py - ay)
            else:
                d = abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / length
            if d > distance:
                farthest, distance = i, d
        if farthest != first and (distance > tolerance or length == 0):
            keep[farthest] = True
            stack += [(first, farthest), (farthest, last)]
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def _metropolitan(ring: Iterable[tuple[float, float]]) -> bool:
    """Whether a ring lies in the map's frame: overseas territories do not."""
    return all(_WEST <= lon <= _EAST and _SOUTH <= lat <= _NORTH for lon, lat in ring)


#: The outline stored with the package, for builds without the dataset (see the module's comment).
STORED = Path(__file__).resolve().parents[1] / "assets" / "france-contour.json"

Rings = tuple[tuple[tuple[float, float], ...], ...]


def dataset_candidates(project_root: Path) -> tuple[Path, ...]:
    """Where a build looks for the dataset, in order (the first one found is read)."""
    return (project_root / DATASET, _TOOL_ROOT / DATASET)


def _dataset(project_root: Path) -> Path | None:
    return next((path for path in dataset_candidates(project_root) if path.is_file()), None)


@functools.cache
def outline_from(dataset: Path) -> Rings:
    """France's metropolitan rings from the dataset: projected, simplified, to the tenth of
    a unit the SVG prints, largest first (read once per process)."""
    topology = json.loads(dataset.read_text(encoding="utf-8"))
    rings = [ring for ring in decode_rings(topology, "countries", _FRANCE_ID) if _metropolitan(ring)]
    projected = [simplify([project(lon, lat) for lon, lat in ring], TOLERANCE) for ring in rings]
    return tuple(
        tuple((round(x, 1), round(y, 1)) for x, y in ring)
        for ring in sorted(projected, key=len, reverse=True)
        if len(ring) >= 4
    )


@functools.cache
def _stored() -> dict:
    return json.loads(STORED.read_text(encoding="utf-8"))


@functools.cache
def stored_outline() -> Rings:
    return tuple(tuple((x, y) for x, y in ring) for ring in _stored()["rings"])


def stored_text(rings: Rings, dataset: Path) -> str:
    """The stored outline's file: the rings, where they come from, and the digest of the
    dataset they were made from."""
    data = {
        "source": "Natural Earth 1:50m Admin 0 (domaine public), paquet npm world-atlas 2.0.2 (ISC), countries-50m.json",
        "generated_by": "python -m ecole.assembly.france_map (decoded, projected, simplified: Douglas-Peucker)",
        "dataset_sha256": _digest(dataset),
        "tolerance": TOLERANCE,
        "rings": [[[x, y] for x, y in ring] for ring in rings],
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def _digest(dataset: Path) -> str:
    return hashlib.sha256(dataset.read_bytes()).hexdigest()


def outlines(project_root: Path) -> Rings:
    """The land of the map as projected rings (SVG units): the mainland first, then Corsica
    and the islands the dataset draws at this scale; from the dataset when it is installed."""
    dataset = _dataset(project_root)
    return _outline_of(dataset) if dataset is not None else stored_outline()


@functools.cache
def _outline_of(dataset: Path) -> Rings:
    """The stored outline when it was made from this very dataset (the same digest, a
    tolerance that has not changed since): decoding the dataset took 0.11 s of processor
    in each process of a build that draws a map (the two views' pages); a digest, 2 ms."""
    stored = _stored()
    if stored.get("dataset_sha256") == _digest(dataset) and stored.get("tolerance") == TOLERANCE:
        return stored_outline()
    return outline_from(dataset)


def _points(ring: Sequence[tuple[float, float]]) -> str:
    """SVG points of a polygon."""
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in ring)


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


def france_map_svg(
    cases: Sequence[CaseStudy], href: Callable[[CaseStudy], str], project_root: Path = _TOOL_ROOT
) -> str:
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
        outlines=[_points(ring) for ring in outlines(project_root)],
        markers=markers,
        radius=MARKER_RADIUS,
        reading_mark=READING_MARK,
    ).removesuffix("\n")


def locator_map_svg(case: CaseStudy, project_root: Path = _TOOL_ROOT) -> str:
    """A small map of France with the case's place alone, for its page's header; empty
    when the case has no coordinates. The facts beside it name the place: the drawing
    is an image whose text alternative says where the dot is."""
    if not case.placed:
        return ""
    x, y = project(case.longitude, case.latitude)
    return render(
        "site/locator_map.html",
        width=WIDTH,
        height=HEIGHT,
        outlines=[_points(ring) for ring in outlines(project_root)],
        x=f"{x:.1f}",
        y=f"{y:.1f}",
        case=case,
        reading="coordinates" in case.readings,
        reading_mark=READING_MARK,
    ).removesuffix("\n")


if __name__ == "__main__":
    # Rewrite the stored outline from the installed dataset (after a change of the
    # dataset's version, the tolerance or the projection).
    found = _dataset(Path.cwd())
    if found is None:
        raise SystemExit(f"{DATASET} introuvable : lancez « npm ci » dans le dossier du projet.")
    STORED.write_text(stored_text(outline_from(found), found), encoding="utf-8")
    print(f"{STORED} : {sum(len(ring) for ring in outline_from(found))} points.")
