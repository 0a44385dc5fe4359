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
from .output import Output

SHEET_TITLE = {"bn": "উদ্ভাবন", "en": "Innovations"}  # Excel sheet names: at most 31 characters


def paths(oid: str | None, lang: str) -> dict[str, str]:
    """Site paths of the downloads of one office (or of everything when oid is None)."""
    stem = "data/form" if oid is None else f"data/offices/{oid}"
    return {"csv": f"{stem}.{lang}.csv", "xlsx": f"{stem}.{lang}.xlsx"}


def _by_slug(records) -> list:
    return [r.item for r in sorted(records, key=lambda r: r.slug)]


def publish(rel, **_) -> dict[str, Output]:
    """The render workers deal these files out in turn (the plugin's `_work`): a workbook takes
    several times a CSV's time, so an office's files alternate their order by language, and of two
    workers each makes one workbook of each office (the whole bank's two are seconds at 10,000
    innovations, which a deploy makes again after any edit)."""
    out = {}
    for oid in (None, *rel.bank.offices):
        ideas = _by_slug(rel.bank.ideas.values() if oid is None else rel.ideas_by_office.get(oid, []))
        for lang, kinds in (("bn", ("csv", "xlsx")), ("en", ("xlsx", "csv"))):
            where = paths(oid, lang)
            for kind in kinds:
                out[where[kind]] = Output(csv_bytes if kind == "csv" else xlsx_bytes, ideas, lang)
    return out


def csv_bytes(ideas: Iterable, lang: str) -> bytes:
    """CSV in UTF-8 with a BOM, so Excel shows Bengali; CRLF line ends as Excel writes them."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    writer.writerow(form.headers(lang))
    writer.writerows([form.as_text(cell) for cell in row] for row in form.rows(ideas, lang))
    return out.getvalue().encode("utf-8-sig")


def xlsx_bytes(ideas: Iterable, lang: str) -> bytes:
    """The form as a workbook: bold wrapped headers, readable column widths, header frozen.
    XlsxWriter, in memory: a workbook of one office is a few milliseconds (the site writes
    thousands per build), and the same ideas give the same bytes (its zip entries carry a fixed
    time; the workbook's creation date is the newest date of its rows), so an unchanged office's
    file does not change from one deploy to the next."""
    import xlsxwriter

    ideas = list(ideas)
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
    for r, values in enumerate(form.rows(ideas, lang), start=1):
        for c, value in enumerate(values):  # a string cell, whatever it starts with
            sheet.write_string(r, c, value, quoted if form.starts_formula(value) else None)
    book.close()
    return out.getvalue()


def _dates(ideas: list) -> Iterable[date]:
    """Every date of these ideas: `updated` and each of `dates`' fields (read as they are: a
    model_dump for each idea was a fifth of a whole-bank workbook's CPU, which a deploy makes again)."""
    for idea in ideas:
        yield from (d for d in (idea.updated, *vars(idea.dates).values()) if isinstance(d, date))
