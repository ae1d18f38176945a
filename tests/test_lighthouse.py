"""Lighthouse (mobile defaults, Debian's chromium) on the three kinds of page a learner
reads most: the home page, a module page and a case study page. Accessibility, best
practices and SEO score 100; performance 95 or more.

Performance is the only timed category: Lighthouse simulates a slow phone by
multiplying the time the page's scripts and layout take on this machine by four. On a
shared two-core machine the same module page scored from 77 (load average 21) to 98
between runs, its total blocking time, mostly Material's own script, from 130 to 680 ms:
a floor of 100 would measure the machine, not the site.

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
#: Category -> lowest accepted score.
MINIMUM = {"performance": 0.95, "accessibility": 1.0, "best-practices": 1.0, "seo": 1.0}
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


def _page(built: BuildResult, which: str) -> str:
    if which == "accueil":
        return ""
    if which == "module":
        return built.curriculum.ordered_modules()[0].url
    return next(iter(built.curriculum.case_studies.values())).url


@pytest.mark.parametrize("which", ["accueil", "module", "etude-de-cas"])
def test_lighthouse_scores(built: BuildResult, compressed_url: str, tmp_path: Path, which: str) -> None:
    assert LIGHTHOUSE.is_file(), "lighthouse manque : lancez « make test », qui installe les outils JavaScript"
    url = compressed_url + _page(built, which)
    report = tmp_path / "rapport.json"
    scores = lighthouse(url, report)
    # Performance is timed, and timings vary with what else the machine runs: Lighthouse's
    # own advice is to run again. Two more runs at most; the other scores do not vary.
    for _ in range(RETRIES):
        if scores["performance"] >= MINIMUM["performance"]:
            break
        scores["performance"] = max(scores["performance"], lighthouse(url, report)["performance"])
    low = {name: score for name, score in scores.items() if score < MINIMUM[name]}
    assert not low, f"{url} : {low}\naudits en défaut :\n" + "\n".join(failing_audits(report))
