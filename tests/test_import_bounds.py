"""`innobank import` is bounded whatever a file declares: each hostile form (tests/hostile_sheets.py,
a few kilobytes each) is refused with a sentence in English and Bengali that names what is wrong,
by the command an officer runs, in a process that may use at most 1 GB of address space. The
timeout is only a guard against a hang, not a measure of speed (that is in the report of the
change: before, these took gigabytes or ran past a minute). Forms of a real size still read, and
every limit, lowered so that a small workbook reaches it, has its own sentence."""

from __future__ import annotations

import re
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl.utils import get_column_letter

import hostile_sheets
from generator.officers import sheets
from generator.officers.messages import Said
from hostile_sheets import FORMS, cell, worksheet, xlsx

MEMORY = 1 << 30  # bytes of address space for the import
HANG_GUARD = 300  # seconds: far beyond what a refusal takes, only so that a hang ends
OFFICE = 'name: {bn: "জনপ্রশাসন মন্ত্রণালয়", en: "Ministry of Public Administration"}\nkind: ministry\n'


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "content" / "offices").mkdir(parents=True)
    (tmp_path / "content" / "ideas").mkdir()
    (tmp_path / "content" / "offices" / "mopa.yaml").write_text(OFFICE, encoding="utf-8")
    return tmp_path


def _limit_memory():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def import_bounded(root: Path, source: Path) -> subprocess.CompletedProcess:
    """`innobank import` in its own process, with its memory limited."""
    return subprocess.run([sys.executable, "-c", "import sys; from generator.cli import main; sys.exit(main(sys.argv[1:]))",
                           "--root", str(root), "import", str(source), "--office", "mopa"],
                          cwd=root, capture_output=True, text=True, timeout=HANG_GUARD, preexec_fn=_limit_memory)


def assert_refused(root: Path, done: subprocess.CompletedProcess, words: str) -> None:
    assert "Traceback" not in done.stderr + done.stdout, done.stderr[-2000:]
    assert done.returncode == 2, (done.returncode, done.stdout[-1000:], done.stderr[-1000:])
    english, bengali = done.stderr.strip().splitlines()
    assert words in english and re.search("[\u0980-\u09ff]{3}", bengali), done.stderr
    assert list((root / "content" / "ideas").iterdir()) == []


@pytest.mark.parametrize("name", list(FORMS))
def test_a_hostile_workbook_is_refused_with_a_sentence(root, tmp_path, name):
    done = import_bounded(root, hostile_sheets.write(tmp_path, name))
    assert_refused(root, done, FORMS[name][1])


def _csv(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


HEADER = ",".join(hostile_sheets.HEADERS) + "\n" + ",".join(hostile_sheets.GOOD_ROW) + "\n"
CSV_FORMS = {  # just past the limits, sheets.MAX_ROWS (20 000) and sheets.MAX_COLUMNS (100, CV)
    # name → (the file, words the refusal must contain)
    "a 1 GB CSV": (lambda p: _sparse(p, 1 << 30), "1024 MB"),
    "a value on row 20001": (lambda p: _csv(p, HEADER + "\n" * (20_000 - 2) + ",x\n"), "B20001"),
    "a value in column CW": (lambda p: _csv(p, HEADER + "," * 100 + "x\n"), "CW3"),
    "a cell of 40 000 characters": (lambda p: _csv(p, HEADER + "x," + "ক" * 40_000 + "\n"), "Line 3 "),
    "a quote that is never closed": (lambda p: _csv(p, HEADER + '"' + "x\n" * 20_000), "Line 3 "),
}


def _sparse(path: Path, size: int) -> Path:
    with path.open("wb") as out:
        out.truncate(size)
    return path


@pytest.mark.parametrize("name", list(CSV_FORMS))
def test_a_hostile_csv_is_refused_with_a_sentence(root, tmp_path, name):
    make, words = CSV_FORMS[name]
    done = import_bounded(root, make(tmp_path / "form.csv"))
    assert_refused(root, done, words)


# ---- real forms are read whole -------------------------------------------------------------

def test_a_form_up_to_the_limits_is_read_whole(tmp_path):
    """A value in the last row and column the importer reads, a merged remark, and a workbook
    that declares the largest dimension Excel allows (the declaration alone costs nothing)."""
    last = f"{get_column_letter(sheets.MAX_COLUMNS)}{sheets.MAX_ROWS}"
    path = tmp_path / "edge.xlsx"
    path.write_bytes(xlsx(worksheet(f'<row r="3">{cell("G3", "মন্তব্য")}</row>'
                                    f'<row r="{sheets.MAX_ROWS}">{cell(last, "শেষ")}</row>',
                                    after='<mergeCells count="1"><mergeCell ref="G3:G5"/></mergeCells>',
                                    dimension="A1:XFD1048576")))
    (sheet,) = sheets.read(path)
    assert len(sheet.rows) == sheets.MAX_ROWS and sheet.rows[-1][-1] == "শেষ"
    assert len(sheet.rows[-1]) == sheets.MAX_COLUMNS
    assert sheet.rows[0] == hostile_sheets.HEADERS and sheet.rows[1][0] == hostile_sheets.GOOD_ROW[0]
    assert [row[6] for row in sheet.rows[2:5]] == ["মন্তব্য"] * 3


def test_a_ministry_form_of_five_thousand_rows_is_read(tmp_path):
    rows = "".join(f'<row r="{r}">' + "".join(cell(f"{c}{r}", f"{text} {r}") for c, text in zip("ABCE", (
        "সেবা", "বিবরণ " * 40, "হ্যাঁ", "হ্যাঁ"))) + "</row>" for r in range(3, 5003))
    path = tmp_path / "large.xlsx"
    path.write_bytes(xlsx(worksheet(rows)))
    (sheet,) = sheets.read(path)
    assert len(sheet.rows) == 5002 and sheet.rows[-1][0] == "সেবা 5002"
    csv_path = _csv(tmp_path / "large.csv", HEADER + "".join(f"সেবা {r},{'বিবরণ ' * 40},হ্যাঁ,,হ্যাঁ,,\n"
                                                            for r in range(3, 5003)))
    (sheet,) = sheets.read(csv_path)
    assert len(sheet.rows) == 5002 and sheet.rows[-1][0] == "সেবা 5002"


def test_blank_lines_below_a_csv_form_are_not_a_reason_to_refuse_it(tmp_path):
    (sheet,) = sheets.read(_csv(tmp_path / "blank.csv", HEADER + ",,,\n" * (sheets.MAX_ROWS * 3)))
    assert len(sheet.rows) == sheets.MAX_ROWS and sheet.rows[1][0] == hostile_sheets.GOOD_ROW[0]


# ---- every limit, lowered so that a small workbook reaches it -------------------------------

SHARED = f'<sst xmlns="{hostile_sheets.MAIN}">' + "<si><t>ক</t></si>" * 20 + "</sst>"
LOWERED = {
    # name → (limit lowered, the workbook, the message's key)
    "parts of the zip": ({"MAX_ZIP_ENTRIES": 4}, lambda: xlsx(worksheet()), "import.zip_entries"),
    "declared unzipped size": ({"MAX_UNZIPPED_BYTES": 4000},
                               lambda: xlsx(worksheet(), extra={"xl/media/a.bin": b"x" * 5000}), "import.zip_total"),
    "one part read again and again": ({"MAX_UNZIPPED_BYTES": 9000}, lambda: xlsx(worksheet(), sheets=10),
                                      "import.zip_total"),
    "cells": ({"MAX_CELLS": 10}, lambda: xlsx(worksheet()), "import.too_many_cells"),
    "shared strings": ({"MAX_CELLS": 10}, lambda: xlsx(worksheet(), shared=SHARED.encode()), "import.too_many_cells"),
    "characters": ({"MAX_TEXT_CHARS": 100}, lambda: xlsx(worksheet()), "import.too_much_text"),
    "merged ranges": ({"MAX_RANGES": 3}, lambda: xlsx(worksheet(after="<mergeCells>" + "".join(
        f'<mergeCell ref="H{r}:I{r}"/>' for r in range(1, 5)) + "</mergeCells>")), "import.too_many_ranges"),
}


@pytest.mark.parametrize("name", list(LOWERED))
def test_each_limit_is_a_sentence(tmp_path, monkeypatch, name):
    limits, make, key = LOWERED[name]
    for limit, value in limits.items():
        monkeypatch.setattr(sheets, limit, value)
    path = tmp_path / "form.xlsx"
    path.write_bytes(make())
    with pytest.raises(sheets.SheetError) as refused:
        sheets.read(path)
    assert refused.value.key == key
    said = Said.of(refused.value.key, **refused.value.values)
    assert re.search(rf"\b{refused.value.values['limit']}\b", said.en) and re.search("[\u0980-\u09ff]{3}", said.bn)
