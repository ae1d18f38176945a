"""Counts French typography misses in text a reader sees, independently of the
build's own filter (``ecole.assembly.typography``): what a proofreader would
circle, read from the built HTML (text nodes only) or from a PDF's text.

The conventions checked (those of the filter, and of the Imprimerie nationale):

- a narrow no-break space (U+202F) before ``;``, ``!`` and ``?``;
- a no-break space (U+00A0) before ``:``, after ``«`` and before ``»``;
- a no-break space between a number and its unit (``40 h``, ``30 %``, ``12 €``);
- never an ordinary space next to one of them (no double spaces).

Not counted: code, keyboard keys and scripts (left out of the text before
counting), web and mail addresses, times and ratios (``10:30``, ``1:2``),
emoticons, a mark that follows another (``?!``) or an opening bracket.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

NNBSP = "\u202f"
NBSP = "\u00a0"
#: Stands for an element left out of the text (code, keys): it is neither a space nor a word.
OBJECT = "\ufffc"

#: Elements whose text is not prose: never counted, never changed by the build.
SKIPPED = frozenset({"code", "pre", "kbd", "samp", "var", "script", "style", "svg", "math", "textarea", "template"})
#: Elements that end a run of text: a mark at the start of the next one follows nothing.
BLOCKS = frozenset(
    {
        "p", "li", "ul", "ol", "dl", "dt", "dd", "div", "section", "article", "aside", "header", "footer", "nav",
        "main", "h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "td", "th", "caption",
        "blockquote", "figure", "figcaption", "details", "summary", "form", "fieldset", "legend", "label", "br",
        "hr", "title", "option", "button", "input", "select", "body", "html", "head",
    }
)  # fmt: skip

#: A token that is an address: its punctuation is not prose.
ADDRESS = re.compile(r"(?:[a-z][a-z0-9+.-]*://|mailto:|www\.)\S*|\S+@\S+\.\w+", re.IGNORECASE)
#: Emoticons, after a space or at the start.
EMOTICON = re.compile(r"(?<!\S)[:;]-?[()DPp](?!\w)")
#: Units that follow a number; a unit must stand alone (``40 h``, not ``40 habitants``).
UNITS = r"(?:h|min|s|ms|j|%|€|k€|M€|km|m|cm|mm|m²|km²|ha|kg|g|t|l|L|Mo|Go|Ko|ko|px|pt|°C|°)"
NUMBER_UNIT = re.compile(rf"(?<![\w.,])\d+(?:[.,]\d+)?( |{NBSP}|{NNBSP})?{UNITS}(?![\w²'’])")


@dataclass
class Miss:
    rule: str
    excerpt: str

    def __str__(self) -> str:
        return f"{self.rule}: …{self.excerpt}…"


def misses(text: str) -> list[Miss]:
    """The typography misses in one run of text (a paragraph, a list item…)."""
    found: list[Miss] = []
    hidden = [False] * len(text)
    for pattern in (ADDRESS, EMOTICON):
        for match in pattern.finditer(text):
            for index in range(match.start(), match.end()):
                hidden[index] = True

    def miss(rule: str, index: int) -> None:
        found.append(Miss(rule, text[max(0, index - 25) : index + 15].replace("\n", " ")))

    for index, char in enumerate(text):
        if hidden[index]:
            continue
        before = text[index - 1] if index else ""
        after = text[index + 1] if index + 1 < len(text) else ""
        if char in ";!?":
            if before in ("", "\n") or before in ";!?:([{«":
                continue
            if char == "!" and after == "[":  # Markdown left as is in a title
                continue
            if before != NNBSP:
                miss(f"espace fine insécable avant « {char} »", index)
            elif index >= 2 and text[index - 2].isspace():
                miss(f"espace double avant « {char} »", index)
        elif char == ":":
            if before in ("", "\n") or before in ";!?:([{«":
                continue
            if before.isdigit() and after.isdigit():  # 10:30, 1:2
                continue
            if after == ":":  # ::
                continue
            if before != NBSP:
                miss("espace insécable avant « : »", index)
            elif index >= 2 and text[index - 2].isspace():
                miss("espace double avant « : »", index)
        elif char == "«":
            if after != NBSP:
                miss("espace insécable après « « »", index)
            elif index + 2 < len(text) and text[index + 2].isspace():
                miss("espace double après « « »", index)
        elif char == "»":
            if before != NBSP:
                miss("espace insécable avant « » »", index)
            elif index >= 2 and text[index - 2].isspace():
                miss("espace double avant « » »", index)
    return found


def unit_misses(text: str) -> list[Miss]:
    """A number and its unit split by an ordinary space, or glued (``40h``, ``30%``)."""
    found = []
    for match in NUMBER_UNIT.finditer(text):
        if ADDRESS.search(text[max(0, match.start() - 80) : match.end() + 1]) and _in_address(text, match.start()):
            continue
        if match.group(1) != NBSP:
            start = match.start()
            found.append(Miss("espace insécable entre nombre et unité", text[max(0, start - 20) : match.end() + 10]))
    return found


def _in_address(text: str, index: int) -> bool:
    return any(m.start() <= index < m.end() for m in ADDRESS.finditer(text))


@dataclass
class _Runs(HTMLParser):
    """Runs of prose text in an HTML page; skipped elements become one OBJECT character."""

    runs: list[str] = field(default_factory=list)
    current: list[str] = field(default_factory=list)
    skipping: int = 0

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    def flush(self) -> None:
        text = "".join(self.current)
        if text.strip():
            self.runs.append(text)
        self.current = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in SKIPPED:
            if not self.skipping:
                self.current.append(OBJECT)
            self.skipping += 1
        elif tag in BLOCKS and not self.skipping:
            self.flush()

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        if tag in BLOCKS and not self.skipping:
            self.flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in BLOCKS and not self.skipping:
            self.flush()

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.current.append(data)


def html_runs(page: str) -> list[str]:
    """The runs of prose text of an HTML page (text nodes only: no attribute, no code)."""
    parser = _Runs()
    parser.feed(page)
    parser.close()
    parser.flush()
    return parser.runs


def html_misses(page: str) -> list[Miss]:
    return [found for run in html_runs(page) for found in misses(run)]


def html_unit_misses(page: str) -> list[Miss]:
    return [found for run in html_runs(page) for found in unit_misses(run)]


def script_texts(source: str) -> list[str]:
    """The text of each string literal of a script (what its messages show a reader), with
    ``\\u00a0`` and ``\\u202f`` read as the spaces they stand for; comments and the
    expressions of a template literal (``${…}``) are not text."""
    texts: list[str] = []

    def literal(start: int) -> int:
        """Reads the literal opening at ``start``; returns the index after it."""
        quote, at, run = source[start], start + 1, []
        while at < len(source):
            char = source[at]
            if char == "\\":
                run.append(source[at : at + 2])
                at += 2
            elif char == quote:
                texts.append("".join(run))
                return at + 1
            elif quote == "`" and source.startswith("${", at):
                texts.append("".join(run))
                run, depth = [], 0
                at += 1  # the expression's braces, from the one after « $ »
                while at < len(source):
                    if source[at] in "\"'`":
                        at = literal(at)
                        continue
                    depth += {"{": 1, "}": -1}.get(source[at], 0)
                    at += 1
                    if depth == 0:
                        break
            else:
                run.append(char)
                at += 1
        raise ValueError(f"chaîne non terminée à partir du caractère {start}")

    at = 0
    while at < len(source):
        if source.startswith("//", at):
            at = source.find("\n", at) % (len(source) + 1)
        elif source.startswith("/*", at):
            at = source.index("*/", at) + 2
        elif source[at] in "\"'`":
            at = literal(at)
        else:
            at += 1
    return [text.replace("\\u00a0", NBSP).replace("\\u202f", NNBSP) for text in texts]
