"""The glossary page is the source; tooltips on every page are derived from it.

``docs/glossaire.md`` is a definition list. Each term becomes an abbreviation
(``*[persona]: …``) appended to every page by pymdownx.snippets, so a term is
explained where it appears without anyone writing its definition twice.
"""

from __future__ import annotations

import re

from .structure import Curriculum

GLOSSARY_PAGE = "glossaire.md"
_TERM = re.compile(r"^(?P<term>[^\s:!?#<>|*-][^\n]*?)\s*\n:\s{1,4}(?P<definition>.+?)(?=\n\n|\n[^\s:]|\Z)", re.M | re.S)


def glossary_terms(curriculum: Curriculum) -> list[tuple[str, str]]:
    page = curriculum.pages.get(GLOSSARY_PAGE)
    if page is None:
        return []
    terms = []
    for match in _TERM.finditer(page.body):
        definition = " ".join(match["definition"].split())
        terms.append((match["term"].strip(), _plain(definition)))
    return terms


def _plain(text: str) -> str:
    """Definitions become HTML title attributes: keep the words, drop the markup."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return re.sub(r"[*_`]", "", text)


def abbreviations(curriculum: Curriculum) -> str:
    """The snippet appended to each page: one line per spelling of each term."""
    lines = []
    for term, definition in glossary_terms(curriculum):
        spellings = {term, term[0].upper() + term[1:], term[0].lower() + term[1:]}
        if not term.endswith(("s", "x")) and " " not in term:
            spellings |= {s + "s" for s in set(spellings)}
        for spelling in sorted(spellings):
            lines.append(f"*[{spelling}]: {definition}")
    # one definition per block: Python-Markdown's abbr processor rescans a whole
    # block for each definition it removes, quadratic on one long block
    return "\n\n".join(lines) + "\n"
