"""The sample site checked by tools the rest of the web uses (issue 16): the Nu Html Checker over
every page, and Lighthouse on one page of each kind in both languages. Then what made the pages
light enough for a cheap phone (generator/assets.py): Material's stylesheets cut to the rules the
pages use, and the Bengali font cut to the Bengali block, which must still draw every conjunct."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import unicodedata
from urllib.parse import urlparse

import pytest

import lighthouse
from generator import assets
from sitebuild import ROOT, built_site, text_of

VNU = ROOT / ".venv" / "vnu" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# The checker's one run is short, so Java's quick compiler alone (C1, no C2 optimising the hot code
# later): 21 s of CPU → 8 s over the sample site's pages, the same messages. C1's larger stack
# frames need a larger stack than the default 1 MB for the checker's schema (it says so and stops).
JAVA_FLAGS = ["-XX:TieredStopAtLevel=1", "-Xss4m"]

# Warnings of the checker that are not faults of the pages, each with the reason.
NOT_FAULTS = [
    # The English page of an innovation with no English text yet shows the Bengali, under a notice
    # that says so (partials/bank/fallback.html); the checker guesses a page's language from its text.
    "appears to be written in Bangla but the “html” start tag has “lang=\"en\"”",
]


# ---- the Nu Html Checker -------------------------------------------------------------------------

def _where(message: dict, site) -> str:
    url = message.get("url", "")
    path = url.removeprefix("file:")
    return path.removeprefix(str(site.resolve()) + "/") + f":{message.get('lastLine', '?')}"


def test_every_page_is_valid_html():
    """Every HTML page the site publishes, in one run of the checker. Errors fail the test, and so
    do warnings other than NOT_FAULTS (text that is not NFC is one)."""
    java = shutil.which("java")
    if not java or not VNU.exists():
        pytest.fail("Java or the Nu Html Checker is missing: run `make test`, which installs them")
    site = built_site()
    pages = sorted(str(p) for p in site.rglob("*.html"))
    assert len(pages) > 250, "the sample site has every kind of page in both languages"
    result = subprocess.run([java, *JAVA_FLAGS, "-jar", str(VNU), "--format", "json", *pages],
                            capture_output=True, text=True, timeout=900)
    messages = json.loads(result.stderr)["messages"]  # the checker reports on stderr
    faults = [m for m in messages if m["type"] != "info" or (
        m.get("subType") == "warning" and not any(text in m["message"] for text in NOT_FAULTS))]
    assert faults == [], f"{len(faults)} problems:\n" + "\n".join(
        f"{_where(m, site)}: {m.get('subType', m['type'])}: {m['message']}" for m in faults[:60])


# ---- Lighthouse ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def lighthouse_results(site_url):
    """Every page of lighthouse.PAGES: from the runs conftest.py started with the session (one
    Chrome, beside the other tests), or else from two Lighthouses now, one per CPU; then the pages
    still under the performance budget again, two Lighthouses at once, up to lighthouse.RUNS runs."""
    if reason := lighthouse.missing():
        pytest.fail(reason)
    paths = [path for _, _, path in lighthouse.PAGES]
    best, runs = lighthouse.results(site_url, paths, processes=2)  # one per CPU
    for _ in range(lighthouse.RUNS - runs):
        if not (again := lighthouse.slow(best)):
            break
        lighthouse.keep_best(best, again, lighthouse.run(site_url, again, processes=2))
    return best


@pytest.mark.parametrize("kind, lang, path", lighthouse.PAGES, ids=[f"{k}-{lang}" for k, lang, _ in lighthouse.PAGES])
def test_lighthouse_budgets(lighthouse_results, kind, lang, path):
    """Accessibility, best practices and SEO 100, performance at least 95 on Lighthouse's mobile
    profile (a slow 4G connection and a mid-tier phone's CPU), and nothing fetched from elsewhere."""
    result = lighthouse_results[path]
    assert result["errors"] == []
    below = {c: s if s is None else round(s * 100) for c, s in result["scores"].items() if s is None or s < lighthouse.BUDGETS[c]}
    audits = [f"{a['category']}: {a['title']} {a['value']} (score {a['score']})" for a in result["failing"]]
    assert below == {}, f"/{path}: {below}; CPU benchmark {result['benchmarkIndex']:.0f}, " \
                        f"slowdown {result['cpuSlowdown']:.1f}×\n" + "\n".join(audits)
    host = urlparse(result["url"]).netloc  # the server of the run it came from
    assert [r["url"] for r in result["requests"] if urlparse(r["url"]).scheme != "data"
            and urlparse(r["url"]).netloc != host] == []


# ---- Material's stylesheets, cut -----------------------------------------------------------------

def test_the_cut_material_stylesheet_has_every_rule_the_pages_use():
    """theme/assets/stylesheets/material.css holds the rules of Material's stylesheets that the
    pages can use. A template that starts using another Material class needs it made again."""
    wanted = assets.entries(assets.pruned_material(assets.vocabulary(built_site())))
    have = assets.entries(assets.MATERIAL_CSS.read_text(encoding="utf-8"))
    missing = sorted(wanted - have)
    assert missing == [], (f"{len(missing)} rules of Material's stylesheets that the pages use are not in "
                           f"material.css; run `.venv/bin/python -m generator.assets css`:\n"
                           + "\n".join(" ".join(filter(None, (*c, s, d))) for c, s, d in missing[:20]))


# ---- the Bengali font, cut -----------------------------------------------------------------------

def _bengali_text() -> set[str]:
    """Every character of Bengali script in the text of the site's pages (with the dandas and
    the joiners Bengali uses)."""
    found = set()
    for path in built_site().rglob("*.html"):
        found.update(text_of(path.read_text(encoding="utf-8")))
    return {c for c in found if unicodedata.name(c, "").startswith(("BENGALI", "DEVANAGARI DANDA", "DEVANAGARI DOUBLE DANDA",
                                                                     "ZERO WIDTH NON-JOINER", "ZERO WIDTH JOINER"))}


def _ranges(css: str) -> list[tuple[int, int]]:
    ranges = []
    for value in re.findall(r"unicode-range:\s*([^;]+);", css):
        for part in value.split(","):
            first, _, last = part.strip().removeprefix("U+").partition("-")
            ranges.append((int(first, 16), int(last or first, 16)))
    return ranges


def test_every_bengali_character_of_the_pages_is_in_the_font():
    """Each character of Bengali script the pages print is drawn by the bundled font: it is in
    the range bank.css gives the font and in the font itself (else a phone draws it with another
    font, or as an empty box)."""
    from fontTools.ttLib import TTFont

    text = _bengali_text()
    assert "ক" in text and "\u09CD" in text  # the pages have Bengali, and conjuncts
    css = (ROOT / "theme" / "assets" / "stylesheets" / "bank.css").read_text(encoding="utf-8")
    ranges = _ranges(css)
    outside = sorted(f"U+{ord(c):04X}" for c in text if not any(a <= ord(c) <= b for a, b in ranges))
    assert outside == [], "Bengali characters outside the font's unicode-range in bank.css"
    for weight in assets.FONT_WEIGHTS:
        cmap = TTFont(assets.FONTS / f"NotoSansBengali-{weight}.woff2").getBestCmap()
        assert sorted(f"U+{ord(c):04X}" for c in text if ord(c) not in cmap) == [], weight


CONSONANTS = [chr(c) for c in range(0x0995, 0x09BA) if unicodedata.category(chr(c)) == "Lo"]
VOWEL_SIGNS = [chr(c) for c in range(0x09BE, 0x09CD) if unicodedata.category(chr(c)) in ("Mn", "Mc")]
HASANTA = "\u09CD"

SHAPE = """async (samples) => {
  for (const [weight, name] of [["400", "NotoSansBengali-Regular"], ["700", "NotoSansBengali-Bold"]]) {
    const face = new FontFace("Full Noto Sans Bengali", `local("${name}")`, {weight});
    document.fonts.add(await face.load());
  }
  const context = document.createElement("canvas").getContext("2d");
  const differ = [];
  for (const weight of ["400", "700"]) {
    await document.fonts.load(`${weight} 40px "Noto Sans Bengali"`, "ক");
    for (const text of samples) {
      context.font = `${weight} 40px "Noto Sans Bengali"`;
      const ours = context.measureText(text).width;
      context.font = `${weight} 40px "Full Noto Sans Bengali"`;
      const full = context.measureText(text).width;
      if (Math.abs(ours - full) > 0.01) differ.push(`${weight} ${text}: ${ours.toFixed(2)} ≠ ${full.toFixed(2)}`);
    }
  }
  return differ;
}"""


def test_the_bundled_font_shapes_bengali_as_the_whole_font_does(page, site_url):
    """Every Bengali word of the site, every consonant pair joined by hasanta (the two-letter
    conjuncts) and every consonant with every vowel sign, set in the bundled font and in the whole
    Noto Sans Bengali of Debian's fonts-noto-core, in Chromium, are the same width: a conjunct or a
    vowel form the subset lost would be drawn another way (a visible hasanta, a detached sign)."""
    words = {w for p in built_site().rglob("*.html")
             for w in re.findall(r"[\u0980-\u09FF\u200C\u200D]+", text_of(p.read_text(encoding="utf-8")))}
    samples = sorted(words | {a + HASANTA + b for a in CONSONANTS for b in CONSONANTS}
                     | {c + s for c in CONSONANTS for s in VOWEL_SIGNS})
    page.goto(site_url + "ideas/zila-parishad-online-leave/")
    try:
        differ = page.evaluate(SHAPE, samples)
    except Exception as error:  # noqa: BLE001 (Playwright's error names what failed to load)
        pytest.fail(f"Debian's Noto Sans Bengali could not be loaded (fonts-noto-core, installed by `make test`): {error}")
    assert differ == [], f"{len(differ)} of {2 * len(samples)} differ:\n" + "\n".join(differ[:30])
