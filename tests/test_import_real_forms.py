"""`innobank import` on forms as offices really fill them in, beyond the clean table: words after
an answer in the same cell, a header of two rows under a merged title, a signature under the
table, a note in a column the form does not have, and files saved the wrong way (ANSI "CSV", a
Word table, formulas a program wrote without their results). Each test asserts what the officer
sees: the file written, and the sentence printed."""

from __future__ import annotations

import re
from pathlib import Path

from openpyxl import Workbook

from generator.cli import main
from generator.officers.importer import run_import
from test_import import BN_HEADERS, TODAY, ideas_in, root  # noqa: F401 (root is a fixture)


def _book(path: Path, rows: list[list], header=BN_HEADERS, merges=()) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(["জনপ্রশাসন মন্ত্রণালয়: বাস্তবায়িত উদ্ভাবনী ধারণার ডাটাবেজ"])
    sheet.merge_cells("A1:H1")
    if header:
        sheet.append(header)
    for row in rows:
        sheet.append(row)
    for cells in merges:
        sheet.merge_cells(cells)
    book.save(path)
    return path


def _import(root: Path, source: Path, capsys) -> tuple[int, str]:
    code = main(["--root", str(root), "import", str(source), "--office", "mopa"])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    return code, captured.out + captured.err


def _by_title(root: Path):
    return {r.item.title.bn: r.item for r in ideas_in(root).ideas.values()}


# ---- 1. words after an answer --------------------------------------------------------------

ANSWERED = [
    ["১", "সার্ভার সেবা", "বিবরণ এক।", "না, সার্ভার বন্ধ", "", "না", "", ""],
    ["২", "গ্রামের সেবা", "বিবরণ দুই।", "হ্যাঁ", "", "আংশিক, গ্রামে নেটওয়ার্ক দুর্বল বলে", "", "আগের মন্তব্য"],
    ["৩", "অফিস সময়ের সেবা", "বিবরণ তিন।", "হ্যাঁ, তবে শুধু অফিস সময়ে", "", "হ্যাঁ", "", ""],
    ["৪", "আংশিক চালু সেবা", "বিবরণ চার।", "হ্যাঁ (আংশিক)", "", "হ্যাঁ", "", ""],
    ["৫", "দুই কারণের সেবা", "বিবরণ পাঁচ।", "না, বাজেট নেই", "জনবল নেই", "না", "", ""],
    ["৬", "চালু সেবায় কারণ", "বিবরণ ছয়।", "হ্যাঁ", "বাজেট নেই", "হ্যাঁ", "", ""],
]


def test_words_after_an_answer_are_kept_where_they_belong_and_told(root, capsys):
    source = _book(root / "form.xlsx", ANSWERED)
    code, out = _import(root, source, capsys)
    assert code == 0, out
    ideas = _by_title(root)
    server = ideas["সার্ভার সেবা"].service
    assert server.running is False and server.not_running_reason.bn == "সার্ভার বন্ধ"
    village = ideas["গ্রামের সেবা"].service
    assert village.expected_result.value == "partly"
    assert village.remarks.bn == "আগের মন্তব্য\nগ্রামে নেটওয়ার্ক দুর্বল বলে"
    assert ideas["অফিস সময়ের সেবা"].service.running is True
    assert ideas["অফিস সময়ের সেবা"].service.remarks.bn == "তবে শুধু অফিস সময়ে"
    assert ideas["আংশিক চালু সেবা"].service.remarks.bn == "আংশিক"
    both = ideas["দুই কারণের সেবা"].service
    assert both.not_running_reason.bn == "জনবল নেই" and both.remarks.bn == "বাজেট নেই"
    running = ideas["চালু সেবায় কারণ"].service
    assert running.running is True and running.not_running_reason is None and running.remarks.bn == "বাজেট নেই"
    # the officer is told where each text went, under the row it came from
    assert re.search(r'^Row 3: created .*\n.*\n    The words after the answer in column D "সেবাটি কার্যকর আছে কিনা", '
                     r'"সার্ভার বন্ধ", were put in column E "না থাকলে তার কারণ"\.', out, re.M)
    assert '"গ্রামে নেটওয়ার্ক দুর্বল বলে", were put in column H "মন্তব্য"' in out
    assert re.search(r'^Row 8: created .*\n.*\n    The service is running, .*"বাজেট নেই" in column E '
                     r'"না থাকলে তার কারণ" was put in column H "মন্তব্য"\.', out, re.M)
    assert 'D "সেবাটি কার্যকর আছে কিনা" কলামে উত্তরের পরের কথা "সার্ভার বন্ধ"' in out
    # importing the same sheet again changes nothing
    result = run_import(root, source, "mopa", today=TODAY)
    assert {o.action for o in result.outcomes} == {"unchanged"}


# ---- 2. a header of two rows ---------------------------------------------------------------

def _two_row_header(path: Path, rows: list[list]) -> Path:
    """The common government layout: "সেবার বর্তমান অবস্থা" merged over D3:E3 with its two columns
    under it in row 4, every other header merged over rows 3 and 4."""
    book = Workbook()
    sheet = book.active
    sheet["A1"] = "মন্ত্রিপরিষদ বিভাগের ছক"
    sheet.merge_cells("A1:H1")
    for column, text in zip("ABCFGH", ["ক্র. নং", "বাস্তবায়িত ধারণার নাম", "সংক্ষিপ্ত বিবরণ",
                                       "সেবা গ্রহীতাগণ প্রত্যাশিত ফলাফল পাচ্ছে কিনা", "সেবার লিঙ্ক", "মন্তব্য"]):
        sheet[f"{column}3"] = text
        sheet.merge_cells(f"{column}3:{column}4")
    sheet["D3"] = "সেবার বর্তমান অবস্থা"
    sheet.merge_cells("D3:E3")
    sheet["D4"], sheet["E4"] = "সেবাটি কার্যকর আছে কিনা", "না থাকলে তার কারণ"
    for r, row in enumerate(rows, start=5):
        for c, value in enumerate(row, start=1):
            if value:
                sheet.cell(r, c, value)
    book.save(path)
    return path


def test_a_header_of_two_rows_under_a_merged_title_is_read(root, capsys):
    rows = [["১", "অনলাইন আবেদন", "আবেদন অনলাইনে।", "হ্যাঁ", "", "হ্যাঁ", "https://a.mopa.gov.bd", ""],
            ["২", "অফলাইন সেবা", "বন্ধ সেবা।", "না", "জনবল নেই", "না", "", ""],
            ["৩", "কারণ ছাড়া বন্ধ", "বন্ধ।", "না", "", "না", "", ""]]
    code, out = _import(root, _two_row_header(root / "form.xlsx", rows), capsys)
    assert "Header found on rows 3 and 4" in out and "৩ ও ৪ নম্বর সারিতে শিরোনাম" in out
    assert "Row 4" not in out and "header row repeated" not in out
    ideas = _by_title(root)
    assert ideas["অনলাইন আবেদন"].service.running is True
    assert ideas["অনলাইন আবেদন"].service.link == "https://a.mopa.gov.bd"
    assert ideas["অফলাইন সেবা"].service.running is False
    assert ideas["অফলাইন সেবা"].service.not_running_reason.bn == "জনবল নেই"
    # a bad row names the column by its own header, the lower row's
    assert code == 1
    assert re.search(r'^Row 7: skipped —\n.*\n    The service is marked as not running \(না\), so column E '
                     r'"না থাকলে তার কারণ" must say why', out, re.M)


def test_a_row_of_data_under_a_one_row_header_is_not_taken_for_a_second_header_row(root):
    # the name and the summary could be header words; the answers cannot
    rows = [["১", "সেবার লিংক", "মন্তব্য", "হ্যাঁ", "", "হ্যাঁ", "", ""]]
    result = run_import(root, _book(root / "form.xlsx", rows), "mopa", today=TODAY)
    assert [(o.row, o.action) for o in result.outcomes] == [(3, "created")]


# ---- 3. files saved the wrong way ----------------------------------------------------------

def test_an_ansi_csv_is_told_to_be_saved_as_csv_utf8(root, capsys):
    lines = ["??. ??,????????? ?????? ???,????????? ??????,?????? ??????? ??? ????",
             "?,?????? ????,??????,??"]
    (root / "form.csv").write_bytes("\r\n".join(lines).encode("cp1252"))
    code, out = _import(root, root / "form.csv", capsys)
    assert code == 2
    assert 'saved as Excel\'s plain "CSV", which turns every Bengali letter into "?"' in out
    assert '"CSV UTF-8"' in out and "(cell A1)" in out and "প্রশ্নবোধক" in out
    assert "No header row" not in out


def test_a_question_mark_in_a_real_csv_is_not_taken_for_lost_bengali(root):
    rows = ["ক্র. নং,বাস্তবায়িত ধারণার নাম,সংক্ষিপ্ত বিবরণ,সেবাটি কার্যকর আছে কিনা,না থাকলে তার কারণ",
            "১,প্রশ্ন সেবা?,কেন? কীভাবে? কোথায়?,হ্যাঁ,কী???"]
    (root / "form.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = run_import(root, root / "form.csv", "mopa", today=TODAY)
    assert [o.action for o in result.outcomes] == ["created"]


def test_a_word_file_is_told_to_copy_its_table_into_excel(root, capsys):
    (root / "form.docx").write_bytes(b"PK\x03\x04 a Word document")
    code, out = _import(root, root / "form.docx", capsys)
    assert code == 2
    assert "A Word file" in out and "copy it, paste it into an empty Excel sheet" in out
    assert "Save As" not in out and "Word ফাইল" in out


def test_a_formula_whose_result_was_not_saved_is_told_as_such(root, capsys):
    # openpyxl, like other programs that do not calculate, writes the formula with an empty <v/>
    rows = [["১", '=CONCATENATE("ভূমি"," সেবা")', "বিবরণ।", "হ্যাঁ", "", "হ্যাঁ", "", ""]]
    code, out = _import(root, _book(root / "form.xlsx", rows), capsys)
    assert code == 1
    assert re.search(r'^Row 3: skipped —\n.*\n    Column B "বাস্তবায়িত ধারণার নাম" holds a formula '
                     r'\(=CONCATENATE\("ভূমি"," সেবা"\)\) whose result is not saved in the file', out, re.M)
    assert "Open the file in Excel and save it" in out and "is empty" not in out


# ---- 4. what sits around the table ----------------------------------------------------------

def test_the_signature_under_the_table_is_the_forms_footer_not_a_failure(root, capsys):
    rows = [["১", "অনলাইন আবেদন", "আবেদন অনলাইনে।", "হ্যাঁ", "", "হ্যাঁ", "", "", "যাচাই করা হয়েছে"],
            ["", "", "", "", "", "", "", "", "শুধু যাচাইয়ের নোট"],
            ["২", "হেল্প ডেস্ক", "নাগরিকদের জন্য।", "হ্যাঁ", "", "হ্যাঁ", "", ""],
            [],
            ["স্বাক্ষরিত/- উপসচিব, সফটওয়্যার শাখা"],  # merged over A:H below
            ["", "", "", "", "", "", "(মোঃ করিম)", "উপসচিব"],
            ["", "", "", "", "", "", "তারিখ: ০১/০৩/২০২৪", ""]]
    header = BN_HEADERS + ["যাচাই"]
    code, out = _import(root, _book(root / "form.xlsx", rows, header, merges=["A7:H7"]), capsys)
    assert code == 0, out
    assert len(ideas_in(root).ideas) == 2
    assert re.search(r'^Row 4: skipped —\n.*\n    no innovation: nothing in the form\'s columns, only in I "যাচাই", '
                     r"which is not one of the form's columns", out, re.M)
    for number in (7, 8, 9):
        assert re.search(rf"^Row {number}: skipped —\n.*\n    below the table: the form's footer", out, re.M)
    assert "2 created, 0 updated, 0 unchanged, 5 rows skipped (5 of them blank or not innovations)" in out


def test_a_row_without_name_inside_the_table_is_still_refused(root):
    rows = [["১", "", "", "হ্যাঁ", "", "হ্যাঁ", "", ""],  # looks like a footer line, but data follows
            ["২", "হেল্প ডেস্ক", "নাগরিকদের জন্য।", "হ্যাঁ", "", "হ্যাঁ", "", ""],
            ["৩", "", "নাম ছাড়া বিবরণ", "", "", "", "", ""]]  # a summary is never a footer
    result = run_import(root, _book(root / "form.xlsx", rows), "mopa", today=TODAY)
    assert [(o.row, o.action, o.blank) for o in result.outcomes] == [
        (3, "skipped", False), (4, "created", False), (5, "skipped", False)]
    assert result.failed
