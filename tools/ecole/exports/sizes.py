"""File sizes written into the built pages once the exports exist.

A page may offer an export file with its size (the home page's « Emporter le
cursus »), but the pages are built before the exports are written, and the
offline archive holds those very pages: its size cannot be known while they are
built. So a page leaves an empty element marked with
:data:`~ecole.model.addresses.FILE_SIZE_ATTRIBUTE` (the file's address from the
site's root), and the build fills it in, after the exports, with the file's real
size. Where the file is missing (a build without exports) the element stays
empty, and the page's stylesheet hides what offers the file; the pages inside
the offline archive, packed before this step, stay empty too, which is right:
the archive does not hold itself.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..model.addresses import FILE_SIZE_ATTRIBUTE

_MARKED = re.compile(rf'(<(\w+)\b[^>]*\b{FILE_SIZE_ATTRIBUTE}="(?P<path>[^"]+)"[^>]*>)</\2>')
_NEEDLE = FILE_SIZE_ATTRIBUTE.encode()


def size_text(size: int) -> str:
    """A file size for readers, in French units (1 Mo = 1 000 000 octets, as file
    managers show them), with a decimal comma and a no-break space: ``12,4\u00a0Mo``."""
    for unit, scale in (("Go", 10**9), ("Mo", 10**6), ("ko", 10**3)):
        if size >= scale:
            value = size / scale
            number = f"{value:.1f}" if value < 100 else f"{value:.0f}"
            return f"{number.replace('.', ',').removesuffix(',0')}\u00a0{unit}"
    return f"{size}\u00a0octets"


def fill_sizes(site: Path) -> list[str]:
    """Fill every marked element of the HTML pages of ``site`` with its file's size;
    return the pages changed (paths from ``site``)."""
    changed = []
    for page in sorted(site.rglob("*.html")):
        raw = page.read_bytes()
        if _NEEDLE not in raw:  # most pages: no decoding, no regular expression
            continue
        text = raw.decode("utf-8")

        def filled(match: re.Match[str]) -> str:
            target = site / match["path"]
            if not target.is_file():
                return match.group(0)
            return f"{match.group(1)}{size_text(target.stat().st_size)}</{match.group(2)}>"

        new = _MARKED.sub(filled, text)
        if new != text:
            page.write_text(new, encoding="utf-8")
            changed.append(page.relative_to(site).as_posix())
    return changed
