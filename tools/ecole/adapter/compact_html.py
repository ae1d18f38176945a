"""Dropping the blank lines and indentation that Material's templates leave in every page (and two invalid attributes),
and hiding its decorative icons from assistive technologies.

The navigation alone is mostly whitespace: about 700 bytes per link, half of
them spaces and newlines. A run of whitespace that holds a line break renders
exactly as a single line break, except where CSS preserves whitespace: in
``pre``, ``textarea``, and in ``code`` and ``kbd``, which Material sets to
``white-space: pre-wrap``. Those are left untouched. Spaces that are not next to
a line break, and non-breaking spaces, are never changed.
"""

from __future__ import annotations

import re

# Material's base.html puts autocomplete="off" on the drawer and search checkboxes
# (so that Firefox does not restore them open on a return to the page), but
# HTML allows autocomplete on text-like inputs only: the Nu Html Checker reports
# it on every page. An override would copy the whole of base.html (about 250
# lines to keep in sync with Material) for two attributes, so the attribute is
# dropped here; overrides/main.html closes both toggles when a page is shown
# instead. The markup is Material 9.8.1's, character for character: should it
# change, the attribute stays and tests/test_validators.py reports it.
_TOGGLES = tuple(
    f'<input class="md-toggle" data-md-toggle="{name}" type="checkbox" id="__{name}"{{}}>'
    for name in ("drawer", "search")
)
_TOGGLE_FIXES = tuple((toggle.format(' autocomplete="off"'), toggle.format("")) for toggle in _TOGGLES)

# Material's icons are inline <svg> without any attribute that says what they are: each
# stands next to, or inside, a control named otherwise (aria-label, title, its text).
# RGAA 1.2 (test 1.2.4) wants a decorative <svg> hidden from assistive technologies with
# aria-hidden="true", as screen readers may otherwise announce an empty image. An <svg>
# that carries information says so (role="img" and a name) and is left as it is.
_SVG_TAG = re.compile(r"<svg\b[^>]*>", re.I)
_SVG_SAYS_WHAT = re.compile(r"\s(role|aria-hidden|aria-label|aria-labelledby)\s*=", re.I)

_PRESERVED = re.compile(r"(<(pre|code|kbd|textarea)\b.*?</\2>)", re.S | re.I)
_SPACES = " \t\r"  # never \u00a0 nor \u202f: French typography puts them on purpose


def compact(html: str) -> str:
    html = hide_decorative_svg(drop_invalid_attributes(html))
    pieces = _PRESERVED.split(html)
    # split() yields: text, preserved element, its tag name, text, …
    out = []
    for index in range(0, len(pieces), 3):
        out.append(_collapse(pieces[index]))
        if index + 1 < len(pieces):
            out.append(pieces[index + 1])
    return "".join(out)


def _collapse(text: str) -> str:
    """Each run of whitespace that holds a line break becomes one line break.

    Line by line rather than with a regular expression: three times faster,
    and this runs on every page of the site.
    """
    lines = text.split("\n")
    if len(lines) == 1:
        return text
    first, *middle, last = lines
    kept = [line for line in (row.strip(_SPACES) for row in middle) if line]
    return "\n".join([first.rstrip(_SPACES), *kept, last.lstrip(_SPACES)])


def drop_invalid_attributes(html: str) -> str:
    """Material's drawer and search checkboxes without their invalid ``autocomplete``."""
    for before, after in _TOGGLE_FIXES:
        html = html.replace(before, after, 1)
    return html


def hide_decorative_svg(html: str) -> str:
    """Every ``<svg>`` that neither has a role nor a name, nor is already hidden, gets ``aria-hidden="true"``."""
    return _SVG_TAG.sub(
        lambda tag: tag[0] if _SVG_SAYS_WHAT.search(tag[0]) else f'{tag[0][:4]} aria-hidden="true"{tag[0][4:]}', html
    )
