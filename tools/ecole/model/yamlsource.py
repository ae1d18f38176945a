"""Reading YAML written by hand, keeping the line of every key.

The loader is deliberately plain: ``yes``/``no`` stay strings and dates stay
text (``2018-02-12``), so that what an author wrote is what the schema sees.
Every value is paired with its node, so an error can name the line of the key
that holds it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml


class PlainLoader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 booleans and no implicit timestamps."""


PlainLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
for first in list(PlainLoader.yaml_implicit_resolvers):
    PlainLoader.yaml_implicit_resolvers[first] = [
        (tag, regexp) for tag, regexp in PlainLoader.yaml_implicit_resolvers[first] if tag != "tag:yaml.org,2002:bool"
    ]
PlainLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


class FastPlainLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The same rules on libyaml, about twenty times faster; its error messages
    name neither the character nor the cause, so errors are re-read by PlainLoader."""

    yaml_implicit_resolvers = PlainLoader.yaml_implicit_resolvers


#: Deeper than this, a front-matter or a quiz is a typo (or an attack), never content.
MAX_DEPTH = 32
#: libyaml recurses in C: far deeper flow nesting than this would crash the process.
_MAX_BRACKETS = 1000
_PLAIN_TAGS = {f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "seq", "map")}


class YamlSyntaxError(ValueError):
    def __init__(self, line: int, message: str):
        self.line = line
        super().__init__(message)


@dataclass
class YamlDocument:
    """Parsed YAML with a way back to the line of each key."""

    data: Any
    node: yaml.Node | None
    first_line: int  # line of the document's first line in its file (1-based)

    def line_of(self, path: tuple[str | int, ...] | list[str | int]) -> int:
        """Line (1-based, in the file) of the deepest key or item of ``path`` that exists."""
        node = self.node
        line = node.start_mark.line if node is not None else 0
        for step in path:
            if isinstance(node, yaml.MappingNode):
                for key, value in node.value:
                    if key.value == step:
                        line = key.start_mark.line
                        node = value
                        break
                else:
                    break
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
                if step >= len(node.value):
                    break
                node = node.value[step]
                line = node.start_mark.line
            else:
                break
        return self.first_line + line


def parse_yaml(text: str, first_line: int = 1) -> YamlDocument:
    """Parse ``text``; raise :class:`YamlSyntaxError` with a French message."""
    _check_brackets(text, first_line)
    try:
        node = _compose(FastPlainLoader, text)
    except yaml.YAMLError:
        node = _compose_for_message(text, first_line)
    duplicate = _check_nodes(node, first_line)
    loader = PlainLoader("")
    try:
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        raise YamlSyntaxError(_line(exc, first_line), _explain(exc, text, first_line)) from None
    except (ValueError, TypeError, KeyError, AttributeError):
        # an explicit standard tag on a value it cannot convert, such as !!int abc
        raise YamlSyntaxError(first_line, "étiquette YAML inapplicable (!!…) : retirez-la devant la valeur") from None
    if duplicate is not None:
        raise YamlSyntaxError(
            first_line + duplicate.start_mark.line,
            f"la clé « {duplicate.value} » apparaît deux fois : gardez-en une seule",
        )
    return YamlDocument(data, node, first_line)


def _compose(loader_class: type, text: str) -> yaml.Node | None:
    loader = loader_class(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def _compose_for_message(text: str, first_line: int) -> yaml.Node | None:
    """Parse again with the pure-Python parser, whose errors can be explained."""
    try:
        return _compose(PlainLoader, text)
    except yaml.MarkedYAMLError as exc:
        raise YamlSyntaxError(_line(exc, first_line), _explain(exc, text, first_line)) from None
    except (yaml.YAMLError, RecursionError) as exc:
        raise YamlSyntaxError(first_line, f"YAML illisible : {exc}") from None


def _line(exc: yaml.MarkedYAMLError, first_line: int) -> int:
    # an unclosed quote or bracket is found further down: the line where it opens helps more
    context = exc.context or ""
    opening = ("quoted scalar" in context and "unknown escape" not in (exc.problem or "")) or "flow " in context
    # « level decouverte »: the reader learns the colon is missing on the next line
    opening = opening or "simple key" in context
    mark = (exc.context_mark if opening else None) or exc.problem_mark or exc.context_mark
    return first_line + (mark.line if mark else 0)


def _check_brackets(text: str, first_line: int) -> None:
    """Refuse runaway ``[[[[…`` before libyaml sees them (it would overflow its stack)."""
    if text.count("[") + text.count("{") <= _MAX_BRACKETS:
        return  # nesting cannot be deeper than the number of openings
    depth = 0
    for number, line in enumerate(text.split("\n")):
        for character in line:
            if character in "[{":
                depth += 1
                if depth > _MAX_BRACKETS:
                    raise YamlSyntaxError(first_line + number, _too_deep())
            elif character in "]}":
                depth = max(depth - 1, 0)


def _check_nodes(root: yaml.Node | None, first_line: int) -> yaml.Node | None:
    """Refuse what hand-written YAML never needs and code downstream cannot take:
    anchors and aliases (shared or self-containing values), type tags, deep nesting.
    Return the first key written twice in a mapping, if any: PyYAML keeps the last
    of two equal keys silently, and an author wants to know (reported once the
    document is known to be readable)."""
    seen: set[int] = set()
    duplicates: list[yaml.Node] = []
    stack = [(root, 1)] if root is not None else []
    while stack:
        node, depth = stack.pop()
        if id(node) in seen or node.tag not in _PLAIN_TAGS or depth > MAX_DEPTH:
            raise YamlSyntaxError(first_line + node.start_mark.line, _refusal(node, seen))
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            stack.extend((child, depth + 1) for pair in node.value for child in pair)
            names: set[str] = set()
            for key, _ in node.value:
                if isinstance(key, yaml.ScalarNode):
                    if key.value in names:
                        duplicates.append(key)
                    names.add(key.value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((child, depth + 1) for child in node.value)
    return min(duplicates, key=lambda key: key.start_mark.index, default=None)


def _refusal(node: yaml.Node, seen: set[int]) -> str:
    if id(node) in seen:
        return "les ancres et renvois YAML (& et *) ne sont pas admis : recopiez la valeur"
    if node.tag not in _PLAIN_TAGS:
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        return f"étiquette YAML « {tag} » non admise : retirez-la devant la valeur"
    return _too_deep()


#: A ``nom: valeur`` line, or a list item's first field (``- day: 1``): its field's column, its name.
_KEY_LINE = re.compile(r"^( *(?:- +)?)([\w.-]+):(?:\s|$)")


def _misaligned_key(text: str, line: int, column: int) -> tuple[str, int] | None:
    """How far the field on ``line`` sits from the field of the line above (« d'une
    espace », « de 2 espaces »), and that line's index, when both are ``nom: valeur``
    lines indented differently and the unexpected colon is the one after the field's name:
    PyYAML then reads the second line as the rest of the first one's value, where the author
    shifted one of the two lines. None when that is not what happened (a colon inside a
    value, a new list item)."""
    lines = text.split("\n")
    if line >= len(lines):
        return None
    here = _KEY_LINE.match(lines[line])
    if here is None or column != here.end(2):  # the colon is not the one after the name
        return None
    written = [
        (index, row) for index, row in enumerate(lines[:line]) if row.strip() and not row.lstrip().startswith("#")
    ]
    above = _KEY_LINE.match(written[-1][1]) if written else None
    if above is None or written[-1][1].rstrip().endswith(":"):
        return None  # the line above opens a block: a deeper line is its first field
    shift = abs(len(here[1]) - len(above[1]))
    if shift == 0:
        return None
    return ("d'une espace" if shift == 1 else f"de {shift} espaces"), written[-1][0]


def _left_its_block(text: str, line: int) -> tuple[str, str] | None:
    """The field of the line above ``line`` and the block it seems to have left, when that
    line sits left of ``line`` just after a line that opens a block (``territory:``): the
    author moved that field out, and PyYAML stops at ``line``, which did not move."""
    written = [row for row in text.split("\n")[:line] if row.strip() and not row.lstrip().startswith("#")]
    if len(written) < 2:
        return None
    here, above, opener = (_KEY_LINE.match(row) for row in (text.split("\n")[line], written[-1], written[-2]))
    if here is None or above is None or opener is None or not written[-2].rstrip().endswith(":"):
        return None
    if len(above[1]) <= len(opener[1]) < len(here[1]):
        return above[2], opener[2]
    return None


def _too_deep() -> str:
    return f"trop de niveaux imbriqués (plus de {MAX_DEPTH}) : vérifiez les crochets et l'indentation"


def _explain(exc: yaml.MarkedYAMLError, text: str, first_line: int) -> str:
    problem = exc.problem or ""
    context = exc.context or ""
    if "'\\t'" in problem or "\\t" in problem:
        return "tabulation interdite en YAML : indentez avec des espaces"
    if "mapping values are not allowed" in problem:
        mark = exc.problem_mark
        misaligned = _misaligned_key(text, mark.line, mark.column) if mark else None
        left = _left_its_block(text, mark.line) if misaligned is not None else None
        if left is not None and misaligned[1] == mark.line - 1:
            field, block = left
            return (
                f"deux-points inattendu : la ligne précédente (« {field}: ») commence plus à gauche que "
                f"celle-ci. Si « {field} » fait partie du bloc « {block}: », décalez-la pour l'aligner sur "
                "cette ligne ; sinon, alignez cette ligne sur la précédente"
            )
        if misaligned is not None:
            shift, above = misaligned
            # either line may be the one shifted: a field moved out of its block leaves the next
            # line, still in place, as the one PyYAML cannot read
            where = "la ligne précédente" if above == mark.line - 1 else f"la ligne {first_line + above}"
            return (
                f"deux-points inattendu : cette ligne est décalée {shift} par rapport à {where} : les "
                "champs d'un même bloc commencent à la même colonne (comptez les espaces en début de "
                "ligne) ; décalez celle des deux lignes qui ne l'est pas"
            )
        lines = text.split("\n")
        line = lines[mark.line] if mark and mark.line < len(lines) else ""
        # « title: « Étape 1 : observer » »: the author did quote, with French quotation marks
        if re.search("[«“]", line):
            return (
                'deux-points inattendu : mettez entre guillemets droits (") un texte qui contient « : », par exemple '
                '"Étape 1 : observer" ; pour YAML, les guillemets « » et “ ” font partie du texte'
            )
        return (
            "deux-points inattendu : mettez entre guillemets un texte qui contient « : » "
            '(par exemple "Étape 1 : observer")'
        )
    if "quoted scalar" in context:
        if "unknown escape" in problem:
            return (
                "barre oblique inversée (\\) entre guillemets doubles : "
                "mettez le texte entre guillemets simples ('…') ou doublez la barre (\\\\)"
            )
        return "guillemet non fermé : ajoutez le guillemet qui termine ce texte, ou retirez celui qui l'ouvre"
    if "could not find expected ':'" in problem:
        return "il manque « : » après un nom de champ, ou un guillemet n'est pas fermé"
    alias = re.search(r"found undefined alias '([^']*)'", problem)
    if alias:
        return f"« *{alias[1]} » : une valeur qui commence par * doit être mise entre guillemets"
    character = re.search(r"found character '(.)' that cannot start any token", problem)
    if character:
        return f"une valeur ne peut pas commencer par « {character[1]} » : mettez-la entre guillemets"
    if "anchor" in context or "alias" in context:
        return "une valeur qui commence par & ou * doit être mise entre guillemets"
    if "unhashable key" in problem:
        return "un nom de champ doit être un simple mot, pas une liste ni un ensemble de champs"
    if "flow sequence" in context:
        return "liste entre crochets mal fermée : vérifiez le « ] » final et les virgules entre les éléments"
    if "flow mapping" in context:
        return "champs entre accolades mal fermés : vérifiez le « } » final et les virgules entre les champs"
    if "expected <block end>" in problem or "did not find expected" in problem:
        return "indentation incohérente : alignez les éléments d'une même liste ou d'un même bloc"
    return f"YAML illisible : vérifiez l'indentation, les deux-points et les guillemets (détail : {problem or exc})"
