"""Text shown on one line (titles, names, designations, labels, memo numbers) refuses line breaks
and control characters, with the file, the field's line and a sentence in both languages; text
that is a paragraph (summary, remarks, decisions) keeps its lines (issue 12)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator.cli import main
from generator.load import load

BENGALI = re.compile(r"[\u0980-\u09FF]")

# Every free-text field of each kind, each on a line of its own as «field» (the dotted path the
# problem names, without the .bn a plain string becomes).
OFFICE = """\
name: «name»
kind: ministry
maintainers: [rahim-khan]
"""
TEAM = """\
---
name: «name»
level: ministry
office: mopa
formed:
  date: 2013-04-08
  reference: «formed.reference»
members:
  - name: «members[0].name»
    designation: «members[0].designation»
action_plans:
  - year: 2022-2023
    activities:
      - number: «action_plans[0].activities[0].number»
        activity: «action_plans[0].activities[0].activity»
        period: «action_plans[0].activities[0].period»
        responsible: «action_plans[0].activities[0].responsible»
        expected_result: «action_plans[0].activities[0].expected_result»
        indicator: «action_plans[0].activities[0].indicator»
meetings:
  - date: 2023-01-15
    chair:
      name: «meetings[0].chair.name»
      designation: «meetings[0].chair.designation»
    decisions:
      - topic: «meetings[0].decisions[0].topic»
        decision: «meetings[0].decisions[0].decision»
        implementer: «meetings[0].decisions[0].implementer»
---
"""
IDEA = """\
---
title: «title»
summary: «summary»
kind: digitisation
status: piloting
office: mopa
service:
  running: no
  not_running_reason: «service.not_running_reason»
  remarks: «service.remarks»
awards:
  - name: «awards[0].name»
    category: «awards[0].category»
    level: national
    year: 2017
innovators:
  - name: «innovators[0].name»
    designation: «innovators[0].designation»
links:
  - title: «links[0].title»
    url: https://www.mopa.gov.bd/news
---
"""
IDEA_FILE = "ideas/online-leave.md"
FILES = {"offices/mopa.yaml": OFFICE, "teams/mopa-team.md": TEAM, IDEA_FILE: IDEA}
MARK = re.compile("«([^»]+)»")

PARAGRAPHS = {"summary", "service.not_running_reason", "service.remarks", "action_plans[0].activities[0].activity",
              "action_plans[0].activities[0].expected_result", "action_plans[0].activities[0].indicator",
              "meetings[0].decisions[0].decision"}
FIELDS = [(file, field) for file, text in FILES.items() for field in MARK.findall(text)]
ONE_LINE = [(file, field) for file, field in FIELDS if field not in PARAGRAPHS]
PLAIN = {"formed.reference", "action_plans[0].activities[0].number"}  # a string, not {bn, en}


def tree(root: Path, file: str = "", field: str = "", value: str = "") -> Path:
    """A content tree where every field holds ordinary one-line text, but field in file holds value."""
    for name, text in FILES.items():
        path = root / "content" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(MARK.sub(lambda m: value if (name, m.group(1)) == (file, field) else '"এক লাইনের লেখা ১"',
                                 text), encoding="utf-8")
    return root


def problems_in(root: Path, file: str) -> list[tuple[str, str]]:
    return [(p.field, p.code) for p in load(root / "content")[1] if p.file.endswith(f"content/{file}")]


def line_of(file: str, field: str) -> int:
    return next(i for i, line in enumerate(FILES[file].splitlines(), start=1) if f"«{field}»" in line)


def validate(root: Path, capsys) -> tuple[int, str]:
    code = main(["--root", str(root), "validate"])
    return code, capsys.readouterr().out


def test_the_tree_with_one_line_text_everywhere_is_valid(tmp_path, capsys):
    code, out = validate(tree(tmp_path), capsys)
    assert code == 0 and "All content is valid: 1 innovations, 1 teams, 1 offices" in out, out


@pytest.mark.parametrize("file,field", ONE_LINE)
@pytest.mark.parametrize("value", [r'"প্রথম লাইন\n* দ্বিতীয় লাইন"', r'"first\u2028second"', r'"first\u2029second"'])
def test_a_line_break_in_one_line_text_is_refused_at_its_line(tmp_path, capsys, file, field, value):
    code, out = validate(tree(tmp_path, file, field, value), capsys)
    assert code == 1
    shown = field if field in PLAIN else f"{field}.bn"
    assert problems_in(tmp_path, file) == [(shown, "line_break")]
    where = re.search(rf"content/{re.escape(file)}\n  {line_of(file, field)}:\d+ {re.escape(shown)}\n    (.*)\n    (.*)\n", out)
    assert where, out
    assert "cannot hold a line break" in where.group(1) and BENGALI.search(where.group(2))


@pytest.mark.parametrize("file,field", ONE_LINE)
def test_a_tab_in_one_line_text_is_refused_as_a_control_character(tmp_path, capsys, file, field):
    code, out = validate(tree(tmp_path, file, field, '"প্রথম\tদ্বিতীয়"'), capsys)
    assert code == 1 and problems_in(tmp_path, file) == [(field if field in PLAIN else f"{field}.bn", "control_character")]
    assert re.search(rf"\n  {line_of(file, field)}:\d+ {re.escape(field)}(\.bn)?\n.*control character \(U\+0009\)", out), out


def test_a_block_of_several_lines_is_refused_and_folded_or_single_lines_pass(tmp_path, capsys):
    tree(tmp_path, IDEA_FILE, "title", "|\n  অনলাইন ছুটি\n  * @someone")
    code, out = validate(tmp_path, capsys)
    assert code == 1 and re.search(r"content/ideas/online-leave\.md\n  2:\d+ title\.bn\n.*one line", out), out
    for title, seen in (("|\n  অনলাইন ছুটি\n", "অনলাইন ছুটি"), (">\n  অনলাইন\n  ছুটি\n", "অনলাইন ছুটি"),
                        ("অনলাইন\n  ছুটি", "অনলাইন ছুটি"), ('{bn: "অনলাইন ছুটি", en: "Online\\tleave"}', None)):
        tree(tmp_path, IDEA_FILE, "title", title)
        bank, problems = load(tmp_path / "content")
        if seen is None:  # the English text is one line too
            assert [(p.field, p.code) for p in problems] == [("title.en", "control_character")]
        else:
            assert not problems and bank.ideas["online-leave"].item.title.bn == seen


@pytest.mark.parametrize("file,field", [f for f in FIELDS if f[1] in PARAGRAPHS])
def test_paragraphs_keep_their_lines(tmp_path, file, field):
    tree(tmp_path, file, field, '"প্রথম লাইন\\nদ্বিতীয় লাইন\\tতৃতীয়"')
    bank, problems = load(tmp_path / "content")
    kind, name = file.split("/")
    assert not problems
    assert "প্রথম লাইন\\nদ্বিতীয় লাইন\\tতৃতীয়" in getattr(bank, kind)[name.split(".")[0]].item.model_dump_json()


def test_the_schema_tells_editors_which_text_is_one_line(capsys):
    assert main(["schema"]) == 0
    schemas = json.loads(capsys.readouterr().out)
    defs = schemas["ideas"]["$defs"]
    one_line = re.compile(defs["LineText"]["properties"]["bn"]["pattern"])
    assert one_line.search("অনলাইন ছুটি") and not one_line.search("অনলাইন\nছুটি") and not one_line.search("a\tb")
    paragraph = re.compile(defs["Text"]["properties"]["bn"].get("pattern", ""))
    assert paragraph.search("অনলাইন\nছুটি") and paragraph.search("a\tb")  # paragraphs keep their breaks
    title = schemas["ideas"]["properties"]["title"]["anyOf"]
    assert title[0]["$ref"].endswith("/TitleText")  # a one-line text with a bound (model/common.py TITLE_MAX)
    assert defs["TitleText"]["properties"]["bn"]["pattern"] == defs["LineText"]["properties"]["bn"]["pattern"]
    bengali_only = re.compile(title[1]["pattern"])  # `title: …` written as one Bengali string
    assert bengali_only.search("অনলাইন ছুটি") and not bengali_only.search("অনলাইন\nছুটি") and not bengali_only.search(" ")
    handle = re.compile(schemas["offices"]["properties"]["maintainers"]["items"]["pattern"])
    assert handle.search("@innobank/mopa-team") and not handle.search("@x\n* @y") and not handle.search("a b")


@pytest.mark.parametrize("value,code", [(r'"\u200b\n\u200b"', "line_break"), (r'"\u200b\t\u200b"', "control_character"),
                                        (r'"\u200b\u200d"', "empty")])
def test_one_line_text_is_checked_for_one_line_before_something_to_see(tmp_path, value, code):
    """A one-line field is checked for one line (OneLine) before something to see (Text): text of
    invisible characters around a line break is reported for the break, in either language."""
    tree(tmp_path, IDEA_FILE, "title", value)
    assert problems_in(tmp_path, IDEA_FILE) == [("title.bn", code)]
    tree(tmp_path, IDEA_FILE, "title", '{bn: "অনলাইন ছুটি", en: ' + value + "}")
    bank, problems = load(tmp_path / "content")
    if code == "empty":  # English with nothing to see is no English
        assert not problems and bank.ideas["online-leave"].item.title.en == ""
    else:
        assert [(p.field, p.code) for p in problems] == [("title.en", code)]
