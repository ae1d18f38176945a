"""The margins of every page of a booklet (running title, school, « Page N sur M ») drawn
from three sheets that WeasyPrint prints once per booklet.

WeasyPrint printed the margins of every page of every booklet: 6.6 ms a page, 999 pages
and 6.6 s of processor time in a cold build of the reference, and all the pages of each
booklet that holds a module again whenever the module's number of pages changed (4.7 s
of the 12.8 s of such a rebuild). Only the page numbers change from one page to the
next: WeasyPrint now prints, with the booklet's title and school, a cover and three
sheets numbered by CSS ``counter-set``: pages 2, 10 and 1234567890 of 4
(``print/page-overlay.html``). Their drawings differ in one line of text, the numbers'.
They show which glyph draws each digit, what the line holds around the two numbers and
how far it moves for each more digit (to the left by one digit's width: it is aligned
right). The drawing of every other page is the first sheet's with its two numbers put
in, and its line moved by as many digits as they add.

That holds only for digits of one width (in the font's widths), on one line, with no
kerning next to a digit, as the stylesheets print them. :func:`numbering` checks it on
the sheets, and gives nothing when one of these does not hold: every page's margins are
then printed by WeasyPrint, as before. The sheets show the digits next to a space and
next to some other digits (1 and 2, 2 and 3… 9 and 0, 1 and 0), not every pair: the
others are taken to be unkerned, as tabular digits, those of one width, are made.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import pikepdf
from pikepdf import Array, Name, String

#: The page numbers of the sheets, after the cover; the sheets' own count is their total.
SAMPLES = (2, 10, 1234567890)
#: The total the sheets show (the cover and the three sheets).
SAMPLE_TOTAL = 1 + len(SAMPLES)
#: What the numbers of the third sheet show, in order: every digit once.
_ALL_DIGITS = str(SAMPLES[2])

#: A glyph of the number line: its code (two bytes, the fonts WeasyPrint embeds are
#: Identity-H) and the adjustment written after it in the ``TJ`` array.
Glyph = tuple[bytes, float]


@dataclass(frozen=True)
class Numbering:
    """How to draw the margins of any page, made from the sheets by :func:`numbering`."""

    head: bytes  # the first sheet's drawing before the number line's text matrix (Tm)
    matrix: tuple[float, ...]  # the text matrix of the first sheet (2 of 4)
    step: float  # how far the line moves for each more digit
    middle: bytes  # the drawing between the text matrix and the line's glyphs (TJ)
    before: tuple[Glyph, ...]  # the line's glyphs before the page number
    between: tuple[Glyph, ...]  # between the page number and the total
    after: tuple[Glyph, ...]  # after the total
    digits: tuple[bytes, ...]  # the glyph code of each digit, 0 to 9
    spacing: float  # the adjustment after each digit
    tail: bytes  # the drawing after the line's glyphs

    def drawing(self, number: int, total: int) -> bytes:
        """The margins of page ``number`` of ``total``."""
        more = len(str(number)) + len(str(total)) - 2  # the first sheet's numbers have a digit each
        a, b, c, d, x, y = self.matrix
        matrix = b" ".join(_number(value) for value in (a, b, c, d, x + more * self.step, y)) + b" Tm"
        glyphs = [
            *self.before,
            *self._glyphs(number),
            *self.between,
            *self._glyphs(total),
            *self.after,
        ]
        line = b"[" + b"".join(b"<" + code.hex().encode("ascii") + b">" + _number(adjust) for code, adjust in glyphs)
        return b"\n".join([self.head, matrix, self.middle, line + b"] TJ", self.tail])

    def _glyphs(self, value: int) -> list[Glyph]:
        return [(self.digits[int(digit)], self.spacing) for digit in str(value)]


def numbering(sheets: pikepdf.Pdf) -> Numbering | None:
    """What the sheets printed from ``print/page-overlay.html`` with ``samples`` show, or
    None when another page's margins cannot be drawn from them."""
    if len(sheets.pages) != SAMPLE_TOTAL:
        return None
    drawings = [artifacts(pikepdf.parse_content_stream(page)) for page in sheets.pages[1:]]
    found = _number_line(drawings)
    if found is None:
        return None
    at_matrix, at_line = found
    matrices = [[float(value) for value in drawing[at_matrix].operands] for drawing in drawings]
    lines = [_glyphs(drawing[at_line].operands) for drawing in drawings]
    if any(line is None for line in lines) or any(m[:4] + m[5:] != matrices[0][:4] + matrices[0][5:] for m in matrices):
        return None
    two, ten, every = lines  # "Page 2 sur 4", "Page 10 sur 4", "Page 1234567890 sur 4"
    # the glyphs before the page number, with their adjustments (a kerning before a digit
    # would depend on the digit)
    start = sum(1 for _ in itertools.takewhile(lambda pair: pair[0] == pair[1], zip(two, every, strict=False)))
    if (
        start >= len(two)
        or len(every) - len(two) != len(_ALL_DIGITS) - 1
        or two[start + 1 :] != every[start + len(_ALL_DIGITS) :]
    ):
        return None
    shown = dict(zip(_ALL_DIGITS, every[start : start + len(_ALL_DIGITS)], strict=True))
    digits = tuple(shown[str(digit)][0] for digit in range(10))
    spacing = shown["0"][1]
    rest = two[start + 1 :]  # " sur 4"
    total_at = [index for index, (code, _) in enumerate(rest) if code in digits]
    if (
        len(set(digits)) != 10
        or any(adjust != spacing for _, adjust in shown.values())
        or two[start] != shown["2"]
        or ten != [*two[:start], shown["1"], shown["0"], *rest]
        or any(code in digits for code, _ in two[:start])
        or len(total_at) != 1
        or rest[total_at[0]] != shown[str(SAMPLE_TOTAL)]
        or not _same_widths(sheets.pages[1], drawings[0][at_line - 1], digits)
    ):
        return None
    step = matrices[1][4] - matrices[0][4]
    if abs(matrices[2][4] - matrices[0][4] - (len(_ALL_DIGITS) - 1) * step) > 1e-3:
        return None  # not a line that moves by one width per digit
    first = drawings[0]
    return Numbering(
        head=pikepdf.unparse_content_stream(first[:at_matrix]),
        matrix=tuple(matrices[0]),
        step=step,
        middle=pikepdf.unparse_content_stream(first[at_matrix + 1 : at_line]),
        before=tuple(two[:start]),
        between=tuple(rest[: total_at[0]]),
        after=tuple(rest[total_at[0] + 1 :]),
        digits=digits,
        spacing=spacing,
        tail=pikepdf.unparse_content_stream(first[at_line + 1 :]),
    )


def artifacts(instructions: list) -> list:
    """A drawing of margins with its marked contents as artifacts: laid over pages whose
    structure they are not part of (see :func:`.merge._lay_over`)."""
    return [
        pikepdf.ContentStreamInstruction([Name.Artifact], pikepdf.Operator("BMC"))
        if str(instruction.operator) == "BDC"
        else instruction
        for instruction in instructions
    ]


def _number_line(drawings: list[list]) -> tuple[int, int] | None:
    """Where the text matrix and the glyphs of the number line are, when the sheets'
    drawings differ in those two instructions and nothing else."""
    if len({len(drawing) for drawing in drawings}) != 1:
        return None
    differ = [
        index
        for index, instructions in enumerate(zip(*drawings, strict=True))
        if len({pikepdf.unparse_content_stream([instruction]) for instruction in instructions}) > 1
    ]
    if len(differ) != 2:
        return None
    at_matrix, at_line = differ
    first = drawings[0]
    if str(first[at_matrix].operator) != "Tm" or str(first[at_line].operator) != "TJ":
        return None
    if any(
        str(instruction.operator) in ("Tm", "Td", "TD", "T*", "Tj", "TJ", "'", '"')
        for instruction in first[at_matrix + 1 : at_line]
    ):
        return None
    if str(first[at_line - 1].operator) != "Tf":
        return None
    return at_matrix, at_line


def _glyphs(operands: list) -> list[Glyph] | None:
    """The glyphs of a ``TJ`` array, each with the adjustment written after it (0 if none)."""
    glyphs: list[Glyph] = []
    for item in operands[0]:
        if isinstance(item, String):
            codes = bytes(item)
            if len(codes) % 2:
                return None  # not a two-byte font
            glyphs += [(codes[at : at + 2], 0.0) for at in range(0, len(codes), 2)]
        elif glyphs:
            glyphs[-1] = (glyphs[-1][0], glyphs[-1][1] + float(item))
        else:
            return None  # an adjustment before the first glyph
    return glyphs


def _same_widths(sheet: pikepdf.Page, font_setting, digits: tuple[bytes, ...]) -> bool:
    """Whether the font the line is drawn with gives every digit the same width."""
    font = sheet.obj.Resources.Font.get(str(font_setting.operands[0]))
    descendants = font.get("/DescendantFonts") if isinstance(font, pikepdf.Dictionary) else None
    if font is None or font.get("/Encoding") != Name("/Identity-H") or not descendants:
        return False
    widths = _widths(descendants[0])
    return len({widths.get(int.from_bytes(code, "big"), widths.get(-1)) for code in digits}) == 1


def _widths(font: pikepdf.Dictionary) -> dict[int, float]:
    """The widths of a CID font's glyphs by number (``/W``), the default under -1."""
    widths: dict[int, float] = {-1: float(font.get("/DW", 1000))}
    items = list(font.get("/W", Array()))
    at = 0
    while at < len(items):
        first = int(items[at])
        if isinstance(items[at + 1], Array):
            widths.update((first + offset, float(width)) for offset, width in enumerate(items[at + 1]))
            at += 2
        else:
            widths.update((glyph, float(items[at + 2])) for glyph in range(first, int(items[at + 1]) + 1))
            at += 3
    return widths


def _number(value: float) -> bytes:
    """A number as the drawing writes it: no exponent, six decimals at most."""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return (text if text not in ("", "-0") else "0").encode("ascii")
