"""In a browser, the site asks nothing of any host but its own."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("url", ["", "modules/irritants-et-personas/", "etudes-de-cas/", "parcours/agents/"])
def test_no_request_outside_localhost(page, site_url: str, url: str) -> None:
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).hostname or request.url))
    page.goto(site_url + url, wait_until="networkidle")
    assert page.locator("h1").first.is_visible()
    assert hosts == {"127.0.0.1"}
