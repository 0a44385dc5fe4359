"""`innobank import`: the Cabinet Division's 7-column form, as ministries really fill it in (a title
row above the header, a serial-number column, Bengali digits, merged cells, blank rows, a row of
column numbers, bad rows), into innovation files. Every row is accounted for, a re-import updates
the same files, and the files give back the same rows through generator/form.py. Each test builds
its own content tree in tmp_path."""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from generator import form
from generator.cli import main
from generator.load import load
from generator.officers import importer, sheets
from generator.officers.importer import run_import
from generator.publish import downloads
from hostile_sheets import MAIN, xlsx

TODAY = dt.date(2024, 3, 1)
BN_HEADERS = ["ক্র. নং", "বাস্তবায়িত ধারণার নাম", "সংক্ষিপ্ত বিবরণ", "সেবাটি কার্যকর আছে কিনা", "না থাকলে তার কারণ",
              "সেবা গ্রহীতাগণ প্রত্যাশিত ফলাফল পাচ্ছে কিনা", "সেবার লিঙ্ক", "মন্তব্য"]
EN_HEADERS = ["SL", "Name of the innovation", "Short description", "Is the service running", "If not, why",
              "Do recipients get the expected result", "Service link", "Remarks"]

OFFICES = {
    "mopa": 'name: {bn: "জনপ্রশাসন মন্ত্রণালয়", en: "Ministry of Public Administration"}\nkind: ministry\n',
    "lgd": 'name: {bn: "স্থানীয় সরকার বিভাগ", en: "Local Government Division"}\nkind: division\n',
}
TEAM = """\
---
name: {bn: "জনপ্রশাসন মন্ত্রণালয়ের ইনোভেশন টিম", en: "MoPA Innovation Team"}
level: ministry
office: mopa
---
টিম।
"""

# The rows of a ministry's sheet (after the header), with what the importer must do with each.
GOOD = [
    ["১", "অনলাইনে ছুটি অনুমোদন", "কর্মকর্তাদের ছুটি অনলাইনে অনুমোদন করা হয়।", "হ্যাঁ", "", "হ্যাঁ",
     "https://leave.mopa.gov.bd", "সকল দপ্তরে চালু"],
    ["২", "ই-নথি ব্যবস্থাপনা", "নথি অনলাইনে নিষ্পত্তি।", "না", "সার্ভার হালনাগাদ চলছে", "আংশিক",
     "https://enothi.gov.bd", ""],
    ["৩", "হেল্প ডেস্ক", "নাগরিকদের জন্য হেল্প ডেস্ক।", "হ্যাঁ", "", "না", "", "একই মন্তব্য"],
    ["৪", "কল সেন্টার ৩৩৩", "টেলিফোনে তথ্য সেবা।", "হ্যাঁ", "", "হ্যাঁ", "https://333.gov.bd", None],  # H merged with above
]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    (content / "offices").mkdir(parents=True)
    (content / "teams").mkdir()
    (content / "ideas").mkdir()
    for oid, text in OFFICES.items():
        (content / "offices" / f"{oid}.yaml").write_text(text, encoding="utf-8")
    (content / "teams" / "mopa-innovation-team.md").write_text(TEAM, encoding="utf-8")
    return tmp_path


def ministry_sheet(path: Path, rows=None) -> Path:
    """A workbook like the ones ministries send: a merged title row, an empty row, the header on
    row 3, a row of column numbers in Bengali digits, the innovations, blank rows, bad rows."""
    book = Workbook()
    sheet = book.active
    sheet.title = "ডাটাবেজ"
    sheet.append(["জনপ্রশাসন মন্ত্রণালয়: বাস্তবায়িত উদ্ভাবনী ধারণা, সহজিকৃত ও ডিজিটাইজকৃত সেবার ডাটাবেজ"])  # 1
    sheet.merge_cells("A1:H1")
    sheet.append([])  # 2
    sheet.append(BN_HEADERS)  # 3
    sheet.append(["১", "২", "৩", "৪", "৫", "৬", "৭", "৮"])  # 4: column numbers
    for row in rows if rows is not None else GOOD:  # 5-8
        sheet.append(row)
    sheet.merge_cells("H7:H8")  # one remark for rows 7 and 8
    sheet.append([])  # 9: blank
    sheet.append(["৫", "", "", "", "", "", "", ""])  # 10: only a serial number
    sheet.append(["৬", "", "নাম ছাড়া বিবরণ", "হ্যাঁ", "", "হ্যাঁ", "", ""])  # 11: no name
    sheet.append(["৭", "এফটিপি সেবা", "ভুল লিংক।", "হ্যাঁ", "", "হ্যাঁ", "ftp://files.gov.bd", ""])  # 12: not http
    sheet.append(["৮", "বন্ধ সেবা", "কারণ লেখা নেই।", "না", "", "না", "", ""])  # 13: no reason
    sheet.append(["৯", "অস্পষ্ট সেবা", "উত্তর অস্পষ্ট।", "হয়তো", "", "হ্যাঁ", "", ""])  # 14: not yes/no
    sheet.append(["১০", "অনলাইনে ছুটি  অনুমোদন।", "আবার একই।", "হ্যাঁ", "", "হ্যাঁ", "", ""])  # 15: same as row 5
    book.save(path)
    return path


def expected_rows(rows):
    """The form's rows as rows() gives them back: no serial, merged remark copied, '' for None."""
    out = [[c or "" for c in row[1:]] for row in rows]
    out[3][6] = out[2][6]
    return out


def ideas_in(root: Path):
    bank, problems = load(root / "content")
    assert problems == []
    return bank


def test_ministry_sheet_every_row_is_written_or_reported(root, capsys):
    source = ministry_sheet(root / "form.xlsx")
    code = main(["--root", str(root), "import", str(source), "--office", "mopa"])
    out = capsys.readouterr().out
    assert code == 1  # some rows were skipped
    assert "Traceback" not in out
    bank = ideas_in(root)
    assert len(bank.ideas) == 4
    titles = {r.item.title.bn: r for r in bank.ideas.values()}
    leave = titles["অনলাইনে ছুটি অনুমোদন"].item
    assert leave.office == "mopa" and leave.status.value == "implemented" and leave.kind.value == "simplification"
    assert leave.service.running is True and leave.service.link == "https://leave.mopa.gov.bd"
    assert leave.service.remarks.bn == "সকল দপ্তরে চালু" and leave.service.expected_result.value == "yes"
    nothi = titles["ই-নথি ব্যবস্থাপনা"].item
    assert nothi.service.running is False and nothi.service.not_running_reason.bn == "সার্ভার হালনাগাদ চলছে"
    assert nothi.service.expected_result.value == "partly"
    # the merged remark belongs to both rows it covers
    assert titles["হেল্প ডেস্ক"].item.service.remarks.bn == "একই মন্তব্য"
    assert titles["কল সেন্টার ৩৩৩"].item.service.remarks.bn == "একই মন্তব্য"
    assert titles["হেল্প ডেস্ক"].item.service.link is None
    # every row below the header is reported, in both languages, with its row number
    assert "Header found on row 3" in out and "৩ নম্বর সারিতে শিরোনাম" in out
    for number in range(4, 16):
        assert re.search(rf"^Row {number}: ", out, re.M), number
        bn = str(number).translate(str.maketrans("0123456789", "০১২৩৪৫৬৭৮৯"))
        assert re.search(rf"^সারি {bn}: ", out, re.M), number
    assert "Row 4: skipped" in out and "column numbers" in out
    for number in (9, 10):
        assert re.search(rf"Row {number}: skipped —\nসারি .*\n    blank row", out)
    assert re.search(r'Row 11: skipped —\n.*\n    The column B "বাস্তবায়িত ধারণার নাম" is empty', out)
    assert re.search(r'Row 12: skipped —\n.*\n    "ftp://files.gov.bd" in column G', out)
    assert re.search(r'Row 13: skipped —\n.*\n    The service is marked as not running', out)
    assert re.search(r'Row 14: skipped —\n.*\n    "হয়তো" in column D', out)
    assert re.search(r"Row 15: skipped —\n.*\n    the same innovation as row 5", out)
    assert "4 created, 0 updated, 0 unchanged, 8 rows skipped (3 of them blank" in out
    assert "৪টি তৈরি" in out


def test_the_result_accounts_for_every_row(root):
    source = ministry_sheet(root / "form.xlsx")
    result = run_import(root, source, "mopa", today=TODAY)
    assert [o.row for o in result.outcomes] == list(range(4, 16))
    assert [o.action for o in result.outcomes] == ["skipped"] + ["created"] * 4 + ["skipped"] * 7
    assert [o.blank for o in result.outcomes if o.action == "skipped"] == [True, True, True] + [False] * 5
    for outcome in result.outcomes:
        assert outcome.reasons or outcome.action != "skipped"
        for reason in outcome.reasons:
            assert reason.en and re.search("[\u0980-\u09ff]", reason.bn)
    written = sorted(p.name for p in (root / "content" / "ideas").iterdir())
    assert written == sorted(Path(o.path).name for o in result.outcomes if o.action == "created")
    assert result.failed


def test_new_files_are_named_from_office_and_title_and_dated_by_rule(root):
    result = run_import(root, ministry_sheet(root / "form.xlsx"), "mopa", team="mopa-innovation-team", today=TODAY)
    names = sorted(p.name for p in (root / "content" / "ideas").iterdir())
    assert all(re.match(r"^mopa-[a-z0-9-]+\.md$", n) for n in names)
    assert "mopa-onolaine-chhuti-onumodon.md" in names and "mopa-help-desk.md" in names
    bank = ideas_in(root)
    for rec in bank.ideas.values():
        assert rec.item.dates.implemented == TODAY  # the form has no date: the day of the import
        assert rec.item.team == "mopa-innovation-team"
        assert rec.body["bn"] == ""  # the page shows the summary; a copy in the body would show it twice
    for path in (root / "content" / "ideas").iterdir():
        text = path.read_text(encoding="utf-8")
        assert text.endswith("---\n") and text.count("\nsummary: ") == 1
    text = (root / "content" / "ideas" / "mopa-help-desk.md").read_text(encoding="utf-8")
    assert "the form has no date, write the real one" in text and "# 1. বাস্তবায়িত ধারণার নাম" in text
    assert len(result.dated) == 4
    # with --implemented the date is the one given, and no reminder
    other = run_import(root, _csv(root / "x.csv", EN_HEADERS, [["1", "Citizen charter", "Posted online.", "Yes", "",
                                                                "Yes", "", ""]]),
                       "lgd", implemented=dt.date(2022, 9, 8), today=TODAY)
    assert other.dated == []
    assert ideas_in(root).ideas["lgd-citizen-charter"].item.dates.implemented == dt.date(2022, 9, 8)


def test_reimport_updates_the_same_files_and_keeps_everything_else(root):
    source = ministry_sheet(root / "form.xlsx")
    run_import(root, source, "mopa", today=TODAY)
    path = next(p for p in (root / "content" / "ideas").iterdir() if "nothi" in p.name)
    text = path.read_text(encoding="utf-8")
    text = text.replace("kind: simplification", "kind: digitisation  # changed by hand")
    text = text.replace("  implemented: 2024-03-01", "  started: 2021-01-01\n  implemented: 2022-06-30")
    assert text.endswith("---\n")  # no body: the page shows the summary
    text += "নথি অনলাইনে নিষ্পত্তি।\n\n## বিস্তারিত\nহাতে লেখা বিবরণ।\n"
    text = text.replace("office: mopa\n", "office: mopa\nsectors: [public_administration, ict]\n")
    path.write_text(text, encoding="utf-8")
    before = {p.name: p.read_bytes() for p in (root / "content" / "ideas").iterdir()}

    rows = [list(r) for r in GOOD]
    rows[1][3], rows[1][4], rows[1][5], rows[1][7] = "হ্যাঁ", "", "হ্যাঁ", "এখন চালু"
    result = run_import(root, ministry_sheet(root / "form2.xlsx", rows), "mopa", today=dt.date(2025, 1, 1))
    actions = {o.row: o.action for o in result.outcomes if not o.blank}
    assert actions[5] == actions[7] == actions[8] == "unchanged" and actions[6] == "updated"
    after = {p.name: p.read_bytes() for p in (root / "content" / "ideas").iterdir()}
    assert set(after) == set(before), "a re-import must not add files"
    assert all(after[n] == before[n] for n in after if n != path.name), "unchanged files are not rewritten"
    new = path.read_text(encoding="utf-8")
    assert "kind: digitisation  # changed by hand" in new and "# 3. সেবাটি কার্যকর আছে কিনা" in new
    assert "## বিস্তারিত\nহাতে লেখা বিবরণ।" in new
    idea = ideas_in(root).ideas[path.name[:-3]].item
    assert idea.service.running is True and idea.service.not_running_reason is None
    assert idea.service.remarks.bn == "এখন চালু" and idea.service.expected_result.value == "yes"
    assert idea.dates.started == dt.date(2021, 1, 1) and idea.dates.implemented == dt.date(2022, 6, 30)
    assert [s.value for s in idea.sectors] == ["public_administration", "ict"]


def test_reimport_finds_a_renamed_file_and_an_english_form_fills_in_english(root):
    run_import(root, ministry_sheet(root / "form.xlsx"), "mopa", today=TODAY)
    ideas = root / "content" / "ideas"
    old = next(p for p in ideas.iterdir() if "help-desk" in p.name)
    old.rename(ideas / "help-desk-for-citizens.md")
    # The same sheet again, the title written with different spacing and punctuation.
    rows = [list(r) for r in GOOD]
    rows[2][1] = "হেল্প  ডেস্ক।"
    result = run_import(root, ministry_sheet(root / "form2.xlsx", rows), "mopa", today=TODAY)
    (outcome,) = [o for o in result.outcomes if o.row == 7]
    assert outcome.action == "updated" and outcome.path.endswith("help-desk-for-citizens.md")
    assert not (ideas / old.name).exists()
    assert ideas_in(root).ideas["help-desk-for-citizens"].item.title.bn == "হেল্প  ডেস্ক।"


def test_dry_run_writes_nothing_and_reports_the_same(root, capsys):
    source = ministry_sheet(root / "form.xlsx")
    code = main(["--root", str(root), "import", str(source), "--office", "mopa", "--dry-run"])
    out = capsys.readouterr().out
    assert code == 1
    assert list((root / "content" / "ideas").iterdir()) == []
    assert re.search(r"^Row 5: would create .*mopa-onolaine-chhuti-onumodon\.md$", out, re.M)
    assert "Dry run: 4 would be created" in out and "কিছুই লেখা হয়নি" in out


def _csv(path: Path, headers, rows, title: str | None = None, delimiter=",", encoding="utf-8-sig") -> Path:
    with path.open("w", encoding=encoding, newline="") as out:
        writer = csv.writer(out, delimiter=delimiter)
        if title:
            writer.writerow([title])
        writer.writerow(headers)
        writer.writerows(rows)
    return path


def test_english_csv_with_title_row_semicolons_and_line_breaks(root):
    rows = [["1", "Online leave", "Leave is approved\nonline.", "Yes", "", "Partly", "www.leave.mopa.gov.bd", "works"],
            ["2", "Grievance redress", "Complaints online.", "no", "Server down", "No", "", ""],
            ["", "", "", "", "", "", "", ""]]
    source = _csv(root / "form.csv", EN_HEADERS, rows, title="Ministry of Public Administration", delimiter=";")
    result = run_import(root, source, "mopa", today=TODAY)
    assert [o.action for o in result.outcomes] == ["created", "created", "skipped"]
    bank = ideas_in(root)
    leave = bank.ideas["mopa-online-leave"].item
    assert leave.title.bn == leave.title.en == "Online leave"  # Bengali is required: English goes in both
    assert leave.summary.en == "Leave is approved\nonline."
    assert leave.service.link == "http://www.leave.mopa.gov.bd"
    assert leave.service.expected_result.value == "partly"
    # importing an English form again updates only the English text
    run_import(root, _csv(root / "en2.csv", EN_HEADERS, [["1", "Online leave", "Leave online.", "Yes", "", "Yes",
                                                           "", ""]]), "mopa", today=TODAY)
    assert ideas_in(root).ideas["mopa-online-leave"].item.summary.en == "Leave online."
    assert ideas_in(root).ideas["mopa-online-leave"].item.summary.bn == "Leave is approved\nonline."


def test_import_then_export_gives_back_the_same_rows(root, tmp_path):
    source = ministry_sheet(root / "form.xlsx", GOOD)
    run_import(root, source, "mopa", today=TODAY)
    bank = ideas_in(root)
    by_title = {r.item.title.bn: r.item for r in bank.ideas.values()}
    ideas = [by_title[row[1]] for row in GOOD]
    assert form.rows(ideas, "bn") == expected_rows(GOOD)
    # export → import into an empty bank → the same rows again, in both languages and formats
    for lang, writer in (("bn", downloads.xlsx_bytes), ("en", downloads.csv_bytes), ("bn", downloads.csv_bytes)):
        other = tmp_path / f"other-{lang}-{writer.__name__}"
        (other / "content" / "offices").mkdir(parents=True)
        (other / "content" / "offices" / "mopa.yaml").write_text(OFFICES["mopa"], encoding="utf-8")
        exported = other / ("form.xlsx" if writer is downloads.xlsx_bytes else "form.csv")
        exported.write_bytes(writer(ideas, lang))
        result = run_import(other, exported, "mopa", today=TODAY)
        assert [o.action for o in result.outcomes] == ["created"] * 4
        again = load(other / "content")[0]
        back = {r.item.title.get(lang): r.item for r in again.ideas.values()}
        assert form.rows([back[i.title.get(lang)] for i in ideas], lang) == form.rows(ideas, lang)


def test_headers_and_answers_are_recognised_in_their_variants():
    assert [form.column_for(h) for h in BN_HEADERS] == [form.SERIAL] + list(form.KEYS)
    assert [form.column_for(h) for h in EN_HEADERS] == [form.SERIAL] + list(form.KEYS)
    assert [form.column_for(h) for h in ("ক্রমিক নং", "SL No.", "সেবার লিংক", "লিংক", "Service URL", "Comments")] == \
        [form.SERIAL, form.SERIAL, "link", "link", "link", "remarks"]
    assert form.headers("bn")[5] == "সেবার লিংক" and len(form.headers("en")) == 7
    for text, key in (("হ্যাঁ", "yes"), ("হ্যা", "yes"), ("Yes", "yes"), ("না", "no"), ("No", "no"), ("আংশিক", "partly"),
                      ("partly", "partly"), ("না, সার্ভার বন্ধ", "no"), ("হ্যাঁ।", "yes"), ("হয়তো", None)):
        assert form.parse_answer(text) == key, text


def test_a_hyperlinked_cell_gives_its_address(root):
    book = Workbook()
    sheet = book.active
    sheet.append(BN_HEADERS)
    sheet.append(["১", "ভূমি সেবা", "অনলাইনে নামজারি।", "হ্যাঁ", "", "হ্যাঁ", "লিংক", ""])
    sheet["G2"].hyperlink = "https://land.gov.bd/mutation"
    book.save(root / "links.xlsx")
    run_import(root, root / "links.xlsx", "mopa", today=TODAY)
    (idea,) = ideas_in(root).ideas.values()
    assert idea.item.service.link == "https://land.gov.bd/mutation"


def test_personal_data_in_a_row_is_refused(root):
    rows = [["১", "হেল্পলাইন", "যোগাযোগ ০১৭১১২২৩৩৪৪ নম্বরে।", "হ্যাঁ", "", "হ্যাঁ", "", ""]]
    result = run_import(root, _csv(root / "p.csv", BN_HEADERS, rows), "mopa", today=TODAY)
    (outcome,) = result.outcomes
    assert outcome.action == "skipped" and "personal mobile number" in outcome.reasons[0].en
    # named by the sheet's column, not by a line of a file that was never written
    assert outcome.reasons[0].en.startswith(f'column C "{BN_HEADERS[2]}": ') and "line" not in outcome.reasons[0].en
    assert outcome.reasons[0].bn.startswith(f'কলাম C "{BN_HEADERS[2]}": ')
    assert list((root / "content" / "ideas").iterdir()) == []


def test_a_file_that_fails_the_full_check_is_put_back(root, monkeypatch):
    """What only the whole bank can tell (here: personal data, with the per-file check switched
    off) undoes the write: a new file is removed, an updated one restored byte for byte."""
    run_import(root, _csv(root / "a.csv", BN_HEADERS, [["১", "হেল্পলাইন", "তথ্য।", "হ্যাঁ", "", "হ্যাঁ", "", ""]]),
               "mopa", today=TODAY)
    (existing,) = (root / "content" / "ideas").iterdir()
    before = existing.read_bytes()
    monkeypatch.setattr(importer, "check_text", lambda *a: [])
    rows = [["১", "হেল্পলাইন", "তথ্য।", "হ্যাঁ", "", "হ্যাঁ", "", "rahim@gmail.com"],
            ["২", "নতুন সেবা", "বিবরণ।", "হ্যাঁ", "", "হ্যাঁ", "", "karim@yahoo.com"]]
    result = run_import(root, _csv(root / "b.csv", BN_HEADERS, rows), "mopa", today=TODAY)
    assert [o.action for o in result.outcomes] == ["skipped", "skipped"]
    assert all(o.rolled_back and "put back" in o.reasons[0].en for o in result.outcomes)
    assert existing.read_bytes() == before
    assert [p.name for p in (root / "content" / "ideas").iterdir()] == [existing.name]
    assert result.dated == []


@pytest.mark.parametrize("args, message, hint", [
    (["--office", "mopx"], 'There is no office "mopx"', 'Did you mean "mopa"?'),
    (["--office", "mopa", "--team", "nope"], 'There is no team "nope"', None),  # nothing near it
])
def test_unknown_office_or_team_is_told_not_raised(root, capsys, args, message, hint):
    source = ministry_sheet(root / "form.xlsx")
    assert main(["--root", str(root), "import", str(source), *args]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and re.search("[\u0980-\u09ff]", err)
    assert (hint in err) if hint else ("Did you mean" not in err)


def test_files_that_are_not_the_form_are_told_not_raised(root, capsys):
    cases = {
        "old.xls": (b"\xd0\xcf\x11\xe0 old excel", "Only .xlsx and .csv"),
        "broken.xlsx": (b"not a zip", "cannot be read as a spreadsheet"),
        "ansi.csv": ("নাম,বিবরণ\n".encode("utf-16-le")[:-1] + b"\xff", "is not UTF-8"),
        "other.csv": ("a,b,c\n1,2,3\n".encode(), "No header row of the form"),
    }
    for name, (data, message) in cases.items():
        (root / name).write_bytes(data)
        assert main(["--root", str(root), "import", str(root / name), "--office", "mopa"]) == 2, name
        err = capsys.readouterr().err
        assert message in err and "Traceback" not in err, name
    assert main(["--root", str(root), "import", str(root / "missing.xlsx"), "--office", "mopa"]) == 2
    assert "There is no file" in capsys.readouterr().err


def test_slugs_are_stable_and_readable():
    taken: set[str] = set()
    first = importer.new_slug("mopa", "অনলাইনে ছুটি অনুমোদন", taken)
    assert first == importer.new_slug("mopa", "অনলাইনে ছুটি অনুমোদন", set()) == "mopa-onolaine-chhuti-onumodon"
    taken.add(first)
    assert importer.new_slug("mopa", "অনলাইনে ছুটি অনুমোদন", taken) == first + "-2"
    assert re.match(r"^mopa-[0-9a-f]{8}$", importer.new_slug("mopa", "!!!", set()))
    long = importer.new_slug("mopa", "উপজেলা ভূমি অফিসে হেল্প ডেস্ক স্থাপন এবং অনলাইনে নামজারি আবেদন গ্রহণ ও নিষ্পত্তি", set())
    assert len(long) <= 60 and not long.endswith("-")


def test_every_sheet_with_the_form_is_read_and_the_others_are_named(root):
    book = Workbook()
    first = book.active
    first.title = "অধিদপ্তর"
    first.append(BN_HEADERS)
    first.append(["১", "ভূমি সেবা", "অনলাইনে নামজারি।", "হ্যাঁ", "", "হ্যাঁ", "", ""])
    second = book.create_sheet("Division")
    second.append(["Innovations of the division"])
    second.append(EN_HEADERS)
    second.append(["1", "Citizen charter", "Posted online.", "Yes", "", "Yes", "", ""])
    notes = book.create_sheet("নোট")
    notes.append(["এই শিটে শুধু নোট"])
    book.create_sheet("empty")
    book.save(root / "many.xlsx")
    result = run_import(root, root / "many.xlsx", "mopa", today=TODAY)
    assert [(o.sheet, o.row, o.action) for o in result.outcomes] == [("অধিদপ্তর", 2, "created"), ("Division", 3, "created")]
    assert result.outcomes[1].label("bn") == "Division · ৩"
    assert [n.en for n in result.notes if "not read" in n.en] == ['Sheet "নোট" has no header row of the form; it was not read.']
    assert len(ideas_in(root).ideas) == 2


def test_a_column_outside_the_form_is_named_not_read(root):
    rows = [["১", "অফিস", "ভূমি সেবা", "অনলাইনে নামজারি।", "হ্যাঁ", "", "হ্যাঁ", "", ""]]
    headers = BN_HEADERS[:1] + ["দপ্তরের নাম"] + BN_HEADERS[1:]
    result = run_import(root, _csv(root / "c.csv", headers, rows), "mopa", today=TODAY)
    assert [o.action for o in result.outcomes] == ["created"]
    assert ideas_in(root).ideas["mopa-bhumi-seba"].item.title.bn == "ভূমি সেবা"  # the form's own header wins
    assert any('B "দপ্তরের নাম"' in n.en and "not read" in n.en for n in result.notes)


def test_an_unforeseen_failure_is_a_sentence_not_a_traceback(root, monkeypatch, capsys):
    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("generator.officers.importer.run_import", broken)
    assert main(["--root", str(root), "import", "x.xlsx", "--office", "mopa"]) == 1
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err + captured.out
    assert "Something unexpected went wrong (RuntimeError: disk on fire)" in captured.err
    assert "অপ্রত্যাশিত" in captured.err


def test_cells_are_read_as_excel_shows_them(tmp_path):
    """Numbers without a trailing .0, dates as dates, yes/no for TRUE/FALSE, rich text in one
    piece, a sheet written with a namespace prefix (x:row), and no cell in row 0."""
    book = Workbook()
    sheet = book.active
    sheet.append([12.0, 1.5, dt.datetime(2023, 7, 15), True, "#N/A", "লেখা"])
    sheet["A2"] = CellRichText([TextBlock(InlineFont(b=True), "গাঢ়"), " সাধারণ"])
    book.save(tmp_path / "types.xlsx")
    (read,) = sheets.read(tmp_path / "types.xlsx")
    assert read.rows == [["12", "1.5", "2023-07-15", "yes", "#N/A", "লেখা"], ["গাঢ় সাধারণ"]]
    prefixed = (f'<x:worksheet xmlns:x="{MAIN}"><x:sheetData><x:row r="2"><x:c r="B2" t="inlineStr"><x:is>'
                '<x:t>ক</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>').encode()
    (tmp_path / "prefixed.xlsx").write_bytes(xlsx(prefixed))
    assert sheets.read(tmp_path / "prefixed.xlsx")[0].rows == [[], ["", "ক"]]
    (tmp_path / "zero.xlsx").write_bytes(xlsx(prefixed.replace(b"B2", b"B0")))
    with pytest.raises(sheets.SheetError) as refused:
        sheets.read(tmp_path / "zero.xlsx")
    assert refused.value.key == "import.unreadable" and '"B0" is not a cell reference' in refused.value.values["reason"]


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_a_mobile_number_whose_leading_zero_the_spreadsheet_dropped_is_refused(root, kind):
    """Excel keeps 01711223344 typed in a number cell as the number 1711223344 (and writes it so in
    a CSV): the import must still see a personal mobile number."""
    row = ["১", "হেল্পলাইন", "যোগাযোগের সেবা।", "হ্যাঁ", "", "হ্যাঁ", "", 1711223344]
    if kind == "csv":
        path = _csv(root / "p.csv", BN_HEADERS, [[str(cell) for cell in row]])
    else:
        book = Workbook()
        book.active.append(BN_HEADERS)
        book.active.append(row)
        path = root / "p.xlsx"
        book.save(path)
    (outcome,) = run_import(root, path, "mopa", today=TODAY).outcomes
    assert outcome.action == "skipped" and "personal mobile number" in outcome.reasons[0].en
    assert outcome.reasons[0].en.startswith(f'column H "{BN_HEADERS[7]}": ')
    assert list((root / "content" / "ideas").iterdir()) == []
