"""French grammar around a name inserted in a sentence by a territory variable.

Authors write plain French around a variable — « les usagers de
{{ collectivite.nom }} » — and an edition gives names with their article
(« le Département de la Creuse »). Gluing the two needs the rules a French
reader expects: « de le » becomes « du », « de Aubusson » becomes
« d'Aubusson », and a sentence that starts with a name starts with a capital.
The renderer marks where each inserted value starts and ends; :func:`agree`
applies the rules there only, so the authors' own text is never touched.
"""

from __future__ import annotations

import re

START, END = "\x02", "\x03"

_CONTRACTIONS = {"de le": "du", "de les": "des", "à le": "au", "à les": "aux"}
_CONTRACT = re.compile(rf"(?<![\w'’])(de|à|De|À)(\s+){START}(les|le) ")
_ELIDE = re.compile(rf"(?<![\w'’])(de|que|De|Que)\s+{START}(?=[aeiouyàâäéèêëîïôöùûüAEIOUYÀÂÉÈÊËÎÏÔÖÙÛÜ])")
#: An article already contracted before a name that brings its own: « du {{ territoire.nom }} »
#: gives « du le Val-de-Brume », « au {{ … }} » « au la Creuse ».
_DOUBLED = re.compile(rf"(?<![\w'’])(du|des|au|aux)\s+{START}(le|la|les|l['’])(?=[\s\w])", re.IGNORECASE)
#: What may precede the first word of a sentence on its line: a list marker or a heading mark.
_LINE_OPENING = re.compile(r"^[ \t]*(?:(?:[-*+]|\d+[.)]|#+)[ \t]+)?$")
_SENTENCE_END = re.compile(r"[.!?…][»\"”)]?\s+$")


def count(number: int, singular: str, plural: str | None = None) -> str:
    """``1 erreur``, ``2 erreurs``: French puts 0 and 1 in the singular; ``plural``
    defaults to ``singular`` plus an « s »."""
    return f"{number} {singular if number <= 1 else plural or singular + 's'}"


def listed(words: list[str], last: str = "et") -> str:
    """``a``, ``a et b``, ``a, b et c`` (or ``ou``, with ``last``)."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + f" {last} " + words[-1]


def decimal(value: float, digits: int = 1) -> str:
    """A number the French way: decimal comma, narrow no-break space between thousands
    (``1\u202f234,5``)."""
    text = f"{value:,.{digits}f}"
    return text.replace(",", "\u202f").replace(".", ",")


def mark(value: object) -> str:
    """Jinja's ``finalize``: every inserted value, between markers."""
    return f"{START}{value}{END}"


def agree(text: str) -> str:
    """Apply contraction, elision and capitals at the marked values, then drop the markers."""
    text = _CONTRACT.sub(lambda m: _keep_case(m[1], _CONTRACTIONS[f"{m[1].lower()} {m[3]}"]) + m[2] + START, text)
    text = _ELIDE.sub(lambda m: f"{m[1][:-1]}'{START}", text)
    pieces = text.split(START)
    out = [pieces[0]]
    for piece in pieces[1:]:
        if _starts_sentence("".join(out)) and piece:
            piece = piece[0].upper() + piece[1:]
        out.append(piece)
    return "".join(out).replace(END, "")


def doubled_article(text: str) -> tuple[int, str, str] | None:
    """In ``text`` as rendered with markers (before :func:`agree`): the first contracted
    article written before a value that has its own, as (1-based line, what the author
    wrote, what the reader would get), or None."""
    found = _DOUBLED.search(text)
    if found is None:
        return None
    value = text[found.end(1) :].split(END, 1)[0].replace(START, "")
    line = text.count("\n", 0, found.start()) + 1
    return line, found[1], f"{found[1]} {value.strip()}"


def _keep_case(written: str, replacement: str) -> str:
    return replacement.capitalize() if written[0].isupper() else replacement


def _starts_sentence(before: str) -> bool:
    if _SENTENCE_END.search(before):
        return True
    lines = before.split("\n")
    if not _LINE_OPENING.match(lines[-1]):
        return False
    opens_paragraph = len(lines) == 1 or not lines[-2].strip()
    has_marker = bool(lines[-1].strip())
    return opens_paragraph or has_marker
