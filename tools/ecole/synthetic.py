"""A synthetic curriculum of any size, for the benchmark.

Bodies look like real modules (headings, lists, a table, the five admonitions,
a quiz of four questions, links to methods, case studies and prerequisites),
so that Markdown, the glossary tooltips and the search index do real work.
Everything derives from a seeded generator: the same N gives the same files.
"""

from __future__ import annotations

import random
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

#: French sentences of the kind the curriculum is written in; bodies are drawn from them.
_SENTENCES = [
    "Un usager qui attend au guichet ne voit que la file devant lui, pas l'organisation qui la produit.",
    "L'équipe part des irritants relevés sur le terrain plutôt que des solutions imaginées en réunion.",
    "Chaque prototype se teste avec cinq à huit personnes, dans le lieu même où le service est rendu.",
    "Un persona rappelle à toute l'équipe pour qui elle travaille quand les arbitrages deviennent difficiles.",
    "Les agents d'accueil connaissent les contournements que les procédures ne décrivent jamais.",
    "Une immersion d'une demi-journée change plus durablement le regard qu'une note de synthèse.",
    "Le cycle court oblige à décider vite de ce que l'on garde, de ce que l'on change et de ce que l'on abandonne.",
    "La co-construction réunit usagers, agents, élus et partenaires autour d'un même problème.",
    "Un entretien collectif dure rarement plus d'une heure trente et se prépare avec une grille courte.",
    "Le bassin de vie est souvent plus pertinent que la commune pour penser l'accès aux services.",
    "On note d'abord les faits observés, puis, dans une colonne à part, les interprétations à vérifier.",
    "La lettre d'engagements fixe trois promesses datées, que les partenaires signent ensemble.",
    "Une carte des irritants se lit du point de vue de l'usager, étape par étape, de la venue au départ.",
    "Le laboratoire éphémère installe pour quelques semaines une équipe pluridisciplinaire sur le territoire.",
    "Un séminaire d'orientation choisit les problèmes à traiter, pas les solutions à déployer.",
    "Le pitch des acteurs locaux donne la parole à ceux qui font vivre le service au quotidien.",
    "La capitalisation garde une trace des méthodes, des résultats et des erreurs d'un projet.",
    "Un prototype en carton ou une affiche provisoire suffit souvent à tester une idée.",
    "La démarche ne s'arrête pas au rapport : elle se poursuit par un test grandeur nature.",
    "Les élus valident les orientations ; les agents et les usagers en inventent la mise en œuvre.",
]
_PHASES = ["comprendre", "imaginer", "prototyper", "tester", "deployer"]
_AUDIENCES = ["agents", "encadrants", "elus", "formateurs"]
_DEPARTMENTS = [("Lot", "46", 44.45, 1.44), ("Creuse", "23", 46.17, 1.87), ("Val-d'Oise", "95", 49.05, 2.10),
                ("Puy-de-Dôme", "63", 45.78, 3.08), ("Hauts-de-Seine", "92", 48.78, 2.29)]  # fmt: skip


@dataclass(frozen=True)
class SyntheticSizes:
    modules: int

    @property
    def methods(self) -> int:
        return max(5, self.modules // 10)

    @property
    def case_studies(self) -> int:
        return max(3, self.modules // 20)


def module_id(index: int) -> str:
    return f"module-{index:04d}"


def method_id(index: int) -> str:
    return f"methode-{index:03d}"


def case_id(index: int) -> str:
    return f"etude-{index:03d}"


class _Writer:
    """Draws sentences and ids from one seeded generator."""

    def __init__(self, sizes: SyntheticSizes, seed: int = 7):
        self.sizes = sizes
        self.random = random.Random(seed)

    def sentences(self, count: int) -> str:
        return " ".join(self.random.choice(_SENTENCES) for _ in range(count))

    def paragraphs(self, count: int, length: int = 4) -> str:
        return "\n\n".join(self.sentences(length) for _ in range(count))

    def some(self, make, total: int, low: int, high: int) -> list[str]:
        count = min(total, self.random.randint(low, high))
        return [make(i) for i in sorted(self.random.sample(range(1, total + 1), count))]


def module_text(writer: _Writer, index: int) -> str:
    sizes = writer.sizes
    half = (sizes.modules + 1) // 2
    part = "sensibilisation" if index <= half else "travaux-pratiques"
    first = 1 if index <= half else half + 1
    prerequisites = (
        sorted({module_id(writer.random.randint(first, index - 1)) for _ in range(2)}) if index > first else []
    )
    methods = writer.some(method_id, sizes.methods, 1, 3)
    cases = writer.some(case_id, sizes.case_studies, 0, 2)
    meta = {
        "title": f"Module {index} : {writer.random.choice(_SENTENCES).split(' ', 3)[-1][:50].rstrip(' ,.')}",
        "summary": writer.sentences(1),
        "part": part,
        "order": index - first + 1,
        "duration": writer.random.choice(["45min", "1h", "1h30", "2h"]),
        "level": writer.random.choice(["decouverte", "approfondissement"]),
        "audience": sorted(writer.random.sample(_AUDIENCES, writer.random.randint(1, 3)), key=_AUDIENCES.index),
        "objectives": [writer.sentences(1) for _ in range(3)],
        "prerequisites": prerequisites,
        "methods": methods,
        "case_studies": cases,
        "authors": ["École de l'innovation publique"],
        "updated": "2026-01-15",
    }
    links = [f"[la fiche {m}](methodes/{m}.md)" for m in methods]
    links += [f"[l'étude de cas {c}](../case_studies/{c}.md)" for c in cases]
    links += [f"[le module {p}]({p}.md)" for p in prerequisites]
    sections = []
    for number in range(1, 5):
        sections.append(f"## Partie {number} du cours\n\n{writer.paragraphs(2)}")
    sections[0] += "\n\n" + "\n".join(f"- **Point {i}** : {writer.sentences(1)}" for i in range(1, 6))
    sections[1] += "\n\n### Pas à pas\n\n" + "\n".join(f"{i}. {writer.sentences(1)}" for i in range(1, 6))
    sections[2] += "\n\n| Étape | Ce que l'on fait | Durée |\n| --- | --- | --- |\n" + "\n".join(
        f"| {i} | {writer.sentences(1)} | {15 * i} min |" for i in range(1, 5)
    )
    sections[3] += "\n\nPour aller plus loin, voir " + ", ".join(links or ["le glossaire"]) + "."
    admonitions = [
        ("!!!", "activite", "Activité : observer un accueil"),
        ("!!!", "exercice", "Exercice : reformuler un constat"),
        ("???", "solution", "Solution"),
        ("!!!", "retenir", "À retenir"),
        ("???", "formateur", "Notes pour le formateur"),
    ]
    blocks = [
        f'{marker} {kind} "{title}"\n\n' + _indent(writer.paragraphs(2, 3)) for marker, kind, title in admonitions
    ]
    quiz = []
    for number in range(1, 5):
        choices = [
            {"text": writer.sentences(1), "correct": choice == 0, "explanation": writer.sentences(1)}
            for choice in range(3)
        ]
        for choice in choices:
            if not choice["correct"]:
                del choice["correct"]
        quiz.append({"question": f"Question {number} : {writer.sentences(1)}", "choices": choices})
    quiz_yaml = yaml.safe_dump(quiz, allow_unicode=True, sort_keys=False, width=1000)
    body = "\n\n".join([*sections[:2], blocks[0], *sections[2:], *blocks[1:3], f"```quiz\n{quiz_yaml}```", *blocks[3:]])
    return _document(meta, body)


def method_text(writer: _Writer, index: int) -> str:
    meta = {
        "title": f"Méthode {index}",
        "summary": writer.sentences(1),
        "phase": _PHASES[index % len(_PHASES)],
        "duration": writer.random.choice(["1h", "2h", "1j"]),
        "participants": "4 à 12",
        "materials": ["Post-it", "Feutres", "Grandes feuilles"],
        "difficulty": writer.random.choice(["facile", "intermediaire", "avance"]),
        "case_studies": writer.some(case_id, writer.sizes.case_studies, 0, 1),
    }
    body = "\n\n".join(
        [
            f"## Objectif\n\n{writer.paragraphs(1)}",
            "## Quand l'utiliser\n\n" + "\n".join(f"- {writer.sentences(1)}" for _ in range(3)),
            "## Déroulé\n\n" + "\n".join(f"{i}. {writer.sentences(2)}" for i in range(1, 6)),
            "## Pièges à éviter\n\n" + "\n".join(f"- {writer.sentences(1)}" for _ in range(3)),
        ]
    )
    return _document(meta, body)


def case_text(writer: _Writer, index: int) -> str:
    name, code, latitude, longitude = _DEPARTMENTS[index % len(_DEPARTMENTS)]
    meta = {
        "title": f"Étude de cas {index}",
        "summary": writer.sentences(1),
        "territory": f"Territoire {index}",
        "department": {"name": name, "code": code},
        "territory_type": writer.random.choice(["rural", "periurbain", "urbain", "mixte"]),
        "coordinates": [latitude, longitude],
        "period": {"start": "2018-01", "end": "2018-12"},
        "organisations": ["Direction interministérielle de la transformation publique (DITP)"],
        "methods": writer.some(method_id, writer.sizes.methods, 1, 3),
        "modules": writer.some(module_id, writer.sizes.modules, 1, 3),
        "figures": [{"label": "Entretiens collectifs", "value": str(10 + index)}],
        "sources": [{"publisher": "DITP", "title": f"Rapport d'expérimentation {index}", "date": "2018-02-12"}],
    }
    body = "\n\n".join(f"## Étape {i}\n\n{writer.paragraphs(2)}" for i in range(1, 4))
    return _document(meta, body)


def _indent(text: str) -> str:
    return "\n".join("    " + line if line else line for line in text.split("\n"))


def _document(meta: dict, body: str) -> str:
    header = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{header}---\n\n{body}\n"


_SETTINGS = {
    "name": "Cursus synthétique",
    "description": "Un cursus généré pour mesurer les performances de la chaîne de publication.",
    "territory": {"name": "votre territoire"},
    "organisation": {"name": "votre collectivité"},
    "contact": {"service": "Équipe du projet"},
    "licence": "etalab-2.0",
}


def write_project(root: Path, sizes: SyntheticSizes, reference: Path) -> None:
    """Write a project of ``sizes`` into ``root``, with the site configuration,
    theme overrides and glossary of the ``reference`` project."""
    writer = _Writer(sizes)
    (root / "modules" / "methodes").mkdir(parents=True)
    (root / "case_studies").mkdir()
    (root / "docs").mkdir()
    (root / "ecole.yml").write_text(yaml.safe_dump(_SETTINGS, allow_unicode=True), encoding="utf-8")
    shutil.copy2(reference / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(reference / "overrides", root / "overrides")
    glossary = reference / "docs" / "glossaire.md"
    if glossary.is_file():
        shutil.copy2(glossary, root / "docs" / "glossaire.md")
    first_modules = [module_id(index) for index in range(1, min(sizes.modules, 5) + 1)]
    paths = [{"id": "premiers-pas", "title": "Premiers pas", "summary": writer.sentences(1), "modules": first_modules}]
    (root / "parcours.yml").write_text(yaml.safe_dump(paths, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (root / "docs" / "index.md").write_text(f"# Accueil\n\n{writer.paragraphs(3)}\n", encoding="utf-8")
    for index in range(1, sizes.modules + 1):
        (root / "modules" / f"{module_id(index)}.md").write_text(module_text(writer, index), encoding="utf-8")
    for index in range(1, sizes.methods + 1):
        (root / "modules" / "methodes" / f"{method_id(index)}.md").write_text(
            method_text(writer, index), encoding="utf-8"
        )
    for index in range(1, sizes.case_studies + 1):
        (root / "case_studies" / f"{case_id(index)}.md").write_text(case_text(writer, index), encoding="utf-8")
