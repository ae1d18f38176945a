"""``ecole new``: a new edition, module, method card or case study, ready to fill in.

Each file is written from a template in ``templates/`` whose placeholder text
already passes ``ecole check``, so a trainer starts from a working file and
replaces the text piece by piece. Nothing is ever overwritten, and a new
edition writes only inside ``editions/<id>/``.
"""

from __future__ import annotations

import argparse
import re
import string
import sys
from dataclasses import dataclass
from datetime import date
from importlib.resources import files
from pathlib import Path

import yaml

from .model.project import Layout, Project

_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_ORDER = re.compile(r"^order:\s*(\d+)", re.MULTILINE)
_PART = re.compile(r"^part:\s*sensibilisation\b", re.MULTILINE)
#: Keeps empty folders in git; the content loader skips dotfiles.
KEEP = ".gitkeep"


class ScaffoldError(Exception):
    """Why nothing was created; the message is for the person who ran the command."""


@dataclass(frozen=True)
class _Kind:
    template: str
    noun: str  # French, with its article, for messages
    folder: str  # attribute of Layout

    def target(self, layout: Layout, item_id: str) -> Path:
        return getattr(layout, self.folder) / f"{item_id}.md"


KINDS = {
    "module": _Kind("new-module.md", "le module", "modules"),
    "method": _Kind("new-method.md", "la fiche méthode", "methods"),
    "case-study": _Kind("new-case-study.md", "l'étude de cas", "case_studies"),
}


def new_edition(project: Project, edition_id: str, name: str) -> list[Path]:
    """Create ``editions/<id>/`` with its settings, a README and empty content folders."""
    _check_id(edition_id)
    layout = project.edition(edition_id)
    if layout.root.exists():
        raise ScaffoldError(
            f"le dossier {project.shown(layout.root)} existe déjà : choisissez un autre identifiant, "
            "ou modifiez l'édition existante"
        )
    if len(name.strip()) < 3:
        raise ScaffoldError('le nom de l\'édition doit compter au moins trois caractères (--name "…")')
    values = {"id": edition_id, "name": _yaml_scalar(name.strip())}
    created = [
        _write(layout.root / "edition.yml", _template("new-edition.yml", values)),
        _write(layout.root / "README.md", _template("new-edition-README.md", values)),
    ]
    for folder in (layout.modules, layout.case_studies, layout.docs):
        created.append(_write(folder / KEEP, ""))
    return created


def new_item(project: Project, kind: str, item_id: str, edition: str | None = None) -> Path:
    """Create one content file, upstream or in an edition, from its template."""
    _check_id(item_id)
    spec = KINDS[kind]
    layout = project.upstream
    if edition is not None:
        layout = project.edition(edition)
        if not (layout.root / "edition.yml").is_file():
            raise ScaffoldError(
                f'édition « {edition} » introuvable : créez-la d\'abord avec ecole new edition {edition} --name "…"'
            )
    target = spec.target(layout, item_id)
    if target.exists():
        raise ScaffoldError(
            f"{project.shown(target)} existe déjà : choisissez un autre identifiant, "
            "ou supprimez ce fichier pour repartir de zéro"
        )
    upstream = spec.target(project.upstream, item_id)
    if edition is not None and upstream.exists():
        raise ScaffoldError(
            f"{spec.noun} « {item_id} » existe déjà dans le cursus de référence ({project.shown(upstream)}) : "
            f"choisissez un autre identifiant ; pour le remplacer dans l'édition, copiez-le dans "
            f"{project.shown(target.parent)}/ et ajoutez replaces: {item_id} dans son en-tête"
        )
    values = {
        "title": item_id.replace("-", " ").capitalize() + " (titre à remplacer)",
        "licence": _licence(project, edition),
        "order": str(_next_order(project, layout)).ljust(3),
        # the day it is written: the exports that hold it are dated with it (see docs/guides/rediger.md)
        "updated": date.today().isoformat(),
    }
    return _write(target, _template(spec.template, values))


def valid_id(value: str) -> bool:
    """Whether ``value`` can name a module, a method sheet, a case study or an edition."""
    return bool(_ID.match(value))


def _check_id(value: str) -> None:
    if not valid_id(value):
        raise ScaffoldError(
            f"« {value} » n'est pas un identifiant : minuscules sans accent, chiffres et tirets "
            "(par exemple entretien-collectif)"
        )


def _template(name: str, values: dict[str, str]) -> str:
    text = (files("ecole") / "templates" / name).read_text(encoding="utf-8")
    return string.Template(text).substitute(values)


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as handle:  # "x": never overwrite
        handle.write(text)
    return path


def _yaml_scalar(text: str) -> str:
    """``text`` as a one-line YAML value, quoted only when YAML needs it."""
    dumped = yaml.safe_dump(text, allow_unicode=True, default_flow_style=True, width=10_000)
    return dumped.removesuffix("\n").removesuffix("\n...").strip()


def _licence(project: Project, edition: str | None) -> str:
    """The licence the settings give new content (the edition's for an edition)."""
    settings = project.settings_file if edition is None else project.edition(edition).root / "edition.yml"
    data = yaml.safe_load(settings.read_text(encoding="utf-8")) or {}
    licence = data.get("licence") if isinstance(data, dict) else None
    return licence if isinstance(licence, str) else "etalab-2.0"


def _next_order(project: Project, layout: Layout) -> int:
    """After the last module of part 1, counting upstream and the edition's own modules."""
    orders = [0]
    for folder in {project.upstream.modules, layout.modules}:
        for path in folder.glob("*.md") if folder.is_dir() else []:
            text = path.read_text(encoding="utf-8")
            found = _ORDER.search(text)
            if found and _PART.search(text):
                orders.append(int(found.group(1)))
    return max(orders) + 1


# --- command line -------------------------------------------------------------------


def add_command(commands: argparse._SubParsersAction) -> None:
    new = commands.add_parser("new", help="créer une édition, un module, une fiche méthode ou une étude de cas")
    kinds = new.add_subparsers(dest="kind", required=True, metavar="type")
    edition = kinds.add_parser("edition", help="créer une édition territoriale dans editions/<identifiant>/")
    edition.add_argument("id", metavar="identifiant", help="identifiant de l'édition, par exemple ma-ville")
    edition.add_argument("--name", metavar="NOM", required=True, help="nom du site de l'édition, entre guillemets")
    helps = {
        "module": "créer un module",
        "method": "créer une fiche méthode",
        "case-study": "créer une étude de cas",
    }
    for kind, text in helps.items():
        item = kinds.add_parser(kind, help=text)
        item.add_argument(
            "id", metavar="identifiant", help="identifiant\u00a0: minuscules sans accent, chiffres et tirets"
        )
        item.add_argument("--edition", metavar="ÉDITION", help="créer le fichier dans une édition territoriale")
    new.set_defaults(run=cmd_new)


def cmd_new(args: argparse.Namespace, project: Project) -> int:
    try:
        if args.kind == "edition":
            created = new_edition(project, args.id, args.name)
            print(f"Édition « {args.id} » créée :")
            for path in created:
                print(f"  {project.shown(path)}")
            print(
                f"Complétez editions/{args.id}/edition.yml, puis vérifiez avec « ecole check --edition {args.id} » "
                f"et construisez avec « ecole build --edition {args.id} »."
            )
            return 0
        path = new_item(project, args.kind, args.id, args.edition)
    except ScaffoldError as exc:
        print(f"Rien n'a été créé : {exc}.", file=sys.stderr)
        return 1
    check = f"ecole check --edition {args.edition}" if args.edition else "ecole check"
    print(f"Fichier créé : {project.shown(path)}. Remplacez les textes « à remplacer », puis lancez « {check} ».")
    return 0
