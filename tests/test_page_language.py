"""Each page speaks its own language all through, as a reader (and a screen reader) meets it in
Debian's Chromium: digits typed into search are searched in the page's digits, number-like text an
officer typed is shown in them, English counts say "1 day" and "2 days", a change in time, cost or
visits says which way it went, and Bengali text on an English page is marked lang="bn". (The form's
messages in Bengali digits: tests/test_contribute.py.)"""

from __future__ import annotations

import re
import shutil

import pytest
import yaml

from generator.i18n import t
from search_quality import home, results
from sitebuild import ROOT, built_site, copy_offices, html, serve, text_of
from test_build import mkdocs_build

IDEA = "zila-parishad-online-leave"
PLAN_NAME = "বাৎসরিক উদ্ভাবনী কর্মপরিকল্পনা"
BN_DIGIT, LATIN_DIGIT = re.compile("[০-৯]"), re.compile("[0-9]")


def _prefix(lang):
    return "" if lang == "bn" else "en/"


# ---- search ---------------------------------------------------------------------------------

@pytest.mark.parametrize("lang, typed, own", [("bn", "2016", "২০১৬"), ("en", "২০১৬", "2016")])
def test_a_year_typed_in_either_digits_finds_what_the_page_s_digits_find(page, site_url, lang, typed, own):
    page.goto(site_url + home(lang))
    found = results(page, lang, own)
    assert found, f"{own} finds nothing on the {lang} pages"
    assert results(page, lang, typed) == found
    assert page.locator("#bank-search-input").input_value() == typed  # the box keeps what was typed
    mixed = results(page, lang, t("impact.visits", lang).lower() + " " + typed)  # only the digits are changed
    assert mixed == results(page, lang, t("impact.visits", lang).lower() + " " + own)


# ---- number-like text an officer typed --------------------------------------------------------

def test_a_team_s_activity_numbers_and_memo_are_in_the_page_s_digits():
    """The team's file writes its action plan's numbers and its memo in Bengali digits."""
    for lang, own, other in (("bn", BN_DIGIT, LATIN_DIGIT), ("en", LATIN_DIGIT, BN_DIGIT)):
        page = html(_prefix(lang) + "teams/lgd-innovation-team/")
        numbers = re.findall(r"<tr><td>([^<]*)</td>", page)
        assert numbers and all(own.fullmatch(n) for n in numbers[:3]), numbers
        memo = re.search(r"\(" + re.escape(t("label.reference", lang)) + r" ([^)]*)\)", page).group(1)
        assert own.search(memo) and not other.search(memo), memo


# ---- the change in time, cost and visits ------------------------------------------------------

@pytest.fixture(scope="module")
def changed_site(tmp_path_factory):
    """A small bank whose one innovation took 8 hours and takes 1, cost 100 taka and costs 250,
    and took no visits before or after; its team's 2017 action plan is named in Bengali only."""
    folder = tmp_path_factory.mktemp("changed")
    content = folder / "content"
    copy_offices(content / "offices")
    shutil.copytree(ROOT / "content" / "teams", content / "teams")
    team = content / "teams" / "lgd-innovation-team.md"
    plans = team.read_text(encoding="utf-8").split("  - year: 2017\n")
    plans[1] = re.sub(r'name: \{bn: ("[^"]*"), en: "[^"]*"\}', r"name: {bn: \1}", plans[1], count=1)
    team.write_text("  - year: 2017\n".join(plans), encoding="utf-8")
    (content / "ideas").mkdir()
    text = (ROOT / "content" / "ideas" / f"{IDEA}.md").read_text(encoding="utf-8")
    text = re.sub(r"impact:\n(  .*\n)+", "impact:\n  time: {before: 8, after: 1, unit: hours}\n"
                  "  cost: {before: 100, after: 250}\n  visits: {before: 0, after: 0}\n", text)
    (content / "ideas" / f"{IDEA}.md").write_text(text, encoding="utf-8")
    shutil.copy(ROOT / "content" / "ideas" / f"{IDEA}.en.md", content / "ideas")
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config["theme"]["custom_dir"] = str(ROOT / "theme")
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    code, output = mkdocs_build(folder, "-q", "-d", str(folder / "site"))
    assert code == 0, output
    server, url = serve(folder / "site")
    yield url
    server.shutdown()


@pytest.mark.parametrize("lang", ["bn", "en"])
def test_a_rise_is_shown_as_a_rise_to_scale_and_no_change_without_a_sign(page, changed_site, lang):
    page.hosts.add(changed_site.split("/")[2])
    page.goto(changed_site + _prefix(lang) + f"ideas/{IDEA}/")
    n = (lambda text: text.translate(str.maketrans("0123456789", "০১২৩৪৫৬৭৮৯"))) if lang == "bn" else str
    rows = page.locator(".bank-impact tbody tr")
    unit = {"bn": ("ঘণ্টা", "ঘণ্টা", "টাকা", "বার"), "en": ("hours", "hour", "taka", "visits")}[lang]
    assert [rows.nth(i).locator("td").all_inner_texts() for i in range(3)] == [
        [f"{n('8')} {unit[0]}", f"{n('1')} {unit[1]}", f"{n('88')}%"],
        [f"{n('100')} {unit[2]}", f"{n('250')} {unit[2]}", f"−{n('150')}%"],  # saved: a negative saving
        [f"{n('0')} {unit[3]}", f"{n('0')} {unit[3]}", f"{n('0')}%"]]
    labels = page.locator(".bank-bars__row > span:last-child").all_inner_texts()
    assert labels == [f"−{n('88')}%", f"+{n('150')}%", f"{n('0')}%"]
    bars = page.locator(".bank-bars__row > svg").nth(1).locator("rect")
    before, after = (bars.nth(i).bounding_box()["width"] for i in range(2))
    assert after > before and before / after == pytest.approx(100 / 250, abs=0.01)
    page.goto(changed_site + _prefix(lang) + "showcase/")
    saved = page.locator(".bank-saved li")
    assert saved.locator("strong").all_inner_texts() == labels
    assert saved.nth(0).locator("span").inner_text() == f"{t('impact.time', lang)}: {n('8')} {unit[0]} → {n('1')} {unit[1]}"


def test_a_plan_named_in_bengali_only_is_marked_bengali_in_english_sentences(page, changed_site):
    """The plan's name in the innovation's facts ("<name> 2017, activity 4") and in the team's
    heading for the plan: the English around it stays English."""
    page.hosts.add(changed_site.split("/")[2])
    page.goto(changed_site + f"en/ideas/{IDEA}/")
    plan = page.locator("a[href$='#plan-2017']")
    assert plan.inner_text() == f"{PLAN_NAME} 2017, activity 4"
    assert plan.locator("span[lang=bn]").all_inner_texts() == [PLAN_NAME]
    page.goto(changed_site + "en/teams/lgd-innovation-team/")
    assert page.locator("#plan-2017 span[lang=bn]").all_inner_texts() == [PLAN_NAME]
    assert page.locator("#plan-2016").inner_text() == "Annual innovation action plan 2016"


def test_english_counts_are_singular_for_one():
    """The sample's visits go from 1 to 0, its time from 7 days to 1 (on the showcase and the
    innovation's page alike)."""
    shown = text_of(html("en/showcase/")) + " ".join(
        text_of(html(f"en/ideas/{path.stem}/")) for path in (ROOT / "content" / "ideas").glob("*.md")
        if not path.stem.endswith(".en"))
    assert re.search(r"\b1 (day|visit|hour|minute)\b", shown)
    assert not re.search(r"\b1 (days|visits|hours|minutes)\b", shown)


# ---- Bengali text on English pages ------------------------------------------------------------

UNMARKED = """() => {
  const found = [];
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walk.nextNode()) {
    const node = walk.currentNode;
    if (!/[\\u0980-\\u09ff]/.test(node.textContent)) continue;
    if (node.parentElement.closest("script, style, template")) continue;
    const marked = node.parentElement.closest("[lang]");
    if (!marked || marked.getAttribute("lang") !== "bn") found.push(node.textContent.trim().slice(0, 40));
  }
  return found;
}"""


def test_no_bengali_text_on_an_english_page_is_left_unmarked(page, site_url):
    """Every English page of the sample site: its titles, summaries, remarks and names with no
    English fall back to Bengali, and a screen reader reads them as Bengali (WCAG 3.1.2). The
    language switch, which names Bengali in Bengali, is marked too. (The document's <title>, in
    the head, is not text of the page's body and takes the page's language.)"""
    site = built_site()
    paths = sorted(p.parent.relative_to(site).as_posix() for p in (site / "en").rglob("index.html"))
    assert "en/ideas/lgd-innovation-proposals-awards" in paths and "en/showcase" in paths
    seen = 0
    for path in paths:
        body = (site / path / "index.html").read_text(encoding="utf-8")
        if not re.search("[\u0980-\u09ff]", body.split("<body", 1)[-1]):
            continue
        seen += 1
        page.goto(site_url + path + "/")
        assert page.evaluate(UNMARKED) == [], path
    assert seen > 20


def test_a_result_in_bengali_on_the_english_search_is_marked_bengali(page, site_url):
    """Louhajang's monthly idea has no English: the English search shows its Bengali title and text."""
    page.goto(site_url + "en/")
    assert "ideas/louhajanj-union-monthly-idea" in results(page, "en", "ইউনিয়ন")
    titles = page.locator(".bank-search__title").all()
    assert any(re.search("[\u0980-\u09ff]", title.inner_text()) for title in titles)
    assert page.evaluate(UNMARKED) == []
