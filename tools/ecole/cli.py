"""The ``ecole`` command: check, build, new, bench.

Messages are in French, for trainers and editors who are not developers; a
content error is one line ``path:line: field: message``, never a traceback.
"""

from __future__ import annotations

import argparse
import difflib
import multiprocessing
import os
import re
import sys
from pathlib import Path
from typing import NoReturn

from markdown.extensions.toc import slugify

from . import bench, build_editions, linkcheck, scaffold
from .adapter.mkdocs_engine import serve
from .assembly.palette import darkened
from .assembly.staging import Staged
from .build import TRAINER_GUIDE, TRAINER_OFFLINE, ExportOptions, Views, build_views, stage_curriculum
from .errors import BuildFailed, ContentError
from .exports import EXPORTS, booklets, offline, parted
from .exports.cache import CacheReport, stderr_progress
from .french_cli import FrenchArgumentParser
from .model.curriculum import load_curriculum
from .model.french import count, decimal
from .model.project import Project


def _print_report(report_items: list) -> None:
    for diagnostic in report_items:
        print(diagnostic, file=sys.stderr)  # looked up at each call: a test may have replaced it


def unknown_edition(project: Project, edition: str | None) -> bool:
    """Say so when ``--edition`` names no edition (with those that exist, closest first,
    and the command that creates one); True then: there is nothing to check or build."""
    existing = project.edition_ids()
    if edition is None or edition in existing:
        return False
    folder = project.edition(edition).root
    shown = project.shown(folder)
    closest = difflib.get_close_matches(edition, existing, n=len(existing) or 1, cutoff=0)
    # a typo or a capital letter (« Val-de-Brume ») is likelier than an edition never made
    meant = difflib.get_close_matches(edition.lower(), existing, n=1, cutoff=0.8)
    if folder.is_dir():
        why = f"le dossier {shown}/ n'a pas de fichier edition.yml"
        fix = "Pour en faire une édition, ajoutez-lui un fichier edition.yml (sur le modèle d'une autre édition)."
    else:
        why = f"pas de dossier {shown}/"
        fix = f'Pour la créer\u00a0: ecole new edition {edition} --name "Nom du site"'
        if not scaffold.valid_id(edition):
            # « Val de Brume » -> val-de-brume: the name a person has in mind, written as an identifier
            written = slugify(edition, "-")
            example = meant[0] if meant else written if scaffold.valid_id(written) else "val-de-saules"
            fix = (
                "Un identifiant d'édition s'écrit en minuscules sans accent, chiffres et tirets "
                f"(par exemple {example})."
            )
    lines = [f"ecole\u00a0: l'édition «\u00a0{edition}\u00a0» n'existe pas\u00a0: {why}."]
    if meant:
        lines.append(f"Vouliez-vous dire «\u00a0{meant[0]}\u00a0»\u00a0?")
    lines.append(
        f"Éditions existantes\u00a0: {', '.join(closest)}." if closest else "Le projet n'a encore aucune édition."
    )
    if not meant or folder.is_dir():
        lines.append(fix)
    print("\n".join(lines), file=sys.stderr)
    return True


def cmd_check(args: argparse.Namespace, project: Project) -> int:
    if unknown_edition(project, args.edition):
        return 2
    editions = [None, *project.edition_ids()] if args.all else [args.edition]
    # the command to run again, as it was typed: checking the reference alone would say all is well
    rerun = (
        "ecole check --all" if args.all else f"ecole check --edition {args.edition}" if args.edition else "ecole check"
    )
    status = 0
    for edition in editions:
        label = f"édition « {edition} »" if edition else "cursus de référence"
        try:
            curriculum, report = load_curriculum(project, edition=edition)
        except ContentError as exc:
            _print_report(exc.diagnostics)
            errors = sum(1 for d in exc.diagnostics if d.severity.value == "erreur")
            them = "la" if errors == 1 else "les"
            print(f"{label} : {count(errors, 'erreur')}. Corrigez-{them} puis relancez « {rerun} ».", file=sys.stderr)
            status = 1
            continue
        _print_report(report.sorted())
        print(
            f"{label} : {count(len(curriculum.modules), 'module')}, "
            f"{count(len(curriculum.methods), 'fiche méthode', 'fiches méthode')}, "
            f"{count(len(curriculum.case_studies), 'étude de cas', 'études de cas')}, "
            f"{count(len(curriculum.pages), 'page')} ; aucune erreur, "
            f"{count(len(report.warnings), 'avertissement') if report.warnings else 'aucun avertissement'}."
        )
        for name, given, used in darkened(curriculum.settings.primary, curriculum.settings.accent):
            # not a warning: the site stays readable, but its colour is not the one chosen
            print(
                f"  Couleur {name} « {given} » trop claire pour que le texte blanc posé dessus reste lisible : "
                f"le site et les documents l'assombrissent, sans en changer la teinte, en « {used} » "
                "(contraste d'au moins 4,5 pour 1)."
            )
        dropped = sorted(
            name.removeprefix("parcours/").removesuffix(".md")
            for name in curriculum.withdrawn
            if name.startswith("parcours/") and name.count("/") == 1
        )
        if edition and dropped:
            # not an error: a path whose modules the selection cut is left out on purpose
            # (its title would promise what the edition lacks), but the trainer should know
            print(
                f"  Parcours du cursus de référence que cette édition ne publie pas (masqués, ou privés de "
                f"modules par la sélection) : {', '.join(dropped)}. Pour en publier une version, "
                "voir « replaces » dans le guide « Adapter le cursus à votre territoire »."
            )
    return status


def cmd_build(args: argparse.Namespace, project: Project) -> int:
    if unknown_edition(project, args.edition):
        return 2
    if args.trainer:
        print(
            "Note\u00a0: --trainer n'est plus nécessaire\u00a0: la vue formateur est construite avec chaque site.",
            file=sys.stderr,
        )
    try:
        views = build_views(
            project,
            edition=args.edition,
            site_dir=Path(args.site_dir) if args.site_dir else None,
            trainer_dir=Path(args.trainer_dir) if args.trainer_dir else None,
            exports=not args.skip_exports,
            engine=args.engine,
            site_url=args.site_url,
            options=ExportOptions(
                cache=not args.no_cache,
                progress=stderr_progress(export_titles(), {parted.PARTS_KIND: ("chapitre", "chapitres")}),
            ),
        )
    except ContentError as exc:
        _print_report(exc.diagnostics)
        print("Construction annulée : le contenu comporte des erreurs ; le site précédent est intact.", file=sys.stderr)
        return 1
    except BuildFailed as exc:
        print(f"Construction annulée : {exc}\nLe site précédent est intact.", file=sys.stderr)
        return 1
    _print_report(views.learner.report.warnings)
    timings = ", ".join(f"{name} {decimal(seconds)}\u00a0s" for name, seconds in views.learner.timings.items())
    if views.learner.up_to_date:
        print(up_to_date_line(project, views, timings))
        if args.skip_exports:
            print("Exports non construits (--skip-exports)\u00a0: construisez sans cette option avant de publier.")
        return 0
    print(f"Site des apprenants construit dans {project.shown(views.learner.site)}/ ({timings}).")
    print(
        f"Vue formateur, avec les notes et les solutions, dans {project.shown(views.trainer.site)}/ "
        "(à ne pas publier avec le site des apprenants)."
    )
    for line in [*page_lines(views), *reuse_lines(views.learner.exports)]:
        print(line)
    if args.skip_exports:
        print("Exports non construits (--skip-exports)\u00a0: construisez sans cette option avant de publier.")
    return 0


def up_to_date_line(project: Project, views: Views, timings: str) -> str:
    """What a build with nothing changed says: both folders kept, nothing written."""
    return (
        f"{bench.UP_TO_DATE}\u00a0: "
        f"{project.shown(views.learner.site)}/ et {project.shown(views.trainer.site)}/ à jour, "
        f"rien n'a été réécrit ({timings})."
    )


def export_titles() -> dict[str, str]:
    """What the build report calls each export (its download page heading)."""
    return {export.name: export.title for export in EXPORTS} | {
        TRAINER_OFFLINE: f"{offline.EXPORT.title} (vue formateur)",
        TRAINER_GUIDE: f"{booklets.GUIDE_EXPORT.title} (vue formateur)",
        parted.PARTS_KIND: parted.PARTS_TITLE,
    }


def page_lines(views: Views) -> list[str]:
    """The pages of both views: how many the theme wrote, how many came from the build cache."""
    reports = [result.pages for result in (views.learner, views.trainer) if result.pages is not None]
    if not reports:
        return []
    written = sum(len(report.written) for report in reports)
    converted = sum(len(report.converted) for report in reports)
    repaired = sum(len(report.repaired) for report in reports)
    line = (
        f"{bench.PAGES_REPORT}\u00a0: {count(written, 'page refaite', 'pages refaites')} "
        f"({count(converted, 'texte Markdown converti', 'textes Markdown convertis')} de nouveau), "
        f"{count(sum(len(report.reused) for report in reports), 'reprise', 'reprises')} du cache"
    )
    if repaired:
        line += f" ({count(repaired, 'entrée abîmée', 'entrées abîmées')} du cache, {_redone(repaired)})"
    return [line + "."]


def _redone(entries: int) -> str:
    """What was done with ``entries`` damaged entries of the cache, agreed with them."""
    return "refaite" if entries <= 1 else "refaites"


def reuse_lines(report: CacheReport | None) -> list[str]:
    """One line per export: how many files were rebuilt, how many taken from the build cache."""
    if report is None:
        return []
    titles = export_titles()
    lines = []
    for name, kind in report.kinds.items():
        # the parts of the learners' booklets are chapters, kept in the cache only
        unit = (
            ("chapitre refait", "chapitres refaits")
            if name == parted.PARTS_KIND
            else ("fichier refait", "fichiers refaits")
        )
        line = (
            f"  {titles.get(name, name)}\u00a0: {count(len(kind.rebuilt), *unit)}, "
            f"{count(len(kind.reused), 'repris', 'repris')} du cache"
        )
        if kind.repaired:
            repaired = len(kind.repaired)
            line += f" ({count(repaired, 'entrée abîmée', 'entrées abîmées')} du cache, {_redone(repaired)})"
        lines.append(line + ".")
    return ["Exports\u00a0:", *lines] if lines else []


def cmd_serve(args: argparse.Namespace, project: Project) -> int:
    if unknown_edition(project, args.edition):
        return 2

    def prepare() -> Staged:
        curriculum, report = load_curriculum(project, edition=args.edition, trainer=args.trainer)
        _print_report(report.warnings)
        return stage_curriculum(project, curriculum)

    # the same site at another address, in a message that proposes one
    command = " ".join(
        [
            "ecole serve",
            *(["--edition", args.edition] if args.edition else []),
            *(["--trainer"] if args.trainer else []),
        ]
    )
    try:
        serve(project, prepare, args.adresse, command)
    except BuildFailed as exc:
        print(f"Site de travail arrêté : {exc}", file=sys.stderr)
        return 1
    return 0


def _site_url(value: str) -> str:
    if not re.match(r"^https?://[^/\s]+", value):
        raise argparse.ArgumentTypeError(f"«\u00a0{value}\u00a0» n'est pas une adresse web (https://…)")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = FrenchArgumentParser(
        prog="ecole",
        description="Outils de l'École de l'innovation publique\u00a0: vérifier, construire, créer.",
    )
    parser.add_argument(
        "--projet", dest="project", metavar="DOSSIER", help="dossier du projet (par défaut\u00a0: le dossier courant)"
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="commande")

    check = commands.add_parser("check", help="vérifier tous les contenus et afficher chaque erreur")
    check.add_argument("--edition", metavar="ÉDITION", help="vérifier une édition territoriale")
    check.add_argument("--all", action="store_true", help="vérifier le cursus de référence et toutes les éditions")
    check.set_defaults(run=cmd_check)

    build = commands.add_parser(
        "build", help="construire le site des apprenants, ses exports et, à part, la vue formateur"
    )
    build.add_argument(
        "--site-dir",
        metavar="DOSSIER",
        help="dossier du site des apprenants (par défaut\u00a0: site/, ou site/editions/<édition>/)",
    )
    build.add_argument(
        "--trainer-dir",
        metavar="DOSSIER",
        help="dossier de la vue formateur (par défaut\u00a0: site-formateur/, site-formateur/editions/<édition>/, "
        "ou DOSSIER-formateur à côté de --site-dir DOSSIER)",
    )
    build.add_argument("--edition", metavar="ÉDITION", help="construire une édition territoriale")
    build.add_argument(
        "--site-url",
        metavar="ADRESSE",
        type=_site_url,
        help="adresse publique du site, à la place du site_url de edition.yml (https://exemple.gitlab.io/ecole/)",
    )
    build.add_argument("--trainer", action="store_true", help=argparse.SUPPRESS)  # the trainer view is always built
    build.add_argument("--skip-exports", action="store_true", help="construire les pages seules, sans les exports")
    build.add_argument(
        "--no-cache",
        action="store_true",
        help="refaire tous les exports sans reprendre ceux du cache de construction (.ecole/cache/), "
        "et reconstruire le site même si rien n'a changé",
    )
    build.add_argument(
        "--engine",
        choices=("mkdocs", "zensical"),
        default="mkdocs",
        help="moteur du site\u00a0: mkdocs (par défaut) ou zensical (expérimental)",
    )
    build.set_defaults(run=cmd_build)

    serve_ = commands.add_parser(
        "serve", help="site de travail sur http://127.0.0.1:8000/, reconstruit à chaque enregistrement"
    )
    serve_.add_argument("--edition", metavar="ÉDITION", help="servir une édition territoriale")
    serve_.add_argument("--trainer", action="store_true", help="vue formateur\u00a0: notes et solutions visibles")
    serve_.add_argument(
        "--adresse", default="127.0.0.1:8000", help="adresse et port (par défaut\u00a0: 127.0.0.1:8000)"
    )
    serve_.set_defaults(run=cmd_serve)

    bench.add_command(commands)
    build_editions.add_command(commands)
    linkcheck.add_command(commands)
    scaffold.add_command(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        project = Project.find(Path(args.project) if args.project else None)
    except FileNotFoundError as exc:
        print(f"ecole : {exc}", file=sys.stderr)
        return 2
    try:
        return args.run(args, project)
    except KeyboardInterrupt:
        print("Interrompu.", file=sys.stderr)
        return 130


def console() -> NoReturn:
    """The ``ecole`` command (and ``python -m ecole.cli``): :func:`main`, then the process
    ends once its messages are written, without taking the interpreter apart.

    Taking it apart frees, one by one, every object the command made (the curriculum, two
    MkDocs builds): 0.09 to 0.14 s after each build of the reference, a twentieth of a
    rebuild after a one-module edit, when there is nothing left to do. Every file is
    closed by then (the build writes through ``with`` blocks; the page cache closes its
    database). A process the command started and that still runs (none does: the build
    waits for its own) is waited for by the usual exit."""
    code = main()
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:  # None: started with the descriptor closed
                stream.flush()
    except OSError:  # a reader gone (``ecole build | head``): the usual exit reports it, as before
        sys.exit(code)
    if multiprocessing.active_children():
        sys.exit(code)
    os._exit(code)


if __name__ == "__main__":
    console()
