"""The national scorecard, adoption and review, as readers and officers see them: the scorecard's
figures for two offices, worked out by hand from the sample content; its order without JavaScript
and its sorting with it (headless Chromium); an office's adoption shown on the innovation's page
and refused when it names no innovation; and the "needs review" mark for an innovation whose file
has not changed for 12 months (a small bank whose git history is dated by the test)."""

from __future__ import annotations

import datetime as dt
import html as html_lib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.i18n import format_date, t
from generator.load import load
from generator.pages.relations import relate
from generator.pages.review import needs_review, review_cutoff
from generator.pages.scorecard import rows
from sitebuild import ROOT, copy_offices, html, text_of
from test_validate import OFFICES, expect_problem, line_of, root, validate, write_tree  # noqa: F401 (root: fixture)

# Its tests' pages read the site and keep nothing: one browser context for the module (conftest's page).
pytestmark = pytest.mark.shared_context

LANGS = ("bn", "en")
LATIN_DIGIT = re.compile(r"[0-9]")


def prefix(lang: str) -> str:
    return "" if lang == "bn" else "en/"


def row_cells(page: str, office: str) -> list[tuple[str | None, str]]:
    """(data-sort, visible text) of each cell of an office's scorecard row; data-sort is None where
    the table is not sorted (an office's page)."""
    found = re.search(rf'<tr data-office="{office}">(.*?)</tr>', page, re.S)
    assert found, f"no scorecard row for {office}"
    cells = re.findall(r'<t[hd]\b([^>]*)>(.*?)</t[hd]>', found.group(1), re.S)
    return [(html_lib.unescape(value.group(1)) if (value := re.search(r'data-sort="([^"]*)"', attributes)) else None,
             html_lib.unescape(text_of(text)).strip()) for attributes, text in cells]


def row_offices(page: str) -> list[str]:
    return re.findall(r'<tr data-office="([^"]+)">', page)


# ---- the figures, worked out by hand -------------------------------------------------------
# Columns: office, innovations, proposed, piloting, implemented, replicated, discontinued, services
# running, working links, time (days), cost (taka) and visits saved, awarded, action plan done,
# adopted from others, need review, last update.
#
# lgrd (the ministry) has no innovation of its own; lgd, under it, has six (content/ideas/lgd-*.md
# and zila-parishad-online-leave.md) and nilg, under lgd, one (nilg-innovation-sessions.md):
#   7 in all; lgd-database-networking is discontinued, the other six implemented, all six running;
#   time: database 5→1 days = 4, help desk 8→1 hours = 7/24, PMIS 7→1 = 6, online leave 15→2 = 13
#         → 23.29 → 23.3 days;  cost: 180 + 900 + 700 + 3000 = 4780;  visits: 2 + 2 + 2 = 6;
#   awarded: help desk, PMIS, online leave = 3;
#   action plan: lgd-innovation-team's 2016 plan has 7 activities, 5 at 100% (4 is 70%, 6 is 40%);
#         its 2017 plan 8, none with progress → 5 of 15 (33%);
#   no link report in the repository → no working-links share ("—").
# dc-munshiganj has none of its own; uno-louhajanj, under it, has three (louhajanj-*.md):
#   proposed 1 (union monthly idea), piloting 1 (one service), implemented 1 (idea bank), running;
#   time: 10→1 = 9 and 7→2 = 5 → 14 days; cost: 100 + 350 = 450; visits: 1 + 2 = 3; awarded 2;
#   no action plan in its or Louhajang's team → "—"; it adopted mopa-zoom-district-piloting → 1.
HAND = {
    "lgrd": {"values": ["7", "0", "0", "6", "0", "1", "1.0", "", "23.3", "4780.0", "6.0", "3", str(5 / 15), "0", "0"],
             "bn": ["৭", "০", "০", "৬", "০", "১", "১০০% ৬টির মধ্যে ৬টি", "—", "২৩.৩", "৪,৭৮০", "৬", "৩",
                    "৩৩% ১৫টির মধ্যে ৫টি", "০", "০"],
             "en": ["7", "0", "0", "6", "0", "1", "100% 6 of 6", "—", "23.3", "4,780", "6", "3", "33% 5 of 15", "0", "0"],
             "files": ["offices/lgrd.yaml", "offices/lgd.yaml", "offices/nilg.yaml", "teams/lgd-innovation-team.md",
                       "ideas/lgd-*.md", "ideas/zila-parishad-online-leave.md", "ideas/nilg-innovation-sessions.md"]},
    "dc-munshiganj": {"values": ["3", "1", "1", "1", "0", "0", "1.0", "", "14.0", "450.0", "3.0", "2", "", "1", "0"],
                      "bn": ["৩", "১", "১", "১", "০", "০", "১০০% ১টির মধ্যে ১টি", "—", "১৪", "৪৫০", "৩", "২", "—", "১", "০"],
                      "en": ["3", "1", "1", "1", "0", "0", "100% 1 of 1", "—", "14", "450", "3", "2", "—", "1", "0"],
                      "files": ["offices/dc-munshiganj.yaml", "offices/uno-louhajanj.yaml", "teams/munshiganj-innovation-team.md",
                                "teams/louhajanj-innovation-team.md", "ideas/louhajanj-*.md"]},
}


KINDS = {"lgrd": "ministry", "dc-munshiganj": "district"}
BANK, PROBLEMS = load(ROOT / "content")


def last_commit(patterns: list[str]) -> dt.date:
    paths = [str(p.relative_to(ROOT)) for pattern in patterns for p in (ROOT / "content").glob(pattern)
             if not p.name.endswith(".en.md")]
    out = subprocess.run(["git", "log", "-1", "--format=%cs", "--", *paths], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout.strip()
    return dt.date.fromisoformat(out)


@pytest.mark.parametrize("lang", LANGS)
def test_scorecard_figures_match_the_sums_worked_out_by_hand(lang):
    page = html(f"{prefix(lang)}scorecard/")
    for office, hand in HAND.items():
        cells = row_cells(page, office)
        assert len(cells) == 17, cells
        name, *figures, updated = cells
        assert name[1] == f"{BANK.offices[office].item.name.get(lang)} {t(f'office_kind.{KINDS[office]}', lang)}"
        assert [value for value, _ in figures] == hand["values"], office
        assert [text for _, text in figures] == hand[lang], office
        assert updated[0] == last_commit(hand["files"]).isoformat()
        # each office's page shows the same row (without the values the national table sorts by)
        assert row_cells(html(f"{prefix(lang)}offices/{office}/"), office) == [(None, text) for _, text in cells]


def test_scorecard_lists_the_scored_offices_by_number_of_innovations():
    page = html("en/scorecard/")
    shown = row_offices(page)
    # upazila offices count in their district, not on their own row; an office whose only entry
    # is an adoption (dc-comilla) is listed; the rest by innovations, most first
    assert "uno-louhajanj" not in shown
    assert shown[:3] in (["lgd", "lgrd", "mopa"], ["lgrd", "lgd", "mopa"]) and shown[-1] == "dc-comilla"
    counts = [int(row_cells(page, office)[1][0]) for office in shown]
    assert counts == sorted(counts, reverse=True)
    assert 'aria-sort="descending"' in re.search(r"<thead>.*?</thead>", page, re.S).group()


def test_bengali_scorecard_has_no_latin_digits():
    body = re.search(r'<article class="bank-scorecard-page">.*?</article>', html("scorecard/"), re.S).group()
    visible = text_of(re.sub(r'\s(?:href|data-[\w-]+|title)="[^"]*"', "", body))
    assert not LATIN_DIGIT.search(visible), LATIN_DIGIT.findall(visible)


def test_working_links_share_follows_the_link_report():
    """The share counts an innovation as working unless one of its links is confirmed broken
    (3 failed runs over 3 days); a link that failed lately but not that long still works, and
    unchecked links are left out."""
    assert PROBLEMS == []
    rel = relate(BANK, ROOT)

    def entry(status, runs=0, since=None, checked="2026-06-10T10:00:00+00:00", reachable="2026-05-01T10:00:00+00:00"):
        return {"status": status, "failed_runs": runs, "broken_since": since, "checked_at": checked,
                "last_reachable": reachable}

    rel.links = {"links": {
        # lgd-help-desk: its service failed in 3 runs over 9 days → broken
        "https://www.lgd.gov.bd/site/page/help-desk": entry("broken", 3, "2026-06-01T10:00:00+00:00"),
        # lgd-pmis works; zila-parishad-online-leave failed 3 runs within a day → not yet broken
        "https://www.lgd.gov.bd/site/page/pmis": entry("reachable"),
        "https://www.lgd.gov.bd/site/page/zila-parishad-online-leave": entry("broken", 3, "2026-06-10T01:00:00+00:00"),
        # nilg-innovation-sessions was redirected: it works
        "https://www.nilg.gov.bd/site/page/training-modules": entry("redirected"),
        # lgd-facebook-group's link was never checked: left out
        "https://www.facebook.com/groups/publicserviceinnovationblog/": entry("unchecked", checked=None),
    }}
    table = rows(rel, review_cutoff())
    assert table["lgrd"].values["links"] == (3, 4)  # help desk, PMIS, online leave, NILG: 3 of 4 work
    assert table["nilg"].values["links"] == (1, 1)
    assert table["mopa"].values["links"] == (0, 0)


# ---- ordering without JavaScript and sorting with it ----------------------------------------

def column_index(page, label: str) -> int:
    headings = page.locator("table.bank-scorecard thead th")
    texts = [headings.nth(i).inner_text().strip() for i in range(headings.count())]
    return texts.index(label)


def column_values(page, index: int) -> list[str]:
    return page.eval_on_selector_all("table.bank-scorecard tbody tr",
                                     f"rows => rows.map(r => r.cells[{index}].getAttribute('data-sort'))")


def numbers(values: list[str]) -> list[float]:
    return [float(v) for v in values if v != ""]


def test_without_javascript_each_heading_orders_the_table_on_the_server(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "en/scorecard/")
    page.get_by_role("link", name=t("scorecard.col.cost", "en")).click()
    assert page.url == site_url + "en/scorecard/cost/"
    index = column_index(page, t("scorecard.col.cost", "en"))
    values = numbers(column_values(page, index))
    assert values == sorted(values, reverse=True) and values[0] == 6000
    sorted_heading = page.locator("table.bank-scorecard thead th[aria-sort]")
    assert sorted_heading.count() == 1 and sorted_heading.get_attribute("aria-sort") == "descending"
    assert sorted_heading.inner_text().strip() == t("scorecard.col.cost", "en")
    context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_headings_sort_the_table_with_the_keyboard(page, site_url, lang):
    page.goto(site_url + prefix(lang) + "scorecard/")
    label = t("scorecard.col.plan", lang)
    button = page.get_by_role("button", name=label)
    index = column_index(page, label)
    heading = page.locator("table.bank-scorecard thead th").nth(index)
    assert heading.get_attribute("aria-sort") is None
    button.focus()
    page.keyboard.press("Enter")
    assert heading.get_attribute("aria-sort") == "descending"
    assert page.locator("table.bank-scorecard thead th[aria-sort]").count() == 1
    values = column_values(page, index)
    known = [v for v in values if v != ""]
    assert numbers(values) == sorted(numbers(values), reverse=True)
    assert values == known + [""] * (len(values) - len(known)), values  # "—" last
    page.keyboard.press("Space")
    assert heading.get_attribute("aria-sort") == "ascending"
    values = column_values(page, index)
    assert numbers(values) == sorted(numbers(values))
    assert values[len(known):] == [""] * (len(values) - len(known))  # still last
    note = page.locator("#scorecard-order").inner_text()
    assert label in note
    # the office column orders by name, A to Z first
    page.get_by_role("button", name=t("scorecard.col.office", lang)).click()
    names = column_values(page, 0)
    assert page.locator("table.bank-scorecard thead th").nth(0).get_attribute("aria-sort") == "ascending"
    if lang == "en":
        assert names == sorted(names, key=str.casefold)
    if lang == "bn":
        assert not LATIN_DIGIT.search(page.locator("table.bank-scorecard").inner_text())


def test_scorecard_is_linked_from_every_page(page, site_url):
    page.goto(site_url)
    page.get_by_role("navigation", name=t("nav.label", "bn")).get_by_role("link", name=t("nav.scorecard", "bn")).click()
    assert page.url == site_url + "scorecard/"
    assert page.locator("h1").inner_text() == t("scorecard.title", "bn")


# ---- adoption ------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_innovation_page_shows_who_adopted_it_with_a_count(lang):
    page = html(f"{prefix(lang)}ideas/mopa-zoom-district-piloting/")
    section = re.search(r'<section class="bank-adopters".*?</section>', page, re.S)
    assert section, "no adoption section"
    text = text_of(section.group())
    assert t("heading.adopted_by", lang) in text
    assert t("adoption.count", lang, count=2) in text
    for office, name in (("dc-comilla", {"bn": "জেলা প্রশাসকের কার্যালয়, কুমিল্লা", "en": "Deputy Commissioner&#39;s Office, Comilla"}),
                         ("dc-munshiganj", {"bn": "জেলা প্রশাসকের কার্যালয়, মুন্সিগঞ্জ", "en": "Deputy Commissioner&#39;s Office, Munshiganj"})):
        assert f'href="../../offices/{office}/">{name[lang]}</a> — {"২০২৩" if lang == "bn" else "2023"}' in section.group()
    # an innovation nobody adopted has no such section
    assert 'class="bank-adopters"' not in html(f"{prefix(lang)}ideas/lgd-help-desk/")


def test_browse_orders_by_adoption():
    listing = html("en/browse/adopted/")
    cards = re.findall(r'<li><a href="[^"]*ideas/([^/"]+)/"', listing)  # each card opens with its title
    assert cards[0] == "mopa-zoom-district-piloting" and len(cards) == 14
    assert t("adoption.count", "en", count=2) in text_of(listing)
    assert 'href="adopted/"' in html("en/browse/")  # the browse page offers the order


def adopting(idea: str, when: str) -> str:
    """dc-munshiganj's file (its parent is lgd) with one adoption."""
    return OFFICES["dc-munshiganj"] + f"adopted:\n  - idea: {idea}\n    {when}\n"

OFFICE_FILE = "content/offices/dc-munshiganj.yaml"


def test_adoption_of_an_unknown_innovation_is_refused(root, capsys):
    text = adopting("online-leaf", "year: 2023")
    write_tree(root, offices={"lgd.yaml": OFFICES["lgd"], "dc-munshiganj.yaml": text})
    p = expect_problem(root, capsys, OFFICE_FILE, line_of(text, "idea:"), 'There is no innovation "online-leaf" in content/ideas/.',
                       'content/ideas/ এ "online-leaf" নামে কোনো উদ্ভাবন নেই।', "adopted[0].idea")
    assert 'Did you mean "online-leave"?' in p["en"] and 'আপনি কি "online-leave" বোঝাতে চেয়েছেন?' in p["bn"]


@pytest.mark.parametrize("office, text, needle, en, bn", [
    ("lgd", OFFICES["lgd"] + "adopted:\n  - {idea: online-leave, year: 2020}\n", "idea:",
     "\"online-leave\" is this office's own innovation", '"online-leave" এই দপ্তরেরই উদ্ভাবন'),
    ("dc-munshiganj", adopting("online-leave", "year: 2023") + "  - {idea: online-leave, date: 2024-02-01}\n",
     "date:", '"online-leave" is listed twice under "adopted"', '"online-leave" "adopted" ঘরে দুবার লেখা হয়েছে'),
    ("dc-munshiganj", adopting("online-leave", "year: 2023\n    date: 2023-05-04"), "idea:",
     'either "year" (like 2023) or "date"', 'এ দুটির যেকোনো একটি দিয়ে লিখুন'),
    ("dc-munshiganj", OFFICES["dc-munshiganj"] + "adopted:\n  - idea: online-leave\n", "idea:",
     'either "year" (like 2023) or "date"', 'এ দুটির যেকোনো একটি দিয়ে লিখুন'),
], ids=["own", "twice", "year-and-date", "no-year-or-date"])
def test_adoptions_that_cannot_be_are_refused(root, capsys, office, text, needle, en, bn):
    others = {f"{k}.yaml": v for k, v in OFFICES.items() if k != office}
    write_tree(root, offices={**others, f"{office}.yaml": text})
    expect_problem(root, capsys, f"content/offices/{office}.yaml", line_of(text, needle), en, bn)


def test_an_adoption_by_year_or_date_is_valid(root, capsys):
    write_tree(root, offices={"lgd.yaml": OFFICES["lgd"],
                              "dc-munshiganj.yaml": adopting("online-leave", "date: ২০২৩-০৫-০৪")})
    code, out = validate(root, capsys)
    assert code == 0, out


# ---- needs review --------------------------------------------------------------------------

def test_review_is_due_twelve_months_after_the_last_update():
    assert review_cutoff(dt.date(2026, 11, 29)) == dt.date(2025, 11, 29)
    assert review_cutoff(dt.date(2028, 2, 29)) == dt.date(2027, 2, 28)

    class Rel:
        def __init__(self, day):
            self.day = day

        def updated_on(self, record):
            return self.day

    cutoff = review_cutoff(dt.date(2026, 11, 29))
    assert needs_review(Rel(dt.date(2025, 11, 29)), None, cutoff)
    assert not needs_review(Rel(dt.date(2025, 11, 30)), None, cutoff)


STALE, FRESH = "lgd-help-desk", "lgd-pmis"


def _commit(repo: Path, when: dt.date, message: str) -> None:
    stamp = f"{when.isoformat()}T12:00:00+00:00"
    env = {**os.environ, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp, "GIT_AUTHOR_NAME": "Test",
           "GIT_AUTHOR_EMAIL": "test@example.org", "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org"}
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True, env=env)
    subprocess.run(["git", "commit", "-q", "-m", message], cwd=repo, check=True, env=env)


@pytest.fixture(scope="module")
def dated_site(tmp_path_factory) -> tuple[Path, dt.date]:
    """A small bank in its own git repository: every file committed 13 months ago, then one
    innovation changed 11 months ago. Built once for the tests below; with the first commit's date."""
    project = tmp_path_factory.mktemp("dated")
    content = project / "content"
    copy_offices(content / "offices")
    shutil.copytree(ROOT / "content" / "teams", content / "teams")
    (content / "ideas").mkdir()
    for slug in (STALE, FRESH):
        for name in (f"{slug}.md", f"{slug}.en.md"):
            shutil.copy(ROOT / "content/ideas" / name, content / "ideas")
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config["theme"]["custom_dir"] = str(ROOT / "theme")
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    today = dt.date.today()
    _commit(project, today - dt.timedelta(days=400), "thirteen months ago")
    fresh = content / "ideas" / f"{FRESH}.md"
    fresh.write_text(fresh.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    _commit(project, today - dt.timedelta(days=335), "eleven months ago")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=project, capture_output=True, text=True,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stderr
    return project / "site", today - dt.timedelta(days=400)  # the date, not today again: a run may pass midnight


@pytest.mark.parametrize("lang", LANGS)
def test_an_innovation_not_updated_for_12_months_is_marked_and_listed(dated_site, lang):
    site, old = dated_site

    def page(path):
        return (site / prefix(lang) / path / "index.html").read_text(encoding="utf-8")

    mark = t("review.needs_review", lang)
    stale, fresh = page(f"ideas/{STALE}"), page(f"ideas/{FRESH}")
    assert 'class="admonition warning bank-review"' in stale and mark in text_of(stale)
    assert t("review.notice", lang, date=format_date(old, lang)) in html_lib.unescape(text_of(stale))
    assert "bank-review" not in fresh
    for listing in (page("offices/lgd"), page("scorecard")):
        section = listing.split(f'id="needs-review">', 1)[1]
        assert f"ideas/{STALE}/" in section and f"ideas/{FRESH}/" not in section
    assert row_cells(page("scorecard"), "lgd")[15][0] == "1"  # need review: one of two
    assert f"ideas/{STALE}/" in page("browse/needs-review") and f"ideas/{FRESH}/" not in page("browse/needs-review")


@pytest.mark.parametrize("lang", LANGS)
def test_scorecard_pages_have_no_serious_accessibility_violations(page, site_url, lang):
    axe = pytest.importorskip("axe_playwright_python.sync_playwright").Axe()
    failures = []
    for path in ("scorecard/", "scorecard/plan/", "offices/dc-munshiganj/", "browse/adopted/",
                 "ideas/mopa-zoom-district-piloting/"):
        page.goto(site_url + prefix(lang) + path)
        if path == "scorecard/":  # and once the script has turned the headings into buttons and sorted
            page.get_by_role("button", name=t("scorecard.col.days", lang)).click()
        for violation in axe.run(page).response["violations"]:
            if violation["impact"] in ("serious", "critical"):
                failures.append(f"{lang}/{path}: {violation['id']} {[n['target'] for n in violation['nodes'][:3]]}")
    assert failures == []
