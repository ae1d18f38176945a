"""The ``ecole`` command speaks French end to end: its help, argparse's own words
(usage, section titles, ``-h``) and its usage errors, with French typography; and it
ends as soon as its output is written, with all of it."""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import time

import pytest

from conftest import ROOT
from ecole.cli import build_parser

#: What argparse says in English when it is not translated.
ENGLISH = (
    "usage:",
    "positional arguments",
    "options:",
    "show this help",
    "error:",
    "required",
    "invalid choice",
    "choose from",
    "invalid int value",
    "unrecognized arguments",
    "expected one argument",
    "subcommands",
    "default:",
)
#: A plain space before a colon or semicolon: French typography wants a non-breaking one.
PLAIN_SPACE_BEFORE = (" :", " ;", " !", " ?")


def _commands(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command path of the parser: (), ("check",), ("new",), ("new", "module")…"""
    paths = [path]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                paths += _commands(sub, (*path, name))
    return paths


COMMANDS = _commands(build_parser())


def ecole(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ecole.cli", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, "COLUMNS": "100"},
        timeout=60,
    )


def assert_french(text: str) -> None:
    assert "utilisation\u00a0:" in text, text
    english = [word for word in ENGLISH if word in text]
    assert not english, f"English argparse words {english} in:\n{text}"
    plain = [mark for mark in PLAIN_SPACE_BEFORE if mark in text]
    assert not plain, f"plain space before {plain} in:\n{text}"


def test_every_command_is_covered() -> None:
    assert {("check",), ("build",), ("new", "edition"), ("new", "case-study")} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS, ids=lambda path: " ".join(path) or "ecole")
def test_help_is_french(command: tuple[str, ...]) -> None:
    result = ecole(*command, "--help")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert_french(result.stdout)
    assert "afficher cette aide et quitter" in result.stdout
    assert "options\u00a0:" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param((), "arguments obligatoires manquants\u00a0: commande", id="no-command"),
        pytest.param(
            ("new", "edition", "creuse"), "arguments obligatoires manquants\u00a0: --name", id="missing-option"
        ),
        pytest.param(("new", "module"), "arguments obligatoires manquants\u00a0: identifiant", id="missing-positional"),
        pytest.param(("frobnicate",), "choix invalide\u00a0: «\u00a0frobnicate\u00a0»", id="unknown-command"),
        pytest.param(("new", "truc", "x"), "choix invalide\u00a0: «\u00a0truc\u00a0»", id="unknown-kind"),
        pytest.param(("check", "--frob"), "arguments inconnus\u00a0: --frob", id="unknown-option"),
        pytest.param(("build", "--edition"), "argument --edition\u00a0: une valeur est attendue", id="missing-value"),
        pytest.param(("bench", "--repeat", "x"), "valeur invalide\u00a0: «\u00a0x\u00a0»", id="bad-number"),
    ],
)
def test_usage_errors_are_french(args: tuple[str, ...], message: str) -> None:
    result = ecole(*args)
    assert result.returncode == 2, result
    assert result.stdout == ""
    assert_french(result.stderr)
    assert "\u00a0: erreur\u00a0: " in result.stderr
    assert message in result.stderr


def _console_command(main_body: str) -> list[str]:
    """``ecole.cli.console`` in a process of its own, with ``main`` replaced by ``main_body``."""
    script = (
        f"import multiprocessing, os, sys, time\nfrom ecole import cli\n{main_body}\ncli.main = main\ncli.console()\n"
    )
    return [sys.executable, "-c", script]


#: buffered output, as in a terminal or a CI log, whatever this test run was given
_BUFFERED = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}


def _console(main_body: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        _console_command(main_body),
        cwd=ROOT,
        env=_BUFFERED,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )


def test_the_command_ends_with_main_s_code_and_all_its_output() -> None:
    # more than a pipe's buffer, without a newline at the end: nothing is lost by the quick exit
    done = _console(
        "def main():\n"
        "    sys.stdout.write('é' * 200_000)\n"
        "    sys.stdout.write('fin')\n"
        "    sys.stderr.write('fin')\n"
        "    return 3\n"
    )
    assert done.returncode == 3
    assert done.stdout == "é" * 200_000 + "fin"
    assert done.stderr == "fin"


def test_the_command_waits_for_a_process_it_started_that_still_runs(tmp_path) -> None:
    written = tmp_path / "fait"
    done = _console(
        "def late():\n"
        "    os.close(1), os.close(2)  # the test reads up to the end of its parent's output alone\n"
        "    time.sleep(0.5)\n"
        f"    open({str(written)!r}, 'w').close()\n"
        "def main():\n"
        "    multiprocessing.get_context('fork').Process(target=late).start()\n"
        "    return 0\n"
    )
    assert done.returncode == 0, done.stderr
    assert written.exists()


def test_the_command_ends_without_a_traceback_when_its_output_is_gone() -> None:
    # started with its output closed (a service, ``>&-``): nothing to write, nothing to say
    closed = subprocess.run(
        ["sh", "-c", 'exec "$@" >&-', "sh", *_console_command("def main():\n    print('fait')\n    return 0\n")],
        cwd=ROOT, env=_BUFFERED, stderr=subprocess.PIPE, text=True, encoding="utf-8", timeout=60,
    )  # fmt: skip
    assert closed.returncode == 0, closed.stderr
    assert closed.stderr == ""
    # a reader gone before the output is written (``ecole build | head``): Python's own
    # message and exit code, as without the quick exit, not a traceback
    command = _console_command("def main():\n    time.sleep(0.5)\n    sys.stdout.write('x' * 2000)\n    return 0\n")
    process = subprocess.Popen(
        command, cwd=ROOT, env=_BUFFERED, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8"
    )
    assert process.stdout is not None
    process.stdout.close()
    _, error = process.communicate(timeout=60)
    assert "Traceback" not in error, error
    assert "BrokenPipeError" in error and process.returncode == 120


def test_check_names_the_reference_paths_an_edition_does_not_publish() -> None:
    """Not an error (a path whose modules the selection cut would promise what the edition
    lacks), but a trainer who sees a path vanish should be told which, and why."""
    result = ecole("check", "--edition", "ville-exemple")
    assert result.returncode == 0, result.stderr
    assert "ne publie pas" in result.stdout
    assert "premiers-pas-sur-le-terrain" in result.stdout
    reference = ecole("check")
    assert "ne publie pas" not in reference.stdout


def test_serve_on_a_taken_address_says_what_to_do_before_building() -> None:
    """A trainer ran ``ecole serve`` while another server (the guide's ``python3 -m
    http.server``) held the port: the site was built, then a Python traceback in English."""
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        port = other.getsockname()[1]
        started = time.monotonic()
        result = ecole("serve", "--adresse", f"127.0.0.1:{port}")
        # the command proposed serves the same site: an edition's, not the reference's
        edition = ecole("serve", "--edition", "ville-exemple", "--adresse", f"127.0.0.1:{port}")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "Error" not in result.stderr
    assert f"l'adresse 127.0.0.1:{port} est déjà prise par un autre programme" in result.stderr
    assert f"ecole serve --adresse 127.0.0.1:{port + 1}" in result.stderr
    assert "construit" not in result.stdout + result.stderr  # said before the build, not after it
    assert time.monotonic() - started < 30
    assert f"ecole serve --edition ville-exemple --adresse 127.0.0.1:{port + 1}" in edition.stderr
