"""Where the pages the tool writes itself stand in the site.

Both the model, which checks that a link points to a page that will exist, and
the assembly, which writes those pages, need these addresses: they live here,
below both, so that neither has to import the other to know them. Addresses are
staged paths (``modules/index.md``), as links in the content are written.
"""

from __future__ import annotations

from .audit import AUDIT_PAGE
from .learning import WHOLE_CURRICULUM
from .structure import PART_LABELS, Curriculum, LearningPath, Module

HOME_PAGE = "index.md"
GLOSSARY_PAGE = "glossaire.md"
#: The learner's own page: modules done, quiz results, export and import.
PROGRESS_PAGE = "progression.md"
#: Every path of the edition, as the home page's cards.
PATHS_PAGE = "parcours/index.md"
INDEX_PAGES = (
    "modules/index.md", "methodes/index.md", "methodes/matrice.md", "etudes-de-cas/index.md", PATHS_PAGE,
    PROGRESS_PAGE,
)  # fmt: skip
#: The session kit (positionnement, attestation, questionnaires, grids…): its generated pages;
#: the hand-written ones are the pages of docs/kit/.
KIT_FOLDER = "kit"
KIT_INDEX = f"{KIT_FOLDER}/index.md"
#: The learner's attestation de suivi, filled from the progress kept in the browser.
ATTESTATION_PAGE = f"{KIT_FOLDER}/attestation.md"
PROGRAMMES = "programmes"
PROGRAMMES_INDEX = f"{PROGRAMMES}/index.md"
#: The edition's logo, copied into the site under this name and its own extension.
LOGO_STEM = "assets/logo"
#: In a built page, marks an element that the build fills with the size of the file whose
#: address (from the site's root) the attribute holds: the size of an export is known only
#: once it is written, after the pages (ecole.exports.sizes).
FILE_SIZE_ATTRIBUTE = "data-ecole-taille"


#: A programme sheet is about a module, a learning path, or (``None``) the whole cursus.
Subject = Module | LearningPath | None


def _whole(subject: Subject) -> bool:
    return subject is None or (isinstance(subject, LearningPath) and subject.id == WHOLE_CURRICULUM)


def programme_sheet(subject: Subject) -> str:
    """The programme sheet of a module or a path, or of the whole cursus for ``None``
    (the path of the whole cursus has that one); paths have theirs in a folder of their own."""
    if _whole(subject):
        return PROGRAMMES_INDEX
    if isinstance(subject, LearningPath):
        return f"{PROGRAMMES}/parcours/{subject.id}.md"
    return f"{PROGRAMMES}/{subject.id}.md"


def programme_sheet_pdf(subject: Subject) -> str:
    """Path of a programme sheet's PDF under ``exports/``."""
    if _whole(subject):
        return f"pdf/{PROGRAMMES}/{WHOLE_CURRICULUM}.pdf"
    if isinstance(subject, LearningPath):
        return f"pdf/{PROGRAMMES}/parcours/{subject.id}.pdf"
    return f"pdf/{PROGRAMMES}/{subject.id}.pdf"


def module_pdf(module: Module) -> str:
    """Path of a module's booklet under ``exports/`` (its page links to it)."""
    return f"pdf/modules/{module.id}.pdf"


#: The whole cursus's booklet and the trainer's guide (the trainer view's only) under ``exports/``.
CURRICULUM_PDF = "pdf/cursus-complet.pdf"
GUIDE_PDF = "pdf/guide-du-formateur.pdf"
#: The trainer's guide, a hand-written page the trainer view also prints whole.
TRAINER_GUIDE = "guides/formateur.md"


def path_pdf(learning_path: LearningPath) -> str:
    """Path of a learning path's booklet under ``exports/`` (its page links to it); the whole
    cursus has its own."""
    return CURRICULUM_PDF if learning_path.id == WHOLE_CURRICULUM else f"pdf/parcours/{learning_path.id}.pdf"


def sheet_paths(curriculum: Curriculum) -> list[LearningPath]:
    """The paths with a programme sheet of their own: all but the whole cursus (the cursus's sheet)."""
    return [learning_path for learning_path in curriculum.learning_paths if not _whole(learning_path)]


def programme_sheets(curriculum: Curriculum) -> list[str]:
    return [
        PROGRAMMES_INDEX,
        *(programme_sheet(m) for m in curriculum.ordered_modules()),
        *(programme_sheet(p) for p in sheet_paths(curriculum)),
    ]


def generated_pages(curriculum: Curriculum) -> list[str]:
    """Staged paths of the pages the tool writes itself (indexes, matrix, paths, programme sheets)."""
    return [
        *INDEX_PAGES,
        *(learning_path.staged_path for learning_path in curriculum.learning_paths),
        *programme_sheets(curriculum),
        *([AUDIT_PAGE] if curriculum.settings.audit is not None else []),
        *kit_pages(curriculum),
    ]


def positionnement_page(part: str) -> str:
    """The entry self-assessment of one part of the cursus."""
    return f"{KIT_FOLDER}/positionnement-{part}.md"


def kit_pages(curriculum: Curriculum) -> list[str]:
    """Staged paths of the session kit's generated pages: its index, the attestation and
    a positionnement per part the edition has."""
    parts = [part for part in PART_LABELS if any(m.part == part for m in curriculum.modules.values())]
    return [KIT_INDEX, *(positionnement_page(part) for part in parts), ATTESTATION_PAGE]


def logo_path(curriculum: Curriculum) -> str | None:
    logo = curriculum.settings.logo
    return f"{LOGO_STEM}{logo.suffix.lower()}" if logo is not None else None
