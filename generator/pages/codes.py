"""One page of every id an officer may write where a file names another: office ids (`office:`,
`parent:`), team ids (`team:`) and place codes (`place:`), each with its Bengali and English name.
CONTRIBUTING and the messages point here, so nobody has to guess an id."""

from __future__ import annotations

from collections import defaultdict
from operator import attrgetter

from ..model import places
from . import Page


def build(rel, settings):
    """Offices and teams by id; places by division, then district, each followed by its upazilas.
    Of the bank it shows only the offices' and teams' names (Relations.again)."""
    bank = rel.bank
    yield rel.again(("codes",), (tuple(bank.offices.values()), tuple(bank.teams.values())), lambda: _page(bank))


def _page(bank) -> Page:
    below = defaultdict(list)  # a division's districts, a district's upazilas
    for place in sorted(places().values(), key=attrgetter("name_en")):
        if place.level == "district":
            below[place.division].append(place)
        elif place.level == "upazila":
            below[place.district].append(place)
    divisions = sorted((p for p in places().values() if p.level == "division"), key=attrgetter("name_en"))
    return Page("codes", "codes.html", "codes.title", description="codes.intro", data={
        "offices": sorted(bank.offices.items()),
        "teams": sorted(bank.teams.items()),
        "divisions": [(d, [(district, below[district.code]) for district in below[d.code]]) for d in divisions],
    })
