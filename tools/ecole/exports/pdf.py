"""HTML documents -> PDF with WeasyPrint: tagged (PDF/UA-1), reproducible, in parallel.

Reproducible means the same content gives the same bytes: the dates come from
the content's commit (``<meta name="dcterms.created">``), and the file
identifier from the document's name (the first half of a PDF ``/ID`` is meant
to stay the same across versions of one document; WeasyPrint derives the
second half from the bytes). Fonts come from the system (Debian's Noto and
DejaVu packages) and are subset into each file.

WeasyPrint is pure Python: documents are rendered in worker processes, one per
core. Workers are forked once WeasyPrint is imported, so that none pays for the
import again; a fork server or spawned workers would re-import it, and would
re-run the caller's main script, which a console script or pytest allow but
a plain script does not.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.resources import files
from pathlib import Path

from markupsafe import Markup

from ..assembly import templates

#: Variant that makes WeasyPrint tag the structure (headings, lists, tables, links)
#: and declare PDF/UA-1 in the XMP metadata; it implies PDF 1.7.
PDF_VARIANT = "pdf/ua-1"


@dataclass(frozen=True)
class PdfJob:
    html: str
    target: Path
    name: str  # stable name of the document (its path under exports/), for the file identifier
    stylesheets: tuple[str, ...] = ()  # CSS texts
    base_url: str | None = None


@dataclass
class DocumentInfo:
    """What goes into the PDF's metadata (title, author, subject, keywords, dates)."""

    title: str
    description: str
    timestamp: int
    authors: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)


def stylesheet(name: str) -> str:
    """A stylesheet shipped with the package (``ecole/assets``)."""
    return (files("ecole") / "assets" / name).read_text(encoding="utf-8")


def html_document(info: DocumentInfo, body: str, *, css: str = "", classes: str = "") -> str:
    """A complete HTML document in French, with the metadata WeasyPrint copies into the PDF.

    ``body`` is HTML; ``css`` goes as it is into a ``<style>`` element."""
    moment = datetime.fromtimestamp(info.timestamp, UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")
    return templates.render(
        "print/document.html", info=info, moment=moment, css=Markup(css), classes=classes, body=Markup(body)
    )


def render(job: PdfJob) -> int:
    """Write one PDF; return its number of pages."""
    from weasyprint import CSS, HTML

    document = HTML(string=job.html, base_url=job.base_url).render(
        stylesheets=[CSS(string=text) for text in job.stylesheets],
        pdf_variant=PDF_VARIANT,
    )
    job.target.parent.mkdir(parents=True, exist_ok=True)
    identifier = hashlib.md5(job.name.encode("utf-8"), usedforsecurity=False).hexdigest().encode("ascii")
    document.write_pdf(job.target, pdf_variant=PDF_VARIANT, pdf_identifier=identifier)
    return len(document.pages)


def render_all(jobs: Iterable[PdfJob]) -> dict[Path, int]:
    """Render every job, the longest first so that no core waits at the end; pages per file."""
    ordered = sorted(jobs, key=lambda job: len(job.html), reverse=True)
    workers = min(len(ordered), len(os.sched_getaffinity(0)))
    if workers <= 1:
        return {job.target: render(job) for job in ordered}
    import weasyprint  # noqa: F401 (imported before the fork: workers inherit it)

    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
        return dict(zip((job.target for job in ordered), pool.map(render, ordered), strict=True))
