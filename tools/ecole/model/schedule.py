"""A path as a training session: its ``schedule`` in parcours.yml, day by day.

A scheduled path lists days and half-days, each with its modules and what else
happens then (``activities``: a study trip, fieldwork, a testimony)::

    - id: programme-sensibilisation
      title: …
      summary: …
      schedule:
        - day: 1
          half: matin          # matin | après-midi; without it, the whole day
          modules: [pourquoi-innover, innovation-par-les-usages]
          activities: Accueil, règles communes ; lecture croisée d'une étude de cas

The path's modules are read from the schedule, in its order: a path gives
either ``modules`` or ``schedule``, never both, so that nothing is written
twice. The schedule is checked like a training programme would be: days in
order and without gaps, a module placed once, never after a module that needs
it, and no more module time than the half-day (3h30) or the day (7h) holds.

In an edition, modules its selection leaves out are dropped from the schedule,
with the slots that only held them, and a training day that only held them is
dropped too (the following days move up). Whether such a path is published is
the edition's decision (:func:`ecole.model.editions.publish_paths`).
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .body import is_external, links
from .diagnostics import Report
from .durations import format_minutes
from .references import resolve_links, suggest
from .schemas import field_name
from .structure import HALF_DAYS, Curriculum, LearningPath, Slot

#: Where a half-day sits in its day, for ordering; a whole day sits where its morning does.
_RANK = {None: 0, **{half: rank for rank, half in enumerate(HALF_DAYS)}}


@dataclass
class Schedule:
    """A path's schedule as this edition publishes it."""

    slots: list[Slot] = field(default_factory=list)
    modules: list[str] = field(default_factory=list)  # in the order of the schedule
    left_out: list[str] = field(default_factory=list)  # modules the edition's selection leaves out
    days_left_out: int = 0  # training days that held only those


def has_modules_or_schedule(path: Path, document: Any, index: int, raw: dict[str, Any], report: Report) -> bool:
    """A path gives its modules, or its schedule (which gives them): exactly one of the two."""
    if "modules" in raw and "schedule" in raw:
        report.error(
            path,
            document.line_of([index, "modules"]),
            f"[{index}].modules",
            "avec un programme (schedule), la liste des modules s'en déduit : retirez modules",
        )
        return False
    if "modules" not in raw and "schedule" not in raw:
        report.error(
            path,
            document.line_of([index, "id"]),
            f"[{index}]",
            "ni modules ni schedule : donnez la liste des modules du parcours, ou son programme jour par jour",
        )
        return False
    return True


def read_schedule(path: Path, document: Any, index: int, curriculum: Curriculum, report: Report) -> Schedule:
    """The schedule of path ``index`` of ``document``, checked; errors go to ``report``."""
    written = document.data[index]["schedule"]

    def error(steps: list[str | int], message: str) -> None:
        where = [index, "schedule", *steps]
        report.error(path, document.line_of(where), field_name(where), message)

    _check_calendar(written, document, index, error)
    placed: dict[str, tuple[int, int]] = {}  # module -> (slot, position in the slot)
    for number, raw in enumerate(written):
        if not raw.get("modules") and not raw.get("activities"):
            error([number], "ni modules ni activities : donnez les modules de ce moment, ou ce qui s'y fait")
        for position, module_id in enumerate(raw.get("modules", [])):
            if module_id in placed:
                first = _label(written[placed[module_id][0]])
                error(
                    [number, "modules", position],
                    f"module « {module_id} » déjà au programme ({first}) : un module n'a qu'une place ; pour un "
                    "module plus long qu'une demi-journée, retirez half pour lui donner la journée entière",
                )
                continue
            placed[module_id] = (number, position)
            unknown = module_id not in curriculum.modules and module_id not in curriculum.excluded
            if unknown and ("module", module_id) not in report.unreadable:  # its own errors are listed
                known = [*curriculum.modules, *curriculum.excluded]
                error([number, "modules", position], f"module « {module_id} » introuvable{suggest(module_id, known)}")
        known = [m for m in raw.get("modules", []) if m in curriculum.modules]
        minutes = sum(curriculum.modules[m].duration for m in dict.fromkeys(known))
        room = Slot(raw["day"], raw.get("half"), []).minutes
        if minutes > room:
            label = _label(raw)
            if raw.get("half"):
                advice = "déplacez un module, ou retirez half pour prendre la journée entière"
                span = f"une demi-journée de {format_minutes(room)}"
            else:
                advice = "déplacez un module vers un autre jour"
                span = f"une journée de {format_minutes(room)}"
            error([number, "modules"], f"{label} : {format_minutes(minutes)} de modules pour {span} ; {advice}")
    _check_prerequisites(written, placed, curriculum, error)
    return _published(written, placed, curriculum, document, index)


def _label(raw: dict[str, Any]) -> str:
    return Slot(raw["day"], raw.get("half"), []).label


def _check_calendar(written: list[dict[str, Any]], document: Any, index: int, error: Any) -> None:
    """Days from 1, in order, without gaps; a day is either whole or made of half-days, each once."""
    previous: dict[str, Any] | None = None
    previous_number = 0
    for number, raw in enumerate(written):
        day, half = raw["day"], raw.get("half")
        if previous is None:
            if day != 1:
                error([number, "day"], f"le programme commence au jour 1, pas au jour {day}")
            previous, previous_number = raw, number
            continue
        before, before_half = previous["day"], previous.get("half")
        line = document.line_of([index, "schedule", previous_number])
        if day < before:
            error([number, "day"], f"jour {day} après le jour {before} : écrivez les journées dans l'ordre")
            continue
        if day > before + 1:
            error(
                [number, "day"],
                f"jour {day} après le jour {before} : il manque le jour {before + 1} ; numérotez les journées "
                "de formation sans trou (les intersessions ne comptent pas)",
            )
        elif day == before:
            if before_half is None or half is None:
                error(
                    [number, "half"] if half is not None else [number, "day"],
                    f"le jour {day} est déjà au programme (ligne {line}) : pour une journée en deux temps, "
                    "écrivez half: matin puis half: après-midi ; sinon réunissez les deux lignes",
                )
            elif half == before_half:
                error(
                    [number, "half"],
                    f"{_label(raw)} déjà au programme (ligne {line}) : réunissez les deux lignes",
                )
            elif _RANK[half] < _RANK[before_half]:
                error([number, "half"], f"jour {day} : écrivez le matin avant l'après-midi")
        previous, previous_number = raw, number


def _check_prerequisites(
    written: list[dict[str, Any]], placed: dict[str, tuple[int, int]], curriculum: Curriculum, error: Any
) -> None:
    """A module never comes before one it needs (one it needs may be outside the path:
    the programme sheet then asks for it as a prerequisite)."""
    for module_id, where in placed.items():
        module = curriculum.modules.get(module_id)
        if module is None:
            continue
        for needed in module.prerequisites:
            if needed not in placed or placed[needed] < where or needed not in curriculum.modules:
                continue
            if module_id in curriculum.requirements([needed]):
                continue  # a cycle has its own error: no order could satisfy it
            later = _label(written[placed[needed][0]])
            error(
                [where[0], "modules", where[1]],
                f"« {module_id} » demande « {needed} », placé après lui ({later}) : placez « {needed} » avant lui",
            )


def _published(
    written: list[dict[str, Any]], placed: dict[str, tuple[int, int]], curriculum: Curriculum, document: Any, index: int
) -> Schedule:
    """The schedule without the modules this edition leaves out: a slot that only held
    such modules goes, and so does a day that only held them; days are numbered again."""
    schedule = Schedule()
    kept_days: dict[int, bool] = {}  # day -> holds a module of this edition (None: never held any)
    held: set[int] = set()
    for number, raw in enumerate(written):
        day = raw["day"]
        modules = [m for m in raw.get("modules", []) if placed.get(m, (None,))[0] == number]
        kept = [m for m in modules if m in curriculum.modules]
        schedule.left_out += [m for m in modules if m in curriculum.excluded]
        if modules:
            held.add(day)
        kept_days[day] = kept_days.get(day, False) or bool(kept)
    dropped_days = {day for day in held if not kept_days[day]}
    schedule.days_left_out = len(dropped_days)
    numbers: dict[int, int] = {}
    for number, raw in enumerate(written):
        day = raw["day"]
        if day in dropped_days:
            continue
        modules = [m for m in raw.get("modules", []) if placed.get(m, (None,))[0] == number]
        kept = [m for m in modules if m in curriculum.modules]
        if modules and not kept:
            continue
        numbers.setdefault(day, len(numbers) + 1)
        line = document.line_of([index, "schedule", number, "activities"])
        schedule.slots.append(Slot(numbers[day], raw.get("half"), kept, raw.get("activities", ""), line=line))
        schedule.modules += kept
    return schedule


# --- links in the activities ------------------------------------------------------------


@dataclass
class _Activities:
    """What :func:`resolve_links` reads of an item, for the activities of one slot."""

    body: str
    source: Path  # the parcours.yml: links are relative to its folder
    body_line: int
    staged_path: str = "parcours.yml"  # links resolve to staged paths from the site's root


def resolve_activity_links(
    learning_path: LearningPath,
    mapping: dict[Path, str],
    generated: set[str],
    curriculum: Curriculum,
    report: Report,
    anchors: Mapping[str, frozenset[str]] | None = None,
) -> None:
    """Fill each slot's ``links`` (as written -> staged path): links in ``activities`` are
    written like links in content, relative to the parcours.yml that holds them; with
    ``anchors``, an anchor that names no heading of its page is reported, on its line."""
    if learning_path.source is None:
        return
    for slot in learning_path.schedule:
        if "](" not in slot.activities:
            continue
        item = _Activities(slot.activities, learning_path.source, slot.line)
        found = resolve_links(item, mapping, generated, curriculum.excluded, report, curriculum.withdrawn, anchors)  # type: ignore[arg-type]
        for link in links(slot.activities):
            target = link.target
            if target in found or is_external(target) or target.startswith(("#", "/")):
                continue
            path_part, _, anchor = target.partition("#")
            in_site = posixpath.normpath(path_part)
            if in_site in generated:  # a page the tool writes, named by its path in the site
                found[target] = in_site + (f"#{anchor}" if anchor else "")
        slot.links = found
