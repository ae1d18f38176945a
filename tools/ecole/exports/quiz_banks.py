"""Question banks: every module's quiz as Moodle XML and as GIFT, one file per
module and one for the whole cursus, under ``exports/quiz/``.

A trainer imports them in Moodle (Banque de questions › Importer) to build tests
of their own from the curriculum's questions; GIFT, a plain text file, is also read
by other platforms and is easy to review or edit by hand.

Both formats file the questions in the same categories, ``$course$/<school>/<part>/
<module>``, so that importing a module's bank and then the cursus's fills one tree.
Every question is a ``multichoice``. With one right answer it is ``single``: 100 %
for that answer, 0 for the others. With several, Moodle's documented convention
for multiple right answers (its GIFT example ``{~%-100%No one ~%50%Grant ~%50%Grant's
wife ~%-100%Grant's father}``) is followed: each right answer is worth an equal
share of 100 %, each wrong one -100 %, and Moodle never scores a question below 0.
A wrong answer ticked costs the whole question, as on the site where such an answer
is « Faux », while an incomplete one keeps the share of the right answers ticked.
Each share is one of the grades Moodle offers (1/q for q up to 10): its importer
rejects any other.

Texts are the authors' Markdown-lite. Moodle XML carries them as the HTML that
:func:`~ecole.assembly.quiz_html.inline` renders for the site, in CDATA sections as
Moodle's own exports do. GIFT carries the Markdown itself behind a ``[markdown]``
marker: Moodle renders it (emphasis, links) and the file stays readable. Answers and
explanations inherit the question's format, as in Moodle's own GIFT exports; only a
text that could be read as a grade or a marker (starting with ``%`` or ``[``)
repeats the marker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from ..assembly.facts import date_text
from ..assembly.quiz_html import inline
from ..assembly.templates import render
from ..assembly.typography import french, french_html, quoted
from ..errors import BuildFailed
from ..model.learning import WHOLE_CURRICULUM
from ..model.licences import licence
from ..model.structure import PART_LABELS, Curriculum, Module, Section
from . import cache
from .plan import Export, ExportFile

NBSP = "\u00a0"
FOLDER = "quiz"
#: Format -> (folder under quiz/, end of the file names, what the download page calls the files).
#: GIFT files end in ``.gift.txt``: Moodle's own GIFT export writes ``.txt``, which any
#: computer opens in a text editor, and ``.gift`` says which kind of text it is.
FORMATS = {
    "moodle": ("moodle", ".xml", "Banque de questions Moodle (XML)"),
    "gift": ("gift", ".gift.txt", "Banque de questions GIFT"),
}
#: Column of the download page's table of modules, per format.
COLUMNS = {"moodle": "Questions Moodle (XML)", "gift": "Questions GIFT"}
#: Moodle's grades in percent (``question_bank::fraction_options()``); an imported grade
#: must be one of them, or its opposite, within 0.001 %.
MOODLE_GRADES = (
    100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20,
    16.66667, 14.28571, 12.5, 11.11111, 10, 5, 0,
)  # fmt: skip
#: What Moodle says of the whole answer, in the site's words (``ecole-quiz.js``).
OVERALL_FEEDBACK = {
    "correct": "Juste.",
    # some right answers and no wrong one: one or more right answers were left out
    "partiallycorrect": f"Incomplet{NBSP}: il manquait au moins une bonne réponse.",
    "incorrect": "Faux.",
}
#: GIFT's special characters and their escapes (``qformat_gift::repchar``); backslash first.
GIFT_ESCAPES = (("\\", "\\\\"), ("~", "\\~"), ("=", "\\="), ("#", "\\#"), ("{", "\\{"), ("}", "\\}"), (":", "\\:"))
GIFT_FORMAT = "[markdown]"


@dataclass(frozen=True)
class BankAnswer:
    text: str  # Markdown-lite, as written
    feedback: str  # the choice's explanation
    correct: bool
    grade: str  # percent, as Moodle writes it: "100", "0", "33.33333", "-100"


@dataclass(frozen=True)
class BankQuestion:
    name: str  # stable: the module's id and the question's number in the module
    text: str
    single: bool
    answers: list[BankAnswer]
    #: Moodle's general feedback, shown after any answer: the module's section to read
    #: again (Markdown-lite, a link when the site's address is known), or ``""``
    review: str = ""


@dataclass(frozen=True)
class Category:
    names: tuple[str, ...]  # from the school's category down
    info: str  # HTML for Moodle XML: what the category holds, where from, under which licence
    questions: list[BankQuestion]


def bank_modules(curriculum: Curriculum) -> list[Module]:
    """The modules that have questions, in reading order: the others get no file."""
    return [module for module in curriculum.ordered_modules() if module.questions]


def bank_path(kind: str, name: str) -> str:
    """Path under ``exports/`` of module ``name``'s bank (or the cursus's) in format ``kind``."""
    folder, ending, _ = FORMATS[kind]
    return f"{FOLDER}/{folder}/{name}{ending}"


def files(curriculum: Curriculum) -> list[ExportFile]:
    modules = bank_modules(curriculum)
    if not modules:
        return []
    out = []
    for kind, (_, _, label) in FORMATS.items():
        column = COLUMNS[kind]
        out.append(
            ExportFile(bank_path(kind, WHOLE_CURRICULUM), f"{label} du cursus complet", WHOLE_CURRICULUM, column)
        )
        out += [
            ExportFile(bank_path(kind, m.id), f"{label} du module «{NBSP}{m.title}{NBSP}»", m.id, column)
            for m in modules
        ]
    return out


def _percent(value: float) -> str:
    return f"{value:.5f}".rstrip("0").rstrip(".")


def bank_question(module: Module, number: int, url: str | None = None) -> BankQuestion:
    """Question ``number`` of ``module`` (from 1, across its quizzes), with Moodle's grades;
    ``url``: the module's page, when the site's address is known."""
    question = module.questions[number - 1]
    right = sum(choice.correct for choice in question.choices)
    if question.multiple:
        share = _percent(100 / right)
        if not any(abs(float(share) - grade) < 0.001 for grade in MOODLE_GRADES):
            raise BuildFailed(
                f"banques de questions : la question {number} du module « {module.id} » a {right} bonnes "
                "réponses ; Moodle ne note une question à plusieurs réponses que jusqu'à 10 bonnes réponses"
            )
        grades = {True: share, False: "-100"}
    else:
        grades = {True: "100", False: "0"}
    # with the site's typography (its quiz gets it when its page is rendered): a « ? » after a
    # breakable space could start a line of its own in the platform
    return BankQuestion(
        name=f"{module.id}-q{number:02d}",
        text=french(question.text),
        single=not question.multiple,
        answers=[
            BankAnswer(french(c.text), french(c.explanation), c.correct, grades[c.correct]) for c in question.choices
        ],
        review=french(_review(module, question.section, url)) if question.section else "",
    )


def _review(module: Module, section: Section, url: str | None) -> str:
    """Where to read again what a question checks, as the site's quiz says it after a wrong answer."""
    words = f"[{section.title}]({url}#{section.anchor})" if url else section.title
    return f"Pour revoir ce point : section {quoted(words)} du module « {module.title} »."


def _url(curriculum: Curriculum, address: str) -> str | None:
    """The absolute address of a page, when the site's is known (``site_url``); a bank
    is read away from the site, where a relative link leads nowhere."""
    base = curriculum.settings.site_url
    return f"{base.rstrip('/')}/{address}" if base else None


def categories(curriculum: Curriculum, modules: list[Module]) -> list[Category]:
    """The school's category, then each part's, each followed by its modules' with their questions."""
    school = curriculum.settings.name
    name, address = licence(curriculum.settings.licence)
    common = {"school": school, "licence_name": name, "licence_url": address}
    out = [Category((school,), render("quiz/category-info.html", **common, part=None, module=None), [])]
    for part in PART_LABELS:
        members = [m for m in modules if m.part == part]
        if not members:
            continue
        label = curriculum.part_label(part)
        out.append(Category((school, label), render("quiz/category-info.html", **common, part=label, module=None), []))
        for module in members:
            name, address = licence(module.licence)
            url = _url(curriculum, module.url)
            info = render(
                "quiz/category-info.html",
                school=school,
                part=label,
                module=module,
                summary=Markup(french_html(inline(module.summary))),
                url=url,
                licence_name=name,
                licence_url=address,
            )
            questions = [bank_question(module, number, url) for number in range(1, len(module.questions) + 1)]
            out.append(Category((school, label, module.title), info, questions))
    return out


def category_path(names: tuple[str, ...]) -> str:
    """Moodle's path of a course's category: ``$course$/a/b``, a slash inside a name doubled
    (``qformat_default::split_category_path``); Moodle adds its own ``top`` category."""
    return "/".join(["$course$", *(re.sub(r"\s*[\r\n]+\s*", " ", name).replace("/", "//") for name in names)])


def cdata(text: str) -> Markup:
    """``text`` in a CDATA section, split where it holds the section's end, as Moodle does."""
    return Markup("<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>")


def moodle_xml(bank: list[Category]) -> str:
    """A Moodle XML question bank (``qformat_xml``): each category, then its questions."""
    entries = [
        {
            "path": category_path(category.names),
            "info": cdata(category.info.strip()),
            "questions": [
                {
                    "name": question.name,
                    "text": cdata(inline(question.text)),
                    "review": cdata(inline(question.review)) if question.review else "",
                    "single": question.single,
                    "answers": [
                        {"grade": a.grade, "text": cdata(inline(a.text)), "feedback": cdata(inline(a.feedback))}
                        for a in question.answers
                    ],
                }
                for question in category.questions
            ],
        }
        for category in bank
    ]
    return render("quiz/moodle.xml", categories=entries, feedback=OVERALL_FEEDBACK)


def gift_escape(text: str) -> str:
    """``text`` with GIFT's special characters escaped and its line breaks written ``\\n``,
    so that no blank line ends a question early."""
    for character, escaped in GIFT_ESCAPES:
        text = text.replace(character, escaped)
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")


def gift_text(text: str, *, marked: bool = False) -> str:
    """An escaped text, behind the format marker when asked, or when it starts with what
    would be read as a grade (``%…%``) or a format marker (``[…]``)."""
    text = text.strip()
    marker = GIFT_FORMAT if marked or text.startswith(("%", "[")) else ""
    return marker + gift_escape(text)


def gift(bank: list[Category], comments: list[str | None]) -> str:
    """A GIFT file: ``comments``, then each module's category and its questions."""
    entries = [
        {
            "path": category_path(category.names),
            "questions": [
                {
                    "name": gift_escape(question.name),
                    "text": gift_text(question.text, marked=True),
                    "review": gift_text(question.review) if question.review else "",
                    "answers": [
                        {
                            "mark": ("=" if a.correct else "~") if question.single else f"~%{a.grade}%",
                            "text": gift_text(a.text),
                            "feedback": gift_text(a.feedback),
                        }
                        for a in question.answers
                    ],
                }
                for question in category.questions
            ],
        }
        for category in bank
        # a GIFT category has no description: the module's path is enough
        if category.questions
    ]
    return render(
        "quiz/bank.gift.txt", comments=[re.sub(r"[\r\n]+", " ", c) for c in comments if c], categories=entries
    )


def _write(path: Path, text: str) -> None:
    with cache.current() as store:  # counted as reused when the same bytes were written before
        store.write_bytes(path, text.encode("utf-8"), cache.relative_name(path))


def _source(url: str | None) -> str | None:
    return french(f"Source : {url}") if url else None


def write_quiz_banks(curriculum: Curriculum, exports: Path) -> None:
    modules = bank_modules(curriculum)
    if not modules:
        return
    settings = curriculum.settings
    name, address = licence(settings.licence)
    how = french("À importer dans Moodle : Banque de questions › Importer, format GIFT.")
    # a bank's edition is the last update of its modules, as the SCORM packages' and the booklets'
    banks = {
        WHOLE_CURRICULUM: (
            categories(curriculum, modules),
            [
                french(
                    f"{settings.name} : banque de questions du cursus complet, édition du "
                    f"{date_text(curriculum.last_update(modules))}."
                ),
                _source(_url(curriculum, "")),
                french(f"Licence : {name} ({address}), sauf mention contraire dans un module."),
                how,
            ],
        )
    }
    for module in modules:
        name, address = licence(module.licence)
        banks[module.id] = (
            categories(curriculum, [module]),
            [
                french(
                    f"{settings.name} : banque de questions du module « {module.title} », édition du "
                    f"{date_text(curriculum.last_update([module]))}."
                ),
                _source(_url(curriculum, module.url)),
                french(f"Licence : {name} ({address})."),
                how,
            ],
        )
    for bank_name, (bank, comments) in banks.items():
        _write(exports / bank_path("moodle", bank_name), moodle_xml(bank))
        _write(exports / bank_path("gift", bank_name), gift(bank, comments))


EXPORT = Export(
    name="banques-de-questions",
    title="Banques de questions (Moodle XML et GIFT)",
    description=french(
        "Les questions des quiz d'auto-évaluation, pour composer vos propres tests sur une "
        "plateforme de formation : une banque par module et une pour le cursus complet, au format "
        "XML Moodle (le plus complet : mise en forme, explication de chaque réponse, verdicts "
        "« Juste », « Incomplet » ou « Faux ») et au format GIFT (un fichier texte, facile à relire "
        "et à modifier, que d'autres plateformes lisent aussi). Pour importer une banque dans "
        "Moodle : Banque de questions › Importer, choisissez le format « XML Moodle » ou « GIFT », "
        "gardez l'option qui reprend les catégories du fichier, puis déposez le fichier. Les "
        "questions se rangent dans une catégorie par partie et par module, et leurs réponses sont "
        "mélangées. Une question à plusieurs bonnes réponses rapporte une part des points par bonne "
        "réponse cochée, et aucun dès qu'une mauvaise réponse est cochée."
    ),
    files=files,
    write=write_quiz_banks,
)
