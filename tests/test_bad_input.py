"""Broken content and edition files: ``ecole check`` names each problem exactly, never crashes.

Each file of ``tests/bad_input/<dossier>/`` is dropped into a copy of the small
valid project ``tests/bad_input/projet/`` (a file may replace one of its files),
then ``ecole check`` runs in a process of its own, as a trainer would run it.
What it prints on its error output must be exactly the sidecar ``<nom>.attendu``:
the ``path:line: field: message`` lines and the summary. An empty ``.attendu``
means the file is accepted (a BOM, CRLF line endings). The exit status follows:
1 when there is an error, 0 otherwise.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ecole.model.diagnostics import Report
from ecole.model.frontmatter import MAX_BYTES
from ecole.model.loader import load_item, load_page
from ecole.model.settings import Settings, load_settings
from ecole.model.structure import Kind

CORPUS = Path(__file__).parent / "bad_input"
BASE = CORPUS / "projet"
#: Folder of the corpus -> where its files go in the project.
DESTINATIONS = {"modules": "modules", "methodes": "modules/methodes", "case_studies": "case_studies", "docs": "docs"}


@dataclass(frozen=True)
class Case:
    source: Path

    @property
    def name(self) -> str:
        return f"{self.source.parent.name}/{self.source.name}"

    @property
    def expected(self) -> str:
        return self.source.with_suffix(".attendu").read_text(encoding="utf-8")

    def install(self, root: Path) -> list[str]:
        """Copy the case into the project at ``root``; return the arguments of ``ecole``."""
        folder = self.source.parent.name
        if folder == "editions":
            edition = root / "editions" / self.source.stem
            edition.mkdir(parents=True)
            shutil.copyfile(self.source, edition / "edition.yml")
            return ["check", "--edition", self.source.stem]
        shutil.copyfile(self.source, root / DESTINATIONS[folder] / self.source.name)
        return ["check"]


CASES = [
    Case(path)
    for folder in [*DESTINATIONS, "editions"]
    for path in sorted((CORPUS / folder).iterdir())
    if path.suffix in (".md", ".yml")
]


def check(root: Path, arguments: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ecole.cli", "--projet", str(root), *arguments],
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, subprocess.CompletedProcess[str]]:
    """Every case checked once, a few processes at a time."""
    # made here, not in the threads: pytest makes the session's temporary folder on the
    # first call, and threads calling at once each made one, then failed on another's
    roots = {case.name: tmp_path_factory.mktemp("cas") / "projet" for case in CASES}

    def run(case: Case) -> tuple[str, subprocess.CompletedProcess[str]]:
        root = roots[case.name]
        shutil.copytree(BASE, root)
        return case.name, check(root, case.install(root))

    with ThreadPoolExecutor(max_workers=4) as pool:
        return dict(pool.map(run, CASES))


def test_the_corpus_is_large_and_every_case_has_its_expected_output() -> None:
    assert len(CASES) >= 22
    assert not [case.name for case in CASES if not case.source.with_suffix(".attendu").is_file()]
    orphans = [
        path.name
        for path in CORPUS.rglob("*.attendu")
        if not any(path.with_suffix(s).is_file() for s in (".md", ".yml"))
    ]
    assert not orphans


def test_the_base_project_is_valid_without_warnings() -> None:
    result = check(BASE, ["check"])
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "aucune erreur, aucun avertissement" in result.stdout


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_check_names_every_problem_exactly(case: Case, results: dict[str, subprocess.CompletedProcess[str]]) -> None:
    result = results[case.name]
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stderr == case.expected
    has_errors = "Corrigez-" in case.expected
    assert result.returncode == (1 if has_errors else 0)
    if not has_errors:
        assert "aucune erreur" in result.stdout


def test_a_very_large_file_is_refused_without_being_read(tmp_path: Path) -> None:
    root = tmp_path / "projet"
    shutil.copytree(BASE, root)
    module = root / "modules" / "export-colle.md"
    text = (BASE / "modules" / "socle.md").read_text(encoding="utf-8")
    module.write_text(text + "Une ligne collée depuis un tableur.\n" * (MAX_BYTES // 30), encoding="utf-8")
    size_kb = module.stat().st_size // 1024
    assert size_kb > 1024
    result = check(root, ["check"])
    assert result.returncode == 1
    assert result.stderr == (
        f"modules/export-colle.md:1: fichier: fichier trop volumineux ({size_kb} Ko, au plus 1024 Ko) : "
        "découpez-le ou retirez ce qui n'est pas du texte\n"
        "cursus de référence : 1 erreur. Corrigez-la puis relancez « ecole check ».\n"
    )


# --- random front-matter: a clean report or a clean success, never an exception ---------------

_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30)
    | st.sampled_from(["1h75", "45min", "2j", "decouverte", "sensibilisation", "agents", "socle", "2018-02", "#1a5f7a"])
)
_KEYS = st.sampled_from(
    ["title", "summary", "part", "order", "duration", "level", "audience", "objectives", "prerequisites",
     "methods", "case_studies", "coordinates", "department", "period", "sources", "figures", "render_macros",
     "replaces", "updated", "phase", "difficulty", "materials", "participants", "selection", "palette"]
) | st.text(max_size=12) | st.integers()  # fmt: skip
_VALUES = st.recursive(
    _SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_KEYS, inner, max_size=5), max_leaves=20
)
_HEADERS = st.dictionaries(_KEYS, _VALUES, max_size=12)
_BODIES = st.text(max_size=300) | st.sampled_from(
    ["{{ territoire.nom }}", "{{ territoire.nom ", "```quiz\n- question: x\n```", "```quiz\n- [", "[lien](x.md)"]
)


def _dump(header: object) -> str:
    return yaml.safe_dump(header, allow_unicode=True, sort_keys=False)


@pytest.fixture(scope="module")
def base_settings() -> Settings:
    settings_ = load_settings(BASE / "ecole.yml", Report(BASE))
    assert settings_ is not None
    return settings_


def _load_everything(folder: Path, front_matter: str, body: str, settings_: Settings) -> None:
    """Every loader on the same text: each either reports into its Report or succeeds."""
    for name, kind in (
        ("modules/m.md", Kind.MODULE),
        ("modules/methodes/f.md", Kind.METHOD),
        ("case_studies/c.md", Kind.CASE_STUDY),
    ):
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"---\n{front_matter}---\n{body}", encoding="utf-8")
        report = Report(folder)
        item = load_item(path, kind, settings_, report)
        assert (item is None) == bool(report.errors)
        page_report = Report(folder)
        load_page(path, "page.md", settings_, page_report)
        assert all(str(d) for d in report.items + page_report.items)
    edition = folder / "edition.yml"
    edition.write_text(front_matter, encoding="utf-8")
    edition_report = Report(folder)
    assert (load_settings(edition, edition_report) is None) == bool(edition_report.errors)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(header=_HEADERS, body=_BODIES)
def test_random_yaml_front_matter_never_raises(
    header: dict, body: str, tmp_path: Path, base_settings: Settings
) -> None:
    _load_everything(tmp_path, _dump(header), body, base_settings)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(front_matter=st.text(max_size=200), body=_BODIES)
def test_random_text_as_front_matter_never_raises(
    front_matter: str, body: str, tmp_path: Path, base_settings: Settings
) -> None:
    _load_everything(tmp_path, front_matter + "\n", body, base_settings)
