"""Markup lives in Jinja templates (``ecole/templates``, package data), data in Python.

One environment for every template of the package: the site's generated blocks,
the print chapters and the SCORM pages render the same pieces (the module
header, a licence line…) from the same file. Autoescaping is on: a value is
escaped once, where it enters the markup; a value that already is markup (a
rendered Markdown link, HTML from Python-Markdown) is passed as
:class:`markupsafe.Markup`. Undefined names fail loudly.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from .typography import french_html, full_stop, inner_quotes, quoted


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("ecole", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["quoted"] = quoted
    env.filters["inner_quotes"] = inner_quotes
    env.filters["full_stop"] = full_stop
    return env


def keep_compiled(env: jinja2.Environment, folder: Path) -> None:
    """Keep the templates ``env`` compiles, from one build to the next, in a folder named
    after ``folder`` and the options that change the compiled code.

    Each process of a build compiled again the templates it used: ours (the two views'
    pages, the exports: 0.1 s for all of them) and MkDocs' theme (a third of a rebuild
    under ``ecole serve``). Jinja checks each compiled template against its source, and
    writes atomically."""
    options = f"{int(env.trim_blocks)}{int(env.lstrip_blocks)}{int(bool(env.autoescape))}"
    kept = folder.with_name(f"{folder.name}-{options}")
    kept.mkdir(parents=True, exist_ok=True)
    env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(kept))


def render(name: str, **context: Any) -> str:
    """The template ``name`` (a path under ``ecole/templates``) filled with ``context``.

    An HTML template's text gets French typography's spaces (headers, quizzes,
    print chapters, SCORM pages: they do not all go through Markdown); not the
    question banks' (``quiz/``), whose questions are exported as written."""
    text = environment().get_template(name).render(**context)
    return french_html(text) if name.endswith(".html") and not name.startswith("quiz/") else text


def render_around(name: str, **context: Any) -> str:
    """The template ``name``, which holds no text of its own, around fragments that have
    French typography already (:func:`render` gives them theirs): not read again for it.

    A printed chapter, then its document, went through :func:`french_html` whole, after
    each of their parts: 0.17 s of the printing process's time at each build, before the
    first PDF of an edited module could be printed."""
    return environment().get_template(name).render(**context)


def macros(name: str) -> Any:
    """The macros of the template ``name``, to call from Python; each returns markup."""
    return environment().get_template(name).module
