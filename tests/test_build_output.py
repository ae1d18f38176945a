"""The built site is replaced whole or not at all, and one commit always gives the same bytes."""

from __future__ import annotations

import dataclasses
import difflib
import hashlib
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
import time_machine

import ecole.exports
from ecole import cli
from ecole.build import BuildResult, build_site
from ecole.model.project import Project
from ecole.model.version import content_date


def tree(folder: Path) -> dict[str, str]:
    """Relative path -> SHA-256 of every file, and ``dir`` for every folder."""
    return {
        path.relative_to(folder).as_posix(): "dir" if path.is_dir() else hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
    }


def differences(first: Path, second: Path) -> list[str]:
    """What differs between two trees, with the first changed lines of text files."""
    left, right = tree(first), tree(second)
    out = []
    for name in sorted(left.keys() | right.keys()):
        if left.get(name) == right.get(name):
            continue
        if name not in left or name not in right:
            out.append(f"{name} : seulement dans {'le second' if name in right else 'le premier'} site")
            continue
        out.append(name)
        try:
            before = (first / name).read_text(encoding="utf-8").splitlines()
            after = (second / name).read_text(encoding="utf-8").splitlines()
        except UnicodeDecodeError:
            continue  # binary: the name says enough
        out += [f"    {line}" for line in list(difflib.unified_diff(before, after, lineterm="", n=0))[2:8]]
    return out


@pytest.fixture(scope="module")
def previous(tmp_path_factory: pytest.TempPathFactory, project: Project) -> Path:
    """A published site that failed builds must leave alone (HTML only: enough to compare)."""
    site = tmp_path_factory.mktemp("publie") / "site"
    build_site(project, site_dir=site, exports=False)
    return site


def run_build(project: Project, site: Path, temporary: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``ecole build`` in a process of its own; with ``temporary``, as the system's temporary folder."""
    return subprocess.run(
        [sys.executable, "-m", "ecole.cli", "--projet", str(project.root), "build", "--site-dir", str(site)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "TMPDIR": str(temporary)} if temporary else None,
    )


def stray_processes(project: Project) -> list[str]:
    """Command lines of processes still running a build of ``project`` (killed ones may
    take a moment to go)."""
    for _ in range(20):
        found = []
        for command in Path("/proc").glob("[0-9]*/cmdline"):
            try:
                text = command.read_bytes().replace(b"\0", b" ").decode()
            except OSError:  # gone meanwhile
                continue
            if "ecole.cli" in text and str(project.root) in text:
                found.append(text)
        if not found:
            break
        time.sleep(0.1)
    return found


def assert_untouched(site: Path, before: dict[str, str], neighbours: list[str]) -> None:
    assert tree(site) == before, "le site précédent a été modifié"
    assert sorted(p.name for p in site.parent.iterdir()) == neighbours, "un dossier temporaire est resté"


def break_file(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} absent de {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_content_error_leaves_the_previous_site_intact(
    previous: Path, project_copy: Project, own_tmpdir: Path
) -> None:
    before, neighbours = tree(previous), sorted(p.name for p in previous.parent.iterdir())
    break_file(project_copy.root / "modules" / "entretiens.md", "duration: ", "duration: 1h75 #")
    result = run_build(project_copy, previous, own_tmpdir)
    assert result.returncode == 1
    assert "modules/entretiens.md:" in result.stderr and "1h75" in result.stderr
    assert "le site précédent est intact" in result.stderr.lower()
    assert "Traceback" not in result.stderr
    assert_untouched(previous, before, neighbours)
    # the process forked to print, which was waiting for the content, stopped too and left nothing behind
    assert not stray_processes(project_copy)
    assert list(own_tmpdir.iterdir()) == []


def unknown_anchor(project: Project) -> None:
    """Validation checks that linked files exist; MkDocs checks their anchors."""
    page = project.root / "docs" / "index.md"
    page.write_text(
        page.read_text(encoding="utf-8") + "\nVoir le [glossaire](glossaire.md#ancre-inexistante).\n", encoding="utf-8"
    )


def broken_template(project: Project) -> None:
    (project.root / "overrides" / "main.html").write_text(
        '{% extends "base.html" %}\n{% block content %}{{ page.title }\n{% endblock %}\n', encoding="utf-8"
    )


@pytest.mark.parametrize(
    ("breaks", "said"),
    [(unknown_anchor, "ancre-inexistante"), (broken_template, "gabarit de page invalide (overrides/main.html:2)")],
    ids=["ancre-inconnue", "gabarit-casse"],
)
def test_a_failure_inside_mkdocs_leaves_the_previous_site_intact(
    previous: Path, project_copy: Project, breaks: Callable[[Project], None], said: str, own_tmpdir: Path
) -> None:
    before, neighbours = tree(previous), sorted(p.name for p in previous.parent.iterdir())
    breaks(project_copy)
    result = run_build(project_copy, previous, own_tmpdir)
    assert result.returncode == 1, result.stderr
    assert said in result.stderr and "le site précédent est intact" in result.stderr.lower()
    assert "Traceback" not in result.stderr
    assert_untouched(previous, before, neighbours)
    # the exports were being written by processes of their own while MkDocs failed: stopped too,
    # and nothing of theirs is left (the parts of the booklets they were printing among others)
    assert not stray_processes(project_copy)
    assert list(own_tmpdir.iterdir()) == []


def test_a_failing_export_leaves_the_previous_site_intact(
    previous: Path, project: Project, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    before, neighbours = tree(previous), sorted(p.name for p in previous.parent.iterdir())

    def broken_writer(curriculum: object, exports: Path) -> None:
        exports.mkdir(parents=True, exist_ok=True)
        (exports / "a-moitie-ecrit.txt").write_text("…", encoding="utf-8")
        raise OSError(28, "No space left on device")

    # the first export fails (the others are slow: PDF), after MkDocs has written the whole new site
    first, *others = ecole.exports.EXPORTS
    monkeypatch.setattr(ecole.exports, "EXPORTS", (dataclasses.replace(first, write=broken_writer), *others))
    status = cli.main(["--projet", str(project.root), "build", "--site-dir", str(previous)])
    assert status == 1
    error = capsys.readouterr().err
    assert "un export a échoué" in error and "No space left on device" in error
    assert "le site précédent est intact" in error.lower()
    assert_untouched(previous, before, neighbours)


def test_two_builds_of_one_commit_are_byte_identical(built: BuildResult, project: Project, tmp_path: Path) -> None:
    """The session's site against a second build made years later by the clock:
    any date taken from the clock, any unordered listing, any random name shows up."""
    with time_machine.travel(datetime(2031, 5, 4, 23, 59, 30, tzinfo=UTC), tick=True):
        again = build_site(project, site_dir=tmp_path / "site")
    assert differences(built.site, again.site) == []


def test_a_declared_site_url_gives_a_sitemap_dated_by_the_content(project_copy: Project, tmp_path: Path) -> None:
    """The sitemap lists pages only when the edition declares its address; its dates
    and its gzip header then come from the content, never from the clock."""
    settings = project_copy.root / "ecole.yml"
    text = settings.read_text(encoding="utf-8")
    assert "site_url:" not in text
    settings.write_text(text + "site_url: https://formation.example.fr/\n", encoding="utf-8")
    with time_machine.travel(datetime(2031, 5, 4, tzinfo=UTC)):
        site = build_site(project_copy, site_dir=tmp_path / "site", exports=False).site
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://formation.example.fr/modules/entretiens/</loc>" in sitemap
    assert set(re.findall(r"<lastmod>([^<]*)</lastmod>", sitemap)) == {content_date(project_copy.root)}
    header_time = int.from_bytes((site / "sitemap.xml.gz").read_bytes()[4:8], "little")
    assert datetime.fromtimestamp(header_time, UTC).date().isoformat() == content_date(project_copy.root)
