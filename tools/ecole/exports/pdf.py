"""HTML documents -> PDF with WeasyPrint: tagged (PDF/UA-1), reproducible, in parallel.

Reproducible means the same content gives the same bytes: the dates come from
the content's commit (``<meta name="dcterms.created">``), and the file
identifier from the document's name (the first half of a PDF ``/ID`` is meant
to stay the same across versions of one document; WeasyPrint derives the
second half from the bytes). Fonts come from the system (Debian's Noto and
DejaVu packages) and are subset into each file.

WeasyPrint is pure Python: documents are rendered in worker processes, one per
core, shared by all the PDF exports of a build (:meth:`.cache.ExportCache.pool`).
Workers are forked once WeasyPrint is imported, so that none pays for the
import again; a fork server or spawned workers would re-import it, and would
re-run the caller's main script, which a console script or pytest allow but
a plain script does not. A document already printed with the same inputs is
taken from the build cache (:mod:`.cache`) instead.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import shutil
from collections.abc import Iterable
from concurrent.futures import as_completed
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.resources import files
from pathlib import Path

from markupsafe import Markup, escape

from ..assembly import templates
from ..assembly.typography import french_html
from ..model.version import iso_day
from . import cache, print_markdown, weasyprint_import

#: Variant that makes WeasyPrint tag the structure (headings, lists, tables, links)
#: and declare PDF/UA-1 in the XMP metadata; it implies PDF 1.7.
PDF_VARIANT = "pdf/ua-1"
#: The code that attaches the runs of a part's text (:mod:`.flat_tags`), part of its key.
_FLAT_TAGS = Path(__file__).with_name("flat_tags.py")


@dataclass(frozen=True)
class PdfJob:
    html: str
    target: Path
    name: str  # stable name of the document (its path under exports/), for the file identifier
    stylesheets: tuple[str, ...] = ()  # CSS texts
    base_url: str | None = None
    #: name in the build's report, when not ``name`` (a part of a booklet)
    label: str | None = None
    #: the export it counts for in the build's report, when not the running one
    kind: str | None = None
    #: keep the page of each anchor and the level of each bookmark (a part, see :mod:`.parted`)
    anchors: bool = False
    #: only laid out, to learn its pages and anchors: no file is written (a part printed
    #: again with its page numbers, see :mod:`.parted`). Drawing the pages and writing
    #: the PDF take more than half of the time of a table of contents.
    measured: bool = False
    #: each run of text in its own element rather than in a Span of its own (a part, see
    #: :mod:`.flat_tags`): the booklets put together from it copy fewer objects
    runs_attached: bool = False

    @property
    def reported(self) -> str:
        """Its name in the build's report."""
        return self.label or self.name


@dataclass
class DocumentInfo:
    """What goes into the PDF's metadata (title, author, subject, keywords, dates)."""

    title: str
    description: str
    timestamp: int  # the last update of what it holds (``Curriculum.moment``)
    authors: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)

    @property
    def day(self) -> str:
        """``timestamp`` as an ISO date (``2026-11-22``)."""
        return iso_day(self.timestamp)


def stylesheet(name: str) -> str:
    """A stylesheet shipped with the package (``ecole/assets``)."""
    return (files("ecole") / "assets" / name).read_text(encoding="utf-8")


def html_document(info: DocumentInfo, body: str, *, css: str = "", classes: str = "") -> str:
    """A complete HTML document in French, with the metadata WeasyPrint copies into the PDF.

    ``body`` is HTML with French typography (made by templates and Markdown, which give
    it: :func:`.templates.render_around`); ``css`` goes as it is into a ``<style>`` element."""
    moment = datetime.fromtimestamp(info.timestamp, UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")
    return templates.render_around(
        "print/document.html",
        info=info,
        title=Markup(french_html(escape(info.title))),
        moment=moment,
        css=Markup(css),
        classes=classes,
        body=Markup(body),
    )


def prepare_printing(store: cache.ExportCache) -> None:
    """What a process that will print needs, made before it has anything to print, while
    the build reads the content on another core (``build._Printing``): WeasyPrint, what
    attaches the runs of a part (:mod:`.flat_tags`) and puts the booklets together
    (:mod:`.merge`: pikepdf, fontTools), the Markdown extensions of the chapters, and the
    worker processes of ``store`` (it has several: with one, nothing prints apart), forked
    with all of it. A library that cannot be loaded is not an error here: the print that
    needs it says so."""
    with contextlib.suppress(ImportError, OSError):
        weasyprint_import.imported()
        from . import flat_tags, merge  # noqa: F401

        print_markdown.load_extensions()
        with cache.activate(store):  # the workers' merges keep what they make in it (:func:`.cache.active`)
            store.start_workers()


def render(job: PdfJob) -> int:
    """Write one PDF; return its number of pages."""
    return _print(job)[1]


def _print(job: PdfJob):
    """Write one PDF (unless the job is only ``measured``); return WeasyPrint's document
    (its pages, anchors and bookmarks) and its number of pages."""
    html = weasyprint_import.imported().HTML
    document = html(string=job.html, base_url=job.base_url).render(
        stylesheets=[_parsed(text) for text in job.stylesheets],
        font_config=_fonts(os.getpid()),
        pdf_variant=PDF_VARIANT,
    )
    if job.measured:
        return document, len(document.pages)
    job.target.parent.mkdir(parents=True, exist_ok=True)
    identifier = hashlib.md5(job.name.encode("utf-8"), usedforsecurity=False).hexdigest().encode("ascii")
    document.write_pdf(job.target, pdf_variant=PDF_VARIANT, pdf_identifier=identifier)
    if job.runs_attached:
        # imported here, where a PDF is printed: the exports that print nothing are written
        # by a process that never loads a PDF library (tests/test_layers.py)
        from . import flat_tags

        flat_tags.attach_file(job.target)
    return document, len(document.pages)


@functools.lru_cache(maxsize=8)
def _parsed(text: str):
    """A stylesheet parsed once per process: every part of every booklet uses the same
    two (0.03 s each time, some 280 times in a first build). WeasyPrint reads a parsed
    stylesheet without changing it (its rules and selectors); the PDFs are the same bytes."""
    return weasyprint_import.imported().CSS(string=text)


@functools.lru_cache(maxsize=1)
def _fonts(process: int):
    """One font configuration for all the documents a process prints: given none,
    WeasyPrint makes a new one for each, whose Pango font map loads the fonts again
    (20 ms of a 90 ms programme sheet, some 230 documents in a first build). The fonts
    are the system's (no ``@font-face``), the same for every document; the PDFs are the
    same bytes. Keyed by the process: a worker forked from a process that had printed
    makes its own rather than use the FreeType faces of another process."""
    weasyprint_import.imported()
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def print_record(job: PdfJob) -> dict:
    """Write one PDF (or only lay it out); return what the cache keeps beside it: its number of pages, and for a
    part of a booklet (:mod:`.parted`) the page (from 0) of each anchor and the level
    of each bookmark, in order."""
    document, count = _print(job)
    if not job.anchors:
        return {"pages": count}
    anchors: dict[str, int] = {}
    levels: list[int] = []
    for number, page in enumerate(document.pages):
        for name in page.anchors:
            anchors.setdefault(name, number)
        levels += [level for level, *_ in page.bookmarks]
    return {"pages": count, "anchors": anchors, "levels": levels}


def job_key(job: PdfJob) -> str:
    """The cache key of ``job``: everything its PDF is made of (see :mod:`.cache`)."""
    linked = cache.linked_files(job.html, *job.stylesheets)
    return cache.key_of(
        "pdf",
        cache.code_fingerprint(__file__),
        cache.library_versions(),
        cache.fonts_fingerprint(),
        PDF_VARIANT,
        "mesuré" if job.measured else "imprimé",
        cache.code_fingerprint(str(_FLAT_TAGS)) if job.runs_attached else "",
        job.name,
        job.base_url or "",
        job.html,
        *job.stylesheets,
        *(f"{path}\0{cache.file_digest(path)}" for path in linked),
    )


def print_ahead(jobs: Iterable[PdfJob]) -> None:
    """Have the build's worker processes print ``jobs`` that its cache does not hold, while
    this process prepares what comes next; :func:`render_records` then waits for them
    instead of printing them again. Nothing outside a build (:func:`.cache.active_build`),
    or with one worker."""
    store = cache.active_build()
    if store is None or store.workers <= 1:
        return
    for job in jobs:
        key = job_key(job)
        if key not in store.ahead and not store.holds(key):
            store.ahead[key] = (job.target, store.pool().submit(print_record, job))


def render_all(jobs: Iterable[PdfJob]) -> dict[Path, int]:
    """Render every job, the longest first so that no core waits at the end; pages per file.

    A job whose key is in the build's cache (:func:`.cache.active`) is not rendered: its
    PDF is copied from there (a ``measured`` job's record alone)."""
    return {target: record["pages"] for target, record in render_records(jobs).items()}


def render_records(jobs: Iterable[PdfJob]) -> dict[Path, dict]:
    """Render every job (or take it from the cache); the record of each file (:func:`print_record`).

    Jobs with the same key are printed once: the others are copies (the parts that
    several booklets share), counted as rebuilt like the first. A job with a ``kind``
    counts for that kind in the build's report."""
    with cache.current() as store:
        return _render_all(store, list(jobs))


def _render_all(store: cache.ExportCache, jobs: list[PdfJob]) -> dict[Path, dict]:
    records: dict[Path, dict] = {}
    todo: dict[str, list[PdfJob]] = {}  # key -> the jobs that share it, the first one printed
    for job in sorted(jobs, key=lambda job: len(job.html), reverse=True):
        key = job_key(job)
        if key in todo:
            todo[key].append(job)
            continue
        with _counted(store, job):
            record = (
                store.fetch_record(key, job.reported) if job.measured else store.fetch(key, job.target, job.reported)
            )
        if record is not None and _complete(record, job):
            records[job.target] = record
        else:
            todo[key] = [job]
    # jobs that all count for one kind (the parts of the booklets) show their progress under it,
    # as the report counts them: a job printed once for several files counts for each of them
    kinds = {job.kind for job in jobs}
    kind = next(iter(kinds)) if len(kinds) == 1 else None
    total = sum(len(sharing) for sharing in todo.values())
    store.advance(0, total, kind)
    first = [(jobs_[0], key) for key, jobs_ in todo.items()]
    ahead = {key: store.ahead.pop(key) for _, key in first if key in store.ahead}
    if not ahead and (len(first) <= 1 or store.workers <= 1):
        results = ((job, key, print_record(job)) for job, key in first)
    else:
        pool = store.pool()
        futures = {ahead[key][1] if key in ahead else pool.submit(print_record, job): (job, key) for job, key in first}
        results = ((*futures[future], future.result()) for future in as_completed(futures))
    done = 0
    for job, key, record in results:
        if key in ahead and ahead[key][0] != job.target and not job.measured:  # printed ahead elsewhere
            job.target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(ahead[key][0], job.target)
        with _counted(store, job):
            if job.measured:
                store.store_record(key, job.reported, **record)
            else:
                store.store(key, job.target, job.reported, **record)
        records[job.target] = record
        for twin in todo[key][1:]:
            if not twin.measured:
                twin.target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(job.target, twin.target)
            with _counted(store, twin):  # made by this build, if not printed twice
                store.report.kind(store.current).rebuilt.append(twin.reported)
            records[twin.target] = record
        done += len(todo[key])
        store.advance(done, total, kind)
    return records


def _complete(record: dict, job: PdfJob) -> bool:
    """Whether a cache entry's record holds what :func:`print_record` gives for ``job``."""
    return isinstance(record.get("pages"), int) and (not job.anchors or {"anchors", "levels"} <= record.keys())


@contextlib.contextmanager
def _counted(store: cache.ExportCache, job: PdfJob):
    """Files of ``job`` count for its own kind in the report, when it has one."""
    if job.kind is None:
        yield
    else:
        with cache.running(store, job.kind):
            yield
