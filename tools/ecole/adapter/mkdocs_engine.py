"""Running MkDocs on staged pages: one build into a folder, or the live server.

MkDocs reads ``mkdocs.yml`` for the theme; the ``ecole`` plugin gives it the
staged pages. Its failures and its strict-mode warnings come back as
:class:`~ecole.errors.BuildFailed`, naming the source files an author knows
rather than the staged ones.
"""

from __future__ import annotations

import errno
import logging
import os
import re
import signal
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from jinja2 import TemplateError, TemplateSyntaxError
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, BuildError, ConfigurationError, PluginError

from ..assembly.staging import Staged
from ..errors import BuildFailed
from ..model.diagnostics import Report
from ..model.french import count
from ..model.project import Project
from ..model.structure import Curriculum
from .mkdocs_plugin import EcolePlugin
from .page_cache import PageCache


def config_file(project: Project) -> Path:
    return project.root / "mkdocs.yml"


def build_html(project: Project, staged: Staged, site_dir: Path, *, pages: PageCache | None = None) -> None:
    """Build the site of ``staged`` into ``site_dir``; raise BuildFailed on any problem.

    ``pages``: the build cache of the pages, which gives back the pages that did not change."""
    curriculum = staged.curriculum
    _quiet_mkdocs()
    try:
        config = load_config(str(config_file(project)), site_dir=str(site_dir))
        plugin = config.plugins["ecole"]
        assert isinstance(plugin, EcolePlugin)
        plugin.staged = staged
        plugin.pages = pages
        config.plugins.on_startup(command="build", dirty=False)
        with _source_date(curriculum.timestamp):
            mkdocs_build(config)
        config.plugins.on_shutdown()
    except TemplateError as exc:  # a broken template in overrides/
        where = "thème"
        if isinstance(exc, TemplateSyntaxError):
            where = f"{Report(project.root).relative(Path(exc.filename or exc.name or '?'))}:{exc.lineno}"
        raise BuildFailed(f"gabarit de page invalide ({where}) : {exc.message}") from None
    except Abort:  # strict mode: « Aborted with 1 warnings in strict mode! »
        details = "".join(f"\n- {_source_names(message, curriculum, project)}" for message in _warnings.messages)
        raise BuildFailed(f"MkDocs a refusé le site ({count(_warnings.count, 'problème')}) :{details}") from None
    except (ConfigurationError, PluginError, BuildError) as exc:
        details = "".join(f"\n- {_source_names(message, curriculum, project)}" for message in _warnings.messages)
        raise BuildFailed(f"MkDocs a refusé le site : {exc}{details}") from None
    if _warnings.count:
        lines = "\n".join(_source_names(message, curriculum, project) for message in _warnings.messages)
        raise BuildFailed(f"MkDocs a signalé {count(_warnings.count, 'problème')} (mode strict) :\n{lines}")


def serve(project: Project, prepare: Callable[[], Staged], address: str, command: str = "ecole serve") -> None:
    """The live site of work: rebuilt after every save, only the pages that changed.

    ``prepare`` loads and stages the curriculum again; MkDocs calls it (through
    the plugin) at each rebuild. MkDocs' log is shown in French (:class:`FrenchServeLog`).
    ``command``: the command that serves this site, without its address (``ecole serve
    --edition ma-ville``), for the one a message proposes with another address.
    """
    # imported here: the live server (livereload, wsgiref, http.server) is no part of a build
    from mkdocs.commands.serve import serve as mkdocs_serve

    _check_address(address, command)  # before the build: a trainer should not wait for it to learn this
    EcolePlugin.prepare = prepare
    logger = logging.getLogger("mkdocs")
    logger.setLevel(logging.INFO)
    logger.propagate = False
    handler = logging.StreamHandler()
    handler.setFormatter(FrenchServeLog())
    logger.addHandler(handler)
    try:
        with _stopped_as_with_ctrl_c():
            mkdocs_serve(str(config_file(project)), livereload=True, build_type="dirty", dev_addr=address)
    except (ConfigurationError, PluginError, BuildError, Abort) as exc:
        raise BuildFailed(f"MkDocs a refusé le site : {exc}") from None
    except OSError as exc:
        # the site is built by then: MkDocs opens its port last
        if exc.errno not in _ADDRESS_PROBLEMS:
            raise
        raise BuildFailed(_unusable_address(address, exc.errno, command)) from None
    finally:
        logger.removeHandler(handler)


#: Why the server cannot open its address, as a trainer can act on it.
_ADDRESS_PROBLEMS = {
    errno.EADDRINUSE: "est déjà prise par un autre programme (un autre « ecole serve » ou « make serve », "
    "« python3 -m http.server »…) : arrêtez-le, ou prenez un autre port",
    errno.EADDRNOTAVAIL: "n'est pas une adresse de cet ordinateur : gardez 127.0.0.1",
    errno.EACCES: "demande des droits d'administrateur (port inférieur à 1024) : prenez un port de 1024 à 65535",
}


def _check_address(address: str, command: str) -> None:
    """Whether the server will be able to open ``address`` (``host:port``); one MkDocs
    cannot read is left for MkDocs to refuse, in its own words."""
    host, _, port = address.rpartition(":")
    if not port.isdigit():
        return
    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as MkDocs' server does
            probe.bind((host.strip("[]"), int(port)))
    except OSError as exc:
        if exc.errno in _ADDRESS_PROBLEMS:
            raise BuildFailed(_unusable_address(address, exc.errno, command)) from None


def _unusable_address(address: str, number: int, command: str) -> str:
    """The problem and the command that works: the next port, the local address, a port
    a person may open."""
    host, _, port = address.rpartition(":")
    if number == errno.EADDRINUSE:
        instead = f"{host}:{int(port) + 1}" if port.isdigit() and int(port) < 65535 else f"{host}:8001"
    elif number == errno.EADDRNOTAVAIL:
        instead = f"127.0.0.1:{port}"
    else:
        instead = f"{host}:8000"
    return f"l'adresse {address} {_ADDRESS_PROBLEMS[number]}, par exemple : {command} --adresse {instead}"


#: What else stops a server than Ctrl+C: a closed terminal (SIGHUP), an editor or a
#: service manager that ends its task (SIGTERM).
_STOPPING_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


@contextmanager
def _stopped_as_with_ctrl_c() -> Iterator[None]:
    """The server stopped by :data:`_STOPPING_SIGNALS` as by Ctrl+C: MkDocs then shuts
    down and removes the site it builds in the system's temporary folder (some 9 MB for
    the reference), which these signals, ending the process at once, left behind."""
    if threading.current_thread() is not threading.main_thread():  # only there can Python take a signal
        yield
        return

    def interrupt(number: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = {number: signal.signal(number, interrupt) for number in _STOPPING_SIGNALS}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


#: MkDocs' messages while it serves, as a trainer reads them (MkDocs 1.6 writes them in English).
_SERVE_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), french)
    for pattern, french in (
        (r"^Building documentation\.\.\.$", "Construction du site de travail…"),
        (r"^Cleaning site directory$", "Nettoyage du dossier du site de travail"),
        (r"^Building documentation to directory: (.*)$", r"Construction dans le dossier \1"),
        (r"^Documentation built in (\d+)\.(\d+) seconds$", r"Site construit en \1,\2 s"),
        (r"^\[[\d:]+\] Watching paths for changes: (.*)$", r"Surveillance des modifications : \1"),
        (
            r"^\[[\d:]+\] Serving on (\S+)(?: and opening it in a browser)?$",
            r"Site de travail : \1 (Ctrl+C pour l'arrêter)",
        ),
        (r"^\[[\d:]+\] Detected file changes$", "Modification détectée, reconstruction…"),
        (r"^\[[\d:]+\] Reloading browsers$", "Rechargement des pages ouvertes"),
        (r"^\[[\d:]+\] Browser connected: (.*)$", r"Page ouverte : \1"),
        (r"^Shutting down\.\.\.$", "Arrêt du site de travail"),
        (
            r"^\[[\d:]+\] An error happened during the rebuild\. The server will appear stuck until build errors "
            r"are resolved\.$",
            "La reconstruction a échoué : corrigez l'erreur affichée plus haut et enregistrez ; les pages "
            "ouvertes attendront jusque-là, puis se rechargeront d'elles-mêmes",
        ),
    )
)
_LEVELS = {"DEBUG": "détail", "INFO": "info", "WARNING": "attention", "ERROR": "erreur", "CRITICAL": "erreur"}


class FrenchServeLog(logging.Formatter):
    """MkDocs' log lines while serving, in French; a line it does not know stays as it is."""

    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        for pattern, french in _SERVE_MESSAGES:
            if pattern.match(message):
                message = pattern.sub(french, message)
                break
        return f"{_LEVELS.get(record.levelname, record.levelname.lower())} : {message}"


@contextmanager
def _source_date(timestamp: int) -> Iterator[None]:
    """MkDocs dates the sitemap and its gzip header with the clock unless
    ``SOURCE_DATE_EPOCH`` is set: give it the content's date, so that two builds
    of one commit are byte-identical. The content's date is a day
    (:mod:`ecole.model.version`): a ``SOURCE_DATE_EPOCH`` set by the caller gives way
    to its day while the site is built, as it does everywhere else."""
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(timestamp)
    try:
        yield
    finally:
        if before is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before


#: MkDocs' warnings about links (strict mode stops the build on them), as an author reads
#: them: in French, the file named first. ``ecole check`` reports most of these itself,
#: with their line; these are what reaches MkDocs, a link to a page the tool writes.
_LINK_WARNINGS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), french)
    for pattern, french in (
        (
            r"^Doc file '([^']+)' contains a link '([^']+)', but the doc '([^']+)' does not contain an anchor '([^']+)'\.?$",
            r"\1 : le lien « \2 » mène à « \3 », où aucun titre n'a l'ancre « \4 » : corrigez l'ancre dans ce fichier, "
            "ou retirez-la",
        ),
        (
            r"^Doc file '([^']+)' contains a link '([^']+)', but the target '([^']+)' is not found among documentation files\.?$",
            r"\1 : le lien « \2 » mène à « \3 », qui n'est pas une page du site",
        ),
        (
            r"^Doc file '([^']+)' contains a link to '([^']+)' which is excluded from the built site\.?$",
            r"\1 : le lien « \2 » mène à une page qui n'est pas publiée",
        ),
    )
)


def _source_names(message: str, curriculum: Curriculum, project: Project) -> str:
    """MkDocs names staged files; an author knows the source file: name that one, and say
    what MkDocs says about a link in French."""

    def source_of(match: re.Match[str]) -> str:
        for item in curriculum.items():
            if item.staged_path == match.group(1):
                return f"Doc file '{item.source.relative_to(project.root).as_posix()}'"
        return match.group(0)

    message = re.sub(r"Doc file '([^']+)'", source_of, message)
    for pattern, french in _LINK_WARNINGS:
        if pattern.match(message):
            return pattern.sub(french, message)
    return message


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
