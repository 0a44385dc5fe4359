"""A browse listing's later pages: the filter menu is on its first page only (the same 7 KB on
every page was 22 MB of pages at 10,000 innovations); each later page links to it there. The sample
bank has one page per listing, so these tests build five of its innovations (four implemented) with
two a page."""

from __future__ import annotations

import re
import shutil
from urllib.parse import urljoin

import pytest
import yaml

from generator.i18n import t
from sitebuild import copy_offices, serve
from test_build import ROOT, mkdocs_build

PAGE_SIZE = 2
IDEAS = ("lgd-database-networking", "lgd-facebook-group", "lgd-help-desk", "lgd-pmis", "zila-parishad-online-leave")


@pytest.fixture(scope="module")
def paged_site(tmp_path_factory):
    project = tmp_path_factory.mktemp("paged")
    content = project / "content"
    copy_offices(content / "offices")
    shutil.copytree(ROOT / "content" / "teams", content / "teams")  # (no picture: none of IDEAS shows one)
    (content / "ideas").mkdir()
    for slug in IDEAS:
        for path in (ROOT / "content" / "ideas").glob(slug + ".*"):
            shutil.copy(path, content / "ideas")
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config["theme"]["custom_dir"] = str(ROOT / "theme")
    config["plugins"] = [{"innobank": {**plugin["innobank"], "page_size": PAGE_SIZE}} if "innobank" in plugin else plugin
                         for plugin in config["plugins"]]
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    code, output = mkdocs_build(project)
    assert code == 0, output
    return project / "site"


def _page(site, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", ["bn", "en"])
def test_later_pages_link_to_the_first_pages_filters_instead_of_repeating_them(paged_site, lang):
    prefix = "en/" if lang == "en" else ""
    first = _page(paged_site, prefix + "browse")
    assert re.search(r'<details class="bank-facets">\s*<summary>[^<]*</summary>\s*<div id="filters">', first)
    assert 'href="status/implemented/"' in first
    later = [p.parent.relative_to(paged_site).as_posix() for p in paged_site.glob(prefix + "browse/**/index.html")
             if re.search(r"(?<!/year)/\d+$", p.parent.as_posix()) and "/adopted/" not in p.as_posix()]  # a year is a value
    assert f"{prefix}browse/2" in later and any("/status/" in p for p in later), later
    for path in later:
        page = _page(paged_site, path)
        assert "<details" not in page and 'class="bank-facet"' not in page, path
        base = path.rsplit("/", 1)[0]
        if "/office/" in path:  # an office's listing has no menu of its own (below)
            base = prefix + "browse"
        link = re.search(r'<p class="bank-facets"><a href="([^"]+)">([^<]+)</a></p>', page)
        # a value's listing names the menu for what it narrows: every innovation
        every = re.fullmatch(r"browse/\d+", path[len(prefix):])  # a later page of every innovation's listing
        assert link and link[2] == t("browse.filters" if every else "browse.filters_all", lang), path
        assert urljoin(f"/{path}/", link[1]) == f"/{base}/#filters", (path, link[1])  # its listing's first page
        assert 'id="filters"' in _page(paged_site, base)


@pytest.mark.parametrize("lang", ["bn", "en"])
def test_an_offices_listing_links_to_the_filters_of_every_innovations_listing(paged_site, lang):
    """One listing an office, a thousand at 10,000 innovations: the same menu on each was 12 MB."""
    prefix = "en/" if lang == "en" else ""
    offices = sorted(p.parent.relative_to(paged_site).as_posix() for p in paged_site.glob(prefix + "browse/office/*/index.html"))
    assert offices
    for path in offices:
        page = _page(paged_site, path)
        assert "<details" not in page and 'id="filters"' not in page, path
        link = re.search(r'<p class="bank-facets"><a href="([^"]+)">([^<]+)</a></p>', page)
        assert link and link[2] == t("browse.filters_all", lang), path
        assert urljoin(f"/{path}/", link[1]) == f"/{prefix}browse/#filters", (path, link[1])
    assert 'id="filters"' in _page(paged_site, prefix + "browse/status/implemented")  # other facets keep theirs


def test_a_later_pages_filter_link_opens_the_filters_on_a_phone_and_a_desktop(browser, paged_site):
    """The link lands on the first page's menu open, on a phone too (where it is folded above the
    results), without JavaScript; the officer can still fold it again."""
    server, url = serve(paged_site)
    try:
        for width, height in ((360, 640), (1280, 800)):
            context = browser.new_context(viewport={"width": width, "height": height}, java_script_enabled=False)
            page = context.new_page()
            page.goto(url + "browse/status/implemented/2/")
            first = page.locator(".bank-cards > li").first
            link = page.get_by_role("link", name=t("browse.filters_all", "bn"), exact=True)
            assert link.is_visible() and first.bounding_box()["y"] < height
            link.click()
            page.wait_for_url(url + "browse/status/implemented/#filters")
            summary = page.locator("details.bank-facets > summary")
            current = page.locator('details.bank-facets a[aria-current="page"]')
            assert current.is_visible() and current.inner_text() == t("status.implemented", "bn")
            header = page.locator(".md-header").bounding_box()  # sticky: what it covers is out of sight
            assert header["y"] + header["height"] <= summary.bounding_box()["y"] < height  # the menu's name in sight
            if width < 1000:  # folded on a phone: its summary folds it again
                summary.click()
                assert not current.is_visible()
            context.close()
    finally:
        server.shutdown()
