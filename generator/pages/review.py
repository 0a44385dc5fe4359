"""Which innovations need review: those whose file has not changed for 12 months (Developers
Italia and the DPG registry mark such entries too). The date is the file's last update as
relations.py finds it (its last commit). The innovation's page says so, and its office's page
and the scorecard list it."""

from __future__ import annotations

import datetime as dt

from . import SHOWN


def review_cutoff(today: dt.date | None = None) -> dt.date:
    """The same day a year before today (28 February for 29 February): a file last updated on or
    before it has gone 12 months without an update."""
    today = today or dt.date.today()
    try:
        return today.replace(year=today.year - 1)
    except ValueError:
        return today.replace(year=today.year - 1, day=28)


def needs_review(rel, record, cutoff: dt.date) -> bool:
    return rel.updated_on(record) <= cutoff


def stale(rel, records, cutoff: dt.date) -> list:
    """The records that need review, the longest unchanged first."""
    return sorted((r for r in records if needs_review(rel, r, cutoff)), key=lambda r: (rel.updated_on(r), r.slug))


def listed(rel, records: list) -> dict:
    """What partials/bank/needs-review.html shows of records that need review: the first SHOWN
    with their dates, and how many there are."""
    return {"needs_review": [(r, rel.updated_on(r)) for r in records[:SHOWN]], "needs_review_total": len(records)}
