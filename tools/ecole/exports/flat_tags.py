"""Each run of text of a booklet's part tagged in its own element, not in a Span of its own.

WeasyPrint tags every run of text (a piece of a line, in one style) as a ``Span``
element that holds that run's marked content and nothing else, and puts the Span in
the element the run belongs to (a paragraph, a list item, a link, a heading). The
Span says nothing more than its parent: no attribute, no role of its own. In the 50
parts of the reference's cursus, they were 11,872 of some 25,000 structure elements,
and 30,036 objects in all; putting a booklet together copies, renumbers and writes
every one of them (:mod:`.merge`).

:func:`attach_runs` puts each such run in the Span's parent instead, as a marked-content
reference: the number of the run (its ``MCID``) when the parent is on the run's page,
else a ``/MCR`` dictionary that names the page. The parent tree, which gives the
element of each run, names the parent. Runs keep their order among their parent's
kids, and their text, drawing and reading order do not change: only the Span objects
go. A Span with anything else (another kid, a link's annotation, an attribute) stays.

Done once per printed part, the booklets made of them were a fifth quicker to put
together and a tenth lighter (measured in « Performances »).
"""

from __future__ import annotations

from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name

#: What a Span holding one run carries, and nothing else.
_PLAIN_SPAN = frozenset({"/K", "/P", "/Pg", "/S", "/Type"})


def attach_file(path: Path) -> None:
    """:func:`attach_runs` on the PDF at ``path``, written back in place."""
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        if attach_runs(pdf):
            # qpdf keeps the first half of the identifier WeasyPrint wrote (it names the document)
            # and derives the second from the bytes, as WeasyPrint does: the same part, the same file
            pdf.save(path, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)


def attach_runs(pdf: pikepdf.Pdf) -> int:
    """Each run of ``pdf`` alone in a plain Span, put in the Span's parent; the number of runs moved."""
    root = pdf.Root.get("/StructTreeRoot")
    if root is None or "/ParentTree" not in root:
        return 0
    nums = root.ParentTree.get("/Nums")
    if nums is None:
        return 0
    owners = {int(nums[index]): nums[index + 1] for index in range(0, len(nums), 2)}
    moved = 0
    for page in pdf.pages:
        key = page.obj.get("/StructParents")
        runs = owners.get(int(key)) if key is not None else None
        if not isinstance(runs, Array):
            continue
        for mcid, span in enumerate(runs):
            if not _lone_run(span, mcid):
                continue
            parent = span.P
            kids = parent.K if isinstance(parent.K, Array) else Array([parent.K])
            for index, kid in enumerate(kids):
                if isinstance(kid, Dictionary) and kid.is_indirect and kid.objgen == span.objgen:
                    kids[index] = _reference(parent, span.Pg, mcid)
                    break
            else:
                continue  # not among its parent's kids: left as it is
            parent.K = kids
            runs[mcid] = parent
            moved += 1
    return moved


def _lone_run(element: object, mcid: int) -> bool:
    """Whether ``element`` is a Span that holds the run ``mcid`` and nothing else."""
    if not isinstance(element, Dictionary) or element.get("/S") != Name.Span:
        return False
    if not element.is_indirect or set(element.keys()) - _PLAIN_SPAN or "/Pg" not in element or "/P" not in element:
        return False
    kids = element.K
    if isinstance(kids, Array):
        if len(kids) != 1:
            return False
        kids = kids[0]
    return isinstance(kids, int) and kids == mcid


def _reference(parent: Dictionary, page: Dictionary, mcid: int) -> int | Dictionary:
    """The run ``mcid`` of ``page`` as a kid of ``parent``: its number alone when the parent's
    page is that page, else a marked-content reference that names it."""
    if "/Pg" in parent and parent.Pg.objgen == page.objgen:
        return mcid
    return Dictionary(Type=Name.MCR, Pg=page, MCID=mcid)
