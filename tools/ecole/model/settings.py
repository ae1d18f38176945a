"""Settings of an edition: ``ecole.yml`` at the root, or ``editions/<id>/edition.yml``.

The reference edition and territory editions share one schema, so that what a
trainer learns from one file applies to the other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .audit import AUDIT_FILE, audit_variables, load_audit
from .diagnostics import Report
from .frontmatter import read_text
from .licences import canonical_licence, unknown_licence
from .macros import render
from .schemas import field_name, schema_errors
from .yamlsource import YamlDocument, YamlSyntaxError, parse_yaml

DEFAULT_PRIMARY = "#1f5b6e"
DEFAULT_ACCENT = "#b34700"


@dataclass
class Settings:
    name: str
    description: str
    territory: str
    territory_type: str | None
    organisation: str
    organisation_url: str | None
    contact: dict[str, str]
    licence: str
    default_path: str | None
    access: str
    price: str
    accessibility_contact: str
    source: Path
    edition: str | None = None  # id of the territory edition, None for the reference one
    logo: Path | None = None
    primary: str = DEFAULT_PRIMARY
    accent: str = DEFAULT_ACCENT
    selection: dict[str, list[str]] = field(default_factory=dict)
    #: upstream pages (``pages``, paths in docs/) and paths (``parcours``, ids) the edition leaves out
    hide: dict[str, list[str]] = field(default_factory=dict)
    site_url: str | None = None
    document: YamlDocument | None = None
    territory_article: str | None = None
    organisation_article: str | None = None
    #: the edition's RGAA audit grid (:mod:`ecole.model.audit`), None when it has none
    audit: Any = None

    def variables(self) -> dict[str, Any]:
        """What ``{{ … }}`` may name in content that opts in to territory variables.

        Names come with their article, as they are written inside a sentence
        (« le Département de la Creuse »); :mod:`ecole.model.french` contracts them.
        """
        return {
            "territoire": {"nom": _in_sentence(self.territory_article, self.territory)},
            "collectivite": {"nom": _in_sentence(self.organisation_article, self.organisation)},
            # edition: whether the site is an edition, whose statement may not claim the
            # reference's own checks as its own
            "ecole": {"nom": self.name, "description": self.description, "edition": self.edition is not None},
            # for the accessibility statement's "retour d'information et contact"
            "contact": {"service": "", "email": "", "url": "", "address": "", **self.contact},
            # the statement's status and rate, computed from the audit grid, never typed
            "audit": audit_variables(self.audit),
        }

    @property
    def logo_uri(self) -> str | None:
        """The logo's ``file://`` address, for the printed documents that show it."""
        return self.logo.resolve().as_uri() if self.logo is not None else None

    @property
    def publisher(self) -> str:
        """Who publishes and delivers the course: an edition's authority; the reference, which
        no authority publishes (its texts say « votre collectivité »), the school itself."""
        return self.organisation if self.edition else self.name

    @property
    def byline(self) -> str:
        """« École … — Département de la Creuse »: who a printed document comes from, at its
        head or foot; the reference gives its name alone."""
        return f"{self.name} — {self.publisher}" if self.edition else self.name

    @property
    def of_organisation(self) -> str:
        """« du Département de la Creuse »: the organisation's name as it follows « édition »
        in a sentence, in the site's footer and on the booklets' covers."""
        return render("de {{ collectivite.nom }}", self.variables())


def _in_sentence(article: str | None, name: str) -> str:
    if article is None:
        return name
    return f"{article}{name}" if article.endswith("'") else f"{article} {name}"


#: What ``ecole new edition`` writes for the author to replace (``templates/new-edition.yml``),
#: found anywhere in the field, with what to write instead. The reference ecole.yml keeps
#: these generic names on purpose.
PLACEHOLDERS = {
    ("territory", "name"): (
        "votre territoire",
        "écrivez le nom de votre territoire, par exemple Creuse (avec article: la)",
    ),
    ("organisation", "name"): (
        "votre collectivité",
        "écrivez le nom de la collectivité qui publie l'édition, par exemple Département de la Creuse "
        "(avec article: le)",
    ),
    # the home page's first sentence, and the summary search engines show
    ("description",): (
        "votre collectivité",
        "dites qui votre édition forme, par exemple « pour les agents du Département de la Creuse »",
    ),
}


def _check_placeholders(path: Path, document: YamlDocument, data: dict[str, Any], report: Report) -> None:
    """An edition's settings fresh from ``ecole new edition`` are valid, and could be
    published as they are: their example texts are errors until the author replaces them."""
    for where, (placeholder, advice) in PLACEHOLDERS.items():
        value: Any = data
        for key in where:
            value = value.get(key) if isinstance(value, dict) else None
        found = value.lower().find(placeholder) if isinstance(value, str) else -1
        if found >= 0:
            report.error(
                path,
                document.line_of(list(where)),
                field_name(list(where)),
                f"texte d'exemple laissé en place (« {value[found : found + len(placeholder)]} ») : {advice}",
            )


#: Words of a service's address (formation@…, ecole.innovation@…), never of a person's name.
_GENERIC_WORDS = frozenset(
    [
        "accueil",
        "contact",
        "contacts",
        "ecole",
        "formation",
        "formations",
        "info",
        "infos",
        "innovation",
        "labo",
        "mission",
        "rh",
        "drh",
        "service",
        "services",
        "secretariat",
        "direction",
        "cnfpt",
        "courrier",
        "mairie",
        "public",
    ]
)
#: ``prenom.nom@…`` or ``prenom-nom@…``: two or three words of letters joined by dots or hyphens.
_PERSON_LIKE = re.compile(r"^[a-zà-ÿ]{2,}(?:[.-][a-zà-ÿ]{2,}){1,2}$")


def _check_personal_address(path: Path, document: YamlDocument, data: dict, report: Report) -> None:
    """A contact address shaped like a person's (``jean.dupont@…``) is a warning: the
    site is public, and a service's generic address outlives the person (never an error,
    since the tool cannot know a name from a service's)."""
    address = data.get("contact", {}).get("email")
    local = address.split("@", 1)[0].lower() if isinstance(address, str) else ""
    if _PERSON_LIKE.match(local) and not set(re.split(r"[.-]", local)) & _GENERIC_WORDS:
        report.warning(
            path,
            document.line_of(["contact", "email"]),
            "contact.email",
            f"« {address} » ressemble à l'adresse d'une personne : donnez l'adresse générique d'un "
            "service (par exemple formation@…), qui reste valable quand les agents changent",
        )


def load_settings(path: Path, report: Report, *, edition: str | None = None) -> Settings | None:
    text = read_text(path, report)
    if text is None:
        return None
    try:
        document = parse_yaml(text, first_line=1)
    except YamlSyntaxError as exc:
        report.error(path, exc.line, "réglages", str(exc))
        return None
    data = document.data
    if not isinstance(data, dict):
        message = (
            "fichier vide : écrivez-y les réglages, un champ « nom: valeur » par ligne"
            if data is None
            else "le fichier doit être une suite de champs « nom: valeur »"
        )
        report.error(path, 1, "réglages", message)
        return None
    failed = False
    for where, message in schema_errors("edition", data):
        report.error(path, document.line_of(where), field_name(where), message)
        failed = True
    if failed:
        return None
    if edition is not None:
        _check_placeholders(path, document, data, report)
    _check_personal_address(path, document, data, report)
    if problem := unknown_licence(data.get("licence")):
        report.error(path, document.line_of(["licence"]), "licence", problem)
    palette = data.get("palette", {})
    logo = (path.parent / data["logo"]) if "logo" in data else None
    if logo is not None and not logo.is_file():
        # the path is read from the settings' folder, which a trainer may not guess
        folder = "du dossier de l'édition" if edition is not None else "de la racine du projet"
        report.error(
            path,
            document.line_of(["logo"]),
            "logo",
            f"fichier introuvable : {data['logo']} (le chemin part {folder}, où se trouve {path.name}) ; "
            "placez-y le fichier ou corrigez le chemin",
        )
    # The grid belongs to the site it audited, next to its settings: an edition has an
    # audit only with a grid of its own (editions/<id>/docs/accessibilite/audit-rgaa.yml).
    grid = path.parent / "docs" / AUDIT_FILE
    audit = load_audit(grid, report) if grid.is_file() else None
    return Settings(
        audit=audit,
        name=data["name"],
        description=data.get("description", ""),
        territory=data["territory"]["name"],
        territory_type=data["territory"].get("type"),
        organisation=data["organisation"]["name"],
        organisation_url=data["organisation"].get("url"),
        contact=data["contact"],
        licence=canonical_licence(data.get("licence", "etalab-2.0")),
        default_path=data.get("default_path"),
        access=data.get("access", ""),
        price=data.get("price", ""),
        accessibility_contact=data.get("accessibility_contact", ""),
        source=path,
        edition=edition,
        logo=logo,
        primary=palette.get("primary", DEFAULT_PRIMARY),
        accent=palette.get("accent", DEFAULT_ACCENT),
        selection=data.get("selection", {}),
        hide=data.get("hide", {}),
        site_url=data.get("site_url"),
        document=document,
        territory_article=data["territory"].get("article"),
        organisation_article=data["organisation"].get("article"),
    )
