"""The navigation's items rendered once, not once per page.

Material renders the whole menu in every page, through a recursive Jinja macro
(``overrides/partials/nav-item.html``): at 300 modules a module page holds about 75
items, and the macro calls cost about a tenth of the HTML build. Most of those
items do not depend on the page: an item that does not hold it (not « active »)
renders the same everywhere, except for its links, which MkDocs writes relative to
the page. This cache keeps the HTML of such an item once for the pages of each
folder, and gives it back to any page whose links in it would be written the same.

When is that? MkDocs' ``get_relative_url`` writes a link to ``T`` from a page whose
folder is ``P/x`` as ``../`` times what ``P/x`` and ``T`` do not share, then the rest
of ``T``. Unless ``T`` is in ``P/x`` itself (or is it), that depends on ``P`` only,
not on ``x``: every page of ``modules/`` writes ``../module-0002/``. So an item is
kept per folder ``P`` of the page, and rendered afresh for a page one of whose links
would go into the page's own folder (the home page, at the root, is always one).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from jinja2 import Undefined
from mkdocs.utils import _get_norm_url, _norm_parts


def _folder(url: str) -> tuple[str, ...]:
    """The folder MkDocs writes links from, for a page at ``url`` (as ``get_relative_url`` sees it)."""
    folder, _, name = url.rpartition("/")
    return tuple(_norm_parts(folder if "." in name else url))


def _descendants(item) -> Iterator:
    yield item
    for child in getattr(item, "children", None) or ():
        yield from _descendants(child)


class NavCache:
    """``ecole_nav_cache(render, item, path, level, parent, page)``, called by the template in
    place of ``render(item, path, level, parent)``: the same HTML, rendered once per folder.

    One per build (``on_env``): the keys hold the items' ``id``, which another build's
    navigation could reuse.
    """

    def __init__(self) -> None:
        self._html: dict[tuple, str] = {}
        #: For each item, every folder that one of its links goes to or through.
        self._folders: dict[int, frozenset[tuple[str, ...]]] = {}

    def __call__(self, render: Callable, item, path: str, level: int, parent, page) -> str:
        # Jinja's Undefined raises on any attribute: a level-1 item has no parent
        url = None if isinstance(page, Undefined) else getattr(page, "url", None)
        if getattr(item, "active", True) or not isinstance(url, str):
            return render(item, path, level, parent)
        here = _folder(url)
        if here in self._link_folders(item):
            return render(item, path, level, parent)
        # with navigation.tabs, Material reads the parent's state too
        parent_active = not isinstance(parent, Undefined) and bool(getattr(parent, "active", False))
        key = (id(item), path, level, parent_active, here[:-1])
        html = self._html.get(key)
        if html is None:
            html = self._html[key] = render(item, path, level, parent)
        return html

    def _link_folders(self, item) -> frozenset[tuple[str, ...]]:
        folders = self._folders.get(id(item))
        if folders is None:
            found = set()
            for descendant in _descendants(item):
                url = getattr(descendant, "url", None)
                if not isinstance(url, str):
                    continue
                target, level = _get_norm_url(url)
                if level == -1:  # an address with a scheme, written as it is
                    continue
                parts = tuple(_norm_parts(target))
                found.update(parts[:end] for end in range(len(parts) + 1))
            folders = self._folders[id(item)] = frozenset(found)
        return folders
