"""The admonitions' icons in one style sheet for the site, not in every page.

Material writes the icons of ``theme.icon.admonition`` into each page, as a
``<style>`` of CSS variables whose values are whole SVG files (``partials/icons.html``):
3.3 KB of every page for the project's six kinds of boxes (activité, exercice…), the
same on every page. Here the first page's rule is written once, to
``assets/ecole-icones.<hash>.css``, and each page links to it at the same place, so
that the cascade is the same; the browser downloads it once for the whole site. The
name holds a hash of the rule: a changed icon is a new file, never a stale copy.

A page whose rule differs (none does: it comes from the site's configuration) keeps
its own ``<style>``. ``404.html`` is not a page (MkDocs renders it apart) and keeps it too.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from mkdocs.utils import get_relative_url

#: Material's rule, as ``partials/icons.html`` writes it (no ``<`` in its value: the SVGs are URL-encoded).
_STYLE = re.compile(r"<style>(:root\{--md-admonition-icon--[^<]*\})</style>")


class IconStyles:
    """One per build: ``link`` each page as it is written, then ``write`` the style sheet."""

    def __init__(self) -> None:
        self.css: str | None = None
        self.path: str | None = None  # relative to the site's folder

    def adopt(self, css: str) -> None:
        """The rule of a page taken from the build cache (:mod:`.page_cache`), which links to its sheet."""
        if self.css is None:
            self.css = css
            self.path = _sheet(css)

    def linked_from(self, html: str) -> bool:
        """Whether the written page ``html`` links to the shared style sheet."""
        return self.path is not None and f'{self.path.rpartition("/")[2]}">' in html

    def link(self, html: str, url: str) -> str:
        """``html``, a page at ``url``, with a link to the shared style sheet in place of its icons' rule."""
        found = _STYLE.search(html)
        if found is None:
            return html
        if self.css is None:
            self.css = found[1]
            self.path = _sheet(self.css)
        elif found[1] != self.css:
            return html
        assert self.path is not None
        link = f'<link rel="stylesheet" href="{get_relative_url(self.path, url)}">'
        return html[: found.start()] + link + html[found.end() :]

    def write(self, site_dir: Path) -> None:
        """The style sheet the pages link to, if one of them did."""
        if self.css is None or self.path is None:
            return
        target = site_dir / self.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(self.css + "\n", encoding="utf-8")


def _sheet(css: str) -> str:
    """The style sheet's path in the site: its name holds a hash of the rule."""
    return f"assets/ecole-icones.{hashlib.sha256(css.encode('utf-8')).hexdigest()[:8]}.css"
