"""Licences by SPDX identifier: the French name a reader sees and the URL of the text.

Pages, the catalogue, the schema.org metadata and the credits page all name
licences; they read them here so that they agree.
"""

from __future__ import annotations

import difflib
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path
from typing import NamedTuple


class Licence(NamedTuple):
    name: str
    url: str


#: Licence Ouverte / Etalab 2.0 and ODbL are the two licences French administrations
#: may use without homologation; the Creative Commons ones are common in training.
LICENCES = {
    "etalab-2.0": Licence("Licence Ouverte / Etalab 2.0", "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"),
    "ODbL-1.0": Licence("Open Database License 1.0", "https://opendatacommons.org/licenses/odbl/1-0/"),
    "CC-BY-4.0": Licence("Creative Commons Attribution 4.0", "https://creativecommons.org/licenses/by/4.0/deed.fr"),
    "CC-BY-SA-4.0": Licence(
        "Creative Commons Attribution – Partage dans les mêmes conditions 4.0",
        "https://creativecommons.org/licenses/by-sa/4.0/deed.fr",
    ),
    "CC0-1.0": Licence(
        "Creative Commons Zéro 1.0 (domaine public)", "https://creativecommons.org/publicdomain/zero/1.0/deed.fr"
    ),
    "CC-BY-NC-4.0": Licence(
        "Creative Commons Attribution – Pas d'utilisation commerciale 4.0",
        "https://creativecommons.org/licenses/by-nc/4.0/deed.fr",
    ),
    "CC-BY-NC-SA-4.0": Licence(
        "Creative Commons Attribution – Pas d'utilisation commerciale – Partage dans les mêmes conditions 4.0",
        "https://creativecommons.org/licenses/by-nc-sa/4.0/deed.fr",
    ),
    "CC-BY-ND-4.0": Licence(
        "Creative Commons Attribution – Pas de modification 4.0",
        "https://creativecommons.org/licenses/by-nd/4.0/deed.fr",
    ),
    "CC-BY-NC-ND-4.0": Licence(
        "Creative Commons Attribution – Pas d'utilisation commerciale – Pas de modification 4.0",
        "https://creativecommons.org/licenses/by-nc-nd/4.0/deed.fr",
    ),
    "MIT": Licence("Licence MIT", "https://opensource.org/license/mit"),
}


#: The licences for content (MIT is the code's), in the order the guide « Rédiger » gives them.
CONTENT_LICENCES = (
    "etalab-2.0", "CC-BY-4.0", "CC-BY-SA-4.0", "ODbL-1.0", "CC0-1.0", "CC-BY-NC-4.0", "CC-BY-NC-SA-4.0",
    "CC-BY-ND-4.0", "CC-BY-NC-ND-4.0",
)  # fmt: skip

#: Licences whose only condition is to credit the source (and, for BY-SA, to share alike):
#: a document under them may say « reprenez-le en citant la source ».
ATTRIBUTION_ONLY = {"etalab-2.0", "CC-BY-4.0", "CC-BY-SA-4.0"}
SHARE_ALIKE = {"CC-BY-SA-4.0"}


def canonical_licence(identifier: str) -> str:
    """``identifier`` as this tool spells it: SPDX identifiers ignore case (« cc-by-4.0 »)."""
    return next((known for known in LICENCES if known.lower() == identifier.lower()), identifier)


def unknown_licence(identifier: object) -> str | None:
    """What to tell an author whose ``licence:`` is none the tool knows (``etalab``,
    ``CC-BY``), or ``None``: an unknown identifier was published as a link to a page of
    spdx.org that does not exist, and a reader could not tell what reuse it allows."""
    if not isinstance(identifier, str) or canonical_licence(identifier) in LICENCES:
        return None
    close = difflib.get_close_matches(
        identifier.lower(), [known.lower() for known in CONTENT_LICENCES], n=1, cutoff=0.5
    )
    meant = next((known for known in CONTENT_LICENCES if close and known.lower() == close[0]), None)
    hint = f"vouliez-vous dire « {meant} » ? Licences" if meant else "licences"
    return f"licence inconnue, « {identifier} » : {hint} possibles : {', '.join(CONTENT_LICENCES)}"


def licence(identifier: str) -> Licence:
    """Any SPDX identifier has a page on spdx.org, so every licence gets a URL."""
    return LICENCES.get(identifier) or Licence(identifier, f"https://spdx.org/licenses/{identifier}.html")


#: The tool's distribution, whose metadata holds the code's licence (``license-files``).
DISTRIBUTION = "ecole-innovation-publique"


def code_licence_text() -> str:
    """The text of the MIT licence of the tool's code (the repository's ``LICENSE``), which
    the scripts copied into the exports are under: from the installed distribution's
    metadata, or from the checkout the tool runs from."""
    try:
        text = distribution(DISTRIBUTION).read_text("licenses/LICENSE")
    except PackageNotFoundError:
        text = None
    if text is None:  # never installed: tools/ecole/model/ is three folders below LICENSE
        text = (Path(__file__).resolve().parents[3] / "LICENSE").read_text(encoding="utf-8")
    return text
