"""Dropping the blank lines and indentation that Material's templates leave in every page.

The navigation alone is mostly whitespace: about 700 bytes per link, half of
them spaces and newlines. A run of whitespace that holds a line break renders
exactly as a single line break, except where CSS preserves whitespace: in
``pre``, ``textarea``, and in ``code`` and ``kbd``, which Material sets to
``white-space: pre-wrap``. Those are left untouched. Spaces that are not next to
a line break, and non-breaking spaces, are never changed.
"""

from __future__ import annotations

import re

_PRESERVED = re.compile(r"(<(pre|code|kbd|textarea)\b.*?</\2>)", re.S | re.I)
_BLANK_RUN = re.compile(r"[ \t\r\n]*\n[ \t\r\n]*")


def compact(html: str) -> str:
    pieces = _PRESERVED.split(html)
    # split() yields: text, preserved element, its tag name, text, …
    out = []
    for index in range(0, len(pieces), 3):
        out.append(_BLANK_RUN.sub("\n", pieces[index]))
        if index + 1 < len(pieces):
            out.append(pieces[index + 1])
    return "".join(out)
