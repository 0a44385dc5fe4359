"""The showcase: awarded innovations ordered by award (level, year, rank), then implemented
innovations whose services are running. Paginated, so it stays light at any size."""

from __future__ import annotations

from ..model.idea import AwardLevel
from ..model.idea import IMPLEMENTED
from . import Page, page_key, paginate

LEVELS = list(AwardLevel)


def best_award(record):
    return min(record.item.awards, key=lambda a: (LEVELS.index(a.level), -a.year, a.rank or 4))


def by_award(records):
    awarded = [r for r in records if r.item.awards]
    return sorted(awarded, key=lambda r: (LEVELS.index(best_award(r).level), -best_award(r).year,
                                          best_award(r).rank or 4, r.slug))


def build(rel, settings):
    ideas = list(rel.bank.ideas.values())
    awarded = by_award(ideas)
    running = [r for r in rel.newest_first(ideas)
               if r.item.status in IMPLEMENTED and r.item.service.running and r.item.service.link]
    rows = [(f"award_level.{best_award(r).level.value}", r) for r in awarded] + \
        [("showcase.running", r) for r in running]
    chunks = paginate(rows, settings.page_size)
    for number, chunk in enumerate(chunks, start=1):
        yield Page(page_key("showcase", number), "showcase.html", "nav.showcase", data={
            "rows": chunk, "number": number, "pages": len(chunks), "base": "showcase",
            "total_awarded": len(awarded), "total_running": len(running),
        })
