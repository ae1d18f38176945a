"""Territory variables in content: ``{{ collectivite.nom }}``, ``{{ territoire.nom }}``.

Rendered here, once, rather than by a MkDocs plugin, so that the site, the PDF
booklets and the SCORM packages all show the same text, and so that a mistake
is reported as ``path:line`` like every other content error. Pages opt in with
``render_macros: true``; the sandbox and strict undefined variables keep a typo
from silently printing nothing. Inserted names agree with the French around
them (« de le Département » -> « du Département ») through :mod:`ecole.model.french`.
"""

from __future__ import annotations

import difflib
import functools
import re
from typing import Any

from jinja2 import StrictUndefined, Template, TemplateSyntaxError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment

from .french import agree, doubled_article, mark

_ENV = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True, finalize=mark)
_EXPRESSION = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")


class MacroError(ValueError):
    def __init__(self, line: int, message: str):
        self.line = line  # 1-based, relative to the rendered text
        super().__init__(message)


def uses_macros(text: str) -> int | None:
    """1-based line of the first ``{{`` or ``{%`` in ``text``, if any."""
    for number, line in enumerate(text.split("\n"), start=1):
        if "{{" in line or "{%" in line:
            return number
    return None


@functools.lru_cache(maxsize=1024)
def _compiled(text: str) -> Template:
    """``text`` compiled once per process: a build loads the content twice (learners' view,
    trainer view), ``ecole serve`` at each save, and compiling is most of the rendering
    (a fifth of the loading of the reference curriculum)."""
    return _ENV.from_string(text)


def render(text: str, variables: dict[str, Any]) -> str:
    try:
        marked = _compiled(text).render(**variables)
    except TemplateSyntaxError as exc:
        raise MacroError(
            exc.lineno or 1,
            "variable mal écrite : une variable s'écrit entre doubles accolades, par exemple {{ territoire.nom }} ; "
            "pour écrire des accolades dans le texte, retirez render_macros: true",
        ) from None
    except UndefinedError as exc:
        line, name = _locate(text, _undefined_name(str(exc.message)))
        names = _names(variables)
        close = difflib.get_close_matches(name, names, n=1, cutoff=0.75)
        hint = f"vouliez-vous dire « {close[0]} » ?" if close else f"variables disponibles : {', '.join(names)}"
        raise MacroError(line, f"variable inconnue « {name} » ; {hint}") from None
    doubled = doubled_article(marked)
    if doubled is not None:
        line, written, shown = doubled
        raise MacroError(
            line,
            _CONTRACTED_BEFORE_NAME.format(
                written=written, why="commence déjà par un article", read=f"le lecteur lirait « {shown} »"
            ),
        )
    # a name's article is the edition's (« le Val-de-Brume », « Aubusson »): « du {{ … }} » is
    # wrong in some edition even where this one's name has none, as the guide says; what
    # {% raw %} shows as it is is not checked (a guide that gives the wrong form as example)
    shown = _RAW.sub(lambda block: "\n" * block[0].count("\n"), text)
    article = _ARTICLE_BEFORE_NAME.search(shown)
    if article is not None:
        raise MacroError(
            shown.count("\n", 0, article.start()) + 1,
            f"« {article[1]} » devant une variable qui porte déjà son article quand le nom en a un (« le "
            f"Val-d'Exemple ») : retirez « {article[1]} » ; l'outil met la majuscule en début de phrase",
        )
    written = _CONTRACTED_NAME.search(shown)
    if written is not None:
        raise MacroError(
            shown.count("\n", 0, written.start()) + 1,
            _CONTRACTED_BEFORE_NAME.format(
                written=written[1],
                why="peut commencer par un article",
                read="dans une édition dont le nom commence par un article, le lecteur lirait « du le Val-d'Exemple »",
            ),
        )
    return agree(marked)


#: « du », « des », « au », « aux » written before the name of a territory or an organisation.
_CONTRACTED_NAME = re.compile(
    r"(?<![\w'’])(du|des|au|aux)\s+\{\{-?\s*(?:territoire|collectivite)\.nom\b", re.IGNORECASE
)
#: « le », « la », « les », « l' » written before one of these names: « les les Trois-Vallées ».
_ARTICLE_BEFORE_NAME = re.compile(
    r"(?<![\w'’])(le|la|les|l['’])\s*\{\{-?\s*(?:territoire|collectivite)\.nom\b", re.IGNORECASE
)
#: What Jinja shows as written: ``{% raw %}…{% endraw %}``.
_RAW = re.compile(r"\{%-?\s*raw\s*-?%\}.*?\{%-?\s*endraw\s*-?%\}", re.DOTALL)
_CONTRACTED_BEFORE_NAME = (
    "« {written} » devant une variable dont la valeur {why} : {read} ; écrivez "
    "« de » (ou « à ») devant la variable : l'outil en fera « du », « des », « au » ou « aux »"
)


def _undefined_name(message: str) -> str:
    attribute = re.search(r"has no attribute '([^']+)'", message)
    owner = re.search(r"^'([^']+)' ", message)
    if attribute:
        # jinja names the owner by its value, not its name: _locate finds the dotted name
        return attribute.group(1)
    if owner:
        return owner.group(1)
    return message


def _locate(text: str, name: str) -> tuple[int, str]:
    """Line and full dotted name (``territoire.nomm``) of the first use of ``name``."""
    pattern = re.compile(rf"[\w.]*\b{re.escape(name)}\b")
    for number, line in enumerate(text.split("\n"), start=1):
        for expression in _EXPRESSION.findall(line):
            found = pattern.search(expression)
            if found:
                return number, found.group(0)
    return 1, name


def _names(variables: dict[str, Any], prefix: str = "") -> list[str]:
    names: list[str] = []
    for key, value in sorted(variables.items()):
        if isinstance(value, dict):
            names.extend(_names(value, f"{prefix}{key}."))
        else:
            names.append(f"{prefix}{key}")
    return names
