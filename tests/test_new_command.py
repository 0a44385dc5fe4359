"""`innobank new` writes only what it was given, asks for every required value in Bengali and
English, and writes the English twin when English text is given."""

from __future__ import annotations

import io
import re
import shutil
import sys
from pathlib import Path

import pytest
from PIL import Image

from generator.cli import main
from generator.load import load
from sitebuild import copy_offices

REPO = Path(__file__).resolve().parent.parent


class Terminal(io.StringIO):
    """Answers typed at the prompts; input() reads them from here."""

    def isatty(self) -> bool:
        return True


@pytest.fixture
def root(tmp_path, monkeypatch):
    copy_offices(tmp_path / "content" / "offices")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def new(root, *flags):
    return main(["--root", str(root), "new", *flags])


def test_no_invented_dates_or_answers(root, monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO())
    assert new(root, "idea", "--slug", "help-desk", "--title-bn", "হেল্প ডেস্ক", "--summary-bn", "বিবরণ",
               "--office", "lgd", "--kind", "simplification", "--status", "piloting", "--running") == 0
    text = (root / "content/ideas/help-desk.md").read_text(encoding="utf-8")
    front = text.split("\n---\n")[0]
    data_lines = [line for line in front.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    assert not any("started:" in line or "implemented:" in line or "expected_result:" in line for line in data_lines)
    assert "#   started: 2023-01-15   # পূরণ করুন: কাজ শুরুর তারিখ / fill in" in text
    assert "# expected_result: yes   # পূরণ করুন" in text
    idea = load(root / "content")[0].ideas["help-desk"].item
    assert idea.dates.started is None and idea.dates.implemented is None and idea.service.expected_result is None
    assert not (root / "content/ideas/help-desk.en.md").exists()  # no English text was given


def test_implemented_needs_its_date_and_the_description_is_left_to_write(root, monkeypatch, capsys):
    """English text goes into the fields; the body is left for the officer to write below them,
    not filled with the short description, which the page shows above the body already."""
    monkeypatch.setattr(sys, "stdin", io.StringIO())
    flags = ["idea", "--slug", "online-leave", "--title-bn", "অনলাইন ছুটি", "--summary-bn", "ছুটি অনলাইনে",
             "--title-en", "Online leave", "--summary-en", "Leave approved online.", "--office", "lgd",
             "--kind", "digitisation", "--status", "implemented", "--running"]
    assert new(root, *flags) == 2
    assert "--implemented" in capsys.readouterr().err
    assert new(root, *flags, "--implemented", "২০১৭-১২-২০") == 0
    assert not (root / "content/ideas/online-leave.en.md").exists()
    text = (root / "content/ideas/online-leave.md").read_text(encoding="utf-8")
    assert text.endswith('# Below the "---" line, write the full description (the problem, the solution, the '
                         'results); an English one goes in <name>.en.md\n---\n')
    bank, problems = load(root / "content")
    assert problems == []
    record = bank.ideas["online-leave"]
    assert record.item.summary.en == "Leave approved online." and str(record.item.dates.implemented) == "2017-12-20"
    assert record.body == {"bn": ""}


def test_interactive_asks_every_required_field_in_both_languages(root, monkeypatch, capsys):
    answers = ["lgd-help-desk", "হেল্প ডেস্ক", "", "নাগরিকদের প্রশ্নের উত্তর", "", "lgd",
               "সেবা সহজীকরণ",  # kind by its Bengali label
               "৩",  # status by its number in Bengali digits: implemented
               "না",  # not running …
               "সার্ভার বন্ধ",  # … so why
               "2022-08-28"]  # implemented, so when
    monkeypatch.setattr(sys, "stdin", Terminal("\n".join(answers) + "\n"))
    assert new(root, "idea") == 0
    out = capsys.readouterr().out
    for bn, en in (("উদ্ভাবনের নাম (বাংলায়)", "Name of the innovation in Bengali"), ("উদ্ভাবনের ধরন", "Kind of innovation"),
                   ("অবস্থা", "Status"), ("সেবাটি কি চালু আছে?", "Is the service running?"),
                   ("সেবাটি চালু না থাকলে তার কারণ", "Why the service is not running"),
                   ("সেবাটি চালুর তারিখ", "Date the service started")):
        assert f"{bn}" in out and en in out, (bn, en)
    assert "বাস্তবায়িত / Implemented (implemented)" in out
    idea = load(root / "content")[0].ideas["lgd-help-desk"].item
    assert idea.kind.value == "simplification" and idea.status.value == "implemented"
    assert idea.service.running is False and idea.service.not_running_reason.bn == "সার্ভার বন্ধ"
    assert idea.title.en in (None, "")


def test_an_answer_that_is_not_a_choice_is_asked_again(root, monkeypatch, capsys):
    answers = ["my-team", "আমাদের টিম", "", "lgd", "capital", "জেলা"]
    monkeypatch.setattr(sys, "stdin", Terminal("\n".join(answers) + "\n"))
    assert new(root, "team") == 0
    assert capsys.readouterr().out.count("টিমের স্তর / Level of the team") == 2
    assert load(root / "content")[0].teams["my-team"].item.level.value == "district"


def test_names_follow_the_loaders_rules(root, monkeypatch, capsys):
    """A number is a listing's page address (teams/2/): `new` refuses it as validate does."""
    monkeypatch.setattr(sys, "stdin", io.StringIO())
    assert new(root, "team", "--slug", "2", "--name-bn", "টিম", "--office", "lgd", "--level", "district") == 2
    err = capsys.readouterr().err
    assert 'The name "2" is taken by the site itself' in err and '"2" নামটি সাইটের নিজের' in err
    assert not (root / "content/teams/2.md").exists()


EXAMPLE = re.compile(r"^( *)# ( *(- )?[a-z_]+:( .*)?)$", re.M)  # a commented field, not a sentence


def uncommented(text: str) -> str:
    """Every commented example field of a written file, with its "# " taken away."""
    return EXAMPLE.sub(r"\1\2", text)


@pytest.mark.parametrize("what, flags", [
    ("idea", ["--title-bn", "হেল্প ডেস্ক", "--summary-bn", "বিবরণ", "--kind", "simplification", "--status", "piloting",
              "--running"]),
    ("idea", ["--title-bn", "হেল্প ডেস্ক", "--summary-bn", "বিবরণ", "--kind", "digitisation", "--status", "piloting",
              "--not-running", "সার্ভার বন্ধ", "--started", "2023-01-15", "--team", "lgd-innovation-team"]),
    ("team", ["--name-bn", "টিম", "--level", "district"]),
])
def test_every_commented_example_is_valid_once_uncommented(tmp_path, monkeypatch, capsys, what, flags):
    """An officer removes the "# " before the examples they need (here: all of them); what the
    comments say after a value is a YAML comment too, never part of the value."""
    shutil.copytree(REPO / "content", tmp_path / "content")
    Image.new("RGB", (800, 600), "teal").save(tmp_path / "content/media/help-desk.jpg")  # the officer's picture
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "stdin", io.StringIO())
    assert new(tmp_path, what, "--slug", "new-one", "--office", "lgd", *flags) == 0
    path = tmp_path / "content" / f"{what}s" / "new-one.md"
    text = path.read_text(encoding="utf-8")
    fields = len(EXAMPLE.findall(text))
    assert fields > 10
    path.write_text(uncommented(text), encoding="utf-8")
    assert len(EXAMPLE.findall(path.read_text(encoding="utf-8"))) == 0
    bank, problems = load(tmp_path / "content", only=[path])
    assert [(p.line, p.field, p.en) for p in problems if p.error] == []
    written = (bank.ideas if what == "idea" else bank.teams)["new-one"].item
    if what == "idea":
        assert str(written.dates.started) == "2023-01-15" and written.service.expected_result.value == "yes"
        assert written.title.en == "The name in English" and written.impact.time.before == 15
    else:
        assert written.members[0].role.value == "member_secretary" and written.meetings[0].decisions
        assert written.action_plans[0].activities[0].progress == 100


def test_the_hints_beside_examples_are_bengali_first(root, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO())
    assert new(root, "team", "--slug", "a-team", "--name-bn", "টিম", "--office", "lgd", "--level", "district") == 0
    assert new(root, "idea", "--slug", "an-idea", "--title-bn", "নাম", "--summary-bn", "বিবরণ", "--office", "lgd",
               "--kind", "simplification", "--status", "piloting", "--running") == 0
    for path in (root / "content/teams/a-team.md", root / "content/ideas/an-idea.md"):
        for line in path.read_text(encoding="utf-8").split("\n---\n")[0].splitlines():
            hint = uncommented(line).split(" # ", 1)[1] if " # " in uncommented(line) else ""
            if re.search("[a-z]{3} [a-z]{2}", hint):  # words, not a list of values
                assert " / " in hint and re.search("[\u0980-\u09ff]", hint.split(" / ")[0]), line
