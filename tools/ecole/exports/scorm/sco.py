"""One module as a self-contained HTML page: the SCO of a SCORM package.

The body goes through Python-Markdown with the extensions of ``mkdocs.yml``, so
a module reads in an LMS as it does on the site, quiz included. What needs the
site stays out: Material's scripts and styles, the progress buttons, links to
other pages. Those become absolute addresses when the edition declares its
``site_url`` and plain words otherwise; they and every external link open in a
new tab, since following a link inside the LMS frame would end the session.
Images and files the module links to travel in the package.
"""

from __future__ import annotations

import json
import posixpath
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from ...assembly import dialect, glossary, templates, typography
from ...assembly.dialect import extension_names, extension_settings
from ...assembly.facts import credit, item_link, module_facts, related_items
from ...assembly.glossary import first_uses_only, tooltips
from ...assembly.pages import prepare_body
from ...assembly.quiz_html import inline, render_quiz
from ...model import body as body_module
from ...model.body import SNIPPET_MARK, is_external
from ...model.loader import QUIZ_MARKER
from ...model.structure import Curriculum, Item, Module, page_url
from .. import cache

#: Folders inside a package: the SCO pages, what they share, the files they link to.
PAGES = "modules"
SHARED = "commun"
#: Beside the shared scripts: which licence covers what, and the MIT licence's text, which
#: must go with every copy of the scripts (their SPDX line names the licence, it does not grant it).
LICENCES = "LICENCES.txt"
RESOURCES = "ressources"
#: Where a page's body goes, once the template around it has French typography: the
#: body had it with its Markdown (its raw HTML blocks too), and scanning it again for
#: each version of each package took 0.15 s of a build. A comment: typography skips it.
_BODY = "<!--ecole-corps-du-module-->"


@dataclass
class PackageLinks:
    """Where the links of one module go once it is inside a package.

    Links in a prepared body are relative to the module's staged path
    (``modules/<id>.md``); the SCO page sits at ``modules/<id>.html`` in the
    package, so ``../`` leads to the package root.
    """

    here: str
    assets: dict[str, Path]
    site_url: str | None
    files: dict[str, Path] = field(default_factory=dict)  # package path -> source, filled while rendering

    def target(self, href: str) -> str | None:
        """The href inside the package, or ``None`` to keep the words only."""
        if is_external(href):
            return href
        path, _, anchor = href.partition("#")
        if not path:
            return href
        staged = posixpath.normpath(posixpath.join(posixpath.dirname(self.here), path))
        if staged == self.here:
            return f"#{anchor}" if anchor else None
        if staged in self.assets:
            return self.packaged(staged)
        if self.site_url:
            return self.site_url.rstrip("/") + "/" + page_url(staged) + (f"#{anchor}" if anchor else "")
        return None

    def image(self, src: str) -> str:
        staged = posixpath.normpath(posixpath.join(posixpath.dirname(self.here), src))
        return self.packaged(staged) if not is_external(src) and staged in self.assets else src

    def packaged(self, staged: str) -> str:
        inside = f"{RESOURCES}/{staged}"
        self.files[inside] = self.assets[staged]
        return f"../{inside}"

    def fingerprint(self) -> str:
        """Everything that decides where the links go, in a stable order (a cache key)."""
        return json.dumps(
            [self.here, sorted((path, str(source)) for path, source in self.assets.items()), self.site_url]
        )


class _PackageTree(Treeprocessor):
    """Runs after every other treeprocessor, with the links of the module being converted."""

    def __init__(self, md: markdown.Markdown, extension: _PackageExtension):
        super().__init__(md)
        self.extension = extension

    @property
    def links(self) -> PackageLinks:
        return self.extension.links

    def run(self, root: ET.Element) -> None:
        for element in root.iter():
            if element.tag == "a" and "href" in element.attrib:
                self._link(element)
            elif element.tag == "img" and "src" in element.attrib:
                element.set("src", self.links.image(element.get("src")))

    def _link(self, element: ET.Element) -> None:
        target = self.links.target(element.get("href"))
        if target is None:
            element.tag = "span"  # keeps the inline children and the tail
            element.attrib.clear()
            return
        element.set("href", target)
        if is_external(target):
            element.set("target", "_blank")
            element.set("rel", "noopener")


class _PackageExtension(Extension):
    """One Markdown instance serves every module: ``links`` is set before each conversion."""

    links: PackageLinks

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Python-Markdown API)
        md.treeprocessors.register(_PackageTree(md, self), "ecole-scorm", 0)


#: Related contents of a module, as the header lists them: (label, [link, or the title alone]).
Related = list[tuple[str, list[Markup]]]


@dataclass
class Sco:
    """A module rendered once; :func:`page_html` dresses it for one SCORM version."""

    module: Module
    path: str  # of the page in the package
    body: str  # HTML
    related: Related
    files: dict[str, Path]  # files the page links to: package path -> source


def render_scos(curriculum: Curriculum) -> dict[str, Sco]:
    """Every module of the curriculum, by id, in reading order."""
    extension = _PackageExtension()
    md = markdown.Markdown(
        extensions=[*extension_names(), extension], extension_configs=extension_settings(), output_format="html"
    )
    tips = tooltips(curriculum)
    scos = {}
    for module in curriculum.ordered_modules():
        links = PackageLinks(module.staged_path, curriculum.assets, curriculum.settings.site_url)
        extension.links = links
        body = prepare_body(curriculum, module)
        for index, quiz in enumerate(module.quizzes):
            body = body.replace(QUIZ_MARKER.format(index=index), render_quiz(module, quiz, index, context="lms"))
        # glossary tooltips as on the site: the terms the page uses, on their first use
        html = _convert(md, body + "\n\n" + tips.for_text(body), links)
        scos[module.id] = Sco(
            module, f"{PAGES}/{module.id}.html", html, _related(curriculum, module, links), links.files
        )
    return scos


def _convert(md: markdown.Markdown, text: str, links: PackageLinks) -> str:
    """The HTML of ``text``, with ``links.files`` filled; kept in the build's cache
    (:mod:`..cache`), keyed by the text, the links and the code and libraries that
    convert: after a one-module edit, the other modules are not converted again (the
    conversions were 0.6 s of the SCORM export's 0.9 s on the reference curriculum)."""
    store = cache.active()
    # a body that still includes files depends on more than its text: converted at each build
    if store.folder is None or SNIPPET_MARK in text:
        return _html(md, text)
    key = cache.key_of(
        "page SCORM",
        cache.code_fingerprint(
            __file__, dialect.__file__, typography.__file__, glossary.__file__, body_module.__file__
        ),
        cache.library_versions(("markdown", "pymdown-extensions")),
        text,
        links.fingerprint(),
    )

    def make() -> bytes:
        html = _html(md, text)  # fills links.files
        files = {inside: str(source) for inside, source in links.files.items()}
        return json.dumps({"html": html, "files": files}, ensure_ascii=False).encode("utf-8")

    found = json.loads(store.part(key, f"{links.here} (page SCORM)", make))
    links.files.update({inside: Path(source) for inside, source in found["files"].items()})
    return found["html"]


def _html(md: markdown.Markdown, text: str) -> str:
    return first_uses_only(md.reset().convert(text))


def _related(curriculum: Curriculum, module: Module, links: PackageLinks) -> Related:
    """Links to the site's pages, in a new tab; titles alone without the site's address."""
    return [
        (label, [item_link(item.title, _address(links, item), new_tab=True) for item in items])
        for label, items in related_items(curriculum, module)
    ]


def _address(links: PackageLinks, item: Item) -> str | None:
    return links.site_url.rstrip("/") + "/" + item.url if links.site_url else None


def page_html(curriculum: Curriculum, sco: Sco, version: str, mastery: float | None, scripts: list[str]) -> bytes:
    """The page for SCORM ``version`` ("1.2" or "2004"); ``scripts`` are in the shared folder."""
    module = sco.module
    settings = curriculum.settings
    html = templates.render(
        "scorm/sco.html",
        version=version,
        module=module,
        mastery=mastery,
        site_name=settings.name,
        primary=settings.primary,
        accent=settings.accent,
        shared=f"../{SHARED}",
        scripts=scripts,
        facts=module_facts(module),
        # objectives may hold inline Markdown (emphasis, code), as on the site
        objectives=[Markup(inline(text)) for text in module.objectives],
        related=sco.related,
        body=Markup(_BODY),
        credit=credit(module),
    )
    return html.replace(_BODY, sco.body, 1).encode("utf-8")
