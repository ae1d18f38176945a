"""Lighthouse (mobile defaults, Debian's chromium) scores 95 or more on the home page
and a module page, in performance, accessibility, best practices and SEO.

The pages are served compressed, as every host that would publish the site
serves text (GitHub Pages, nginx, Apache…): scoring a server that does not
compress would measure the server, not the site.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import CHROMIUM, ROOT, serve_compressed
from ecole.build import BuildResult

pytestmark = pytest.mark.browser

LIGHTHOUSE = ROOT / "node_modules" / "lighthouse" / "cli" / "index.js"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
MINIMUM = 0.95
RETRIES = 2


@pytest.fixture(scope="module")
def compressed_url(site: Path) -> Iterator[str]:
    yield from serve_compressed(site)


def lighthouse(url: str, report: Path) -> dict[str, float]:
    """Category id -> score (0–1) of one Lighthouse run with its default (mobile) settings."""
    subprocess.run(
        [
            "node", str(LIGHTHOUSE), url,
            f"--only-categories={','.join(CATEGORIES)}",
            "--output=json", f"--output-path={report}", "--quiet",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
        ],
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        check=True,
        timeout=180,
    )  # fmt: skip
    result = json.loads(report.read_text(encoding="utf-8"))
    return {name: result["categories"][name]["score"] for name in CATEGORIES}


def failing_audits(report: Path) -> list[str]:
    result = json.loads(report.read_text(encoding="utf-8"))
    return [
        f"{audit_id} ({audit['score']}) {audit.get('displayValue', '')}"
        for audit_id, audit in result["audits"].items()
        if audit.get("score") is not None and audit["score"] < 0.9 and audit["scoreDisplayMode"] != "informative"
    ]


@pytest.mark.parametrize("which", ["accueil", "module"])
def test_lighthouse_scores(built: BuildResult, compressed_url: str, tmp_path: Path, which: str) -> None:
    assert LIGHTHOUSE.is_file(), "lighthouse manque : lancez « make test », qui installe les outils JavaScript"
    url = compressed_url + ("" if which == "accueil" else built.curriculum.ordered_modules()[0].url)
    report = tmp_path / "rapport.json"
    scores = lighthouse(url, report)
    # Performance is timed, and timings vary with what else the machine runs: Lighthouse's
    # own advice is to run again. Two more runs at most; the other scores do not vary.
    for _ in range(RETRIES):
        if scores["performance"] >= MINIMUM:
            break
        scores["performance"] = max(scores["performance"], lighthouse(url, report)["performance"])
    low = {name: score for name, score in scores.items() if score < MINIMUM}
    assert not low, f"{url} : {low}\naudits en défaut :\n" + "\n".join(failing_audits(report))
