"""What the citizen trial found, checked as a reader sees it: every page kind in both languages
at a small phone's 360 px and a desktop's 1280 px, in Debian's Chromium (no sideways scrolling, no chart
text larger than the page's title, no text under 12 px (badges, labels, code), the search box's label for screen
readers only), the browse filters before the results, facet years as years, and no Latin digits
in what a Bengali page shows."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from generator.i18n import localise_digits, t
from sitebuild import built_site, html

# One page of every kind the site has.
PAGE_KINDS = {
    "home": "", "innovation": "ideas/zila-parishad-online-leave/", "team": "teams/lgd-innovation-team/",
    "teams": "teams/", "office": "offices/lgd/", "offices": "offices/", "division": "places/dhaka-division/",
    "district": "places/munshiganj/", "places": "places/", "browse": "browse/", "facet": "browse/status/implemented/",
    "showcase": "showcase/", "showcase filter": "showcase/year/2016/", "api": "api/", "embed": "embed/offices/lgd/",
    "scorecard": "scorecard/", "adopted": "browse/adopted/", "codes": "codes/", "contribute": "contribute/",
}
WIDTHS = (360, 1280)
SHOWN = """() => {
  const doc = document.documentElement;
  const height = node => {  // the height of the text's boxes: the font size it is drawn at, scaled
    const range = document.createRange();
    range.selectNodeContents(node);
    return Math.max(0, ...Array.from(range.getClientRects(), r => r.height));
  };
  const h1 = document.querySelector("h1");
  const chartText = [];
  for (const chart of document.querySelectorAll(".bank-bars, svg")) {
    if (chart.closest("button, .md-logo, .md-header")) continue;  // icons
    const walk = document.createTreeWalker(chart, NodeFilter.SHOW_TEXT);
    while (walk.nextNode()) {
      const node = walk.currentNode;
      if (!node.textContent.trim()) continue;
      const box = node.parentElement instanceof SVGElement ? node.parentElement.getBoundingClientRect().height : height(node);
      chartText.push([node.textContent.trim(), box]);
    }
  }
  return {
    overflow: doc.scrollWidth - doc.clientWidth,
    title: h1 ? height(h1) : null,
    chartText,
    small: small(),
  };
  function small() {  // every text drawn (not a screen reader's only: clipped to a pixel) under 12 px
    const found = [];
    const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walk.nextNode()) {
      const node = walk.currentNode, size = parseFloat(getComputedStyle(node.parentElement).fontSize);
      if (!node.textContent.trim() || size >= 12) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      if (Array.from(range.getClientRects()).some(r => r.width > 1 && r.height > 1)) found.push([node.textContent.trim(), size]);
    }
    return found;
  }
}"""


def _prefix(lang):
    return "" if lang == "bn" else "en/"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", ["bn", "en"])
def test_every_page_kind_fits_and_keeps_its_charts_and_small_text_readable(browser, site_url, lang, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    problems = []
    charts = 0
    for kind, path in PAGE_KINDS.items():
        page.goto(site_url + _prefix(lang) + path)
        page.wait_for_function("document.fonts.status === 'loaded'")
        shown = page.evaluate(SHOWN)
        if shown["overflow"] > 0:
            problems.append(f"{kind}: wider than the screen by {shown['overflow']}px")
        for text, height in shown["chartText"]:
            charts += 1
            if shown["title"] is None or height > shown["title"]:
                problems.append(f"{kind}: chart text {text!r} is {height:.0f}px high, the title {shown['title']}px")
        problems += [f"{kind}: {text!r} is {size}px" for text, size in shown["small"]]
    context.close()
    assert charts, "the innovation page's savings chart was not found"
    assert problems == []


@pytest.mark.parametrize("lang", ["bn", "en"])
def test_every_tab_is_on_a_small_phone_s_screen(browser, site_url, lang):
    """At 360 px, the form's tab too: a reader is not left to guess that the row scrolls."""
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(site_url + _prefix(lang) + "contribute/")
    tabs = page.locator(".bank-tabs > a")
    assert tabs.count() == 8
    for i in range(tabs.count()):
        box = tabs.nth(i).bounding_box()
        assert 0 <= box["x"] and box["x"] + box["width"] <= 360 and box["y"] < 200, (tabs.nth(i).inner_text(), box)
    context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_search_label_is_for_screen_readers_only(browser, site_url, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    for lang in ("bn", "en"):
        page.goto(site_url + _prefix(lang))
        for label in page.locator("label[for=bank-search-input]").all():
            box = label.bounding_box()
            assert box is None or (box["width"] <= 1 and box["height"] <= 1), f"the label shows: {box}"
        assert page.get_by_role("searchbox", name=t("search.label", lang)).count() == 1
    context.close()


def _facet_links(page):
    return page.locator("details.bank-facets a")


@pytest.mark.parametrize("lang", ["bn", "en"])
def test_browse_filters_come_before_the_results_and_fold_on_phones(browser, site_url, lang):
    """Without JavaScript: the filters are plain links, folded above the results on a phone and
    open beside them on a desktop."""
    for path in ("browse/", "browse/status/implemented/"):
        phone = browser.new_context(viewport={"width": 390, "height": 800}, java_script_enabled=False)
        page = phone.new_page()
        page.goto(site_url + _prefix(lang) + path)
        summary = page.locator("details.bank-facets > summary")
        first = page.locator(".bank-cards > li").first
        # on a value's listing the menu, whose counts are every innovation's, says so
        assert summary.inner_text() == t("browse.filters" if path == "browse/" else "browse.filters_all", lang)
        assert summary.bounding_box()["y"] + summary.bounding_box()["height"] <= first.bounding_box()["y"]
        assert summary.bounding_box()["y"] < 800, "the filters are not on the first screen"
        assert first.bounding_box()["y"] < 800, "the folded filters push the results off the first screen"
        assert not _facet_links(page).first.is_visible()
        summary.click()
        assert _facet_links(page).first.is_visible()
        phone.close()

        desktop = browser.new_context(viewport={"width": 1280, "height": 800}, java_script_enabled=False)
        page = desktop.new_page()
        page.goto(site_url + _prefix(lang) + path)
        link, first = _facet_links(page).first, page.locator(".bank-cards > li").first
        assert link.is_visible(), "the filters are folded on a desktop"
        assert link.bounding_box()["x"] + link.bounding_box()["width"] <= first.bounding_box()["x"]
        assert link.bounding_box()["y"] < 800 and first.bounding_box()["y"] < 800
        desktop.close()


@pytest.mark.parametrize("lang", ["bn", "en"])
def test_facet_years_are_in_the_pages_digits_newest_first(lang):
    page = html(_prefix(lang) + "browse/")
    years = re.findall(r'href="year/(\d{4})/"[^>]*>([^<]+)</a>', page)
    assert len(years) >= 3, years
    assert [int(y) for y, _ in years] == sorted((int(y) for y, _ in years), reverse=True)
    assert [label for _, label in years] == [localise_digits(y, lang) for y, _ in years]
    assert f"<title>{localise_digits(years[0][0], lang)} - {t('site.name', lang)}</title>" in html(
        _prefix(lang) + f"browse/year/{years[0][0]}/")


# ---- no Latin digits on Bengali pages -----------------------------------------------------------

MACHINE = {"code", "pre", "kbd", "samp", "script", "style", "template"}  # not prose
SHOWN_ATTRIBUTES = ("alt", "title", "aria-label", "placeholder")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Visible(HTMLParser):
    """The text a reader sees or hears on a page (and its <title>), outside code and outside links
    that show their own address: (where, text) for each piece with a Latin digit."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open: list[tuple[str, dict]] = []
        self.found: list[tuple[str, str]] = []

    def _where(self):
        return "/".join(tag for tag, _ in self.open[-3:])

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in SHOWN_ATTRIBUTES:
            if re.search(r"[0-9]", attrs.get(name) or "") and not self._machine(tag, attrs):
                self.found.append((f"{self._where()}/{tag}[{name}]", attrs[name]))
        if tag not in VOID:
            self.open.append((tag, attrs))

    def handle_endtag(self, tag):
        while self.open and self.open.pop()[0] != tag:
            pass

    def _machine(self, tag=None, attrs=None):
        chain = self.open + ([(tag, attrs)] if tag else [])
        if any(name in MACHINE for name, _ in chain):
            return True
        in_head = any(name == "head" for name, _ in chain) and not any(name == "title" for name, _ in chain)
        return in_head

    def handle_data(self, data):
        if not re.search(r"[0-9]", data) or self._machine():
            return
        links = [attrs for name, attrs in self.open if name == "a"]
        if links and data.strip() in (links[-1].get("href"), links[-1].get("href", "").rstrip("/")):
            return  # an address shown as itself
        self.found.append((self._where(), data.strip()))


def test_bengali_pages_show_no_latin_digits():
    site = built_site()
    pages = [p for p in site.rglob("*.html") if p.relative_to(site).parts[0] not in ("en", "assets")]
    assert len(pages) > 100
    found = []
    for path in pages:
        parser = _Visible()
        parser.feed(path.read_text(encoding="utf-8"))
        found += [f"{path.relative_to(site)}: {where}: {text[:80]!r}" for where, text in parser.found]
    assert found == []
