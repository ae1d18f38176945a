"""An ``argparse`` parser that speaks French: help, usage and errors.

Why this module: argparse writes its own words (``usage:``, ``options``, ``show this
help message and exit``, ``error:``, ``the following arguments are required``…)
through ``gettext``, so ``ecole --help`` mixed them with our French help texts.
Installing a French catalogue for the whole process (``gettext.install``, a ``.mo``
file, ``LANGUAGE=fr``) would depend on the machine's locale and change every other
``gettext`` user; instead, :class:`FrenchArgumentParser` swaps argparse's ``_`` and
``ngettext`` for :data:`FRENCH` only while one of its own methods runs. The ``ecole``
command is single-threaded, so the swap is invisible elsewhere.

The keys of :data:`FRENCH` are argparse's exact English message ids, the ones a user
can meet, as in Lib/argparse.py of Python 3.11 to 3.14 (messages that only report a
mistake in the parser's own code stay in English). A message argparse adds later
shows in English until it is added here; tests/test_cli.py catches it.

This module is a top layer: it imports nothing from the rest of ``ecole``.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gettext
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

#: French typography: a non-breaking space before « : », inside « » quotes.
_NBSP = "\u00a0"

#: Section headings: argparse 3.11 and 3.12 append a bare ":" (3.13 translates
#: "%(heading)s:", left as is here), so the non-breaking space ends the heading.
FRENCH: dict[str, str] = {
    "usage: ": f"utilisation{_NBSP}: ",
    "positional arguments": f"arguments positionnels{_NBSP}",
    "options": f"options{_NBSP}",
    "subcommands": f"commandes{_NBSP}",
    "show this help message and exit": "afficher cette aide et quitter",
    "show program's version number and exit": "afficher la version et quitter",
    " (default: %(default)s)": f" (par défaut{_NBSP}: %(default)s)",
    "%(prog)s: error: %(message)s\n": f"%(prog)s{_NBSP}: erreur{_NBSP}: %(message)s\n",
    "%(prog)s: warning: %(message)s\n": f"%(prog)s{_NBSP}: avertissement{_NBSP}: %(message)s\n",
    "argument %(argument_name)s: %(message)s": f"argument %(argument_name)s{_NBSP}: %(message)s",
    "the following arguments are required: %s": f"arguments obligatoires manquants{_NBSP}: %s",
    "one of the arguments %s is required": f"l'un de ces arguments est obligatoire{_NBSP}: %s",
    "unrecognized arguments: %s": f"arguments inconnus{_NBSP}: %s",
    "not allowed with argument %s": "incompatible avec l'argument %s",
    "ignored explicit argument %r": f"valeur en trop{_NBSP}: «{_NBSP}%s{_NBSP}»",
    "unexpected option string: %s": f"option inattendue{_NBSP}: %s",
    "ambiguous option: %(option)s could match %(matches)s": (
        f"option ambiguë{_NBSP}: %(option)s peut désigner %(matches)s"
    ),
    "expected one argument": "une valeur est attendue",
    "expected at most one argument": "une valeur au plus est attendue",
    "expected at least one argument": "au moins une valeur est attendue",
    "invalid %(type)s value: %(value)r": (
        f"valeur invalide{_NBSP}: «{_NBSP}%(value)s{_NBSP}» (type attendu{_NBSP}: %(type)s)"
    ),
    "invalid choice: %(value)r (choose from %(choices)s)": (
        f"choix invalide{_NBSP}: «{_NBSP}%(value)s{_NBSP}» (choix possibles{_NBSP}: %(choices)s)"
    ),
    "invalid choice: %(value)r, maybe you meant %(closest)r? (choose from %(choices)s)": (
        f"choix invalide{_NBSP}: «{_NBSP}%(value)s{_NBSP}», peut-être «{_NBSP}%(closest)s{_NBSP}»{_NBSP}? "
        f"(choix possibles{_NBSP}: %(choices)s)"
    ),
    "unknown parser %(parser_name)r (choices: %(choices)s)": (
        f"commande inconnue{_NBSP}: «{_NBSP}%(parser_name)s{_NBSP}» (choix possibles{_NBSP}: %(choices)s)"
    ),
    "can't open '%(filename)s': %(error)s": f"impossible d'ouvrir «{_NBSP}%(filename)s{_NBSP}»{_NBSP}: %(error)s",
    "command '%(parser_name)s' is deprecated": f"la commande «{_NBSP}%(parser_name)s{_NBSP}» est obsolète",
    "option '%(option)s' is deprecated": f"l'option «{_NBSP}%(option)s{_NBSP}» est obsolète",
    "argument '%(argument_name)s' is deprecated": f"l'argument «{_NBSP}%(argument_name)s{_NBSP}» est obsolète",
}

#: Plural messages: (singular id, plural id) -> (French singular, French plural).
FRENCH_PLURALS: dict[tuple[str, str], tuple[str, str]] = {
    ("expected %s argument", "expected %s arguments"): ("%s valeur est attendue", "%s valeurs sont attendues"),
}


class FrenchTranslations(gettext.NullTranslations):
    """argparse's messages in French; any other message is returned unchanged."""

    def gettext(self, message: str) -> str:
        return FRENCH.get(message, message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        # French puts 0 and 1 in the singular.
        singular, plural = FRENCH_PLURALS.get((msgid1, msgid2), (msgid1, msgid2))
        return singular if n <= 1 else plural


_TRANSLATIONS = FrenchTranslations()


@contextlib.contextmanager
def french_argparse() -> Iterator[None]:
    """Make argparse speak French inside the ``with`` block (re-entrant, restores on exit)."""
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._ = _TRANSLATIONS.gettext  # type: ignore[attr-defined]
    argparse.ngettext = _TRANSLATIONS.ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


_Method = TypeVar("_Method", bound=Callable[..., Any])


def _in_french(method: _Method) -> _Method:
    @functools.wraps(method)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with french_argparse():
            return method(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


class FrenchArgumentParser(argparse.ArgumentParser):
    """An ``ArgumentParser`` whose help, usage and errors are in French.

    Every method where argparse words a message runs in :func:`french_argparse`:
    the constructor (section titles, ``-h``), ``add_subparsers``, parsing (errors)
    and formatting (``utilisation :``). Sub-command parsers made by
    ``add_subparsers().add_parser`` are of the same class, so French too.
    """

    __init__ = _in_french(argparse.ArgumentParser.__init__)
    add_subparsers = _in_french(argparse.ArgumentParser.add_subparsers)
    parse_args = _in_french(argparse.ArgumentParser.parse_args)
    parse_known_args = _in_french(argparse.ArgumentParser.parse_known_args)
    parse_intermixed_args = _in_french(argparse.ArgumentParser.parse_intermixed_args)
    parse_known_intermixed_args = _in_french(argparse.ArgumentParser.parse_known_intermixed_args)
    format_usage = _in_french(argparse.ArgumentParser.format_usage)
    format_help = _in_french(argparse.ArgumentParser.format_help)
    error = _in_french(argparse.ArgumentParser.error)
