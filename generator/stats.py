"""Counts and time/cost/visit savings over the whole bank (or one office's part of it); the home
page, office pages and `innobank stats` all show these same figures."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from .model.idea import IMPLEMENTED, Idea, Impact

_DAYS = {"minutes": 1 / (60 * 24), "hours": 1 / 24, "days": 1}


@dataclass(frozen=True)
class Summary:
    ideas: int
    implemented: int
    running: int
    awarded: int
    teams: int
    offices: int
    days_saved: float
    cost_saved: float
    visits_saved: float


def savings(impact: Impact) -> tuple[float, float, float]:
    """(days, taka, visits) a citizen saves per use of the service."""
    days = cost = visits = 0.0
    if impact.time:
        days = (impact.time.before - impact.time.after) * _DAYS[impact.time.unit]
    if impact.cost:
        cost = impact.cost.before - impact.cost.after
    if impact.visits:
        visits = impact.visits.before - impact.visits.after
    return days, cost, visits


def percent_saved(before: float, after: float) -> int:
    return round(100 * (before - after) / before) if before else 0


def summarise(ideas: Iterable[Idea], teams: int, offices: int) -> Summary:
    count = implemented = running = awarded = 0
    days = cost = visits = 0.0
    for idea in ideas:
        count += 1
        implemented += idea.status in IMPLEMENTED
        running += bool(idea.service.running and idea.service.link)
        awarded += bool(idea.awards)
        d, c, v = savings(idea.impact)
        days, cost, visits = days + d, cost + c, visits + v
    return Summary(count, implemented, running, awarded, teams, offices, round(days, 1), cost, visits)


def summary(bank) -> Summary:
    return summarise((r.item for r in bank.ideas.values()), len(bank.teams), len(bank.offices))
