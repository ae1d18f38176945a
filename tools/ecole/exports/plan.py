"""What an export is: a writer, and the files it will write, known in advance.

The names of the export files follow from the curriculum alone (one SCORM
package per module, one catalogue…). Declaring them apart from the writing lets
the download page list them while MkDocs builds the site, before any export has
run, and lets a test check that each writer writes exactly what it declared, so
the page never links to a file that is not there.

A writer module defines one :class:`Export` and imports heavy libraries
(WeasyPrint, lxml) inside its ``write`` function: listing the files must stay
cheap, because every site build does it, even one without exports.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..model.structure import Curriculum


@dataclass(frozen=True)
class ExportFile:
    path: str  # relative to exports/, with forward slashes
    label: str  # what the file holds, in French, for the download page
    #: id of the module the file covers, ``learning.WHOLE_CURRICULUM`` for the whole cursus,
    #: None for a file about no module in particular (the catalogue)
    module: str | None = None
    #: when an export writes several files per module (SCORM 1.2 and 2004), what tells them
    #: apart: a column of its own in the download page's table of modules
    variant: str | None = None


@dataclass(frozen=True)
class Export:
    name: str  # short key, also used for build timings
    title: str  # heading of its section on the download page (French)
    description: str  # one paragraph for republishers (French Markdown)
    files: Callable[[Curriculum], list[ExportFile]]
    write: Callable[[Curriculum, Path], None]  # (curriculum, exports folder)
    #: prints PDFs with WeasyPrint: a build writes it in the process that prints (see
    #: ``build._draft``), the others in the process that builds the pages, once they are done
    prints: bool = False
