"""The download page lists the export files, known before they are written; each
writer writes exactly the files it declared, so no link on the page is dead."""

from __future__ import annotations

import re
from urllib.parse import unquote

from ecole.build import BuildResult
from ecole.exports import EXPORTS, planned_files


def test_every_export_writes_exactly_its_planned_files(built: BuildResult) -> None:
    exports = built.site / "exports"
    planned = {file.path for _, files in planned_files(built.curriculum) for file in files}
    written = {
        path.relative_to(exports).as_posix()
        for path in exports.rglob("*")
        if path.is_file() and path.parent != exports / "schemas"
    }
    assert written == planned
    for name in planned:
        assert (exports / name).stat().st_size > 0, name
    assert {export.name for export in EXPORTS} <= set(built.timings)


def test_download_page_links_to_every_export_file(built: BuildResult) -> None:
    page_dir = built.site / "telecharger"
    page = (page_dir / "index.html").read_text(encoding="utf-8")
    links = {unquote(href) for href in re.findall(r'href="([^"#]+)"', page) if "exports/" in href}
    targets = {(page_dir / href).resolve() for href in links}
    for target in targets:
        assert target.is_file(), target
    exports = (built.site / "exports").resolve()
    for export, files in planned_files(built.curriculum):
        assert f">{export.title}<" in page or f"{export.title}</h3>" in page, export.title
        for file in files:
            assert exports / file.path in targets, file.path
    for schema in (exports / "schemas").glob("*.json"):
        assert schema in targets, schema.name
