"""``ecole build-editions`` (``make editions``): every territory edition, in parallel.

One process per edition, as many at once as the machine has cores: a build is
CPU-bound, and MkDocs keeps global state (loggers, plugin instances) that two
builds must not share. Each edition prints its PDFs on its share of the cores
(on 2 cores, 2 editions at once: one process each), so that the processes never
outnumber the cores; all share the build cache (``.ecole/cache/``). Each edition gets both its views, the learners' site and
the trainer view (see :func:`ecole.build.build_views`). Each build is atomic, so
an edition that fails keeps its previous sites and never stops the others.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from .build import ExportOptions, build_views
from .errors import BuildFailed, ContentError
from .model.french import count, decimal
from .model.project import Project


@dataclass
class EditionOutcome:
    edition: str
    seconds: float
    site: Path | None = None  # the learners' site; None when the build failed
    trainer_site: Path | None = None  # its trainer view, outside it
    errors: list[str] = field(default_factory=list)  # French lines, ready to print
    warnings: list[str] = field(default_factory=list)
    up_to_date: bool = False  # nothing changed since its last build: both sites kept as they were


def build_one(root: Path, edition: str, exports: bool, export_workers: int | None = None) -> EditionOutcome:
    """Build one edition; never raises, so that one failure cannot hide the others.

    ``export_workers``: processes that print its PDFs (None: one per core)."""
    started = time.perf_counter()
    try:
        views = build_views(
            Project(root), edition=edition, exports=exports, options=ExportOptions(workers=export_workers)
        )
    except ContentError as exc:
        return EditionOutcome(edition, time.perf_counter() - started, errors=[str(d) for d in exc.diagnostics])
    except BuildFailed as exc:
        return EditionOutcome(edition, time.perf_counter() - started, errors=[str(exc)])
    warnings = [str(w) for w in views.learner.report.warnings]
    seconds = time.perf_counter() - started
    return EditionOutcome(
        edition, seconds, views.learner.site, views.trainer.site, warnings=warnings, up_to_date=views.learner.up_to_date
    )


def build_all(project: Project, *, exports: bool = True, workers: int | None = None) -> Iterator[EditionOutcome]:
    """Outcomes in the order the builds finish."""
    editions = project.edition_ids()
    if not editions:
        return
    cores = os.cpu_count() or 1
    workers = min(len(editions), workers or cores)
    # each edition prints its PDFs on its share of the cores: never more processes than cores
    export_workers = max(1, cores // workers)
    # "spawn": a fresh interpreter per worker, never a fork of a process that may run threads
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = {
            pool.submit(build_one, project.root, edition, exports, export_workers): edition for edition in editions
        }
        for future in as_completed(futures):
            edition = futures[future]
            try:
                yield future.result()
            except Exception as exc:  # a crash of the worker itself: report it like any failure
                yield EditionOutcome(edition, 0.0, errors=[f"erreur inattendue : {exc!r}"])


# --- command line -------------------------------------------------------------------


def add_command(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "build-editions",
        help="construire toutes les éditions territoriales et leurs vues formateur, en parallèle sur tous les cœurs",
    )
    parser.add_argument("--skip-exports", action="store_true", help="construire les pages seules, sans les exports")
    parser.set_defaults(run=cmd_build_editions)


def cmd_build_editions(args: argparse.Namespace, project: Project) -> int:
    editions = project.edition_ids()
    if not editions:
        print('Aucune édition dans editions/ : créez-en une avec « ecole new edition <identifiant> --name "…" ».')
        return 0
    workers = min(len(editions), os.cpu_count() or 1)
    print(f"Construction de {count(len(editions), 'édition')} sur {workers} processus…", flush=True)
    started = time.perf_counter()
    failed = []
    for outcome in build_all(project, exports=not args.skip_exports, workers=workers):
        for line in outcome.warnings:
            print(line, file=sys.stderr)
        if outcome.site is None:
            failed.append(outcome.edition)
            for line in outcome.errors:
                print(line, file=sys.stderr)
            print(f"✗ {outcome.edition} : échec ; ses sites précédents sont intacts.", file=sys.stderr, flush=True)
        elif outcome.up_to_date:
            print(
                f"✓ {outcome.edition} : rien n'a changé, {project.shown(outcome.site)}/ et "
                f"{project.shown(outcome.trainer_site)}/ à jour ({decimal(outcome.seconds)}\u00a0s).",
                flush=True,
            )
        else:
            print(
                f"✓ {outcome.edition} : site construit dans {project.shown(outcome.site)}/, "
                f"vue formateur dans {project.shown(outcome.trainer_site)}/ ({decimal(outcome.seconds)}\u00a0s).",
                flush=True,
            )
    total = time.perf_counter() - started
    built = len(editions) - len(failed)
    summary = (
        f"{count(built, 'édition construite', 'éditions construites')} sur {len(editions)} en {decimal(total)}\u00a0s"
    )
    if failed:
        print(f"{summary} ; en échec : {', '.join(sorted(failed))}.", file=sys.stderr)
        return 1
    print(f"{summary}.")
    return 0
