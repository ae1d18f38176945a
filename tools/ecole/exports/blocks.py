"""Admonition blocks moved or opened for print.

On paper nothing folds: solutions move to the answer key at the end of their
module, trainer notes go to the trainer guide, and every other ``???`` box is
printed open. Code fences are left alone, so an example of the syntax in a
guide stays an example.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model.body import masked_lines

_OPENER = re.compile(r'^(?P<indent>[ \t]*)(?:!!!|\?\?\?\+?) (?P<kind>[\w-]+)(?:[ \t]+"(?P<title>[^"]*)")?')
_COLLAPSIBLE = re.compile(r"^(?P<indent>[ \t]*)\?\?\?\+? ")


@dataclass
class Block:
    kind: str
    title: str
    text: str  # the whole block, opener line included, dedented
    context: str  # title of the nearest preceding block of another kind (the exercise of a solution)


def extract_blocks(body: str, kind: str) -> tuple[str, list[Block]]:
    """Remove the ``kind`` admonitions from ``body``; return what is left and the blocks.

    Each removed block leaves an empty line holding ``<!-- ecole:block N -->``
    so that the caller can put a cross-reference where it stood.
    """
    lines = body.split("\n")
    masked = masked_lines(body)
    out: list[str] = []
    blocks: list[Block] = []
    context = ""
    index = 0
    while index < len(lines):
        opener = _OPENER.match(masked[index])
        if opener is None or opener["kind"] != kind:
            if opener is not None:
                context = opener["title"] or ""
            out.append(lines[index])
            index += 1
            continue
        indent = len(opener["indent"])
        end = index + 1
        while end < len(lines) and (not lines[end].strip() or _indent(lines[end]) > indent):
            end += 1
        while end > index + 1 and not lines[end - 1].strip():
            end -= 1  # trailing blank lines belong to the text around
        text = "\n".join(line[indent:] for line in lines[index:end])
        blocks.append(Block(kind, opener["title"] or "", text, context))
        out.append(opener["indent"] + ECOLE_BLOCK.format(index=len(blocks) - 1))
        index = end
    return "\n".join(out), blocks


#: Placeholder left by :func:`extract_blocks`, an HTML comment so that Markdown keeps it as it is.
ECOLE_BLOCK = "<!-- ecole:block {index} -->"


def open_collapsibles(body: str) -> str:
    """``??? note`` and ``???+ note`` -> ``!!! note``: print shows every box open."""
    lines = body.split("\n")
    masked = masked_lines(body)
    return "\n".join(
        _COLLAPSIBLE.sub(lambda m: f"{m['indent']}!!! ", line) if masked[number] == line else line
        for number, line in enumerate(lines)
    )


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())
