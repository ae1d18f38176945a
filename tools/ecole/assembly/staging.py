"""Writing the staged Markdown that MkDocs (or a successor engine) reads.

Only files whose bytes changed are rewritten, and stale files are removed:
``mkdocs serve`` watches this folder, and rewriting unchanged files would make
it rebuild forever.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from ..model.addresses import HOME_PAGE, PATHS_PAGE, PROGRESS_PAGE, logo_path
from ..model.body import SNIPPET_MARK
from ..model.schemas import schema_names, schema_text
from ..model.structure import Curriculum
from . import home, pages
from .audit_page import audit_pages
from .canvas import canvas_pages
from .glossary import tooltips
from .home import with_home_block
from .navigation import NavEntry, build_nav
from .programme import programme_pages
from .progress_page import progress_page
from .search_scope import with_search_scope
from .session_kit import session_kit_pages
from .snippets import Downloads, snippet_texts


@dataclass
class Staged:
    docs: Path  # the folder MkDocs uses as docs_dir
    includes: Path  # snippets base path (generated lists)
    nav: list[NavEntry]
    curriculum: Curriculum  # what was staged, for the engine's settings and messages


def page_texts(curriculum: Curriculum) -> dict[str, str]:
    """Staged path -> Markdown, for every page of the site."""
    out: dict[str, str] = {}
    for module in curriculum.modules.values():
        out[module.staged_path] = pages.module_page(curriculum, module)
    for method in curriculum.methods.values():
        out[method.staged_path] = pages.method_page(curriculum, method)
    for case in curriculum.case_studies.values():
        out[case.staged_path] = pages.case_page(curriculum, case)
    for page in curriculum.pages.values():
        out[page.staged_path] = pages.hand_written_page(curriculum, page)
    out["modules/index.md"] = pages.catalogue_page(curriculum)
    out["methodes/index.md"] = pages.methods_index(curriculum)
    out["methodes/matrice.md"] = pages.matrix_page(curriculum)
    out["etudes-de-cas/index.md"] = pages.cases_index(curriculum)
    out[PATHS_PAGE] = home.paths_page(curriculum)
    for learning_path in curriculum.learning_paths:
        out[learning_path.staged_path] = pages.path_page(curriculum, learning_path)
    out[PROGRESS_PAGE] = progress_page(curriculum)
    out.update(audit_pages(curriculum))
    out.update(programme_pages(curriculum))
    out.update(canvas_pages(curriculum))  # in place of the plain pages of the canvases
    out.update(session_kit_pages(curriculum))  # hand-written kit pages: in place of their plain pages
    if HOME_PAGE in out:
        out[HOME_PAGE] = with_home_block(curriculum, out[HOME_PAGE])
    return out


def staging_name(curriculum: Curriculum) -> str:
    """The folder of one edition's (or trainer view's) staged pages under ``.ecole/staging``."""
    name = curriculum.settings.edition or "reference"
    return f"{name}-formateur" if curriculum.trainer else name


def stage(curriculum: Curriculum, folder: Path, downloads: Downloads) -> Staged:
    """Write every page into ``folder``; ``downloads`` are the export files the
    download page lists, planned by the exports before any is written."""
    docs = folder / "docs"
    includes = folder / "includes"
    snippets = snippet_texts(curriculum, downloads)
    tips = tooltips(curriculum)
    wanted: dict[Path, bytes | Path] = {}
    for name, text in page_texts(curriculum).items():
        text = with_search_scope(text, name, trainer=curriculum.trainer)
        # a page that includes snippets may show their terms too
        used = text + "".join(snippets.values()) if SNIPPET_MARK in text else text
        abbreviations = tips.for_text(used)
        wanted[docs / name] = (text + "\n" + abbreviations if abbreviations else text).encode("utf-8")
    for name, source in curriculum.assets.items():
        wanted[docs / name] = source
    logo = logo_path(curriculum)
    if logo is not None:
        wanted[docs / logo] = curriculum.settings.logo
    for name in schema_names():
        wanted[docs / "exports" / "schemas" / f"{name}.schema.json"] = schema_text(name).encode("utf-8")
    for name, text in snippets.items():
        wanted[includes / name] = text.encode("utf-8")
    _sync(wanted, [docs, includes])
    return Staged(docs, includes, build_nav(curriculum), curriculum)


def _sync(wanted: dict[Path, bytes | Path], roots: list[Path]) -> None:
    for target, content in sorted(wanted.items()):
        data = content.read_bytes() if isinstance(content, Path) else content
        if target.is_file() and target.read_bytes() == data:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    for root in roots:
        if not root.is_dir():
            continue
        for existing in sorted(root.rglob("*"), reverse=True):
            if existing.is_file() and existing not in wanted:
                existing.unlink()
            elif existing.is_dir() and not any(existing.iterdir()):
                shutil.rmtree(existing)
