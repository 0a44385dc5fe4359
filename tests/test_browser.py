"""The site in a real headless Chromium (Debian's chromium, driven by Playwright): pages in both
languages, the language switch, the bundled Bengali font, and search as a reader uses it."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from generator.i18n import t
from generator.load import load
from sitebuild import ROOT

# Its tests' pages read the site and keep nothing: one browser context for the module (conftest's page).
pytestmark = pytest.mark.shared_context

SHOTS = ROOT / "tests" / "artifacts"
BANK, _ = load(ROOT / "content")
LEAVE = "zila-parishad-online-leave"
HELP_DESK = "lgd-help-desk"


def test_innovation_page_in_both_languages_and_the_switch(page, site_url):
    idea = BANK.ideas[LEAVE].item
    page.goto(site_url + f"ideas/{LEAVE}/")
    assert page.locator("html").get_attribute("lang") == "bn"
    assert page.locator("h1").inner_text() == idea.title.bn
    page.wait_for_function("document.fonts.status === 'loaded'")
    assert page.evaluate("document.fonts.check('16px \"Noto Sans Bengali\"', 'উদ্ভাবন')")
    assert any(u.endswith("NotoSansBengali-Regular.woff2") for u in page.requests)
    family = page.locator("h1").evaluate("e => getComputedStyle(e).fontFamily")
    assert family.startswith('"Noto Sans Bengali"')
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "idea-bn.png"), full_page=False)

    page.click("[data-bank-switch]")
    page.wait_for_url(site_url + f"en/ideas/{LEAVE}/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == idea.title.en
    assert page.get_by_role("link", name=t("action.use_service", "en")).get_attribute("href") == idea.service.link
    page.screenshot(path=str(SHOTS / "idea-en.png"), full_page=False)

    page.click("[data-bank-switch]")
    page.wait_for_url(site_url + f"ideas/{LEAVE}/")
    assert page.locator("h1").inner_text() == idea.title.bn


@pytest.mark.parametrize("lang", ["bn", "en"])
def test_the_header_and_tabs_as_a_reader_and_a_screen_reader_meet_them(page, site_url, lang):
    """The header's elements carry no wrappers (every page has them), and each still has its
    name and its place: the logo (its image's alt text names the home page), the site's name in
    bold, whole on a 360 px phone (the search box narrows), the language switch, and the tabs, which wrap
    onto further lines on a phone (none hidden off the screen) inside Material's 61rem grid on a
    wide screen."""
    other = "English" if lang == "bn" else "বাংলা"
    for width in (360, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(site_url + ("en/" if lang == "en" else "") + f"ideas/{LEAVE}/")
        header = page.locator("header nav")
        logo = header.get_by_role("link", name=t("site.name", lang), exact=True)
        assert logo.count() == (1 if width == 1280 else 0)  # Material shows the logo on wide screens only
        title = page.locator(".md-header__title")
        assert title.inner_text() == t("site.name", lang)
        assert title.evaluate("e => getComputedStyle(e).fontWeight") == "700"
        switch = header.get_by_role("link", name=other, exact=True)
        assert switch.evaluate("e => [e.children.length, getComputedStyle(e).fontSize]") == [0, "14px"]
        tabs = page.get_by_role("navigation", name=t("nav.label", lang))
        assert tabs.get_by_role("link").count() == 8
        first, main = tabs.get_by_role("link").first.bounding_box(), page.locator("main").bounding_box()
        assert first["x"] == main["x"] + 8  # in the grid, as the page's main column is (.4rem in)
        assert not tabs.evaluate("e => e.scrollWidth > e.clientWidth")  # nothing hidden sideways
        last = tabs.get_by_role("link").last.bounding_box()
        assert (last["y"] > first["y"]) == (width == 360) and last["x"] + last["width"] <= width  # wrapped on a phone
        assert title.evaluate("e => e.scrollWidth <= e.clientWidth")  # not cut with an ellipsis
    page.set_viewport_size({"width": 360, "height": 780})


def test_pages_fit_a_360px_phone(page, site_url):
    for path in ("", f"ideas/{LEAVE}/", "teams/lgd-innovation-team/", "browse/", "en/showcase/"):
        page.goto(site_url + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} is wider than the screen by {overflow}px"


def _search(page, query):
    box = page.locator("#bank-search-input")
    box.click()
    box.fill(query)
    page.locator(".bank-search__meta").first.wait_for()
    return page.locator(".bank-search__link")


@pytest.mark.parametrize("lang, query, slug", [
    ("bn", "ছুটি", LEAVE), ("bn", "অনুমোদন", LEAVE), ("bn", "হেল্প", HELP_DESK),
    ("en", "leave", LEAVE), ("en", "help desk", HELP_DESK),
])
def test_search_finds_the_expected_innovation_first(page, site_url, lang, query, slug):
    prefix = "" if lang == "bn" else "en/"
    page.goto(site_url + prefix)
    results = _search(page, query)
    results.first.wait_for()
    first = results.first.get_attribute("href")
    assert first.rstrip("/").endswith(f"{prefix}ideas/{slug}"), first
    item = BANK.ideas[slug].item
    text = results.first.inner_text()
    assert t(f"status.{item.status.value}", lang) in text
    assert BANK.offices[item.office].item.name.get(lang) in text
    assert results.first.locator("mark").count() >= 1
    for link in results.all():
        href = link.get_attribute("href")
        assert ("/en/" in href) == (lang == "en"), f"{lang} search returned {href}"


def test_no_match_says_so_in_the_page_language(page, site_url):
    for prefix, lang in (("", "bn"), ("en/", "en")):
        page.goto(site_url + prefix)
        _search(page, "zzqqxx")
        assert page.locator(".bank-search__meta").first.inner_text() == t("search.none", lang)


def test_search_without_javascript_leads_to_browse(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "en/")
    page.fill("#bank-search-input", "leave")
    page.press("#bank-search-input", "Enter")
    page.wait_for_load_state()
    assert urlparse(page.url).path == "/en/browse/"
    assert page.locator("h1").inner_text() == t("nav.browse", "en")
    context.close()
