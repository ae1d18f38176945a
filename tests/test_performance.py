"""The shortcuts that keep builds fast change nothing a reader sees, and the benchmark runs."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ecole.adapter import mkdocs_plugin
from ecole.adapter.compact_html import compact
from ecole.assembly.glossary import first_uses_only, tooltips
from ecole.assembly.navigation import GROUP_SIZE, grouped
from ecole.assembly.quiz_html import inline
from ecole.bench import Rebuild, measure, rebuild_summary
from ecole.build import BuildResult, ExportOptions, build_site
from ecole.model.addresses import FILE_SIZE_ATTRIBUTE
from ecole.model.project import Project
from ecole.model.structure import Curriculum


def markdown_inline(text: str) -> str:
    rendered = markdown.markdown(text, output_format="html")
    if rendered.startswith("<p>") and rendered.endswith("</p>") and rendered.count("<p>") == 1:
        return rendered[3:-4]
    return rendered


def test_quiz_texts_render_as_markdown_renders_them(built: BuildResult) -> None:
    texts = {
        text
        for module in built.curriculum.modules.values()
        for question in module.questions
        for text in (question.text, *(c.text for c in question.choices), *(c.explanation for c in question.choices))
    }
    assert len(texts) > 100
    assert [text for text in texts if inline(text) != markdown_inline(text)] == []


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab _*`[]()<>&!#-=1.:;,?'\"«»%/–é\n", max_size=16))
def test_the_plain_text_shortcut_never_changes_markdown(text: str) -> None:
    inline.cache_clear()
    assert inline(text) == markdown_inline(text)


def test_each_page_carries_the_tooltips_of_the_terms_it_may_show(built: BuildResult) -> None:
    """Per-page abbreviations give the same HTML as the whole glossary appended everywhere."""
    curriculum: Curriculum = built.curriculum
    tips = tooltips(curriculum)
    everything = "\n\n".join(line for _, lines in tips.entries for line in lines) + "\n"
    extensions = ["abbr", "admonition", "attr_list", "md_in_html", "tables"]
    for module in list(curriculum.modules.values())[:5]:
        body = module.body
        assert tips.for_text(body), "un module sans aucun terme du glossaire ne teste rien"
        with_all = markdown.markdown(body + "\n\n" + everything, extensions=extensions)
        with_used = markdown.markdown(body + "\n\n" + tips.for_text(body), extensions=extensions)
        assert with_used == with_all


def test_a_term_keeps_its_tooltip_on_its_first_use_only() -> None:
    html = (
        '<p><abbr title="Portrait d’usager">Persona</abbr> et <abbr title="Portrait d’usager">personas</abbr>, '
        '<abbr title="Difficulté">irritant</abbr>.</p><p><abbr title="Difficulté">Irritants</abbr></p>'
    )
    assert first_uses_only(html) == (
        '<p><abbr title="Portrait d’usager">Persona</abbr> et personas, '
        '<abbr title="Difficulté">irritant</abbr>.</p><p>Irritants</p>'
    )


def test_compaction_keeps_preformatted_text_and_single_spaces() -> None:
    page = (
        "<ul>\n      <li>\n\n        <a>Un</a>\n      </li>\n</ul>\n"
        "<pre><code>ligne 1\n\n    ligne 2</code></pre> <p>a  b\u00a0:\u202fc</p>"
        "<p><code>x  \n  y</code> <kbd>Ctrl  \n C</kbd></p><textarea>\n\n  t</textarea>"
    )
    assert compact(page) == (
        "<ul>\n<li>\n<a>Un</a>\n</li>\n</ul>\n"
        "<pre><code>ligne 1\n\n    ligne 2</code></pre> <p>a  b\u00a0:\u202fc</p>"
        "<p><code>x  \n  y</code> <kbd>Ctrl  \n C</kbd></p><textarea>\n\n  t</textarea>"
    )


def reference_compact(html: str) -> str:
    """What compact() means, written the obvious (slower) way."""
    out, position = [], 0
    for kept in re.finditer(r"<(pre|code|kbd|textarea)\b.*?</\1>", html, flags=re.S | re.I):
        out += [re.sub(r"[ \t\r\n]*\n[ \t\r\n]*", "\n", html[position : kept.start()]), kept.group(0)]
        position = kept.end()
    return "".join([*out, re.sub(r"[ \t\r\n]*\n[ \t\r\n]*", "\n", html[position:])])


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=" \t\r\n\u00a0ab<>/precodkbtxa", max_size=40))
def test_compaction_does_what_it_says(html: str) -> None:
    assert compact(html) == reference_compact(html)


def test_compacted_pages_keep_their_text(site: Path) -> None:
    page = (site / "modules" / "entretiens" / "index.html").read_text(encoding="utf-8")
    assert not re.search(r"\n[ \t]*\n", re.sub(r"<(pre|code|textarea)\b.*?</\1>", "", page, flags=re.S))


def as_read(html: str) -> str:
    """A page as a browser lays it out, for templates only: runs of whitespace are
    one space, and the spaces that lay out nothing are dropped (between list
    items, before the doctype, between the search box's two icons, one always hidden)."""
    html = re.sub(r"(</li>|</svg>)\s+(?=<li\b|<svg\b)", r"\1", html).lstrip()
    return re.sub(r"\s+", " ", html)


def test_trimmed_templates_change_nothing_a_reader_sees(
    site: Path, project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(mkdocs_plugin, "trim_template_whitespace", lambda env: None)
    # without the cache of the pages, which knows the code by its files, not what a test changed
    untrimmed = build_site(project, site_dir=tmp_path / "site", exports=False, options=ExportOptions(cache=False)).site
    pages = sorted(page.relative_to(untrimmed) for page in untrimmed.rglob("*.html"))
    assert len(pages) > 50
    assert sorted(page.relative_to(site) for page in site.rglob("*.html")) == pages
    # the two builds did differ, in their whitespace
    assert all((untrimmed / page).read_bytes() != (site / page).read_bytes() for page in pages)
    # the site fixture has its exports, whose sizes the build wrote into the pages that offer them
    filled = re.compile(rf'(<(\w+)\b[^>]*\b{FILE_SIZE_ATTRIBUTE}="[^"]+"[^>]*>)[^<]*</\2>')

    def read(page: Path) -> str:
        return as_read(filled.sub(r"\1</\2>", page.read_text(encoding="utf-8")))

    changed = [page.as_posix() for page in pages if read(site / page) != read(untrimmed / page)]
    assert changed == []


def test_long_sections_are_grouped_for_the_navigation() -> None:
    entries = [f"modules/m{i}.md" for i in range(1, 2 * GROUP_SIZE + 6)]
    groups = grouped(entries, "Modules")
    assert [next(iter(group)) for group in groups] == [
        f"Modules 1 à {GROUP_SIZE}",
        f"Modules {GROUP_SIZE + 1} à {2 * GROUP_SIZE}",
        f"Modules {2 * GROUP_SIZE + 1} à {2 * GROUP_SIZE + 5}",
    ]
    assert [page for group in groups for page in next(iter(group.values()))] == entries
    assert grouped(entries[:GROUP_SIZE], "Modules") == entries[:GROUP_SIZE]


def _touched(megabytes: int) -> bytearray:
    """Memory really held: every page written (a fresh bytearray is not resident)."""
    held = bytearray(megabytes * 1024 * 1024)
    held[::4096] = b"\x01" * len(range(0, len(held), 4096))
    return held


def test_the_bench_measures_a_command_and_not_itself() -> None:
    # Linux counts in a command's peak memory that of the process it was started from:
    # started from the bench, a small command weighed what the bench held
    held = _touched(300)
    seconds, cpu, peak = measure([sys.executable, "-c", "pass"], Path.cwd())
    assert peak < 100, f"{peak:.0f} Mo pour « python -c pass »"
    assert cpu > 0 and 0 < seconds < 30
    grows = "b = bytearray(200 * 1024 * 1024); b[::4096] = b'\\x01' * len(range(0, len(b), 4096))"
    assert 200 < measure([sys.executable, "-c", grows], Path.cwd())[2] < 300
    assert held[0] == 1


def test_the_bench_says_which_of_the_rebuilds_it_kept() -> None:
    # the kept rebuild is one of them, with its steps and report: for an even count, not
    # the median of the times but the faster of the middle two
    def summary(builds: int) -> list[str]:
        return rebuild_summary([Rebuild("un module modifié", "100", 5.0, 9.0, 250.0, {}, [], of=builds)])

    lead = "Cursus de 100 modules, construction un module modifié : 5,0 s"
    assert summary(1) == []
    assert summary(2) == [f"{lead}, la plus rapide de 2"]
    assert summary(3) == [f"{lead}, médiane de 3"]
    assert summary(4) == [f"{lead}, la plus rapide des deux du milieu sur 4"]


def test_the_bench_says_which_command_failed_and_why() -> None:
    with pytest.raises(RuntimeError, match=r"(?s)« .* -c import sys; sys.exit\('pas ici'\) » a échoué .*pas ici"):
        measure([sys.executable, "-c", "import sys; sys.exit('pas ici')"], Path.cwd())


@pytest.mark.slow
def test_bench_runs_on_a_small_curriculum() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ecole.cli", "bench", "--sizes", "20", "--skip-exports"],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    rows = [line.split() for line in result.stdout.splitlines() if line.lstrip().startswith("20 ")]
    assert [row[1] for row in rows] == ["ecole", "Material,", "Material,"]
    assert "N = 20, coût d'une page (temps de processeur / pages écrites) : ecole " in result.stdout
    assert "  par page, ecole / Material sur les textes bruts = " in result.stdout
    # the trainer view, built by the same command, is counted with the learners' site
    assert rows[0][3] == "+" and int(rows[0][2]) > 20 and int(rows[0][4]) > 20
    assert "HTML par page de module à N = 20 : " in result.stdout
