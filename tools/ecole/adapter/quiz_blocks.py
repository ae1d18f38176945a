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
"""

from __future__ import annotations

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

#: How a quiz's form starts and ends, on lines of their own (``shared/quiz.html``).
_START = '<form class="ecole-quiz"'
_END = "</form>"


class _Swaps:
    """What the stand-ins of one page replaced, between the two preprocessors."""

    def __init__(self) -> None:
        self.lines: list[str] | None = None  # the page before the stand-ins
        self.quizzes: list[tuple[str, str]] = []  # (stand-in, quiz)
        self.stashed = 0  # raw blocks already kept before html_block ran


class _StandIns(Preprocessor):
    def __init__(self, md: Markdown, swaps: _Swaps) -> None:
        super().__init__(md)
        self.swaps = swaps

    def run(self, lines: list[str]) -> list[str]:
        swaps = self.swaps
        swaps.lines, swaps.quizzes = None, []
        if not any(line.startswith(_START) for line in lines):
            return lines
        kept: list[str] = []
        index = 0
        while index < len(lines):
            line = lines[index]
            end = _end_of_quiz(lines, index) if line.startswith(_START) else None
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


class _Quizzes(Preprocessor):
    def __init__(self, md: Markdown, swaps: _Swaps) -> None:
        super().__init__(md)
        self.swaps = swaps

    def run(self, lines: list[str]) -> list[str]:
        swaps = self.swaps
        if swaps.lines is None:
            return lines
        original, swaps.lines = swaps.lines, None
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
        # on both sides of md_in_html's html_block (20); after snippets (32), fenced
        # code (25) and whitespace normalisation (30), so that the lines are final
        md.preprocessors.register(_StandIns(md, swaps), "ecole_quiz_stand_ins", 20.5)
        md.preprocessors.register(_Quizzes(md, swaps), "ecole_quizzes", 19.5)


def makeExtension(**kwargs: object) -> QuizBlocksExtension:  # noqa: N802 (Python-Markdown API)
    return QuizBlocksExtension(**kwargs)
