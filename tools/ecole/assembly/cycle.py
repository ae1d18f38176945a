"""The method cycle of the cursus as a figure: observer → comprendre → imaginer →
prototyper → tester, and back, each step linking to the modules that teach it.

The steps come from :data:`~ecole.model.structure.CYCLE_STEPS`; the modules from
each module's ``cycle_step``, among the modules of the curriculum being built, so
that an edition which leaves a module out never links to it. A page includes the
figure with the snippet line ``--8<-- "cycle-demarche.md"``; :func:`include_cycle`
puts it in place wherever the body is rendered (site, PDF booklets, SCORM), with
Markdown links relative to the page, which each medium resolves as it does others.

The drawing is inline SVG with presentation attributes in the edition's colour,
so that it prints the same without the site's stylesheet (WeasyPrint); the
stylesheet only adjusts it on screen.
"""

from __future__ import annotations

import math
import posixpath
import re

from markupsafe import Markup

from ..model.structure import CYCLE_STEPS, Curriculum, Module
from .templates import render

SNIPPET = "cycle-demarche.md"
_LINE = re.compile(rf'^[ \t]*--8<--[ \t]+"{re.escape(SNIPPET)}"[ \t]*$', re.MULTILINE)

#: Geometry of the drawing, in SVG units: the steps on a circle around the centre.
SIZE = 400
_CENTRE = SIZE / 2
_ORBIT = 135  # radius of the circle the steps sit on
NODE_RADIUS = 58
#: angle (degrees) left between a step's disc and the arrow that leaves or reaches it
_CLEARANCE = 25


def cycle_modules(curriculum: Curriculum) -> list[tuple[str, str, str, list[Module]]]:
    """(step id, name, question, modules teaching it, in reading order) for each step."""
    modules = curriculum.ordered_modules()
    return [
        (step, name, question, [m for m in modules if m.cycle_step == step])
        for step, (name, question) in CYCLE_STEPS.items()
    ]


def _point(angle: float, radius: float = _ORBIT) -> tuple[float, float]:
    rad = math.radians(angle)
    return _CENTRE + radius * math.cos(rad), _CENTRE + radius * math.sin(rad)


def cycle_figure(curriculum: Curriculum, here: str) -> str:
    """The figure as Markdown with raw HTML (``md_in_html``): the SVG drawing, then the
    ordered list of the steps that says the same, with links relative to ``here``."""
    steps = cycle_modules(curriculum)
    count = len(steps)
    angles = [-90 + 360 * index / count for index in range(count)]
    nodes = []
    for index, ((_, name, _, modules), angle) in enumerate(zip(steps, angles, strict=True), start=1):
        x, y = _point(angle)
        nodes.append({"number": index, "name": name, "x": f"{x:.1f}", "y": f"{y:.1f}", "taught": bool(modules)})
    arrows = []
    for angle in angles:
        start = angle + _CLEARANCE
        end = angle + 360 / count - _CLEARANCE
        (x1, y1), (x2, y2) = _point(start), _point(end)
        arrows.append(f"M{x1:.1f},{y1:.1f} A{_ORBIT},{_ORBIT} 0 0 1 {x2:.1f},{y2:.1f}")
    folder = posixpath.dirname(here) or "."
    items = [
        {
            "number": index,
            "name": name,
            "question": question,
            # Markdown, not text: the template must not escape it
            "links": [Markup(f"[{m.title}]({posixpath.relpath(m.staged_path, folder)})") for m in modules],
        }
        for index, (_, name, question, modules) in enumerate(steps, start=1)
    ]
    return render(
        "shared/cycle.md",
        size=SIZE,
        centre=f"{_CENTRE:.0f}",
        radius=NODE_RADIUS,
        nodes=nodes,
        arrows=arrows,
        items=items,
        colour=curriculum.settings.primary,
        names=", ".join(name.lower() for _, name, _, _ in steps),
    ).strip("\n")


def include_cycle(curriculum: Curriculum, here: str, body: str) -> str:
    """``body`` with its ``--8<-- "cycle-demarche.md"`` line, if any, replaced by the figure."""
    if SNIPPET not in body:
        return body
    figure = cycle_figure(curriculum, here)
    return _LINE.sub(lambda _: figure, body)
