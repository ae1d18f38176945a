"""Glossary tooltips: once per term, in the running text only (issue 18)."""

from __future__ import annotations

import zipfile
from collections import Counter
from pathlib import Path

import lxml.html

from ecole.assembly.glossary import first_uses_only, with_term_anchors
from ecole.model.learning import WHOLE_CURRICULUM

PERSONA = '<abbr title="Portrait d’usager">{}</abbr>'

#: Where a tooltip must never be: a heading, a link, an admonition's title, a summary
#: (and a case study's key figures, by class, below).
QUIET = {"h1", "h2", "h3", "h4", "h5", "h6", "a", "summary"}


def test_a_heading_passes_the_tooltip_to_the_first_use_in_the_text() -> None:
    html = f"<h1>Le {PERSONA.format('persona')}</h1><p>Un {PERSONA.format('persona')} et des personas.</p>"
    assert first_uses_only(html) == f"<h1>Le persona</h1><p>Un {PERSONA.format('persona')} et des personas.</p>"


def test_no_tooltip_inside_a_link_even_nested_in_other_markup() -> None:
    html = (
        f'<p><a href="../persona/"><span>Fiche {PERSONA.format("persona")}</span></a> '
        f"puis le {PERSONA.format('persona')}.</p>"
    )
    assert first_uses_only(html) == (
        f'<p><a href="../persona/"><span>Fiche persona</span></a> puis le {PERSONA.format("persona")}.</p>'
    )


def test_no_tooltip_in_admonition_titles_or_summaries() -> None:
    html = (
        f'<div class="admonition activite"><p class="admonition-title">Un {PERSONA.format("persona")}</p>'
        f"<p>Texte</p></div>"
        f'<details class="solution"><summary>Le {PERSONA.format("Persona")}</summary><p>Texte</p></details>'
        f"<p>Enfin le {PERSONA.format('persona')}.</p>"
    )
    out = first_uses_only(html)
    assert '<p class="admonition-title">Un persona</p>' in out
    assert "<summary>Le Persona</summary>" in out
    assert out.endswith(f"<p>Enfin le {PERSONA.format('persona')}.</p>")


def test_no_tooltip_in_a_case_studys_key_figures() -> None:
    """A key figure tile is a number and its label, not prose: its words stay plain and
    the tooltip goes to the first use in the text below (issue 18)."""
    html = (
        f'<div class="ecole-entete"><div class="ecole-chiffres"><ul><li><strong>3</strong> '
        f"{PERSONA.format('personas')}</li></ul></div>"
        f"<p>Un {PERSONA.format('persona')}.</p></div>"
    )
    out = first_uses_only(html)
    assert "<strong>3</strong> personas</li>" in out
    assert out.endswith(f"<p>Un {PERSONA.format('persona')}.</p></div>")


def test_markup_in_scripts_and_comments_opens_no_quiet_element() -> None:
    html = f"<script>const x = '<a href=\"#\">';</script><!-- <h2> --><p>{PERSONA.format('persona')}</p>"
    assert first_uses_only(html) == html


def quiet_tooltip_faults(name: str, html: bytes) -> tuple[int, list[str]]:
    """How many tooltips ``html`` holds, and what is wrong with them (HTML parsed, not matched)."""
    root = lxml.html.fromstring(html)
    faults = []
    per_term: Counter[str] = Counter()
    for abbr in root.iter("abbr"):
        per_term[abbr.get("title")] += 1
        for ancestor in abbr.iterancestors():
            classes = (ancestor.get("class") or "").split()
            if ancestor.tag in QUIET or {"admonition-title", "ecole-chiffres"} & set(classes):
                faults.append(f"{name} : « {abbr.text_content()} » dans <{ancestor.tag} class={classes}>")
    faults += [f"{name} : infobulle répétée pour « {t[:40]} »" for t, count in per_term.items() if count > 1]
    return sum(per_term.values()), faults


def test_built_pages_show_each_term_once_and_never_in_headings_or_links(site: Path) -> None:
    """Every HTML page of the learners' site; the glossary markup is the <abbr> element."""
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 50
    total, faults = 0, []
    for page in pages:
        count, found = quiet_tooltip_faults(str(page.relative_to(site)), page.read_bytes())
        total, faults = total + count, faults + found
    assert not faults, "\n".join(faults[:20])
    # the feature is still there: a site that lost every tooltip would pass the loop above
    assert total > 100, total


def test_scorm_pages_follow_the_same_rule(site: Path) -> None:
    """The SCORM packages carry the tooltips too (exports/scorm/sco.py)."""
    archive = site / "exports" / "scorm2004" / f"{WHOLE_CURRICULUM}.zip"
    total, faults = 0, []
    with zipfile.ZipFile(archive) as package:
        for name in package.namelist():
            if name.endswith(".html"):
                count, found = quiet_tooltip_faults(name, package.read(name))
                total, faults = total + count, faults + found
    assert not faults, "\n".join(faults[:20])
    assert total > 20, total


def test_each_term_gets_an_id_that_a_link_can_name() -> None:
    body = "Texte d'introduction.\n\nBanque d'idées\n:   Liste d'idées.\n\nMode labo\n:   Façon de travailler.\n"
    assert with_term_anchors(body) == (
        "Texte d'introduction.\n\nBanque d'idées {: #banque-didees }\n:   Liste d'idées.\n\n"
        "Mode labo {: #mode-labo }\n:   Façon de travailler.\n"
    )


def test_links_to_a_term_lead_to_its_definition(site: Path) -> None:
    """A link to ``glossaire.md#terme`` lands on that term's definition, not on the top of
    a page of some fifty terms; every term can be linked to."""
    glossary = lxml.html.fromstring((site / "glossaire" / "index.html").read_bytes())
    terms = {dt.get("id"): dt.text_content().strip() for dt in glossary.iter("dt")}
    assert len(terms) > 40 and None not in terms, terms
    linked = Counter()
    for page in sorted(site.rglob("*.html")):
        for a in lxml.html.fromstring(page.read_bytes()).iter("a"):
            path, _, anchor = (a.get("href") or "").partition("#")
            if path.endswith("glossaire/") and anchor:
                assert anchor in terms, f"{page.relative_to(site)} : #{anchor} n'est pas un terme du glossaire"
                linked[anchor] += 1
    assert {"usager", "mode-labo", "intelligence-collective"} <= set(linked), linked


def test_a_term_glued_to_a_word_by_a_hyphen_gets_no_tooltip() -> None:
    """« auto-évaluation » is not the glossary's « évaluation » (of a project's effects)."""
    evaluation = '<abbr title="Examen de ce qu’une action a changé">évaluation</abbr>'
    html = f"<p>Un quiz d'auto-{evaluation}, puis l'{evaluation} du projet.</p>"
    assert first_uses_only(html) == f"<p>Un quiz d'auto-évaluation, puis l'{evaluation} du projet.</p>"


def test_a_term_in_its_own_definition_gets_no_tooltip() -> None:
    """On the glossary page, « CNFPT » was explained by a tooltip inside its own definition."""
    cnfpt = '<abbr title="Centre national de la fonction publique territoriale">CNFPT</abbr>'
    agent = '<abbr title="Personne qui travaille pour une administration">agent</abbr>'  # after the list
    html = f'<dl><dt id="cnfpt">{cnfpt}</dt><dd><p>Centre national… les plans du {cnfpt}.</p></dd>'
    html += f"<dt>Agent</dt><dd><p>Formé par le {cnfpt}.</p></dd></dl><p>Un {agent}.</p>"
    assert first_uses_only(html) == (
        '<dl><dt id="cnfpt">CNFPT</dt><dd><p>Centre national… les plans du CNFPT.</p></dd>'
        f"<dt>Agent</dt><dd><p>Formé par le {cnfpt}.</p></dd></dl><p>Un {agent}.</p>"
    )
