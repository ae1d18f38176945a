"""Markdown -> HTML for print, with the site's own Python-Markdown extensions.

The extensions and their settings are the site's own
(:mod:`ecole.assembly.dialect`), so that a booklet renders a body exactly as
the site does. What differs in print is
where links go: a page that is in the same PDF becomes an internal link (the
stylesheet adds its page number), a page that is only on the site becomes an
absolute address when the edition declares ``site_url``, and otherwise the
words stay without a link, since a relative address means nothing on paper.
"""

from __future__ import annotations

import json
import posixpath
import xml.etree.ElementTree as ET
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from ..assembly import dialect, typography
from ..assembly.dialect import extension_names, extension_settings
from ..model import body
from ..model.body import is_external
from ..model.structure import page_url
from . import cache


@dataclass
class PrintLinks:
    """Where the links of one chapter go once it is on paper.

    ``here`` is the staged path of the page the Markdown comes from (links in
    prepared bodies are relative to it); ``included`` holds the staged paths of
    the pages printed in the same PDF; ``assets`` maps staged paths of images
    to their source files.
    """

    here: str
    included: set[str]
    assets: dict[str, Path] = field(default_factory=dict)
    site_url: str | None = None
    #: a chapter printed once for several booklets (:mod:`.parted`): a link to another page
    #: of ``included`` keeps, in ``data-site``, where it leads in a booklet that does not
    #: print that page (its address on the site, or nothing: the words only)
    deferred: bool = False

    def target(self, href: str) -> str | None:
        """The printed href for ``href``, or ``None`` to keep the words only."""
        if is_external(href):
            return href
        path, _, anchor = href.partition("#")
        if not path:
            return f"#{self.id_of(self.here, anchor)}" if anchor else None
        staged = posixpath.normpath(posixpath.join(posixpath.dirname(self.here), path))
        if staged in self.included:
            return f"#{self.id_of(staged, anchor)}"
        return self.site(staged, anchor)

    def site(self, staged: str, anchor: str = "") -> str | None:
        """The address of a staged page on the site, when the edition declares ``site_url``."""
        if self.site_url:
            return self.site_url.rstrip("/") + "/" + page_url(staged) + (f"#{anchor}" if anchor else "")
        return None

    def elsewhere(self, href: str) -> str | None:
        """For a deferred chapter, where a link to another page of the booklet leads when
        that page is not printed beside it: ``""`` for the words only; ``None`` when
        ``href`` stays in the page or leaves the booklet anyway."""
        if not self.deferred or is_external(href):
            return None
        path, _, anchor = href.partition("#")
        staged = posixpath.normpath(posixpath.join(posixpath.dirname(self.here), path))
        if not path or staged == self.here or staged not in self.included:
            return None
        return self.site(staged, anchor) or ""

    def fingerprint(self) -> str:
        """Everything that decides where the links go, in a stable order (a cache key)."""
        assets = sorted((path, str(source)) for path, source in self.assets.items())
        return json.dumps([self.here, sorted(self.included), assets, self.site_url, self.deferred])

    def id_of(self, staged: str, anchor: str = "") -> str:
        """Ids are prefixed by their chapter: every chapter of a booklet shares one HTML document."""
        return f"{chapter_id(staged)}--{anchor}" if anchor else chapter_id(staged)

    def image(self, src: str) -> str:
        if is_external(src):
            return src
        staged = posixpath.normpath(posixpath.join(posixpath.dirname(self.here), src))
        source = self.assets.get(staged)
        return source.resolve().as_uri() if source is not None else src


def chapter_id(staged: str) -> str:
    """``methodes/persona.md`` -> ``methodes-persona``: a valid, readable HTML id."""
    return staged.removesuffix(".md").replace("/", "-")


class _PrintTree(Treeprocessor):
    """Runs after every other treeprocessor (ids from toc and footnotes exist)."""

    def __init__(self, md: markdown.Markdown, links: PrintLinks, shift: int, running: int | None):
        super().__init__(md)
        self.links = links
        self.shift = shift
        self.running = running

    def run(self, root: ET.Element) -> None:
        for element in root.iter():
            if element.tag == "a" and "href" in element.attrib:
                self._link(element)
            if "id" in element.attrib:
                element.set("id", self.links.id_of(self.links.here, element.get("id")))
            if element.tag == "img" and "src" in element.attrib:
                element.set("src", self.links.image(element.get("src")))
            if len(element.tag) == 2 and element.tag[0] == "h" and element.tag[1].isdigit():
                level = min(int(element.tag[1]) + self.shift, 6)
                element.tag = f"h{level}"
                if level == self.running:
                    _add_class(element, "courant")

    def _link(self, element: ET.Element) -> None:
        href = element.get("href")
        target = self.links.target(href)
        if target is None:
            # keep the words, drop the link: a <span> keeps the inline children and tail
            element.tag = "span"
            element.attrib.clear()
            return
        element.set("href", target)
        elsewhere = self.links.elsewhere(href)
        if elsewhere is not None:
            # no page number: it would depend on the booklet (see PrintLinks.deferred)
            _add_class(element, "interne")
            element.set("data-site", elsewhere)
        elif target.startswith("#"):
            # the stylesheet prints its page number in the <span>: generated content on
            # the link itself would be tagged as a link inside the link
            _add_class(element, "interne")
            ET.SubElement(element, "span", {"class": "interne__page", "data-cible": target})


def _add_class(element: ET.Element, name: str) -> None:
    element.set("class", f"{element.get('class', '')} {name}".strip())


class _PrintExtension(Extension):
    def __init__(self, links: PrintLinks, shift: int, running: int | None):
        super().__init__()
        self.links = links
        self.shift = shift
        self.running = running

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Python-Markdown API)
        md.treeprocessors.register(_PrintTree(md, self.links, self.shift, self.running), "ecole-print", 0)


@dataclass
class Heading:
    level: int  # after the shift
    id: str  # as printed (prefixed)
    text: str  # HTML-escaped plain text


@dataclass
class Rendered:
    html: str
    headings: list[Heading]  # in document order, for tables of contents


def render_markdown(
    text: str,
    links: PrintLinks,
    *,
    shift: int = 0,
    running: int | None = None,
    replacements: dict[str, str] | None = None,
) -> Rendered:
    """HTML of ``text``; headings move down ``shift`` levels, and those that end
    at level ``running`` get the class ``courant`` (running page headers).
    ``replacements`` swaps raw-HTML placeholders after conversion. (A module is
    rendered once per build: its chapter is shared by every booklet that holds it.)

    Kept in the build's cache (:mod:`.cache`), keyed by all of these and by the code and
    libraries that convert: after a one-module edit, the other bodies of every booklet,
    programme sheet and kit are not converted again (a second of a rebuild)."""
    store = cache.active()
    # a body that still includes files depends on more than its text: converted at each build
    if store.folder is None or body.SNIPPET_MARK in text:
        return _render(text, links, shift, running, replacements)
    key = cache.key_of(
        "markdown imprimé",
        cache.code_fingerprint(__file__, dialect.__file__, typography.__file__, body.__file__),
        cache.library_versions(("markdown", "pymdown-extensions")),
        text,
        links.fingerprint(),
        json.dumps([shift, running, sorted((replacements or {}).items())]),
    )

    def make() -> bytes:
        rendered = _render(text, links, shift, running, replacements)
        return json.dumps(asdict(rendered), ensure_ascii=False).encode("utf-8")

    found = json.loads(store.part(key, f"{links.here} (texte imprimé)", make))
    return Rendered(found["html"], [Heading(**heading) for heading in found["headings"]])


def load_extensions() -> None:
    """The dialect's Markdown extensions imported (Python-Markdown imports them by name when
    a converter is made, as :func:`_render` does), by a process that will print, before it
    has a chapter to convert (:func:`.pdf.prepare_printing`)."""
    markdown.Markdown(extensions=extension_names(), extension_configs=extension_settings())


def _render(
    text: str, links: PrintLinks, shift: int, running: int | None, replacements: dict[str, str] | None
) -> Rendered:
    md = markdown.Markdown(
        extensions=[*extension_names(), _PrintExtension(links, shift, running)],
        extension_configs=extension_settings(),
        output_format="html",
    )
    html = md.convert(text)
    for marker, replacement in (replacements or {}).items():
        html = html.replace(marker, replacement)
    headings: list[Heading] = []

    def walk(tokens: list[dict[str, Any]]) -> None:
        for token in tokens:
            level = min(token["level"] + shift, 6)
            headings.append(Heading(level, links.id_of(links.here, token["id"]), token["name"]))
            walk(token["children"])

    walk(getattr(md, "toc_tokens", []))
    return Rendered(html, headings)
