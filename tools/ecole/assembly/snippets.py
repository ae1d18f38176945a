"""Generated parts of hand-written pages: the list of sources on the credits page,
the list of export files on the download page, and the home page's parts of the
cursus and « Par où commencer ? » list, the trainer guide's parts of the cursus and
model programmes.

Why snippets: the prose of these pages is editorial (what a republisher may do,
how to credit the work) and belongs in ``docs/``, where editors and territory
editions can rewrite it like any page. The lists, though, follow from the
curriculum and must never be written twice. Each list is staged as a Markdown
file in the snippets folder, and the page includes it with pymdownx.snippets'
standard ``--8<-- "name.md"`` line, already configured for the glossary. A
missing snippet fails the build (``check_paths``), and MkDocs validates the
links the snippets contain, as in any page.

The trainer guide's snippets (:mod:`.sessions`) are written for
``guides/formateur.md``; the others for pages at the top of ``docs/`` (``credits.md``,
``telecharger.md``, ``index.md``): their links are relative to that folder.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Protocol

from ..model.learning import WHOLE_CURRICULUM
from ..model.schemas import schema_names, schema_text
from ..model.structure import Curriculum
from .home import home_snippets
from .pages import link, source_text
from .session_kit import MODULES_SNIPPET, modules_to_rate
from .sessions import guide_snippets
from .templates import macros

SOURCES = "sources.md"
DOWNLOADS = "telechargements.md"
#: The hand-written pages that include them, for relative links.
CREDITS_PAGE = "credits.md"
DOWNLOADS_PAGE = "telecharger.md"
#: Export files are written after MkDocs has built the pages, so MkDocs cannot check
#: links to them; they are written as HTML, relative to the page's address
#: (``telecharger/``, one level down from the site root).
_EXPORTS_HREF = "../exports/"


class DownloadFile(Protocol):
    """A file an export will write (:class:`ecole.exports.plan.ExportFile`)."""

    path: str
    label: str
    module: str | None
    variant: str | None


class DownloadSection(Protocol):
    """An export as the download page presents it (:class:`ecole.exports.plan.Export`)."""

    title: str
    description: str


#: Every export with the files it will write, in the order of the page. The
#: exports plan them (``ecole.exports.planned_files``) and the build hands them
#: over: the assembly never imports the exports.
Downloads = Sequence[tuple[DownloadSection, Sequence[DownloadFile]]]


def snippet_texts(curriculum: Curriculum, downloads: Downloads) -> dict[str, str]:
    """Snippet file name -> Markdown."""
    return {
        **guide_snippets(curriculum),
        SOURCES: sources_list(curriculum),
        DOWNLOADS: downloads_list(curriculum, downloads),
        **home_snippets(curriculum, downloads),
        MODULES_SNIPPET: modules_to_rate(curriculum),
    }


def sources_list(curriculum: Curriculum) -> str:
    """Every source the case studies cite, once, oldest first, with the studies citing it."""
    citing: dict[str, list[str]] = {}
    dates: dict[str, str] = {}
    for case in sorted(curriculum.case_studies.values(), key=lambda c: c.title):
        for source in case.sources:
            text = source_text(source)
            dates[text] = source.date
            citing.setdefault(text, []).append(link(CREDITS_PAGE, case))
    # "inconnue" (undated) sorts after every date: digits come before letters
    ordered = sorted(citing, key=lambda text: (dates[text], text))
    lines = []
    for text in ordered:
        label = "Étude de cas" if len(citing[text]) == 1 else "Études de cas"
        lines.append(f"- {text} {label} : {', '.join(citing[text])}.\n")
    return "".join(lines)


def downloads_list(curriculum: Curriculum, planned: Downloads) -> str:
    per_module = [(export, files) for export, files in planned if any(f.module for f in files)]
    out = _module_table(curriculum, per_module) if per_module else []
    for export, files in planned:
        out += [f"### {export.title}", "", export.description, ""]
        if any(f.module for f in files):
            out += ["Ces fichiers sont rangés dans le tableau « Par module » ci-dessus.", ""]
        out += [f"- {_file_link(f, f.label)} (`{f.path}`)" for f in files if f.module is None]
        out.append("")
    out += [
        "### Schémas des données",
        "",
        "Les schémas JSON décrivent le catalogue et le format des contenus (en-têtes des modules, "
        "des fiches et des études de cas, parcours, réglages d'une édition) : ils permettent de "
        "vérifier automatiquement un fichier avant de le réutiliser.",
        "",
    ]
    for name in schema_names():
        title = json.loads(schema_text(name)).get("title", name)
        out.append(f"- [{title}](exports/schemas/{name}.schema.json) (`{name}.schema.json`)")
    return "\n".join(out) + "\n"


def _module_table(curriculum: Curriculum, per_module: Downloads) -> list[str]:
    """One row for the whole cursus and one per module; one column per export, or per
    variant of an export."""
    cursus = next(learning_path for learning_path in curriculum.learning_paths if learning_path.id == WHOLE_CURRICULUM)
    rows = [(WHOLE_CURRICULUM, link(DOWNLOADS_PAGE, cursus))]
    rows += [(module.id, link(DOWNLOADS_PAGE, module)) for module in curriculum.ordered_modules()]
    columns: dict[str, list[DownloadFile]] = {}
    for export, files in per_module:
        for file in files:
            if file.module:
                columns.setdefault(file.variant or export.title, []).append(file)
    out = [
        "### Par module",
        "",
        "| Module | " + " | ".join(columns) + " |",
        "| --- | " + " | ".join("---" for _ in columns) + " |",
    ]
    for module_id, heading in rows:
        cells = [
            " ".join(_file_link(f, "Télécharger", hidden=f" : {f.label}") for f in files if f.module == module_id)
            for column, files in columns.items()
        ]
        out.append(f"| {heading} | " + " | ".join(cells) + " |")
    return [*out, ""]


def _file_link(file: DownloadFile, text: str, hidden: str = "") -> str:
    """A link to an export file; ``hidden`` completes, for screen readers, a short ``text``
    that the table's headers explain to sighted readers."""
    return str(macros("site/macros.html").file_link(_EXPORTS_HREF + file.path, text, hidden))


_INCLUDE = re.compile(r'^-{2}8<-{2}[ \t]+"(?P<name>[^"\n]+)"[ \t]*$', re.MULTILINE)


def include_snippets(text: str, snippets: dict[str, str]) -> str:
    """``text`` with each ``--8<-- "name.md"`` line replaced by that snippet, as
    pymdownx.snippets does for the site: for printing a page that includes some."""
    return _INCLUDE.sub(lambda m: snippets.get(m["name"], m.group(0)).rstrip("\n"), text)
