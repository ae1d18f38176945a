"""The anchors a link may name in a page (``glossaire.md#mode-labo``, ``#exemple``): the ids
of its headings, as Python-Markdown's ``toc`` extension makes them, those written by hand
(``{: #id }``, ``id="…"``) and, in the glossary, its terms' (:func:`term_anchor`).

``ecole check`` looks for them in the page's text, so that a mistyped anchor is reported
with its file and line, before MkDocs refuses the site at build time in English. Python-Markdown's
own ``slugify`` and ``unique`` make the ids, as on the site.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

from markdown.extensions.toc import slugify, unique

from .body import SNIPPET_MARK, masked_lines

#: indented too: a heading inside a box (a wrong guess costs nothing: MkDocs checks again)
_HEADING = re.compile(r"^[ \t]*#{1,6}[ \t]+(?P<text>.+?)(?:[ \t]+#+)?[ \t]*$")
#: the line under a heading written as underlined text (« Titre » then « ===== » or « ----- »)
_UNDERLINE = re.compile(r"^[ \t]*(?:=+|-+)[ \t]*$")
#: ``{: #id .class }`` or ``{#id}`` (attr_list): an id given by hand, to a heading or a block
_ATTR_LIST = re.compile(r"\{:?[ \t]*(?P<inside>[^}]*)\}[ \t]*$")
_ID_IN_ATTR_LIST = re.compile(r"(?:^|\s)#(?P<id>[\w-]+)")
_HTML_ID = re.compile(r'\bid="(?P<id>[^"]+)"')
#: what a heading's text loses on the way to its id: links keep their words, markup goes
_LINK = re.compile(r"!?\[(?P<words>[^\]]*)\]\([^)]*\)")
_MARKUP = re.compile(r"<[^>]+>|[*`]|(?<!\w)_+|_+(?!\w)")  # « mon_fichier » keeps its underscore, as in toc
#: A term of the glossary's definition list, and its definition.
GLOSSARY_TERM = re.compile(
    r"^(?P<term>[^\s:!?#<>|*-][^\n]*?)\s*\n:\s{1,4}(?P<definition>.+?)(?=\n\n|\n[^\s:]|\Z)", re.M | re.S
)


def term_anchor(term: str) -> str:
    """The id of a term's definition: ``Mode labo`` -> ``mode-labo``, as a heading would get."""
    return slugify(term, "-")


@lru_cache(maxsize=256)
def anchors(body: str, *, glossary: bool = False) -> frozenset[str] | None:
    """The ids ``body`` gives its headings and its blocks; with ``glossary``, its terms' too.
    ``None`` for a body that includes a snippet: its headings are partly in another file."""
    if SNIPPET_MARK in body:
        return None
    given, titled = _scan(body)
    ids = given | {anchor for _, anchor in titled}
    if glossary:
        ids |= {term_anchor(match["term"].strip()) for match in GLOSSARY_TERM.finditer(body)}
    return frozenset(ids)


def headings(body: str) -> list[tuple[str, str]]:
    """The headings of ``body`` in order, as (their words without markup, their id): where a
    quiz question sends the learner back to (``section:``). Those of an included snippet are not
    among them."""
    return list(_scan(body)[1])


@lru_cache(maxsize=256)
def _scan(body: str) -> tuple[frozenset[str], tuple[tuple[str, str], ...]]:
    """The ids given by hand in ``body`` (to headings and blocks), and its headings' words and ids."""
    found: set[str] = set()
    titled: list[tuple[str, str | None]] = []  # words, and the id given by hand, if any
    lines = masked_lines(body)
    for number, line in enumerate(lines):
        attributes = _ATTR_LIST.search(line)
        given = _ID_IN_ATTR_LIST.search(attributes["inside"]) if attributes else None
        if given:
            found.add(given["id"])
        found.update(match["id"] for match in _HTML_ID.finditer(line))
        heading = _HEADING.match(line)
        underlined = number + 1 < len(lines) and line.strip() and _UNDERLINE.match(lines[number + 1])
        if heading:
            text = heading["text"][: attributes.start() - heading.start("text")] if attributes else heading["text"]
        elif underlined and not line.lstrip().startswith(("-", "*", "+", "|", ">")):
            text = line[: attributes.start()] if attributes else line
        else:
            continue
        titled.append((_MARKUP.sub("", _LINK.sub(r"\g<words>", text.strip())), given["id"] if given else None))
    # toc numbers the second « Exemple » exemple_1, after the ids already taken
    taken = set(found)
    # entities as toc reads them: « Après la session&nbsp;: … » gives apres-la-session-…
    ids = tuple(
        (html.unescape(words), given or unique(slugify(html.unescape(words), "-"), taken)) for words, given in titled
    )
    return frozenset(found), ids
