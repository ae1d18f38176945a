"""The « fil rouge »: a worked, fictional project that runs through part 2.

Its pages are hand-written pages of ``docs/fil-rouge/``. Each step names, in its
front matter, the module it illustrates (``module: cadrer-un-probleme``); the
folder's index names the part (``part: travaux-pratiques``). A step is written
once and shown twice: as its own page on the site, and in the PDF booklets right
after its module (see ``exports.booklets``). An edition without that module (or
without part 2) has neither the page nor the chapter: like the session kit's grids,
the pages are withdrawn with the module or part their front matter names
(:func:`ecole.model.editions.hide_pages`), so that links to them keep their words only.
"""

from __future__ import annotations

from .structure import Curriculum, Module, Page

#: The folder of ``docs/`` that holds the fil rouge.
FOLDER = "fil-rouge/"


def step_page(curriculum: Curriculum, module: Module) -> Page | None:
    """The fil rouge's step for ``module``, if the edition has one."""
    for page in curriculum.pages.values():
        # other pages may name a module too (the session kit's grids): only the folder's count
        if page.path.startswith(FOLDER) and page.meta.get("module") == module.id:
            return page
    return None
