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
from typing import Any

from markupsafe import Markup

from ..assembly import templates
from ..assembly.facts import (
    audience_text,
    case_facts,
    item_link,
    licence_line,
    method_facts,
    module_header,
    related_items,
)
from ..assembly.pages import date_text, learner_view, linked_body
from ..assembly.quiz_html import inline
from ..assembly.snippets import include_snippets, snippet_texts
from ..assembly.typography import french_html
from ..model.body import SNIPPET_MARK
from ..model.loader import QUIZ_MARKER
from ..model.structure import (
    PART_SHORT,
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
    #: chapters printed once for several booklets (see :attr:`.PrintLinks.deferred`)
    deferred: bool = False

    def links(self, here: str) -> PrintLinks:
        settings = self.curriculum.settings
        return PrintLinks(here, self.included, self.curriculum.assets, settings.site_url, self.deferred)

    def body(self, item: Item) -> str:
        """The item's Markdown with links as the site has them (relative staged paths), and
        the generated lists a hand-written page includes (``--8<-- "name.md"``)."""
        body = linked_body(self.curriculum, item)
        if isinstance(item, Page) and SNIPPET_MARK in body:
            body = include_snippets(body, snippet_texts(self.curriculum, ()))
        return body

    def reference(self, here: str, item: Item) -> Markup:
        """The title of ``item`` as a link when it leads somewhere on paper, as words otherwise."""
        links = self.links(here)
        relative = posixpath.relpath(item.staged_path, posixpath.dirname(here) or ".")
        href = links.target(relative)
        if href and href.startswith("#"):
            return _macros().internal_link(item.title, href, links.elsewhere(relative))
        return item_link(item.title, href)


@dataclass
class Chapter:
    html: str
    headings: list[Heading]  # every heading, for the table of contents (at the booklet's levels)
    #: printed once for every booklet that holds it (see :attr:`PrintContext.deferred`)
    shared: bool = False
    #: levels its headings go down once in the booklet: its HTML is printed at level 2
    shift: int = 0

    def lowered(self, levels: int) -> Chapter:
        """The same printed chapter, its headings ``levels`` lower in the booklet."""
        headings = [Heading(h.level + levels, h.id, h.text) for h in self.headings]
        return Chapter(self.html, headings, self.shared, self.shift + levels)


def _macros() -> Any:
    return templates.environment().get_template("print/macros.html").module


def heading(level: int, text: str, anchor: str, *, running: bool = False) -> Markup:
    """A heading, with French typography like every part of a chapter (:func:`_wrap`);
    ``running`` ones feed the running page headers."""
    return Markup(french_html(_macros().heading(level, text, anchor, running)))


def licence_text(item: Item) -> str:
    """The licence line, the licence named without a link (its address means nothing on
    paper), with French typography like every part of a chapter (:func:`_wrap`)."""
    return french_html(licence_line(item, css="licence", link=False))


# --- modules ------------------------------------------------------------------------


def module_chapter(ctx: PrintContext, module: Module, *, level: int) -> Chapter:
    """A module; ``level`` is the level of its title, its sections one level below. The
    title gives the running header: the module's own booklet, a path's and the cursus
    print the same chapter (see ``booklets.SharedChapters``)."""
    cid = chapter_id(module.staged_path)
    here = module.staged_path
    section = level + 1
    key = f"{cid}--ecole-corrige"
    header = module_header(
        module,
        # inline Markdown (emphasis, code) rendered, as on the site and in an LMS
        objectives=[Markup(inline(text)) for text in module.objectives],
        related=[
            (label, [ctx.reference(here, item) for item in items])
            for label, items in related_items(ctx.curriculum, module)
        ],
        prefix="",  # the print stylesheet's class names
        data=False,
    )
    out = [heading(level, module.title, cid, running=True), header.removesuffix("\n")]
    headings = [Heading(level, cid, html.escape(module.title))]

    body, solutions = extract_blocks(learner_view(ctx.body(module)), "solution")
    replacements = {QUIZ_MARKER.format(index=i): print_quiz(module, quiz, key) for i, quiz in enumerate(module.quizzes)}
    anchors = [f"{cid}--ecole-solution-{number}" for number in range(1, len(solutions) + 1)]
    for number, anchor in enumerate(anchors):
        replacements[ECOLE_BLOCK.format(index=number)] = templates.render(
            "print/solution-pointer.html", solution=anchor
        )
    rendered = render_markdown(
        open_collapsibles(body),
        ctx.links(here),
        shift=section - 2,
        replacements=replacements,
    )
    out.append(rendered.html)
    headings += rendered.headings

    if solutions or module.questions:
        contents = []
        for block in solutions:
            label = f"Solution — {block.context}" if block.context else "Solution"
            rest = block.text.partition("\n")[2]
            text = f'!!! solution "{label.replace(chr(34), "")}"\n{rest}'
            contents.append(Markup(render_markdown(text, ctx.links(here), shift=section - 2).html))
        answer_key = templates.render(
            "print/answer-key.html",
            level=section,
            anchor=key,
            solutions=list(zip(anchors, contents, strict=True)),
            quiz_key=Markup(quiz_key(module)),
        )
        out.append(answer_key)
        headings.append(Heading(section, key, "Corrigé"))
    out.append(licence_text(module))
    return Chapter(_wrap("module", None, out), headings)


def trainer_notes_chapter(ctx: PrintContext, module: Module, *, level: int) -> Chapter | None:
    """The trainer notes of a module, for the trainer guide; ``None`` when it has none."""
    cid = chapter_id(module.staged_path)
    _, notes = extract_blocks(ctx.body(module), "formateur")
    if not notes:
        return None
    text = templates.render(
        "print/trainer-notes.html",
        kind="notes",
        anchor=None,  # of the section; the heading's is the chapter's id
        chapter=cid,
        level=level,
        module=module,
        part=PART_SHORT[module.part],
        audience=audience_text(module.audience),
        notes=[
            Markup(render_markdown(open_collapsibles(n.text), ctx.links(module.staged_path), shift=level - 1).html)
            for n in notes
        ],
    )
    return Chapter(text, [Heading(level, cid, html.escape(module.title))])


# --- method cards, case studies, pages -------------------------------------------------


def method_chapter(ctx: PrintContext, method: Method, *, level: int) -> Chapter:
    facts = [*method_facts(method), ("Matériel", ", ".join(method.materials))]
    return _item_chapter(ctx, method, level, facts, [])


def case_chapter(ctx: PrintContext, case: CaseStudy, *, level: int) -> Chapter:
    cid = chapter_id(case.staged_path)
    facts = case_facts(case)
    if case.organisations:
        facts.append(("Organisations", " ; ".join(case.organisations)))
    extra = [templates.render("print/case-figures.html", figures=case.figures)] if case.figures else []
    if case.events:
        events = [(iso, date_text(iso), what) for iso, what in case.events]
        extra.insert(0, templates.render("print/case-events.html", events=events))
    sources = [
        templates.render(
            "print/case-sources.html",
            level=level + 1,
            anchor=f"{cid}--ecole-sources",
            sources=[source_text(source) for source in case.sources],
        )
    ]
    chapter = _item_chapter(ctx, case, level, facts, extra, after=sources)
    chapter.headings.append(Heading(level + 1, f"{cid}--ecole-sources", "Sources"))
    return chapter


def source_text(source: Source) -> Markup:
    return _macros().source(source, date_text(source.date))


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
    header = templates.render(
        "print/item-header.html", summary=item.summary, facts=facts, extra=[Markup(part) for part in extra]
    )
    out = [
        heading(level, item.title, cid, running=True),
        header,
        rendered.html,
        *(after or []),
        licence_text(item),
    ]
    kind = "methode" if isinstance(item, Method) else "cas"
    return Chapter(_wrap(kind, None, out), [Heading(level, cid, html.escape(item.title)), *rendered.headings])


def _wrap(kind: str, anchor: str | None, parts: list[str]) -> str:
    """The chapter around ``parts``, HTML fragments with French typography: made by
    templates (:func:`.templates.render`) and by Markdown (the dialect's typography), or
    given it (:func:`heading`, :func:`licence_text`)."""
    return templates.render_around(
        "print/chapter.html", kind=kind, anchor=anchor, parts=[Markup(part) for part in parts]
    )
