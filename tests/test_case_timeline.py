"""A case study's timeline (issue 18): the dated events its seed gives, in order, as an
ordered list on the site and on paper; nothing when the source dates nothing."""

from __future__ import annotations

import html
import re
from dataclasses import replace

import pytest

from ecole.assembly.pages import case_page
from ecole.exports.chapters import PrintContext, case_chapter
from ecole.model.curriculum import load_curriculum
from ecole.model.project import Project
from ecole.model.structure import Curriculum


@pytest.fixture(scope="module")
def curriculum(project: Project) -> Curriculum:
    return load_curriculum(project)[0]


def events_of(page: str) -> list[tuple[str, str, str]]:
    """(datetime, date as written, what happened) of each event of the timeline."""
    timeline = re.search(r'<ol class="ecole-frise__evenements">(.*?)</ol>', page, re.S)
    assert timeline, "no timeline"
    return re.findall(r'<li><time datetime="([^"]+)">([^<]+)</time> <span>([^<]+)</span></li>', timeline.group(1))


def test_the_timeline_lists_the_seed_dates_in_order(curriculum: Curriculum) -> None:
    page = case_page(curriculum, curriculum.case_studies["cahors-carte-blanche"]).replace("\u00a0", " ")
    events = events_of(page)
    assert [(iso, when) for iso, when, _ in events] == [
        ("2018-01", "janvier 2018"),
        ("2018-02-07", "7 février 2018"),
        ("2018-02-12", "12 février 2018"),
    ]
    assert html.unescape(events[1][2]).startswith("Séminaire d'orientation : 8 personas")
    assert 'aria-labelledby="frise-titre"' in page and "Chronologie d'après la source" in page
    assert "ecole-frise__barre" not in page  # the old full-width bar is gone
    years = events_of(case_page(curriculum, curriculum.case_studies["val-d-oise-zip"]))
    assert [iso for iso, _, _ in years] == ["2011", "2012", "2014-06-12"]


def test_events_are_sorted_whatever_the_front_matter_order(curriculum: Curriculum) -> None:
    case = curriculum.case_studies["val-d-oise-zip"]
    shuffled = replace(case, events=list(reversed(case.events)))
    assert [iso for iso, _, _ in events_of(case_page(curriculum, shuffled))] == ["2014-06-12", "2012", "2011"]
    # the loader sorts them: the model's order is the page's
    assert [iso for iso, _ in case.events] == sorted(iso for iso, _ in case.events)


def test_an_undated_case_has_no_timeline_but_its_map(curriculum: Curriculum) -> None:
    page = case_page(curriculum, curriculum.case_studies["creuse-ecole-innovation"])
    assert "ecole-frise" not in page
    assert 'class="ecole-carte-situation"' in page and 'role="img"' in page


def test_the_booklet_prints_the_same_timeline(curriculum: Curriculum) -> None:
    ctx = PrintContext(curriculum)
    printed = case_chapter(ctx, curriculum.case_studies["cahors-carte-blanche"], level=2).html.replace("\u00a0", " ")
    assert re.search(
        r'<figure class="chronologie">.*<time datetime="2018-01">janvier 2018</time>.*'
        r'<time datetime="2018-02-07">7 février 2018</time>.*</figure>',
        printed,
        re.S,
    )
    undated = case_chapter(ctx, curriculum.case_studies["sceaux-up-sceaux"], level=2).html
    assert "chronologie" not in undated
