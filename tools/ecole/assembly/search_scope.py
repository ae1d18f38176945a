"""Which pages the site's search index holds: the ones a reader searches.

The search engine indexes every page it is given, whole. On this site that
meant the programme sheets (each repeats the objectives and contents of a
module or a path, already indexed on its own page), the download list, the
empty progress page and, on the learners' site, the pages for trainers,
republishers and maintainers: a third of the index, and as many results that
lead a learner away from the module that answers the question.

A page left out gets ``search: exclude: true`` in its front matter, which both
Material and Zensical read. Pages that stay but only list or schedule what
other pages teach (the lists of modules, methods and cases, the paths and
their session programmes, and in the trainer view the guides) get
``search: boost: 0.5``, Material's weight for a page's results: a learner
searching « persona » finds the method card and the module first, the path
that schedules them, the fil rouge and the session kit after. A page whose front matter already says what search
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

#: Kept, ranked below modules, methods, cases and glossary: pages that list or schedule them,
#: and those that go with them: the fictional fil rouge, which applies the methods to an
#: invented project, and the session kit (its evaluation grids name every deliverable). Both
#: came first for « persona », above the method card a learner looks for (issue 18).
LISTS = (
    "parcours/",
    "modules/index.md",
    "methodes/index.md",
    "etudes-de-cas/index.md",
    "canevas/index.md",
    "fil-rouge/",
    "kit/",
)
#: Material multiplies the score of a page's results by its boost (1 by default).
LIST_BOOST = 0.5

_OWN_SETTING = re.compile(r"^search:", re.MULTILINE)


def _under(path: str, parts: tuple[str, ...]) -> bool:
    return any(path == part or (part.endswith("/") and path.startswith(part)) for part in parts)


def searchable(path: str, *, trainer: bool) -> bool:
    """Whether the staged page ``path`` belongs in the search index of its view."""
    return not _under(path, GENERATED_COPIES if trainer else GENERATED_COPIES + NOT_FOR_LEARNERS)


def ranked_below(path: str, *, trainer: bool) -> bool:
    """Whether the searchable page ``path`` lists or schedules what other pages teach."""
    return _under(path, LISTS + NOT_FOR_LEARNERS if trainer else LISTS)


def with_search_scope(text: str, path: str, *, trainer: bool) -> str:
    """The staged Markdown of ``path``, left out of the search index if it does not belong
    there, ranked below the pages that teach if it only lists them."""
    if not searchable(path, trainer=trainer):
        setting = "  exclude: true"
    elif ranked_below(path, trainer=trainer):
        setting = f"  boost: {LIST_BOOST}"
    else:
        return text
    if not text.startswith("---\n"):
        return f"---\nsearch:\n{setting}\n---\n\n" + text
    end = text.find("\n---", 3)
    if end != -1 and _OWN_SETTING.search(text, 4, end):
        return text
    return f"---\nsearch:\n{setting}\n" + text[4:]
