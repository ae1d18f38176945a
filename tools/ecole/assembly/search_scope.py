"""Which pages the site's search index holds: the ones a reader searches.

The search engine indexes every page it is given, whole. On this site that
meant the programme sheets (each repeats the objectives and contents of a
module or a path, already indexed on its own page), the download list, the
empty progress page and, on the learners' site, the pages for trainers,
republishers and maintainers: a third of the index, and as many results that
lead a learner away from the module that answers the question.

A page left out gets ``search: exclude: true`` in its front matter, which both
Material and Zensical read. A page whose front matter already says what search
should do with it (``search:``) is left as its author wrote it.
"""

from __future__ import annotations

import re

from ..model.addresses import PROGRAMMES, PROGRESS_PAGE
from .snippets import DOWNLOADS_PAGE

#: Left out of every view's index: generated copies of what other pages say, and tools.
GENERATED_COPIES = (f"{PROGRAMMES}/", DOWNLOADS_PAGE, PROGRESS_PAGE)
#: Left out of the learners' index only: pages written for trainers, republishers,
#: authors and the tool's maintainers; the trainer view keeps them searchable.
NOT_FOR_LEARNERS = ("guides/", "contribuer/", "credits.md")

_OWN_SETTING = re.compile(r"^search:", re.MULTILINE)


def searchable(path: str, *, trainer: bool) -> bool:
    """Whether the staged page ``path`` belongs in the search index of its view."""
    left_out = GENERATED_COPIES if trainer else GENERATED_COPIES + NOT_FOR_LEARNERS
    return not any(path == part or (part.endswith("/") and path.startswith(part)) for part in left_out)


def with_search_scope(text: str, path: str, *, trainer: bool) -> str:
    """The staged Markdown of ``path``, left out of the search index if it does not belong there."""
    if searchable(path, trainer=trainer):
        return text
    if not text.startswith("---\n"):
        return "---\nsearch:\n  exclude: true\n---\n\n" + text
    end = text.find("\n---", 3)
    if end != -1 and _OWN_SETTING.search(text, 4, end):
        return text
    return "---\nsearch:\n  exclude: true\n" + text[4:]
