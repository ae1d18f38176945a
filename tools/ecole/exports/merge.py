"""Put the printed parts of a booklet together into one tagged PDF (see :mod:`.parted`).

WeasyPrint writes each part as a complete PDF/UA file: a structure tree whose root
holds one ``Document`` element, a parent tree (``/ParentTree``) that maps each page's
and each link's ``/StructParents`` key to its structure elements, named destinations
for the anchors, bookmarks. This module keeps the first part's file (its catalog:
language, metadata, viewer preferences) and adds the others to it, so that the result
is one tree, one parent tree, one name tree, one outline, as if WeasyPrint had printed
the whole booklet at once.
"""

from __future__ import annotations

import contextlib
import functools
import io
import itertools
import re
import warnings
from pathlib import Path
from urllib.parse import unquote

import pikepdf
from fontTools.ttLib import TTFont
from fontTools.ttLib.tables._g_l_y_f import Glyph
from pikepdf import Array, Dictionary, Name, NameTree, OutlineItem, String

from . import cache, pagination
from .pagination import Numbering


def merge(
    parts: list[Path],
    levels: list[list[int]],
    shifts: list[int],
    overlay: Path,
    target: Path,
    scheme: str,
    elsewhere: dict[str, str],
    numbering: Numbering | None = None,
) -> None:
    """``parts`` in order into ``target``; ``levels`` are the bookmark levels of each part
    (from 1), ``shifts`` how many levels each part's headings go down in the tags,
    ``overlay`` the PDF whose pages are laid over the result's, or, with ``numbering``,
    the sheets every page's margins are drawn from (:mod:`.pagination`). A link to ``<scheme><id>``
    leads to the anchor ``<id>`` of another part; when no part has it, to the address
    ``elsewhere[id]``, or nowhere when that is empty (the words stay, as a span)."""
    if shifts[0]:
        raise ValueError("la première partie d'un livret garde ses niveaux de titres")
    with pikepdf.open(parts[0]) as pdf:
        tree = pdf.Root.StructTreeRoot
        document = _document_element(tree)
        numbers = list(_numbers(tree))
        next_key = 1 + max((key for key, _ in numbers), default=-1)
        destinations = [(name, value) for name, value in NameTree(pdf.Root.Names.Dests).items()]
        bookmarks = _bookmarks(pdf, levels[0])
        with contextlib.ExitStack() as opened:  # the parts stay open until the booklet is saved
            for path, part_levels, shift in zip(parts[1:], levels[1:], shifts[1:], strict=True):
                part = opened.enter_context(pikepdf.open(path))
                first_page = len(pdf.pages)
                with warnings.catch_warnings():
                    # pikepdf warns that named destinations are not carried over: they are, below
                    warnings.simplefilter("ignore", pikepdf.PageCopyWarning)
                    pdf.pages.extend(part.pages)
                # the part's keys follow the booklet's: pages and links point to their new numbers
                offset = next_key
                for page in pdf.pages[first_page:]:
                    if "/StructParents" in page.obj:
                        page.obj.StructParents = int(page.obj.StructParents) + offset
                    for annotation in page.obj.get("/Annots", []):
                        if "/StructParent" in annotation:
                            annotation.StructParent = int(annotation.StructParent) + offset
                part_document = _document_element(part.Root.StructTreeRoot)
                kids = part_document.K  # an array (see _document_element)
                for kid in kids:
                    if isinstance(kid, Dictionary):
                        del kid["/P"]  # so that copying it does not copy the part's whole tree again
                        _lower_headings(kid, shift)
                for kid in _copy(pdf, kids):
                    if isinstance(kid, Dictionary):
                        kid.P = document
                    document.K.append(kid)
                # copied in one call each: qpdf walks what they hold faster than Python
                part_numbers = list(_numbers(part.Root.StructTreeRoot, part, pdf))
                numbers += [(key + offset, value) for key, value in part_numbers]
                next_key = offset + 1 + max((key for key, _ in part_numbers), default=-1)
                destinations += NameTree(_copy_whole(part, part.Root.Names.Dests, pdf)).items()
                bookmarks += _bookmarks(part, part_levels, pdf)
            _name_tree(pdf, destinations)
            unlinked, unlinked_pages = _link_across(pdf, {name for name, _ in destinations}, scheme, elsewhere)
            numbers, spans = _unlink(numbers, unlinked)
            if spans:
                _plain_words(pdf, unlinked_pages, dict(numbers), {element.objgen for element in spans})
            tree.ParentTree = pdf.make_indirect(
                Dictionary(Nums=Array([x for key, value in numbers for x in (key, value)]))
            )
            tree.ParentTreeNextKey = next_key
            _outline(pdf, bookmarks)
            _lay_over(pdf, overlay, numbering)
            _share_fonts(pdf)
            target.parent.mkdir(parents=True, exist_ok=True)
            pdf.save(target, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)


def _copy(pdf: pikepdf.Pdf, value):
    """``value`` of another file, in ``pdf``: an indirect object is copied once (qpdf keeps
    one copy per object, so pages and elements copied before are the same objects), a
    direct array or dictionary is rebuilt around the copies of what it holds."""
    if isinstance(value, pikepdf.Object) and value.is_indirect:
        return pdf.copy_foreign(value)
    if isinstance(value, Array):
        return Array([_copy(pdf, item) for item in value])
    if isinstance(value, Dictionary):
        return Dictionary({key: _copy(pdf, item) for key, item in value.items()})
    return value


def _copy_whole(part: pikepdf.Pdf, value: Array | Dictionary, pdf: pikepdf.Pdf) -> Array | Dictionary:
    """``value`` of ``part`` and all it holds, in ``pdf``, in one call: qpdf copies only
    indirect objects, so a direct one is first made indirect in ``part`` (which is not saved)."""
    return pdf.copy_foreign(value if value.is_indirect else part.make_indirect(value))


def _document_element(tree: Dictionary) -> Dictionary:
    """The ``Document`` element under the tree's root (WeasyPrint writes exactly one)."""
    kids = tree.K
    element = kids[0] if isinstance(kids, Array) else kids
    if element.get("/S") != Name.Document:
        raise ValueError(f"arbre de structure inattendu : {element.get('/S')}")
    if not isinstance(element.K, Array):
        element.K = Array([element.K])
    return element


def _numbers(tree: Dictionary, part: pikepdf.Pdf | None = None, pdf: pikepdf.Pdf | None = None):
    """The parent tree's (key, value) pairs (WeasyPrint writes a flat ``/Nums`` array),
    the values copied into ``pdf`` when the tree is the one of another file, ``part``."""
    nums = tree.ParentTree.get("/Nums")
    if nums is None:
        raise ValueError("arbre parent sans /Nums : format inattendu")
    if part is not None and pdf is not None:
        nums = _copy_whole(part, nums, pdf)
    for index in range(0, len(nums), 2):
        yield int(nums[index]), nums[index + 1]


def _bookmarks(source: pikepdf.Pdf, levels: list[int], pdf: pikepdf.Pdf | None = None) -> list[tuple[int, str, Array]]:
    """The outline of ``source`` in reading order, as (level, title, destination), the
    destination copied into ``pdf`` (when ``source`` is another file)."""
    flat: list[tuple[str, Array]] = []
    with source.open_outline() as outline:

        def walk(items) -> None:
            for item in items:
                destination = item.destination
                flat.append((item.title, destination))
                walk(item.children)

        walk(outline.root)
    if len(flat) != len(levels):
        raise ValueError(f"{len(flat)} signets pour {len(levels)} niveaux")
    return [
        (level, title, _copy(pdf, destination) if pdf is not None else destination)
        for level, (title, destination) in zip(levels, flat, strict=True)
    ]


def _name_tree(pdf: pikepdf.Pdf, destinations: list[tuple[str, object]]) -> None:
    """One flat name tree of every part's anchors; the first part that has a name keeps it."""
    seen: dict[str, object] = {}
    for name, value in destinations:
        seen.setdefault(name, value)
    flat = Array()
    for name in sorted(seen, key=lambda n: n.encode("utf-8")):
        flat.append(String(name))
        flat.append(seen[name])
    pdf.Root.Names.Dests = pdf.make_indirect(Dictionary(Names=flat))


def _link_across(
    pdf: pikepdf.Pdf, names: set[str], scheme: str, elsewhere: dict[str, str]
) -> tuple[dict[int, Dictionary], set[int]]:
    """Links written ``ecole-ancre:<id>`` become links to the destination ``<id>``, as
    WeasyPrint writes internal links, or to the address ``elsewhere[id]``. Those that lead
    nowhere are taken off their page: returned by their parent-tree key, with the numbers
    (from 0) of the pages they were on."""
    unlinked: dict[int, Dictionary] = {}
    pages: set[int] = set()
    for number, page in enumerate(pdf.pages):
        annotations = page.obj.get("/Annots")
        if annotations is None:
            continue
        kept = Array()
        for annotation in annotations:
            action = annotation.get("/A")
            uri = str(action.get("/URI", "")) if action is not None else ""
            if uri.startswith(scheme):
                anchor = unquote(uri.removeprefix(scheme))
                if anchor in names:
                    del annotation["/A"]
                    annotation.Dest = String(anchor)
                    annotation.Contents = String(anchor)
                elif elsewhere.get(anchor):
                    action.URI = String(elsewhere[anchor])
                elif anchor in elsewhere:
                    unlinked[int(annotation.StructParent)] = annotation
                    pages.add(number)
                    continue
                else:
                    raise ValueError(f"lien vers une ancre absente du livret : #{anchor}")
            kept.append(annotation)
        page.obj.Annots = kept
    return unlinked, pages


def _unlink(
    numbers: list[tuple[int, object]], unlinked: dict[int, Dictionary]
) -> tuple[list[tuple[int, object]], list[Dictionary]]:
    """The parent tree without the links taken off their pages (``unlinked``, by key), and
    their structure elements, now ``Span`` elements of the words alone, as a link that
    leads nowhere is printed in a booklet of its own (:mod:`.print_markdown`).

    WeasyPrint puts a link's object reference in the link's element, or in a span inside
    it (a link over two lines has one annotation per line): the ``Link`` element becomes
    a ``Span`` once none of its annotations is left."""
    spans: list[Dictionary] = []
    for key, holder in numbers:
        annotation = unlinked.get(key)
        if annotation is None:
            continue
        kids = holder.K if isinstance(holder.K, Array) else Array([holder.K])
        holder.K = Array([kid for kid in kids if not _refers_to(kid, annotation)])
        link = holder
        while isinstance(link, Dictionary) and link.get("/S") not in (Name.Link, Name.Document):
            link = link.get("/P")
        if isinstance(link, Dictionary) and link.get("/S") == Name.Link and not _holds_annotation(link):
            link.S = Name.Span
            spans.append(link)
    return [(key, value) for key, value in numbers if key not in unlinked], spans


def _holds_annotation(element: Dictionary) -> bool:
    """Whether an object reference (an annotation) is left under ``element``."""
    kids = element.get("/K")
    for kid in kids if isinstance(kids, Array) else [kids]:
        if isinstance(kid, Dictionary) and (kid.get("/Type") == Name.OBJR or ("/S" in kid and _holds_annotation(kid))):
            return True
    return False


def _refers_to(kid, annotation: Dictionary) -> bool:
    """Whether a structure element's kid is the object reference of ``annotation``."""
    return isinstance(kid, Dictionary) and kid.get("/Type") == Name.OBJR and kid.Obj.objgen == annotation.objgen


def _plain_words(pdf: pikepdf.Pdf, pages: set[int], numbers: dict[int, object], unlinked: set[tuple[int, int]]) -> None:
    """The words of the links taken off ``pages`` drawn in the colour of the words
    around them, as the words of a link that leads nowhere are printed.

    The marked content of each page says which element drew what: its parent-tree entry
    lists the element of each ``MCID``. WeasyPrint sets a colour only when it changes,
    so the colour in force is followed through the page, and set again after the words.
    Only the pages that had the links' annotations are read: WeasyPrint gives a link one
    annotation per line, on the page of that line (reading every page took half the time
    of putting a path's booklet together, 0.55 s of 1.2 s for the ten-day programme).

    A page's new drawing follows from its drawing and from which of its marked contents
    are words of links, kept or taken off: it is kept in the build cache under those, so
    that a booklet put together again after one of its chapters changed parses only that
    chapter's pages. After an edit to one module, the seven booklets that hold it spent
    0.73 s of processor time here; 0.41 s with the other chapters' pages kept, 0.21 s once
    each element's kind was found once per booklet (:func:`_link_kind`)."""
    known: dict[tuple[int, int], str | None] = {}
    for number in sorted(pages):
        page = pdf.pages[number]
        if "/StructParents" not in page.obj:
            continue
        marks = numbers.get(int(page.obj.StructParents))
        if not isinstance(marks, Array):
            continue
        kinds = {mcid: _link_kind(element, unlinked, known) for mcid, element in enumerate(marks)}
        if "unlinked" not in kinds.values():
            continue
        key = cache.key_of(
            "mots sans lien", cache.code_fingerprint(__file__), _drawing(page), repr(sorted(kinds.items()))
        )
        drawing = cache.active().part(key, "mots sans lien", functools.partial(_recoloured, page, kinds))
        page.obj.Contents = pdf.make_stream(drawing)


def _drawing(page: pikepdf.Page) -> bytes:
    """The page's content streams, decoded, one after the other."""
    contents = page.obj.Contents
    streams = list(contents) if isinstance(contents, Array) else [contents]
    return b"\n".join(stream.read_bytes() for stream in streams)


def _recoloured(page: pikepdf.Page, kinds: dict[int, str | None]) -> bytes:
    """The drawing of ``page`` with the words of the links taken off in the colour around them."""
    instructions = pikepdf.parse_content_stream(page)
    plain = _first_plain_colour(instructions, kinds)
    colours: list[list] = [[]]  # the fill colour in force, per graphics state (q … Q)
    inside: list[str | None] = []  # the kind of each marked content open
    out = []
    for instruction in instructions:
        operator = str(instruction.operator)
        words = inside[-1] if inside else None
        if operator == "q":
            colours.append(colours[-1])
        elif operator == "Q" and len(colours) > 1:
            colours.pop()
        elif operator == "rg":
            colours[-1] = list(instruction.operands)
            if words == "unlinked":
                continue  # the words keep the colour around them
        elif operator in ("BDC", "BMC"):
            kind = _marked_kind(instruction, kinds) or words
            inside.append(kind)
            if kind == "unlinked" and words != "unlinked":
                out += [instruction, _fill(plain)]
                continue
        elif operator == "EMC" and inside:
            kind = inside.pop()
            if kind == "unlinked" and (inside[-1] if inside else None) != "unlinked" and colours[-1]:
                out += [instruction, _fill(colours[-1])]
                continue
        elif operator in ("Tj", "TJ", "'", '"') and words is None and colours[-1]:
            plain = colours[-1]
        out.append(instruction)
    return pikepdf.unparse_content_stream(out)


def _link_kind(element, unlinked: set[tuple[int, int]], known: dict[tuple[int, int], str | None]) -> str | None:
    """``"unlinked"`` or ``"link"`` when ``element`` is in a link (taken off or not).

    ``known``: the kind of the elements met so far in the booklet. An element's kind is
    that of its nearest ancestor that is a link, and the marked contents of a paragraph
    share their ancestors: walking up from each of them took most of the time of this
    step once the pages it draws again were kept."""
    walked: list[tuple[int, int]] = []
    kind = None
    while isinstance(element, Dictionary) and element.get("/S") != Name.Document:
        if element.is_indirect:
            if element.objgen in known:
                kind = known[element.objgen]
                break
            walked.append(element.objgen)
            if element.objgen in unlinked:
                kind = "unlinked"
                break
        if element.get("/S") == Name.Link:
            kind = "link"
            break
        element = element.get("/P")
    for objgen in walked:
        known[objgen] = kind
    return kind


def _marked_kind(instruction, kinds: dict[int, str | None]) -> str | None:
    if str(instruction.operator) != "BDC" or not isinstance(instruction.operands[1], Dictionary):
        return None
    mcid = instruction.operands[1].get("/MCID")
    return kinds.get(int(mcid)) if mcid is not None else None


def _first_plain_colour(instructions, kinds: dict[int, str | None]) -> list:
    """The colour of the first words of the page outside links (black if none)."""
    colour: list = [0, 0, 0]
    inside: list[str | None] = []
    for instruction in instructions:
        operator = str(instruction.operator)
        if operator == "rg":
            colour = list(instruction.operands)
        elif operator in ("BDC", "BMC"):
            inside.append(_marked_kind(instruction, kinds) or (inside[-1] if inside else None))
        elif operator == "EMC" and inside:
            inside.pop()
        elif operator in ("Tj", "TJ", "'", '"') and not (inside and inside[-1]):
            return colour
    return colour


def _fill(colour: list) -> pikepdf.ContentStreamInstruction:
    return pikepdf.ContentStreamInstruction(colour, pikepdf.Operator("rg"))


#: Heading elements of a structure tree, by level.
_HEADINGS = {f"/H{level}": level for level in range(1, 7)}


def _lower_headings(element: Dictionary, levels: int) -> None:
    """The headings under ``element`` (itself included) ``levels`` levels lower, as the
    booklet that puts a shared chapter under its part summaries has them."""
    if not levels:
        return
    pending = [element]
    while pending:
        current = pending.pop()
        kind = str(current.get("/S"))
        if kind in _HEADINGS:
            current.S = Name(f"/H{min(_HEADINGS[kind] + levels, 6)}")
        kids = current.get("/K")
        for kid in kids if isinstance(kids, Array) else [kids]:
            if isinstance(kid, Dictionary) and "/S" in kid:
                pending.append(kid)


def _outline(pdf: pikepdf.Pdf, bookmarks: list[tuple[int, str, Array]]) -> None:
    """The bookmarks as a tree: each one under the last one before it of a lower level."""
    with pdf.open_outline() as outline:
        outline.root.clear()
        stack: list[tuple[int, OutlineItem]] = []
        for level, title, destination in bookmarks:
            item = OutlineItem(title, destination)
            while stack and stack[-1][0] >= level:
                stack.pop()
            (stack[-1][1].children if stack else outline.root).append(item)
            stack.append((level, item))


def _lay_over(pdf: pikepdf.Pdf, overlay: Path, numbering: Numbering | None) -> None:
    """Draw each page of ``overlay`` over the same page of ``pdf``, as an artifact; with
    ``numbering``, the margins of each page but the cover drawn from its sheets.

    The overlay's text is marked content that WeasyPrint tags as page margins; inside a
    form drawn on another page it would be content outside the tree, so it becomes an
    artifact, which screen readers skip (the running title and page number repeat
    what the structure says)."""
    with pikepdf.open(overlay) as sheets:
        if numbering is None and len(sheets.pages) != len(pdf.pages):
            raise ValueError(f"{len(sheets.pages)} pages de marges pour {len(pdf.pages)} pages")
        opening = pdf.make_stream(b"q\n")  # one object for every page
        for number, page in enumerate(pdf.pages):
            if numbering is not None:
                if not number:
                    continue  # the cover: nothing in its margins
                sheet = sheets.pages[1]  # its fonts hold every digit
                drawing = numbering.drawing(number + 1, len(pdf.pages))
            else:
                sheet = sheets.pages[number]
                instructions = pagination.artifacts(pikepdf.parse_content_stream(sheet))
                if not any(str(i.operator) in ("Tj", "TJ") for i in instructions):
                    continue  # the cover: nothing in its margins
                drawing = pikepdf.unparse_content_stream(instructions)
            sheet.obj.Contents = sheets.make_stream(drawing)
            form = pdf.copy_foreign(sheet.as_form_xobject())
            # a name of its own (the pages of a part share one resource dictionary), and a
            # fixed one: a prefix gets a random suffix, and the file would differ each time
            name = page.add_resource(form, Name.XObject, Name(f"/EcoleMarges{number}"))
            # The page's drawing stays the stream WeasyPrint compressed, between two small
            # ones (a page's streams are read as one): joined into one, it was decompressed
            # here and compressed again when saving, 0.1 s for the cursus's 4.5 MB.
            contents = page.obj.Contents
            drawing = list(contents) if isinstance(contents, Array) else [contents]
            drawn = b"\nQ\n/Artifact BMC q " + str(name).encode() + b" Do Q EMC\n"
            page.obj.Contents = Array([opening, *drawing, pdf.make_stream(drawn)])


#: A subset font's name: six capital letters, "+", the font's name.
_SUBSET_NAME = re.compile(r"^/?[A-Z]{6}\+")


def _share_fonts(pdf: pikepdf.Pdf) -> None:
    """One embedded font program per typeface, in place of one per part.

    Each part embeds its own subset of every typeface it uses: 48 copies of Noto Serif
    in the cursus, most of the booklet's weight. WeasyPrint subsets TrueType fonts
    keeping each glyph's number (``retain_gids``) and maps characters to glyphs by
    number (``/CIDToGIDMap /Identity``), so the glyphs of all the subsets of a typeface
    go into one program, which every part's font then points to. Each part keeps its
    own widths and text map: they describe glyphs that the shared program holds."""
    faces: dict[str, list[Dictionary]] = {}
    for descriptor in _font_descriptors(pdf):
        if "/FontFile2" in descriptor:
            faces.setdefault(_SUBSET_NAME.sub("", str(descriptor.FontName)), []).append(descriptor)
    for descriptors in faces.values():
        if len(descriptors) < 2:
            continue
        program = _shared_program([d.FontFile2.read_bytes() for d in descriptors])
        shared = pdf.make_stream(program)
        shared.Length1 = len(program)  # required of a TrueType program
        for descriptor in descriptors:
            descriptor.FontFile2 = shared


def _font_descriptors(pdf: pikepdf.Pdf) -> list[Dictionary]:
    """The descriptors of the fonts the pages draw with (their resources, and those of
    the forms and patterns they draw), each once, in page order. Reading the pages'
    resources, not every object of the file, takes a fiftieth of the time (0.004 s in
    place of 0.22 s for the cursus); a font found nowhere would keep its own program."""
    seen: set[tuple[int, int]] = set()
    found: list[Dictionary] = []

    def first_time(item: pikepdf.Object) -> bool:
        if not item.is_indirect:
            return True
        if item.objgen in seen:
            return False
        seen.add(item.objgen)
        return True

    def visit(resources) -> None:
        if not isinstance(resources, Dictionary) or not first_time(resources):
            return
        for font in resources.get("/Font", Dictionary()).values():
            if not first_time(font):
                continue
            for face in [font, *font.get("/DescendantFonts", Array())]:
                descriptor = face.get("/FontDescriptor")
                if isinstance(descriptor, Dictionary) and first_time(descriptor):
                    found.append(descriptor)
        for kind in ("/XObject", "/Pattern"):
            for drawn in resources.get(kind, Dictionary()).values():
                if first_time(drawn):
                    visit(drawn.get("/Resources"))

    for page in pdf.pages:
        visit(page.obj.get("/Resources"))
    return found


def _shared_program(programs: list[bytes]) -> bytes:
    """:func:`_union` of ``programs``, kept in the build cache: after a sentence changed in one
    chapter, its subsets usually hold the same glyphs as before, and the shared programs of
    the booklets that hold it are the same (half the time of putting the cursus together)."""
    store = cache.active()
    key = cache.key_of(
        "police partagée", cache.code_fingerprint(__file__), cache.library_versions(("fonttools",)), *programs
    )
    return store.part(key, "police partagée", lambda: _union(programs))


def _union(programs: list[bytes]) -> bytes:
    """The glyphs of subsets of one TrueType font that kept their numbers, in one font."""
    # lazy: a table is read only when it is used; recalcTimestamp off: fontTools would
    # write the time of the save into the font, and the file would differ each time;
    # recalcBBoxes off: HarfBuzz leaves the whole typeface's bounding box and maximums
    # (points, contours, components) in each subset, which hold for the union too, and
    # working them out again unpacked every outline (a third of the time)
    fonts = [TTFont(io.BytesIO(data), recalcTimestamp=False, recalcBBoxes=False, lazy=True) for data in programs]
    for font in fonts:
        # glyphs named by their numbers, the same in every subset: fontTools would otherwise
        # name them from the character map (the subsets keep no names), a third of the time
        font.setGlyphOrder([f"g{number}" for number in range(font["maxp"].numGlyphs)])
    base = max(fonts, key=lambda font: font["maxp"].numGlyphs)
    glyphs = base["glyf"]
    drawn = _drawn(base)
    for font in fonts:
        if font is base:
            continue
        # the outlines taken as they are in the subset's table, not unpacked from it: the
        # glyph table of a subset holds a record for each of its some 3,000 numbers
        locations, outlines = font["loca"].locations, font.getTableData("glyf")
        for number in sorted(_drawn(font) - drawn):
            name = f"g{number}"
            # a composite's components keep their numbers
            glyphs[name] = Glyph(outlines[locations[number] : locations[number + 1]])
            base["hmtx"][name] = font["hmtx"][name]
            drawn.add(number)
    out = io.BytesIO()
    base.save(out)
    return out.getvalue()


def _drawn(font: TTFont) -> set[int]:
    """Numbers of the glyphs that have an outline (a subset leaves the others empty)."""
    locations = font["loca"].locations
    return {number for number, (start, end) in enumerate(itertools.pairwise(locations)) if end > start}
