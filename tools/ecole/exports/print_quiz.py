"""Self-check quizzes on paper: the questions where the quiz stands, the answers
with their explanations in the module's answer key ("Corrigé").

Choices are lettered so that the key can name them; the boxes to tick are
drawn by the stylesheet (a square for several answers, a circle for one), and
the key says "juste" or "faux" in words, never by colour alone.
"""

from __future__ import annotations

import html
from string import ascii_uppercase

from ..assembly.quiz_html import inline
from ..model.structure import Module, Quiz


def _letter(number: int) -> str:
    return ascii_uppercase[number]


def print_quiz(module: Module, quiz: Quiz, anchor: str) -> str:
    """HTML of ``quiz`` to fill in with a pen; ``anchor`` is the id of the answer key."""
    first = 1 + sum(len(q.questions) for q in module.quizzes[: module.quizzes.index(quiz)])
    total = len(quiz.questions)
    parts = [
        '<div class="quiz">',
        f'<p class="quiz__titre"><strong>Quiz d\'auto-évaluation</strong> — {total} question'
        f"{'s' if total > 1 else ''}. Cochez vos réponses, puis comparez-les au "
        f'<a class="interne" href="#{anchor}">corrigé</a>.</p>',
        f'<ol class="quiz__questions" start="{first}">',
    ]
    for question in quiz.questions:
        kind = "multiple" if question.multiple else "unique"
        hint = "Plusieurs réponses possibles." if question.multiple else "Une seule réponse."
        parts.append(
            f'<li class="question"><p class="question__texte">{inline(question.text)} '
            f'<span class="question__aide">{hint}</span></p><ul class="choix choix--{kind}">'
        )
        for number, choice in enumerate(question.choices):
            parts.append(f'<li><span class="choix__lettre">{_letter(number)}.</span> {inline(choice.text)}</li>')
        parts.append("</ul></li>")
    parts += ["</ol>", "</div>"]
    return "\n".join(parts)


def quiz_key(module: Module) -> str:
    """The answers of every question of ``module``, each choice with its explanation."""
    if not module.questions:
        return ""
    parts = ['<ol class="corrige__quiz">']
    # numbered across all the quizzes of the module, as print_quiz numbers them
    for number, question in enumerate(module.questions, start=1):
        right = ", ".join(_letter(i) for i, choice in enumerate(question.choices) if choice.correct)
        label = "Bonnes réponses" if question.multiple else "Bonne réponse"
        parts.append(
            f'<li value="{number}"><p class="corrige__question">{inline(question.text)}</p>'
            f'<p class="corrige__reponse"><strong>{label} : {html.escape(right)}</strong></p><ul>'
        )
        for index, choice in enumerate(question.choices):
            verdict = "juste" if choice.correct else "faux"
            parts.append(
                f'<li class="corrige__choix corrige__choix--{verdict}"><strong>{_letter(index)}. '
                f"{verdict.capitalize()}.</strong> {inline(choice.explanation)}</li>"
            )
        parts.append("</ul></li>")
    parts.append("</ol>")
    return "\n".join(parts)
