"""The JSON Schemas of the content model and French messages for their errors.

The schemas in ``schemas/`` are the single source of truth for the front-matter
of every kind of content; they are also published with the site. jsonschema's
own messages are English and technical, so each failure is rewritten here for a
person editing YAML by hand.
"""

from __future__ import annotations

import contextlib
import datetime
import difflib
import json
import pickle
import re
import unicodedata
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
        entry.name.removesuffix(".schema.json") for entry in folder.iterdir() if entry.name.endswith(".schema.json")
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
    """Yield ``(path, French message)`` for every way ``data`` breaks schema ``name``.

    The answer depends on the data alone: ``ecole build`` reads the content twice, once
    per view, and validating every front matter a second time was a third of the
    second reading. Answers are remembered by the data's pickle, which tells apart
    any two values that differ (types included); equal data pickled apart is only a
    miss."""
    try:
        key = (name, pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
    except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
        key = None
    known = _ANSWERS.get(key) if key is not None else None
    if known is None:
        errors = sorted(validator(name).iter_errors(data), key=lambda e: list(map(str, e.path)))
        known = tuple(problem for error in errors for problem in _explain(error))
        if key is not None:
            _ANSWERS[key] = known
            if len(_ANSWERS) > _ANSWERS_MAX:
                del _ANSWERS[next(iter(_ANSWERS))]  # the oldest
    yield from known


#: (schema, pickled data) -> what :func:`schema_errors` found, for the last few thousand documents.
_ANSWERS: dict[tuple[str, bytes], tuple[tuple[tuple[str | int, ...], str], ...]] = {}
_ANSWERS_MAX = 4096


def _explain(error: ValidationError) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """One plain French line per problem, at the path of the field it concerns."""
    explain = _EXPLAIN.get(error.validator, _other)
    yield from explain(tuple(error.absolute_path), error.instance, error)


Explained = Iterator[tuple[tuple[str | int, ...], str]]


def _required(path: tuple, value: Any, error: ValidationError) -> Explained:
    for name in error.validator_value:
        # « title : » (a space before the colon, as French typography and word processors
        # put it) is reported once, on the key as written
        if name not in (value or {}) and not any(_spaced(key) == name for key in value or {}):
            yield (*path, name), "champ obligatoire absent : ajoutez-le"


def _spaced(key: object) -> str | None:
    """``key`` without the spaces around it, when it has some: « title\xa0 » -> « title »."""
    return key.strip() if isinstance(key, str) and key.strip() != key else None


def _unknown_fields(path: tuple, value: Any, error: ValidationError) -> Explained:
    allowed = sorted(_schema(error).get("properties", {}))
    for name in sorted(set(value) - set(allowed), key=str):  # YAML keys may be numbers
        if _spaced(name) in allowed:
            yield (
                (*path, name),
                f"une espace avant « : » : écrivez « {_spaced(name)}: », sans espace entre le nom du champ "
                "et le deux-points (un traitement de texte en ajoute une, insécable, qu'on ne voit pas)",
            )
            continue
        meant = _meant_field(str(name), allowed)
        if meant:
            yield (*path, name), f"champ inconnu ; vouliez-vous dire « {meant} » ?"
        else:
            yield (*path, name), f"champ inconnu ; les champs admis sont : {', '.join(allowed)}"


def _enum(path: tuple, value: Any, error: ValidationError) -> Explained:
    choices = [str(v) for v in error.validator_value]
    close = difflib.get_close_matches(_plain(_show(value)), choices, n=1, cutoff=0.75)
    hint = f"vouliez-vous dire « {close[0]} » ?" if close else f"choisissez parmi : {', '.join(choices)}"
    yield path, f"« {_show(value)} » n'est pas une valeur admise ; {hint}"


def _type(path: tuple, value: Any, error: ValidationError) -> Explained:
    expected = error.validator_value
    if _DATE_PATTERN in str(_schema(error).get("pattern", "")):
        yield path, date_problem(value) or f"« {value} » n'a pas la forme attendue"
        return
    pattern = str(_schema(error).get("pattern", ""))
    if isinstance(value, int) and not isinstance(value, bool) and "min)" in pattern and value > 0:
        # a duration: « 1:30 » is the number 90 to YAML (minutes and seconds), and so is « 90 »;
        # « 2 » says nothing of its unit: both are proposed
        hours, minutes = divmod(value, 60)
        if value < 10:
            written, note = f"{value}h ou {value}min", ""
        else:
            written = f"{hours}h{minutes:02d}" if hours and minutes else f"{hours}h" if hours else f"{minutes}min"
            note = " (en YAML, « 1:30 » se lit aussi 90)" if hours else ""
        yield (
            path,
            (
                f"lu comme le nombre {value}{note} alors qu'il faut une durée avec son unité : écrivez {written} "
                "(par exemple 45min, 1h ou 1h30)"
            ),
        )
        return
    hint = _type_hint(value, expected)
    if value is None and pattern.startswith("^#") and path:
        # « primary: #6b3a1f » reads as an empty value: the colour is taken for a comment
        hint = f' ; en YAML, # commence un commentaire : écrivez la couleur entre guillemets, {path[-1]}: "#6b3a1f"'
    yield path, f"{_describe(value)} alors qu'il faut {_type_fr(expected)}{hint}"


def _size(path: tuple, value: Any, error: ValidationError) -> Explained:
    bound = error.validator_value
    if error.validator in ("minItems", "minLength") and not value:
        yield path, "ne doit pas être vide"
    elif error.validator == "minItems":
        yield path, f"il faut au moins {bound} éléments"
    elif error.validator == "maxItems":
        yield path, f"il faut au plus {bound} éléments"
    else:
        yield path, f"texte trop court (au moins {bound} caractères)"


def _unique(path: tuple, value: Any, error: ValidationError) -> Explained:
    yield path, "un élément apparaît deux fois dans la liste : supprimez le doublon"


def _bound(path: tuple, value: Any, error: ValidationError) -> Explained:
    if path[-2:-1] == ("coordinates",):
        what, low, high = ("latitude", -90, 90) if path[-1] == 0 else ("longitude", -180, 180)
        yield (
            path,
            (
                f"{_show(value)} : une {what} est comprise entre {low} et {high} ; "
                "vérifiez l'ordre [latitude, longitude] et la virgule décimale"
            ),
        )
    else:
        bound = "au moins" if error.validator == "minimum" else "au plus"
        yield path, f"{_show(value)} est hors limites : la valeur doit valoir {bound} {error.validator_value}"


def _pattern(path: tuple, value: Any, error: ValidationError) -> Explained:
    yield path, _pattern_message(path, value, _schema(error))


def _any_of(path: tuple, value: Any, error: ValidationError) -> Explained:
    if not isinstance(value, dict | list):
        yield path, _any_of_message(value, _schema(error))
        return
    # the branch that takes this kind of value says what is wrong inside it
    inner = [
        sub
        for sub in error.context or []
        if len(sub.absolute_path) > len(path) or sub.validator in ("required", "additionalProperties")
    ]
    if inner:
        for sub in inner:
            yield from _explain(sub)
    else:
        yield path, f"{_describe(value)} alors qu'il faut {_any_of_hint(_schema(error))}"


def _other(path: tuple, value: Any, error: ValidationError) -> Explained:
    # a rule the schema gained later: still one plain line, never a traceback
    yield path, f"valeur refusée ({error.message})"


def _schema(error: ValidationError) -> dict[str, Any]:
    return error.schema if isinstance(error.schema, dict) else {}


_EXPLAIN = {
    "required": _required,
    "additionalProperties": _unknown_fields,
    "enum": _enum,
    "type": _type,
    "minItems": _size,
    "maxItems": _size,
    "minLength": _size,
    "uniqueItems": _unique,
    "minimum": _bound,
    "maximum": _bound,
    "pattern": _pattern,
    "anyOf": _any_of,
}


#: Field names are English (shared with other tools); trainers write them in French.
_FRENCH_FIELDS = {
    "titre": "title", "resume": "summary", "partie": "part", "ordre": "order", "rang": "order",
    "duree": "duration", "niveau": "level", "public": "audience", "objectifs": "objectives",
    "prerequis": "prerequisites", "methodes": "methods", "etudes_de_cas": "case_studies",
    "etudes-de-cas": "case_studies", "auteurs": "authors", "mise_a_jour": "updated", "licence": "licence",
    "remplace": "replaces", "materiel": "materials", "difficulte": "difficulty", "territoire": "territory",
    "departement": "department", "periode": "period", "coordonnees": "coordinates", "chiffres": "figures",
    "modules": "modules", "nom": "name", "collectivite": "organisation", "couleurs": "palette",
    "couleur": "palette", "selection": "selection", "adresse": "address", "courriel": "email",
}  # fmt: skip


def _plain(text: str) -> str:
    """Lower case, no accents: « Durée » and « duree » are the same mistake."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _meant_field(name: str, allowed: list[str]) -> str | None:
    """The allowed field an unknown one most likely stands for, if any."""
    french = _FRENCH_FIELDS.get(_plain(name))
    if french in allowed:
        return french
    close = difflib.get_close_matches(_plain(name), allowed, n=1, cutoff=0.75)
    return close[0] if close else None


def _pattern_message(path: tuple[str | int, ...], value: str, schema: dict[str, Any]) -> str:
    last = next((step for step in reversed(path) if isinstance(step, str)), "")
    if last == "duration":
        try:
            parse_duration(value, days_allowed="j|" in schema.get("pattern", ""))
        except DurationError as exc:
            return str(exc)
    if last == "code":
        return f"« {value} » n'est pas un code de département (01 à 19, 21 à 95, 2A, 2B, 971 à 974, 976) ; écrivez-le entre guillemets"
    if schema.get("pattern", "").startswith("^[a-z0-9]+"):
        return (
            f"« {value} » n'est pas un identifiant : minuscules sans accent, chiffres et tirets "
            "(par exemple entretien-collectif)"
        )
    if _DATE_PATTERN in schema.get("pattern", ""):
        return date_problem(value) or f"« {value} » n'a pas la forme attendue"
    if last in ("url", "site_url"):
        return f"« {value} » n'est pas une adresse web (elle doit commencer par https://)"
    if last == "email":
        return f"« {value} » n'est pas une adresse électronique complète (par exemple formation@collectivite.fr)"
    if schema.get("pattern") == "^#[0-9a-fA-F]{6}$":
        return (
            f'« {value} » n\'est pas une couleur : écrivez-la en hexadécimal, entre guillemets, par exemple "#1a5f7a"'
        )
    description = schema.get("description")
    if description:
        return f"« {value} » n'a pas la forme attendue : {_sentence(description)}"
    return f"« {value} » n'a pas la forme attendue"


#: The part of the schemas' pattern of a full date (definitions.schema.json#/$defs/date)
#: that tells it from other patterns.
_DATE_PATTERN = "[12][0-9]|3[01]"
ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
#: « 31/12/2026 », « 31.12.2026 », « 31-12-2026 »: a date written the French way round
_FRENCH_DATE = re.compile(r"([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})")
_HOW = "au format AAAA-MM-JJ (par exemple 2026-11-22)"


def date_problem(value: object) -> str | None:
    """What is wrong with ``value`` as a date, said to the person who wrote it; None
    when it is a day of the calendar written AAAA-MM-JJ."""
    if value is None:
        return f"vide : écrivez une date {_HOW}, ou supprimez la ligne"
    text = str(value).strip()
    if ISO_DATE.fullmatch(text):
        try:
            datetime.date.fromisoformat(text)
            return None
        except ValueError:
            return f"« {text} » n'existe pas dans le calendrier : vérifiez le jour et le mois (AAAA-MM-JJ)"
    french = _FRENCH_DATE.fullmatch(text)
    if french:
        day, month, year = (int(part) for part in french.groups())
        with contextlib.suppress(ValueError):
            return f"« {text} » : écrivez {datetime.date(year, month, day).isoformat()}, au format AAAA-MM-JJ"
    return f"« {text} » n'est pas une date {_HOW}"


def _any_of_message(value: Any, schema: dict[str, Any]) -> str:
    description = schema.get("description")
    if description:
        return f"« {_show(value)} » n'est pas valable : {_sentence(description)}"
    return f"« {_show(value)} » n'est pas une valeur valable"


def _any_of_hint(schema: dict[str, Any]) -> str:
    description = schema.get("description")
    return _sentence(description) if description else "une autre valeur"


def _sentence(description: str) -> str:
    """A schema description (« Couleur au format #1a5f7a. ») inside a message."""
    return description[0].lower() + description[1:].rstrip(".")


def _type_hint(value: Any, expected: str | list[str]) -> str:
    """How to write it, for the two mistakes hand-written YAML makes most."""
    if expected == "array" and isinstance(value, str):
        return f" : écrivez [{value}], ou un élément par ligne précédé de « - »"
    if expected == "string" and isinstance(value, int | float) and not isinstance(value, bool):
        return f' : écrivez-le entre guillemets ("{value}")'
    if expected == "string" and isinstance(value, dict) and len(value) == 1:
        # « - Décrire … : déployer » reads as a field named « Décrire … » with the value « déployer »
        return (
            " : le texte contient « : » suivi d'une espace, qui en fait un champ ; écrivez-le entre guillemets droits"
        )
    return ""


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
