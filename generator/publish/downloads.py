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
from typing import Iterable

from .. import form

SHEET_TITLE = {"bn": "উদ্ভাবন", "en": "Innovations"}  # Excel sheet names: at most 31 characters


def paths(oid: str | None, lang: str) -> dict[str, str]:
    """Site paths of the downloads of one office (or of everything when oid is None)."""
    stem = "data/form" if oid is None else f"data/offices/{oid}"
    return {"csv": f"{stem}.{lang}.csv", "xlsx": f"{stem}.{lang}.xlsx"}


def _by_slug(records) -> list:
    return [r.item for r in sorted(records, key=lambda r: r.slug)]


def publish(rel, share: tuple[int, int] = (0, 1), **_) -> dict[str, bytes]:
    """The downloads, or the index-th of `count` shares of them (share=(index, count)): the
    plugin's render workers write one share each, a workbook being 50 ms of openpyxl."""
    index, count = share
    out = {}
    groups = [None, *rel.bank.offices][index::count]
    for oid in groups:
        ideas = _by_slug(rel.bank.ideas.values() if oid is None else rel.ideas_by_office.get(oid, []))
        for lang in ("bn", "en"):
            where = paths(oid, lang)
            out[where["csv"]] = csv_bytes(ideas, lang)
            out[where["xlsx"]] = xlsx_bytes(ideas, lang)
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
    Write-only mode: the site writes one per office, thousands per build."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet(SHEET_TITLE[lang])
    for letter, width in zip("ABCDEFG", (40, 60, 16, 30, 18, 40, 30)):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"

    def text(value: str, **style) -> WriteOnlyCell:
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"  # openpyxl makes "=…" a formula and "#N/A" an error unless told
        if form.starts_formula(value):
            cell.quotePrefix = True
        for name, setting in style.items():
            setattr(cell, name, setting)
        return cell

    sheet.append([text(h, font=Font(bold=True), alignment=Alignment(wrap_text=True, vertical="top"))
                  for h in form.headers(lang)])
    for values in form.rows(ideas, lang):
        sheet.append([text(value) for value in values])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
