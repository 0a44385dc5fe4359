"""Shared fixtures. Append new fixtures below; keep each one small."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path
from urllib.parse import urlparse

import pytest
from hypothesis import settings

# Hypothesis draws the same examples in every run: a clone passes or fails the same way next month.
settings.register_profile("repeatable", derandomize=True)
settings.load_profile("repeatable")

import lighthouse
from sitebuild import built_site, serve


# ---- content validation (test_validate.py, test_hostile_input.py) -------------------------------

_HOSTILE_TALLY: Counter = Counter()


@pytest.fixture(scope="session")
def hostile_tally() -> Counter:
    """Counts the hostile inputs fed to the loader, by kind; the total is printed after the run."""
    return _HOSTILE_TALLY


def pytest_terminal_summary(terminalreporter):
    if _HOSTILE_TALLY:
        kinds = ", ".join(f"{kind} {count}" for kind, count in sorted(_HOSTILE_TALLY.items()))
        terminalreporter.write_line(f"hostile inputs tried: {sum(_HOSTILE_TALLY.values())} ({kinds})")


# ---- the built sample site in Debian's chromium (test_browser, test_open_data, test_quality_gates)

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def pytest_collection_modifyitems(items):
    """Lighthouse's gate last: its first run (below) then has the whole session to finish beside
    the other tests, where at the gate's place among them the session waited for it."""
    items.sort(key=lambda item: getattr(item, "originalname", None) == "test_lighthouse_budgets")


def pytest_collection_finish(session):
    """Lighthouse's gate (tests/test_standards.py) takes a minute or more of both CPUs at its turn:
    when other tests run in the session too, its first run starts now, one page after another,
    beside them (they keep about one CPU busy), and then its second run of the pages under the
    performance budget, which the gate made at its turn."""
    gate = [item for item in session.items if getattr(item, "originalname", None) == "test_lighthouse_budgets"]
    if session.config.option.collectonly or lighthouse.missing() or not gate or \
            all(item.path == gate[0].path for item in session.items):
        return
    try:
        site = built_site()
    except AssertionError:
        return  # the tests that read the site report the failed build
    lighthouse.start(site, [path for _, _, path in lighthouse.PAGES])


def pytest_sessionfinish(session):
    lighthouse.stop()


@pytest.fixture(scope="session")
def site_url():
    server, url = serve(built_site())
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is not installed: run `make test`, which installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--no-first-run", "--disable-sync"])
        yield browser
        browser.close()


PHONE = {"width": 360, "height": 780}


def pytest_configure(config):
    config.addinivalue_line("markers", "shared_context: the `page` fixture opens each test's page in "
                            "the module's one browser context (see `page`)")


@pytest.fixture(scope="module")
def shared_context(browser):
    context = browser.new_context(viewport=PHONE)
    yield context
    context.close()


@pytest.fixture
def page(request, browser, site_url):
    """A phone-sized page that records every request it makes.

    Its browser context is the test's own, or, in a module marked `shared_context`, the module's
    one context (a context and its page take about twice the CPU of a page alone to make and
    close). There each test still has a page of its own (its viewport, routes, init scripts and
    session storage go with it), and after the test the context forgets what the page's hosts
    stored (local storage, IndexedDB, caches, service workers, cookies) and its HTTP cache, as a new
    context would. A marked module's tests change nothing of the context itself: no routes,
    permissions, cookies for other hosts, offline state or init scripts set on `page.context`.
    """
    shared = request.node.get_closest_marker("shared_context") is not None
    context = request.getfixturevalue("shared_context") if shared else browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.requests = []
    page.hosts = {urlparse(site_url).netloc}  # a test serving another local site adds it here
    page.on("request", lambda request: page.requests.append(request.url))
    try:
        yield page
        foreign = [u for u in page.requests if urlparse(u).scheme in ("http", "https") and urlparse(u).netloc not in page.hosts]
        assert foreign == [], f"requests to other hosts: {foreign}"
    finally:
        if shared:
            try:  # a page that crashed cannot be asked to; the test's own failure is what to show
                _forget(page, [f"http://{host}" for host in page.hosts])
            finally:
                page.close()
        else:
            context.close()


def _forget(page, origins):
    """What the page's browser context holds from the origins, and its HTTP cache, cleared."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.clearBrowserCache")
    for origin in origins:
        cdp.send("Storage.clearDataForOrigin", {"origin": origin, "storageTypes": "all"})
    cdp.detach()


# ---- the user's cache folder (the key that signs `innobank validate`'s cache, generator/load/stored.py)

@pytest.fixture(autouse=True)
def user_cache(tmp_path_factory, monkeypatch) -> Path:
    """One of the session's folders, not the home folder's: tests leave nothing in it."""
    folder = tmp_path_factory.getbasetemp() / "user-cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    return folder
