"""A place written as its parts ({district: dhakaa}, as "division / district / upazila" reads) is
told what a place code is, with the code of the place it names, in both languages; not "This
should be text"."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.cli import main

OFFICE = 'name: {bn: "স্থানীয় সরকার বিভাগ", en: "Local Government Division"}\nkind: division\nplace: «place»\n'
IDEA = """\
---
title: {bn: "অনলাইন ছুটি", en: "Online leave"}
summary: {bn: "ছুটি অনলাইনে অনুমোদন।", en: "Leave approved online."}
kind: digitisation
status: piloting
office: lgd
place: «place»
service:
  running: yes
replications:
  - place: «place»
    year: 2020
    status: replicated
---
"""


def _problems(root: Path, capsys, office: str, idea: str) -> list[tuple[str, str, str, str]]:
    for name, text, place in (("offices/lgd.yaml", OFFICE, office), ("ideas/online-leave.md", IDEA, idea)):
        path = root / "content" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text.replace("«place»", place), encoding="utf-8")
    assert main(["--root", str(root), "validate", "--format", "json"]) == (0 if office == idea == "munshiganj" else 1)
    return [(p["file"].rsplit("/", 1)[-1], p["field"], p["en"], p["bn"]) for p in json.loads(capsys.readouterr().out)]


def test_the_place_codes_are_valid(tmp_path, capsys):
    assert _problems(tmp_path, capsys, "munshiganj", "munshiganj") == []


@pytest.mark.parametrize("written,code", [
    ("{district: dhakaa}", "dhaka"),  # the district, not the division of the same name
    ("{division: Dhaka}", "dhaka-division"),
    ("{division: dhaka, district: Munshiganj, upazila: louhajang}", "munshiganj-louhajanj"),
    ("{upazila: Louhajang}", "munshiganj-louhajanj"),
    ("{জেলা: মুন্সীগঞ্জ}", "munshiganj"),
    ("[dhaka, munshiganj, lohajang]", "munshiganj-louhajanj"),
])
def test_a_place_written_as_its_parts_is_told_the_code(tmp_path, capsys, written, code):
    problems = _problems(tmp_path, capsys, written, written)
    assert [(file, field) for file, field, _, _ in problems] == [
        ("online-leave.md", "place"), ("online-leave.md", "replications[0].place"), ("lgd.yaml", "place")]
    for _, _, en, bn in problems:
        assert en.startswith(f'A place is written as one code, not as its division, district or upazila. Did you mean "{code}"? '
                             "Codes look like dhaka-division, munshiganj or munshiganj-louhajanj"), en
        assert bn.startswith(f'স্থান একটি কোড দিয়ে লিখুন, বিভাগ, জেলা বা উপজেলা আলাদা করে নয়। আপনি কি "{code}" বোঝাতে চেয়েছেন?'), bn
        assert "This should be text" not in en
