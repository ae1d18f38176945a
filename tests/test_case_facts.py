"""The facts of a case study's header against its seed text (issue 13).

Every method, organisation, place and date a case's front matter states is either
found in the seed text it draws on (compared without accents, case, hyphens or
punctuation), or named in its ``project_reading``: the project's own reading, which
the page shows as such. A method needs more: the passage of the seed that names it,
quoted in the front matter; the page and the method cards list no other method.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest
import yaml

from ecole.assembly.facts import case_facts
from ecole.assembly.france_map import france_map_svg
from ecole.errors import ContentError
from ecole.exports.catalogue import catalogue
from ecole.model.curriculum import load_curriculum
from ecole.model.project import Project
from ecole.model.structure import READING_FIELDS, READING_MARK, TERRITORY_TYPE_LABELS, Curriculum
from test_curriculum import CASE_SEEDS

ROOT = Path(__file__).resolve().parents[1]
MONTHS = [
    "janvier", "fevrier", "mars", "avril", "mai", "juin",
    "juillet", "aout", "septembre", "octobre", "novembre", "decembre",
]  # fmt: skip
#: What a publisher says when the seed names none.
NO_PUBLISHER = "non précisé par la source"


def normalise(text: str) -> str:
    """Lower case, no accents, words separated by one space: « Val-d’Oise » -> ``val d oise``."""
    text = text.replace("œ", "oe").replace("Œ", "oe").replace("æ", "ae")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return " ".join(re.findall(r"[a-z0-9]+", text))


def found(value: str, seed: str) -> bool:
    """Whether ``value`` stands in ``seed`` as whole words, once both are normalised."""
    words = normalise(value)
    return bool(words) and f" {words} " in f" {normalise(seed)} "


def organisation_found(name: str, seed: str) -> bool:
    """``ZIP Val d'Oise (laboratoire d'innovation)``: the name and what its brackets
    say must each stand in the seed (« laboratoire d'innovation ZIP Val d'Oise »)."""
    parts = [part for part in re.split(r"[()]", name) if normalise(part)]
    return all(found(part, seed) for part in parts)


def date_found(value: Any, seed: str) -> bool:
    """``2018-02-12``: « 12 février 2018 » or « 12/02/2018 » in the seed; ``2018-02``: the
    month's name and the year; ``2018``: the year."""
    parts = str(value).split("-")
    year = parts[0]
    if len(parts) == 3:
        day, month = int(parts[2]), int(parts[1])
        spelled = f"{'1er' if day == 1 else day} {MONTHS[month - 1]} {year}"
        return found(spelled, seed) or f"{parts[2]}/{parts[1]}/{year}" in seed
    if len(parts) == 2:
        return found(MONTHS[int(parts[1]) - 1], seed) and found(year, seed)
    return found(year, seed)


def event_date_found(value: Any, seed: str) -> bool:
    """A date as :func:`date_found` finds it, or a day the seed gives without its year
    (« le 7 février dernier ») in a seed that names that year."""
    parts = str(value).split("-")
    if date_found(value, seed):
        return True
    if len(parts) != 3:
        return False
    day, month = int(parts[2]), int(parts[1])
    return found(f"{'1er' if day == 1 else day} {MONTHS[month - 1]}", seed) and found(parts[0], seed)


def front_matter(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    match = re.match(r"\A---\n(.*?)\n---\n", text, re.S)
    assert match, path
    return yaml.safe_load(match.group(1))


def method_title(method_id: str) -> str:
    return str(front_matter(ROOT / "modules" / "methodes" / f"{method_id}.md")["title"])


def stems(text: str) -> set[str]:
    """The first five letters of each word of five letters or more."""
    return {word[:5] for word in normalise(text).split() if len(word) >= 5}


def unsupported(data: dict[str, Any], seed: str) -> list[str]:
    """What the front matter ``data`` states that ``seed`` does not give and that is not
    marked as the project's reading, one line per fact."""
    readings = data.get("project_reading", {})
    out = []

    def check(name: str, ok: bool, what: str) -> None:
        if not ok and name not in readings:
            out.append(f"{name}: {what}")

    check("territory", found(data["territory"], seed), data["territory"])
    if "department" in data:
        check("department", found(data["department"]["name"], seed), data["department"]["name"])
    if "territory_type" in data:
        label = TERRITORY_TYPE_LABELS[data["territory_type"]]
        check("territory_type", found(label, seed), label)
    if "coordinates" in data:
        latitude, longitude = (str(number) for number in data["coordinates"])
        check("coordinates", latitude in seed and longitude in seed, f"{latitude}, {longitude}")
    period = data.get("period", "inconnue")
    if period != "inconnue":
        for end in ("start", "end"):
            check("period", date_found(period[end], seed), f"{end} {period[end]}")
    for name in data.get("organisations", []):
        check("organisations", organisation_found(name, seed), name)
    for source in data["sources"]:
        publisher = source["publisher"]
        if READING_MARK not in publisher and NO_PUBLISHER not in publisher:
            check("publisher", organisation_found(publisher, seed), publisher)
        if source["date"] != "inconnue":
            check("source date", date_found(source["date"], seed), str(source["date"]))
    for event in data.get("events", []):
        check("events", event_date_found(event["date"], seed), f"{event['date']} {event['label']}")
    for entry in data.get("methods", []):
        if isinstance(entry, str):
            out.append(f"methods: « {entry} » sans le passage de la source qui la nomme")
            continue
        quotes = [entry["source"]] if isinstance(entry["source"], str) else entry["source"]
        for quote in quotes:
            if not found(quote, seed):
                out.append(f"methods: « {entry['id']} » : passage absent de la source : « {quote} »")
        if not stems(method_title(entry["id"])) & stems(" ".join(quotes)):
            out.append(f"methods: « {entry['id']} » : le passage cité ne nomme pas « {method_title(entry['id'])} »")
    return out


@pytest.fixture(scope="module")
def curriculum(project: Project) -> Curriculum:
    return load_curriculum(project)[0]


def test_every_case_has_its_seed() -> None:
    assert {path.stem for path in (ROOT / "case_studies").glob("*.md")} == set(CASE_SEEDS)


def seeded_cases() -> dict[str, tuple[Path, str]]:
    """Case study -> (its file, its seed): the curriculum's cases, and the editions'
    cases that stand in for one of them (``replaces``), told from the same seed."""
    out = {case_id: (ROOT / "case_studies" / f"{case_id}.md", seed) for case_id, seed in CASE_SEEDS.items()}
    for path in sorted(ROOT.glob("editions/*/case_studies/*.md")):
        replaces = front_matter(path).get("replaces")
        if replaces in CASE_SEEDS:
            out[str(path.relative_to(ROOT))] = (path, CASE_SEEDS[replaces])
    return out


SEEDED = seeded_cases()


def test_the_example_edition_case_is_checked_too() -> None:
    assert "editions/departement-exemple/case_studies/aux-origines-du-cursus.md" in SEEDED


@pytest.mark.parametrize("case", sorted(SEEDED))
def test_case_front_matter_states_only_its_seed_or_marked_readings(seeds: Path, case: str) -> None:
    path, seed_file = SEEDED[case]
    seed = (seeds / seed_file).read_text(encoding="utf-8")
    assert unsupported(front_matter(path), seed) == []


def test_the_check_catches_what_a_seed_does_not_give(seeds: Path) -> None:
    """The facts issue 13 found, written back into a case, are each reported."""
    seed = (seeds / CASE_SEEDS["cahors-carte-blanche"]).read_text(encoding="utf-8")
    data = front_matter(ROOT / "case_studies" / "cahors-carte-blanche.md")
    data.pop("project_reading")
    data["territory_type"] = "rural"
    data["period"] = {"start": "2018-01", "end": "2018-12"}
    data["organisations"].append("Préfecture du Lot")
    data["sources"][0]["publisher"] = "Préfecture du Lot"
    data["methods"] += [
        "carte-irritants",
        {"id": "voyage-etudes", "source": "un voyage d'études à Cahors"},
        {"id": "persona", "source": "30 entretiens collectifs"},
    ]
    assert unsupported(data, seed) == [
        "department: Lot",
        "territory_type: Rural",
        "coordinates: 44.4475, 1.4419",
        "period: end 2018-12",
        "organisations: Préfecture du Lot",
        "publisher: Préfecture du Lot",
        "methods: « carte-irritants » sans le passage de la source qui la nomme",
        "methods: « voyage-etudes » : passage absent de la source : « un voyage d'études à Cahors »",
        "methods: « persona » : le passage cité ne nomme pas « Persona »",
    ]


def test_an_event_dated_outside_its_seed_is_reported(seeds: Path) -> None:
    """The timeline shows only dates the seed gives: the promised end of 2018 is an aim,
    not an event, and no day of March is in the seed."""
    seed = (seeds / CASE_SEEDS["cahors-carte-blanche"]).read_text(encoding="utf-8")
    data = front_matter(ROOT / "case_studies" / "cahors-carte-blanche.md")
    assert data["events"] and not unsupported(data, seed)
    data["events"] += [
        {"date": "2018-12", "label": "Promesses tenues"},
        {"date": "2018-03-15", "label": "Premier prototype"},
        {"date": "2019", "label": "Bilan"},
    ]
    assert unsupported(data, seed) == [
        "events: 2018-12 Promesses tenues",
        "events: 2018-03-15 Premier prototype",
        "events: 2019 Bilan",
    ]
    assert event_date_found("2018-02-07", seed) and not event_date_found("2017-02-07", seed)


def test_normalised_matching() -> None:
    seed = "le laboratoire d’innovation ZIP Val d'Oise, Publié le 12/06/2014, dans le cœur de la ville"
    assert found("Val-d'Oise", seed) and found("COEUR de la", seed)
    assert not found("Val", "Valence") and not found("", seed)
    assert organisation_found("ZIP Val d'Oise (laboratoire d'innovation)", seed)
    assert not organisation_found("ZIP Val d'Oise (laboratoire éphémère)", seed)
    assert date_found("2014-06-12", seed) and date_found("2014", seed)
    assert not date_found("2014-07-12", seed) and not date_found("2014-07", seed)


@pytest.mark.parametrize("case_id", sorted(CASE_SEEDS))
def test_methods_of_a_case_are_those_its_seed_names(curriculum: Curriculum, seeds: Path, case_id: str) -> None:
    """No « Méthodes » claim, on the case page or on a method card, without its passage in the seed."""
    seed = (seeds / CASE_SEEDS[case_id]).read_text(encoding="utf-8")
    case = curriculum.case_studies[case_id]
    claimed = {method for method in curriculum.methods if case in curriculum.cases_of_method(method)}
    assert claimed == set(case.methods)
    for method in claimed:
        assert case.method_sources.get(method), f"{case_id}: {method} sans passage de la source"
        assert all(found(quote, seed) for quote in case.method_sources[method]), (case_id, method)


def test_method_cards_list_only_the_cases_that_name_them(curriculum: Curriculum) -> None:
    """A card naming a case in its own ``case_studies`` does not make the case use it."""
    for method in curriculum.methods.values():
        for case in curriculum.cases_of_method(method.id):
            assert method.id in case.methods, (method.id, case.id)
        for case_id in method.case_studies:
            case = curriculum.case_studies.get(case_id)
            if case is not None and method.id not in case.methods:
                assert case not in curriculum.cases_of_method(method.id)


@pytest.mark.parametrize("case_id", sorted(CASE_SEEDS))
def test_each_reading_is_shown_as_such(curriculum: Curriculum, case_id: str) -> None:
    case = curriculum.case_studies[case_id]
    facts = dict(case_facts(case))
    shown = {"territory": "Territoire", "department": "Département", "territory_type": "Type de territoire"}
    shown["period"] = "Période"
    for name, label in shown.items():
        if label in facts:
            assert (READING_MARK in facts[label]) == (name in case.readings), (case_id, name)
    if case.readings:
        explained = facts[READING_MARK.capitalize()]
        for name, note in case.readings.items():
            assert f"{READING_FIELDS[name]} : {note.rstrip('.')}" in explained, (case_id, name)
    else:
        assert READING_MARK.capitalize() not in facts
    legend = france_map_svg([case], lambda c: c.id).replace("\xa0", " ")  # French typography
    if case.placed:
        assert (f"emplacement : {READING_MARK}" in legend) == ("coordinates" in case.readings), case_id


def test_optional_facts_are_left_out(project_copy: Project) -> None:
    """A case that gives only what its seed says loads, and says nothing of the rest."""
    path = project_copy.root / "case_studies" / "val-d-oise-zip.md"
    text = path.read_text(encoding="utf-8")
    for field in ("department", "coordinates", "period", "organisations"):
        text = re.sub(rf"^{field}:.*\n(  - .*\n)*", "", text, count=1, flags=re.M)
    text = re.sub(r"^project_reading:\n(  .*\n)*", "", text, count=1, flags=re.M)
    path.write_text(text, encoding="utf-8")
    curriculum, report = load_curriculum(project_copy)
    assert report.errors == []
    case = curriculum.case_studies["val-d-oise-zip"]
    assert (case.department_name, case.territory_type, case.placed, case.organisations) == (None, None, False, [])
    assert case_facts(case) == [("Territoire", "Val-d'Oise"), ("Période", "non précisée par la source")]
    others = [c for c in curriculum.case_studies.values() if c.placed]
    legend = france_map_svg([case, *others], lambda c: c.id)
    assert "val-d-oise-zip" not in legend and all(f'href="{c.id}/"' in legend for c in others)


def test_a_reading_of_an_absent_field_is_an_error(project_copy: Project) -> None:
    path = project_copy.root / "case_studies" / "sceaux-up-sceaux.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("project_reading:\n", "project_reading:\n  territory_type: un type supposé\n"), "utf-8"
    )
    with pytest.raises(ContentError) as caught:
        load_curriculum(project_copy)
    assert [d.field for d in caught.value.diagnostics] == ["project_reading.territory_type"]


def test_the_catalogue_publishes_the_same_links_and_their_passages(curriculum: Curriculum) -> None:
    """Republishers read the method cards' case studies from the catalogue: the same
    cases as on the cards, and each case's methods with the passages that name them."""
    data = catalogue(curriculum)
    for entry in data["methods"]:
        assert entry["case_studies"] == [case.id for case in curriculum.cases_of_method(entry["id"])], entry["id"]
    for entry in data["case_studies"]:
        assert sorted(entry["method_sources"]) == sorted(entry["methods"]), entry["id"]
        assert entry["project_reading"] == curriculum.case_studies[entry["id"]].readings


def test_a_departments_name_and_code_must_agree() -> None:
    """The code places a case on the map, the name is what its page says: the template's
    sample code left under a new name put an Ardèche case in the Creuse without a word."""
    from ecole.model.departments import DEPARTMENTS, mismatch

    assert len(DEPARTMENTS) == 101
    assert all(mismatch(name, code) is None for code, name in DEPARTMENTS.items())
    assert mismatch("la Creuse", "23") is None and mismatch("cote d'or", "21") is None
    assert mismatch("Réunion", "974") is None and mismatch("Corse-du-Sud", "2a") is None
    assert mismatch("Ardèche", "23") == (
        "le code 23 désigne le département « Creuse » ; « Ardèche » a le code 07 : corrigez le nom ou le code"
    )
    assert "et non « Bocage »" in mismatch("Bocage", "23")
    assert "n'est le code d'aucun département" in mismatch("Corse", "20")
