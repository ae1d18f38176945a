"""The parts every printed booklet shares: cover, table of contents, part
dividers, and the page of licences and credits."""

from __future__ import annotations

import html
from dataclasses import dataclass

from ..assembly.pages import date_text
from ..assembly.palette import css_properties
from ..model.licences import licence
from ..model.structure import CaseStudy, Curriculum, Item, Module
from .chapters import Chapter, heading, source_text
from .print_markdown import Heading

_KIND_NAMES = {"module": "Module", "method": "Fiche méthode", "case_study": "Étude de cas", "page": "Page"}
#: Licences whose only condition is to credit the source (and, for BY-SA, to share alike).
_ATTRIBUTION_ONLY = {"etalab-2.0", "CC-BY-4.0", "CC-BY-SA-4.0"}


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


def cover_html(curriculum: Curriculum, cover: Cover) -> str:
    settings = curriculum.settings
    logo = f'<img src="{settings.logo.resolve().as_uri()}" alt="">' if settings.logo is not None else ""
    edition = (
        f'<p class="couverture__edition">Édition {html.escape(settings.organisation)}</p>' if settings.edition else ""
    )
    facts = "".join(f"<div><dt>{html.escape(k)}</dt><dd>{html.escape(v)}</dd></div>" for k, v in cover.facts)
    licence_name = licence(settings.licence).name
    return (
        '<section class="couverture">'
        f'<div class="couverture__bandeau">{logo}<p class="couverture__ecole">{html.escape(settings.name)}</p>'
        f"{edition}</div>"
        '<div class="couverture__contenu">'
        f'<p class="couverture__type">{html.escape(cover.kind)}</p>'
        f"<h1>{html.escape(cover.title)}</h1>"
        f'<p class="couverture__resume">{html.escape(cover.summary)}</p>'
        f'<dl class="faits">{facts}</dl></div>'
        '<div class="couverture__pied">'
        f"<p>Version du {date_text(curriculum.date)}</p>"
        f"<p>Publié sous {html.escape(licence_name)}</p></div>"
        "</section>"
    )


def toc_html(chapters: list[Chapter], levels: tuple[int, ...]) -> str:
    """Table of contents: the headings at ``levels``; the stylesheet adds page numbers."""
    items = []
    for chapter in chapters:
        for entry in chapter.headings:
            if entry.level in levels:
                depth = levels.index(entry.level) + 1
                items.append(f'<li class="niveau-{depth}"><a href="#{entry.id}">{entry.text}</a></li>')
    return f'<nav class="sommaire" aria-labelledby="sommaire">{heading(2, "Sommaire", "sommaire")}<ol>{"".join(items)}</ol></nav>'


def credits_chapter(curriculum: Curriculum, items: list[Item]) -> Chapter:
    """Licence of each item, its authors, and every source of the case studies involved."""
    rows = []
    for item in items:
        name = licence(item.licence).name
        rows.append(
            f"<tr><td>{html.escape(item.title)}</td><td>{_KIND_NAMES[item.kind.value]}</td>"
            f"<td>{html.escape(name)}</td><td>{html.escape(', '.join(item.authors)) or '—'}</td>"
            f"<td>{date_text(item.updated) if item.updated else '—'}</td></tr>"
        )
    cases: list[CaseStudy] = []
    for item in items:
        linked = [item] if isinstance(item, CaseStudy) else []
        if isinstance(item, Module):
            linked = [curriculum.case_studies[c] for c in item.case_studies if c in curriculum.case_studies]
        cases += [case for case in linked if case not in cases]
    out = [
        '<section class="credits">',
        heading(2, "Licences et crédits", "ecole-credits", running=True),
        f"<p>{_licence_terms(curriculum, items)}</p>",
        '<table><thead><tr><th scope="col">Contenu</th><th scope="col">Type</th><th scope="col">Licence</th>'
        '<th scope="col">Auteurs</th><th scope="col">Mise à jour</th></tr></thead><tbody>',
        *rows,
        "</tbody></table>",
    ]
    if cases:
        out.append(heading(3, "Sources des études de cas", "ecole-credits-sources"))
        out.append("<p>Les études de cas ne rapportent que des faits publiés par les sources suivantes.</p>")
        for case in sorted(cases, key=lambda c: c.title):
            out.append(f"<p><strong>{html.escape(case.title)}</strong></p><ul>")
            out += [f"<li>{source_text(source)}</li>" for source in case.sources]
            out.append("</ul>")
    out.append(
        '<p class="credits__fabrication">Mis en page avec WeasyPrint, en Noto Serif et Noto Sans '
        "(SIL Open Font License), à partir des fichiers sources du cursus.</p>"
    )
    out.append("</section>")
    return Chapter("\n".join(out), [Heading(2, "ecole-credits", "Licences et crédits")])


def divider(anchor: str, title: str, content: str) -> Chapter:
    text = (
        f'<section class="partie" id="{anchor}">{heading(2, title, anchor + "-titre", running=True)}{content}</section>'
    )
    return Chapter(text, [Heading(2, anchor + "-titre", html.escape(title))])


def _licence_terms(curriculum: Curriculum, items: list[Item]) -> str:
    """What the licences allow, said only when every licence of the document allows it."""
    licences = {item.licence for item in items}
    if not licences <= _ATTRIBUTION_ONLY:
        return "Chaque contenu de ce document est publié sous la licence indiquée ci-dessous ; son texte dit ce que vous pouvez en faire."
    terms = (
        "Chaque contenu de ce document est publié sous la licence indiquée ci-dessous. Ces licences "
        "autorisent à copier, adapter et diffuser les contenus, y compris dans vos propres formations, "
        f"à condition de citer la source (« {html.escape(curriculum.settings.name)} ») et la date de mise à jour"
    )
    if "CC-BY-SA-4.0" in licences:
        terms += " ; la licence CC BY-SA demande en outre de partager les adaptations dans les mêmes conditions"
    return terms + "."
