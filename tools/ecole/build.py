"""``ecole build``: one edition, start to finish, replacing the output atomically.

The site is built into a temporary folder next to the target; only when
validation, MkDocs and every export have succeeded is the old site swapped out.
A failed build leaves the previous site exactly as it was.

An edition has two views, always built together (:func:`build_views`) so that
they never diverge: the learners' site (``site/``, ``site/editions/<id>/``) and
the trainer view, with trainer notes and solutions open, built *outside* it
(``site-formateur/``, ``site-formateur/editions/<id>/``) so that publishing the
learners' folder never publishes the trainer's.
"""

from __future__ import annotations

import atexit
import contextlib
import dataclasses
import functools
import gc
import multiprocessing
import os
import pickle
import shutil
import signal
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import uptodate
from .adapter import zensical_engine
from .adapter.mkdocs_engine import build_html
from .adapter.page_cache import PageCache, PageReport
from .assembly.staging import Staged, stage, staging_name
from .assembly.templates import environment as template_environment
from .assembly.templates import keep_compiled
from .errors import BuildFailed
from .exports import booklets, exports_apart, offline, planned_files, sizes, write_export, write_exports
from .exports.cache import CacheReport, ExportCache, KindReport, Progress, activate
from .exports.pdf import prepare_printing, print_ahead, render_all
from .exports.plan import Export
from .model.curriculum import load_curriculum
from .model.diagnostics import Report
from .model.project import Project
from .model.structure import Curriculum
from .uptodate import BuildState


@dataclass
class BuildResult:
    site: Path
    curriculum: Curriculum
    report: Report
    timings: dict[str, float] = field(default_factory=dict)
    #: per export, the files rebuilt and those taken from the build cache (None: no exports)
    exports: CacheReport | None = None
    #: nothing changed since the last build of the same options: the site was kept as it was
    up_to_date: bool = False
    #: the pages written by the theme and those taken from the build cache (None: no cache)
    pages: PageReport | None = None


#: Site engines ``build_site`` can use: the first is the default.
ENGINES = ("mkdocs", "zensical")

#: Sites that live inside another one: rebuilding the outer site must keep them.
NESTED_SITES = ("editions",)

#: How much lower than the build's other processes the one that builds the trainer view's
#: pages runs (``nice``). Those pages are needed only at the end, for the trainer view's
#: offline copy; meanwhile the learners' view, the booklets' preparation and the printing of
#: an edited chapter, which all the other exports wait for, share the two cores with it.
#: Measured after a one-module edit of the reference: 4.25 s to 4.02 s (median of 10
#: alternating builds, shorter in 9 of 10 pairs). Not 19, which was barely faster (3.99 s
#: against 4.08 s for 10): it still gets some processor time beside a program busy on every core.
TRAINER_VIEW_NICENESS = 10

#: Folder of the trainer views, next to ``site/`` and never inside it.
TRAINER_SITES = "site-formateur"
#: ``--site-dir public`` puts the trainer view beside it, in ``public-formateur``.
TRAINER_SUFFIX = "-formateur"


def default_site_dir(project: Project, edition: str | None, trainer: bool = False) -> Path:
    """Learners: ``site/`` or ``site/editions/<id>/``; trainer view: the same under ``site-formateur/``."""
    base = project.root / (TRAINER_SITES if trainer else "site")
    return base / "editions" / edition if edition else base


def trainer_dir_beside(site_dir: Path) -> Path:
    """The trainer view's folder when the learners' one is chosen: ``public`` -> ``public-formateur``."""
    site_dir = site_dir.resolve()
    return site_dir.with_name(site_dir.name + TRAINER_SUFFIX)


#: The build cache of the exports, under ``.ecole/`` (see :mod:`ecole.exports.cache`).
CACHE_FOLDER = ("cache", "exports")
#: The build cache of the pages, one folder per view (see :mod:`ecole.adapter.page_cache`).
PAGES_FOLDER = ("cache", "pages")
#: Name of the trainer view's offline copy in the build report.
TRAINER_OFFLINE = "hors-ligne-formateur"
#: Name of the trainer's guide, written into the trainer view only, in the build report.
TRAINER_GUIDE = booklets.GUIDE_EXPORT.name


@dataclass
class ExportOptions:
    """How the exports of a build run: with the cache or not, on how many processes, with what progress."""

    #: False (``--no-cache``): every export is made again, and a build with nothing
    #: changed is a full build too (:mod:`ecole.uptodate`)
    cache: bool = True
    workers: int | None = None  # None: one per core this process may use
    progress: Progress | None = None

    def store_without_cache(self) -> ExportCache:
        return ExportCache(None, workers=self.workers, progress=self.progress)

    def store(self, project: Project) -> ExportCache:
        folder = project.work.joinpath(*CACHE_FOLDER) if self.cache else None
        return ExportCache(folder, workers=self.workers, progress=self.progress)


def stage_curriculum(project: Project, curriculum: Curriculum) -> Staged:
    """The staged pages of ``curriculum``, in its own folder under ``.ecole/staging``."""
    return stage(curriculum, project.work / "staging" / staging_name(curriculum), planned_files(curriculum))


def _build_pages(project: Project, curriculum: Curriculum, folder: Path, environment: str | None) -> PageReport | None:
    """The pages of one view with MkDocs, with the build cache of the pages unless
    ``environment`` (:func:`ecole.uptodate.environment_digest`) is None; what the cache gave."""
    staged = stage_curriculum(project, curriculum)
    if environment is None:
        build_html(project, staged, folder)
        return None
    pages = PageCache(project.work.joinpath(*PAGES_FOLDER, staging_name(curriculum)), environment, staged.includes)
    build_html(project, staged, folder, pages=pages)
    return pages.report


def _environment(
    project: Project,
    edition: str | None,
    options: ExportOptions | None,
    digests: uptodate.InputDigests | None = None,
) -> str | None:
    """What the build cache of the pages of ``edition`` needs, or None with ``--no-cache``;
    ``digests``: the files a build reads, when the build has read them already
    (:func:`ecole.uptodate.input_digests`)."""
    if not (options or ExportOptions()).cache:
        return None
    return uptodate.environment_digest(project, digests, edition)


@dataclass
class _Draft:
    """A site built into a temporary folder, not yet in place."""

    target: Path
    temporary: Path
    curriculum: Curriculum
    report: Report
    timings: dict[str, float]
    store: ExportCache | None = None
    pages: PageReport | None = None
    #: the trainer view's guide, printed with the learners' PDFs: a folder that holds ``exports/``
    guide: Path | None = None

    def result(self) -> BuildResult:
        exports = self.store.report if self.store is not None else None
        return BuildResult(self.target, self.curriculum, self.report, self.timings, exports, pages=self.pages)

    def discard(self) -> None:
        shutil.rmtree(self.temporary, ignore_errors=True)
        if self.guide is not None:
            shutil.rmtree(self.guide, ignore_errors=True)


def _keep_compiled_templates(project: Project) -> None:
    """Our templates' compiled code kept from one build to the next, for this process and
    those it forks from now on (:func:`.assembly.templates.keep_compiled`)."""
    keep_compiled(template_environment(), project.work / "gabarits-ecole")


def _load(
    project: Project, edition: str | None, trainer: bool | None, site_url: str | None
) -> tuple[Curriculum, Report]:
    curriculum, report = load_curriculum(project, edition=edition, trainer=bool(trainer))
    if site_url:  # --site-url: the address a CI job knows, in place of edition.yml's site_url
        curriculum.settings = dataclasses.replace(curriculum.settings, site_url=site_url.rstrip("/") + "/")
    return curriculum, report


def _draft(
    project: Project,
    curriculum: Curriculum,
    report: Report,
    target: Path,
    *,
    exports: bool,
    engine: str,
    timings: dict[str, float],
    options: ExportOptions | None = None,
    environment: str | None = None,
    exports_ready: Callable[[_Draft], None] | None = None,
    trainer: Curriculum | None = None,
    printing: _Printing | None = None,
) -> _Draft:
    """Build HTML (and exports) into a temporary folder next to ``target``.

    The exports that do not read the pages (all but the offline copy) are written into a
    folder of their own (the engine empties the site's folder when it starts), moved
    into the site once all are done: those that print PDFs by a forked process, which
    starts with the pages, the others by this one once its pages are built, while the
    forked process prints; the offline copy, which packs the site, comes last.
    ``exports_ready`` is called in between, when every export but the offline copy is
    in place. With ``trainer`` (the trainer view's curriculum), the forked process prints
    the trainer's guide too, into a folder of its own (``_Draft.guide``); ``printing``, that
    process started already (:class:`_Printing`). The caller prunes the build cache
    (``_Draft.store``) once nothing of the build uses it any more."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    draft = _Draft(target, temporary, curriculum, report, timings)
    apart: Path | None = None
    forked: _Forked | None = None
    try:
        step = time.perf_counter()
        if exports:
            printing = printing or _Printing(project, options or ExportOptions(), target, guide=trainer is not None)
            draft.store, draft.guide, apart, forked = printing.store, printing.guide, printing.folder, printing.forked
            if forked is not None:
                forked.send(curriculum, trainer)
        if engine == "zensical":
            zensical_engine.build_html(project, stage_curriculum(project, curriculum), temporary)
        else:
            draft.pages = _build_pages(project, curriculum, temporary, environment)
        timings["html"] = time.perf_counter() - step
        if exports:
            assert draft.store is not None and apart is not None
            if forked is not None:
                # Written here before the forked process could reach them: after one module's
                # edit, its core would otherwise be idle while that process prints the module
                timings.update(write_exports(curriculum, apart, draft.store, exports_apart(prints=False)))
                timings_apart, printed = forked.wait()
                draft.store.report.kinds.update(printed.kinds)
            else:
                timings_apart, draft.store.report = _write_apart(curriculum, apart, draft.store, exports_apart())
            timings.update(timings_apart)
            _move_into(apart, temporary)
            if exports_ready is not None:
                exports_ready(draft)
            timings.update(write_exports(curriculum, temporary, draft.store, (offline.EXPORT,)))
            sizes.fill_sizes(temporary)  # the archive's size, known only now, into its pages
            # from the start of the pages: the exports are written while they are built
            timings["exports"] = time.perf_counter() - step
    except BaseException:
        if forked is not None:
            forked.cancel()
        draft.discard()
        raise
    finally:
        if apart is not None:
            shutil.rmtree(apart, ignore_errors=True)
    return draft


def _write_apart(
    curriculum: Curriculum, folder: Path, store: ExportCache, exports: tuple[Export, ...]
) -> tuple[dict[str, float], CacheReport]:
    """``exports``, which do not read the pages, into ``folder/exports``; their timings and report."""
    return write_exports(curriculum, folder, store, exports), store.report


def _print_apart(
    folder: Path,
    store: ExportCache,
    exports: tuple[Export, ...],
    guide: Path | None,
    curriculum: Curriculum,
    trainer: Curriculum | None,
) -> tuple[dict[str, float], CacheReport]:
    """:func:`_write_apart`, and with ``trainer`` the trainer view's guide into ``guide/exports``.

    The guide is one long document: printed after the others, by the trainer view's
    exports, it ended a first build alone on one core (3 s of the reference's). It is
    printed ahead here, while the booklets' parts keep the other cores busy; its export
    comes last, once its print is done."""
    if trainer is None or guide is None:
        return _write_apart(curriculum, folder, store, exports)
    written = guide / "exports"
    with activate(store):
        jobs = booklets.guide_jobs(trainer, written)
        print_ahead(jobs)
    # the guide's export for the trainer view (the learners' writes nothing), in its place,
    # with the jobs made for the print ahead (its document, made again, took 0.03 s)
    guide_export = dataclasses.replace(booklets.GUIDE_EXPORT, write=lambda _learners, _folder: render_all(jobs))
    others = tuple(export for export in exports if export is not booklets.GUIDE_EXPORT)
    return _write_apart(curriculum, folder, store, (*others, guide_export))


def _move_into(source: Path, destination: Path) -> None:
    """Every file under ``source`` to the same place under ``destination`` (one file system)."""
    for path in sorted(source.rglob("*")):
        if path.is_file():
            moved = destination / path.relative_to(source)
            moved.parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, moved)


def build_site(
    project: Project,
    *,
    site_dir: Path | None = None,
    edition: str | None = None,
    trainer: bool | None = None,
    exports: bool = True,
    engine: str = "mkdocs",
    site_url: str | None = None,
    options: ExportOptions | None = None,
) -> BuildResult:
    """Build one view into ``site_dir`` (atomically); raise :class:`BuildFailed` or ContentError.

    ``engine`` is ``mkdocs``, or ``zensical`` for the experimental adapter
    (:mod:`ecole.adapter.zensical_engine`). ``ecole build`` builds both views
    of an edition with :func:`build_views`.
    """
    if engine not in ENGINES:
        raise ValueError(f"moteur inconnu : {engine}")
    timings: dict[str, float] = {}
    started = time.perf_counter()
    _keep_compiled_templates(project)
    curriculum, report = _load(project, edition, trainer, site_url)
    timings["validation"] = time.perf_counter() - started
    target = (site_dir or default_site_dir(project, edition, curriculum.trainer)).resolve()
    # The curriculum lives as long as the build: moved out of the collector's
    # reach, it is not scanned again at each of MkDocs' full collections (a
    # sixth of the collector's time, 0.35 s of 2 s, at 1,000 modules). Released
    # after the build, so that a process running several builds does not keep
    # them all.
    gc.freeze()
    try:
        draft = _draft(
            project,
            curriculum,
            report,
            target,
            exports=exports,
            engine=engine,
            timings=timings,
            options=options,
            environment=_environment(project, edition, options),
        )
        try:
            if draft.store is not None:
                draft.store.prune()
            _swap(draft.temporary, target)
        except BaseException:
            draft.discard()
            raise
    finally:
        gc.unfreeze()
    timings["total"] = time.perf_counter() - started
    return draft.result()


@dataclass
class Views:
    """The two views of one edition, built together."""

    learner: BuildResult
    trainer: BuildResult


def build_views(
    project: Project,
    *,
    edition: str | None = None,
    site_dir: Path | None = None,
    trainer_dir: Path | None = None,
    exports: bool = True,
    engine: str = "mkdocs",
    site_url: str | None = None,
    options: ExportOptions | None = None,
) -> Views:
    """The learners' site and the trainer view of one edition, from the same content.

    Both are built before either replaces its predecessor: a failure leaves both
    previous sites as they were, so the trainer view can never lag behind the
    learners'. It goes to ``site-formateur/…`` (or beside ``site_dir``), never
    inside the learners' folder, and no page of the learners' site links to it.
    Exports are the same for both (they are learners' files); the trainer view
    gets a copy, and its own offline archive.
    """
    if engine not in ENGINES:
        raise ValueError(f"moteur inconnu : {engine}")
    started = time.perf_counter()
    options = options or ExportOptions()
    learner_target = (site_dir or default_site_dir(project, edition)).resolve()
    if trainer_dir is not None:
        trainer_target = trainer_dir.resolve()
    elif site_dir is not None:
        trainer_target = trainer_dir_beside(site_dir)
    else:
        trainer_target = default_site_dir(project, edition, trainer=True).resolve()
    if trainer_target.is_relative_to(learner_target) or learner_target.is_relative_to(trainer_target):
        raise BuildFailed(
            f"la vue formateur ({project.shown(trainer_target)}/) et le site des apprenants "
            f"({project.shown(learner_target)}/) doivent être deux dossiers séparés, "
            "aucun des deux dans l'autre\u00a0: la vue formateur serait publiée avec le site des apprenants"
        )
    learner_timings: dict[str, float] = {}
    trainer_timings: dict[str, float] = {}
    # taken before the content is read: a file saved during the build leaves a record that no longer matches
    digests = uptodate.input_digests(project) if options.cache else None
    state = (
        BuildState.of(
            project,
            {"edition": edition, "engine": engine, "site_url": site_url, "exports": exports},
            (learner_target, trainer_target),
            NESTED_SITES,
            digests,
        )
        if digests is not None
        else None
    )
    # the trainer view's pages are built by a process of their own while this one
    # builds the learners' site and its exports, when there is a core for it
    cores = options.workers or len(os.sched_getaffinity(0))
    with_trainer = engine == "mkdocs" and cores > 1
    # before the printing process is forked: it renders templates too
    _keep_compiled_templates(project)
    printing: _Printing | None = None
    if exports:
        printing = _Printing(project, options, learner_target, guide=with_trainer)
    fingerprinted = time.perf_counter()
    try:
        learner_curriculum, report = _load(project, edition, False, site_url)
        # The trainer view reads the same files: the same curriculum, marked for the trainer.
        # Loading never reads the mark (pages and exports do), and neither view's build
        # changes the curriculum; reading the files again took 0.15 s before any view started.
        trainer_curriculum, trainer_report = dataclasses.replace(learner_curriculum, trainer=True), report
        learner_timings["validation"] = time.perf_counter() - fingerprinted
        _obsolete_trainer_setting(learner_curriculum, report)
        current = False
        if state is not None:
            step = time.perf_counter()
            current = state.up_to_date()
            # the fingerprint, taken before validation, and the comparison
            learner_timings["vérification"] = fingerprinted - started + time.perf_counter() - step
    except BaseException:
        if printing is not None:
            printing.discard()
        raise
    if current:
        if printing is not None:
            printing.discard()
        learner_timings["total"] = time.perf_counter() - started
        return Views(
            BuildResult(learner_target, learner_curriculum, report, learner_timings, up_to_date=True),
            BuildResult(trainer_target, trainer_curriculum, trainer_report, trainer_timings, up_to_date=True),
        )
    uptodate.forget(project, (learner_target, trainer_target))
    environment = _environment(project, edition, options, digests)
    gc.freeze()  # see build_site
    drafts: list[_Draft] = []
    background = _BackgroundDraft(
        project, trainer_curriculum, trainer_report, trainer_target, trainer_timings, environment
    )
    trainer_exports = _TrainerExports(options, trainer_timings)
    try:
        if with_trainer:
            background.start()
        drafts.append(
            _draft(
                project,
                learner_curriculum,
                report,
                learner_target,
                exports=exports,
                engine=engine,
                timings=learner_timings,
                options=options,
                environment=environment,
                # with a core for each, the two offline copies are packed side by side
                exports_ready=(
                    (lambda learner: trainer_exports.start(learner, background.wait())) if background.started else None
                ),
                trainer=trainer_curriculum if background.started else None,
                printing=printing,
            )
        )
        if trainer_exports.trainer is not None:
            drafts.append(trainer_exports.trainer)
            trainer_exports.wait()
        else:
            drafts.append(
                background.wait()
                if background.started
                else _draft(
                    project,
                    trainer_curriculum,
                    trainer_report,
                    trainer_target,
                    exports=False,
                    engine=engine,
                    timings=trainer_timings,
                    environment=environment,
                )
            )
            if exports:
                trainer_exports.write(drafts[0], drafts[1])
        if drafts[0].store is not None:  # once the trainer view's exports are written too
            drafts[0].store.prune()
        for draft in drafts:
            _swap(draft.temporary, draft.target)
    except BaseException:
        if printing is not None:
            printing.discard()
        background.cancel()
        trainer_exports.cancel()
        for draft in drafts:
            draft.discard()
        raise
    finally:
        gc.unfreeze()
        for draft in drafts:  # the folder of the trainer's guide, moved into its view or not
            if draft.guide is not None:
                shutil.rmtree(draft.guide, ignore_errors=True)
    if state is not None:
        step = time.perf_counter()
        with contextlib.suppress(OSError):  # the sites are in place: without a record, the next build is a full one
            state.remember()
        learner_timings["empreinte"] = time.perf_counter() - step
    learner_timings["total"] = time.perf_counter() - started
    return Views(drafts[0].result(), drafts[1].result())


class _Printing:
    """The process that prints a view's PDFs (its booklets, and with ``guide`` the trainer's
    guide: :func:`_print_apart`), with the build cache and the folders it writes into.

    Forked before the content is read (:func:`build_views`), it imports WeasyPrint and
    what puts the booklets together meanwhile, and forks its workers
    (:func:`.exports.pdf.prepare_printing`), on the core that the reading leaves idle:
    0.3 s that came after the reading, on the way to the first PDF of a one-module edit,
    while the pages of both views kept both cores busy. The curriculum, once read, is
    copied to it (:meth:`_Forked.send`: 0.02 s of processor time for the reference's).
    With one core, nothing is forked: the exports are written one after the other."""

    def __init__(self, project: Project, options: ExportOptions, target: Path, *, guide: bool):
        target.parent.mkdir(parents=True, exist_ok=True)
        self.store = options.store(project)
        self.folder = Path(tempfile.mkdtemp(prefix=f".{target.name}-exports-", dir=target.parent))
        self.guide: Path | None = None
        self.forked: _Forked | None = None
        if self.store.workers > 1:  # a core for the pages, another for the exports
            if guide:
                self.guide = Path(tempfile.mkdtemp(prefix=f".{target.name}-guide-", dir=target.parent))
            self.forked = _Forked(
                functools.partial(_print_apart, self.folder, self.store, exports_apart(prints=True), self.guide),
                prepare=functools.partial(prepare_printing, self.store),
            )
            self.forked.start()

    def discard(self) -> None:
        """Stop the process, and remove its folders (once the build no longer needs them)."""
        if self.forked is not None:
            self.forked.cancel()
        shutil.rmtree(self.folder, ignore_errors=True)
        if self.guide is not None:
            shutil.rmtree(self.guide, ignore_errors=True)


class _Forked:
    """``function`` run by a forked process, which inherits what this one loaded (the
    curriculum); its result, or its exception, comes back through a pipe.

    With ``prepare``, the process is forked before what ``function`` needs is ready: it
    runs ``prepare`` meanwhile, then waits for the arguments that :meth:`send` copies
    through a second pipe. The process leads a group of its own, so that :meth:`cancel`
    also stops the worker processes it started (the PDF printers)."""

    def __init__(self, function: Callable[..., object], prepare: Callable[[], None] | None = None):
        self.function = function
        self.prepare = prepare
        self._process: multiprocessing.Process | None = None
        self._arguments = None  # this end of the pipe that carries the arguments, with ``prepare``
        self._sent: str | None = None  # the file that holds them, once sent

    def start(self) -> None:
        context = multiprocessing.get_context("fork")
        self._reader, writer = context.Pipe(duplex=False)
        arguments = None
        if self.prepare is not None:
            arguments, self._arguments = context.Pipe(duplex=False)
        self._process = context.Process(target=self._run, args=(writer, arguments), daemon=False)
        self._process.start()
        writer.close()
        if arguments is not None:
            arguments.close()
            # a process that waits for its arguments never ends by itself: stopped at exit, before
            # multiprocessing waits for its processes (atexit runs the latest registered first)
            atexit.register(self.cancel)

    def send(self, *arguments: object) -> None:
        """The arguments of ``function`` (started with ``prepare``), copied to the process.

        Written to a file, whose name alone goes through the pipe: a pipe holds 64 KB, and
        this process would wait, with the reference's 1 MB of curriculum, until the other
        had done its ``prepare`` and read them."""
        assert self._arguments is not None
        handle, self._sent = tempfile.mkstemp(prefix="ecole-arguments-")
        with os.fdopen(handle, "wb") as file:
            pickle.dump(arguments, file, protocol=pickle.HIGHEST_PROTOCOL)
        # a process that failed already (in ``prepare``) says why in :meth:`wait`
        with contextlib.suppress(BrokenPipeError):
            self._arguments.send(self._sent)
        self._arguments.close()

    def _run(self, writer, arguments) -> None:  # in the child
        os.setpgid(0, 0)
        try:
            if arguments is None:
                result = self.function()
            else:
                # this end stays open in the parent only: the child sees the end of the pipe
                # (EOFError) if the parent stops before sending
                self._arguments.close()
                self.prepare()
                received = _received(arguments.recv())
                gc.freeze()  # the curriculum lives as long as the process, as in this one (see build_site)
                result = self.function(*received)
            writer.send(("ok", result))
        except BaseException as exc:
            try:
                writer.send(("error", pickle.dumps(exc)))
            except Exception:  # an exception that cannot cross processes: its message can
                writer.send(("error", pickle.dumps(BuildFailed(f"{type(exc).__name__}: {exc}"))))

    def wait(self):
        """The function's result; its exception raised here."""
        assert self._process is not None
        try:
            outcome, value = self._reader.recv()
        except EOFError:
            outcome, value = "error", pickle.dumps(BuildFailed("un processus de la construction s'est arrêté"))
        if outcome != "ok":
            # it has said why it failed: stopped with what it started, rather than waited
            # for (a worker it left running would keep it, and this build, waiting forever)
            self.cancel()
        self._process.join()
        self._remove_sent()
        atexit.unregister(self.cancel)
        if outcome != "ok":
            raise pickle.loads(value)
        return value

    def cancel(self) -> None:
        if self._process is not None and self._process.is_alive():
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self._process.pid, signal.SIGKILL)
            self._process.kill()  # in case it had not made its group yet
            self._process.join()
        if self._arguments is not None:
            self._arguments.close()
        self._remove_sent()
        atexit.unregister(self.cancel)

    def _remove_sent(self) -> None:
        """The file of the arguments, which the process removes once read, if it did not read it."""
        if self._sent is not None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self._sent)


def _received(name: str) -> tuple:
    """The arguments :meth:`_Forked.send` wrote in the file ``name``, which is removed once read."""
    with open(name, "rb") as file:
        arguments = pickle.load(file)
    os.unlink(name)
    return arguments


class _BackgroundDraft:
    """A view's HTML built by a forked process into a temporary folder that this process
    created, and discards if anything fails; the process runs at a lower priority
    (:data:`TRAINER_VIEW_NICENESS`)."""

    def __init__(
        self,
        project: Project,
        curriculum: Curriculum,
        report: Report,
        target: Path,
        timings: dict,
        environment: str | None,
    ):
        self.project, self.curriculum, self.report, self.target, self.timings = (
            project, curriculum, report, target, timings
        )  # fmt: skip
        self.environment = environment
        self.started = False
        self._forked: _Forked | None = None
        self._temporary: Path | None = None

    def start(self) -> None:
        self.target.parent.mkdir(parents=True, exist_ok=True)
        self._temporary = Path(tempfile.mkdtemp(prefix=f".{self.target.name}-", dir=self.target.parent))
        self._forked = _Forked(self._build)
        self._forked.start()
        self.started = True

    def _build(self) -> tuple[float, PageReport | None]:  # in the child
        assert self._temporary is not None
        with contextlib.suppress(OSError):  # a system that refuses it builds at the same priority
            os.nice(TRAINER_VIEW_NICENESS)
        step = time.perf_counter()
        pages = _build_pages(self.project, self.curriculum, self._temporary, self.environment)
        return time.perf_counter() - step, pages

    def wait(self) -> _Draft:
        assert self._forked is not None and self._temporary is not None
        try:
            self.timings["html"], pages = self._forked.wait()
        except BaseException:
            self.cancel()
            raise
        return _Draft(self.target, self._temporary, self.curriculum, self.report, self.timings, pages=pages)

    def cancel(self) -> None:
        if self._forked is not None:
            self._forked.cancel()
        if self._temporary is not None:
            shutil.rmtree(self._temporary, ignore_errors=True)


class _TrainerExports:
    """The trainer view's exports: the learners' (linked, see :func:`_same_file`), with the
    trainer's guide and an offline copy of the trainer view itself. :meth:`start` has a
    forked process write them while this one packs the learners' offline copy (0.3 to 0.4 s
    each after a one-module edit, one after the other before), the guide moved in when the
    learners' printing process printed it (:func:`_print_apart`); :meth:`write` writes them
    here."""

    def __init__(self, options: ExportOptions, timings: dict[str, float]):
        self.options, self.timings = options, timings
        #: the trainer view's draft, once :meth:`start` has it
        self.trainer: _Draft | None = None
        self._store: ExportCache | None = None
        self._forked: _Forked | None = None
        self._started = 0.0

    def start(self, learner: _Draft, trainer: _Draft) -> None:
        """Once the learners' exports but the offline copy are in place."""
        self.trainer = trainer
        self._started = time.perf_counter()
        self._store = self._copy(learner, trainer)
        self._forked = _Forked(functools.partial(self._write, trainer, self._store, learner.guide))
        self._forked.start()

    def wait(self) -> None:
        assert self._forked is not None and self._store is not None
        # what the forked process wrote, in this process's report, after the learners' offline copy as before
        self._store.report.kinds.update(self._forked.wait())
        self.timings["exports"] = time.perf_counter() - self._started

    def write(self, learner: _Draft, trainer: _Draft) -> None:
        """Once every learners' export is in place (the offline copy is not copied)."""
        started = time.perf_counter()
        self._write(trainer, self._copy(learner, trainer))
        self.timings["exports"] = time.perf_counter() - started

    def cancel(self) -> None:
        if self._forked is not None:
            self._forked.cancel()
        if self.trainer is not None:
            self.trainer.discard()

    def _copy(self, learner: _Draft, trainer: _Draft) -> ExportCache:
        archive = offline.ARCHIVE
        shutil.copytree(
            learner.temporary / "exports",
            trainer.temporary / "exports",
            ignore=lambda folder, names: [archive] if archive in names else [],
            copy_function=_same_file,
            dirs_exist_ok=True,  # the HTML build already wrote exports/schemas/
        )
        return learner.store or self.options.store_without_cache()

    @staticmethod
    def _write(trainer: _Draft, store: ExportCache, guide: Path | None = None) -> dict[str, KindReport]:
        # the trainer's guide holds every trainer note: the trainer view alone has it, and
        # its offline copy, written next, packs it; printed already with the learners' PDFs
        # when ``guide`` is the folder that holds it
        written = [(offline.EXPORT, TRAINER_OFFLINE)]
        if guide is not None:
            _move_into(guide, trainer.temporary)
        else:
            written.insert(0, (booklets.GUIDE_EXPORT, TRAINER_GUIDE))
        for export, name in written:
            try:
                write_export(export, trainer.curriculum, trainer.temporary / "exports", store, name)
            except Exception as exc:
                raise BuildFailed(f"un export a échoué ({export.title.lower()}, vue formateur)\u00a0: {exc}") from exc
        sizes.fill_sizes(trainer.temporary)  # the trainer view's own offline archive
        return {
            name: store.report.kinds[name] for name in (TRAINER_GUIDE, TRAINER_OFFLINE) if name in store.report.kinds
        }


def _same_file(source: str, destination: str) -> None:
    """``destination`` made a hard link to ``source``, or a copy where the file system has
    none. Both views' exports are the same files, and no build writes into a file in
    place (every export is a new file, moved or renamed into the site): copying the
    learners' 22 MB took 0.15 to 0.45 s of a build, linking them 0.02 s."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(destination)  # exports/schemas/, which the trainer view's pages wrote
    try:
        os.link(source, destination)
    except OSError:
        shutil.copy2(source, destination)


def _obsolete_trainer_setting(curriculum: Curriculum, report: Report) -> None:
    """``trainer_view`` once chose between the two views; both are now always built."""
    settings = curriculum.settings
    document = getattr(settings, "document", None)
    if document is None or not isinstance(document.data, dict) or "trainer_view" not in document.data:
        return
    report.warning(
        settings.source,
        document.line_of(["trainer_view"]),
        "trainer_view",
        "réglage sans effet, à retirer\u00a0: chaque construction produit le site des apprenants et, "
        "à part, la vue formateur",
    )


def _swap(new: Path, target: Path) -> None:
    """Replace ``target`` by ``new`` with two renames, so readers never see half a site."""
    os.chmod(new, 0o755)
    if target.exists():
        for name in NESTED_SITES:
            if (target / name).is_dir() and not (new / name).exists():
                os.replace(target / name, new / name)
        old = target.with_name(f".{target.name}-old-{os.getpid()}")
        os.replace(target, old)
        os.replace(new, target)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(new, target)
