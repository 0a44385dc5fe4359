"""The messages that misled officers (issue 14): a suggestion names an id that exists, found from
what the officer wrote, be it the id in capitals, an office's or a place's name in Bengali or
English, or a status in Bengali; a YAML mistake is told in plain words in both languages, with the
parser's English only as a detail. Each test edits one line of the sample content and reads what
`innobank validate` says about it."""

from __future__ import annotations

import json
import re
import shutil
from html import unescape
from pathlib import Path

import pytest
from sitebuild import html

from generator.cli import main
from generator.i18n import t
from generator.load import load
from generator.model import places

REPO = Path(__file__).resolve().parent.parent
HELP_DESK = "content/ideas/lgd-help-desk.md"
OFFICE = "content/offices/dc-munshiganj.yaml"
DETAIL = "(কারিগরি বিবরণ:"  # where the reader's own (English) words may appear in a Bengali message


@pytest.fixture
def root(tmp_path, monkeypatch) -> Path:
    shutil.copytree(REPO / "content", tmp_path / "content")
    monkeypatch.chdir(tmp_path)  # problems name files as seen from here
    return tmp_path


def validate(root: Path, capsys, file: str, old: str, new: str) -> dict:
    """Replace old by new in file, run `innobank validate --format json` on it, and return the
    one problem reported (the test fails when there is not exactly one)."""
    path = root / file
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    capsys.readouterr()
    assert main(["--root", str(root), "validate", "--format", "json", file]) == 1
    found = json.loads(capsys.readouterr().out)
    assert len(found) == 1, found
    (problem,) = found
    assert problem["file"] == file
    line = text.replace(old, new, 1)[: text.index(old)].count("\n") + 1
    return problem | {"expected_line": line}


def ids(root: Path, folder: str) -> set[str]:
    return {p.name.split(".")[0] for p in (root / "content" / folder).iterdir()}


# ---- references: the suggestion comes from the ids and the names -----------------------------

@pytest.mark.parametrize("written", [
    "LGD",  # the id in capitals: was "write it like "pmis-mopa"", an office that does not exist
    "local-govt-division",  # was "Did you mean "cabinet-division"?"
    "স্থানীয় সরকার বিভাগ",  # the office's Bengali name
    '"Local Government Division"',  # its English name
])
def test_a_wrong_office_suggests_the_office_meant(root, capsys, written):
    p = validate(root, capsys, HELP_DESK, "office: lgd\n", f"office: {written}\n")
    assert p["field"] == "office" and p["line"] == p["expected_line"]
    assert 'Did you mean "lgd"?' in p["en"] and '"lgd" বোঝাতে চেয়েছেন' in p["bn"]
    assert "pmis-mopa" not in p["en"] + p["bn"]


def test_every_value_a_reference_message_names_exists(root, capsys):
    p = validate(root, capsys, HELP_DESK, "office: lgd\n", "office: Local Govt\n")
    named = set(re.findall(r'"([a-z0-9-]+)"', p["en"]))
    assert named and named <= ids(root, "offices"), p["en"]
    assert f'"{t("codes.title", "en")}"' in p["en"] and f'"{t("codes.title", "bn")}"' in p["bn"]  # the page of all ids


def test_a_team_is_found_by_its_bengali_name(root, capsys):
    p = validate(root, capsys, HELP_DESK, "team: lgd-innovation-team\n", "team: স্থানীয় সরকার বিভাগের ইনোভেশন টিম\n")
    assert p["field"] == "team" and 'Did you mean "lgd-innovation-team"?' in p["en"]


def test_a_parent_office_is_found_by_its_bengali_name(root, capsys):
    p = validate(root, capsys, OFFICE, "parent: cabinet-division\n", "parent: মন্ত্রিপরিষদ বিভাগ\n")
    assert p["field"] == "parent" and 'Did you mean "cabinet-division"?' in p["en"]


MONTHLY_IDEA = "content/ideas/louhajanj-union-monthly-idea.md"
FAIR = "content/ideas/mopa-divisional-innovation-fair.md"


@pytest.mark.parametrize("file, old, written, meant", [
    (MONTHLY_IDEA, "munshiganj-louhajanj", "মুন্সিগঞ্জ", "munshiganj"),
    (MONTHLY_IDEA, "munshiganj-louhajanj", "লৌহজং", "munshiganj-louhajanj"),
    (FAIR, "dhaka-division", "ঢাকা বিভাগ", "dhaka-division"),
    (FAIR, "dhaka-division", "Dhaka Division", "dhaka-division"),
])
def test_a_place_is_found_by_its_name(root, capsys, file, old, written, meant):
    p = validate(root, capsys, file, f"place: {old}\n", f"place: {written}\n")
    assert p["field"] == "place" and f'Did you mean "{meant}"?' in p["en"], p["en"]


# ---- choices: found by their Bengali and English labels --------------------------------------

@pytest.mark.parametrize("old, new, meant", [
    ("status: implemented\n", "status: বাস্তবায়িত\n", "implemented"),  # was: no hint at all
    ("kind: simplification\n", "kind: সেবা সহজীকরণ\n", "simplification"),
    ("sectors: [local_government, public_administration]\n", "sectors: [স্থানীয় সরকার, public_administration]\n",
     "local_government"),
    ("level: ministry\n", "level: মন্ত্রণালয় পর্যায়ের পুরস্কার\n", "ministry"),
    ("unit: hours}", "unit: ঘণ্টা}", "hours"),  # a pattern of a few words is a choice too
])
def test_a_choice_written_as_its_label_suggests_the_value(root, capsys, old, new, meant):
    p = validate(root, capsys, HELP_DESK, old, new)
    assert p["code"] == "choice" and p["line"] == p["expected_line"]
    assert f'Did you mean "{meant}"?' in p["en"] and f'"{meant}" বোঝাতে চেয়েছেন' in p["bn"]


# ---- YAML mistakes in plain words ------------------------------------------------------------

@pytest.mark.parametrize("old, new, line_of, en, bn", [
    ("  started: 2016-02-01", "\tstarted: 2016-02-01", "\tstarted", "Indent with spaces only", "ট্যাব চলবে না"),
    ("kind: simplification", "kind simplification", "status:", 'not written as "field: value"', "কোলন ও একটি স্পেস"),
    ("  implemented: 2016-04-28", " implemented: 2016-04-28", " implemented: 2016", "do not match the lines around it",
     "আশেপাশের লাইনের সঙ্গে মিলছে না"),
    ('হেল্প ডেস্ক"\n', "হেল্প ডেস্ক\n", '  en: "A help desk', "opened on this line or above it is not closed",
     "উদ্ধৃতিচিহ্ন"),
    ("sectors: [local_government, public_administration]", "sectors: [local_government, public_administration",
     "dates:", 'A "[" or "{" opened on this line or above it is not closed', "বন্ধ হয়নি"),
    ("kind: simplification", "kind: simplification: digitisation", "kind:", "put the whole value in quotation marks",
     "উদ্ধৃতিচিহ্নের ভেতরে লিখুন"),
])
def test_a_yaml_mistake_is_told_in_plain_words(root, capsys, old, new, line_of, en, bn):
    p = validate(root, capsys, HELP_DESK, old, new)
    text = (root / HELP_DESK).read_text(encoding="utf-8")
    assert p["line"] == text[: text.index(line_of)].count("\n") + 1
    assert en in p["en"] and bn in p["bn"], (p["en"], p["bn"])
    sentence, _, detail = p["bn"].partition(DETAIL)
    reason = p["en"].rsplit("(Detail from the reader: ", 1)[-1].rstrip(".)")
    assert reason and reason in detail, "the reader's words are kept, as a detail"
    assert reason not in sentence and re.search("[\u0980-\u09ff]{3}", sentence)


# ---- the page of every id and code -------------------------------------------------------------

@pytest.mark.parametrize("path", ["codes", "en/codes"])
def test_a_page_lists_every_office_team_and_place_code_with_both_names(path):
    page = html(path)
    bank, _ = load(REPO / "content")
    named = [(oid, rec.item.name) for oid, rec in bank.offices.items()] + [
        (tid, rec.item.name) for tid, rec in bank.teams.items()]
    for code, name in named:
        row = re.search(rf"<tr><td><a href=\"[^\"]+\"><code>{code}</code></a></td>(.*?)</tr>", page)
        assert row and name.bn in unescape(row.group(1)) and name.en in unescape(row.group(1)), code
    for code, place in places().items():
        row = re.search(rf"<code>{code}</code>(.*?)</(?:tr|h3)>", page)  # a division heads its districts' table
        assert row and place.name_bn in unescape(row.group(1)) and place.name_en in unescape(row.group(1)), code


# ---- CONTRIBUTING: the form first, the codes, what belongs where, English complete on its own ----

SITE = "https://innobank.github.io/innobank/"


def test_contributing_puts_the_form_first_and_reads_whole_in_english():
    text = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## (.+)$", text, re.M)
    ways = [next(i for i, h in enumerate(headings) if way in h) for way in
            ("The form on the website", "GitHub's web editor", "The command line")]
    assert ways == sorted(ways)
    english = "\n".join(line for line in text.split("\n") if not re.search("[\u0980-\u09ff]", line))
    for needed in (f"{SITE}en/contribute/", f"{SITE}contribute/", f"{SITE}en/codes/", "Propose a change",
                   "https://github.com/innobank/innobank/tree/main/content/ideas",
                   "https://github.com/innobank/innobank/tree/main/content/teams", "https://github.com/signup"):
        assert needed in english, needed
    belongs = english[english.index("The bank holds"):]
    assert "service innovations" in belongs
    assert all(word in belongs for word in ("trainings", "workshops", "meetings", "action plan"))
