"""Generated parts of hand-written pages: the list of sources on the credits page,
the list of export files on the download page, the home page's portal (entrance, path
chooser, parts of the cursus, offline copy, other ways in: :mod:`.home`), the trainer
guide's parts of the cursus and model programmes.

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

import re

from ..model.structure import Curriculum
from .downloads import Downloads, downloads_list
from .home import home_snippets
from .pages import link, source_text
from .session_kit import MODULES_SNIPPET, modules_to_rate
from .sessions import guide_snippets

SOURCES = "sources.md"
DOWNLOADS = "telechargements.md"
#: The hand-written pages that include them, for relative links.
CREDITS_PAGE = "credits.md"
DOWNLOADS_PAGE = "telecharger.md"


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


_INCLUDE = re.compile(r'^-{2}8<-{2}[ \t]+"(?P<name>[^"\n]+)"[ \t]*$', re.MULTILINE)


def include_snippets(text: str, snippets: dict[str, str]) -> str:
    """``text`` with each ``--8<-- "name.md"`` line replaced by that snippet, as
    pymdownx.snippets does for the site: for printing a page that includes some."""
    return _INCLUDE.sub(lambda m: snippets.get(m["name"], m.group(0)).rstrip("\n"), text)
