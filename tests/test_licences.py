"""Licences and credits: licence files, publiccode.yml, the licence line of every
item page, and the credits page generated from the case studies' sources."""

from __future__ import annotations

import re
import tomllib
from html import unescape
from pathlib import Path

import yaml

from ecole.assembly.pages import date_text
from ecole.assembly.typography import french, quoted
from ecole.build import BuildResult
from ecole.model.licences import CONTENT_LICENCES, canonical_licence, licence, unknown_licence

ROOT = Path(__file__).resolve().parents[1]


def _text(markup: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", markup))


def test_licence_files() -> None:
    code = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert code.startswith("MIT License")
    assert "Les contributeurs de l'École de l'innovation publique" in code
    content = (ROOT / "LICENCE-CONTENU.md").read_text(encoding="utf-8")
    assert "https://www.etalab.gouv.fr/licence-ouverte-open-licence/" in content
    for folder in ("modules/", "case_studies/", "docs/"):
        assert f"`{folder}`" in content
    settings = yaml.safe_load((ROOT / "ecole.yml").read_text(encoding="utf-8"))
    assert settings["licence"] == "etalab-2.0"
    assert tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["license"] == "MIT"


def test_publiccode_yml() -> None:
    data = yaml.safe_load((ROOT / "publiccode.yml").read_text(encoding="utf-8"))
    for key in (
        "publiccodeYmlVersion", "name", "url", "softwareVersion", "releaseDate", "platforms", "categories",
        "developmentStatus", "softwareType", "description", "legal", "maintenance", "localisation",
    ):  # fmt: skip
        assert key in data, key
    assert data["publiccodeYmlVersion"] == "0.4"
    assert data["platforms"] == ["web"]
    assert data["developmentStatus"] in ("concept", "development", "beta", "stable", "obsolete")
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", data["releaseDate"])
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert data["softwareVersion"] == version
    french = data["description"]["fr"]
    assert len(french["shortDescription"]) <= 150
    assert 150 <= len(french["longDescription"]) <= 10000
    assert french["features"]
    assert data["legal"]["license"] == "MIT"
    assert data["maintenance"]["type"] in ("internal", "contract", "community", "none")
    assert data["localisation"]["availableLanguages"] == ["fr"]
    assert data["intendedAudience"]["countries"] == ["fr"]


def test_every_item_page_shows_its_licence_and_authors(built: BuildResult) -> None:
    curriculum = built.curriculum
    items = [*curriculum.modules.values(), *curriculum.methods.values(), *curriculum.case_studies.values()]
    for item in items:
        page = (built.site / item.url / "index.html").read_text(encoding="utf-8")
        line = re.search(r'<p class="ecole-licence">(.*?)</p>', page, re.DOTALL)
        assert line, item.url
        name, url = licence(item.licence)
        assert f'href="{url}"' in line.group(1), item.url
        words = _text(line.group(1))
        assert f"Licence\u00a0: {name}" in words  # French typography
        assert item.authors, f"{item.source.name} : aucun auteur (champ authors)"
        assert "Auteurs\u00a0: " + ", ".join(item.authors) in words
        if item.updated:
            assert date_text(item.updated) in words


def test_credits_list_every_source_once(built: BuildResult) -> None:
    page = _text((built.site / "credits" / "index.html").read_text(encoding="utf-8"))
    sources = {
        (source.publisher, source.title) for case in built.curriculum.case_studies.values() for source in case.sources
    }
    assert sources
    for publisher, title in sources:
        assert page.count(french(f"{publisher}, {quoted(title)}")) == 1, title
    for case in built.curriculum.case_studies.values():
        assert french(case.title) in page


def test_credits_name_every_dependency() -> None:
    """The tools table is written by hand: each runtime dependency must be credited."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = project["dependencies"]
    credits = (ROOT / "docs" / "credits.md").read_text(encoding="utf-8")
    for requirement in requirements:
        name = re.match(r"[A-Za-z0-9_.-]+", requirement).group(0)
        assert f"`{name}`" in credits, f"docs/credits.md : ajoutez {name} (et sa licence) au tableau des logiciels"


def test_a_licence_is_one_the_tool_can_name() -> None:
    """An SPDX identifier in any case is the tool's spelling; one it cannot name is refused,
    with the closest content licence and never the code's (MIT)."""
    assert canonical_licence("cc-by-4.0") == "CC-BY-4.0" and unknown_licence("Etalab-2.0") is None
    assert unknown_licence("CC0-1.0") is None and unknown_licence("CC-BY-NC-SA-4.0") is None
    message = unknown_licence("CC-BY")
    assert message is not None and "vouliez-vous dire « CC-BY-4.0 » ? Licences possibles" in message
    assert "MIT" not in message and all(name in message for name in CONTENT_LICENCES)
    assert licence("CC-BY-NC-4.0").url.startswith("https://creativecommons.org/licenses/by-nc/4.0/")
