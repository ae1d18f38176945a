"""The package's exceptions, in one leaf module that imports nothing of the package.

Each carries a message for the person who ran the command, in French; the
command line (:mod:`ecole.cli`) is the one place that catches them and prints
them, never as a traceback.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model.diagnostics import Diagnostic


class ContentError(Exception):
    """Raised once validation is over, carrying every error found."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = diagnostics
        super().__init__("\n".join(str(d) for d in diagnostics))


class BuildFailed(Exception):
    """A build that could not finish; the message is for the person who ran it."""
