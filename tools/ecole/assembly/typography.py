"""French typography, applied once, at build time, to the text readers see.

Authors type ordinary spaces (or none) before ``: ; ? !``, inside « » and
between a number and its unit; the build puts the no-break spaces of French
typography (those of the Imprimerie nationale's rules) in their place, so that a
line never starts with a colon or a closing guillemet:

- a narrow no-break space (U+202F) before ``;``, ``!`` and ``?``;
- a no-break space (U+00A0) before ``:``, after ``«``, before ``»``, and
  between a number and its unit (``40 h``, ``1 h 30``, ``45 min``, ``30 %``,
  ``12 €``, ``3 km``; ``1h30`` becomes ``1 h 30``).

Only prose changes: never code (``code``, ``pre``, ``kbd``, ``samp``…), scripts
and styles, tag attributes, entities, web or mail addresses, times (``10:30``)
or emoticons. The functions are idempotent, and never leave two spaces in a row.

Where it runs: :class:`FrenchTypographyExtension`, registered in the Markdown
dialect (:mod:`ecole.assembly.dialect`), on every page body the site, the PDF
booklets and the SCORM packages render (raw HTML blocks included), before the
table of contents is read; and :func:`ecole.assembly.templates.render` on the
HTML templates (headers, quizzes, print chapters), with :func:`french_html`.
"""

from __future__ import annotations

import functools
import html
import re
from collections import OrderedDict
from xml.etree.ElementTree import Element

from markdown import Markdown
from markdown.extensions import Extension
from markdown.extensions import toc as toc_module
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

NBSP = "\u00a0"
NNBSP = "\u202f"

#: Elements whose text is not prose.
NOT_PROSE = frozenset({"code", "pre", "kbd", "samp", "var", "script", "style", "textarea", "math", "template"})

#: Spaces on one line: a line break before ``:`` may be Markdown (a definition list).
_SPACE = "[ \t\u00a0\u202f]"
#: Left as they are: web and mail addresses, Markdown code spans (in the Markdown
#: source some templates receive), and Python-Markdown's placeholders
#: (``\x02wzxhzdk:0\x03`` for stashed HTML, ``\x0258\x03`` for an escaped character),
#: with the character reference that follows the one of ``&`` (``\x02amp\x03#102;``:
#: an address written ``<formation@example.org>`` is spelt letter by letter so, and a
#: space before each ``;`` showed it as « f ;o ;r ;m… »).
_KEPT = re.compile(
    r"(?:[a-z][a-z0-9+.-]*://|mailto:|www\.)[^\s<>«»\"]*"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|`[^`]*`"
    r"|\x02[^\x03]*\x03(?:#\d+;|#x[0-9a-f]+;|[a-z][a-z0-9]*;)?",
    re.IGNORECASE,
)
#: An emoticon after ``:`` or ``;`` (``:)``, ``;-)``, ``:D``): no space before it.
_EMOTICON = r"(?!-?[()DPp](?![\w]))"
#: Where a glued mark ends: a space, the end, or a closing guillemet or bracket.
_END = r"(?=[\s»)\]]|$)"
#: What a glued mark follows: a letter or a digit, a closing guillemet or bracket.
_WORD_END = r"(?<=[^\W_]|[»)\]])"

#: A number that is not part of a word, a version or a decimal already read.
_NUMBER = r"(?<![\w.,])(\d+(?:[.,]\d+)?)"
#: After the unit: neither a letter (``40 habitants``) nor an apostrophe (``1 h'``).
_UNIT_END = r"(?![\w'’²])"
_HOURS = re.compile(rf"{_NUMBER}{_SPACE}*h(?:{_SPACE}*(\d\d))?{_UNIT_END}")
#: Units written after a number; ``h`` (with its minutes) is done apart.
_UNITS = re.compile(rf"{_NUMBER}{_SPACE}*(min|j|%|k€|M€|€|km²|km|m²|cm|mm|ha|kg|Mo|Go|Ko|ko|°C){_UNIT_END}")

_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    # spaces (any, however many) before ; ! ? -> one narrow no-break space
    (re.compile(rf"{_SPACE}+(?=[!?]|;{_EMOTICON})"), NNBSP),
    # spaces before : -> one no-break space
    (re.compile(rf"{_SPACE}+(?=:{_EMOTICON})"), NBSP),
    # glued to the word before: "quoi?", "exemple:"
    (re.compile(rf"{_WORD_END}(?=(?:[!?]|;{_EMOTICON}){_END})"), NNBSP),
    (re.compile(rf"{_WORD_END}(?=:{_EMOTICON}{_END})"), NBSP),
    # « and »
    (re.compile(r"«[\s\u00a0\u202f]*"), "«" + NBSP),
    (re.compile(r"[\s\u00a0\u202f]*»"), NBSP + "»"),
)


def _hours(match: re.Match[str]) -> str:
    minutes = match.group(2)
    return f"{match.group(1)}{NBSP}h" + (f"{NBSP}{minutes}" if minutes else "")


def _prose(text: str) -> str:
    for pattern, replacement in _RULES:
        text = pattern.sub(replacement, text)
    if _DIGIT.search(text):
        text = _HOURS.sub(_hours, text)
        text = _UNITS.sub(rf"\1{NBSP}\2", text)
    return text


#: What a text needs for any rule to apply: one regular expression, searched in C (a
#: loop over the characters in Python was a fifth of the typography's time).
_DIGIT = re.compile(r"\d")
_TRIGGER = re.compile(r"[;:!?«»\d]")


def quoted(text: str) -> str:
    """``text`` between « », the guillemets it holds turned into “ ”: quotes within
    quotes (« Expérimentation “école de l'innovation” », not « … « … » … »)."""
    return f"« {inner_quotes(text)} »"


def inner_quotes(text: str) -> str:
    """The guillemets of ``text`` turned into “ ”, for a text that goes between « » (:func:`quoted`),
    there with markup around it (a link)."""
    return re.sub(r"\s*»", "”", re.sub(r"«\s*", "“", text))


#: What may follow a sentence's last word in Markdown: a link's target, the closing marks of
#: a link, of emphasis and of a quotation, spaces.
_TRAILING_MARKUP = re.compile(r"(?:\]\([^()\s]*\)|[\]*_»\s\u00a0\u202f])+$")


def full_stop(text: str) -> str:
    """``text`` (Markdown) ended by a full stop, unless its last word already ends the sentence
    (« Avoir suivi : [Pourquoi innover ?](…). » read « ?. »)."""
    return text if _TRAILING_MARKUP.sub("", text).endswith((".", "?", "!", "…")) else f"{text}."


@functools.lru_cache(maxsize=1 << 16)
def french(text: str) -> str:
    """``text`` (plain text, not HTML) with French typography's spaces.

    Remembered: the same short texts (headings, labels, glossary terms) come back on
    every page."""
    if not _TRIGGER.search(text):
        return str(text)
    out: list[str] = []
    start = 0
    for kept in _KEPT.finditer(text):
        out.append(_prose(text[start : kept.start()]))
        out.append(kept.group())
        start = kept.end()
    out.append(_prose(text[start:]))
    return "".join(out)


#: Comments, CDATA, declarations, tags (attributes and all) and entities: kept as they are.
_MARKUP = re.compile(
    r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<[!?][^>]*>"
    r"|<(/?)([a-zA-Z][\w:-]*)(?:[^>\"']|\"[^\"]*\"|'[^']*')*?(/?)>"
    r"|&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);",
    re.DOTALL,
)


#: Long results of :func:`french_html` (a module's quiz, its header): the page's template
#: gets them, then Python-Markdown hands them back, as raw HTML blocks of the page, to
#: :class:`_FrenchTypography`. french_html is idempotent, so a text it returned is its
#: own result, and is not scanned again (0.7 ms for a quiz, on every module page).
#: Remembered in order, the oldest forgotten first; short texts are not worth it.
_DONE: OrderedDict[str, None] = OrderedDict()
_DONE_FROM = 1024  # characters
_DONE_MAX = 1024  # texts: a few megabytes at most


def french_html(html: str) -> str:
    """``html`` with French typography in its text: never in tags, attributes,
    entities, comments, nor in code, scripts and styles."""
    # exact str only: a subclass (Markup) must come back as the plain str it always has
    long = len(html) >= _DONE_FROM and type(html) is str
    if long and html in _DONE:
        return html
    if not _TRIGGER.search(html):
        return html
    out: list[str] = []
    start = 0
    skipped = 0  # depth inside elements that are not prose
    for markup in _MARKUP.finditer(html):
        text = html[start : markup.start()]
        out.append(french(text) if text and not skipped else text)
        out.append(markup.group())
        start = markup.end()
        closing, tag, self_closing = markup.group(1, 2, 3)
        if tag and tag.lower() in NOT_PROSE and not self_closing:
            skipped = max(0, skipped - 1) if closing else skipped + 1
    text = html[start:]
    out.append(french(text) if text and not skipped else text)
    result = "".join(out)
    if long:
        _DONE[result] = None
        if len(_DONE) > _DONE_MAX:
            _DONE.popitem(last=False)
    return result


def french_tree(element: Element) -> None:
    """French typography in the text of ``element`` and its descendants (a
    Python-Markdown tree); code and the like are left out."""
    if not isinstance(element.tag, str) or element.tag in NOT_PROSE:
        return
    if element.text:
        element.text = _keep_kind(element.text, french(element.text))
    for child in element:
        french_tree(child)
        if child.tail:
            child.tail = _keep_kind(child.tail, french(child.tail))


def _keep_kind(before: str, after: str) -> str:
    """Python-Markdown leaves an AtomicString as is: so must the new text."""
    return AtomicString(after) if isinstance(before, AtomicString) else after


class _FrenchTypography(Treeprocessor):
    def run(self, root: Element) -> None:
        french_tree(root)
        blocks = self.md.htmlStash.rawHtmlBlocks
        for index, block in enumerate(blocks):
            if isinstance(block, str):
                blocks[index] = french_html(block)
            else:
                french_tree(block)


class _HeadingIds(Treeprocessor):
    """Each heading's id made from the text its author wrote, before typography changes it, as
    the toc extension would make it then (which keeps an id it finds): « (3h30) » gives
    ``3h30``, not ``3-h-30``, so that the anchor an author writes, and ``ecole check`` checks
    (:mod:`ecole.model.anchors`), is the site's."""

    def run(self, root: Element) -> None:
        if "toc" not in self.md.treeprocessors:
            return
        toc = self.md.treeprocessors["toc"]
        used = {element.attrib["id"] for element in root.iter() if "id" in element.attrib}
        counters: dict[str, int] = {}
        for element in root.iter():
            if isinstance(element.tag, str) and toc.header_rgx.match(element.tag) and "id" not in element.attrib:
                name = toc_module.strip_tags(toc_module.render_inner_html(toc_module.remove_fnrefs(element), self.md))
                element.attrib["id"] = toc_module.unique(toc.slugify(html.unescape(name), toc.sep), used, counters)


class _FrenchTableOfContents(Treeprocessor):
    """The toc extension collapses the whitespace of the entries' names (U+00A0
    and U+202F included): they get their spaces back, for the site's sidebar."""

    def run(self, root: Element) -> None:
        _french_tokens(getattr(self.md, "toc_tokens", []))


def _french_tokens(tokens: list[dict]) -> None:
    for token in tokens:
        token["name"] = french_html(token["name"])
        _french_tokens(token.get("children", []))


class FrenchTypographyExtension(Extension):
    """French typography in the rendered text, raw HTML blocks included."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown API)
        # after inline Markdown (20), attribute lists (8) and abbreviations (7), so that
        # only the text remains; before the table of contents (5), whose entries the
        # site's sidebar shows, and before placeholders are unescaped (0)
        md.treeprocessors.register(_HeadingIds(md), "heading_ids", 7)
        md.treeprocessors.register(_FrenchTypography(md), "french_typography", 6)
        md.treeprocessors.register(_FrenchTableOfContents(md), "french_typography_toc", 4)


def makeExtension(**kwargs: object) -> FrenchTypographyExtension:  # noqa: N802 (Python-Markdown API)
    return FrenchTypographyExtension(**kwargs)
