"""The page « Grille d'audit RGAA 4.1 »: the audit grid of ``docs/accessibilite/audit-rgaa.yml``
criterion by criterion, each with its result on every sampled page, and the rates the
statement and the footer show, computed by :mod:`ecole.model.audit` from the same grid.
"""

from __future__ import annotations

from ..model.audit import AUDIT_FILE, AUDIT_PAGE, RESULTS, Audit, Criterion, SampledPage, long_date, percent
from ..model.structure import Curriculum
from .pages import _cell, _front_matter, md, rel
from .templates import render

STATEMENT_PAGE = "accessibilite.md"


def audit_pages(curriculum: Curriculum) -> dict[str, str]:
    """The grid page, for an edition that has an audit grid; none otherwise."""
    audit: Audit | None = curriculum.settings.audit
    if audit is None:
        return {}
    here = AUDIT_PAGE
    # one row a criterion: its number and question, its result, and its result on each page
    # with the reasons; three columns rather than one a page, which a phone could not show
    themes = [
        (
            number,
            title,
            [
                (
                    criterion.number,
                    md(_cell(criterion.title)),
                    criterion.result,
                    md(_cell(by_page(criterion, audit.pages))),
                )
                for criterion in audit.criteria
                if criterion.theme == number
            ],
        )
        for number, title in sorted(audit.themes.items())
    ]
    front = _front_matter(
        "Grille d'audit RGAA 4.1",
        f"Les résultats de l'audit d'accessibilité du {long_date(audit.date)}, critère par critère, page par page.",
        # a grid of 106 criteria answers no learner's question: out of the search
        search={"exclude": True},
    )
    return {
        here: front
        + render(
            "site/audit_grid.md",
            audit=audit,
            date=long_date(audit.date),
            rate=percent(audit.rate),
            average=percent(audit.average_rate),
            pages=[(page, rel(here, page.address), percent(audit.page_rate(page.id))) for page in audit.pages],
            themes=themes,
            results=RESULTS,
            statement=rel(here, STATEMENT_PAGE) if STATEMENT_PAGE in curriculum.pages else None,
            # the grid itself, published as data next to the page, for reuse by another tool
            data=rel(here, AUDIT_FILE) if AUDIT_FILE in curriculum.assets else None,
        )
    }


def by_page(criterion: Criterion, pages: list[SampledPage]) -> str:
    """« NA sur les 7 pages », or « Étude de cas : C ; NA sur les 6 autres pages », then the notes."""
    values = [criterion.results[page.id] for page in pages]
    most = max(RESULTS, key=values.count)  # C before NC before NA on a tie: the order of RESULTS
    others = [f"{page.short} : {value}" for page, value in zip(pages, values, strict=True) if value != most]
    if others:
        lines = [" ; ".join([*others, f"{most} sur les {len(pages) - len(others)} autres pages"])]
    else:
        lines = [f"{most} sur les {len(pages)} pages"]
    if "" in criterion.notes:
        lines.append(criterion.notes[""][:1].upper() + criterion.notes[""][1:])
    lines += [f"{page.short} : {criterion.notes[page.id]}" for page in pages if page.id in criterion.notes]
    return "<br>".join(lines)
