"""The national scorecard (/scorecard/): every ministry, division, directorate and district office
with innovations, each counting its own and those of every office under it (the parent chain), as
the Cabinet Division scores ministries on their innovation action plans. Each office's page shows
its own row.

The table is ordered on the server (by number of innovations; /scorecard/<column>/ orders it by
another column, for readers without JavaScript) and sorted in place by
theme/assets/javascripts/scorecard.js. Savings are generator/stats.py's; a link counts as broken
only when load/link_report.py's link_status says so."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, NamedTuple

from ..model.idea import IMPLEMENTED, Status
from ..model.office import Office, OfficeKind
from ..load.link_report import link_status
from ..stats import savings, summarise
from . import Page
from .review import listed, needs_review, stale

SCORED = (OfficeKind.ministry, OfficeKind.division, OfficeKind.directorate, OfficeKind.divisional,
          OfficeKind.district)  # upazila and other offices count in the offices above them
DEFAULT = "ideas"


class Share(NamedTuple):
    """`part` of `whole`, e.g. services running of those in service; no share when whole is 0."""

    part: int
    whole: int

    @property
    def fraction(self) -> float | None:
        return self.part / self.whole if self.whole else None

    @property
    def percent(self) -> int:
        return round(100 * self.part / self.whole) if self.whole else 0


@dataclass(frozen=True)
class Column:
    key: str
    label: str  # catalogue key
    kind: str  # number | share | date


COLUMNS = (
    Column("ideas", "scorecard.col.ideas", "number"),
    *(Column(status.value, f"status.{status.value}", "number") for status in Status),
    Column("running", "scorecard.col.running", "share"),
    Column("links", "scorecard.col.links", "share"),
    Column("days", "scorecard.col.days", "number"),
    Column("cost", "scorecard.col.cost", "number"),
    Column("visits", "scorecard.col.visits", "number"),
    Column("awarded", "scorecard.col.awarded", "number"),
    Column("plan", "scorecard.col.plan", "share"),
    Column("adopted", "scorecard.col.adopted", "number"),
    Column("review", "scorecard.col.review", "number"),
    Column("updated", "scorecard.col.updated", "date"),
)


@dataclass(frozen=True)
class Row:
    oid: str
    office: Office
    values: dict[str, Any]  # column key → number, Share or date

    def sort_value(self, key: str):
        """What the column is ordered by (None: nothing to order, always last)."""
        value = self.values[key]
        return value.fraction if isinstance(value, Share) else value


def _chain(offices: dict, oid: str) -> list[str]:
    """The office and every office above it (a loop, refused by the loader, would stop here too)."""
    chain: list[str] = []
    while oid in offices and oid not in chain:
        chain.append(oid)
        oid = offices[oid].item.parent
    return chain


def _links_work(report: dict, idea) -> bool | None:
    """Whether every link of the innovation that the last check knows about works (not
    confirmed broken); None when none of them was checked."""
    shown = [status["shown"] for url in (idea.service.link, *(link.url for link in idea.links))
             if (status := link_status(report, url))]
    return "broken" not in shown if shown else None


def rows(rel, cutoff: dt.date) -> dict[str, Row]:
    """Every office's row, each rolled up over the offices under it: made once per build, for the
    scorecard's pages and the office pages alike."""
    key = ("scorecard.rows", cutoff)
    if key not in rel.derived:
        rel.derived[key] = _rows(rel, cutoff)
    return rel.derived[key]


def counted(idea) -> tuple:
    """What a row counts of an innovation besides its file's date (_row)."""
    return (idea.office, idea.status, idea.service.running, idea.service.link, tuple(link.url for link in idea.links),
            bool(idea.awards), savings(idea.impact))


def recounted(rel) -> set[str] | None:
    """The offices whose rows count otherwise since the last `mkdocs serve` rebuild, when only
    innovations changed: those of each innovation whose counted facts changed, before and after
    (its office and every office above). None: every office's."""
    if rel.changed is None:
        return None
    if "scorecard.recounted" not in rel.derived:
        offices, last = rel.bank.offices, rel.last_bank.ideas
        rel.derived["scorecard.recounted"] = {
            oid for slug in rel.changed if counted(rel.bank.ideas[slug].item) != counted(last[slug].item)
            for rec in (rel.bank.ideas[slug], last[slug]) for oid in _chain(offices, rec.item.office)}
    return rel.derived["scorecard.recounted"]


def _rows(rel, cutoff: dt.date) -> dict[str, Row]:
    bank = rel.bank
    chains = {oid: _chain(bank.offices, oid) for oid in bank.offices}
    counting = recounted(rel)  # a row that counts no changed innovation is the last one (Relations.as_before)
    if counting is not None and all(("scorecard.row", oid) in rel.previous for oid in bank.offices):
        chains = {oid: [above for above in chain if above in counting] for oid, chain in chains.items()}
    else:
        counting = None
    ideas, teams, offices = defaultdict(list), defaultdict(list), defaultdict(list)
    for rec in bank.ideas.values():
        for oid in chains.get(rec.item.office, ()):
            ideas[oid].append(rec)
    for rec in bank.teams.values():
        for oid in chains.get(rec.item.office, ()):
            teams[oid].append(rec)
    for oid, rec in bank.offices.items():
        for above in chains[oid]:
            offices[above].append(rec)
    links: dict[str, bool | None] = {}  # slug → whether its links work, once for every row that counts it

    def works(record) -> bool | None:
        if record.slug not in links:
            links[record.slug] = _links_work(rel.links, record.item)
        return links[record.slug]

    # on a `mkdocs serve --dirty` rebuild, a row counts again only when what it counts changed, and
    # is the last one when it counts the same (an innovation's title edited)
    return {oid: rel.as_before(("scorecard.row", oid), ()) if counting is not None and oid not in counting else
            rel.again(("scorecard.row", oid), (rec, ideas[oid], teams[oid], offices[oid], rel.links, rel.updated, cutoff),
                      lambda: _row(rel, oid, rec, ideas[oid], teams[oid], offices[oid], works, cutoff), by_value=True)
            for oid, rec in bank.offices.items()}


def _row(rel, oid, rec, ideas, teams, offices, works, cutoff) -> Row:
    summary = summarise((r.item for r in ideas), len(teams), len(offices))
    in_service = [r.item for r in ideas if r.item.status in IMPLEMENTED]
    checked = [works(r) for r in ideas if works(r) is not None]
    activities = [a for team in teams for plan in team.item.action_plans for a in plan.activities]
    values: dict[str, Any] = {"ideas": summary.ideas}
    values.update({status.value: 0 for status in Status})
    for r in ideas:
        values[r.item.status.value] += 1
    values.update(
        running=Share(sum(idea.service.running for idea in in_service), len(in_service)),
        links=Share(sum(checked), len(checked)),
        days=summary.days_saved, cost=summary.cost_saved, visits=summary.visits_saved,
        awarded=summary.awarded,
        plan=Share(sum(a.progress == 100 for a in activities), len(activities)),
        adopted=sum(len(o.item.adopted) for o in offices),
        review=sum(needs_review(rel, r, cutoff) for r in ideas),
        updated=max(rel.updated_on(r) for r in (*ideas, *teams, *offices)),
    )
    return Row(oid, rec.item, values)


def ordered(table: list[Row], key: str) -> list[Row]:
    """Largest (or newest) first, by office name among equals; rows with nothing to order last."""
    by_name = sorted(table, key=lambda row: row.office.name.bn)
    known = [row for row in by_name if row.sort_value(key) is not None]
    return sorted(known, key=lambda row: row.sort_value(key), reverse=True) + \
        [row for row in by_name if row.sort_value(key) is None]


def scored(table: dict[str, Row]) -> list[Row]:
    """The rows the national table shows: offices of the scored kinds with innovations, their
    own or adopted (theirs or their offices')."""
    return [row for row in table.values() if row.office.kind in SCORED and (row.values["ideas"] or row.values["adopted"])]


def build(rel, settings):
    cutoff = rel.cutoff
    table = scored(rows(rel, cutoff))
    needing = listed(rel, stale(rel, rel.bank.ideas.values(), cutoff))
    for column in COLUMNS:  # each page shows the rows and the innovations that need review (Relations.again)
        yield rel.again(("scorecard", column.key), (table, needing), lambda: _page(table, needing, column.key))


def _page(table: list[Row], needing: dict, order: str) -> Page:
    return Page("scorecard" if order == DEFAULT else f"scorecard/{order}", "scorecard.html", "scorecard.title",
                "scorecard.intro", data={"scorecard_rows": ordered(table, order), "scorecard_columns": COLUMNS,
                                         "order": order, "default_order": DEFAULT, **needing})
