"""A file with a control character is refused, and every other problem it has is reported in the
same run (the officer fixes them all at once, instead of one more run for each): the control
character no longer hides the rest. No record is ever made from such a file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.cli import main
from generator.load import load

LGD = 'name: {bn: "স্থানীয় সরকার বিভাগ", en: "Local Government Division"}\nkind: division\n'
# The review's file: a carriage return (escaped) in name.en, a line break in name.bn, and two
# maintainers that are no GitHub handles.
ESCAPED = ('name: {bn: "জাতীয় স্থানীয় সরকার\\nইনস্টিটিউট", en: "NILG\\r\\n…"}\nkind: directorate\nparent: lgd\n'
           'maintainers: ["@evil\\n* @x", "@a b"]\n')
# The same mistakes, with the control characters written raw: a bell, and a right-to-left override
# inside a handle.
RAW = ('name: {bn: "জাতীয় স্থানীয় সরকার\\nইনস্টিটিউট", en: "NILG\x07 x"}\nkind: directorate\nparent: lgd\n'
       'maintainers: ["@e\u202evil", "@a b"]\n')
TEAM = """\
---
name: {bn: "এনআইএলজির ইনোভেশন টিম", en: "NILG Innovation Team"}
level: directorate
office: nilg
formed:
  date: 2013-04-08
---
"""


def _tree(root: Path, nilg: str) -> Path:
    for name, text in {"offices/lgd.yaml": LGD, "offices/nilg.yaml": nilg, "teams/nilg-team.md": TEAM}.items():
        path = root / "content" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="")
    return root


def _validate(root: Path, capsys, *flags: str) -> tuple[int, list[dict]]:
    code = main(["--root", str(root), "validate", "--format", "json", *flags])
    return code, json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("nilg,expected", [
    (ESCAPED, [(1, "name.bn", "line_break"), (1, "name.en", "control_character"), (1, "name.en", "line_break"),
               (4, "maintainers[0]", "handle"), (4, "maintainers[1]", "handle")]),
    (RAW, [(1, "name.bn", "line_break"), (1, "", "control_character"), (4, "maintainers[0]", "handle"),
           (4, "", "control_character"), (4, "maintainers[1]", "handle")]),
])
def test_a_control_character_and_every_other_problem_of_the_file_in_one_run(tmp_path, capsys, nilg, expected):
    root = _tree(tmp_path, nilg)
    for flags in (("--no-cache",), (), ()):  # read, then as the cache gives it back
        code, problems = _validate(root, capsys, *flags)
        assert code == 1
        assert [(p["line"], p["field"], p["code"]) for p in problems] == expected
        assert all(p["file"].endswith("content/offices/nilg.yaml") for p in problems)  # not the team's office as unknown
    chars = [p["en"] for p in problems if p["code"] == "control_character"]
    assert chars == (["The text holds an invisible control character (U+000D); delete it, or type the text again."]
                     if nilg == ESCAPED else
                     [f"The text holds an invisible control character ({char}); delete it, or type the text again."
                      for char in ("U+0007", "U+202E")])
    quoted = " ".join(p["en"] + p["bn"] for p in problems)
    assert "\x07" not in quoted and "\u202e" not in quoted and "\r" not in quoted  # no message writes one to the terminal


@pytest.mark.parametrize("nilg", [
    'name: {bn: "জাতীয় স্থানীয় সরকার ইনস্টিটিউট", en: "NILG\\u202e"}\nkind: directorate\nparent: lgd\n',
    'name: {bn: "জাতীয় স্থানীয় সরকার ইনস্টিটিউট", en: "NILG\x07"}\nkind: directorate\nparent: lgd\n',
])
def test_a_refused_file_that_is_otherwise_valid_is_never_loaded(tmp_path, nilg):
    """Its control character is its only problem: it is still not in the bank the site is built
    from, and the team of its office is not told the office does not exist."""
    bank, problems = load(_tree(tmp_path, nilg) / "content")
    assert [(p.file.rsplit("/", 1)[-1], p.code) for p in problems] == [("nilg.yaml", "control_character")]
    assert "nilg" not in bank.offices and "nilg-team" in bank.teams
