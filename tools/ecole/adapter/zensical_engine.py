"""Running Zensical on staged pages: an experimental second site engine.

Zensical, by the makers of Material for MkDocs, reads a MkDocs-style
configuration. This adapter writes one next to the staged pages
(``.ecole/staging/<name>/zensical.yml``): the theme section, ``extra_css`` and
``extra_javascript`` of the project's ``mkdocs.yml``, the staged ``docs_dir``
and ``nav``, the Markdown dialect of :mod:`ecole.assembly.dialect` and the
edition's settings (:func:`~ecole.adapter.site_config.apply_settings`, on a
plain namespace). The theme's ``custom_dir`` is a copy of ``overrides/`` less
the templates Zensical replaced (:data:`NOT_FOR_ZENSICAL`); Zensical copies its
``assets/`` into the site as MkDocs does. It runs ``zensical build --strict`` in
a subprocess, offline, then moves the output into ``site_dir``.

Zensical runs no MkDocs plugin, so the ``ecole`` plugin's hooks do not run;
what they do to pages is applied afterwards to every HTML file (glossary
tooltips on a term's first use only, compacted whitespace). The edition's
colours come in a stylesheet of their own (see :func:`write_config`). What this
adapter does not do: ``ecole serve``, the ``theme-color`` meta tag, the MkDocs
adapter's trimmed template whitespace and compiled-template cache, French
stemming in search (Zensical's search ignores ``lang: fr``), ``sitemap.xml.gz``.
Messages name the source file, with the line of the staged page. Zensical keeps
a cache (``.cache``) next to its configuration, which makes a second build faster.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import yaml

from ..assembly.canvas import caption_tables
from ..assembly.dialect import EXTENSIONS
from ..assembly.glossary import first_uses_only
from ..assembly.palette import css_properties
from ..assembly.staging import Staged
from ..errors import BuildFailed
from ..model.project import Project
from ..model.structure import Curriculum
from .compact_html import compact
from .site_config import apply_settings

#: The parts of mkdocs.yml that describe the site's look, shared by both engines.
THEME_KEYS = ("use_directory_urls", "theme", "extra_css", "extra_javascript")
#: Zensical's output, next to its configuration: it must lie inside that folder.
OUTPUT = "site-zensical"
#: Overrides of Material templates that Zensical's theme replaced: its search is a
#: new component (a button that opens a dialog, already named), which Material's
#: search box would break; the header is a copy of Material's whose search and palette
#: parts would stand in for Zensical's own.
NOT_FOR_ZENSICAL = frozenset({"partials/search.html", "partials/header.html"})
#: The edition's colours, written into the site after the build.
PALETTE = "assets/ecole-palette.css"
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_EXCEPTION = re.compile(r"^[\w.]+: ")


def available() -> bool:
    return importlib.util.find_spec("zensical") is not None


def write_config(project: Project, staged: Staged) -> Path:
    """The configuration Zensical reads, written next to the staged pages."""
    with open(project.root / "mkdocs.yml", encoding="utf-8") as file:
        mkdocs = yaml.safe_load(file)
    config: dict[str, Any] = {key: mkdocs[key] for key in THEME_KEYS if key in mkdocs}
    theme = config["theme"] = dict(config.get("theme", {}))
    # Material's look, which overrides/ and assets/ecole.css were written for
    theme.setdefault("variant", "classic")
    if theme.get("custom_dir"):
        theme["custom_dir"] = str(_theme_overrides(project.root / theme["custom_dir"], staged.docs.parent / "theme"))
    settings = SimpleNamespace(site_name="", site_description=None, site_url=None, theme=theme, extra={})
    apply_settings(settings, staged.curriculum)  # type: ignore[arg-type]  # the attributes it sets
    # overrides/main.html writes the palette with ``dict.items()``, which Zensical's
    # templates (MiniJinja) lack: the palette comes in a stylesheet of its own instead
    settings.extra["ecole"]["palette"] = {}
    config["extra_css"] = [*config.get("extra_css", []), PALETTE]
    extensions: list[Any] = []
    for name, options in EXTENSIONS:
        options = dict(options)
        if name == "pymdownx.snippets":
            options.update(base_path=[str(staged.includes)], check_paths=True)
        extensions.append({name: options} if options else name)
    config.update(
        site_name=settings.site_name,
        site_description=settings.site_description,
        site_url=settings.site_url,
        docs_dir=staged.docs.name,  # relative: Zensical 0.0.73 panics on an absolute docs_dir
        site_dir=OUTPUT,
        nav=staged.nav,
        markdown_extensions=extensions,
        plugins=["search"],
        extra=settings.extra,
    )
    path = staged.docs.parent / "zensical.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _theme_overrides(source: Path, target: Path) -> Path:
    """The project's overrides less those Zensical's theme replaced, copied to ``target``."""
    shutil.rmtree(target, ignore_errors=True)

    def replaced(folder: str, names: list[str]) -> list[str]:
        return [name for name in names if (Path(folder) / name).relative_to(source).as_posix() in NOT_FOR_ZENSICAL]

    shutil.copytree(source, target, ignore=replaced)
    return target


def build_html(project: Project, staged: Staged, site_dir: Path) -> None:
    """Build the site of ``staged`` into ``site_dir`` with Zensical; raise BuildFailed on any problem."""
    if not available():
        raise BuildFailed(
            "Zensical n'est pas installé : « .venv/bin/pip install -e '.[zensical]' », "
            "ou construisez avec le moteur par défaut (--engine mkdocs)."
        )
    config = write_config(project, staged)
    output = config.parent / OUTPUT
    shutil.rmtree(output, ignore_errors=True)
    # SOURCE_DATE_EPOCH: the content's date rather than the clock, as for MkDocs, should Zensical date anything
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(staged.curriculum.timestamp), "NO_COLOR": "1"}
    command = [sys.executable, "-m", "zensical", "build", "--config-file", str(config), "--strict"]
    result = subprocess.run(command, cwd=config.parent, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0 or not (output / "index.html").is_file():
        details = _messages(result.stdout + result.stderr, staged.curriculum, project)
        raise BuildFailed(f"Zensical a refusé le site :\n{details}")
    for page in output.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        page.write_text(compact(caption_tables(first_uses_only(html))), encoding="utf-8")
    settings = staged.curriculum.settings
    # `:root > *`: Material defines its colours on body, so a rule on :root alone would lose
    rules = "".join(f"{name}:{value};" for name, value in css_properties(settings.primary, settings.accent).items())
    (output / PALETTE).write_text(f":root>*{{{rules}}}\n", encoding="utf-8")
    site_dir.mkdir(parents=True, exist_ok=True)
    for entry in sorted(output.iterdir()):
        shutil.move(entry, site_dir / entry.name)
    output.rmdir()


def _messages(output: str, curriculum: Curriculum, project: Project) -> str:
    """Zensical's report without colours nor Python traceback, naming source files."""
    lines: list[str] = []
    traceback = False
    for line in _ANSI.sub("", output).splitlines():
        if line.startswith("Traceback "):
            traceback = True
        elif traceback and _EXCEPTION.match(line):  # the exception that ends a traceback
            reason = _EXCEPTION.sub("", _EXCEPTION.sub("", line).removeprefix("Python error: "))
            if reason != "Aborted because --strict flag is set" and reason not in lines:
                lines.append(reason)
            traceback = False
        elif not traceback and line.strip() and line.strip() not in ("Build started", "No issues found"):
            lines.append(line.rstrip())
    text = "\n".join(lines) or "échec sans message (code de sortie non nul)"
    for item in curriculum.items():
        source = item.source.relative_to(project.root).as_posix()
        text = re.sub(
            rf"(?<![\w/.-]){re.escape(item.staged_path)}:(\d+)(?::\d+)?", rf"{source} (page assemblée, ligne \1)", text
        )
    return text
