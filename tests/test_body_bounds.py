"""A body that would keep the site's Markdown renderer busy for minutes, or exhaust Python's stack,
is refused where it goes over, by `innobank validate` and so by the build; a long real body is not.

Without the bounds, validate rendered such a body in its link check for hours (a body with links
in it) or passed it (one without), and the build then hung or failed with "maximum recursion
depth exceeded" and no line. Validation runs in a subprocess with a generous time limit, so that
a regression fails a test instead of stopping pytest."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

from generator.i18n import t
from generator.load.body_bounds import DEPTH
from test_hostile_input import HANG_GUARD, _validate_in_subprocess
from test_validate import IDEA, IDEA_EN, edit, problems, root, write_tree  # noqa: F401 (root: a fixture)

ROOT = Path(__file__).resolve().parents[1]

# name → (the body, written after the idea's own, or as the English body; the problem; the line
# of the body it is reported on, the body's first being 1; its column)
HOSTILE = {
    # each link's address is never closed: every "(" scans to the paragraph's end (validate's link
    # check rendered this one, as it may link to a look-alike host)
    "open-addresses": ("[সেবা](https://www.mopa.gov.bd@evil.example " * 10_000, "body_work", 1, 7),
    "open-brackets": ("লিখুন [" * 30_000, "body_work", 1, 7),
    "cdata": ("<![CDATA[" * 4_000, "body_work", 1, 1),
    "autolinks": ("<http://a" * 16_000, "body_work", 1, 1),
    # Python-Markdown goes on inside the next run of backticks after one it cannot close
    "backticks": ("``a`" * 16_000, "body_work", 1, 1),
    # every emphasis, entity or escape in a paragraph makes the renderer copy the paragraph again
    "emphasis": ("কিছু কথা।\n\n" + "**a*" * 30_000, "body_work", 3, 1),
    "nested-lists": ("".join("    " * level + "- ধাপ\n" for level in range(300)), "body_depth", DEPTH + 2, 1),
    "definitions": ("পদ\n: অর্থ\n" * 600, "body_depth", 2 * DEPTH + 2, 1),
}

TITLES = [("ভূমি নামজারি", "Land mutation"), ("জন্ম নিবন্ধন", "Birth registration"), ("কৃষি পরামর্শ", "Farm advice"),
          ("স্কুল ভর্তি", "School admission"), ("বয়স্ক ভাতা", "Old age allowance"), ("ট্রেড লাইসেন্স", "Trade licence"),
          ("পাসপোর্ট তথ্য", "Passport information"), ("বিদ্যুৎ বিল", "Electricity bill")]


def _tree(root: Path) -> Path:
    """One innovation per hostile body (the English body for the last one), each with its own name."""
    ideas = {"online-leave.md": IDEA, "online-leave.en.md": IDEA_EN}
    for (name, (body, *_)), (bn, en) in zip(HOSTILE.items(), TITLES):
        idea = edit(edit(IDEA, "জেলা পরিষদের প্রশাসকদের অনলাইন ছুটি", bn), "Online leave for Zila Parishad administrators", en)
        if name == "definitions":
            ideas[f"{name}.md"], ideas[f"{name}.en.md"] = idea, body
        else:
            ideas[f"{name}.md"] = idea + "\n" + body
    return write_tree(root, ideas=ideas)


def _first_body_line(name: str) -> int:
    """The file line the hostile body starts on."""
    return 1 if name == "definitions" else IDEA.count("\n") + 2


def test_a_body_past_the_bounds_is_refused_where_it_goes_over(tmp_path):
    result = _validate_in_subprocess(_tree(tmp_path))
    assert result.returncode == 1, result.stderr[-2000:]
    found = json.loads(result.stdout)
    seen = {(p["file"], p["line"], p["column"], p["field"], p["code"]) for p in found if p["code"].startswith("body_")
            and p["code"] != "body_image"}  # "<![CDATA[" holds a picture's "!["
    expected = {(f"content/ideas/{name}{'.en' if name == 'definitions' else ''}.md", _first_body_line(name) + line - 1,
                 column, "body", code) for name, (_, code, line, column) in HOSTILE.items()}
    assert seen == expected, sorted(seen ^ expected)
    work = next(p for p in found if p["code"] == "body_work")
    assert work["en"] == t("problem.body_work", "en") and "ফাঁকা লাইন" in work["bn"]
    deep = next(p for p in found if p["file"] == "content/ideas/nested-lists.md")
    assert f"nested {DEPTH + 1} levels deep" in deep["en"] and "৪৯ স্তর" in deep["bn"]


def test_heading_lines_in_one_long_paragraph_are_refused_at_the_line_that_goes_over(root, capsys):
    """Each "===" under a line makes every block processor read the rest of the paragraph again."""
    body = "শিরোনাম\n===\n" * 4_000
    (root / "content" / "ideas" / "online-leave.md").write_text(IDEA + "\n" + body, encoding="utf-8")
    found = problems(root, capsys)
    assert [(p["file"], p["code"], p["column"]) for p in found] == [("content/ideas/online-leave.md", "body_work", 1)]
    line = found[0]["line"] - _first_body_line("") + 1
    assert 100 < line < 4_000 * 2 and body.split("\n")[line - 1] == "==="


def test_comments_among_open_tags_are_counted(root, capsys):
    """For each comment, Python-Markdown 3.11 looks for the close of every inline tag still open in
    the paragraph, to its end: 4,000 "<b>…<!---->" in 50 KB took seconds."""
    body = "<b>সেবা<!---->" * 4_000
    (root / "content" / "ideas" / "online-leave.md").write_text(IDEA + "\n" + body, encoding="utf-8")
    found = problems(root, capsys)
    assert [(p["file"], p["code"], p["line"]) for p in found] == [
        ("content/ideas/online-leave.md", "body_work", _first_body_line(""))]


def test_a_long_real_body_is_not_refused(tmp_path):
    """Some 200 KB of what officers write, in one file: paragraphs with links and code, headings,
    lists nested a few deep, tables, notes, a raw HTML table, a glossary, and a long paragraph
    pasted with single line breaks."""
    part = (
        "## ধাপসমূহ\n\nআবেদন করুন [অনলাইনে](https://leave.lgd.gov.bd/apply) অথবা [ফর্ম](idea:online-leave) পূরণ করে "
        "(প্রয়োজনে `help@` নয়, হেল্প ডেস্কে)। বিস্তারিত [এখানে][নির্দেশিকা]।\n\n"
        "[নির্দেশিকা]: https://www.lgd.gov.bd/guide\n\n"
        + "".join("    " * level + f"- ধাপ {level}: `কোড {level}` দেখুন\n" for level in range(6))
        + "\n| সেবা | আগে | পরে |\n|---|---|---|\n" + "| ছুটি | ১৫ দিন | ১ দিন |\n" * 30
        + "\n!!! note \"মনে রাখুন\"\n    আবেদনের সঙ্গে (যদি থাকে) সংযুক্তি দিন।\n\n"
        + "<table><tr><th>জেলা</th><th>আবেদন</th></tr>" + "<tr><td>মুন্সীগঞ্জ</td><td>১২০</td></tr>" * 40 + "</table>\n\n"
        + "".join(f"পদ {n}\n: অর্থ {n}, বিস্তারিত [{n}](https://www.lgd.gov.bd/{n}).\n\n" for n in range(20))
        + "".join(f"লাইন {n}: সেবাটি (অনলাইনে) চালু [হয়েছে](https://leave.lgd.gov.bd/{n}) এবং `সময়` কমেছে।\n"
                  for n in range(200)) + "\n"
    )
    body = part * (200_000 // len(part.encode("utf-8")))
    root = write_tree(tmp_path, ideas={"online-leave.md": IDEA + "\n" + body, "online-leave.en.md": IDEA_EN})
    result = _validate_in_subprocess(root)
    assert (result.returncode, result.stdout.strip()) == (0, "[]"), result.stdout[:2000]


def test_the_build_refuses_such_a_body_with_its_line_not_a_recursion_error(tmp_path):
    """The build reads bodies through the same load, so it stops with validate's problem, before
    anything renders: the definitions made it fail with "maximum recursion depth exceeded"."""
    for name in ("mkdocs.yml", "theme", "content"):
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy)(ROOT / name, tmp_path / name)
    idea = next(path for path in sorted((tmp_path / "content" / "ideas").glob("*.md")) if ".en." not in path.name)
    text = idea.read_text(encoding="utf-8")
    idea.write_text(text + "\n" + HOSTILE["definitions"][0], encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=tmp_path, capture_output=True,
                            text=True, timeout=HANG_GUARD)
    assert result.returncode != 0
    line = text.count("\n") + 2 + 2 * DEPTH + 1
    assert re.search(rf"content/ideas/{idea.name}\n\s+{line}:1 body\n", result.stderr), result.stderr[-3000:]
    assert t("problem.body_depth", "en", depth=DEPTH + 1, limit=DEPTH) in result.stderr
    assert "Traceback" not in result.stderr and "recursion" not in result.stderr
    assert not (tmp_path / "site").exists()
