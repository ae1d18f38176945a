"""Self-check quizzes as plain, accessible HTML.

A form of fieldsets (one per question, the question as legend), native radio
buttons or checkboxes, and a live region for the result: keyboard and screen
readers work without any script; ``ecole-quiz.js`` checks the answers and shows
the explanations. Without script, the check buttons stay hidden and a folded
answer key takes their place, so the quiz still teaches something. The same
markup goes into the site and the SCORM packages.
"""

from __future__ import annotations

import re
from functools import lru_cache

import markdown

from ..model.structure import Module, Quiz

#: Text made only of these characters renders to itself: no need for Markdown
#: (about 0.2 ms a call, and a quiz has dozens of texts, each shown twice).
_PLAIN = re.compile(r"(?:[^\W_]|[ ,;:.?'’«»\"()/%€°–—-])*")


@lru_cache(maxsize=4096)
def inline(text: str) -> str:
    """Inline Markdown (emphasis, code, links) without the surrounding paragraph."""
    if _PLAIN.fullmatch(text) and text == text.strip() and not re.match(r"\d+[.)]|[-=]", text) and "  " not in text:
        return text
    rendered = markdown.markdown(text, output_format="html")
    if rendered.startswith("<p>") and rendered.endswith("</p>") and rendered.count("<p>") == 1:
        return rendered[3:-4]
    return rendered


#: Where the score goes, said in the quiz's heading: on the site it stays in the
#: browser; in an LMS the SCORM runtime reports it to the platform.
PRIVACY_NOTES = {
    "site": "Vos réponses restent dans votre navigateur.",
    "lms": "Votre score est transmis à la plateforme de formation.",
}


def render_quiz(module: Module, quiz: Quiz, index: int, *, context: str = "site") -> str:
    prefix = f"quiz-{module.id}-{index}"
    total = len(quiz.questions)
    parts = [
        f'<form class="ecole-quiz" id="{prefix}" data-module="{module.id}" data-total="{total}" '
        f'aria-labelledby="{prefix}-titre" novalidate>',
        f'<p class="ecole-quiz__titre" id="{prefix}-titre"><strong>Quiz d\'auto-évaluation</strong> '
        f"— {total} question{'s' if total > 1 else ''}. {PRIVACY_NOTES[context]}</p>",
    ]
    for number, question in enumerate(quiz.questions, start=1):
        qid = f"{prefix}-q{number}"
        kind = "checkbox" if question.multiple else "radio"
        hint = "Plusieurs réponses possibles." if question.multiple else "Une seule réponse."
        parts.append(
            f'<fieldset class="ecole-question" id="{qid}" data-multiple="{str(question.multiple).lower()}" '
            f'aria-describedby="{qid}-aide">'
        )
        parts.append(f"<legend>Question {number} : {inline(question.text)}</legend>")
        parts.append(f'<p class="ecole-question__aide" id="{qid}-aide">{hint}</p>')
        for choice_number, choice in enumerate(question.choices, start=1):
            cid = f"{qid}-c{choice_number}"
            parts.append(
                f'<div class="ecole-choix"><input type="{kind}" name="{qid}" id="{cid}" '
                f'value="{choice_number}" data-correct="{str(choice.correct).lower()}">'
                f'<label for="{cid}">{inline(choice.text)}</label>'
                f'<p class="ecole-explication" id="{cid}-explication" hidden>'
                f'<span class="ecole-explication__verdict"></span> {inline(choice.explanation)}</p></div>'
            )
        parts.append("</fieldset>")
    parts.append(
        '<div class="ecole-quiz__actions" hidden><button type="submit" class="md-button md-button--primary">'
        'Vérifier mes réponses</button> <button type="reset" class="md-button">Recommencer</button></div>'
    )
    parts.append(f'<p class="ecole-quiz__resultat" id="{prefix}-resultat" role="status" aria-live="polite"></p>')
    parts.append(answer_key(quiz))
    parts.append("</form>")
    return "\n".join(parts)


def answer_key(quiz: Quiz) -> str:
    """The answers and their explanations, folded: what a reader without script gets.

    The quiz script removes it, since it gives the same explanations one by one.
    """
    items = []
    for question in quiz.questions:
        choices = "".join(
            f"<li><strong>{'Bonne réponse' if choice.correct else 'Réponse incorrecte'}</strong> : "
            f"{inline(choice.text)} — {inline(choice.explanation)}</li>"
            for choice in question.choices
        )
        items.append(f"<li>{inline(question.text)}<ul>{choices}</ul></li>")
    return f'<details class="ecole-quiz__corrige"><summary>Voir le corrigé</summary><ol>{"".join(items)}</ol></details>'
