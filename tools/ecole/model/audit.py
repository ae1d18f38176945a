"""The RGAA audit grid of a site: ``docs/accessibilite/audit-rgaa.yml``.

The grid is data: for each of the 106 criteria of RGAA 4.1, a result (C, NC or
NA) on each page of the audited sample. Everything the site says about its
conformance (the statement's rate and status, the footer's status, the grid
page) is computed here from that one file, by RGAA's own method, so that a
figure is never typed twice.

The grid belongs to the site it audited: an edition shows the reference grid
only if it has its own file (``editions/<id>/docs/accessibilite/audit-rgaa.yml``);
otherwise it has no audit, and says so (« non conforme »), as the law requires.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .diagnostics import Report
from .frontmatter import read_text
from .yamlsource import YamlDocument, YamlSyntaxError, parse_yaml

#: Where the grid is, under an edition's (or the reference's) ``docs/``.
AUDIT_FILE = "accessibilite/audit-rgaa.yml"
#: The page the tool writes from the grid (a staged path), next to the statement.
AUDIT_PAGE = "accessibilite/grille-rgaa.md"
#: RGAA 4.1 has 106 criteria in 13 themes; a grid that misses one is no audit.
CRITERIA_PER_THEME = {1: 9, 2: 2, 3: 3, 4: 13, 5: 8, 6: 2, 7: 5, 8: 10, 9: 4, 10: 14, 11: 13, 12: 11, 13: 12}
RESULTS = {"C": "conforme", "NC": "non conforme", "NA": "non applicable"}
#: The wording the RGAA imposes on the statement and the footer, by rate.
FULL, PARTIAL, NONE = "totalement conforme", "partiellement conforme", "non conforme"
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# as assembly.facts writes dates; the model, below it, cannot import it
_MONTHS = [
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
]  # fmt: skip


@dataclass(frozen=True)
class SampledPage:
    id: str
    title: str
    short: str  # column header of the grid
    address: str  # staged path of the page (``index.md``), for links
    state: str = ""  # what was open while auditing (« dialogue de recherche ouvert »)


@dataclass(frozen=True)
class Criterion:
    number: str  # « 1.1 »
    theme: int
    title: str
    results: dict[str, str]  # page id -> C, NC or NA
    notes: dict[str, str]  # page id -> why NC or NA there ("" key: for every page)
    #: axe-core rules that check part of this criterion (tests run them on the sample)
    axe: tuple[str, ...] = ()

    @property
    def result(self) -> str:
        """RGAA's rule for a sample: NC if NC on one page; C if C or NA everywhere and C
        at least once; NA if NA everywhere."""
        values = set(self.results.values())
        if "NC" in values:
            return "NC"
        return "C" if "C" in values else "NA"

    def note(self, page: str) -> str:
        return self.notes.get(page) or self.notes.get("", "")


@dataclass
class Audit:
    source: Path
    reference: str  # « RGAA 4.1.2 »
    date: str  # ISO, « 2026-12-03 »
    auditor: str
    pages: list[SampledPage]
    themes: dict[int, str]
    criteria: list[Criterion] = field(default_factory=list)

    def count(self, result: str) -> int:
        return sum(1 for criterion in self.criteria if criterion.result == result)

    @property
    def rate(self) -> float:
        """Taux global: conformant criteria over applicable ones, in %."""
        conform, failing = self.count("C"), self.count("NC")
        return 100.0 * conform / (conform + failing) if conform + failing else 100.0

    def page_rate(self, page: str) -> float:
        values = [criterion.results[page] for criterion in self.criteria]
        conform, failing = values.count("C"), values.count("NC")
        return 100.0 * conform / (conform + failing) if conform + failing else 100.0

    @property
    def average_rate(self) -> float:
        """Taux moyen: the mean of the pages' own rates."""
        return sum(self.page_rate(page.id) for page in self.pages) / len(self.pages)

    @property
    def status(self) -> str:
        return status_of(self.rate)

    def variables(self) -> dict[str, Any]:
        return audit_variables(self)


def status_of(rate: float | None) -> str:
    """The RGAA's words: 100 % totalement, 50 % and over partiellement, else (or no audit) non conforme."""
    if rate is None or rate < 50:
        return NONE
    return FULL if rate >= 100 else PARTIAL


def percent(rate: float) -> str:
    """« 86,4 % » (one decimal, dropped when it is 0), French style; never rounded up to 100."""
    tenths = min(int(rate * 10 + 0.5), 1000 if rate >= 100 else 999)
    whole, tenth = divmod(tenths, 10)
    return f"{whole},{tenth}\u00a0%" if tenth else f"{whole}\u00a0%"


def long_date(iso: str) -> str:
    year, month, day = (int(part) for part in iso.split("-"))
    return f"{'1er' if day == 1 else day} {_MONTHS[month - 1]} {year}"


def audit_variables(audit: Audit | None) -> dict[str, Any]:
    """What the statement (``{{ audit.… }}``) and the footer show; the same keys without an audit."""
    if audit is None:
        return {"realise": False, "statut": NONE, "taux": "", "taux_moyen": "", "date": "", "non_conformites": []}
    return {
        "realise": True,
        "statut": audit.status,
        "taux": percent(audit.rate),
        "taux_moyen": percent(audit.average_rate),
        "date": long_date(audit.date),
        "referentiel": audit.reference,
        "realise_par": audit.auditor,
        "conformes": audit.count("C"),
        "non_conformes": audit.count("NC"),
        "non_applicables": audit.count("NA"),
        "pages": len(audit.pages),
        # the statement lists them: the sampled pages, and each failed criterion with its
        # reason on each page where it fails (the grid page links the pages)
        "echantillon": [{"titre": page.title} for page in audit.pages],
        "non_conformites": [
            {
                "numero": criterion.number,
                "titre": criterion.title,
                "raisons": [
                    f"{page.title} : {criterion.note(page.id).rstrip('.')}"
                    for page in audit.pages
                    if criterion.results[page.id] == "NC"
                ],
            }
            for criterion in audit.criteria
            if criterion.result == "NC"
        ],
    }


# --- reading -------------------------------------------------------------------------


class _Grid:
    """Reads one grid file, reporting every mistake at its line."""

    def __init__(self, path: Path, document: YamlDocument, report: Report):
        self.path, self.document, self.report = path, document, report
        self.ok = True

    def error(self, where: list[str | int], message: str) -> None:
        field_name = ".".join(str(step) for step in where) or "grille"
        self.report.error(self.path, self.document.line_of(where), field_name, message)
        self.ok = False

    def text(self, data: dict, key: str, where: list[str | int], required: bool = True) -> str:
        value = data.get(key)
        if value is None and not required:
            return ""
        if not isinstance(value, str) or not value.strip():
            self.error([*where, key], f"{key} : écrivez un texte")
            return ""
        return value.strip()


def load_audit(path: Path, report: Report) -> Audit | None:
    text = read_text(path, report)
    if text is None:
        return None
    try:
        document = parse_yaml(text)
    except YamlSyntaxError as exc:
        report.error(path, exc.line, "grille", str(exc))
        return None
    data = document.data
    grid = _Grid(path, document, report)
    if not isinstance(data, dict):
        grid.error([], "la grille est une suite de champs : referentiel, date, realise_par, pages, themes")
        return None
    date = data.get("date")
    if not isinstance(date, str) or not _DATE.match(date):
        grid.error(["date"], 'date de l\'audit : écrivez-la entre guillemets, au format "2026-12-03"')
    pages = _pages(grid, data.get("pages"))
    audit = Audit(
        source=path,
        reference=grid.text(data, "referentiel", []),
        date=date if isinstance(date, str) else "",
        auditor=grid.text(data, "realise_par", []),
        pages=pages,
        themes={},
    )
    _themes(grid, audit, data.get("themes"))
    return audit if grid.ok else None


def _pages(grid: _Grid, pages: Any) -> list[SampledPage]:
    if not isinstance(pages, list) or not pages:
        grid.error(["pages"], "listez les pages de l'échantillon (id, titre, court, adresse)")
        return []
    out = []
    for index, page in enumerate(pages):
        where: list[str | int] = ["pages", index]
        if not isinstance(page, dict):
            grid.error(where, "une page : id, titre, court, adresse (et etat si besoin)")
            continue
        out.append(
            SampledPage(
                id=grid.text(page, "id", where),
                title=grid.text(page, "titre", where),
                short=grid.text(page, "court", where),
                address=grid.text(page, "adresse", where),
                state=grid.text(page, "etat", where, required=False),
            )
        )
    ids = [page.id for page in out]
    for duplicate in sorted({i for i in ids if ids.count(i) > 1}):
        grid.error(["pages"], f"la page « {duplicate} » apparaît deux fois dans l'échantillon")
    return out


def _themes(grid: _Grid, audit: Audit, themes: Any) -> None:
    if not isinstance(themes, list):
        grid.error(["themes"], "listez les 13 thématiques du RGAA, chacune avec ses critères")
        return
    page_ids = [page.id for page in audit.pages]
    for index, theme in enumerate(themes):
        where: list[str | int] = ["themes", index]
        if not isinstance(theme, dict) or not isinstance(theme.get("numero"), int):
            grid.error(where, "une thématique : numero (un nombre), titre, criteres")
            continue
        number = theme["numero"]
        audit.themes[number] = grid.text(theme, "titre", where)
        criteria = theme.get("criteres")
        if not isinstance(criteria, list):
            grid.error([*where, "criteres"], "listez les critères de la thématique")
            continue
        for position, item in enumerate(criteria):
            criterion = _criterion(grid, item, [*where, "criteres", position], number, page_ids)
            if criterion is not None:
                audit.criteria.append(criterion)
    found = {theme: [c.number for c in audit.criteria if c.theme == theme] for theme in CRITERIA_PER_THEME}
    for theme, expected in CRITERIA_PER_THEME.items():
        wanted = [f"{theme}.{n}" for n in range(1, expected + 1)]
        if found[theme] != wanted:
            missing = [n for n in wanted if n not in found[theme]]
            extra = [n for n in found[theme] if n not in wanted]
            detail = "; ".join(
                part
                for part in (
                    f"manquants : {', '.join(missing)}" if missing else "",
                    f"en trop ou en double : {', '.join(extra)}" if extra else "",
                )
                if part
            )
            grid.error(
                ["themes"],
                f"thématique {theme} : les critères {theme}.1 à {theme}.{expected}, dans l'ordre ({detail or 'ordre à revoir'})",
            )


def _criterion(grid: _Grid, item: Any, where: list[str | int], theme: int, pages: list[str]) -> Criterion | None:
    if not isinstance(item, dict):
        grid.error(where, "un critère : numero, titre, resultats (et note, notes, axe)")
        return None
    number = str(item.get("numero", ""))
    title = grid.text(item, "titre", where)
    raw = item.get("resultats")
    # « resultats: C » for every page, or one value a page, with « autres » for the rest
    if isinstance(raw, str):
        raw = {"autres": raw}
    if not isinstance(raw, dict):
        grid.error([*where, "resultats"], "écrivez C, NC ou NA, ou une valeur par page (et autres: pour le reste)")
        return None
    results: dict[str, str] = {}
    for page in pages:
        value = raw.get(page, raw.get("autres"))
        if value not in RESULTS:
            grid.error([*where, "resultats"], f"critère {number}, page « {page} » : écrivez C, NC ou NA")
            continue
        results[page] = value
    for key in raw:
        if key != "autres" and key not in pages:
            grid.error(
                [*where, "resultats", key], f"« {key} » n'est pas une page de l'échantillon ({', '.join(pages)})"
            )
    notes = {"": item["note"].strip()} if isinstance(item.get("note"), str) else {}
    if isinstance(item.get("notes"), dict):
        notes.update({key: str(value).strip() for key, value in item["notes"].items()})
    for page, value in results.items():
        if value != "C" and not (notes.get(page) or notes.get("")):
            grid.error(where, f"critère {number}, page « {page} » : {value} sans note ; dites pourquoi en une phrase")
    axe = item.get("axe", [])
    if not isinstance(axe, list) or not all(isinstance(rule, str) for rule in axe):
        grid.error([*where, "axe"], "axe : la liste des règles axe-core qui vérifient le critère")
        axe = []
    return Criterion(number, theme, title, results, notes, tuple(axe))
