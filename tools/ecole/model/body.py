"""What the tooling reads inside a Markdown body: fences, quiz blocks, links, macros.

Only a light scan: the Markdown itself is rendered by Python-Markdown (through
MkDocs, or directly for the exports). Code fences are masked first so that an
example of syntax inside a code block is never taken for the real thing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

#: How a page includes a snippet (pymdownx.snippets): a text holding it depends on more
#: than itself.
SNIPPET_MARK = "--8<--"
_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^\n`]*)$")
_INLINE_LINK = re.compile(r"(?<!!)\[(?P<text>[^\]\n]*)\]\((?P<target>[^)\s]+)(?P<title>\s+\"[^\"\n]*\")?\)")
_IMAGE_LINK = re.compile(r"!\[(?P<text>[^\]\n]*)\]\((?P<target>[^)\s]+)(?P<title>\s+\"[^\"\n]*\")?\)")
_INLINE_CODE = re.compile(r"(`+)[^`\n]*?\1")


@dataclass(frozen=True)
class Fence:
    info: str
    start: int  # 0-based index of the opening fence line in the body
    end: int  # 0-based index of the closing fence line (or last line if unclosed)
    content: str
    closed: bool


#: Validation, programme sheets and exports each scan a body several times in a
#: row. A few bodies are remembered, not all: at 1,000 modules, keeping every
#: scan held 50 MB more for the whole build.
_SCANNED_BODIES = 32


@lru_cache(maxsize=_SCANNED_BODIES)
def fences(body: str) -> tuple[Fence, ...]:
    lines = body.split("\n")
    found: list[Fence] = []
    index = 0
    while index < len(lines):
        opening = _FENCE.match(lines[index])
        if not opening:
            index += 1
            continue
        marker = opening["fence"]
        close = re.compile(rf"^[ \t]*{re.escape(marker[0])}{{{len(marker)},}}[ \t]*$")
        end = index + 1
        while end < len(lines) and not close.match(lines[end]):
            end += 1
        closed = end < len(lines)
        indent = len(opening["indent"])
        content = "\n".join(line[indent:] for line in lines[index + 1 : end])
        found.append(Fence(opening["info"].strip(), index, min(end, len(lines) - 1), content, closed))
        index = end + 1
    return tuple(found)


@lru_cache(maxsize=_SCANNED_BODIES)
def masked_lines(body: str) -> tuple[str, ...]:
    """Body lines with fenced code blanked out (line count unchanged)."""
    lines = body.split("\n")
    for fence in fences(body):
        for index in range(fence.start, fence.end + 1):
            lines[index] = ""
    return tuple(lines)


def prose_lines(body: str) -> list[str]:
    """Body lines with fenced and inline code blanked out: what a reader sees as text."""
    return [_INLINE_CODE.sub(lambda m: " " * len(m.group(0)), line) for line in masked_lines(body)]


@dataclass
class Link:
    target: str
    line: int  # 0-based line in the body
    image: bool


def links(body: str) -> Iterator[Link]:
    for number, line in enumerate(prose_lines(body)):
        for match in _INLINE_LINK.finditer(line):
            yield Link(match["target"], number, image=False)
        for match in _IMAGE_LINK.finditer(line):
            yield Link(match["target"], number, image=True)


def is_external(target: str) -> bool:
    return bool(re.match(r"^[a-z][a-z0-9+.-]*:", target)) or target.startswith("//")


def rewrite_links(body: str, rewrite: dict[str, str]) -> str:
    """Replace link targets outside code, using ``rewrite`` (old target -> new;
    an empty new target removes the link and keeps its text, or, when the link is all a
    table cell holds, leaves « — » in the cell: a table that gives a module for each of
    its rows would otherwise name one the edition does not publish, as if it did. The
    first cell of a row, which names the row, keeps the text)."""
    if not rewrite:
        return body
    lines = body.split("\n")
    masked = masked_lines(body)
    for number, line in enumerate(lines):
        if masked[number] == "" and line != "":
            continue

        def swap(match: re.Match[str], line: str = line) -> str:
            target = match["target"]
            if target not in rewrite:
                return match.group(0)
            if rewrite[target] == "":
                before, after = line[: match.start()], line[match.end() :]
                alone = before.rstrip().endswith("|") and after.lstrip().startswith("|")
                first = before.strip() == "|"
                return "—" if alone and not first and line.lstrip().startswith("|") else match["text"]
            start, end = match.span("target")
            whole = match.group(0)
            offset = match.start()
            return whole[: start - offset] + rewrite[target] + whole[end - offset :]

        line = _INLINE_LINK.sub(swap, line)
        lines[number] = _IMAGE_LINK.sub(swap, line)
    return "\n".join(lines)


def replace_fences(body: str, info: str, replacement: list[str]) -> str:
    """Replace every fence whose info string is ``info`` by the next item of ``replacement``.

    Shorter replacements are padded with blank lines so that line numbers in the
    rest of the body still match the source file (for error messages).
    """
    lines = body.split("\n")
    selected = [fence for fence in fences(body) if fence.info == info]
    for fence, text in zip(reversed(selected), reversed(replacement), strict=True):
        indent = re.match(r"^[ \t]*", lines[fence.start]).group(0)
        block = [indent + row if row else row for row in text.split("\n")]
        block += [""] * (fence.end + 1 - fence.start - len(block))
        lines[fence.start : fence.end + 1] = block
    return "\n".join(lines)
