"""`innobank validate` and the loader behind it, as an officer sees them: a valid bank passes, and
each kind of mistake fails with exit 1, the file and the exact line, and a sentence in English and
in Bengali. Also `innobank new`, `schema` and `stats`. Every test builds its own small content tree
in tmp_path (content/ in the repository is edited by others and is not relied on)."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from generator.cli import main
from generator.load import load
from sitebuild import copy_offices

REPO = Path(__file__).resolve().parent.parent
BENGALI = re.compile(r"[\u0980-\u09FF]")

OFFICES = {
    "lgd": 'name: {bn: "স্থানীয় সরকার বিভাগ", en: "Local Government Division"}\nkind: division\n'
           "website: https://www.lgd.gov.bd\n",
    "dc-munshiganj": 'name: {bn: "জেলা প্রশাসকের কার্যালয়, মুন্সিগঞ্জ", en: "Deputy Commissioner\'s Office, Munshiganj"}\n'
                     "kind: district\nparent: lgd\nplace: munshiganj\n",
}

TEAM = """\
---
name: {bn: "স্থানীয় সরকার বিভাগের ইনোভেশন টিম", en: "Local Government Division Innovation Team"}
level: division
office: lgd
formed:
  date: 2013-04-08
members:
  - name: {bn: "ইকরুল হক", en: "Ikrul Haque"}
    designation: {bn: "অতিরিক্ত সচিব", en: "Additional Secretary"}
    role: chief_innovation_officer
---
স্থানীয় সরকার বিভাগের ইনোভেশন টিম।
"""

IDEA = """\
---
title: {bn: "জেলা পরিষদের প্রশাসকদের অনলাইন ছুটি", en: "Online leave for Zila Parishad administrators"}
summary:
  bn: জেলা পরিষদের প্রশাসকদের ছুটি অনলাইনে অনুমোদন।
  en: Leave for Zila Parishad administrators is approved online.
kind: digitisation
status: implemented
office: lgd
team: lgd-innovation-team
place: munshiganj
sectors: [local_government, ict]
dates:
  started: 2016-02-01
  implemented: 2016-12-15
service:
  link: https://leave.lgd.gov.bd
  running: yes
  expected_result: yes
impact:
  time: {before: 15, after: 1, unit: days}
  cost: {before: 500, after: 0}
  visits: {before: 3, after: 0}
awards:
  - name: জনপ্রশাসন পদক
    level: national
    year: 2017
innovators:
  - name: মোঃ জাহিদ হোসেন
    designation: সিনিয়র সহকারী সচিব
links:
  - title: {bn: সংবাদ, en: News report}
    url: https://www.lgd.gov.bd/news
---

জেলা পরিষদের প্রশাসকদের ছুটি এখন অনলাইনে অনুমোদন হয়।

এতে সময় ও খরচ দুটোই কমেছে।
"""

IDEA_EN = "Leave for Zila Parishad administrators is now approved online.\n"


def line_of(text: str, needle: str, nth: int = 1) -> int:
    """The 1-based line of the nth line of text that contains needle."""
    hits = [i for i, line in enumerate(text.split("\n"), start=1) if needle in line]
    assert len(hits) >= nth, f"{needle!r} not in the test file"
    return hits[nth - 1]


def edit(text: str, old: str, new: str) -> str:
    assert old in text, f"{old!r} not in the test file"
    return text.replace(old, new, 1)


def write_tree(root: Path, ideas: dict[str, str | bytes] | None = None, teams: dict | None = None,
               offices: dict | None = None) -> Path:
    """root/content with the given files (name → text or bytes); the defaults are one valid idea
    (with its English body), one team and two offices."""
    content = root / "content"
    for kind, files in (("offices", {f"{k}.yaml": v for k, v in OFFICES.items()} if offices is None else offices),
                        ("teams", {"lgd-innovation-team.md": TEAM} if teams is None else teams),
                        ("ideas", {"online-leave.md": IDEA, "online-leave.en.md": IDEA_EN} if ideas is None else ideas)):
        folder = content / kind
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        for name, data in files.items():
            (folder / name).write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return root


@pytest.fixture
def root(tmp_path, monkeypatch):
    """A repository folder with a valid bank; the working directory, so problems name files the
    way an officer running `innobank validate` in a clone sees them (content/ideas/…)."""
    monkeypatch.chdir(tmp_path)
    return write_tree(tmp_path)


def validate(root: Path, capsys, *args: str) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["--root", str(root), "validate", *args])
    out = capsys.readouterr()
    return code, out.out + out.err


def problems(root: Path, capsys, *args: str) -> list[dict]:
    code, out = validate(root, capsys, "--format", "json", *args)
    found = json.loads(out)
    assert code == (1 if found else 0)
    return found


def expect_problem(root: Path, capsys, file: str, line: int, en: str, bn: str, field: str | None = None) -> dict:
    """validate fails with exit 1, and both the human and the JSON output report the problem at
    file:line with the English and Bengali sentence."""
    code, out = validate(root, capsys)
    assert code == 1, out
    assert f"{file}\n" in out, out
    found = problems(root, capsys)
    hits = [p for p in found if p["file"] == file and p["line"] == line and en in p["en"] and bn in p["bn"]]
    assert hits, f"no problem at {file}:{line} saying {en!r} / {bn!r}; got:\n{json.dumps(found, ensure_ascii=False, indent=1)}"
    p = hits[0]
    if field is not None:
        assert p["field"] == field
    # The human report shows the same problem: line:column, then the English and the Bengali line.
    block = f"  {p['line']}:{p['column']}" + (f" {p['field']}" if p["field"] else "") + f"\n    {p['en']}\n    {p['bn']}\n"
    assert block in out, out
    assert BENGALI.search(p["bn"]) and p["en"] != p["bn"]
    assert re.search(r"\d+ problem\(s\) found / [০-৯]+টি সমস্যা পাওয়া গেছে", out)
    return p


IDEA_FILE = "content/ideas/online-leave.md"


def bad_idea(root: Path, text: str | bytes, name: str = "online-leave.md") -> None:
    (root / "content" / "ideas" / name).write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))


# ---- a valid bank ---------------------------------------------------------------------------------

def test_valid_bank_passes(root, capsys):
    code, out = validate(root, capsys)
    assert code == 0, out
    assert "All content is valid: 1 innovations, 1 teams, 2 offices." in out
    assert "সব কনটেন্ট সঠিক: ১টি উদ্ভাবন, ১টি টিম, ২টি দপ্তর।" in out
    assert problems(root, capsys) == []
    code, out = validate(root, capsys, "--format", "github")
    assert code == 0 and "::error" not in out


def test_valid_bank_is_loaded_as_written(root):
    bank, found = load(root / "content")
    assert found == []
    record = bank.ideas["online-leave"]
    idea = record.item
    assert idea.title.get("en") == "Online leave for Zila Parishad administrators"
    assert idea.service.running is True and idea.dates.implemented.isoformat() == "2016-12-15"
    assert record.body["bn"].startswith("জেলা পরিষদের") and record.body["en"] == IDEA_EN.strip()
    assert bank.teams["lgd-innovation-team"].item.office == "lgd"
    assert bank.offices["dc-munshiganj"].item.parent == "lgd"


def test_reloading_with_a_cache_reads_only_what_changed(root):
    """`mkdocs serve` keeps a cache between rebuilds: unchanged files are not read again, and an
    edited, broken, English-bodied or deleted file is seen as it is now."""
    cache = {}
    first, _ = load(root / "content", cache=cache)
    again, found = load(root / "content", cache=cache)
    assert found == [] and again.teams["lgd-innovation-team"] is first.teams["lgd-innovation-team"]
    idea = root / "content" / "ideas" / "online-leave.md"
    idea.write_text(edit(IDEA, "status: implemented", "status: finished"), encoding="utf-8")
    broken, found = load(root / "content", cache=cache)
    assert "online-leave" not in broken.ideas and [p.field for p in found] == ["status"]
    idea.write_text(IDEA, encoding="utf-8")
    (root / "content" / "ideas" / "online-leave.en.md").write_text("The English body, edited.", encoding="utf-8")
    fixed, found = load(root / "content", cache=cache)
    assert found == [] and fixed.ideas["online-leave"].body["en"] == "The English body, edited."
    (root / "content" / "teams" / "lgd-innovation-team.md").unlink()
    gone, found = load(root / "content", cache=cache)
    assert "lgd-innovation-team" not in gone.teams and {p.code for p in found} == {"unknown_team"}
    assert len(cache) == 1 + 2  # the idea and the two offices: nothing kept for the deleted file


def test_fields_with_no_closing_line_are_told_so(root, capsys):
    idea = root / "content" / "ideas" / "online-leave.md"
    assert IDEA.count("\n---\n") == 1
    idea.write_text(IDEA.replace("\n---\n", "\n\n"), encoding="utf-8")  # the closing line left out
    unclosed = [p for p in problems(root, capsys) if p["code"] == "front_matter_unclosed"]
    assert [(p["file"], p["line"]) for p in unclosed] == [("content/ideas/online-leave.md", 1)]
    assert '"---"' in unclosed[0]["en"] and '"---"' in unclosed[0]["bn"]


def test_fields_in_an_english_file_are_refused_not_published_as_text(root, capsys):
    english = root / "content" / "ideas" / "online-leave.en.md"
    english.write_text("\n---\ntitle: Online leave\n---\n" + IDEA_EN, encoding="utf-8")
    found = problems(root, capsys)
    assert [(p["file"], p["line"], p["code"]) for p in found] == [("content/ideas/online-leave.en.md", 2, "english_fields")]
    assert "title.en" in found[0]["en"] and "title.en" in found[0]["bn"]
    english.write_text("Leave is approved online.\n\n---\n\nA rule between paragraphs stays a rule.\n", encoding="utf-8")
    assert problems(root, capsys) == []


@pytest.mark.parametrize("cached", [False, True])
def test_a_broken_file_is_reported_once_not_by_every_file_that_names_it(root, capsys, cached):
    """The office's website mistyped: its innovations, teams, offices below it, adoptions and body
    links do not each say there is no such office (or innovation, or team)."""
    offices = dict(OFFICES, **{"dc-munshiganj": OFFICES["dc-munshiganj"] + "adopted:\n  - {idea: online-leave, year: 2022}\n"})
    body = "\n\nদেখুন [টিম](../teams/lgd-innovation-team.md) ও [দপ্তর](office:lgd)।\n"
    write_tree(root, ideas={"online-leave.md": IDEA + body, "other.md": edit(IDEA, "status: implemented", "status: finished")},
               offices={f"{k}.yaml": v for k, v in offices.items()})
    if cached:
        problems(root, capsys)
    lgd = root / "content" / "offices" / "lgd.yaml"
    lgd.write_text(OFFICES["lgd"].replace("https://www.lgd.gov.bd", "www.lgd.gov.bd"), encoding="utf-8")
    team = root / "content" / "teams" / "lgd-innovation-team.md"
    team.write_text(edit(TEAM, "level: division", "level: divisional"), encoding="utf-8")
    (root / "content" / "ideas" / "online-leave.md").write_text(
        edit(IDEA + body, "status: implemented", "status: done"), encoding="utf-8")
    found = problems(root, capsys)
    assert sorted((p["file"], p["field"]) for p in found) == [
        ("content/ideas/online-leave.md", "status"), ("content/ideas/other.md", "status"),
        ("content/offices/lgd.yaml", "website"), ("content/teams/lgd-innovation-team.md", "level")]
    lgd.unlink()  # gone, it is unknown again
    assert {p["code"] for p in problems(root, capsys) if p["file"] != "content/ideas/other.md"} >= {"unknown_office"}


def test_console_script_runs(root):
    script = Path(sys.executable).with_name("innobank")
    assert script.exists(), "pip install -e . should have installed the innobank command"
    ok = subprocess.run([str(script), "--root", str(root), "validate"], capture_output=True, text=True,
                        cwd=root, timeout=120)
    assert ok.returncode == 0, ok.stderr
    assert "All content is valid" in ok.stdout and "সব কনটেন্ট সঠিক" in ok.stdout
    bad_idea(root, edit(IDEA, "office: lgd", "office: lgdd"))
    bad = subprocess.run([str(script), "--root", str(root), "validate"], capture_output=True, text=True,
                         cwd=root, timeout=120)
    assert bad.returncode == 1
    assert f"{IDEA_FILE}\n  {line_of(IDEA, 'office: lgd')}:1 office\n" in bad.stdout
    assert 'There is no office "lgdd"' in bad.stdout and '"lgdd" নামে কোনো দপ্তর নেই' in bad.stdout
    assert "Traceback" not in bad.stdout + bad.stderr
    # The program ends without Python's own clean-up (generator.cli.script): all it printed still
    # arrives, through a pipe that holds it until it is flushed.
    buffered = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}
    listed = subprocess.run([str(script), "--root", str(root), "validate", "--format", "json"], capture_output=True,
                            text=True, cwd=root, timeout=120, env=buffered)
    assert listed.returncode == 1 and [p["field"] for p in json.loads(listed.stdout)] == ["office"]


def test_the_program_starts_without_the_other_commands_dependencies():
    """Every command's module is imported at each start: what only another command's run needs
    (the link checker's http.client and ssl, the statistics, subprocess) is imported when it runs,
    so that `innobank validate` does not wait for it."""
    code = ("import sys; from generator.cli import COMMANDS; "
            "print(sorted({'ssl', 'http.client', 'subprocess', 'generator.officers.links', 'generator.stats'} & set(sys.modules)))")
    started = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert started.returncode == 0, started.stderr
    assert started.stdout == "[]\n"


# ---- each kind of bad input: exit 1, file:line, English and Bengali ------------------------------

def test_malformed_yaml(root, capsys):
    bad_idea(root, edit(IDEA, "kind: digitisation", "kind: digitisation: simplification"))
    expect_problem(root, capsys, IDEA_FILE, line_of(IDEA, "kind:"), "put the whole value in quotation marks",
                   "পুরো মানটি উদ্ধৃতিচিহ্নের ভেতরে লিখুন")


def test_unclosed_bracket(root, capsys):
    text = edit(IDEA, "sectors: [local_government, ict]", "sectors: [local_government, ict")
    bad_idea(root, text)
    p = expect_problem(root, capsys, IDEA_FILE, line_of(text, "dates:"), 'A "[" or "{" opened on this line or above',
                       'একটি "[" বা "{" বন্ধ হয়নি')
    assert p["field"] == ""


def test_tab_indentation(root, capsys):
    text = edit(IDEA, "  started:", "\tstarted:")
    bad_idea(root, text)
    expect_problem(root, capsys, IDEA_FILE, line_of(text, "\tstarted"), "indented with a tab", "ট্যাব চলবে না")


@pytest.mark.parametrize("old, new, needle, field, en, bn", [
    ("running: yes", "running: [yes]", "running:", "service.running", "should be yes or no", "হ্যাঁ অথবা না"),
    ("running: yes", "running: maybe", "running:", "service.running", '"maybe" should be yes or no', "হ্যাঁ অথবা না"),
    ("sectors: [local_government, ict]", "sectors: ict", "sectors:", "sectors", "should be a list", "তালিকা"),
    ("year: 2017", "year: দুই হাজার সতেরো", "year:", "awards[0].year", "should be a number", "সংখ্যা হওয়া উচিত"),
    ("year: 2017", "year: 1950", "year:", "awards[0].year", "The year 1950 is outside 1971–2100", "১৯৫০ সালটি"),
    ("service:\n  link", "service: yes\nx:\n  link", "service:", "service", "group of fields", "ঘরের একটি দল"),
    ("title: {bn: \"জেলা", "title: {bn: [1, 2], x: \"জেলা", "title:", None, "", ""),
    ("  started: 2016-02-01", "  started: 1st February", "started:", "dates.started",
     "is not a real date", "সঠিক তারিখ নয়"),
])
def test_wrong_types(root, capsys, old, new, needle, field, en, bn):
    text = edit(IDEA, old, new)
    bad_idea(root, text)
    expect_problem(root, capsys, IDEA_FILE, line_of(text, needle), en, bn, field)


@pytest.mark.parametrize("text", ["", "\n\n", "---\n---\n", "---\n# only a comment\n---\nbody\n"])
def test_empty_file(root, capsys, text):
    bad_idea(root, text)
    expect_problem(root, capsys, IDEA_FILE, 1, "The file has no fields", "কোনো ঘর নেই")


def test_no_front_matter(root, capsys):
    bad_idea(root, "title: x\n")
    expect_problem(root, capsys, IDEA_FILE, 1, 'must start with a line "---"', '"---" লাইন')


def test_not_a_mapping(root, capsys):
    bad_idea(root, "---\n- title\n- summary\n---\n")
    expect_problem(root, capsys, IDEA_FILE, 2, "not a single value or a list", "তালিকা নয়")


def test_bom_file_that_is_otherwise_valid_passes(root, capsys):
    bad_idea(root, b"\xef\xbb\xbf" + IDEA.encode("utf-8"))
    (root / "content/offices/lgd.yaml").write_bytes(b"\xef\xbb\xbf" + OFFICES["lgd"].encode("utf-8"))
    code, out = validate(root, capsys)
    assert code == 0, out
    bank, found = load(root / "content")
    assert found == [] and bank.ideas["online-leave"].item.title.bn.startswith("জেলা")


def test_bom_file_with_a_mistake_keeps_its_line_numbers(root, capsys):
    text = edit(IDEA, "office: lgd", "office: lgdd")
    bad_idea(root, b"\xef\xbb\xbf" + text.encode("utf-8"))
    expect_problem(root, capsys, IDEA_FILE, line_of(text, "office:"), 'no office "lgdd"', '"lgdd" নামে')


def test_invalid_utf8(root, capsys):
    raw = IDEA.encode("utf-8").replace("মোঃ জাহিদ".encode("utf-8"), b"\xcd\xef\xf3 \xff")
    bad_idea(root, raw)
    expect_problem(root, capsys, IDEA_FILE, line_of(IDEA, "মোঃ জাহিদ"), "not saved as UTF-8", "UTF-8 হিসেবে")


def test_windows_1252_file(root, capsys):
    bad_idea(root, "---\ntitle: Caf\xe9\n---\n".encode("cp1252"))
    expect_problem(root, capsys, IDEA_FILE, 2, "not saved as UTF-8", "UTF-8")


def test_crlf_line_endings_pass_and_keep_line_numbers(root, capsys):
    bad_idea(root, IDEA.replace("\n", "\r\n"))
    assert validate(root, capsys)[0] == 0
    text = edit(IDEA, "place: munshiganj", "place: munshigonj")
    bad_idea(root, text.replace("\n", "\r\n"))
    expect_problem(root, capsys, IDEA_FILE, line_of(text, "place:"), 'no place with the code "munshigonj"',
                   '"munshigonj" কোডের কোনো স্থান নেই')


def test_missing_required_field(root, capsys):
    bad_idea(root, edit(IDEA, "kind: digitisation\n", ""))
    # A field that is not there has no line of its own: the problem points at the file's start.
    expect_problem(root, capsys, IDEA_FILE, 1, 'The field "kind" is required', '"kind" ঘরটি আবশ্যক', "kind")


def test_missing_nested_field_points_at_its_group(root, capsys):
    text = edit(IDEA, "  running: yes\n", "")
    bad_idea(root, text)
    expect_problem(root, capsys, IDEA_FILE, line_of(text, "service:"), '"service.running" is required',
                   '"service.running" ঘরটি আবশ্যক', "service.running")


@pytest.mark.parametrize("old, new, needle, key, suggestion", [
    ("title:", "titel:", "titel:", "titel", "title"),
    ("  running: yes", "  runing: yes", "runing:", "runing", "running"),
    ("    year: 2017", "    yaer: 2017", "yaer:", "yaer", "year"),
])
def test_unknown_key_with_suggestion(root, capsys, old, new, needle, key, suggestion):
    text = edit(IDEA, old, new)
    bad_idea(root, text)
    p = expect_problem(root, capsys, IDEA_FILE, line_of(text, needle), f'There is no field called "{key}" here.',
                       f'এখানে "{key}" নামে কোনো ঘর নেই।')
    assert f'Did you mean "{suggestion}"?' in p["en"]
    assert f'আপনি কি "{suggestion}" বোঝাতে চেয়েছেন?' in p["bn"]
    assert "Allowed fields:" in p["en"] and "যে ঘরগুলো চলে:" in p["bn"]


def test_yaml_keywords_as_keys_are_unknown_keys_on_their_line(root, capsys):
    text = edit(IDEA, "kind: digitisation", "kind: digitisation\nyes: 1\n2022-01-01: 2")
    bad_idea(root, text)
    found = problems(root, capsys)
    assert {(p["line"], p["field"]) for p in found} == {(line_of(text, "yes: 1"), "yes"),
                                                        (line_of(text, "2022-01-01: 2"), "2022-01-01")}


@pytest.mark.parametrize("old, new, value, suggestion", [
    ("kind: digitisation", "kind: digitization", "digitization", "digitisation"),
    ("status: implemented", "status: implementd", "implementd", "implemented"),
    ("    level: national", "    level: nationl", "nationl", "national"),
    ("[local_government, ict]", "[local_goverment, ict]", "local_goverment", "local_government"),
])
def test_unknown_choice_with_suggestion(root, capsys, old, new, value, suggestion):
    text = edit(IDEA, old, new)
    bad_idea(root, text)
    p = expect_problem(root, capsys, IDEA_FILE, line_of(text, value), f'"{value}" is not one of the allowed values.',
                       f'"{value}" অনুমোদিত মানগুলোর একটি নয়।')
    assert f'Did you mean "{suggestion}"?' in p["en"] and f'আপনি কি "{suggestion}"' in p["bn"]


@pytest.mark.parametrize("old, new, en, bn, suggestion", [
    ("office: lgd", "office: lgdd", 'There is no office "lgdd" in content/offices/.', '"lgdd" নামে কোনো দপ্তর নেই', "lgd"),
    ("team: lgd-innovation-team", "team: lgd-inovation-team", 'There is no team "lgd-inovation-team"',
     '"lgd-inovation-team" নামে কোনো টিম নেই', "lgd-innovation-team"),
    ("place: munshiganj", "place: munshigonj", 'There is no place with the code "munshigonj".',
     '"munshigonj" কোডের কোনো স্থান নেই', "munshiganj"),
])
def test_unknown_reference(root, capsys, old, new, en, bn, suggestion):
    text = edit(IDEA, old, new)
    bad_idea(root, text)
    p = expect_problem(root, capsys, IDEA_FILE, line_of(text, new), en, bn)
    assert f'Did you mean "{suggestion}"?' in p["en"] and f'আপনি কি "{suggestion}" বোঝাতে চেয়েছেন?' in p["bn"]


def test_unknown_reference_without_a_close_match(root, capsys):
    text = edit(IDEA, "office: lgd", "office: zzzzzzzz")
    bad_idea(root, text)
    p = expect_problem(root, capsys, IDEA_FILE, line_of(text, "office:"), 'There is no office "zzzzzzzz"', "দপ্তর নেই")
    assert "Did you mean" not in p["en"] and "আপনি কি" not in p["bn"]


def test_unknown_references_in_teams_and_offices(root, capsys):
    write_tree(root, teams={"lgd-innovation-team.md": edit(TEAM, "office: lgd", "office: lgdx")},
               offices={"lgd.yaml": OFFICES["lgd"], "dc-munshiganj.yaml": edit(OFFICES["dc-munshiganj"], "parent: lgd", "parent: lgx")})
    expect_problem(root, capsys, "content/teams/lgd-innovation-team.md", line_of(TEAM, "office:"), 'no office "lgdx"', "দপ্তর নেই")
    expect_problem(root, capsys, "content/offices/dc-munshiganj.yaml", 3, 'no office "lgx"', "দপ্তর নেই", "parent")


def test_duplicate_slug(root, capsys):
    yaml_idea = IDEA.split("---\n")[1]
    bad_idea(root, yaml_idea, "online-leave.yaml")
    p = expect_problem(root, capsys, "content/ideas/online-leave.yaml", 1, "Another file already uses this name",
                       "এই নাম অন্য একটি ফাইল ইতিমধ্যে ব্যবহার করছে")
    assert IDEA_FILE in p["en"] and IDEA_FILE in p["bn"]


def test_duplicate_slug_is_found_even_when_the_first_file_is_broken(root, capsys):
    bad_idea(root, "---\ntitle: [\n---\n")
    bad_idea(root, IDEA.split("---\n")[1], "online-leave.yaml")
    found = problems(root, capsys)
    assert {p["code"] for p in found} == {"yaml_bracket", "duplicate_slug"}


def test_bad_file_name(root, capsys):
    bad_idea(root, IDEA, "Online Leave.md")
    expect_problem(root, capsys, "content/ideas/Online Leave.md", 1, "lowercase English letters", "ছোট হাতের ইংরেজি অক্ষর")


def test_duplicate_yaml_key(root, capsys):
    text = edit(IDEA, "team: lgd-innovation-team", "team: lgd-innovation-team\noffice: dc-munshiganj")
    bad_idea(root, text)
    expect_problem(root, capsys, IDEA_FILE, line_of(text, "office: dc-munshiganj"),
                   'The field "office" is written twice', '"office" ঘরটি দুবার লেখা হয়েছে', "office")


def test_duplicate_nested_key(root, capsys):
    text = edit(IDEA, "  running: yes", "  running: yes\n  running: no")
    bad_idea(root, text)
    expect_problem(root, capsys, IDEA_FILE, line_of(text, "running: no"), '"running" is written twice', "দুবার")


def test_dates_out_of_order(root, capsys):
    text = edit(IDEA, "implemented: 2016-12-15", "implemented: 2015-12-15")
    bad_idea(root, text)
    expect_problem(root, capsys, IDEA_FILE, line_of(text, "implemented: 2015"),
                   'The date "implemented" comes before "started"', '"implemented" তারিখটি "started" তারিখের আগে',
                   "dates.implemented")


@pytest.mark.parametrize("old, new, needle, field", [
    ("cost: {before: 500, after: 0}", "cost: {before: 500, after: -50}", "cost:", "impact.cost.after"),
    ("visits: {before: 3, after: 0}", "visits: {before: -3, after: 0}", "visits:", "impact.visits.before"),
    ("time: {before: 15, after: 1, unit: days}", "time: {before: '-১৫', after: 1, unit: days}", "time:", "impact.time.before"),
])
def test_negative_tcv(root, capsys, old, new, needle, field):
    text = edit(IDEA, old, new)
    bad_idea(root, text)
    expect_problem(root, capsys, IDEA_FILE, line_of(text, needle), "is too small: it must be at least 0",
                   "খুব ছোট: এটি কমপক্ষে ০ হতে হবে", field)


@pytest.mark.parametrize("value", [".inf", ".nan", "1.0e999"])
def test_infinite_tcv(root, capsys, value):
    text = edit(IDEA, "cost: {before: 500", f"cost: {{before: {value}")
    bad_idea(root, text)
    p = expect_problem(root, capsys, IDEA_FILE, line_of(text, "cost:"), "", "", "impact.cost.before")
    assert p["code"] in ("number", "too_small")


def test_not_running_service_without_reason(root, capsys):
    text = edit(IDEA, "running: yes", "running: না")
    bad_idea(root, text)
    expect_problem(root, capsys, IDEA_FILE, line_of(text, "running:"), 'marked as not running, so "not_running_reason" must say why',
                   'সেবাটি চালু নেই বলা হয়েছে, তাই "not_running_reason"', "service.running")
    bad_idea(root, edit(text, "running: না", "running: না\n  not_running_reason: বাজেট নেই"))
    assert validate(root, capsys)[0] == 0


def test_implemented_without_implemented_date(root, capsys):
    text = edit(IDEA, "  implemented: 2016-12-15\n", "")
    bad_idea(root, text)
    expect_problem(root, capsys, IDEA_FILE, line_of(text, "status: implemented"),
                   'An implemented or replicated innovation needs the date "dates.implemented".',
                   'বাস্তবায়িত বা রেপ্লিকেট করা উদ্ভাবনের "dates.implemented" তারিখ দিতে হবে।', "status")


PHONE_EN = 'This looks like a personal mobile number.'
PHONE_BN = 'এটি ব্যক্তিগত মোবাইল নম্বর বলে মনে হচ্ছে।'


@pytest.mark.parametrize("number", ["০১৭১১২৬৬০৮৫", "01711-266085", "+880 1711 266085", "০১৭১১ ২৬৬ ০৮৫", "8801911266085"])
def test_mobile_number_in_a_field(root, capsys, number):
    text = edit(IDEA, "designation: সিনিয়র সহকারী সচিব", f"designation: সিনিয়র সহকারী সচিব, মোবাইল {number}")
    bad_idea(root, text)
    expect_problem(root, capsys, IDEA_FILE, line_of(text, "মোবাইল"), PHONE_EN, PHONE_BN, "innovators[0].designation")


@pytest.mark.parametrize("number", ["০১৭১১২৬৬০৮৫", "01711-266085"])
def test_mobile_number_in_the_body(root, capsys, number):
    text = edit(IDEA, "এতে সময় ও খরচ", f"যোগাযোগ: {number}। এতে সময় ও খরচ")
    bad_idea(root, text)
    expect_problem(root, capsys, IDEA_FILE, line_of(text, "যোগাযোগ"), PHONE_EN, PHONE_BN, "body")


def test_mobile_number_in_the_english_body(root, capsys):
    text = "\n\nLeave is approved online.\nCall 01711-266085 for help.\n"
    bad_idea(root, text, "online-leave.en.md")
    expect_problem(root, capsys, "content/ideas/online-leave.en.md", 4, PHONE_EN, PHONE_BN, "body")


@pytest.mark.parametrize("text", ["স্মারক নং ৪৬.০৮৫.০১৮.০১.০০.০৩৩.২০১৫-১০১", "হটলাইন ৩৩৩", "2016-2017 সালে 1500 জন",
                                  "web@lgd.gov.bd", "০২-৯৫৫৫৫৫৫"])
def test_numbers_that_are_not_mobile_numbers_pass(root, capsys, text):
    bad_idea(root, edit(IDEA, "এতে সময় ও খরচ", f"{text}। এতে সময় ও খরচ"))
    code, out = validate(root, capsys)
    assert code == 0, out


@pytest.mark.parametrize("address", ["zahid.hossain@gmail.com", "Zahid@GMAIL.COM", "z@yahoo.com", "a @ gmail.com"])
def test_personal_email(root, capsys, address):
    text = edit(IDEA, "  - name: মোঃ জাহিদ হোসেন", f"  - name: মোঃ জাহিদ হোসেন ({address})")
    bad_idea(root, text)
    expect_problem(root, capsys, IDEA_FILE, line_of(text, address), "This looks like a personal e-mail address.",
                   "এটি ব্যক্তিগত ই-মেইল ঠিকানা বলে মনে হচ্ছে।", "innovators[0].name")


@pytest.mark.parametrize("link", ["javascript:alert(1)", "JavaScript:alert(document.cookie)", "data:text/html,<script>alert(1)</script>",
                                  "ftp://ftp.lgd.gov.bd/file", "//evil.example", "leave.lgd.gov.bd", "http://", "https:// x"])
def test_service_link_must_be_http(root, capsys, link):
    text = edit(IDEA, "link: https://leave.lgd.gov.bd", f"link: {json.dumps(link)}")
    bad_idea(root, text)
    p = expect_problem(root, capsys, IDEA_FILE, line_of(text, "link:"), "is not a web address the site can link to: it must start with http:// or https://",
                       "এমন কোনো ওয়েব ঠিকানা নয় যার লিংক সাইটে দেওয়া যায়: লিংক http:// অথবা https:// দিয়ে শুরু হতে হবে", "service.link")
    assert p["en"].startswith(f'"{link}"')


@pytest.mark.parametrize("link", ["https://10.0.0.1/leave", "https://103.48.16.2", "https://xn--m-8sb5bi.gov.bd/",
                                  "https://leave.lgd.gov.bd:70000/"])
def test_a_service_link_must_name_its_website(root, capsys, link):
    """Not its IP address, which is no public name; not a name in its "xn--" form, which can spell a
    look-alike in any script; and no port a web address cannot have. The message says what a host
    may be."""
    text = edit(IDEA, "link: https://leave.lgd.gov.bd", f"link: {link}")
    bad_idea(root, text)
    p = expect_problem(root, capsys, IDEA_FILE, line_of(text, "link:"), "the website's name (not a number such as 10.0.0.1)",
                       "ওয়েবসাইটের নাম (10.0.0.1 এর মতো নম্বর নয়)", "service.link")
    assert '(not as "xn--…")' in p["en"] and '("xn--…" আকারে নয়)' in p["bn"]
    assert "at most 65535" in p["en"] and "৬৫৫৩৫ এর বেশি হবে না" in p["bn"]


def test_other_links_must_be_http_too(root, capsys):
    text = edit(IDEA, "url: https://www.lgd.gov.bd/news", "url: javascript:alert(1)")
    bad_idea(root, text)
    expect_problem(root, capsys, IDEA_FILE, line_of(text, "url:"), "is not a web address", "ওয়েব ঠিকানা নয়", "links[0].url")


def test_bengali_digits_in_numbers_and_dates_are_accepted(root, capsys):
    text = (IDEA.replace("started: 2016-02-01", "started: ২০১৬-০২-০১")
            .replace("implemented: 2016-12-15", "implemented: ২০২২-০৮-২৮")
            .replace("year: 2017", "year: ২০১৭")
            .replace("cost: {before: 500, after: 0}", "cost: {before: '১,৫০০', after: '০'}")
            .replace("time: {before: 15,", "time: {before: ১৫,"))
    bad_idea(root, text)
    code, out = validate(root, capsys)
    assert code == 0, out
    idea = load(root / "content")[0].ideas["online-leave"].item
    assert idea.dates.started.isoformat() == "2016-02-01" and idea.dates.implemented.isoformat() == "2022-08-28"
    assert idea.awards[0].year == 2017 and idea.impact.cost.before == 1500 and idea.impact.time.before == 15


@pytest.mark.parametrize("date", ["2023-02-30", "২০২৩-১৩-০১", "2023-13-01", "২০২৩-০২-৩০"])
def test_impossible_dates(root, capsys, date):
    text = edit(IDEA, "started: 2016-02-01", f"started: {date}")
    bad_idea(root, text)
    p = expect_problem(root, capsys, IDEA_FILE, line_of(text, "started:"), f'"{date}" is not a real date',
                       "সঠিক তারিখ নয়; বছর-মাস-দিন আকারে লিখুন", "dates.started")
    assert p["column"] == 3


def test_nfc_normalisation(root, capsys):
    # "মোঃ" and "সিনিয়র" decomposed: ো as ে + া, য় as য + ়; and "é" as e + combining acute.
    decomposed = unicodedata.normalize("NFD", "মোঃ জাহিদ হোসেন, সিনিয়র")
    assert decomposed != unicodedata.normalize("NFC", decomposed)
    text = (edit(IDEA, "  - name: মোঃ জাহিদ হোসেন", f"  - name: {decomposed}")
            .replace("en: News report", "en: Caf" + "e\u0301 news"))
    bad_idea(root, text)
    assert validate(root, capsys)[0] == 0
    idea = load(root / "content")[0].ideas["online-leave"].item
    assert idea.innovators[0].name.bn == unicodedata.normalize("NFC", decomposed)
    assert unicodedata.is_normalized("NFC", idea.innovators[0].name.bn)
    assert idea.links[0].title.en == "Caf\u00e9 news"


def test_invisible_title_is_empty(root, capsys):
    text = edit(IDEA, 'title: {bn: "জেলা পরিষদের প্রশাসকদের অনলাইন ছুটি"', 'title: {bn: "\u200b\u200c \u2060"')
    bad_idea(root, text)
    expect_problem(root, capsys, IDEA_FILE, line_of(text, "title:"), "This field is empty", "এই ঘরটি ফাঁকা", "title.bn")


def test_parent_team_cycle(root, capsys):
    a = edit(TEAM, "office: lgd", "office: lgd\nparent: team-b")
    b = edit(TEAM, "office: lgd", "office: lgd\nparent: lgd-innovation-team")
    write_tree(root, teams={"lgd-innovation-team.md": a, "team-b.md": b})
    for file in ("content/teams/lgd-innovation-team.md", "content/teams/team-b.md"):
        expect_problem(root, capsys, file, line_of(a, "parent:"), "The parent teams loop back to this team",
                       "প্যারেন্ট টিমগুলো ঘুরে এই টিমেই ফিরে এসেছে", "parent")


def test_team_that_is_its_own_parent(root, capsys):
    write_tree(root, teams={"lgd-innovation-team.md": edit(TEAM, "office: lgd", "office: lgd\nparent: lgd-innovation-team")})
    expect_problem(root, capsys, "content/teams/lgd-innovation-team.md", 5, "loop back", "ফিরে এসেছে", "parent")


def test_a_team_leading_into_a_loop_is_not_in_it(root, capsys):
    a = edit(TEAM, "office: lgd", "office: lgd\nparent: team-b")
    b = edit(TEAM, "office: lgd", "office: lgd\nparent: lgd-innovation-team")
    c = edit(TEAM, "office: lgd", "office: lgd\nparent: team-b")
    write_tree(root, teams={"lgd-innovation-team.md": a, "team-b.md": b, "team-c.md": c})
    assert sorted(p["file"] for p in problems(root, capsys)) == ["content/teams/lgd-innovation-team.md",
                                                                 "content/teams/team-b.md"]


def test_parent_office_cycle(root, capsys):
    offices = dict(OFFICES, lgd=OFFICES["lgd"] + "parent: dc-munshiganj\n")
    write_tree(root, offices={f"{k}.yaml": v for k, v in offices.items()})
    for file in ("content/offices/lgd.yaml", "content/offices/dc-munshiganj.yaml"):
        text = offices[file.rsplit("/", 1)[1][:-5]]
        expect_problem(root, capsys, file, line_of(text, "parent:"), "The parent offices loop back to this office",
                       "প্যারেন্ট দপ্তরগুলো ঘুরে এই দপ্তরেই ফিরে এসেছে", "parent")


def test_orphan_english_file(root, capsys):
    bad_idea(root, IDEA_EN, "old-name.en.md")
    expect_problem(root, capsys, "content/ideas/old-name.en.md", 1, "This English text has no Bengali file old-name.md beside it.",
                   "এই ইংরেজি লেখার পাশে কোনো বাংলা ফাইল old-name.md নেই।")


def test_every_problem_in_a_file_is_reported_at_once(root, capsys):
    text = (IDEA.replace("kind: digitisation", "kind: digitization")
            .replace("office: lgd", "office: lgdd")
            .replace("link: https://leave.lgd.gov.bd", "link: javascript:alert(1)"))
    bad_idea(root, text)
    found = problems(root, capsys)
    # The model's problems (kind, link) stop the file before its references are checked.
    assert [(p["line"], p["field"]) for p in found] == [(line_of(text, "kind:"), "kind"), (line_of(text, "link:"), "service.link")]


# ---- output formats ----------------------------------------------------------------------------

def test_json_format(root, capsys):
    text = edit(IDEA, "status: implemented", "status: implementd")
    bad_idea(root, text)
    code, out = validate(root, capsys, "--format", "json")
    assert code == 1
    found = json.loads(out)
    assert found == [{
        "file": IDEA_FILE, "line": line_of(text, "status:"), "column": 1, "field": "status", "code": "choice",
        "en": '"implementd" is not one of the allowed values. Did you mean "implemented"? '
              "Allowed: proposed, piloting, implemented, replicated, discontinued.",
        "bn": '"implementd" অনুমোদিত মানগুলোর একটি নয়। আপনি কি "implemented" বোঝাতে চেয়েছেন? '
              "অনুমোদিত: proposed, piloting, implemented, replicated, discontinued।",
        "severity": "error",
    }]


def test_github_format(root, capsys):
    text = edit(IDEA, "office: lgd", "office: lgdd").replace("running: yes", "running: no")
    bad_idea(root, text)
    code, out = validate(root, capsys, "--format", "github")
    assert code == 1
    lines = out.strip().split("\n")
    assert lines == [
        f"::error file={IDEA_FILE},line={line_of(text, 'running:')},col=3,title=service.running::"
        'The service is marked as not running, so "not_running_reason" must say why. / '
        'সেবাটি চালু নেই বলা হয়েছে, তাই "not_running_reason" ঘরে কারণ লিখতে হবে।',
    ]
    text = edit(IDEA, "office: lgd", "office: lgdd")
    bad_idea(root, text)
    out = validate(root, capsys, "--format", "github")[1].strip()
    assert out.startswith(f"::error file={IDEA_FILE},line={line_of(text, 'office:')},col=1,title=office::")
    assert 'There is no office "lgdd"' in out and '"lgdd" নামে কোনো দপ্তর নেই' in out


def test_github_format_escapes_file_names(root, capsys):
    bad_idea(root, IDEA, "bad,name:x.md")
    out = validate(root, capsys, "--format", "github")[1].strip()
    assert out.startswith("::error file=content/ideas/bad%2Cname%3Ax.md,line=1,col=1,title=file_name::The file name must be")


def test_validate_only_named_paths(root, capsys):
    write_tree(root, teams={"lgd-innovation-team.md": edit(TEAM, "level: division", "level: divison")})
    bad_idea(root, edit(IDEA, "office: lgd", "office: lgdd"))
    found = problems(root, capsys, "content/teams")
    assert {p["file"] for p in found} == {"content/teams/lgd-innovation-team.md"}
    found = problems(root, capsys, IDEA_FILE)
    assert {p["file"] for p in found} == {IDEA_FILE}


# ---- new, schema, stats --------------------------------------------------------------------------

@pytest.fixture
def fresh_root(tmp_path, monkeypatch):
    """A repository folder with a copy of the real content/offices and nothing else."""
    copy_offices(tmp_path / "content" / "offices")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _an_office(root: Path) -> str:
    return sorted(p.stem for p in (root / "content" / "offices").glob("*.yaml"))[0]


def test_new_idea_writes_a_file_that_validates(fresh_root, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO())
    office = _an_office(fresh_root)
    code = main(["--root", str(fresh_root), "new", "idea", "--slug", "online-leave", "--title-bn", "অনলাইন ছুটি",
                 "--title-en", 'Online "leave"', "--summary-bn", "ছুটি অনলাইনে অনুমোদন: {সহজ}", "--office", office,
                 "--status", "implemented", "--kind", "digitisation", "--sector", "ict", "--sector", "land",
                 "--place", "munshiganj", "--link", "https://leave.lgd.gov.bd", "--implemented", "২০২৩-০৫-০৪",
                 "--running"])
    out = capsys.readouterr()
    assert code == 0, out.err
    path = fresh_root / "content" / "ideas" / "online-leave.md"
    assert path.exists() and str(path) in out.out
    code, report = validate(fresh_root, capsys)
    assert code == 0, report
    idea = load(fresh_root / "content")[0].ideas["online-leave"].item
    assert idea.title.bn == "অনলাইন ছুটি" and idea.title.en == 'Online "leave"'
    assert idea.summary.bn == "ছুটি অনলাইনে অনুমোদন: {সহজ}"
    assert idea.status.value == "implemented" and idea.dates.implemented is not None
    assert [s.value for s in idea.sectors] == ["ict", "land"] and idea.place == "munshiganj"
    # A second run does not overwrite it.
    assert main(["--root", str(fresh_root), "new", "idea", "--slug", "online-leave", "--title-bn", "x",
                 "--summary-bn", "y", "--office", office]) == 2
    assert "already exists" in capsys.readouterr().err


def test_new_idea_not_running(fresh_root, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO())
    assert main(["--root", str(fresh_root), "new", "idea", "--slug", "stopped", "--title-bn", "বন্ধ সেবা",
                 "--summary-bn", "বিবরণ", "--office", _an_office(fresh_root), "--not-running", "সার্ভার নেই",
                 "--kind", "digitisation", "--status", "discontinued"]) == 0
    idea = load(fresh_root / "content")[0].ideas["stopped"].item
    assert idea.service.running is False and idea.service.not_running_reason.bn == "সার্ভার নেই"


def test_new_idea_refuses_what_would_not_validate(fresh_root, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO())
    code = main(["--root", str(fresh_root), "new", "idea", "--slug", "x", "--title-bn", "ক", "--summary-bn", "খ",
                 "--office", "no-such-office", "--kind", "new_idea", "--status", "proposed", "--running"])
    err = capsys.readouterr().err
    assert code == 1 and 'There is no office "no-such-office"' in err and "নামে কোনো দপ্তর নেই" in err
    assert not (fresh_root / "content" / "ideas" / "x.md").exists()
    code = main(["--root", str(fresh_root), "new", "idea", "--slug", "Bad Name"])
    assert code == 2
    code = main(["--root", str(fresh_root), "new", "idea", "--slug", "x"])
    err = capsys.readouterr().err
    assert code == 2 and "--title-bn" in err and "--office" in err and "--kind" in err and "--status" in err
    assert "--running / --not-running" in err


def test_new_team_writes_a_file_that_validates(fresh_root, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO())
    office = _an_office(fresh_root)
    code = main(["--root", str(fresh_root), "new", "team", "--slug", "my-team", "--name-bn", "আমাদের ইনোভেশন টিম",
                 "--name-en", "Our innovation team", "--office", office, "--level", "district",
                 "--website", "https://www.example.gov.bd"])
    out = capsys.readouterr()
    assert code == 0, out.err
    assert (fresh_root / "content" / "teams" / "my-team.md").exists()
    code, report = validate(fresh_root, capsys)
    assert code == 0, report
    team = load(fresh_root / "content")[0].teams["my-team"].item
    assert team.name.get("en") == "Our innovation team" and team.level.value == "district" and team.office == office


def test_schema_out_writes_valid_json_schemas(tmp_path, capsys):
    jsonschema = pytest.importorskip("jsonschema")
    assert main(["schema", "--out", str(tmp_path / "schemas")]) == 0
    written = sorted(p.name for p in (tmp_path / "schemas").iterdir())
    assert written == ["idea.schema.json", "office.schema.json", "team.schema.json"]
    for name in written:
        schema = json.loads((tmp_path / "schemas" / name).read_text(encoding="utf-8"))
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        jsonschema.Draft202012Validator.check_schema(schema)
        assert schema["additionalProperties"] is False
    idea = json.loads((tmp_path / "schemas" / "idea.schema.json").read_text(encoding="utf-8"))
    assert set(idea["required"]) == {"title", "summary", "kind", "status", "office", "service"}
    # Without --out the same schemas are printed.
    capsys.readouterr()
    assert main(["schema"]) == 0
    assert set(json.loads(capsys.readouterr().out)) == {"ideas", "teams", "offices"}


def test_stats_prints_counts(root, capsys):
    second = (IDEA.replace("status: implemented", "status: proposed").replace("  implemented: 2016-12-15\n", "")
              .replace("kind: digitisation", "kind: simplification"))
    bad_idea(root, second, "second-idea.md")
    capsys.readouterr()
    assert main(["--root", str(root), "stats"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"^innovations\s+2$", out, re.M), out
    assert re.search(r"^implemented\s+1$", out, re.M)
    assert re.search(r"^teams\s+1$", out, re.M) and re.search(r"^offices\s+2$", out, re.M)
    assert re.search(r"^awarded\s+2$", out, re.M)
    assert re.search(r"^\s+digitisation\s+1$", out, re.M) and re.search(r"^\s+simplification\s+1$", out, re.M)


def test_stats_refuses_invalid_content(root, capsys):
    bad_idea(root, edit(IDEA, "office: lgd", "office: lgdd"))
    capsys.readouterr()
    assert main(["--root", str(root), "stats"]) == 1
    assert 'There is no office "lgdd"' in capsys.readouterr().out


# ---- the outside review of the form and the model (15) --------------------------------------------

def test_a_title_name_or_summary_longer_than_lists_hold_is_refused_saying_the_limit(root, capsys):
    """A title of 400 characters filled a phone's screen, one of 120,000 made a page of 972 KB:
    titles and names shown in lists may be 150 characters, a summary 600, in each language."""
    title = "ক" * 151
    text = edit(IDEA, 'title: {bn: "জেলা পরিষদের প্রশাসকদের অনলাইন ছুটি"', f'title: {{bn: "{title}"')
    bad_idea(root, text)
    found = expect_problem(root, capsys, IDEA_FILE, line_of(text, "title:"),
                           "This text is 151 characters long, and may be at most 150",
                           "লেখাটি ১৫১ অক্ষরের, কিন্তু সর্বোচ্চ ১৫০ অক্ষরের হতে পারে", "title.bn")
    assert found["code"] == "too_long"
    bad_idea(root, edit(IDEA, 'title: {bn: "জেলা পরিষদের প্রশাসকদের অনলাইন ছুটি"', f'title: {{bn: "{title[1:]}"'))
    assert validate(root, capsys)[0] == 0  # 150 is allowed
    summary = "Leave. " * 86  # 602 characters, 601 once the reader strips the last space
    text = edit(IDEA, "  en: Leave for Zila Parishad administrators is approved online.", f"  en: {summary}")
    bad_idea(root, text)
    expect_problem(root, capsys, IDEA_FILE, line_of(text, "  en: Leave. "), "This text is 601 characters long, and may be at most 600",
                   "লেখাটি ৬০১ অক্ষরের, কিন্তু সর্বোচ্চ ৬০০", "summary.en")
    bad_idea(root, IDEA)
    team = root / "content" / "teams" / "lgd-innovation-team.md"
    text = edit(TEAM, 'en: "Local Government Division Innovation Team"', f'en: "{"Team " * 31}"')
    team.write_text(text, encoding="utf-8")
    expect_problem(root, capsys, "content/teams/lgd-innovation-team.md", line_of(text, "name:"),
                   "This text is 154 characters long", "লেখাটি ১৫৪ অক্ষরের", "name.en")


def test_a_text_bound_declared_once_is_the_validators_the_schemas_and_the_forms(root, capsys, monkeypatch):
    """TitleText's LIMIT alone, changed: validate's message, the schema's maxLength (each language
    and the Bengali-only shorthand) and the web form's bound all follow it."""
    from generator.model.common import TitleText
    from generator.model.schema import content_schemas
    from generator.pages.contribute import describe

    monkeypatch.setattr(TitleText, "LIMIT", 40)
    text = edit(IDEA, 'en: "Online leave for Zila Parishad administrators"', 'en: "Online leave for all Zila Parishad administrators"')
    bad_idea(root, text)
    expect_problem(root, capsys, IDEA_FILE, line_of(text, "title:"), "This text is 49 characters long, and may be at most 40",
                   "লেখাটি ৪৯ অক্ষরের, কিন্তু সর্বোচ্চ ৪০ অক্ষরের হতে পারে", "title.en")
    schema = content_schemas()["ideas"]
    title = schema["$defs"]["TitleText"]["properties"]
    assert title["bn"]["maxLength"] == 40 == title["en"]["anyOf"][0]["maxLength"]
    assert schema["properties"]["title"]["anyOf"][1]["maxLength"] == 40
    form = next(f for f in describe("ideas")["fields"] if f["name"] == "title")
    assert form["max"] == 40


def test_the_bounds_of_lists_texts_are_the_schemas_and_the_banks_own_texts_fit(capsys):
    from generator.model.common import SUMMARY_MAX, TITLE_MAX
    from generator.model.schema import content_schemas

    schemas = content_schemas()
    ideas = schemas["ideas"]
    assert ideas["$defs"]["TitleText"]["properties"]["bn"]["maxLength"] == TITLE_MAX
    assert ideas["$defs"]["SummaryText"]["properties"]["bn"]["maxLength"] == SUMMARY_MAX
    assert {"type": "string", "maxLength": TITLE_MAX} .items() <= ideas["properties"]["title"]["anyOf"][1].items()
    assert schemas["teams"]["properties"]["name"]["anyOf"][0] == {"$ref": "#/$defs/TitleText"}
    assert schemas["offices"]["properties"]["name"]["anyOf"][0] == {"$ref": "#/$defs/TitleText"}
    bank, problems = load(REPO / "content")
    assert not [p for p in problems if p.code == "too_long"]
    assert max(len(rec.item.title.get(lang)) for rec in bank.ideas.values() for lang in ("bn", "en")) <= TITLE_MAX


def test_an_implemented_or_started_date_in_the_future_is_refused(root, capsys, monkeypatch):
    """"Today" is Bangladesh's date, or INNOBANK_TODAY's: the test does not depend on the clock."""
    monkeypatch.setenv("INNOBANK_TODAY", "2026-12-02")
    text = edit(IDEA, "  started: 2016-02-01\n  implemented: 2016-12-15\n", "  started: 2031-02-01\n  implemented: ২০৩২-০৭-৩১\n")
    bad_idea(root, text)
    expect_problem(root, capsys, IDEA_FILE, line_of(text, "started:"), "The date 2031-02-01 is in the future (today is 2026-12-02)",
                   "২০৩১-০২-০১ তারিখটি ভবিষ্যতের (আজ ২০২৬-১২-০২)", "dates.started")  # Bengali digits in Bengali
    expect_problem(root, capsys, IDEA_FILE, line_of(text, "implemented: ২০৩২"), "The date 2032-07-31 is in the future",
                   "২০৩২-০৭-৩১ তারিখটি ভবিষ্যতের", "dates.implemented")
    bad_idea(root, edit(IDEA, "  implemented: 2016-12-15\n", "  implemented: 2026-12-02\n"))
    assert validate(root, capsys)[0] == 0  # today itself has happened
    bad_idea(root, text)
    monkeypatch.setenv("INNOBANK_TODAY", "2032-07-31")
    assert validate(root, capsys)[0] == 0


@pytest.mark.parametrize("kind, old, new, field", [
    ("teams", "  date: 2013-04-08\n", "  date: ২০২৬-১২-০৩\n", "formed.date"),
    ("teams", "members:", "meetings:\n  - date: 2026-12-03\n    decisions:\n      - decision: সিদ্ধান্ত\nmembers:", "meetings[0].date"),
    ("ideas", "kind: digitisation\n", "kind: digitisation\nupdated: 2026-12-03\n", "updated"),
    ("offices", "place: munshiganj\n", "place: munshiganj\nadopted:\n  - idea: online-leave\n    date: 2026-12-03\n", "adopted[0].date"),
])
def test_a_team_formed_a_meeting_held_an_update_or_an_adoption_in_the_future_is_refused(root, capsys, monkeypatch, kind, old, new, field):
    """What has happened, as the dates of an innovation's start and implementation are: a
    notification issued, minutes of a meeting held, information last checked, a service put in
    place. A date after Bangladesh's today is a typing mistake (or would keep a page from being
    marked for review); today itself is accepted."""
    monkeypatch.setenv("INNOBANK_TODAY", "2026-12-02")
    name = {"teams": "lgd-innovation-team.md", "ideas": "online-leave.md", "offices": "dc-munshiganj.yaml"}[kind]
    base = {"teams": TEAM, "ideas": IDEA, "offices": OFFICES["dc-munshiganj"]}[kind]
    text = edit(base, old, new)
    (root / "content" / kind / name).write_text(text, encoding="utf-8")
    p = expect_problem(root, capsys, f"content/{kind}/{name}", line_of(text, "date: ২০২৬" if "২০২৬" in new else "2026-12-03"),
                       "The date 2026-12-03 is in the future (today is 2026-12-02)", "২০২৬-১২-০৩ তারিখটি ভবিষ্যতের", field)
    assert p["code"] == "future_date"
    monkeypatch.setenv("INNOBANK_TODAY", "2026-12-03")
    assert validate(root, capsys)[0] == 0


def test_today_is_bangladeshs_date(monkeypatch):
    """At 20:00 UTC it is two in the morning of the next day in Dhaka, where the officers are."""
    import datetime as dt

    from generator.model import common

    monkeypatch.delenv("INNOBANK_TODAY", raising=False)

    class Clock(dt.datetime):
        @classmethod
        def now(cls, tz=None):
            return dt.datetime(2026, 12, 2, 20, 0, tzinfo=dt.timezone.utc).astimezone(tz)

    monkeypatch.setattr(common.dt, "datetime", Clock)
    assert common.today() == dt.date(2026, 12, 3)


def test_an_activity_number_in_bengali_digits_is_given_in_ascii_digits(root, capsys):
    """`activity: "৭"` passed and the API gave "৭", which its own schema's pattern refuses where
    \\d is ASCII alone (ECMAScript's, JSON Schema's): it is read as 7, in either script."""
    from generator.model.idea import Idea
    from generator.model.schema import content_schemas, record_schemas

    text = edit(IDEA, "links:", 'action_plan: {fiscal_year: "২০২২-২০২৩", activity: " ৭.১ "}\nlinks:')
    bad_idea(root, text)
    assert validate(root, capsys)[0] == 0
    bank, _ = load(root / "content")
    record = bank.ideas["online-leave"].item.model_dump(mode="json")
    assert record["action_plan"] == {"fiscal_year": "2022-2023", "activity": "7.1"}
    pattern = record_schemas()[1]["ActionPlanItem"]["properties"]["activity"]["pattern"]
    assert re.fullmatch(pattern, "7.1", re.ASCII) and not re.search(pattern, "৭.১")
    loose = content_schemas()["ideas"]["$defs"]["ActionPlanItem"]["properties"]["activity"]["anyOf"]
    assert any(re.search(form["pattern"], "৭.১") for form in loose)
    with pytest.raises(Exception):
        Idea.model_validate({**load_data(text), "action_plan": {"fiscal_year": "2022-2023", "activity": "৭ক"}})


def load_data(text: str) -> dict:
    import yaml

    return yaml.safe_load(text.split("---\n")[1])
