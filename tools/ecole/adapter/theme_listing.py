"""The theme's files listed without walking its hidden folders.

At each build MkDocs lists every file of the theme's folders to copy its assets,
then drops the hidden ones (its patterns ``.*`` and ``*/.*``). Material keeps its
icons in ``.icons``: 14,348 of its 14,509 files, walked and filtered for nothing,
0.09 s of processor time of each view's rebuild after a one-module edit (0.75 s,
0.66 s without the walk). A folder whose name starts with a dot is not walked here;
the list MkDocs keeps is the same.
"""

from __future__ import annotations

import os

from jinja2 import Environment, FileSystemLoader
from mkdocs.theme import Theme


class VisibleFilesLoader(FileSystemLoader):
    """:class:`~jinja2.FileSystemLoader` that lists no file under a hidden folder
    (it still loads any template it is asked for)."""

    def list_templates(self) -> list[str]:
        found: set[str] = set()
        for searchpath in self.searchpath:
            for folder, subfolders, names in os.walk(searchpath, followlinks=self.followlinks):
                subfolders[:] = [name for name in subfolders if not name.startswith(".")]
                relative = os.path.relpath(folder, searchpath).replace(os.path.sep, "/")
                prefix = "" if relative == "." else relative + "/"
                found.update(prefix + name for name in names)
        return sorted(found)


def list_visible_files_only(theme: Theme) -> None:
    """Give ``theme``'s Jinja environments a :class:`VisibleFilesLoader`."""
    if getattr(theme.get_env, "lists_visible_files_only", False):
        return  # ecole serve: the same theme from one rebuild to the next
    make_env = theme.get_env

    def get_env() -> Environment:
        env = make_env()
        assert isinstance(env.loader, FileSystemLoader)  # what MkDocs 1.6 gives
        env.loader = VisibleFilesLoader(env.loader.searchpath, followlinks=env.loader.followlinks)
        return env

    get_env.lists_visible_files_only = True  # type: ignore[attr-defined]
    theme.get_env = get_env  # type: ignore[method-assign]
