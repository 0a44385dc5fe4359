"""The Cabinet Division's 7-column form as downloads, overall and per office, with the form's
Bengali headers and an English variant: CSV in UTF-8 with a BOM (so Excel shows Bengali) and
XLSX. data/form.bn.csv, data/form.en.xlsx, data/offices/<id>.bn.csv, … Rows are in the order
of the content files' names, so a download is stable from one build to the next.

Every cell is text, never a formula, whatever a contributor wrote (OWASP's rule for CSV
injection, see form.as_text): the CSV quotes every field and puts a single quote in front of one
a spreadsheet would run; the XLSX writes every cell as a string cell, and one that starts like a
formula carries Excel's own quote-prefix mark, so editing it in Excel keeps it text."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, time
from typing import Iterable

from .. import form
from ..i18n import LANGUAGES
from .output import Output

SHEET_TITLE = {"bn": "উদ্ভাবন", "en": "Innovations"}  # Excel sheet names: at most 31 characters


def paths(oid: str | None, lang: str) -> dict[str, str]:
    """Site paths of the downloads of one office (or of everything when oid is None)."""
    stem = "data/form" if oid is None else f"data/offices/{oid}"
    return {"csv": f"{stem}.{lang}.csv", "xlsx": f"{stem}.{lang}.xlsx"}


def _by_slug(records) -> list:
    return [r.item for r in sorted(records, key=lambda r: r.slug)]


def publish(rel, **_) -> dict[str, Output]:
    """The render workers deal these files out in turn (the plugin's `_work`: the n-th file to the
    worker n modulo their number). A language's CSV and workbook write the same cells (`_Cells`,
    made once for both), so each office's four files come as bn.csv, en.csv, bn.xlsx, en.xlsx: of
    two workers, one makes both Bengali files, the other both English ones, and each one workbook
    (the whole bank's are seconds at 10,000 innovations, which a deploy makes again after any edit)."""
    out = {}
    for oid in (None, *rel.bank.offices):
        ideas = _by_slug(rel.bank.ideas.values() if oid is None else rel.ideas_by_office.get(oid, []))
        cells = {lang: _Cells() for lang in LANGUAGES}
        for kind in ("csv", "xlsx"):
            for lang in LANGUAGES:
                made = cells[lang].csv if kind == "csv" else cells[lang].xlsx
                out[paths(oid, lang)[kind]] = Output(made, ideas, lang)
    return out


class _Cells:
    """The form's cells of one list of innovations in one language, each with whether a spreadsheet
    would run it, for the CSV and the workbook that write them: made by the first of the two a
    process makes, and let go by the second. Each was made twice, and so was the check of each
    cell: the whole bank's four files at 10,000 innovations took 2.89 s of CPU, now 2.71 (one
    process, medians of 8 runs, alternating)."""

    __slots__ = ("_cells", "_left")

    def __init__(self):
        self._cells: list[list[tuple[str, bool]]] | None = None
        self._left = 2

    def _take(self, ideas: list, lang: str) -> list[list[tuple[str, bool]]]:
        cells = self._cells if self._cells is not None else _cells(ideas, lang)
        self._left -= 1
        self._cells = cells if self._left > 0 else None
        return cells

    def csv(self, ideas: list, lang: str) -> bytes:
        return _csv(self._take(ideas, lang), lang)

    def xlsx(self, ideas: list, lang: str) -> bytes:
        return _xlsx(self._take(ideas, lang), ideas, lang)


def _cells(ideas: Iterable, lang: str) -> list[list[tuple[str, bool]]]:
    starts = form.starts_formula
    return [[(value, starts(value)) for value in row] for row in form.rows(ideas, lang)]


def csv_bytes(ideas: Iterable, lang: str) -> bytes:
    """CSV in UTF-8 with a BOM, so Excel shows Bengali; CRLF line ends as Excel writes them."""
    return _csv(_cells(ideas, lang), lang)


def _csv(cells: list[list[tuple[str, bool]]], lang: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    writer.writerow(form.headers(lang))
    writer.writerows([[form.as_text(value, runs) for value, runs in row] for row in cells])
    return out.getvalue().encode("utf-8-sig")


def xlsx_bytes(ideas: Iterable, lang: str) -> bytes:
    """The form as a workbook: bold wrapped headers, readable column widths, header frozen.
    XlsxWriter, in memory: a workbook of one office is a few milliseconds (the site writes
    thousands per build), and the same ideas give the same bytes (its zip entries carry a fixed
    time; the workbook's creation date is the newest date of its rows), so an unchanged office's
    file does not change from one deploy to the next."""
    ideas = list(ideas)
    return _xlsx(_cells(ideas, lang), ideas, lang)


def _xlsx(cells: list[list[tuple[str, bool]]], ideas: list, lang: str) -> bytes:
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_numbers": False,
                                     "strings_to_formulas": False, "strings_to_urls": False})
    book.set_properties({"created": datetime.combine(max(_dates(ideas), default=date(1980, 1, 1)), time())})
    sheet = book.add_worksheet(SHEET_TITLE[lang])
    for column, width in enumerate((40, 60, 16, 30, 18, 40, 30)):
        sheet.set_column(column, column, width)
    sheet.freeze_panes(1, 0)
    quoted = book.add_format({"quote_prefix": True})  # Excel's mark: editing the cell keeps it text
    sheet.write_row(0, 0, form.headers(lang), book.add_format({"bold": True, "text_wrap": True, "valign": "top"}))
    for r, row in enumerate(cells, start=1):
        for c, (value, runs) in enumerate(row):  # a string cell, whatever it starts with
            sheet.write_string(r, c, value, quoted if runs else None)
    book.close()
    return out.getvalue()


def _dates(ideas: list) -> Iterable[date]:
    """Every date of these ideas: `updated` and each of `dates`' fields (read as they are: a
    model_dump for each idea was a fifth of a whole-bank workbook's CPU, which a deploy makes again)."""
    for idea in ideas:
        yield from (d for d in (idea.updated, *vars(idea.dates).values()) if isinstance(d, date))
