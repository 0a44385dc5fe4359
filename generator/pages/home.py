"""The home page: what the bank is, its counts and savings, featured awards, newest additions."""

from __future__ import annotations

from ..stats import summary
from . import Page
from .map import choropleth, implemented_by_district
from .scorecard import counted
from .showcase import showcased, shown_facts

FEATURED = 6
NEWEST = 6


def build(rel, settings):
    """The whole bank's counts and savings, its map and its first innovations: the last rebuild's
    page when only other innovations changed, counting and placed as before."""
    last = rel.carried_before.get("home")
    if last is not None and rel.in_place(lambda rec: (shown_facts(rec.item), _counted(rec.item))) \
            and rel.changed.isdisjoint(rec.slug for rec in (*last.data["featured"], *last.data["newest"])):
        rel.carried["home"] = last  # not None: it was carried
        yield last
        return
    newest = rel.newest
    page = Page("index", "home.html", "site.name", description="site.description", data={
        "summary": summary(rel.bank),
        "featured": showcased(newest)[0][:FEATURED],
        "newest": newest[:NEWEST],
        "map": choropleth(implemented_by_district(rel)),
    })
    if rel.carried is not None:
        rel.carried["home"] = page
    yield page


def _counted(idea) -> tuple:
    """What the summary and the map count of an innovation (stats.summarise, map.implemented_by_district):
    what a scorecard row counts, and where it is."""
    return *counted(idea), idea.place
