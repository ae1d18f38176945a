"""Builds with nothing changed, as ``make`` does them: the sites already built are kept.

A build's output follows from what it reads and from how it is asked:

- the project's files (:attr:`Project.PARTS`: content, editions, theme, settings,
  ``mkdocs.yml``), the tool's own folder (code, templates, schemas, assets) and the
  map's dataset (:func:`ecole.assembly.france_map.dataset_candidates`), by content;
- the installed versions of Python and of the libraries that write the pages and
  the PDFs (:data:`SITE_LIBRARIES`, :data:`ecole.exports.cache.PDF_LIBRARIES`), the
  tool's version, and, with exports, the installed fonts
  (:func:`ecole.exports.cache.fonts_fingerprint`);
- the content's date (``SOURCE_DATE_EPOCH`` or the last commit), which pages show;
- the options: edition, engine, ``site_url``, exports or not, the two target folders.

Their *fingerprint* is recorded in ``.ecole/builds/`` (never in a published folder)
after a successful build, with a digest of each site folder it wrote: every file's
path, size and SHA-256 (about 0.1 s for the 60 MB of the reference's two views). The
next build loads and checks the content as always, so that errors and warnings are
reported exactly as before; then, if the fingerprint is the same and both folders
are as that build left them, it writes nothing. Anything else is a normal build,
which first forgets the record: a failed build never leaves one behind.

The fingerprint is taken *before* the content is read: a file saved while a build
runs leaves a record that no longer matches, hence a full build the next time.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .assembly import france_map
from .exports import cache
from .model.project import Project
from .model.version import content_timestamp

#: Bump when what the record holds, or how it is computed, changes.
FORMAT = "1"
#: Records live in ``.ecole/builds/``, one per pair of target folders.
RECORDS = "builds"
#: Libraries whose version can change the pages (the PDFs' are in ``cache.PDF_LIBRARIES``).
SITE_LIBRARIES = (
    "mkdocs",
    "mkdocs-material",
    "mkdocs-material-extensions",
    "pymdown-extensions",
    "markdown",
    "pygments",
    "jinja2",
    "markupsafe",
    "pyyaml",
    "lxml",
    "jsonschema",
    "zensical",
)
#: The tool's own files: its code, templates, schemas and assets.
TOOL = Path(__file__).resolve().parent
_SKIPPED_FOLDERS = {"__pycache__"}


def _files_under(path: Path) -> list[Path]:
    """``path`` itself if it is a file, else every file under it, in a fixed order."""
    if path.is_file():
        return [path]
    found = []
    for folder, subfolders, names in os.walk(path):
        subfolders[:] = sorted(name for name in subfolders if name not in _SKIPPED_FOLDERS)
        found += [Path(folder, name) for name in sorted(names) if not name.endswith(".pyc")]
    return found


def input_files(project: Project) -> list[tuple[str, Path]]:
    """Every file a build reads, each with the name it has in the fingerprint."""
    named = []
    for part in Project.PARTS:
        named += [(f"projet/{p.relative_to(project.root).as_posix()}", p) for p in _files_under(project.root / part)]
    named += [(f"outil/{p.relative_to(TOOL).as_posix()}", p) for p in _files_under(TOOL)]
    # where the map's dataset may be: its appearing, going or changing changes the map
    # named relative to the project when inside it: a copy of the project has the same inputs
    for path in france_map.dataset_candidates(project.root):
        inside = path.is_relative_to(project.root)
        named.append((f"carte/{path.relative_to(project.root).as_posix() if inside else path}", path))
    return named


#: Each file a build reads, by its name in the fingerprint, with the SHA-256 of its content
#: (``absent``: a dataset not installed, a file gone since the listing). Read once per build:
#: the fingerprint and the pages' environment are both made from it.
InputDigests = list[tuple[str, str]]


def input_digests(project: Project) -> InputDigests:
    out = []
    for name, path in input_files(project):
        try:
            content = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            content = "absent"
        out.append((name, content))
    return out


def _combined(digests: InputDigests) -> str:
    digest = hashlib.sha256()
    for name, content in digests:
        digest.update(f"{name}\0{content}\n".encode())
    return digest.hexdigest()


#: The project's files that make pages' own text (their Markdown and front matter, the
#: navigation, the site's settings), which :mod:`ecole.adapter.page_cache` reads page by page.
CONTENT = ("modules/", "case_studies/", "parcours.yml")

#: An edition's files (``editions/<id>/``), its content laid out as the project's.
_EDITION = re.compile(r"^projet/editions/(?P<id>[^/]+)/")


def _read_by(name: str, edition: object) -> bool:
    """Whether the build of ``edition`` reads the file ``name``: not another edition's."""
    found = _EDITION.match(name)
    return found is None or found["id"] == edition


def _is_content(name: str) -> bool:
    """Whether ``name`` is a page's own text: the project's or an edition's modules, case
    studies, paths, and Markdown pages of ``docs/``. Everything else (the tool, the theme,
    ``edition.yml``, a logo, the other files of ``docs/``) is part of every page's environment.
    A sentence changed in an edition's page then makes that page again, not all of them."""
    within = _EDITION.sub("", name, count=1) if _EDITION.match(name) else name.removeprefix("projet/")
    if within == name:  # neither the project's nor an edition's (the tool, the map)
        return False
    return within.startswith(CONTENT) or (within.startswith("docs/") and within.endswith(".md"))


#: The theme's stylesheets, scripts and images, which the engine copies as they are: a page
#: names them (``assets/ecole.css``) but holds nothing of what they say.
_THEME_STATIC = "projet/overrides/assets/"


def environment_digest(project: Project, digests: InputDigests | None = None, edition: str | None = None) -> str:
    """Hash of what every page of the site of ``edition`` (None: the reference) depends on
    besides the content (:func:`_is_content`): the tool, the theme, the settings
    (``ecole.yml``, ``mkdocs.yml``, the edition's ``edition.yml``), the files of ``docs/``
    and of the edition that are not pages (a logo), the map's dataset, and the versions of
    Python and of the libraries. The other editions' files are not read by this build.
    Of the theme's static files only the names count: a rule added to ``ecole.css`` or
    ``kit.css`` changes no page (every page was made again for it until 5 December)."""
    digests = input_digests(project) if digests is None else digests
    return cache.key_of(
        _combined(
            [
                (name, "fichier statique" if name.startswith(_THEME_STATIC) else content)
                for name, content in digests
                if not _is_content(name) and _read_by(name, edition)
            ]
        ),
        f"python {sys.version}; ecole {cache.tool_version()}",
        cache.library_versions(SITE_LIBRARIES),
    )


def fingerprint(project: Project, options: dict[str, object], digests: InputDigests | None = None) -> str:
    """Hash of everything the build of ``options`` reads and of the options themselves
    (not the other editions' files: :func:`_read_by`)."""
    edition = options.get("edition")
    digests = input_digests(project) if digests is None else digests
    return cache.key_of(
        FORMAT,
        json.dumps(options, sort_keys=True, ensure_ascii=False),
        _combined([(name, content) for name, content in digests if _read_by(name, edition)]),
        f"python {sys.version}; ecole {cache.tool_version()}",
        cache.library_versions(SITE_LIBRARIES + cache.PDF_LIBRARIES),
        # the PDFs embed the fonts: a site without exports does not depend on them
        cache.fonts_fingerprint() if options.get("exports") else "",
        str(content_timestamp(project.root)),
    )


def site_digest(folder: Path, nested: tuple[str, ...] = ()) -> str | None:
    """Every file's path, size and SHA-256 under ``folder`` (None if it is not a folder).

    ``nested``: top-level folders holding other builds' sites (``site/editions/``),
    which a build keeps without writing them, left out."""
    if not folder.is_dir():
        return None
    digest = hashlib.sha256()
    for folder_name, subfolders, names in os.walk(folder):
        here = Path(folder_name)
        subfolders.sort()
        if here == folder:
            subfolders[:] = [name for name in subfolders if name not in nested]
        for name in sorted(names):
            path = here / name
            try:
                with path.open("rb") as handle:
                    content = hashlib.file_digest(handle, "sha256").hexdigest()
                size = path.stat().st_size
            except OSError:  # a dangling link, a file gone meanwhile: not as the build left it
                content, size = "illisible", -1
            digest.update(f"{path.relative_to(folder).as_posix()}\0{size}\0{content}\n".encode())
    return digest.hexdigest()


@dataclass
class BuildState:
    """What one build of given options into given folders reads, and its record."""

    record: Path
    fingerprint: str
    sites: tuple[Path, ...]
    nested: tuple[str, ...]

    @classmethod
    def of(
        cls,
        project: Project,
        options: dict[str, object],
        sites: tuple[Path, ...],
        nested: tuple[str, ...] = (),
        digests: InputDigests | None = None,
    ) -> BuildState:
        sites = tuple(site.resolve() for site in sites)
        options = {**options, "sites": [str(site) for site in sites]}
        return cls(record_path(project, sites), fingerprint(project, options, digests), sites, nested)

    def _recorded(self) -> dict | None:
        try:
            data = json.loads(self.record.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) and data.get("format") == FORMAT else None

    def up_to_date(self) -> bool:
        """Same fingerprint as the last successful build, and its folders as it left them."""
        recorded = self._recorded()
        if recorded is None or recorded.get("fingerprint") != self.fingerprint:
            return False
        digests = recorded.get("sites")
        if not isinstance(digests, dict):
            return False
        for site in self.sites:  # hashed only once the cheap comparisons have passed
            expected = digests.get(str(site))
            if expected is None or site_digest(site, self.nested) != expected:
                return False
        return True

    def remember(self) -> None:
        """After a successful build: its fingerprint and what its folders now hold."""
        record = {
            "format": FORMAT,
            "fingerprint": self.fingerprint,
            "sites": {str(site): site_digest(site, self.nested) for site in self.sites},
        }
        self.record.parent.mkdir(parents=True, exist_ok=True)
        _forget_vanished(self.record.parent, keep=self.record)
        handle, temporary = tempfile.mkstemp(prefix=f".{self.record.name}-", dir=self.record.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(record, out, ensure_ascii=False, indent=1)
            os.replace(temporary, self.record)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise


def record_path(project: Project, sites: tuple[Path, ...]) -> Path:
    """The record of the builds into ``sites`` (one file per pair of target folders)."""
    name = cache.key_of(*(str(site.resolve()) for site in sites))[:32]
    return project.work / RECORDS / f"{name}.json"


def forget(project: Project, sites: tuple[Path, ...]) -> None:
    """Before a build replaces ``sites``: the record no longer vouches for them."""
    with contextlib.suppress(FileNotFoundError):
        record_path(project, sites).unlink()


def _forget_vanished(folder: Path, keep: Path) -> None:
    """Records of folders that no longer exist (a test's, a deleted ``--site-dir``) go."""
    for record in folder.glob("*.json"):
        if record == keep:
            continue
        with contextlib.suppress(OSError, ValueError, TypeError, KeyError):
            sites = json.loads(record.read_text(encoding="utf-8"))["sites"]
            if not all(Path(site).is_dir() for site in sites):
                record.unlink()
