"""Catalogue data for republishers: catalogue.json against its published schema,
the CSV with the same rows, and the schema.org JSON-LD of every module page."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest

from ecole.assembly.facts import date_text
from ecole.assembly.jsonld import jsonld_script, module_jsonld
from ecole.assembly.typography import french
from ecole.build import BuildResult
from ecole.model.learning import WHOLE_CURRICULUM
from ecole.model.licences import licence


@pytest.fixture(scope="module")
def catalogue(site: Path) -> dict:
    return json.loads((site / "exports" / "catalogue.json").read_text(encoding="utf-8"))


def test_catalogue_is_valid_against_the_published_schema(site: Path, catalogue: dict) -> None:
    schema = json.loads((site / "exports" / "schemas" / "catalogue.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(catalogue)


def test_catalogue_schema_rejects_an_entry_without_its_date(site: Path, catalogue: dict) -> None:
    schema = json.loads((site / "exports" / "schemas" / "catalogue.schema.json").read_text(encoding="utf-8"))
    broken = json.loads(json.dumps(catalogue))
    del broken["methods"][0]["updated"]
    broken["modules"][0]["surprise"] = True
    messages = [error.message for error in jsonschema.Draft202012Validator(schema).iter_errors(broken)]
    assert "'updated' is a required property" in messages
    assert any("'surprise' was unexpected" in message for message in messages)


def test_catalogue_lists_every_item(built: BuildResult, catalogue: dict) -> None:
    curriculum = built.curriculum
    assert [e["id"] for e in catalogue["modules"]] == [m.id for m in curriculum.ordered_modules()]
    assert {e["id"] for e in catalogue["methods"]} == set(curriculum.methods)
    assert {e["id"] for e in catalogue["case_studies"]} == set(curriculum.case_studies)
    assert [e["id"] for e in catalogue["paths"]] == [p.id for p in curriculum.learning_paths]
    for entry in catalogue["modules"]:
        module = curriculum.modules[entry["id"]]
        assert entry["duration"] == {"minutes": module.duration, "iso8601": module.duration_iso}
        assert entry["objectives"] == [french(objective) for objective in module.objectives]
        assert entry["title"] == french(module.title)
        assert (built.site / entry["programme_sheet"]).is_file()
        assert entry["audience"] == module.audience
        assert entry["prerequisites"] == module.prerequisites
        assert (built.site / entry["url"] / "index.html").is_file()
    # the reference's « votre collectivité » is what its texts say, not a publisher
    assert catalogue["organisation"] is None and catalogue["edition"] is None
    complete = next(e for e in catalogue["paths"] if e["id"] == "cursus-complet")
    assert complete["duration"]["minutes"] == curriculum.total_minutes
    assert complete["prerequisites"] == []


def test_programme_sheets_give_the_catalogues_dates(site: Path, catalogue: dict) -> None:
    """A path's sheet said « mis à jour » on the day of the build while the catalogue gave its
    modules' last update: both come from one rule now (Curriculum.last_update)."""
    for entry in catalogue["paths"]:
        # the whole cursus's sheet is the programmes' index page
        folder = "" if entry["id"] == WHOLE_CURRICULUM else f"parcours/{entry['id']}/"
        page = (site / "programmes" / folder / "index.html").read_text(encoding="utf-8")
        shown = re.search(r'id="date-de-mise-a-jour">[^<]*</h2>\s*<p>([^<]*)\.</p>', page)
        assert shown, entry["id"]
        assert shown[1] == date_text(entry["updated"]), entry["id"]


def test_a_training_session_gives_its_time_in_the_room(built: BuildResult, catalogue: dict) -> None:
    """The catalogue gave a three-day programme its modules' 17 h, its sheet « 3 journées
    (21 h de formation, dont 17 h de modules) »: both times are in the catalogue."""
    paths = {path.id: path for path in built.curriculum.learning_paths}
    scheduled = [entry for entry in catalogue["paths"] if paths[entry["id"]].schedule]
    assert scheduled
    for entry in catalogue["paths"]:
        path = paths[entry["id"]]
        if path.schedule:
            assert entry["training_duration"]["minutes"] == path.training_minutes > entry["duration"]["minutes"]
        else:
            assert "training_duration" not in entry


def test_catalogue_gives_what_the_programme_sheets_give(built: BuildResult, catalogue: dict) -> None:
    """A training body copies offers into its catalogue: the conditions every sheet states
    (access, price, accessibility, contact), and each offer's sheet, are in the data too."""
    settings = built.curriculum.settings
    assert catalogue["access"] == french(settings.access)
    assert catalogue["price"] == french(settings.price)
    assert catalogue["accessibility_contact"] == french(settings.accessibility_contact)
    assert catalogue["contact"] == settings.contact
    for entry in catalogue["paths"]:
        assert (built.site / entry["programme_sheet"]).is_file(), entry["id"]
    for entry in catalogue["modules"]:
        assert entry["programme_sheet"] == f"exports/pdf/programmes/{entry['id']}.pdf"


def test_csv_gives_a_sessions_time_and_the_conditions_of_each_offer(site: Path, catalogue: dict) -> None:
    """The CSV gave a three-day programme only its modules' 17 h, and none of the conditions."""
    raw = (site / "exports" / "catalogue.csv").read_bytes()
    rows = {
        (row["type"], row["id"]): row
        for row in csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";")
    }
    for entry in catalogue["paths"]:
        row = rows["parcours", entry["id"]]
        assert row["modules"].split(" | ") == entry["modules"]
        assert row["duree_formation_minutes"] == str(entry.get("training_duration", {}).get("minutes", ""))
        assert row["fiche_programme"] == entry["programme_sheet"]
        assert row["acces"] == catalogue["access"] and row["tarif"] == catalogue["price"]
        assert row["contact"].startswith(catalogue["contact"]["service"])
    assert any(row["duree_formation_minutes"] for (kind, _), row in rows.items() if kind == "parcours")
    for (kind, identifier), row in rows.items():
        offer = kind in ("module", "parcours")
        assert bool(row["acces"]) == offer and bool(row["fiche_programme"]) == offer, identifier


def test_csv_has_the_same_rows_as_the_json(site: Path, catalogue: dict) -> None:
    raw = (site / "exports" / "catalogue.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "BOM expected, for spreadsheet programs"
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))
    expected = [
        (kind, entry)
        for key, kind in (
            ("modules", "module"),
            ("methods", "fiche méthode"),
            ("case_studies", "étude de cas"),
            ("paths", "parcours"),
        )
        for entry in catalogue[key]
    ]
    assert [(row["type"], row["id"]) for row in rows] == [(kind, entry["id"]) for kind, entry in expected]
    for row, (_, entry) in zip(rows, expected, strict=True):
        assert row["titre"] == entry["title"]
        assert row["mise_a_jour"] == entry["updated"]
        # the licence named, and where its text is, for a spreadsheet read on its own
        assert (row["licence"], row["licence_nom"], row["licence_url"]) == (
            entry["licence"],
            entry["licence_name"],
            entry["licence_url"],
        )
        assert row["licence_nom"] and row["licence_url"].startswith("https://")
        assert row["duree_minutes"] == str(entry.get("duration", {}).get("minutes", ""))
        assert row["objectifs"].split(" | ") == (entry.get("objectives") or [""])
        # a method sheet's difficulty: the column was empty for the 14 sheets
        assert row["niveau"] == entry.get("level", entry.get("difficulty", "")), entry["id"]
        if "difficulty" in entry:
            assert row["niveau"], entry["id"]


class _JsonLd(HTMLParser):
    """Collects the text of every ``<script type="application/ld+json">``."""

    def __init__(self) -> None:
        super().__init__()
        self.blocks: list[str] = []
        self._inside = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script" and ("type", "application/ld+json") in attrs:
            self._inside = True
            self.blocks.append("")

    def handle_endtag(self, tag: str) -> None:
        self._inside = self._inside and tag != "script"

    def handle_data(self, data: str) -> None:
        if self._inside:
            self.blocks[-1] += data


def test_json_ld_parses_on_every_module_page(built: BuildResult) -> None:
    curriculum = built.curriculum
    for module in curriculum.modules.values():
        parser = _JsonLd()
        parser.feed((built.site / module.url / "index.html").read_text(encoding="utf-8"))
        assert len(parser.blocks) == 1, module.id
        data = json.loads(parser.blocks[0])
        assert data["@context"] == "https://schema.org"
        assert data["@type"] == "Course"
        assert data["name"] == module.title
        assert data["description"] == module.summary
        assert data["teaches"] == module.objectives
        assert data["timeRequired"] == module.duration_iso
        assert data["inLanguage"] == "fr"
        assert data["license"] == licence(module.licence).url
        assert data["isPartOf"]["name"] == curriculum.settings.name
        assert data["educationalLevel"]
        assert len(data["audience"]) == len(module.audience)
        assert all(a["@type"] == "EducationalAudience" for a in data["audience"])
        assert [p["courseCode"] for p in data["coursePrerequisites"]] == module.prerequisites
        # relative addresses resolve, from the page, to real pages of the site
        page = built.site / module.url
        for url in [data["url"], data["isPartOf"]["url"], *(p["url"] for p in data["coursePrerequisites"])]:
            assert (page / url / "index.html").resolve().is_file(), (module.id, url)


def test_json_ld_addresses_are_absolute_when_the_site_address_is_known(built: BuildResult) -> None:
    curriculum = built.curriculum
    settings = dataclasses.replace(curriculum.settings, site_url="https://formation.exemple.fr/")
    module = curriculum.modules["irritants-et-personas"]
    data = module_jsonld(dataclasses.replace(curriculum, settings=settings), module)
    assert data["url"] == "https://formation.exemple.fr/modules/irritants-et-personas/"
    assert data["isPartOf"]["url"] == "https://formation.exemple.fr/parcours/cursus-complet/"


def test_json_ld_cannot_be_closed_by_content() -> None:
    script = jsonld_script({"name": "</script><script>alert(1)</script> & co"})
    assert script.count("</script>") == 1
    assert json.loads(script.removeprefix('<script type="application/ld+json">').removesuffix("</script>")) == {
        "name": "</script><script>alert(1)</script> & co"
    }


def test_json_ld_names_the_authority_that_delivers_an_edition(built: BuildResult) -> None:
    """A trainer's edition told search engines that its provider was the course's title, not
    her authority; the reference, which no authority publishes, names the school."""
    curriculum = built.curriculum
    module = curriculum.ordered_modules()[0]
    assert module_jsonld(curriculum, module)["provider"]["name"] == curriculum.settings.name
    settings = dataclasses.replace(
        curriculum.settings, edition="val-de-brume", organisation="Communauté de communes du Val-de-Brume"
    )
    data = module_jsonld(dataclasses.replace(curriculum, settings=settings), module)
    assert data["provider"]["name"] == data["publisher"]["name"] == "Communauté de communes du Val-de-Brume"
