"""Everything the site publishes besides pages, parsed back: the 7-column form as CSV/XLSX, Atom
feeds, the sitemap with twins (split into files under a sitemap index when it is long), robots.txt,
social cards, alias redirects and the office embed inside another site's iframe. The JSON API has
its own tests (test_api.py)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import xml.etree.ElementTree as ET
import zipfile
from html import unescape
from urllib.parse import urlparse

import feedparser
import pytest
from openpyxl import load_workbook

from generator import form
from generator.config import InnobankConfig
from generator.i18n import t
from generator.pages import expand
from generator.pages.relations import relate
from generator.plugin import BUILDERS
from generator.publish import robots, sitemap
from sitebuild import ROOT, built_site, html, serve
from test_site import BANK

SITE_URL = "https://innobank.github.io/innobank/"
ATOM = "{http://www.w3.org/2005/Atom}"


def _ideas(oid=None):
    return [r.item for r in BANK.ideas.values() if oid is None or r.item.office == oid]


@pytest.mark.parametrize("lang", ["bn", "en"])
def test_form_downloads_round_trip_to_the_content_rows(lang):
    for oid in [None] + list(BANK.offices):
        stem = "data/form" if oid is None else f"data/offices/{oid}"
        expected = [form.headers(lang)] + [[str(v) for v in row] for row in form.rows(_ideas(oid), lang)]
        raw = (built_site() / f"{stem}.{lang}.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), "CSV starts with a BOM so Excel reads Bengali"
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
        assert [[form.from_text(cell) for cell in row] for row in rows] == expected  # as the importer reads it
        sheet = load_workbook(built_site() / f"{stem}.{lang}.xlsx", read_only=True).active
        cells = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        assert cells == expected
        with zipfile.ZipFile(built_site() / f"{stem}.{lang}.xlsx") as book:
            xml = book.read("xl/worksheets/sheet1.xml").decode()
        assert "<f>" not in xml and "<f " not in xml, "no formula cell (tests/test_formulas.py tries hostile text)"
        assert set(re.findall(r'<c [^>]*\bt="(\w+)"', xml)) == {"s"} and xml.count("<c ") == xml.count(' t="'), \
            "every cell is a text cell"
    headers = form.headers("bn")
    assert len(headers) == 7 and headers[0] == "বাস্তবায়িত ধারণার নাম"


def test_no_field_of_the_form_is_lost():
    for rec in BANK.ideas.values():
        idea = rec.item
        row = form.rows([idea], "bn")[0]
        assert row[0] == idea.title.bn and row[1] == idea.summary.bn
        assert (idea.service.link or "") == row[5]
        if idea.service.not_running_reason:
            assert row[3] == idea.service.not_running_reason.bn
        if idea.service.remarks:
            assert row[6] == idea.service.remarks.bn


@pytest.mark.parametrize("path", ["feed.xml", "en/feed.xml", "offices/lgd/feed.xml", "en/offices/lgd/feed.xml"])
def test_feeds_parse_as_atom(path):
    root = ET.parse(built_site() / path).getroot()
    assert root.tag == f"{ATOM}feed"
    lang = "en" if path.startswith("en/") else "bn"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == lang
    for required in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{required}") is not None
    entries = root.findall(f"{ATOM}entry")
    office = path.split("/")[-2] if "offices" in path else None
    expected = [r for r in BANK.ideas.values() if office is None or r.item.office == office]
    assert len(entries) == min(len(expected), 50) and entries
    titles = {e.find(f"{ATOM}title").text for e in entries}
    assert titles <= {r.item.title.get(lang) for r in expected}
    for entry in entries:
        assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", entry.find(f"{ATOM}updated").text)
        assert entry.find(f"{ATOM}link").get("href").startswith(SITE_URL + ("en/" if lang == "en" else "") + "ideas/")


def test_every_feed_reads_in_feedparser_and_is_dated_by_its_newest_update():
    rel = relate(BANK, ROOT)
    newest = max(rel.updated.values())  # of any content file: what an empty feed carries
    feeds = sorted(built_site().rglob("feed.xml"))
    assert len(feeds) == 2 * (1 + len(BANK.offices))
    empty = 0
    for path in feeds:
        feed = feedparser.parse(path.read_bytes())
        shown = path.relative_to(built_site())
        assert not feed.bozo, f"{shown}: {feed.get('bozo_exception')}"
        assert feed.version == "atom10" and feed.feed.title and feed.feed.id, shown
        updated = dt.date(*feed.feed.updated_parsed[:3])
        entries = [dt.date(*e.updated_parsed[:3]) for e in feed.entries]
        assert updated == (max(entries) if entries else newest), shown
        empty += not entries
    assert empty, "the sample has offices without innovations: their feeds are empty"
    assert newest > dt.date(2000, 1, 1)


SITEMAP = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def _pages_of_the_site() -> list[str]:
    """The address of every page of the built site that a sitemap lists (not the embeds, the
    open data, or the pages that only send the reader on: a renamed innovation's old address, a
    folder's)."""
    site = built_site()
    pages = []
    for index in site.rglob("index.html"):
        page_path = index.relative_to(site).parent.as_posix()
        if re.match(r"(en/)?(embed|assets|data|api/v1)(/|$)", page_path) or \
                '<meta name="robots" content="noindex">' in index.read_text(encoding="utf-8"):
            continue
        pages.append(SITE_URL + ("" if page_path == "." else page_path + "/"))
    return pages


def _listed(urlset) -> dict[str, dict[str, str]]:
    """loc → {hreflang: href} of a sitemap file."""
    return {url.find("s:loc", SITEMAP).text: {link.get("hreflang"): link.get("href") for link in url.findall("x:link", SITEMAP)}
            for url in urlset.findall("s:url", SITEMAP)}


def test_sitemap_lists_every_page_with_the_language_versions_its_head_names():
    """Issue 5 asks for a sitemap with hreflang alternates: each page's bn, en and x-default, the
    same as its head names (where crawlers also read them)."""
    listed = _listed(ET.parse(built_site() / "sitemap.xml").getroot())
    assert sorted(listed) == sorted(_pages_of_the_site())
    for loc, alternates in listed.items():
        bn = loc.replace(SITE_URL + "en/", SITE_URL)
        assert alternates == {"bn": bn, "en": bn.replace(SITE_URL, SITE_URL + "en/"), "x-default": bn}, loc
        head = (built_site() / loc.removeprefix(SITE_URL) / "index.html").read_text(encoding="utf-8").split("</head>")[0]
        assert dict(re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)">', head)) == alternates, loc


@pytest.mark.parametrize("bounds", [{"limit": 7}, {"max_bytes": 3_000}], ids=["addresses", "bytes"])
def test_a_sitemap_too_long_for_one_file_becomes_an_index_of_files_that_together_list_every_page(bounds):
    settings = InnobankConfig()
    settings.load_dict({})
    assert not settings.validate()[0]
    rel = relate(BANK, ROOT)
    pages = [lang_page for build in BUILDERS for lang_page in expand(build(rel, settings))]
    assert sitemap.publish(rel, SITE_URL, pages=pages) == {"sitemap.xml": (built_site() / "sitemap.xml").read_text(encoding="utf-8")}
    out = sitemap.publish(rel, SITE_URL, pages=pages, **bounds)
    index = ET.fromstring(out.pop("sitemap.xml").encode())
    assert index.tag == "{%s}sitemapindex" % SITEMAP["s"]
    files = [(entry.find("s:loc", SITEMAP).text, entry.find("s:lastmod", SITEMAP)) for entry in index]
    assert len(files) > 1 and [loc for loc, _ in files] == [f"{SITE_URL}sitemap-{n}.xml" for n in range(1, len(files) + 1)]
    assert sorted(out) == sorted(loc.removeprefix(SITE_URL) for loc, _ in files), "at the site's root, nothing else"
    listed = []
    for loc, lastmod in files:
        text = out[loc.removeprefix(SITE_URL)]
        assert len(text.encode()) <= bounds.get("max_bytes", sitemap.MAX_BYTES)
        urlset = ET.fromstring(text.encode())
        twins = _listed(urlset)
        assert 0 < len(urlset) <= bounds.get("limit", sitemap.LIMIT) and len(twins) == len(urlset)
        assert all(set(links.values()) <= set(twins) for links in twins.values()), "a page and its twin share a file"
        dates = [d.text for d in urlset.iter("{%s}lastmod" % SITEMAP["s"])]
        assert (lastmod.text if lastmod is not None else None) == max(dates, default=None)
        listed += twins
    assert sorted(listed) == sorted(_pages_of_the_site()), "every page, each once"
    with pytest.raises(ValueError):
        sitemap.publish(rel, SITE_URL, pages=pages, limit=1)


def test_robots_txt_is_at_the_site_root_and_names_the_sitemap_by_its_full_address(page, site_url):
    """A reader or a checker of the built site finds robots.txt at its root, wherever it is
    served; the README says that crawlers read it only at a host's root, and what to do otherwise."""
    response = page.goto(site_url + "robots.txt")
    assert response.status == 200 and response.headers["content-type"].startswith("text/plain")
    text = response.text()
    assert text.splitlines() == ["User-agent: *", "Allow: /", "", f"Sitemap: {SITE_URL}sitemap.xml"]
    assert page.goto(site_url + "sitemap.xml").status == 200  # where the line's address leads on the host
    assert robots.publish(None, "https://innobank.example.gov.bd/") == {
        "robots.txt": "User-agent: *\nAllow: /\n\nSitemap: https://innobank.example.gov.bd/sitemap.xml\n"}
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"```\n{robots.rules(SITE_URL)}```" in readme, "the README shows the file"
    assert "only at the root of a host" in readme


def test_embed_pages_are_noindex_whatever_robots_txt_says():
    embeds = sorted(built_site().glob("**/embed/offices/*/index.html"))
    assert len(embeds) == 2 * len(BANK.offices)
    for page in embeds:
        assert '<meta name="robots" content="noindex">' in page.read_text(encoding="utf-8"), page


def test_social_cards():
    for lang, prefix in (("bn", ""), ("en", "en/")):
        slug = next(iter(BANK.ideas))
        page = html(f"{prefix}ideas/{slug}/")
        title = BANK.ideas[slug].item.title.get(lang)
        assert f'<meta property="og:title" content="{title}">' in page
        assert "og:url" not in page  # the canonical link below names the page once
        assert re.search(rf'<meta property="og:image" content="{SITE_URL}assets/share/[0-9a-f]{{24}}\.png">', page)
        assert '<meta name="twitter:card" content="summary_large_image">' in page
        assert f'<link rel="canonical" href="{SITE_URL}{prefix}ideas/{slug}/">' in page
    assert (built_site() / "assets/images/social.png").stat().st_size > 10_000


@pytest.mark.parametrize("lang", ["bn", "en"])
def test_a_pages_description_is_one_element_for_search_engines_and_open_graph_in_its_language(lang):
    """Google reads <meta name=description>, Open Graph's readers og:description: one element
    carries both, so the text is on the page once. A page with no description of its own (a
    listing) has the site's, in the page's language."""
    prefix = "en/" if lang == "en" else ""
    slug = next(iter(BANK.ideas))
    for path in (f"{prefix}ideas/{slug}/", f"{prefix}browse/", f"{prefix}teams/"):
        head = html(path).split("</head>")[0]
        described = re.findall(r"<meta [^>]*description[^>]*>", head)
        assert len(described) == 1 and described[0].startswith(
            '<meta name="description" property="og:description" content="'), (path, described)
        content = unescape(re.search(r'content="([^"]+)"', described[0]).group(1))
        if path.endswith("browse/"):
            assert content == t("site.description", lang), path


def test_an_alias_redirects_to_the_renamed_innovation(page, site_url):
    aliased = [(alias, slug) for slug, r in BANK.ideas.items() for alias in r.item.aliases]
    assert aliased, "the sample content keeps at least one renamed innovation"
    alias, slug = aliased[0]
    for prefix in ("", "en/"):
        page.goto(site_url + f"{prefix}ideas/{alias}/")
        page.wait_for_url(site_url + f"{prefix}ideas/{slug}/")
        assert page.locator("h1").inner_text() == BANK.ideas[slug].item.title.get("en" if prefix else "bn")
        # The redirect names the site's icon: without one a browser asks for /favicon.ico, a 404
        # (Playwright does not report favicon requests, so the link is followed here).
        folder = built_site() / f"{prefix}ideas/{alias}"
        icon = re.search(r'<link rel="icon" href="([^"]+)">', (folder / "index.html").read_text(encoding="utf-8"))
        assert icon and (folder / icon[1]).resolve().is_file(), icon


def test_office_embed_is_light_and_works_inside_another_sites_iframe(page, site_url):
    office = next(oid for oid in BANK.offices if any(r.item.office == oid and r.item.awards for r in BANK.ideas.values()))
    for prefix in ("", "en/"):
        embed = built_site() / f"{prefix}embed/offices/{office}/index.html"
        assert embed.stat().st_size < 20_000
        assert "<script" not in embed.read_text(encoding="utf-8")
    ministry = ROOT / "tests" / "artifacts" / "ministry"
    ministry.mkdir(parents=True, exist_ok=True)
    (ministry / "index.html").write_text(
        f'<!doctype html><html lang="bn"><body><h1>Ministry website</h1>'
        f'<iframe id="bank" src="{site_url}embed/offices/{office}/" style="width:100%;height:500px;border:0"></iframe>'
        f"</body></html>", encoding="utf-8")
    server, ministry_url = serve(ministry)
    page.hosts.add(urlparse(ministry_url).netloc)
    try:
        page.goto(ministry_url)
        frame = page.frame_locator("#bank")
        first = frame.locator("a.t").first
        first.wait_for()
        title = first.inner_text()
        assert title in {r.item.title.bn for r in BANK.ideas.values() if r.item.office == office}
        assert frame.locator("base").get_attribute("target") == "_top"
        first.click()
        page.wait_for_url(re.compile(r".*/ideas/.*"))
        assert page.locator("h1").inner_text() == title, "the link opened in the parent tab"
    finally:
        server.shutdown()


def test_each_office_embed_fits_its_snippet_on_a_phone(page, site_url):
    """The snippet on an office's page asks for the height the embed's list takes on a 360 px phone:
    no scroll inside the ministry's page, the footer's link to all innovations in sight; and a title
    of one long word (an address) wraps instead of widening the frame."""
    for prefix in ("", "en/"):
        for office in BANK.offices:
            page.set_viewport_size({"width": 360, "height": 780})
            page.goto(site_url + f"{prefix}offices/{office}/")
            height = int(re.search(r"height:(\d+)px", page.locator(".bank-open-data pre code").inner_text())[1])
            page.set_viewport_size({"width": 360, "height": 100})
            page.goto(site_url + f"{prefix}embed/offices/{office}/")
            assert page.evaluate("document.documentElement.scrollHeight") <= height, (prefix, office)
    page.evaluate("document.querySelector('h1 a').textContent = 'www.zillaparishad.lgd.gov.bd/site/page/' + 'x'.repeat(200)")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.set_viewport_size({"width": 360, "height": 780})
