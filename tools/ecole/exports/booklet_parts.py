"""The parts every printed booklet shares: cover, table of contents, part
dividers, and the page of licences and credits."""

from __future__ import annotations

import html
from dataclasses import dataclass

from markupsafe import Markup

from ..assembly import templates
from ..assembly.pages import date_text
from ..assembly.palette import css_properties
from ..model.licences import ATTRIBUTION_ONLY, SHARE_ALIKE, licence
from ..model.structure import CaseStudy, Curriculum, Item, Module
from .chapters import Chapter, source_text
from .pdf import DocumentInfo
from .print_markdown import Heading

_KIND_NAMES = {"module": "Module", "method": "Fiche méthode", "case_study": "Étude de cas", "page": "Page"}


@dataclass
class Cover:
    kind: str  # "Livret du module", "Guide du formateur"…
    title: str
    summary: str
    facts: list[tuple[str, str]]


def palette(curriculum: Curriculum) -> str:
    """The edition's colours, made readable as on the site (white on the primary colour,
    the primary colour on white)."""
    colours = css_properties(curriculum.settings.primary, curriculum.settings.accent)
    return f":root {{ --primaire: {colours['--ecole-primaire']}; --accent: {colours['--ecole-accent']}; }}"


def cover_html(curriculum: Curriculum, cover: Cover, info: DocumentInfo) -> str:
    """The cover of the document ``info`` describes: its version is the date of its metadata,
    the last update of what it holds."""
    settings = curriculum.settings
    return templates.render(
        "print/cover.html",
        settings=settings,
        cover=cover,
        logo=settings.logo_uri,
        date=date_text(info.day),
        licence=licence(settings.licence).name,
    )


def toc_html(chapters: list[Chapter], levels: tuple[int, ...]) -> str:
    """Table of contents: the headings at ``levels``; the stylesheet adds page numbers."""
    entries = [
        (levels.index(entry.level) + 1, entry.id, Markup(entry.text))
        for chapter in chapters
        for entry in chapter.headings
        if entry.level in levels
    ]
    return templates.render("print/toc.html", entries=entries)


def credits_chapter(curriculum: Curriculum, items: list[Item]) -> Chapter:
    """Licence of each item, its authors, and every source of the case studies involved."""
    rows = [
        (
            item.title,
            _KIND_NAMES[item.kind.value],
            licence(item.licence).name,
            ", ".join(item.authors),
            date_text(item.updated) if item.updated else "",
        )
        for item in items
    ]
    cases: list[CaseStudy] = []
    for item in items:
        linked = [item] if isinstance(item, CaseStudy) else []
        if isinstance(item, Module):
            linked = [curriculum.case_studies[c] for c in item.case_studies if c in curriculum.case_studies]
        cases += [case for case in linked if case not in cases]
    text = templates.render(
        "print/credits.html",
        terms=_licence_terms(curriculum, items),
        rows=rows,
        cases=[(case.title, [source_text(s) for s in case.sources]) for case in sorted(cases, key=lambda c: c.title)],
    )
    return Chapter(text, [Heading(2, "ecole-credits", "Licences et crédits")])


def divider(anchor: str, title: str, intro: str, contents: list[tuple[str, str, str]] | None = None) -> Chapter:
    """The first page of a part: its title, a sentence, and for a part of the cursus what
    it holds as (anchor, title, detail): a module and its duration, a method card and its
    phase, a case study and its territory."""
    text = templates.render("print/divider.html", anchor=anchor, title=title, intro=intro, contents=contents or [])
    return Chapter(text, [Heading(2, anchor + "-titre", html.escape(title))])


def _licence_terms(curriculum: Curriculum, items: list[Item]) -> str:
    """What the licences allow, said only when every licence of the document allows it (plain text)."""
    licences = {item.licence for item in items}
    if not licences <= ATTRIBUTION_ONLY:
        return "Chaque contenu de ce document est publié sous la licence indiquée ci-dessous ; son texte dit ce que vous pouvez en faire."
    terms = (
        "Chaque contenu de ce document est publié sous la licence indiquée ci-dessous. Ces licences "
        "autorisent à copier, adapter et diffuser les contenus, y compris dans vos propres formations, "
        # an edition publishes contents others wrote: its name alone read as their author
        f"à condition de citer leurs auteurs (indiqués dans le tableau), la source (« {curriculum.settings.name} ») "
        "et la date de mise à jour"
    )
    if licences & SHARE_ALIKE:
        terms += " ; la licence CC BY-SA demande en outre de partager les adaptations dans les mêmes conditions"
    return terms + "."
