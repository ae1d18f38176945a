"""Printable booklets: one per module, one per learning path, the whole cursus, and
the trainer guide.

Each booklet has a cover with a table of contents, chapters and a page of licences
and credits, printed by WeasyPrint with ``booklet.css``: the learners' booklets
chapter by chapter, their chapters shared between booklets (:mod:`.parted`,
:class:`SharedChapters`), the trainer guide as one HTML document. Learners'
booklets never show trainer notes; the trainer guide gathers them, module by
module, after the guide itself. A path's booklet gathers its modules in the
path's order, after its schedule when it is a training session.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from ..assembly import templates
from ..assembly.facts import audience_text
from ..assembly.glossary import glossary_for
from ..assembly.pages import days_text, schedule_table, session_length
from ..model.addresses import CURRICULUM_PDF, GLOSSARY_PAGE, GUIDE_PDF, TRAINER_GUIDE, module_pdf, path_pdf, sheet_paths
from ..model.durations import format_minutes
from ..model.learning import WHOLE_CURRICULUM
from ..model.structure import (
    LEVEL_LABELS,
    PART_LABELS,
    PHASE_LABELS,
    CaseStudy,
    Curriculum,
    Item,
    LearningPath,
    Method,
    Module,
    Page,
)
from ..model.worked_example import step_page
from .blocks import extract_blocks
from .booklet_parts import Cover, cover_html, credits_chapter, divider, palette, toc_html
from .chapters import (
    Chapter,
    PrintContext,
    case_chapter,
    method_chapter,
    module_chapter,
    page_chapter,
    trainer_notes_chapter,
)
from .parted import Part, PartedBooklet, chapter_part, print_ahead, print_booklets, work_folder
from .pdf import DocumentInfo, PdfJob, html_document, render_all, stylesheet
from .plan import Export, ExportFile
from .print_markdown import chapter_id, render_markdown

GUIDE_PAGE = TRAINER_GUIDE


def _job(curriculum: Curriculum, exports: Path, name: str, info: DocumentInfo, body: str, kind: str) -> PdfJob:
    document = html_document(info, body, css=palette(curriculum), classes=f"livret livret--{kind}")
    return PdfJob(document, exports / name, name, (stylesheet("booklet.css"),))


def _info(curriculum: Curriculum, title: str, description: str, items: list[Item]) -> DocumentInfo:
    authors: list[str] = []
    for item in items:
        authors += [author for author in item.authors if author not in authors]
    return DocumentInfo(
        title=title,
        description=description,
        timestamp=curriculum.moment(items),
        authors=authors or [curriculum.settings.name],
        keywords=["formation", "innovation publique", "design de services", "collectivités territoriales"],
    )


def _steps(curriculum: Curriculum, modules: list[Module]) -> dict[str, Page]:
    """The fil rouge's step of each module that has one, by module id."""
    return {m.id: page for m in modules if (page := step_page(curriculum, m)) is not None}


@dataclass
class _Cursus:
    """What the cursus booklet prints, each kind in its order."""

    modules: list[Module]
    steps: dict[str, Page]  # the fil rouge's step of each module that has one, by module id
    methods: list[Method]
    cases: list[CaseStudy]
    glossary: Page | None

    @classmethod
    def of(cls, curriculum: Curriculum) -> _Cursus:
        modules = curriculum.ordered_modules()
        return cls(
            modules,
            _steps(curriculum, modules),
            sorted(curriculum.methods.values(), key=lambda m: (list(PHASE_LABELS).index(m.phase), m.title)),
            sorted(curriculum.case_studies.values(), key=lambda c: c.title),
            curriculum.pages.get(GLOSSARY_PAGE),
        )

    @property
    def items(self) -> list[Item]:
        glossary = [self.glossary] if self.glossary else []
        return [*self.modules, *self.steps.values(), *self.methods, *self.cases, *glossary]


class SharedChapters:
    """The chapters that the learners' booklets share, each made once for all of them.

    A module is in the cursus and in every path that holds it: printed once, the same
    chapter serves them all, and one edited module is one chapter printed again. The
    chapters are printed with every page of the cursus booklet, their links resolved
    when each booklet is put together (:mod:`.parted`), at level 2: the cursus puts
    them one level down, under its part summaries."""

    def __init__(self, curriculum: Curriculum):
        self.cursus = _Cursus.of(curriculum)
        self.steps = self.cursus.steps
        self.ctx = PrintContext(curriculum, {item.staged_path for item in self.cursus.items}, deferred=True)
        self._made: dict[str, list[Chapter]] = {}

    def module(self, module: Module) -> list[Chapter]:
        """A module, then its step of the fil rouge: the example of its deliverable,
        printed where the learner reads the module (the page is written once)."""
        if module.staged_path not in self._made:
            chapters = [module_chapter(self.ctx, module, level=2)]
            if module.id in self.steps:
                chapters.append(page_chapter(self.ctx, self.steps[module.id], level=2))
            self._made[module.staged_path] = [Chapter(c.html, c.headings, shared=True) for c in chapters]
        return self._made[module.staged_path]

    def item(self, item: Method | CaseStudy) -> Chapter:
        """A method card or a case study (the cursus only has them: made once all the same)."""
        if item.staged_path not in self._made:
            made = (
                method_chapter(self.ctx, item, level=2)
                if isinstance(item, Method)
                else case_chapter(self.ctx, item, level=2)
            )
            self._made[item.staged_path] = [Chapter(made.html, made.headings, shared=True)]
        return self._made[item.staged_path][0]

    def glossary(self, items: list[Item]) -> tuple[list[Chapter], list[Item]]:
        """The glossary's terms that ``items`` use, as a chapter of a booklet that does not
        print the whole glossary (a module's, a path's): their links to a term lead there.
        Its own chapter (the terms differ from one booklet to the next), and the page for
        the credits; nothing when they use no term."""
        page = glossary_for(self.ctx.curriculum, [item.body for item in items])
        if page is None:
            return [], []
        return [page_chapter(self.ctx, page, level=2)], [page]

    def parts(self) -> Iterator[Part]:
        """Every shared chapter, as the booklets' parts print it, each made when it is asked
        for: :func:`.parted.print_ahead` has an edited module printed as soon as it finds
        it, not once every chapter is made (0.2 s for the reference's 42 chapters)."""
        for module in self.cursus.modules:
            for chapter in self.module(module):
                yield chapter_part(chapter.html, numbered=False, shared=True)
        for item in [*self.cursus.methods, *self.cursus.cases]:
            yield chapter_part(self.item(item).html, numbered=False, shared=True)


def module_booklet(
    curriculum: Curriculum, exports: Path, module: Module, shared: SharedChapters | None = None
) -> PartedBooklet:
    """A module's own booklet: its chapter is the one the cursus and the paths print."""
    shared = shared or SharedChapters(curriculum)
    step = shared.steps.get(module.id)
    number = curriculum.ordered_modules().index(module) + 1
    cover = Cover(
        f"Livret du module {number} · {PART_LABELS[module.part].split(' — ')[1]}",
        module.title,
        module.summary,
        [
            ("Durée", module.duration_text),
            ("Niveau", LEVEL_LABELS[module.level]),
            ("Public", audience_text(module.audience)),
        ],
    )
    items: list[Item] = [module, *([step] if step else [])]
    glossary, defined = shared.glossary(items)
    chapters = [*shared.module(module), *glossary, credits_chapter(curriculum, [*items, *defined])]
    info = _info(curriculum, f"{module.title} — {curriculum.settings.name}", module.summary, items)
    return _parted(curriculum, exports, module_pdf(module), info, cover, chapters, (2, 3), "module")


def _parted(
    curriculum: Curriculum,
    exports: Path,
    name: str,
    info: DocumentInfo,
    cover: Cover,
    chapters: list[Chapter],
    levels: tuple[int, ...],
    kind: str,
) -> PartedBooklet:
    """A booklet printed chapter by chapter (:mod:`.parted`), its cover and table of contents first."""
    front = Part("couverture", cover_html(curriculum, cover, info) + toc_html(chapters, levels), numbered=True)
    parts = [
        chapter_part(
            c.html, numbered=not c.shared and _shows_page_numbers(kind, c.html), shared=c.shared, shift=c.shift
        )
        for c in chapters
    ]
    return PartedBooklet(
        name=name,
        target=exports / name,
        info=info,
        css=palette(curriculum),
        classes=f"livret livret--{kind}",
        parts=[front, *parts],
        # a module's booklet says which module it is, top left, its chapter's title top right
        title=cover.kind if kind == "module" else cover.title,
        school=curriculum.settings.name,
        stylesheets=_stylesheets(),
    )


def _stylesheets() -> tuple[str, ...]:
    """The stylesheets of every learners' booklet."""
    return (stylesheet("booklet.css"),)


def _shows_page_numbers(kind: str, chapter: str) -> bool:
    """Whether a chapter of its own (not shared) prints the page numbers of its links to
    other chapters: a path's schedule and the cursus's part summaries do; booklet.css
    leaves them out of the cursus's other chapters (the glossary), whose forward page
    numbers would make WeasyPrint lay the pages out again."""
    if "data-cible" not in chapter:
        return False
    return not (kind == "cursus" and "chapitre" in chapter[: chapter.find(">")])


def curriculum_booklet(curriculum: Curriculum, exports: Path, shared: SharedChapters | None = None) -> PartedBooklet:
    shared = shared or SharedChapters(curriculum)
    cursus = shared.cursus
    ctx = PrintContext(curriculum, {item.staged_path for item in cursus.items})
    chapters: list[Chapter] = []
    # under the part summaries, every chapter goes one level down: printed at level 2 like
    # a path's, a module is the same chapter in both
    for number, part in enumerate(PART_LABELS, start=1):
        in_part = [m for m in cursus.modules if m.part == part]
        if not in_part:
            continue
        minutes = sum(m.duration for m in in_part)
        chapters.append(
            divider(
                f"partie-{number}",
                curriculum.part_label(part),
                f"{len(in_part)} modules, {format_minutes(minutes)} au total.",
                [(chapter_id(m.staged_path), m.title, m.duration_text) for m in in_part],
            )
        )
        chapters += [chapter.lowered(1) for m in in_part for chapter in shared.module(m)]
    if cursus.methods:
        chapters.append(
            divider(
                "annexe-methodes",
                "Fiches méthode",
                "Les méthodes enseignées dans les modules, classées selon la phase de la démarche où elles servent.",
                [(chapter_id(m.staged_path), m.title, PHASE_LABELS[m.phase]) for m in cursus.methods],
            )
        )
        chapters += [shared.item(m).lowered(1) for m in cursus.methods]
    if cursus.cases:
        chapters.append(
            divider(
                "annexe-etudes-de-cas",
                "Études de cas",
                "Des expériences de collectivités et de l'État, racontées à partir de leurs sources publiques.",
                [(chapter_id(c.staged_path), c.title, c.territory) for c in cursus.cases],
            )
        )
        chapters += [shared.item(c).lowered(1) for c in cursus.cases]
    if cursus.glossary:
        chapters.append(page_chapter(ctx, cursus.glossary, level=2))
    chapters.append(credits_chapter(curriculum, cursus.items))
    total = curriculum.total_minutes
    cover = Cover(
        "Livret du cursus complet",
        curriculum.settings.name,
        curriculum.settings.description,
        [
            ("Modules", str(len(cursus.modules))),
            ("Durée des modules", format_minutes(total)),
            ("Fiches méthode", str(len(cursus.methods))),
            ("Études de cas", str(len(cursus.cases))),
        ],
    )
    info = _info(
        curriculum, f"Cursus complet — {curriculum.settings.name}", curriculum.settings.description, cursus.items
    )
    return _parted(curriculum, exports, CURRICULUM_PDF, info, cover, chapters, (2, 3), "cursus")


def path_booklet(
    curriculum: Curriculum, exports: Path, learning_path: LearningPath, shared: SharedChapters | None = None
) -> PartedBooklet:
    modules = [curriculum.modules[m] for m in learning_path.modules]
    steps = _steps(curriculum, modules)
    ctx = PrintContext(curriculum, {item.staged_path for item in [*modules, *steps.values()]})
    shared = shared or SharedChapters(curriculum)
    chapters: list[Chapter] = []
    if learning_path.schedule:
        chapters.append(_schedule_chapter(ctx, learning_path))
    chapters += [chapter for m in modules for chapter in shared.module(m)]
    items = [*modules, *steps.values()]
    glossary, defined = shared.glossary(items)
    chapters += glossary
    chapters.append(credits_chapter(curriculum, [*items, *defined]))
    facts = [("Modules", str(len(modules))), ("Durée des modules", format_minutes(sum(m.duration for m in modules)))]
    if learning_path.schedule:
        facts.append(("Formation", days_text(learning_path.training_minutes)))
    cover = Cover("Livret du parcours", learning_path.title, learning_path.summary, facts)
    info = _info(curriculum, f"{learning_path.title} — {curriculum.settings.name}", learning_path.summary, items)
    return _parted(curriculum, exports, path_pdf(learning_path), info, cover, chapters, (2,), "parcours")


def _schedule_chapter(ctx: PrintContext, learning_path: LearningPath) -> Chapter:
    """The schedule of a path, day by day, its modules linked to their chapters."""
    here = learning_path.staged_path
    text = "\n".join(
        [
            "## Programme de la formation",
            "",
            f"{session_length(ctx.curriculum, learning_path)}.",
            "",
            schedule_table(ctx.curriculum, learning_path, here),
        ]
    )
    rendered = render_markdown(text, ctx.links(here), running=2)
    html = templates.render("print/chapter.html", kind="page", anchor=None, parts=[Markup(rendered.html)])
    return Chapter(html, rendered.headings)


def guide_booklet(curriculum: Curriculum, exports: Path) -> PdfJob | None:
    guide = curriculum.pages.get(GUIDE_PAGE)
    if guide is None:
        return None
    ctx = PrintContext(curriculum, {guide.staged_path})
    modules = [m for m in curriculum.ordered_modules() if extract_blocks(ctx.body(m), "formateur")[1]]
    ctx.included |= {m.staged_path for m in modules}
    chapters = [page_chapter(ctx, guide, level=2, title=False)]
    if modules:
        chapters.append(
            divider(
                "notes-d-animation",
                "Notes d'animation, module par module",
                "Les notes pour le formateur de chaque module : minutages, consignes, constitution des "
                "groupes, pièges à éviter. Elles ne figurent pas dans les livrets des participants.",
            )
        )
        chapters += [chapter for m in modules if (chapter := trainer_notes_chapter(ctx, m, level=3))]
    chapters.append(credits_chapter(curriculum, [guide, *modules]))
    cover = Cover(
        "Guide du formateur",
        guide.title,
        guide.summary,
        [("Modules", str(len(curriculum.modules))), ("Durée des modules", format_minutes(curriculum.total_minutes))],
    )
    info = _info(curriculum, f"{guide.title} — {curriculum.settings.name}", guide.summary, [guide, *modules])
    body = cover_html(curriculum, cover, info) + toc_html(chapters, (2, 3)) + "\n".join(c.html for c in chapters)
    return _job(curriculum, exports, GUIDE_PDF, info, body, "guide")


def learner_booklets(
    curriculum: Curriculum, exports: Path, shared: SharedChapters | None = None
) -> list[PartedBooklet]:
    """The booklets printed chapter by chapter: each module's, the whole cursus, each path."""
    shared = shared or SharedChapters(curriculum)
    return [
        *(module_booklet(curriculum, exports, m, shared) for m in curriculum.ordered_modules()),
        curriculum_booklet(curriculum, exports, shared),
        *(path_booklet(curriculum, exports, p, shared) for p in sheet_paths(curriculum)),
    ]


def guide_jobs(curriculum: Curriculum, exports: Path) -> list[PdfJob]:
    """The trainer's guide, with every module's trainer notes: only in the trainer view,
    which the learners' site never holds nor links to (see ``build.build_views``)."""
    guide = guide_booklet(curriculum, exports) if curriculum.trainer else None
    return [guide] if guide is not None else []


def _guide_files(curriculum: Curriculum) -> list[ExportFile]:
    if not curriculum.trainer or GUIDE_PAGE not in curriculum.pages:
        return []
    return [ExportFile(GUIDE_PDF, "Guide du formateur (PDF), avec les notes d'animation de chaque module")]


def files(curriculum: Curriculum) -> list[ExportFile]:
    out = [ExportFile(module_pdf(m), f"Livret PDF du module « {m.title} »", m.id) for m in curriculum.ordered_modules()]
    out.append(ExportFile(CURRICULUM_PDF, "Livret PDF du cursus complet", WHOLE_CURRICULUM))
    out += [ExportFile(path_pdf(p), f"Livret PDF du parcours « {p.title} »") for p in sheet_paths(curriculum)]
    return out


def write_booklets(curriculum: Curriculum, exports: Path) -> None:
    shared = SharedChapters(curriculum)
    exports.mkdir(parents=True, exist_ok=True)
    # beside the exports: a build that fails removes the folder they are written into
    with work_folder(exports.parent) as work:
        # the shared chapters first: an edited module is one of them, printed by the build's
        # workers while the booklets are made around it
        print_ahead(work, shared.parts(), palette(curriculum), _stylesheets())
        print_booklets(learner_booklets(curriculum, exports, shared), work)


def write_guide(curriculum: Curriculum, exports: Path) -> None:
    render_all(guide_jobs(curriculum, exports))


#: The trainer's guide: in the trainer view only (``build._print_apart`` prints it with the
#: learners' booklets, ``build._TrainerExports`` otherwise); a learners' build lists and
#: writes nothing.
GUIDE_EXPORT = Export(
    name="guide-formateur",
    prints=True,
    title="Guide du formateur",
    description=(
        "Le guide du formateur en PDF : la préparation des sessions, les programmes types et les notes "
        "d'animation de chaque module (minutages, consignes, pièges à éviter). Il n'est que dans la vue "
        "formateur, jamais dans le site des apprenants."
    ),
    files=_guide_files,
    write=write_guide,
)

EXPORT = Export(
    name="livrets",
    prints=True,
    title="Livrets PDF",
    description=(
        "Des livrets à imprimer ou à lire hors ligne : un par module, un par parcours (avec son programme "
        "jour par jour quand il en a un), un pour le cursus complet (avec les fiches méthode, les études "
        "de cas et le glossaire). "
        "Chaque livret a un sommaire, un corrigé des exercices et des quiz en fin de module, et une "
        "page des licences et des sources. Les notes pour le formateur n'y figurent pas : elles sont "
        "dans le guide du formateur en PDF, que seule la vue formateur propose. "
        "Les fichiers sont des PDF balisés, lisibles avec un lecteur d'écran."
    ),
    files=files,
    write=write_booklets,
)
