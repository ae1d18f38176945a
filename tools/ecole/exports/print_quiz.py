"""Self-check quizzes on paper: the questions where the quiz stands, the answers
with their explanations in the module's answer key ("Corrigé").

Choices are lettered so that the key can name them; the boxes to tick are
drawn by the stylesheet (a square for several answers, a circle for one), and
the key says "juste" or "faux" in words, never by colour alone.
"""

from __future__ import annotations

from string import ascii_uppercase

from markupsafe import Markup

from ..assembly import templates
from ..assembly.quiz_html import inline
from ..model.structure import Module, Quiz
from .print_markdown import chapter_id


def _letter(number: int) -> str:
    return ascii_uppercase[number]


def print_quiz(module: Module, quiz: Quiz, anchor: str) -> str:
    """HTML of ``quiz`` to fill in with a pen; ``anchor`` is the id of the answer key."""
    first = 1 + sum(len(q.questions) for q in module.quizzes[: module.quizzes.index(quiz)])
    questions = [
        {
            "text": Markup(inline(question.text)),
            "multiple": question.multiple,
            "choices": [
                (_letter(number), Markup(inline(choice.text))) for number, choice in enumerate(question.choices)
            ],
        }
        for question in quiz.questions
    ]
    return templates.render("print/quiz.html", questions=questions, first=first, anchor=anchor)


def quiz_key(module: Module) -> str:
    """The answers of every question of ``module``, each choice with its explanation, and
    the section of the module where to read again what it checks (a link in the booklet)."""
    if not module.questions:
        return ""
    chapter = chapter_id(module.staged_path)
    # numbered across all the quizzes of the module, as print_quiz numbers them
    questions = [
        {
            "text": Markup(inline(question.text)),
            "multiple": question.multiple,
            "right": ", ".join(_letter(i) for i, choice in enumerate(question.choices) if choice.correct),
            "choices": [
                (_letter(index), choice.correct, Markup(inline(choice.explanation)))
                for index, choice in enumerate(question.choices)
            ],
            "section": question.section and (question.section.title, f"#{chapter}--{question.section.anchor}"),
        }
        for question in module.questions
    ]
    return templates.render("print/quiz-key.html", questions=questions)
