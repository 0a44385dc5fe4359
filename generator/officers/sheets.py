"""Reading a filled-in form as ministries send it: an Excel workbook (.xlsx) or a CSV file, into
plain rows of text. Merged cells take their top-left value in every cell they cover (a remark
merged over three rows belongs to all three); a cell whose text is "লিংক" but which links
somewhere keeps that address. Nothing is dropped here: finding the header and skipping rows is
the importer's job, and it reports each one."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ..form import clean

SUFFIXES = (".xlsx", ".xlsm", ".csv", ".txt")


@dataclass
class Sheet:
    name: str
    rows: list[list[str]]  # row i is the spreadsheet's row i + 1
    links: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, column) index → hyperlink


class SheetError(Exception):
    """The file cannot be read as a form; `key` is an import.* catalogue key."""

    def __init__(self, key: str, **values):
        super().__init__(key)
        self.key, self.values = key, values


def read(path: Path) -> list[Sheet]:
    if not path.is_file():
        raise SheetError("import.not_found", path=str(path))
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt"):
        return [_read_csv(path)]
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    raise SheetError("import.format", suffix=suffix or path.name)


def _read_csv(path: Path) -> Sheet:
    raw = path.read_bytes()
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode Text"
        text = raw.decode("utf-16")
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise SheetError("import.encoding", path=str(path)) from None
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        rows = [[clean(cell) for cell in record] for record in csv.reader(io.StringIO(text, newline=""), dialect)]
    except csv.Error as error:
        raise SheetError("import.unreadable", path=str(path), reason=str(error)) from None
    return Sheet(path.stem, rows)


def _read_xlsx(path: Path) -> list[Sheet]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, data_only=True)  # not read-only: that mode has no merged ranges
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError) as error:
        raise SheetError("import.unreadable", path=str(path), reason=str(error) or type(error).__name__) from None
    sheets = []
    for ws in book.worksheets:
        rows: list[list[str]] = []
        links: dict[tuple[int, int], str] = {}
        for r, cells in enumerate(ws.iter_rows()):
            rows.append([clean(cell.value) for cell in cells])
            for c, cell in enumerate(cells):
                target = getattr(cell.hyperlink, "target", None)
                if target:
                    links[(r, c)] = clean(target)
        for merged in ws.merged_cells.ranges:
            top = rows[merged.min_row - 1][merged.min_col - 1] if merged.min_row <= len(rows) else ""
            for r in range(merged.min_row - 1, min(merged.max_row, len(rows))):
                for c in range(merged.min_col - 1, merged.max_col):
                    if c < len(rows[r]):
                        rows[r][c] = top
        sheets.append(Sheet(ws.title, rows, links))
    return sheets
