"""Pages an earlier build wrote, reused when nothing they are made of changed.

MkDocs makes every page again at every build: it converts the page's Markdown
(about half of a page's cost), then renders the theme's templates around it (about
a quarter). After a sentence changed in one module, all but two or three pages of
each view come out the same. Two steps of a page are kept, in the build cache
(``.ecole/cache/pages/<view>/``, see :mod:`.page_store` for how):

- **the conversion** of its Markdown, under the key of what it is converted from:
  its text and front matter, its address, the address of every file of the site (a
  link is written relative to the page, and checked against the files), the
  snippets it includes, the Markdown extensions and their settings, and the
  *environment* (:func:`ecole.uptodate.environment_digest`: the tool, the theme,
  the edition's settings, the libraries). What is kept is what MkDocs' ``Page.render``
  sets: the HTML, the table of contents, the title, the anchors and the links to
  anchors in other pages, which MkDocs checks after the build as before. A
  conversion that logged a warning is not kept: the next build must say it again;
- **the written page** and its entries in the search index (Material's search reads
  each page's HTML tag by tag), under the key of its conversion and of the *site*: every
  page's address, title and front matter, the navigation, the site's
  configuration and the content's date, known once every page is converted. A page
  whose key is found is not rendered: MkDocs is given an empty template for it, and
  the page kept is written in place of what that template gives (``on_post_page``).

A page from the cache is byte for byte the page the build would have written
(``tests/test_build_cache.py`` compares whole sites with a build without cache). An
entry found damaged is removed and the page made again. Entries this build did not
use are removed at its end, so that the cache holds one site's worth per view.
"""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, DictLoader, Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, get_toc

from ..model.body import SNIPPET_MARK
from ..model.digests import key_of
from .icon_styles import IconStyles
from .page_render import PageRenderer
from .page_store import Entries

#: The template MkDocs renders for a page taken from the cache: nothing.
KEPT_PAGE_TEMPLATE = "ecole-page-du-cache.html"
#: Bump when what an entry holds, or how a key is made, changes.
FORMAT = "1"
#: What MkDocs calls the build's date in a template's context.
BUILD_DATE = "build_date_utc"
#: Settings whose value is a place on this machine, not something a page shows.
_PLACES = ("docs_dir", "site_dir", "config_file_path", "plugins", "hooks", "watch", "theme")
_ADDRESS = re.compile(r" at 0x[0-9a-f]+")


@dataclass
class PageReport:
    """What one view's build did with its pages."""

    written: list[str] = field(default_factory=list)  # rendered by the theme
    reused: list[str] = field(default_factory=list)  # taken whole from the cache
    converted: list[str] = field(default_factory=list)  # Markdown converted again
    repaired: list[str] = field(default_factory=list)  # entries found damaged


class PageCache:
    """One view's build: its folder of entries and what every page depends on besides its own text.

    ``environment``: :func:`ecole.uptodate.environment_digest` of the project;
    ``includes``: the folder of the snippets pages may include."""

    def __init__(self, folder: Path, environment: str, includes: Path):
        self.store = Entries(folder)
        self._renderer = PageRenderer()
        self.environment = environment
        self.includes = includes
        self.report = PageReport(repaired=self.store.repaired)
        self._markdown_setup: str | None = None
        self._files: str | None = None
        self._snippets: str | None = None
        self._render_keys: dict[str, str] = {}
        self._page_keys: dict[str, str] = {}
        self._kept: dict[str, str] = {}  # page -> the template it would have had
        self._context: dict[str, dict] = {}  # of a kept page found damaged, to render it
        self._loaded: dict[str, dict] = {}  # kept pages read, until written
        self._search: dict[str, list] = {}  # search entries of the pages rendered, until kept
        self._env: Environment | None = None

    # --- conversion ------------------------------------------------------------------

    def prepare_render(self, page: Page) -> None:
        """Give ``page`` a ``render`` that takes its conversion from the cache, or keeps it.

        MkDocs calls ``page.render(config, files)`` once the page's Markdown is read and
        the plugins have seen it; an attribute of the instance is found before the
        class's method."""
        page.render = functools.partial(self._render, page)  # type: ignore[method-assign]

    def _render(self, page: Page, config: MkDocsConfig, files: Files) -> None:
        name = page.file.src_uri
        key = self._render_keys[name] = self._render_key(page, config, files)
        data = _json(self.store.load(key, name))
        if data is not None:
            _restore(page, data, files)
        else:
            self._convert(page, key, config, files)

    def _render_key(self, page: Page, config: MkDocsConfig, files: Files) -> str:
        if self._markdown_setup is None:
            setup = [_stable(config.markdown_extensions), _stable(config.mdx_configs, Path(config.docs_dir).parent)]
            self._markdown_setup = json.dumps(setup, sort_keys=True, ensure_ascii=False)
        if self._files is None:
            self._files = key_of(
                *(f"{f.src_uri}\0{f.dest_uri}\0{f.url}\0{f.inclusion.name}" for f in sorted(files, key=_src))
            )
        markdown = page.markdown or ""
        return key_of(
            "conversion",
            FORMAT,
            self.environment,
            self._markdown_setup,
            self._files,
            str(config.use_directory_urls),
            page.file.src_uri,
            page.file.url,
            json.dumps(_stable(page.meta), sort_keys=True, ensure_ascii=False),
            markdown,
            self._snippets_digest() if SNIPPET_MARK in markdown else "",
        )

    def _snippets_digest(self) -> str:
        if self._snippets is None:
            found = sorted(path for path in self.includes.rglob("*") if path.is_file())
            self._snippets = key_of(
                *(f"{p.relative_to(self.includes).as_posix()}\0" for p in found), *(p.read_bytes() for p in found)
            )
        return self._snippets

    def _convert(self, page: Page, key: str, config: MkDocsConfig, files: Files) -> None:
        warned = _Warned()
        logger = logging.getLogger("mkdocs")
        logger.addHandler(warned)
        try:
            self._renderer.render(page, config, files)
        finally:
            logger.removeHandler(warned)
        self.report.converted.append(page.file.src_uri)
        if not warned.seen:
            self.store.keep(key, json.dumps(_converted(page), ensure_ascii=False).encode("utf-8"), page.file.src_uri)

    # --- search ------------------------------------------------------------------------

    def index_through_cache(self, index) -> None:
        """Make Material's search index (``SearchIndex``) take a kept page's entries from the cache.

        Its parser reads each page's HTML tag by tag: a fifth of a build whose pages all
        come from the cache. A page's entries are kept with the page written: they follow
        from its conversion (HTML, table of contents, address, front matter) and its title."""
        add = index.add_entry_from_context

        def add_entry_from_context(page: Page) -> None:
            name = page.file.src_uri
            kept = self._loaded.get(name)
            if kept is not None and isinstance(kept.get("search"), list):
                index.entries.extend(kept["search"])
                return
            before = len(index.entries)
            add(page)
            self._search[name] = index.entries[before:]

        index.add_entry_from_context = add_entry_from_context

    # --- written pages -----------------------------------------------------------------

    def choose_templates(self, env: Environment, config: MkDocsConfig, files: Files, nav: Navigation | None) -> None:
        """Once every page is converted: the pages whose written form is kept get an empty template."""
        self._env = env
        env.loader = ChoiceLoader([DictLoader({KEPT_PAGE_TEMPLATE: ""}), env.loader])
        pages = [f.page for f in sorted(files.documentation_pages(), key=_src) if f.page is not None]
        site = key_of(
            "site",
            FORMAT,
            self.environment,
            json.dumps(_config(config), sort_keys=True, ensure_ascii=False),
            json.dumps(_navigation(nav.items) if nav is not None else None, ensure_ascii=False),
            *(
                json.dumps([p.file.src_uri, p.url, p.title, _stable(p.meta)], sort_keys=True, ensure_ascii=False)
                for p in pages
            ),
            # MkDocs gives templates the build's date (``build_date_utc``, from SOURCE_DATE_EPOCH):
            # a page depends on it only if a template of the theme reads it. No template
            # of Material's or ours does, so that a commit of a new day writes no page again
            os.environ.get("SOURCE_DATE_EPOCH", "") if _reads_build_date(config.theme.dirs) else "",
        )
        for page in pages:
            name = page.file.src_uri
            conversion = self._render_keys.get(name)
            if conversion is None:
                continue
            key = self._page_keys[name] = key_of("page", site, conversion)
            if self.store.has(key):
                self._kept[name] = page.meta.get("template", "main.html")
                page.meta["template"] = KEPT_PAGE_TEMPLATE

    def before_template(self, page: Page, context: dict) -> bool:
        """Whether the page is written from the cache: it is read now, before the search
        indexes it; should it be damaged, its context is kept, to render it as MkDocs
        would have."""
        name = page.file.src_uri
        if name not in self._kept:
            return False
        data = _json(self.store.load(self._page_keys[name], name))
        if data is not None and isinstance(data.get("html"), str):
            self._loaded[name] = data
            return True
        self._context[name] = context
        return False

    def written(self, page: Page, output: str, finish: Callable[[str], str], icons: IconStyles) -> str:
        """The page as written: from the cache, or ``finish(output)``, kept under the page's key
        with its search entries.

        ``icons``: the build's shared style sheet of icons, which a kept page links to."""
        name = page.file.src_uri
        key = self._page_keys.get(name)
        data = self._loaded.pop(name, None)
        if data is not None:
            self.report.reused.append(name)
            if isinstance(data.get("icons"), str):
                icons.adopt(data["icons"])
            return data["html"]
        if name in self._context:  # kept, but found damaged: rendered now
            assert self._env is not None
            output = self._env.get_template(self._kept[name]).render(self._context.pop(name))
        self.report.written.append(name)
        html = finish(output)
        if key is not None:
            entry = {
                "html": html,
                "icons": icons.css if icons.linked_from(html) else None,
                "search": self._search.pop(name, None),
            }
            self.store.keep(key, json.dumps(entry, ensure_ascii=False).encode("utf-8"), name)
        return html

    def finish(self) -> None:
        """After a build: the entries it did not use go, so that the cache holds one site's worth."""
        self.store.close()


class _Warned(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.seen = False

    def emit(self, record: logging.LogRecord) -> None:
        self.seen = True


def _reads_build_date(folders: list[str]) -> bool:
    """Whether a template in the theme's ``folders`` (overrides first) names ``build_date_utc``.
    Hidden folders are not templates: Material's icons (14,000 files) are left unread."""
    for folder in folders:
        for here, subfolders, names in os.walk(folder):
            subfolders[:] = [name for name in subfolders if not name.startswith(".")]
            for name in names:
                if name.endswith(".html") and BUILD_DATE in Path(here, name).read_text(encoding="utf-8"):
                    return True
    return False


def _src(file) -> str:
    return file.src_uri


def _json(data: bytes | None) -> dict | None:
    if data is None:
        return None
    with contextlib.suppress(ValueError):
        value = json.loads(data)
        if isinstance(value, dict):
            return value
    return None


def _converted(page: Page) -> dict[str, Any]:
    """What ``Page.render`` set on ``page``."""
    links = page.links_to_anchors
    return {
        "content": page.content,
        "toc": [_token(item) for item in page.toc.items],
        "title": page._title_from_render,
        "anchors": sorted(page.present_anchor_ids or ()),
        "links": None if links is None else {file.src_uri: dict(anchors) for file, anchors in links.items()},
    }


def _token(item: AnchorLink) -> dict[str, Any]:
    return {"level": item.level, "id": item.id, "name": item.title, "children": [_token(c) for c in item.children]}


def _restore(page: Page, data: dict, files: Files) -> None:
    """``Page.render`` as the kept conversion ``data`` says it went."""
    page.content = data["content"]
    page.toc = get_toc(data["toc"])
    page._title_from_render = data["title"]
    page.present_anchor_ids = set(data["anchors"])
    if data["links"] is not None:
        page.links_to_anchors = {files.get_file_from_path(src): anchors for src, anchors in data["links"].items()}


def _navigation(items: list) -> list:
    out: list = []
    for item in items:
        if isinstance(item, Section):
            out.append(["section", item.title, _navigation(item.children)])
        elif isinstance(item, Page):
            out.append(["page", item.title, item.url, item.file.src_uri])
        elif isinstance(item, Link):
            out.append(["link", item.title, item.url])
        else:
            out.append(["autre", repr(item)])
    return out


def _config(config: MkDocsConfig) -> dict[str, Any]:
    """The site's settings, as pages show them: places on this machine left out."""
    root = Path(config.config_file_path).parent if config.config_file_path else None
    out = {key: _stable(value, root) for key, value in config.items() if key not in _PLACES}
    theme = config.theme
    out["theme"] = {"name": theme.name, "locale": str(theme.locale), **_stable(dict(theme.items()), root)}
    return out


def _stable(value: Any, root: Path | None = None, depth: int = 0) -> Any:
    """``value`` as JSON that is the same from one build, and one clone, to the next."""
    if depth > 8:
        return type(value).__qualname__
    if isinstance(value, Mapping):
        return {str(k): _stable(v, root, depth + 1) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [_stable(v, root, depth + 1) for v in value]
        return sorted(items, key=repr) if isinstance(value, (set, frozenset)) else items
    if isinstance(value, str):
        if root is not None and os.path.isabs(value):
            with contextlib.suppress(ValueError):
                return "<projet>/" + Path(value).relative_to(root).as_posix()
        return value
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if callable(value) and hasattr(value, "__qualname__"):
        return f"{getattr(value, '__module__', '')}.{value.__qualname__}"
    if type(value).__repr__ is object.__repr__ and hasattr(value, "__dict__"):
        # an object without a repr of its own (MkDocs' ExtraScriptValue): its attributes
        return {"@": type(value).__qualname__, **_stable(vars(value), root, depth + 1)}
    return _ADDRESS.sub("", repr(value))
