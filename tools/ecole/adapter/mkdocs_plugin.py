"""The thin adapter between MkDocs and the assembler.

MkDocs only ever sees the staged folder: this plugin assembles the curriculum
(or takes the one ``ecole build`` already assembled), points ``docs_dir`` and
``nav`` at the staged output and injects the edition's settings. Everything
that matters lives outside MkDocs' plugin API, which is unmaintained.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from jinja2 import Environment, FileSystemBytecodeCache
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from ..assembly.glossary import first_uses_only
from ..assembly.staging import stage
from ..model.curriculum import load_curriculum
from ..model.diagnostics import ContentError
from ..model.project import Project
from ..model.structure import Curriculum
from .compact_html import compact
from .site_config import apply_settings

log = logging.getLogger("mkdocs.plugins.ecole")


class EcoleConfig(base.Config):
    edition = c.Optional(c.Type(str))
    trainer = c.Type(bool, default=False)


class EcolePlugin(BasePlugin[EcoleConfig]):
    """``plugins: [ecole]`` in mkdocs.yml."""

    def __init__(self) -> None:
        super().__init__()
        #: Set by ``ecole build`` so that the content is read only once per build.
        self.curriculum: Curriculum | None = None
        self.project: Project | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        if dirty:
            logging.getLogger("mkdocs.commands.build").addFilter(_partial_rebuild_notice)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        project = self.project or Project(Path(config.config_file_path).parent)
        edition = self.config.edition or os.environ.get("ECOLE_EDITION") or None
        trainer = self.config.trainer or os.environ.get("ECOLE_TRAINER") == "1"
        curriculum = self.curriculum
        if curriculum is None:
            try:
                curriculum, report = load_curriculum(project, edition=edition, trainer=trainer or None)
            except ContentError as exc:
                raise PluginError("le contenu comporte des erreurs :\n" + str(exc)) from None
            for warning in report.warnings:
                log.warning(str(warning))
        staged = stage(curriculum, project.work / "staging" / staging_name(curriculum))
        config.docs_dir = str(staged.docs)
        config.nav = staged.nav
        snippets = config.mdx_configs.setdefault("pymdownx.snippets", {})
        snippets["base_path"] = [str(staged.includes)]
        snippets["check_paths"] = True
        apply_settings(config, curriculum)
        return config

    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
        trim_template_whitespace(env)
        # MkDocs compiles every theme template again at each build: a third of a
        # rebuild under ``mkdocs serve``. Compiled templates are kept in .ecole/
        # (Jinja checks each against its source, and writes atomically); the
        # whitespace options change the compiled code, so they name the folder.
        project = self.project or Project(Path(config.config_file_path).parent)
        options = f"{int(env.trim_blocks)}{int(env.lstrip_blocks)}"
        cache = project.work / f"gabarits-compiles-{options}"
        cache.mkdir(parents=True, exist_ok=True)
        env.bytecode_cache = FileSystemBytecodeCache(str(cache))
        return env

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        return first_uses_only(html)

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        return compact(output)

    def on_serve(self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder) -> LiveReloadServer:
        # The staged folder changes only because the sources changed; watching it
        # too would rebuild twice per save. Watch the sources instead.
        server.unwatch(config.docs_dir)
        project = self.project or Project(Path(config.config_file_path).parent)
        for path in ("modules", "case_studies", "docs", "editions", "ecole.yml", "parcours.yml", "overrides"):
            if (project.root / path).exists():
                server.watch(str(project.root / path))
        return server


def trim_template_whitespace(env: Environment) -> None:
    """A line that holds only a ``{% ... %}`` tag leaves nothing in the page.

    Material's templates put each tag on a line of its own, indented: two lines
    of three in a page were blank, most of them in the navigation. Rendering
    them, then removing them (:mod:`ecole.adapter.compact_html`), took a sixth of the
    HTML build (14.4 s against 11.9 s for 300 modules). Readers see no
    difference: the only spaces that go are between list items, before the
    doctype and between the two icons of the search box, one of which is always
    hidden (checked by ``tests/test_performance.py``).
    """
    env.trim_blocks = True
    env.lstrip_blocks = True


def _partial_rebuild_notice(record: logging.LogRecord) -> bool:
    """``make serve`` runs ``mkdocs serve --dirty``: after a save, only the pages whose
    staged Markdown changed are rebuilt, so the new page shows within a second or
    two however large the curriculum. MkDocs warns about it at every rebuild, and in
    strict mode that warning would stop the server: it becomes a line of information."""
    if record.levelno == logging.WARNING and record.getMessage().startswith("A 'dirty' build"):
        log.info(
            "Reconstruction partielle : seules les pages modifiées sont reconstruites ; "
            "le menu des autres pages se met à jour au prochain lancement de « make serve »."
        )
        return False
    return True


def staging_name(curriculum: Curriculum) -> str:
    name = curriculum.settings.edition or "reference"
    return f"{name}-formateur" if curriculum.trainer else name
