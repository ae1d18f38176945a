"""One content item as a printed chapter: its facts, its body, and for a module
the answer key ("Corrigé") that gathers exercise solutions and quiz answers.

Chapters are fragments of one HTML document per PDF. Every id in a chapter is
prefixed by the chapter's own id, so that seventeen modules can each have a
section called "À retenir" in the same booklet.
"""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass, field

from ..assembly.pages import date_text, learner_view, period_text
from ..model.body import rewrite_links
from ..model.licences import licence
from ..model.loader import QUIZ_MARKER
from ..model.structure import (
    AUDIENCE_LABELS,
    DIFFICULTY_LABELS,
    LEVEL_LABELS,
    PART_SHORT,
    PHASE_LABELS,
    TERRITORY_TYPE_LABELS,
    CaseStudy,
    Curriculum,
    Item,
    Method,
    Module,
    Page,
    Source,
)
from .blocks import ECOLE_BLOCK, extract_blocks, open_collapsibles
from .print_markdown import Heading, PrintLinks, chapter_id, render_markdown
from .print_quiz import print_quiz, quiz_key


@dataclass
class PrintContext:
    """What every chapter of one PDF shares."""

    curriculum: Curriculum
    included: set[str] = field(default_factory=set)  # staged paths printed in this PDF

    def links(self, here: str) -> PrintLinks:
        return PrintLinks(here, self.included, self.curriculum.assets, self.curriculum.settings.site_url)

    def body(self, item: Item) -> str:
        """The item's Markdown with links as the site has them (relative staged paths)."""
        return rewrite_links(item.body, self.curriculum.rewrites.get(item.staged_path, {}))

    def reference(self, here: str, item: Item) -> str:
        """The title of ``item`` as a link when it leads somewhere on paper, as words otherwise."""
        title = html.escape(item.title)
        href = self.links(here).target(posixpath.relpath(item.staged_path, posixpath.dirname(here) or "."))
        if href is None:
            return title
        css = ' class="interne"' if href.startswith("#") else ""
        return f'<a{css} href="{html.escape(href)}">{title}</a>'


@dataclass
class Chapter:
    html: str
    headings: list[Heading]  # every heading, for the table of contents


def heading(level: int, text: str, anchor: str, *, running: bool = False) -> str:
    css = ' class="courant"' if running else ""
    return f'<h{level} id="{anchor}"{css}>{html.escape(text)}</h{level}>'


def _facts(facts: list[tuple[str, str]]) -> str:
    rows = "".join(f"<div><dt>{html.escape(k)}</dt><dd>{v}</dd></div>" for k, v in facts if v)
    return f'<dl class="faits">{rows}</dl>'


def licence_text(item: Item) -> str:
    name = licence(item.licence).name
    parts = [f"Licence : {html.escape(name)}"]
    if item.authors:
        parts.append("Auteurs : " + html.escape(", ".join(item.authors)))
    if item.updated:
        parts.append(f"Mise à jour : {date_text(item.updated)}")
    return '<p class="licence">' + " · ".join(parts) + "</p>"


# --- modules ------------------------------------------------------------------------


def module_chapter(ctx: PrintContext, module: Module, *, level: int, standalone: bool) -> Chapter:
    """A module; ``level`` is the level of its title. A standalone module (its own
    booklet, whose cover bears the title) opens on "En bref" and keeps its
    sections at ``level``; inside the cursus they go one level below the title."""
    cid = chapter_id(module.staged_path)
    here = module.staged_path
    section = level if standalone else level + 1
    key = f"{cid}--ecole-corrige"
    title = "En bref" if standalone else module.title
    intro = f"{cid}--ecole-en-bref" if standalone else cid
    facts = [
        ("Partie", PART_SHORT[module.part]),
        ("Durée", module.duration_text),
        ("Niveau", LEVEL_LABELS[module.level]),
        ("Public", ", ".join(AUDIENCE_LABELS[a] for a in module.audience)),
    ]
    out = [
        heading(level, title, intro, running=not standalone),
        '<div class="entete">',
        f'<p class="entete__resume">{html.escape(module.summary)}</p>',
        _facts(facts),
        "<p><strong>Objectifs</strong> — à la fin de ce module, vous saurez :</p>",
        "<ul>" + "".join(f"<li>{html.escape(o)}</li>" for o in module.objectives) + "</ul>",
    ]
    c = ctx.curriculum
    related = [
        ("Prérequis", [c.modules[p] for p in module.prerequisites if p in c.modules]),
        ("Méthodes", [c.methods[m] for m in module.methods if m in c.methods]),
        ("Études de cas", [c.case_studies[s] for s in module.case_studies if s in c.case_studies]),
    ]
    for label, items in related:
        if items:
            out.append(f"<p><strong>{label}</strong> : " + ", ".join(ctx.reference(here, i) for i in items) + "</p>")
    out.append("</div>")
    headings = [Heading(level, intro, html.escape(title))]

    body, solutions = extract_blocks(learner_view(ctx.body(module)), "solution")
    replacements = {QUIZ_MARKER.format(index=i): print_quiz(module, quiz, key) for i, quiz in enumerate(module.quizzes)}
    for number in range(len(solutions)):
        replacements[ECOLE_BLOCK.format(index=number)] = (
            f'<p class="renvoi">La solution est dans le <a class="interne" href="#{cid}--ecole-solution-{number + 1}">'
            "corrigé</a>.</p>"
        )
    rendered = render_markdown(
        open_collapsibles(body),
        ctx.links(here),
        shift=section - 2,
        running=section if standalone else None,
        replacements=replacements,
    )
    out.append(rendered.html)
    headings += rendered.headings

    if solutions or module.questions:
        out.append(f'<section class="corrige">{heading(section, "Corrigé", key, running=standalone)}')
        headings.append(Heading(section, key, "Corrigé"))
        for number, block in enumerate(solutions, start=1):
            label = f"Solution — {block.context}" if block.context else "Solution"
            rest = block.text.partition("\n")[2]
            text = f'!!! solution "{label.replace(chr(34), "")}"\n{rest}'
            solution = render_markdown(text, ctx.links(here), shift=section - 2)
            out.append(f'<div class="corrige__solution" id="{cid}--ecole-solution-{number}">{solution.html}</div>')
        if module.questions:
            out.append('<p class="corrige__titre"><strong>Quiz d\'auto-évaluation</strong></p>')
            out.append(quiz_key(module))
        out.append("</section>")
    out.append(licence_text(module))
    return Chapter(_wrap("module", cid if standalone else None, out), headings)


def trainer_notes_chapter(ctx: PrintContext, module: Module, *, level: int) -> Chapter | None:
    """The trainer notes of a module, for the trainer guide; ``None`` when it has none."""
    cid = chapter_id(module.staged_path)
    _, notes = extract_blocks(ctx.body(module), "formateur")
    if not notes:
        return None
    out = [
        heading(level, module.title, cid, running=True),
        f'<p class="entete__resume">{html.escape(PART_SHORT[module.part])} · {module.duration_text} · '
        + html.escape(", ".join(AUDIENCE_LABELS[a] for a in module.audience))
        + "</p>",
    ]
    for note in notes:
        rendered = render_markdown(open_collapsibles(note.text), ctx.links(module.staged_path), shift=level - 1)
        out.append(rendered.html)
    return Chapter(_wrap("notes", None, out), [Heading(level, cid, html.escape(module.title))])


# --- method cards, case studies, pages -------------------------------------------------


def method_chapter(ctx: PrintContext, method: Method, *, level: int) -> Chapter:
    facts = [
        ("Phase", PHASE_LABELS[method.phase]),
        ("Durée", html.escape(method.duration_label)),
        ("Participants", html.escape(method.participants)),
        ("Difficulté", DIFFICULTY_LABELS[method.difficulty]),
        ("Matériel", html.escape(", ".join(method.materials))),
    ]
    return _item_chapter(ctx, method, level, facts, [])


def case_chapter(ctx: PrintContext, case: CaseStudy, *, level: int) -> Chapter:
    cid = chapter_id(case.staged_path)
    facts = [
        ("Territoire", html.escape(case.territory)),
        ("Département", html.escape(f"{case.department_name} ({case.department_code})")),
        ("Type de territoire", TERRITORY_TYPE_LABELS[case.territory_type]),
        ("Période", html.escape(period_text(case))),
        ("Organisations", html.escape(" ; ".join(case.organisations))),
    ]
    extra = []
    if case.figures:
        extra.append(
            '<ul class="chiffres">'
            + "".join(f"<li><strong>{html.escape(v)}</strong> {html.escape(k)}</li>" for k, v in case.figures)
            + "</ul>"
        )
    sources = [heading(level + 1, "Sources", f"{cid}--ecole-sources"), "<ul>"]
    sources += [f"<li>{source_text(source)}</li>" for source in case.sources]
    sources.append("</ul>")
    chapter = _item_chapter(ctx, case, level, facts, extra, after=sources)
    chapter.headings.append(Heading(level + 1, f"{cid}--ecole-sources", "Sources"))
    return chapter


def source_text(source: Source) -> str:
    title = f"« {html.escape(source.title)} »"
    url = f' <span class="url">{html.escape(source.url)}</span>' if source.url else ""
    return f"{html.escape(source.publisher)}, {title}, {date_text(source.date)}.{url}"


def page_chapter(ctx: PrintContext, page: Page, *, level: int, title: bool = True) -> Chapter:
    """A hand-written page; without ``title`` its sections start at ``level``
    (the trainer guide, whose title is on the cover)."""
    cid = chapter_id(page.staged_path)
    body = re.sub(r"\A\s*# [^\n]*\n", "", ctx.body(page))  # the page's own title line, if any
    section = level + 1 if title else level
    rendered = render_markdown(
        open_collapsibles(body),
        ctx.links(page.staged_path),
        shift=section - 2,
        running=None if title else section,
    )
    out = [heading(level, page.title, cid, running=True)] if title else []
    headings = [Heading(level, cid, html.escape(page.title))] if title else []
    out.append(rendered.html)
    return Chapter(_wrap("page", None if title else cid, out), headings + rendered.headings)


def _item_chapter(
    ctx: PrintContext,
    item: Item,
    level: int,
    facts: list[tuple[str, str]],
    extra: list[str],
    after: list[str] | None = None,
) -> Chapter:
    cid = chapter_id(item.staged_path)
    rendered = render_markdown(open_collapsibles(ctx.body(item)), ctx.links(item.staged_path), shift=level - 1)
    out = [
        heading(level, item.title, cid, running=True),
        '<div class="entete">',
        f'<p class="entete__resume">{html.escape(item.summary)}</p>',
        _facts(facts),
        *extra,
        "</div>",
        rendered.html,
        *(after or []),
        licence_text(item),
    ]
    kind = "methode" if isinstance(item, Method) else "cas"
    return Chapter(_wrap(kind, None, out), [Heading(level, cid, html.escape(item.title)), *rendered.headings])


def _wrap(kind: str, anchor: str | None, parts: list[str]) -> str:
    ident = f' id="{anchor}"' if anchor else ""
    return f'<section class="chapitre chapitre--{kind}"{ident}>\n' + "\n".join(parts) + "\n</section>"
