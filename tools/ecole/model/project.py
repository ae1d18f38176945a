"""Where things are in a project checkout.

A project is the upstream curriculum at its root; an edition adds its own
folders under ``editions/<id>/`` with the same layout.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Layout:
    """The content folders of the upstream curriculum or of one edition."""

    root: Path

    @property
    def modules(self) -> Path:
        return self.root / "modules"

    @property
    def methods(self) -> Path:
        return self.root / "modules" / "methodes"

    @property
    def case_studies(self) -> Path:
        return self.root / "case_studies"

    @property
    def docs(self) -> Path:
        return self.root / "docs"


@dataclass(frozen=True)
class Project:
    root: Path

    #: Files of the theme (``overrides/``) that exports reuse as they are: the
    #: progress store and quiz scripts in SCORM packages, so that a quiz behaves
    #: there as on the site, and the canvas stylesheet in the canvas PDFs, so that
    #: a printed canvas matches the page (and the kit's in the session kit's PDFs).
    #: Read once, with the content.
    THEME_FILES = ("assets/ecole.js", "assets/ecole-quiz.js", "assets/canevas.css", "assets/kit.css")

    #: The files and folders of a project that a build reads (besides the tool itself):
    #: what a copy of the project needs to build (``ecole.bench.copy_reference``), and
    #: what a build with nothing changed compares (:mod:`ecole.uptodate`).
    PARTS = ("modules", "case_studies", "docs", "editions", "overrides", "ecole.yml", "parcours.yml", "mkdocs.yml")

    @property
    def theme(self) -> Path:
        """The theme's templates, styles and scripts (MkDocs' ``custom_dir``)."""
        return self.root / "overrides"

    @property
    def upstream(self) -> Layout:
        return Layout(self.root)

    @property
    def settings_file(self) -> Path:
        return self.root / "ecole.yml"

    @property
    def paths_file(self) -> Path:
        return self.root / "parcours.yml"

    @property
    def editions(self) -> Path:
        return self.root / "editions"

    def edition(self, edition_id: str) -> Layout:
        return Layout(self.editions / edition_id)

    def edition_ids(self) -> list[str]:
        if not self.editions.is_dir():
            return []
        return sorted(p.name for p in self.editions.iterdir() if (p / "edition.yml").is_file())

    def shown(self, path: Path) -> str:
        """``path`` as a person reads it in a message: relative to the project when inside it."""
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()

    @property
    def work(self) -> Path:
        """Scratch space for staging and builds; ignored by git."""
        return self.root / ".ecole"

    @classmethod
    def find(cls, start: Path | None = None) -> Project:
        """The project containing ``start`` (default: the working directory)."""
        here = (start or Path.cwd()).resolve()
        for folder in (here, *here.parents):
            if (folder / "ecole.yml").is_file() and (folder / "modules").is_dir():
                return cls(folder)
        raise FileNotFoundError(
            "aucun projet trouvé : lancez la commande depuis le dossier du cursus "
            "(celui qui contient ecole.yml et modules/)"
        )
