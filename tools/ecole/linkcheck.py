"""``ecole linkcheck SITE``: every internal link and anchor of a built site leads somewhere.

MkDocs checks the links written in Markdown; this checks what readers get: the
HTML of every page, navigation, templates, generated pages and raw HTML
included, so that a link added by a template or an export is checked too.
External addresses are never fetched (builds work offline): they are listed, with
the pages that use them, for a person to review.
"""

from __future__ import annotations

import argparse
import posixpath
import sys
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .model.french import count
from .model.project import Project

#: Attributes that point to something a reader's browser loads or follows.
_LINK_ATTRIBUTES = {
    "a": "href",
    "area": "href",
    "link": "href",
    "img": "src",
    "script": "src",
    "source": "src",
    "iframe": "src",
    "audio": "src",
    "video": "src",
}
_EXTERNAL_SCHEMES = {"http", "https", "mailto", "tel", "ftp"}
_IGNORED_SCHEMES = {"data", "javascript", "blob"}


class _PageParser(HTMLParser):
    """The ids a page defines and the addresses it points to."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"])  # type: ignore[arg-type]
        if tag == "a" and values.get("name"):
            self.ids.add(values["name"])  # type: ignore[arg-type]
        target = values.get(_LINK_ATTRIBUTES.get(tag, ""))
        if target is not None:
            self.links.append(target.strip())


@dataclass(frozen=True)
class BrokenLink:
    page: str  # site-relative path of the page that holds the link
    href: str  # as written in the page
    reason: str  # French

    def __str__(self) -> str:
        return f"{self.page} : lien « {self.href} » : {self.reason}"


@dataclass
class LinkReport:
    pages: int = 0
    internal: int = 0
    broken: list[BrokenLink] = field(default_factory=list)
    external: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # url -> pages

    def external_lines(self) -> list[str]:
        lines = []
        for url in sorted(self.external):
            pages = sorted(self.external[url])
            more = f" et {count(len(pages) - 1, 'autre')}" if len(pages) > 1 else ""
            lines.append(f"{url}\t{pages[0]}{more}")
        return lines


def check_site(site: Path, pending: Collection[str] = ()) -> LinkReport:
    """Parse every HTML file of ``site`` and check each internal link against the files
    and ids that exist, and the files in ``pending`` (site-relative paths that are yet
    to be written, such as the exports of a site built without them)."""
    parsed: dict[str, _PageParser] = {}
    for page in sorted(site.rglob("*.html")):
        parser = _PageParser()
        parser.feed(page.read_text(encoding="utf-8", errors="replace"))
        parser.close()
        parsed[page.relative_to(site).as_posix()] = parser
    report = LinkReport(pages=len(parsed))
    pending_files = set(pending)
    for page, parser in parsed.items():
        for href in parser.links:
            _check(site, page, href, parsed, report, pending_files)
    return report


def _check(
    site: Path, page: str, href: str, parsed: dict[str, _PageParser], report: LinkReport, pending: set[str]
) -> None:
    parts = urlsplit(href)
    scheme = parts.scheme.lower()
    if scheme in _IGNORED_SCHEMES:
        return
    if scheme or parts.netloc:
        if scheme in _EXTERNAL_SCHEMES or parts.netloc:
            report.external[href].add(page)
        else:
            report.broken.append(BrokenLink(page, href, f"schéma d'adresse « {scheme}: » inconnu"))
        return
    report.internal += 1
    path = unquote(parts.path)
    if path.startswith("/"):
        # the 404 page links from the site's root, since it is served at any address
        target = posixpath.normpath(path.lstrip("/")) if path.strip("/") else "."
    else:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path)) if path else page
    if target == ".." or target.startswith("../"):
        report.broken.append(BrokenLink(page, href, "l'adresse sort du site"))
        return
    resolved = target if target in pending else _resolve(site, target)
    if resolved is None:
        report.broken.append(BrokenLink(page, href, "aucun fichier à cette adresse"))
        return
    anchor = unquote(parts.fragment)
    if anchor and resolved.endswith(".html") and anchor not in parsed[resolved].ids:
        report.broken.append(BrokenLink(page, href, f"la page {resolved} n'a pas d'ancre « {anchor} »"))


def _resolve(site: Path, target: str) -> str | None:
    """Site-relative path of the file a browser gets for ``target``, or None."""
    candidate = site / target if target != "." else site
    if candidate.is_dir():
        index = candidate / "index.html"
        return index.relative_to(site).as_posix() if index.is_file() else None
    if candidate.is_file():
        return candidate.relative_to(site).as_posix()
    return None


def cmd_linkcheck(args: argparse.Namespace, project: Project) -> int:
    site = Path(args.site) if args.site else project.root / "site"
    if not (site / "index.html").is_file():
        print(f"ecole linkcheck : aucun site construit dans {site} ; lancez d'abord « ecole build »", file=sys.stderr)
        return 2
    report = check_site(site)
    for broken in report.broken:
        print(broken, file=sys.stderr)
    external = report.external_lines()
    if args.externes:
        Path(args.externes).write_text("".join(f"{line}\n" for line in external), encoding="utf-8")
        where = f"listées dans {args.externes}"
    else:
        print("\n".join(external))
        where = "listées ci-dessus"
    print(
        f"{report.pages} pages, {report.internal} liens internes vérifiés, {count(len(report.broken), 'cassé')} ; "
        f"{len(report.external)} adresses externes, non vérifiées, {where}."
    )
    return 1 if report.broken else 0


def add_command(commands: argparse._SubParsersAction) -> None:
    """Register ``ecole linkcheck`` on the CLI's sub-command parser."""
    linkcheck = commands.add_parser("linkcheck", help="vérifier les liens et les ancres d'un site construit")
    linkcheck.add_argument("site", nargs="?", help="dossier du site (par défaut\u00a0: site/)")
    linkcheck.add_argument(
        "--externes", metavar="FICHIER", help="écrire la liste des adresses externes dans ce fichier"
    )
    linkcheck.set_defaults(run=cmd_linkcheck)
