"""A build with nothing changed keeps both sites as they are (:mod:`ecole.uptodate`);
any change to what a build reads, to its options or to the sites it left is a full build.

Each test builds a copy of the reference project without exports (the pages are
enough: exports have their own cache, tested in ``test_build_cache.py``).
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import pytest

import ecole.build
from ecole import uptodate
from ecole.bench import UP_TO_DATE, step_timings, touch_module
from ecole.build import Views, build_views
from ecole.cli import main, up_to_date_line
from ecole.errors import BuildFailed
from ecole.model.project import Project

TOUCHED = "Une phrase ajoutée pour mesurer une reconstruction."


def _build(project: Project, out: Path, **options: object) -> Views:
    return build_views(project, site_dir=out / "site", trainer_dir=out / "formateur", exports=False, **options)


def _cli(project: Project, out: Path, *extra: str) -> int:
    sites = ["--site-dir", str(out / "site"), "--trainer-dir", str(out / "formateur")]
    return main(["--projet", str(project.root), "build", "--skip-exports", *sites, *extra])


def _stamps(folder: Path) -> dict[str, tuple[int, int]]:
    """Each file's inode and modification time: a rewritten or replaced file changes them."""
    return {
        p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
        for p in folder.rglob("*")
        if p.is_file()
    }


def _contents(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in folder.rglob("*")
        if p.is_file()
    }


def _record(project: Project, out: Path) -> Path:
    return uptodate.record_path(project, (out / "site", out / "formateur"))


def test_nothing_changed_writes_nothing_and_says_so(
    project_copy: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = project_copy.settings_file
    settings.write_text(settings.read_text(encoding="utf-8") + "trainer_view: true\n", encoding="utf-8")
    out = tmp_path / "out"
    assert _cli(project_copy, out) == 0
    first = capsys.readouterr()
    assert "Site des apprenants construit dans" in first.out
    assert "ecole.yml:" in first.err and "trainer_view: avertissement" in first.err
    record = _record(project_copy, out)
    assert record.parent == project_copy.work / uptodate.RECORDS and record.is_file()
    assert json.loads(record.read_text(encoding="utf-8"))["sites"].keys() == {
        str((out / "site").resolve()),
        str((out / "formateur").resolve()),
    }
    # another build's site nested in this one (site/editions/<id>/) is not this build's to check
    nested = out / "site" / "editions" / "ville-exemple" / "index.html"
    nested.parent.mkdir(parents=True)
    nested.write_text("site d'une édition", encoding="utf-8")
    before = {view: _stamps(out / view) for view in ("site", "formateur")}
    folders = {view: (out / view).stat().st_ino for view in ("site", "formateur")}

    assert _cli(project_copy, out) == 0

    printed = capsys.readouterr()
    assert (
        f"{UP_TO_DATE}\u00a0: {out / 'site'}/ et {out / 'formateur'}/ à jour, rien n'a été réécrit (validation "
        in printed.out
    )
    assert "construit dans" not in printed.out
    # the content is still loaded and checked: its warnings are reported as on every build
    assert printed.err == first.err
    assert {view: _stamps(out / view) for view in ("site", "formateur")} == before
    assert {view: (out / view).stat().st_ino for view in ("site", "formateur")} == folders

    # --no-cache: a full build, whatever the record says
    assert _cli(project_copy, out, "--no-cache") == 0
    assert "Site des apprenants construit dans" in capsys.readouterr().out
    assert _stamps(out / "formateur").keys() == before["formateur"].keys() != {}
    assert all(_stamps(out / "formateur")[name] != stamp for name, stamp in before["formateur"].items())
    assert nested.is_file()  # kept by the full build, as always


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} absent de {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_each_change_to_what_a_build_reads_or_to_its_options_rebuilds(
    project_copy: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a private copy of the tool's files, as read by the fingerprint, to edit a template in
    tool = tmp_path / "outil"
    shutil.copytree(uptodate.TOOL, tool, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(uptodate, "TOOL", tool)
    root, out = project_copy.root, tmp_path / "out"
    site_url = "https://formation.exemple.org/ecole/"
    changes: list[tuple[str, Callable[[], object], dict[str, object]]] = [
        ("module", lambda: touch_module(root), {}),
        ("gabarit", lambda: _edit(tool / "templates" / "site" / "case_header.html", "\n", "\n\n"), {}),
        (
            "feuille de style",
            lambda: _append(root / "overrides" / "assets" / "ecole.css", "\n.ajout { color: red; }\n"),
            {},
        ),
        ("réglage", lambda: _append(root / "ecole.yml", "palette:\n  primary: '#6a1b9a'\n"), {}),
        ("option site_url", lambda: None, {"site_url": site_url}),
    ]
    assert not _build(project_copy, out).learner.up_to_date
    options: dict[str, object] = {}
    for label, change, options in changes:
        change()
        assert not _build(project_copy, out, **options).learner.up_to_date, f"{label} : rien de reconstruit"
        assert _build(project_copy, out, **options).learner.up_to_date, f"{label} : reconstruit deux fois"
    # what each change did reached the site
    assert any(TOUCHED in page.read_text(encoding="utf-8") for page in (out / "site" / "modules").rglob("*.html"))
    assert ".ajout { color: red; }" in (out / "site" / "assets" / "ecole.css").read_text(encoding="utf-8")
    assert site_url in (out / "site" / "sitemap.xml").read_text(encoding="utf-8")
    # and going back to the default address is a change too
    assert not _build(project_copy, out).learner.up_to_date
    # an edition's files are not read by another site's build
    _append(root / "editions" / "ville-exemple" / "edition.yml", "\n# Une note de l'équipe.\n")
    assert _build(project_copy, out).learner.up_to_date


def test_a_damaged_site_is_rebuilt_and_restored(project_copy: Project, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _build(project_copy, out)
    built = {view: _contents(out / view) for view in ("site", "formateur")}
    deleted = out / "site" / "glossaire" / "index.html"
    deleted.unlink()

    assert not _build(project_copy, out).learner.up_to_date
    assert {view: _contents(out / view) for view in ("site", "formateur")} == built

    # the same size, one byte changed: only the content's hash tells
    changed = out / "formateur" / "index.html"
    data = bytearray(changed.read_bytes())
    data[len(data) // 2] ^= 0x01
    changed.write_bytes(bytes(data))

    assert not _build(project_copy, out).learner.up_to_date
    assert {view: _contents(out / view) for view in ("site", "formateur")} == built
    assert _build(project_copy, out).learner.up_to_date


def test_a_failed_build_never_records_a_fingerprint(
    project_copy: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **options: object) -> None:
        raise BuildFailed("panne simulée de MkDocs")

    out, record = tmp_path / "out", _record(project_copy, tmp_path / "out")
    working = ecole.build.build_html
    monkeypatch.setattr(ecole.build, "build_html", broken)
    with pytest.raises(BuildFailed, match="panne simulée"):
        _build(project_copy, out)
    assert not record.exists()

    monkeypatch.setattr(ecole.build, "build_html", working)
    _build(project_copy, out)
    assert record.is_file()
    module = touch_module(project_copy.root)
    monkeypatch.setattr(ecole.build, "build_html", broken)
    with pytest.raises(BuildFailed, match="panne simulée"):
        _build(project_copy, out)
    # the failed build forgot the record of the one before it: it vouches for nothing now
    assert not record.exists()

    monkeypatch.setattr(ecole.build, "build_html", working)
    _edit(module, f"\n\n{TOUCHED}", "")
    assert not _build(project_copy, out).learner.up_to_date
    assert _build(project_copy, out).learner.up_to_date


def test_the_site_digest_sees_paths_sizes_and_contents_but_not_nested_sites(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "a" / "index.html").write_text("un", encoding="utf-8")
    digest = uptodate.site_digest(site, ("editions",))
    (site / "editions" / "x").mkdir(parents=True)
    (site / "editions" / "x" / "index.html").write_text("une édition", encoding="utf-8")
    assert uptodate.site_digest(site, ("editions",)) == digest
    assert uptodate.site_digest(site) != digest
    (site / "a" / "index.html").write_text("deux", encoding="utf-8")
    assert uptodate.site_digest(site, ("editions",)) != digest
    (site / "a" / "index.html").write_text("un", encoding="utf-8")
    assert uptodate.site_digest(site, ("editions",)) == digest
    (site / "a" / "index.html").rename(site / "a" / "autre.html")
    assert uptodate.site_digest(site, ("editions",)) != digest
    assert uptodate.site_digest(tmp_path / "absent") is None


def test_the_fingerprint_reads_every_part_of_the_project_and_the_tool(project_copy: Project) -> None:
    names = {name for name, _ in uptodate.input_files(project_copy)}
    for part in Project.PARTS:
        assert any(name == f"projet/{part}" or name.startswith(f"projet/{part}/") for name in names), part
    for tool_file in ("outil/build.py", "outil/templates/site/case_header.html", "outil/schemas/module.schema.json"):
        assert tool_file in names
    assert not any("__pycache__" in name for name in names)
    before = uptodate.fingerprint(project_copy, {})
    (project_copy.root / "docs" / "nouvelle-page.md").write_text("# Nouvelle page\n", encoding="utf-8")
    assert uptodate.fingerprint(project_copy, {}) != before


def test_build_editions_says_which_editions_were_kept(
    project_copy: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    command = ["--projet", str(project_copy.root), "build-editions", "--skip-exports"]
    assert main(command) == 0
    assert "rien n'a changé" not in capsys.readouterr().out
    assert main(command) == 0
    out = capsys.readouterr().out
    for edition in project_copy.edition_ids():
        assert (
            f"✓ {edition} : rien n'a changé, site/editions/{edition}/ et site-formateur/editions/{edition}/ à jour ("
        ) in out


def test_the_bench_reads_the_timings_of_a_build_with_nothing_changed(project_copy: Project) -> None:
    views = SimpleNamespace(
        learner=SimpleNamespace(site=project_copy.root / "site"),
        trainer=SimpleNamespace(site=project_copy.root / "site-formateur"),
    )
    line = up_to_date_line(project_copy, views, "validation 0,5\u00a0s, vérification 0,1\u00a0s, total 0,6\u00a0s")
    assert line.startswith(f"{UP_TO_DATE}\u00a0: site/ et site-formateur/ à jour")
    assert step_timings(line) == {"validation": 0.5, "vérification": 0.1, "total": 0.6}
