"""Search as a learner uses it, with the real engine: Material's search worker (lunr)
running in Chromium over the built site's index."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from ecole.assembly.search_scope import LIST_BOOST, LISTS, ranked_below, with_search_scope

#: Pages that list or schedule what others teach: the lists, and every page under
#: _COMPANIONS (paths, programme sheets) with the pages that go with the teaching: the
#: fictional fil rouge and the session kit.
_LIST_PAGES = ("parcours/", "programmes/", "modules/", "methodes/", "etudes-de-cas/", "canevas/")
_COMPANIONS = ("parcours/", "programmes/", "fil-rouge/", "kit/")


def _results(tab, query: str) -> list[str]:
    """Addresses of the results' pages, best first, as Material orders them."""
    tab.locator(".md-search__input").fill(query)
    tab.locator(".md-search-result__item a[href]").first.wait_for()
    tab.wait_for_timeout(300)  # the worker answers each keystroke; let the last answer land
    hrefs = tab.locator(".md-search-result__item > .md-search-result__link").evaluate_all(
        "links => links.map(link => link.href)"
    )
    return [urlsplit(href).path for href in hrefs]


@pytest.mark.browser
def test_persona_finds_the_method_and_the_module_before_lists(page, site_url: str) -> None:
    page.goto(site_url, wait_until="load")
    root = urlsplit(site_url).path
    found = [path.removeprefix(root) for path in _results(page, "persona")]
    method, module = found.index("methodes/persona/"), found.index("modules/irritants-et-personas/")
    lists = [i for i, path in enumerate(found) if path in _LIST_PAGES or path.startswith(_COMPANIONS)]
    assert any(path.startswith(("fil-rouge/", "kit/")) for path in found), found  # still found, further down
    assert not lists or max(method, module) < min(lists), found


@pytest.mark.browser
def test_a_word_after_an_apostrophe_or_a_bracket_is_found(page, site_url: str) -> None:
    """French glues articles to words (« l'innovation », « d'innovation ») and puts words in
    brackets (« (RGPD, ») : each is a word of its own for the search."""
    page.goto(site_url, wait_until="load")
    root = urlsplit(site_url).path
    assert "kit/consentement/" in [path.removeprefix(root) for path in _results(page, "rgpd")]
    _results(page, "innovation")
    found = page.locator(".md-search-result__meta").inner_text()
    # « 2 documents trouvés » when « l'innovation » was one word; the reference has some 40 pages on it
    assert int(found.split()[0]) > 30, found


@pytest.mark.browser
def test_a_word_typed_without_its_accents_is_found(page, site_url: str) -> None:
    """« demarche » finds what « démarche » finds, and « Evaluation » what « évaluation » does."""
    page.goto(site_url, wait_until="load")
    for plain, accented in (("demarche", "démarche"), ("Evaluation", "évaluation")):
        found = {}
        for query in (plain, accented):
            _results(page, query)
            found[query] = page.locator(".md-search-result__meta").inner_text()
        assert found[plain] == found[accented] and int(found[plain].split()[0]) > 5, found
        # nothing reported missing: the words found are compared folded
        assert page.locator(".md-search-result__item del").count() == 0


def test_list_pages_are_ranked_below() -> None:
    assert ranked_below("parcours/agents.md", trainer=False) and ranked_below("modules/index.md", trainer=False)
    assert not ranked_below("modules/entretiens.md", trainer=False)
    assert not ranked_below("methodes/persona.md", trainer=False) and not ranked_below("glossaire.md", trainer=False)
    # the trainer view keeps its guides in the index, below what they point to
    assert ranked_below("guides/formateur.md", trainer=True)
    assert "parcours/" in LISTS
    staged = with_search_scope('---\ntitle: "A"\n---\n\n# A\n', "parcours/agents.md", trainer=False)
    assert staged == f'---\nsearch:\n  boost: {LIST_BOOST}\ntitle: "A"\n---\n\n# A\n'
