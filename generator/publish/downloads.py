"""The Cabinet Division's 7-column form as downloads, overall and per office, with the form's
Bengali headers and an English variant: CSV in UTF-8 with a BOM (so Excel shows Bengali) and
XLSX. data/form.bn.csv, data/form.en.xlsx, data/offices/<id>.bn.csv, … Rows are in the order
of the content files' names, so a download is stable from one build to the next."""

from __future__ import annotations

from .. import form


def paths(oid: str | None, lang: str) -> dict[str, str]:
    """Site paths of the downloads of one office (or of everything when oid is None)."""
    stem = "data/form" if oid is None else f"data/offices/{oid}"
    return {"csv": f"{stem}.{lang}.csv", "xlsx": f"{stem}.{lang}.xlsx"}


def _by_slug(records) -> list:
    return [r.item for r in sorted(records, key=lambda r: r.slug)]


def publish(rel, **_) -> dict[str, bytes]:
    out = {}
    groups = [(None, _by_slug(rel.bank.ideas.values()))] + [
        (oid, _by_slug(rel.ideas_by_office.get(oid, []))) for oid in rel.bank.offices]
    for oid, ideas in groups:
        for lang in ("bn", "en"):
            where = paths(oid, lang)
            out[where["csv"]] = form.csv_bytes(ideas, lang)
            out[where["xlsx"]] = form.xlsx_bytes(ideas, lang)
    return out
