"""Question banks (Moodle XML and GIFT): read back by an independent GIFT parser
(npm gift-pegjs) and checked element by element against Moodle's XML format, each
question, answer, right answer and explanation against the curriculum's quizzes.

The reference curriculum's quizzes are plain sentences; a second curriculum made
from it adds what GIFT must escape, Markdown, a title with a slash and a module
without a quiz.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree
from markupsafe import escape

from conftest import ROOT
from ecole.assembly.quiz_html import inline
from ecole.assembly.typography import french, quoted
from ecole.exports import quiz_banks
from ecole.model.curriculum import load_curriculum
from ecole.model.learning import WHOLE_CURRICULUM
from ecole.model.project import Project
from ecole.model.structure import PART_LABELS, Choice, Curriculum, Module, Question, Quiz, Section

GIFT_PEGJS = ROOT / "node_modules" / "gift-pegjs"
#: Prints, for each file named on the command line, what gift-pegjs reads in it.
PARSE_GIFT = """
const { parse } = require(process.argv[1]);
const fs = require("fs");
const out = {};
for (const file of process.argv.slice(2)) out[file] = parse(fs.readFileSync(file, "utf8"));
process.stdout.write(JSON.stringify(out));
"""

# What Moodle's XML format is made of, from Moodle's own reader and writer
# (question/format/xml/format.php: qformat_xml::writequestion, import_multichoice,
# import_category, trans_format; question/engine/bank.php: fraction options).
TEXT_FORMATS = {"moodle_auto_format", "html", "plain_text", "wiki_like", "markdown"}
ANSWER_NUMBERINGS = {"abc", "ABCD", "123", "iii", "IIII", "none"}
#: Grades a question may give an answer, in percent: p/q for q <= 6, p/10, 1/q for q <= 10,
#: 1/20, and their opposites.
MOODLE_FRACTIONS = [
    1.0, 0.9, 0.8333333, 0.8, 0.75, 0.7, 0.6666667, 0.6, 0.5, 0.4, 0.3333333, 0.3, 0.25, 0.2,
    0.1666667, 0.1428571, 0.125, 0.1111111, 0.1, 0.05, 0.0,
]  # fmt: skip
MOODLE_GRADES = [100 * f for f in MOODLE_FRACTIONS] + [-100 * f for f in MOODLE_FRACTIONS]
#: A multiple-choice question's elements, in qformat_xml's order; <shownumcorrect/>
#: (optional) before the answers.
MULTICHOICE_HEAD = [
    "name", "questiontext", "generalfeedback", "defaultgrade", "penalty", "hidden", "single",
    "shuffleanswers", "answernumbering", "showstandardinstruction", "correctfeedback",
    "partiallycorrectfeedback", "incorrectfeedback",
]  # fmt: skip

TRICKY_TITLE = "Cadrer / décider : l'essentiel"
TRICKY_QUESTIONS = [
    Question(
        "Que vaut `a:b` dans ~ {x} = #1 \\ ? Voir [la fiche](https://example.org/a?b=c#d), *l'emphase* et ]]>.",
        [
            Choice("% des usagers : 80", True, "Oui : 80 % ; {sic}."),
            Choice("[markdown] n'est pas un format", True, "Exact\u00a0: c'est du texte = 1 # 2."),
            Choice("Une ligne\npuis une autre", True, "Vrai ~ faux ? \\ Non."),
            Choice("**Faux** évidemment -> non", False, "Non : voir [ici](https://example.org/x=y)."),
        ],
        Section("Dire « non » : {règle} #1 = ~", "dire-non-regle-1"),
    ),
    Question(
        "// Pas un commentaire ::nom:: ?",
        [
            Choice("[html] non plus", False, "### pas un titre"),
            Choice("=", True, "#1 : c'est bien un signe égal."),
            Choice("%20%", False, "Pas une note\\n ni une fin de ligne."),
            Choice("A -> B", False, "Pas un appariement."),
        ],
    ),
]


@pytest.fixture(scope="module")
def reference(project: Project) -> Curriculum:
    return load_curriculum(project)[0]


def tricky_curriculum(reference: Curriculum) -> Curriculum:
    """The reference, its first module renamed and quizzed with hard texts, its second without
    a quiz, and the site's address known (the banks link to the sections to read again)."""
    first, second = reference.ordered_modules()[:2]
    modules = dict(reference.modules)
    modules[first.id] = dataclasses.replace(first, title=TRICKY_TITLE, quizzes=[Quiz(TRICKY_QUESTIONS, 1)])
    modules[second.id] = dataclasses.replace(second, quizzes=[])
    settings = dataclasses.replace(reference.settings, site_url="https://formation.exemple.fr/ecole/")
    return dataclasses.replace(reference, modules=modules, settings=settings)


@pytest.fixture(scope="module", params=["référence", "piégé"])
def curriculum(request: pytest.FixtureRequest, reference: Curriculum) -> Curriculum:
    return reference if request.param == "référence" else tricky_curriculum(reference)


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory, curriculum: Curriculum) -> Path:
    folder = tmp_path_factory.mktemp("exports")
    quiz_banks.write_quiz_banks(curriculum, folder)
    return folder


def modules_with_quiz(curriculum: Curriculum) -> list[Module]:
    return [m for m in curriculum.ordered_modules() if m.quizzes]


def banks(curriculum: Curriculum) -> dict[str, list[Module]]:
    """Bank name -> the modules it holds, in reading order."""
    modules = modules_with_quiz(curriculum)
    return {WHOLE_CURRICULUM: modules, **{m.id: [m] for m in modules}}


def path_of(curriculum: Curriculum, *names: str) -> str:
    return "/".join(["$course$", curriculum.settings.name, *(n.replace("/", "//") for n in names)])


def review_of(curriculum: Curriculum, module: Module, question: Question) -> str | None:
    """The general feedback a question should carry: where its module teaches the point,
    a link to that section when the site's address is known (as the site's quiz says it)."""
    if question.section is None:
        return None
    words = question.section.title
    if curriculum.settings.site_url:
        address = f"{curriculum.settings.site_url.rstrip('/')}/{module.url}#{question.section.anchor}"
        words = f"[{words}]({address})"
    return french(f"Pour revoir ce point : section {quoted(words)} du module « {module.title} ».")


def is_right(choice: dict) -> bool:
    """GIFT marks a single right answer with '=', several with positive weights."""
    return choice["isCorrect"] or (choice["weight"] or 0) > 0


# The files


def test_every_declared_file_is_written_and_only_those(curriculum: Curriculum, exports: Path) -> None:
    declared = quiz_banks.files(curriculum)
    written = sorted(p.relative_to(exports).as_posix() for p in exports.rglob("*") if p.is_file())
    assert sorted(f.path for f in declared) == written
    names = list(banks(curriculum))
    assert [f.path for f in declared] == [f"quiz/moodle/{n}.xml" for n in names] + [
        f"quiz/gift/{n}.gift.txt" for n in names
    ]
    for file in declared:
        assert file.module in names
        assert file.variant in {"Questions Moodle (XML)", "Questions GIFT"}
        module = curriculum.modules.get(file.module)
        whole = "du cursus complet" if module is None else f"du module «\u00a0{module.title}\u00a0»"
        kind = "Moodle (XML)" if file.path.endswith(".xml") else "GIFT"
        assert file.label == f"Banque de questions {kind} {whole}"


def test_a_module_without_quiz_has_no_bank(reference: Curriculum, tmp_path: Path) -> None:
    curriculum = tricky_curriculum(reference)
    without = curriculum.ordered_modules()[1]
    assert not without.quizzes
    assert all(f.module != without.id for f in quiz_banks.files(curriculum))
    quiz_banks.write_quiz_banks(curriculum, tmp_path)
    assert not list(tmp_path.rglob(f"{without.id}.*"))
    assert without.title not in (tmp_path / "quiz" / "gift" / f"{WHOLE_CURRICULUM}.gift.txt").read_text(
        encoding="utf-8"
    )


def test_writing_twice_gives_the_same_bytes(curriculum: Curriculum, exports: Path, tmp_path: Path) -> None:
    quiz_banks.write_quiz_banks(curriculum, tmp_path)
    for path in exports.rglob("*.*"):
        assert (tmp_path / path.relative_to(exports)).read_bytes() == path.read_bytes(), path.name


def test_the_export_is_described_in_french() -> None:
    export = quiz_banks.EXPORT
    assert export.files is quiz_banks.files and export.write is quiz_banks.write_quiz_banks
    assert "Banque de questions › Importer" in export.description
    assert "«\u00a0XML Moodle\u00a0»" in export.description and "«\u00a0GIFT\u00a0»" in export.description
    assert " :" not in export.description and "« " not in export.description  # non-breaking spaces


# GIFT


def test_gift_escapes_its_special_characters() -> None:
    assert quiz_banks.gift_escape("a\\b~c=d#e{f}g:h\ni") == "a\\\\b\\~c\\=d\\#e\\{f\\}g\\:h\\ni"
    assert quiz_banks.gift_text("%20% de plus") == "[markdown]%20% de plus"
    assert quiz_banks.gift_text("[html] ou pas") == "[markdown][html] ou pas"


@pytest.fixture(scope="module")
def gift_parsed(curriculum: Curriculum, exports: Path) -> dict[str, list[dict]]:
    """Bank name -> what gift-pegjs reads in its GIFT file."""
    node = shutil.which("node")
    if node is None or not GIFT_PEGJS.is_dir():
        pytest.fail("node ou node_modules/gift-pegjs introuvable : lancez « make test », qui installe les paquets npm")
    paths = {name: exports / "quiz" / "gift" / f"{name}.gift.txt" for name in banks(curriculum)}
    result = subprocess.run(
        [node, "-e", PARSE_GIFT, str(GIFT_PEGJS), *map(str, paths.values())],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    parsed = json.loads(result.stdout)
    return {name: parsed[str(path)] for name, path in paths.items()}


def test_gift_round_trips_every_question(curriculum: Curriculum, gift_parsed: dict[str, list[dict]]) -> None:
    for name, modules in banks(curriculum).items():
        items = iter(gift_parsed[name])
        for module in modules:
            assert next(items) == {
                "type": "Category",
                "title": path_of(curriculum, PART_LABELS[module.part], module.title),
            }
            for number, question in enumerate(module.questions, start=1):
                item = next(items)
                assert item["type"] == "MC", item
                assert item["title"] == f"{module.id}-q{number:02d}"
                assert item["stem"] == {"format": "markdown", "text": french(question.text)}
                assert not item["hasEmbeddedAnswers"]
                review = review_of(curriculum, module, question)
                assert item["globalFeedback"] == (review and {"format": "markdown", "text": review})
                assert len(item["choices"]) == len(question.choices)
                for choice, read in zip(question.choices, item["choices"], strict=True):
                    assert read["text"] == {"format": "markdown", "text": french(choice.text)}
                    assert read["feedback"] == {"format": "markdown", "text": french(choice.explanation)}
                    assert is_right(read) == choice.correct, (module.id, number, choice.text)
        assert next(items, None) is None


def test_gift_grades_follow_moodle(curriculum: Curriculum, gift_parsed: dict[str, list[dict]]) -> None:
    """One '=' answer for a single right answer; several: shares of 100 %, -100 % for the wrong ones."""
    for items in gift_parsed.values():
        for item in items:
            if item["type"] == "Category":
                continue
            weights = [c["weight"] for c in item["choices"]]
            if any(c["isCorrect"] for c in item["choices"]):
                assert sum(c["isCorrect"] for c in item["choices"]) == 1 and weights == [None] * len(weights)
                continue
            assert all(any(abs(w - g) < 0.001 for g in MOODLE_GRADES) for w in weights), weights
            assert round(sum(w for w in weights if w > 0), 2) == 100
            assert all(w == -100 for w in weights if w <= 0)


# Moodle XML


@pytest.fixture(scope="module")
def moodle_parsed(curriculum: Curriculum, exports: Path) -> dict[str, etree._Element]:
    parser = etree.XMLParser(remove_blank_text=True, strip_cdata=True, resolve_entities=False)
    out = {}
    for name in banks(curriculum):
        raw = (exports / "quiz" / "moodle" / f"{name}.xml").read_bytes()
        assert raw.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<quiz>')
        out[name] = etree.fromstring(raw, parser)
    return out


def tags(element: etree._Element) -> list[str]:
    return [child.tag for child in element if isinstance(child.tag, str)]


def text_of(element: etree._Element, *, formatted: bool = True) -> str:
    """The text of a Moodle text field: one <text> child, and a format when it is formatted."""
    if formatted:
        assert element.get("format") in TEXT_FORMATS, etree.tostring(element)
    assert tags(element) == ["text"], etree.tostring(element)
    return element.find("text").text or ""


def check_multichoice(question: etree._Element) -> None:
    """The elements Moodle's XML reader expects of a multichoice question, with valid values."""
    children = tags(question)
    head = len(MULTICHOICE_HEAD)
    assert children[:head] == MULTICHOICE_HEAD
    rest = children[head:]
    if rest and rest[0] == "shownumcorrect":
        rest = rest[1:]
    assert rest and set(rest) == {"answer"}, children
    assert text_of(question.find("name"), formatted=False).strip()
    assert len(text_of(question.find("name"), formatted=False)) <= 255
    for field in (
        "questiontext",
        "generalfeedback",
        "correctfeedback",
        "partiallycorrectfeedback",
        "incorrectfeedback",
    ):
        text_of(question.find(field))
    assert float(question.findtext("defaultgrade")) == 1
    assert 0 <= float(question.findtext("penalty")) <= 1
    assert question.findtext("hidden") == "0"
    assert question.findtext("single") in {"true", "false"}
    assert question.findtext("shuffleanswers") == "true"
    assert question.findtext("answernumbering") in ANSWER_NUMBERINGS
    assert question.findtext("showstandardinstruction") in {"0", "1"}
    for answer in question.findall("answer"):
        assert set(answer.attrib) == {"fraction", "format"} and answer.get("format") in TEXT_FORMATS
        assert tags(answer) == ["text", "feedback"]
        text_of(answer.find("feedback"))
        assert any(abs(float(answer.get("fraction")) - g) < 0.001 for g in MOODLE_GRADES), answer.get("fraction")


def test_a_cdata_section_keeps_a_text_holding_its_end() -> None:
    text = "<p>a ]]> b</p>"
    assert etree.fromstring(f"<text>{quiz_banks.cdata(text)}</text>").text == text


def test_moodle_xml_follows_moodles_format(moodle_parsed: dict[str, etree._Element]) -> None:
    for root in moodle_parsed.values():
        assert root.tag == "quiz" and set(tags(root)) == {"question"}
        for question in root:
            kind = question.get("type")
            assert kind in {"category", "multichoice"}
            if kind == "category":
                assert tags(question) == ["category", "info"]
                assert text_of(question.find("category"), formatted=False).startswith("$course$/")
                assert text_of(question.find("info")).startswith("<p>")
            else:
                check_multichoice(question)


def test_moodle_xml_round_trips_every_question(
    curriculum: Curriculum, moodle_parsed: dict[str, etree._Element]
) -> None:
    for name, modules in banks(curriculum).items():
        questions = iter(moodle_parsed[name])
        category = text_of(next(questions).find("category"), formatted=False)
        assert category == path_of(curriculum)
        part = None
        for module in modules:
            if module.part != part:
                part = module.part
                assert text_of(next(questions).find("category"), formatted=False) == path_of(
                    curriculum, PART_LABELS[part]
                )
            element = next(questions)
            assert text_of(element.find("category"), formatted=False) == path_of(
                curriculum, PART_LABELS[part], module.title
            )
            assert str(escape(module.title)) in text_of(element.find("info"))
            for number, question in enumerate(module.questions, start=1):
                element = next(questions)
                assert element.get("type") == "multichoice"
                assert element.findtext("name/text") == f"{module.id}-q{number:02d}"
                assert element.find("questiontext").get("format") == "html"
                assert text_of(element.find("questiontext")) == inline(french(question.text))
                assert element.findtext("single") == ("false" if question.multiple else "true")
                review = review_of(curriculum, module, question)
                assert text_of(element.find("generalfeedback")) == (inline(review) if review else "")
                answers = element.findall("answer")
                assert len(answers) == len(question.choices)
                for choice, answer in zip(question.choices, answers, strict=True):
                    assert answer.get("format") == "html"
                    assert answer.findtext("text") == inline(french(choice.text))
                    assert text_of(answer.find("feedback")) == inline(french(choice.explanation))
                    assert (float(answer.get("fraction")) > 0) == choice.correct, (module.id, number, choice.text)
        assert next(questions, None) is None


def test_moodle_xml_grades_follow_moodle(moodle_parsed: dict[str, etree._Element]) -> None:
    """Single: 100 for the right answer, 0 for the others. Several (Moodle's convention for
    multiple right answers): positive shares adding up to 100, -100 for each wrong answer."""
    for root in moodle_parsed.values():
        for question in root.iterfind("question[@type='multichoice']"):
            grades = [float(a.get("fraction")) for a in question.iterfind("answer")]
            if question.findtext("single") == "true":
                assert sorted(grades, reverse=True) == [100] + [0] * (len(grades) - 1)
                assert question.find("shownumcorrect") is None
            else:
                assert round(sum(g for g in grades if g > 0), 2) == 100  # as Moodle rounds the total
                assert sum(g > 0 for g in grades) >= 2 and all(g == -100 for g in grades if g <= 0)
                assert question.find("shownumcorrect") is not None
