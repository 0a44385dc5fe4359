"""Addresses a reader gets by shortening another (ideas/x/ → ideas/, browse/status/implemented/ →
browse/status/): on a static host a folder without an index.html is a 404, so every folder of the
built site that holds pages is a page itself: a facet's folder lists its values with their counts,
and the others send the reader on to the page that lists what they hold."""

from __future__ import annotations

import re
from html import unescape

import pytest

from generator.i18n import t
from generator.pages.browse import INDEXED
from generator.publish.redirects import FOLDERS
from sitebuild import built_site, html

SITE_URL = "https://innobank.github.io/innobank/"
DIGITS = {"bn": "০-৯", "en": "0-9"}
pytestmark = pytest.mark.shared_context


def test_every_folder_that_holds_pages_is_a_page():
    site = built_site()
    pages = {index.parent for index in site.rglob("index.html")}
    missing = sorted({folder.relative_to(site).as_posix() for page in pages for folder in page.parents
                      if folder.is_relative_to(site) and folder not in pages})
    assert missing == [], "folders whose pages a reader reaches but that are no page: a 404 on a static host"


def _int(digits: str) -> int:
    return int(digits.translate(str.maketrans("০১২৩৪৫৬৭৮৯", "0123456789")))


def _shown(lang: str, listing: str) -> int:
    """How many innovations a listing's first page says it holds (browse.count; the showcase's
    intro counts its awarded ones and its running services)."""
    lead = re.search(r'<p class="bank-lead">(.*?)</p>', html(listing)).group(1)
    return sum(map(_int, re.findall(f"[{DIGITS[lang]}]+", lead)))


FACET_FOLDERS = [("browse", facet, "nav.browse", f"facet.{facet}") for facet in INDEXED] + \
    [("showcase", facet, "nav.showcase", f"showcase.filter_{facet}") for facet in ("year", "level")]


@pytest.mark.parametrize("lang", ["bn", "en"])
@pytest.mark.parametrize("base, facet, section, name", FACET_FOLDERS, ids=[f"{b}/{f}" for b, f, _, _ in FACET_FOLDERS])
def test_a_facets_folder_lists_its_values_with_their_counts(page, site_url, lang, base, facet, section, name):
    prefix = "en/" if lang == "en" else ""
    folder = f"{prefix}{base}/{facet}/"
    values = sorted(p.name for p in (built_site() / folder).iterdir() if p.is_dir())
    assert values, f"the sample has {folder}'s values"
    response = page.goto(site_url + folder)
    assert response.status == 200
    assert page.locator("html").get_attribute("lang") == lang
    assert page.locator("h1").inner_text() == f"{t(section, lang)}: {t(name, lang)}"
    links = page.locator("main ul.bank-index > li > a")
    assert links.count() == len(values)
    seen = {}
    for n in range(links.count()):
        link = links.nth(n)
        value = link.get_attribute("href").strip("/")
        count = link.locator("xpath=following-sibling::span").inner_text()
        assert re.fullmatch(f"[{DIGITS[lang]}]+", count), f"{count}: the page's digits"
        seen[value] = link.inner_text(), _int(count)
    assert sorted(seen) == values
    for value, (label, count) in seen.items():  # the value's name and count as its listing shows them
        heading = unescape(re.search(r"<h1>(.*?)</h1>", html(f"{folder}{value}/")).group(1))
        assert heading.endswith(": " + label) and label, (value, heading)
        assert _shown(lang, f"{folder}{value}/") == count, value
    first = links.first
    label, href = first.inner_text(), first.get_attribute("href")
    first.click()
    page.wait_for_url(f"{site_url}{folder}{href}")
    assert label in page.locator("h1").inner_text()
    page.go_back()
    page.get_by_role("link", name=t(section, lang), exact=True).last.click()
    page.wait_for_url(site_url + prefix + base + "/")


FORWARDS = sorted(FOLDERS.items())


@pytest.mark.parametrize("lang", ["bn", "en"])
@pytest.mark.parametrize("folder, target", FORWARDS, ids=[folder for folder, _ in FORWARDS])
def test_a_folder_without_values_of_its_own_sends_the_reader_on(page, site_url, lang, folder, target):
    prefix = "en/" if lang == "en" else ""
    key, title = target
    page.goto(site_url + prefix + folder + "/")
    page.wait_for_url(site_url + prefix + key + "/")
    assert page.locator("h1").first.inner_text() == t(title, lang)
    forward = html(prefix + folder + "/")
    assert '<meta name="robots" content="noindex">' in forward
    assert f'<link rel="canonical" href="{SITE_URL}{prefix}{key}/">' in forward
    assert f">{t(title, lang)}</a>" in forward, "a link for a browser that does not follow the refresh"
