"""Pages converted by one Markdown instance per view, where MkDocs makes one per page.

MkDocs' ``Page.render`` makes a ``markdown.Markdown`` for every page: each of the
site's extensions made and registered again. At 300 modules (669 pages per
view) on this project's measuring machine, converting every page took 7.5 s of
processor time with an instance per page and 6.9 s with one instance, reset between
pages, for the same HTML. Python-Markdown is made for this: ``Markdown.reset`` clears
its own state and calls each extension's ``reset``.

What :meth:`PageRenderer.render` does is ``Page.render`` of MkDocs 1.6
(``mkdocs/structure/pages.py``), step for step, but for the instance: MkDocs' four
processors that depend on the page are made for each page and registered under their
names, which replaces the previous page's. ``tests/test_build_cache.py`` compares
whole sites converted this way with sites converted by MkDocs itself (``--no-cache``).
"""

from __future__ import annotations

import logging

import markdown
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure import pages
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc


class PageRenderer:
    """``Page.render`` for the pages of one build, with one Markdown instance."""

    def __init__(self) -> None:
        self._md: markdown.Markdown | None = None
        self._config: MkDocsConfig | None = None

    def render(self, page: Page, config: MkDocsConfig, files: Files) -> None:
        if page.markdown is None:
            raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
        md = self._markdown(config)
        raw_html = pages._RawHTMLPreprocessor()
        raw_html._register(md)
        extract_anchors = pages._ExtractAnchorsTreeprocessor(page.file, files, config)
        extract_anchors._register(md)
        relative_path = pages._RelativePathTreeprocessor(page.file, files, config)
        relative_path._register(md)
        extract_title = pages._ExtractTitleTreeprocessor()
        extract_title._register(md)

        page.content = md.convert(page.markdown)
        page.toc = get_toc(getattr(md, "toc_tokens", []))
        page._title_from_render = extract_title.title
        page.present_anchor_ids = extract_anchors.present_anchor_ids | raw_html.present_anchor_ids
        if pages.log.getEffectiveLevel() > logging.DEBUG:
            page.links_to_anchors = relative_path.links_to_anchors

    def _markdown(self, config: MkDocsConfig) -> markdown.Markdown:
        """The build's instance, reset; made at the first page (or for another configuration)."""
        if self._md is None or self._config is not config:
            self._md = markdown.Markdown(
                extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"] or {}
            )
            self._config = config
        else:
            self._md.reset()
        return self._md
