"""Texts that no inline pattern can match, left as they are without trying each pattern.

Python-Markdown's ``inline`` treeprocessor tries every inline pattern on every text
of the page, one after the other: fifteen patterns under this project's dialect, each
a call that searches the text and returns empty-handed for most of them. At 300
modules, that loop was the largest part of converting a page, and most texts of a
page are plain French prose in which none of the patterns can find anything.

Each pattern of Python-Markdown's own set cannot match without one of a few
characters (a link without ``[``, emphasis without ``*`` or ``_``, a line break
without two spaces before a line's end…). :class:`PlainTextsFirst` looks for any of
them first, once per text, and leaves a text without any of them as the loop would
have left it: unchanged. The pattern list is also read once per page, where the loop
asked the registry for each pattern, sorted again, at each step.

A pattern this module does not know (an added extension, a new release of
Python-Markdown that changes one) turns the shortcut off for the page: every text
then goes through the loop, as without this module. ``tests/test_html_cost.py``
checks that the shortcut is on for the site's dialect and that pages come out the
same with it and without it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from xml.etree.ElementTree import Element

from markdown import Extension, Markdown, inlinepatterns
from markdown.extensions.footnotes import FootnoteInlineProcessor
from markdown.treeprocessors import InlineProcessor

#: Python-Markdown's inline patterns (class, regular expression), each with what a
#: text must contain for the expression to match, read from the expression itself.
KNOWN_PATTERNS: dict[tuple[type, str], str] = {
    (inlinepatterns.BacktickInlineProcessor, inlinepatterns.BACKTICK_RE): "`",
    (inlinepatterns.EscapeInlineProcessor, inlinepatterns.ESCAPE_RE): r"\\",
    (inlinepatterns.ReferenceInlineProcessor, inlinepatterns.REFERENCE_RE): r"\[",
    (inlinepatterns.LinkInlineProcessor, inlinepatterns.LINK_RE): r"\[",
    (inlinepatterns.ImageInlineProcessor, inlinepatterns.IMAGE_LINK_RE): r"\[",
    (inlinepatterns.ImageReferenceInlineProcessor, inlinepatterns.IMAGE_REFERENCE_RE): r"\[",
    (inlinepatterns.ShortReferenceInlineProcessor, inlinepatterns.REFERENCE_RE): r"\[",
    (inlinepatterns.ShortImageReferenceInlineProcessor, inlinepatterns.IMAGE_REFERENCE_RE): r"\[",
    (inlinepatterns.AutolinkInlineProcessor, inlinepatterns.AUTOLINK_RE): "<",
    (inlinepatterns.AutomailInlineProcessor, inlinepatterns.AUTOMAIL_RE): "<",
    (inlinepatterns.SubstituteTagInlineProcessor, inlinepatterns.LINE_BREAK_RE): "  \n",
    (inlinepatterns.HtmlInlineProcessor, inlinepatterns.HTML_RE): "<",
    (inlinepatterns.HtmlInlineProcessor, inlinepatterns.ENTITY_RE): "&",
}
#: The footnotes' pattern (``[^1]``), written inside the extension's ``extendMarkdown``.
FOOTNOTE_RE = r"\[\^([^\]]*)\]"


def _required(pattern: inlinepatterns.Pattern) -> str | None:
    """What a text must contain for ``pattern`` to match, as a regular expression; ``None`` if unknown."""
    expression = getattr(pattern, "pattern", None)
    if isinstance(pattern, inlinepatterns.DelimiterProcessor):
        # emphasis: its expression is its delimiters, escaped and joined (``\\*|_``)
        return expression
    if isinstance(pattern, FootnoteInlineProcessor) and expression == FOOTNOTE_RE:
        return r"\["
    return KNOWN_PATTERNS.get((type(pattern), expression))  # type: ignore[arg-type]


def required_characters(patterns: Sequence[inlinepatterns.Pattern]) -> re.Pattern[str] | None:
    """An expression found in every text that one of ``patterns`` can match; ``None`` if one is unknown."""
    parts = [_required(pattern) for pattern in patterns]
    if any(part is None for part in parts):
        return None
    return re.compile("|".join(sorted(set(parts))))  # type: ignore[arg-type]


class PlainTextsFirst(InlineProcessor):
    """Python-Markdown's ``inline`` treeprocessor, which skips the texts no pattern can match."""

    def __init__(self, md: Markdown) -> None:
        super().__init__(md)
        self._patterns: tuple[inlinepatterns.Pattern, ...] = ()
        self._required: re.Pattern[str] | None = None

    def run(self, tree: Element, ancestors: list[str] | None = None) -> Element:
        patterns = tuple(self.md.inlinePatterns)
        if patterns != self._patterns:
            self._patterns, self._required = patterns, required_characters(patterns)
        # the loop only takes the list's length and its items by index: a tuple does both
        self.inlinePatterns = patterns  # type: ignore[assignment]
        return super().run(tree, ancestors)

    # the loop itself is private to InlineProcessor (``__handleInline``, mangled):
    # overridden under its mangled name, and called there for every other text
    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:  # noqa: N802, N803
        if self._required is not None and not self._required.search(data):
            return data
        return super()._InlineProcessor__handleInline(data, patternIndex)  # type: ignore[misc]

    @property
    def shortcut_on(self) -> bool:
        """Whether the last page's patterns were all known (the shortcut was taken)."""
        return self._required is not None


class PlainTextsExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown API)
        # the same name and priority as Python-Markdown's own, which it replaces
        md.treeprocessors.register(PlainTextsFirst(md), "inline", 20)


def makeExtension(**kwargs: object) -> PlainTextsExtension:  # noqa: N802 (Python-Markdown API)
    return PlainTextsExtension(**kwargs)
