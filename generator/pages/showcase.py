"""The showcase: awarded innovations ordered by award (level, year, rank), then implemented
innovations whose services are running. Paginated, so it stays light at any size."""

from __future__ import annotations

from ..model.idea import IMPLEMENTED, AwardLevel
from . import listing

LEVELS = list(AwardLevel)


def best_award(record):
    return min(record.item.awards, key=lambda a: (LEVELS.index(a.level), -a.year, a.rank or 4))


def _award_order(record):
    award = best_award(record)
    return LEVELS.index(award.level), -award.year, award.rank or 4, record.slug


def showcased(records) -> tuple[list, list]:
    """What the showcase (and an office's embed) shows of these records: the awarded ones by
    award, then the others that are in service with a running service link, in the given order."""
    awarded = sorted((r for r in records if r.item.awards), key=_award_order)
    running = [r for r in records if not r.item.awards and r.item.status in IMPLEMENTED
               and r.item.service.running and r.item.service.link]
    return awarded, running


def build(rel, settings):
    awarded, running = showcased(rel.newest)
    rows = [(f"award_level.{best_award(r).level.value}", r) for r in awarded] + \
        [("showcase.running", r) for r in running]
    return listing("showcase", "showcase.html", "nav.showcase", rows, settings.page_size,
                   total_awarded=len(awarded), total_running=len(running))
