"""Quizzes kept out of Python-Markdown's HTML parser, for the same page.

A quiz reaches the Markdown of a module page as a raw HTML block of about 12 KB
(``<form class="ecole-quiz" …>`` … ``</form>``, :mod:`ecole.assembly.quiz_html`),
which the ``html_block`` preprocessor of ``md_in_html`` parses tag by tag, only to
keep its text as it is: a fifth of the conversion of a module page. Here the parser
sees a stand-in instead, the quiz's first line and ``</form>``; once it has run, the
stand-in is swapped for the quiz in what it kept.

The parser keeps a top-level raw block as written (its tags, text and entities
unchanged), so the swap gives the same HTML as parsing the whole quiz. Should the
quiz stand inside another raw block, the stand-in is swapped inside that block's
text, which the parser also keeps as written. Anywhere else (inside a ``markdown``
block, whose tags become elements), the stand-in cannot be found in the kept text:
the parser then runs again on the page as it was, and nothing is saved.

MkDocs reads every page once more with an HTML parser before that (its
``mkdocs_raw_html`` preprocessor), only to list the ``id`` of each element, the
anchors that a link to the page may name: the stand-in is put in place before it
too, and the ids of the quiz are added to its list afterwards, read from the
quiz's markup with a regular expression. That markup is ours
(``shared/quiz.html``, escaped by Jinja): an ``id`` attribute is the only place
where `` id="`` can stand in it (a quote in a text or another attribute is
written ``&#34;``), so the list is the parser's (``tests/test_html_cost.py``).
"""

from __future__ import annotations

import re
from html import unescape

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

#: How a quiz's form starts and ends, on lines of their own (``shared/quiz.html``).
QUIZ_START = '<form class="ecole-quiz"'
_END = "</form>"
#: An element's ``id`` in the quiz's markup, as MkDocs' HTML parser reads it.
_ID = re.compile(r'<[a-zA-Z][^<>]*?\sid="([^"]*)"')


class _Swaps:
    """What the stand-ins of one page replaced, between the two preprocessors."""

    def __init__(self) -> None:
        self.lines: list[str] | None = None  # the page before the stand-ins
        self.quizzes: list[tuple[str, str]] = []  # (stand-in, quiz)
        self.stashed = 0  # raw blocks already kept before html_block ran


class _Swapping(Preprocessor):
    """One of the two preprocessors of a page's swaps: puts the stand-ins, or swaps them back."""

    def __init__(self, md: Markdown, swaps: _Swaps) -> None:
        super().__init__(md)
        self.swaps = swaps


class _StandIns(_Swapping):
    def run(self, lines: list[str]) -> list[str]:
        swaps = self.swaps
        swaps.lines, swaps.quizzes = None, []
        if not any(line.startswith(QUIZ_START) for line in lines):
            return lines
        kept: list[str] = []
        index = 0
        while index < len(lines):
            line = lines[index]
            end = _end_of_quiz(lines, index) if line.startswith(QUIZ_START) else None
            if end is None:
                kept.append(line)
                index += 1
                continue
            stand_in = f"{line}\n{_END}"
            swaps.quizzes.append((stand_in, "\n".join(lines[index : end + 1])))
            kept.extend((line, _END))
            index = end + 1
        if swaps.quizzes:
            swaps.lines = lines
            swaps.stashed = len(self.md.htmlStash.rawHtmlBlocks)
        return kept if swaps.quizzes else lines


class _Quizzes(_Swapping):
    def run(self, lines: list[str]) -> list[str]:
        swaps = self.swaps
        if swaps.lines is None:
            return lines
        original, swaps.lines = swaps.lines, None
        # under MkDocs, whose HTML parser read the stand-ins in place of the quizzes
        preprocessors = self.md.preprocessors  # a Registry: no get()
        raw_html = preprocessors["mkdocs_raw_html"] if "mkdocs_raw_html" in preprocessors else None  # noqa: SIM401
        anchors = getattr(raw_html, "present_anchor_ids", None)
        if isinstance(anchors, set):
            for _, quiz in swaps.quizzes:
                anchors.update(quiz_ids(quiz))
        stash = self.md.htmlStash
        blocks = stash.rawHtmlBlocks
        for stand_in, quiz in swaps.quizzes:
            for number in range(swaps.stashed, len(blocks)):
                block = blocks[number]
                # a stand-in's first line holds the quiz's id: found once at most
                if isinstance(block, str) and stand_in in block:
                    blocks[number] = block.replace(stand_in, quiz, 1)
                    break
            else:
                # the parser made elements of it: parse the page as it was
                del blocks[swaps.stashed :]
                stash.html_counter = swaps.stashed
                return self.md.preprocessors["html_block"].run(original)
        return lines


def quiz_ids(quiz: str) -> set[str]:
    """The ``id`` of every element of a quiz's markup (``shared/quiz.html``)."""
    return {unescape(value) for value in _ID.findall(quiz)}


def _end_of_quiz(lines: list[str], start: int) -> int | None:
    """The line of the quiz's ``</form>``, for a quiz that starts a block of its own."""
    if start > 0 and lines[start - 1].strip():
        return None
    for index in range(start + 1, len(lines)):
        if lines[index] == _END:
            return index
    return None


class QuizBlocksExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown API)
        swaps = _Swaps()
        # on both sides of md_in_html's html_block (20) and MkDocs' mkdocs_raw_html (21);
        # after snippets (32), fenced code (25) and whitespace normalisation (30), so
        # that the lines are final
        md.preprocessors.register(_StandIns(md, swaps), "ecole_quiz_stand_ins", 21.5)
        md.preprocessors.register(_Quizzes(md, swaps), "ecole_quizzes", 19.5)


def makeExtension(**kwargs: object) -> QuizBlocksExtension:  # noqa: N802 (Python-Markdown API)
    return QuizBlocksExtension(**kwargs)
