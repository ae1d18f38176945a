"""The boxes of a Markdown body: ``!!! kind "Title"``, ``??? kind`` (folded) and
``???+ kind`` (folded, open), as pymdownx writes them.

One scanner for every reader of the boxes: validation (the skeleton of a
module), the learner and trainer views of a page, the programme sheets (titles
of activities and deliverables) and print (solutions moved to an answer key,
folded boxes opened). Code fences are masked first, so an example of the syntax
in a guide is never taken for a real box.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache

from .body import masked_lines

_OPENER = re.compile(r'^(?P<indent>[ \t]*)(?P<marker>!!!|\?\?\?\+?) (?P<kind>[\w-]+)(?:[ \t]+"(?P<title>[^"]*)")?')
#: A line an author meant as a box's opener, and the form it must take: its kind, then
#: Material's « inline » and « end » (a box beside the text) or this site's « autonomie »
#: (an activity done alone, :func:`with_solo_class`), then its title in straight
#: quotes. Another form (no space after the marker, a title without quotes) stays a
#: paragraph, or takes the title's words for classes, and the box's content goes astray.
_MEANT_AS_OPENER = re.compile(r"^[ \t]*(?:!!!|\?\?\?\+?)(?![!?])")
_WELL_FORMED = re.compile(
    r'^[ \t]*(?:!!!|\?\?\?\+?) [\w-]+(?:[ \t]+(?:inline|end|autonomie))*(?:[ \t]+"[^"]*")?[ \t]*$'
)

#: The boxes of this project (styled by ecole.css, read by the tool: the trainer's notes are
#: taken out of the learners' pages by their kind) and Material's own, aliases included. Any
#: other kind is a typo that Python-Markdown would still show as a box: « ??? Formateur »
#: put the trainer's notes on the learners' site.
PROJECT_KINDS = ("activite", "exercice", "solution", "retenir", "formateur", "livrable")
MATERIAL_KINDS = (
    "note", "abstract", "summary", "tldr", "info", "todo", "tip", "hint", "important", "success", "check",
    "done", "question", "help", "faq", "warning", "caution", "attention", "failure", "fail", "missing",
    "danger", "error", "bug", "example", "quote", "cite",
)  # fmt: skip


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


def problems(body: str) -> list[tuple[int, str]]:
    """What keeps a box of ``body`` from being read as its author meant, as (0-based line,
    message) pairs: an opener written in another form, a kind no one styles or reads, a box
    whose content is not indented under it (left empty, its text after it)."""
    found = []
    for index, line in enumerate(masked_lines(body)):
        if _MEANT_AS_OPENER.match(line) and not _WELL_FORMED.match(line):
            found.append(
                (
                    index,
                    f"ouverture d'encadré mal écrite, « {line.strip()} » : écrivez la marque (!!! ou ???), "
                    'une espace, le type, puis le titre entre guillemets droits, par exemple !!! exercice "Exercice : …" ; '
                    "si ce n'est pas un encadré, ne commencez pas la ligne par !!! ni ???",
                )
            )
    known = (*PROJECT_KINDS, *MATERIAL_KINDS)
    malformed = {line for line, _ in found}
    for box in admonitions(body):
        if box.start in malformed:
            continue  # one message a line: its form first
        if box.kind not in known:
            close = difflib.get_close_matches(box.kind.lower(), known, n=1, cutoff=0.6)
            hint = (
                f"vouliez-vous dire « {close[0]} » ?" if close else "types de ce cursus : " + ", ".join(PROJECT_KINDS)
            )
            found.append((box.start, f"type d'encadré inconnu, « {box.kind} » ; {hint}"))
        elif box.end == box.start + 1:
            found.append((box.start, "encadré vide : indentez son contenu de quatre espaces sous sa ligne d'ouverture"))
    return sorted(found)


#: How an activity a learner can do alone is titled (the guide « Rédiger » asks for it).
SOLO_ACTIVITY = "En autonomie"
#: The class the site gives such an activity: its own icon, one person rather than a group.
SOLO_CLASS = "autonomie"


def with_solo_class(body: str) -> str:
    """``body`` with the class :data:`SOLO_CLASS` added to each activity titled « En autonomie
    : … » (``!!! activite autonomie "…"``, which Python-Markdown reads as two classes): on a
    phone, a learner alone tells it from the group activities at a glance."""
    lines = body.split("\n")
    for box in admonitions(body):
        if box.kind == "activite" and box.title.startswith(SOLO_ACTIVITY):
            lines[box.start] = f'{box.indent}{box.marker} activite {SOLO_CLASS} "{box.title}"'
    return "\n".join(lines)


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
