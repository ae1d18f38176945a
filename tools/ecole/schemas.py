"""The JSON Schemas of the content model and French messages for their errors.

The schemas in ``schemas/`` are the single source of truth for the front-matter
of every kind of content; they are also published with the site. jsonschema's
own messages are English and technical, so each failure is rewritten here for a
person editing YAML by hand.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from importlib.resources import files
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource

from .durations import DurationError, parse_duration

BASE_URI = "https://ecole-innovation-publique.fr/schemas/"


def schema_text(name: str) -> str:
    return (files("ecole") / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8")


def schema_names() -> list[str]:
    """Every schema shipped in the package, by name (``module``, ``edition``…)."""
    folder = files("ecole") / "schemas"
    return sorted(
        entry.name.removesuffix(".schema.json")
        for entry in folder.iterdir()
        if entry.name.endswith(".schema.json")
    )


@cache
def _registry() -> Registry:
    resources = [
        (BASE_URI + f"{name}.schema.json", Resource.from_contents(json.loads(schema_text(name))))
        for name in schema_names()
    ]
    return Registry().with_resources(resources)


@cache
def validator(name: str) -> Draft202012Validator:
    schema = json.loads(schema_text(name))
    return Draft202012Validator(schema, registry=_registry())


def field_name(path: tuple[str | int, ...] | list[str | int]) -> str:
    """``("sources", 0, "date")`` -> ``sources[0].date``."""
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out


def schema_errors(name: str, data: Any) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Yield ``(path, French message)`` for every way ``data`` breaks schema ``name``."""
    for error in sorted(validator(name).iter_errors(data), key=lambda e: list(map(str, e.path))):
        yield from _explain(error)


def _explain(error: ValidationError) -> Iterator[tuple[tuple[str | int, ...], str]]:
    path = tuple(error.absolute_path)
    kind = error.validator
    value = error.instance
    schema = error.schema if isinstance(error.schema, dict) else {}
    if kind == "required":
        missing = [name for name in error.validator_value if name not in (value or {})]
        for name in missing:
            yield (*path, name), "champ obligatoire absent : ajoutez-le"
    elif kind == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        for name in sorted(set(value) - set(allowed)):
            yield (*path, name), f"champ inconnu ; les champs admis sont : {', '.join(allowed)}"
    elif kind == "enum":
        choices = ", ".join(str(v) for v in error.validator_value)
        yield path, f"« {_show(value)} » n'est pas une valeur admise ; choisissez parmi : {choices}"
    elif kind == "type":
        yield path, f"{_describe(value)} alors qu'il faut {_type_fr(error.validator_value)}"
    elif kind in ("minItems", "minLength") and not value:
        yield path, "ne doit pas être vide"
    elif kind == "minItems":
        yield path, f"il faut au moins {error.validator_value} éléments"
    elif kind == "maxItems":
        yield path, f"il faut au plus {error.validator_value} éléments"
    elif kind == "minLength":
        yield path, f"texte trop court (au moins {error.validator_value} caractères)"
    elif kind == "uniqueItems":
        yield path, "un élément apparaît deux fois dans la liste : supprimez le doublon"
    elif kind in ("minimum", "maximum"):
        bound = "au moins" if kind == "minimum" else "au plus"
        yield path, f"{_show(value)} est hors limites : la valeur doit valoir {bound} {error.validator_value}"
    elif kind == "pattern":
        yield path, _pattern_message(path, value, schema)
    elif kind == "anyOf":
        yield path, _any_of_message(value, schema)
    else:  # a rule the schema gained later: still one plain line, never a traceback
        yield path, f"valeur refusée ({error.message})"


def _pattern_message(path: tuple[str | int, ...], value: str, schema: dict[str, Any]) -> str:
    last = next((step for step in reversed(path) if isinstance(step, str)), "")
    if last == "duration":
        try:
            parse_duration(value, days_allowed="j|" in schema.get("pattern", ""))
        except DurationError as exc:
            return str(exc)
    if last == "code":
        return f"« {value} » n'est pas un code de département (01 à 95, 2A, 2B, 971 à 976) ; écrivez-le entre guillemets"
    if schema.get("pattern", "").startswith("^[a-z0-9]+"):
        return (
            f"« {value} » n'est pas un identifiant : minuscules sans accent, chiffres et tirets "
            "(par exemple entretien-collectif)"
        )
    if "[12][0-9]|3[01]" in schema.get("pattern", ""):
        return f"« {value} » n'est pas une date au format AAAA-MM-JJ (par exemple 2026-11-22)"
    if last == "url":
        return f"« {value} » n'est pas une adresse web (elle doit commencer par https://)"
    return f"« {value} » n'a pas la forme attendue ({schema.get('description', schema.get('pattern'))})"


def _any_of_message(value: Any, schema: dict[str, Any]) -> str:
    description = schema.get("description")
    if description:
        return f"« {_show(value)} » n'est pas valable : {description[0].lower()}{description[1:]}"
    return f"« {_show(value)} » n'est pas une valeur valable"


_TYPES_FR = {
    "string": "un texte",
    "integer": "un nombre entier",
    "number": "un nombre",
    "boolean": "true ou false",
    "array": "une liste",
    "object": "un ensemble de champs (clé: valeur)",
    "null": "rien",
}


def _type_fr(expected: str | list[str]) -> str:
    if isinstance(expected, list):
        return " ou ".join(_TYPES_FR.get(t, t) for t in expected)
    return _TYPES_FR.get(expected, expected)


def _describe(value: Any) -> str:
    if value is None:
        return "valeur vide"
    if isinstance(value, bool):
        return f"booléen « {_show(value)} »"
    if isinstance(value, int | float):
        return f"nombre « {value} »"
    if isinstance(value, str):
        return f"texte « {value} »"
    if isinstance(value, list):
        return "liste"
    if isinstance(value, dict):
        return "ensemble de champs"
    return f"valeur « {value} »"


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
