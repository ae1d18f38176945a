"""The tag tree and the page layout of every PDF the build writes, read back with pikepdf.

No PDF/UA validator (veraPDF) can be installed here: these are the checks such a
validator makes that can be made from the file itself (lists, links, headings,
figures, language, title, fonts), and three checks of the print that a validator
does not make: no heading left alone at the foot of a page, running headers that
name the section the page covers, no automatic hyphenation in table cells.

The text is read from the content streams (each marked-content sequence is one
run of text at one position, decoded with its font's ``ToUnicode`` map) and put in
reading order by the structure tree, so that a check knows both what a piece of
text is (a heading, a table cell) and where it stands (page, line).
"""

from __future__ import annotations

import dataclasses
import re
import subprocess
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pikepdf
import pytest

from ecole.build import BuildResult

#: Height of the top page margin, in CSS pixels (booklet.css: 22 mm); running headers sit in it.
TOP_MARGIN = 22 / 25.4 * 96
#: Height of the bottom page margin (20 mm), where the page numbers are.
BOTTOM_MARGIN = 20 / 25.4 * 96
#: Width of the left page margin, in CSS pixels (booklet.css: 20 mm): the top-left header (the
#: booklet's title) starts there, the top-right one (the section's name) further right.
LEFT_MARGIN = 20 / 25.4 * 96
#: A heading needs at least this many lines of its section under it on its page.
LINES_UNDER_A_HEADING = 2
HEADINGS = {f"/H{n}": n for n in range(1, 7)}
#: WeasyPrint's hyphenate-character: a line that ends with it was cut inside a word.
AUTOMATIC_HYPHEN = "\u2010"
LIST_CHILDREN = {"/LI", "/L", "/Caption"}
ITEM_CHILDREN = {"/Lbl", "/LBody"}


class _Table(dict):
    """A translation table that drops the codes it does not know."""

    def __missing__(self, key: int) -> str:
        return ""


@dataclass
class Run:
    """One marked-content sequence: a run of text (or an image) at one place."""

    page: int
    x: float
    y: float  # baseline, from the top of the page, in CSS pixels
    text: str


@dataclass
class Element:
    role: str  # "/P", "/H2"…
    parent: Element | None
    children: list[Element] = field(default_factory=list)
    runs: list[Run] = field(default_factory=list)  # own marked content, in order
    dictionary: pikepdf.Dictionary | None = None

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()

    def all_runs(self) -> list[Run]:
        return [run for element in self.walk() for run in element.runs]

    def text(self) -> str:
        """The text, a space between two lines unless the first ends with a hyphen (a
        word cut by the layout is joined again)."""
        words, previous = "", None
        for run in self.all_runs():
            if previous is not None and (run.page, run.y) != previous:
                words = words.rstrip()
                if words.endswith(AUTOMATIC_HYPHEN):
                    words = words[:-1]
                elif not words.endswith("-"):
                    words += " "
            words += run.text
            previous = (run.page, run.y)
        return " ".join(words.split())

    def ancestors(self):
        node = self.parent
        while node is not None:
            yield node
            node = node.parent


@dataclass
class Tagged:
    """A PDF's structure tree, with each piece of marked content where it is printed."""

    path: Path
    root: Element
    pdf: pikepdf.Pdf
    untagged: dict[int, list[Run]]  # marked content outside the tree (page margins), per page
    pages: int
    everything: list[Element] = field(default_factory=list)  # the elements in reading order

    def elements(self) -> list[Element]:
        if not self.everything:
            self.everything = list(self.root.walk())
        return self.everything


def _to_unicode(font: pikepdf.Dictionary) -> tuple[dict[int, str], int]:
    """The font's code -> text map (a ``str.translate`` table), and its code length in bytes."""
    width = 2 if font.get("/Subtype") == "/Type0" else 1
    mapping = _Table()
    if "/ToUnicode" not in font:
        return mapping, width
    cmap = font.ToUnicode.read_bytes().decode("latin-1")

    def text_of(hexa: str) -> str:
        return bytes.fromhex(hexa).decode("utf-16-be", errors="replace")

    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
        for code, target in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>", block):
            mapping[int(code, 16)] = text_of(target)
    for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
        for start, end, target in re.findall(
            r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(<[0-9a-fA-F]+>|\[[^\]]*\])", block
        ):
            first, last = int(start, 16), int(end, 16)
            targets = re.findall(r"<([0-9a-fA-F]+)>", target)
            for offset, key in enumerate(range(first, last + 1)):
                if target.startswith("["):
                    mapping[key] = text_of(targets[offset]) if offset < len(targets) else ""
                else:
                    base = bytes.fromhex(targets[0])
                    value = int.from_bytes(base, "big") + offset
                    mapping[key] = value.to_bytes(len(base), "big").decode("utf-16-be", errors="replace")
    return mapping, width


#: The operators that matter in the content streams WeasyPrint writes (hex strings, one
#: ``Tm`` per run of text): marked content with its MCID, other marked content, its end,
#: the text matrix, the font, the text shown, an image.
_TOKENS = re.compile(
    rb"<<\s*/MCID\s+(\d+)\s*>>\s*BDC"
    rb"|(B[DM]C)\b"
    rb"|(EMC)\b"
    rb"|1 0 0 -1 (\S+) (\S+) Tm\b"  # WeasyPrint's text is never turned nor scaled
    rb"|/([^\s/\[<(]+)\s+[-\d.]+\s+Tf\b"
    rb"|\[([^\]]*)\]\s*TJ\b"
    rb"|<([0-9a-fA-F]*)>\s*Tj\b"
    rb"|(Do)\b"
)
_HEX = re.compile(rb"<([0-9a-fA-F]*)>")


def _page_runs(page: pikepdf.Page, number: int, fonts: dict) -> dict[int, Run]:
    """Marked content of one page by MCID: text decoded, position of its first glyph.
    ``fonts`` caches the fonts' maps across pages."""
    resources = page.Resources.get("/Font", {})
    runs: dict[int, Run] = {}
    stack: list[int | None] = []
    current: int | None = None  # the innermost MCID
    font: tuple[dict[int, str], int] = (_Table(), 1)
    x = y = 0.0
    contents = page.Contents
    data = (
        b"\n".join(c.read_bytes() for c in contents) if isinstance(contents, pikepdf.Array) else contents.read_bytes()
    )
    for match in _TOKENS.finditer(data):
        mcid, other, end, tx, ty, name, array, single, image = match.groups()
        if mcid is not None:
            current = int(mcid)
            stack.append(current)
            runs[current] = Run(number, 0.0, 0.0, "")
        elif other is not None:
            stack.append(None)
        elif end is not None:
            if stack:
                stack.pop()
                current = next((m for m in reversed(stack) if m is not None), None)
        elif tx is not None:
            x, y = float(tx), float(ty)
            if current is not None and not runs[current].text:
                runs[current].x, runs[current].y = x, y
        elif name is not None:
            key = "/" + name.decode("latin-1")
            if key in resources:
                reference = resources[key].objgen
                if reference not in fonts:
                    fonts[reference] = _to_unicode(resources[key])
                font = fonts[reference]
        elif array is not None or single is not None:
            if current is None:
                continue
            mapping, width = font
            codes = bytes.fromhex(b"".join(_HEX.findall(array)).decode() if array is not None else single.decode())
            # each code as one character whose number is the code, then mapped in one go;
            # codes without a map are dropped
            chars = codes.decode("utf-16-be", "surrogatepass") if width == 2 else codes.decode("latin-1")
            runs[current].text += chars.translate(mapping)
        elif image is not None and current is not None:
            runs[current].x, runs[current].y = x, y
    return runs


@cache
def read_tagged(path: Path) -> Tagged:
    pdf = pikepdf.open(path)
    page_numbers = {page.objgen: number for number, page in enumerate(pdf.pages)}
    fonts: dict = {}
    runs = {number: _page_runs(page, number, fonts) for number, page in enumerate(pdf.pages)}
    used: set[tuple[int, int]] = set()

    def page_of(element: Element) -> int | None:
        """The page of an element's marked content: its own /Pg, or its nearest ancestor's."""
        for node in [element, *element.ancestors()]:
            if node.dictionary is not None and "/Pg" in node.dictionary:
                return page_numbers.get(node.dictionary.Pg.objgen)
        return None

    def build(dictionary: pikepdf.Dictionary, parent: Element | None, role: str) -> Element:
        element = Element(role, parent, dictionary=dictionary)
        kids = dictionary.get("/K")
        if kids is None:
            return element
        page = None
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            if isinstance(kid, pikepdf.Dictionary):
                child_role = kid.get("/S")
                if child_role is not None:
                    element.children.append(build(kid, element, str(child_role)))
                elif kid.get("/Type") == "/MCR":  # (an /OBJR, a link's annotation, is left out)
                    number = page_numbers.get(kid.Pg.objgen) if "/Pg" in kid else page_of(element)
                    mcid = int(kid.MCID)
                    element.runs.append(runs[number].get(mcid, Run(number, 0, 0, "")))
                    used.add((number, mcid))
            else:
                page = page_of(element) if page is None else page
                mcid = int(kid)
                element.runs.append(runs[page].get(mcid, Run(page, 0, 0, "")))
                used.add((page, mcid))
        return element

    root = build(pdf.Root.StructTreeRoot, None, "/StructTreeRoot")
    untagged = {
        number: [run for mcid, run in page_runs.items() if (number, mcid) not in used]
        for number, page_runs in runs.items()
    }
    return Tagged(path, root, pdf, untagged, len(pdf.pages))


# --- the rules: each returns the faults found, as short descriptions ------------------------


def list_items_outside_lists(doc: Tagged) -> list[str]:
    return [
        f"LI sous {e.parent.role} : {e.text()[:50]!r}"
        for e in doc.elements()
        if e.role == "/LI" and e.parent is not None and e.parent.role != "/L"
    ]


def lists_holding_other_blocks(doc: Tagged) -> list[str]:
    faults = [
        f"L contient {child.role} : {child.text()[:50]!r}"
        for e in doc.elements()
        if e.role == "/L"
        for child in e.children
        if child.role not in LIST_CHILDREN
    ]
    faults += [
        f"LI contient {child.role} : {child.text()[:50]!r}"
        for e in doc.elements()
        if e.role == "/LI"
        for child in e.children
        if child.role not in ITEM_CHILDREN
    ]
    return faults


def links_in_links(doc: Tagged) -> list[str]:
    return [
        f"Link dans un Link : {e.text()[:50]!r}"
        for e in doc.elements()
        if e.role == "/Link" and any(a.role == "/Link" for a in e.ancestors())
    ]


def skipped_heading_levels(doc: Tagged) -> list[str]:
    """A heading at most one level below the one before it; the first is an H1."""
    faults, previous = [], 0
    for e in doc.elements():
        if e.role in HEADINGS:
            level = HEADINGS[e.role]
            if level > previous + 1:
                faults.append(f"H{level} après H{previous} : {e.text()[:50]!r}")
            previous = level
    return faults


def figures_without_text(doc: Tagged) -> list[str]:
    return [
        f"Figure sans texte de remplacement, page {e.all_runs()[0].page + 1 if e.all_runs() else '?'}"
        for e in doc.elements()
        if e.role == "/Figure" and not str(e.dictionary.get("/Alt", "")).strip()
    ]


def document_faults(doc: Tagged) -> list[str]:
    """Language, title shown in the window, marked as tagged, tagged as PDF/UA."""
    root, faults = doc.pdf.Root, []
    if not str(root.get("/Lang", "")).strip():
        faults.append("pas de /Lang")
    if not bool(root.get("/ViewerPreferences", {}).get("/DisplayDocTitle", False)):
        faults.append("pas de /DisplayDocTitle")
    if not bool(root.get("/MarkInfo", {}).get("/Marked", False)):
        faults.append("pas de /MarkInfo /Marked")
    with doc.pdf.open_metadata() as meta:
        if not (meta.get("dc:title") or "").strip():
            faults.append("pas de titre dans les métadonnées XMP")
        if meta.get("pdfuaid:part") != "1":
            faults.append("pas de déclaration PDF/UA-1")
    if not str(doc.pdf.docinfo.get("/Title", "")).strip():
        faults.append("pas de /Title")
    return faults


def _pdffonts(path: Path) -> subprocess.Popen:
    return subprocess.Popen(["pdffonts", str(path)], stdout=subprocess.PIPE, text=True)


def pdf_fonts(path: Path, process: subprocess.Popen | None = None) -> dict[str, bool]:
    """Each font of the file (poppler's ``pdffonts``, already started or not), and whether
    it is embedded."""
    process = process or _pdffonts(path)
    out, _ = process.communicate()
    assert process.returncode == 0, path
    # after two lines of headers: name, type (may hold spaces), encoding, emb, sub, uni, object, id
    return {line.split()[0]: line.split()[-5] == "yes" for line in out.splitlines()[2:]}


def content_outside_the_tree(doc: Tagged) -> list[str]:
    """Text of the page's body that the structure tree leaves out (a reader would skip it).
    WeasyPrint leaves out the page margins' text (running headers, page numbers): PDF 1.7
    has no way to tag them as artifacts in the tree, and they repeat what the tree holds."""
    faults = []
    for page, runs in doc.untagged.items():
        height = float(doc.pdf.pages[page].mediabox[3]) / 0.75
        faults += [
            f"page {page + 1} : texte hors de l'arbre, {run.text[:50]!r}"
            for run in runs
            if run.text.strip() and TOP_MARGIN <= run.y <= height - BOTTOM_MARGIN
        ]
    return faults


def fonts_not_embedded(path: Path, process: subprocess.Popen | None = None) -> list[str]:
    return [f"police non incorporée : {name}" for name, embedded in pdf_fonts(path, process).items() if not embedded]


def _reading_order(doc: Tagged) -> list[tuple[Run, Element | None]]:
    """Every run of text of the tree in reading order (images left out), with the heading
    it belongs to, if any."""
    return [(run, _heading_of(e)) for e in doc.elements() for run in e.runs if run.text.strip()]


def _heading_of(element: Element) -> Element | None:
    return next((a for a in [element, *element.ancestors()] if a.role in HEADINGS), None)


def headings_alone_at_page_foot(doc: Tagged) -> list[str]:
    """A heading (with the headings right under it) whose section goes on overleaf with
    fewer than two lines of it under the heading: the reader turns the page to begin."""
    order = _reading_order(doc)
    faults = []
    index = 0
    while index < len(order):
        heading = order[index][1]
        if heading is None:
            index += 1
            continue
        # the heading block: this heading and those that follow it at once
        end = index
        while end + 1 < len(order) and order[end + 1][1] is not None:
            end += 1
        page = order[end][0].page
        lines: set[int] = set()
        after = end + 1
        while after < len(order) and order[after][1] is None and order[after][0].page == page:
            lines.add(round(order[after][0].y))
            after += 1
        continued = after < len(order) and order[after][1] is None and order[after][0].page > page
        if continued and len(lines) < LINES_UNDER_A_HEADING:
            faults.append(f"page {page + 1} : titre seul en bas de page, {heading.text()[:60]!r}")
        index = end + 1
    return faults


def running_header(doc: Tagged, page: int) -> str:
    """The text in the top margin, right of the booklet's title: the section's name."""
    runs = [r for r in doc.untagged.get(page, []) if r.y < TOP_MARGIN and r.x > LEFT_MARGIN + 1]
    runs.sort(key=lambda r: (round(r.y), r.x))
    return " ".join("".join(r.text for r in runs).split())


def running_headers_not_naming_the_section(doc: Tagged) -> list[str]:
    """On each page, the running header names the section the page's top belongs to:
    the last running heading that starts before the page's first line of text, or on
    that line. Running headings are those whose text shows in a header somewhere; the
    document's title (H1, on the cover) is not a section, even when its first chapter
    bears the same words (a module's booklet)."""
    headers = {page: running_header(doc, page) for page in range(doc.pages)}
    names = {text for text in headers.values() if text}
    if not names:
        return []
    order = _reading_order(doc)
    starts: list[tuple[int, float, str]] = []  # page, y, name of each running heading
    first_line: dict[int, float] = {}
    seen: set[int] = set()
    for run, heading in order:
        first_line.setdefault(run.page, run.y)
        first_line[run.page] = min(first_line[run.page], run.y)
        if heading is not None and heading.role != "/H1" and id(heading) not in seen:
            seen.add(id(heading))
            if heading.text() in names:
                starts.append((run.page, run.y, heading.text()))
    faults = []
    for page, header in headers.items():
        if page not in first_line:
            continue
        top = first_line[page]
        covering = [name for p, y, name in starts if p < page or (p == page and y <= top + 1)]
        expected = covering[-1] if covering else ""
        if header != expected:
            faults.append(f"page {page + 1} : en-tête {header!r}, section {expected!r}")
    return faults


def hyphenated_table_cells(doc: Tagged) -> list[str]:
    return [
        f"page {run.page + 1} : mot coupé dans une cellule, {e.text()[:50]!r}"
        for e in doc.elements()
        if e.role in ("/TD", "/TH")
        for run in e.all_runs()
        if run.text.rstrip().endswith(AUTOMATIC_HYPHEN)
    ]


RULES = {
    "list_items_outside_lists": list_items_outside_lists,
    "lists_holding_other_blocks": lists_holding_other_blocks,
    "links_in_links": links_in_links,
    "skipped_heading_levels": skipped_heading_levels,
    "figures_without_text": figures_without_text,
    "document_faults": document_faults,
    "content_outside_the_tree": content_outside_the_tree,
    "headings_alone_at_page_foot": headings_alone_at_page_foot,
    "running_headers_not_naming_the_section": running_headers_not_naming_the_section,
    "hyphenated_table_cells": hyphenated_table_cells,
}


def audit(paths: list[Path]) -> dict[str, dict[str, list[str]]]:
    """rule -> file -> faults, for every file (fonts included)."""
    report: dict[str, dict[str, list[str]]] = {name: {} for name in [*RULES, "fonts_not_embedded"]}
    fonts = {path: _pdffonts(path) for path in paths}  # poppler reads while Python walks the trees
    for path in paths:
        doc = read_tagged(path)
        for name, rule in RULES.items():
            if faults := rule(doc):
                report[name][str(path)] = faults
        if faults := fonts_not_embedded(path, fonts[path]):
            report["fonts_not_embedded"][str(path)] = faults
    return report


# --- the tests ---------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def every_pdf(built: BuildResult, reference_guide: Path) -> list[Path]:
    """The learners' PDFs, and the trainer's guide that only the trainer view holds."""
    paths = sorted((built.site / "exports").rglob("*.pdf"))
    assert len(paths) > 20, paths
    return [*paths, reference_guide]


def _faults(report: dict[str, list[str]], root: Path) -> str:
    """The faults, per file, for a failure message (the first ones of each file)."""
    return "\n".join(
        f"{Path(path).relative_to(root) if Path(path).is_relative_to(root) else path} ({len(faults)}) : "
        + " ; ".join(faults[:3])
        for path, faults in report.items()
    )


@pytest.fixture(scope="session")
def pdf_audit(every_pdf: list[Path], built: BuildResult) -> dict[str, dict[str, list[str]]]:
    return audit(every_pdf)


@pytest.mark.parametrize(
    "rule",
    [
        "list_items_outside_lists",
        "lists_holding_other_blocks",
        "links_in_links",
        "skipped_heading_levels",
        "figures_without_text",
        "content_outside_the_tree",
        "document_faults",
        "fonts_not_embedded",
    ],
)
def test_every_pdf_has_a_valid_tag_tree(rule: str, pdf_audit: dict, built: BuildResult) -> None:
    """What a PDF/UA validator checks that can be checked here: list items in lists and
    lists made of items, no link inside a link, heading levels in order, figures with an
    alternative text, the language, the title shown in the window, every font embedded."""
    assert not pdf_audit[rule], _faults(pdf_audit[rule], built.site / "exports")


def test_no_heading_is_left_alone_at_the_foot_of_a_page(pdf_audit: dict, built: BuildResult) -> None:
    faults = pdf_audit["headings_alone_at_page_foot"]
    assert not faults, _faults(faults, built.site / "exports")


def test_running_headers_name_the_section_the_page_covers(pdf_audit: dict, built: BuildResult) -> None:
    faults = pdf_audit["running_headers_not_naming_the_section"]
    assert not faults, _faults(faults, built.site / "exports")


def test_no_word_is_cut_in_a_table_cell(pdf_audit: dict, built: BuildResult) -> None:
    faults = pdf_audit["hyphenated_table_cells"]
    assert not faults, _faults(faults, built.site / "exports")


#: Rules the sample below cannot break: it is checked that they find nothing wrong there.
SOUND_IN_THE_SAMPLE = ("document_faults", "content_outside_the_tree")


def test_the_checks_find_each_fault_they_look_for(tmp_path: Path) -> None:
    """The checks above pass only if they can fail: a small document made with each fault
    (the markup and styles the booklets had before) is caught by each of them."""
    from weasyprint import CSS, HTML

    body = """
<h1>Document</h1>
<dl class="faits"><div><dt>Durée</dt><dd>2 h</dd></div></dl>
<ul><li><p>Un paragraphe dans un élément de liste à puce.</p></li></ul>
<p><a href="#suite">La suite</a></p>
<h3>Un titre qui saute un niveau</h3>
<img src="data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7">
<table><tr><th>Type</th><td class="etroite">Module</td></tr></table>
<div style="break-before: page; height: 190mm"><p>Le haut de la deuxième page.</p></div>
<h2 class="courant" id="suite">Une section en bas de page</h2>
<p>Sa première ligne.</p>
<div style="break-inside: avoid; height: 120mm"><p>Un encadré qui ne tient plus sur la page.</p></div>
"""
    css = """
@page { size: A4; margin: 22mm 18mm 20mm 20mm; @top-right { content: string(chapitre); } }
h2, h3 { break-after: avoid; }
.courant { string-set: chapitre content(); }
a::after { content: " (p. " target-counter(attr(href), page) ")"; }
.etroite { width: 5mm; hyphens: auto; }
"""
    html = f'<!DOCTYPE html><html lang="fr"><head><title>Essai</title></head><body>{body}</body></html>'
    target = tmp_path / "fautes.pdf"
    HTML(string=html).write_pdf(target, stylesheets=[CSS(string=css)], pdf_variant="pdf/ua-1")
    doc = read_tagged(target)
    missed = [name for name, rule in RULES.items() if name not in SOUND_IN_THE_SAMPLE and not rule(doc)]
    assert not missed
    assert not document_faults(doc) and not content_outside_the_tree(doc)
    assert content_outside_the_tree(dataclasses.replace(doc, untagged={1: [Run(1, 100, 500, "Perdu")]}))
    assert pdf_fonts(target) and all(pdf_fonts(target).values())
    # no language, no title
    HTML(string=html.replace(' lang="fr"', "").replace("<title>Essai</title>", "")).write_pdf(
        target, pdf_variant="pdf/ua-1"
    )
    read_tagged.cache_clear()
    assert {"pas de /Lang", "pas de /Title"} <= set(document_faults(read_tagged(target)))
