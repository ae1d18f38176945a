"""Messages for people who edit content files by hand.

Every problem found in the content becomes a :class:`Diagnostic`, printed as
``path:line: field: message``. Problems are collected, never raised one by one,
so that an author sees all of them at once and fixes them in one pass.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path


class Severity(Enum):
    ERROR = "erreur"
    WARNING = "avertissement"


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str
    line: int
    field: str
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}"
        label = self.field or "fichier"
        if self.severity is Severity.WARNING:
            return f"{where}: {label}: avertissement : {self.message}"
        return f"{where}: {label}: {self.message}"


@dataclass
class Report:
    """Collects diagnostics for one run of validation."""

    root: Path
    items: list[Diagnostic] = field(default_factory=list)
    #: Ids of files (and of paths of a parcours.yml) that failed their own checks, by kind
    #: ("module", "method"…, "parcours"): references to them are not reported again as unknown.
    unreadable: set[tuple[str, str]] = field(default_factory=set)

    def relative(self, path: Path) -> str:
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()

    def error(self, path: Path, line: int, field_name: str, message: str) -> None:
        self.items.append(Diagnostic(self.relative(path), line, field_name, message))

    def warning(self, path: Path, line: int, field_name: str, message: str) -> None:
        self.items.append(Diagnostic(self.relative(path), line, field_name, message, Severity.WARNING))

    def has_errors(self, path: Path) -> bool:
        where = self.relative(path)
        return any(d.path == where for d in self.errors)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.WARNING]

    def sorted(self) -> list[Diagnostic]:
        return sorted(set(self.items), key=lambda d: (d.path, d.line, d.field, d.message))
