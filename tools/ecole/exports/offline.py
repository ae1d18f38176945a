"""``exports/site-hors-ligne.zip``: the whole site, to open from the file system.

Why convert the built site rather than run a second MkDocs build with
Material's ``offline`` plugin: that plugin turns directory URLs off, and only
the links MkDocs writes itself follow. Several pages carry links written as
raw HTML for directory URLs (the map's points, the download list, the
progress blocks); a second build would break them all. Converting the built
site keeps every link as it was, pointed at ``index.html`` files, and costs
a second instead of a whole build.

What the conversion does, as Material's ``offline`` plugin would:

- every relative link to a folder of the site gets its ``index.html``
  (a browser shows a file listing, not the page, for ``file:///…/modules/``);
- the search index is copied into a script (``search/search_index.js``),
  because pages opened from files may not fetch; its addresses get their
  ``index.html`` too;
- Material's search runs in a web worker, which browsers refuse to start from
  ``file://``: every page loads the iframe-worker shim (MIT, by Material's
  author, vendored unmodified from the npm package ``iframe-worker``), which
  stands in for the worker there and does nothing elsewhere.

The archive also holds the other exports, so that the download page works
offline too; this export therefore runs last. Server-only files (404 page,
sitemaps) and the theme's source maps are left out.

After a small change, the archives cost little: each page's conversion and each
member's compressed bytes are kept in the build cache, keyed by their content
(:mod:`.cache`, :mod:`.scorm.archive`), so that only the pages and files that
changed are converted and compressed again.

Every entry sits in one folder named after the edition (:func:`folder_name`):
unpacked where it was downloaded, the archive adds one folder, not the site's
eighteen folders and files mixed with what was already there.
"""

from __future__ import annotations

import functools
import hashlib
import json
import posixpath
import re
from collections.abc import Iterable
from importlib.metadata import distribution
from importlib.resources import files as package_files
from pathlib import Path
from urllib.parse import urlsplit

from markdown.extensions.toc import slugify

from ..assembly.templates import render
from ..model.addresses import FILE_SIZE_ATTRIBUTE
from ..model.licences import code_licence_text
from ..model.structure import Curriculum
from . import cache
from .plan import Export, ExportFile
from .scorm.archive import write_zip
from .sizes import fill_sizes

ARCHIVE = "site-hors-ligne.zip"
#: The folder of the reference cursus's offline copy (an edition's is its id).
REFERENCE_FOLDER = "ecole-innovation-publique"
#: Suffix of the trainer view's folder, so that it unpacks beside the learners' copy, not over it.
TRAINER_SUFFIX = "-formateur"
SHIM = "assets/javascripts/iframe-worker-shim.js"
#: The licences of the copy's files, at its root.
LICENCES = "LICENCES.txt"
_SERVER_ONLY = {"404.html", "sitemap.xml", "sitemap.xml.gz"}
#: The theme's source maps serve a developer's browser tools, not a learner (1.3 MB of files).
_DEVELOPER_ONLY = (".map",)
_LINK = re.compile(r'(?P<attr>\b(?:href|src))="(?P<url>[^"]*)"')
_HEAD_END = "</head>"
#: The archive's own size in a page (the build writes it in once the archive exists): the
#: archive does not hold itself, and its pages must not change with its previous size.
_OWN_SIZE = re.compile(rf'(<(\w+)\b[^>]*\b{FILE_SIZE_ATTRIBUTE}="exports/{re.escape(ARCHIVE)}"[^>]*>)[^<]*(</\2>)')
TITLE = "Emporter le cursus"
#: The sections that offer the archive (home page, download page) are hidden inside it, which
#: does not hold itself (``ecole.css``: their size is empty); their entries in the pages'
#: tables of contents and in the search index would lead nowhere, and are left out.
_OWN_SECTION = slugify(TITLE, "-")
_OWN_SECTION_ENTRY = re.compile(
    rf'<li class="md-nav__item">\s*<a href="#{_OWN_SECTION}" class="md-nav__link">.*?</a>\s*</li>', re.S
)
#: Those sections themselves, taken out of the copy's pages: hidden by a CSS rule (:has()) that
#: browsers older than 2023 ignore, they would show a button to a file the copy does not hold.
#: The home page's block; on the download page, its heading up to the next heading.
_OWN_SECTION_BLOCK = re.compile(
    rf'<div class="ecole-emporter">.*?</div>\s*|<h3 id="{_OWN_SECTION}">.*?(?=<h[1-6][\s>]|</article>)', re.S
)


def files(curriculum: Curriculum) -> list[ExportFile]:
    return [ExportFile(ARCHIVE, "Le site complet, à consulter sans connexion")]


def folder_name(curriculum: Curriculum) -> str:
    """The one folder the archive unpacks into: ``ecole-innovation-publique``, or the edition's id."""
    name = curriculum.settings.edition or REFERENCE_FOLDER
    return name + TRAINER_SUFFIX if curriculum.trainer else name


def offline_url(url: str, page: str, site: Path, folders: frozenset[str] | None = None) -> str:
    """``url`` as found in ``page`` (a path relative to the site), fit for ``file://``.

    Only relative links to a folder of the site change: they get ``index.html``.
    ``folders``: the site's folders that hold an ``index.html`` (:func:`page_folders`),
    when known; else the file system is asked for each link.
    """
    if not url or url.startswith(("/", "#")):
        return url
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return url
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), parts.path or "."))
    if target.startswith(".."):
        return url
    if not (target in folders if folders is not None else (site / target / "index.html").is_file()):
        return url
    path = parts.path if not parts.path or parts.path.endswith("/") else parts.path + "/"
    converted = f"{path}index.html"
    if parts.query:
        converted += f"?{parts.query}"
    if parts.fragment:
        converted += f"#{parts.fragment}"
    return converted


def offline_page(markup: str, page: str, site: Path, folders: frozenset[str] | None = None) -> str:
    """One HTML page with its folder links converted, the sections that offer the archive
    and their entries in the tables of contents left out, and the worker shim loaded."""
    markup = _OWN_SECTION_BLOCK.sub("", _OWN_SECTION_ENTRY.sub("", _OWN_SIZE.sub(r"\1\3", markup)))
    converted = _LINK.sub(lambda m: f'{m["attr"]}="{offline_url(m["url"], page, site, folders)}"', markup)
    if _HEAD_END not in converted:
        return converted
    shim = posixpath.relpath(SHIM, posixpath.dirname(page) or ".")
    return converted.replace(_HEAD_END, f'<script src="{shim}"></script>{_HEAD_END}', 1)


def search_index_script(index_json: str) -> str:
    """``search_index.json`` as a script, with page addresses that name their file, without
    the sections that offer the archive."""
    index = json.loads(index_json)
    if "docs" in index:  # the sections that offer the archive are hidden inside it
        index["docs"] = [doc for doc in index["docs"] if doc["location"].partition("#")[2] != _OWN_SECTION]
    for doc in index.get("docs", []):
        path, _, fragment = doc["location"].partition("#")
        doc["location"] = (path + "index.html" if path == "" or path.endswith("/") else path) + (
            f"#{fragment}" if fragment else ""
        )
    return "var __index = " + json.dumps(index, ensure_ascii=False, separators=(",", ":"))


def page_folders(files: Iterable[str]) -> frozenset[str]:
    """The folders, among ``files`` (paths relative to the site), that hold an ``index.html``,
    as :func:`offline_url` finds a link's target (``.`` for the site's root)."""
    return frozenset(posixpath.dirname(name) or "." for name in files if posixpath.basename(name) == "index.html")


def _converted(path: Path, name: str, site: Path, folders: frozenset[str]) -> bytes:
    """The page at ``path`` (``name`` in the site), fit for ``file://`` (:func:`offline_page`)."""
    return offline_page(path.read_text(encoding="utf-8"), name, site, folders).encode("utf-8")


def offline_entries(site: Path) -> dict[str, bytes]:
    """Path inside the archive -> bytes, for every file of the offline copy."""
    entries: dict[str, bytes] = {}
    listed = {path.relative_to(site).as_posix(): path for path in sorted(site.rglob("*")) if path.is_file()}
    # one listing for every link of every page, instead of a file system lookup per link
    folders = page_folders(listed)
    # a page's conversion depends on its bytes, its name and these folders (and the code):
    # after a small change, the pages that did not change are taken from the build cache
    context = cache.key_of(
        "offline page", cache.code_fingerprint(__file__), FILE_SIZE_ATTRIBUTE, "\n".join(sorted(folders))
    )
    with cache.current() as store:
        for name, path in listed.items():
            if name in _SERVER_ONLY or name == f"exports/{ARCHIVE}" or name.endswith(_DEVELOPER_ONLY):
                continue
            if not name.endswith(".html"):
                entries[name] = path.read_bytes()
                continue
            key = cache.key_of(context, name, hashlib.sha256(path.read_bytes()).digest())
            entries[name] = store.part(
                key, f"{ARCHIVE}::{name}", functools.partial(_converted, path, name, site, folders)
            )
    index = site / "search" / "search_index.json"
    if index.is_file():
        entries["search/search_index.js"] = search_index_script(index.read_text(encoding="utf-8")).encode("utf-8")
    entries[SHIM] = package_files("ecole").joinpath("assets", "iframe-worker-shim.js").read_bytes()
    entries[LICENCES] = licences_text().encode("utf-8")
    return entries


def licences_text() -> str:
    """What the copy's files are licensed under, with the text of every licence (MIT) that
    asks to go with each copy: the tool's scripts, the theme's and the search shim's. The
    site on the web shows them in its files' headers and credits; a copy passed from hand
    to hand had none of the texts."""
    assets = package_files("ecole").joinpath("assets")
    return render(
        "offline/licences.txt",
        mit=code_licence_text(),
        material=distribution("mkdocs-material").read_text("licenses/LICENSE") or "",
        worker=assets.joinpath("iframe-worker-LICENSE.txt").read_text(encoding="utf-8"),
        shim=SHIM,
    )


def write_offline(curriculum: Curriculum, exports: Path) -> None:
    # the other exports are written: their sizes go into the pages before they are packed,
    # so that the download page of the offline copy gives them too (the archive's own
    # size, known only once it is written, is filled in by the build afterwards)
    fill_sizes(exports.parent)
    folder = folder_name(curriculum)
    entries = {f"{folder}/{name}": data for name, data in offline_entries(exports.parent).items()}
    write_zip(exports / ARCHIVE, entries, curriculum.timestamp)


EXPORT = Export(
    name="hors-ligne",
    title=TITLE,
    description=(
        "Tout le site dans une seule archive, pour suivre le cursus sans connexion, sur un poste de "
        "formation ou un ordinateur portable. Décompressez l'archive : elle crée un seul dossier, "
        "dont vous ouvrez le fichier `index.html` avec votre navigateur. Les quiz, la recherche et le "
        "suivi de votre progression y fonctionnent comme en ligne ; gardez le dossier au même endroit, "
        "car votre progression est attachée à son emplacement. L'archive contient aussi les autres "
        "fichiers de cette page."
    ),
    files=files,
    write=write_offline,
)
