"""Inline patterns tried only on the texts that hold what they need to match.

Python-Markdown's ``inline`` treeprocessor tries every inline pattern on every text
of the page, one after the other: fifteen patterns under this project's dialect, each
a call that searches the text and returns empty-handed for most of them. At 300
modules, that loop was the largest part of converting a page, and most texts of a
page are plain French prose in which none of the patterns can find anything.

Each pattern of Python-Markdown's own set cannot match without one of a few
characters (a link without ``[``, emphasis without ``*`` or ``_``, a line break
without two spaces before a line's end…). :class:`PlainTextsFirst` looks for them
once per text: a text that holds none of them is left as the loop would have left
it, unchanged; in the others, a pattern whose characters are absent is passed over as
the loop would have passed it, having found nothing. A match only puts a placeholder
(``\\x02…\\x03``) in place of what it read: a character absent from a text stays
absent until the loop ends. The pattern list is also read once per page, where the
loop asked the registry for each pattern, which checked its order, at each step.

A pattern this module does not know (an added extension, a new release of
Python-Markdown that changes one) turns the shortcut off for the page: every text
then goes through Python-Markdown's own loop. ``tests/test_html_cost.py`` checks
that the shortcut is on for the site's dialect and that pages come out the same with
it and without it.
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.etree.ElementTree import Element

from markdown import Extension, Markdown, inlinepatterns
from markdown.extensions.footnotes import FootnoteInlineProcessor
from markdown.treeprocessors import InlineProcessor
from markdown.util import AtomicString

#: Python-Markdown's inline patterns (class, regular expression), each with what a
#: text must contain for the expression to match, read from the expression itself.
KNOWN_PATTERNS: dict[tuple[type, str], str] = {
    (inlinepatterns.BacktickInlineProcessor, inlinepatterns.BACKTICK_RE): "`",
    (inlinepatterns.EscapeInlineProcessor, inlinepatterns.ESCAPE_RE): "\\",
    (inlinepatterns.ReferenceInlineProcessor, inlinepatterns.REFERENCE_RE): "[",
    (inlinepatterns.LinkInlineProcessor, inlinepatterns.LINK_RE): "[",
    (inlinepatterns.ImageInlineProcessor, inlinepatterns.IMAGE_LINK_RE): "[",
    (inlinepatterns.ImageReferenceInlineProcessor, inlinepatterns.IMAGE_REFERENCE_RE): "[",
    (inlinepatterns.ShortReferenceInlineProcessor, inlinepatterns.REFERENCE_RE): "[",
    (inlinepatterns.ShortImageReferenceInlineProcessor, inlinepatterns.IMAGE_REFERENCE_RE): "[",
    (inlinepatterns.AutolinkInlineProcessor, inlinepatterns.AUTOLINK_RE): "<",
    (inlinepatterns.AutomailInlineProcessor, inlinepatterns.AUTOMAIL_RE): "<",
    (inlinepatterns.SubstituteTagInlineProcessor, inlinepatterns.LINE_BREAK_RE): "  \n",
    (inlinepatterns.HtmlInlineProcessor, inlinepatterns.HTML_RE): "<",
    (inlinepatterns.HtmlInlineProcessor, inlinepatterns.ENTITY_RE): "&",
}
#: The footnotes' pattern (``[^1]``), written inside the extension's ``extendMarkdown``.
FOOTNOTE_RE = r"\[\^([^\]]*)\]"


def needs(pattern: inlinepatterns.Pattern) -> frozenset[str] | None:
    """The strings of which a text must hold one for ``pattern`` to match; ``None`` if unknown."""
    expression = getattr(pattern, "pattern", None)
    if isinstance(pattern, inlinepatterns.DelimiterProcessor):
        # emphasis: its expression is its delimiters, escaped and joined (``\*|_``)
        return frozenset(pattern.tokens)
    if isinstance(pattern, FootnoteInlineProcessor) and expression == FOOTNOTE_RE:
        return frozenset("[")
    known = KNOWN_PATTERNS.get((type(pattern), expression))  # type: ignore[arg-type]
    return None if known is None else frozenset((known,))


class PlainTextsFirst(InlineProcessor):
    """Python-Markdown's ``inline`` treeprocessor, which tries a pattern only where it can match."""

    def __init__(self, md: Markdown) -> None:
        super().__init__(md)
        self._patterns: tuple[inlinepatterns.Pattern, ...] = ()
        self._needs: tuple[frozenset[str], ...] | None = None
        self._needed: frozenset[str] = frozenset()

    def run(self, tree: Element, ancestors: list[str] | None = None) -> Element:
        patterns = tuple(self.md.inlinePatterns)
        if patterns != self._patterns:
            self._patterns, self._needs = patterns, _all_needs(patterns)
            self._needed = frozenset().union(*self._needs) if self._needs else frozenset()
        # the loop only takes the list's length and its items by index: a tuple does both
        self.inlinePatterns = patterns  # type: ignore[assignment]
        return super().run(tree, ancestors)

    # the loop is private to InlineProcessor (``__handleInline``, mangled): overridden
    # under its mangled name, which its callers use, including for nested texts
    def _InlineProcessor__handleInline(self, data: str, index: int = 0) -> str:  # noqa: N802
        pattern_needs = self._needs
        if pattern_needs is None or isinstance(data, AtomicString):
            return super()._InlineProcessor__handleInline(data, index)  # type: ignore[misc]
        present = {needed for needed in self._needed if needed in data}
        if not present:
            return data
        # Python-Markdown's loop (markdown/treeprocessors.py), but for the patterns passed over
        apply = self._InlineProcessor__applyPattern  # type: ignore[attr-defined]
        patterns = self.inlinePatterns
        start = 0
        while index < len(patterns):
            if pattern_needs[index].isdisjoint(present):
                matched, start = False, 0  # what the pattern returns when it finds nothing
            else:
                data, matched, start = apply(patterns[index], data, index, start)
            if not matched:
                index += 1
        return data

    @property
    def shortcut_on(self) -> bool:
        """Whether the last page's patterns were all known (the shortcut was taken)."""
        return self._needs is not None


def _all_needs(patterns: Sequence[inlinepatterns.Pattern]) -> tuple[frozenset[str], ...] | None:
    found = tuple(needs(pattern) for pattern in patterns)
    return None if any(need is None for need in found) else found  # type: ignore[return-value]


class PlainTextsExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown API)
        # the same name and priority as Python-Markdown's own, which it replaces
        md.treeprocessors.register(PlainTextsFirst(md), "inline", 20)


def makeExtension(**kwargs: object) -> PlainTextsExtension:  # noqa: N802 (Python-Markdown API)
    return PlainTextsExtension(**kwargs)
