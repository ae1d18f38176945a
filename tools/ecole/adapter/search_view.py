"""What Material's search reads of a page: the page without what it would skip in its quizzes.

Material's search plugin reads each page's HTML with an HTML parser, tag by tag, and
leaves out every element marked ``data-search-exclude`` with all it holds. A quiz's
questions, buttons and answers are so marked (``shared/quiz.html``): two fifths of a
module page's HTML, read only to be skipped, about 2.6 ms per module page and view.
The search parser is given the page with those elements already cut out of its
quizzes; the page written is the whole one, which the parser's own clean-up (it drops
the ``data-search-*`` attributes) then gets as before.

Cutting an element out is what the parser does with it, provided the element holds
no heading (the parser starts a section at a heading even inside an excluded element)
and its tags are balanced (so that the parser's stack of open elements is the same
after it). The quiz's markup is ours and balanced; an element that holds a heading or
another element of its own kind (where the first closing tag might not be its own)
is left to the parser. ``tests/test_html_cost.py`` checks that the index is the same.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .quiz_blocks import QUIZ_START

#: A quiz, from its form to the end of the form (forms do not nest).
_QUIZ = re.compile(re.escape(QUIZ_START) + r"[^>]*>.*?</form>", re.S)
#: An element of a quiz that the search skips: a question, the buttons, the answers.
_EXCLUDED = re.compile(r'<(fieldset|div|details)\b[^>]*\sdata-search-exclude="true"[^>]*>.*?</\1>', re.S)
_HEADING = re.compile(r"<h[1-6]\b", re.I)


def _without_excluded(quiz: re.Match[str]) -> str:
    def cut(element: re.Match[str]) -> str:
        text = element[0]
        if _HEADING.search(text) or len(re.findall(rf"<{element[1]}\b", text)) != 1:
            return text
        return ""

    return _EXCLUDED.sub(cut, quiz[0])


def search_view(html: str) -> str:
    """``html`` without the elements of its quizzes that the search skips."""
    if QUIZ_START not in html:
        return html
    return _QUIZ.sub(_without_excluded, html)


def index_search_view(index) -> None:
    """Make Material's search index (``SearchIndex``) read pages through :func:`search_view`."""
    add: Callable = index.add_entry_from_context

    def add_entry_from_context(page) -> None:
        whole = page.content
        page.content = search_view(whole) if isinstance(whole, str) else whole
        try:
            add(page)
        finally:
            page.content = whole

    index.add_entry_from_context = add_entry_from_context
