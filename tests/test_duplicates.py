"""A second copy of an innovation: `innobank validate` warns when a title is nearly the same as
another one's of the same office or the same place (in Bengali or in English), naming the other
file; a warning, so the content stays valid. The sample content itself gives no warning."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.cli import main
from generator.load import load

REPO = Path(__file__).resolve().parent.parent
HELP_DESK = "content/ideas/lgd-help-desk.md"
COPY = "content/ideas/lgd-help-desk-copy.md"


@pytest.fixture
def root(tmp_path, monkeypatch) -> Path:
    shutil.copytree(REPO / "content", tmp_path / "content")
    monkeypatch.chdir(tmp_path)  # problems name files as seen from here
    return tmp_path


def copy(root: Path, source: str, target: str, *edits: tuple[str, str]) -> None:
    """A copy of an innovation under another name, with some lines changed; its old name is
    dropped, which the copy may not share."""
    text = (root / source).read_text(encoding="utf-8")
    text = "\n".join(line for line in text.split("\n") if not line.startswith("aliases:"))
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    (root / target).write_text(text, encoding="utf-8")


def validate(root: Path, capsys, *args: str) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["--root", str(root), "validate", *args])
    return code, capsys.readouterr().out


def test_the_sample_content_has_no_near_duplicates():
    bank, found = load(REPO / "content", warnings=True)
    assert found == [] and len(bank.ideas) > 10


RETYPED = [  # the help desk's title written again, a little differently
    ('জন্য হেল্প ডেস্ক"', 'জন্য হেল্পডেস্ক"'),
    ('জনপ্রতিনিধিদের জন্য হেল্প ডেস্ক"', 'জনপ্রতিনিধিগণের জন্য হেল্প ডেস্ক।"'),
    ('জন্য হেল্প ডেস্ক"', 'জন্য হেল্প ডেস্ক স্থাপন"'),
]


@pytest.mark.parametrize("edit", RETYPED, ids=["joined", "another plural", "a word added"])
def test_a_copy_of_the_help_desk_is_a_warning_naming_the_file(root, capsys, edit):
    copy(root, HELP_DESK, COPY, edit)
    code, out = validate(root, capsys, "--format", "json", COPY)
    assert code == 0, "a warning: the content is still valid"
    (warning,) = json.loads(out)
    assert warning["severity"] == "warning" and warning["code"] == "similar_title"
    assert warning["file"] == COPY and warning["field"] == "title" and warning["line"] == 2
    assert HELP_DESK in warning["en"] and HELP_DESK in warning["bn"]
    assert "স্থানীয় সরকার বিভাগে জনপ্রতিনিধিদের জন্য হেল্প ডেস্ক" in warning["bn"]


def test_the_warning_in_every_output_format(root, capsys):
    copy(root, HELP_DESK, COPY, RETYPED[0])
    code, human = validate(root, capsys)
    assert code == 0
    assert f"{COPY}\n  2:1 warning / সতর্কতা title" in human and f"{HELP_DESK}\n  2:1 warning" in human
    assert "2 warning(s)" in human and "২টি সতর্কতা" in human and "problem(s) found" not in human
    assert "All content is valid" in human
    code, github = validate(root, capsys, "--format", "github")
    assert code == 0 and github.count("::warning file=") == 2 and "::error" not in github


def test_an_error_beside_a_warning_still_fails(root, capsys):
    copy(root, HELP_DESK, COPY, RETYPED[0])
    copy(root, "content/ideas/lgd-pmis.md", "content/ideas/lgd-pmis.md", ("status: implemented", "status: done"))
    code, human = validate(root, capsys)
    assert code == 1
    assert "1 problem(s) found" in human and "2 warning(s)" in human


def test_only_the_english_titles_alike(root, capsys):
    copy(root, HELP_DESK, COPY, ('"স্থানীয় সরকার বিভাগে জনপ্রতিনিধিদের জন্য হেল্প ডেস্ক"', '"জনপ্রতিনিধি সহায়তা কেন্দ্র"'),
         ('"A help desk for elected representatives at the Local Government Division"',
          '"Help desk for elected representatives, Local Government Division"'))
    code, out = validate(root, capsys, "--format", "json", COPY)
    (warning,) = json.loads(out)
    assert code == 0 and HELP_DESK in warning["en"]


def test_the_same_place_is_enough(root, capsys):
    """Another office's innovation in the same upazila, named alike."""
    source = "content/ideas/louhajanj-idea-bank-registration.md"
    copy(root, source, "content/ideas/dc-idea-bank.md", ("office: uno-louhajanj", "office: dc-munshiganj"),
         ("team: louhajanj-innovation-team", "team: munshiganj-innovation-team"))
    code, out = validate(root, capsys, "--format", "json", "content/ideas/dc-idea-bank.md")
    (warning,) = json.loads(out)
    assert code == 0 and source in warning["en"]


@pytest.mark.parametrize("edits", [
    [],  # the same office and the same place: one warning on each, not one for each group
    [("place: munshiganj-louhajanj", "place: dhaka-division")],  # the same office, another place
    [("place: munshiganj-louhajanj\n", "")],  # the same office, and no place
], ids=["office and place", "office, another place", "office, no place"])
def test_the_same_office_anywhere_is_enough(root, capsys, edits):
    source, twin = "content/ideas/louhajanj-idea-bank-registration.md", "content/ideas/louhajanj-idea-bank-twin.md"
    copy(root, source, twin, *edits)
    code, out = validate(root, capsys, "--format", "json")
    assert code == 0 and [(w["file"], w["code"]) for w in json.loads(out)] == [(source, "similar_title"), (twin, "similar_title")]


@pytest.mark.parametrize("edits", [
    # the same title, but another office and no place: nothing to compare it with
    [("office: lgd", "office: mopa"), ("team: lgd-innovation-team", "team: mopa-innovation-team")],
    # the same office, other services named the same way
    [('জন্য হেল্প ডেস্ক"', 'জন্য অনলাইন অভিযোগ ব্যবস্থা"'), ('"A help desk for', '"Online complaints for')],
    [("জনপ্রতিনিধিদের জন্য হেল্প ডেস্ক", "নাগরিকদের জন্য হেল্প ডেস্ক"), ("elected representatives", "citizens")],
])
def test_no_warning_for_what_is_not_a_copy(root, capsys, edits):
    copy(root, HELP_DESK, COPY, *edits)
    code, out = validate(root, capsys, "--format", "json", COPY)
    assert code == 0 and json.loads(out) == []


def test_the_site_build_is_not_stopped_by_a_warning(root):
    copy(root, HELP_DESK, COPY, RETYPED[0])
    assert load(root / "content")[1] == []  # the build's load: errors only


def test_seven_copies_are_seven_warnings_each_naming_the_others(root, capsys):
    """Seven innovations titled alike give one warning each (not one for each two, in each file:
    42), naming three of the other six and how many more; titles that differ only by a number at
    the end (… ২, … ৩) are still nearly the same: only an officer can tell whether they are
    different innovations."""
    copies = [f"content/ideas/lgd-help-desk-{n}.md" for n in range(2, 8)]
    for n, target in enumerate(copies, start=2):
        copy(root, HELP_DESK, target, ('জন্য হেল্প ডেস্ক"', f'জন্য হেল্প ডেস্ক {"০১২৩৪৫৬৭৮৯"[n]}"'),
             ("at the Local Government Division", f"at the Local Government Division {n}"))
    code, out = validate(root, capsys, "--format", "json")
    warnings = json.loads(out)
    assert code == 0 and sorted(w["file"] for w in warnings) == sorted([HELP_DESK, *copies])
    by_file = {w["file"]: w for w in warnings}
    assert all(w["code"] == "similar_titles_more" and w["severity"] == "warning" and w["field"] == "title" for w in warnings)
    assert by_file[HELP_DESK]["en"].startswith(
        "This title is nearly the same as the titles of 6 other innovations: content/ideas/lgd-help-desk-2.md, "
        "content/ideas/lgd-help-desk-3.md, content/ideas/lgd-help-desk-4.md and 3 more.")
    assert by_file[HELP_DESK]["bn"].startswith(
        "এই শিরোনামটি আরও ৬টি উদ্ভাবনের শিরোনামের প্রায় হুবহু: content/ideas/lgd-help-desk-2.md, "
        "content/ideas/lgd-help-desk-3.md, content/ideas/lgd-help-desk-4.md এবং আরও ৩টি।")
    assert by_file[copies[-1]]["en"] == by_file[HELP_DESK]["en"]  # the first three others, by file: never itself
    assert "lgd-help-desk-3.md, content/ideas/lgd-help-desk-5.md and 3 more." in by_file["content/ideas/lgd-help-desk-4.md"]["en"]
    # three alike: each names both others, with no "more"
    for target in copies[2:]:
        (root / target).unlink()
    code, out = validate(root, capsys, "--format", "json")
    assert [(w["file"], w["code"]) for w in json.loads(out)] == [(f, "similar_titles") for f in sorted([HELP_DESK, *copies[:2]])]
    assert {w["file"]: w for w in json.loads(out)}[HELP_DESK]["en"].startswith(
        "This title is nearly the same as the titles of 2 other innovations: content/ideas/lgd-help-desk-2.md, "
        "content/ideas/lgd-help-desk-3.md. If they are")
