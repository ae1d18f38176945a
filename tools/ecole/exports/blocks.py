"""Admonition blocks moved or opened for print.

On paper nothing folds: solutions move to the answer key at the end of their
module, trainer notes go to the trainer guide, and every other ``???`` box is
printed open. Code fences are left alone, so an example of the syntax in a
guide stays an example.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model.admonitions import admonitions, with_markers


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
    out: list[str] = []
    blocks: list[Block] = []
    context = ""
    kept = 0  # lines before this one are in ``out`` or in a block
    for box in admonitions(body):
        if box.start < kept:
            continue  # inside a block already taken out
        if box.kind != kind:
            context = box.title
            continue
        out += lines[kept : box.start]
        width = len(box.indent)
        text = "\n".join(line[width:] for line in lines[box.start : box.end])
        blocks.append(Block(kind, box.title, text, context))
        out.append(box.indent + ECOLE_BLOCK.format(index=len(blocks) - 1))
        kept = box.end
    out += lines[kept:]
    return "\n".join(out), blocks


#: Placeholder left by :func:`extract_blocks`, an HTML comment so that Markdown keeps it as it is.
ECOLE_BLOCK = "<!-- ecole:block {index} -->"


def open_collapsibles(body: str) -> str:
    """``??? note`` and ``???+ note`` -> ``!!! note``: print shows every box open."""
    return with_markers(body, "!!!")
