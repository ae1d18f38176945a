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
from markupsafe import Markup

from ..model.structure import Module, Quiz
from .templates import render

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
    """The quiz's form (``shared/quiz.html``), for the site or, with ``context="lms"``, a SCORM page."""
    questions = [
        {
            "text": Markup(inline(question.text)),
            "multiple": question.multiple,
            "choices": [
                {
                    "text": Markup(inline(choice.text)),
                    "explanation": Markup(inline(choice.explanation)),
                    "correct": choice.correct,
                }
                for choice in question.choices
            ],
            "section": question.section,
        }
        for question in quiz.questions
    ]
    text = render(
        "shared/quiz.html",
        prefix=f"quiz-{module.id}-{index}",
        module=module,
        privacy=PRIVACY_NOTES[context],
        questions=questions,
        site=context == "site",
    )
    return text.removesuffix("\n")  # in place of a marker, inside the body's text
