"""The glossary page is the source; tooltips on every page are derived from it.

``docs/glossaire.md`` is a definition list. Each term becomes an abbreviation
(``*[persona]: …``) appended to the staged pages that use it, so a term is
explained where it appears without anyone writing its definition twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cached_property

from ..model.addresses import GLOSSARY_PAGE
from ..model.anchors import GLOSSARY_TERM, term_anchor
from ..model.structure import Curriculum, Page


def glossary_terms(curriculum: Curriculum) -> list[tuple[str, str]]:
    page = curriculum.pages.get(GLOSSARY_PAGE)
    if page is None:
        return []
    terms = []
    for match in GLOSSARY_TERM.finditer(page.body):
        definition = " ".join(match["definition"].split())
        terms.append((match["term"].strip(), _plain(definition)))
    return terms


def with_term_anchors(body: str) -> str:
    """The glossary's body with an id on each term (``attr_list`` on the ``dt``), so that a
    link leads to the definition (``glossaire.md#mode-labo``), on the site and on paper,
    rather than to the top of a page of some sixty terms."""
    return GLOSSARY_TERM.sub(
        lambda match: match[0].replace(
            match["term"], f"{match['term']} {{: #{term_anchor(match['term'].strip())} }}", 1
        ),
        body,
    )


#: A tag, to keep the words of a piece of markup.
_TAGS = re.compile(r"<[^>]+>")


def _plain(text: str) -> str:
    """Definitions become HTML title attributes: keep the words, drop the markup."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = _TAGS.sub("", text)  # inline HTML too: a foreign phrase's <span lang="en">
    return re.sub(r"[*_`]", "", text)


def _definitions(term: str, definition: str) -> list[str]:
    """One abbreviation line per spelling of ``term``."""
    spellings = {term, term[0].upper() + term[1:], term[0].lower() + term[1:]}
    if not term.endswith(("s", "x")) and " " not in term:
        spellings |= {s + "s" for s in set(spellings)}
    return [f"*[{spelling}]: {definition}" for spelling in sorted(spellings)]


def _join(lines: list[str]) -> str:
    # one definition per block: Python-Markdown's abbr processor rescans a whole
    # block for each definition it removes, quadratic on one long block
    return "\n\n".join(lines) + "\n"


@dataclass(frozen=True)
class Tooltips:
    """The glossary's abbreviations, to append to each page only those it uses.

    Appending all of them to every page doubled the time Python-Markdown spends
    on a page (one regular expression of every spelling, run on every element);
    a page mentions a handful of terms.
    """

    entries: list[tuple[str, list[str]]]  # (term in lower case, its abbreviation lines)

    def terms_in(self, text: str) -> set[str]:
        """The terms (in lower case) that ``text`` may use, found as :meth:`for_text` finds them."""
        words = set(_WORD.findall(text))
        return {term for term, first, spelling, _ in self._spellings if _found(first, spelling, text, words)}

    def for_text(self, text: str) -> str:
        """The lines of every spelling that ``text`` may contain.

        The abbr extension looks for each spelling as written (case-sensitive), as
        whole words (``\\b``), in text that Markdown only ever takes from ``text``:
        a spelling absent from it can match nothing, and its line would only cost
        time (a module page carried some 12,000 characters of definitions, a
        quarter of its Markdown time). A spelling found by abbr starts a word of
        the text, so its first word must be among the text's words (a set: one
        look-up instead of a search of the whole page per spelling); one of
        several words must also be in the text as a whole."""
        words = set(_WORD.findall(text))
        lines = [line for _, first, spelling, line in self._spellings if _found(first, spelling, text, words)]
        return _join(lines) if lines else ""

    @cached_property
    def _spellings(self) -> list[tuple[str, str | None, str, str]]:
        """(the term; first word of the spelling, or None if it starts with no letter or
        digit; the spelling; its abbreviation line) for every line, in order."""
        found = []
        for term, lines in self.entries:
            for line in lines:
                spelling = line[2 : line.index("]: ")]
                first = _WORD.match(spelling)
                found.append((term, first[0] if first else None, spelling, line))
        return found


_WORD = re.compile(r"\w+")


def _found(first: str | None, spelling: str, text: str, words: set[str]) -> bool:
    """Whether ``spelling`` may be in ``text`` (whose words are ``words``), see :meth:`Tooltips.for_text`."""
    return spelling in text if first is None else first in words and (first == spelling or spelling in text)


def glossary_for(curriculum: Curriculum, texts: list[str]) -> Page | None:
    """The glossary page with only the terms ``texts`` use, as the tooltips find them, for a
    booklet that holds some modules but not the whole glossary (a module's booklet said
    « voir le glossaire » to a reader who had none); None when they use none, or without
    a glossary. The same page otherwise: its address, so that a link to a term leads to
    its definition in the booklet."""
    page = curriculum.pages.get(GLOSSARY_PAGE)
    if page is None:
        return None
    used = set().union(*(tooltips(curriculum).terms_in(text) for text in texts))
    kept = [match[0].rstrip() for match in GLOSSARY_TERM.finditer(page.body) if match["term"].strip().lower() in used]
    if not kept:
        return None
    intro = "Les termes employés dans ce livret ; le glossaire complet est dans le livret du cursus et sur le site."
    return replace(page, body="\n\n".join([intro, *kept]) + "\n")


def tooltips(curriculum: Curriculum) -> Tooltips:
    return Tooltips([(term.lower(), _definitions(term, definition)) for term, definition in glossary_terms(curriculum)])


#: An abbreviation as Python-Markdown writes it, or any other tag.
_TOKEN = re.compile(
    r"<!--.*?-->|<(?:script|style)\b.*?</(?:script|style)>"  # opaque: a "<a" in a script opens no link
    r'|<abbr title="(?P<title>[^"]*)">(?P<words>.*?)</abbr>|<(?P<close>/?)(?P<tag>[a-zA-Z][a-zA-Z0-9]*)(?P<attributes>[^>]*)>',
    re.S,
)
#: Where a tooltip is noise: a heading already stands out and a link already has
#: an underline (two lines under one word); a term defined in a list is explained there.
_QUIET = frozenset({"a", "h1", "h2", "h3", "h4", "h5", "h6", "summary", "dt"})
#: An admonition's title is a heading of its block, whatever element carries it; a case
#: study's key figures (a number and its label) are figures to take in at a glance, not
#: prose, and a dotted word in a tile read as a defect (issue 18).
_TITLE_CLASS = re.compile(r'class="[^"]*\b(?:admonition-title|ecole-chiffres)\b')


def first_uses_only(html: str) -> str:
    """Keep the tooltip on the first use of each term in the running text, plain words elsewhere.

    A term used twenty times was underlined twenty times and carried its whole
    definition twenty times (a quarter of a module page's weight); the reader
    needs it once, where the word first appears in the text. In a heading, a
    link, an admonition's title or a summary the words stay plain and the
    tooltip goes to the next use in the text (issue 18: a case study's title was
    underlined, and links got a second underline).
    """
    if "<abbr " not in html:  # nothing to keep or drop: every other token comes back as it is
        return html
    seen: set[str] = set()
    quiet: list[str] = []  # the open elements where tooltips are dropped, innermost last
    # the term a definition list's last <dt> defines, and where that <dt>'s text starts: in
    # its own definition, a term needs no tooltip (« CNFPT : Centre national… du CNFPT »)
    defined = {"term": "", "from": -1}

    def visit(match: re.Match[str]) -> str:
        tag = match["tag"]
        if match["title"] is not None:
            # « auto-évaluation » is not the glossary's « évaluation » (of a project): a term
            # glued to the word before it by a hyphen is part of another word
            if (
                quiet
                or match["title"] in seen
                or html[match.start() - 1 : match.start()] in ("-", "\u2011")
                or match["words"].lower() == defined["term"]
            ):
                return match["words"]
            seen.add(match["title"])
            return match[0]
        if tag is None:  # a comment, a script or a style
            return match[0]
        name = tag.lower()
        if name == "dt":
            if match["close"]:
                defined["term"] = _TAGS.sub("", html[defined["from"] : match.start()]).strip().lower()
            else:
                defined["from"] = match.end()
        elif name == "dl" and match["close"]:
            defined["term"] = ""
        if match["close"]:
            if quiet and quiet[-1] == name:
                quiet.pop()
        elif name in _QUIET or _TITLE_CLASS.search(match["attributes"]):
            quiet.append(name)
        return match[0]

    return _TOKEN.sub(visit, html)
