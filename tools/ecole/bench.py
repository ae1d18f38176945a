"""``ecole bench``: our HTML build against a bare Material build of the same pages.

For each size N, a synthetic curriculum (:mod:`ecole.synthetic`) is built three
times, each time in a fresh process so that time and peak memory are those of one
build: once by ``ecole build --skip-exports``, and twice by plain MkDocs with the
Material theme, sectioned navigation and ``navigation.prune`` and the same
Markdown extensions, without our plugin: on the very pages we staged, and on the
raw Markdown bodies of the sources. The difference is what our validation,
assembly and page furniture cost. Exports are timed apart, on a small
curriculum, per module.

``ecole build`` writes two views, the learners' site and the trainer view (the
latter in a forked process whose processor time the measure includes), where
each Material build writes one site: chains are compared per page built, in
processor time.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import yaml

from .assembly.dialect import EXTENSIONS
from .assembly.navigation import build_nav
from .assembly.staging import staging_name
from .build import build_site
from .errors import BuildFailed, ContentError
from .model.curriculum import load_curriculum
from .model.diagnostics import Report
from .model.french import decimal
from .model.frontmatter import read_content
from .model.project import Project
from .model.version import DAY, content_timestamp
from .synthetic import SyntheticSizes, write_project

DEFAULT_SIZES = (100, 300, 1000)
#: Targets of the issue, on processor time per page built: our build at most 1.2 x
#: Material on the same pages and 1.5 x Material on the raw bodies (from 300 modules
#: up); linear growth; at most 400 MB at 1,000 modules; light pages.
MAX_RATIO = 1.2
MAX_RAW_RATIO = 1.5
RATIO_FROM = 300
MAX_GROWTH = 3.7
MAX_PEAK_MB = 400
PEAK_AT = 1000
MAX_PAGE_KB = 60
SAME_PAGES = "mêmes pages"
RAW = "textes bruts"
#: Size of the curriculum on which exports (PDF can be slow) are timed.
EXPORT_SIZE = 10
_BUILD_TIMINGS = {"validation", "html", "exports", "total"}


@dataclass
class Run:
    """One build of one site, measured from outside its process."""

    label: str
    size: int
    seconds: float
    cpu_seconds: float
    peak_mb: float
    #: HTML pages of each site the build wrote: ecole's two views, or Material's one site
    view_pages: tuple[int, ...]
    module_page_kb: float
    search_index_kb: float

    @property
    def pages(self) -> int:
        """Every page the build wrote, in all its views."""
        return sum(self.view_pages)

    @property
    def ms_per_page(self) -> float:
        """Processor time per page written, in milliseconds."""
        return self.cpu_seconds * 1000 / self.pages


#: Runs the measured command and reports its wall time, processor time and peak memory
#: (``ru_maxrss``, its waited-for children included) into the file named first. Linux
#: counts in a process's peak memory that of the process it was started from, as it was
#: when the program was replaced: started from the bench itself, whose memory grows with
#: the curricula it generates, a build of 70 MB was reported as 114 MB, and ``python -c
#: pass`` as 339 MB from a bench holding 300 MB. Started from this launcher (Python
#: without ``site``, about 10 MB), the command starts small.
_LAUNCHER = """
import os, sys, time
report, command = sys.argv[1], sys.argv[2:]
started = time.perf_counter()
pid = os.posix_spawnp(command[0], command, os.environ)
_, status, usage = os.wait4(pid, 0)
seconds = time.perf_counter() - started
with open(report, "w") as out:
    out.write(f"{seconds} {usage.ru_utime + usage.ru_stime} {usage.ru_maxrss}")
sys.exit(os.waitstatus_to_exitcode(status))
"""


def measure(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[float, float, float]:
    """Wall time, processor time (user + system) and peak resident memory (MB) of
    ``command``, a process of its own, and of the processes it waited for (the PDF
    workers): ``ru_maxrss`` is the largest of them all."""
    return measure_output(command, cwd, env)[:3]


def measure_output(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[float, float, float, str]:
    """:func:`measure`, and what the command printed."""
    with tempfile.TemporaryDirectory(prefix="ecole-mesure-") as folder:
        report = Path(folder) / "mesure"
        with tempfile.TemporaryFile() as output:
            process = subprocess.run(
                [sys.executable, "-I", "-S", "-c", _LAUNCHER, str(report), *command],
                cwd=cwd,
                env=env,
                stdout=output,
                stderr=subprocess.PIPE,
                check=False,
            )
            output.seek(0)
            printed = output.read().decode("utf-8", errors="replace")
        if process.returncode != 0:
            raise RuntimeError(f"« {' '.join(command)} » a échoué :\n{process.stderr.decode(errors='replace')}")
        seconds, cpu, peak = report.read_text(encoding="utf-8").split()
    return float(seconds), float(cpu), int(peak) / 1024, printed


def _bare_config(project: Path, docs: Path, nav: list, snippets: Path | None = None) -> dict:
    """A plain Material configuration: the project's theme settings without our
    template overrides, its Markdown extensions, the search plugin, no ecole plugin."""
    reference = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    theme = {key: value for key, value in reference["theme"].items() if key != "custom_dir"}
    theme["features"] = sorted(set(theme.get("features", [])) | {"navigation.sections", "navigation.prune"})
    extensions = []
    for name, settings in EXTENSIONS:
        if name == "pymdownx.snippets" and snippets is not None:
            settings = {"base_path": [str(snippets)], "check_paths": True}
        extensions.append({name: dict(settings)} if settings else name)
    return {
        "site_name": "Material seul",
        "docs_dir": str(docs),
        "use_directory_urls": True,
        "theme": theme,
        "plugins": [{"search": {"lang": "fr"}}],
        "markdown_extensions": extensions,
        "nav": nav,
    }


def _write_config(folder: Path, config: dict) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(config, allow_unicode=True, sort_keys=False)
    (folder / "mkdocs.yml").write_text(text, encoding="utf-8")


def write_raw_project(project: Path, bare: Path) -> None:
    """The Markdown bodies of the content files as a plain Material site: no header
    block, no glossary tooltips, quizzes left as code blocks; navigation in sections
    (the two parts, methods, case studies), pruned."""
    docs = bare / "docs"
    report = Report(project)
    sections: dict[str, list[str]] = {"Partie 1": [], "Partie 2": [], "Méthodes": [], "Études de cas": []}
    for folder in ("modules", "modules/methodes", "case_studies"):
        for source in sorted((project / folder).glob("*.md")):
            content = read_content(source, report)
            if content is None:
                raise RuntimeError("\n".join(str(d) for d in report.sorted()))
            path = f"{folder}/{source.name}"
            (docs / path).parent.mkdir(parents=True, exist_ok=True)
            (docs / path).write_text(f"# {content.meta.data['title']}\n\n{content.body}", encoding="utf-8")
            if folder == "modules":
                sections["Partie 1" if content.meta.data["part"] == "sensibilisation" else "Partie 2"].append(path)
            else:
                sections["Méthodes" if folder.endswith("methodes") else "Études de cas"].append(path)
    for page in ("index.md", "glossaire.md"):
        if (project / "docs" / page).is_file():
            (docs / page).write_bytes((project / "docs" / page).read_bytes())
    nav = [
        "index.md",
        {"Modules": [{"Partie 1": sections["Partie 1"]}, {"Partie 2": sections["Partie 2"]}]},
        {"Méthodes": sections["Méthodes"]},
        {"Études de cas": sections["Études de cas"]},
        "glossaire.md",
    ]
    _write_config(bare, _bare_config(project, Path("docs"), nav))


def write_same_pages_project(project: Path, bare: Path) -> None:
    """The very pages our build gave MkDocs (the staging folder, same navigation),
    built by Material alone: what our validation, assembly and plugin add."""
    curriculum, _ = load_curriculum(Project(project))
    staged = project / ".ecole" / "staging" / staging_name(curriculum)
    _write_config(bare, _bare_config(project, staged / "docs", build_nav(curriculum), staged / "includes"))


def _html_pages(site: Path) -> int:
    return sum(1 for _ in site.rglob("*.html"))


def _sizes_of(
    site: Path, label: str, size: int, measured: tuple[float, float, float], other_views: tuple[Path, ...] = ()
) -> Run:
    """A build's measures; its weights are those of ``site``, its pages those of
    ``site`` and of the ``other_views`` the same build wrote."""
    seconds, cpu_seconds, peak_mb = measured
    module_pages = [page for page in (site / "modules").glob("*/index.html") if page.parent.name.startswith("module-")]
    search_index = site / "search" / "search_index.json"
    return Run(
        label=label,
        size=size,
        seconds=seconds,
        cpu_seconds=cpu_seconds,
        peak_mb=peak_mb,
        view_pages=tuple(_html_pages(view) for view in (site, *other_views)),
        module_page_kb=sum(page.stat().st_size for page in module_pages) / len(module_pages) / 1024,
        search_index_kb=search_index.stat().st_size / 1024 if search_index.is_file() else 0.0,
    )


@dataclass
class SizeResult:
    size: int
    ours: Run
    same_pages: Run  # Material alone on our staged pages
    raw: Run  # Material alone on the raw bodies
    baseline: Run | None = None  # ecole as another copy of the tool builds it (--baseline)

    def chains(self) -> list[Run]:
        return [self.ours, *([self.baseline] if self.baseline else []), self.same_pages, self.raw]


def _best(runs: list[Run]) -> Run:
    """The least disturbed of several runs: the fastest, by processor time."""
    return min(runs, key=lambda run: run.cpu_seconds)


#: Label of the chain that builds with another copy of the tool (``--baseline``).
BASELINE = "ecole (base)"


def baseline_env(tools: Path) -> dict[str, str]:
    """The environment in which ``python -m ecole.cli`` is the copy of the tool in ``tools``
    (the folder that holds its ``ecole`` package): first on the path, before the installed one."""
    return {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(tools), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep),
    }


def _use_overrides(project: Path, source: Path) -> None:
    """Put the theme overrides of the copy of the project in ``source`` into ``project``
    (left as they are, the reference's, when that copy has none)."""
    if not (source / "overrides").is_dir():
        return
    shutil.rmtree(project / "overrides", ignore_errors=True)
    shutil.copytree(source / "overrides", project / "overrides")


def bench_size(size: int, reference: Path, work: Path, repeat: int = 1, baseline: Path | None = None) -> SizeResult:
    """The three builds of one size (four with a ``baseline`` copy of the tool),
    ``repeat`` times each, in turn; the best of each.

    Every build of ours starts from a fresh checkout (no staging, no compiled
    templates), as after ``git clone``.
    """
    project = work / f"cursus-{size}"
    write_project(project, SyntheticSizes(size), reference)
    python = sys.executable
    same_pages, raw = work / f"memes-pages-{size}", work / f"textes-bruts-{size}"
    write_raw_project(project, raw)
    runs: dict[str, list[Run]] = {"ecole": [], BASELINE: [], SAME_PAGES: [], RAW: []}
    # the base first: Material then builds the pages this copy of the tool staged
    ours = ([(BASELINE, baseline_env(baseline))] if baseline is not None else []) + [("ecole", None)]
    for _ in range(repeat):
        for label, env in ours:
            shutil.rmtree(project / ".ecole", ignore_errors=True)
            # the theme's templates are part of what is compared: each tool with its own copy's
            _use_overrides(project, baseline.parent if label == BASELINE and baseline is not None else reference)
            site = work / f"site-{size}"
            trainer = work / f"site-{size}-formateur"  # where ecole build puts the trainer view of --site-dir
            for folder in (site, trainer):
                shutil.rmtree(folder, ignore_errors=True)
            command = [python, "-m", "ecole.cli", "--projet", str(project), "build", "--skip-exports", "--site-dir"]
            measured = measure([*command, str(site), "--trainer-dir", str(trainer)], project, env)
            runs[label].append(_sizes_of(site, label, size, measured, (trainer,)))
        write_same_pages_project(project, same_pages)
        for label, folder in ((SAME_PAGES, same_pages), (RAW, raw)):
            site = work / f"site-{folder.name}"
            shutil.rmtree(site, ignore_errors=True)
            measured = measure([python, "-m", "mkdocs", "build", "-q", "-d", str(site)], folder)
            runs[label].append(_sizes_of(site, label, size, measured))
    base = _best(runs[BASELINE]) if runs[BASELINE] else None
    return SizeResult(size, _best(runs["ecole"]), _best(runs[SAME_PAGES]), _best(runs[RAW]), base)


def bench_exports(reference: Path, work: Path, size: int = EXPORT_SIZE) -> dict[str, float]:
    """Seconds per module of each export, on a curriculum of ``size`` modules."""
    project = work / f"cursus-exports-{size}"
    write_project(project, SyntheticSizes(size), reference)
    result = build_site(Project(project), site_dir=work / "site-exports")
    return {name: seconds / size for name, seconds in result.timings.items() if name not in _BUILD_TIMINGS}


#: The full builds of the rebuild benchmark, in the order they run. « le lendemain »: the
#: same content again, as after a commit of the next day (the content's date, see
#: :mod:`ecole.model.version`, one day later): what a trainer who resumes work waits for.
REBUILDS = ("à froid", "un module modifié", "rien de changé", "le lendemain")
#: Targets of the issue on the reference curriculum (17 modules), seconds of wall time.
REBUILD_TARGETS = {"à froid": 10.0, "un module modifié": 3.0, "rien de changé": 2.0}
#: The build report's timings, of a build (« construit dans ») or of one with nothing changed (« à jour »).
_TIMINGS = re.compile(r"(?:construit dans|à jour).*\((?P<timings>validation [^)]*)\)")
_STEP = re.compile(r"(?P<name>.+?) (?P<value>[\d\u202f]+(?:,\d+)?)\s?s")


def step_timings(printed: str) -> dict[str, float]:
    """Seconds per step, as ``ecole build`` prints them (« validation 0,4 s, html 3,1 s… »)."""
    found = _TIMINGS.search(printed)
    steps = {}
    for item in found["timings"].split(", ") if found else []:
        if step := _STEP.fullmatch(item):
            steps[step["name"]] = float(step["value"].replace("\u202f", "").replace(",", "."))
    return steps


#: How a build with nothing changed starts its report (:func:`ecole.cli.up_to_date_line`).
UP_TO_DATE = "Rien n'a changé depuis la dernière construction"
#: How the build report's line on the pages starts (:func:`ecole.cli.page_lines`).
PAGES_REPORT = "Pages HTML (deux vues)"


@dataclass
class Rebuild:
    """One full ``ecole build`` (both views, every export) of the rebuild benchmark."""

    label: str
    size: str  # "17 (référence)" or a number of modules
    seconds: float
    cpu_seconds: float
    peak_mb: float
    steps: dict[str, float]  # seconds per step, as the build reports them
    report: list[str]  # what the build says it rebuilt and reused
    base: bool = False  # built by the other copy of the tool (``--baseline``)
    of: int = 1  # the median of that many builds (the lower of the middle two for an even count)


def copy_reference(reference: Path, destination: Path) -> None:
    for part in Project.PARTS:
        source = reference / part
        if source.is_dir():
            shutil.copytree(source, destination / part)
        elif source.is_file():
            shutil.copy2(source, destination / part)


def touch_module(project: Path) -> Path:
    """Add a paragraph under the first section heading of the first module: a one-sentence edit."""
    module = sorted((project / "modules").glob("*.md"))[0]
    text = module.read_text(encoding="utf-8")
    heading = text.index("\n## ") + 1
    end = text.index("\n", heading)
    module.write_text(
        text[:end] + "\n\nUne phrase ajoutée pour mesurer une reconstruction." + text[end:], encoding="utf-8"
    )
    return module


def bench_rebuilds(
    project: Path, work: Path, size: str, baseline: Path | None = None, repeat: int = 1
) -> list[Rebuild]:
    """Cold build (no cache), build after a one-module edit, build with nothing changed,
    then the same as after a commit of the next day (:data:`REBUILDS`).

    Four runs of ``ecole build`` (both views, every export), each a process of its own;
    the edit ``repeat`` times (a sentence more each time), its median kept: one such
    build varies by a few tenths of a second from one run to the next, as much as what
    a change of the tool gains. With ``baseline`` (the ``tools`` folder of another copy of
    the tool), a copy of ``project`` with that copy's theme overrides is built by it too,
    step by step in turn with this one (the base first, as :func:`bench_size` does): the
    two are measured side by side, on the machine in the same state."""
    chains: list[tuple[Path, str, dict[str, str] | None]] = [(project, size, None)]
    if baseline is not None:
        copy = project.with_name(f"{project.name}-base")
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(project, copy, ignore=shutil.ignore_patterns(".ecole"))
        _use_overrides(copy, baseline.parent)
        chains.insert(0, (copy, f"{size}, base", baseline_env(baseline)))
    for folder, _, _ in chains:
        shutil.rmtree(folder / ".ecole", ignore_errors=True)
    runs = []
    for label in REBUILDS:
        measured: dict[str, list[Rebuild]] = {name: [] for _, name, _ in chains}
        for _ in range(repeat if label == "un module modifié" else 1):
            for folder, name, env in chains:
                if label == "un module modifié":
                    touch_module(folder)
                build_env = env
                if label == "le lendemain":
                    day = str(content_timestamp(folder) + DAY)
                    build_env = {**(env if env is not None else os.environ), "SOURCE_DATE_EPOCH": day}
                site = work / f"site-{folder.name}"
                command = [sys.executable, "-m", "ecole.cli", "--projet", str(folder), "build", "--site-dir", str(site)]
                seconds, cpu, peak, printed = measure_output(command, folder, build_env)
                steps = step_timings(printed)
                report = [
                    line.strip() for line in printed.splitlines() if line.startswith(("  ", UP_TO_DATE, PAGES_REPORT))
                ]
                measured[name].append(Rebuild(label, name, seconds, cpu, peak, steps, report, base=env is not None))
        for builds in measured.values():
            median = sorted(builds, key=lambda build: build.seconds)[(len(builds) - 1) // 2]
            runs.append(dataclasses.replace(median, of=len(builds)))
    return runs


REBUILD_HEADER = (
    f"{'N':>22}  {'construction complète':<22}{'secondes':>10}{'processeur':>11}{'mémoire':>10}"
    f"{'HTML':>7}{'livrets':>9}{'fiches':>8}{'canevas':>9}{'SCORM':>7}{'hors ligne':>12}"
)


def rebuild_lines(runs: list[Rebuild]) -> list[str]:
    lines = []
    for run in runs:
        step = run.steps.get
        lines.append(
            f"{run.size:>22}  {run.label:<22}{decimal(run.seconds):>10}{decimal(run.cpu_seconds):>11}"
            f"{decimal(run.peak_mb, 0) + ' Mo':>10}{decimal(step('html', 0)):>7}{decimal(step('livrets', 0)):>9}"
            f"{decimal(step('programmes', 0)):>8}{decimal(step('canevas', 0)):>9}{decimal(step('scorm', 0)):>7}"
            f"{decimal(step('hors-ligne', 0)):>12}"
        )
    return lines


def rebuild_summary(runs: list[Rebuild]) -> list[str]:
    """The targets on the reference, and what each build of this tool said it rebuilt; with
    a base, its time beside each of this tool's."""
    lines = []
    bases = {(run.label, run.size.removesuffix(", base")): run for run in runs if run.base}
    for run in runs:
        if run.base:
            continue
        base = bases.get((run.label, run.size))
        beside = f" ; {BASELINE} : {decimal(base.seconds)} s" if base is not None else ""
        median = _kept(run.of)
        if run.size.endswith("(référence)") and run.label in REBUILD_TARGETS:
            target = REBUILD_TARGETS[run.label]
            lines.append(
                f"Cursus de référence, construction {run.label} : {decimal(run.seconds)} s{median} "
                f"(objectif ≤ {decimal(target, 0)} s : {_verdict(run.seconds <= target)}){beside}"
            )
        elif run.size.endswith("(référence)"):
            lines.append(f"Cursus de référence, construction {run.label} : {decimal(run.seconds)} s{beside}")
        elif beside or median:
            lines.append(
                f"Cursus de {run.size} modules, construction {run.label} : {decimal(run.seconds)} s{median}{beside}"
            )
        if run.label != "à froid":
            lines += [f"  {line}" for line in run.report]
    return lines


def _kept(builds: int) -> str:
    """Which of ``builds`` one-module rebuilds the summary gives: the median is one of them
    (its steps and report go with it), the faster of the middle two for an even count."""
    if builds == 1:
        return ""
    if builds % 2:
        return f", médiane de {builds}"
    if builds == 2:
        return ", la plus rapide de 2"
    return f", la plus rapide des deux du milieu sur {builds}"


def machine() -> str:
    cpu = "processeur inconnu"
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3
    return (
        f"{os.cpu_count()} cœurs, {decimal(memory, 0)} Go de mémoire, {cpu} ; Python {platform.python_version()}, "
        f"MkDocs {version('mkdocs')}, Material {version('mkdocs-material')}, "
        f"Python-Markdown {version('markdown')}, pymdown-extensions {version('pymdown-extensions')}"
    )


HEADER = (
    f"{'N':>5}  {'chaîne':<24}{'pages':>12}{'secondes':>10}{'processeur':>11}{'ms/page':>9}"
    f"{'mémoire':>10}{'Ko/module':>11}{'index':>11}"
)
#: What the table's columns mean, printed under it.
HEADER_NOTE = (
    "pages : pages HTML écrites (ecole : site des apprenants + vue formateur) ; "
    "ms/page : millisecondes de processeur par page écrite"
)


def run_lines(result: SizeResult) -> list[str]:
    """One line per build of one size. Costs per page are in processor time."""
    lines = []
    for run in result.chains():
        label = run.label if run.label.startswith("ecole") else f"Material, {run.label}"
        pages = " + ".join(str(count) for count in run.view_pages)
        lines.append(
            f"{run.size:>5}  {label:<24}{pages:>12}{decimal(run.seconds):>10}{decimal(run.cpu_seconds):>11}"
            f"{decimal(run.ms_per_page):>9}{decimal(run.peak_mb, 0) + ' Mo':>10}{decimal(run.module_page_kb):>11}"
            f"{decimal(run.search_index_kb, 0) + ' Ko':>11}"
        )
    return lines


def _target(ratio: float, limit: float, size: int) -> str:
    return f" (objectif ≤ {decimal(limit)} : {_verdict(ratio <= limit)})" if size >= RATIO_FROM else ""


def _pages_text(run: Run) -> str:
    if len(run.view_pages) == 1:
        return f"{run.pages} pages"
    return f"{' + '.join(str(count) for count in run.view_pages)} pages, {len(run.view_pages)} vues"


def size_summary(result: SizeResult) -> list[str]:
    """The ratios of one size: processor time per page written, ours over each bare chain."""
    ours, same, raw = result.ours, result.same_pages, result.raw
    same_ratio = ours.ms_per_page / same.ms_per_page
    raw_ratio = ours.ms_per_page / raw.ms_per_page
    return [
        f"N = {result.size}, coût d'une page (temps de processeur / pages écrites) : "
        f"ecole {decimal(ours.ms_per_page)} ms ({_pages_text(ours)}), "
        f"Material sur les mêmes pages {decimal(same.ms_per_page)} ms ({_pages_text(same)}), "
        f"Material sur les textes bruts {decimal(raw.ms_per_page)} ms ({_pages_text(raw)})",
        f"  par page, ecole / Material sur les mêmes pages = {decimal(same_ratio, 2)}"
        f"{_target(same_ratio, MAX_RATIO, result.size)}",
        f"  par page, ecole / Material sur les textes bruts = {decimal(raw_ratio, 2)}"
        f"{_target(raw_ratio, MAX_RAW_RATIO, result.size)}",
        f"  construction entière, ecole / Material sur les textes bruts = "
        f"{decimal(ours.cpu_seconds / raw.cpu_seconds, 2)} (le site d'ecole a plus de pages et deux vues)",
        *(
            [
                f"  par page, ecole / {BASELINE} = {decimal(ours.ms_per_page / result.baseline.ms_per_page, 2)} "
                f"({decimal(result.baseline.ms_per_page)} ms, {_pages_text(result.baseline)})"
            ]
            if result.baseline is not None
            else []
        ),
    ]


def summary(results: list[SizeResult], exports: dict[str, float] | None) -> list[str]:
    """Each target met or not. Ratios use processor time: on a shared machine, wall
    time also counts the other programs' turns."""
    lines = []
    for result in results:
        lines += size_summary(result)
    by_size = {result.size: result.ours for result in results}
    if 300 in by_size and 1000 in by_size:
        growth = by_size[1000].cpu_seconds / by_size[300].cpu_seconds
        lines.append(
            f"Croissance t(1000) / t(300) = {decimal(growth, 2)} (objectif ≤ {decimal(MAX_GROWTH)} : {_verdict(growth <= MAX_GROWTH)})"
        )
    if PEAK_AT in by_size:
        peak = by_size[PEAK_AT].peak_mb
        lines.append(
            f"Mémoire maximale d'ecole à N = {PEAK_AT} : {decimal(peak, 0)} Mo "
            f"(objectif ≤ {MAX_PEAK_MB} Mo : {_verdict(peak <= MAX_PEAK_MB)})"
        )
    largest = by_size[max(by_size)]
    lines.append(
        f"HTML par page de module à N = {largest.size} : {decimal(largest.module_page_kb)} Ko "
        f"(objectif ≤ {MAX_PAGE_KB} Ko : {_verdict(largest.module_page_kb <= MAX_PAGE_KB)})"
    )
    if exports is not None:
        timed = ", ".join(f"{name} {decimal(seconds * 1000, 0)} ms" for name, seconds in sorted(exports.items()))
        lines.append(f"Exports, par module (cursus de {EXPORT_SIZE} modules) : {timed or 'aucun export'}")
    return lines


def _verdict(ok: bool) -> str:
    return "atteint" if ok else "NON ATTEINT"


def run_bench(
    reference: Path,
    sizes: list[int],
    *,
    exports: bool = True,
    repeat: int = 1,
    rebuild_sizes: list[int] | None = None,
    baseline: Path | None = None,
) -> Iterator[str]:
    """Run every size in a scratch folder, yielding the report's lines as soon as known."""
    load = os.getloadavg()[0]
    yield f"Machine : {machine()} ; charge moyenne au départ : {decimal(load)}"
    if repeat > 1:
        yield f"Chaque site est construit {repeat} fois ; chaque ligne donne la construction la plus rapide."
    yield ""
    yield HEADER
    yield HEADER_NOTE
    if baseline is not None:
        yield f"{BASELINE} : le même cursus construit par l'outil du dossier {baseline} et les gabarits de sa copie (overrides/), tour à tour avec celui-ci."
    results = []
    rebuilds: list[Rebuild] = []
    with tempfile.TemporaryDirectory(prefix="ecole-bench-") as scratch:
        work = Path(scratch)
        for size in sizes:
            results.append(bench_size(size, reference, work, repeat, baseline))
            yield from run_lines(results[-1])
        export_timings = bench_exports(reference, work) if exports else None
        if exports:
            yield ""
            yield REBUILD_HEADER
            copy = work / "reference"
            copy_reference(reference, copy)
            modules = len(list((copy / "modules").glob("*.md")))
            rebuilds += bench_rebuilds(copy, work, f"{modules} (référence)", baseline, repeat)
            yield from rebuild_lines(rebuilds)
            for size in rebuild_sizes or []:
                project = work / f"cursus-reconstruction-{size}"
                write_project(project, SyntheticSizes(size), reference)
                done = len(rebuilds)
                rebuilds += bench_rebuilds(project, work, str(size), baseline, repeat)
                yield from rebuild_lines(rebuilds[done:])
    yield ""
    yield from summary(results, export_timings)
    yield from rebuild_summary(rebuilds)


def cmd_bench(args: argparse.Namespace, project: Project) -> int:
    try:
        sizes = sorted({int(size) for size in args.sizes.split(",")})
        rebuild_sizes = sorted({int(size) for size in args.rebuild_sizes.split(",") if size.strip()})
    except ValueError:
        print(
            f"ecole bench : « {args.sizes} » : donnez des nombres de modules séparés par des virgules, "
            "par exemple 100,300,1000",
            file=sys.stderr,
        )
        return 2
    if not sizes or min(sizes) < 2:
        print("ecole bench : il faut au moins 2 modules par cursus", file=sys.stderr)
        return 2
    print(f"Banc d'essai : cursus synthétiques de {', '.join(map(str, sizes))} modules…", flush=True)
    try:
        baseline = Path(args.baseline).resolve() if args.baseline else None
        if baseline is not None and not (baseline / "ecole" / "cli.py").is_file():
            print(
                f"ecole bench : {args.baseline} : il faut le dossier qui contient le paquet ecole "
                "d'une autre version de l'outil (son dossier tools/)",
                file=sys.stderr,
            )
            return 2
        lines = run_bench(
            project.root,
            sizes,
            exports=not args.skip_exports,
            repeat=max(args.repeat, 1),
            rebuild_sizes=rebuild_sizes,
            baseline=baseline,
        )
        for line in lines:
            print(line, flush=True)
    except (RuntimeError, BuildFailed, ContentError) as exc:
        print(f"ecole bench : {exc}", file=sys.stderr)
        return 1
    return 0


def add_command(commands: argparse._SubParsersAction) -> None:
    """Register ``ecole bench`` on the CLI's sub-command parser."""
    bench = commands.add_parser("bench", help="mesurer la construction face à Material seul (100, 300, 1000 modules)")
    bench.add_argument(
        "--sizes",
        metavar="NOMBRES",
        default=",".join(map(str, DEFAULT_SIZES)),
        help="nombres de modules, par exemple 100,300,1000",
    )
    bench.add_argument("--skip-exports", action="store_true", help="ne pas mesurer les exports")
    bench.add_argument(
        "--repeat",
        metavar="N",
        type=int,
        default=1,
        help="construire chaque site N fois et garder la plus rapide, et mesurer N fois la reconstruction "
        "après la modification d'un module, dont la médiane est gardée (la plus rapide des deux du milieu "
        "quand N est pair\u00a0; par défaut\u00a0: 1)",
    )
    bench.add_argument(
        "--rebuild-sizes",
        metavar="NOMBRES",
        default="",
        help="mesurer aussi les reconstructions complètes (à froid, un module modifié, rien de changé, le "
        "lendemain d'un commit) "
        "de cursus synthétiques de ces tailles, par exemple 100,300 (par défaut : le cursus de référence seul)",
    )
    bench.add_argument(
        "--baseline",
        metavar="DOSSIER",
        help="construire aussi chaque cursus avec une autre version de l'outil, pour comparer avant et après "
        "dans la même exécution\u00a0: le dossier tools/ d'une copie du dépôt (par exemple une extraction de "
        "«\u00a0git worktree\u00a0»)",
    )
    bench.set_defaults(run=cmd_bench)
