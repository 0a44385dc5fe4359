"""Quality gates on the built sample site, both languages: accessibility (axe-core in headless
Chromium: no serious or critical violations) and links (a crawler: every internal link and asset
resolves). Requests to other hosts are refused by the browser fixture in conftest.py."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest


axe_playwright = pytest.importorskip("axe_playwright_python.sync_playwright")

PAGES = ["", "ideas/zila-parishad-online-leave/", "ideas/lgd-database-networking/", "teams/lgd-innovation-team/",
         "offices/lgd/", "showcase/", "browse/", "browse/status/", "browse/status/implemented/", "places/dhaka-division/", "api/"]


@pytest.mark.parametrize("lang", ["bn", "en"])
def test_no_serious_accessibility_violations(page, site_url, lang):
    axe = axe_playwright.Axe()
    failures = []
    for path in PAGES:
        page.goto(site_url + ("" if lang == "bn" else "en/") + path)
        results = axe.run(page)
        for violation in results.response["violations"]:
            if violation["impact"] in ("serious", "critical"):
                nodes = [n["target"] for n in violation["nodes"][:3]]
                failures.append(f"{lang}/{path}: {violation['id']} ({violation['impact']}) {nodes}")
    # The search box with results open is a page state readers see too.
    page.goto(site_url + ("" if lang == "bn" else "en/"))
    page.fill("#bank-search-input", "ছুটি" if lang == "bn" else "leave")
    page.locator(".bank-search__link").first.wait_for()
    for violation in axe.run(page).response["violations"]:
        if violation["impact"] in ("serious", "critical"):
            failures.append(f"{lang} search: {violation['id']} ({violation['impact']})")
    assert failures == []


def test_every_internal_link_and_asset_resolves(site_url, tmp_path):
    config = tmp_path / "linkcheckerrc"
    config.write_text("[checking]\nmaxrequestspersecond=1000\n")
    result = subprocess.run(
        [str(Path(sys.executable).with_name("linkchecker")), "-f", str(config), "--no-status", "--no-warnings",
         "--threads", "4", "--recursion-level", "-1", site_url],
        capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-4000:]
    assert "0 errors found" in result.stdout or "no errors found" in result.stdout.lower(), result.stdout[-2000:]
