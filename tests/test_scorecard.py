"""Adoption as readers and officers see it: an office's adoption shown on the innovation's page
with a count, browse ordered by adoption, and an adoption refused when it names no innovation, the
office's own one, one twice, or no single year or date."""

from __future__ import annotations

import re

import pytest

from generator.i18n import t
from sitebuild import html, text_of
from test_validate import OFFICES, expect_problem, line_of, root, validate, write_tree  # noqa: F401 (root: fixture)

LANGS = ("bn", "en")


def prefix(lang: str) -> str:
    return "" if lang == "bn" else "en/"


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
    cards = re.findall(r'class="bank-card__title" href="[^"]*ideas/([^/"]+)/"', listing)
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
