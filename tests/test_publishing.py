"""Publishing an edition: its two views built together and kept apart, a site that
works in a subfolder (GitLab and GitHub Pages), and the CI files a trainer copies."""

from __future__ import annotations

import posixpath
import re
import subprocess
import urllib.error
import urllib.request
import zipfile
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml

import ecole.exports
from conftest import ROOT, copy_project, serve_folder
from ecole.build import build_site, build_views
from ecole.cli import main
from ecole.errors import BuildFailed
from ecole.exports import booklets, catalogue, offline
from ecole.linkcheck import check_site
from ecole.model.addresses import GUIDE_PDF
from ecole.model.project import Project
from test_build_output import differences

EDITION = "departement-exemple"
UPSTREAM_SENTENCE = "Phrase ajoutée en amont pour la vue formateur."
UPSTREAM_NOTE = "Note ajoutée en amont pour le formateur."
_LINK = re.compile(r'\b(?:href|src)="([^"]*)"')


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def internal_links(html: str) -> list[str]:
    """Links to the site itself: no scheme, no host, not a mere anchor."""
    links = []
    for url in _LINK.findall(html):
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not parts.path:
            continue
        links.append(url)
    return links


# --- the two views of an edition -------------------------------------------------------


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """An edition built, then changed upstream and built again, as a trainer would."""
    project = copy_project(tmp_path_factory.mktemp("publication") / "projet")
    root = str(project.root)
    assert main(["--projet", root, "build", "--edition", EDITION, "--skip-exports"]) == 0
    module = project.root / "modules" / "pourquoi-innover.md"
    edit(module, "## ", f"{UPSTREAM_SENTENCE}\n\n## ")
    edit(
        module,
        '??? formateur "Notes pour le formateur"\n\n',
        f'??? formateur "Notes pour le formateur"\n\n    {UPSTREAM_NOTE}\n\n',
    )
    assert main(["--projet", root, "build", "--edition", EDITION, "--skip-exports"]) == 0
    return project


def test_an_upstream_change_reaches_both_views(rebuilt: Project) -> None:
    learner = page(rebuilt.root / "site" / "editions" / EDITION, "modules/pourquoi-innover")
    trainer = page(rebuilt.root / "site-formateur" / "editions" / EDITION, "modules/pourquoi-innover")
    assert UPSTREAM_SENTENCE in learner and UPSTREAM_SENTENCE in trainer
    assert UPSTREAM_NOTE in trainer and '<details class="formateur" open="open">' in trainer
    assert UPSTREAM_NOTE not in learner and 'class="formateur' not in learner
    assert "Vue formateur" in trainer and "Vue formateur" not in learner
    assert '<meta name="robots" content="noindex, nofollow">' in trainer
    assert 'name="robots"' not in learner


def test_the_trainer_view_is_outside_the_learners_site_and_never_linked(rebuilt: Project) -> None:
    learner = rebuilt.root / "site" / "editions" / EDITION
    trainer = rebuilt.root / "site-formateur" / "editions" / EDITION
    assert not trainer.resolve().is_relative_to((rebuilt.root / "site").resolve())
    assert not (learner / "formateur").exists()
    for path in learner.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert "ecole-vue-formateur" not in html, path  # the trainer view's banner
        here = posixpath.dirname(path.relative_to(learner).as_posix())
        targets = [posixpath.normpath(posixpath.join(here, url)) for url in internal_links(html)]
        assert not [t for t in targets if t.startswith(("formateur", "..")) or "site-formateur" in t], path
    # no link of the learners' site leaves it; the trainer view's links all lead somewhere
    # (but to the exports, not built here)
    assert [str(b) for b in check_site(learner).broken if "sort du site" in b.reason] == []
    assert [str(b) for b in check_site(trainer).broken if "exports/" not in b.href] == []


def test_rebuilding_drops_a_trainer_view_left_inside_the_learners_site(tmp_path: Path) -> None:
    """Sites built before the trainer view moved out kept it in formateur/: gone at the next build."""
    project = copy_project(tmp_path / "projet")
    stale = project.root / "site" / "editions" / EDITION / "formateur" / "index.html"
    stale.parent.mkdir(parents=True)
    stale.write_text("vue formateur périmée", encoding="utf-8")
    build_views(project, edition=EDITION, exports=False)
    assert not stale.parent.exists()
    assert (project.root / "site-formateur" / "editions" / EDITION / "index.html").is_file()


def test_a_chosen_site_dir_puts_the_trainer_view_beside_it(
    project_copy: Project, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    public = tmp_path / "public"
    assert (
        main(
            [
                "--projet",
                str(project_copy.root),
                "build",
                "--edition",
                EDITION,
                "--site-dir",
                str(public),
                "--skip-exports",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert (public / "index.html").is_file() and (tmp_path / "public-formateur" / "index.html").is_file()
    assert f"Site des apprenants construit dans {public}/" in out
    assert f"Vue formateur, avec les notes et les solutions, dans {tmp_path / 'public-formateur'}/" in out
    with pytest.raises(BuildFailed, match="deux dossiers séparés"):
        build_views(project_copy, edition=EDITION, site_dir=public, trainer_dir=public / "formateur", exports=False)
    assert not (public / "formateur").exists()


def test_the_trainer_view_built_with_the_learners_is_the_one_built_alone(
    project_copy: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The two views come from one reading of the files (the trainer's curriculum is the
    learners', marked for the trainer): the trainer view they give is, to the byte, the one
    built alone from a reading of its own, exports included."""
    monkeypatch.setattr(ecole.exports, "EXPORTS", (catalogue.EXPORT, booklets.GUIDE_EXPORT, offline.EXPORT))
    together = build_views(
        project_copy, edition=EDITION, site_dir=tmp_path / "ensemble" / "site", trainer_dir=tmp_path / "formateur"
    ).trainer.site
    alone = build_site(project_copy, edition=EDITION, site_dir=tmp_path / "seule" / "formateur", trainer=True).site
    assert differences(together, alone) == []
    assert (together / "exports" / GUIDE_PDF).is_file()


def test_the_trainer_view_has_the_learners_exports_and_its_own_offline_copy(
    project_copy: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # two quick exports stand for all of them: the PDF booklets take a minute and a half
    monkeypatch.setattr(ecole.exports, "EXPORTS", (catalogue.EXPORT, booklets.GUIDE_EXPORT, offline.EXPORT))
    views = build_views(project_copy, edition=EDITION, site_dir=tmp_path / "site", trainer_dir=tmp_path / "formateur")
    learner, trainer = views.learner.site / "exports", views.trainer.site / "exports"
    assert (trainer / "catalogue.json").read_bytes() == (learner / "catalogue.json").read_bytes()
    # linked, not copied (the folders are on one file system); each view's archive is its own
    assert (trainer / "catalogue.json").samefile(learner / "catalogue.json")
    assert not (trainer / offline.ARCHIVE).samefile(learner / offline.ARCHIVE)
    # the trainer's guide, with every trainer note, is in the trainer view alone
    assert (trainer / GUIDE_PDF).is_file() and not (learner / GUIDE_PDF).exists()
    downloads = [site / "telecharger" / "index.html" for site in (views.learner.site, views.trainer.site)]
    assert GUIDE_PDF not in downloads[0].read_text(encoding="utf-8")
    assert GUIDE_PDF in downloads[1].read_text(encoding="utf-8")
    # each archive unpacks into a folder of its own: the trainer's beside the learners'
    folders = [offline.folder_name(view.curriculum) for view in (views.learner, views.trainer)]
    assert folders == [EDITION, f"{EDITION}-formateur"]
    with zipfile.ZipFile(learner / offline.ARCHIVE) as archive:
        assert "Vue formateur" not in archive.read(f"{folders[0]}/index.html").decode("utf-8")
    with zipfile.ZipFile(trainer / offline.ARCHIVE) as archive:
        assert "Vue formateur" in archive.read(f"{folders[1]}/index.html").decode("utf-8")
        assert f"{folders[1]}/exports/catalogue.json" in archive.namelist()
        assert f"{folders[1]}/exports/{GUIDE_PDF}" in archive.namelist()


# --- a site published in a subfolder ------------------------------------------------------

SITE_URL = "https://exemple.gitlab.io/ecole/"


@pytest.fixture(scope="module")
def subfolder_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example edition with ``site_url`` in a subfolder, as GitLab Pages gives it,
    built into ``www/ecole/`` with its offline copy (the other exports are slow and
    do not depend on the address)."""
    project = copy_project(tmp_path_factory.mktemp("sous-dossier") / "projet")
    settings = project.editions / EDITION / "edition.yml"
    settings.write_text(settings.read_text(encoding="utf-8") + f"site_url: {SITE_URL}\n", encoding="utf-8")
    result = build_site(project, edition=EDITION, site_dir=project.root / "www" / "ecole", exports=False)
    offline.EXPORT.write(result.curriculum, result.site / "exports")
    return result.site


def built_export(path: str) -> bool:
    """False for the exports this site was built without (tested with the exports)."""
    return not path.startswith("exports/") or path == f"exports/{offline.ARCHIVE}"


def test_links_stay_relative_except_on_the_404_page(subfolder_site: Path) -> None:
    for path in subfolder_site.rglob("*.html"):
        rooted = [url for url in internal_links(path.read_text(encoding="utf-8")) if url.startswith("/")]
        if path.name == "404.html":  # served at any depth: its links must start from the root
            assert rooted and all(url.startswith("/ecole/") for url in rooted), rooted
        else:
            assert rooted == [], path


def test_every_page_works_when_served_under_the_subfolder(subfolder_site: Path) -> None:
    server = serve_folder(subfolder_site.parent)
    base = next(server)
    try:
        home = urljoin(base, "ecole/")
        targets: set[str] = set()
        for path in subfolder_site.rglob("*.html"):
            name = path.relative_to(subfolder_site).as_posix()
            if name == "404.html":  # what the server answers for /ecole/une/adresse/inexistante/
                address = urljoin(home, "une/adresse/inexistante/")
            else:
                address = urljoin(home, posixpath.dirname(name) + "/" if posixpath.dirname(name) else "")
            for url in internal_links(path.read_text(encoding="utf-8")):
                target = urljoin(address, url).split("#")[0].split("?")[0]
                assert target.startswith(home), (name, url, target)
                if not built_export(target.removeprefix(home)):
                    continue
                targets.add(target)
        assert len(targets) > 50  # every page and asset, but for the exports
        failed = []
        for target in sorted(targets):
            try:
                with urllib.request.urlopen(target, timeout=10) as response:
                    assert response.status == 200
            except urllib.error.HTTPError as exc:
                failed.append(f"{target}: {exc.code}")
        assert failed == []
    finally:
        server.close()


def test_the_sitemap_gives_public_addresses_in_the_subfolder(subfolder_site: Path) -> None:
    locations = re.findall(r"<loc>([^<]*)</loc>", (subfolder_site / "sitemap.xml").read_text(encoding="utf-8"))
    assert f"{SITE_URL}modules/pourquoi-innover/" in locations
    for location in locations:
        assert location.startswith(SITE_URL)
        assert (subfolder_site / location.removeprefix(SITE_URL) / "index.html").is_file(), location


def test_the_offline_copy_ignores_the_subfolder(subfolder_site: Path) -> None:
    with zipfile.ZipFile(subfolder_site / "exports" / offline.ARCHIVE) as archive:
        folder = f"{EDITION}/"  # the archive unpacks into a folder named after the edition
        names = {name.removeprefix(folder) for name in archive.namelist()}
        assert "404.html" not in names and "sitemap.xml" not in names
        for name in (n for n in names if n.endswith(".html")):
            for url in internal_links(archive.read(folder + name).decode("utf-8")):
                assert not url.startswith("/"), (name, url)
                target = posixpath.normpath(posixpath.join(posixpath.dirname(name), url.split("#")[0].split("?")[0]))
                assert target in names | {f"exports/{offline.ARCHIVE}"} or not built_export(target), (name, url)


# --- the CI files a trainer copies ---------------------------------------------------------

PUBLICATION = ROOT / "publication"


def make_targets() -> set[str]:
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    return set(re.findall(r"^([a-z][\w-]*):", text, re.M))


def jobs_of(ci: dict) -> list[dict]:
    """GitHub's jobs are under ``jobs:``; GitLab's are the top-level keys that have a script."""
    if "jobs" in ci:
        return list(ci["jobs"].values())
    return [job for job in ci.values() if isinstance(job, dict) and "script" in job]


def commands_of(ci: dict) -> list[str]:
    """Every shell line of a GitLab job or a GitHub workflow."""
    lines: list[str] = []
    for job in jobs_of(ci):
        lines += job.get("script", [])
        lines += [line for step in job.get("steps", []) for line in step.get("run", "").splitlines()]
    return [line.strip() for line in lines if line.strip()]


def dry_run(command: str, environment: dict[str, str]) -> str:
    """What ``make …`` would run, with the CI's variables."""
    for name, value in environment.items():
        command = command.replace(f'"${name}"', value).replace(f"${name}", value)
    command = re.sub(r'"?\$\{\{[^}]*\}\}"?', "https://exemple.github.io/ecole", command)
    result = subprocess.run(["make", "-n", *command.split()[1:]], cwd=ROOT, capture_output=True, text=True, check=True)
    return result.stdout


@pytest.mark.parametrize("name", ["gitlab-ci.yml", "github-pages.yml"])
def test_ci_files_build_the_learners_site_with_the_makefile(name: str) -> None:
    ci = yaml.safe_load((PUBLICATION / name).read_text(encoding="utf-8"))
    environment = ci.get("variables") or ci.get("env")
    assert environment == {"EDITION": "ma-ville"}  # the one line a trainer changes
    commands = commands_of(ci)
    builds = [line for line in commands if line.startswith("make ")]
    assert len(builds) == 1
    assert builds[0].split()[1] in make_targets()
    ecole_build = [
        line
        for line in dry_run(builds[0], {**environment, "CI_PAGES_URL": "https://x.gitlab.io/ecole"}).splitlines()
        if "ecole build" in line
    ]
    assert len(ecole_build) == 1
    assert "--edition ma-ville --site-dir public --site-url https://" in ecole_build[0]
    # nothing reaches the network but the package installs
    assert not [line for line in commands if re.search(r"\b(curl|wget|pip|npm)\b", line)]
    # what is published is the learners' site, never the trainer view
    published = [str(p) for job in jobs_of(ci) for p in job.get("artifacts", {}).get("paths", [])]
    published += [
        step["with"]["path"] for job in jobs_of(ci) for step in job.get("steps", []) if "path" in step.get("with", {})
    ]
    assert published == ["public"]
    assert "image" in ci.get("pages", {}) or ci["jobs"]["construire"]["container"].startswith("python:")


def test_github_workflow_deploys_to_pages() -> None:
    ci = yaml.safe_load((PUBLICATION / "github-pages.yml").read_text(encoding="utf-8"))
    assert ci[True] == {"push": {"branches": ["main"]}, "workflow_dispatch": None}  # YAML 1.1 reads "on" as true
    assert ci["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    uses = [step.get("uses", "").split("@")[0] for job in ci["jobs"].values() for step in job["steps"]]
    assert {
        "actions/checkout",
        "actions/configure-pages",
        "actions/upload-pages-artifact",
        "actions/deploy-pages",
    } <= set(uses)
    assert ci["jobs"]["publier"]["needs"] == "construire"


def test_gitlab_job_publishes_public_on_the_default_branch() -> None:
    ci = yaml.safe_load((PUBLICATION / "gitlab-ci.yml").read_text(encoding="utf-8"))
    assert ci["pages"]["image"].startswith("python:") and "bookworm" in ci["pages"]["image"]
    assert ci["pages"]["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]


def test_readme_and_makefile_never_send_readers_to_the_raw_files() -> None:
    for name in ("README.md", "Makefile"):
        text = (ROOT / name).read_text(encoding="utf-8")
        assert "site/index.html" not in text, name
        assert "make serve" in text and "site-hors-ligne.zip" in text, name


def test_the_guide_describes_the_files_it_asks_to_copy() -> None:
    guide = (ROOT / "docs" / "guides" / "adapter.md").read_text(encoding="utf-8")
    for name in ("publication/gitlab-ci.yml", "publication/github-pages.yml", "site-formateur/editions/"):
        assert name in guide
    assert "--skip-exports" in guide and "ecole serve --edition" in guide
    assert (PUBLICATION / "gitlab-ci.yml").is_file() and (PUBLICATION / "github-pages.yml").is_file()


def test_the_site_url_option_replaces_the_editions(project_copy: Project, tmp_path: Path) -> None:
    views = build_views(
        project_copy,
        edition=EDITION,
        site_dir=tmp_path / "public",
        exports=False,
        site_url="https://exemple.github.io/ecole",
    )
    sitemap = (views.learner.site / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://exemple.github.io/ecole/modules/pourquoi-innover/</loc>" in sitemap
    assert views.learner.curriculum.settings.site_url == "https://exemple.github.io/ecole/"


def test_the_old_trainer_view_setting_is_reported_and_ignored(project_copy: Project, tmp_path: Path) -> None:
    settings = project_copy.editions / "ville-exemple" / "edition.yml"
    settings.write_text(settings.read_text(encoding="utf-8") + "trainer_view: true\n", encoding="utf-8")
    views = build_views(project_copy, edition="ville-exemple", site_dir=tmp_path / "site", exports=False)
    assert "Vue formateur" not in page(views.learner.site, "") and "Vue formateur" in page(views.trainer.site, "")
    (warning,) = [str(w) for w in views.learner.report.warnings if w.field == "trainer_view"]
    assert warning.startswith("editions/ville-exemple/edition.yml:") and "réglage sans effet, à retirer" in warning
