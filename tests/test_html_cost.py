"""The cost of a page: what ``ecole bench`` says about it (per page written, in processor
time, both of ecole's views counted, each target checked where the issue sets it), and
the shortcuts that lower it, which change nothing in the pages."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.config import load_config
from mkdocs.structure.files import get_files
from mkdocs.structure.pages import Page

from ecole.adapter.mkdocs_plugin import EcolePlugin
from ecole.assembly import typography
from ecole.assembly.dialect import EXTENSIONS, extension_names, extension_settings
from ecole.assembly.glossary import Tooltips, tooltips
from ecole.assembly.staging import page_texts
from ecole.assembly.typography import french_html
from ecole.bench import BASELINE, Run, SizeResult, _sizes_of, baseline_env, run_lines, size_summary, summary
from ecole.model.curriculum import load_curriculum
from ecole.model.project import Project


def _dialect_markdown(*extensions) -> markdown.Markdown:
    """A Markdown instance of the site's dialect, with ``extensions`` after it (without
    snippets, which read the staged folder)."""
    names = [name for name in extension_names() if name != "pymdownx.snippets"]
    return markdown.Markdown(extensions=[*names, *extensions], extension_configs=extension_settings())


def _run(label: str, size: int, cpu: float, view_pages: tuple[int, ...], peak: float = 100.0) -> Run:
    return Run(label, size, cpu + 1, cpu, peak, view_pages, 50.0, 1000.0)


def _result(size: int, ours_cpu: float, same_cpu: float, raw_cpu: float, peak: float = 100.0) -> SizeResult:
    return SizeResult(
        size,
        _run("ecole", size, ours_cpu, (600, 600), peak),
        _run("mêmes pages", size, same_cpu, (600,)),
        _run("textes bruts", size, raw_cpu, (300,)),
    )


def test_the_cost_of_a_page_counts_every_view_the_build_wrote() -> None:
    # 24 s for 1,200 pages (two views of 600) is 20 ms a page, not 40
    result = _result(300, ours_cpu=24.0, same_cpu=10.8, raw_cpu=4.5)
    assert result.ours.pages == 1200
    assert result.ours.ms_per_page == 20.0
    lines = size_summary(result)
    assert lines[0] == (
        "N = 300, coût d'une page (temps de processeur / pages écrites) : ecole 20,0 ms (600 + 600 pages, 2 vues), "
        "Material sur les mêmes pages 18,0 ms (600 pages), Material sur les textes bruts 15,0 ms (300 pages)"
    )
    assert lines[1] == "  par page, ecole / Material sur les mêmes pages = 1,11 (objectif ≤ 1,2 : atteint)"
    assert lines[2] == "  par page, ecole / Material sur les textes bruts = 1,33 (objectif ≤ 1,5 : atteint)"
    assert lines[3].startswith("  construction entière, ecole / Material sur les textes bruts = 5,33 ")


def test_a_page_dearer_than_the_targets_is_said_not_met() -> None:
    lines = size_summary(_result(300, ours_cpu=40.0, same_cpu=10.8, raw_cpu=4.5))
    assert lines[1].endswith("= 1,85 (objectif ≤ 1,2 : NON ATTEINT)")
    assert lines[2].endswith("= 2,22 (objectif ≤ 1,5 : NON ATTEINT)")


def test_small_curricula_show_their_ratios_without_a_verdict() -> None:
    lines = size_summary(_result(100, ours_cpu=40.0, same_cpu=10.8, raw_cpu=4.5))
    assert lines[2] == "  par page, ecole / Material sur les textes bruts = 2,22"
    assert "objectif" not in "".join(lines)


def test_growth_and_memory_are_checked_at_1000_modules() -> None:
    results = [_result(300, 24.0, 10.8, 4.5), _result(1000, 96.0, 36.0, 15.0, peak=412.4)]
    lines = summary(results, None)
    assert "Croissance t(1000) / t(300) = 4,00 (objectif ≤ 3,7 : NON ATTEINT)" in lines
    assert "Mémoire maximale d'ecole à N = 1000 : 412 Mo (objectif ≤ 400 Mo : NON ATTEINT)" in lines
    lines = summary([_result(300, 24.0, 10.8, 4.5), _result(1000, 80.0, 36.0, 15.0, peak=354.0)], None)
    assert "Croissance t(1000) / t(300) = 3,33 (objectif ≤ 3,7 : atteint)" in lines
    assert "Mémoire maximale d'ecole à N = 1000 : 354 Mo (objectif ≤ 400 Mo : atteint)" in lines
    assert not any(line.startswith(("Croissance", "Mémoire")) for line in summary(results[:1], None))


def test_the_table_shows_the_pages_of_each_view_and_their_cost(tmp_path: Path) -> None:
    for folder, count in (("site", 3), ("site-formateur", 4)):
        for index in range(count):
            page = tmp_path / folder / "modules" / f"module-{index}" / "index.html"
            page.parent.mkdir(parents=True)
            page.write_text("x" * 1024, encoding="utf-8")
    run = _sizes_of(tmp_path / "site", "ecole", 3, (2.0, 1.4, 80.0), (tmp_path / "site-formateur",))
    assert run.view_pages == (3, 4)
    assert run.module_page_kb == 1.0  # the learners' pages: what a reader downloads
    result = SizeResult(3, run, _run("mêmes pages", 3, 1.0, (3,)), _run("textes bruts", 3, 1.0, (2,)))
    assert run_lines(result)[0].split()[:7] == ["3", "ecole", "3", "+", "4", "2,0", "1,4"]
    assert run_lines(result)[0].split()[7] == "200,0"  # 1.4 s for 7 pages


def test_a_page_carries_only_the_spellings_it_holds_and_renders_the_same(project: Project) -> None:
    """Every page of the reference site, both views: the definitions of the spellings a
    page holds give the HTML that every definition of the glossary gives."""
    extensions = [name for name, _ in EXTENSIONS if name != "pymdownx.snippets"]
    for trainer in (False, True):
        curriculum, _ = load_curriculum(project, trainer=trainer)
        tips = tooltips(curriculum)
        everything = "\n\n".join(line for _, lines in tips.entries for line in lines) + "\n"
        renderer = markdown.Markdown(extensions=extensions)
        checked = 0
        for name, text in page_texts(curriculum).items():
            used = tips.for_text(text)
            if not used:
                continue
            with_all = renderer.reset().convert(text + "\n\n" + everything)
            with_used = renderer.reset().convert(text + "\n\n" + used)
            assert with_used == with_all, name
            checked += 1
        assert checked > 30


def test_only_the_spellings_written_in_a_text_are_defined() -> None:
    tips = Tooltips([("persona", ["*[Persona]: Portrait", "*[Personas]: Portrait", "*[persona]: Portrait"])])
    assert tips.for_text("Un persona, deux personas.") == "*[persona]: Portrait\n"
    assert tips.for_text("PERSONA") == ""  # abbr matches a spelling as written: none here
    # abbr finds whole words: « Persona » is no word of « Les Personas »
    assert tips.for_text("Les Personas") == "*[Personas]: Portrait\n"
    tips = Tooltips([("design de services", ["*[Design de services]: Démarche", "*[design de services]: Démarche"])])
    assert tips.for_text("Le design de services.") == "*[design de services]: Démarche\n"
    assert tips.for_text("Le design des services.") == ""


def test_a_baseline_copy_of_the_tool_is_compared_page_for_page(tmp_path: Path) -> None:
    result = _result(300, ours_cpu=24.0, same_cpu=10.8, raw_cpu=4.5)
    result.baseline = _run(BASELINE, 300, 30.0, (600, 600))
    assert [run.label for run in result.chains()] == ["ecole", BASELINE, "mêmes pages", "textes bruts"]
    assert size_summary(result)[-1] == "  par page, ecole / ecole (base) = 0,80 (25,0 ms, 600 + 600 pages, 2 vues)"
    assert [line.split()[1:3] for line in run_lines(result)[:2]] == [["ecole", "600"], ["ecole", "(base)"]]
    # python -m ecole.cli finds the baseline's package before the installed one
    env = baseline_env(tmp_path)
    assert env["PYTHONPATH"].split(os.pathsep)[0] == str(tmp_path)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab 1h:;!?«»<>/=\"'&#x;-\n", max_size=40), st.sampled_from(["p", "code", "pre", "span"]))
def test_french_html_is_its_own_result(text: str, tag: str) -> None:
    """What french_html remembers (its long results) it returns as they are: right only
    because a result of french_html is its own result."""
    once = french_html(f"<{tag}>{text}</{tag}>{text}")
    assert french_html(once) == once


def test_a_long_result_of_french_html_comes_back_as_it_is() -> None:
    quiz = '<form class="ecole-quiz"><p>Pourquoi ? Voir « ici » : 40 h</p></form>' * 40
    done = french_html(quiz)
    assert done != quiz and len(done) >= 1024
    typography._DONE.clear()
    assert french_html(done) == done  # computed
    assert french_html(done) is done  # remembered


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("titre.md", "# Un titre\n\nDu texte."),
        ("sans-titre.md", "Du texte sans titre."),
        ("meta.md", "---\ntitle: Méta\n---\n\nTexte."),
    ],
)
def test_a_written_page_lets_go_of_its_text_and_keeps_its_title(tmp_path: Path, name: str, text: str) -> None:
    """Once written, a page holds neither its Markdown nor its HTML (every page's stayed in
    memory to the end of the build), and other pages still read the same title from it."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / name).write_text(text, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: Essai\n", encoding="utf-8")
    config = load_config(str(tmp_path / "mkdocs.yml"))
    files = get_files(config)
    page = Page(None, files.get_file_from_path(name), config)
    page.read_source(config)
    page.render(config, files)
    title = page.title
    assert title and page.content
    assert EcolePlugin().on_post_page("<p>x</p>", page=page, config=config) == "<p>x</p>"
    assert page.content is None and page.markdown == ""
    assert page.title == title


#: Pages in nested folders. Seen from ``a/b/``, the idle section « Sous » links into the
#: page's own folder (``d/``), from ``a/x/`` it does not (``../b/d/``); « X » (``a/x/``)
#: is ``../x/`` from ``a/b/`` but ``../../a/x/`` from ``e/f/``, at the same depth.
_NAV_PAGES = {
    "index.md": "Accueil",
    "a/index.md": "A",
    "a/b.md": "B",
    "a/b/d.md": "D",
    "a/c.md": "C",
    "e/f.md": "F",
    "e/g/index.md": "G",
    "e/g/h.md": "H",
    "i.md": "I",
    "a/x.md": "X",
}
_NAV = [
    {"Accueil": "index.md"},
    {"A": ["a/index.md", {"B": "a/b.md"}, {"Sous": [{"D": "a/b/d.md"}, {"C": "a/c.md"}]}]},
    {"E": [{"F": "e/f.md"}, {"G": ["e/g/index.md", {"H": "e/g/h.md"}]}, {"Dehors": "i.md"}]},
    {"I": "i.md"},
    {"X": "a/x.md"},
    {"Ailleurs": "https://example.org/"},
]


@pytest.mark.parametrize("directory_urls", [True, False])
def test_the_menu_rendered_once_per_folder_is_the_menu_of_every_page(tmp_path: Path, directory_urls: bool) -> None:
    """Every page's menu, through the project's template, is the same with the navigation
    cache as without it, whatever the folders of the page and of the links; and the cache
    does serve items more than once."""
    import yaml
    from mkdocs.commands.build import get_context
    from mkdocs.structure.nav import get_navigation

    from ecole.adapter.mkdocs_plugin import trim_template_whitespace
    from ecole.adapter.nav_cache import NavCache

    root = Path(__file__).resolve().parents[1]
    for name, title in _NAV_PAGES.items():
        (tmp_path / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "docs" / name).write_text(f"# {title}\n\n## Partie\n\nTexte.\n", encoding="utf-8")
    features = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))["theme"]["features"]
    settings = {
        "site_name": "Essai",
        "use_directory_urls": directory_urls,
        "theme": {"name": "material", "custom_dir": str(root / "overrides"), "features": features},
        "nav": _NAV,
    }
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    config = load_config(str(tmp_path / "mkdocs.yml"))
    files = get_files(config)
    nav = get_navigation(files, config)
    for page in nav.pages:
        page.read_source(config)
        page.render(config, files)
    env = config.theme.get_env()
    trim_template_whitespace(env)
    menu = env.from_string(
        '{% import "partials/language.html" as lang with context %}'
        '{% set features = config.theme.features or [] %}{% include "partials/nav.html" %}'
    )
    cache = NavCache()
    served = 0
    for page in nav.pages:
        page.active = True
        context = get_context(nav, files, config, page)
        env.globals.pop("ecole_nav_cache", None)
        expected = menu.render(context)
        env.globals["ecole_nav_cache"] = cache
        before = len(cache._html)
        assert menu.render(context) == expected, page.url
        served += len(cache._html) == before  # nothing new rendered: all its idle items came from the cache
        page.active = False
        assert 'href="' in expected and "md-nav__item--active" in expected
    assert served > 0


def test_a_baseline_copy_is_built_with_its_own_templates(tmp_path: Path) -> None:
    from ecole.bench import _use_overrides

    project, base, bare = tmp_path / "cursus", tmp_path / "base", tmp_path / "sans"
    for folder, text in ((project, "nouveau"), (base, "ancien")):
        (folder / "overrides" / "partials").mkdir(parents=True)
        (folder / "overrides" / "partials" / "nav-item.html").write_text(text, encoding="utf-8")
    bare.mkdir()
    _use_overrides(project, bare)  # a copy without templates leaves the project's
    assert (project / "overrides" / "partials" / "nav-item.html").read_text(encoding="utf-8") == "nouveau"
    _use_overrides(project, base)
    assert (project / "overrides" / "partials" / "nav-item.html").read_text(encoding="utf-8") == "ancien"


_QUIZ = (
    '<form class="ecole-quiz" id="quiz-{n}" data-total="1" novalidate>\n'
    '<p class="ecole-quiz__titre"><strong>Quiz</strong> — 1 question. L&#39;usager &amp; l&rsquo;agent\u00a0?</p>\n'
    '<fieldset class="ecole-question" data-search-exclude="true">\n'
    "<legend>Question 1 : *pas* de Markdown ici</legend>\n"
    '<div class="ecole-choix"><input type="radio" name="q" id="q-{n}" value="1"><label for="q-{n}">Oui</label></div>\n'
    "<!-- un commentaire -->\n"
    "</fieldset>\n"
    '<details class="ecole-quiz__corrige"><summary>Corrigé</summary><ol><li>Oui<br></li></ol></details>\n'
    "</form>"
)


@pytest.mark.parametrize(
    ("text", "spared"),
    [
        ("# Titre\n\nTexte.\n\n{q1}\n\nSuite *en Markdown*.\n\n{q2}\n", True),
        ("# Titre\n\n{q1}\n", True),
        ('<div class="cadre">\n\n{q1}\n\n</div>\n\nSuite.\n', True),  # inside a raw block
        ('<div class="cadre" markdown>\n\n{q1}\n\n</div>\n\nSuite.\n', False),  # its tags become elements
        ("Texte collé\n{q1}\n\nSuite.\n", False),
        ("```html\n{q1}\n```\n\n{q2}\n", True),
        ("!!! note\n\n    Texte.\n\n{q1}\nSuite collée.\n", True),
        ('<form class="ecole-quiz" id="sans-fin">\n<p>x</p>\n\nTexte.\n', False),
    ],
)
def test_a_quiz_kept_out_of_the_html_parser_gives_the_same_page(text: str, spared: bool) -> None:
    """With the quiz extension, the page is the same; where the quiz stands alone (or in a
    raw block), md_in_html's HTML parser sees only its first line and ``</form>``."""
    from ecole.adapter.quiz_blocks import QuizBlocksExtension

    text = text.format(q1=_QUIZ.format(n=1), q2=_QUIZ.format(n=2))
    plain, fast = _dialect_markdown(), _dialect_markdown(QuizBlocksExtension())
    parsed: list[str] = []
    html_block = fast.preprocessors["html_block"]
    run = html_block.run
    html_block.run = lambda lines: parsed.append("\n".join(lines)) or run(lines)
    expected = plain.convert(text)
    assert fast.convert(text) == expected
    # the parser's last reading (again on the whole page, when the stand-in was lost)
    assert (len(parsed[-1]) < len(text) - 200) is spared
    assert fast.reset().convert(text) == expected  # nothing left over from the page before


def _anchor_ids(text: str, *extensions) -> set[str]:
    """The anchors MkDocs' raw HTML preprocessor lists for a page, with ``extensions`` besides the dialect."""
    from mkdocs.structure.pages import _RawHTMLPreprocessor

    md = _dialect_markdown(*extensions)
    raw_html = _RawHTMLPreprocessor()
    raw_html._register(md)
    md.convert(text)
    return raw_html.present_anchor_ids


def _quiz_pages(project: Project) -> Iterator[tuple[str, str]]:
    """(name, staged Markdown) of every page of the reference site that holds a quiz, both views."""
    for trainer in (False, True):
        curriculum, _ = load_curriculum(project, trainer=trainer)
        for name, text in page_texts(curriculum).items():
            if '<form class="ecole-quiz"' in text:
                yield name, text


def test_the_anchors_of_a_quiz_read_without_the_html_parser_are_the_parsers(project: Project) -> None:
    """MkDocs' HTML parser reads a quiz's stand-in, not the quiz; the ids then taken from the
    quiz's markup are those the parser found in it, on every page of the reference site."""
    from ecole.adapter.quiz_blocks import QuizBlocksExtension, quiz_ids

    checked = 0
    for name, text in _quiz_pages(project):
        parsed = _anchor_ids(text)
        assert _anchor_ids(text, QuizBlocksExtension()) == parsed, name
        assert any(identifier.startswith("quiz-") for identifier in parsed), name
        checked += 1
    assert checked > 20
    # a quote in a text is escaped (&#34;): never read as an attribute
    assert quiz_ids('<p id="a&amp;b">le mot id=&#34;x&#34;</p><input name="q" id="c">') == {"a&b", "c"}


@pytest.mark.parametrize("directory_urls", [True, False])
def test_the_icons_rule_of_every_page_is_one_style_sheet_for_the_site(tmp_path: Path, directory_urls: bool) -> None:
    """Material's rule for the admonitions' icons, in each page, becomes a link to one style
    sheet that holds it, at the same place; a page with another rule keeps its own."""
    import re

    import yaml
    from mkdocs.commands.build import build

    from ecole.adapter.icon_styles import IconStyles

    reference = yaml.safe_load((Path(__file__).parent.parent / "mkdocs.yml").read_text(encoding="utf-8"))
    (tmp_path / "docs" / "a" / "b").mkdir(parents=True)
    for name in ("index.md", "a/index.md", "a/b/c.md"):
        (tmp_path / "docs" / name).write_text(f"# {name}\n\n!!! activite\n\n    Texte.\n", encoding="utf-8")
    config = {
        "site_name": "Essai",
        "use_directory_urls": directory_urls,
        "theme": {"name": "material", "icon": reference["theme"]["icon"]},
        "markdown_extensions": ["admonition"],
    }
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    build(load_config(str(tmp_path / "mkdocs.yml")))
    site = tmp_path / "site"
    rule = re.compile(r"<style>(:root\{--md-admonition-icon--activite:[^<]*\})</style>")
    icons = IconStyles()
    pages = [page for page in site.rglob("*.html") if page.name != "404.html"]
    assert len(pages) == 3
    for page in pages:
        html = page.read_text(encoding="utf-8")
        found = rule.search(html)
        assert found is not None
        linked = icons.link(html, page.relative_to(site).as_posix())
        link = re.search(r'<link rel="stylesheet" href="([^"]+ecole-icones\.[0-9a-f]{8}\.css)">', linked)
        assert link is not None and rule.search(linked) is None
        assert linked == html[: found.start()] + link[0] + html[found.end() :]
        page.write_text(linked, encoding="utf-8")
    icons.write(site)
    for page in pages:
        # a page's links are relative to its folder, with or without directory URLs
        href = re.search(r'href="([^"]+ecole-icones[^"]+)"', page.read_text(encoding="utf-8"))[1]
        assert (page.parent / href).read_text(encoding="utf-8") == found[1] + "\n", page
    other = html.replace("--md-admonition-icon--activite:", "--md-admonition-icon--activite:none;--x:")
    assert icons.link(other, "x/") == other


def test_the_search_reads_quizzes_without_what_it_skips_and_indexes_the_same(project: Project) -> None:
    """Every page of the reference site that holds a quiz, both views: the search index made
    from the page without the quiz's excluded elements is the index made from the whole page."""
    from types import SimpleNamespace

    from material.plugins.search.plugin import SearchIndex

    from ecole.adapter.quiz_blocks import QuizBlocksExtension
    from ecole.adapter.search_view import search_view

    renderer = _dialect_markdown(QuizBlocksExtension())
    checked = 0
    for name, text in _quiz_pages(project):
        html = renderer.reset().convert(text)
        shorter = search_view(html)
        assert len(shorter) < len(html) - 2000, name  # the questions and answers are cut
        entries = []
        for content in (html, shorter):
            index = SearchIndex(lang="fr", separator="", pipeline=[], fields={})
            page = SimpleNamespace(meta={}, content=content, toc=[], url=name, title=name)
            index.add_entry_from_context(page)
            entries.append(index.entries)
        assert entries[1] == entries[0], name
        assert any("Quiz d" in entry["text"] for entry in entries[0]), name
        checked += 1
    assert checked > 20


def test_an_excluded_element_with_a_heading_or_its_own_kind_inside_is_left_to_the_parser() -> None:
    from ecole.adapter.search_view import search_view

    kept = (
        '<form class="ecole-quiz" id="q">\n<p>Titre</p>\n'
        '<div class="a" data-search-exclude="true"><div>x</div>y</div>\n'
        '<details data-search-exclude="true"><h3 id="t">T</h3></details>\n'
        '<fieldset data-search-exclude="true"><p>z</p></fieldset>\n</form>'
    )
    assert search_view(kept) == kept.replace('<fieldset data-search-exclude="true"><p>z</p></fieldset>', "")


def test_the_theme_files_listed_without_hidden_folders_are_the_files_mkdocs_keeps(
    project: Project, tmp_path: Path
) -> None:
    from mkdocs.structure.files import Files

    from ecole.adapter.theme_listing import VisibleFilesLoader, list_visible_files_only

    config = load_config(str(project.root / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    # a theme folder of our own beside Material's: hidden folders at two depths, a hidden file
    extra = tmp_path / "theme"
    for name in (".cache/a.css", "assets/.icons/b.svg", "assets/c.css", ".hidden.js", "d.js", "e.html"):
        (extra / name).parent.mkdir(parents=True, exist_ok=True)
        (extra / name).write_text("x")
    config.theme.dirs.append(str(extra))
    plain = Files([])
    plain_env = config.theme.get_env()
    plain.add_files_from_theme(plain_env, config)
    list_visible_files_only(config.theme)
    list_visible_files_only(config.theme)  # ecole serve configures the same theme again
    env = config.theme.get_env()
    assert isinstance(env.loader, VisibleFilesLoader)
    visible = Files([])
    visible.add_files_from_theme(env, config)
    assert [(f.src_uri, f.abs_src_path) for f in visible] == [(f.src_uri, f.abs_src_path) for f in plain]
    assert {"assets/c.css", "d.js"} <= {f.src_uri for f in visible}
    walked = plain_env.list_templates()
    assert any(name.startswith(".icons/") for name in walked)  # Material's icons, then dropped
    assert not any("/." in f"/{name}" for name in env.list_templates() if name != ".hidden.js")


_INLINE_SAMPLES = [
    "Un texte sans rien à convertir, avec : des deux-points ; des « guillemets » !",
    "Du *gras* et de l'_italique_, **fort** et __fort__ ; un snake_case_mot.",
    "Un [lien](../a.md), une ![image](b.png), une [référence][r] et [r].\n\n[r]: https://exemple.org",
    "Un `code` et \\*pas d'emphase\\*, <https://exemple.org>, <nom@exemple.org>.",
    'Une ligne coupée  \nici, une entité &amp; &#233; et du <span class="x">HTML</span>.',
    "Une note[^1].\n\n[^1]: La note, avec *emphase*.",
    "| Colonne | Autre |\n| --- | --- |\n| texte seul | *emphase* |\n| [lien](c.md) | &lt; |",
    "- liste simple\n    - sous-liste sans rien\n    - sous-liste **grasse**",
    '!!! note "Titre"\n\n    Texte seul, puis `code`.',
    "<div markdown>\n\nTexte seul dans un bloc, et *un autre*.\n\n</div>",
    "Terme défini\n:   Sa définition, sans rien.\n\n*[RGPD]: Règlement général sur la protection des données\n\nLe RGPD.",
    # each character alone in its text: the shortcut must not skip it
    "Une ligne coupée  \nici, sans rien d'autre.",
    "Une entité &eacute; seule.",
    "Un `code` seul.",
    "Un \\# échappé seul.",
    "Un lien <https://exemple.org> seul.",
    "Un mot _souligné_ seul.",
    "Un [lien](d.md) seul.",
]


@pytest.mark.parametrize("text", _INLINE_SAMPLES)
def test_texts_no_inline_pattern_can_match_are_skipped_and_the_page_is_the_same(text: str) -> None:
    """Every construct the patterns handle, beside texts that hold none: the same HTML with
    the shortcut as without it, page after page of the same instance."""
    from ecole.adapter.plain_texts import PlainTextsExtension

    plain = _dialect_markdown("ecole.adapter.quiz_blocks")
    fast = _dialect_markdown("ecole.adapter.quiz_blocks", PlainTextsExtension())
    expected = plain.convert(text)
    assert fast.convert(text) == expected
    assert fast.reset().convert(text) == expected
    assert fast.treeprocessors["inline"].shortcut_on


def test_the_shortcut_is_on_for_the_sites_patterns_and_knows_what_each_needs() -> None:
    """Each of the dialect's inline patterns is known (a new one would turn the shortcut off,
    unseen), with the characters it cannot match without."""
    from ecole.adapter.plain_texts import PlainTextsExtension, needs

    md = _dialect_markdown("ecole.adapter.quiz_blocks", PlainTextsExtension())
    found = {name: needs(md.inlinePatterns[name]) for name in md.inlinePatterns._data}
    assert found == {
        "backtick": {"`"},
        "escape": {"\\"},
        "footnote": {"["},
        "reference": {"["},
        "link": {"["},
        "image_link": {"["},
        "image_reference": {"["},
        "short_reference": {"["},
        "short_image_ref": {"["},
        "autolink": {"<"},
        "automail": {"<"},
        "linebreak": {"  \n"},
        "html": {"<"},
        "entity": {"&"},
        "em_strong": {"*", "_"},
    }


def test_an_unknown_inline_pattern_turns_the_shortcut_off_and_still_applies() -> None:
    """A pattern added by another extension is not skipped over: every text is tried."""
    from markdown.inlinepatterns import SimpleTagInlineProcessor

    from ecole.adapter.plain_texts import PlainTextsExtension

    md = _dialect_markdown("ecole.adapter.quiz_blocks", PlainTextsExtension())
    md.inlinePatterns.register(SimpleTagInlineProcessor(r"()%%(.+?)%%", "mark"), "mark", 65)
    assert md.convert("Un mot %%surligné%% ici.") == "<p>Un mot <mark>surligné</mark> ici.</p>"
    assert not md.treeprocessors["inline"].shortcut_on


def test_every_page_of_the_reference_site_is_the_same_with_the_shortcut(project: Project) -> None:
    """Both views of the reference site, page by page: the shortcut changes no page."""
    from ecole.adapter.plain_texts import PlainTextsExtension

    plain = _dialect_markdown("ecole.adapter.quiz_blocks")
    fast = _dialect_markdown("ecole.adapter.quiz_blocks", PlainTextsExtension())
    checked = 0
    for trainer in (False, True):
        curriculum, _ = load_curriculum(project, trainer=trainer)
        for name, text in page_texts(curriculum).items():
            if "--8<--" in text:  # snippets: not in this instance (no includes folder)
                continue
            assert fast.reset().convert(text) == plain.reset().convert(text), name
            checked += 1
    assert checked > 200


def test_the_site_is_built_with_the_shortcut(project_copy: Project, tmp_path: Path, monkeypatch) -> None:
    """MkDocs is given the extension: its inline treeprocessor runs on every page of a build
    (of a copy: the project's own pages may all be in its cache)."""
    from ecole.adapter.plain_texts import PlainTextsFirst
    from ecole.build import build_site

    pages: list[bool] = []
    run = PlainTextsFirst.run

    def spy(self, tree, ancestors=None):
        result = run(self, tree, ancestors)
        pages.append(self.shortcut_on)
        return result

    monkeypatch.setattr(PlainTextsFirst, "run", spy)
    build_site(project_copy, site_dir=tmp_path / "site", exports=False)
    assert len(pages) > 100 and all(pages)
