"""The boxes of a Markdown body: ``!!! kind "Title"``, ``??? kind`` (folded) and
``???+ kind`` (folded, open), as pymdownx writes them.

One scanner for every reader of the boxes: validation (the skeleton of a
module), the learner and trainer views of a page, the programme sheets (titles
of activities and deliverables) and print (solutions moved to an answer key,
folded boxes opened). Code fences are masked first, so an example of the syntax
in a guide is never taken for a real box.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .body import masked_lines

_OPENER = re.compile(r'^(?P<indent>[ \t]*)(?P<marker>!!!|\?\?\?\+?) (?P<kind>[\w-]+)(?:[ \t]+"(?P<title>[^"]*)")?')


@dataclass(frozen=True)
class Admonition:
    kind: str  # "activite", "solution", "formateur"…
    title: str  # as written; "" when the box has none
    marker: str  # "!!!", "???" or "???+"
    indent: str  # the opener's indentation, as written
    start: int  # 0-based line of the opener in the body
    end: int  # first line after the box's content (blank lines after it excluded)

    @property
    def folded(self) -> bool:
        return self.marker.startswith("???")


@lru_cache(maxsize=32)
def admonitions(body: str) -> tuple[Admonition, ...]:
    """Every box of ``body`` in order, nested ones included."""
    lines = body.split("\n")
    found = []
    for index, line in enumerate(masked_lines(body)):
        opener = _OPENER.match(line)
        if opener is None:
            continue
        width = len(opener["indent"])
        end = index + 1
        while end < len(lines) and (not lines[end].strip() or _indent(lines[end]) > width):
            end += 1
        while end > index + 1 and not lines[end - 1].strip():
            end -= 1
        found.append(Admonition(opener["kind"], opener["title"] or "", opener["marker"], opener["indent"], index, end))
    return tuple(found)


def titles(body: str, kind: str) -> list[str]:
    """Titles of the ``kind`` boxes of ``body``, in order."""
    return [box.title for box in admonitions(body) if box.kind == kind]


def without(body: str, kind: str) -> str:
    """``body`` without its ``kind`` boxes, nor the blank lines that followed them."""
    lines = body.split("\n")
    dropped = set()
    for box in admonitions(body):
        if box.kind == kind:
            end = box.end
            while end < len(lines) and not lines[end].strip():
                end += 1
            dropped.update(range(box.start, end))
    return "\n".join(line for number, line in enumerate(lines) if number not in dropped)


def with_markers(body: str, marker: str, kinds: set[str] | None = None, *, folded_only: bool = True) -> str:
    """``body`` with the opener of each box (of ``kinds``, or all) written with ``marker``;
    with ``folded_only``, only the folded ones (``???`` and ``???+``) change."""
    lines = body.split("\n")
    for box in admonitions(body):
        if (kinds is None or box.kind in kinds) and (box.folded or not folded_only):
            line = lines[box.start]
            lines[box.start] = box.indent + marker + line[len(box.indent) + len(box.marker) :]
    return "\n".join(lines)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())
