"""``ecole build``: one edition, start to finish, replacing the output atomically.

The site is built into a temporary folder next to the target; only when
validation, MkDocs and every export have succeeded is the old site swapped out.
A failed build leaves the previous site exactly as it was.
"""

from __future__ import annotations

import gc
import logging
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import TemplateError, TemplateSyntaxError
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, BuildError, ConfigurationError, PluginError

from .adapter.mkdocs_plugin import EcolePlugin
from .model.curriculum import load_curriculum
from .model.diagnostics import Report
from .model.project import Project
from .model.structure import Curriculum
from .model.version import content_timestamp


class BuildFailed(Exception):
    """A build that could not finish; the message is for the person who ran it."""


@dataclass
class BuildResult:
    site: Path
    curriculum: Curriculum
    report: Report
    timings: dict[str, float] = field(default_factory=dict)


#: Sites that live inside another one: rebuilding the outer site must keep them.
NESTED_SITES = ("editions", "formateur")


def default_site_dir(project: Project, edition: str | None, trainer: bool) -> Path:
    """``site/`` or ``site/editions/<id>/``; an extra trainer view goes into ``formateur/`` inside it."""
    base = project.root / "site"
    if edition:
        base = base / "editions" / edition
    return base / "formateur" if trainer else base


def build_site(
    project: Project,
    *,
    site_dir: Path | None = None,
    edition: str | None = None,
    trainer: bool | None = None,
    exports: bool = True,
) -> BuildResult:
    """Build into ``site_dir`` (atomically); raise :class:`BuildFailed` or ContentError."""
    timings: dict[str, float] = {}
    started = time.perf_counter()
    curriculum, report = load_curriculum(project, edition=edition, trainer=trainer)
    timings["validation"] = time.perf_counter() - started
    extra_trainer_view = bool(trainer) and not curriculum.settings.trainer_view
    target = (site_dir or default_site_dir(project, edition, extra_trainer_view)).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    # The curriculum lives as long as the build: moved out of the collector's
    # reach, it is not scanned again at each of MkDocs' full collections (a
    # sixth of the collector's time, 0.35 s of 2 s, at 1,000 modules). Released
    # after the build, so that a process running several builds does not keep
    # them all.
    gc.freeze()
    try:
        step = time.perf_counter()
        _run_mkdocs(project, curriculum, temporary)
        timings["html"] = time.perf_counter() - step
        if exports:
            from .exports import write_exports

            step = time.perf_counter()
            try:
                timings.update(write_exports(curriculum, temporary))
            except Exception as exc:  # a writer's bug or a missing system library
                raise BuildFailed(f"un export a échoué ({type(exc).__name__} : {exc})") from exc
            timings["exports"] = time.perf_counter() - step
        _swap(temporary, target)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    finally:
        gc.unfreeze()
    timings["total"] = time.perf_counter() - started
    return BuildResult(target, curriculum, report, timings)


def _run_mkdocs(project: Project, curriculum: Curriculum, site_dir: Path) -> None:
    config_file = project.root / "mkdocs.yml"
    _quiet_mkdocs()
    try:
        config = load_config(str(config_file), site_dir=str(site_dir))
        plugin = config.plugins["ecole"]
        assert isinstance(plugin, EcolePlugin)
        plugin.curriculum = curriculum
        plugin.project = project
        config.plugins.on_startup(command="build", dirty=False)
        with _source_date(content_timestamp(project.root)):
            mkdocs_build(config)
        config.plugins.on_shutdown()
    except TemplateError as exc:  # a broken template in overrides/
        where = "thème"
        if isinstance(exc, TemplateSyntaxError):
            where = f"{Report(project.root).relative(Path(exc.filename or exc.name or '?'))}:{exc.lineno}"
        raise BuildFailed(f"gabarit de page invalide ({where}) : {exc.message}") from None
    except (ConfigurationError, PluginError, BuildError, Abort) as exc:
        details = "".join(f"\n- {_source_names(message, curriculum, project)}" for message in _warnings.messages)
        raise BuildFailed(f"MkDocs a refusé le site : {exc}{details}") from None
    if _warnings.count:
        lines = "\n".join(_source_names(message, curriculum, project) for message in _warnings.messages)
        raise BuildFailed(f"MkDocs a signalé {_warnings.count} problème(s) (mode strict) :\n{lines}")


@contextmanager
def _source_date(timestamp: int) -> Iterator[None]:
    """MkDocs dates the sitemap and its gzip header with the clock unless
    ``SOURCE_DATE_EPOCH`` is set: give it the content's date, so that two builds
    of one commit are byte-identical."""
    if "SOURCE_DATE_EPOCH" in os.environ:
        yield
        return
    os.environ["SOURCE_DATE_EPOCH"] = str(timestamp)
    try:
        yield
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]


def _source_names(message: str, curriculum: Curriculum, project: Project) -> str:
    """MkDocs names staged files; an author knows the source file: name that one."""

    def source_of(match: re.Match[str]) -> str:
        for item in curriculum.items():
            if item.staged_path == match.group(1):
                return f"Doc file '{item.source.relative_to(project.root).as_posix()}'"
        return match.group(0)

    return re.sub(r"Doc file '([^']+)'", source_of, message)


class _WarningCounter(logging.Handler):
    """MkDocs' strict mode aborts on warnings only from the CLI; count them here too."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1
        self.messages.append(record.getMessage())


_warnings = _WarningCounter()


def _quiet_mkdocs() -> None:
    logger = logging.getLogger("mkdocs")
    if _warnings not in logger.handlers:
        logger.addHandler(_warnings)
    logger.setLevel(logging.WARNING)
    logger.propagate = False
    _warnings.count = 0
    _warnings.messages.clear()


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
