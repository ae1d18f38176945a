"""What a SCORM package holds and says about itself, whatever the SCORM version.

A module package and the whole-cursus package differ only in how many
activities they hold and how these are grouped; the manifest writers
(:mod:`.manifest`) turn a :class:`Package` into either version's XML.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...assembly.typography import french
from ...model.licences import Licence, licence
from ...model.structure import PART_LABELS, PART_SHORT, Curriculum
from .sco import Sco

#: Identifier of the resource that lists the files every SCO shares.
SHARED_RESOURCE = "commun"
_KEYWORDS = ["innovation publique", "design de services", "service public"]


@dataclass
class Activity:
    """One module: an item of the organisation and its SCO resource."""

    id: str
    title: str
    href: str  # the SCO page
    files: list[str]  # the page and the files only it links to
    mastery: float | None  # share of right answers that passes; None for a module without quiz

    @property
    def item(self) -> str:
        return f"item-{self.id}"

    @property
    def resource(self) -> str:
        return f"sco-{self.id}"


@dataclass
class Part:
    """Activities grouped under a title; ``id`` None puts them straight in the organisation."""

    id: str | None
    title: str
    activities: list[Activity]


@dataclass
class Package:
    identifier: str  # stable from build to build, so that an LMS recognises an update
    title: str
    description: str
    keywords: list[str]
    minutes: int
    licence: Licence
    authors: list[str]
    date: str  # YYYY-MM-DD of the content
    parts: list[Part]
    shared: list[str]  # files every SCO uses, listed once

    @property
    def activities(self) -> list[Activity]:
        return [activity for part in self.parts for activity in part.activities]


def activity(sco: Sco, mastery: float) -> Activity:
    module = sco.module
    return Activity(
        module.id, french(module.title), sco.path, [sco.path, *sorted(sco.files)], mastery if module.quizzes else None
    )


def identifier(curriculum: Curriculum, name: str) -> str:
    """Editions get their own identifiers: an LMS may hold the reference cursus and an edition."""
    edition = curriculum.settings.edition
    return f"ecole-innovation-publique-{edition}-{name}" if edition else f"ecole-innovation-publique-{name}"


def module_package(curriculum: Curriculum, sco: Sco, mastery: float, shared: list[str]) -> Package:
    module = sco.module
    methods = [curriculum.methods[m].title for m in module.methods if m in curriculum.methods]
    return Package(
        identifier=identifier(curriculum, module.id),
        # French typography's spaces, as on the site: an LMS shows these as they are
        title=french(module.title),
        description=french(module.summary),
        keywords=[*_KEYWORDS, PART_SHORT[module.part].lower(), *methods],
        minutes=module.duration,
        licence=licence(module.licence),
        authors=module.authors,
        date=curriculum.last_update([module]),
        parts=[Part(None, french(module.title), [activity(sco, mastery)])],
        shared=shared,
    )


def curriculum_package(
    curriculum: Curriculum, name: str, scos: dict[str, Sco], mastery: float, shared: list[str]
) -> Package:
    """Every module in reading order, one item per part of the cursus."""
    modules = curriculum.ordered_modules()
    parts = [
        Part(
            part,
            french(curriculum.part_label(part)),
            [activity(scos[m.id], mastery) for m in modules if m.part == part],
        )
        for part in PART_LABELS
    ]
    authors = list(dict.fromkeys(author for module in modules for author in module.authors))
    settings = curriculum.settings
    return Package(
        identifier=identifier(curriculum, name),
        title=french(f"{settings.name} — cursus complet"),
        description=french(" ".join(settings.description.split()) or settings.name),
        keywords=[*_KEYWORDS, *(PART_SHORT[part.id].lower() for part in parts if part.activities and part.id)],
        minutes=curriculum.total_minutes,
        licence=licence(settings.licence),
        authors=authors,
        date=curriculum.last_update(modules),
        parts=[part for part in parts if part.activities],
        shared=shared,
    )
