"""Passages of hand-written content that only the editions having some modules publish.

A page of ``docs/``, a module, a method card or a case study may hold a passage
about modules an edition can leave out, such as the trainer guide's section on
the practical work, or a module's sentence that sends the reader on to a module
of part 2::

    <!-- si partie: travaux-pratiques -->
    ## Conduire les travaux pratiques sur un problème réel
    …
    <!-- fin si -->

``si partie: <id>`` keeps the passage when the edition has a module of that
part, ``si module: <id>`` when it has that module. Elsewhere the markers are
HTML comments: the page reads whole in any Markdown viewer. The passage is
taken out once, here, after the edition's selection, so that the site, the
PDF and the link checks all see the same page; its lines are blanked rather
than removed, so that line numbers in messages still match the file.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial

from .body import masked_lines
from .diagnostics import Report
from .structure import PART_LABELS, Curriculum, Item

_OPEN = re.compile(r"^\s*<!--\s*si\s+(?P<kind>[^:>]*?)\s*:\s*(?P<id>[^\s>]*)\s*-->\s*$")
_CLOSE = re.compile(r"^\s*<!--\s*fin\s+si\s*-->\s*$")
_EXAMPLE = "<!-- si partie: travaux-pratiques --> … <!-- fin si -->"


def apply_conditions(curriculum: Curriculum, report: Report) -> None:
    """Take out of every content file the passages about modules this edition does not have."""
    for item in curriculum.items():
        if "<!--" in item.body:
            item.body = _kept(item, curriculum, report)


def _kept(page: Item, curriculum: Curriculum, report: Report) -> str:
    lines = page.body.split("\n")
    masked = masked_lines(page.body)
    opened: tuple[int, bool] | None = None  # (line index, kept)

    def error(number: int, message: str) -> None:
        report.error(page.source, page.body_line + number, "si", message)

    for number, line in enumerate(masked):
        opening, closing = _OPEN.match(line), _CLOSE.match(line)
        if opening:
            if opened is not None:
                error(
                    number,
                    f"passage ouvert dans un autre (ligne {page.body_line + opened[0]}) : fermez le premier "
                    "par <!-- fin si --> avant d'en ouvrir un autre",
                )
            opened = (number, _holds(opening["kind"], opening["id"], curriculum, report, partial(error, number)))
            lines[number] = ""
        elif closing:
            if opened is None:
                error(number, f"<!-- fin si --> sans passage ouvert ; un passage s'écrit {_EXAMPLE}")
            elif not opened[1]:
                lines[opened[0] : number] = [""] * (number - opened[0])
            opened = None
            lines[number] = ""
    if opened is not None:
        error(opened[0], f"passage jamais fermé : ajoutez <!-- fin si --> à sa fin ({_EXAMPLE})")
    return "\n".join(lines)


def _holds(kind: str, wanted: str, curriculum: Curriculum, report: Report, error: Callable[[str], None]) -> bool:
    """Whether the edition has what the passage is about; a mistake is reported, and the passage kept."""
    if kind == "partie":
        if wanted in PART_LABELS:
            return any(m.part == wanted for m in curriculum.modules.values())
        error(f"partie « {wanted} » inconnue ; parties : {', '.join(PART_LABELS)}")
        return True
    if kind == "module":
        if wanted in curriculum.modules:
            return True
        if wanted in curriculum.excluded:
            return False
        if ("module", wanted) not in report.unreadable:  # a module with errors of its own is not « introuvable »
            error(f"module « {wanted} » introuvable")
        return True
    error(f"« si {kind} » inconnu : écrivez si partie: <identifiant> ou si module: <identifiant>")
    return True
