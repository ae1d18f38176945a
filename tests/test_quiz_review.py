"""A quiz question sends a learner who answered wrongly back to the module's section that
teaches the point (``section:`` in the quiz block): on the site, in an LMS, on paper and in
the question banks, the link leads to that section's heading.

The browser side (the link shown after a wrong answer only) is in ``test_learning_browser.py``;
the banks' general feedback in ``test_quiz_banks.py``; a ``section:`` naming no heading in
``tests/bad_input/modules/quiz-section-inconnue.md``.
"""

from __future__ import annotations

import subprocess
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pikepdf

from ecole.assembly.typography import french, inner_quotes
from ecole.build import BuildResult
from ecole.model.addresses import module_pdf
from ecole.model.diagnostics import Report
from ecole.model.loader import load_item
from ecole.model.structure import Curriculum, Kind, Module, Section


class _Page(HTMLParser):
    """The ids of a page, and the links of its quiz's « Pour revoir ce point » paragraphs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.reviews: list[tuple[str, str]] = []  # href, the link's words
        self._inside = 0  # depth in a review paragraph
        self._link: str | None = None
        self._words: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.add(attributes["id"])
        if tag == "p" and "ecole-question__revoir" in (attributes.get("class") or ""):
            self._inside = 1
        elif self._inside and tag == "a":
            self._link, self._words = attributes.get("href") or "", []

    def handle_data(self, data: str) -> None:
        if self._link is not None:
            self._words.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._link is not None:
            self.reviews.append((self._link, "".join(self._words)))
            self._link = None
        elif tag == "p" and self._inside:
            self._inside = 0


def _read(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


def _sections(module: Module) -> list[Section]:
    return [question.section for question in module.questions if question.section is not None]


def _links(module: Module) -> list[tuple[str, str]]:
    """The review links a module's page should hold: each section's anchor and its heading's
    words, with French typography's spaces (« La Creuse : … ») and its own « » as “ ”, the
    link being between « »."""
    return [(f"#{section.anchor}", french(inner_quotes(section.title))) for section in _sections(module)]


def test_every_question_of_the_reference_says_where_to_read_again(built: BuildResult) -> None:
    curriculum: Curriculum = built.curriculum
    missing = [
        f"{module.id} : « {question.text} »"
        for module in curriculum.ordered_modules()
        for question in module.questions
        if question.section is None
    ]
    assert not missing
    assert sum(len(module.questions) for module in curriculum.ordered_modules()) >= 80


def test_on_the_site_each_link_leads_to_its_section(built: BuildResult) -> None:
    for module in built.curriculum.ordered_modules():
        page = _read((built.site / module.url / "index.html").read_text(encoding="utf-8"))
        assert page.reviews == _links(module), module.id
        assert {href[1:] for href, _ in page.reviews} <= page.ids, module.id


def test_in_an_lms_each_link_leads_to_its_section(built: BuildResult) -> None:
    for module in built.curriculum.ordered_modules():
        with zipfile.ZipFile(built.site / "exports" / "scorm2004" / f"{module.id}.zip") as package:
            page = _read(package.read(f"modules/{module.id}.html").decode("utf-8"))
        assert page.reviews == _links(module), module.id
        assert {href[1:] for href, _ in page.reviews} <= page.ids, module.id


def test_on_paper_the_answer_key_links_each_question_to_its_section(built: BuildResult) -> None:
    module = built.curriculum.modules["entretiens"]
    path = built.site / "exports" / module_pdf(module)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    key = text[text.index("Corrigé") :]
    assert key.count("Pour revoir ce point") == len(module.questions)
    with pikepdf.open(path) as pdf:
        names = {str(name) for name, _ in pikepdf.NameTree(pdf.Root.Names.Dests).items()}
        targets = {str(a.Dest) for page in pdf.pages for a in page.obj.get("/Annots", []) if "/Dest" in a}
    for section in _sections(module):
        anchor = f"modules-entretiens--{section.anchor}"
        assert anchor in names and anchor in targets, anchor


def test_a_section_is_found_by_its_words_or_its_anchor(built: BuildResult, tmp_path: Path) -> None:
    """The heading's own words are shown, whichever apostrophe, case or anchor the author typed."""
    path = tmp_path / "un-module.md"
    path.write_text(
        "---\ntitle: Un module\nsummary: Pour essayer.\npart: sensibilisation\norder: 1\n"
        "duration: 1h\nlevel: decouverte\naudience: [agents]\nobjectives: [Essayer.]\n---\n\n"
        "## L'écoute active\n\nÉcouter.\n\n### Relancer\n\nRelancer.\n\n"
        "```quiz\n"
        "- question: Que faire ?\n  section: l’Écoute Active\n"
        "  choices:\n    - text: Écouter.\n      correct: true\n      explanation: Oui.\n"
        "    - text: Parler.\n      explanation: Non.\n"
        "- question: Et ensuite ?\n  section: '#relancer'\n"
        "  choices:\n    - text: Relancer.\n      correct: true\n      explanation: Oui.\n"
        "    - text: Conclure.\n      explanation: Non.\n"
        "```\n",
        encoding="utf-8",
    )
    report = Report(tmp_path)
    module = load_item(path, Kind.MODULE, built.curriculum.settings, report)
    assert not report.errors, report.errors
    assert [q.section for q in module.questions] == [
        Section("L'écoute active", "lecoute-active"),
        Section("Relancer", "relancer"),
    ]
