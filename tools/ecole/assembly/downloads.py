"""The download page's list of files, organised by what the reader comes to do.

The page once listed the exports in the order they are written, with a table of
modules and one « Télécharger » link per cell (72 of them): a learner looking
for the offline copy found it in the seventh section, and the table overflowed
a phone's screen. The files are now grouped by audience — learning, running a
session, republishing — each file with a link text that says what it is, its
format and its size, in lists that wrap on any screen. The files of one export
that exist once per module are folded away in a ``<details>`` block under the
files that cover the whole cursus or a path.

Sizes are known only once the exports are written, after the pages: each file
gets an empty element marked with :data:`FILE_SIZE_ATTRIBUTE`, which the build
fills in (:mod:`ecole.exports.sizes`).
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from markupsafe import Markup

from ..model.addresses import FILE_SIZE_ATTRIBUTE
from ..model.learning import WHOLE_CURRICULUM, WHOLE_CURRICULUM_TITLE
from ..model.schemas import schema_names, schema_text
from ..model.structure import Curriculum
from .templates import render


class DownloadFile(Protocol):
    """A file an export will write (:class:`ecole.exports.plan.ExportFile`)."""

    path: str
    label: str
    module: str | None
    variant: str | None


class DownloadSection(Protocol):
    """An export as the download page presents it (:class:`ecole.exports.plan.Export`)."""

    name: str
    title: str
    description: str


#: Every export with the files it will write, in the order of the page. The
#: exports plan them (``ecole.exports.planned_files``) and the build hands them
#: over: the assembly never imports the exports.
Downloads = Sequence[tuple[DownloadSection, Sequence[DownloadFile]]]

#: Export files are written after MkDocs has built the pages, so MkDocs cannot check
#: links to them; they are written as HTML, relative to the page's address
#: (``telecharger/``, one level down from the site root).
EXPORTS_HREF = "../exports/"


@dataclass(frozen=True)
class Audience:
    anchor: str
    title: str
    intro: str
    exports: tuple[str, ...]  # names of the exports (``Export.name``), in the page's order


#: The page's three parts and the exports each offers. An export named in none of them
#: is refused (:func:`audience_of`), so that a new export never lands in a part by chance.
AUDIENCES = (
    Audience(
        "pour-apprendre",
        "Pour apprendre",
        "Pour suivre le cursus sans connexion, sur papier, ou pour travailler sur les canevas.",
        ("hors-ligne", "livrets", "canevas"),
    ),
    Audience(
        "pour-animer",
        "Pour animer",
        "Pour préparer et annoncer une session de formation, et pour la conduire.",
        ("programmes", "guide-formateur", "kit"),
    ),
    Audience(
        "pour-republier",
        "Pour republier",
        "Pour intégrer le cursus à une plateforme de formation en ligne, à un catalogue ou à un "
        "autre site. Les conditions de réutilisation sont plus bas, dans "
        "[Licences et mention de la source](#licences-et-mention-de-la-source).",
        ("scorm", "banques-de-questions", "catalogue"),
    ),
)

#: What a reader is told of a file's format, by its name's ending.
FORMATS = {".zip": "ZIP", ".pdf": "PDF", ".xml": "XML", ".txt": "texte", ".json": "JSON", ".csv": "CSV"}


def audience_of(export: DownloadSection) -> Audience:
    for audience in AUDIENCES:
        if export.name in audience.exports:
            return audience
    raise ValueError(f"export {export.name!r} absent de la page Télécharger : ajoutez-le à downloads.AUDIENCES")


@dataclass
class _Link:
    href: str
    text: str
    hidden: str  # completes ``text`` for screen readers where the list's context explains it
    format: str
    size_path: str  # the file's address from the site's root, for its size


@dataclass
class _Group:
    """One line of a list: a file, or the several variants of one file (SCORM 1.2 and 2004)."""

    heading: str  # empty for a file alone, whose link says everything
    links: list[_Link] = field(default_factory=list)


@dataclass
class _Block:
    title: str
    description: str
    groups: list[_Group]
    modules: list[_Group]  # one per module, folded away


def _link(file: DownloadFile, text: str, hidden: str = "") -> _Link:
    ending = posixpath.splitext(file.path)[1].lower()
    shown = FORMATS.get(ending, ending.lstrip(".").upper())
    if shown in text:  # « Canevas … (PDF A4) »: said once
        shown = ""
    return _Link(EXPORTS_HREF + file.path, text, hidden, shown, f"exports/{file.path}")


def _groups(files: Sequence[DownloadFile], title_of: dict[str, str]) -> list[_Group]:
    """Files in their planned order; the variants of one module's file on one line."""
    groups: dict[tuple[str | None, str], _Group] = {}
    for file in files:
        if file.variant and file.module:
            key = (file.module, "")
            group = groups.setdefault(key, _Group(title_of.get(file.module, file.module)))
            group.links.append(_link(file, file.variant, f" : {file.label}"))
        else:
            groups[(file.module, file.path)] = _Group("", [_link(file, file.label)])
    return list(groups.values())


def downloads_list(curriculum: Curriculum, planned: Downloads) -> str:
    """The Markdown of the download page's files, by audience."""
    title_of = {WHOLE_CURRICULUM: WHOLE_CURRICULUM_TITLE}
    title_of.update({module.id: module.title for module in curriculum.ordered_modules()})
    modules = set(title_of) - {WHOLE_CURRICULUM}
    by_name = {export.name: (export, files) for export, files in planned}
    for export, _ in planned:
        audience_of(export)
    parts = []
    for audience in AUDIENCES:
        blocks = []
        for name in audience.exports:
            export, files = by_name.get(name, (None, ()))
            if export is None or not files:  # the trainer's guide, in the learners' view
                continue
            per_module = [f for f in files if f.module in modules]
            others = [f for f in files if f.module not in modules]
            blocks.append(
                _Block(export.title, export.description, _groups(others, title_of), _groups(per_module, title_of))
            )
        parts.append((audience, blocks))
    schemas = [(json.loads(schema_text(name)).get("title", name), name) for name in schema_names()]
    return render(
        "site/downloads.md",
        audiences=parts,
        schemas=schemas,
        module_count=len(modules),
        list_html=_list_html,
    )


def _list_html(groups: list[_Group]) -> Markup:
    return Markup(render("site/download_list.html", groups=groups, size_attribute=FILE_SIZE_ATTRIBUTE))
