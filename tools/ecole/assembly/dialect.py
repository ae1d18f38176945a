"""The Markdown the staged pages are written in: Python-Markdown's standard
extensions and pymdown-extensions, with their settings.

Declared once here, it is what every renderer uses: the site engine (the
adapters give it to MkDocs, or write it into Zensical's configuration), and the
exports that render bodies themselves (PDF booklets, SCORM pages), so that a
body reads the same on the site, on paper and in an LMS.
"""

from __future__ import annotations

from typing import Any

#: (name, settings) in the order the extensions are registered.
EXTENSIONS: tuple[tuple[str, dict[str, Any]], ...] = (
    ("abbr", {}),
    ("admonition", {}),
    ("attr_list", {}),
    ("def_list", {}),
    ("footnotes", {}),
    ("md_in_html", {}),
    ("tables", {}),
    # no ``[TOC]`` marker: a page's contents are the theme's side column (and a PDF's
    # bookmarks); looking for the marker in every paragraph took 4 % of the conversion
    ("toc", {"permalink": False, "title": "Sur cette page", "marker": ""}),
    ("pymdownx.details", {}),
    ("pymdownx.superfences", {}),
    ("pymdownx.tabbed", {"alternate_style": True}),
    ("pymdownx.tasklist", {"custom_checkbox": True}),
    # lettered lists (``a.``, ``b.``), that an exercise's solution can name item by item;
    # letters only: a paragraph that opens on a roman numeral (« I. ») stays a paragraph
    ("pymdownx.fancylists", {"additional_ordered_styles": ["alpha"]}),
    # generated lists (sources, downloads) that hand-written pages include; the
    # engine adapter points it at the staged folder
    ("pymdownx.snippets", {}),
    # French typography's no-break spaces (before : ; ? !, inside « », after a
    # number), in the text only: never in code, attributes or addresses
    ("ecole.assembly.typography", {}),
)


def extension_names() -> list[str]:
    return [name for name, _ in EXTENSIONS]


def extension_settings() -> dict[str, dict[str, Any]]:
    """Settings of each extension, a fresh copy that a caller may complete."""
    return {name: dict(settings) for name, settings in EXTENSIONS}
