"""Printable canvases: pages of ``docs/`` with ``canvas: true`` in their front-matter.

A canvas is a set of tables with empty cells, printed on one A4 sheet and filled
in by hand in a workshop. The same Markdown makes the web page and the PDF, and
the same stylesheet (``overrides/assets/canevas.css``, print rules) lays both
out, so printing the page from a browser gives the sheet of the PDF.

What the stylesheet cannot know is how tall the empty rows may be for the
sheet to be full but still one page: that depends on how many rows, headings
and header lines the canvas has. It is estimated here, from the Markdown, and
handed to the stylesheet as ``--ecole-canevas-ligne``. The PDF export checks
the result: a canvas that does not fit on one page fails the build.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

from ..model.licences import licence
from ..model.structure import Curriculum, Page
from . import pages
from .templates import render

#: Where the PDF of a canvas is written, under ``exports/``.
PDF_FOLDER = "canevas"
#: Site path of the stylesheet, listed in mkdocs.yml (extra_css) and read by the PDF export.
STYLESHEET = "assets/canevas.css"

# Sizes in millimetres, measured on the print rules of canevas.css (Noto Sans 8.5 pt).
_MARGIN = 10
_TITLE = 7.5  # h1 at 16 pt and its margin
_LINE = 3.9  # a line of 8.5 pt text
_PARAGRAPH = 1  # margin under a paragraph
_HEADING = 6.5  # h2 at 10.5 pt and its margins (the table gap above it collapses into them)
_TABLE_GAP = 2
_CELL_PADDING = 2.2  # top + bottom padding and borders of a cell
_FOOTER = 5.2
_CHAR = 1.3  # average width of a character at 8.5 pt
_BOLD_CHAR = 1.45  # in the bold header cells
_CELL_SIDE = 3  # left + right padding of a cell
#: The estimate errs on the safe side: rows get this share of the height left.
_SAFETY = 0.97
_MAX_ROW = 28  # a taller row looks like a blank page, not a box to fill
#: Beyond this many columns, portrait cells would be narrower than a written word.
_PORTRAIT_COLUMNS = 6


def is_canvas(page: Page) -> bool:
    return page.meta.get("canvas") is True


def canvases(curriculum: Curriculum) -> list[Page]:
    return sorted((p for p in curriculum.pages.values() if is_canvas(p)), key=lambda p: p.path)


def canvas_id(page: Page) -> str:
    return page.path.rsplit("/", 1)[-1].removesuffix(".md")


def pdf_path(page: Page) -> str:
    """Path of the canvas PDF under ``exports/``."""
    return f"{PDF_FOLDER}/{canvas_id(page)}.pdf"


#: A line that only opens or closes a block around a table (``<div class="…" markdown>``):
#: no line of text on the sheet (counted as one, it took 5 mm from the rows of a canvas).
_BLOCK_TAG = re.compile(r"</?div\b[^>]*>")


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]


@dataclass
class Layout:
    landscape: bool
    row_height: float  # millimetres, padding and borders included


def _cells(line: str) -> list[str]:
    """The text of each cell, as printed (no markup; text hidden on screen counts as printed)."""
    cells = line.strip().strip("|").split("|")
    return [re.sub(r"<[^>]+>", "", cell).replace("&nbsp;", " ").strip() for cell in cells]


def _split(body: str) -> tuple[str, str]:
    """(instructions, sheet): the leading sections without a table are the instructions,
    shown on the web page but not printed."""
    sections = re.split(r"(?m)^(?=## )", body.strip("\n"))
    for index, section in enumerate(sections):
        if re.search(r"(?m)^\|", section):
            return "".join(sections[:index]), "".join(sections[index:])
    return "", body


def _parse(sheet: str) -> tuple[list[Table], int, list[str]]:
    """Tables, number of ``##`` headings and the other paragraphs of the printed part."""
    tables: list[Table] = []
    headings = 0
    paragraphs: list[str] = []
    lines = sheet.split("\n")
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.startswith("|"):
            block = []
            while index < len(lines) and lines[index].startswith("|"):
                block.append(lines[index])
                index += 1
            tables.append(Table(_cells(block[0]), [_cells(row) for row in block[2:]]))
            continue
        if line.startswith("## "):
            headings += 1
        elif line.strip() and not _BLOCK_TAG.fullmatch(line.strip()):
            paragraphs.append(line.strip())
        index += 1
    return tables, headings, paragraphs


def _lines(text: str, width: float, char: float = _CHAR) -> int:
    return max(1, math.ceil(len(text) * char / max(width - _CELL_SIDE, 10)))


@dataclass
class _Sheet:
    landscape: bool
    fixed: float  # everything but the body rows of the tables
    needs: list[float]  # the least height of each body row, for its own text

    def height(self, row: float) -> float:
        """Estimated height of the sheet when empty rows are ``row`` tall."""
        return self.fixed + sum(max(row, need) for need in self.needs)


def _estimate(page: Page) -> _Sheet:
    _, sheet = _split(page.body)
    tables, headings, paragraphs = _parse(sheet)
    columns = max((len(t.header) for t in tables), default=1)
    landscape = columns > _PORTRAIT_COLUMNS
    width = (297 if landscape else 210) - 2 * _MARGIN
    fixed = _TITLE + _lines(page.summary, width) * _LINE + _PARAGRAPH + headings * _HEADING + _FOOTER
    fixed += sum(_lines(text, width) * _LINE + _PARAGRAPH for text in paragraphs)
    needs: list[float] = []
    for table in tables:
        cell = width / len(table.header)
        fixed += _TABLE_GAP + _CELL_PADDING + max(_lines(text, cell, _BOLD_CHAR) for text in table.header) * _LINE
        for row in table.rows:
            needs.append(_CELL_PADDING + max(_lines(text, cell) if text else 1 for text in row) * _LINE)
    return _Sheet(landscape, fixed, needs)


def layout(page: Page) -> Layout:
    """Orientation and height of the empty rows that fill one A4 sheet."""
    sheet = _estimate(page)
    available = ((210 if sheet.landscape else 297) - 2 * _MARGIN) * _SAFETY
    # the tallest rows that still fit (bisection: the height grows with the rows)
    low, high = 0.0, float(_MAX_ROW)
    for _ in range(30):
        middle = (low + high) / 2
        if sheet.height(middle) > available:
            high = middle
        else:
            low = middle
    return Layout(sheet.landscape, math.floor(low * 2) / 2)


def canvas_markdown(curriculum: Curriculum, page: Page, body: str) -> str:
    """The canvas as Markdown for the site and the PDF; ``body`` is the page's
    body, its links already as the caller wants them."""
    instructions, sheet = _split(body)
    shape = layout(page)
    orientation = "paysage" if shape.landscape else "portrait"
    settings = curriculum.settings
    footer = f"{page.title} · {settings.byline} · {licence(page.licence).name}"
    pdf = pages.export_href(page.staged_path, pdf_path(page))
    return render(
        "site/canvas.md",
        orientation=orientation,
        row_height=shape.row_height,
        title=pages.md(page.title),
        summary=page.summary,
        pdf=pdf,
        instructions=pages.md(instructions.strip("\n")) if instructions.strip() else None,
        sheet=pages.md(sheet.strip("\n")),
        footer=footer,
    )


def canvas_pages(curriculum: Curriculum) -> dict[str, str]:
    """Staged path -> Markdown of each canvas page (in place of the plain page)."""
    return {
        page.staged_path: pages.hand_written_page(
            curriculum, replace(page, body=canvas_markdown(curriculum, page, page.body))
        )
        for page in canvases(curriculum)
    }


_SHEET = '<div class="ecole-canevas__feuille">'
_SHEET_PARTS = re.compile(r"<h([12])\b[^>]*>(.*?)</h\1>|<table>", re.S)


def caption_tables(html: str) -> str:
    """A page's HTML, each table of its canvas sheet captioned with the heading above it.

    Markdown tables have no caption, so a screen reader listing a canvas' tables
    heard only "tableau" (WCAG 1.3.1, HTML_CodeSniffer H39). The heading stays
    the visible title; the caption, the same words, is for screen readers only.
    Pages without a canvas are returned unchanged.
    """
    start = html.find(_SHEET)
    if start < 0:
        return html
    title = re.search(r"<h1\b[^>]*>(.*?)</h1>", html, re.S)
    heading = _plain(title.group(1)) if title else ""

    def caption(match: re.Match) -> str:
        nonlocal heading
        if match.group(1):
            heading = _plain(match.group(2))
            return match.group(0)
        return f'<table>\n<caption class="md-visually-hidden">{heading}</caption>'

    return html[:start] + _SHEET_PARTS.sub(caption, html[start:])


def _plain(markup: str) -> str:
    """A heading's text, as HTML without its tags (abbreviations, links, anchors)."""
    return re.sub(r"<[^>]+>", "", markup).strip()
