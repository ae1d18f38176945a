"""Domain objects of the curriculum: what the rest of the package works with.

Each object is built once from a validated content file and never re-parsed.
URLs and staged paths live here because every consumer (pages, navigation,
catalogue, SCORM, PDF) must agree on them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

from ..errors import BuildFailed
from .durations import MINUTES_PER_DAY, format_minutes, iso8601
from .version import day_start, iso_day


class Kind(Enum):
    MODULE = "module"
    METHOD = "method"
    CASE_STUDY = "case_study"
    PAGE = "page"

    @property
    def section(self) -> str:
        """URL section of this kind of content."""
        return _SECTIONS[self]


_SECTIONS = {
    Kind.MODULE: "modules",
    Kind.METHOD: "methodes",
    Kind.CASE_STUDY: "etudes-de-cas",
    Kind.PAGE: "",
}

PART_LABELS = {
    "sensibilisation": "Partie 1 — Sensibilisation et formation aux méthodes",
    "travaux-pratiques": "Partie 2 — Travaux pratiques en mode labo",
}
PART_SHORT = {"sensibilisation": "Sensibilisation", "travaux-pratiques": "Travaux pratiques"}
LEVEL_LABELS = {"decouverte": "Découverte", "approfondissement": "Approfondissement"}
AUDIENCE_LABELS = {
    "agents": "Agents",
    "encadrants": "Encadrants",
    "elus": "Élus",
    "formateurs": "Formateurs",
}
PHASE_LABELS = {
    "comprendre": "Comprendre",
    "imaginer": "Imaginer",
    "prototyper": "Prototyper",
    "tester": "Tester",
    "deployer": "Déployer",
}
#: The method cycle of the cursus, in its order (a module's ``cycle_step``): the step's
#: name and the question it answers, as the cycle figure shows them.
CYCLE_STEPS = {
    "observer": ("Observer", "Que font réellement les usagers ?"),
    "comprendre": ("Comprendre", "Quels besoins, quelles difficultés ?"),
    "imaginer": ("Imaginer", "Quelles pistes pour y répondre ?"),
    "prototyper": ("Prototyper", "À quoi ressemblerait la solution ?"),
    "tester": ("Tester", "Cela fonctionne-t-il pour de vrai ?"),
}
DIFFICULTY_LABELS = {"facile": "Facile", "intermediaire": "Intermédiaire", "avance": "Avancé"}
#: The menu's top-level sections, as readers see them; a hand-written page may choose one
#: (front matter ``menu: {section: …, order: …}``). "Accueil" puts it at the top level,
#: right after the home page.
MENU_SECTIONS = ("Accueil", "Modules", "Parcours", "Méthodes", "Études de cas", "Ressources", "À propos")
TERRITORY_TYPE_LABELS = {
    "rural": "Rural",
    "periurbain": "Périurbain",
    "urbain": "Urbain",
    "mixte": "Mixte",
}


@dataclass
class Choice:
    text: str
    correct: bool
    explanation: str


@dataclass(frozen=True)
class Section:
    """A heading of a module's page, where a quiz question sends the learner back to."""

    title: str  # its words, without markup
    anchor: str  # its id on the page (the site's and an LMS's; a booklet prefixes it)


@dataclass
class Question:
    text: str
    choices: list[Choice]
    section: Section | None = None  # where the module teaches what it checks

    @property
    def multiple(self) -> bool:
        return sum(choice.correct for choice in self.choices) > 1


@dataclass
class Quiz:
    questions: list[Question]
    line: int  # line of the ```quiz fence in the source file


@dataclass(kw_only=True)
class Item:
    """Anything that becomes a page: module, method card, case study, hand-written page."""

    id: str
    kind: Kind
    source: Path  # absolute path of the content file
    title: str
    summary: str
    body: str  # Markdown after territory variables; links still as the author wrote them
    body_line: int  # line of the body's first line in the source file
    licence: str
    authors: list[str] = field(default_factory=list)
    updated: str | None = None
    replaces: str | None = None  # in an edition, the upstream id this item stands in for
    origin: str = "upstream"  # "upstream" or the id of the edition that added it
    document: Any = field(default=None, repr=False, compare=False)  # front-matter, for line numbers

    @property
    def staged_path(self) -> str:
        """Path of the page in the staging folder that MkDocs reads."""
        return f"{self.kind.section}/{self.id}.md"

    @property
    def url(self) -> str:
        """Site-relative URL (directory URLs), without a leading slash."""
        return f"{self.kind.section}/{self.id}/"


@dataclass(kw_only=True)
class Module(Item):
    part: str
    order: int
    duration: int  # minutes
    level: str
    audience: list[str]
    objectives: list[str]
    prerequisites: list[str] = field(default_factory=list)
    methods: list[str] = field(default_factory=list)
    case_studies: list[str] = field(default_factory=list)
    quizzes: list[Quiz] = field(default_factory=list)
    #: the step of the method cycle (CYCLE_STEPS) the module teaches, if any
    cycle_step: str | None = None

    @property
    def questions(self) -> list[Question]:
        return [question for quiz in self.quizzes for question in quiz.questions]

    @property
    def duration_text(self) -> str:
        return format_minutes(self.duration)

    @property
    def duration_iso(self) -> str:
        return iso8601(self.duration)


@dataclass(kw_only=True)
class Method(Item):
    phase: str
    duration: int
    duration_label: str  # as written: "2j" reads better than "14h"
    participants: str
    materials: list[str]
    difficulty: str
    case_studies: list[str] = field(default_factory=list)

    @property
    def duration_iso(self) -> str:
        return iso8601(self.duration)


@dataclass
class Source:
    publisher: str
    title: str
    date: str
    url: str | None = None


#: The fields of a case study that may hold the project's own reading rather than a
#: fact of its source (``project_reading`` in the front matter), with their labels.
READING_FIELDS = {
    "territory": "Territoire",
    "department": "Département",
    "territory_type": "Type de territoire",
    "coordinates": "Emplacement sur la carte",
    "period": "Période",
    "organisations": "Organisations",
}
#: The words that mark a value as the project's reading, on the page and in the front matter.
READING_MARK = "notre lecture"


@dataclass(kw_only=True)
class CaseStudy(Item):
    """A case study. Each optional fact is ``None`` (or empty) when its source says
    nothing of it: nothing is invented. A fact the project deduces from its source
    (Cahors is in the Lot) is named in ``readings``, and the page says so."""

    territory: str
    department_name: str | None
    department_code: str | None
    territory_type: str | None
    latitude: float | None  # None: not placed on the map
    longitude: float | None
    period_start: str | None  # None: the source gives no date, and nothing is invented
    period_end: str | None
    organisations: list[str]
    methods: list[str]
    modules: list[str]
    figures: list[tuple[str, str]]
    sources: list[Source]
    #: method id -> the passages of the source that name it, as the front matter quotes them
    method_sources: dict[str, list[str]] = field(default_factory=dict)
    #: field of READING_FIELDS -> what the project's reading of that field rests on
    readings: dict[str, str] = field(default_factory=dict)
    #: (date, what happened) of the dated events the source reports, oldest first; the
    #: date as the source gives it: ``2018``, ``2018-01`` or ``2018-02-07``
    events: list[tuple[str, str]] = field(default_factory=list)

    @property
    def placed(self) -> bool:
        """Whether the case has a place on the map."""
        return self.latitude is not None and self.longitude is not None


@dataclass(frozen=True)
class MenuPlace:
    """Where a hand-written page goes in the menu: one of :data:`MENU_SECTIONS`, and its
    rank there (1 = first); without a rank, after the section's other entries."""

    section: str
    order: int | None = None


@dataclass(kw_only=True)
class Page(Item):
    """A hand-written page of ``docs/``; ``path`` is relative to ``docs/``."""

    path: str
    meta: dict[str, Any] = field(default_factory=dict)
    menu: MenuPlace | None = None  # None: the section of its folder (see assembly.navigation)

    @property
    def staged_path(self) -> str:
        return self.path

    @property
    def url(self) -> str:
        return page_url(self.path)


def page_url(staged: str) -> str:
    """Site address (directory URLs, no leading slash) of a staged page: ``modules/x.md`` is
    served at ``modules/x/``, ``a/index.md`` at ``a/``, ``index.md`` at the root (``""``)."""
    stem = staged.removesuffix(".md")
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


#: The half-days of a training day, in their order, as ``parcours.yml`` writes them.
HALF_DAYS = ("matin", "après-midi")


@dataclass
class Slot:
    """One day, or half-day, of a path's schedule: its modules and what else happens."""

    day: int  # 1 for the first training day
    half: str | None  # one of HALF_DAYS; None when the slot takes the whole day
    modules: list[str]
    activities: str = ""  # Markdown, links as written in parcours.yml (see ``links``)
    #: link as written in ``activities`` -> staged path of its target ("" when the target
    #: is a module the edition leaves out: the words stay, unlinked)
    links: dict[str, str] = field(default_factory=dict)
    line: int = 0  # line of its activities in parcours.yml, for messages about their links

    @property
    def minutes(self) -> int:
        """Training time of the slot: 7 hours for a day, 3 hours 30 for a half-day."""
        return MINUTES_PER_DAY // 2 if self.half else MINUTES_PER_DAY

    @property
    def label(self) -> str:
        """``jour 1, matin``, ``jour 6``: where a message or a sentence names it."""
        return f"jour {self.day}, {self.half}" if self.half else f"jour {self.day}"


@dataclass
class LearningPath:
    id: str
    title: str
    summary: str
    modules: list[str]
    audience: str | None = None  # set for the generated per-audience paths
    replaces: str | None = None  # in an edition's parcours.yml, the upstream path it stands in for
    #: modules the file lists that the edition's selection left out (already removed from ``modules``)
    left_out: list[str] = field(default_factory=list)
    source: Path | None = None  # the parcours.yml it comes from; None for computed paths
    document: Any = field(default=None, repr=False, compare=False)  # that file, for line numbers
    index: int = 0  # its place in that file
    #: days and half-days, for a path that is a training session (``schedule`` in
    #: parcours.yml); ``modules`` is then read from it, in its order
    schedule: list[Slot] = field(default_factory=list)
    #: training days of the schedule dropped with the modules of ``left_out``
    days_left_out: int = 0
    #: what a participant can do at the end of the whole path (``objectives`` in parcours.yml);
    #: empty for a computed path, whose sheet lists each module's objectives instead
    objectives: list[str] = field(default_factory=list)

    @property
    def training_minutes(self) -> int:
        """Time in training of a scheduled path, its days and half-days added up."""
        return sum(slot.minutes for slot in self.schedule)

    @property
    def url(self) -> str:
        return f"parcours/{self.id}/"

    @property
    def staged_path(self) -> str:
        return f"parcours/{self.id}.md"


@dataclass
class Curriculum:
    """The whole validated curriculum of one edition, with its reference graph."""

    settings: Any  # ecole.model.settings.Settings
    modules: dict[str, Module]
    methods: dict[str, Method]
    case_studies: dict[str, CaseStudy]
    pages: dict[str, Page]  # keyed by path relative to docs/
    learning_paths: list[LearningPath] = field(default_factory=list)
    assets: dict[str, Path] = field(default_factory=dict)  # staged path -> source file
    trainer: bool = False
    excluded: set[str] = field(default_factory=set)  # upstream modules the edition leaves out
    #: staged paths of the upstream pages and paths the edition does not publish (its ``hide:``,
    #: paths its selection cut down): links to them keep their words, unlinked
    withdrawn: set[str] = field(default_factory=set)
    rewrites: dict[str, dict[str, str]] = field(default_factory=dict)  # staged path -> link rewrites
    #: the project folder it was read from, and the moment it stands for (the last commit,
    #: see :mod:`ecole.model.version`): exports date their files with it, never the clock
    root: Path = field(default_factory=Path)
    timestamp: int = 0
    #: files of the theme that exports reuse as they are (see ``Project.THEME_FILES``)
    theme_files: dict[str, bytes] = field(default_factory=dict, repr=False)
    #: ordered_modules() is asked for once per page: sorted once per set of modules
    _reading_order: tuple[tuple[int, ...], list[Module]] | None = field(default=None, repr=False, compare=False)

    def items(self) -> list[Item]:
        return [
            *self.ordered_modules(),
            *sorted(self.methods.values(), key=lambda m: m.id),
            *sorted(self.case_studies.values(), key=lambda c: c.id),
            *sorted(self.pages.values(), key=lambda p: p.path),
        ]

    def ordered_modules(self) -> list[Module]:
        """Part 1 then part 2, each by ``order`` then id: the reading order of the cursus."""
        modules = tuple(map(id, self.modules.values()))  # an edition's selection replaces the dict
        if self._reading_order is None or self._reading_order[0] != modules:
            parts = list(PART_LABELS)
            ordered = sorted(self.modules.values(), key=lambda m: (parts.index(m.part), m.order, m.id))
            self._reading_order = (modules, ordered)
        return list(self._reading_order[1])

    def part_label(self, part: str, *, short: bool = False) -> str:
        """How a part is named wherever the parts are listed: « Partie 1 — Sensibilisation et
        formation aux méthodes » (``short``: « Partie 1 »), or, when this curriculum has no other
        part (an edition of one part), its name alone, with nothing to number it against
        (``short``: « Sensibilisation »)."""
        if {m.part for m in self.modules.values()} - {part}:
            return PART_LABELS[part].split(" — ")[0] if short else PART_LABELS[part]
        return PART_SHORT[part] if short else PART_LABELS[part].split(" — ", 1)[1]

    def next_module(self, module: Module) -> Module | None:
        ordered = self.ordered_modules()
        # by identity: list.index compares whole dataclasses (bodies included),
        # which made assembling N modules quadratic and slow
        index = next(number for number, candidate in enumerate(ordered) if candidate is module)
        return ordered[index + 1] if index + 1 < len(ordered) else None

    def audiences(self, module_ids: Iterable[str], audience: str | None = None) -> tuple[list[str], list[str]]:
        """Who a path of ``module_ids`` (or the whole cursus) is for: an ``audience``'s path,
        that audience; another, the audiences every one of its modules is meant for (all
        those of its modules, when they share none). Then the others that some of its modules
        also serve: a catalogue that read « élus » for the three-day session would offer five
        modules written for others."""
        modules = [self.modules[m] for m in module_ids]
        if audience:
            return [audience], []
        some = [a for a in AUDIENCE_LABELS if any(a in m.audience for m in modules)]
        every = [a for a in some if all(a in m.audience for m in modules)]
        return (every, [a for a in some if a not in every]) if every else (some, [])

    def users_of_method(self, method_id: str) -> list[Module]:
        return [m for m in self.ordered_modules() if method_id in m.methods]

    def requirements(self, module_ids: Iterable[str]) -> set[str]:
        """Every module that one of ``module_ids`` needs, directly or through others'
        prerequisites (a start is in it only if a cycle leads back to it); prerequisites
        absent from this curriculum (left out by an edition) are not followed."""
        needed: set[str] = set()
        pending = [m for m in module_ids if m in self.modules]
        while pending:
            for prerequisite in self.modules[pending.pop()].prerequisites:
                if prerequisite in self.modules and prerequisite not in needed:
                    needed.add(prerequisite)
                    pending.append(prerequisite)
        return needed

    def cases_of_method(self, method_id: str) -> list[CaseStudy]:
        """The case studies that used a method: those whose front matter names it, each
        with the passage of its source that says so. A method card's ``case_studies``
        does not count: a card may cite a case as an illustration, but only the case's
        source can tell that the method was used there."""
        return [case for case in sorted(self.case_studies.values(), key=lambda c: c.id) if method_id in case.methods]

    def theme_file(self, name: str, user: str) -> bytes:
        """The theme file ``name`` (one of ``Project.THEME_FILES``) for ``user``, an export
        named in French; raise BuildFailed, saying who needs it, when the theme lacks it."""
        if name not in self.theme_files:
            raise BuildFailed(f"{user} : overrides/{name} introuvable ; {user} reprennent ce fichier du thème du site")
        return self.theme_files[name]

    @property
    def date(self) -> str:
        """``timestamp`` as an ISO date (``2026-12-02``)."""
        return iso_day(self.timestamp)

    def last_update(self, items: Iterable[Item]) -> str:
        """The date of the last update of ``items`` (a module, or the modules of a path or
        a programme): the latest of their own dates, or the curriculum's when none has one.
        The catalogue and the programme sheets give the same."""
        return max((item.updated for item in items if item.updated), default=self.date)

    def moment(self, items: Iterable[Item]) -> int:
        """``last_update(items)`` as a POSIX timestamp, the start of that day (UTC): the date
        of an export that holds ``items``, in its metadata, on its cover and in its archive.
        Dated by what it holds, an export is the same file whatever the day of the last
        commit: a commit of a new day makes again only what holds an item it changed."""
        return day_start(self.last_update(items))

    @property
    def total_minutes(self) -> int:
        return sum(m.duration for m in self.modules.values())
