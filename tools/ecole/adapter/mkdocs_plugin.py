"""The thin adapter between MkDocs and the assembler.

MkDocs only ever sees the staged folder: ``ecole build`` and ``ecole serve``
load and stage the curriculum, then hand the result to this plugin, which points
``docs_dir`` and ``nav`` at it, gives MkDocs the Markdown dialect of the staged
pages and injects the edition's settings. Everything that matters lives outside
MkDocs' plugin API, which is unmaintained.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from jinja2 import Environment
from mkdocs.config import base
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import reduce_list

from ..assembly.canvas import caption_tables
from ..assembly.dialect import EXTENSIONS
from ..assembly.glossary import first_uses_only
from ..assembly.page_assets import assets_for, content_classes
from ..assembly.staging import Staged
from ..assembly.templates import keep_compiled
from ..errors import ContentError
from ..model.project import Project
from .compact_html import compact, drop_invalid_attributes
from .icon_styles import IconStyles
from .nav_cache import NavCache
from .page_cache import PageCache
from .search_view import index_search_view
from .site_config import apply_settings
from .theme_listing import list_visible_files_only

if TYPE_CHECKING:  # the live server's module is loaded by ecole serve only, not by a build
    from mkdocs.livereload import LiveReloadServer

log = logging.getLogger("mkdocs.plugins.ecole")

#: What the project's authors edit: ``ecole serve`` rebuilds when one of them changes.
WATCHED = ("modules", "case_studies", "docs", "editions", "ecole.yml", "parcours.yml", "overrides")


class EcoleConfig(base.Config):
    """No option in mkdocs.yml: the edition and the view are chosen on the command line."""


class EcolePlugin(BasePlugin[EcoleConfig]):
    """``plugins: [ecole]`` in mkdocs.yml."""

    #: Set by ``ecole serve``: loads and stages the curriculum again at each rebuild
    #: (MkDocs makes a new plugin for each), and raises ContentError on bad content.
    prepare: ClassVar[Callable[[], Staged] | None] = None

    def __init__(self) -> None:
        super().__init__()
        #: Set by ``ecole build``: the staged pages of the curriculum it loaded.
        self.staged: Staged | None = None
        #: Every asset of the theme, while one page renders with those it uses.
        self._all_assets: tuple[list, list] | None = None
        #: Set by ``ecole build`` unless ``--no-cache``: the pages kept by earlier builds.
        self.pages: PageCache | None = None
        #: The admonitions' icons, one style sheet for every page of the build.
        self._icons = IconStyles()
        self._nav: Navigation | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        if dirty:
            logging.getLogger("mkdocs.commands.build").addFilter(_PartialRebuildNotice())

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # MkDocs keeps one instance for the whole of ``ecole serve``: prepare afresh
        # at each rebuild rather than keep what the first build staged
        staged = self.staged or self._prepare()
        config.docs_dir = str(staged.docs)
        config.nav = staged.nav
        # MkDocs' own built-in extensions first, as it registers them
        # then the quizzes kept out of md_in_html's HTML parser and the texts that no inline
        # pattern can match left as they are (the same HTML, made faster); not in the
        # dialect: the exports that render bodies are left as they were
        config.markdown_extensions = reduce_list(
            config.markdown_extensions
            + [name for name, _ in EXTENSIONS]
            + ["ecole.adapter.quiz_blocks", "ecole.adapter.plain_texts"]
        )
        config.mdx_configs.update({name: dict(settings) for name, settings in EXTENSIONS if settings})
        snippets = config.mdx_configs.setdefault("pymdownx.snippets", {})
        snippets["base_path"] = [str(staged.includes)]
        snippets["check_paths"] = True
        apply_settings(config, staged.curriculum)
        list_visible_files_only(config.theme)
        return config

    def _prepare(self) -> Staged:
        if EcolePlugin.prepare is None:
            raise PluginError(
                "MkDocs ne sait pas assembler le cursus seul : lancez « ecole serve » (ou « make serve ») "
                "pour le site de travail, « ecole build » pour construire le site."
            )
        try:
            return EcolePlugin.prepare()
        except ContentError as exc:
            # Abort, not PluginError: MkDocs' live server prints an Abort as it is, where it
            # follows a build error with « Aborted with a BuildError! », in English
            raise Abort(
                "le contenu comporte des erreurs :\n"
                + str(exc)
                + "\nCorrigez-les et enregistrez : le site de travail se reconstruit alors de lui-même."
            ) from None

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        # Material's search makes its index anew in its on_config, at every build
        search = config.plugins.get("material/search")
        index = getattr(search, "search_index", None)
        if index is not None and hasattr(index, "add_entry_from_context"):
            index_search_view(index)
            if self.pages is not None:
                self.pages.index_through_cache(index)

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        self._nav = nav
        return nav

    def on_pre_page(self, page: Page, /, *, config: MkDocsConfig, files: Files) -> Page:
        if self.pages is not None:
            self.pages.prepare_render(page)
        return page

    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
        trim_template_whitespace(env)
        # MkDocs compiles every theme template again at each build
        keep_compiled(env, Project(Path(config.config_file_path).parent).work / "gabarits-compiles")
        # a new one at each build: it knows the items by id, which a rebuilt navigation may reuse
        env.globals["ecole_nav_cache"] = NavCache()
        self._icons = IconStyles()  # likewise, a new style sheet at each build
        if self.pages is not None:  # every page is converted by now: their titles are known
            self.pages.choose_templates(env, config, files, self._nav)
        return env

    def on_page_context(self, context: dict, /, *, page: Page, config: MkDocsConfig, nav) -> dict:
        # A page written from the build cache reads neither its content nor the assets:
        # its template is empty (a tenth of a second per view after a one-module edit).
        if self.pages is not None and self.pages.before_template(page, context):
            return context
        # Here rather than in on_page_content, for the pages rendered only; before the
        # search plugin, which comes after this one and indexes the content.
        if page.content is not None:
            page.content = caption_tables(first_uses_only(page.content))
        # The theme's assets this page uses, and only those: the template reads them from
        # the configuration, which is the same for every page; on_post_page puts it back.
        self._all_assets = (config.extra_css, config.extra_javascript)
        classes = content_classes(page.content or "")
        config.extra_css = _used(config.extra_css, classes)
        config.extra_javascript = _used(config.extra_javascript, classes)
        return context

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        def finish(html: str) -> str:
            return compact(self._icons.link(html, page.url))

        # before the assets are put back: a kept page found damaged is rendered here
        html = self.pages.written(page, output, finish, self._icons) if self.pages is not None else finish(output)
        if self._all_assets is not None:
            config.extra_css, config.extra_javascript = self._all_assets
            self._all_assets = None
        # The page is done: MkDocs would keep its Markdown and its HTML to the end of the
        # build, every page's at once, though nothing reads them again (a template reads
        # the current page's content only; search indexed it before the template ran).
        # The Markdown becomes "", not None: MkDocs' Page.title gives None for a page
        # without Markdown (the next page's link reads it); with "" and no content it
        # finds no heading in it and falls back as before.
        page.markdown, page.content = "", None
        return html

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self._icons.write(Path(config.site_dir))
        if self.pages is not None:
            self.pages.finish()

    def on_post_template(self, output_content: str, /, *, template_name: str, config: MkDocsConfig) -> str:
        # 404.html is a static template, not a page: on_post_page never sees it.
        if template_name.endswith(".html"):
            return drop_invalid_attributes(output_content)
        return output_content

    def on_serve(self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder) -> LiveReloadServer:
        # The staged folder changes only because the sources changed; watching it
        # too would rebuild twice per save. Watch the sources instead.
        server.unwatch(config.docs_dir)
        root = Path(config.config_file_path).parent
        for path in WATCHED:
            if (root / path).exists():
                server.watch(str(root / path))
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


def _used(assets: list, classes: set[str]) -> list:
    """The entries of ``extra_css`` or ``extra_javascript`` that a page whose content names ``classes`` uses."""
    used = set(assets_for([str(asset) for asset in assets], classes))
    return [asset for asset in assets if str(asset) in used]


class _PartialRebuildNotice(logging.Filter):
    """``make serve`` rebuilds dirty: after a save, only the pages whose
    staged Markdown changed are rebuilt, so the new page shows within a second or
    two however large the curriculum. MkDocs warns about it at every build, and in
    strict mode that warning would stop the server: it becomes a line of information,
    from the first rebuild on (the first build makes every page: nothing to say then)."""

    def __init__(self) -> None:
        super().__init__()
        self.builds = 0

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno == logging.WARNING and record.getMessage().startswith("A 'dirty' build"):
            self.builds += 1
            if self.builds > 1:
                log.info(
                    "Reconstruction partielle : seules les pages modifiées sont reconstruites ; "
                    "le menu des autres pages se met à jour au prochain lancement du site de travail."
                )
            return False
        return True
