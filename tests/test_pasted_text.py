"""Text an officer pastes from a word processor: typographic quotation marks around a value, and a
thousands comma inside a {…} group, are told in words that match what the officer sees."""

from __future__ import annotations

import pytest

from test_validate import IDEA, IDEA_FILE, bad_idea, edit, expect_problem, line_of, root, validate  # noqa: F401

TITLE = 'title: {bn: "জেলা পরিষদের প্রশাসকদের অনলাইন ছুটি", en: "Online leave for Zila Parishad administrators"}'


@pytest.mark.parametrize("value", ["“অনলাইন সেবা”", "‘অনলাইন সেবা’", "«অনলাইন সেবা»", "„অনলাইন সেবা“"])
def test_a_value_in_typographic_quotes_is_refused(root, capsys, value):
    bad_idea(root, edit(IDEA, TITLE, f"title:\n  bn: {value}\n  en: Online leave"))
    expect_problem(root, capsys, IDEA_FILE, line_of(IDEA, "title:") + 1,
                   f"The value {value} is in typographic quotation marks", f"{value} মানটি টাইপোগ্রাফিক উদ্ধৃতিচিহ্নের",
                   field="title.bn")


def test_typographic_quotes_inside_text_are_the_officers_own(root, capsys):
    bad_idea(root, edit(IDEA, TITLE, "title:\n  bn: সেবার নাম “অনলাইন ছুটি” রাখা হয়েছে\n  en: The ‘online leave’ service"))
    code, out = validate(root, capsys)
    assert code == 0, out


def test_a_colon_in_typographic_quotes_says_they_are_not_quotation_marks(root, capsys):
    bad_idea(root, edit(IDEA, TITLE, "title:\n  bn: “অনলাইন: সেবা”"))
    p = expect_problem(root, capsys, IDEA_FILE, line_of(IDEA, "title:") + 1,
                       "This line has typographic quotation marks", "এই লাইনে টাইপোগ্রাফিক উদ্ধৃতিচিহ্ন")
    assert "put the whole value in quotation marks" not in p["en"]


@pytest.mark.parametrize("written, key, number", [("১,৫০০ টাকা", "৫০০ টাকা", "১"), ("1,500", "500", "1")])
def test_a_thousands_comma_in_braces_is_explained(root, capsys, written, key, number):
    bad_idea(root, edit(IDEA, "cost: {before: 500, after: 0}", f"cost: {{before: {written}, after: ৫০}}"))
    expect_problem(root, capsys, IDEA_FILE, line_of(IDEA, "cost:"),
                   f'There is no field called "{key}" here: inside {{…}} a comma separates the fields, so {number},{key} was '
                   f"read as two. Write the number without the comma ({number}{key})",
                   f"{{…}} এর ভেতরে কমা দিয়ে ঘর আলাদা হয়, তাই {number},{key} দুটি ঘর হিসেবে পড়া হয়েছে",
                   field=f"impact.cost.{key}")


def test_an_unknown_field_after_a_number_is_still_an_unknown_field(root, capsys):
    bad_idea(root, edit(IDEA, "cost: {before: 500, after: 0}", "cost: {before: 500, after: 0, befor: 3}"))
    expect_problem(root, capsys, IDEA_FILE, line_of(IDEA, "cost:"), 'There is no field called "befor" here.',
                   'এখানে "befor" নামে কোনো ঘর নেই।')
