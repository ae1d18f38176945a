"""The home page's learning block: the edition's default path and its progress.

The home page is hand-written, but which path it proposes is a setting
(``default_path``), so the block is generated and placed right after the
"Reprendre où j'en étais" block the page already holds (or before its first
section when a territory edition's home page has none).
"""

from __future__ import annotations

import re

from markupsafe import Markup

from ..model.addresses import HOME_PAGE
from ..model.durations import format_minutes
from ..model.learning import WHOLE_CURRICULUM
from ..model.structure import Curriculum, LearningPath
from .pages import md, progress_block, rel
from .templates import render

_RESUME_BLOCK = re.compile(r'<div class="ecole-reprendre"[^>]*>.*?</div>\n', re.DOTALL)
_FIRST_SECTION = re.compile(r"^## ", re.MULTILINE)


def default_path(curriculum: Curriculum) -> LearningPath | None:
    """The path the edition proposes first; the whole cursus when it names none."""
    wanted = curriculum.settings.default_path or WHOLE_CURRICULUM
    return next((learning_path for learning_path in curriculum.learning_paths if learning_path.id == wanted), None)


def home_block(curriculum: Curriculum) -> str:
    path = default_path(curriculum)
    if path is None:
        return ""
    minutes = sum(curriculum.modules[m].duration for m in path.modules)
    return render(
        "site/home_path.md",
        title=md(path.title),
        href=rel(HOME_PAGE, path.staged_path),
        count=len(path.modules),
        duration=md(format_minutes(minutes)),
        progress=Markup(progress_block(curriculum, path.modules)),
    )


def with_home_block(curriculum: Curriculum, text: str) -> str:
    """``text`` (the staged home page) with the learning block in place."""
    block = home_block(curriculum)
    if not block:
        return text
    resume = _RESUME_BLOCK.search(text)
    if resume:
        return text[: resume.end()] + "\n" + block + text[resume.end() :]
    section = _FIRST_SECTION.search(text)
    if section:
        return text[: section.start()] + block + "\n" + text[section.start() :]
    return text.rstrip("\n") + "\n\n" + block
