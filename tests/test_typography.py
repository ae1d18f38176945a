"""French typography: the build's filter (``ecole.assembly.typography``) on its
own, in the Markdown dialect and the HTML templates, then the built site and
PDFs read back with an independent checker (``typography_check``)."""

from __future__ import annotations

import html
import re
import subprocess
import zipfile
from pathlib import Path

import markdown
import pytest

from conftest import ROOT
from ecole.assembly import templates
from ecole.assembly.dialect import extension_names, extension_settings
from ecole.assembly.typography import french, french_html, full_stop, quoted
from ecole.build import BuildResult
from ecole.exports.booklets import CURRICULUM_PDF, module_pdf
from ecole.exports.scorm import VERSIONS
from ecole.model.learning import WHOLE_CURRICULUM
from typography_check import NBSP, NNBSP, html_misses, html_unit_misses, misses, script_texts, unit_misses

# --- the filter on plain text ------------------------------------------------------------

CASES = [
    # the four marks, after an ordinary space
    ("Quoi évaluer : trois niveaux", f"Quoi évaluer{NBSP}: trois niveaux"),
    ("le jeudi ; le vendredi", f"le jeudi{NNBSP}; le vendredi"),
    ("Qui interroger ?", f"Qui interroger{NNBSP}?"),
    ("À refaire partout !", f"À refaire partout{NNBSP}!"),
    # glued to the word, or after the wrong space, or after several
    ("quoi?", f"quoi{NNBSP}?"),
    ("Exemple: un test", f"Exemple{NBSP}: un test"),
    (f"mot{NBSP}?", f"mot{NNBSP}?"),
    (f"mot{NNBSP}:", f"mot{NBSP}:"),
    ("mot  \u00a0 ;", f"mot{NNBSP};"),
    # guillemets, with or without spaces, at the ends of a text or around another mark
    ("la « Mission Labo » du", f"la «{NBSP}Mission Labo{NBSP}» du"),
    ("«mot»", f"«{NBSP}mot{NBSP}»"),
    ("«   mot   »", f"«{NBSP}mot{NBSP}»"),
    ("« pas au guichet ! »)", f"«{NBSP}pas au guichet{NNBSP}!{NBSP}»)"),
    ("« Comment pourrions-nous… » ?", f"«{NBSP}Comment pourrions-nous…{NBSP}»{NNBSP}?"),
    ("(voir ci-dessous) :", f"(voir ci-dessous){NBSP}:"),
    # numbers and units
    ("une séance de 40 h", f"une séance de 40{NBSP}h"),
    ("de 9 h à 16 h 30", f"de 9{NBSP}h à 16{NBSP}h{NBSP}30"),
    ("Durée 2h, puis 1h30, 45min, 2j", f"Durée 2{NBSP}h, puis 1{NBSP}h{NBSP}30, 45{NBSP}min, 2{NBSP}j"),
    ("30 % des agents, 30%", f"30{NBSP}% des agents, 30{NBSP}%"),
    ("12 € ou 12€, 3 km, 1,5 ha", f"12{NBSP}€ ou 12{NBSP}€, 3{NBSP}km, 1,5{NBSP}ha"),
    ("1 000 €", f"1 000{NBSP}€"),
    ("jusqu'à 18 h ; l'accueil", f"jusqu'à 18{NBSP}h{NNBSP}; l'accueil"),
    ("(20 min) :", f"(20{NBSP}min){NBSP}:"),
]

UNCHANGED = [
    "",
    "Une phrase sans ponctuation double.",
    "10:30, 9:05 et un ratio 1:2",  # times and ratios
    "voir https://exemple.fr/page?x=1&y=2#a:b, ou http://127.0.0.1:8000/",
    "écrire à contact@exemple.fr ou mailto:contact@exemple.fr",
    "www.exemple.fr/?q=1",
    "Merci ;) et :-) et :D",  # emoticons
    "40 habitants, 3 heures, 2 minutes, 5 jours",  # words, not units
    "A4 h, h1, v2.5 min, 1 j'ai",  # identifiers, versions, elision
    "`a : b` dans le code Markdown",
    "std::vector, a::b",
    "Guillemets déjà posés\u00a0: «\u00a0oui\u00a0»\u202f!",
    "?! en tête",
    ": en tête",
    "14 h 300",  # not minutes: three digits
]


@pytest.mark.parametrize(("before", "after"), CASES)
def test_french_puts_the_right_space(before: str, after: str) -> None:
    assert french(before) == after
    assert french(after) == after  # idempotent


@pytest.mark.parametrize("text", UNCHANGED)
def test_french_leaves_alone_what_is_not_prose_or_already_right(text: str) -> None:
    expected = text.replace("14 h 300", f"14{NBSP}h 300")
    assert french(text) == expected


def test_french_never_leaves_two_spaces_in_a_row() -> None:
    result = french("a  :  b ;  c ? «  d  » 5  h !  e :")
    assert result == f"a{NBSP}:  b{NNBSP};  c{NNBSP}? «{NBSP}d{NBSP}» 5{NBSP}h{NNBSP}!  e{NBSP}:"
    assert not re.search(f"[ \t][{NBSP}{NNBSP}]|[{NBSP}{NNBSP}][ \t{NBSP}{NNBSP}]", result)


def test_french_keeps_python_markdown_placeholders() -> None:
    text = "mot \x02wzxhzdk:0\x03 : suite \x0258\x03"
    assert french(text) == f"mot \x02wzxhzdk:0\x03{NBSP}: suite \x0258\x03"


# --- the filter on HTML --------------------------------------------------------------------


def test_french_html_changes_text_only() -> None:
    html = (
        '<p title="a : b ?" data-x="« c »">Un <code>a : b ; c</code> : d &amp; e ; '
        "<em>x</em> ? d&#39;un «x» <kbd>Ctrl + ?</kbd> ; "
        '<a href="https://exemple.fr/?q=1">https://exemple.fr/?q=1</a> !</p>'
        "<pre><code>if a : b ; c ? « d »</code></pre>"
        "<script>var a = b ? c : d;</script><style>a:hover{color:red !important}</style>"
        "<!-- note : garder ; -->fin ?"
    )
    assert french_html(html) == (
        '<p title="a : b ?" data-x="« c »">Un <code>a : b ; c</code>' + NBSP + ": d &amp; e" + NNBSP + "; "
        "<em>x</em>" + NNBSP + "? d&#39;un «" + NBSP + "x" + NBSP + "» <kbd>Ctrl + ?</kbd>" + NNBSP + "; "
        '<a href="https://exemple.fr/?q=1">https://exemple.fr/?q=1</a>' + NNBSP + "!</p>"
        "<pre><code>if a : b ; c ? « d »</code></pre>"
        "<script>var a = b ? c : d;</script><style>a:hover{color:red !important}</style>"
        "<!-- note : garder ; -->fin" + NNBSP + "?"
    )


def test_french_html_handles_self_closing_and_nested_code() -> None:
    html = "<p>a<br/> : b <code>x <b>y</b> ; z</code> ; <img alt='a ; b'/> ?</p>"
    assert french_html(html) == f"<p>a<br/>{NBSP}: b <code>x <b>y</b> ; z</code>{NNBSP}; <img alt='a ; b'/>{NNBSP}?</p>"


# --- in the Markdown dialect: site, PDF and SCORM render bodies with it ------------------------


def render_markdown(text: str) -> tuple[str, markdown.Markdown]:
    md = markdown.Markdown(extensions=extension_names(), extension_configs=extension_settings())
    return md.convert(text), md


def test_the_dialect_applies_typography_to_text_but_not_code() -> None:
    source = """## Qui « interroger » ?

Un texte : voir `code : ici ; là ?` et [le lien ?](https://exemple.fr/?a=1 "titre : ?"){: title="x : y"}.
Adresse : <https://exemple.fr/page?x=1>, heure 10:30, durée 1h30 !

```python
print("a : b ; c ?")  # « code »
```

<div class="note"><p>HTML brut : « oui » ?</p><code>x : y</code></div>

Note[^1] ; suite.

[^1]: La note : ici ?
"""
    html, md = render_markdown(source)
    assert f'<h2 id="qui-interroger">Qui «{NBSP}interroger{NBSP}»{NNBSP}?</h2>' in html
    assert f"Un texte{NBSP}: voir <code>code : ici ; là ?</code>" in html
    assert f'title="x : y">le lien{NNBSP}?</a>' in html
    assert 'href="https://exemple.fr/?a=1"' in html
    assert f'Adresse{NBSP}: <a href="https://exemple.fr/page?x=1">https://exemple.fr/page?x=1</a>' in html
    assert f"heure 10:30, durée 1{NBSP}h{NBSP}30{NNBSP}!" in html
    assert "a : b ; c ?" in html and "« code »" in html  # the fenced block, as written
    assert f"<p>HTML brut{NBSP}: «{NBSP}oui{NBSP}»{NNBSP}?</p><code>x : y</code>" in html
    assert f"La note{NBSP}: ici{NNBSP}?" in html
    # the table of contents (the site's sidebar) keeps the spaces; the anchor does not change
    assert md.toc_tokens[0]["name"] == f"Qui «{NBSP}interroger{NBSP}»{NNBSP}?"
    assert md.toc_tokens[0]["id"] == "qui-interroger"
    assert html_misses(html) == []


def test_a_sentence_ending_on_a_question_gets_no_second_stop(built: BuildResult) -> None:
    """« Premier module : Pourquoi innover dans le service public local ?. » read « ?. »."""
    assert full_stop("Avoir suivi : [Pourquoi innover ?](../a/)") == "Avoir suivi : [Pourquoi innover ?](../a/)"
    assert full_stop("**[Vraiment !](a/)**") == "**[Vraiment !](a/)**"
    assert full_stop("« Pourquoi ? »") == "« Pourquoi ? »"
    assert full_stop("Voir [la fiche](a/)") == "Voir [la fiche](a/)."
    assert full_stop("Fin.") == "Fin."
    for page in ("index.html", "programmes/innovation-par-les-usages/index.html"):
        text = (built.site / page).read_text(encoding="utf-8")
        assert not re.search(r"[?!…]</a>(</strong>)?\.", text), page


def test_quotes_within_quotes_are_english_quotes() -> None:
    assert quoted("Expérimentation « école » (titre descriptif)") == "« Expérimentation “école” (titre descriptif) »"
    assert quoted("Sans guillemets") == "« Sans guillemets »"


def test_a_mail_address_in_angle_brackets_reads_as_written() -> None:
    """Python-Markdown spells ``<adresse@…>`` as one character reference per letter; the
    ``;`` that ends each one is not punctuation (« f ;o ;r ;m… » on every programme sheet
    of an edition that gave a contact address)."""
    page, _ = render_markdown("- Courriel : <formation@example.org>")
    assert f"Courriel{NBSP}: <a " in page
    assert html.unescape(re.sub(r"<[^>]+>", "", page)).strip() == f"Courriel{NBSP}: formation@example.org"
    assert "&#102;&#111;&#114;" in page  # still spelt out, as Python-Markdown wants it


def test_html_templates_get_typography_and_markdown_templates_do_not() -> None:
    # an HTML template: its text gets the spaces, its attributes do not
    header = templates.render(
        "site/method_header.html",
        method=_Method(),
        facts=[("Durée", "2h"), ("Participants", "8 à 12 : en binômes")],
        lines=[],
    )
    assert f"2{NBSP}h" in header and f"12{NBSP}: en" in header and f"fiche{NBSP}: pour tester{NNBSP}?" in header
    assert 'class="ecole-entete"' in header
    assert html_misses(header) == [] and html_unit_misses(header) == []
    # a Markdown template is left to the Markdown dialect (it may hold syntax)
    source = templates.environment().from_string("[^1]: note : {{ x }}").render(x="a")
    assert source == "[^1]: note : a"


class _Method:
    summary = "Une fiche : pour tester ?"


# --- the checker: it finds what the filter fixes --------------------------------------------------


def test_the_checker_counts_each_kind_of_miss() -> None:
    text = "Quoi : ceci ; cela ? oui ! la « Mission » 40 h, 30%"
    rules = [miss.rule for miss in misses(text)]
    assert len(rules) == 6, rules
    assert len(unit_misses(text)) == 2
    assert misses(french(text)) == [] and unit_misses(french(text)) == []
    page = "<p>a <code>b : c</code> : d</p><script>x ? y : z</script><pre>e ; f</pre>"
    assert len(html_misses(page)) == 1


# --- the built site and PDFs ---------------------------------------------------------------------


def test_the_messages_of_the_sites_scripts_have_french_typography() -> None:
    """What the quiz, the progress and the attestation write on the page (« Réponses
    effacées : … », « cliquez sur « Recommencer » »): the text of the scripts' strings, the
    selectors and keys among them (no space in them) left aside."""
    found = [
        f"{script.name}: {miss.rule}: {miss.excerpt}"
        for script in sorted((ROOT / "overrides" / "assets").glob("*.js"))
        for text in script_texts(script.read_text(encoding="utf-8"))
        if " " in text
        for miss in misses(text)
    ]
    assert found == []


def content_pages(site: Path) -> list[Path]:
    return [
        page for folder in ("modules", "methodes", "etudes-de-cas") for page in (site / folder).glob("*/index.html")
    ]


def test_module_method_and_case_pages_have_no_typography_miss(built: BuildResult) -> None:
    pages = content_pages(built.site)
    curriculum = built.curriculum
    assert len(pages) >= len(curriculum.modules) + len(curriculum.methods) + len(curriculum.case_studies)
    found = []
    for page in pages:
        html = page.read_text(encoding="utf-8")
        found += [f"{page.parent.name}: {miss}" for miss in html_misses(html) + html_unit_misses(html)]
    assert found == [], f"{len(found)} fautes, dont :\n" + "\n".join(found[:20])


def test_every_other_page_of_the_site_has_no_typography_miss(built: BuildResult) -> None:
    """Hand-written and generated pages (home, downloads, programmes, glossary…) and the menu."""
    found = []
    for page in built.site.rglob("*.html"):
        if page.relative_to(built.site).parts[0] not in ("exports", "modules", "methodes", "etudes-de-cas"):
            html_page = page.read_text(encoding="utf-8")
            found += [f"{page.relative_to(built.site)}: {miss}" for miss in html_misses(html_page)]
    assert found == [], f"{len(found)} fautes, dont :\n" + "\n".join(found[:20])


def pdf_lines(path: Path) -> list[list[str]]:
    """The lines of each page of a PDF, read with poppler's ``pdftohtml -xml``: unlike
    ``pdftotext``, which prints every space as U+0020, it keeps U+00A0 and U+202F."""
    out = subprocess.run(
        ["pdftohtml", "-xml", "-i", "-stdout", "-q", str(path)], capture_output=True, text=True, check=True
    ).stdout
    pages = []
    for page in re.findall(r"<page\b.*?</page>", out, re.S):
        pieces = sorted(
            (int(top), int(left), html.unescape(re.sub(r"<[^>]+>", "", text)))
            for top, left, text in re.findall(r'<text top="(\d+)" left="(\d+)"[^>]*>(.*?)</text>', page, re.S)
        )
        lines: dict[int, str] = {}
        for top, _, text in pieces:  # the pieces of one line (a change of font splits it)
            lines[top] = lines.get(top, "") + text
        pages.append(list(lines.values()))
    return pages


def pdf_misses(pages: list[list[str]]) -> list[str]:
    found = []
    for lines in pages:
        # a mark that starts a line, or « that ends one, was put there by an ordinary space
        found += [f"début de ligne : {line[:40]}" for line in lines if re.match(r"[:;?!»]", line)]
        found += [f"fin de ligne : {line[-40:]}" for line in lines if line.endswith("«")]
        text = re.sub("\u2010 \n", "", "\n".join(lines)).replace("\n", " ")
        found += [str(miss) for miss in misses(text) + unit_misses(text)]
    return found


def test_module_and_curriculum_booklets_have_no_typography_miss(built: BuildResult) -> None:
    module = built.curriculum.modules["entretiens"]
    for name in (module_pdf(module), CURRICULUM_PDF):
        pages = pdf_lines(built.site / "exports" / name)
        text = "".join("".join(lines) for lines in pages)
        assert "Mener des entretiens" in text and NBSP in text and NNBSP in text, name
        found = pdf_misses(pages)
        assert found == [], f"{name} : {len(found)} fautes, dont :\n" + "\n".join(found[:20])


def test_scorm_pages_have_no_typography_miss(built: BuildResult) -> None:
    for folder in VERSIONS:
        package = built.site / "exports" / folder / f"{WHOLE_CURRICULUM}.zip"
        with zipfile.ZipFile(package) as archive:
            pages = [name for name in archive.namelist() if name.endswith(".html")]
            assert len(pages) >= len(built.curriculum.modules), package
            found = []
            for name in pages:
                html_page = archive.read(name).decode("utf-8")
                found += [f"{name}: {miss}" for miss in html_misses(html_page) + html_unit_misses(html_page)]
        assert found == [], f"{folder} : {len(found)} fautes, dont :\n" + "\n".join(found[:20])
