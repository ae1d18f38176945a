"""Durations as people write them (``45min``, ``1h30``, ``2j``), held in minutes."""

from __future__ import annotations

import re

#: A training day, as French training programmes count it.
MINUTES_PER_DAY = 7 * 60

_PATTERN = re.compile(r"^(?:(?P<days>\d+)j|(?P<hours>\d+)h(?P<hmin>\d{2})?|(?P<minutes>\d+)min)$")


class DurationError(ValueError):
    """A duration that cannot be read; the message says how to write it."""


def parse_duration(text: str, *, days_allowed: bool = False) -> int:
    """Return the number of minutes in ``text`` or raise :class:`DurationError`."""
    value = str(text).strip()
    match = _PATTERN.match(value)
    examples = "45min, 1h, 1h30" + (", 2j" if days_allowed else "")
    if not match:
        raise DurationError(f"« {value} » n'est pas une durée lisible ; écrivez par exemple {examples}")
    if match["days"] is not None:
        if not days_allowed:
            raise DurationError(
                f"« {value} » : les jours ne sont admis que pour les fiches méthode ; "
                f"écrivez la durée en heures, par exemple {int(match['days']) * 7}h"
            )
        minutes = int(match["days"]) * MINUTES_PER_DAY
    elif match["hours"] is not None:
        extra = int(match["hmin"] or 0)
        if extra >= 60:
            hours = int(match["hours"]) + extra // 60
            raise DurationError(
                f"« {value} » : {extra} minutes, c'est plus d'une heure ; écrivez {hours}h{extra % 60:02d}"
            )
        minutes = int(match["hours"]) * 60 + extra
    else:
        minutes = int(match["minutes"])
    if minutes == 0:
        raise DurationError(f"« {value} » : une durée doit être supérieure à zéro")
    return minutes


def format_minutes(minutes: int) -> str:
    """``90`` -> ``1 h 30``; ``45`` -> ``45 min``; ``120`` -> ``2 h``, with no-break spaces.

    The one way readers see a duration, on the site, in the PDFs, the SCORM packages
    and the messages: French typography's (the same as :mod:`ecole.assembly.typography`
    makes of ``1h30``), so that a line never breaks between a number and its unit and no
    page mixes ``1h30`` with ``1 h 30``. Machine formats stay apart: :func:`iso8601`.
    """
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest}\u00a0min"
    return f"{hours}\u00a0h\u00a0{rest:02d}" if rest else f"{hours}\u00a0h"


def iso8601(minutes: int) -> str:
    """``90`` -> ``PT1H30M``, for catalogues and schema.org."""
    hours, rest = divmod(minutes, 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{rest}M" if rest or not hours else "")
