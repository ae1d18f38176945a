"""A pedagogical lint of the curriculum's content, independent of the build.

Read by ``test_pedagogy.py``; ``python tests/pedagogy_check.py`` prints the figures.

- quiz: how often the right option of a single-answer item is strictly the longest
  (a test-wise learner would pick it without reading), duplicated items, options
  without an explanation that says « Oui » or « Non », items that only recall a
  case-study fact;
- modules: an « En autonomie » activity an agent alone at a desk can do,
  objectives with observable verbs that fit the module's duration, part 2
  resting on part 1;
- paths: work set in a programme's activities (an intersession of interviews)
  never before the module that teaches it, and stated activity time that fits.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ecole.model.admonitions import admonitions
from ecole.model.durations import parse_duration
from ecole.model.structure import Curriculum, LearningPath, Module, Question

# --- quiz ------------------------------------------------------------------------------

#: Names that tie a quiz item to a case study: a stem naming one of them asks about
#: that case. Counting every such item as a recall over-counts (a scenario set in
#: Cahors counts too): the limit binds harder than the issue asks.
CASE_NAMES = {
    "cahors-carte-blanche": ("Cahors", "Carte Blanche"),
    "creuse-ecole-innovation": ("Creuse", "creusois", "creusoise", "Guéret"),
    "puy-de-dome-mission-labo": ("Puy-de-Dôme", "Mission Labo"),
    "sceaux-up-sceaux": ("Sceaux",),
    "val-d-oise-zip": ("Val d'Oise", "Val-d'Oise", "ZIP", "Futurs Composés", "Ermont", "Montmorency", "SGMAP"),
}

_STOPWORDS = set(
    [
        "a",
        "au",
        "aux",
        "avec",
        "ce",
        "ces",
        "cet",
        "cette",
        "d",
        "de",
        "des",
        "du",
        "dans",
        "elle",
        "elles",
        "en",
        "est",
        "et",
        "il",
        "ils",
        "l",
        "la",
        "le",
        "les",
        "leur",
        "leurs",
        "lui",
        "mais",
        "n",
        "ne",
        "on",
        "ou",
        "par",
        "pas",
        "plus",
        "pour",
        "qu",
        "que",
        "quel",
        "quelle",
        "quelles",
        "quels",
        "qui",
        "sa",
        "se",
        "ses",
        "son",
        "sont",
        "sur",
        "t",
        "un",
        "une",
        "vos",
        "votre",
        "vous",
        "y",
        "laquelle",
        "lequel",
        "lesquelles",
        "comment",
        "pourquoi",
        "quoi",
        "quand",
        "faut",
        "faire",
        "faites",
    ]
)


def normalise(text: str) -> str:
    """Lower case, no accents, words only."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'").lower())
    text = "".join(char for char in text if not unicodedata.combining(char))
    return " ".join(re.findall(r"[a-z0-9]+", text))


def content_words(text: str) -> set[str]:
    """The words that carry a stem's meaning, plural ``s``/``x`` dropped."""
    words = (word.rstrip("sx") if len(word) > 3 else word for word in normalise(text).split())
    return {word for word in words if word not in _STOPWORDS and len(word) > 1}


@dataclass(frozen=True)
class Item:
    module: str
    number: int  # 0-based, in the module
    question: Question

    @property
    def label(self) -> str:
        return f"{self.module} Q{self.number + 1}: {self.question.text}"


def items(curriculum: Curriculum) -> list[Item]:
    return [
        Item(module.id, number, question)
        for module in curriculum.modules.values()
        for number, question in enumerate(module.questions)
    ]


def right_is_longest(question: Question) -> bool:
    """The right option of a single-answer item is strictly longer than every other."""
    right = [len(choice.text) for choice in question.choices if choice.correct]
    others = [len(choice.text) for choice in question.choices if not choice.correct]
    return len(right) == 1 and bool(others) and right[0] > max(others)


def right_is_shortest(question: Question) -> bool:
    """The right option of a single-answer item is strictly shorter than every other."""
    right = [len(choice.text) for choice in question.choices if choice.correct]
    others = [len(choice.text) for choice in question.choices if not choice.correct]
    return len(right) == 1 and bool(others) and right[0] < min(others)


def single_answer(curriculum: Curriculum) -> list[Item]:
    return [item for item in items(curriculum) if not item.question.multiple]


def longest_right(curriculum: Curriculum) -> list[Item]:
    return [item for item in single_answer(curriculum) if right_is_longest(item.question)]


def shortest_right(curriculum: Curriculum) -> list[Item]:
    return [item for item in single_answer(curriculum) if right_is_shortest(item.question)]


def duplicates(curriculum: Curriculum, threshold: float = 0.6) -> list[tuple[Item, Item]]:
    """Pairs of items asking the same thing: stems sharing most of their meaningful
    words (Jaccard index at least ``threshold``), or the same set of right options."""
    found = []
    every = items(curriculum)
    for index, first in enumerate(every):
        first_words = content_words(first.question.text)
        first_right = {normalise(c.text) for c in first.question.choices if c.correct}
        for second in every[index + 1 :]:
            second_words = content_words(second.question.text)
            union = first_words | second_words
            same_stem = bool(union) and len(first_words & second_words) / len(union) >= threshold
            same_answer = first_right == {normalise(c.text) for c in second.question.choices if c.correct}
            if same_stem or same_answer:
                found.append((first, second))
    return found


def unexplained(curriculum: Curriculum) -> list[str]:
    """Options whose explanation is missing, or does not open with « Oui » for a right
    option and « Non » for a wrong one (the guide's convention: it reads alone)."""
    found = []
    for item in items(curriculum):
        for choice in item.question.choices:
            opening = "Oui" if choice.correct else "Non"
            if not re.match(rf"{opening}\b", choice.explanation.strip()):
                found.append(f"{item.label} — « {choice.text} » : {choice.explanation[:50]!r}")
    return found


#: A stem that asks what the learner does or decides in a situation.
_ACTION = re.compile(
    r"\bQue (faites|décidez|répondez|concluez|conseillez|notez)-vous\b|choisissez-vous|\bQue faire\b|"
    r"\bQue lui répondre\b",
    re.I,
)


def is_scenario(question: Question) -> bool:
    """A scenario item: its stem sets a situation before asking (two sentences or more),
    or asks what the learner would do."""
    sentences = re.findall(r"[.!?](?:\s|$)", question.text.replace(" ?", "?").replace(" !", "!"))
    return len(sentences) >= 2 or bool(_ACTION.search(question.text))


def case_names(case_id: str) -> list[re.Pattern[str]]:
    return [re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])", re.I) for name in CASE_NAMES[case_id]]


def case_recalls(curriculum: Curriculum) -> list[Item]:
    """Items whose stem names a case study."""
    patterns = [pattern for case_id in CASE_NAMES for pattern in case_names(case_id)]
    return [item for item in items(curriculum) if any(p.search(item.question.text.replace("’", "'")) for p in patterns)]


# --- modules -----------------------------------------------------------------------------

AUTONOMY_TITLE = "En autonomie"
#: Words of an activity that needs other learners: a desk alone has none.
_GROUP_WORK = re.compile(
    r"\b(binômes?|trios?|sous-groupes?|en groupes?|par groupes?|formez|chaque groupe|l'autre groupe|"
    r"vos voisins?|à tour de rôle|restitution)\b",
    re.I,
)


_DURATION = re.compile(
    r"\b(\d+|dix|quinze|vingt|vingt-cinq|trente|quarante|quarante-cinq) ?(min|minutes)\b|\b(\d+|une|deux) ?h(eures?)?\b"
    r"|\bquart d'heure\b|\bdemi-heure\b",
    re.I,
)


def autonomy_activities(module: Module) -> list[str]:
    """Text of the module's « En autonomie » activities (``!!! activite "En autonomie : …"``)."""
    lines = module.body.split("\n")
    return [
        "\n".join(lines[box.start : box.end])
        for box in admonitions(module.body)
        if box.kind == "activite" and box.title.startswith(AUTONOMY_TITLE)
    ]


def autonomy_problems(module: Module) -> list[str]:
    boxes = autonomy_activities(module)
    if not boxes:
        return [f"{module.id}: aucune activité « {AUTONOMY_TITLE} : … »"]
    problems = []
    for box in boxes:
        words = len(re.findall(r"\w+", box))
        if words < 50:
            problems.append(f"{module.id}: activité en autonomie de {words} mots, trop courte pour être menée seul")
        group = _GROUP_WORK.search(box)
        if group:
            problems.append(f"{module.id}: l'activité en autonomie demande d'autres participants (« {group[0]} »)")
        if not _DURATION.search(box):
            problems.append(f"{module.id}: l'activité en autonomie ne dit pas combien de temps elle prend")
    return problems


#: Verbs that name no behaviour anyone could observe.
VAGUE_VERBS = {
    "comprendre", "connaitre", "savoir", "considerer", "preferer", "decouvrir", "maitriser", "apprehender",
    "approprier", "sensibiliser", "integrer", "prendre", "etre", "avoir", "percevoir", "reflechir",
}  # fmt: skip
#: Verbs of undertakings that take days (a seminar, a lab, a programme of cycles):
#: a module shorter than a training day can only prepare or plan them.
LONG_UNDERTAKINGS = {"organiser", "installer", "deployer", "mettre en place", "conduire une demarche", "piloter"}


def objective_problems(module: Module) -> list[str]:
    problems = []
    for objective in module.objectives:
        words = normalise(objective).split()
        verb = words[0] if words[0] not in {"s", "se"} else words[1]
        if verb in VAGUE_VERBS:
            problems.append(f"{module.id}: « {objective} » : « {verb} » ne se constate pas")
        starts = " ".join(words[:3])
        long = next((v for v in LONG_UNDERTAKINGS if starts.startswith(v)), None)
        if long and module.duration < 7 * 60:
            problems.append(f"{module.id}: « {objective} » ne tient pas dans un module de {module.duration_text}")
    return problems


def timetable_minutes(body: str) -> tuple[int | None, int] | None:
    """The « Déroulé indicatif (2h) » of a module's trainer notes: the duration its heading
    states (None if it states none) and the sum of its steps' minutes. A breakdown in
    brackets after a step's minutes (« 35 min : activité (5 min de…) ») and a « dont 5 min »
    are parts of that step, not steps of their own. None when the notes have no timetable."""
    lines = body.split("\n")
    notes = [box for box in admonitions(body) if box.kind == "formateur"]
    text = "\n".join(line for box in notes for line in lines[box.start + 1 : box.end])
    start = text.find("Déroulé indicatif")
    if start < 0:
        return None
    block = text[start:]
    following = re.search(r"\n\s*\*\*", block)  # the next bold paragraph ends it
    flat = " ".join((block[: following.start()] if following else block).split())
    heading = re.match(r"Déroulé indicatif \((\d+h(?:\d\d)?|\d+ ?min)", flat)
    stated = parse_duration(heading[1].replace(" ", "")) if heading else None
    flat = re.sub(r"(\d+ ?min)([^();]*?)\([^()]*\)", r"\1\2", flat)
    flat = re.sub(r",? dont \d+ ?min[^.;]*", "", flat)
    return stated, sum(int(minutes) for minutes in re.findall(r"(\d+) ?min\b", flat))


def timetable_problems(module: Module) -> list[str]:
    found = timetable_minutes(module.body)
    if found is None:
        return [f"{module.id}: pas de « Déroulé indicatif » dans les notes pour le formateur"]
    stated, total = found
    problems = []
    if stated != module.duration:
        problems.append(f"{module.id}: déroulé annoncé pour {stated} min, module de {module.duration} min")
    if total != module.duration:
        problems.append(f"{module.id}: les étapes du déroulé font {total} min, le module {module.duration} min")
    return problems


def part_two_without_part_one(curriculum: Curriculum) -> list[str]:
    return [
        module.id
        for module in curriculum.modules.values()
        if module.part == "travaux-pratiques"
        and not any(
            curriculum.modules[p].part == "sensibilisation" for p in module.prerequisites if p in curriculum.modules
        )
    ]


# --- paths -------------------------------------------------------------------------------

#: Field work a programme's activities may set, and the module that teaches it.
TAUGHT_BY = {
    r"\bentretiens?\b": "entretiens",
    r"\bimmersions?\b|\bobservations?\b": "observer-les-usages",
    r"\bpersonas?\b|\birritants?\b": "irritants-et-personas",
    r"\bmaquettes?\b|\bprototypes?\b": "prototyper",
    r"\blettres? d'engagements\b": "decider-et-s-engager",
    r"\bcycles? courts?\b": "tester-et-iterer",
}
_NUMBERS = {"une": 1, "un": 1, "deux": 2, "trois": 3, "demi": 0.5}
_STATED = re.compile(r"\b(\d+|une|un|deux|trois) (heures?|h|min|minutes)\b", re.I)


def schedule_problems(learning_path: LearningPath, curriculum: Curriculum) -> list[str]:
    """Activities that use a method before the slot of the module that teaches it (a
    module of the same slot comes first), and stated activity time that overflows."""
    problems = []
    taught: set[str] = set()
    in_path = set(learning_path.modules)
    for slot in learning_path.schedule:
        taught |= set(slot.modules)
        text = slot.activities.replace("’", "'")
        for pattern, teacher in TAUGHT_BY.items():
            if teacher in in_path and teacher not in taught and re.search(pattern, text, re.I):
                problems.append(f"{learning_path.id}, {slot.label} : « {text} » avant le module « {teacher} »")
        stated = 0.0
        for amount, unit in _STATED.findall(text):
            value = float(amount) if amount.isdigit() else _NUMBERS[amount.lower()]
            stated += value * (60 if unit.lower().startswith("h") else 1)
        modules = sum(curriculum.modules[m].duration for m in slot.modules if m in curriculum.modules)
        if modules + stated > slot.minutes:
            problems.append(
                f"{learning_path.id}, {slot.label} : {modules} min de modules et {stated:.0f} min d'activités "
                f"pour {slot.minutes} min"
            )
    return problems


def report(curriculum: Curriculum) -> str:
    single = single_answer(curriculum)
    every = items(curriculum)
    longest = longest_right(curriculum)
    recalls = case_recalls(curriculum)
    autonomous = [m.id for m in curriculum.modules.values() if autonomy_activities(m)]
    lines = [
        f"right option strictly longest: {len(longest)}/{len(single)} single-answer items "
        f"({len(longest) / len(single):.0%})",
        f"right option strictly shortest: {len(shortest_right(curriculum))}/{len(single)} "
        f"({len(shortest_right(curriculum)) / len(single):.0%})",
        f"duplicated items: {len(duplicates(curriculum))} pairs",
        f"options without a « Oui »/« Non » explanation: {len(unexplained(curriculum))}",
        f"scenario items: {sum(is_scenario(i.question) for i in every)}/{len(every)}; modules without one: "
        f"{sum(not any(is_scenario(q) for q in m.questions) for m in curriculum.modules.values())}",
        f"items naming a case study: {len(recalls)}/{len(every)} ({len(recalls) / len(every):.0%})",
        f"modules with an « En autonomie » activity: {len(autonomous)}/{len(curriculum.modules)}",
        f"autonomy problems: {sum(len(autonomy_problems(m)) for m in curriculum.modules.values())}",
        f"objective problems: {sum(len(objective_problems(m)) for m in curriculum.modules.values())}",
        f"timetable problems: {sum(len(timetable_problems(m)) for m in curriculum.modules.values())}",
        f"part-2 modules without a part-1 prerequisite: {len(part_two_without_part_one(curriculum))}",
        f"programme problems: {sum(len(schedule_problems(p, curriculum)) for p in curriculum.learning_paths)}",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    import sys

    from ecole.model.curriculum import load_curriculum
    from ecole.model.project import Project

    loaded = load_curriculum(Project(Path(__file__).resolve().parents[1]))[0]
    print(report(loaded))
    if "-v" in sys.argv:
        for item in longest_right(loaded):
            print("longest:", item.label)
        for first, second in duplicates(loaded):
            print("duplicate:", first.label, "|", second.label)
        for line in unexplained(loaded):
            print("explanation:", line)
        for item in case_recalls(loaded):
            print("case:", item.label)
        for module in loaded.modules.values():
            for line in autonomy_problems(module) + objective_problems(module) + timetable_problems(module):
                print(line)
        print("part 2 alone:", part_two_without_part_one(loaded))
        for learning_path in loaded.learning_paths:
            for line in schedule_problems(learning_path, loaded):
                print(line)
