"""The Cabinet Division's 7-column form as downloads, overall and per office, with the form's
Bengali headers and an English variant: CSV in UTF-8 with a BOM (so Excel shows Bengali) and
XLSX. data/form.bn.csv, data/form.en.xlsx, data/offices/<id>.bn.csv, … Rows are in the order
of the content files' names, so a download is stable from one build to the next."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook

from .. import form


def csv_bytes(ideas, lang: str) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(form.headers(lang))
    writer.writerows(form.rows(ideas, lang))
    return buffer.getvalue().encode("utf-8-sig")


def xlsx_bytes(ideas, lang: str) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(form.SHEET_TITLE[lang])
    sheet.append(form.headers(lang))
    for row in form.rows(ideas, lang):
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def paths(oid: str | None, lang: str) -> dict[str, str]:
    """Site paths of the downloads of one office (or of everything when oid is None)."""
    stem = "data/form" if oid is None else f"data/offices/{oid}"
    return {"csv": f"{stem}.{lang}.csv", "xlsx": f"{stem}.{lang}.xlsx"}


def publish(rel, **_) -> dict[str, bytes]:
    out = {}
    by_slug = lambda records: [r.item for r in sorted(records, key=lambda r: r.slug)]  # noqa: E731
    groups = [(None, by_slug(rel.bank.ideas.values()))] + [
        (oid, by_slug(rel.ideas_by_office.get(oid, []))) for oid in rel.bank.offices]
    for oid, ideas in groups:
        for lang in ("bn", "en"):
            where = paths(oid, lang)
            out[where["csv"]] = csv_bytes(ideas, lang)
            out[where["xlsx"]] = xlsx_bytes(ideas, lang)
    return out
