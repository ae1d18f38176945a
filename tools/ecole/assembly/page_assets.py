"""Which of the theme's own stylesheets and scripts a page loads.

``mkdocs.yml`` lists every asset of the theme (``extra_css``,
``extra_javascript``), and the engine would load them all on every page: the
quiz script on the home page, the canvases' print layout on a module page. A
page loads an asset only if its content holds the markup the asset works on,
named here by class; an asset not named here (``ecole.css``) is for every page.

This holds because every page is a full page load: with Material's
``navigation.instant``, a script left out of the first page would be missing
on the next.
"""

from __future__ import annotations

import re

_QUIZ = frozenset({"ecole-quiz"})
#: What ecole-progression.js fills: bars, "Terminé" marks, scores, the module's button,
#: the module header's line, "Reprendre où j'en étais", the tools of "Ma progression".
_PROGRESS = frozenset(
    {
        "ecole-progression",
        "ecole-progression-module",
        "ecole-statut",
        "ecole-score",
        "ecole-terminer",
        "ecole-reprendre",
        "ecole-outils",
    }
)

#: Site path of an asset -> the classes of which one, in a page's content, makes the page load it.
NEEDED_BY: dict[str, frozenset[str]] = {
    "assets/canevas.css": frozenset({"ecole-canevas"}),
    "assets/kit.css": frozenset({"ecole-kit"}),
    # the progress store, which the scripts below build on
    "assets/ecole.js": _QUIZ | _PROGRESS | {"ecole-attestation"},
    "assets/ecole-quiz.js": _QUIZ,
    "assets/ecole-progression.js": _PROGRESS,
    "assets/ecole-attestation.js": frozenset({"ecole-attestation"}),
}

_CLASS = re.compile(r'\bclass="([^"]*)"')


def content_classes(html: str) -> set[str]:
    """Every class named in ``html``."""
    return {name for value in _CLASS.findall(html) for name in value.split()}


def page_assets(assets: list[str], html: str) -> list[str]:
    """The ``assets`` (site paths, in order) that the page whose content is ``html`` uses."""
    return assets_for(assets, content_classes(html))


def assets_for(assets: list[str], classes: set[str]) -> list[str]:
    """The ``assets`` that a page whose content names ``classes`` uses: the content is
    read once for both lists of a page (its stylesheets and its scripts)."""
    return [asset for asset in assets if asset not in NEEDED_BY or NEEDED_BY[asset] & classes]
