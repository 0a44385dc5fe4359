"""`innobank new` writes only what it was given, asks for every required value in Bengali and
English, and writes the English twin when English text is given."""

from __future__ import annotations

import io
import json
import re
import shutil
import sys
from pathlib import Path

import pytest
import yaml
from PIL import Image

from generator.cli import main
from generator.i18n import t
from generator.load import load
from sitebuild import copy_offices, serve
from test_build import mkdocs_build

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
    not filled with the short description, which the page shows above the body already, and the
    English one in the .en.md twin, which holds only a comment saying so: no English body yet."""
    monkeypatch.setattr(sys, "stdin", io.StringIO())
    flags = ["idea", "--slug", "online-leave", "--title-bn", "অনলাইন ছুটি", "--summary-bn", "ছুটি অনলাইনে",
             "--title-en", "Online leave", "--summary-en", "Leave approved online.", "--office", "lgd",
             "--kind", "digitisation", "--status", "implemented", "--running"]
    assert new(root, *flags) == 2
    assert "--implemented" in capsys.readouterr().err
    assert new(root, *flags, "--implemented", "২০১৭-১২-২০") == 0
    assert capsys.readouterr().out.splitlines() == [str(root / "content/ideas/online-leave.md"),
                                                    str(root / "content/ideas/online-leave.en.md")]
    text = (root / "content/ideas/online-leave.md").read_text(encoding="utf-8")
    assert text.endswith('# Below the "---" line, write the full description (the problem, the solution, the '
                         'results); an English one goes in online-leave.en.md\n---\n')
    english = (root / "content/ideas/online-leave.en.md").read_text(encoding="utf-8")
    assert english.startswith("<!-- এই মন্তব্যের নিচে উদ্ভাবনটির পূর্ণ বিবরণ ইংরেজিতে লিখুন")
    assert "\n     Below this comment, write the full description in English" in english
    assert english.rstrip().endswith("-->") and english.count("-->") == 1
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


def test_a_proposed_innovation_is_not_asked_whether_it_runs(root, monkeypatch, capsys):
    """Its service has not started: `new` writes what the model needs for that (not running, and
    why: it is a proposal), from the flags and when it asks."""
    monkeypatch.setattr(sys, "stdin", io.StringIO())
    assert new(root, "idea", "--slug", "union-ideas", "--title-bn", "ইউনিয়নের মাসিক আইডিয়া", "--summary-bn", "বিবরণ",
               "--office", "uno-louhajanj", "--kind", "new_idea", "--status", "proposed") == 0
    service = load(root / "content")[0].ideas["union-ideas"].item.service
    assert service.running is False
    assert (service.not_running_reason.bn, service.not_running_reason.en) == (t("new.proposed_reason", "bn"),
                                                                            t("new.proposed_reason", "en"))
    text = (root / "content/ideas/union-ideas.md").read_text(encoding="utf-8")
    assert "  # প্রস্তাবিত উদ্ভাবনের সেবা এখনো চালু হয়নি, পাতায় তা-ই দেখায়" in text
    answers = ["hat-ideas", "হাটের আইডিয়া", "", "বিবরণ", "", "lgd", "নতুন উদ্ভাবনী ধারণা", "প্রস্তাবিত"]
    monkeypatch.setattr(sys, "stdin", Terminal("\n".join(answers) + "\n"))
    assert new(root, "idea") == 0
    out = capsys.readouterr().out
    assert "Status" in out and "Is the service running?" not in out and "not running" not in out
    assert load(root / "content")[0].ideas["hat-ideas"].item.service.running is False
    monkeypatch.setattr(sys, "stdin", io.StringIO())  # a proposal whose service runs already is told so
    assert new(root, "idea", "--slug", "early", "--title-bn", "আগেভাগে চালু", "--summary-bn", "বিবরণ", "--office", "lgd",
               "--kind", "new_idea", "--status", "proposed", "--running") == 0
    early = load(root / "content")[0].ideas["early"].item.service
    assert early.running is True and early.not_running_reason is None


FLAG_SETS = [
    ("idea", ["--title-bn", "হেল্প ডেস্ক", "--summary-bn", "বিবরণ", "--kind", "simplification", "--status", "piloting",
              "--running"]),
    ("idea", ["--title-bn", "হেল্প ডেস্ক", "--summary-bn", "বিবরণ", "--kind", "simplification", "--status", "piloting",
              "--running", "--started", "2023-01-15"]),
    ("idea", ["--title-bn", "হেল্প ডেস্ক", "--summary-bn", "বিবরণ", "--title-en", "Help desk", "--kind", "digitisation",
              "--status", "implemented", "--implemented", "2023-05-04", "--not-running", "সার্ভার বন্ধ",
              "--expected-result", "partly", "--link", "https://www.lgd.gov.bd/help", "--place", "munshiganj"]),
    ("idea", ["--title-bn", "হেল্প ডেস্ক", "--summary-bn", "বিবরণ", "--kind", "new_idea", "--status", "proposed"]),
    ("team", ["--name-bn", "টিম", "--level", "district"]),
    ("team", ["--name-bn", "টিম", "--name-en", "Team", "--level", "district", "--website", "https://www.lgd.gov.bd"]),
]


@pytest.mark.parametrize("what, flags", FLAG_SETS)
def test_every_line_of_a_written_file_is_a_value_or_a_commented_example(root, monkeypatch, capsys, what, flags):
    """No field left empty ("link: null", "dates:" with nothing under it), and no blank line inside
    a group of fields: blank lines only between the groups, at the left edge."""
    monkeypatch.setattr(sys, "stdin", io.StringIO())
    assert new(root, what, "--slug", "new-one", "--office", "lgd", *flags) == 0
    front = (root / "content" / f"{what}s" / "new-one.md").read_text(encoding="utf-8").split("\n---\n")[0]
    lines = front.splitlines()[1:]
    for n, line in enumerate(lines):
        following = lines[n + 1] if n + 1 < len(lines) else ""
        if not line.strip():
            assert not following.startswith(" "), f"a blank line inside a group, before {following!r}"
        elif not line.lstrip().startswith("#"):
            key, _, value = line.partition(":")
            value = value.split(" #")[0].strip()
            assert value not in ("null", "~", '""'), line
            if not value:  # a group: its fields follow, indented
                indent = len(line) - len(line.lstrip())
                assert len(following) - len(following.lstrip()) > indent and following.strip(), (line, following)


@pytest.mark.parametrize("what, flags, english", [
    ("idea", ["--title-bn", "হেল্প ডেস্ক", "--summary-bn", "বিবরণ", "--summary-en", "A help desk.", "--kind",
              "simplification", "--status", "piloting", "--running"], "Below this comment, write the full description in English"),
    ("team", ["--name-bn", "টিম", "--name-en", "Team", "--level", "district"],
     "Below this comment, write about the team in English"),
])
def test_english_text_writes_the_english_twin_with_only_a_hint(root, monkeypatch, capsys, what, flags, english):
    """The hint is a comment: no English body, until the officer writes one below it. An English
    file that is there already is the English description: it is kept, with --force too."""
    monkeypatch.setattr(sys, "stdin", io.StringIO())
    twin = root / "content" / f"{what}s" / "old-one.en.md"
    twin.parent.mkdir(parents=True, exist_ok=True)
    twin.write_text("An English text written before.\n", encoding="utf-8")
    assert new(root, what, "--slug", "old-one", "--office", "lgd", "--force", *flags) == 0
    assert twin.read_text(encoding="utf-8") == "An English text written before.\n"
    assert getattr(load(root / "content")[0], f"{what}s")["old-one"].body["en"] == "An English text written before."
    twin = root / "content" / f"{what}s" / "new-one.en.md"
    assert new(root, what, "--slug", "new-one", "--office", "lgd", *flags) == 0
    assert english in twin.read_text(encoding="utf-8")
    records = getattr(load(root / "content")[0], f"{what}s")
    assert dict(records["new-one"].body) == {"bn": ""}
    twin.write_text(twin.read_text(encoding="utf-8") + "\nThe English description.\n", encoding="utf-8")
    records = getattr(load(root / "content")[0], f"{what}s")
    assert records["new-one"].body["en"].endswith("-->\n\nThe English description.")


def test_a_proposed_innovations_pages_in_a_browser(tmp_path, monkeypatch, capsys, browser):
    """`new` for a proposed innovation with English text, and the Bengali description the officer
    then writes: the English page says the service has not started and why, in English, and links
    to the Bengali description (the .en.md holds only the hint) instead of showing an empty one,
    with the notice that the page is not yet in English; the API has no English body for it."""
    content = tmp_path / "content"
    copy_offices(content / "offices")
    shutil.copytree(REPO / "content" / "teams", content / "teams")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "stdin", io.StringIO())
    assert new(tmp_path, "idea", "--slug", "union-ideas", "--title-bn", "প্রতিটি ইউনিয়ন থেকে মাসে একটি আইডিয়া",
               "--summary-bn", "ইউনিয়ন পরিষদগুলো প্রতি মাসে একটি উদ্ভাবনী আইডিয়া পাঠাবে।", "--title-en",
               "An idea a month from every union", "--summary-en", "Every union council sends an innovative idea a month.",
               "--office", "uno-louhajanj", "--team", "louhajanj-innovation-team", "--kind", "new_idea",
               "--status", "proposed") == 0
    path = content / "ideas" / "union-ideas.md"
    path.write_text(path.read_text(encoding="utf-8") + "উদ্যোক্তা ও ইউপি সচিবরা স্থানীয় মানুষের কাছ থেকে আইডিয়া সংগ্রহ করবেন।\n",
                    encoding="utf-8")
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    config["theme"]["custom_dir"] = str(REPO / "theme")
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    code, output = mkdocs_build(tmp_path)
    assert code == 0, output
    server, url = serve(tmp_path / "site")
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(url + "en/ideas/union-ideas/")
        assert page.locator("h1").inner_text() == "An idea a month from every union"
        stopped = page.locator(".bank-stopped")
        assert stopped.locator(".admonition-title").inner_text() == t("service.not_started", "en")
        assert f"{t('label.reason', 'en')}: It is still a proposal" in stopped.inner_text()
        assert page.locator(".bank-body").count() == 0
        assert page.locator(".bank-fallback .admonition-title").inner_text() == t("notice.fallback_title", "en")
        document = json.loads(page.request.get(url + "api/v1/ideas/union-ideas.json").text())
        assert document["idea"]["body"] == {"bn": "উদ্যোক্তা ও ইউপি সচিবরা স্থানীয় মানুষের কাছ থেকে আইডিয়া সংগ্রহ করবেন।"}
        link = page.get_by_role("link", name=t("notice.body_in_bengali", "en"))
        link.click()
        page.wait_for_url(url + "ideas/union-ideas/")
        assert page.locator(".bank-stopped .admonition-title").inner_text() == t("service.not_started", "bn")
        assert "কারণ: এটি এখনো প্রস্তাব পর্যায়ে" in page.locator(".bank-stopped").inner_text()
        assert page.locator(".bank-body").inner_text() == "উদ্যোক্তা ও ইউপি সচিবরা স্থানীয় মানুষের কাছ থেকে আইডিয়া সংগ্রহ করবেন।"
    finally:
        context.close()
        server.shutdown()
