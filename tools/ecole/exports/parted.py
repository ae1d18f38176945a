"""The learners' booklets (each module's, each path's, the whole cursus) printed part by
part, then put together.

Printed as one WeasyPrint document, the cursus booklet took most of a build, and all
of it again when one sentence of one module changed. Each chapter of a booklet
is now a *part*, printed on its own and kept in the build cache under the key of its
own HTML (:mod:`.cache`); a part whose HTML is the same in several booklets is printed
once. The parts are then put together with pikepdf (qpdf):

- the pages in order; each part's structure tree under the first part's ``Document``
  element, the parent tree renumbered, so that the tags stay one valid PDF/UA tree;
- the named destinations of all parts in one name tree; a link to another part, written
  ``ecole-ancre:<id>`` while the parts are printed apart (WeasyPrint drops links to
  anchors it does not see), becomes a link to that destination;
- the bookmarks, rebuilt at the levels WeasyPrint gave them in each part.

A module is in its own booklet, in the cursus and in every path that holds it. Its
chapter is *shared*: printed once, at the same level, with the same classes, for all of
them (the cursus puts its headings one level lower when it joins it, in the tags and
the bookmarks). Its links to other pages are resolved when each booklet is put
together: to the page's chapter when the booklet prints it, to its address on the site
otherwise (``data-site``), or to the words alone when the edition has no site address.

What depends on the whole booklet is printed once the number of pages of each part is
known: the parts that show page numbers (the cover with its table of contents, the part
summaries, a path's schedule) get them written in (``data-page``) in place of CSS
``target-counter``; they are laid out once before, with placeholders, only to count
their own pages, and printed once, with the numbers. A part that changes without
changing its number of pages does not change them. The running title, the school's name
and « Page N sur M » are laid over every page as artifacts, drawn from three sheets
printed once for each booklet (:mod:`.pagination`).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import re
import tempfile
from collections.abc import Iterable, Iterator
from concurrent.futures import as_completed
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup

from ..assembly import templates
from ..assembly.typography import french
from . import cache
from .pdf import DocumentInfo, PdfJob, html_document, render_records, stylesheet
from .pdf import print_ahead as print_jobs_ahead
from .scorm.archive import compress_ahead

if TYPE_CHECKING:
    from .pagination import Numbering

#: Scheme of the links to another part while the parts are printed apart.
ANCHOR_SCHEME = "ecole-ancre:"
#: Page number written while the pages of the numbered parts are counted: as wide as
#: the widest number a booklet has, so that the real numbers take no more room.
PLACEHOLDER = "999"
#: Report name of the parts (``ecole build`` prints a line for them).
PARTS_KIND = "livrets-parties"
PARTS_TITLE = "Chapitres des livrets"
#: How many times the numbered parts are printed again when their real page numbers
#: change their length (a longer number pushing a line over): once is the rule.
ROUNDS = 4

_NO_INFO = DocumentInfo(title="Partie", description="", timestamp=0)
_ID = re.compile(r'\sid="([^"]+)"')
_HREF = re.compile(r'href="#([^"]+)"')
_TARGET = re.compile(r'data-cible="#([^"]+)"')
_LINK = re.compile(r"<a\s[^>]*>")
_SITE = re.compile(r'\sdata-site="([^"]*)"')
#: Classes of the document of a shared chapter, the same in every booklet.
SHARED_CLASSES = "livret livret--partage"
#: Where the shared chapters are printed, in a booklets' work folder.
SHARED_FOLDER = "chapitres"


@dataclass(frozen=True)
class Part:
    """One part of a booklet: a chapter, or the cover and table of contents."""

    id: str  # stable name in the booklet (its first anchor), for the report
    html: str  # body
    numbered: bool  # shows the page numbers of anchors (table of contents, part summaries)
    shared: bool = False  # printed once for every booklet that holds it (a module, a method card…)
    shift: int = 0  # levels its headings go down in this booklet


@dataclass(frozen=True)
class PartedBooklet:
    name: str  # path under exports/
    target: Path
    info: DocumentInfo  # the PDF's metadata
    css: str  # the edition's palette
    classes: str  # of the document's body: the booklet's kind
    parts: list[Part]  # the first one opens the booklet: its document gives the PDF's metadata
    title: str  # running title, top left of every page but the cover
    school: str  # bottom left
    stylesheets: tuple[str, ...]

    @property
    def html(self) -> str:
        """The whole booklet as one HTML document (what its parts print, read in one go)."""
        body = "\n".join(part.html for part in self.parts)
        return html_document(self.info, body, css=self.css, classes=self.classes)


def chapter_part(html_text: str, *, numbered: bool, shared: bool = False, shift: int = 0) -> Part:
    found = _ID.search(html_text)
    name = found.group(1) if found else "partie-" + hashlib.sha256(html_text.encode()).hexdigest()[:12]
    return Part(name, html_text, numbered, shared, shift)


@contextlib.contextmanager
def work_folder(inside: Path | None = None) -> Iterator[Path]:
    """A folder for the parts of one build's booklets, removed afterwards; made ``inside``
    a folder of the build, which the build removes when it fails: the process that prints
    is then stopped at once (``build._Forked.cancel``), and its own clean-up never runs
    (a failed build left its parts, up to 4 MB, in the system's temporary folder)."""
    with tempfile.TemporaryDirectory(prefix="ecole-parties-", dir=inside) as folder:
        yield Path(folder)


def print_ahead(work: Path, parts: Iterable[Part], css: str, stylesheets: tuple[str, ...]) -> None:
    """Start printing the shared chapters ``parts`` that the build's cache does not hold
    (:func:`.pdf.print_ahead`), before the booklets that hold them are made: after one
    module's edit, its chapter is printed while the booklets are put in order around it
    (0.3 to 0.5 s of the reference's before its printing started). The workers that print
    them were forked with what puts the booklets together (:func:`.pdf.prepare_printing`)."""
    print_jobs_ahead(_shared_job(part.id, part.html, css, stylesheets, work / SHARED_FOLDER) for part in parts)


def print_booklets(booklets: list[PartedBooklet], work: Path | None = None) -> None:
    """Print ``booklets`` part by part, every part of every booklet in one batch so that
    every core has work, and put each booklet together; ``work``: the folder of
    :func:`print_ahead`, if it ran."""
    if work is None:
        with work_folder() as work:
            return print_booklets(booklets, work)
    chapters = work / SHARED_FOLDER
    plans = [_Plan(booklet, work / str(number), chapters) for number, booklet in enumerate(booklets)]
    shared = _shared_jobs(booklets, chapters)
    records = render_records([*shared, *(job for plan in plans for job in plan.jobs())])
    for plan in plans:
        plan.learn(records)
    with cache.current() as store:
        with cache.running(store, PARTS_KIND):
            _paginate(plans)
        _assemble(store, plans)


def _paginate(plans: list[_Plan]) -> None:
    """Print the numbered parts with their page numbers in one batch, counted as if the
    numbers did not change the lengths (the rule); again for the booklets where they did."""
    for _ in range(ROUNDS):
        pending = [plan for plan in plans if not plan.settled]
        if not pending:
            return
        records = render_records([job for plan in pending for job in plan.numbered_jobs()])
        for plan in pending:
            plan.settle(records)
    for plan in plans:
        if not plan.settled:  # a number that keeps changing the length
            raise RuntimeError(f"{plan.booklet.name} : la pagination ne se stabilise pas")


def _shared_jobs(booklets: list[PartedBooklet], folder: Path) -> list[PdfJob]:
    """One job per shared chapter, whichever booklets hold it."""
    jobs: dict[str, PdfJob] = {}
    printed: dict[str, str] = {}
    for booklet in booklets:
        for part in booklet.parts:
            if not part.shared:
                continue
            if printed.setdefault(part.id, part.html) != part.html:  # a bug, not an author's mistake
                raise ValueError(f"chapitre partagé {part.id} : deux textes différents")
            if part.id not in jobs:
                jobs[part.id] = _shared_job(part.id, part.html, booklet.css, booklet.stylesheets, folder)
    return list(jobs.values())


@functools.lru_cache(maxsize=512)
def _shared_job(name: str, html_text: str, css: str, stylesheets: tuple[str, ...], folder: Path) -> PdfJob:
    """The job of the shared chapter ``name``: the same in every booklet that holds it,
    whatever level the booklet puts it at. Made once for :func:`print_ahead` and
    :func:`_shared_jobs` alike (0.04 s for the reference's 42 chapters, in the process
    that prints, at every build)."""
    body = _link_across(html_text, set(_ID.findall(html_text)), None)
    return PdfJob(
        html_document(_NO_INFO, body, css=css, classes=SHARED_CLASSES),
        folder / f"{name}.pdf",
        "partie",
        (*stylesheets, stylesheet("booklet-parts.css")),
        label=name,
        kind=PARTS_KIND,
        anchors=True,
        runs_attached=True,
    )


class _Plan:
    """One booklet on its way: its parts' jobs, their page counts, its numbers."""

    def __init__(self, booklet: PartedBooklet, work: Path, shared: Path):
        names = [part.id for part in booklet.parts]
        if len(set(names)) != len(names):  # each part has its own files and its own line in the report
            twice = sorted({name for name in names if names.count(name) > 1})
            raise ValueError(f"{booklet.name} : chapitres de même identifiant : {', '.join(twice)}")
        self.booklet = booklet
        self.work = work
        self.shared = shared
        owners = {part.id: set(_ID.findall(part.html)) for part in booklet.parts}
        everywhere = set().union(*owners.values())
        self.bodies = {
            part.id: _link_across(part.html, owners[part.id], everywhere) for part in booklet.parts if not part.shared
        }
        #: where the links of the shared chapters lead when their target is not in this booklet
        self.elsewhere = dict(pair for part in booklet.parts if part.shared for pair in _elsewhere(part.html))
        self.pages: dict[str, int] = {}
        self.anchors: dict[str, dict[str, int]] = {}
        self.levels: dict[str, list[int]] = {}
        self.files: dict[str, Path] = {}
        self.numbers: dict[str, str] | None = None
        self.settled = False
        #: how to draw every page's margins from the sheets (:mod:`.pagination`); None
        #: when they do not show it, and every page's margins are printed
        self.numbering: Numbering | None = None

    def _job(self, part: Part, numbers: dict[str, str], round_: str, *, measured: bool = False) -> PdfJob:
        body = self.bodies[part.id]
        if part.numbered:
            body = _TARGET.sub(lambda m: f'{m.group(0)} data-page="{numbers.get(m.group(1), PLACEHOLDER)}"', body)
        booklet = self.booklet
        opening = part is booklet.parts[0]
        # The opening part gives the PDF its metadata and identifier (see pdf.py). The others
        # have none of their own: they would change when, say, one module gets an author.
        info = booklet.info if opening else _NO_INFO
        document = html_document(info, body, css=booklet.css, classes=booklet.classes)
        name = booklet.name if opening else "partie"
        return PdfJob(
            document,
            self.work / f"{part.id}{round_}.pdf",
            name,
            (*booklet.stylesheets, stylesheet("booklet-parts.css")),
            label=f"{booklet.name}#{part.id}",
            kind=PARTS_KIND,
            anchors=True,
            measured=measured,
            runs_attached=True,
        )

    def jobs(self) -> list[PdfJob]:
        """Every part of its own, the numbered ones with placeholders: to count the pages
        (those are only laid out, their files come with the numbers); the margins' sheets."""
        from .pagination import SAMPLES  # pikepdf: only in the process that writes the booklets

        own = [self._job(part, {}, "", measured=part.numbered) for part in self.booklet.parts if not part.shared]
        return [*own, self._margins_job(self.sheets, "pagination", pages=1, samples=SAMPLES)]

    def learn(self, records: dict[Path, dict]) -> None:
        """Page counts after the first round (numbered parts with placeholders)."""
        for part in self.booklet.parts:
            self._read(part, (self.shared if part.shared else self.work) / f"{part.id}.pdf", records)
        self.numbers = self._count()

    def _read(self, part: Part, path: Path, records: dict[Path, dict]) -> None:
        record = records[path]
        self.pages[part.id] = record["pages"]
        self.anchors[part.id] = record["anchors"]
        self.levels[part.id] = record["levels"]
        self.files[part.id] = path

    def _count(self) -> dict[str, str]:
        """The page number (from 1) of every anchor, with the parts' current lengths."""
        numbers: dict[str, str] = {}
        offset = 0
        for part in self.booklet.parts:
            for anchor, page in self.anchors[part.id].items():
                numbers.setdefault(anchor, str(offset + page + 1))
            offset += self.pages[part.id]
        return numbers

    def numbered_jobs(self) -> list[PdfJob]:
        assert self.numbers is not None
        return [self._job(part, self.numbers, "-pages") for part in self.booklet.parts if part.numbered]

    def settle(self, records: dict[Path, dict]) -> None:
        """Read a round: the numbered parts' lengths with their numbers."""
        before = dict(self.pages)
        for part in self.booklet.parts:
            if part.numbered:
                self._read(part, self.work / f"{part.id}-pages.pdf", records)
        if self.pages == before:
            self.settled = True
        else:
            self.numbers = self._count()

    @property
    def total(self) -> int:
        return sum(self.pages.values())

    @property
    def sheets(self) -> Path:
        """The margins' sheets (:mod:`.pagination`), the same whatever the number of pages."""
        return self.work / "pagination.pdf"

    @property
    def overlay(self) -> Path:
        """The margins of every page, printed when the sheets do not show how to draw them."""
        return self.work / f"pagination-{self.total}.pdf"

    def overlay_job(self) -> PdfJob:
        return self._margins_job(self.overlay, f"pagination-{self.total}", pages=self.total, samples=())

    def _margins_job(self, target: Path, name: str, *, pages: int, samples: tuple[int, ...]) -> PdfJob:
        text = templates.render(
            "print/page-overlay.html",
            pages=pages,
            samples=samples,
            # with the no-break spaces of French typography, as in the text (« 1 h 30 »)
            title=_css_string(french(self.booklet.title)),
            school=_css_string(french(self.booklet.school)),
        )
        return PdfJob(
            text,
            target,
            "pagination",
            self.booklet.stylesheets,
            label=f"{self.booklet.name}#{name}",
            kind=PARTS_KIND,
        )

    def merge_arguments(self) -> tuple:
        parts = self.booklet.parts
        return (
            [self.files[part.id] for part in parts],
            [[level + part.shift for level in self.levels[part.id]] for part in parts],
            [part.shift for part in parts],
            self.overlay if self.numbering is None else self.sheets,
            self.booklet.target,
            ANCHOR_SCHEME,
            self.elsewhere,
            self.numbering,
        )


def _assemble(store: cache.ExportCache, plans: list[_Plan]) -> None:
    """Put each booklet together, or take it from the cache; the merges run in the build's
    worker processes, one booklet each, when there are several."""
    from . import merge, pagination  # pikepdf and fontTools: only in the process that writes the booklets

    todo: list[tuple[_Plan, str]] = []
    for plan in plans:
        files, _, shifts, _, target, _, elsewhere, _ = plan.merge_arguments()
        # the margins: drawn from the sheets, or every page's printed (the document it would
        # print, which holds the number of pages too)
        key = cache.key_of(
            "livret en parties",
            cache.code_fingerprint(__file__, merge.__file__, pagination.__file__),
            cache.library_versions(("pikepdf", "fonttools")),
            plan.booklet.name,
            *(cache.file_digest(path) for path in [*files, plan.sheets]),
            plan.overlay_job().html,
            repr(shifts),
            repr(sorted(elsewhere.items())),
        )
        if store.fetch(key, target, plan.booklet.name) is None:
            todo.append((plan, key))
    with cache.running(store, PARTS_KIND):
        _margins([plan for plan, _ in todo])
    store.advance(0, len(todo))
    if len(todo) > 1 and store.workers > 1:
        pool = store.pool()
        # the longest first (a booklet's pages stand for its merge's time), so that no worker
        # is left with a long one at the end: after an edit to a module that five paths hold,
        # seven merges of 0.1 to 1.1 s
        longest_first = sorted(todo, key=lambda item: item[0].total, reverse=True)
        futures = [pool.submit(_merged, plan.merge_arguments(), plan.booklet.target) for plan, _ in longest_first]
        for done, future in enumerate(as_completed(futures), start=1):
            future.result()
            store.advance(done, len(todo))
    else:
        for done, (plan, _) in enumerate(todo, start=1):
            _merged(plan.merge_arguments(), plan.booklet.target)
            store.advance(done, len(todo))
    for plan, key in todo:
        store.store(key, plan.booklet.target, plan.booklet.name, pages=plan.total)


def _margins(plans: list[_Plan]) -> None:
    """How to draw the margins of the booklets about to be put together: from their sheets
    (:mod:`.pagination`), or, where these do not show it, from every page's, printed now."""
    import pikepdf

    from . import pagination

    for plan in plans:
        with pikepdf.open(plan.sheets) as sheets:
            plan.numbering = pagination.numbering(sheets)
    printed = [plan for plan in plans if plan.numbering is None]
    if printed:
        records = render_records([plan.overlay_job() for plan in printed])
        for plan in printed:
            if records[plan.overlay]["pages"] != plan.total:
                raise RuntimeError(f"{plan.booklet.name} : {records[plan.overlay]['pages']} pages de marges")


def _merged(arguments: tuple, target: Path) -> None:
    """One booklet put together into ``target`` (:func:`.merge.merge`), and compressed for
    the offline copies that hold it (:func:`.scorm.archive.compress_ahead`) while the
    other booklets are put together."""
    from . import merge

    merge.merge(*arguments)
    compress_ahead(target)


def _link_across(text: str, own: set[str], everywhere: set[str] | None) -> str:
    """Links to an anchor of another part of the booklet, in a form WeasyPrint keeps;
    ``everywhere`` None: every anchor that is not the part's own (a shared chapter)."""

    def link(match: re.Match) -> str:
        anchor = match.group(1)  # as written, like the ids it is compared with
        if anchor in own or (everywhere is not None and anchor not in everywhere):
            return match.group(0)
        return f'href="{ANCHOR_SCHEME}{match.group(1)}"'

    return _HREF.sub(link, text)


def _elsewhere(text: str) -> Iterator[tuple[str, str]]:
    """(anchor, address) of the links of a shared chapter that say where they lead
    outside the booklets that print their target (``data-site``, see :mod:`.print_markdown`)."""
    for tag in _LINK.findall(text):
        site = _SITE.search(tag)
        href = _HREF.search(tag)
        if site and href:
            yield href.group(1), unescape(site.group(1))


def _css_string(text: str) -> Markup:
    """``text`` as a quoted CSS string, safe inside a ``<style>`` element."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\A ").replace("<", "\\3C ")
    return Markup(f'"{escaped}"')
