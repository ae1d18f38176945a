"""The date a build stands for: from ``SOURCE_DATE_EPOCH`` or the last git commit,
never the clock, so that two builds of the same commit are identical."""

from __future__ import annotations

import os
import subprocess
from datetime import UTC, datetime
from functools import cache
from pathlib import Path


@cache
def content_timestamp(root: Path) -> int:
    if "SOURCE_DATE_EPOCH" in os.environ:
        return int(os.environ["SOURCE_DATE_EPOCH"])
    try:
        out = subprocess.run(
            ["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True, text=True, check=True
        ).stdout.strip()
        return int(out)
    except (OSError, subprocess.CalledProcessError, ValueError):
        return 0  # not a git checkout and no SOURCE_DATE_EPOCH: a fixed, honest "unknown"


def content_date(root: Path) -> str:
    return datetime.fromtimestamp(content_timestamp(root), UTC).strftime("%Y-%m-%d")
